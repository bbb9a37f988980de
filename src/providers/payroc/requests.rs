//! The caller's inputs, read and validated with [`Fields`] (every issue names its field),
//! and the HTTP requests they make. Limits are Payroc's documented ones
//! (reference/payroc.md §7); the ones Payroc does not publish are marked NOT CONFIRMED.

use super::wire::{
    CustomizationOptions, Device, KeyedCardDetails, KeyedData, RefundInstructionOrder, RefundInstructionRequest,
    RefundMethod, RefundOrder, ReferencedRefundRequest, UnreferencedRefundRequest,
};
use crate::http::{encode_component, join_url, with_query, HttpRequest, Method};
use crate::money::{Currency, Money};
use crate::validation::{Fields, IssueCode, ValidationIssue};
use serde_json::{Map, Value};

/// Builder kinds (the JS builder classes of the same names).
pub const KIND_REFUND: &str = "PayrocRefund";
pub const KIND_UNREFERENCED: &str = "PayrocUnreferencedRefund";
pub const KIND_INSTRUCTION: &str = "PayrocRefundInstruction";

/// `paymentId` and `refundId`: exactly 10 characters.
pub const ID_LEN: usize = 10;
/// `description` (refund reason, order description): required; the maximum is NOT CONFIRMED
/// by Payroc, 255 is what the sandbox enforces too.
pub const DESCRIPTION_MAX: usize = 255;
const OPERATOR_MAX: usize = 50;
const TERMINAL_MIN: usize = 4;
const TERMINAL_MAX: usize = 50;
const ORDER_ID_MAX: usize = 24;
const SERIAL_MAX: usize = 64;
const INSTRUCTION_ID_MAX: usize = 36;
const CARDHOLDER_MAX: usize = 50;
/// `secureToken.token`: the maximum is NOT CONFIRMED; the sandbox also takes 1–64.
const TOKEN_MAX: usize = 64;
const LIMIT_MAX: u64 = 100;

const CHANNELS: &[&str] = &["pos", "moto", "web"];
const SEC_CODES: &[&str] = &["web", "tel", "ccd", "ppd"];
const INSTRUCTION_ENTRY_METHODS: &[&str] = &["deviceRead", "manualEntry", "deviceReadOrManualEntry"];
const REFUND_METHOD_TYPES: &[&str] = &["card", "secureToken"];
const DEVICE_MODELS: &[&str] = &[
    "bbposChp", "bbposChp2x", "bbposChp3x", "bbposRambler", "bbposWp", "bbposWp2", "bbposWp3", "genericCtlsMsr",
    "genericMsr", "idtechAugusta", "idtechMinismart", "idtechSredkey", "idtechVp3300", "idtechVp5300", "idtechVp6300",
    "idtechVp6800", "ingenicoAxiumDx4000", "ingenicoAxiumDx8000", "ingenicoAxiumEx8000", "ingenicoIct220",
    "ingenicoIpp320", "ingenicoIpp350", "ingenicoIuc285", "ingenicoL3000", "ingenicoL7000", "ingenicoS2000",
    "ingenicoS3000", "ingenicoS4000", "ingenicoS5000", "ingenicoS7000", "paxA80", "paxA920", "paxA920Pro", "paxE500",
    "paxE700", "paxE800", "paxIm30", "uic680", "uicBezel8",
];
const PAYMENT_STATUSES: &[&str] =
    &["ready", "pending", "declined", "complete", "referral", "pickup", "reversal", "admin", "expired", "accepted"];
const PAYMENT_TYPES: &[&str] = &["sale", "preAuthorization", "preAuthorizationCompletion"];
const TIP_MODES: &[&str] = &["noTip", "prompted", "adjusted"];

// ---------------------------------------------------------------- inputs

/// `refund({ paymentId, amount?, description, operator?, checkRemaining? })`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    pub payment_id: String,
    /// `None`: refund what is left (read the payment first).
    pub amount: Option<Money>,
    pub description: String,
    pub operator: Option<String>,
    /// Read the payment first and refuse an amount above what is left.
    pub check_remaining: bool,
}

impl RefundInput {
    /// Whether the flow reads the payment before it refunds.
    pub fn reads_payment_first(&self) -> bool {
        self.amount.is_none() || self.check_remaining
    }
}

