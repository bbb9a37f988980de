//! Payroc's answers: status mapping (exhaustive `match`es from Payroc's own enums into
//! [`RefundStatus`]), results, lookups and RFC 7807 errors. docs/PAYROC.md has the table.

use super::wire::{Link, Payment, PaymentPage, Problem, RefundInstruction, RetrievedRefund};
use crate::error::{code_for_status, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::flow::to_value;
use crate::http::HttpResponse;
use crate::money::{format_minor, AmountView, Currency};
use crate::redact::Redactor;
use crate::result::{ProviderName, RefundResult, RefundStatus};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

const PAYROC: ProviderName = ProviderName::Payroc;

/// `transactionResult.status`, and `refundSummary.status` / `paymentSummary.status`
/// (which add `returned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStatus {
    Ready,
    Pending,
    Declined,
    Complete,
    Referral,
    Pickup,
    Reversal,
    Admin,
    Expired,
    Accepted,
    Returned,
}

impl TransactionStatus {
    pub fn parse(word: &str) -> Option<TransactionStatus> {
        use TransactionStatus::*;
        Some(match word {
            "ready" => Ready,
            "pending" => Pending,
            "declined" => Declined,
            "complete" => Complete,
            "referral" => Referral,
            "pickup" => Pickup,
            "reversal" => Reversal,
            "admin" => Admin,
            "expired" => Expired,
            "accepted" => Accepted,
            "returned" => Returned,
            _ => return None,
        })
    }
}

/// What `reversal` means where it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReversalMeans {
    /// Refunding a payment in an open batch made the gateway reverse the payment: the
    /// cardholder is not charged, so the refund succeeded.
    PaymentReversed,
    /// A refund (`transactionResult.type: "refund"`) that was itself reversed: canceled.
    RefundReversed,
}

/// Payroc's transaction status → [`RefundStatus`]. An unknown word (a status Payroc adds
/// later) is `pending` with the word in `providerStatus`: the refund may have been made,
/// so the caller must look it up rather than retry it as if it had failed.
pub fn refund_status(status: Option<TransactionStatus>, reversal: ReversalMeans) -> RefundStatus {
    use TransactionStatus::*;
    let Some(status) = status else { return RefundStatus::Pending };
    match status {
        // Approved: in the open batch (ready) or settled (complete).
        Ready | Complete => RefundStatus::Succeeded,
        // Held by the merchant (pending), taken for later processing (accepted, response
        // code E), or an administrative entry (admin, NOT CONFIRMED): not final yet.
        Pending | Accepted | Admin => RefundStatus::Pending,
        // The issuer said no: do not honour, refer to issuer, pick up card.
        Declined | Referral | Pickup => RefundStatus::Declined,
        Reversal => match reversal {
            ReversalMeans::PaymentReversed => RefundStatus::Succeeded,
            ReversalMeans::RefundReversed => RefundStatus::Canceled,
        },
        // Never completed (expired) or sent back after settlement (returned).
        Expired | Returned => RefundStatus::Failed,
    }
}

/// Whether a refund summary counts against what is left to refund. Anything that may
/// still move money counts (unknown words too), so "refund the rest" never over-refunds.
pub fn counts_as_refunded(status: Option<TransactionStatus>) -> bool {
    use TransactionStatus::*;
    match status {
        None => true,
        Some(s) => match s {
            Ready | Complete | Pending | Accepted | Admin | Reversal => true,
            Declined | Referral | Pickup | Expired | Returned => false,
        },
    }
}

/// A device instruction's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstructionStatus {
    InProgress,
    Completed,
    Failure,
    Canceled,
}

impl InstructionStatus {
    pub fn parse(word: &str) -> Option<InstructionStatus> {
        Some(match word {
            "inProgress" => InstructionStatus::InProgress,
            "completed" => InstructionStatus::Completed,
            "failure" => InstructionStatus::Failure,
            "canceled" => InstructionStatus::Canceled,
            _ => return None,
        })
    }

    /// The RefundStatus an instruction in this state stands for (a completed one is
    /// resolved by reading its refund; `pending` here only until then).
    pub fn refund_status(self) -> RefundStatus {
        match self {
            InstructionStatus::InProgress | InstructionStatus::Completed => RefundStatus::Pending,
            InstructionStatus::Failure => RefundStatus::Failed,
            InstructionStatus::Canceled => RefundStatus::Canceled,
        }
    }
}

