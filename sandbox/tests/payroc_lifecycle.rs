mod common;

use common::*;
use serde_json::{json, Value};

fn ops(payment: &Value) -> Vec<String> {
    payment["supportedOperations"].as_array().unwrap().iter().map(|o| o.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn payments_show_their_batch_in_supported_operations_and_settlement_state() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (_, open) = sb.payroc_get(&t, "/payments/RV8FULL2KQ").await;
    assert!(ops(&open).contains(&"fullyReverse".into()) && ops(&open).contains(&"partiallyReverse".into()));
    assert_eq!(open["settlementState"], "unsettled");
    let (_, settled) = sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await;
    assert_eq!(ops(&settled), vec!["refund".to_string()]);
    assert_eq!(settled["settlementState"], "settled");
    let (_, unsettled) = sb.payroc_get(&t, "/payments?settlementState=unsettled").await;
    let ids: Vec<&str> = unsettled["data"].as_array().unwrap().iter().map(|p| p["paymentId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["OPNB4TCH7Q", "RV8FULL2KQ", "RV5PART9XM", "RV3YEN4JPQ"]);
}

#[tokio::test]
async fn reverse_without_amount_reverses_the_whole_open_batch_payment() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let k = key();
    let (status, p) = sb.payroc_post(&t, "/payments/RV8FULL2KQ/reverse", &k, &json!({})).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["transactionResult"]["status"], "reversal");
    assert_eq!(p["refunds"][0]["status"], "reversal");
    assert_eq!(p["refunds"][0]["amount"], 3000);
    assert!(ops(&p).is_empty());
    // Same key and body: the saved answer, nothing new.
    assert_eq!(sb.payroc_post(&t, "/payments/RV8FULL2KQ/reverse", &k, &json!({})).await, (status, p.clone()));
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!((ledger[0]["kind"].as_str(), ledger[0]["status"].as_str()), (Some("reversal"), Some("succeeded")));
    assert_eq!((ledger[0]["reference"].as_str(), ledger[0]["idempotencyKey"].as_str()), (Some("RV8FULL2KQ"), Some(k.as_str())));
    let (status, again) = sb.payroc_post(&t, "/payments/RV8FULL2KQ/reverse", &key(), &json!({})).await;
    assert_eq!((status, again["type"].as_str()), (409, Some("https://docs.payroc.com/api/errors#cannot-be-modified")));
    // An empty body is a full reversal too (both fields are optional).
    let r = sb.http.post(sb.url("/payroc/v1/payments/RV3YEN4JPQ/reverse")).bearer_auth(&t).header("Idempotency-Key", key()).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!((v["refunds"][0]["amount"].as_i64(), v["refunds"][0]["currency"].as_str()), (Some(8000), Some("JPY")));
}

#[tokio::test]
async fn partial_reversals_then_the_rest() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (status, p) = sb.payroc_post(&t, "/payments/RV5PART9XM/reverse", &key(), &json!({"amount": 2500, "operator": "Jane"})).await;
    assert_eq!(status, 200);
    assert_eq!(p["transactionResult"]["status"], "ready", "something is left");
    assert_eq!(p["refunds"][0]["status"], "reversal");
    let (status, over) = sb.payroc_post(&t, "/payments/RV5PART9XM/reverse", &key(), &json!({"amount": 7501})).await;
    assert_eq!((status, over["errors"][0]["parameter"].as_str()), (400, Some("amount")));
    let (status, typo) = sb.payroc_post(&t, "/payments/RV5PART9XM/reverse", &key(), &json!({"amout": 1})).await;
    assert_eq!((status, typo["errors"][0]["parameter"].as_str()), (400, Some("amout")), "unknown keys are named, not ignored");
    let (_, p) = sb.payroc_post(&t, "/payments/RV5PART9XM/reverse", &key(), &json!({"amount": 7500})).await;
    assert_eq!(p["transactionResult"]["status"], "reversal");
    let reversal_id = p["refunds"][1]["refundId"].as_str().unwrap();
    let (status, record) = sb.payroc_get(&t, &format!("/refunds/{reversal_id}")).await;
    assert_eq!((status, record["transactionResult"]["status"].as_str()), (200, Some("reversal")));
    assert_eq!(sb.ledger().await.iter().map(|e| e["amount"].as_i64().unwrap()).sum::<i64>(), 10000);
}

