//! What the Commerce Hub stand-in remembers: the seeded charges (captured, authorized or
//! voided, each with its cut time), every refund and cancel made against them, and the
//! responses saved per Client-Request-Id.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::Value;

use crate::clock;
use crate::seed::{ChChargeSeed, ChSeed};
use crate::state::{Finalize, Provider, Store};

pub struct ChState {
    pub api_key: String,
    pub api_secret: String,
    pub merchant_id: String,
    pub terminal_id: String,
    pub charges: Vec<Charge>,
    /// Refunds and cancels, in the order they were made.
    pub transactions: Vec<Secondary>,
    /// Client-Request-Id → the request it answered and the saved answer.
    pub(super) replay: HashMap<String, Saved>,
    next_id: u64,
}

pub(super) struct Saved {
    pub path: String,
    pub body: Vec<u8>,
    pub status: StatusCode,
    pub response: Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChargeState {
    Authorized,
    Captured,
    Voided,
}

impl ChargeState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeState::Authorized => "AUTHORIZED",
            ChargeState::Captured => "CAPTURED",
            ChargeState::Voided => "VOIDED",
        }
    }
}

pub struct Charge {
    pub seed: ChChargeSeed,
    pub state: ChargeState,
    /// The sale's amount now (cancels lower it), minor units.
    pub amount: i64,
    /// `transactionCutTimeStamp`: cancels are refused (829) from then on.
    pub cut_time: Option<String>,
}

impl Charge {
    /// A captured sale whose cut time has passed (or that has none) is settled.
    pub fn settled(&self) -> bool {
        self.state == ChargeState::Captured
            && self.cut_time.as_deref().and_then(clock::parse_rfc3339).is_none_or(|cut| clock::now_ms() >= cut)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SecondaryKind {
    Refund,
    Cancel,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TxnState {
    Approved,
    /// Response code 002 "Pending Approval".
    Pending,
    Declined,
    /// A refund cancelled before settlement.
    Voided,
}

/// A refund or cancel made against a charge.
pub struct Secondary {
    pub id: String,
    pub kind: SecondaryKind,
    pub client_request_id: String,
    pub charge: usize,
    pub amount: i64,
    pub state: TxnState,
    pub merchant_transaction_id: Option<String>,
    pub time: String,
    /// Refunds: settled by `POST /_sandbox/settle` (then no longer cancellable).
    pub settled: bool,
    /// Cancels: `transactionDetails.reversalReasonCode`.
    pub reason: Option<String>,
    /// Cancels of a refund: the refund's transactionId.
    pub cancelled_refund: Option<String>,
    /// Declines: the response code given.
    pub decline_code: Option<String>,
}

impl Secondary {
    /// Whether a refund takes from what is left on its charge.
    pub fn counts(&self) -> bool {
        self.kind == SecondaryKind::Refund && matches!(self.state, TxnState::Approved | TxnState::Pending)
    }
}

impl ChState {
    pub fn from_seed(seed: &ChSeed) -> ChState {
        ChState {
            api_key: seed.api_key.clone(),
            api_secret: seed.api_secret.clone(),
            merchant_id: seed.merchant_id.clone(),
            terminal_id: seed.terminal_id.clone(),
            charges: seed
                .charges
                .iter()
                .map(|c| Charge {
                    state: match c.state.as_str() {
                        "AUTHORIZED" => ChargeState::Authorized,
                        "VOIDED" => ChargeState::Voided,
                        _ => ChargeState::Captured,
                    },
                    amount: c.amount,
                    cut_time: c.transaction_cut_time_stamp.clone(),
                    seed: c.clone(),
                })
                .collect(),
            transactions: Vec::new(),
            replay: HashMap::new(),
            next_id: 0,
        }
    }

    /// The charge's amount less its approved and pending refunds.
    pub fn remaining(&self, charge: usize) -> i64 {
        let refunded: i64 = self.transactions.iter().filter(|t| t.charge == charge && t.counts()).map(|t| t.amount).sum();
        self.charges.get(charge).map_or(0, |c| c.amount) - refunded
    }

    /// Eleven digits, like `84356531338`.
    pub fn new_transaction_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}", 90_000_000_000u64 + self.next_id * 7919 % 9_999_999 + self.next_id)
    }

    pub fn secondary_mut(&mut self, id: &str) -> Option<&mut Secondary> {
        self.transactions.iter_mut().find(|t| t.id == id)
    }
}

/// Makes a pending refund final (declined: out of the ledger, no longer counted).
pub fn finalize(store: &mut Store, id: &str, approved: bool) -> Result<(), Finalize> {
    let refund = store
        .commercehub
        .secondary_mut(id)
        .filter(|t| t.kind == SecondaryKind::Refund)
        .ok_or(Finalize::NotFound)?;
    if refund.state != TxnState::Pending {
        return Err(Finalize::NotPending);
    }
    if approved {
        refund.state = TxnState::Approved;
        store.settle_ledger(Provider::Commercehub, id);
    } else {
        refund.state = TxnState::Declined;
        refund.decline_code = Some("006".into());
        store.remove_ledger(Provider::Commercehub, id);
    }
    Ok(())
}

/// Closes the batch: captured sales still before their cut time reach it now, and every
/// refund settles. Returns (charges, refunds) settled.
pub fn settle(store: &mut Store) -> (usize, usize) {
    let now = clock::now_rfc3339();
    let state = &mut store.commercehub;
    let mut counts = (0, 0);
    for c in state.charges.iter_mut().filter(|c| c.state == ChargeState::Captured && !c.settled()) {
        c.cut_time = Some(now.clone());
        counts.0 += 1;
    }
    for t in state.transactions.iter_mut().filter(|t| t.kind == SecondaryKind::Refund && !t.settled) {
        t.settled = true;
        counts.1 += 1;
    }
    counts
}
