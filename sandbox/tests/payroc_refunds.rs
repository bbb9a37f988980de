mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn identity_issues_tokens_only_for_the_seeded_key() {
    let sb = Sandbox::start(&[]);
    let bad = sb.http.post(sb.url("/payroc/identity/authorize")).header("x-api-key", "nope").send().await.unwrap();
    assert_eq!(bad.status(), 401);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");
    let (status, body) = sb.payroc_get("not-a-token", "/payments/M2MJOG6O2Y").await;
    assert_eq!(status, 401);
    assert_eq!(body["type"], "https://docs.payroc.com/api/errors#not-authorized");
    let token = sb.payroc_token().await;
    let (status, body) = sb.payroc_get(&token, "/payments/M2MJOG6O2Y").await;
    assert_eq!(status, 200);
    assert_eq!(body["order"]["amount"], 4999);
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let sb = Sandbox::start(&["--token-lifetime", "1"]);
    let token = sb.payroc_token().await;
    assert_eq!(sb.payroc_get(&token, "/payments/M2MJOG6O2Y").await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(sb.payroc_get(&token, "/payments/M2MJOG6O2Y").await.0, 401);
}

#[tokio::test]
async fn referenced_refund_partial_then_the_rest_and_over_refund_rejected() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (status, payment) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 999, "description": "partial"})).await;
    assert_eq!(status, 200);
    assert_eq!(payment["refunds"][0]["amount"], 999);
    assert_eq!(payment["refunds"][0]["status"], "ready");
    let refund_id = payment["refunds"][0]["refundId"].as_str().unwrap().to_string();
    assert_eq!(refund_id.len(), 10);
    let (status, over) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 4001, "description": "too much"})).await;
    assert_eq!(status, 400);
    assert_eq!(over["errors"][0]["parameter"], "amount");
    let (status, _) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 4000, "description": "rest"})).await;
    assert_eq!(status, 200);
    let (status, done) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 1, "description": "more"})).await;
    assert_eq!(status, 409, "{done}");
    let (status, refund) = sb.payroc_get(&t, &format!("/refunds/{refund_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(refund["transactionResult"]["authorizedAmount"], -999);
    assert_eq!(refund["payment"]["paymentId"], "M2MJOG6O2Y");
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger.iter().map(|e| e["amount"].as_i64().unwrap()).sum::<i64>(), 4999);
    assert_eq!(ledger[0]["reference"], "M2MJOG6O2Y");
}

#[tokio::test]
async fn same_key_same_body_replays_and_changed_body_conflicts() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let k = key();
    let body = json!({"amount": 500, "description": "once"});
    let first = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &k, &body).await;
    let second = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &k, &body).await;
    assert_eq!(first, second);
    assert_eq!(sb.ledger().await.len(), 1);
    assert_eq!(sb.ledger().await[0]["idempotencyKey"], k.as_str());
    let (status, conflict) = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &k, &json!({"amount": 501, "description": "once"})).await;
    assert_eq!(status, 409);
    assert_eq!(conflict["type"], "https://docs.payroc.com/api/errors#idempotency-key-in-use");
    let missing = sb.http.post(sb.url("/payroc/v1/payments/B6ZOFZNVOP/refund")).bearer_auth(&t).json(&body).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    assert_eq!(sb.ledger().await.len(), 1);
}

#[tokio::test]
async fn uat_amounts_decline_and_refer() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (_, p) = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 4901, "description": "d"})).await;
    assert_eq!(p["refunds"][0]["status"], "declined");
    assert_eq!(p["refunds"][0]["responseCode"], "D");
    let (_, p) = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 4902, "description": "r"})).await;
    assert_eq!(p["refunds"][1]["status"], "referral");
    assert_eq!(p["refunds"][1]["responseCode"], "R");
    assert!(sb.ledger().await.is_empty(), "declines move no money");
}

#[tokio::test]
async fn open_batch_payment_is_reversed() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (status, p) = sb.payroc_post(&t, "/payments/OPNB4TCH7Q/refund", &key(), &json!({"amount": 2500, "description": "cancel"})).await;
    assert_eq!(status, 200);
    assert_eq!(p["transactionResult"]["status"], "reversal");
    assert_eq!(p["refunds"][0]["status"], "reversal");
    assert_eq!(sb.ledger().await[0]["amount"], 2500);
}