#[tokio::test]
async fn settled_payments_cannot_be_reversed() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (status, v) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/reverse", &key(), &json!({"amount": 100})).await;
    assert_eq!((status, v["type"].as_str()), (409, Some("https://docs.payroc.com/api/errors#cannot-be-modified")));
    assert_eq!(sb.payroc_post(&t, "/payments/ZZZZZZZZZZ/reverse", &key(), &json!({})).await.0, 404);
    // Closing the batch settles the open ones too.
    sb.settle().await;
    assert_eq!(sb.payroc_post(&t, "/payments/RV8FULL2KQ/reverse", &key(), &json!({})).await.0, 409);
    let (_, p) = sb.payroc_get(&t, "/payments/RV8FULL2KQ").await;
    assert_eq!(ops(&p), vec!["refund".to_string()]);
    assert!(sb.ledger().await.is_empty());
}

#[tokio::test]
async fn a_refund_in_the_open_batch_can_be_reversed_until_it_settles() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (_, p) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 1000, "description": "oops"})).await;
    let refund_id = p["refunds"][0]["refundId"].as_str().unwrap().to_string();
    let (_, r) = sb.payroc_get(&t, &format!("/refunds/{refund_id}")).await;
    assert_eq!(r["supportedOperations"], json!(["fullyReverse"]));
    let k = key();
    let path = format!("/refunds/{refund_id}/reverse");
    let (status, reversed) = sb.payroc_post(&t, &path, &k, &json!({})).await;
    assert_eq!(status, 200, "{reversed}");
    assert_eq!(reversed["transactionResult"]["status"], "reversal");
    assert_eq!(reversed["transactionResult"]["type"], "refund");
    assert_eq!(reversed["refundId"], refund_id.as_str());
    assert!(sb.ledger().await.is_empty(), "a reversed refund moves no money");
    assert_eq!(sb.payroc_post(&t, &path, &k, &json!({})).await.1, reversed, "replayed");
    assert_eq!(sb.payroc_post(&t, &path, &key(), &json!({})).await.0, 409);
    let (_, p) = sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await;
    assert_eq!(p["refunds"][0]["status"], "reversal");
    // The whole payment is refundable again.
    assert_eq!(sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 4999, "description": "all"})).await.0, 200);
    // Once the batch closes, the refund is settled.
    sb.settle().await;
    let (_, p) = sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await;
    let settled_refund = p["refunds"][1]["refundId"].as_str().unwrap();
    let (status, v) = sb.payroc_post(&t, &format!("/refunds/{settled_refund}/reverse"), &key(), &json!({})).await;
    assert_eq!((status, v["type"].as_str()), (409, Some("https://docs.payroc.com/api/errors#cannot-be-modified")));
    assert_eq!(sb.payroc_post(&t, "/refunds/ZZZZZZZZZZ/reverse", &key(), &json!({})).await.0, 404);
}

#[tokio::test]
async fn list_refunds_filters_and_pages_every_kind() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 100, "description": "a", "operator": "Jane"})).await;
    sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 4901, "description": "declined"})).await;
    sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 4903, "description": "pending"})).await;
    let unreferenced = json!({"channel": "web", "processingTerminalId": "1234001",
        "order": {"orderId": "U1", "description": "d", "amount": 700, "currency": "USD"},
        "refundMethod": {"type": "card", "cardDetails": {"entryMethod": "keyed", "keyedData": {
            "dataFormat": "plainText", "cardNumber": "4539858876047062", "expiryDate": "1239"}}}});
    sb.payroc_post(&t, "/refunds", &key(), &unreferenced).await;

    let (status, all) = sb.payroc_get(&t, "/refunds").await;
    assert_eq!(status, 200);
    assert_eq!(all["count"], 4);
    assert_eq!(all["data"][0]["payment"]["paymentId"], "M2MJOG6O2Y", "referenced refunds carry their payment");
    assert!(all["data"][3].get("payment").is_none());
    let (_, page1) = sb.payroc_get(&t, "/refunds?limit=3&settlementState=unsettled").await;
    assert_eq!((page1["count"].as_i64(), page1["hasMore"].as_bool()), (Some(3), Some(true)));
    let next = page1["links"].as_array().unwrap().iter().find(|l| l["rel"] == "next").unwrap()["href"].as_str().unwrap().to_string();
    assert!(next.contains("settlementState=unsettled"), "{next}");
    let page2: Value = sb.http.get(next).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(page2["count"], 1);
    assert!(page2["links"].as_array().unwrap().iter().any(|l| l["rel"] == "previous"));

    let count = |q: &'static str| {
        let sb = &sb;
        let t = t.clone();
        async move { sb.payroc_get(&t, &format!("/refunds?{q}")).await.1["count"].as_i64().unwrap() }
    };
    assert_eq!(count("status=pending").await, 1);
    assert_eq!(count("status=ready&status=declined").await, 3);
    assert_eq!(count("operator=Jane").await, 1);
    assert_eq!(count("orderId=OrderRef7001").await, 2);
    assert_eq!(count("first6=453985&last4=7062").await, 2);
    assert_eq!(count("cardholderName=Grace%20Hopper").await, 2);
    assert_eq!(count("tender=ebt").await, 0);
    assert_eq!(count("settlementState=settled").await, 0);
    assert_eq!(count("dateFrom=2000-01-01T00:00:00Z&dateTo=2999-01-01T00:00:00Z").await, 4);
    sb.settle().await;
    let today = &sb.get_json("/_sandbox/ledger").await.as_array().unwrap()[0]["time"].as_str().unwrap()[..10].to_string();
    assert_eq!(sb.payroc_get(&t, &format!("/refunds?settlementDate={today}")).await.1["count"], 4);
    assert_eq!(sb.payroc_get(&t, "/refunds?status=nope").await.0, 400);
    assert_eq!(sb.payroc_get(&t, "/refunds?settlementDate=07-02-2024").await.0, 400);
    assert_eq!(sb.payroc_get(&t, "/refunds?before=A&after=B").await.0, 400);
    assert_eq!(sb.payroc_get(&t, "/refunds?limit=101").await.0, 400);
}

