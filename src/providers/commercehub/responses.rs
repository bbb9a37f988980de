//! Reading Commerce Hub's answers: refunds and cancels (one transaction shape), inquiries
//! (an array of them), and errors from the `error[]` array.

use super::status::{refund_status, verdict, ApprovalStatus, TransactionState};
use crate::error::{answered, code_for_status, foreign_error_body, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::http::HttpResponse;
use crate::json::{Obj, Value};
use crate::money::{parse_decimal, Currency, Money};
use crate::result::{ProviderName, RefundKind, RefundResult};

const PROVIDER: ProviderName = ProviderName::Commercehub;

/// A refund or cancel answer (either form) as a `RefundResult`, or the error it carries.
/// `requested` is the amount asked for (`None`: all of it).
pub fn result(response: HttpResponse, kind: RefundKind, requested: Option<Money>, idempotency_key: &str) -> Result<RefundResult, RefundError> {
    if !response.is_success() {
        return Err(error(&response));
    }
    let Some(raw) = response.json().filter(Value::is_object) else {
        return Err(invalid_response(PROVIDER, response.status, "a body that is not a JSON object"));
    };
    transaction(raw, response.status, kind, requested, Some(idempotency_key))
}

/// One transaction object (an answer, or an entry of an inquiry) as a result.
pub fn transaction(raw: Value, status: u16, kind: RefundKind, requested: Option<Money>, idempotency_key: Option<&str>) -> Result<RefundResult, RefundError> {
    let o = Obj::of(&raw);
    let gateway = o.obj("gatewayResponse");
    let receipt = o.obj("paymentReceipt");
    let processor = if receipt.obj("processorResponseDetails").exists() { receipt.obj("processorResponseDetails") } else { o.obj("processorResponseDetails") };
    let state = gateway.str("transactionState").map(TransactionState::parse);
    let approval = processor.str("approvalStatus").map(ApprovalStatus::parse);
    let response_code = processor.text("responseCode");
    let Some(status_now) = refund_status(state.as_ref(), verdict(approval.as_ref(), response_code.as_deref())) else {
        if !o.arr("error").is_empty() {
            return Err(error_from_items(status, &raw));
        }
        return Err(invalid_response(PROVIDER, status, "neither a transactionState nor processor details"));
    };
    let words: Vec<&str> = [gateway.str("transactionState"), processor.str("approvalStatus"), response_code.as_deref()].into_iter().flatten().collect();
    let approved = receipt.obj("approvedAmount");
    let approved = read_total(approved.get("total"), approved.str("currency"));
    let mut r = RefundResult::new(PROVIDER, status_now, words.join("/")).with_amount(approved.or(requested));
    r.kind = kind;
    r.refund_id = gateway.obj("transactionProcessingDetails").text("transactionId");
    r.approval_code = processor.text("approvalCode");
    r.idempotency_key = idempotency_key.map(str::to_string);
    r.raw = raw;
    Ok(r)
}

/// `approvedAmount.total` in minor units, read from the number's own text (`12.04`, `10.0`
/// as the sandbox writes whole amounts, trailing zeros trimmed). An amount that does not read
/// cleanly (more decimals than the currency has, an exponent, zero on a decline) is left out,
/// and the requested amount is reported instead.
pub fn read_total(total: Option<&Value>, currency: Option<&str>) -> Option<Money> {
    let currency = Currency::from_code(currency?)?;
    let written = total?.as_number()?;
    let text = if written.contains('.') { written.trim_end_matches('0').trim_end_matches('.') } else { written };
    let minor = parse_decimal(text, currency, "total").ok()?;
    Money::from_minor(minor, currency, "total").ok()
}

/// An inquiry's answer: the transactions it found (none for "not found", code 764).
pub fn inquiry(response: &HttpResponse) -> Result<Vec<Value>, RefundError> {
    if !response.is_success() {
        let e = error(response);
        let not_found = e.code == ErrorCode::NotFound || response.status == 404;
        return if not_found { Ok(vec![]) } else { Err(e) };
    }
    match response.json() {
        Some(Value::Array(items)) => Ok(items),
        Some(v @ Value::Object(_)) => Ok(vec![v]),
        _ => Err(invalid_response(PROVIDER, response.status, "an inquiry answer that is not a JSON array")),
    }
}

/// What an inquiry says about a charge (the payment a refund or cancel refers to).
#[derive(Debug, Clone, PartialEq)]
pub struct Charge {
    pub state: TransactionState,
    /// `transactionDetails.transactionCutTimeStamp` in epoch ms: "Date and Time beyond which
    /// reversal cannot be done".
    pub cut_at_ms: Option<u64>,
    pub currency: Option<Currency>,
}

impl Charge {
    /// The charge among an inquiry's transactions: the one whose type is a charge or sale.
    pub fn find(items: &[Value]) -> Option<Charge> {
        items.iter().map(Obj::of).find(|t| matches!(t.obj("gatewayResponse").str("transactionType"), Some("CHARGE" | "CHARGES" | "SALE"))).map(|t| {
            let cut = t.obj("transactionDetails").str("transactionCutTimeStamp");
            Charge {
                state: TransactionState::parse(t.obj("gatewayResponse").str("transactionState").unwrap_or_default()),
                cut_at_ms: cut.and_then(|c| humantime::parse_rfc3339_weak(c).ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_millis() as u64),
                currency: t.obj("paymentReceipt").obj("approvedAmount").str("currency").and_then(Currency::from_code),
            }
        })
    }
}

/// The refund or cancel among an inquiry's transactions.
pub fn find_change(items: &[Value], kind: RefundKind) -> Option<&Value> {
    let wanted: &[&str] = match kind {
        RefundKind::Refund => &["REFUND", "REFUNDS"],
        RefundKind::Reversal => &["CANCEL", "CANCELS", "VOID"],
    };
    items.iter().find(|t| Obj::of(t).obj("gatewayResponse").str("transactionType").is_some_and(|w| wanted.contains(&w)))
}

/// An error answer: the `error[]` array (top level, or inside `errorResponse`) into a
/// `RefundError` whose `details` is the parsed body.
pub fn error(response: &HttpResponse) -> RefundError {
    let status = response.status;
    let body = response.json();
    let inner = body.as_ref().map(|v| if Obj::of(v).obj("errorResponse").exists() { v["errorResponse"].clone() } else { v.clone() });
    match inner {
        Some(v) if !Obj::of(&v).arr("error").is_empty() => error_from_items(status, &v),
        // Credentials refused by a proxy in front of the API may come without a JSON body.
        _ => foreign_error_body(PROVIDER, status, "an error body without an error[] array"),
    }
}

fn error_from_items(status: u16, body: &Value) -> RefundError {
    let items: Vec<Obj> = Obj::of(body).arr("error").iter().map(Obj::of).collect();
    let codes: Vec<String> = items.iter().filter_map(|e| e.text("code")).collect();
    let code = error_code(status, &items, &codes);
    // 136 "Another Transaction With Same OrderId/Transaction Id Currently Being Processed" and
    // 759 "Request in Progress": the same Client-Request-Id may be sent again later.
    let retryable = status_is_retryable(status) || codes.iter().any(|c| c == "136" || c == "759");
    let mut message = answered(PROVIDER, status);
    for (i, e) in items.iter().enumerate() {
        message.push_str(if i == 0 { ": " } else { "; " });
        let mut words: Vec<String> = [e.text("code"), e.text("message")].into_iter().flatten().collect();
        if words.is_empty() {
            words.push(e.text("type").unwrap_or_else(|| "error".to_string()));
        }
        message.push_str(&words.join(" "));
        if let Some(field) = e.str("field").filter(|f| !f.is_empty()) {
            message.push_str(" (");
            message.push_str(field);
            message.push(')');
        }
    }
    RefundError::new(code, message).with_provider(PROVIDER).with_status(status).with_retryable(retryable).with_details(body.clone())
}

/// The error code from the HTTP status, refined by Commerce Hub's own codes (Error-Code.md).
/// Which HTTP status goes with each code is NOT CONFIRMED, so the codes win.
fn error_code(status: u16, items: &[Obj], codes: &[String]) -> ErrorCode {
    if matches!(status, 401 | 403) {
        return ErrorCode::Authentication;
    }
    // 764 Referenced transaction not found; 801 Invalid Transaction ID or Not Found;
    // 813 Unable to Refund: Transaction Not Found; 831 nothing found to cancel.
    if codes.iter().any(|c| matches!(c.as_str(), "764" | "801" | "813" | "831")) {
        return ErrorCode::NotFound;
    }
    // A Client-Request-Id used before with another body: NOT CONFIRMED by Commerce Hub; the
    // sandbox answers 816 naming the Client-Request-Id field. A plain 816 (a duplicate refund
    // by business rules) stays a provider error.
    if items.iter().any(|e| e.text("code").as_deref() == Some("816") && e.str("field").is_some_and(|f| f.eq_ignore_ascii_case("Client-Request-Id"))) {
        return ErrorCode::IdempotencyConflict;
    }
    code_for_status(status)
}

/// Whether an error says the cancel cannot be done because of the transaction's state:
/// 829 "Unable to Cancel: Transaction Settled", 833 "Not in Captured or Authorized Status".
/// Nothing was done, so a refund may follow.
pub fn cannot_cancel(e: &RefundError) -> bool {
    e.details.as_ref().is_some_and(|d| Obj::of(d).arr("error").iter().any(|i| matches!(Obj::of(i).text("code").as_deref(), Some("829" | "833"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::RefundStatus;

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse::new(status, body.to_json())
    }

    fn usd(minor: u64) -> Money {
        Money::from_minor(minor, Currency::from_code("USD").unwrap(), "a").unwrap()
    }

    /// Refund-Tagged.md's 201 answer (also the seed's).
    fn tagged_response() -> Value {
        j!({
          "gatewayResponse": { "transactionType": "REFUND", "transactionState": "AUTHORIZED", "transactionOrigin": "ECOM",
            "transactionProcessingDetails": { "transactionTimestamp": "2021-06-20T23:42:48Z", "orderId": "RKOrdID-525133851837",
              "apiTraceId": "362866ac81864d7c9d1ff8b5aa6e98db", "clientRequestId": "4345791", "transactionId": "84356531338" } },
          "source": { "sourceType": "PaymentCard", "card": { "bin": "40055500", "last4": "0019", "scheme": "VISA", "expirationMonth": "10", "expirationYear": "2030" } },
          "paymentReceipt": { "approvedAmount": { "total": 12.04, "currency": "USD" }, "merchantName": "Merchant Name",
            "processorResponseDetails": { "approvalStatus": "APPROVED", "approvalCode": "OK5882", "schemeTransactionId": "0225MCC625628",
              "processor": "FISERV", "host": "NASHVILLE", "responseCode": "000", "responseMessage": "APPROVAL" } },
          "transactionDetails": { "merchantInvoiceNumber": "123456789012" }
        })
    }

    #[test]
    fn the_seed_answer_is_a_succeeded_refund() {
        let r = result(resp(201, tagged_response()), RefundKind::Refund, None, "key-1").unwrap();
        assert_eq!((r.status, r.refund_id.as_deref(), r.approval_code.as_deref()), (RefundStatus::Succeeded, Some("84356531338"), Some("OK5882")));
        assert_eq!(r.provider_status, "AUTHORIZED/APPROVED/000");
        assert_eq!(r.amount.unwrap().formatted, "12.04");
        assert_eq!(r.raw, tagged_response());
    }

    #[test]
    fn a_decline_is_a_result_with_the_requested_amount() {
        let text = tagged_response().to_json().replace(r#""transactionState":"AUTHORIZED""#, r#""transactionState":"DECLINED""#)
            .replace(r#""total":12.04"#, r#""total":0"#).replace(r#""approvalStatus":"APPROVED""#, r#""approvalStatus":"DECLINED""#)
            .replace(r#""responseCode":"000""#, r#""responseCode":"006""#);
        let r = result(HttpResponse::new(201, text), RefundKind::Refund, Some(usd(500_100)), "k").unwrap();
        assert_eq!((r.status, r.provider_status.as_str(), r.amount.unwrap().minor), (RefundStatus::Declined, "DECLINED/DECLINED/006", 500_100));
    }

    fn error_body(code: &str, field: &str, message: &str) -> Value {
        j!({ "gatewayResponse": { "transactionProcessingDetails": { "apiTraceId": "t", "clientRequestId": "c" } },
             "error": [{ "type": "GATEWAY", "code": code, "field": field, "message": message }] })
    }

    #[test]
    fn errors_from_the_error_array() {
        let e = result(resp(400, error_body("810", "amount.total", "Amount is Greater Than Refund/Void")), RefundKind::Refund, None, "k").unwrap_err();
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::ProviderError, Some(400), false));
        assert!(e.message.ends_with("810 Amount is Greater Than Refund/Void (amount.total)"), "{}", e.message);
        assert_eq!(error(&resp(400, error_body("764", "", "x"))).code, ErrorCode::NotFound);
        assert_eq!(error(&resp(400, error_body("816", "Client-Request-Id", "Duplicate"))).code, ErrorCode::IdempotencyConflict);
        assert_eq!(error(&resp(400, error_body("816", "", "Duplicate Refund"))).code, ErrorCode::ProviderError);
        assert!(error(&resp(400, error_body("759", "", "Request in Progress"))).retryable);
        assert!(cannot_cancel(&error(&resp(400, error_body("829", "", "Unable to Cancel: Transaction Settled")))));
        assert!(!cannot_cancel(&error(&resp(400, error_body("810", "", "x")))));
        assert_eq!(error(&HttpResponse::new(401, "<html>no</html>")).code, ErrorCode::Authentication);
        assert_eq!(error(&resp(429, j!({ "error": [{ "type": "APIM", "message": "Request volume is too high." }] }))).code, ErrorCode::RateLimited);
        let wrapped = j!({ "errorResponse": { "error": [{ "code": "105", "field": "amount.currency" }] } });
        assert_eq!(error(&resp(400, wrapped)).details.unwrap()["error"][0]["field"], "amount.currency");
        assert_eq!(error(&HttpResponse::new(502, "<html>")).code, ErrorCode::InvalidResponse);
    }

    #[test]
    fn totals_are_read_exactly() {
        let t = |text: &str, c: &str| read_total(Some(&Value::Number(text.into())), Some(c)).map(|m| m.minor());
        assert_eq!(t("12.04", "USD"), Some(1204));
        assert_eq!(t("4000", "JPY"), Some(4000));
        assert_eq!(t("1.234", "KWD"), Some(1234));
        assert_eq!(t("500.0", "JPY"), Some(500), "whole amounts as the sandbox writes them");
        assert_eq!(t("12.30", "USD"), Some(1230));
        assert_eq!((t("1e-7", "USD"), t("1.5", "JPY"), t("0", "USD"), t("-1.0", "USD"), t("1", "usd")), (None, None, None, None, None));
    }

    #[test]
    fn inquiries_find_the_charge_and_its_changes() {
        let items = vec![
            j!({ "gatewayResponse": { "transactionType": "CHARGE", "transactionState": "CAPTURED" },
                 "paymentReceipt": { "approvedAmount": { "total": 25.00, "currency": "USD" } },
                 "transactionDetails": { "transactionCutTimeStamp": "2099-01-01T05:00:00Z" } }),
            j!({ "gatewayResponse": { "transactionType": "CANCEL", "transactionState": "AUTHORIZED" } }),
        ];
        let c = Charge::find(&items).unwrap();
        assert_eq!((c.state, c.cut_at_ms, c.currency.map(|c| c.code().to_string())), (TransactionState::Captured, Some(4_070_926_800_000), Some("USD".to_string())));
        assert!(find_change(&items, RefundKind::Reversal).is_some() && find_change(&items, RefundKind::Refund).is_none());
        assert_eq!(inquiry(&resp(404, error_body("764", "", "not found"))).unwrap().len(), 0);
    }

    proptest::proptest! {
        #[test]
        fn no_answer_makes_the_readers_panic(status in 100u16..600, body in "\\PC{0,64}") {
            let r = HttpResponse::new(status, body);
            let _ = error(&r);
            let _ = result(r.clone(), RefundKind::Refund, None, "k");
            let _ = inquiry(&r).map(|items| (Charge::find(&items), find_change(&items, RefundKind::Refund).cloned()));
        }
    }
}
