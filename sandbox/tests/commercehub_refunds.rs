mod common;

use common::*;
use serde_json::{json, Value};

fn tagged(reference: Value, amount: Option<&str>, currency: &str) -> String {
    let amount = amount.map(|t| format!(r#","amount":{{"total":{t},"currency":"{currency}"}}"#)).unwrap_or_default();
    format!(r#"{{"referenceTransactionDetails":{reference}{amount},"merchantDetails":{{"merchantId":"100008000003683","terminalId":"10000001"}}}}"#)
}

fn by_id(id: &str) -> Value {
    json!({ "referenceTransactionId": id })
}

fn error_code(v: &Value) -> &str {
    v["error"][0]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn hmac_is_verified_over_the_exact_body() {
    let sb = Sandbox::start(&[]);
    let body = tagged(by_id("84356531348"), Some("1.00"), "USD");
    let crid = key();
    let ts = now_ms().to_string();
    let good = ch_sign(CH_SECRET, &format!("{CH_KEY}{crid}{ts}{body}"));
    // Signed one body, sent another (extra space): refused.
    let (status, v) = sb.ch_post_raw("/payments/v1/refunds", &crid, &ts, &good, &format!("{body} ")).await;
    assert_eq!(status, 401);
    assert_eq!(v["error"][0]["type"], "APIM");
    let wrong_secret = ch_sign("not-the-secret", &format!("{CH_KEY}{crid}{ts}{body}"));
    assert_eq!(sb.ch_post_raw("/payments/v1/refunds", &crid, &ts, &wrong_secret, &body).await.0, 401);
    let stale = (now_ms() - 6 * 60 * 1000).to_string();
    let stale_sig = ch_sign(CH_SECRET, &format!("{CH_KEY}{crid}{stale}{body}"));
    assert_eq!(sb.ch_post_raw("/payments/v1/refunds", &crid, &stale, &stale_sig, &body).await.0, 401);
    assert!(sb.ledger().await.is_empty());
    let (status, v) = sb.ch_post_raw("/payments/v1/refunds", &crid, &ts, &good, &body).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["paymentReceipt"]["processorResponseDetails"]["approvalStatus"], "APPROVED");
    assert_eq!(v["gatewayResponse"]["transactionProcessingDetails"]["clientRequestId"], crid.as_str());
}

#[tokio::test]
async fn tagged_refunds_by_either_reference_and_full_refund() {
    let sb = Sandbox::start(&[]);
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(json!({"referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db"}), Some("2.04"), "USD")).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["paymentReceipt"]["approvedAmount"]["total"].to_string(), "2.04");
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(json!({"referenceTransactionId": "84356531348", "referenceTransactionType": "CHARGES"}), None, "USD")).await;
    assert_eq!(status, 201);
    assert_eq!(v["paymentReceipt"]["approvedAmount"]["total"].to_string(), "10.0");
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531348"), Some("0.01"), "USD")).await;
    assert_eq!((status, error_code(&v)), (400, "810"));
    let ledger = sb.ledger().await;
    assert_eq!(ledger.iter().map(|e| e["amount"].as_i64().unwrap()).collect::<Vec<_>>(), vec![204, 1000]);
    assert!(ledger.iter().all(|e| e["reference"] == "84356531348"));
}

#[tokio::test]
async fn totals_parse_exactly_for_zero_two_and_three_decimals() {
    let sb = Sandbox::start(&[]);
    let (s, _) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531350"), Some("4000"), "JPY")).await;
    assert_eq!(s, 201);
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531351"), Some("1.2345"), "KWD")).await;
    assert_eq!((s, error_code(&v)), (400, "105"));
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531351"), Some("1.234"), "KWD")).await;
    assert_eq!(s, 201);
    assert_eq!(v["paymentReceipt"]["approvedAmount"]["total"].to_string(), "1.234");
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531349"), Some("10.001"), "USD")).await;
    assert_eq!((s, error_code(&v)), (400, "105"));
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531349"), Some("10.00"), "EUR")).await;
    assert_eq!((s, error_code(&v)), (400, "105"));
    let amounts: Vec<_> = sb.ledger().await.iter().map(|e| (e["amount"].as_i64().unwrap(), e["currency"].as_str().unwrap().to_string())).collect();
    assert_eq!(amounts, vec![(4000, "JPY".to_string()), (1234, "KWD".to_string())]);
}

#[tokio::test]
async fn reference_errors_use_commerce_hub_codes() {
    let sb = Sandbox::start(&[]);
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("99999999999"), None, "USD")).await;
    assert_eq!((s, error_code(&v)), (400, "764"));
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(by_id("84356531352"), None, "USD")).await;
    assert_eq!((s, error_code(&v)), (400, "837"));
    let both = json!({"referenceTransactionId": "84356531348", "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db"});
    assert_eq!(sb.ch_post("/payments/v1/refunds", &key(), &tagged(both, None, "USD")).await.0, 400);
    let too_long = by_id(&"1".repeat(41));
    assert_eq!(sb.ch_post("/payments/v1/refunds", &key(), &tagged(too_long, None, "USD")).await.0, 400);
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), &tagged(json!({}), None, "USD")).await;
    assert_eq!((s, error_code(&v)), (400, "107"));
}

#[tokio::test]
async fn uri_form_refunds_a_charge() {
    let sb = Sandbox::start(&[]);
    let body = r#"{"amount":{"total":12.5,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#;
    let (s, v) = sb.ch_post("/payments/v1/charges/84356531349/refund", &key(), body).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(sb.ledger().await[0]["amount"], 1250);
    let (s, v) = sb.ch_post("/payments/v1/charges/00000000000/refund", &key(), body).await;
    assert_eq!((s, error_code(&v)), (400, "764"));
}

#[tokio::test]
async fn client_request_id_replays_the_saved_response() {
    let sb = Sandbox::start(&[]);
    let crid = key();
    let body = tagged(by_id("84356531349"), Some("5.00"), "USD");
    let first = sb.ch_post("/payments/v1/refunds", &crid, &body).await;
    // A retry signs again with a fresh Timestamp and the same Client-Request-Id.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let again = sb.ch_post("/payments/v1/refunds", &crid, &body).await;
    assert_eq!(first, again);
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["idempotencyKey"], crid.as_str());
}
