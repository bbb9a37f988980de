//! The caller's inputs, read and validated with [`Fields`]: every issue names its field,
//! unknown keys are refused, free text may not hold a card number. Limits are Payroc's
//! documented ones (reference/payroc.md §7); those Payroc does not publish are marked NOT
//! CONFIRMED.

use crate::card::CardNumber;
use crate::connector::Operation;
use crate::fields::{read_arg, Fields};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{Map, Value};
use crate::money::{Currency, Money};

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
const STATUSES: &[&str] =
    &["ready", "pending", "declined", "complete", "referral", "pickup", "reversal", "admin", "expired", "accepted"];
const PAYMENT_TYPES: &[&str] = &["sale", "preAuthorization", "preAuthorizationCompletion"];
const TIP_MODES: &[&str] = &["noTip", "prompted", "adjusted"];

/// What leaving `amount` out does, said in every "empty amount" issue.
const EVERYTHING: &str = "leave amount out to refund everything that is left";

// ---------------------------------------------------------------- refunds and reversals

/// `refund({ paymentId, amount?, description, operator?, checkRemaining? })`, and the
/// same plus nothing else for `reverseOrRefund`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    pub payment_id: String,
    /// `None`: refund what is left.
    pub amount: Option<Money>,
    pub description: String,
    pub operator: Option<String>,
    /// Refuse an amount above what is left before sending (the payment is read anyway).
    pub check_remaining: bool,
}

pub const REFUND_KEYS: &[&str] = &["paymentId", "amount", "description", "operator", "checkRemaining"];

pub fn refund(value: &Value, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", REFUND_KEYS, now_ms);
    let payment_id = f.req_str("paymentId", ID_LEN, ID_LEN);
    let amount = f.amount_or_everything("amount", EVERYTHING);
    let description = f.req_text("description", 1, DESCRIPTION_MAX);
    let operator = f.opt_text("operator", 0, OPERATOR_MAX);
    let check_remaining = f.opt_bool("checkRemaining").unwrap_or(false);
    let input = match (payment_id, description) {
        (Some(payment_id), Some(description)) => {
            Some(RefundInput { payment_id, amount, description, operator, check_remaining })
        }
        _ => None,
    };
    f.finish(input)
}

/// `reverse({ paymentId, amount?, operator? })`: no amount reverses everything that is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReverseInput {
    pub payment_id: String,
    pub amount: Option<Money>,
    pub operator: Option<String>,
}

pub const REVERSE_KEYS: &[&str] = &["paymentId", "amount", "operator"];

pub fn reverse(value: &Value, now_ms: u64) -> Result<ReverseInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", REVERSE_KEYS, now_ms);
    let payment_id = f.req_str("paymentId", ID_LEN, ID_LEN);
    let amount = f.amount_or_everything("amount", "leave amount out to reverse everything that is left");
    let operator = f.opt_text("operator", 0, OPERATOR_MAX);
    f.finish(payment_id.map(|payment_id| ReverseInput { payment_id, amount, operator }))
}

/// `reverseOrRefund({ paymentId, amount?, description, operator? })`.
pub fn reverse_or_refund(value: &Value, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", &["paymentId", "amount", "description", "operator"], now_ms);
    let payment_id = f.req_str("paymentId", ID_LEN, ID_LEN);
    let amount = f.amount_or_everything("amount", EVERYTHING);
    let description = f.req_text("description", 1, DESCRIPTION_MAX);
    let operator = f.opt_text("operator", 0, OPERATOR_MAX);
    let input = match (payment_id, description) {
        (Some(payment_id), Some(description)) => {
            Some(RefundInput { payment_id, amount, description, operator, check_remaining: true })
        }
        _ => None,
    };
    f.finish(input)
}

// ---------------------------------------------------------------- unreferenced refunds

/// `unreferencedRefund({ channel, processingTerminalId, operator?, order, refundMethod })`:
/// the body as Payroc wants it, and its amount.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreferencedInput {
    pub body: Value,
    pub amount: Money,
}

