//! Commerce Hub's operations that take more than one request:
//!
//! - reverseOrRefund first asks the transaction inquiry whether this call's keys already made
//!   a cancel or a refund (Commerce Hub replays a Client-Request-Id for about five minutes
//!   only, so a re-run after a crash must look before it sends), then reads the charge: a
//!   cancel before its `transactionCutTimeStamp`, a refund after it, and a refund when the
//!   cancel is refused for the charge's state (829, 833). The cancel is sent under the call's
//!   key, the refund under a key derived from it ([`refund_key`]): never both for one call;
//! - syncRefund asks the transaction inquiry, by the refund's id, the Client-Request-Id it
//!   was sent with, or its merchant transaction id.

use super::inputs::{Reference, RefundInput};
use super::requests::{self, InquireBy, Merchant};
use super::responses::{self, Charge};
use super::status::TransactionState;
use crate::error::{ErrorCode, RefundError};
use crate::flow::{self, resumed_without_response, Flow, Outgoing, Step};
use crate::http::HttpResponse;
use crate::issue::IssueCode;
use crate::json::{ToJson, Value};
use crate::result::{Lookup, ProviderName, RefundKind};
use crate::send::idempotency::key_for_reference;
use crate::sync::SyncTarget;

const PROVIDER: ProviderName = ProviderName::Commercehub;

/// The Client-Request-Id of `reverseOrRefund`'s refund: derived from the call's key, so a
/// re-run sends the same one, and never the cancel's (Commerce Hub refuses a Client-Request-Id
/// reused with another body, 816).
pub fn refund_key(key: &str) -> String {
    key_for_reference(key, "commercehub/reverseOrRefund/refund")
}

/// The Client-Request-Id of one of a call's inquiries (they move nothing), one per purpose:
/// Commerce Hub refuses an id reused with another body.
fn inquiry_key(key: &str, purpose: Inquiry) -> String {
    key_for_reference(key, match purpose {
        Inquiry::ByCallKey => "commercehub/inquiry/0",
        Inquiry::ByRefundKey => "commercehub/inquiry/1",
        Inquiry::Charge => "commercehub/inquiry/charge",
    })
}

#[derive(Clone, Copy)]
enum Inquiry {
    ByCallKey,
    ByRefundKey,
    Charge,
}

fn inquiry(base_url: &str, merchant: &Merchant, by: InquireBy, id: &str, own_id: &str) -> Outgoing {
    Outgoing::read(requests::inquiry(base_url, by, id, merchant, own_id))
}

enum State {
    Start,
    /// Looking for what this call's key (0) or its refund key (1) already made.
    Looking(u8),
    ReadingCharge,
    Cancelling { sent_at: u64 },
    Refunding { sent_at: u64 },
    Finished,
}

pub struct ReverseOrRefund {
    base_url: String,
    merchant: Merchant,
    input: RefundInput,
    key: String,
    state: State,
}

impl ReverseOrRefund {
    pub fn boxed(base_url: &str, merchant: &Merchant, input: RefundInput, key: &str) -> Box<dyn Flow> {
        Box::new(ReverseOrRefund { base_url: base_url.to_string(), merchant: merchant.clone(), input, key: key.to_string(), state: State::Start })
    }

    fn look(&mut self, n: u8) -> Step {
        self.state = State::Looking(n);
        let made_with = if n == 0 { self.key.clone() } else { refund_key(&self.key) };
        let purpose = if n == 0 { Inquiry::ByCallKey } else { Inquiry::ByRefundKey };
        Step::Send(inquiry(&self.base_url, &self.merchant, InquireBy::ClientRequestId, &made_with, &inquiry_key(&self.key, purpose)))
    }

