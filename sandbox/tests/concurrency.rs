mod common;

use common::*;
use serde_json::json;

/// 64 clients each refund 300 of a 10000 payment (19200 in all): the ledger must never
/// pass 10000, and exactly the refunds that fit succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_partial_refunds_never_exceed_the_payment() {
    let sb = std::sync::Arc::new(Sandbox::start(&[]));
    let payroc = sb.payroc_token().await;
    let jpm = sb.jpm_token().await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let sb = sb.clone();
        let (payroc, jpm) = (payroc.clone(), jpm.clone());
        tasks.push(tokio::spawn(async move {
            let p = sb.payroc_post(&payroc, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 300, "description": format!("c{i}")})).await.0;
            let j = sb.jpm_refund(&jpm, &key(), &json!({"merchant": software(), "amount": 300, "currency": "USD",
                "paymentMethodType": {"transactionReference": {"transactionReferenceId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f"}}})).await.0;
            let c = sb.ch_post("/payments/v1/refunds", &key(), r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531349"},"amount":{"total":3.00,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#).await.0;
            (p, j, c)
        }));
    }
    let mut ok = [0; 3];
    for t in tasks {
        let (p, j, c) = t.await.unwrap();
        ok[0] += (p == 200) as usize;
        ok[1] += (j == 200) as usize;
        ok[2] += (c == 201) as usize;
    }
    assert_eq!(ok, [33, 33, 33], "10000 / 300 = 33 refunds fit");
    let ledger = sb.ledger().await;
    for (provider, reference) in [("payroc", "B6ZOFZNVOP"), ("jpmorgan", "2150955d-47f7-4770-b6b7-6a8d0cbc114f"), ("commercehub", "84356531349")] {
        let total: i64 = ledger.iter().filter(|e| e["provider"] == provider && e["reference"] == reference)
            .map(|e| e["amount"].as_i64().unwrap()).sum();
        assert!(total <= 10000, "{provider}: {total}");
        assert_eq!(total, 9900);
    }
}