pub fn unreferenced(value: &Value, now_ms: u64) -> Result<UnreferencedInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", &["channel", "processingTerminalId", "operator", "order", "refundMethod"], now_ms);
    let channel = f.req_enum("channel", CHANNELS);
    let terminal = f.req_str("processingTerminalId", TERMINAL_MIN, TERMINAL_MAX);
    let operator = f.opt_text("operator", 0, OPERATOR_MAX);
    let order = f.req_nested("order", &["orderId", "amount", "currency", "description"], |o| {
        let order_id = o.req_text("orderId", 1, ORDER_ID_MAX);
        let amount = order_amount(o);
        let description = o.req_text("description", 1, DESCRIPTION_MAX);
        Some((order_id?, amount?, description?))
    });
    let method = f.req_nested("refundMethod", &["type", "card", "token", "secCode"], refund_method);
    let input = match (channel, terminal, order, method) {
        (Some(channel), Some(terminal), Some((order_id, amount, description)), Some(refund_method)) => {
            let body = crate::obj! {
                "channel" => channel,
                "processingTerminalId" => terminal,
                "operator" => operator,
                "order" => crate::obj! {
                    "orderId" => order_id,
                    "description" => description,
                    "amount" => amount.minor(),
                    "currency" => amount.currency().code(),
                },
                "refundMethod" => refund_method,
            };
            Some(UnreferencedInput { body, amount })
        }
        _ => None,
    };
    f.finish(input)
}

/// `refundMethod`: `{ type: "card", card: { cardNumber, expiry, cvv?, cardholderName?, device? } }`
/// (sent as keyed plain-text card details) or `{ type: "secureToken", token, secCode? }`.
fn refund_method(f: &mut Fields) -> Option<Value> {
    match f.req_enum("type", REFUND_METHOD_TYPES)?.as_str() {
        "card" => {
            for other in ["token", "secCode"] {
                if f.given(other) {
                    f.issue(other, IssueCode::Conflict, "is only sent with type \"secureToken\"");
                }
            }
            f.req_nested("card", &["cardNumber", "expiry", "cvv", "cardholderName", "device"], |c| {
                let number: Option<CardNumber> = c.req_card_number("cardNumber");
                let expiry = c.req_expiry("expiry");
                let cardholder_name = c.opt_text("cardholderName", 1, CARDHOLDER_MAX);
                let cvv = c.opt_str("cvv", 3, 4);
                if cvv.as_deref().is_some_and(|v| !v.bytes().all(|b| b.is_ascii_digit())) {
                    c.issue("cvv", IssueCode::InvalidFormat, "must be 3 or 4 digits");
                }
                let device = c.nested("device", &["model", "serialNumber"], |d| {
                    let model = d.req_enum("model", DEVICE_MODELS);
                    let serial_number = d.req_str("serialNumber", 1, SERIAL_MAX);
                    Some(crate::obj! { "model" => model?, "serialNumber" => serial_number? })
                });
                let device_ok = device.is_some() || !c.has("device");
                let keyed = crate::obj! {
                    "dataFormat" => "plainText",
                    "device" => device,
                    "cardNumber" => number?.expose(),
                    "expiryDate" => expiry?.mmyy(),
                    "cvv" => cvv,
                };
                device_ok.then(|| {
                    crate::obj! {
                        "type" => "card",
                        "cardDetails" => crate::obj! { "entryMethod" => "keyed", "keyedData" => keyed, "cardholderName" => cardholder_name },
                    }
                })
            })
        }
        _ => {
            if f.given("card") {
                f.issue("card", IssueCode::Conflict, "is only sent with type \"card\"");
            }
            let token = f.req_str("token", 1, TOKEN_MAX);
            let sec_code = f.opt_enum("secCode", SEC_CODES);
            let sec_ok = sec_code.is_some() || !f.has("secCode");
            token.filter(|_| sec_ok).map(|token| crate::obj! { "type" => "secureToken", "token" => token, "secCode" => sec_code })
        }
    }
}

