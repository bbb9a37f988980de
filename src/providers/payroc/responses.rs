//! Reading Payroc's answers: payments (what is left, which refunds it has), refund and
//! reversal results, lookups, pages, device instructions, and RFC 7807 errors.

use super::status::{counts_as_refunded, refund_status, InstructionStatus, ReversalMeans, TransactionStatus};
use crate::error::{answered, code_for_status, foreign_error_body, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::http::{query_param, HttpResponse};
use crate::json::{Map, Obj, ToJson, Value};
use crate::money::{AmountView, Currency};
use crate::result::{ProviderName, RefundKind, RefundResult, RefundStatus};

const PAYROC: ProviderName = ProviderName::Payroc;

/// A success body as JSON; errors are read from Payroc's format.
pub fn success(resp: &HttpResponse) -> Result<Value, RefundError> {
    if !resp.is_success() {
        return Err(error(resp));
    }
    resp.json().filter(Value::is_object).ok_or_else(|| invalid_response(PAYROC, resp.status, "a body that is not a JSON object"))
}

// ---------------------------------------------------------------- payments

/// One entry of `payment.refunds[]` (`refundSummary`). The sign of `amount` differs between
/// Payroc's examples (NOT CONFIRMED), so its absolute value is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundEntry {
    pub refund_id: String,
    pub amount: u64,
    pub status: String,
}

/// What a payment says about refunding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub payment_id: String,
    pub currency: Currency,
    pub amount: u64,
    /// Its amount minus every refund and reversal that may move money.
    pub remaining: u64,
    pub refunds: Vec<RefundEntry>,
    /// `transactionResult.status`.
    pub status: String,
    /// In an open batch: `supportedOperations` offers a reversal (or `settlementState` is
    /// `unsettled`). Reversal then replaces refund (seed 000).
    pub open_batch: bool,
}

impl Payment {
    pub fn read(body: &Value, status: u16) -> Result<Payment, RefundError> {
        let o = Obj::of(body);
        let bad = || invalid_response(PAYROC, status, "a body that is not a Payroc payment");
        let order = o.obj("order");
        let currency = order.str("currency").and_then(Currency::from_code).ok_or_else(bad)?;
        let amount = order.i64("amount").ok_or_else(bad)?.unsigned_abs();
        let refunds: Vec<RefundEntry> = o
            .arr("refunds")
            .iter()
            .filter_map(|r| {
                let r = Obj::of(r);
                Some(RefundEntry {
                    refund_id: r.text("refundId")?,
                    amount: r.i64("amount")?.unsigned_abs(),
                    status: r.text("status").unwrap_or_default(),
                })
            })
            .collect();
        let refunded = refunds
            .iter()
            .filter(|r| counts_as_refunded(TransactionStatus::parse(&r.status)))
            .map(|r| r.amount)
            .fold(0u64, u64::saturating_add);
        let operations: Vec<&str> = o.arr("supportedOperations").iter().filter_map(Value::as_str).collect();
        let open_batch = operations.iter().any(|op| matches!(*op, "fullyReverse" | "partiallyReverse"))
            || o.str("settlementState") == Some("unsettled");
        Ok(Payment {
            payment_id: o.text("paymentId").ok_or_else(bad)?,
            currency,
            amount,
            remaining: amount.saturating_sub(refunded),
            refunds,
            status: o.obj("transactionResult").text("status").unwrap_or_default(),
            open_batch,
        })
    }

    pub fn refund_ids(&self) -> Vec<String> {
        self.refunds.iter().map(|r| r.refund_id.clone()).collect()
    }

    pub fn remaining_view(&self) -> AmountView {
        AmountView::new(self.remaining, self.currency)
    }
}

/// A payment as `getPayment` returns it: Payroc's object plus `remainingRefundable`.
pub fn payment_view(mut raw: Value, payment: &Payment) -> Value {
    if let Some(obj) = raw.as_object_mut() {
        obj.insert("remainingRefundable", payment.remaining_view().to_value());
    }
    raw
}

pub fn get_payment_result(resp: HttpResponse) -> Result<Value, RefundError> {
    let raw = success(&resp)?;
    let payment = Payment::read(&raw, resp.status)?;
    Ok(payment_view(raw, &payment))
}

// ---------------------------------------------------------------- pages

