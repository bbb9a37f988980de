//! The HTTP requests J.P. Morgan's operations make, one function per request. Every request
//! carries `merchant-id`; every POST and PATCH a `request-id` (the call's idempotency key).

use super::inputs::{RefundInput, Target};
use crate::http::{url, with_query, HttpRequest, Method};
use crate::json::Value;

/// Where requests go and who they are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub base_url: String,
    pub merchant_id: String,
}

/// Who built the integration; required on every refund. `version` is a string (two doc
/// examples send a JSON number, the spec types it as a string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantSoftware {
    pub company_name: String,
    pub product_name: String,
    pub version: Option<String>,
}

fn request(endpoint: &Endpoint, method: Method, segments: &[&str]) -> HttpRequest {
    HttpRequest::new(method, url(&endpoint.base_url, segments)).header("merchant-id", endpoint.merchant_id.clone())
}

/// The `POST /refunds` body. Field order follows the docs' examples.
pub fn refund_body(input: &RefundInput, software: &MerchantSoftware) -> Value {
    let payment_method = match &input.target {
        Target::Transaction(id) | Target::Capture(id) => {
            crate::obj! { "transactionReference" => crate::obj! { "transactionReferenceId" => id.as_str() } }
        }
        Target::Card { number, expiry } => crate::obj! {
            "card" => crate::obj! {
                "accountNumber" => number.expose(),
                "expiry" => crate::obj! { "month" => expiry.month as u64, "year" => expiry.year as u64 },
            }
        },
    };
    let merchant = crate::obj! {
        "merchantSoftware" => crate::obj! {
            "companyName" => software.company_name.as_str(),
            "productName" => software.product_name.as_str(),
            "version" => &software.version,
        }
    };
    crate::obj! {
        "amount" => input.amount.map(|m| m.minor()),
        "currency" => input.amount.map(|m| m.currency().code().to_string()),
        "initiatorType" => &input.initiator_type,
        "accountOnFile" => &input.account_on_file,
        "paymentMethodType" => payment_method,
        "merchant" => merchant,
    }
}

/// `POST /refunds` with `request-id` = the call's idempotency key (kept on retries).
pub fn refund(endpoint: &Endpoint, input: &RefundInput, software: &MerchantSoftware, request_id: &str) -> HttpRequest {
    request(endpoint, Method::Post, &["refunds"]).header("request-id", request_id).json(&refund_body(input, software))
}

/// `GET /refunds/{transactionId}` (no `request-id`, as the spec has it).
pub fn get_refund(endpoint: &Endpoint, transaction_id: &str) -> HttpRequest {
    request(endpoint, Method::Get, &["refunds", transaction_id])
}

/// `GET /refunds?requestIdentifier=` with a new `request-id` of its own (the spec requires
/// the header on this call too).
pub fn get_refund_by_request_id(endpoint: &Endpoint, wanted: &str, request_id: &str) -> HttpRequest {
    let mut r = request(endpoint, Method::Get, &["refunds"]).header("request-id", request_id);
    r.url = with_query(r.url, &[("requestIdentifier", wanted.to_string())]);
    r
}

/// `GET /payments/{transactionId}`: its state, captureMethod and current authorization.
pub fn get_payment(endpoint: &Endpoint, transaction_id: &str) -> HttpRequest {
    request(endpoint, Method::Get, &["payments", transaction_id])
}

/// `PATCH /payments/{id}` `{ "isVoid": true }`: voids an authorization that is not captured.
pub fn void(endpoint: &Endpoint, transaction_id: &str, request_id: &str) -> HttpRequest {
    request(endpoint, Method::Patch, &["payments", transaction_id]).header("request-id", request_id).json(&crate::obj! { "isVoid" => true })
}