// ---------------------------------------------------------------- device instructions

/// `submitRefundInstruction({ serialNumber, processingTerminalId, order, operator?, customizationOptions? })`.
#[derive(Debug, Clone, PartialEq)]
pub struct InstructionInput {
    pub serial_number: String,
    pub body: Value,
    pub amount: Money,
}

pub fn instruction(value: &Value, now_ms: u64) -> Result<InstructionInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", &["serialNumber", "processingTerminalId", "order", "operator", "customizationOptions"], now_ms);
    let serial_number = f.req_str("serialNumber", 1, SERIAL_MAX);
    let terminal = f.req_str("processingTerminalId", TERMINAL_MIN, TERMINAL_MAX);
    let operator = f.opt_text("operator", 0, OPERATOR_MAX);
    let order = f.req_nested("order", &["orderId", "amount", "currency", "description"], |o| {
        let order_id = o.req_text("orderId", 1, ORDER_ID_MAX);
        let amount = order_amount(o);
        // Optional here, per Payroc's spec and SDKs (its skills say required: NOT CONFIRMED).
        let description = o.opt_text("description", 1, DESCRIPTION_MAX);
        Some((order_id?, amount?, description))
    });
    let options = f.nested("customizationOptions", &["entryMethod"], |c| {
        c.req_enum("entryMethod", INSTRUCTION_ENTRY_METHODS).map(|m| crate::obj! { "entryMethod" => m })
    });
    let input = match (serial_number, terminal, order) {
        (Some(serial_number), Some(terminal), Some((order_id, amount, description))) => Some(InstructionInput {
            serial_number,
            amount,
            body: crate::obj! {
                "operator" => operator,
                "processingTerminalId" => terminal,
                "order" => crate::obj! {
                    "orderId" => order_id,
                    "description" => description,
                    "amount" => amount.minor(),
                    "currency" => amount.currency().code(),
                },
                "customizationOptions" => options,
            },
        }),
        _ => None,
    };
    f.finish(input)
}

// ---------------------------------------------------------------- lists

