//! Reading J.P. Morgan's answers: refunds, payments, reversals (`PATCH` answers) and errors
//! (`{ responseStatus, responseCode, responseMessage, validationErrors[] }`).

use super::status::{refund_status, reversal_status, ResponseStatus, TransactionState};
use crate::error::{answered, code_for_status, foreign_error_body, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::http::HttpResponse;
use crate::json::{Obj, ToJson, Value};
use crate::money::{AmountView, Currency};
use crate::result::{ProviderName, RefundKind, RefundResult};

const PROVIDER: ProviderName = ProviderName::Jpmorgan;

/// The JSON object of a 2xx answer; anything else becomes the matching error.
pub fn success(response: &HttpResponse) -> Result<Value, RefundError> {
    if !response.is_success() {
        return Err(error(response));
    }
    match response.json() {
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(invalid_response(PROVIDER, response.status, "JSON that is not an object")),
        None => Err(invalid_response(PROVIDER, response.status, "a body that is not JSON")),
    }
}

/// `"SUCCESS/AUTHORIZED"`: the provider's words, as they came.
fn provider_status(o: Obj) -> String {
    let mut s = String::from(o.str("responseStatus").unwrap_or("-"));
    s.push('/');
    s.push_str(o.str("transactionState").unwrap_or("-"));
    s
}

/// An amount in the answer's currency; zero is allowed (nothing left to refund).
fn amount_view(minor: Option<u64>, currency: Option<&str>) -> Option<AmountView> {
    Some(AmountView::new(minor?, Currency::from_code(currency?)?))
}

/// A refund object (the answer to `POST /refunds`, or a lookup's) as a `RefundResult`.
pub fn refund(raw: Value, status: u16, idempotency_key: Option<&str>) -> Result<RefundResult, RefundError> {
    let o = Obj::of(&raw);
    let Some(result_status) = refund_status(ResponseStatus::parse(o.str("responseStatus")), TransactionState::parse(o.str("transactionState"))) else {
        return Err(provider_error(status, &raw).with_idempotency_key(idempotency_key));
    };
    if o.str("responseStatus").is_none() && o.str("transactionState").is_none() {
        return Err(invalid_response(PROVIDER, status, "JSON that is not a refund response"));
    }
    let currency = o.str("currency");
    let mut r = RefundResult::new(PROVIDER, result_status, provider_status(o));
    r.refund_id = o.text("transactionId");
    r.amount = amount_view(o.u64("amount"), currency);
    r.remaining_refundable = amount_view(o.u64("remainingRefundableAmount"), currency);
    r.approval_code = o.text("approvalCode");
    r.idempotency_key = idempotency_key.map(str::to_string);
    r.raw = raw;
    Ok(r)
}

pub fn refund_result(response: HttpResponse, idempotency_key: Option<&str>) -> Result<RefundResult, RefundError> {
    let raw = success(&response)?;
    refund(raw, response.status, idempotency_key)
}

/// A lookup's answer: J.P. Morgan's own refund object as it came, or the error.
pub fn lookup_result(response: HttpResponse) -> Result<Value, RefundError> {
    let raw = success(&response)?;
    if Obj::of(&raw).str("responseStatus").is_none() {
        return Err(invalid_response(PROVIDER, response.status, "JSON that is not a refund response"));
    }
    Ok(raw)
}

/// What a payment says about reversing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub transaction_id: String,
    pub state: Option<TransactionState>,
    pub state_word: String,
    pub capture_method: String,
    /// The current total authorization.
    pub amount: u64,
    pub currency: Currency,
    /// The request-id of the last change (`PATCH`), as J.P. Morgan reports it.
    pub request_id: Option<String>,
}

impl Payment {
    pub fn read(raw: &Value, status: u16) -> Result<Payment, RefundError> {
        let o = Obj::of(raw);
        let bad = || invalid_response(PROVIDER, status, "JSON that is not a J.P. Morgan payment");
        Ok(Payment {
            transaction_id: o.text("transactionId").ok_or_else(bad)?,
            state: TransactionState::parse(o.str("transactionState")),
            state_word: o.text("transactionState").unwrap_or_default(),
            capture_method: o.text("captureMethod").unwrap_or_else(|| "MANUAL".to_string()),
            amount: o.u64("amount").ok_or_else(bad)?,
            currency: o.str("currency").and_then(Currency::from_code).ok_or_else(bad)?,
            request_id: o.text("requestId"),
        })
    }
}

