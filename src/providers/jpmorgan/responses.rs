//! Reading J.P. Morgan's answers: the status mapping, refund results, lookups, errors and
//! the token endpoint.

use super::wire::{self, ResponseStatus, TransactionState};
use crate::error::{code_for_status, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::flow::to_value;
use crate::http::HttpResponse;
use crate::money::{format_minor, AmountView, Currency};
use crate::redact::Redactor;
use crate::result::{ProviderName, RefundResult, RefundStatus};
use crate::send::AccessToken;
use serde_json::Value;

const PROVIDER: ProviderName = ProviderName::Jpmorgan;

/// Where a refund stands, from `responseStatus` and `transactionState`; `None` for
/// `ERROR`, which is an error, not a result. The table is in docs/JPMORGAN.md.
///
/// A word this SDK does not know (a new status or state) maps to `pending`: the request
/// was answered with 2xx, so money may have moved; `pending` tells the caller to look the
/// refund up (`getRefund`) instead of retrying or treating it as failed. `providerStatus`
/// keeps the words as they came.
pub fn refund_status(status: ResponseStatus, state: Option<TransactionState>) -> Option<RefundStatus> {
    use TransactionState as S;
    Some(match status {
        ResponseStatus::Error => return None,
        ResponseStatus::Denied => RefundStatus::Declined,
        ResponseStatus::Pending => match state {
            Some(S::Declined) => RefundStatus::Declined,
            Some(S::Authorized | S::Closed | S::Completed | S::Pending | S::Voided | S::Error | S::Unknown) | None => {
                RefundStatus::Pending
            }
        },
        ResponseStatus::Success => match state {
            // Every documented approved refund says AUTHORIZED (its refunds[] entry CLOSED).
            Some(S::Authorized | S::Closed | S::Completed) => RefundStatus::Succeeded,
            Some(S::Pending | S::Unknown) | None => RefundStatus::Pending,
            Some(S::Declined) => RefundStatus::Declined,
            Some(S::Voided) => RefundStatus::Canceled,
            Some(S::Error) => RefundStatus::Failed,
        },
        ResponseStatus::Unknown => match state {
            Some(S::Declined) => RefundStatus::Declined,
            Some(S::Authorized | S::Closed | S::Completed | S::Pending | S::Voided | S::Error | S::Unknown) | None => {
                RefundStatus::Pending
            }
        },
    })
}

/// A `POST /refunds` answer as a `RefundResult` (declines included), or its error.
pub fn refund_result(response: &HttpResponse, request_id: &str) -> Result<Value, RefundError> {
    let key = Some(request_id);
    let body = response_body(response).map_err(|e| e.with_idempotency_key(key))?;
    let parsed: wire::RefundResponse =
        wire::read(&body).ok_or_else(|| invalid_response(PROVIDER, response.status, "JSON that is not a refund response").with_idempotency_key(key))?;
    let Some(status) = refund_status(parsed.response_status, parsed.transaction_state) else {
        return Err(provider_error(response.status, &body).with_idempotency_key(key));
    };
    let currency = parsed.currency.as_deref();
    let result = RefundResult {
        refund_id: parsed.transaction_id.clone(),
        amount: parsed.amount.and_then(|a| amount_view(a, currency)),
        remaining_refundable: parsed.remaining_refundable_amount.and_then(|a| amount_view(a, currency)),
        approval_code: parsed.approval_code.clone(),
        idempotency_key: Some(request_id.to_string()),
        raw: body.clone(),
        ..RefundResult::new(PROVIDER, status, provider_status(&body))
    };
    Ok(to_value(&result))
}

/// A lookup's answer: J.P. Morgan's own refund object as it came, or the error.
pub fn lookup_result(response: &HttpResponse) -> Result<Value, RefundError> {
    let body = response_body(response)?;
    if wire::read::<wire::RefundResponse>(&body).is_none() {
        return Err(invalid_response(PROVIDER, response.status, "JSON that is not a refund response"));
    }
    Ok(body)
}

/// The JSON object of a 2xx answer; anything else becomes the matching error.
fn response_body(response: &HttpResponse) -> Result<Value, RefundError> {
    if !response.is_success() {
        return Err(error_from(response, None));
    }
    match response.json() {
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(invalid_response(PROVIDER, response.status, "JSON that is not an object")),
        None => Err(invalid_response(PROVIDER, response.status, "a body that is not JSON")),
    }
}

/// `"SUCCESS/AUTHORIZED"`: the provider's words, as they came.
fn provider_status(body: &Value) -> String {
    let word = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or("-").to_string();
    format!("{}/{}", word("responseStatus"), word("transactionState"))
}

/// An amount in the response's currency; zero is allowed (nothing left to refund).
fn amount_view(minor: u64, currency: Option<&str>) -> Option<AmountView> {
    let currency = Currency::from_code(currency?)?;
    Some(AmountView {
        minor,
        currency: currency.code().to_string(),
        formatted: format_minor(minor, currency.exponent()),
    })
}

/// The error for a non-2xx answer, from J.P. Morgan's error body
/// (`{ responseStatus, responseCode, responseMessage, validationErrors[] }`).
pub fn error_from(response: &HttpResponse, idempotency_key: Option<&str>) -> RefundError {
    let status = response.status;
    let error = match response.json() {
        Some(body @ Value::Object(_)) if wire::read::<wire::ErrorBody>(&body).is_some_and(|e| e.response_code.is_some()) => {
            provider_error(status, &body)
        }
        Some(_) => invalid_response(PROVIDER, status, "JSON that is not a J.P. Morgan error body"),
        None => invalid_response(PROVIDER, status, "a body that is not JSON"),
    };
    error.with_idempotency_key(idempotency_key)
}

/// A typed error from an error body; `details` is the body, `validationErrors` included.
fn provider_error(status: u16, body: &Value) -> RefundError {
    let parsed: Option<wire::ErrorBody> = wire::read(body);
    let code_word = parsed.as_ref().and_then(|e| e.response_code.clone()).unwrap_or_default();
    let code = match (status, code_word.as_str()) {
        // NOT CONFIRMED what J.P. Morgan does with a reused request-id; the sandbox answers
        // 409 DUPLICATE when the body differs, as JPM's sibling APIs document.
        (409, _) | (_, "DUPLICATE") => ErrorCode::IdempotencyConflict,
        (200..=299, _) => ErrorCode::ProviderError,
        _ => code_for_status(status),
    };
    let mut message = format!("J.P. Morgan answered HTTP {status}");
    if let Some(e) = &parsed {
        if !code_word.is_empty() {
            message.push_str(&format!(" {code_word}"));
        }
        if let Some(m) = &e.response_message {
            message.push_str(&format!(": {m}"));
        }
        let fields: Vec<String> = e
            .validation_errors
            .iter()
            .map(|v| {
                let entity = v.entity.as_deref().unwrap_or("?");
                let text = v.message.as_deref().or(v.code.as_deref()).unwrap_or("invalid");
                format!("{entity}: {text}")
            })
            .collect();
        if !fields.is_empty() {
            message.push_str(&format!(" ({})", fields.join("; ")));
        }
    }
    // Provider text may echo what was sent; card numbers in it are masked.
    RefundError::new(code, Redactor::default().text(&message))
        .with_provider(PROVIDER)
        .with_status(status)
        .with_retryable(status_is_retryable(status))
        .with_details(Redactor::default().json(body.clone()))
}

/// The token endpoint's answer: `{ access_token, expires_in }`, or an authentication error
/// carrying the OAuth error (`{ error, error_description }`) in `details`.
pub fn parse_token(response: &HttpResponse) -> Result<AccessToken, RefundError> {
    let body = response.json();
    if response.is_success() {
        let token: Option<wire::TokenResponse> = body.as_ref().and_then(wire::read);
        return match token {
            Some(t) if !t.access_token.is_empty() => Ok(AccessToken { token: t.access_token, expires_in_s: t.expires_in }),
            _ => Err(invalid_response(PROVIDER, response.status, "a token response without access_token")),
        };
    }
    let oauth: Option<wire::OAuthError> = body.as_ref().and_then(wire::read);
    let code = match response.status {
        400 | 401 | 403 => ErrorCode::Authentication,
        s => code_for_status(s),
    };
    let mut message = format!("the J.P. Morgan token endpoint answered HTTP {}", response.status);
    if let Some(e) = &oauth {
        message.push_str(&format!(": {}", e.error));
        if let Some(d) = &e.error_description {
            message.push_str(&format!(" ({d})"));
        }
    }
    let mut error = RefundError::new(code, message)
        .with_provider(PROVIDER)
        .with_status(response.status)
        .with_retryable(status_is_retryable(response.status));
    if let (Some(_), Some(body)) = (&oauth, body) {
        error = error.with_details(body);
    }
    Err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() }
    }

    /// The seed's partial-refund response (seed 003), trimmed of nested objects.
    fn partial_response() -> Value {
        json!({
            "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f",
            "requestId": "9f4068e9-81b2-40aa-80fc-010e96526b21",
            "transactionState": "AUTHORIZED",
            "amount": 900,
            "currency": "USD",
            "responseStatus": "SUCCESS",
            "responseCode": "APPROVED",
            "responseMessage": "Transaction approved by Issuer",
            "transactionReferenceId": "12b2f378-40c8-425d-be1c-71971c21104d",
            "remainingRefundableAmount": 3000,
            "approvalCode": "tst698",
            "hostMessage": "Approved",
            "paymentMethodType": { "card": { "maskedAccountNumber": "411234XXXXXX4113" } }
        })
    }

    #[test]
    fn status_table() {
        use RefundStatus::*;
        use ResponseStatus as R;
        use TransactionState as S;
        let cases = [
            (R::Success, Some(S::Authorized), Some(Succeeded)),
            (R::Success, Some(S::Closed), Some(Succeeded)),
            (R::Success, Some(S::Completed), Some(Succeeded)),
            (R::Success, Some(S::Pending), Some(Pending)),
            (R::Success, Some(S::Declined), Some(Declined)),
            (R::Success, Some(S::Voided), Some(Canceled)),
            (R::Success, Some(S::Error), Some(Failed)),
            (R::Success, Some(S::Unknown), Some(Pending)),
            (R::Success, None, Some(Pending)),
            (R::Pending, Some(S::Authorized), Some(Pending)),
            (R::Pending, Some(S::Declined), Some(Declined)),
            (R::Denied, Some(S::Declined), Some(Declined)),
            (R::Denied, Some(S::Authorized), Some(Declined)),
            (R::Denied, None, Some(Declined)),
            (R::Error, Some(S::Error), None),
            (R::Error, Some(S::Authorized), None),
            (R::Unknown, Some(S::Closed), Some(Pending)),
            (R::Unknown, Some(S::Declined), Some(Declined)),
        ];
        for (status, state, want) in cases {
            assert_eq!(refund_status(status, state), want, "{status:?} {state:?}");
        }
    }

    #[test]
    fn a_success_becomes_a_result_with_remaining_refundable() {
        let v = refund_result(&resp(200, partial_response()), "req-1").unwrap();
        assert_eq!(v["provider"], "jpmorgan");
        assert_eq!(v["status"], "succeeded");
        assert_eq!(v["refundId"], "2150955d-47f7-4770-b6b7-6a8d0cbc114f");
        assert_eq!(v["amount"], json!({ "minor": 900, "currency": "USD", "formatted": "9.00" }));
        assert_eq!(v["remainingRefundable"], json!({ "minor": 3000, "currency": "USD", "formatted": "30.00" }));
        assert_eq!(v["approvalCode"], "tst698");
        assert_eq!(v["providerStatus"], "SUCCESS/AUTHORIZED");
        assert_eq!(v["idempotencyKey"], "req-1");
        assert_eq!(v["raw"], partial_response());
    }

    #[test]
    fn zero_left_and_other_exponents() {
        let mut body = partial_response();
        body["remainingRefundableAmount"] = json!(0);
        body["currency"] = json!("KWD");
        body["amount"] = json!(1234);
        let v = refund_result(&resp(200, body), "k").unwrap();
        assert_eq!(v["remainingRefundable"]["formatted"], "0.000");
        assert_eq!(v["amount"]["formatted"], "1.234");
    }

    #[test]
    fn a_denied_refund_is_a_declined_result() {
        let mut body = partial_response();
        body["responseStatus"] = json!("DENIED");
        body["transactionState"] = json!("DECLINED");
        body["responseCode"] = json!("DECLINED");
        let v = refund_result(&resp(200, body), "k").unwrap();
        assert_eq!((v["status"].as_str(), v["providerStatus"].as_str()), (Some("declined"), Some("DENIED/DECLINED")));
    }

    #[test]
    fn unknown_words_are_pending() {
        let mut body = partial_response();
        body["responseStatus"] = json!("QUEUED");
        body["transactionState"] = json!("SOMETHING_NEW");
        let v = refund_result(&resp(200, body), "k").unwrap();
        assert_eq!((v["status"].as_str(), v["providerStatus"].as_str()), (Some("pending"), Some("QUEUED/SOMETHING_NEW")));
    }

    #[test]
    fn error_bodies_become_typed_errors_with_validation_errors() {
        let body = json!({ "responseStatus": "ERROR", "responseCode": "VALIDATION_ERROR", "responseMessage": "Request failed validation",
                           "validationErrors": [{ "code": "AMOUNT_EXCEEDS_REFUNDABLE", "message": "too much", "entity": "amount" }] });
        let e = refund_result(&resp(400, body.clone()), "k").unwrap_err();
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::ProviderError, Some(400), false));
        assert_eq!(e.details, Some(body.clone()));
        assert_eq!(e.idempotency_key.as_deref(), Some("k"));
        assert!(e.message.contains("amount: too much"), "{}", e.message);
        // ERROR inside a 200 is still an error.
        let e = refund_result(&resp(200, body), "k").unwrap_err();
        assert_eq!((e.code, e.details.unwrap()["validationErrors"][0]["entity"].as_str()), (ErrorCode::ProviderError, Some("amount")));
    }

    #[test]
    fn status_codes_refine_the_error() {
        let err = |status, code: &str| {
            refund_result(&resp(status, json!({ "responseStatus": "ERROR", "responseCode": code })), "k").unwrap_err()
        };
        assert_eq!(err(401, "UNAUTHORIZED").code, ErrorCode::Authentication);
        assert_eq!(err(403, "UNAUTHORIZED").code, ErrorCode::Authentication);
        assert_eq!(err(404, "NOT_FOUND").code, ErrorCode::NotFound);
        assert_eq!(err(409, "DUPLICATE").code, ErrorCode::IdempotencyConflict);
        assert_eq!(err(429, "TOO_MANY").code, ErrorCode::RateLimited);
        let e = err(503, "SERVICE_UNAVAILABLE");
        assert_eq!((e.code, e.retryable), (ErrorCode::ProviderError, true));
    }

    #[test]
    fn unreadable_bodies_are_invalid_responses() {
        let html = HttpResponse { status: 502, headers: vec![], body: b"<html>bad gateway</html>".to_vec() };
        let e = refund_result(&html, "k").unwrap_err();
        assert_eq!((e.code, e.retryable, e.idempotency_key.as_deref()), (ErrorCode::InvalidResponse, true, Some("k")));
        assert_eq!(refund_result(&resp(200, json!([1])), "k").unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(refund_result(&resp(200, json!({ "amount": 1 })), "k").unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(refund_result(&resp(400, json!({ "message": "x" })), "k").unwrap_err().code, ErrorCode::InvalidResponse);
        let cut = HttpResponse { status: 200, headers: vec![], body: b"{\"responseStatus\":\"SUCC".to_vec() };
        assert_eq!(refund_result(&cut, "k").unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(refund_result(&resp(200, json!({ "responseStatus": 7 })), "k").unwrap_err().code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn card_numbers_in_provider_text_are_masked() {
        let body = json!({ "responseStatus": "ERROR", "responseCode": "VALIDATION_ERROR",
                           "responseMessage": "bad card 4012000033330026" });
        let e = refund_result(&resp(400, body), "k").unwrap_err();
        let shown = format!("{} {}", e.message, e.details.unwrap());
        assert!(!shown.contains("4012000033330026"), "{shown}");
    }

    #[test]
    fn lookups_return_the_provider_object() {
        assert_eq!(lookup_result(&resp(200, partial_response())).unwrap(), partial_response());
        let e = lookup_result(&resp(404, json!({ "responseStatus": "ERROR", "responseCode": "NOT_FOUND" }))).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }

    #[test]
    fn tokens() {
        let t = parse_token(&resp(200, json!({ "access_token": "abc", "token_type": "Bearer", "expires_in": 3600 }))).unwrap();
        assert_eq!((t.token.as_str(), t.expires_in_s), ("abc", Some(3600)));
        let e = parse_token(&resp(401, json!({ "error": "invalid_client", "error_description": "Client authentication failed" }))).unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::Authentication, false));
        assert!(e.message.contains("invalid_client"));
        assert_eq!(e.details.unwrap()["error"], "invalid_client");
        assert_eq!(parse_token(&resp(200, json!({ "token": "x" }))).unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(parse_token(&resp(200, json!({ "access_token": "" }))).unwrap_err().code, ErrorCode::InvalidResponse);
        assert!(parse_token(&resp(503, json!({}))).unwrap_err().retryable);
    }
}