/// `listPayments(filters)` / `listRefunds(filters)`: the query pairs in the SDK's order, and
/// the caller's filters (for the `next` page).
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    pub query: Vec<(&'static str, String)>,
    pub given: Map,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOf {
    Payments,
    Refunds,
}

const PAYMENT_FILTERS: &[&str] = &[
    "processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4", "tender", "tipMode", "type",
    "status", "dateFrom", "dateTo", "settlementState", "settlementDate", "paymentLinkId", "before", "after", "limit",
];
const REFUND_FILTERS: &[&str] = &[
    "processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4", "tender", "status", "dateFrom",
    "dateTo", "settlementState", "settlementDate", "before", "after", "limit",
];

pub fn filters(value: &Value, of: ListOf) -> Result<Filters, Vec<ValidationIssue>> {
    let empty = Value::Object(Map::new());
    let value = if value.is_null() { &empty } else { value };
    let known = match of {
        ListOf::Payments => PAYMENT_FILTERS,
        ListOf::Refunds => REFUND_FILTERS,
    };
    let mut f = Fields::new(value, "", known, 0);
    let mut query: Vec<(&'static str, String)> = vec![];
    let mut push = |name: &'static str, v: Option<String>| {
        if let Some(v) = v {
            query.push((name, v));
        }
    };
    push("processingTerminalId", f.opt_str("processingTerminalId", TERMINAL_MIN, TERMINAL_MAX));
    push("orderId", f.opt_str("orderId", 1, ORDER_ID_MAX));
    push("operator", f.opt_str("operator", 1, OPERATOR_MAX));
    push("cardholderName", f.opt_str("cardholderName", 1, CARDHOLDER_MAX));
    for (name, len, detail) in [("first6", 6, "must be 6 digits"), ("last4", 4, "must be 4 digits")] {
        if let Some(v) = f.opt_str(name, len, len) {
            if v.bytes().all(|b| b.is_ascii_digit()) {
                push(name, Some(v));
            } else {
                f.issue(name, IssueCode::InvalidFormat, detail);
            }
        }
    }
    push("tender", f.opt_enum("tender", &["ebt", "creditDebit"]));
    let lists: &[(&'static str, &[&str])] = match of {
        ListOf::Payments => &[("tipMode", TIP_MODES), ("type", PAYMENT_TYPES), ("status", STATUSES)],
        ListOf::Refunds => &[("status", STATUSES)],
    };
    for (name, allowed) in lists {
        for v in enum_list(&mut f, name, allowed) {
            push(name, Some(v));
        }
    }
    for name in ["dateFrom", "dateTo"] {
        if let Some(v) = f.opt_str(name, 1, 64) {
            if is_date_time(&v) {
                push(name, Some(v));
            } else {
                f.issue(name, IssueCode::InvalidFormat, "must be an ISO 8601 date-time such as 2024-07-01T15:30:00Z");
            }
        }
    }
    push("settlementState", f.opt_enum("settlementState", &["settled", "unsettled"]));
    if let Some(v) = f.opt_str("settlementDate", 10, 10) {
        if is_date(&v) {
            push("settlementDate", Some(v));
        } else {
            f.issue("settlementDate", IssueCode::InvalidFormat, "must be a date such as 2024-07-02");
        }
    }
    if of == ListOf::Payments {
        push("paymentLinkId", f.opt_str("paymentLinkId", ID_LEN, ID_LEN));
    }
    if f.has("before") && f.has("after") {
        f.issue("after", IssueCode::Conflict, "give before or after, not both");
    }
    push("before", f.opt_str("before", 1, 128));
    push("after", f.opt_str("after", 1, 128));
    if f.raw("limit").is_some_and(|v| v.as_u64() == Some(0)) {
        f.issue("limit", IssueCode::NotPositive, "must be 1 to 100");
    } else if let Some(limit) = f.opt_uint("limit", LIMIT_MAX) {
        push("limit", Some(itoa::Buffer::new().format(limit).to_string()));
    }
    let given = value.as_object().cloned().unwrap_or_default();
    f.finish(Some(Filters { query, given }))
}

// ---------------------------------------------------------------- ids

pub fn payment_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_arg(value, "paymentId", |f| f.req_str("paymentId", ID_LEN, ID_LEN))
}

pub fn refund_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_arg(value, "refundId", |f| f.req_str("refundId", ID_LEN, ID_LEN))
}

pub fn instruction_id(value: &Value) -> Result<String, Vec<ValidationIssue>> {
    read_arg(value, "refundInstructionId", |f| f.req_str("refundInstructionId", 1, INSTRUCTION_ID_MAX))
}

/// A bulk file's record (docs/BULK.md): `reference` is the paymentId, `reason` the required
/// description; `operator` is Payroc's own column.
pub fn csv_row(f: &mut Fields, row: Option<&crate::bulk::Row>) -> Option<Value> {
    if !f.has("reason") {
        f.missing("reason");
    }
    let operator = f.opt_text("operator", 1, OPERATOR_MAX);
    let row = row?;
    Some(crate::obj! {
        "paymentId" => row.reference.as_str(),
        "amount" => row.amount.map(crate::bulk::money_value),
        "description" => row.reason.as_deref(),
        "operator" => operator,
    })
}

/// Validates a builder's fields (no client, no network): `PayrocRefund`,
/// `PayrocUnreferencedRefund`, `PayrocRefundInstruction`.
pub fn validate(op: Operation, fields: &Value, now_ms: u64) -> Vec<ValidationIssue> {
    let issues = match op {
        Operation::Refund => refund(fields, now_ms).err(),
        Operation::UnreferencedRefund => unreferenced(fields, now_ms).err(),
        Operation::SubmitRefundInstruction => instruction(fields, now_ms).err(),
        _ => None,
    };
    issues.unwrap_or_default()
}

