//! What the Payroc stand-in remembers: the seeded payments, every refund and reversal
//! made (referenced, unreferenced, device), device instructions and idempotency records.

use std::collections::HashMap;

use axum::http::StatusCode;
use serde_json::Value;

use super::devices::Instruction;
use crate::clock;
use crate::seed::{PayrocPaymentSeed, PayrocSeed, PayrocTerminalSeed};
use crate::state::{EntryKind, EntryStatus, Finalize, LedgerEntry, Provider, Store};

pub struct PayrocState {
    pub api_key: String,
    pub terminals: Vec<PayrocTerminalSeed>,
    pub payments: Vec<Payment>,
    pub refunds: HashMap<String, Refund>,
    /// Refund ids in the order they were made: the refund list's order and cursors.
    pub refund_order: Vec<String>,
    pub instructions: HashMap<String, Instruction>,
    pub(super) idempotency: HashMap<String, SavedResponse>,
}

pub(super) struct SavedResponse {
    pub fingerprint: Vec<u8>,
    pub status: StatusCode,
    pub body: Value,
}

/// Whether a payment or refund is still in the terminal's open batch.
#[derive(Clone, PartialEq, Eq)]
pub enum Settlement {
    Open,
    Settled { date: String },
}

impl Settlement {
    pub fn is_open(&self) -> bool {
        *self == Settlement::Open
    }
    /// `settled` / `unsettled`, the list filter's values.
    pub fn state(&self) -> &'static str {
        if self.is_open() { "unsettled" } else { "settled" }
    }
    pub fn date(&self) -> Option<&str> {
        match self {
            Settlement::Open => None,
            Settlement::Settled { date } => Some(date),
        }
    }
}

pub struct Payment {
    pub seed: PayrocPaymentSeed,
    pub settlement: Settlement,
    pub refund_ids: Vec<String>,
}

/// What a refund record is: a refund (money back to the card) or a reversal of (part of)
/// an open-batch payment (the card is charged less; no refund is made).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RefundKind {
    Refund,
    Reversal,
}

/// `transactionResult.status` / `refundSummary.status` of a refund record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RefundStatus {
    Ready,
    Pending,
    Declined,
    Referral,
    /// A payment reversal, or a refund that was itself reversed before settlement.
    Reversal,
}

impl RefundStatus {
    /// Payroc UAT test values: 4901 → declined, 4902 → referral. 4903 → pending is the
    /// sandbox's own trigger (NOT CONFIRMED: Payroc documents no pending trigger).
    pub fn for_amount(amount: i64) -> RefundStatus {
        match amount {
            4901 => RefundStatus::Declined,
            4902 => RefundStatus::Referral,
            4903 => RefundStatus::Pending,
            _ => RefundStatus::Ready,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Ready => "ready",
            RefundStatus::Pending => "pending",
            RefundStatus::Declined => "declined",
            RefundStatus::Referral => "referral",
            RefundStatus::Reversal => "reversal",
        }
    }

    /// (responseCode, responseMessage, processorResponseCode)
    pub fn codes(self) -> (&'static str, &'static str, &'static str) {
        match self {
            RefundStatus::Ready => ("A", "APPROVAL", "00"),
            // `E`: "received, will process later".
            RefundStatus::Pending => ("E", "PENDING", "00"),
            RefundStatus::Declined => ("D", "Do Not Honor", "05"),
            RefundStatus::Referral => ("R", "Refer to Card Issuer", "01"),
            RefundStatus::Reversal => ("A", "Transaction reversed", "00"),
        }
    }
}

pub struct Refund {
    pub id: String,
    pub processing_terminal_id: String,
    pub operator: Option<String>,
    pub order_id: String,
    pub description: String,
    pub amount: i64,
    pub currency: String,
    pub date_time: String,
    pub card: Value,
    pub payment_id: Option<String>,
    pub kind: RefundKind,
    pub status: RefundStatus,
    pub settlement: Settlement,
    /// The Idempotency-Key of the request that made it (the ledger's key).
    pub idempotency_key: String,
}

impl Refund {
    /// Whether it takes from what is left on its payment: approved or pending refunds and
    /// reversals. Declines, referrals and reversed refunds give it back.
    pub fn counts(&self) -> bool {
        match self.kind {
            RefundKind::Reversal => true,
            RefundKind::Refund => matches!(self.status, RefundStatus::Ready | RefundStatus::Pending),
        }
    }