// ---------------------------------------------------------------- reading bodies

/// A success body as `T` plus the whole JSON; errors are parsed from Payroc's format.
pub fn parse_success<T: DeserializeOwned>(resp: &HttpResponse, what: &str) -> Result<(T, Value), RefundError> {
    if !resp.is_success() {
        return Err(error_from(resp, None));
    }
    let raw = resp.json().ok_or_else(|| invalid_response(PAYROC, resp.status, "a body that is not JSON"))?;
    // From the tree already read, not from the bytes again: a second deserializer per wire
    // struct (over the bytes) costs 17 KB of wasm for no measurable speed.
    let typed = serde_json::from_value(raw.clone())
        .map_err(|_| invalid_response(PAYROC, resp.status, &format!("a body that is not a Payroc {what}")))?;
    Ok((typed, raw))
}

fn redacted(raw: Value) -> Value {
    Redactor::default().json(raw)
}

fn currency(code: &str, status: u16) -> Result<Currency, RefundError> {
    Currency::from_code(code).ok_or_else(|| invalid_response(PAYROC, status, "an unknown currency code"))
}

fn amount_view(minor: u64, currency: Currency) -> AmountView {
    AmountView { minor, currency: currency.code().to_string(), formatted: format_minor(minor, currency.exponent()) }
}

/// What is left to refund on a payment: its amount minus every refund that counts.
pub fn remaining(payment: &Payment, status: u16) -> Result<(u64, Currency), RefundError> {
    let currency = currency(&payment.order.currency, status)?;
    let refunded: u64 = payment
        .refunds
        .iter()
        .filter(|r| counts_as_refunded(TransactionStatus::parse(&r.status)))
        .map(|r| r.amount.unsigned_abs())
        .fold(0, u64::saturating_add);
    Ok((payment.order.amount.max(0).unsigned_abs().saturating_sub(refunded), currency))
}

/// A payment as `getPayment` returns it: Payroc's object plus `remainingRefundable`.
pub fn payment_view(raw: Value, payment: &Payment, status: u16) -> Result<Value, RefundError> {
    let (left, currency) = remaining(payment, status)?;
    let mut view = redacted(raw);
    if let Some(obj) = view.as_object_mut() {
        obj.insert("remainingRefundable".into(), to_value(&amount_view(left, currency)));
    }
    Ok(view)
}

pub fn get_payment_result(resp: HttpResponse) -> Result<Value, RefundError> {
    let (payment, raw) = parse_success::<Payment>(&resp, "payment")?;
    payment_view(raw, &payment, resp.status)
}

/// A page of payments: Payroc's page, each payment with `remainingRefundable`, and `next`:
/// the filters for the following page (`after` = the next link's cursor), or null.
pub fn list_payments_result(resp: HttpResponse, filters: &Map<String, Value>) -> Result<Value, RefundError> {
    let (page, raw) = parse_success::<PaymentPage>(&resp, "payment list")?;
    let mut view = redacted(raw);
    let data: Vec<Value> = page
        .data
        .iter()
        .map(|p| match serde_json::from_value::<Payment>(p.clone()) {
            Ok(payment) => payment_view(p.clone(), &payment, resp.status),
            Err(_) => Err(invalid_response(PAYROC, resp.status, "a list entry that is not a Payroc payment")),
        })
        .collect::<Result<_, _>>()?;
    let cursor = page
        .links
        .iter()
        .find(|l| l.rel == "next")
        .and_then(|l| l.href.as_deref())
        .and_then(|href| query_param(href, "after"))
        .filter(|cursor| !cursor.is_empty())
        .or_else(|| {
            // No next link: fall back on hasMore and the last id (the cursor Payroc's links use).
            page.has_more.then(|| page.data.last().and_then(|p| p.get("paymentId")?.as_str().map(str::to_string))).flatten()
        });
    let next = match cursor {
        Some(after) => {
            let mut next = filters.clone();
            next.remove("before");
            next.insert("after".into(), Value::String(after));
            Value::Object(next)
        }
        None => Value::Null,
    };
    if let Some(obj) = view.as_object_mut() {
        obj.insert("data".into(), Value::Array(data));
        obj.insert("next".into(), next);
    }
    Ok(view)
}

/// A query parameter of a URL, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v)).flatten()
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(if b == b'+' { b' ' } else { b });
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

// ---------------------------------------------------------------- refund results