/// `getPayment(transactionId)`: J.P. Morgan's payment plus `remainingRefundable`.
pub fn payment_result(response: HttpResponse) -> Result<Value, RefundError> {
    let mut raw = success(&response)?;
    let payment = Payment::read(&raw, response.status)?;
    let left = Obj::of(&raw).u64("remainingRefundableAmount");
    if let (Some(obj), Some(left)) = (raw.as_object_mut(), left) {
        obj.insert("remainingRefundable", AmountView::new(left, payment.currency).to_value());
    }
    Ok(raw)
}

/// The answer to a `PATCH /payments/{id}` (the payment after it) as a reversal result.
/// J.P. Morgan gives a reversal no id of its own: `refundId` is the payment's.
pub fn reversal_result(response: HttpResponse, amount: u64, idempotency_key: &str) -> Result<RefundResult, RefundError> {
    let raw = success(&response)?;
    let payment = Payment::read(&raw, response.status)?;
    let o = Obj::of(&raw);
    let Some(status) = reversal_status(ResponseStatus::parse(o.str("responseStatus")), payment.state) else {
        return Err(provider_error(response.status, &raw));
    };
    let mut r = RefundResult::new(PROVIDER, status, provider_status(o));
    r.kind = RefundKind::Reversal;
    r.refund_id = Some(payment.transaction_id.clone());
    r.amount = Some(AmountView::new(amount, payment.currency));
    r.remaining_refundable = Some(AmountView::new(if payment.state == Some(TransactionState::Voided) { 0 } else { payment.amount }, payment.currency));
    r.idempotency_key = Some(idempotency_key.to_string());
    r.raw = raw;
    Ok(r)
}

/// The error for a non-2xx answer, from J.P. Morgan's error body.
pub fn error(response: &HttpResponse) -> RefundError {
    let status = response.status;
    match response.json() {
        Some(body @ Value::Object(_)) if Obj::of(&body).text("responseCode").is_some() => provider_error(status, &body),
        Some(_) => foreign_error_body(PROVIDER, status, "JSON that is not a J.P. Morgan error body"),
        None => foreign_error_body(PROVIDER, status, "a body that is not JSON"),
    }
}

