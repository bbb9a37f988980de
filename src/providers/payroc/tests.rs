//! The client end to end without a network: options, hosts, and the exact bodies and
//! headers of the request examples in reference/payroc.md.

use super::*;
use crate::error::ErrorCode;
use crate::flow::Step;
use crate::http::Method;
use crate::providers::Provider;
use serde_json::json;

// 2026-11-23T00:00:00Z
const NOW: u64 = 1_795_392_000_000;
const KEY: &str = "8e03978e-40d5-43e8-bc93-6894a57f9324";

fn client(options: Value) -> Payroc {
    Payroc::new(&options, ClientEnvironment::default(), NOW).unwrap()
}

fn uat() -> Payroc {
    client(json!({ "apiKey": "sk-test-payroc-key", "environment": "uat" }))
}

fn ctx() -> CallContext {
    CallContext { idempotency_key: KEY.into(), now_ms: NOW }
}

/// The first request a method sends, authorized as the sending layer would.
fn first_request(p: &Payroc, method: &str, args: &[Value]) -> crate::flow::Outgoing {
    let mut flow = p.start(method, args, &ctx()).unwrap();
    match flow.next(None, NOW) {
        Step::Send(mut out) => {
            p.authorize(&mut out.request, &AuthMaterial::Token("eyJhbGc.adQssw5c".into()));
            out
        }
        other => panic!("{method}: expected a request, got {other:?}"),
    }
}

fn headers(r: &HttpRequest) -> Vec<(&str, &str)> {
    let mut h: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    h.sort();
    h
}

fn body(r: &HttpRequest) -> &str {
    std::str::from_utf8(r.body.as_deref().unwrap_or_default()).unwrap()
}

#[test]
fn hosts_follow_the_environment_and_overrides() {
    assert_eq!(uat().api_url(), UAT_API);
    assert_eq!(uat().token_request().unwrap().url, "https://identity.uat.payroc.com/authorize");
    let prod = client(json!({ "apiKey": "k-123", "environment": "production" }));
    assert_eq!(prod.api_url(), "https://api.payroc.com/v1");
    assert_eq!(prod.token_request().unwrap().url, "https://identity.payroc.com/authorize");
    let sandbox = client(json!({ "apiKey": "k-123", "environment": "uat",
        "baseUrl": "http://127.0.0.1:4010/payroc/v1", "identityUrl": "http://127.0.0.1:4010/payroc/identity" }));
    assert_eq!(sandbox.token_request().unwrap().url, "http://127.0.0.1:4010/payroc/identity/authorize");
    let out = first_request(&sandbox, "getPayment", &[json!("M2MJOG6O2Y")]);
    assert_eq!(out.request.url, "http://127.0.0.1:4010/payroc/v1/payments/M2MJOG6O2Y");
}

#[test]
fn options_are_validated_and_secrets_kept_out_of_browsers() {
    let e = Payroc::new(&json!({ "environment": "staging", "baseUrl": "ftp://x/y/z" }), ClientEnvironment::default(), NOW).unwrap_err();
    let paths: Vec<&str> = e.issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["environment", "baseUrl", "apiKey"]);
    let browser = ClientEnvironment { in_browser: true, ..Default::default() };
    let e = Payroc::new(&json!({ "apiKey": "k-123" }), browser, NOW).unwrap_err();
    assert_eq!(e.code, ErrorCode::BrowserSecret);
    assert!(!e.message.contains("k-123"));
    // Browser-safe: a short-lived token, getAccessToken(), or the merchant's own backend.
    let p = Payroc::new(&json!({ "accessToken": "tok-abc" }), browser, NOW).unwrap();
    assert_eq!((p.auth_kind(), p.token_request()), (AuthKind::Bearer, None));
    let getter = ClientEnvironment { in_browser: true, has_get_access_token: true, has_sign: false };
    assert_eq!(Payroc::new(&json!({}), getter, NOW).unwrap().token_request(), None);
    let proxy = Payroc::new(&json!({ "baseUrl": "https://shop.example/api/payroc" }), browser, NOW).unwrap();
    assert_eq!(proxy.auth_kind(), AuthKind::None);
    assert_eq!(uat().secrets(), ["sk-test-payroc-key"]);
}

#[test]
fn token_request_matches_the_identity_example() {
    // curl --request POST 'https://identity.payroc.com/authorize' --header 'x-api-key: <api key>'
    let r = uat().token_request().unwrap();
    assert_eq!(r.method, Method::Post);
    assert_eq!(headers(&r), [("x-api-key", "sk-test-payroc-key")]);
    assert_eq!(r.body, None);
}