/// A page of `GET /payments` or `GET /refunds` as the caller sees it: Payroc's page plus
/// `next`, the filters of the following page (`null` at the end). Payments gain
/// `remainingRefundable`; refunds are `RefundResult`s with the raw refund.
pub fn page_result(resp: HttpResponse, filters: &Map, refunds: bool) -> Result<Value, RefundError> {
    let mut view = success(&resp)?;
    let o = Obj::of(&view);
    let id_key = if refunds { "refundId" } else { "paymentId" };
    let data: Vec<Value> = o
        .arr("data")
        .iter()
        .map(|item| {
            if refunds {
                retrieved_refund(item.clone(), resp.status, None).map(|r| r.to_value())
            } else {
                Payment::read(item, resp.status).map(|p| payment_view(item.clone(), &p))
            }
        })
        .collect::<Result<_, _>>()?;
    let cursor = o
        .arr("links")
        .iter()
        .map(Obj::of)
        .find(|l| l.str("rel") == Some("next"))
        .and_then(|l| l.str("href").and_then(|href| query_param(href, "after")))
        .filter(|cursor| !cursor.is_empty())
        .or_else(|| {
            // No next link: fall back on hasMore and the last id (the cursor Payroc's links use).
            if o.bool("hasMore") == Some(true) {
                o.arr("data").last().and_then(|last| Obj::of(last).text(id_key))
            } else {
                None
            }
        });
    let next = match cursor {
        Some(after) => {
            let mut next = filters.clone();
            next.remove("before");
            next.insert("after", after);
            Value::Object(next)
        }
        None => Value::Null,
    };
    if let Some(obj) = view.as_object_mut() {
        obj.insert("data", data);
        obj.insert("next", next);
    }
    Ok(view)
}

// ---------------------------------------------------------------- refunds and reversals

/// Which entry of a payment's `refunds[]` this call made, told apart from the ones the
/// payment had before (`known`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made<'a> {
    This(&'a RefundEntry),
    /// No entry was added and none can be told apart.
    Nothing,
    /// More than one new entry of this amount (a concurrent refund): cannot tell which.
    Unclear,
}

/// The entry of `after` that a refund or reversal of `amount` added, given the ids `known`
/// before it.
///
/// `answer`: `after` is Payroc's answer to this very request, the payment as it stood just
/// after the refund was made (NOT CONFIRMED, but what the sandbox does and what one
/// transaction per refund implies). Then, when refunds of the same amount ran at the same
/// time, the newest entry is this one; and a replayed answer (the same key sent again: every
/// entry was known already) names the entry that was newest when it was first made. Read
/// later (`syncRefund`), the payment may hold newer refunds, so several candidates stay
/// unclear.
pub fn made<'a>(after: &'a Payment, known: &[String], amount: u64, answer: bool) -> Made<'a> {
    let new: Vec<&RefundEntry> = after.refunds.iter().filter(|r| !known.contains(&r.refund_id) && r.amount == amount).collect();
    let newest = after.refunds.last().filter(|last| answer && last.amount == amount);
    match new.as_slice() {
        [one] => Made::This(one),
        [] => {
            let replayed = !after.refunds.is_empty() && after.refunds.iter().all(|r| known.contains(&r.refund_id));
            match newest {
                Some(last) if replayed => Made::This(last),
                _ => Made::Nothing,
            }
        }
        several => match newest {
            Some(last) if several.iter().any(|n| n.refund_id == last.refund_id) => Made::This(last),
            _ => Made::Unclear,
        },
    }
}

/// The result of `POST /payments/{id}/refund` or `/reverse`, whose answer is the whole payment.
/// `before` is the payment as read just before; the result names only the entry this call
/// made, and says `pending` with `refundId: null` when it cannot tell which one that is.
pub fn payment_change_result(resp: HttpResponse, before: &Payment, amount: u64, kind: RefundKind) -> Result<RefundResult, RefundError> {
    let raw = success(&resp)?;
    let after = Payment::read(&raw, resp.status)?;
    let mut result = match made(&after, &before.refund_ids(), amount, true) {
        Made::This(entry) => {
            let word = TransactionStatus::parse(&entry.status);
            let mut r = RefundResult::new(PAYROC, refund_status(word, ReversalMeans::PaymentReversed), entry.status.clone());
            r.refund_id = Some(entry.refund_id.clone());
            // The gateway reverses a refund of a payment in an open batch (seed 000).
            r.kind = if word == Some(TransactionStatus::Reversal) { RefundKind::Reversal } else { kind };
            r
        }
        Made::Nothing if after.status == "reversal" && before.status != "reversal" => {
            // The whole payment was reversed and no refund entry was made: it is still this call's doing.
            let mut r = RefundResult::new(PAYROC, RefundStatus::Succeeded, "reversal");
            r.kind = RefundKind::Reversal;
            r
        }
        Made::Nothing | Made::Unclear => {
            let mut r = RefundResult::new(PAYROC, RefundStatus::Pending, after.status.clone());
            r.kind = kind;
            r
        }
    };
    result.amount = Some(AmountView::new(amount, before.currency));
    result.remaining_refundable = Some(after.remaining_view());
    result.raw = raw;
    Ok(result)
}

