//! The HTTP requests Commerce Hub's operations make, one function per request. Every request
//! is a signed POST: the body text is final here, so the signature covers exactly what is
//! sent. `Client-Request-Id` is the call's idempotency key, the same on every retry; the
//! sending layer adds `Api-Key`, `Timestamp`, `Auth-Token-Type` and `Authorization` per attempt.

use super::auth::CLIENT_REQUEST_ID;
use super::inputs::{ChargeRefund, Reference, RefundFields, RefundInput};
use crate::http::{url, HttpRequest, Method};
use crate::json::{Map, Value};

/// The client's fixed merchant identity, sent in every body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    pub merchant_id: String,
    pub terminal_id: String,
}

/// How an inquiry names what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InquireBy {
    TransactionId,
    MerchantTransactionId,
    ClientRequestId,
}

fn post(base_url: &str, segments: &[&str], body: Value, client_request_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, url(base_url, segments))
        .json(&body)
        .header("Accept", "application/json")
        .header(CLIENT_REQUEST_ID, client_request_id)
}

fn reference_details(reference: &Reference, reference_type: Option<&str>) -> Value {
    let (id, merchant_id) = match reference {
        Reference::TransactionId(id) => (Some(id.as_str()), None),
        Reference::MerchantTransactionId(id) => (None, Some(id.as_str())),
    };
    crate::obj! {
        "referenceTransactionId" => id,
        "referenceMerchantTransactionId" => merchant_id,
        "referenceTransactionType" => reference_type,
    }
}

fn merchant_details(merchant: &Merchant) -> Value {
    crate::obj! { "merchantId" => merchant.merchant_id.as_str(), "terminalId" => merchant.terminal_id.as_str() }
}

/// The body of a refund or cancel, in the order of Fiserv's examples. `amount.total` is a
/// JSON number in major units written digit by digit from the integer (USD 1234 → `12.34`,
/// JPY 500 → `500`, KWD 1234 → `1.234`), never through a float.
fn body(reference: Option<Value>, common: &RefundFields, merchant: &Merchant, reason: Option<&str>) -> Value {
    let amount = common.amount.map(|m| {
        crate::obj! { "total" => Value::number(&m.to_decimal_string()), "currency" => m.currency().code() }
    });
    let details = crate::obj! { "reversalReasonCode" => reason, "merchantTransactionId" => &common.merchant_transaction_id };
    crate::obj! {
        "referenceTransactionDetails" => reference,
        "amount" => amount,
        "source" => common.source.as_ref().map(|s| s.0.clone()),
        "transactionDetails" => details.as_object().filter(|d| !d.is_empty()).map(|_| details.clone()),
        "merchantDetails" => merchant_details(merchant),
    }
}

/// `POST /payments/v1/refunds` (tagged).
pub fn refund(base_url: &str, input: &RefundInput, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
    let reference = reference_details(&input.reference, input.reference_transaction_type.as_deref());
    post(base_url, &["payments", "v1", "refunds"], body(Some(reference), &input.common, merchant, None), client_request_id)
}

/// `POST /payments/v1/charges/{transactionId}/refund` (the URI form).
pub fn charge_refund(base_url: &str, input: &ChargeRefund, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
    let segments = ["payments", "v1", "charges", input.transaction_id.as_str(), "refund"];
    post(base_url, &segments, body(None, &input.common, merchant, None), client_request_id)
}

/// `POST /payments/v1/cancels`: a void of a transaction not yet settled, in full or in part.
pub fn cancel(base_url: &str, input: &RefundInput, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
    let reference = reference_details(&input.reference, None);
    let common = RefundFields { source: None, ..input.common.clone() };
    post(base_url, &["payments", "v1", "cancels"], body(Some(reference), &common, merchant, input.reason.as_deref()), client_request_id)
}