// ---------------------------------------------------------------- field helpers

/// An order amount: a `Money` (`{ minor, currency }` / `{ value, currency }`), or a whole
/// number of minor units with the order's `currency`. A `currency` next to a `Money` must match.
fn order_amount(f: &mut Fields) -> Option<Money> {
    match f.raw("amount") {
        None => {
            f.missing("amount");
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
            match Money::from_number_text(n, currency?, &path) {
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
                    f.issue("currency", IssueCode::CurrencyMismatch, "must be the currency of the amount");
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
                let mut detail = String::from("must be one or a list of ");
                detail.push_str(&allowed.join(", "));
                f.issue(name, IssueCode::InvalidEnum, &detail);
                return vec![];
            }
        }
    }
    out
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_date(s: &str) -> bool {
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
pub fn is_date_time(s: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::UNDEFINED;

    // 2026-11-23T00:00:00Z
    const NOW: u64 = 1_795_392_000_000;

    fn issues<T: std::fmt::Debug>(r: Result<T, Vec<ValidationIssue>>) -> Vec<(String, IssueCode)> {
        r.err().unwrap_or_default().into_iter().map(|i| (i.path, i.code)).collect()
    }

    fn unreferenced_input() -> Value {
        j!({
            "channel": "web", "processingTerminalId": "1234001",
            "order": { "orderId": "OrderRef6543", "amount": { "minor": 4999, "currency": "USD" }, "description": "Large Pepperoni Pizza" },
            "refundMethod": { "type": "card", "card": { "cardNumber": "4539858876047062", "expiry": { "month": 12, "year": 2030 },
                              "device": { "model": "paxA920", "serialNumber": "1850010868" } } }
        })
    }

    fn with(mut base: Value, path: &[&str], value: Option<Value>) -> Value {
        let mut at = &mut base;
        for p in &path[..path.len() - 1] {
            at = at.as_object_mut().unwrap().get_mut(p).unwrap();
        }
        let map = at.as_object_mut().unwrap();
        match value {
            None => {
                map.remove(path[path.len() - 1]);
            }
            Some(v) => map.insert(path[path.len() - 1], v),
        }
        base
    }

    #[test]
    fn referenced_refund_limits_name_their_fields() {
        let ok = j!({ "paymentId": "M2MJOG6O2Y", "description": "r" });
        let r = refund(&ok, NOW).unwrap();
        assert!(r.amount.is_none());
        let cases = [
            (with(ok.clone(), &["paymentId"], Some(j!("M2MJOG6O2"))), "paymentId", IssueCode::TooShort),
            (with(ok.clone(), &["paymentId"], Some(j!("M2MJOG6O2YX"))), "paymentId", IssueCode::TooLong),
            (with(ok.clone(), &["paymentId"], None), "paymentId", IssueCode::Required),
            (with(ok.clone(), &["description"], None), "description", IssueCode::Required),
            (with(ok.clone(), &["description"], Some(j!(""))), "description", IssueCode::Empty),
            (with(ok.clone(), &["description"], Some(j!("card 4111 1111 1111 1111"))), "description", IssueCode::CardDataInText),
            (with(ok.clone(), &["operator"], Some(j!("x".repeat(51)))), "operator", IssueCode::TooLong),
            (with(ok.clone(), &["amount"], Some(j!({ "minor": 0, "currency": "USD" }))), "amount.minor", IssueCode::NotPositive),
            (with(ok.clone(), &["amount"], Some(j!({ "minor": 1.5, "currency": "USD" }))), "amount.minor", IssueCode::NotAnInteger),
            (with(ok.clone(), &["amount"], Some(j!({ "minor": 100, "currency": "XYZ" }))), "amount.currency", IssueCode::InvalidCurrency),
            (with(ok.clone(), &["amount"], Some(j!({ "value": "1.001", "currency": "USD" }))), "amount", IssueCode::TooManyDecimals),
            (with(ok.clone(), &["checkRemaining"], Some(j!("yes"))), "checkRemaining", IssueCode::InvalidType),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(refund(&input, NOW)), [(path.to_string(), code)], "{input:?}");
        }
    }

    #[test]
    fn a_typo_or_an_empty_amount_never_means_everything() {
        let typo = j!({ "paymentId": "M2MJOG6O2Y", "amout": { "minor": 100, "currency": "USD" }, "description": "d" });
        let e = refund(&typo, NOW).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("amout", IssueCode::UnknownField));
        assert!(e[0].message.ends_with("did you mean amount?"));
        for empty in [serde_json::json!(null), serde_json::json!(UNDEFINED), serde_json::json!("")] {
            let input = j!({ "paymentId": "M2MJOG6O2Y", "amount": empty, "description": "d" });
            let e = refund(&input, NOW).unwrap_err();
            assert_eq!((e[0].path.as_str(), e[0].code), ("amount", IssueCode::Empty));
            assert!(e[0].message.contains("leave amount out to refund everything that is left"));
        }
    }

    #[test]
    fn unreferenced_refund_limits_name_their_fields() {
        let ok = unreferenced_input();
        let body = unreferenced(&ok, NOW).unwrap().body;
        assert_eq!(body["refundMethod"]["cardDetails"]["keyedData"]["expiryDate"], "1230");
        let cases = [
            (with(ok.clone(), &["channel"], Some(j!("ecom"))), "channel", IssueCode::InvalidEnum),
            (with(ok.clone(), &["processingTerminalId"], Some(j!("123"))), "processingTerminalId", IssueCode::TooShort),
            (with(ok.clone(), &["order", "orderId"], Some(j!("x".repeat(25)))), "order.orderId", IssueCode::TooLong),
            (with(ok.clone(), &["order", "orderId"], Some(j!("4111111111111111"))), "order.orderId", IssueCode::CardDataInText),
            (with(ok.clone(), &["order", "description"], None), "order.description", IssueCode::Required),
            (with(ok.clone(), &["order", "amount"], Some(j!("49.99"))), "order.amount", IssueCode::InvalidType),
            (with(ok.clone(), &["order", "amount"], Some(j!({ "minor": -5, "currency": "USD" }))), "order.amount.minor", IssueCode::NotPositive),
            (with(ok.clone(), &["order", "currency"], Some(j!("EUR"))), "order.currency", IssueCode::CurrencyMismatch),
            (with(ok.clone(), &["refundMethod", "type"], Some(j!("cash"))), "refundMethod.type", IssueCode::InvalidEnum),
            (with(ok.clone(), &["refundMethod", "card", "cardNumber"], Some(j!("4539858876047063"))), "refundMethod.card.cardNumber", IssueCode::InvalidCardNumber),
            (with(ok.clone(), &["refundMethod", "card", "expiry"], Some(j!({ "month": 1, "year": 2020 }))), "refundMethod.card.expiry", IssueCode::CardExpired),
            (with(ok.clone(), &["refundMethod", "card", "device", "model"], Some(j!("pax"))), "refundMethod.card.device.model", IssueCode::InvalidEnum),
            (with(ok.clone(), &["refundMethod", "card", "cvc"], Some(j!("123"))), "refundMethod.card.cvc", IssueCode::UnknownField),
            (with(ok.clone(), &["operator"], Some(j!("x".repeat(51)))), "operator", IssueCode::TooLong),
        ];
        for (input, path, code) in cases {
            let got = issues(unreferenced(&input, NOW));
            assert!(got.contains(&(path.to_string(), code)), "{path}: {got:?}");
        }
        // Spaces in a card number are ignored; a plain integer amount needs the order's currency.
        let spaced = with(ok.clone(), &["refundMethod", "card", "cardNumber"], Some(j!("4539 8588 7604 7062")));
        assert_eq!(unreferenced(&spaced, NOW).unwrap().body["refundMethod"]["cardDetails"]["keyedData"]["cardNumber"], "4539858876047062");
        let int = with(with(ok.clone(), &["order", "amount"], Some(j!(4999))), &["order", "currency"], Some(j!("USD")));
        assert_eq!(unreferenced(&int, NOW).unwrap().amount.minor(), 4999);
        let int = with(ok.clone(), &["order", "amount"], Some(j!(4999)));
        assert_eq!(issues(unreferenced(&int, NOW)), [("order.currency".to_string(), IssueCode::Required)]);
        let token = with(ok, &["refundMethod"], Some(j!({ "type": "secureToken", "token": "296753123456" })));
        assert_eq!(unreferenced(&token, NOW).unwrap().body["refundMethod"]["type"], "secureToken");
    }

    #[test]
    fn instruction_limits_name_their_fields() {
        let ok = j!({ "serialNumber": "1850010868", "processingTerminalId": "1234001",
                      "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" } });
        assert!(instruction(&ok, NOW).unwrap().body["order"].get("description").is_none());
        let cases = [
            (with(ok.clone(), &["serialNumber"], Some(j!(""))), "serialNumber", IssueCode::Empty),
            (with(ok.clone(), &["serialNumber"], Some(j!("1".repeat(65)))), "serialNumber", IssueCode::TooLong),
            (with(ok.clone(), &["processingTerminalId"], None), "processingTerminalId", IssueCode::Required),
            (with(ok.clone(), &["order", "currency"], Some(j!("usd"))), "order.currency", IssueCode::InvalidCurrency),
            (with(ok.clone(), &["order", "amount"], Some(j!(49.99))), "order.amount", IssueCode::NotAnInteger),
            (with(ok.clone(), &["order"], None), "order", IssueCode::Required),
            (with(ok.clone(), &["customizationOptions"], Some(j!({ "entryMethod": "tap" }))), "customizationOptions.entryMethod", IssueCode::InvalidEnum),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(instruction(&input, NOW)), [(path.to_string(), code)], "{input:?}");
        }
    }

    #[test]
    fn filters_become_the_sdk_query_string() {
        let f = filters(
            &j!({
                "processingTerminalId": "1234001", "orderId": "OrderRef6543", "operator": "Jane",
                "cardholderName": "Sarah Hazel Hopper", "first6": "453985", "last4": "7062", "tender": "ebt",
                "dateFrom": "2024-07-01T15:30:00Z", "dateTo": "2024-07-03T15:30:00Z", "settlementState": "settled",
                "settlementDate": "2024-07-02", "after": "8516", "limit": 1
            }),
            ListOf::Payments,
        )
        .unwrap();
        let names: Vec<&str> = f.query.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            ["processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4", "tender", "dateFrom", "dateTo", "settlementState", "settlementDate", "after", "limit"]
        );
        let bad = filters(&j!({ "first6": "45398a", "last4": "706", "limit": 101, "before": "A", "after": "B",
                                "dateFrom": "yesterday", "status": ["ready", "gone"] }), ListOf::Payments);
        let paths: Vec<String> = bad.unwrap_err().into_iter().map(|i| i.path).collect();
        assert_eq!(paths, ["first6", "last4", "status", "dateFrom", "after", "limit"]);
        assert_eq!(issues(filters(&j!({ "tipMode": "noTip" }), ListOf::Refunds)), [("tipMode".to_string(), IssueCode::UnknownField)]);
        assert!(is_date_time("2024-07-01T15:30:00.123+01:00"));
        assert!(!is_date_time("2024-13-01T15:30:00Z"));
    }

    #[test]
    fn ids_are_checked() {
        assert_eq!(issues(payment_id(&j!("short"))), [("paymentId".to_string(), IssueCode::TooShort)]);
        assert_eq!(issues(refund_id(&j!(12))), [("refundId".to_string(), IssueCode::InvalidType)]);
        assert_eq!(issues(instruction_id(&Value::Null)), [("refundInstructionId".to_string(), IssueCode::Required)]);
    }
}