/// The result of `POST /payments/{id}/refund`, whose body is the payment with the new
/// refund in `refunds[]`. The new entry is the one not there before (when the payment
/// was read first), else the last entry of the requested amount, else the last entry.
/// NOT CONFIRMED: whether an open-batch refund adds an entry or only shows
/// `transactionResult.status: "reversal"`; both read as succeeded.
pub fn referenced_refund_result(
    resp: HttpResponse,
    requested: u64,
    known_before: Option<&[String]>,
    idempotency_key: &str,
) -> Result<Value, RefundError> {
    let (payment, raw) =
        parse_success::<Payment>(&resp, "payment").map_err(|e| e.with_idempotency_key(Some(idempotency_key)))?;
    let (left, currency) = remaining(&payment, resp.status)?;
    let summary = match known_before {
        Some(before) => payment.refunds.iter().rev().find(|r| !before.contains(&r.refund_id)),
        None => payment.refunds.iter().rev().find(|r| r.amount.unsigned_abs() == requested),
    }
    .or(payment.refunds.last());
    let mut result = match summary {
        Some(s) => {
            let status = refund_status(TransactionStatus::parse(&s.status), ReversalMeans::PaymentReversed);
            let mut r = RefundResult::new(PAYROC, status, s.status.clone());
            r.refund_id = Some(s.refund_id.clone());
            r.amount = Some(amount_view(s.amount.unsigned_abs(), currency));
            r
        }
        None => {
            let word = &payment.transaction_result.status;
            let status = match TransactionStatus::parse(word) {
                Some(TransactionStatus::Reversal) => RefundStatus::Succeeded,
                // The refund is not listed: not known to be final.
                _ => RefundStatus::Pending,
            };
            let mut r = RefundResult::new(PAYROC, status, word.clone());
            r.amount = Some(amount_view(requested, currency));
            r
        }
    };
    result.remaining_refundable = Some(amount_view(left, currency));
    result.idempotency_key = Some(idempotency_key.to_string());
    result.raw = redacted(raw);
    Ok(to_value(&result))
}

/// A `retrievedRefund` (unreferenced refund, `getRefund`, a device refund) as a RefundResult.
pub fn retrieved_refund_result(resp: HttpResponse, idempotency_key: Option<&str>) -> Result<Value, RefundError> {
    let (refund, raw) = parse_success::<RetrievedRefund>(&resp, "refund").map_err(|e| e.with_idempotency_key(idempotency_key))?;
    let result = &refund.transaction_result;
    let reversal = match result.kind.as_deref() {
        Some("refund") => ReversalMeans::RefundReversed,
        _ => ReversalMeans::PaymentReversed,
    };
    let status = refund_status(TransactionStatus::parse(&result.status), reversal);
    let mut r = RefundResult::new(PAYROC, status, result.status.clone());
    r.refund_id = Some(refund.refund_id.clone());
    r.amount = Some(amount_view(refund.order.amount.unsigned_abs(), currency(&refund.order.currency, resp.status)?));
    r.approval_code = result.approval_code.clone().filter(|c| !c.is_empty());
    r.idempotency_key = idempotency_key.map(str::to_string);
    r.raw = redacted(raw);
    Ok(to_value(&r))
}

/// The refundId a `refund` link points at (`.../refunds/{refundId}`).
pub fn refund_id_from_link(link: Option<&Link>) -> Option<String> {
    let link = link.filter(|l| l.rel == "refund")?;
    let path = link.href.as_deref()?.split(['?', '#']).next()?;
    let id = path.trim_end_matches('/').rsplit('/').next()?;
    (!id.is_empty() && id.len() <= 64).then(|| id.to_string())
}

/// An instruction as lookups and `onStatus` show it: Payroc's object plus `refundId`
/// once it is completed.
pub fn instruction_view(raw: Value, instruction: &RefundInstruction) -> Value {
    let mut view = redacted(raw);
    if let (Some(obj), Some(id)) = (view.as_object_mut(), refund_id_from_link(instruction.link.as_ref())) {
        obj.insert("refundId".into(), Value::String(id));
    }
    view
}

pub fn instruction_result(resp: HttpResponse, idempotency_key: Option<&str>) -> Result<Value, RefundError> {
    let (instruction, raw) = parse_success::<RefundInstruction>(&resp, "refund instruction")
        .map_err(|e| e.with_idempotency_key(idempotency_key))?;
    let mut view = instruction_view(raw, &instruction);
    if let (Some(obj), Some(key)) = (view.as_object_mut(), idempotency_key) {
        obj.insert("idempotencyKey".into(), Value::String(key.to_string()));
    }
    Ok(view)
}