#[tokio::test]
async fn zero_and_three_decimal_currencies_stay_in_minor_units() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (s, _) = sb.payroc_post(&t, "/payments/JP7Y0KX2QA/refund", &key(), &json!({"amount": 5000, "description": "yen"})).await;
    assert_eq!(s, 200);
    let (s, _) = sb.payroc_post(&t, "/payments/KW3D5Z8RTE/refund", &key(), &json!({"amount": 12346, "description": "kwd"})).await;
    assert_eq!(s, 400);
    let (s, _) = sb.payroc_post(&t, "/payments/KW3D5Z8RTE/refund", &key(), &json!({"amount": 12345, "description": "kwd"})).await;
    assert_eq!(s, 200);
    let ledger = sb.ledger().await;
    assert_eq!((ledger[0]["currency"].as_str(), ledger[0]["amount"].as_i64()), (Some("JPY"), Some(5000)));
    assert_eq!((ledger[1]["currency"].as_str(), ledger[1]["amount"].as_i64()), (Some("KWD"), Some(12345)));
}

#[tokio::test]
async fn unreferenced_refund_with_keyed_card() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let body = json!({
        "channel": "web", "processingTerminalId": "1234001",
        "order": {"orderId": "OrderRef6543", "description": "Refund", "amount": 4999, "currency": "USD"},
        "refundMethod": {"type": "card", "cardDetails": {"entryMethod": "keyed", "keyedData": {
            "dataFormat": "plainText", "cardNumber": "4539858876047062", "expiryDate": "1239"}}}
    });
    let (status, refund) = sb.payroc_post(&t, "/refunds", &key(), &body).await;
    assert_eq!(status, 201, "{refund}");
    assert_eq!(refund["card"]["cardNumber"], "453985******7062");
    assert_eq!(refund["transactionResult"]["status"], "ready");
    let id = refund["refundId"].as_str().unwrap();
    assert_eq!(sb.payroc_get(&t, &format!("/refunds/{id}")).await.1, refund);
    assert_eq!(sb.ledger().await[0]["reference"], serde_json::Value::Null);
    let mut bad = body.clone();
    bad["refundMethod"]["cardDetails"]["keyedData"]["cardNumber"] = json!("4539858876047063");
    assert_eq!(sb.payroc_post(&t, "/refunds", &key(), &bad).await.0, 400);
    let token_body = json!({"channel": "moto", "processingTerminalId": "1234001",
        "order": {"orderId": "O2", "description": "d", "amount": 100, "currency": "USD"},
        "refundMethod": {"type": "secureToken", "token": "296753123456"}});
    assert_eq!(sb.payroc_post(&t, "/refunds", &key(), &token_body).await.0, 201);
}

#[tokio::test]
async fn list_payments_filters_and_pages() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (_, page1) = sb.payroc_get(&t, "/payments?processingTerminalId=1234001&limit=2").await;
    assert_eq!(page1["count"], 2);
    assert_eq!(page1["hasMore"], true);
    let next = page1["links"].as_array().unwrap().iter().find(|l| l["rel"] == "next").unwrap()["href"].as_str().unwrap().to_string();
    let page2: serde_json::Value = sb.http.get(next).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(page2["data"][0]["paymentId"], "JP7Y0KX2QA");
    assert!(page2["links"].as_array().unwrap().iter().any(|l| l["rel"] == "previous"));
    let (_, by_card) = sb.payroc_get(&t, "/payments?first6=453985&last4=7062").await;
    assert_eq!(by_card["count"], 1);
    assert_eq!(by_card["data"][0]["paymentId"], "M2MJOG6O2Y");
    let (_, dated) = sb.payroc_get(&t, "/payments?dateFrom=2024-07-04T00:00:00Z&dateTo=2024-07-05T23:59:59Z").await;
    assert_eq!(dated["count"], 2);
    assert_eq!(sb.payroc_get(&t, "/payments?before=A&after=B").await.0, 400);
    assert_eq!(sb.payroc_get(&t, "/payments/SHORT").await.0, 400);
    assert_eq!(sb.payroc_get(&t, "/payments/ZZZZZZZZZZ").await.0, 404);
}
