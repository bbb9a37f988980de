mod common;

use common::*;
use serde_json::{json, Value};

fn by_reference(reference: &str, amount: Option<i64>) -> Value {
    let mut v = json!({
        "merchant": software(),
        "paymentMethodType": {"transactionReference": {"transactionReferenceId": reference}},
    });
    if let Some(a) = amount {
        v["amount"] = json!(a);
        v["currency"] = json!("USD");
    }
    v
}

#[tokio::test]
async fn token_accepts_basic_or_form_credentials_and_refuses_others() {
    let sb = Sandbox::start(&[]);
    sb.jpm_token().await;
    let form = sb.http.post(sb.url("/jpmorgan/oauth2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("grant_type=client_credentials&client_id={JPM_CLIENT}&client_secret={JPM_SECRET}"))
        .send().await.unwrap();
    assert_eq!(form.status(), 200);
    let bad = sb.http.post(sb.url("/jpmorgan/oauth2/token")).basic_auth(JPM_CLIENT, Some("wrong"))
        .body("grant_type=client_credentials").send().await.unwrap();
    assert_eq!(bad.status(), 401);
    let (status, body) = sb.jpm_refund("nope", &key(), &by_reference("624e78df-a159-4f26-9d20-1f81841e15e7", None)).await;
    assert_eq!((status, body["responseStatus"].as_str()), (401, Some("ERROR")));
    let stats = sb.get_json("/_sandbox/stats").await;
    assert_eq!(stats["tokensIssued"]["jpmorgan"], 2);
}

#[tokio::test]
async fn merchant_id_and_request_id_are_required() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let body = by_reference("624e78df-a159-4f26-9d20-1f81841e15e7", None);
    let no_merchant = sb.http.post(sb.url("/jpmorgan/api/v2/refunds")).bearer_auth(&t).header("request-id", key()).json(&body).send().await.unwrap();
    assert_eq!(no_merchant.status(), 400);
    let v: Value = no_merchant.json().await.unwrap();
    assert_eq!(v["validationErrors"][0]["entity"], "merchant-id");
    let no_request = sb.http.post(sb.url("/jpmorgan/api/v2/refunds")).bearer_auth(&t).header("merchant-id", JPM_MERCHANT).json(&body).send().await.unwrap();
    assert_eq!(no_request.status(), 400);
    let no_software = json!({"paymentMethodType": {"transactionReference": {"transactionReferenceId": "624e78df-a159-4f26-9d20-1f81841e15e7"}}});
    let (status, v) = sb.jpm_refund(&t, &key(), &no_software).await;
    assert_eq!((status, v["responseCode"].as_str()), (400, Some("VALIDATION_ERROR")));
    assert!(sb.ledger().await.is_empty());
}

#[tokio::test]
async fn full_refund_then_nothing_left() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference("624e78df-a159-4f26-9d20-1f81841e15e7", None)).await;
    assert_eq!(status, 200);
    assert_eq!((v["responseStatus"].as_str(), v["responseCode"].as_str()), (Some("SUCCESS"), Some("APPROVED")));
    assert_eq!(v["amount"], 1234);
    assert_eq!(v["remainingRefundableAmount"], 0);
    assert_eq!(v["transactionState"], "AUTHORIZED");
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference("624e78df-a159-4f26-9d20-1f81841e15e7", Some(1))).await;
    assert_eq!((status, v["responseStatus"].as_str()), (400, Some("ERROR")));
}

#[tokio::test]
async fn partial_refunds_track_remaining_and_reject_over_refunds() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let id = "2150955d-47f7-4770-b6b7-6a8d0cbc114f";
    let (_, v) = sb.jpm_refund(&t, &key(), &by_reference(id, Some(900))).await;
    assert_eq!(v["remainingRefundableAmount"], 9100);
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference(id, Some(9101))).await;
    assert_eq!(status, 400);
    assert_eq!(v["validationErrors"][0]["entity"], "amount");
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference(id, Some(4901))).await;
    assert_eq!(status, 200);
    assert_eq!((v["responseStatus"].as_str(), v["transactionState"].as_str()), (Some("DENIED"), Some("DECLINED")));
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference("00000000-0000-0000-0000-000000000000", Some(1))).await;
    assert_eq!((status, v["responseCode"].as_str()), (404, Some("NOT_FOUND")));
    assert_eq!(sb.ledger().await.len(), 1);
}