/// `unreferencedRefund({ channel, processingTerminalId, operator?, order, refundMethod })`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreferencedRefundInput {
    pub body: UnreferencedRefundRequest,
    pub amount: Money,
}

/// `submitRefundInstruction({ serialNumber, processingTerminalId, order, operator?, customizationOptions? })`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInstructionInput {
    pub serial_number: String,
    pub body: RefundInstructionRequest,
}

/// `listPayments(filters)`: the query pairs in the SDK's order, and the caller's filters
/// (for the `next` page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFilters {
    pub query: Vec<(&'static str, String)>,
    pub given: Map<String, Value>,
}

pub fn read_refund(value: &Value, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", now_ms);
    let payment_id = f.req_str("paymentId", ID_LEN, ID_LEN);
    // A refund of a payment is in the payment's currency; `amount` carries it so that a
    // mismatch can be caught when the payment is read (checkRemaining / refund the rest).
    let amount = f.opt_money("amount");
    let amount_ok = amount.is_some() || !f.has("amount");
    let description = f.req_str("description", 1, DESCRIPTION_MAX);
    let operator = f.opt_str("operator", 0, OPERATOR_MAX);
    let check_remaining = f.opt_bool("checkRemaining").unwrap_or(false);
    let input = match (payment_id, description, amount_ok) {
        (Some(payment_id), Some(description), true) => {
            Some(RefundInput { payment_id, amount, description, operator, check_remaining })
        }
        _ => None,
    };
    f.finish(input)
}

pub fn read_unreferenced(value: &Value, now_ms: u64) -> Result<UnreferencedRefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", now_ms);
    let channel = f.req_enum("channel", CHANNELS);
    let terminal = f.req_str("processingTerminalId", TERMINAL_MIN, TERMINAL_MAX);
    let operator = f.opt_str("operator", 0, OPERATOR_MAX);
    let order = f.req_nested("order", |o| {
        let order_id = o.req_str("orderId", 1, ORDER_ID_MAX);
        let amount = order_amount(o);
        let description = o.req_str("description", 1, DESCRIPTION_MAX);
        Some((order_id?, amount?, description?))
    });
    let method = f.req_nested("refundMethod", read_refund_method);
    let input = match (channel, terminal, order, method) {
        (Some(channel), Some(terminal), Some((order_id, amount, description)), Some(refund_method)) => {
            Some(UnreferencedRefundInput {
                body: UnreferencedRefundRequest {
                    channel,
                    processing_terminal_id: terminal,
                    operator,
                    order: RefundOrder {
                        order_id,
                        description,
                        amount: amount.minor(),
                        currency: amount.currency().code().to_string(),
                    },
                    refund_method,
                },
                amount,
            })
        }
        _ => None,
    };
    f.finish(input)
}

fn read_refund_method(f: &mut Fields) -> Option<RefundMethod> {
    match f.req_enum("type", REFUND_METHOD_TYPES)?.as_str() {
        "card" => {
            let details = f.req_nested("card", |c| {
                let number = c.req_card_number("cardNumber");
                let expiry = c.req_expiry("expiry");
                let cardholder_name = c.opt_str("cardholderName", 1, CARDHOLDER_MAX);
                let cvv = c.opt_str("cvv", 3, 4);
                if cvv.as_deref().is_some_and(|v| !v.bytes().all(|b| b.is_ascii_digit())) {
                    c.issue("cvv", IssueCode::InvalidFormat, "must be 3 or 4 digits");
                }
                let device = c.nested("device", |d| {
                    let model = d.req_enum("model", DEVICE_MODELS);
                    let serial_number = d.req_str("serialNumber", 1, SERIAL_MAX);
                    Some(Device { model: model?, serial_number: serial_number? })
                });
                let device_ok = device.is_some() || !c.has("device");
                let keyed_data = KeyedData {
                    data_format: "plainText",
                    device,
                    card_number: number?.expose().to_string(),
                    expiry_date: expiry?.mmyy(),
                    cvv,
                };
                device_ok.then_some(KeyedCardDetails { entry_method: "keyed", keyed_data, cardholder_name })
            });
            details.map(|card_details| RefundMethod::Card { card_details })
        }
        _ => {
            let token = f.req_str("token", 1, TOKEN_MAX);
            let sec_code = f.opt_enum("secCode", SEC_CODES);
            let sec_ok = sec_code.is_some() || !f.has("secCode");
            token.filter(|_| sec_ok).map(|token| RefundMethod::SecureToken { token, sec_code })
        }
    }
}