/// `POST /payments/v1/transaction-inquiry`, by one identifier; it answers an array.
pub fn inquiry(base_url: &str, by: InquireBy, id: &str, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
    let name = match by {
        InquireBy::TransactionId => "referenceTransactionId",
        InquireBy::MerchantTransactionId => "referenceMerchantTransactionId",
        InquireBy::ClientRequestId => "referenceClientRequestId",
    };
    let mut reference = Map::new();
    reference.insert(name, id);
    let body = crate::obj! { "referenceTransactionDetails" => reference, "merchantDetails" => merchant_details(merchant) };
    post(base_url, &["payments", "v1", "transaction-inquiry"], body, client_request_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::commercehub::inputs;

    const BASE: &str = "https://connect-cert.fiservapis.com/ch";

    fn merchant() -> Merchant {
        Merchant { merchant_id: "100008000003683".into(), terminal_id: "10000001".into() }
    }

    fn tagged(input: Value) -> String {
        refund(BASE, &inputs::refund(&input, 0).unwrap(), &merchant(), "crid-1").body.unwrap()
    }

    #[test]
    fn tagged_refund_body_is_the_reference_example() {
        // Refund-Tagged.md (reference B3): total 12.04 USD.
        let r = refund(BASE, &inputs::refund(&j!({ "referenceTransactionId": "84356531348", "amount": { "minor": 1204, "currency": "USD" } }), 0).unwrap(), &merchant(), "crid-1");
        assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://connect-cert.fiservapis.com/ch/payments/v1/refunds"));
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":12.04,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#)
        );
        assert_eq!(r.get_header("Client-Request-Id"), Some("crid-1"));
        assert_eq!(r.get_header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn seed_example_by_transaction_id_with_ten_dollars() {
        // Seed 004 writes "10.00" as a string, but its own table says `total` is a number.
        assert_eq!(
            tagged(j!({ "referenceTransactionId": "84356531348", "amount": { "value": "10.00", "currency": "USD" } })),
            r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":10.00,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
    }

    #[test]
    fn full_refund_by_merchant_transaction_id_omits_the_amount() {
        assert_eq!(
            tagged(j!({ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db", "referenceTransactionType": "CHARGES", "merchantTransactionId": "refund-42" })),
            r#"{"referenceTransactionDetails":{"referenceMerchantTransactionId":"ac81864d7c9d1ff8b5aa6e98db","referenceTransactionType":"CHARGES"},"transactionDetails":{"merchantTransactionId":"refund-42"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
    }

    #[test]
    fn totals_are_written_from_the_integer() {
        for (minor, code, total) in [(500u64, "JPY", "500"), (1234, "KWD", "1.234"), (5, "USD", "0.05"), (1, "CLF", "0.0001"), (9_007_199_254_740_991, "USD", "90071992547409.91")] {
            let body = tagged(j!({ "referenceTransactionId": "1", "amount": { "minor": minor, "currency": code } }));
            assert!(body.contains(&format!(r#""total":{total},"#)), "{body}");
        }
    }

    #[test]
    fn uri_form_is_the_seed_example() {
        let fields = inputs::charge_refund_fields(&j!("84356531338"), &j!({ "amount": { "value": "1.50", "currency": "USD" } })).unwrap();
        let r = charge_refund(BASE, &inputs::charge_refund(&fields, 0).unwrap(), &merchant(), "k");
        assert_eq!(r.url, "https://connect-cert.fiservapis.com/ch/payments/v1/charges/84356531338/refund");
        assert_eq!(r.body.as_deref(), Some(r#"{"amount":{"total":1.50,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#));
        let full = inputs::charge_refund_fields(&j!("a/b c"), &Value::Null).unwrap();
        assert_eq!(charge_refund(BASE, &inputs::charge_refund(&full, 0).unwrap(), &merchant(), "k").url, "https://connect-cert.fiservapis.com/ch/payments/v1/charges/a%2Fb%20c/refund");
    }

    #[test]
    fn cancel_and_inquiry_are_the_reference_examples() {
        // Cancel.md and Inquiry.md.
        let c = cancel(BASE, &inputs::reverse(&j!({ "referenceTransactionId": "84356531348" }), 0, false).unwrap(), &merchant(), "k");
        assert_eq!(c.url, "https://connect-cert.fiservapis.com/ch/payments/v1/cancels");
        assert_eq!(
            c.body.as_deref(),
            Some(r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"transactionDetails":{"reversalReasonCode":"VOID"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#)
        );
        let i = inquiry(BASE, InquireBy::ClientRequestId, "crid-9", &merchant(), "crid-10");
        assert_eq!(i.url, "https://connect-cert.fiservapis.com/ch/payments/v1/transaction-inquiry");
        assert_eq!(i.body.as_deref(), Some(r#"{"referenceTransactionDetails":{"referenceClientRequestId":"crid-9"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#));
    }
}
