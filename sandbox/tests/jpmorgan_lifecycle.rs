mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const VOID_ME: &str = "7a1c4e52-9d3b-4f6e-8a20-5b9c1d3e7f48";
const REDUCE_ME: &str = "c2e8b4a6-1f35-4d79-9b0e-8e6a2c4d1f93";
const YEN_AUTH: &str = "e4f6a8b0-3c5d-4e7f-8091-a2b3c4d5e6f7";
const CLOSED: &str = "2150955d-47f7-4770-b6b7-6a8d0cbc114f";

fn by_reference(reference: &str, amount: Option<i64>) -> Value {
    let mut v = json!({ "merchant": software(), "paymentMethodType": {"transactionReference": {"transactionReferenceId": reference}} });
    if let Some(a) = amount {
        v["amount"] = json!(a);
    }
    v
}

#[tokio::test]
async fn get_payment_shows_state_capture_method_and_amounts() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let (status, p) = sb.jpm_send(Method::GET, &t, &format!("/payments/{VOID_ME}"), None, None).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!((p["transactionState"].as_str(), p["captureMethod"].as_str()), (Some("AUTHORIZED"), Some("MANUAL")));
    assert_eq!((p["amount"].as_i64(), p["currency"].as_str()), (Some(5000), Some("USD")));
    assert_eq!(p["paymentRequest"]["paymentRequestStatus"], "OPEN");
    let (_, closed) = sb.jpm_send(Method::GET, &t, &format!("/payments/{CLOSED}"), None, None).await;
    assert_eq!((closed["transactionState"].as_str(), closed["captureMethod"].as_str()), (Some("CLOSED"), Some("NOW")));
    assert_eq!(closed["remainingRefundableAmount"], 10000);
    assert_eq!(sb.jpm_send(Method::GET, &t, "/payments/nope", None, None).await.0, 404);
    assert_eq!(sb.jpm_send(Method::GET, "bad-token", &format!("/payments/{CLOSED}"), None, None).await.0, 401);
}

#[tokio::test]
async fn void_an_uncaptured_authorization() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let path = format!("/payments/{VOID_ME}");
    let rid = key();
    let (status, v) = sb.jpm_send(Method::PATCH, &t, &path, Some(&rid), Some(&json!({"isVoid": true}))).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["transactionState"].as_str(), v["paymentRequest"]["paymentRequestStatus"].as_str()), (Some("VOIDED"), Some("CANCELLED")));
    assert_eq!(v["requestId"], rid.as_str());
    // Same request-id and body: replayed; another body: DUPLICATE.
    assert_eq!(sb.jpm_send(Method::PATCH, &t, &path, Some(&rid), Some(&json!({"isVoid": true}))).await, (status, v.clone()));
    assert_eq!(sb.jpm_send(Method::PATCH, &t, &path, Some(&rid), Some(&json!({"isVoid": true, "amount": 1}))).await.0, 409);
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!((ledger[0]["kind"].as_str(), ledger[0]["amount"].as_i64()), (Some("reversal"), Some(5000)));
    assert_eq!((ledger[0]["reference"].as_str(), ledger[0]["idempotencyKey"].as_str()), (Some(VOID_ME), Some(rid.as_str())));
    let (status, again) = sb.jpm_send(Method::PATCH, &t, &path, Some(&key()), Some(&json!({"isVoid": true}))).await;
    assert_eq!((status, again["validationErrors"][0]["code"].as_str()), (400, Some("INVALID_TRANSACTION_STATE")));
    assert_eq!(sb.jpm_send(Method::GET, &t, &path, None, None).await.1["transactionState"], "VOIDED");
}

#[tokio::test]
async fn a_captured_payment_cannot_be_voided_and_an_uncaptured_one_cannot_be_refunded() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let (status, v) = sb.jpm_send(Method::PATCH, &t, &format!("/payments/{CLOSED}"), Some(&key()), Some(&json!({"isVoid": true}))).await;
    assert_eq!((status, v["responseStatus"].as_str()), (400, Some("ERROR")));
    assert_eq!(v["validationErrors"][0]["code"], "INVALID_TRANSACTION_STATE");
    assert!(v["validationErrors"][0]["message"].as_str().unwrap().contains("refund it instead"));
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference(VOID_ME, Some(100))).await;
    assert_eq!((status, v["validationErrors"][0]["code"].as_str()), (400, Some("TRANSACTION_NOT_CAPTURED")));
    assert!(sb.ledger().await.is_empty());
    for bad in [json!({}), json!({"isVoid": false}), json!({"isVoid": "yes"}), json!({"amount": 100}), json!({"amout": 100, "captureMethod": "MANUAL"}), json!({"isVoid": true, "amount": 1})] {
        let (status, _) = sb.jpm_send(Method::PATCH, &t, &format!("/payments/{VOID_ME}"), Some(&key()), Some(&bad)).await;
        assert_eq!(status, 400, "{bad}");
    }
    assert_eq!(sb.jpm_send(Method::PATCH, &t, &format!("/payments/{VOID_ME}"), None, Some(&json!({"isVoid": true}))).await.0, 400, "request-id required");
}