    /// What the key made before, as this call's answer (the original outcome).
    fn made_before(&self, resp: &HttpResponse, n: u8) -> Option<Result<Value, RefundError>> {
        let items = match responses::inquiry(resp) {
            Ok(items) => items,
            Err(e) => return Some(Err(e)),
        };
        let (kind, key) = if n == 0 { (RefundKind::Reversal, self.key.clone()) } else { (RefundKind::Refund, refund_key(&self.key)) };
        let found = responses::find_change(&items, kind).or_else(|| responses::find_change(&items, RefundKind::Refund))?;
        let kind = if responses::find_change(std::slice::from_ref(found), RefundKind::Reversal).is_some() { RefundKind::Reversal } else { RefundKind::Refund };
        Some(responses::transaction(found.clone(), resp.status, kind, self.input.common.amount, Some(&key)).map(|r| r.to_value()))
    }

    fn read_charge(&mut self) -> Step {
        self.state = State::ReadingCharge;
        let by = match self.input.reference {
            Reference::TransactionId(_) => InquireBy::TransactionId,
            Reference::MerchantTransactionId(_) => InquireBy::MerchantTransactionId,
        };
        Step::Send(inquiry(&self.base_url, &self.merchant, by, self.input.reference.id(), &inquiry_key(&self.key, Inquiry::Charge)))
    }

    fn decide(&mut self, resp: HttpResponse, now_ms: u64) -> Step {
        let items = match responses::inquiry(&resp) {
            Ok(items) => items,
            Err(e) => return Step::Done(Err(e)),
        };
        let Some(charge) = Charge::find(&items) else {
            let e = RefundError::new(ErrorCode::NotFound, "Commerce Hub found no charge with this reference").with_provider(PROVIDER).with_retryable(false);
            return Step::Done(Err(e));
        };
        if let (Some(m), Some(c)) = (self.input.common.amount, charge.currency) {
            if m.currency() != c {
                return flow::other_currency(PROVIDER, m.currency(), "the charge", c);
            }
        }
        let cancel = match charge.state {
            TransactionState::Voided | TransactionState::Cancelled => {
                return refuse("referenceTransactionId", IssueCode::NothingLeft, "was voided: nothing is left to reverse or refund")
            }
            TransactionState::Authorized => true,
            _ => charge.cut_at_ms.is_some_and(|cut| now_ms < cut),
        };
        if cancel {
            self.state = State::Cancelling { sent_at: now_ms };
            Step::Send(Outgoing::money(requests::cancel(&self.base_url, &self.input, &self.merchant, &self.key), &self.key))
        } else {
            self.refund(now_ms)
        }
    }

    fn refund(&mut self, now_ms: u64) -> Step {
        let key = refund_key(&self.key);
        self.state = State::Refunding { sent_at: now_ms };
        Step::Send(Outgoing::money(requests::refund(&self.base_url, &self.input, &self.merchant, &key), &key))
    }
}

fn refuse(path: &str, code: IssueCode, detail: &str) -> Step {
    flow::refuse(PROVIDER, path, code, detail)
}

impl Flow for ReverseOrRefund {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, State::Finished), response) {
            (State::Start, _) => self.look(0),
            (State::Looking(n), Some(resp)) => match self.made_before(&resp, n) {
                Some(answer) => Step::Done(answer),
                None if n == 0 => self.look(1),
                None => self.read_charge(),
            },
            (State::ReadingCharge, Some(resp)) => self.decide(resp, now_ms),
            (State::Cancelling { .. }, Some(resp)) => {
                if !resp.is_success() && responses::cannot_cancel(&responses::error(&resp)) {
                    // Settled after all, or not in a state a cancel takes: nothing was done.
                    return self.refund(now_ms);
                }
                Step::Done(responses::result(resp, RefundKind::Reversal, self.input.common.amount, &self.key).map(|r| r.to_value()))
            }
            (State::Refunding { .. }, Some(resp)) => {
                Step::Done(responses::result(resp, RefundKind::Refund, self.input.common.amount, &refund_key(&self.key)).map(|r| r.to_value()))
            }
            _ => Step::Done(Err(resumed_without_response())),
        }
    }

    fn lookup(&self) -> Option<Lookup> {
        let (kind, sent_at) = match self.state {
            State::Cancelling { sent_at } => (RefundKind::Reversal, sent_at),
            State::Refunding { sent_at } => (RefundKind::Refund, sent_at),
            _ => return None,
        };
        Some(Lookup {
            kind,
            reference: Some(self.input.reference.id().to_string()),
            amount: self.input.common.amount.map(Into::into),
            sent_at,
            merchant_transaction_id: self.input.common.merchant_transaction_id.clone(),
            ..Lookup::default()
        })
    }
}