    pub fn ledger_entry(&self) -> LedgerEntry {
        LedgerEntry {
            provider: Provider::Payroc,
            kind: match self.kind {
                RefundKind::Refund => EntryKind::Refund,
                RefundKind::Reversal => EntryKind::Reversal,
            },
            status: if self.status == RefundStatus::Pending { EntryStatus::Pending } else { EntryStatus::Succeeded },
            reference: self.payment_id.clone(),
            refund_id: self.id.clone(),
            amount: self.amount,
            currency: self.currency.clone(),
            idempotency_key: self.idempotency_key.clone(),
            time: self.date_time.clone(),
        }
    }
}

impl PayrocState {
    pub fn from_seed(seed: &PayrocSeed) -> PayrocState {
        PayrocState {
            api_key: seed.api_key.clone(),
            terminals: seed.processing_terminals.clone(),
            payments: seed
                .payments
                .iter()
                .map(|p| Payment {
                    settlement: if p.state == "openBatch" {
                        Settlement::Open
                    } else {
                        // A seeded settled payment settled on the day it was taken.
                        Settlement::Settled { date: p.date_time.get(..10).unwrap_or("").to_string() }
                    },
                    seed: p.clone(),
                    refund_ids: Vec::new(),
                })
                .collect(),
            refunds: HashMap::new(),
            refund_order: Vec::new(),
            instructions: HashMap::new(),
            idempotency: HashMap::new(),
        }
    }

    pub fn payment_index(&self, id: &str) -> Option<usize> {
        self.payments.iter().position(|p| p.seed.id == id)
    }

    pub fn payment(&self, id: &str) -> Option<&Payment> {
        self.payment_index(id).and_then(|i| self.payments.get(i))
    }

    /// Payment amount minus every refund and reversal that counts against it.
    pub fn remaining(&self, payment: &Payment) -> i64 {
        let done: i64 = payment
            .refund_ids
            .iter()
            .filter_map(|id| self.refunds.get(id))
            .filter(|r| r.counts())
            .map(|r| r.amount)
            .sum();
        payment.seed.amount - done
    }

    pub fn new_refund_id(&self) -> String {
        loop {
            let id = ten_char_id();
            if !self.refunds.contains_key(&id) && self.payment_index(&id).is_none() {
                return id;
            }
        }
    }

    pub fn terminal_known(&self, id: &str) -> bool {
        self.terminals.iter().any(|t| t.processing_terminal_id == id)
    }

    pub fn device_known(&self, serial: &str) -> bool {
        self.terminals.iter().any(|t| t.devices.iter().any(|d| d.serial_number == serial))
    }
}

/// Stores a refund record (and its payment link) and records what it moves in the ledger.
pub fn insert_refund(store: &mut Store, refund: Refund) -> String {
    let id = refund.id.clone();
    if refund.counts() {
        store.record(refund.ledger_entry());
    }
    if refund.status == RefundStatus::Pending {
        store.pending_created(Provider::Payroc, &id);
    }
    if let Some(index) = refund.payment_id.as_deref().and_then(|p| store.payroc.payment_index(p)) {
        store.payroc.payments[index].refund_ids.push(id.clone());
    }
    store.payroc.refund_order.push(id.clone());
    store.payroc.refunds.insert(id.clone(), refund);
    id
}

/// Makes a pending refund final. Approved: `ready`, its ledger entry `succeeded`;
/// declined: `declined`, out of the ledger, no longer counted against its payment.
pub fn finalize(store: &mut Store, id: &str, approved: bool) -> Result<(), Finalize> {
    let refund = store.payroc.refunds.get_mut(id).ok_or(Finalize::NotFound)?;
    if refund.kind != RefundKind::Refund || refund.status != RefundStatus::Pending {
        return Err(Finalize::NotPending);
    }
    if approved {
        refund.status = RefundStatus::Ready;
        store.settle_ledger(Provider::Payroc, id);
    } else {
        refund.status = RefundStatus::Declined;
        store.remove_ledger(Provider::Payroc, id);
    }
    Ok(())
}

/// Closes the open batch: every open-batch payment and refund settles today.
/// Returns (payments, refunds) settled.
pub fn settle(store: &mut Store) -> (usize, usize) {
    let date = clock::now_rfc3339()[..10].to_string();
    let state = &mut store.payroc;
    let mut counts = (0, 0);
    for p in state.payments.iter_mut().filter(|p| p.settlement.is_open()) {
        p.settlement = Settlement::Settled { date: date.clone() };
        counts.0 += 1;
    }
    for r in state.refunds.values_mut().filter(|r| r.settlement.is_open()) {
        r.settlement = Settlement::Settled { date: date.clone() };
        counts.1 += 1;
    }
    counts
}

/// Ten upper-case alphanumerics, like `CD3HN88U9F`.
fn ten_char_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uuid::Uuid::new_v4().as_bytes()[..10]
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}
