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
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(sb.ledger().await.len(), 2, "the request the client gave up on was committed too");
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

#[tokio::test]
async fn unreadable_after_commit_commits_then_answers_broken_json() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"method": "POST", "path": REFUND_PATH, "kind": "unreadable_after_commit", "count": 1})).await;
    let k = key();
    let r = refund(&sb, &t, &k).await.unwrap();
    assert_eq!(r.status(), 200, "the real success status");
    assert_eq!(r.headers()["content-type"], "application/json");
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert_eq!(sb.ledger().await.len(), 1, "committed");
    let retry = refund(&sb, &t, &k).await.unwrap();
    assert_eq!(retry.status(), 200);
    let real = retry.text().await.unwrap();
    assert!(real.starts_with(&text) && real.len() >= 2 * text.len(), "the first half of the real body: {text}");
    let v: Value = serde_json::from_str(&real).unwrap();
    assert_eq!(v["refunds"].as_array().unwrap().len(), 1, "the saved answer, no second refund");
    assert_eq!(sb.ledger().await.len(), 1);

    // Same on Commerce Hub (201) and on a new route (a J.P. Morgan void).
    sb.fault(json!({"path": "/commercehub/ch/payments/v1/cancels", "kind": "unreadable_after_commit", "count": 1})).await;
    let body = ch_body(r#""referenceTransactionDetails":{"referenceTransactionId":"84356531353"}"#);
    let crid = key();
    let (status, v) = sb.ch_post("/payments/v1/cancels", &crid, &body).await;
    assert_eq!((status, v), (201, Value::Null), "unparseable");
    let (status, v) = sb.ch_post("/payments/v1/cancels", &crid, &body).await;
    assert_eq!((status, v["gatewayResponse"]["transactionType"].as_str()), (201, Some("CANCEL")));
    let jt = sb.jpm_token().await;
    sb.fault(json!({"method": "PATCH", "path": "/jpmorgan/api/v2/payments/*", "kind": "unreadable_after_commit", "count": 1})).await;
    let (status, v) = sb.jpm_send(reqwest::Method::PATCH, &jt, "/payments/7a1c4e52-9d3b-4f6e-8a20-5b9c1d3e7f48", Some(&key()), Some(&json!({"isVoid": true}))).await;
    assert_eq!((status, v), (200, Value::Null));
    assert_eq!(sb.ledger().await.len(), 3);
}