#[tokio::test]
async fn multi_capture_refunds_are_limited_per_capture() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let capture = "cf0bd1da-0cff-4bf0-a295-d1310c46c513";
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference(capture, Some(1001))).await;
    assert_eq!(status, 400, "{v}");
    let (status, v) = sb.jpm_refund(&t, &key(), &by_reference(capture, None)).await;
    assert_eq!(status, 200);
    assert_eq!(v["amount"], 1000);
    assert_eq!(v["remainingRefundableAmount"], 0);
    let captures = v["paymentRequest"]["captures"].as_array().unwrap();
    assert_eq!(captures[1]["captureRemainingRefundableAmount"], 1200);
    let (_, v) = sb.jpm_refund(&t, &key(), &by_reference("0b9f4d2e-5c81-4a7f-9e36-d41c8a27b5f0", None)).await;
    assert_eq!(v["amount"], 2000, "the order refunds what its captures have left");
    assert_eq!(sb.ledger().await[0]["reference"], capture);
}

#[tokio::test]
async fn standalone_refund_masks_the_card() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let body = json!({"merchant": software(), "amount": 1234, "currency": "USD", "initiatorType": "CARDHOLDER",
        "accountOnFile": "NOT_STORED",
        "paymentMethodType": {"card": {"accountNumber": "4012000033330026", "expiry": {"month": 5, "year": 2099}}}});
    let (status, v) = sb.jpm_refund(&t, &key(), &body).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["paymentMethodType"]["card"]["maskedAccountNumber"], "401200XXXXXX0026");
    assert!(v.get("remainingRefundableAmount").is_none());
    assert!(!v.to_string().contains("4012000033330026"));
    assert_eq!(sb.ledger().await[0]["reference"], Value::Null);
    let mut expired = body.clone();
    expired["paymentMethodType"]["card"]["expiry"]["year"] = json!(2001);
    assert_eq!(sb.jpm_refund(&t, &key(), &expired).await.0, 400);
}

#[tokio::test]
async fn request_id_replays_and_lookups_work() {
    let sb = Sandbox::start(&[]);
    let t = sb.jpm_token().await;
    let rid = key();
    let body = by_reference("2150955d-47f7-4770-b6b7-6a8d0cbc114f", Some(100));
    let first = sb.jpm_refund(&t, &rid, &body).await;
    let again = sb.jpm_refund(&t, &rid, &body).await;
    assert_eq!(first, again);
    assert_eq!(sb.ledger().await.len(), 1);
    assert_eq!(sb.ledger().await[0]["idempotencyKey"], rid.as_str());
    assert_eq!(sb.jpm_refund(&t, &rid, &by_reference("2150955d-47f7-4770-b6b7-6a8d0cbc114f", Some(101))).await.0, 409);
    let id = first.1["transactionId"].as_str().unwrap();
    let by_id: Value = sb.http.get(sb.url(&format!("/jpmorgan/api/v2/refunds/{id}"))).bearer_auth(&t)
        .header("merchant-id", JPM_MERCHANT).send().await.unwrap().json().await.unwrap();
    assert_eq!(by_id, first.1);
    let by_request: Value = sb.http.get(sb.url(&format!("/jpmorgan/api/v2/refunds?requestIdentifier={rid}"))).bearer_auth(&t)
        .header("merchant-id", JPM_MERCHANT).header("request-id", key()).send().await.unwrap().json().await.unwrap();
    assert_eq!(by_request, first.1);
}