/// A `retrievedRefund` (unreferenced refund answers, `getRefund`, lists) as a result.
pub fn retrieved_refund(raw: Value, status: u16, idempotency_key: Option<&str>) -> Result<RefundResult, RefundError> {
    let o = Obj::of(&raw);
    let bad = || invalid_response(PAYROC, status, "a body that is not a Payroc refund");
    let refund_id = o.text("refundId").ok_or_else(bad)?;
    let order = o.obj("order");
    let currency = order.str("currency").and_then(Currency::from_code).ok_or_else(bad)?;
    let amount = order.i64("amount").ok_or_else(bad)?.unsigned_abs();
    let result = o.obj("transactionResult");
    let word = result.text("status").ok_or_else(bad)?;
    let reversal = match result.str("type") {
        Some("refund") => ReversalMeans::RefundReversed,
        _ => ReversalMeans::PaymentReversed,
    };
    let status_word = TransactionStatus::parse(&word);
    let mut r = RefundResult::new(PAYROC, refund_status(status_word, reversal), word);
    r.kind = if status_word == Some(TransactionStatus::Reversal) && reversal == ReversalMeans::PaymentReversed {
        RefundKind::Reversal
    } else {
        RefundKind::Refund
    };
    r.refund_id = Some(refund_id);
    r.amount = Some(AmountView::new(amount, currency));
    r.approval_code = result.text("approvalCode");
    r.idempotency_key = idempotency_key.map(str::to_string);
    r.raw = raw;
    Ok(r)
}

pub fn retrieved_refund_result(resp: HttpResponse, idempotency_key: Option<&str>) -> Result<RefundResult, RefundError> {
    let raw = success(&resp)?;
    retrieved_refund(raw, resp.status, idempotency_key)
}

/// An entry of a payment's `refunds[]` as a result (a reversal entry, read by `syncRefund`).
pub fn entry_result(entry: &RefundEntry, payment: &Payment, kind: RefundKind, raw: Value) -> RefundResult {
    let word = TransactionStatus::parse(&entry.status);
    let mut r = RefundResult::new(PAYROC, refund_status(word, ReversalMeans::PaymentReversed), entry.status.clone());
    r.kind = kind;
    r.refund_id = Some(entry.refund_id.clone());
    r.amount = Some(AmountView::new(entry.amount, payment.currency));
    r.remaining_refundable = Some(payment.remaining_view());
    r.raw = raw;
    r
}

// ---------------------------------------------------------------- device instructions

/// The refundId a `refund` link points at (`.../refunds/{refundId}`).
pub fn refund_id_from_link(link: Obj) -> Option<String> {
    if link.str("rel") != Some("refund") {
        return None;
    }
    let path = link.str("href")?.split(['?', '#']).next()?;
    let id = path.trim_end_matches('/').rsplit('/').next()?;
    (!id.is_empty() && id.len() <= 64).then(|| id.to_string())
}

/// An instruction as lookups and `onStatus` show it: Payroc's object plus `refundId` once
/// it is completed.
pub fn instruction_view(mut raw: Value) -> Value {
    let id = refund_id_from_link(Obj::of(&raw).obj("link"));
    if let (Some(obj), Some(id)) = (raw.as_object_mut(), id) {
        obj.insert("refundId", id);
    }
    raw
}

