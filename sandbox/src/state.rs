//! Everything the sandbox remembers: provider state, issued tokens, the ledger of every
//! refund and reversal made, request statistics. One mutex guards it all, so refunds on
//! one payment are serialized and concurrent partial refunds can never together exceed it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::Notify;

use crate::commercehub::ChState;
use crate::config::Config;
use crate::faults::FaultTable;
use crate::jpmorgan::JpmState;
use crate::payroc::PayrocState;
use crate::seed::Seed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Payroc,
    Jpmorgan,
    Commercehub,
}

impl Provider {
    pub fn parse(name: &str) -> Option<Provider> {
        match name {
            "payroc" => Some(Provider::Payroc),
            "jpmorgan" => Some(Provider::Jpmorgan),
            "commercehub" => Some(Provider::Commercehub),
            _ => None,
        }
    }
}

/// A refund (money back to the card) or a reversal (a void / cancel: the card is charged
/// less, or not at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Refund,
    Reversal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryStatus {
    Succeeded,
    Pending,
}

/// One refund or reversal that moves money (or will, while pending), as
/// `GET /_sandbox/ledger` shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub provider: Provider,
    pub kind: EntryKind,
    pub status: EntryStatus,
    /// Payment id / transaction id / captureId / charge id; `None` for unreferenced refunds.
    pub reference: Option<String>,
    pub refund_id: String,
    pub amount: i64,
    pub currency: String,
    pub idempotency_key: String,
    pub time: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TokensIssued {
    pub payroc: u64,
    pub jpmorgan: u64,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub requests: BTreeMap<String, u64>,
    pub tokens_issued: TokensIssued,
}

/// Why a pending refund could not be made final.
#[derive(Debug, PartialEq, Eq)]
pub enum Finalize {
    NotFound,
    NotPending,
}

pub enum TokenCheck {
    Valid,
    Missing,
    Invalid,
    Expired,
}

struct IssuedToken {
    provider: Provider,
    expires_at: Instant,
}

pub struct Store {
    pub seed: Seed,
    pub payroc: PayrocState,
    pub jpmorgan: JpmState,
    pub commercehub: ChState,
    pub ledger: Vec<LedgerEntry>,
    pub stats: Stats,
    tokens: HashMap<String, IssuedToken>,
    /// `--pending-ms`: pending refunds are approved by themselves after this long.
    pending_after: Option<Duration>,
    /// Pending refunds in the order they fall due.
    pending_due: VecDeque<(Instant, Provider, String)>,
}

impl Store {
    pub fn from_seed(seed: Seed, pending_after: Option<Duration>) -> Store {
        Store {
            pending_after,
            pending_due: VecDeque::new(),
            payroc: PayrocState::from_seed(&seed.payroc),
            jpmorgan: JpmState::from_seed(&seed.jpmorgan),
            commercehub: ChState::from_seed(&seed.commercehub),
            seed,
            ledger: Vec::new(),
            stats: Stats::default(),
            tokens: HashMap::new(),
        }
    }

    pub fn issue_token(&mut self, provider: Provider, config: &Config) -> String {
        let token = format!(
            "sbx_{}_{}",
            match provider {
                Provider::Payroc => "payroc",
                Provider::Jpmorgan => "jpm",
                Provider::Commercehub => "ch",
            },
            uuid::Uuid::new_v4().simple()
        );
        self.tokens.insert(
            token.clone(),
            IssuedToken { provider, expires_at: Instant::now() + config.token_lifetime },
        );
        match provider {
            Provider::Payroc => self.stats.tokens_issued.payroc += 1,
            Provider::Jpmorgan => self.stats.tokens_issued.jpmorgan += 1,
            Provider::Commercehub => {}
        }
        token
    }

    /// Checks an `Authorization: Bearer …` header value for a provider.
    pub fn check_bearer(&self, provider: Provider, authorization: Option<&str>) -> TokenCheck {
        let Some(value) = authorization else { return TokenCheck::Missing };
        let token = match value.split_once(' ') {
            Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
            _ => return TokenCheck::Invalid,
        };
        match self.tokens.get(token) {
            Some(t) if t.provider != provider => TokenCheck::Invalid,
            Some(t) if Instant::now() >= t.expires_at => TokenCheck::Expired,
            Some(_) => TokenCheck::Valid,
            None => TokenCheck::Invalid,
        }
    }

    pub fn record(&mut self, entry: LedgerEntry) {
        self.ledger.push(entry);
    }

    /// A pending refund became final and approved: its entry is `succeeded`.
    pub fn settle_ledger(&mut self, provider: Provider, refund_id: &str) {
        for e in self.ledger.iter_mut().filter(|e| e.provider == provider && e.refund_id == refund_id) {
            e.status = EntryStatus::Succeeded;
        }
    }

    /// A refund that no longer moves money (declined after pending, reversed, cancelled).
    pub fn remove_ledger(&mut self, provider: Provider, refund_id: &str) {
        self.ledger.retain(|e| !(e.provider == provider && e.refund_id == refund_id));
    }

    /// Notes a new pending refund, so that `--pending-ms` can approve it in time.
    pub fn pending_created(&mut self, provider: Provider, refund_id: &str) {
        if let Some(after) = self.pending_after {
            self.pending_due.push_back((Instant::now() + after, provider, refund_id.to_string()));
        }
    }

    /// Makes a pending refund of any provider final.
    pub fn finalize(&mut self, provider: Provider, refund_id: &str, approved: bool) -> Result<(), Finalize> {
        match provider {
            Provider::Payroc => crate::payroc::state::finalize(self, refund_id, approved),
            Provider::Jpmorgan => crate::jpmorgan::state::finalize(self, refund_id, approved),
            Provider::Commercehub => crate::commercehub::state::finalize(self, refund_id, approved),
        }
    }

    /// Approves the pending refunds whose `--pending-ms` has passed. Runs whenever the
    /// store is taken, so every read sees the state as of now, with no timer to race.
    fn approve_due(&mut self, now: Instant) {
        while self.pending_due.front().is_some_and(|(due, _, _)| *due <= now) {
            if let Some((_, provider, id)) = self.pending_due.pop_front() {
                // Already made final through the admin API: nothing to do.
                let _ = self.finalize(provider, &id, true);
            }
        }
    }
}

/// The shared handle every handler gets.
pub struct Sandbox {
    pub config: Config,
    store: Mutex<Store>,
    pub faults: Mutex<FaultTable>,
    /// Woken whenever a device refund instruction changes status (long-poll).
    pub instruction_changed: Notify,
}

impl Sandbox {
    pub fn new(seed: Seed, config: Config) -> Arc<Sandbox> {
        Arc::new(Sandbox {
            store: Mutex::new(Store::from_seed(seed, config.pending_after)),
            config,
            faults: Mutex::new(FaultTable::default()),
            instruction_changed: Notify::new(),
        })
    }

    /// A poisoned lock still holds consistent data (every mutation is completed before a
    /// handler returns), so recover instead of panicking.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.approve_due(Instant::now());
        store
    }

    pub fn fault_table(&self) -> MutexGuard<'_, FaultTable> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Restores the seed state (optionally a new seed): clears ledger, tokens, stats, faults.
    pub fn reset(&self, seed: Option<Seed>) {
        {
            let mut store = self.store();
            let seed = seed.unwrap_or_else(|| store.seed.clone());
            *store = Store::from_seed(seed, self.config.pending_after);
        }
        self.fault_table().clear();
        self.instruction_changed.notify_waiters();
    }
}