/// An instruction that ended without a refund (failure, canceled), as a RefundResult.
pub fn instruction_ended(status: InstructionStatus, word: &str, view: Value) -> Value {
    let mut r = RefundResult::new(PAYROC, status.refund_status(), word);
    r.raw = view;
    to_value(&r)
}

/// `DELETE /refund-instructions/{id}`: any 2xx (204 most likely, NOT CONFIRMED) is a cancel.
pub fn cancel_result(resp: HttpResponse, id: &str) -> Result<Value, RefundError> {
    if !resp.is_success() {
        return Err(error_from(&resp, None));
    }
    Ok(json!({ "refundInstructionId": id, "status": "canceled" }))
}

// ---------------------------------------------------------------- errors

/// A Payroc error response as a RefundError: the code from the HTTP status, refined by
/// the problem `type` (409 `idempotency-key-in-use` → idempotency_conflict), `details` =
/// the parsed problem body (redacted). A body that is not JSON is `invalid_response`.
pub fn error_from(resp: &HttpResponse, idempotency_key: Option<&str>) -> RefundError {
    let status = resp.status;
    let redactor = Redactor::default();
    let body_text = String::from_utf8_lossy(&resp.body);
    let (problem, details) = if body_text.trim().is_empty() {
        (None, None)
    } else {
        match resp.json() {
            Some(v) if v.is_object() => (serde_json::from_value::<Problem>(v.clone()).ok(), Some(redactor.json(v))),
            _ => {
                return invalid_response(PAYROC, status, "an error body that is not JSON")
                    .with_idempotency_key(idempotency_key)
            }
        }
    };
    let kind = problem.as_ref().and_then(|p| p.kind.clone()).unwrap_or_default();
    let code = match code_for_status(status) {
        ErrorCode::ProviderError if status == 409 && kind.to_ascii_lowercase().contains("idempoten") => {
            ErrorCode::IdempotencyConflict
        }
        code => code,
    };
    let mut message = format!("Payroc answered HTTP {status}");
    if let Some(p) = &problem {
        for part in [&p.title, &p.detail].into_iter().flatten() {
            message.push_str(": ");
            message.push_str(part);
        }
        let items: Vec<String> = p
            .errors
            .iter()
            .filter_map(|e| {
                let text = e.message.as_ref().or(e.detail.as_ref())?;
                Some(match &e.parameter {
                    Some(param) => format!("{param}: {text}"),
                    None => text.clone(),
                })
            })
            .collect();
        if !items.is_empty() {
            message.push_str(&format!(" ({})", items.join("; ")));
        }
    }
    let mut error = RefundError::new(code, redactor.text(&message))
        .with_provider(PAYROC)
        .with_status(status)
        .with_retryable(status_is_retryable(status))
        .with_idempotency_key(idempotency_key);
    error.details = details;
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() }
    }

    #[test]
    fn every_transaction_status_has_a_refund_status() {
        use RefundStatus::*;
        let table = [
            ("ready", Succeeded),
            ("complete", Succeeded),
            ("pending", Pending),
            ("accepted", Pending),
            ("admin", Pending),
            ("declined", Declined),
            ("referral", Declined),
            ("pickup", Declined),
            ("expired", Failed),
            ("returned", Failed),
            ("reversal", Succeeded),
            ("somethingNew", Pending),
        ];
        for (word, want) in table {
            assert_eq!(refund_status(TransactionStatus::parse(word), ReversalMeans::PaymentReversed), want, "{word}");
        }
        assert_eq!(refund_status(Some(TransactionStatus::Reversal), ReversalMeans::RefundReversed), Canceled);
        assert_eq!(InstructionStatus::parse("failure").unwrap().refund_status(), Failed);
        assert_eq!(InstructionStatus::parse("canceled").unwrap().refund_status(), Canceled);
        assert_eq!(InstructionStatus::parse("inProgress").unwrap().refund_status(), Pending);
        assert_eq!(InstructionStatus::parse("done"), None);
    }

    fn payment(refunds: Value, tr_status: &str) -> Value {
        json!({ "paymentId": "M2MJOG6O2Y", "processingTerminalId": "1234001",
                "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" },
                "card": { "type": "Visa Credit", "cardNumber": "453985******7062", "expiryDate": "1230" },
                "refunds": refunds, "transactionResult": { "type": "sale", "status": tr_status, "responseCode": "A" } })
    }

    #[test]
    fn remaining_counts_only_refunds_that_move_money_whatever_their_sign() {
        let p: Payment = serde_json::from_value(payment(
            json!([
                { "refundId": "AAAAAAAAAA", "dateTime": "x", "currency": "USD", "amount": -1000, "status": "ready", "responseCode": "A", "responseMessage": "" },
                { "refundId": "BBBBBBBBBB", "dateTime": "x", "currency": "USD", "amount": 4901, "status": "declined", "responseCode": "D", "responseMessage": "" },
                { "refundId": "CCCCCCCCCC", "dateTime": "x", "currency": "USD", "amount": 999, "status": "complete", "responseCode": "A", "responseMessage": "" }
            ]),
            "complete",
        ))
        .unwrap();
        assert_eq!(remaining(&p, 200).unwrap().0, 3000);
    }

    #[test]
    fn referenced_refund_picks_the_new_entry() {
        let body = payment(
            json!([
                { "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready", "currency": "USD" },
                { "refundId": "BBBBBBBBBB", "amount": 4901, "status": "declined", "currency": "USD" }
            ]),
            "complete",
        );
        let v = referenced_refund_result(resp(200, body.clone()), 4901, None, "k").unwrap();
        assert_eq!((v["status"].as_str(), v["refundId"].as_str()), (Some("declined"), Some("BBBBBBBBBB")));
        assert_eq!(v["remainingRefundable"]["minor"], 3999);
        assert_eq!(v["idempotencyKey"], "k");
        let known = vec!["BBBBBBBBBB".to_string()];
        let v = referenced_refund_result(resp(200, body), 1000, Some(&known), "k").unwrap();
        assert_eq!((v["status"].as_str(), v["refundId"].as_str()), (Some("succeeded"), Some("AAAAAAAAAA")));
        assert_eq!(v["amount"], json!({ "minor": 1000, "currency": "USD", "formatted": "10.00" }));
        // Open batch: the payment reversed; with or without a refunds[] entry it succeeded.
        let reversed = payment(json!([{ "refundId": "RRRRRRRRRR", "amount": 4999, "status": "reversal" }]), "reversal");
        let v = referenced_refund_result(resp(200, reversed), 4999, None, "k").unwrap();
        assert_eq!((v["status"].as_str(), v["providerStatus"].as_str()), (Some("succeeded"), Some("reversal")));
        let v = referenced_refund_result(resp(200, payment(json!([]), "reversal")), 4999, None, "k").unwrap();
        assert_eq!((v["status"].as_str(), v["refundId"].as_str()), (Some("succeeded"), None));
    }

    #[test]
    fn retrieved_refunds_map_their_transaction_result() {
        let refund = |kind: &str, status: &str| {
            json!({ "refundId": "CD3HN88U9F", "processingTerminalId": "1234001",
                    "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" },
                    "card": { "type": "Visa Credit", "cardNumber": "453985******7062", "expiryDate": "1230" },
                    "transactionResult": { "type": kind, "status": status, "approvalCode": "000000", "responseCode": "A" } })
        };
        let v = retrieved_refund_result(resp(201, refund("refund", "ready")), Some("k")).unwrap();
        assert_eq!(v["status"], "succeeded");
        assert_eq!(v["approvalCode"], "000000");
        assert_eq!(v["amount"]["formatted"], "49.99");
        assert_eq!(retrieved_refund_result(resp(200, refund("refund", "reversal")), None).unwrap()["status"], "canceled");
        assert_eq!(retrieved_refund_result(resp(200, refund("sale", "reversal")), None).unwrap()["status"], "succeeded");
        assert_eq!(retrieved_refund_result(resp(201, refund("refund", "referral")), None).unwrap()["status"], "declined");
        let e = retrieved_refund_result(resp(200, json!({ "hello": 1 })), Some("k")).unwrap_err();
        assert_eq!((e.code, e.idempotency_key.as_deref()), (ErrorCode::InvalidResponse, Some("k")));
    }

    #[test]
    fn problems_become_typed_errors() {
        let conflict = json!({ "type": "https://docs.payroc.com/api/errors#idempotency-key-in-use", "title": "Idempotency key in use",
                               "status": 409, "detail": "The Idempotency-Key was already used with a different request" });
        let e = error_from(&resp(409, conflict), Some("k"));
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::IdempotencyConflict, Some(409), false));
        assert_eq!(e.details.as_ref().unwrap()["title"], "Idempotency key in use");
        let cannot = json!({ "type": "https://docs.payroc.com/api/errors#cannot-be-modified", "title": "Cannot be modified", "status": 409, "detail": "x" });
        assert_eq!(error_from(&resp(409, cannot), None).code, ErrorCode::ProviderError);
        let bad = json!({ "type": "https://docs.payroc.com/api/errors#bad-request", "title": "Bad request", "status": 400,
                          "detail": "One or more validation errors occurred",
                          "errors": [{ "parameter": "cardNumber", "message": "4539858876047062 is not allowed" }] });
        let e = error_from(&resp(400, bad), None);
        assert_eq!(e.code, ErrorCode::ProviderError);
        assert!(e.message.contains("cardNumber: 453985******7062 is not allowed"), "{}", e.message);
        assert!(!serde_json::to_string(&e).unwrap().contains("4539858876047062"));
        assert_eq!(error_from(&resp(404, json!({ "title": "Not found" })), None).code, ErrorCode::NotFound);
        assert_eq!(error_from(&resp(401, json!({})), None).code, ErrorCode::Authentication);
        let html = HttpResponse { status: 502, headers: vec![], body: b"<html>bad gateway</html>".to_vec() };
        let e = error_from(&html, None);
        assert_eq!((e.code, e.retryable), (ErrorCode::InvalidResponse, true));
        let empty = HttpResponse { status: 403, headers: vec![], body: vec![] };
        assert_eq!(error_from(&empty, None).code, ErrorCode::Authentication);
    }

    #[test]
    fn pages_carry_the_filters_of_the_next_page() {
        let page = json!({ "limit": 2, "count": 2, "hasMore": true,
            "links": [{ "rel": "next", "method": "get", "href": "https://api.payroc.com/v1/payments?processingTerminalId=1234001&limit=2&after=B6ZOFZNVOP" }],
            "data": [payment(json!([]), "complete")] });
        let filters = json!({ "processingTerminalId": "1234001", "limit": 2, "before": "X" });
        let v = list_payments_result(resp(200, page), filters.as_object().unwrap()).unwrap();
        assert_eq!(v["next"], json!({ "processingTerminalId": "1234001", "limit": 2, "after": "B6ZOFZNVOP" }));
        assert_eq!(v["data"][0]["remainingRefundable"]["minor"], 4999);
        let last = json!({ "limit": 2, "count": 0, "hasMore": false, "links": [], "data": [] });
        assert_eq!(list_payments_result(resp(200, last), &Map::new()).unwrap()["next"], Value::Null);
        assert_eq!(query_param("https://x/p?a=1&after=A%20B", "after").as_deref(), Some("A B"));
        assert_eq!(query_param("https://x/p?after=%zz", "after"), None);
    }

    proptest::proptest! {
        #[test]
        fn no_answer_makes_the_readers_panic(status in 100u16..600, body in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let r = HttpResponse { status, headers: vec![], body };
            let _ = error_from(&r, None);
            let _ = retrieved_refund_result(r.clone(), None);
            let _ = referenced_refund_result(r.clone(), 1, None, "k");
            let _ = list_payments_result(r.clone(), &Map::new());
            let _ = instruction_result(r.clone(), None);
            let _ = cancel_result(r, "id");
        }

        #[test]
        fn no_link_or_query_makes_them_panic(href in "\\PC{0,40}") {
            let _ = query_param(&href, "after");
            let _ = refund_id_from_link(Some(&Link { rel: "refund".into(), href: Some(href) }));
        }
    }

    #[test]
    fn refund_links_give_the_refund_id() {
        let link = |rel: &str, href: &str| Link { rel: rel.into(), href: Some(href.into()) };
        assert_eq!(refund_id_from_link(Some(&link("refund", "https://api.payroc.com/v1/refunds/CD3HN88U9F"))).as_deref(), Some("CD3HN88U9F"));
        assert_eq!(refund_id_from_link(Some(&link("self", "https://api.payroc.com/v1/refund-instructions/a3"))), None);
        assert_eq!(refund_id_from_link(None), None);
    }
}