pub fn read_instruction(value: &Value, now_ms: u64) -> Result<RefundInstructionInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", now_ms);
    let serial_number = f.req_str("serialNumber", 1, SERIAL_MAX);
    let terminal = f.req_str("processingTerminalId", TERMINAL_MIN, TERMINAL_MAX);
    let operator = f.opt_str("operator", 0, OPERATOR_MAX);
    let order = f.req_nested("order", |o| {
        let order_id = o.req_str("orderId", 1, ORDER_ID_MAX);
        let amount = order_amount(o);
        // Optional here, per Payroc's spec and SDKs (its skills say required: NOT CONFIRMED).
        let description = o.opt_str("description", 1, DESCRIPTION_MAX);
        let description_ok = description.is_some() || !o.has("description");
        let (order_id, amount) = (order_id?, amount?);
        description_ok.then(|| RefundInstructionOrder {
            order_id,
            description,
            amount: amount.minor(),
            currency: amount.currency().code().to_string(),
        })
    });
    let options = f.nested("customizationOptions", |c| {
        c.req_enum("entryMethod", INSTRUCTION_ENTRY_METHODS).map(|entry_method| CustomizationOptions { entry_method })
    });
    let options_ok = options.is_some() || !f.has("customizationOptions");
    let input = match (serial_number, terminal, order, options_ok) {
        (Some(serial_number), Some(processing_terminal_id), Some(order), true) => Some(RefundInstructionInput {
            serial_number,
            body: RefundInstructionRequest { operator, processing_terminal_id, order, customization_options: options },
        }),
        _ => None,
    };
    f.finish(input)
}

pub fn read_filters(value: &Value) -> Result<PaymentFilters, Vec<ValidationIssue>> {
    let empty = Value::Object(Map::new());
    let value = if value.is_null() { &empty } else { value };
    let mut f = Fields::new(value, "", 0);
    let mut query: Vec<(&'static str, String)> = vec![];
    fn text(f: &mut Fields, name: &'static str, min: usize, max: usize, query: &mut Vec<(&'static str, String)>) {
        if let Some(v) = f.opt_str(name, min, max) {
            query.push((name, v));
        }
    }
    text(&mut f, "processingTerminalId", TERMINAL_MIN, TERMINAL_MAX, &mut query);
    text(&mut f, "orderId", 1, ORDER_ID_MAX, &mut query);
    text(&mut f, "operator", 1, OPERATOR_MAX, &mut query);
    text(&mut f, "cardholderName", 1, CARDHOLDER_MAX, &mut query);
    for (name, len) in [("first6", 6), ("last4", 4)] {
        if let Some(v) = f.opt_str(name, len, len) {
            if v.bytes().all(|b| b.is_ascii_digit()) {
                query.push((name, v));
            } else {
                f.issue(name, IssueCode::InvalidFormat, &format!("must be {len} digits"));
            }
        }
    }
    if let Some(v) = f.opt_enum("tender", &["ebt", "creditDebit"]) {
        query.push(("tender", v));
    }
    for (name, allowed) in [("tipMode", TIP_MODES), ("type", PAYMENT_TYPES), ("status", PAYMENT_STATUSES)] {
        for v in enum_list(&mut f, name, allowed) {
            query.push((name, v));
        }
    }
    for name in ["dateFrom", "dateTo"] {
        if let Some(v) = f.opt_str(name, 1, 64) {
            if is_date_time(&v) {
                query.push((name, v));
            } else {
                f.issue(name, IssueCode::InvalidFormat, "must be an ISO 8601 date-time such as 2024-07-01T15:30:00Z");
            }
        }
    }
    if let Some(v) = f.opt_enum("settlementState", &["settled", "unsettled"]) {
        query.push(("settlementState", v));
    }
    if let Some(v) = f.opt_str("settlementDate", 10, 10) {
        if is_date(&v) {
            query.push(("settlementDate", v));
        } else {
            f.issue("settlementDate", IssueCode::InvalidFormat, "must be a date such as 2024-07-02");
        }
    }
    text(&mut f, "paymentLinkId", ID_LEN, ID_LEN, &mut query);
    if f.has("before") && f.has("after") {
        f.issue("after", IssueCode::Conflict, "give before or after, not both");
    }
    text(&mut f, "before", 1, 128, &mut query);
    text(&mut f, "after", 1, 128, &mut query);
    if f.raw("limit").is_some_and(|v| v.as_u64() == Some(0)) {
        f.issue("limit", IssueCode::NotPositive, "must be 1 to 100");
    } else if let Some(limit) = f.opt_uint("limit", LIMIT_MAX) {
        query.push(("limit", limit.to_string()));
    }
    let given = value.as_object().cloned().unwrap_or_default();
    f.finish(Some(PaymentFilters { query, given }))
}

