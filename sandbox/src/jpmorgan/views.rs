//! J.P. Morgan's `paymentRequest` object and the payment as `GET /payments/{id}` and
//! `PATCH /payments/{id}` answer it.

use serde_json::{json, Value};

use super::state::{JpmState, PaymentState, RefundState};
use crate::clock;

/// `paymentRequest {paymentRequestId, paymentRequestStatus, authorizations[], captures[],
/// refunds[]}` of payment `pi`. `current` is a refund being made that is not stored yet.
pub fn payment_request(state: &JpmState, pi: usize, current: Option<(&str, i64)>) -> Value {
    let Some(payment) = state.payments.get(pi) else { return Value::Null };
    let status = match payment.state {
        PaymentState::Authorized => "OPEN",
        PaymentState::Closed => "CLOSED",
        PaymentState::Voided => "CANCELLED",
    };
    let authorization_status = match payment.state {
        PaymentState::Authorized => "AUTHORIZED",
        PaymentState::Closed => "CAPTURED",
        PaymentState::Voided => "VOIDED",
    };
    let refunds: Vec<Value> = payment
        .refund_ids
        .iter()
        .filter_map(|id| match state.refunds.get(id) {
            Some(r) => {
                let code = match r.state {
                    RefundState::Approved => "CLOSED",
                    RefundState::Pending => "PENDING",
                    RefundState::Declined => return None,
                };
                Some(json!({ "refundId": id, "amount": r.amount, "transactionStatusCode": code }))
            }
            None => current
                .filter(|(cid, _)| cid == id)
                .map(|(_, amount)| json!({ "refundId": id, "amount": amount, "transactionStatusCode": "CLOSED" })),
        })
        .collect();
    json!({
        "paymentRequestId": payment.seed.id,
        "paymentRequestStatus": status,
        "authorizations": [{
            "authorizationId": payment.seed.id,
            "amount": payment.authorized,
            "transactionStatusCode": authorization_status,
            "authorizationType": "INITIAL",
        }],
        "captures": payment.captures.iter().map(|c| json!({
            "captureId": c.id, "amount": c.amount, "transactionStatusCode": "CLOSED",
            "captureRemainingRefundableAmount": c.amount - c.refunded,
        })).collect::<Vec<_>>(),
        "refunds": refunds,
    })
}

/// The payment: `transactionState`, `captureMethod`, `amount` (the current total
/// authorization), what is left to refund, the card and `paymentRequest`.
/// `(code, message)` is the answer's responseCode/responseMessage.
pub fn payment_json(state: &JpmState, pi: usize, code: (&str, &str)) -> Value {
    let Some(p) = state.payments.get(pi) else { return Value::Null };
    json!({
        "transactionId": p.seed.id,
        "requestId": p.request_id,
        "transactionDate": clock::now_rfc3339_ms(),
        "transactionState": p.state.as_str(),
        "captureMethod": p.capture_method,
        "isVoid": p.state == PaymentState::Voided,
        "isCapture": p.state == PaymentState::Closed,
        "amount": p.authorized,
        "currency": p.seed.currency,
        "remainingRefundableAmount": p.remaining(),
        "responseStatus": "SUCCESS",
        "responseCode": code.0,
        "responseMessage": code.1,
        "approvalCode": format!("tst{}", p.seed.id.get(..3).unwrap_or("000")),
        "hostMessage": "Approved",
        "initiatorType": "CARDHOLDER",
        "accountOnFile": "NOT_STORED",
        "merchant": { "merchantId": state.merchant_id, "merchantCategoryCode": "4899" },
        "paymentMethodType": { "card": {
            "cardType": p.seed.card.card_type,
            "cardTypeName": p.seed.card.card_type_name,
            "maskedAccountNumber": p.seed.card.masked_account_number,
        }},
        "paymentRequest": payment_request(state, pi, None),
    })
}
