mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

fn instruction(amount: i64) -> Value {
    json!({"processingTerminalId": "1234001", "order": {"orderId": "OrderRef6543", "amount": amount, "currency": "USD"}})
}

async fn submit(sb: &Sandbox, t: &str, amount: i64) -> String {
    let (status, body) = sb.payroc_post(t, "/devices/1850010868/refund-instructions", &key(), &instruction(amount)).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "inProgress");
    assert_eq!(body["link"]["rel"], "self");
    body["refundInstructionId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn long_poll_returns_when_the_card_is_presented() {
    let sb = Sandbox::start(&["--long-poll-ms", "5000"]);
    let t = sb.payroc_token().await;
    let id = submit(&sb, &t, 1500).await;
    let started = Instant::now();
    let path = format!("/refund-instructions/{id}");
    let poll = sb.payroc_get(&t, &path);
    let present = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let r = sb.http.post(sb.url("/_sandbox/devices/1850010868/present")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    };
    let ((status, done), ()) = tokio::join!(poll, present);
    assert_eq!(status, 200);
    assert_eq!(done["status"], "completed");
    assert!(started.elapsed() < Duration::from_millis(3000), "held until the change, not the timeout");
    let href = done["link"]["href"].as_str().unwrap();
    assert_eq!(done["link"]["rel"], "refund");
    let refund: Value = sb.http.get(href).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(refund["order"]["amount"], 1500);
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["reference"], Value::Null);
}

#[tokio::test]
async fn long_poll_gives_up_after_the_configured_time() {
    let sb = Sandbox::start(&["--long-poll-ms", "300"]);
    let t = sb.payroc_token().await;
    let id = submit(&sb, &t, 100).await;
    let started = Instant::now();
    let (status, body) = sb.payroc_get(&t, &format!("/refund-instructions/{id}")).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("inProgress")));
    assert!(started.elapsed() >= Duration::from_millis(280));
}

#[tokio::test]
async fn instruction_completes_by_itself_after_the_configured_delay() {
    let sb = Sandbox::start(&["--long-poll-ms", "3000", "--device-complete-ms", "150"]);
    let t = sb.payroc_token().await;
    let id = submit(&sb, &t, 700).await;
    let (_, body) = sb.payroc_get(&t, &format!("/refund-instructions/{id}")).await;
    assert_eq!(body["status"], "completed");
}

#[tokio::test]
async fn cancel_only_while_in_progress() {
    let sb = Sandbox::start(&["--long-poll-ms", "200"]);
    let t = sb.payroc_token().await;
    let id = submit(&sb, &t, 100).await;
    let del = |id: String| {
        let sb = &sb;
        let t = t.clone();
        async move { sb.http.delete(sb.url(&format!("/payroc/v1/refund-instructions/{id}"))).bearer_auth(t).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(del(id.clone()).await, 204);
    assert_eq!(sb.payroc_get(&t, &format!("/refund-instructions/{id}")).await.1["status"], "canceled");
    assert_eq!(del(id.clone()).await, 409);
    let done = submit(&sb, &t, 100).await;
    sb.http.post(sb.url("/_sandbox/devices/1850010868/present")).send().await.unwrap();
    assert_eq!(del(done).await, 409);
    assert_eq!(del("nope".into()).await, 404);
    assert_eq!(sb.ledger().await.len(), 1);
}

#[tokio::test]
async fn presenting_can_fail_the_instruction() {
    let sb = Sandbox::start(&["--long-poll-ms", "200"]);
    let t = sb.payroc_token().await;
    let id = submit(&sb, &t, 100).await;
    let r: Value = sb.http.post(sb.url("/_sandbox/devices/1850010868/present"))
        .json(&json!({"outcome": "failure", "errorMessage": "Card removed"})).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["status"], "failure");
    assert_eq!(sb.payroc_get(&t, &format!("/refund-instructions/{id}")).await.1["errorMessage"], "Card removed");
    assert!(sb.ledger().await.is_empty());
    let unknown = sb.payroc_post(&t, "/devices/0000000000/refund-instructions", &key(), &instruction(1)).await;
    assert_eq!(unknown.0, 404);
}