#[test]
fn referenced_refund_matches_the_reference_example() {
    // [NET CreateReferencedRefundTest.cs] { "amount": 4999, "description": "Refund for order OrderRef6543" }
    let out = first_request(
        &uat(),
        "refund",
        &[json!({ "paymentId": "M2MJOG6O2Y", "amount": { "minor": 4999, "currency": "USD" },
                  "description": "Refund for order OrderRef6543" })],
    );
    let r = &out.request;
    assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://api.uat.payroc.com/v1/payments/M2MJOG6O2Y/refund"));
    assert_eq!(body(r), r#"{"amount":4999,"description":"Refund for order OrderRef6543"}"#);
    assert_eq!(
        headers(r),
        [("Authorization", "Bearer eyJhbGc.adQssw5c"), ("Content-Type", "application/json"), ("Idempotency-Key", KEY)]
    );
    assert_eq!(out.idempotency_key.as_deref(), Some(KEY));
    let with_operator = first_request(
        &uat(),
        "refund",
        &[json!({ "paymentId": "M2MJOG6O2Y", "amount": { "value": "49.99", "currency": "USD" }, "description": "d", "operator": "Jane" })],
    );
    assert_eq!(body(&with_operator.request), r#"{"operator":"Jane","amount":4999,"description":"d"}"#);
}

#[test]
fn unreferenced_refund_matches_the_uat_example() {
    // [NET/JAVA TestFunctional UnreferencedRefund.json], sent as keyed plain text.
    let out = first_request(
        &uat(),
        "unreferencedRefund",
        &[json!({
            "channel": "web", "processingTerminalId": "1234001",
            "order": { "orderId": "OrderRef6543", "amount": 4999, "currency": "USD", "description": "Large Pepperoni Pizza" },
            "refundMethod": { "type": "card", "card": { "cardNumber": "4539858876047062", "expiry": { "month": 12, "year": 2030 },
                              "device": { "model": "paxA920", "serialNumber": "1850010868" } } }
        })],
    );
    let r = &out.request;
    assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://api.uat.payroc.com/v1/refunds"));
    let expected = json!({
        "channel": "web",
        "processingTerminalId": "1234001",
        "order": { "amount": 4999, "currency": "USD", "orderId": "OrderRef6543", "description": "Large Pepperoni Pizza" },
        "refundMethod": {
            "type": "card",
            "cardDetails": {
                "entryMethod": "keyed",
                "keyedData": {
                    "dataFormat": "plainText",
                    "device": { "model": "paxA920", "serialNumber": "1850010868" },
                    "cardNumber": "4539858876047062",
                    "expiryDate": "1230"
                }
            }
        }
    });
    assert_eq!(serde_json::from_str::<Value>(body(r)).unwrap(), expected);
    assert!(body(r).starts_with(r#"{"channel":"web","processingTerminalId":"1234001","order":{"orderId":"OrderRef6543","#));
    assert_eq!(
        headers(r),
        [("Authorization", "Bearer eyJhbGc.adQssw5c"), ("Content-Type", "application/json"), ("Idempotency-Key", KEY)]
    );
    let token = first_request(
        &uat(),
        "unreferencedRefund",
        &[json!({ "channel": "pos", "processingTerminalId": "1234001",
                  "order": { "orderId": "O1", "amount": { "minor": 100, "currency": "USD" }, "description": "d" },
                  "refundMethod": { "type": "secureToken", "token": "296753123456", "secCode": "web" } })],
    );
    assert_eq!(
        body(&token.request),
        r#"{"channel":"pos","processingTerminalId":"1234001","order":{"orderId":"O1","description":"d","amount":100,"currency":"USD"},"refundMethod":{"type":"secureToken","token":"296753123456","secCode":"web"}}"#
    );
}

#[test]
fn refund_instruction_matches_the_reference_example() {
    // [NET RefundInstructions/SubmitTest.cs]
    let out = first_request(
        &uat(),
        "submitRefundInstruction",
        &[json!({ "serialNumber": "1850010868", "operator": "Jane", "processingTerminalId": "1234001",
                  "order": { "orderId": "OrderRef6543", "description": "Refund for order OrderRef6543", "amount": 4999, "currency": "USD" },
                  "customizationOptions": { "entryMethod": "manualEntry" } })],
    );
    let r = &out.request;
    assert_eq!(r.url, "https://api.uat.payroc.com/v1/devices/1850010868/refund-instructions");
    assert_eq!(
        body(r),
        r#"{"operator":"Jane","processingTerminalId":"1234001","order":{"orderId":"OrderRef6543","description":"Refund for order OrderRef6543","amount":4999,"currency":"USD"},"customizationOptions":{"entryMethod":"manualEntry"}}"#
    );
    assert_eq!(headers(r)[2], ("Idempotency-Key", KEY));
}

#[test]
fn gets_and_deletes_carry_no_idempotency_key() {
    let p = uat();
    for (method, arg, verb, url) in [
        ("getPayment", json!("M2MJOG6O2Y"), Method::Get, "payments/M2MJOG6O2Y"),
        ("listPayments", json!({ "last4": "7062", "limit": 2 }), Method::Get, "payments?last4=7062&limit=2"),
        ("getRefund", json!("CD3HN88U9F"), Method::Get, "refunds/CD3HN88U9F"),
        ("getRefundInstruction", json!("a37439165d134678a9100ebba3b29597"), Method::Get, "refund-instructions/a37439165d134678a9100ebba3b29597"),
        ("waitForRefundInstruction", json!("a37439165d134678a9100ebba3b29597"), Method::Get, "refund-instructions/a37439165d134678a9100ebba3b29597"),
        ("cancelRefundInstruction", json!("a37439165d134678a9100ebba3b29597"), Method::Delete, "refund-instructions/a37439165d134678a9100ebba3b29597"),
        ("refund", json!({ "paymentId": "M2MJOG6O2Y", "description": "rest" }), Method::Get, "payments/M2MJOG6O2Y"),
    ] {
        let out = first_request(&p, method, &[arg]);
        assert_eq!((out.request.method, out.request.url.as_str()), (verb, format!("{UAT_API}/{url}").as_str()), "{method}");
        assert_eq!(out.idempotency_key, None, "{method}");
        assert_eq!(headers(&out.request), [("Authorization", "Bearer eyJhbGc.adQssw5c")], "{method}");
    }
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let p = uat();
    for (method, arg, path) in [
        ("getPayment", json!("M2MJOG6O"), "paymentId"),
        ("getRefund", json!("CD3HN88U9FX"), "refundId"),
        ("refund", json!({ "paymentId": "M2MJOG6O2Y" }), "description"),
        ("unreferencedRefund", json!({}), "channel"),
        ("submitRefundInstruction", json!({ "processingTerminalId": "1234001" }), "serialNumber"),
        ("listPayments", json!({ "limit": 0 }), "limit"),
        ("cancelRefundInstruction", json!("x".repeat(37)), "refundInstructionId"),
    ] {
        let e = p.start(method, &[arg], &ctx()).err().unwrap_or_else(|| panic!("{method} accepted bad input"));
        assert_eq!((e.code, e.issues[0].path.as_str()), (ErrorCode::Validation, path), "{method}");
        assert_eq!(e.provider, Some(ProviderName::Payroc));
    }
    assert_eq!(p.start("capture", &[], &ctx()).err().unwrap().code, ErrorCode::Configuration);
    assert_eq!(p.start("send", &[json!("JpMorganRefund"), json!({})], &ctx()).err().unwrap().code, ErrorCode::Configuration);
}

#[test]
fn card_numbers_never_show_in_errors_or_debug() {
    let p = uat();
    let pan = "4539858876047063"; // fails Luhn
    let input = json!({ "channel": "web", "processingTerminalId": "1234001",
        "order": { "orderId": "O1", "amount": 100, "currency": "USD", "description": "d" },
        "refundMethod": { "type": "card", "card": { "cardNumber": pan, "expiry": { "month": 1, "year": 2020 } } } });
    let e = p.start("unreferencedRefund", &[input], &ctx()).err().unwrap();
    assert!(!format!("{e:?} {e}").contains(pan));
    let good = json!({ "channel": "web", "processingTerminalId": "1234001",
        "order": { "orderId": "O1", "amount": 100, "currency": "USD", "description": "d" },
        "refundMethod": { "type": "card", "card": { "cardNumber": "4539858876047062", "cvv": "123", "expiry": { "month": 1, "year": 2030 } } } });
    let input = requests::read_unreferenced(&good, NOW).unwrap();
    let debug = format!("{input:?}");
    assert!(!debug.contains("4539858876047062") && !debug.contains("123\""), "{debug}");
}

#[test]
fn builders_send_and_prepare_the_same_request() {
    let p = uat();
    let fields = json!({ "kind": "PayrocRefund", "paymentId": "M2MJOG6O2Y", "amount": { "minor": 100, "currency": "USD" }, "description": "d" });
    let sent = first_request(&p, "send", &[json!("PayrocRefund"), fields.clone()]).request;
    let mut prepared = p.prepare("PayrocRefund", &fields, &ctx()).unwrap();
    p.authorize(&mut prepared, &AuthMaterial::Token("eyJhbGc.adQssw5c".into()));
    assert_eq!(sent, prepared);
    // Refund the rest: prepare shows the GET that goes first.
    let rest = p.prepare("PayrocRefund", &json!({ "paymentId": "M2MJOG6O2Y", "description": "d" }), &ctx()).unwrap();
    assert_eq!((rest.method, rest.body), (Method::Get, None));
    let checked = json!({ "paymentId": "M2MJOG6O2Y", "description": "d", "amount": { "minor": 1, "currency": "USD" }, "checkRemaining": true });
    assert_eq!(p.prepare("PayrocRefund", &checked, &ctx()).unwrap().method, Method::Get);
    assert_eq!(p.prepare("PayrocRefund", &json!({}), &ctx()).unwrap_err().issues.len(), 2);
}
