mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const REFUND_PATH: &str = "/payroc/v1/payments/*/refund";

async fn refund(sb: &Sandbox, t: &str, k: &str) -> Result<reqwest::Response, reqwest::Error> {
    sb.http
        .post(sb.url("/payroc/v1/payments/B6ZOFZNVOP/refund"))
        .bearer_auth(t)
        .header("Idempotency-Key", k)
        .json(&json!({"amount": 100, "description": "fault test"}))
        .send()
        .await
}

#[tokio::test]
async fn drop_after_commit_stores_the_refund_and_loses_the_response() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"method": "POST", "path": REFUND_PATH, "kind": "drop_after_commit", "count": 1})).await;
    let k = key();
    assert!(refund(&sb, &t, &k).await.is_err(), "no response must arrive");
    assert_eq!(sb.ledger().await.len(), 1);
    // The retry with the same key gets the saved answer, and pays nothing twice.
    let retry = refund(&sb, &t, &k).await.unwrap();
    assert_eq!(retry.status(), 200);
    assert_eq!(sb.ledger().await.len(), 1);
}

#[tokio::test]
async fn fail_before_commit_answers_5xx_and_stores_nothing() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"path": REFUND_PATH, "kind": "fail_before_commit", "status": 502, "count": 2})).await;
    let k = key();
    for _ in 0..2 {
        let r = refund(&sb, &t, &k).await.unwrap();
        assert_eq!(r.status(), 502);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    assert!(sb.ledger().await.is_empty());
    assert_eq!(refund(&sb, &t, &k).await.unwrap().status(), 200, "count spent");
    assert_eq!(sb.ledger().await.len(), 1);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let sb = Sandbox::start(&[]);
    sb.fault(json!({"method": "POST", "path": "/jpmorgan/api/v2/refunds", "kind": "rate_limit", "retryAfter": 3, "count": 1})).await;
    let t = sb.jpm_token().await;
    let r = sb.http.post(sb.url("/jpmorgan/api/v2/refunds")).bearer_auth(&t).header("merchant-id", JPM_MERCHANT)
        .header("request-id", key()).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "3");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["responseStatus"], "ERROR");
}

#[tokio::test]
async fn delay_holds_the_answer_past_a_client_timeout_then_commits() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"path": REFUND_PATH, "kind": "delay", "delayMs": 400, "count": 1})).await;
    let started = Instant::now();
    let timed_out = sb.http.post(sb.url("/payroc/v1/payments/B6ZOFZNVOP/refund")).bearer_auth(&t)
        .header("Idempotency-Key", key()).timeout(Duration::from_millis(100))
        .json(&json!({"amount": 100, "description": "slow"})).send().await;
    assert!(timed_out.unwrap_err().is_timeout());
    sb.fault(json!({"path": REFUND_PATH, "kind": "delay", "delayMs": 200, "count": 1})).await;
    let ok = refund(&sb, &t, &key()).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn reset_aborts_the_connection_and_stores_nothing() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"path": REFUND_PATH, "kind": "reset", "count": 1})).await;
    assert!(refund(&sb, &t, &key()).await.is_err());
    assert!(sb.ledger().await.is_empty());
    assert_eq!(refund(&sb, &t, &key()).await.unwrap().status(), 200);
}

#[tokio::test]
async fn commerce_hub_faults_use_its_error_format() {
    let sb = Sandbox::start(&[]);
    sb.fault(json!({"path": "/commercehub/ch/*", "kind": "fail_before_commit", "count": 1})).await;
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), "{}").await;
    assert_eq!(status, 503);
    assert_eq!(v["error"][0]["type"], "APIM");
}

#[tokio::test]
async fn probability_with_a_seed_is_deterministic() {
    async fn pattern() -> Vec<u16> {
        let sb = Sandbox::start(&[]);
        sb.fault(json!({"method": "GET", "path": "/payroc/v1/payments/*", "kind": "fail_before_commit",
            "probability": 0.5, "seed": 42})).await;
        let t = sb.payroc_token().await;
        let mut out = Vec::new();
        for _ in 0..24 {
            out.push(sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await.0);
        }
        out
    }
    let a = pattern().await;
    assert_eq!(a, pattern().await);
    assert!(a.contains(&503) && a.contains(&200), "{a:?}");
}

#[tokio::test]
async fn faults_can_be_cleared_and_admin_routes_are_never_faulted() {
    let sb = Sandbox::start(&[]);
    sb.fault(json!({"path": "*", "kind": "fail_before_commit"})).await;
    assert_eq!(sb.get_json("/_sandbox/faults").await.as_array().unwrap().len(), 1);
    let r = sb.http.post(sb.url("/payroc/identity/authorize")).header("x-api-key", PAYROC_KEY).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(sb.http.delete(sb.url("/_sandbox/faults")).send().await.unwrap().status(), 204);
    sb.payroc_token().await;
    let bad = sb.http.post(sb.url("/_sandbox/faults")).json(&json!({"path": "*", "kind": "explode"})).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}