/// A positional id argument (`getPayment(paymentId)`): a string of `min..=max` characters.
pub fn read_id(value: &Value, name: &str, min: usize, max: usize) -> Result<String, Vec<ValidationIssue>> {
    let mut wrapper = Map::new();
    wrapper.insert(name.to_string(), value.clone());
    let wrapper = Value::Object(wrapper);
    let mut f = Fields::new(&wrapper, "", 0);
    let id = f.req_str(name, min, max);
    f.finish(id)
}

pub fn read_payment_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_id(value, "paymentId", ID_LEN, ID_LEN)
}

pub fn read_refund_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_id(value, "refundId", ID_LEN, ID_LEN)
}

pub fn read_instruction_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_id(value, "refundInstructionId", 1, INSTRUCTION_ID_MAX)
}

/// Validates a builder of this provider; `None` when `kind` is not one of ours.
pub fn validate_builder(kind: &str, fields: &Value, now_ms: u64) -> Option<Vec<ValidationIssue>> {
    let issues = match kind {
        KIND_REFUND => read_refund(fields, now_ms).err(),
        KIND_UNREFERENCED => read_unreferenced(fields, now_ms).err(),
        KIND_INSTRUCTION => read_instruction(fields, now_ms).err(),
        _ => return None,
    };
    Some(issues.unwrap_or_default())
}

// ---------------------------------------------------------------- field helpers

/// An order amount: a `Money` (`{ minor, currency }` / `{ value, currency }`), or a whole
/// number of minor units with the order's `currency`. A `currency` next to a `Money` must match.
fn order_amount(f: &mut Fields) -> Option<Money> {
    match f.raw("amount") {
        None => {
            f.issue("amount", IssueCode::Required, "is required");
            None
        }
        Some(Value::Number(n)) => {
            let currency = f.req_str("currency", 3, 3).and_then(|code| match Currency::parse(&code, &f.path("currency")) {
                Ok(c) => Some(c),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            });
            let path = f.path("amount");
            match Money::from_js_number(n.as_f64().unwrap_or(f64::NAN), currency?, &path) {
                Ok(m) => Some(m),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            }
        }
        Some(_) => {
            let money = f.opt_money("amount");
            let currency = f.opt_str("currency", 3, 3);
            match (money, currency) {
                (Some(m), Some(c)) if c != m.currency().code() => {
                    f.issue("currency", IssueCode::Conflict, "must be the currency of amount");
                    None
                }
                (m, _) => m,
            }
        }
    }
}

/// A list filter: one value or an array of values, each one of `allowed`.
fn enum_list(f: &mut Fields, name: &str, allowed: &[&str]) -> Vec<String> {
    let Some(value) = f.raw(name) else { return vec![] };
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut out = vec![];
    for item in items {
        match item.as_str() {
            Some(s) if allowed.contains(&s) => out.push(s.to_string()),
            _ => {
                f.issue(name, IssueCode::InvalidEnum, &format!("must be one or a list of {}", allowed.join(", ")));
                return vec![];
            }
        }
    }
    out
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    b.len() == 10
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
}

/// ISO 8601 date-time: `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let head = s.get(..10).is_some_and(is_date)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !head {
        return false;
    }
    let mut rest = s.get(19..).unwrap_or("");
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = frac.get(n..).unwrap_or("");
    }
    let zone = rest.as_bytes();
    rest == "Z"
        || (zone.len() == 6
            && matches!(zone.first(), Some(b'+' | b'-'))
            && zone.get(1..3).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && zone.get(3) == Some(&b':')
            && zone.get(4..6).is_some_and(|d| d.iter().all(u8::is_ascii_digit)))
}