#[tokio::test]
async fn partial_reversal_lowers_the_authorization_and_now_captures_it() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let path = format!("/payments/{REDUCE_ME}");
    // $100 authorized; take $70 off by sending the new total, $30.
    let (status, v) = sb.jpm_send(Method::PATCH, &t, &path, Some(&key()), Some(&json!({"captureMethod": "MANUAL", "amount": 3000}))).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["transactionState"].as_str(), v["amount"].as_i64()), (Some("AUTHORIZED"), Some(3000)));
    assert_eq!(sb.ledger().await[0]["amount"], 7000);
    let (status, _) = sb.jpm_send(Method::PATCH, &t, &path, Some(&key()), Some(&json!({"captureMethod": "MANUAL", "amount": 3001}))).await;
    assert_eq!(status, 400, "the new total must be lower");
    let (status, v) = sb.jpm_send(Method::PATCH, &t, &path, Some(&key()), Some(&json!({"captureMethod": "NOW", "amount": 2000}))).await;
    assert_eq!(status, 200);
    assert_eq!((v["transactionState"].as_str(), v["captureMethod"].as_str()), (Some("CLOSED"), Some("NOW")));
    assert_eq!(v["remainingRefundableAmount"], 2000);
    let ledger = sb.ledger().await;
    assert_eq!(ledger.iter().map(|e| e["amount"].as_i64().unwrap()).sum::<i64>(), 8000);
    // Captured now: refundable, not voidable.
    let (status, r) = sb.jpm_refund(&t, &key(), &by_reference(REDUCE_ME, None)).await;
    assert_eq!((status, r["amount"].as_i64()), (200, Some(2000)));
    assert_eq!(sb.jpm_send(Method::PATCH, &t, &path, Some(&key()), Some(&json!({"isVoid": true}))).await.0, 400);
    // isCapture captures what is authorized.
    let (status, v) = sb.jpm_send(Method::PATCH, &t, &format!("/payments/{YEN_AUTH}"), Some(&key()), Some(&json!({"isCapture": true}))).await;
    assert_eq!((status, v["transactionState"].as_str(), v["remainingRefundableAmount"].as_i64()), (200, Some("CLOSED"), Some(20000)));
}

#[tokio::test]
async fn pending_refunds_are_looked_up_as_they_are_now() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let rid = key();
    let (status, v) = sb.jpm_refund(&t, &rid, &by_reference(CLOSED, Some(4903))).await;
    assert_eq!(status, 200);
    assert_eq!((v["transactionState"].as_str(), v["responseStatus"].as_str()), (Some("PENDING"), Some("SUCCESS")));
    assert_eq!(v["remainingRefundableAmount"], 10000 - 4903);
    let id = v["transactionId"].as_str().unwrap().to_string();
    assert_eq!(sb.ledger().await[0]["status"], "pending");
    // Pending counts against what is left.
    assert_eq!(sb.jpm_refund(&t, &key(), &by_reference(CLOSED, Some(5098))).await.0, 400);
    let (status, v) = sb.finalize("jpmorgan", &id, "declined").await;
    assert_eq!((status, v["transactionState"].as_str(), v["responseStatus"].as_str()), (200, Some("DECLINED"), Some("DENIED")));
    let (_, by_id) = sb.jpm_send(Method::GET, &t, &format!("/refunds/{id}"), None, None).await;
    assert_eq!(by_id["transactionState"], "DECLINED");
    let (_, by_request) = sb.jpm_send(Method::GET, &t, &format!("/refunds?requestIdentifier={rid}"), Some(&key()), None).await;
    assert_eq!(by_request["transactionState"], "DECLINED");
    assert!(sb.ledger().await.is_empty());
    // The declined amount is refundable again.
    assert_eq!(sb.jpm_refund(&t, &key(), &by_reference(CLOSED, None)).await.1["amount"], 10000);

    let (_, v) = sb.jpm_refund(&t, &key(), &by_reference("8d7e6f50-3a21-4c9b-b0e4-6f2d1a9c3b77", Some(4903))).await;
    let id = v["transactionId"].as_str().unwrap();
    assert_eq!(sb.finalize("jpmorgan", id, "approved").await.1["transactionState"], "AUTHORIZED");
    assert_eq!(sb.jpm_send(Method::GET, &t, &format!("/refunds/{id}"), None, None).await.1["responseCode"], "APPROVED");
    assert!(sb.ledger().await.iter().all(|e| e["status"] == "succeeded"));
    // A PATCH's request-id is not a refund's.
    let patch_rid = key();
    sb.jpm_send(Method::PATCH, &t, &format!("/payments/{VOID_ME}"), Some(&patch_rid), Some(&json!({"isVoid": true}))).await;
    assert_eq!(sb.jpm_send(Method::GET, &t, &format!("/refunds?requestIdentifier={patch_rid}"), Some(&key()), None).await.0, 404);
}
