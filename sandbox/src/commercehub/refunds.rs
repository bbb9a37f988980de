//! Refunds: tagged (`POST /payments/v1/refunds`) and the legacy URI form
//! (`POST /payments/v1/charges/{transactionId}/refund`).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::auth::Signed;
use super::errors::bad;
use super::fields::{parse_secondary, Reference, Secondary as Request};
use super::replay::{gateway_error_body, once, GatewayError};
use super::state::{ChargeState, Secondary, SecondaryKind, TxnState};
use super::views::secondary_json;
use crate::clock;
use crate::money::{exponent, parse_total, DecimalError};
use crate::state::{EntryKind, EntryStatus, LedgerEntry, Provider, Sandbox, Store};

/// NOT CONFIRMED: the sandbox's trigger for a pending refund (total 49.03 in USD).
const PENDING_AMOUNT: i64 = 4903;

pub async fn refund(State(sandbox): State<Arc<Sandbox>>, OriginalUri(uri): OriginalUri, signed: Signed) -> Response {
    process(&sandbox, uri.path(), &signed, None)
}

pub async fn refund_charge(
    State(sandbox): State<Arc<Sandbox>>,
    Path(transaction_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    signed: Signed,
) -> Response {
    if transaction_id.len() > 40 {
        return bad(&signed.client_request_id, "100", "transactionId", "transactionId must be at most 40 characters");
    }
    process(&sandbox, uri.path(), &signed, Some(transaction_id))
}

fn process(sandbox: &Sandbox, path: &str, signed: &Signed, uri_reference: Option<String>) -> Response {
    let crid = &signed.client_request_id;
    once(sandbox, crid, path, &signed.body, |store| {
        let req = parse_secondary(&signed.body, crid, uri_reference)?;
        Ok(match commit(store, crid, req) {
            Ok(v) => (StatusCode::CREATED, v),
            Err(e) => (StatusCode::BAD_REQUEST, gateway_error_body(crid, "REFUND", e)),
        })
    })
}

/// The amount asked for, in minor units, checked against the charge's currency.
pub fn requested_amount(req: &Request, currency: &str, remaining: i64) -> Result<i64, GatewayError> {
    let exp = exponent(currency).unwrap_or(2);
    match &req.amount {
        None => Ok(remaining),
        Some((total, given)) => {
            if given.as_deref() != Some(currency) {
                return Err(("105", "amount.currency", format!("Invalid Amount or Currency: currency must be {currency}")));
            }
            match parse_total(total, exp) {
                Ok(minor) => Ok(minor),
                Err(DecimalError::TooManyDecimals) => {
                    Err(("105", "amount.total", format!("Invalid Amount or Currency: {currency} allows {exp} decimals")))
                }
                Err(_) => Err(("105", "amount.total", "Invalid Amount or Currency".into())),
            }
        }
    }
}

fn commit(store: &mut Store, crid: &str, req: Request) -> Result<serde_json::Value, GatewayError> {
    let state = &mut store.commercehub;
    let index = state
        .charges
        .iter()
        .position(|c| match &req.reference {
            Reference::TransactionId(id) => &c.seed.id == id,
            Reference::MerchantTransactionId(id) => &c.seed.merchant_transaction_id == id,
        })
        .ok_or(("764", "referenceTransactionDetails", "Referenced transaction not found".to_string()))?;
    let charge = &state.charges[index];
    if charge.state != ChargeState::Captured {
        return Err(("837", "referenceTransactionDetails", "Unable to Refund: Transaction Not in a Captured or Authorized Status".into()));
    }
    let currency = charge.seed.currency.clone();
    let exp = exponent(&currency).unwrap_or(2);
    let remaining = state.remaining(index);
    let amount = requested_amount(&req, &currency, remaining)?;
    if remaining == 0 || amount > remaining {
        return Err(("810", "amount.total", "Amount is Greater Than Refund/Void".into()));
    }
    // Commerce Hub's simulator: whole totals 5001-5999 decline with the last 3 digits as code.
    let major = amount / 10i64.pow(exp);
    let declined = amount % 10i64.pow(exp) == 0 && (5001..=5999).contains(&major);
    let (txn_state, decline_code) = if declined {
        (TxnState::Declined, Some(format!("{:03}", major % 1000)))
    } else if amount == PENDING_AMOUNT {
        (TxnState::Pending, None)
    } else {
        (TxnState::Approved, None)
    };
    let id = state.new_transaction_id();
    let txn = Secondary {
        id: id.clone(),
        kind: SecondaryKind::Refund,
        client_request_id: crid.to_string(),
        charge: index,
        amount,
        state: txn_state,
        merchant_transaction_id: req.merchant_transaction_id,
        time: clock::now_rfc3339(),
        settled: false,
        reason: None,
        cancelled_refund: None,
        decline_code,
    };
    let response = secondary_json(state, &txn);
    let reference = state.charges[index].seed.id.clone();
    let time = txn.time.clone();
    state.transactions.push(txn);
    if txn_state != TxnState::Declined {
        store.record(LedgerEntry {
            provider: Provider::Commercehub,
            kind: EntryKind::Refund,
            status: if txn_state == TxnState::Pending { EntryStatus::Pending } else { EntryStatus::Succeeded },
            reference: Some(reference),
            refund_id: id.clone(),
            amount,
            currency,
            idempotency_key: crid.to_string(),
            time,
        });
    }
    if txn_state == TxnState::Pending {
        store.pending_created(Provider::Commercehub, &id);
    }
    Ok(response)
}