/// `PATCH /payments/{id}` `{ captureMethod, amount }`: the documented partial reversal, which
/// lowers the authorization to `new_total` and keeps its capture method.
pub fn lower(endpoint: &Endpoint, transaction_id: &str, capture_method: &str, new_total: u64, request_id: &str) -> HttpRequest {
    request(endpoint, Method::Patch, &["payments", transaction_id])
        .header("request-id", request_id)
        .json(&crate::obj! { "captureMethod" => capture_method, "amount" => new_total })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::jpmorgan::inputs::{self, Form};

    const NOW: u64 = 1_795_392_000_000;

    fn endpoint() -> Endpoint {
        Endpoint { base_url: "https://api-mock.payments.jpmorgan.com/api/v2".into(), merchant_id: "998482157632".into() }
    }

    fn software(company: &str) -> MerchantSoftware {
        MerchantSoftware { company_name: company.into(), product_name: "Application Name".into(), version: Some("1.235".into()) }
    }

    fn body(input: Value, form: Form, sw: &MerchantSoftware) -> String {
        let input = inputs::refund(&input, form, NOW).unwrap();
        refund(&endpoint(), &input, sw, "req-1").body.unwrap()
    }

    // The expected bodies are the seed's request examples (seed 003, "Refund a payment"), in
    // their field order, except `version`: two examples send the number 1.235, and the spec
    // types it as a string, so we send "1.235".

    #[test]
    fn full_refund_body_matches_the_seed_example() {
        let got = body(j!({ "transactionId": "624e78df-a159-4f26-9d20-1f81841e15e7" }), Form::Referenced, &software("J.P. Morgan Chase"));
        assert_eq!(got, r#"{"paymentMethodType":{"transactionReference":{"transactionReferenceId":"624e78df-a159-4f26-9d20-1f81841e15e7"}},"merchant":{"merchantSoftware":{"companyName":"J.P. Morgan Chase","productName":"Application Name","version":"1.235"}}}"#);
    }

    #[test]
    fn partial_refund_body_matches_the_seed_example() {
        let want = r#"{"amount":900,"currency":"USD","paymentMethodType":{"transactionReference":{"transactionReferenceId":"2150955d-47f7-4770-b6b7-6a8d0cbc114f"}},"merchant":{"merchantSoftware":{"companyName":"Payment Company","productName":"Application Name","version":"1.235"}}}"#;
        let minor = j!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": { "minor": 900, "currency": "USD" } });
        assert_eq!(body(minor, Form::Referenced, &software("Payment Company")), want);
        let text = j!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": { "value": "9.00", "currency": "USD" } });
        assert_eq!(body(text, Form::Any, &software("Payment Company")), want, "decimal text gives the same bytes");
    }

    #[test]
    fn standalone_refund_body_matches_the_seed_example() {
        let input = j!({
            "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2030 } },
            "amount": { "minor": 1234, "currency": "USD" }, "initiatorType": "CARDHOLDER", "accountOnFile": "NOT_STORED"
        });
        let got = body(input, Form::Standalone, &software("Payment Company"));
        assert_eq!(got, r#"{"amount":1234,"currency":"USD","initiatorType":"CARDHOLDER","accountOnFile":"NOT_STORED","paymentMethodType":{"card":{"accountNumber":"4012000033330026","expiry":{"month":5,"year":2030}}},"merchant":{"merchantSoftware":{"companyName":"Payment Company","productName":"Application Name","version":"1.235"}}}"#);
    }

    #[test]
    fn headers_and_urls() {
        let input = inputs::refund(&j!({ "transactionId": "t-1" }), Form::Referenced, NOW).unwrap();
        let post = refund(&endpoint(), &input, &software("x"), "9f4068e9-81b2-40aa-80fc-010e96526b21");
        assert_eq!((post.method, post.url.as_str()), (Method::Post, "https://api-mock.payments.jpmorgan.com/api/v2/refunds"));
        assert_eq!(post.get_header("merchant-id"), Some("998482157632"));
        assert_eq!(post.get_header("request-id"), Some("9f4068e9-81b2-40aa-80fc-010e96526b21"));
        let get = get_refund(&endpoint(), "948a288a-fe83-43ed-99eb-c1ca7afa1b3e");
        assert_eq!((get.method, get.get_header("request-id")), (Method::Get, None));
        let by = get_refund_by_request_id(&endpoint(), "orig/1", "new-2");
        assert_eq!(by.url, "https://api-mock.payments.jpmorgan.com/api/v2/refunds?requestIdentifier=orig%2F1");
        assert_eq!(by.get_header("request-id"), Some("new-2"));
        let v = void(&endpoint(), "t-1", "k");
        assert_eq!((v.method, v.body.as_deref()), (Method::Patch, Some(r#"{"isVoid":true}"#)));
        assert_eq!(lower(&endpoint(), "t-1", "MANUAL", 30, "k").body.as_deref(), Some(r#"{"captureMethod":"MANUAL","amount":30}"#));
    }
}
