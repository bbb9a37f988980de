//! Payroc's operations that take more than one request:
//!
//! - refund, reverse and reverseOrRefund read the payment first: its currency (a refund
//!   body has none, so this is the only way to refuse a Money in another currency), what is
//!   left, whether it is still in an open batch, and which refunds it already has (so the
//!   answer, the whole payment, can be searched for the one this call made);
//! - syncRefund reads the refund, or the payment when the refund's id was never learned;
//! - waitForRefundInstruction long-polls a device instruction.

use super::inputs::{RefundInput, ReverseInput};
use super::requests;
use super::responses::{self, made, Made, Payment};
use super::status::InstructionStatus;
use crate::error::{ErrorCode, RefundError};
use crate::flow::{self, resumed_without_response, Flow, Outgoing, Step};
use crate::http::HttpResponse;
use crate::issue::IssueCode;
use crate::json::{Obj, ToJson, Value};
use crate::money::{display_minor, AmountView, Money};
use crate::result::{Lookup, ProviderName, RefundKind, RefundResult, RefundStatus};
use crate::sync::SyncTarget;

const PAYROC: ProviderName = ProviderName::Payroc;

/// The gateway holds a long-poll up to a minute; give it that plus a margin.
pub const LONG_POLL_TIMEOUT_MS: u64 = 70_000;
/// A long-poll answered `inProgress` faster than this did not hold the request open.
const FAST_POLL_MS: u64 = 1_000;
/// After a fast `inProgress` answer the next poll waits, doubling from this...
const FAST_POLL_BACKOFF_MS: u64 = 500;
/// ...up to this.
const MAX_FAST_POLL_BACKOFF_MS: u64 = 8_000;
/// So many fast `inProgress` answers in a row (about 40 minutes of backed-off polls) means
/// nothing holds the poll (a proxy?): give up and say so.
const MAX_FAST_POLLS: u32 = 300;

// ---------------------------------------------------------------- refund, reverse, or either

/// What a call asks to do to a payment.
#[derive(Debug, Clone)]
pub enum Change {
    Refund(RefundInput),
    Reverse(ReverseInput),
    /// `reverseOrRefund`: a reversal while the payment is in an open batch, else a refund.
    Either(RefundInput),
}

enum ChangeState {
    Start,
    Reading,
    Sending { before: Payment, amount: u64, kind: RefundKind, sent_at: u64 },
    Finished,
}

pub struct PaymentChange {
    api: String,
    change: Change,
    key: String,
    state: ChangeState,
}

impl PaymentChange {
    pub fn boxed(api: &str, change: Change, key: &str) -> Box<dyn Flow> {
        Box::new(PaymentChange { api: api.to_string(), change, key: key.to_string(), state: ChangeState::Start })
    }

    fn payment_id(&self) -> &str {
        match &self.change {
            Change::Refund(i) | Change::Either(i) => &i.payment_id,
            Change::Reverse(i) => &i.payment_id,
        }
    }

    /// Decides from the payment just read what to send, or refuses before anything is sent.
    fn after_payment(&mut self, resp: HttpResponse, now_ms: u64) -> Step {
        let payment = match responses::success(&resp).and_then(|raw| Payment::read(&raw, resp.status)) {
            Ok(p) => p,
            Err(e) => return Step::Done(Err(e)),
        };
        let (asked, check_remaining, reversal) = match &self.change {
            Change::Refund(i) => (i.amount, i.check_remaining, false),
            Change::Reverse(i) => (i.amount, true, true),
            Change::Either(i) => (i.amount, true, payment.open_batch),
        };
        if reversal && !payment.open_batch {
            return refuse("paymentId", IssueCode::Conflict, &settled(&payment));
        }
        let amount = match asked {
            Some(m) if m.currency() != payment.currency => {
                return flow::other_currency(PAYROC, m.currency(), &["payment ", &payment.payment_id].concat(), payment.currency)
            }
            Some(m) if check_remaining && m.minor() > payment.remaining => {
                return refuse("amount", IssueCode::ExceedsRemaining, &more_than_left(m, &payment))
            }
            Some(m) => m.minor(),
            None if payment.remaining == 0 => return refuse("paymentId", IssueCode::NothingLeft, &nothing_left(&payment)),
            None => payment.remaining,
        };
        let (request, kind) = match &self.change {
            Change::Refund(input) => (requests::refund(&self.api, input, amount, &self.key), RefundKind::Refund),
            Change::Either(input) if !reversal => (requests::refund(&self.api, input, amount, &self.key), RefundKind::Refund),
            Change::Either(input) => {
                let reverse = ReverseInput { payment_id: input.payment_id.clone(), amount: input.amount, operator: input.operator.clone() };
                (requests::reverse(&self.api, &reverse, &self.key), RefundKind::Reversal)
            }
            Change::Reverse(input) => (requests::reverse(&self.api, input, &self.key), RefundKind::Reversal),
        };
        self.state = ChangeState::Sending { before: payment, amount, kind, sent_at: now_ms };
        Step::Send(Outgoing::money(request, &self.key))
    }
}