// ---------------------------------------------------------------- requests

fn url(api: &str, segments: &[&str]) -> String {
    let path: Vec<String> = segments.iter().map(|s| encode_component(s)).collect();
    join_url(api, &path.join("/"))
}

fn post_json<T: serde::Serialize>(url: String, body: &T, idempotency_key: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, url).header("Idempotency-Key", idempotency_key).json(body)
}

/// `GET /payments/{paymentId}`.
pub fn get_payment(api: &str, payment_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["payments", payment_id]))
}

/// `GET /payments?...`.
pub fn list_payments(api: &str, filters: &PaymentFilters) -> HttpRequest {
    HttpRequest::new(Method::Get, with_query(url(api, &["payments"]), &filters.query))
}

/// `POST /payments/{paymentId}/refund` with `Idempotency-Key`.
pub fn referenced_refund(api: &str, input: &RefundInput, amount: u64, idempotency_key: &str) -> HttpRequest {
    let body = ReferencedRefundRequest { operator: input.operator.clone(), amount, description: input.description.clone() };
    post_json(url(api, &["payments", &input.payment_id, "refund"]), &body, idempotency_key)
}

/// `POST /refunds` with `Idempotency-Key`.
pub fn unreferenced_refund(api: &str, input: &UnreferencedRefundInput, idempotency_key: &str) -> HttpRequest {
    post_json(url(api, &["refunds"]), &input.body, idempotency_key)
}

/// `GET /refunds/{refundId}`.
pub fn get_refund(api: &str, refund_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["refunds", refund_id]))
}

/// `POST /devices/{serialNumber}/refund-instructions` with `Idempotency-Key`.
pub fn submit_instruction(api: &str, input: &RefundInstructionInput, idempotency_key: &str) -> HttpRequest {
    post_json(url(api, &["devices", &input.serial_number, "refund-instructions"]), &input.body, idempotency_key)
}

/// `GET /refund-instructions/{refundInstructionId}` (long poll).
pub fn get_instruction(api: &str, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["refund-instructions", id]))
}