// ---------------------------------------------------------------- sync

/// `syncRefund(resultOrError)`: the transaction inquiry, by the refund's id, else by the
/// Client-Request-Id it was sent with, else by its merchant transaction id. Nothing found
/// means nothing was made under the key.
pub struct Sync {
    base_url: String,
    merchant: Merchant,
    target: SyncTarget,
    own_id: String,
    started: bool,
}

impl Sync {
    pub fn boxed(base_url: &str, merchant: &Merchant, target: SyncTarget, own_id: &str) -> Result<Box<dyn Flow>, RefundError> {
        if target.refund_id.is_none() && target.idempotency_key.is_none() && target.lookup.as_ref().and_then(|l| l.merchant_transaction_id.as_ref()).is_none() {
            return Err(RefundError::validation(vec![crate::sync::cannot_look_up(
                "is needed: Commerce Hub finds a transaction by its id, its Client-Request-Id or its merchant transaction id",
            )])
            .with_provider(PROVIDER));
        }
        Ok(Box::new(Sync { base_url: base_url.to_string(), merchant: merchant.clone(), target, own_id: own_id.to_string(), started: false }))
    }
}

impl Flow for Sync {
    fn next(&mut self, response: Option<HttpResponse>, _now_ms: u64) -> Step {
        let t = &self.target;
        if !self.started {
            self.started = true;
            let merchant_id = t.lookup.as_ref().and_then(|l| l.merchant_transaction_id.clone());
            let (by, id) = match (&t.refund_id, &t.idempotency_key, merchant_id) {
                (Some(id), _, _) => (InquireBy::TransactionId, id.clone()),
                (None, Some(key), _) => (InquireBy::ClientRequestId, key.clone()),
                (None, None, Some(m)) => (InquireBy::MerchantTransactionId, m),
                (None, None, None) => return Step::Done(Err(resumed_without_response())),
            };
            return Step::Send(inquiry(&self.base_url, &self.merchant, by, &id, &inquiry_key(&self.own_id, Inquiry::ByCallKey)));
        }
        let Some(resp) = response else { return Step::Done(Err(resumed_without_response())) };
        let items = match responses::inquiry(&resp) {
            Ok(items) => items,
            Err(e) => return Step::Done(Err(e)),
        };
        let found = responses::find_change(&items, t.kind).or_else(|| items.first().filter(|_| t.refund_id.is_some()));
        let Some(found) = found else {
            let mut e = RefundError::new(
                ErrorCode::NotFound,
                "No refund or cancel was made under this Client-Request-Id: it is safe to send the same request again with the same idempotencyKey (Commerce Hub keeps a Client-Request-Id for about five minutes; after that a new request is a new refund).",
            )
            .with_provider(PROVIDER)
            .with_retryable(true)
            .with_idempotency_key(t.idempotency_key.as_deref());
            e.lookup = t.lookup.clone();
            return Step::Done(Err(e));
        };
        let requested = t.lookup.as_ref().and_then(|l| l.amount.as_ref()).and_then(|a| {
            crate::money::Currency::from_code(&a.currency).and_then(|c| crate::money::Money::from_minor(a.minor, c, "amount").ok())
        });
        Step::Done(responses::transaction(found.clone(), resp.status, t.kind, requested, t.idempotency_key.as_deref()).map(|r| r.to_value()))
    }
}