impl Flow for PaymentChange {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, ChangeState::Finished), response) {
            (ChangeState::Start, _) => {
                self.state = ChangeState::Reading;
                Step::Send(Outgoing::read(requests::get_payment(&self.api, self.payment_id())))
            }
            (ChangeState::Reading, Some(resp)) => self.after_payment(resp, now_ms),
            (ChangeState::Sending { before, amount, kind, .. }, Some(resp)) => {
                let lookup = self.lookup_for(&before, amount, kind, now_ms);
                Step::Done(responses::payment_change_result(resp, &before, amount, kind).map(|mut r| {
                    r.idempotency_key = Some(self.key.clone());
                    if r.refund_id.is_none() && r.status == RefundStatus::Pending {
                        r.lookup = Some(lookup);
                    }
                    r.to_value()
                }))
            }
            _ => Step::Done(Err(resumed_without_response())),
        }
    }

    fn lookup(&self) -> Option<Lookup> {
        match &self.state {
            ChangeState::Sending { before, amount, kind, sent_at } => Some(self.lookup_for(before, *amount, *kind, *sent_at)),
            _ => None,
        }
    }
}

impl PaymentChange {
    fn lookup_for(&self, before: &Payment, amount: u64, kind: RefundKind, sent_at: u64) -> Lookup {
        Lookup {
            kind,
            reference: Some(before.payment_id.clone()),
            amount: Some(AmountView::new(amount, before.currency)),
            sent_at,
            known_refund_ids: before.refund_ids(),
            merchant_transaction_id: None,
        }
    }
}

fn refuse(path: &str, code: IssueCode, detail: &str) -> Step {
    flow::refuse(PAYROC, path, code, detail)
}

fn settled(p: &Payment) -> String {
    let mut s = String::from("is settled: payment ");
    s.push_str(&p.payment_id);
    s.push_str(" can no longer be reversed; refund it instead, or use reverseOrRefund");
    s
}

fn more_than_left(m: Money, p: &Payment) -> String {
    let mut s = String::from("is ");
    s.push_str(&m.display());
    s.push_str(" but only ");
    s.push_str(&display_minor(p.remaining, p.currency));
    s.push_str(" is left to refund on payment ");
    s.push_str(&p.payment_id);
    s
}

fn nothing_left(p: &Payment) -> String {
    let mut s = String::from("has nothing left to refund: payment ");
    s.push_str(&p.payment_id);
    s.push_str(" was refunded or reversed in full");
    s
}

// ---------------------------------------------------------------- sync

enum SyncState {
    Start,
    ReadingRefund,
    ReadingPayment(Lookup),
    Finished,
}

/// `syncRefund(resultOrError)`: the refund's current state. By its id when the answer named
/// one; otherwise the payment is read and searched for the refund the call made (the refunds
/// it had before are in `lookup`). None found: nothing was made under the key, and sending
/// the same request again with the same key is safe.
pub struct Sync {
    api: String,
    target: SyncTarget,
    state: SyncState,
}

impl Sync {
    pub fn boxed(api: &str, target: SyncTarget) -> Result<Box<dyn Flow>, RefundError> {
        let has_payment = target.lookup.as_ref().is_some_and(|l| l.reference.is_some() && l.amount.is_some());
        if target.refund_id.is_none() && !has_payment {
            return Err(RefundError::validation(vec![crate::sync::cannot_look_up(
                "is needed: Payroc can find a refund by its id, or by the payment it was made on (lookup.reference and lookup.amount)",
            )])
            .with_provider(PAYROC));
        }
        Ok(Box::new(Sync { api: api.to_string(), target, state: SyncState::Start }))
    }
}