/// `DELETE /refund-instructions/{refundInstructionId}`.
pub fn cancel_instruction(api: &str, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, url(api, &["refund-instructions", id]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // 2026-11-23T00:00:00Z
    const NOW: u64 = 1_795_392_000_000;
    const API: &str = "https://api.uat.payroc.com/v1";

    fn issues(r: Result<impl std::fmt::Debug, Vec<ValidationIssue>>) -> Vec<(String, IssueCode)> {
        r.err().unwrap_or_default().into_iter().map(|i| (i.path, i.code)).collect()
    }

    fn unreferenced() -> Value {
        json!({
            "channel": "web", "processingTerminalId": "1234001",
            "order": { "orderId": "OrderRef6543", "amount": { "minor": 4999, "currency": "USD" }, "description": "Large Pepperoni Pizza" },
            "refundMethod": { "type": "card", "card": { "cardNumber": "4539858876047062", "expiry": { "month": 12, "year": 2030 },
                              "device": { "model": "paxA920", "serialNumber": "1850010868" } } }
        })
    }

    fn with(mut base: Value, path: &[&str], value: Value) -> Value {
        let mut at = &mut base;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        match value {
            Value::Null => {
                at.as_object_mut().unwrap().remove(path[path.len() - 1]);
            }
            v => at[path[path.len() - 1]] = v,
        }
        base
    }

    #[test]
    fn referenced_refund_limits_name_their_fields() {
        let ok = json!({ "paymentId": "M2MJOG6O2Y", "description": "r" });
        let r = read_refund(&ok, NOW).unwrap();
        assert!(r.amount.is_none() && r.reads_payment_first());
        let cases = [
            (with(ok.clone(), &["paymentId"], json!("M2MJOG6O2")), "paymentId", IssueCode::TooShort),
            (with(ok.clone(), &["paymentId"], json!("M2MJOG6O2YX")), "paymentId", IssueCode::TooLong),
            (with(ok.clone(), &["paymentId"], Value::Null), "paymentId", IssueCode::Required),
            (with(ok.clone(), &["description"], Value::Null), "description", IssueCode::Required),
            (with(ok.clone(), &["description"], json!("")), "description", IssueCode::TooShort),
            (with(ok.clone(), &["operator"], json!("x".repeat(51))), "operator", IssueCode::TooLong),
            (with(ok.clone(), &["amount"], json!({ "minor": 0, "currency": "USD" })), "amount.minor", IssueCode::NotPositive),
            (with(ok.clone(), &["amount"], json!({ "minor": 1.5, "currency": "USD" })), "amount.minor", IssueCode::NotAnInteger),
            (with(ok.clone(), &["amount"], json!({ "minor": 100, "currency": "XYZ" })), "amount.currency", IssueCode::InvalidCurrency),
            (with(ok.clone(), &["amount"], json!({ "value": "1.001", "currency": "USD" })), "amount", IssueCode::TooManyDecimals),
            (with(ok.clone(), &["checkRemaining"], json!("yes")), "checkRemaining", IssueCode::InvalidType),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(read_refund(&input, NOW)), [(path.to_string(), code)], "{input}");
        }
    }

    #[test]
    fn unreferenced_refund_limits_name_their_fields() {
        let ok = unreferenced();
        assert!(read_unreferenced(&ok, NOW).is_ok());
        let cases = [
            (with(ok.clone(), &["channel"], json!("ecom")), "channel", IssueCode::InvalidEnum),
            (with(ok.clone(), &["processingTerminalId"], json!("123")), "processingTerminalId", IssueCode::TooShort),
            (with(ok.clone(), &["processingTerminalId"], json!("1".repeat(51))), "processingTerminalId", IssueCode::TooLong),
            (with(ok.clone(), &["order", "orderId"], json!("x".repeat(25))), "order.orderId", IssueCode::TooLong),
            (with(ok.clone(), &["order", "orderId"], json!("")), "order.orderId", IssueCode::TooShort),
            (with(ok.clone(), &["order", "description"], Value::Null), "order.description", IssueCode::Required),
            (with(ok.clone(), &["order", "amount"], json!("49.99")), "order.amount", IssueCode::InvalidType),
            (with(ok.clone(), &["order", "amount"], json!({ "minor": -5, "currency": "USD" })), "order.amount.minor", IssueCode::NotPositive),
            (with(ok.clone(), &["order", "currency"], json!("EUR")), "order.currency", IssueCode::Conflict),
            (with(ok.clone(), &["refundMethod", "type"], json!("cash")), "refundMethod.type", IssueCode::InvalidEnum),
            (with(ok.clone(), &["refundMethod", "card", "cardNumber"], json!("4539858876047063")), "refundMethod.card.cardNumber", IssueCode::InvalidCardNumber),
            (with(ok.clone(), &["refundMethod", "card", "cardNumber"], json!("45398588")), "refundMethod.card.cardNumber", IssueCode::InvalidCardNumber),
            (with(ok.clone(), &["refundMethod", "card", "expiry"], json!({ "month": 1, "year": 2020 })), "refundMethod.card.expiry", IssueCode::CardExpired),
            (with(ok.clone(), &["refundMethod", "card", "device", "model"], json!("pax")), "refundMethod.card.device.model", IssueCode::InvalidEnum),
            (with(ok.clone(), &["operator"], json!("x".repeat(51))), "operator", IssueCode::TooLong),
        ];
        for (input, path, code) in cases {
            let got = issues(read_unreferenced(&input, NOW));
            assert!(got.contains(&(path.to_string(), code)), "{path}: {got:?}");
        }
        // A plain integer amount needs the order's currency.
        let int = with(with(ok.clone(), &["order", "amount"], json!(4999)), &["order", "currency"], json!("USD"));
        assert_eq!(read_unreferenced(&int, NOW).unwrap().amount.minor(), 4999);
        let int = with(ok.clone(), &["order", "amount"], json!(4999));
        assert_eq!(issues(read_unreferenced(&int, NOW)), [("order.currency".to_string(), IssueCode::Required)]);
        let token = with(ok, &["refundMethod"], json!({ "type": "secureToken", "token": "296753123456" }));
        assert!(matches!(read_unreferenced(&token, NOW).unwrap().body.refund_method, RefundMethod::SecureToken { .. }));
    }

    #[test]
    fn instruction_limits_name_their_fields() {
        let ok = json!({ "serialNumber": "1850010868", "processingTerminalId": "1234001",
                         "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" } });
        assert!(read_instruction(&ok, NOW).unwrap().body.order.description.is_none());
        let cases = [
            (with(ok.clone(), &["serialNumber"], json!("")), "serialNumber", IssueCode::TooShort),
            (with(ok.clone(), &["serialNumber"], json!("1".repeat(65))), "serialNumber", IssueCode::TooLong),
            (with(ok.clone(), &["processingTerminalId"], Value::Null), "processingTerminalId", IssueCode::Required),
            (with(ok.clone(), &["order", "currency"], json!("usd")), "order.currency", IssueCode::InvalidCurrency),
            (with(ok.clone(), &["order", "amount"], json!(49.99)), "order.amount", IssueCode::NotAnInteger),
            (with(ok.clone(), &["order"], Value::Null), "order", IssueCode::Required),
            (with(ok.clone(), &["customizationOptions"], json!({ "entryMethod": "tap" })), "customizationOptions.entryMethod", IssueCode::InvalidEnum),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(read_instruction(&input, NOW)), [(path.to_string(), code)], "{input}");
        }
    }

    #[test]
    fn filters_become_the_sdk_query_string() {
        let f = read_filters(&json!({
            "processingTerminalId": "1234001", "orderId": "OrderRef6543", "operator": "Jane",
            "cardholderName": "Sarah Hazel Hopper", "first6": "453985", "last4": "7062", "tender": "ebt",
            "dateFrom": "2024-07-01T15:30:00Z", "dateTo": "2024-07-03T15:30:00Z", "settlementState": "settled",
            "settlementDate": "2024-07-02", "after": "8516", "limit": 1
        }))
        .unwrap();
        assert_eq!(
            list_payments(API, &f).url,
            "https://api.uat.payroc.com/v1/payments?processingTerminalId=1234001&orderId=OrderRef6543&operator=Jane\
             &cardholderName=Sarah%20Hazel%20Hopper&first6=453985&last4=7062&tender=ebt&dateFrom=2024-07-01T15%3A30%3A00Z\
             &dateTo=2024-07-03T15%3A30%3A00Z&settlementState=settled&settlementDate=2024-07-02&after=8516&limit=1"
        );
        assert_eq!(list_payments(API, &read_filters(&Value::Null).unwrap()).url, format!("{API}/payments"));
        let bad = read_filters(&json!({ "first6": "45398a", "last4": "706", "limit": 101, "before": "A", "after": "B",
                                        "dateFrom": "yesterday", "status": ["ready", "gone"] }));
        let paths: Vec<String> = bad.unwrap_err().into_iter().map(|i| i.path).collect();
        assert_eq!(paths, ["first6", "last4", "status", "dateFrom", "after", "limit"]);
        assert!(is_date_time("2024-07-01T15:30:00.123+01:00"));
        assert!(!is_date_time("2024-13-01T15:30:00Z"));
    }

    #[test]
    fn ids_are_checked_and_encoded_in_paths() {
        assert_eq!(issues(read_payment_id(&json!("short"))), [("paymentId".to_string(), IssueCode::TooShort)]);
        assert_eq!(issues(read_refund_id(&json!(12))), [("refundId".to_string(), IssueCode::InvalidType)]);
        assert_eq!(issues(read_instruction_id(&Value::Null)), [("refundInstructionId".to_string(), IssueCode::Required)]);
        assert_eq!(get_payment(API, "../x?y=1/z").url, format!("{API}/payments/..%2Fx%3Fy%3D1%2Fz"));
    }

    #[test]
    fn builder_kinds_are_ours_or_none() {
        assert_eq!(validate_builder("JpMorganRefund", &json!({}), NOW), None);
        assert_eq!(validate_builder(KIND_REFUND, &json!({ "paymentId": "M2MJOG6O2Y", "description": "d", "kind": "PayrocRefund" }), NOW), Some(vec![]));
        assert_eq!(validate_builder(KIND_INSTRUCTION, &json!({}), NOW).unwrap().len(), 3);
    }
}
