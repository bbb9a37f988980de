//! Reading Commerce Hub's answers: the status mapping, the `RefundResult`, and errors from
//! the `error[]` array.

use super::wire::{ApprovalStatus, ErrorItem, ErrorResponse, RefundResponse, TransactionState};
use crate::error::{code_for_status, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::http::HttpResponse;
use crate::money::{parse_decimal, Currency, Money};
use crate::result::{ProviderName, RefundResult, RefundStatus};
use serde_json::Value;

const PROVIDER: ProviderName = ProviderName::Commercehub;

/// What the processor said, from `approvalStatus`, or from `responseCode` when there is no
/// `approvalStatus` (Response-Code.md: `000` approved, `002` pending approval, any other
/// code a referral or a decline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approved,
    Declined,
    Failed,
    Waiting,
    /// No processor details, or words we do not know.
    Unknown,
}

pub fn verdict(approval: Option<&ApprovalStatus>, response_code: Option<&str>) -> Verdict {
    match approval {
        Some(ApprovalStatus::Approved) => Verdict::Approved,
        Some(ApprovalStatus::Declined) => Verdict::Declined,
        Some(ApprovalStatus::ProcessingFailed | ApprovalStatus::ValidationFailed) => Verdict::Failed,
        Some(ApprovalStatus::Waiting) => Verdict::Waiting,
        Some(ApprovalStatus::Other(_)) | None => match response_code {
            Some("000") => Verdict::Approved,
            Some("002") => Verdict::Waiting,
            Some(code) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) => Verdict::Declined,
            _ => Verdict::Unknown,
        },
    }
}

/// The refund's status from `gatewayResponse.transactionState` and the processor's verdict
/// (the table in docs/COMMERCEHUB.md). A refund answer carries `AUTHORIZED` when the
/// refund is approved (refunds default to `captureFlag: true`, so nothing else is needed to
/// settle it) and `CAPTURED` for a refund capture; the processor's verdict decides whether
/// that was an approval. An unknown state is `pending` unless the processor said no: we
/// never report money as returned on a state we do not know.
pub fn refund_status(state: Option<&TransactionState>, verdict: Verdict) -> Option<RefundStatus> {
    let Some(state) = state else {
        // No state at all: the processor's verdict alone.
        return match verdict {
            Verdict::Approved => Some(RefundStatus::Succeeded),
            Verdict::Declined => Some(RefundStatus::Declined),
            Verdict::Failed => Some(RefundStatus::Failed),
            Verdict::Waiting => Some(RefundStatus::Pending),
            Verdict::Unknown => None,
        };
    };
    Some(match state {
        TransactionState::Declined | TransactionState::Rejected => RefundStatus::Declined,
        TransactionState::Failed => RefundStatus::Failed,
        TransactionState::Voided | TransactionState::Cancelled => RefundStatus::Canceled,
        TransactionState::Pending
        | TransactionState::Waiting
        | TransactionState::Initialized
        | TransactionState::Ready
        | TransactionState::Template => match verdict {
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Approved | Verdict::Waiting | Verdict::Unknown => RefundStatus::Pending,
        },
        TransactionState::Authorized
        | TransactionState::Captured
        | TransactionState::Settled
        | TransactionState::Approved
        | TransactionState::Checked
        | TransactionState::CompletedGet => match verdict {
            Verdict::Approved => RefundStatus::Succeeded,
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Waiting => RefundStatus::Pending,
            // A final state without processor details: only the states that mean the money
            // moved count as done.
            Verdict::Unknown => match state {
                TransactionState::Captured | TransactionState::Settled | TransactionState::Approved => RefundStatus::Succeeded,
                _ => RefundStatus::Pending,
            },
        },
        TransactionState::Other(_) => match verdict {
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Approved | Verdict::Waiting | Verdict::Unknown => RefundStatus::Pending,
        },
    })
}

fn state_text(state: &TransactionState) -> String {
    match state {
        TransactionState::Authorized => "AUTHORIZED",
        TransactionState::Captured => "CAPTURED",
        TransactionState::Checked => "CHECKED",
        TransactionState::Declined => "DECLINED",
        TransactionState::Voided => "VOIDED",
        TransactionState::CompletedGet => "COMPLETED_GET",
        TransactionState::Initialized => "INITIALIZED",
        TransactionState::Pending => "PENDING",
        TransactionState::Ready => "READY",
        TransactionState::Template => "TEMPLATE",
        TransactionState::Settled => "SETTLED",
        TransactionState::Waiting => "WAITING",
        TransactionState::Approved => "APPROVED",
        TransactionState::Rejected => "REJECTED",
        TransactionState::Failed => "FAILED",
        TransactionState::Cancelled => "CANCELLED",
        TransactionState::Other(s) => s,
    }
    .to_string()
}