/// `submitRefundInstruction` and `getRefundInstruction`: the instruction, plus the key
/// that submitted it.
pub fn instruction_result(resp: HttpResponse, idempotency_key: Option<&str>) -> Result<Value, RefundError> {
    let raw = success(&resp)?;
    if Obj::of(&raw).str("status").is_none() {
        return Err(invalid_response(PAYROC, resp.status, "a body that is not a Payroc refund instruction"));
    }
    let mut view = instruction_view(raw);
    if let (Some(obj), Some(key)) = (view.as_object_mut(), idempotency_key) {
        obj.insert("idempotencyKey", key);
    }
    Ok(view)
}

/// An instruction that ended without a refund (failure, canceled), as a RefundResult.
pub fn instruction_ended(status: InstructionStatus, word: &str, view: Value, idempotency_key: Option<&str>) -> RefundResult {
    let mut r = RefundResult::new(PAYROC, status.refund_status(), word);
    r.idempotency_key = idempotency_key.map(str::to_string);
    r.raw = view;
    r
}

/// `DELETE /refund-instructions/{id}`: any 2xx (204 most likely, NOT CONFIRMED) is a cancel.
pub fn cancel_result(resp: HttpResponse, id: &str) -> Result<Value, RefundError> {
    if !resp.is_success() {
        return Err(error(&resp));
    }
    Ok(crate::obj! { "refundInstructionId" => id, "status" => "canceled" })
}

// ---------------------------------------------------------------- errors

