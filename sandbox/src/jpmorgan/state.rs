//! What the J.P. Morgan stand-in remembers: payments (captured and `CLOSED`, or
//! authorized and not captured), their captures, refunds and reversals, and every
//! request-id used.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::seed::{JpmPaymentSeed, JpmSeed};
use crate::state::{Finalize, Provider, Store};

pub struct JpmState {
    pub client_id: String,
    pub client_secret: String,
    pub merchant_id: String,
    pub payments: Vec<JpmPayment>,
    /// Refunds by their transactionId.
    pub refunds: HashMap<String, JpmRefund>,
    /// Every request-id that made something: replay and `?requestIdentifier=`.
    pub requests: HashMap<String, SavedRequest>,
}

pub struct SavedRequest {
    pub fingerprint: Vec<u8>,
    /// The response as first sent (a replay answers this).
    pub response: Value,
    /// The refund it made, if it was a refund.
    pub refund_id: Option<String>,
}

/// `transactionState` of a payment.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PaymentState {
    /// Authorized, not captured: can be voided or partially reversed, not refunded.
    Authorized,
    /// Captured ("payout process initiated"): refundable, not voidable.
    Closed,
    Voided,
}

impl PaymentState {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Authorized => "AUTHORIZED",
            PaymentState::Closed => "CLOSED",
            PaymentState::Voided => "VOIDED",
        }
    }
}

pub struct JpmPayment {
    pub seed: JpmPaymentSeed,
    pub state: PaymentState,
    pub capture_method: String,
    /// The current total authorization (a partial reversal lowers it).
    pub authorized: i64,
    pub captures: Vec<Capture>,
    pub refund_ids: Vec<String>,
    /// The request-id of the last request that changed it (the seed's id before that).
    pub request_id: String,
}

pub struct Capture {
    pub id: String,
    pub amount: i64,
    /// Refunded so far, pending refunds included.
    pub refunded: i64,
}

impl JpmPayment {
    /// What is left to refund: the captures less their refunds (pending ones included).
    pub fn remaining(&self) -> i64 {
        self.captures.iter().map(|c| c.amount - c.refunded).sum()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RefundState {
    Approved,
    Pending,
    Declined,
}

pub struct JpmRefund {
    pub payment: Option<usize>,
    pub amount: i64,
    pub state: RefundState,
    /// (capture index, amount) taken from each capture; given back if declined.
    pub allocations: Vec<(usize, i64)>,
    /// The refund as `GET /refunds/{id}` shows it now.
    pub response: Value,
}

impl JpmState {
    pub fn from_seed(seed: &JpmSeed) -> JpmState {
        let payments = seed
            .payments
            .iter()
            .map(|p| {
                let authorized_only = p.state == "AUTHORIZED";
                let captures = if authorized_only {
                    Vec::new()
                } else if p.captures.is_empty() {
                    vec![Capture { id: p.id.clone(), amount: p.amount, refunded: 0 }]
                } else {
                    p.captures.iter().map(|c| Capture { id: c.id.clone(), amount: c.amount, refunded: 0 }).collect()
                };
                JpmPayment {
                    state: if authorized_only { PaymentState::Authorized } else { PaymentState::Closed },
                    capture_method: p
                        .capture_method
                        .clone()
                        .unwrap_or_else(|| if authorized_only { "MANUAL".into() } else { "NOW".into() }),
                    authorized: p.amount,
                    captures,
                    refund_ids: Vec::new(),
                    request_id: p.id.clone(),
                    seed: p.clone(),
                }
            })
            .collect();
        JpmState {
            client_id: seed.client_id.clone(),
            client_secret: seed.client_secret.clone(),
            merchant_id: seed.merchant_id.clone(),
            payments,
            refunds: HashMap::new(),
            requests: HashMap::new(),
        }
    }

    /// (payment index, capture index if the reference is a captureId of a multi-capture order)
    pub fn resolve(&self, reference: &str) -> Option<(usize, Option<usize>)> {
        if let Some(i) = self.payments.iter().position(|p| p.seed.id == reference) {
            return Some((i, None));
        }
        self.payments.iter().enumerate().find_map(|(i, p)| {
            p.captures.iter().position(|c| c.id == reference).map(|c| (i, Some(c)))
        })
    }

    pub fn payment_index(&self, id: &str) -> Option<usize> {
        self.payments.iter().position(|p| p.seed.id == id)
    }
}

/// The approved / pending / declined fields of a refund response.
pub fn set_refund_outcome(response: &mut Value, state: RefundState, refund_id: &str) {
    let (transaction_state, status, code, message, host) = match state {
        // The documented approved refunds all show transactionState AUTHORIZED.
        RefundState::Approved => ("AUTHORIZED", "SUCCESS", "APPROVED", "Transaction approved by Issuer", "Approved"),
        RefundState::Pending => ("PENDING", "SUCCESS", "ACCEPTED", "Transaction accepted", "Pending"),
        RefundState::Declined => ("DECLINED", "DENIED", "DECLINED", "Transaction declined by issuer", "Do not honor"),
    };
    response["transactionState"] = json!(transaction_state);
    response["responseStatus"] = json!(status);
    response["responseCode"] = json!(code);
    response["responseMessage"] = json!(message);
    response["hostMessage"] = json!(host);
    if let Some(obj) = response.as_object_mut() {
        if state == RefundState::Approved {
            obj.insert("approvalCode".into(), json!(format!("tst{}", refund_id.get(..3).unwrap_or("000"))));
        } else {
            obj.remove("approvalCode");
        }
    }
    let code = match state {
        RefundState::Approved => "CLOSED",
        RefundState::Pending => "PENDING",
        RefundState::Declined => "DECLINED",
    };
    if let Some(refunds) = response.pointer_mut("/paymentRequest/refunds").and_then(Value::as_array_mut) {
        for r in refunds.iter_mut().filter(|r| r["refundId"] == refund_id) {
            r["transactionStatusCode"] = json!(code);
        }
    }
}

/// Makes a pending refund final. Declined: its amount goes back to its captures and it
/// leaves the ledger.
pub fn finalize(store: &mut Store, id: &str, approved: bool) -> Result<(), Finalize> {
    let state = &mut store.jpmorgan;
    let refund = state.refunds.get_mut(id).ok_or(Finalize::NotFound)?;
    if refund.state != RefundState::Pending {
        return Err(Finalize::NotPending);
    }
    if approved {
        refund.state = RefundState::Approved;
        set_refund_outcome(&mut refund.response, RefundState::Approved, id);
        store.settle_ledger(Provider::Jpmorgan, id);
        return Ok(());
    }
    refund.state = RefundState::Declined;
    set_refund_outcome(&mut refund.response, RefundState::Declined, id);
    if let Some(left) = refund.response.get("remainingRefundableAmount").and_then(Value::as_i64) {
        refund.response["remainingRefundableAmount"] = json!(left + refund.amount);
    }
    let allocations = std::mem::take(&mut refund.allocations);
    if let Some(payment) = refund.payment.and_then(|p| state.payments.get_mut(p)) {
        for (c, amount) in allocations {
            if let Some(capture) = payment.captures.get_mut(c) {
                capture.refunded -= amount;
            }
        }
    }
    store.remove_ledger(Provider::Jpmorgan, id);
    Ok(())
}