impl Flow for Sync {
    fn next(&mut self, response: Option<HttpResponse>, _now_ms: u64) -> Step {
        let key = self.target.idempotency_key.clone();
        match (std::mem::replace(&mut self.state, SyncState::Finished), response) {
            (SyncState::Start, _) => match (&self.target.refund_id, &self.target.lookup) {
                (Some(id), _) => {
                    self.state = SyncState::ReadingRefund;
                    Step::Send(Outgoing::read(requests::get_refund(&self.api, id)))
                }
                (None, Some(lookup)) => {
                    let payment_id = lookup.reference.clone().unwrap_or_default();
                    self.state = SyncState::ReadingPayment(lookup.clone());
                    Step::Send(Outgoing::read(requests::get_payment(&self.api, &payment_id)))
                }
                (None, None) => Step::Done(Err(resumed_without_response())),
            },
            (SyncState::ReadingRefund, Some(resp)) => Step::Done(responses::retrieved_refund_result(resp, key.as_deref()).map(|mut r| {
                if self.target.kind == RefundKind::Reversal {
                    r.kind = RefundKind::Reversal;
                }
                r.to_value()
            })),
            (SyncState::ReadingPayment(lookup), Some(resp)) => {
                let read = responses::success(&resp).and_then(|raw| Payment::read(&raw, resp.status).map(|p| (raw, p)));
                let (raw, payment) = match read {
                    Ok(r) => r,
                    Err(e) => return Step::Done(Err(e)),
                };
                let amount = lookup.amount.as_ref().map_or(0, |a| a.minor);
                let mut result = match made(&payment, &lookup.known_refund_ids, amount, false) {
                    Made::This(entry) => responses::entry_result(entry, &payment, lookup.kind, raw),
                    // A refund of this amount that was there before the call was sent may be
                    // this key's own, made by an earlier run (a re-run after a crash): then
                    // nothing here can say "not made".
                    Made::Nothing if payment.refunds.iter().any(|r| r.amount == amount && lookup.known_refund_ids.contains(&r.refund_id)) => {
                        return Step::Done(Err(cannot_tell(key.as_deref(), lookup)))
                    }
                    Made::Nothing => return Step::Done(Err(not_made(key.as_deref(), lookup))),
                    Made::Unclear => {
                        let mut r = RefundResult::new(PAYROC, RefundStatus::Pending, payment.status.clone());
                        r.kind = lookup.kind;
                        r.lookup = Some(lookup);
                        r.raw = raw;
                        r
                    }
                };
                result.idempotency_key = key;
                Step::Done(Ok(result.to_value()))
            }
            _ => Step::Done(Err(resumed_without_response())),
        }
    }
}

/// Nothing was made under the key: a typed answer, retryable (the same request with the same
/// key may be sent again), carrying the key and what was asked.
pub fn not_made(key: Option<&str>, lookup: Lookup) -> RefundError {
    let mut message = String::from("No refund or reversal was made under this idempotency key: ");
    message.push_str("it is safe to send the same request again with the same idempotencyKey.");
    let mut e = RefundError::new(ErrorCode::NotFound, message).with_provider(PAYROC).with_retryable(true).with_idempotency_key(key);
    e.lookup = Some(lookup);
    e
}

/// A refund of the same amount was already on the payment when the call was sent: it may be
/// this key's (an earlier run's), or another's. Still unknown; the same request with the same
/// key settles it (Payroc answers a replay with the original refund).
fn cannot_tell(key: Option<&str>, lookup: Lookup) -> RefundError {
    let message = "Payroc lists a refund of this amount made before this call was sent: it may be this idempotency key's own, \
                   from an earlier run. Send the same request again with the same idempotencyKey: Payroc answers a replay \
                   with the original refund, and makes it only if it was never made.";
    let mut e = RefundError::new(ErrorCode::OutcomeUnknown, message).with_provider(PAYROC).with_retryable(true).with_idempotency_key(key);
    e.lookup = Some(lookup);
    e
}

// ---------------------------------------------------------------- device instruction

enum WaitState {
    Poll,
    Polling { sent_at_ms: u64 },
    /// `onStatus` was told; then do this.
    Notified(AfterNotify),
    ReadingRefund,
    Finished,
}

enum AfterNotify {
    Poll,
    /// The poll was answered at once: wait this long first.
    WaitThenPoll(u64),
    ReadRefund(String),
    Finish(Value),
}

