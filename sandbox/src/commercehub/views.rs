//! Commerce Hub transactions as responses: a refund or cancel as its POST answers it, and
//! charges, refunds and cancels as the transaction inquiry lists them.

use serde_json::{json, Value};

use super::state::{Charge, ChargeState, ChState, Secondary, SecondaryKind, TxnState};
use crate::money::{exponent, total_json};

fn source(charge: &Charge) -> Value {
    let card = &charge.seed.card;
    json!({
        "sourceType": "PaymentCard",
        "card": {
            "bin": card.bin,
            "last4": card.last4,
            "scheme": card.scheme,
            "expirationMonth": card.expiration_month,
            "expirationYear": card.expiration_year,
        }
    })
}

/// `processorResponseDetails` (approvalStatus, approvalCode, responseCode, …).
fn processor(approval: &str, approval_code: String, code: &str, message: &str, host_code: &str, time: &str) -> Value {
    json!({
        "approvalStatus": approval,
        "approvalCode": approval_code,
        "processor": "FISERV",
        "host": "NASHVILLE",
        "responseCode": code,
        "responseMessage": message,
        "hostResponseCode": host_code,
        "hostResponseMessage": message,
        "localTimestamp": time,
    })
}

/// A refund or cancel, in its current state.
pub fn secondary_json(state: &ChState, txn: &Secondary) -> Value {
    let Some(charge) = state.charges.get(txn.charge) else { return Value::Null };
    let exp = exponent(&charge.seed.currency).unwrap_or(2);
    let approval_code = format!("OK{}", txn.id.get(txn.id.len().saturating_sub(4)..).unwrap_or(""));
    let (transaction_state, receipt_amount, details) = match (txn.kind, txn.state) {
        // Cancels answer transactionState AUTHORIZED, as Commerce Hub's cancel example does.
        (SecondaryKind::Cancel, _) | (SecondaryKind::Refund, TxnState::Approved) => (
            "AUTHORIZED",
            txn.amount,
            processor("APPROVED", approval_code, "000", "APPROVAL", "00", &txn.time),
        ),
        (SecondaryKind::Refund, TxnState::Voided) => (
            "VOIDED",
            txn.amount,
            processor("APPROVED", approval_code, "000", "APPROVAL", "00", &txn.time),
        ),
        // 002 "Pending Approval"; approvalStatus WAITING ("placed in queue").
        (SecondaryKind::Refund, TxnState::Pending) => (
            "PENDING",
            txn.amount,
            processor("WAITING", String::new(), "002", "Pending Approval", "", &txn.time),
        ),
        (SecondaryKind::Refund, TxnState::Declined) => (
            "DECLINED",
            0,
            processor("DECLINED", String::new(), txn.decline_code.as_deref().unwrap_or("006"), "DECLINED", "51", &txn.time),
        ),
    };
    let mut v = json!({
        "gatewayResponse": {
            "transactionType": if txn.kind == SecondaryKind::Refund { "REFUND" } else { "CANCEL" },
            "transactionState": transaction_state,
            "transactionOrigin": "ECOM",
            "transactionProcessingDetails": {
                "transactionTimestamp": txn.time,
                "orderId": charge.seed.order_id,
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "clientRequestId": txn.client_request_id,
                "transactionId": txn.id,
            }
        },
        "source": source(charge),
        "paymentReceipt": {
            "approvedAmount": { "total": total_json(receipt_amount, exp), "currency": charge.seed.currency },
            "processorResponseDetails": details,
        },
        "referenceTransactionDetails": match &txn.cancelled_refund {
            Some(refund_id) => json!({ "referenceTransactionId": refund_id }),
            None => json!({
                "referenceTransactionId": charge.seed.id,
                "referenceMerchantTransactionId": charge.seed.merchant_transaction_id,
            }),
        },
    });
    let mut details = serde_json::Map::new();
    if let Some(m) = &txn.merchant_transaction_id {
        details.insert("merchantTransactionId".into(), json!(m));
    }
    if let Some(r) = &txn.reason {
        details.insert("reversalReasonCode".into(), json!(r));
    }
    if !details.is_empty() {
        v["transactionDetails"] = Value::Object(details);
    }
    v
}

/// A charge as the inquiry shows it: its state, its amount now and its cut time.
pub fn charge_json(charge: &Charge) -> Value {
    let exp = exponent(&charge.seed.currency).unwrap_or(2);
    let mut details = json!({
        "captureFlag": charge.state == ChargeState::Captured,
        "merchantTransactionId": charge.seed.merchant_transaction_id,
    });
    if let Some(cut) = &charge.cut_time {
        details["transactionCutTimeStamp"] = json!(cut);
    }
    json!({
        "gatewayResponse": {
            "transactionType": "CHARGE",
            "transactionState": charge.state.as_str(),
            "transactionOrigin": "ECOM",
            "transactionProcessingDetails": {
                "orderId": charge.seed.order_id,
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "transactionId": charge.seed.id,
            }
        },
        "source": source(charge),
        "paymentReceipt": {
            "approvedAmount": { "total": total_json(charge.amount, exp), "currency": charge.seed.currency },
            "processorResponseDetails": processor(
                "APPROVED",
                format!("OK{}", charge.seed.id.get(charge.seed.id.len().saturating_sub(4)..).unwrap_or("")),
                "000",
                "APPROVAL",
                "00",
                charge.cut_time.as_deref().unwrap_or(""),
            ),
        },
        "transactionDetails": details,
    })
}
