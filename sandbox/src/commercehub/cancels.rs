//! `POST /payments/v1/cancels`: void an authorization that is not captured, or cancel
//! (part of) a sale before its `transactionCutTimeStamp`; also cancel a refund that is
//! not settled (a TIMEOUT reversal of a refund that got no answer). 201,
//! `transactionType: CANCEL`.
//!
//! Errors (HTTP 400, `GATEWAY`, saved for replay like a success):
//! 829 the sale is settled; 833 the transaction is not captured or authorized (voided,
//! declined); 810 more than is left; 105 amount or currency; 831 nothing found to cancel
//! (NOT CONFIRMED which of 831 / 764 Commerce Hub sends); 740 a partial cancel of a refund.

use std::sync::Arc;

use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::auth::Signed;
use super::fields::{parse_secondary, Reference, Secondary as Request};
use super::refunds::requested_amount;
use super::replay::{gateway_error_body, once, GatewayError};
use super::state::{ChargeState, Secondary, SecondaryKind, TxnState};
use super::views::secondary_json;
use crate::clock;
use crate::state::{EntryKind, EntryStatus, LedgerEntry, Provider, Sandbox, Store};

pub async fn cancel(State(sandbox): State<Arc<Sandbox>>, OriginalUri(uri): OriginalUri, signed: Signed) -> Response {
    let crid = &signed.client_request_id;
    once(&sandbox, crid, uri.path(), &signed.body, |store| {
        let req = parse_secondary(&signed.body, crid, None)?;
        Ok(match commit(store, crid, req) {
            Ok(v) => (StatusCode::CREATED, v),
            Err(e) => (StatusCode::BAD_REQUEST, gateway_error_body(crid, "CANCEL", e)),
        })
    })
}

enum Target {
    Charge(usize),
    Refund(usize),
}

fn find(store: &Store, reference: &Reference) -> Option<Target> {
    let state = &store.commercehub;
    let charge = state.charges.iter().position(|c| match reference {
        Reference::TransactionId(id) => &c.seed.id == id,
        Reference::MerchantTransactionId(id) => &c.seed.merchant_transaction_id == id,
    });
    if let Some(i) = charge {
        return Some(Target::Charge(i));
    }
    state
        .transactions
        .iter()
        .position(|t| {
            t.kind == SecondaryKind::Refund
                && match reference {
                    Reference::TransactionId(id) => &t.id == id,
                    Reference::MerchantTransactionId(id) => t.merchant_transaction_id.as_ref() == Some(id),
                }
        })
        .map(Target::Refund)
}

fn commit(store: &mut Store, crid: &str, req: Request) -> Result<Value, GatewayError> {
    let target = find(store, &req.reference)
        .ok_or(("831", "referenceTransactionDetails", "Unable to Cancel: No Transaction Found".to_string()))?;
    match target {
        Target::Charge(i) => cancel_charge(store, crid, req, i),
        Target::Refund(t) => cancel_refund(store, crid, req, t),
    }
}

fn not_cancellable(state: &str) -> GatewayError {
    ("833", "referenceTransactionDetails", format!("Unable to Cancel: Transaction Not in Captured or Authorized Status ({state})"))
}

fn cancel_charge(store: &mut Store, crid: &str, req: Request, index: usize) -> Result<Value, GatewayError> {
    let state = &mut store.commercehub;
    let charge = &state.charges[index];
    if charge.state == ChargeState::Voided {
        return Err(not_cancellable("VOIDED"));
    }
    if charge.settled() {
        return Err(("829", "referenceTransactionDetails", "Unable to Cancel: Transaction Settled".into()));
    }
    let currency = charge.seed.currency.clone();
    let remaining = state.remaining(index);
    let amount = requested_amount(&req, &currency, remaining)?;
    if remaining == 0 || amount > remaining {
        return Err(("810", "amount.total", "Amount is Greater Than Refund/Void".into()));
    }
    let charge = &mut state.charges[index];
    charge.amount -= amount;
    if charge.amount == 0 {
        charge.state = ChargeState::Voided;
    }
    let reference = charge.seed.id.clone();
    let txn = new_cancel(state, crid, index, amount, &req, None);
    let response = secondary_json(state, &txn);
    // The card is charged `amount` less: a reversal in the ledger.
    store.record(LedgerEntry {
        provider: Provider::Commercehub,
        kind: EntryKind::Reversal,
        status: EntryStatus::Succeeded,
        reference: Some(reference),
        refund_id: txn.id.clone(),
        amount,
        currency,
        idempotency_key: crid.to_string(),
        time: txn.time.clone(),
    });
    store.commercehub.transactions.push(txn);
    Ok(response)
}

/// A refund cancelled before settlement no longer moves money: it leaves the ledger and
/// no longer counts against its charge. The cancel itself is not a ledger entry.
fn cancel_refund(store: &mut Store, crid: &str, req: Request, t: usize) -> Result<Value, GatewayError> {
    let state = &mut store.commercehub;
    let refund = &state.transactions[t];
    if !matches!(refund.state, TxnState::Approved | TxnState::Pending) {
        return Err(not_cancellable(if refund.state == TxnState::Declined { "DECLINED" } else { "VOIDED" }));
    }
    if refund.settled {
        return Err(("829", "referenceTransactionDetails", "Unable to Cancel: Transaction Settled".into()));
    }
    let (charge, amount, refund_id) = (refund.charge, refund.amount, refund.id.clone());
    let currency = state.charges.get(charge).map(|c| c.seed.currency.clone()).unwrap_or_default();
    if requested_amount(&req, &currency, amount)? != amount {
        return Err(("740", "amount.total", "Partial Reversal Not Allowed For The Endpoint: a refund is cancelled whole".into()));
    }
    state.transactions[t].state = TxnState::Voided;
    let txn = new_cancel(state, crid, charge, amount, &req, Some(refund_id.clone()));
    let response = secondary_json(state, &txn);
    state.transactions.push(txn);
    store.remove_ledger(Provider::Commercehub, &refund_id);
    Ok(response)
}

fn new_cancel(
    state: &mut super::state::ChState,
    crid: &str,
    charge: usize,
    amount: i64,
    req: &Request,
    cancelled_refund: Option<String>,
) -> Secondary {
    Secondary {
        id: state.new_transaction_id(),
        kind: SecondaryKind::Cancel,
        client_request_id: crid.to_string(),
        charge,
        amount,
        state: TxnState::Approved,
        merchant_transaction_id: req.merchant_transaction_id.clone(),
        time: clock::now_rfc3339(),
        settled: false,
        reason: req.reversal_reason.clone(),
        cancelled_refund,
        decline_code: None,
    }
}