/// A typed error from an error body; `details` is the body, `validationErrors` included.
fn provider_error(status: u16, body: &Value) -> RefundError {
    let o = Obj::of(body);
    let code_word = o.text("responseCode").unwrap_or_default();
    let code = match (status, code_word.as_str()) {
        // NOT CONFIRMED what J.P. Morgan does with a reused request-id; the sandbox answers
        // 409 DUPLICATE, as JPM's sibling APIs document.
        (409, _) | (_, "DUPLICATE") => ErrorCode::IdempotencyConflict,
        (200..=299, _) => ErrorCode::ProviderError,
        _ => code_for_status(status),
    };
    let mut message = answered(PROVIDER, status);
    if !code_word.is_empty() {
        message.push(' ');
        message.push_str(&code_word);
    }
    if let Some(m) = o.str("responseMessage") {
        message.push_str(": ");
        message.push_str(m);
    }
    let mut fields = String::new();
    for v in o.arr("validationErrors").iter().map(Obj::of) {
        fields.push_str(if fields.is_empty() { " (" } else { "; " });
        fields.push_str(v.str("entity").unwrap_or("?"));
        fields.push_str(": ");
        fields.push_str(v.str("message").or(v.str("code")).unwrap_or("invalid"));
    }
    if !fields.is_empty() {
        message.push_str(&fields);
        message.push(')');
    }
    RefundError::new(code, message)
        .with_provider(PROVIDER)
        .with_status(status)
        .with_retryable(status_is_retryable(status))
        .with_details(body.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::RefundStatus;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse::new(status, body.to_json())
    }

    /// The seed's partial-refund response (seed 003), trimmed of nested objects.
    fn partial_response() -> Value {
        j!({
            "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "requestId": "9f4068e9-81b2-40aa-80fc-010e96526b21",
            "transactionState": "AUTHORIZED", "amount": 900, "currency": "USD", "responseStatus": "SUCCESS",
            "responseCode": "APPROVED", "responseMessage": "Transaction approved by Issuer",
            "transactionReferenceId": "12b2f378-40c8-425d-be1c-71971c21104d", "remainingRefundableAmount": 3000,
            "approvalCode": "tst698", "hostMessage": "Approved", "paymentMethodType": { "card": { "maskedAccountNumber": "411234XXXXXX4113" } }
        })
    }

    #[test]
    fn a_success_becomes_a_result_with_remaining_refundable() {
        let r = refund_result(resp(200, partial_response()), Some("req-1")).unwrap();
        assert_eq!((r.status, r.refund_id.as_deref(), r.provider_status.as_str()), (RefundStatus::Succeeded, Some("2150955d-47f7-4770-b6b7-6a8d0cbc114f"), "SUCCESS/AUTHORIZED"));
        assert_eq!((r.amount.unwrap().formatted, r.remaining_refundable.unwrap().minor), ("9.00".to_string(), 3000));
        assert_eq!((r.approval_code.as_deref(), r.idempotency_key.as_deref()), (Some("tst698"), Some("req-1")));
    }

    #[test]
    fn declines_are_results_and_errors_are_typed() {
        let mut denied = partial_response();
        denied.as_object_mut().unwrap().insert("responseStatus", "DENIED");
        denied.as_object_mut().unwrap().insert("transactionState", "DECLINED");
        assert_eq!(refund_result(resp(200, denied), None).unwrap().status, RefundStatus::Declined);
        let over = j!({ "responseStatus": "ERROR", "responseCode": "VALIDATION_ERROR", "responseMessage": "Invalid request",
                        "validationErrors": [{ "code": "AMOUNT_EXCEEDS_REFUNDABLE", "message": "too much", "entity": "amount" }] });
        let e = error(&resp(400, over));
        assert_eq!((e.code, e.retryable), (ErrorCode::ProviderError, false));
        assert!(e.message.ends_with("(amount: too much)"), "{}", e.message);
        assert_eq!(error(&resp(409, j!({ "responseCode": "DUPLICATE" }))).code, ErrorCode::IdempotencyConflict);
        assert_eq!(error(&HttpResponse::new(502, "<html>")).code, ErrorCode::InvalidResponse);
        assert_eq!(error(&HttpResponse::new(401, "")).code, ErrorCode::Authentication, "a gateway's empty 401");
        assert_eq!(refund_result(resp(200, j!({ "hello": 1 })), None).unwrap_err().code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn reversals_read_the_payment_after_the_patch() {
        let voided = j!({ "transactionId": "t-1", "transactionState": "VOIDED", "responseStatus": "SUCCESS", "amount": 5000, "currency": "USD", "captureMethod": "MANUAL" });
        let r = reversal_result(resp(200, voided), 5000, "k").unwrap();
        assert_eq!((r.kind, r.status, r.refund_id.as_deref(), r.remaining_refundable.unwrap().minor), (RefundKind::Reversal, RefundStatus::Succeeded, Some("t-1"), 0));
        let lowered = j!({ "transactionId": "t-1", "transactionState": "AUTHORIZED", "responseStatus": "SUCCESS", "amount": 3000, "currency": "USD" });
        assert_eq!(reversal_result(resp(200, lowered), 2000, "k").unwrap().remaining_refundable.unwrap().minor, 3000);
    }

    proptest::proptest! {
        #[test]
        fn no_answer_makes_the_readers_panic(status in 100u16..600, body in "\\PC{0,64}") {
            let r = HttpResponse::new(status, body);
            let _ = error(&r);
            let _ = refund_result(r.clone(), Some("k"));
            let _ = lookup_result(r.clone());
            let _ = payment_result(r.clone());
            let _ = reversal_result(r, 1, "k");
        }
    }
}