#[tokio::test]
async fn redirect_answers_a_location_without_processing() {
    let sb = Sandbox::start(&[]);
    let no_follow = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    sb.fault(json!({"path": "/payroc/identity/authorize", "kind": "redirect", "count": 1})).await;
    let r = no_follow.post(sb.url("/payroc/identity/authorize")).header("x-api-key", PAYROC_KEY).send().await.unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], "http://127.0.0.1:9/elsewhere");
    assert_eq!(sb.get_json("/_sandbox/stats").await["tokensIssued"]["payroc"], 0, "nothing processed");
    let t = sb.payroc_token().await;
    sb.fault(json!({"path": REFUND_PATH, "kind": "redirect", "status": 308, "location": "https://api.payroc.example/v1/x", "count": 1})).await;
    let r = no_follow.post(sb.url("/payroc/v1/payments/B6ZOFZNVOP/refund")).bearer_auth(&t).header("Idempotency-Key", key())
        .json(&json!({"amount": 100, "description": "r"})).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["location"].to_str().unwrap()), (308, "https://api.payroc.example/v1/x"));
    assert!(sb.ledger().await.is_empty());
    sb.fault(json!({"path": "/jpmorgan/oauth2/token", "kind": "redirect", "count": 1})).await;
    let r = no_follow.post(sb.url("/jpmorgan/oauth2/token")).body("grant_type=client_credentials").send().await.unwrap();
    assert_eq!(r.status(), 307);
    for bad in [json!({"path": "*", "kind": "redirect", "status": 200}), json!({"path": "*", "kind": "delay", "location": "x"})] {
        let r = sb.http.post(sb.url("/_sandbox/faults")).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn delay_slows_the_identity_and_token_endpoints() {
    let sb = Sandbox::start(&[]);
    sb.fault(json!({"method": "POST", "path": "/payroc/identity/authorize", "kind": "delay", "delayMs": 300, "count": 1})).await;
    sb.fault(json!({"method": "POST", "path": "/jpmorgan/oauth2/token", "kind": "delay", "delayMs": 300, "count": 1})).await;
    let timed_out = sb.http.post(sb.url("/payroc/identity/authorize")).header("x-api-key", PAYROC_KEY)
        .timeout(Duration::from_millis(100)).send().await;
    assert!(timed_out.unwrap_err().is_timeout());
    let started = Instant::now();
    sb.jpm_token().await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    // The slow authorize still issued its token.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sb.get_json("/_sandbox/stats").await["tokensIssued"]["payroc"], 1);
}

#[tokio::test]
async fn rate_limit_may_answer_425_too_early() {
    let sb = Sandbox::start(&[]);
    sb.fault(json!({"path": "/commercehub/ch/*", "kind": "rate_limit", "status": 425, "retryAfter": 2, "count": 1})).await;
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), "{}").await;
    assert_eq!(status, 425);
    assert_eq!((v["error"][0]["type"].as_str(), v["error"][0]["code"].as_str()), (Some("GATEWAY"), Some("425")));
    let t = sb.payroc_token().await;
    sb.fault(json!({"path": REFUND_PATH, "kind": "rate_limit", "status": 425, "count": 1})).await;
    let r = refund(&sb, &t, &key()).await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["retry-after"].to_str().unwrap()), (425, "1"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], "https://docs.payroc.com/api/errors#too-early");
    assert!(sb.ledger().await.is_empty());
    let r = sb.http.post(sb.url("/_sandbox/faults")).json(&json!({"path": "*", "kind": "rate_limit", "status": 503})).send().await.unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn faults_and_stats_cover_the_new_routes() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.fault(json!({"method": "POST", "path": "/payroc/v1/payments/*/reverse", "kind": "drop_after_commit", "count": 1})).await;
    let k = key();
    let send = || sb.http.post(sb.url("/payroc/v1/payments/RV8FULL2KQ/reverse")).bearer_auth(&t).header("Idempotency-Key", &k).json(&json!({})).send();
    assert!(send().await.is_err());
    assert_eq!(sb.ledger().await[0]["kind"], "reversal");
    assert_eq!(send().await.unwrap().status(), 200);
    sb.fault(json!({"path": "/commercehub/ch/payments/v1/transaction-inquiry", "kind": "fail_before_commit", "count": 1})).await;
    let body = ch_body(r#""referenceTransactionDetails":{"referenceTransactionId":"84356531348"}"#);
    assert_eq!(sb.ch_post("/payments/v1/transaction-inquiry", &key(), &body).await.0, 503);
    assert_eq!(sb.ch_post("/payments/v1/transaction-inquiry", &key(), &body).await.0, 201);
    sb.payroc_get(&t, "/refunds").await;
    let jt = sb.jpm_token().await;
    sb.jpm_send(reqwest::Method::GET, &jt, "/payments/7a1c4e52-9d3b-4f6e-8a20-5b9c1d3e7f48", None, None).await;
    let requests = sb.get_json("/_sandbox/stats").await["requests"].clone();
    assert_eq!(requests["POST /payroc/v1/payments/{paymentId}/reverse"], 2);
    assert_eq!(requests["GET /payroc/v1/refunds"], 1);
    assert_eq!(requests["POST /commercehub/ch/payments/v1/transaction-inquiry"], 2);
    assert_eq!(requests["GET /jpmorgan/api/v2/payments/{id}"], 1);
}