fn approval_text(status: &ApprovalStatus) -> String {
    match status {
        ApprovalStatus::Approved => "APPROVED",
        ApprovalStatus::Declined => "DECLINED",
        ApprovalStatus::ProcessingFailed => "PROCESSING_FAILED",
        ApprovalStatus::ValidationFailed => "VALIDATION_FAILED",
        ApprovalStatus::Waiting => "WAITING",
        ApprovalStatus::Other(s) => s,
    }
    .to_string()
}

/// Reads a refund answer (either form) into a `RefundResult`, or the error it carries.
/// `requested` is the amount asked for (`None`: a full refund).
pub fn refund_result(response: HttpResponse, requested: Option<Money>, idempotency_key: &str) -> Result<RefundResult, RefundError> {
    let key = Some(idempotency_key);
    if !response.is_success() {
        return Err(error_from(&response).with_idempotency_key(key));
    }
    let Some(raw) = response.json().filter(Value::is_object) else {
        return Err(invalid_response(PROVIDER, response.status, "a body that is not a JSON object").with_idempotency_key(key));
    };
    // From the tree already read: see payroc::responses::parse_success on wasm size.
    let Ok(body) = serde_json::from_value::<RefundResponse>(raw.clone()) else {
        return Err(invalid_response(PROVIDER, response.status, "JSON that is not a refund").with_idempotency_key(key));
    };
    let gateway = body.gateway_response.unwrap_or_default();
    let receipt = body.payment_receipt.unwrap_or_default();
    let processor = receipt.processor_response_details.or(body.processor_response_details).unwrap_or_default();
    let state = gateway.transaction_state;
    let verdict = verdict(processor.approval_status.as_ref(), processor.response_code.as_deref());
    let Some(status) = refund_status(state.as_ref(), verdict) else {
        if !body.error.is_empty() {
            return Err(error_from_items(response.status, body.error, raw).with_idempotency_key(key));
        }
        return Err(invalid_response(PROVIDER, response.status, "neither a transactionState nor processor details")
            .with_idempotency_key(key));
    };
    let provider_status = [
        state.as_ref().map(state_text),
        processor.approval_status.as_ref().map(approval_text),
        processor.response_code.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("/");
    let approved = receipt.approved_amount.and_then(|a| read_total(a.total.as_ref()?, a.currency.as_deref()?));
    let mut result = RefundResult::new(PROVIDER, status, provider_status).with_amount(approved.or(requested));
    result.refund_id = gateway.transaction_processing_details.and_then(|d| d.transaction_id).filter(|s| !s.is_empty());
    result.approval_code = processor.approval_code.filter(|s| !s.is_empty());
    result.idempotency_key = Some(idempotency_key.to_string());
    result.raw = raw;
    Ok(result)
}

/// `approvedAmount.total` in minor units. Without serde_json's `arbitrary_precision` the
/// number arrives as an `f64`; its shortest round-trip text (serde_json's own writer) is the
/// text Commerce Hub sent for any amount of up to 15 significant digits, less trailing
/// zeros, and that text is parsed exactly. An amount that does not read cleanly (more decimals than the currency has, an
/// exponent, zero on a decline) is left out, and the requested amount is reported instead.
pub fn read_total(total: &serde_json::Number, currency: &str) -> Option<Money> {
    let currency = Currency::from_code(currency)?;
    let written = total.to_string();
    let text = if written.contains('.') { written.trim_end_matches('0').trim_end_matches('.') } else { &written };
    let minor = parse_decimal(text, currency.exponent(), "total").ok()?;
    Money::from_minor(minor, currency, "total").ok()
}

/// An error answer: the `error[]` array (top level, or inside `errorResponse`) into a
/// `RefundError` whose `details` is the parsed body.
pub fn error_from(response: &HttpResponse) -> RefundError {
    let status = response.status;
    let parsed = response.json().and_then(|v| {
        let inner = v.get("errorResponse").cloned().unwrap_or_else(|| v.clone());
        serde_json::from_value::<ErrorResponse>(inner).ok().filter(|e| !e.error.is_empty()).map(|e| (e, v))
    });
    match parsed {
        Some((body, raw)) => {
            let details = serde_json::to_value(&body).unwrap_or(raw);
            error_from_items(status, body.error, details)
        }
        // Credentials refused by a proxy in front of the API may come without a JSON body;
        // the status says enough.
        None if matches!(status, 401 | 403) => RefundError::new(ErrorCode::Authentication, format!("commercehub refused the credentials (HTTP {status})"))
            .with_provider(PROVIDER)
            .with_status(status)
            .with_retryable(false),
        None => invalid_response(PROVIDER, status, "an error body without an error[] array"),
    }
}

fn error_from_items(status: u16, items: Vec<ErrorItem>, details: Value) -> RefundError {
    let code = error_code(status, &items);
    let retryable = status_is_retryable(status) || items.iter().any(|e| in_progress(e.code.as_deref()));
    let described: Vec<String> = items.iter().map(describe).collect();
    RefundError::new(code, format!("commercehub answered HTTP {status}: {}", described.join("; ")))
        .with_provider(PROVIDER)
        .with_status(status)
        .with_retryable(retryable)
        .with_details(details)
}

/// The error code from the HTTP status, refined by Commerce Hub's own codes (Error-Code.md).
/// Which HTTP status goes with each code is NOT CONFIRMED, so the codes win.
pub fn error_code(status: u16, items: &[ErrorItem]) -> ErrorCode {
    let codes = || items.iter().filter_map(|e| e.code.as_deref());
    if matches!(status, 401 | 403) {
        return ErrorCode::Authentication;
    }
    // 764 Referenced transaction not found; 801 Invalid Transaction ID or Not Found;
    // 813 Unable to Refund: Transaction Not Found.
    if codes().any(|c| matches!(c, "764" | "801" | "813")) {
        return ErrorCode::NotFound;
    }
    // A Client-Request-Id used before with another body. Commerce Hub's answer to this is
    // NOT CONFIRMED; the sandbox answers 816 naming the Client-Request-Id field. A plain 816
    // (a duplicate refund by business rules) stays a provider error.
    let reused_request_id = items.iter().any(|e| {
        e.code.as_deref() == Some("816") && e.field.as_deref().is_some_and(|f| f.eq_ignore_ascii_case("Client-Request-Id"))
    });
    if reused_request_id {
        return ErrorCode::IdempotencyConflict;
    }
    code_for_status(status)
}

/// 136 "Another Transaction With Same OrderId/Transaction Id Currently Being Processed" and
/// 759 "Request in Progress": the same Client-Request-Id may be sent again later (Commerce
/// Hub then answers with the original outcome), so these are worth a retry.
fn in_progress(code: Option<&str>) -> bool {
    matches!(code, Some("136" | "759"))
}

fn describe(e: &ErrorItem) -> String {
    let mut s = [e.code.as_deref(), e.message.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if let Some(field) = e.field.as_deref().filter(|f| !f.is_empty()) {
        s.push_str(&format!(" ({field})"));
    }
    if s.is_empty() {
        s = e.kind.clone().unwrap_or_else(|| "error".to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: &Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: serde_json::to_vec(body).unwrap() }
    }

    fn usd(minor: u64) -> Money {
        Money::from_minor(minor, Currency::from_code("USD").unwrap(), "a").unwrap()
    }

    /// Refund-Tagged.md's 201 answer (also the seed's).
    fn tagged_response() -> Value {
        json!({
          "gatewayResponse": {
            "transactionType": "REFUND", "transactionState": "AUTHORIZED", "transactionOrigin": "ECOM",
            "transactionProcessingDetails": { "transactionTimestamp": "2021-06-20T23:42:48Z", "orderId": "RKOrdID-525133851837",
              "apiTraceId": "362866ac81864d7c9d1ff8b5aa6e98db", "clientRequestId": "4345791", "transactionId": "84356531338" }
          },
          "source": { "sourceType": "PaymentCard", "card": { "bin": "40055500", "last4": "0019", "scheme": "VISA",
                      "expirationMonth": "10", "expirationYear": "2030" } },
          "paymentReceipt": {
            "approvedAmount": { "total": 12.04, "currency": "USD" },
            "merchantName": "Merchant Name",
            "processorResponseDetails": { "approvalStatus": "APPROVED", "approvalCode": "OK5882", "schemeTransactionId": "0225MCC625628",
              "processor": "FISERV", "host": "NASHVILLE", "responseCode": "000", "responseMessage": "APPROVAL",
              "hostResponseCode": "00", "hostResponseMessage": "APPROVAL" }
          },
          "transactionDetails": { "merchantInvoiceNumber": "123456789012" }
        })
    }

    #[test]
    fn the_seed_answer_is_a_succeeded_refund() {
        let r = refund_result(resp(201, &tagged_response()), None, "key-1").unwrap();
        assert_eq!(r.status, RefundStatus::Succeeded);
        assert_eq!(r.refund_id.as_deref(), Some("84356531338"));
        assert_eq!(r.approval_code.as_deref(), Some("OK5882"));
        assert_eq!(r.provider_status, "AUTHORIZED/APPROVED/000");
        let amount = r.amount.unwrap();
        assert_eq!((amount.minor, amount.currency.as_str(), amount.formatted.as_str()), (1204, "USD", "12.04"));
        assert_eq!(r.idempotency_key.as_deref(), Some("key-1"));
        assert_eq!(r.raw, tagged_response());
        assert!(r.remaining_refundable.is_none());
    }

    #[test]
    fn a_decline_is_a_result_not_an_error() {
        // docs/Archive/Test-Declines.md: 201 with DECLINED / 006.
        let mut body = tagged_response();
        body["gatewayResponse"]["transactionState"] = json!("DECLINED");
        body["paymentReceipt"]["approvedAmount"]["total"] = json!(0);
        body["paymentReceipt"]["processorResponseDetails"]["approvalStatus"] = json!("DECLINED");
        body["paymentReceipt"]["processorResponseDetails"]["responseCode"] = json!("006");
        body["paymentReceipt"]["processorResponseDetails"]["approvalCode"] = json!("");
        let r = refund_result(resp(201, &body), Some(usd(500_100)), "k").unwrap();
        assert_eq!(r.status, RefundStatus::Declined);
        assert_eq!(r.provider_status, "DECLINED/DECLINED/006");
        assert_eq!(r.amount.unwrap().minor, 500_100, "the requested amount when nothing was approved");
        assert_eq!(r.approval_code, None);
    }

    #[test]
    fn status_table() {
        use RefundStatus as R;
        use TransactionState as S;
        use Verdict as V;
        let cases = [
            (Some(S::Authorized), V::Approved, Some(R::Succeeded)),
            (Some(S::Captured), V::Approved, Some(R::Succeeded)),
            (Some(S::Authorized), V::Declined, Some(R::Declined)),
            (Some(S::Authorized), V::Failed, Some(R::Failed)),
            (Some(S::Authorized), V::Waiting, Some(R::Pending)),
            (Some(S::Authorized), V::Unknown, Some(R::Pending)),
            (Some(S::Captured), V::Unknown, Some(R::Succeeded)),
            (Some(S::Settled), V::Unknown, Some(R::Succeeded)),
            (Some(S::Declined), V::Approved, Some(R::Declined)),
            (Some(S::Rejected), V::Unknown, Some(R::Declined)),
            (Some(S::Failed), V::Unknown, Some(R::Failed)),
            (Some(S::Voided), V::Approved, Some(R::Canceled)),
            (Some(S::Cancelled), V::Unknown, Some(R::Canceled)),
            (Some(S::Pending), V::Approved, Some(R::Pending)),
            (Some(S::Waiting), V::Declined, Some(R::Declined)),
            (Some(S::Other("NEW".into())), V::Approved, Some(R::Pending)),
            (Some(S::Other("NEW".into())), V::Declined, Some(R::Declined)),
            (None, V::Approved, Some(R::Succeeded)),
            (None, V::Unknown, None),
        ];
        for (state, verdict, expected) in cases {
            assert_eq!(refund_status(state.as_ref(), verdict), expected, "{state:?} {verdict:?}");
        }
    }

    #[test]
    fn verdicts_from_approval_status_or_response_code() {
        assert_eq!(verdict(Some(&ApprovalStatus::Approved), Some("006")), Verdict::Approved);
        assert_eq!(verdict(Some(&ApprovalStatus::ValidationFailed), None), Verdict::Failed);
        assert_eq!(verdict(Some(&ApprovalStatus::Waiting), None), Verdict::Waiting);
        assert_eq!(verdict(None, Some("000")), Verdict::Approved);
        assert_eq!(verdict(None, Some("002")), Verdict::Waiting);
        assert_eq!(verdict(Some(&ApprovalStatus::Other("X".into())), Some("008")), Verdict::Declined);
        assert_eq!(verdict(None, Some("abc")), Verdict::Unknown);
        assert_eq!(verdict(None, None), Verdict::Unknown);
    }

    fn error_body(code: &str, field: &str, message: &str) -> Value {
        json!({ "gatewayResponse": { "transactionProcessingDetails": { "apiTraceId": "t", "clientRequestId": "c" } },
                "error": [{ "type": "GATEWAY", "code": code, "field": field, "message": message }] })
    }

    #[test]
    fn errors_from_the_error_array() {
        let e = refund_result(resp(400, &error_body("810", "amount.total", "Amount is Greater Than Refund/Void")), None, "k").unwrap_err();
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::ProviderError, Some(400), false));
        assert_eq!(e.details.as_ref().unwrap()["error"][0]["code"], "810");
        assert_eq!(e.idempotency_key.as_deref(), Some("k"));
        assert!(e.message.contains("810 Amount is Greater Than Refund/Void (amount.total)"), "{}", e.message);

        let e = refund_result(resp(400, &error_body("764", "referenceTransactionDetails", "Referenced transaction not found")), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        let e = refund_result(resp(400, &error_body("837", "", "Unable to Refund: Transaction Not in a Captured or Authorized Status")), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        let e = refund_result(resp(400, &error_body("816", "Client-Request-Id", "Duplicate Refund")), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::IdempotencyConflict);
        let e = refund_result(resp(400, &error_body("816", "", "Duplicate Refund")), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        let e = refund_result(resp(400, &error_body("759", "", "Request in Progress")), None, "k").unwrap_err();
        assert!(e.retryable);
    }

    #[test]
    fn authentication_and_server_errors() {
        // Spec components/responses 401.
        let unauthorized = json!({ "error": [{ "type": "APIM", "message": "ApiKey and/or Authentication supplied are invalid." }] });
        let e = refund_result(resp(401, &unauthorized), None, "k").unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::Authentication, false));
        assert!(e.message.contains("ApiKey and/or Authentication supplied are invalid."));
        let e = error_from(&HttpResponse { status: 401, headers: vec![], body: b"<html>no</html>".to_vec() });
        assert_eq!(e.code, ErrorCode::Authentication);
        let e = refund_result(resp(503, &json!({ "error": [{ "type": "APIM", "message": "Service unavailable." }] })), None, "k").unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::ProviderError, true));
        let e = refund_result(resp(429, &json!({ "error": [{ "type": "APIM", "message": "Request volume is too high." }] })), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::RateLimited);
    }

    #[test]
    fn the_error_response_wrapper_is_tolerated() {
        let wrapped = json!({ "errorResponse": error_body("105", "amount.currency", "Invalid amount or currency") });
        let e = refund_result(resp(400, &wrapped), None, "k").unwrap_err();
        assert_eq!(e.details.unwrap()["error"][0]["field"], "amount.currency");
    }

    #[test]
    fn unreadable_answers_are_invalid_responses() {
        let html = HttpResponse { status: 502, headers: vec![], body: b"<html>bad gateway</html>".to_vec() };
        let e = refund_result(html, None, "k").unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::InvalidResponse, true));
        let e = refund_result(resp(201, &json!({ "hello": 1 })), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        let e = refund_result(resp(201, &json!({ "gatewayResponse": "nope" })), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        let e = refund_result(resp(201, &json!([1, 2])), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
        let e = refund_result(resp(400, &json!({ "message": "?" })), None, "k").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn totals_are_read_exactly() {
        let n = |v: Value| serde_json::from_value::<serde_json::Number>(v).unwrap();
        assert_eq!(read_total(&n(json!(12.04)), "USD").unwrap().minor(), 1204);
        assert_eq!(read_total(&n(json!(4000)), "JPY").unwrap().minor(), 4000);
        assert_eq!(read_total(&n(json!(1.234)), "KWD").unwrap().minor(), 1234);
        assert_eq!(read_total(&n(json!(0.1)), "USD").unwrap().minor(), 10);
        assert_eq!(read_total(&n(json!(500.0)), "JPY").unwrap().minor(), 500, "whole floats as the sandbox writes them");
        assert_eq!(read_total(&n(json!(10.0)), "USD").unwrap().minor(), 1000);
        assert_eq!(read_total(&n(json!(12.30)), "USD").unwrap().minor(), 1230);
        assert!(read_total(&n(json!(1e-7)), "USD").is_none());
        assert!(read_total(&n(json!(1.5)), "JPY").is_none());
        assert!(read_total(&n(json!(0)), "USD").is_none());
        assert!(read_total(&n(json!(-1.0)), "USD").is_none());
        assert!(read_total(&n(json!(1)), "usd").is_none());
    }
}
