mod common;

use common::*;
use serde_json::Value;

const CANCEL: &str = "/payments/v1/cancels";
const INQUIRY: &str = "/payments/v1/transaction-inquiry";

fn by_id(id: &str, extra: &str) -> String {
    ch_body(&format!(r#""referenceTransactionDetails":{{"referenceTransactionId":"{id}"}}{extra}"#))
}

fn code(v: &Value) -> Option<&str> {
    v["error"][0]["code"].as_str()
}

#[tokio::test]
async fn cancel_an_unsettled_sale_whole() {
    let sb = Sandbox::start(&[]);
    let crid = key();
    let body = by_id("84356531353", r#","transactionDetails":{"reversalReasonCode":"VOID"}"#);
    let (status, v) = sb.ch_post(CANCEL, &crid, &body).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["gatewayResponse"]["transactionType"], "CANCEL");
    assert_eq!(v["paymentReceipt"]["approvedAmount"]["total"].as_f64(), Some(25.0));
    assert_eq!(v["transactionDetails"]["reversalReasonCode"], "VOID");
    // Re-signed replay of the same Client-Request-Id and body.
    assert_eq!(sb.ch_post(CANCEL, &crid, &body).await, (status, v.clone()));
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    assert_eq!((ledger[0]["kind"].as_str(), ledger[0]["amount"].as_i64()), (Some("reversal"), Some(2500)));
    assert_eq!((ledger[0]["reference"].as_str(), ledger[0]["idempotencyKey"].as_str()), (Some("84356531353"), Some(crid.as_str())));
    let (status, v) = sb.ch_post(CANCEL, &key(), &body).await;
    assert_eq!((status, code(&v)), (400, Some("833")), "voided now");
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &by_id("84356531353", "")).await;
    assert_eq!((status, code(&v)), (400, Some("837")));
}

#[tokio::test]
async fn partial_cancels_and_their_errors() {
    let sb = Sandbox::start(&[]);
    let amount = |t: &str| format!(r#","amount":{{"total":{t},"currency":"USD"}}"#);
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531354", &amount("30.00"))).await;
    assert_eq!((status, v["paymentReceipt"]["approvedAmount"]["total"].as_f64()), (201, Some(30.0)));
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531354", &amount("50.01"))).await;
    assert_eq!((status, code(&v)), (400, Some("810")));
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531354", &amount("1.001"))).await;
    assert_eq!((status, code(&v)), (400, Some("105")));
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531354", r#","transactionDetails":{"reversalReasonCode":"OOPS"}"#)).await;
    assert_eq!((status, code(&v)), (400, Some("100")));
    // A refund of the unsettled sale counts against what a cancel can take.
    let (status, _) = sb.ch_post("/payments/v1/refunds", &key(), &by_id("84356531354", &amount("10.00"))).await;
    assert_eq!(status, 201);
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531354", "")).await;
    assert_eq!((status, v["paymentReceipt"]["approvedAmount"]["total"].as_f64()), (201, Some(40.0)), "{v}");
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531355", r#","amount":{"total":6000,"currency":"JPY"},"transactionDetails":{"reversalReasonCode":"TIMEOUT"}"#)).await;
    assert_eq!((status, v["paymentReceipt"]["approvedAmount"]["total"].as_i64()), (201, Some(6000)));
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("99999999999", "")).await;
    assert_eq!((status, code(&v)), (400, Some("831")));
}

#[tokio::test]
async fn settled_sales_refuse_cancels_and_authorizations_can_be_voided() {
    let sb = Sandbox::start(&[]);
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531349", "")).await;
    assert_eq!((status, code(&v)), (400, Some("829")));
    assert_eq!(v["error"][0]["message"], "Unable to Cancel: Transaction Settled");
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531356", "")).await;
    assert_eq!((status, code(&v)), (400, Some("833")));
    let mtid = ch_body(r#""referenceTransactionDetails":{"referenceMerchantTransactionId":"e5a6b7c8d9e0f1a2b3c4d5e6f7"}"#);
    let (status, v) = sb.ch_post(CANCEL, &key(), &mtid).await;
    assert_eq!(status, 201, "an authorization that is not captured can be voided: {v}");
    // Closing the batch settles the unsettled sales.
    sb.settle().await;
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id("84356531353", "")).await;
    assert_eq!((status, code(&v)), (400, Some("829")));
}

#[tokio::test]
async fn a_refund_can_be_cancelled_until_it_settles() {
    let sb = Sandbox::start(&[]);
    let body = ch_body(r#""referenceTransactionDetails":{"referenceTransactionId":"84356531349"},"amount":{"total":20.00,"currency":"USD"},"transactionDetails":{"merchantTransactionId":"row-17"}"#);
    let (_, refund) = sb.ch_post("/payments/v1/refunds", &key(), &body).await;
    assert_eq!(sb.ledger().await.len(), 1);
    // A timeout reversal of the refund, by its merchantTransactionId.
    let cancel = ch_body(r#""referenceTransactionDetails":{"referenceMerchantTransactionId":"row-17"},"transactionDetails":{"reversalReasonCode":"TIMEOUT"}"#);
    let (status, v) = sb.ch_post(CANCEL, &key(), &cancel).await;
    assert_eq!(status, 201, "{v}");
    let refund_id = refund["gatewayResponse"]["transactionProcessingDetails"]["transactionId"].as_str().unwrap();
    assert_eq!(v["referenceTransactionDetails"]["referenceTransactionId"], refund_id);
    assert!(sb.ledger().await.is_empty(), "a cancelled refund moves no money");
    let (status, v) = sb.ch_post(CANCEL, &key(), &cancel).await;
    assert_eq!((status, code(&v)), (400, Some("833")));
    // The whole charge is refundable again; after the batch closes its refund is settled.
    let (status, refund) = sb.ch_post("/payments/v1/refunds", &key(), &by_id("84356531349", "")).await;
    assert_eq!((status, refund["paymentReceipt"]["approvedAmount"]["total"].as_f64()), (201, Some(100.0)));
    sb.settle().await;
    let refund_id = refund["gatewayResponse"]["transactionProcessingDetails"]["transactionId"].as_str().unwrap();
    let (status, v) = sb.ch_post(CANCEL, &key(), &by_id(refund_id, "")).await;
    assert_eq!((status, code(&v)), (400, Some("829")));
}

#[tokio::test]
async fn inquiry_finds_transactions_by_each_identifier() {
    let sb = Sandbox::start(&[]);
    let refund_crid = key();
    let body = ch_body(r#""referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":2.00,"currency":"USD"},"transactionDetails":{"merchantTransactionId":"mtx-1"}"#);
    let (_, refund) = sb.ch_post("/payments/v1/refunds", &refund_crid, &body).await;
    let refund_id = refund["gatewayResponse"]["transactionProcessingDetails"]["transactionId"].as_str().unwrap().to_string();
    let inquire = |field: &str, value: &str| {
        let body = ch_body(&format!(r#""referenceTransactionDetails":{{"{field}":"{value}"}}"#));
        let sb = &sb;
        async move { sb.ch_post(INQUIRY, &key(), &body).await }
    };
    let (status, v) = inquire("referenceTransactionId", "84356531353").await;
    assert_eq!(status, 201, "{v}");
    let charge = &v[0];
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!((charge["gatewayResponse"]["transactionType"].as_str(), charge["gatewayResponse"]["transactionState"].as_str()), (Some("CHARGE"), Some("CAPTURED")));
    assert_eq!(charge["transactionDetails"]["transactionCutTimeStamp"], "2099-12-31T05:00:00Z");
    let (_, v) = inquire("referenceOrderId", "RKOrdID-525133851837").await;
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|t| t["gatewayResponse"]["transactionType"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["CHARGE", "REFUND"]);
    assert_eq!(v[0]["transactionDetails"]["transactionCutTimeStamp"], "2024-07-03T05:00:00Z");
    let (_, v) = inquire("referenceClientRequestId", &refund_crid).await;
    assert_eq!(v[0]["gatewayResponse"]["transactionProcessingDetails"]["transactionId"], refund_id.as_str());
    let (_, v) = inquire("referenceMerchantTransactionId", "mtx-1").await;
    assert_eq!((v[0]["gatewayResponse"]["transactionType"].as_str(), v[0]["gatewayResponse"]["transactionState"].as_str()), (Some("REFUND"), Some("AUTHORIZED")));
    let (_, v) = inquire("referenceTransactionId", &refund_id).await;
    assert_eq!(v[0]["referenceTransactionDetails"]["referenceTransactionId"], "84356531348");
    let (status, v) = inquire("referenceTransactionId", "00000000000").await;
    assert_eq!((status, code(&v)), (404, Some("764")));
    let (status, v) = sb.ch_post(INQUIRY, &key(), &ch_body(r#""referenceTransactionDetails":{}"#)).await;
    assert_eq!((status, code(&v)), (400, Some("107")));
    let two = ch_body(r#""referenceTransactionDetails":{"referenceTransactionId":"84356531348","referenceOrderId":"x"}"#);
    assert_eq!(code(&sb.ch_post(INQUIRY, &key(), &two).await.1), Some("100"));
    assert_eq!(sb.ch_post_raw(INQUIRY, &key(), "1", "bad", "{}").await.0, 401);
}

#[tokio::test]
async fn pending_refunds_show_in_the_inquiry_until_final() {
    let sb = Sandbox::start(&[]);
    let body = by_id("84356531349", r#","amount":{"total":49.03,"currency":"USD"}"#);
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &body).await;
    assert_eq!(status, 201);
    assert_eq!(v["gatewayResponse"]["transactionState"], "PENDING");
    let details = &v["paymentReceipt"]["processorResponseDetails"];
    assert_eq!((details["responseCode"].as_str(), details["approvalStatus"].as_str()), (Some("002"), Some("WAITING")));
    let id = v["gatewayResponse"]["transactionProcessingDetails"]["transactionId"].as_str().unwrap().to_string();
    assert_eq!(sb.ledger().await[0]["status"], "pending");
    let (status, v) = sb.ch_post("/payments/v1/refunds", &key(), &by_id("84356531349", r#","amount":{"total":50.98,"currency":"USD"}"#)).await;
    assert_eq!((status, code(&v)), (400, Some("810")), "pending counts against what is left");
    let inquiry = by_id(&id, "");
    assert_eq!(sb.ch_post(INQUIRY, &key(), &inquiry).await.1[0]["gatewayResponse"]["transactionState"], "PENDING");
    let (status, v) = sb.finalize("commercehub", &id, "approved").await;
    assert_eq!((status, v["gatewayResponse"]["transactionState"].as_str()), (200, Some("AUTHORIZED")));
    assert_eq!(sb.ch_post(INQUIRY, &key(), &inquiry).await.1[0]["paymentReceipt"]["processorResponseDetails"]["responseCode"], "000");
    assert_eq!(sb.ledger().await[0]["status"], "succeeded");

    let (_, v) = sb.ch_post("/payments/v1/refunds", &key(), &by_id("84356531355", r#","amount":{"total":4903,"currency":"JPY"}"#)).await;
    let id = v["gatewayResponse"]["transactionProcessingDetails"]["transactionId"].as_str().unwrap().to_string();
    sb.finalize("commercehub", &id, "declined").await;
    assert_eq!(sb.ch_post(INQUIRY, &key(), &by_id(&id, "")).await.1[0]["gatewayResponse"]["transactionState"], "DECLINED");
    assert_eq!(sb.ledger().await.len(), 1);
}