/// A Payroc error response as a RefundError: the code from the HTTP status, refined by the
/// problem `type` (409 `idempotency-key-in-use` → idempotency_conflict), `details` = the
/// problem body. A body that is not JSON is `invalid_response`.
pub fn error(resp: &HttpResponse) -> RefundError {
    let status = resp.status;
    let problem = if resp.body.trim().is_empty() {
        None
    } else {
        match resp.json() {
            Some(v) if v.is_object() => Some(v),
            _ => return foreign_error_body(PAYROC, status, "an error body that is not JSON"),
        }
    };
    let p = problem.as_ref().map(Obj::of);
    let kind = p.and_then(|p| p.str("type")).unwrap_or_default();
    let code = match code_for_status(status) {
        ErrorCode::ProviderError if status == 409 && kind.to_ascii_lowercase().contains("idempoten") => ErrorCode::IdempotencyConflict,
        code => code,
    };
    let mut message = answered(PAYROC, status);
    if let Some(p) = p {
        for part in [p.str("title"), p.str("detail")].into_iter().flatten() {
            message.push_str(": ");
            message.push_str(part);
        }
        let mut items = String::new();
        for e in p.arr("errors").iter().map(Obj::of) {
            let Some(text) = e.str("message").or(e.str("detail")) else { continue };
            items.push_str(if items.is_empty() { " (" } else { "; " });
            if let Some(param) = e.str("parameter") {
                items.push_str(param);
                items.push_str(": ");
            }
            items.push_str(text);
        }
        if !items.is_empty() {
            message.push_str(&items);
            message.push(')');
        }
    }
    let mut e = RefundError::new(code, message).with_provider(PAYROC).with_status(status).with_retryable(status_is_retryable(status));
    e.details = problem;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse::new(status, body.to_json())
    }

    fn payment(refunds: Value, tr_status: &str) -> Value {
        let mut p = j!({ "paymentId": "M2MJOG6O2Y", "processingTerminalId": "1234001",
             "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" },
             "card": { "type": "Visa Credit", "cardNumber": "453985******7062", "expiryDate": "1230" },
             "supportedOperations": ["refund"],
             "transactionResult": { "type": "sale", "status": tr_status, "responseCode": "A" } });
        p.as_object_mut().unwrap().insert("refunds", refunds);
        p
    }

    #[test]
    fn remaining_counts_only_refunds_that_move_money_whatever_their_sign() {
        let p = Payment::read(
            &payment(
                j!([
                    { "refundId": "AAAAAAAAAA", "dateTime": "x", "currency": "USD", "amount": -1000, "status": "ready" },
                    { "refundId": "BBBBBBBBBB", "dateTime": "x", "currency": "USD", "amount": 4901, "status": "declined" },
                    { "refundId": "CCCCCCCCCC", "dateTime": "x", "currency": "USD", "amount": 999, "status": "complete" }
                ]),
                "complete",
            ),
            200,
        )
        .unwrap();
        assert_eq!((p.remaining, p.open_batch), (3000, false));
    }

    fn before(refunds: Value, status: &str) -> Payment {
        Payment::read(&payment(refunds, status), 200).unwrap()
    }

    #[test]
    fn a_refund_names_only_the_entry_it_made() {
        let old = j!([{ "refundId": "BBBBBBBBBB", "amount": 4901, "status": "declined" }]);
        let both = j!([{ "refundId": "BBBBBBBBBB", "amount": 4901, "status": "declined" }, { "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready" }]);
        let r = payment_change_result(resp(200, payment(both.clone(), "complete")), &before(old.clone(), "complete"), 1000, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.refund_id.as_deref(), r.kind), (RefundStatus::Succeeded, Some("AAAAAAAAAA"), RefundKind::Refund));
        assert_eq!(r.remaining_refundable.unwrap().minor, 3999);
        // The answer shows no new entry of this amount: never the older declined one.
        let r = payment_change_result(resp(200, payment(old.clone(), "complete")), &before(j!([]), "complete"), 4901 + 1, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.refund_id), (RefundStatus::Pending, None));
        // Two new entries of the same amount (a concurrent refund): the answer's newest is this one.
        let two = j!([{ "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready" }, { "refundId": "CCCCCCCCCC", "amount": 1000, "status": "ready" }]);
        let r = payment_change_result(resp(200, payment(two.clone(), "complete")), &before(j!([]), "complete"), 1000, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.refund_id.as_deref()), (RefundStatus::Succeeded, Some("CCCCCCCCCC")));
        // Read later, they cannot be told apart.
        let later = before(two, "complete");
        assert_eq!(made(&later, &[], 1000, false), Made::Unclear);
        // A newer refund of another amount: not this one.
        let other = j!([{ "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready" }, { "refundId": "CCCCCCCCCC", "amount": 1000, "status": "ready" }, { "refundId": "DDDDDDDDDD", "amount": 5, "status": "ready" }]);
        let r = payment_change_result(resp(200, payment(other, "complete")), &before(j!([]), "complete"), 1000, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.refund_id), (RefundStatus::Pending, None));
    }

    #[test]
    fn a_replayed_answer_names_the_entry_that_was_newest_when_it_was_made() {
        let saved = j!([{ "refundId": "BBBBBBBBBB", "amount": 4901, "status": "declined" }, { "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready" }]);
        let now = j!([{ "refundId": "BBBBBBBBBB", "amount": 4901, "status": "declined" }, { "refundId": "AAAAAAAAAA", "amount": 1000, "status": "ready" }, { "refundId": "DDDDDDDDDD", "amount": 1000, "status": "ready" }]);
        let r = payment_change_result(resp(200, payment(saved, "complete")), &before(now, "complete"), 1000, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.refund_id.as_deref()), (RefundStatus::Succeeded, Some("AAAAAAAAAA")));
    }

    #[test]
    fn open_batch_refunds_are_reversals() {
        let reversed = j!([{ "refundId": "RRRRRRRRRR", "amount": 4999, "status": "reversal" }]);
        let r = payment_change_result(resp(200, payment(reversed, "reversal")), &before(j!([]), "complete"), 4999, RefundKind::Refund).unwrap();
        assert_eq!((r.status, r.kind, r.refund_id.as_deref()), (RefundStatus::Succeeded, RefundKind::Reversal, Some("RRRRRRRRRR")));
        let r = payment_change_result(resp(200, payment(j!([]), "reversal")), &before(j!([]), "complete"), 4999, RefundKind::Reversal).unwrap();
        assert_eq!((r.status, r.kind, r.refund_id), (RefundStatus::Succeeded, RefundKind::Reversal, None));
    }

    #[test]
    fn retrieved_refunds_map_their_transaction_result() {
        let refund = |kind: &str, status: &str| {
            j!({ "refundId": "CD3HN88U9F", "processingTerminalId": "1234001",
                 "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD" },
                 "card": { "type": "Visa Credit", "cardNumber": "453985******7062", "expiryDate": "1230" },
                 "transactionResult": { "type": kind, "status": status, "approvalCode": "000000", "responseCode": "A" } })
        };
        let r = retrieved_refund_result(resp(201, refund("refund", "ready")), Some("k")).unwrap();
        assert_eq!((r.status, r.approval_code.as_deref(), r.amount.unwrap().formatted.as_str()), (RefundStatus::Succeeded, Some("000000"), "49.99"));
        assert_eq!(retrieved_refund_result(resp(200, refund("refund", "reversal")), None).unwrap().status, RefundStatus::Canceled);
        assert_eq!(retrieved_refund_result(resp(200, refund("sale", "reversal")), None).unwrap().status, RefundStatus::Succeeded);
        assert_eq!(retrieved_refund_result(resp(201, refund("refund", "referral")), None).unwrap().status, RefundStatus::Declined);
        assert_eq!(retrieved_refund_result(resp(201, refund("refund", "pending")), None).unwrap().status, RefundStatus::Pending);
        let e = retrieved_refund_result(resp(200, j!({ "hello": 1 })), Some("k")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn problems_become_typed_errors() {
        let conflict = j!({ "type": "https://docs.payroc.com/api/errors#idempotency-key-in-use", "title": "Idempotency key in use",
                            "status": 409, "detail": "The Idempotency-Key was already used with a different request" });
        let e = error(&resp(409, conflict));
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::IdempotencyConflict, Some(409), false));
        assert_eq!(e.details.as_ref().unwrap()["title"], "Idempotency key in use");
        let cannot = j!({ "type": "https://docs.payroc.com/api/errors#cannot-be-modified", "title": "Cannot be modified", "status": 409, "detail": "x" });
        assert_eq!(error(&resp(409, cannot)).code, ErrorCode::ProviderError);
        let bad = j!({ "type": "https://docs.payroc.com/api/errors#bad-request", "title": "Bad request", "status": 400,
                       "detail": "One or more validation errors occurred", "errors": [{ "parameter": "amount", "message": "is more than what is left" }] });
        assert!(error(&resp(400, bad)).message.ends_with("(amount: is more than what is left)"));
        assert_eq!(error(&resp(404, j!({ "title": "Not found" }))).code, ErrorCode::NotFound);
        let html = HttpResponse::new(502, "<html>bad gateway</html>");
        let e = error(&html);
        assert_eq!((e.code, e.retryable), (ErrorCode::InvalidResponse, true));
        assert_eq!(error(&HttpResponse::new(403, "")).code, ErrorCode::Authentication);
    }

    #[test]
    fn pages_carry_the_filters_of_the_next_page() {
        let mut page = j!({ "limit": 2, "count": 2, "hasMore": true,
            "links": [{ "rel": "next", "method": "get", "href": "https://api.payroc.com/v1/payments?processingTerminalId=1234001&limit=2&after=B6ZOFZNVOP" }] });
        page.as_object_mut().unwrap().insert("data", vec![payment(j!([]), "complete")]);
        let filters = j!({ "processingTerminalId": "1234001", "limit": 2, "before": "X" });
        let v = page_result(resp(200, page), filters.as_object().unwrap(), false).unwrap();
        assert_eq!(v["next"].to_json(), r#"{"limit":2,"processingTerminalId":"1234001","after":"B6ZOFZNVOP"}"#);
        assert_eq!(v["data"][0]["remainingRefundable"]["minor"].as_u64(), Some(4999));
        let last = j!({ "limit": 2, "count": 0, "hasMore": false, "links": [], "data": [] });
        assert_eq!(page_result(resp(200, last), &Map::new(), true).unwrap()["next"], Value::Null);
    }

    #[test]
    fn refund_links_give_the_refund_id() {
        let link = |rel: &str, href: &str| j!({ "rel": rel, "href": href });
        assert_eq!(refund_id_from_link(Obj::of(&link("refund", "https://api.payroc.com/v1/refunds/CD3HN88U9F"))).as_deref(), Some("CD3HN88U9F"));
        assert_eq!(refund_id_from_link(Obj::of(&link("self", "https://api.payroc.com/v1/refund-instructions/a3"))), None);
        assert_eq!(refund_id_from_link(Obj::of(&Value::Null)), None);
    }

    proptest::proptest! {
        #[test]
        fn no_answer_makes_the_readers_panic(status in 100u16..600, body in "\\PC{0,64}") {
            let r = HttpResponse::new(status, body);
            let p = before(j!([]), "complete");
            let _ = error(&r);
            let _ = retrieved_refund_result(r.clone(), None);
            let _ = payment_change_result(r.clone(), &p, 1, RefundKind::Refund);
            let _ = page_result(r.clone(), &Map::new(), false);
            let _ = instruction_result(r.clone(), None);
            let _ = cancel_result(r, "id");
        }
    }
}