#[tokio::test]
async fn pending_refunds_count_until_finalized() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let (_, p) = sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 1, "description": "x"})).await;
    assert_eq!(p["refunds"][0]["status"], "ready");
    let (_, p) = sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 4903, "description": "slow"})).await;
    assert_eq!((p["refunds"][0]["status"].as_str(), p["refunds"][0]["responseCode"].as_str()), (Some("pending"), Some("E")));
    let id = p["refunds"][0]["refundId"].as_str().unwrap().to_string();
    // Pending counts against what is left: 10000 - 4903 = 5097.
    assert_eq!(sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 5098, "description": "x"})).await.0, 400);
    let ledger = sb.ledger().await;
    assert_eq!((ledger[1]["status"].as_str(), ledger[1]["kind"].as_str()), (Some("pending"), Some("refund")));
    let (_, r) = sb.payroc_get(&t, &format!("/refunds/{id}")).await;
    assert_eq!(r["transactionResult"]["status"], "pending");
    let (status, r) = sb.finalize("payroc", &id, "declined").await;
    assert_eq!((status, r["transactionResult"]["status"].as_str()), (200, Some("declined")));
    assert_eq!(sb.ledger().await.len(), 1, "a declined refund leaves the ledger");
    assert_eq!(sb.payroc_get(&t, &format!("/refunds/{id}")).await.1["transactionResult"]["status"], "declined");
    assert_eq!(sb.finalize("payroc", &id, "approved").await.0, 409, "no longer pending");
    assert_eq!(sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 10000, "description": "x"})).await.0, 200);

    let (_, p) = sb.payroc_post(&t, "/payments/JP7Y0KX2QA/refund", &key(), &json!({"amount": 4903, "description": "slow"})).await;
    let id = p["refunds"][0]["refundId"].as_str().unwrap().to_string();
    assert_eq!(sb.finalize("payroc", &id, "approved").await.1["transactionResult"]["status"], "ready");
    assert!(sb.ledger().await.iter().all(|e| e["status"] == "succeeded"));
    assert_eq!(sb.finalize("payroc", "ZZZZZZZZZZ", "approved").await.0, 404);
    assert_eq!(sb.finalize("payroc", &id, "maybe").await.0, 400);
    assert_eq!(sb.finalize("stripe", &id, "approved").await.0, 404);
}

#[tokio::test]
async fn pending_ms_approves_pending_refunds_by_themselves() {
    let sb = Sandbox::start(&["--pending-ms", "300"]);
    let t = sb.payroc_token().await;
    let body = json!({"channel": "moto", "processingTerminalId": "1234001",
        "order": {"orderId": "P1", "description": "d", "amount": 4903, "currency": "USD"},
        "refundMethod": {"type": "secureToken", "token": "296753123456"}});
    let (status, r) = sb.payroc_post(&t, "/refunds", &key(), &body).await;
    assert_eq!((status, r["transactionResult"]["status"].as_str()), (201, Some("pending")));
    let id = r["refundId"].as_str().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(sb.payroc_get(&t, &format!("/refunds/{id}")).await.1["transactionResult"]["status"], "ready");
    assert_eq!(sb.ledger().await[0]["status"], "succeeded");
}
