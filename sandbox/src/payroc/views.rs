//! Payroc's response objects: `payment` / `retrievedPayment` (with `refunds[]` of
//! `refundSummary`) and `retrievedRefund`, rendered from the state.

use serde_json::{json, Value};

use super::state::{Payment, PayrocState, Refund, RefundKind, RefundStatus};

fn link(rel: &str, href: String) -> Value {
    json!({ "rel": rel, "method": "GET", "href": href })
}

fn refund_result(refund: &Refund) -> Value {
    let status = refund.status;
    let (code, message, processor) = status.codes();
    let mut v = json!({
        // A payment reversal is the sale itself, reduced; a refund is a refund.
        "type": if refund.kind == RefundKind::Reversal { "sale" } else { "refund" },
        "status": status.as_str(),
        "authorizedAmount": -refund.amount,
        "currency": refund.currency,
        "responseCode": code,
        "responseMessage": message,
        "processorResponseCode": processor,
    });
    if matches!(status, RefundStatus::Ready | RefundStatus::Reversal) {
        v["approvalCode"] = json!("000000");
    }
    v
}

pub fn payment_json(state: &PayrocState, payment: &Payment, base: &str) -> Value {
    let s = &payment.seed;
    let remaining = state.remaining(payment);
    let records: Vec<&Refund> = payment.refund_ids.iter().filter_map(|id| state.refunds.get(id)).collect();
    let reversed_all = remaining == 0 && records.iter().any(|r| r.kind == RefundKind::Reversal);
    let refunds: Vec<Value> = records
        .iter()
        .map(|r| {
            let (code, message, _) = r.status.codes();
            // NOT CONFIRMED: the sign of refundSummary.amount (examples show both); positive here.
            json!({
                "refundId": r.id,
                "dateTime": r.date_time,
                "currency": r.currency,
                "amount": r.amount,
                "status": r.status.as_str(),
                "responseCode": code,
                "responseMessage": message,
                "link": link("refund", format!("{base}/payroc/v1/refunds/{}", r.id)),
            })
        })
        .collect();
    let open = payment.settlement.is_open();
    // The reverse operations exist only while the payment is in an open batch.
    let supported: Vec<&str> = match (remaining > 0, open) {
        (false, _) => vec![],
        (true, true) => vec!["refund", "fullyReverse", "partiallyReverse"],
        (true, false) => vec!["refund"],
    };
    let status = if reversed_all { "reversal" } else if open { "ready" } else { "complete" };
    json!({
        "paymentId": s.id,
        "processingTerminalId": s.processing_terminal_id,
        "order": {
            "orderId": s.order_id,
            "dateTime": s.date_time,
            "description": s.description,
            "amount": s.amount,
            "currency": s.currency,
        },
        "card": {
            "type": s.card.brand,
            "entryMethod": s.card.entry_method,
            "cardholderName": s.card.cardholder_name,
            "cardNumber": s.card.card_number,
            "expiryDate": s.card.expiry_date,
        },
        "refunds": refunds,
        "supportedOperations": supported,
        // NOT CONFIRMED as a field of `payment` (it is a list filter); the sandbox shows it.
        "settlementState": payment.settlement.state(),
        "transactionResult": {
            "type": "sale",
            "status": status,
            "approvalCode": "OK3",
            "authorizedAmount": s.amount,
            "currency": s.currency,
            "responseCode": "A",
            "responseMessage": "APPROVAL",
            "processorResponseCode": "00",
        },
    })
}

pub fn refund_json(state: &PayrocState, refund: &Refund, base: &str) -> Value {
    // A refund still in the open batch can be reversed (POST /refunds/{id}/reverse).
    let reversible = refund.kind == RefundKind::Refund
        && refund.settlement.is_open()
        && matches!(refund.status, RefundStatus::Ready | RefundStatus::Pending);
    let mut v = json!({
        "refundId": refund.id,
        "processingTerminalId": refund.processing_terminal_id,
        "order": {
            "orderId": refund.order_id,
            "dateTime": refund.date_time,
            "description": refund.description,
            "amount": refund.amount,
            "currency": refund.currency,
        },
        "card": refund.card,
        "supportedOperations": if reversible { vec!["fullyReverse"] } else { vec![] },
        "settlementState": refund.settlement.state(),
        "transactionResult": refund_result(refund),
    });
    if let Some(op) = &refund.operator {
        v["operator"] = json!(op);
    }
    if let Some(payment) = refund.payment_id.as_deref().and_then(|id| state.payment(id)) {
        v["payment"] = json!({
            "paymentId": payment.seed.id,
            "dateTime": payment.seed.date_time,
            "currency": payment.seed.currency,
            "amount": payment.seed.amount,
            "status": "complete",
            "responseCode": "A",
            "responseMessage": "Transaction approved",
            "link": link("payment", format!("{base}/payroc/v1/payments/{}", payment.seed.id)),
        });
    }
    v
}