/// `waitForRefundInstruction(id)`: long-polls `GET /refund-instructions/{id}`, reports every
/// status it sees, and on `completed` reads the refund the `refund` link names. The refund
/// is read on the client's own base URL (by its id), so the bearer token never goes to a
/// host taken from a response body. `failure` / `canceled` end with a RefundResult of
/// status failed / canceled. The caller's `signal` ends the wait (an `aborted` error).
/// Every result carries `key`, the idempotency key that submitted the instruction.
pub struct WaitForInstruction {
    api: String,
    id: String,
    key: Option<String>,
    state: WaitState,
    fast_polls: u32,
}

impl WaitForInstruction {
    pub fn boxed(api: &str, id: String, key: Option<String>) -> Box<dyn Flow> {
        Box::new(WaitForInstruction { api: api.to_string(), id, key, state: WaitState::Poll, fast_polls: 0 })
    }

    fn poll(&mut self, now_ms: u64) -> Step {
        self.state = WaitState::Polling { sent_at_ms: now_ms };
        Step::Send(Outgoing::read(requests::get_instruction(&self.api, &self.id)).with_timeout(LONG_POLL_TIMEOUT_MS))
    }

    fn after_poll(&mut self, resp: HttpResponse, sent_at_ms: u64, now_ms: u64) -> Step {
        let view = match responses::instruction_result(resp, self.key.as_deref()) {
            Ok(v) => v,
            Err(e) => return Step::Done(Err(e)),
        };
        let word = Obj::of(&view).text("status").unwrap_or_default();
        let then = match InstructionStatus::parse(&word) {
            Some(InstructionStatus::InProgress) => {
                self.fast_polls = if now_ms.saturating_sub(sent_at_ms) < FAST_POLL_MS { self.fast_polls + 1 } else { 0 };
                if self.fast_polls >= MAX_FAST_POLLS {
                    return Step::Done(Err(RefundError::new(
                        ErrorCode::ProviderError,
                        "the refund instruction is still inProgress, and the gateway answered at once instead of holding the request; wait again later",
                    )
                    .with_provider(PAYROC)
                    .with_retryable(true)));
                }
                match self.fast_polls {
                    0 => AfterNotify::Poll,
                    n => AfterNotify::WaitThenPoll(FAST_POLL_BACKOFF_MS.saturating_mul(1 << (n - 1).min(16)).min(MAX_FAST_POLL_BACKOFF_MS)),
                }
            }
            Some(InstructionStatus::Completed) => match Obj::of(&view).text("refundId") {
                Some(refund_id) => AfterNotify::ReadRefund(refund_id),
                None => {
                    return Step::Done(Err(crate::error::invalid_response(PAYROC, 200, "a completed refund instruction without a refund link")))
                }
            },
            Some(status @ (InstructionStatus::Failure | InstructionStatus::Canceled)) => {
                AfterNotify::Finish(responses::instruction_ended(status, &word, view.clone(), self.key.as_deref()).to_value())
            }
            // A status Payroc adds later: not known to be final, so report it as pending.
            None => {
                let mut r = RefundResult::new(PAYROC, RefundStatus::Pending, &word);
                r.idempotency_key = self.key.clone();
                r.raw = view.clone();
                AfterNotify::Finish(r.to_value())
            }
        };
        self.state = WaitState::Notified(then);
        Step::Notify(view)
    }
}

impl Flow for WaitForInstruction {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, WaitState::Finished), response) {
            (WaitState::Poll, _) | (WaitState::Notified(AfterNotify::Poll), _) => self.poll(now_ms),
            (WaitState::Polling { sent_at_ms }, Some(resp)) => self.after_poll(resp, sent_at_ms, now_ms),
            (WaitState::Notified(AfterNotify::WaitThenPoll(ms)), _) => {
                self.state = WaitState::Notified(AfterNotify::Poll);
                Step::Wait(ms)
            }
            (WaitState::Notified(AfterNotify::ReadRefund(refund_id)), _) => {
                self.state = WaitState::ReadingRefund;
                Step::Send(Outgoing::read(requests::get_refund(&self.api, &refund_id)))
            }
            (WaitState::Notified(AfterNotify::Finish(result)), _) => Step::Done(Ok(result)),
            (WaitState::ReadingRefund, Some(resp)) => {
                Step::Done(responses::retrieved_refund_result(resp, self.key.as_deref()).map(|r| r.to_value()))
            }
            _ => Step::Done(Err(resumed_without_response())),
        }
    }
}
