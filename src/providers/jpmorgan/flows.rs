//! J.P. Morgan's operations that take more than one request:
//!
//! - reverse and reverseOrRefund read the payment first: only an authorization that is not
//!   captured (`AUTHORIZED`) can be voided or lowered (the safer rule of
//!   reference/lifecycle.md); a captured one is refunded; the currency is checked;
//! - syncRefund reads the refund, or asks by the request-id it was sent with, minding J.P.
//!   Morgan's 70-second processing window ("if the payment request times out, no
//!   corresponding record is created").

use super::inputs::{RefundInput, ReverseInput, Target};
use super::requests::{self, Endpoint, MerchantSoftware};
use super::responses::{self, Payment};
use super::status::{reversal_status, ResponseStatus, TransactionState};
use crate::error::{ErrorCode, RefundError};
use crate::flow::{self, resumed_without_response, Flow, Outgoing, Step};
use crate::http::HttpResponse;
use crate::issue::IssueCode;
use crate::json::{Obj, ToJson};
use crate::money::{display_minor, AmountView};
use crate::result::{Lookup, ProviderName, RefundKind, RefundResult, RefundStatus};
use crate::sync::SyncTarget;

const PROVIDER: ProviderName = ProviderName::Jpmorgan;

/// "70 seconds for transaction processing" (core concepts): a lookup that finds nothing
/// before this has passed since the request does not yet mean that nothing was made.
pub const PROCESSING_WINDOW_MS: u64 = 70_000;

enum State {
    Start,
    Reading,
    /// `before`: the payment's last request-id when it was read, so a later look can tell
    /// "unchanged" from "changed by another request" (J.P. Morgan shows only the last change).
    Sending { kind: RefundKind, amount: Option<AmountView>, sent_at: u64, before: Option<String> },
    Finished,
}

/// `reverse` (`either: false`) and `reverseOrRefund` (`either: true`).
pub struct Reverse {
    endpoint: Endpoint,
    software: MerchantSoftware,
    input: ReverseInput,
    either: bool,
    key: String,
    state: State,
}

impl Reverse {
    pub fn boxed(endpoint: &Endpoint, software: &MerchantSoftware, input: ReverseInput, either: bool, key: &str) -> Box<dyn Flow> {
        Box::new(Reverse { endpoint: endpoint.clone(), software: software.clone(), input, either, key: key.to_string(), state: State::Start })
    }

    fn after_payment(&mut self, resp: HttpResponse, now_ms: u64) -> Step {
        let payment = match responses::success(&resp).and_then(|raw| Payment::read(&raw, resp.status)) {
            Ok(p) => p,
            Err(e) => return Step::Done(Err(e)),
        };
        if let Some(m) = self.input.amount.filter(|m| m.currency() != payment.currency) {
            return flow::other_currency(PROVIDER, m.currency(), &["payment ", &payment.transaction_id].concat(), payment.currency);
        }
        match payment.state {
            Some(TransactionState::Authorized) => self.reverse(&payment, now_ms),
            Some(TransactionState::Voided) => refuse("transactionId", IssueCode::NothingLeft, &state_detail(&payment, "was voided: nothing is left to reverse or refund")),
            Some(TransactionState::Closed | TransactionState::Completed) if self.either => self.refund(&payment, now_ms),
            Some(TransactionState::Closed | TransactionState::Completed) => {
                refuse("transactionId", IssueCode::Conflict, &state_detail(&payment, "is captured: it can no longer be reversed; refund it instead, or use reverseOrRefund"))
            }
            _ => refuse("transactionId", IssueCode::Conflict, &state_detail(&payment, "can be neither reversed nor refunded in this state")),
        }
    }

    /// Void it whole, or lower the authorization by the amount asked (J.P. Morgan takes the
    /// new total: to take $70 off $100, send $30).
    fn reverse(&mut self, payment: &Payment, now_ms: u64) -> Step {
        let amount = self.input.amount.map_or(payment.amount, |m| m.minor());
        if amount > payment.amount {
            let mut detail = String::from("is more than the ");
            detail.push_str(&display_minor(payment.amount, payment.currency));
            detail.push_str(" still authorized on payment ");
            detail.push_str(&payment.transaction_id);
            return refuse("amount", IssueCode::ExceedsRemaining, &detail);
        }
        let request = if amount == payment.amount {
            requests::void(&self.endpoint, &payment.transaction_id, &self.key)
        } else {
            requests::lower(&self.endpoint, &payment.transaction_id, &payment.capture_method, payment.amount - amount, &self.key)
        };
        self.state = State::Sending {
            kind: RefundKind::Reversal,
            amount: Some(AmountView::new(amount, payment.currency)),
            sent_at: now_ms,
            before: payment.request_id.clone(),
        };
        Step::Send(Outgoing::money(request, &self.key))
    }

    fn refund(&mut self, payment: &Payment, now_ms: u64) -> Step {
        let input = RefundInput { target: Target::Transaction(payment.transaction_id.clone()), amount: self.input.amount, initiator_type: None, account_on_file: None };
        let request = requests::refund(&self.endpoint, &input, &self.software, &self.key);
        self.state = State::Sending { kind: RefundKind::Refund, amount: self.input.amount.map(AmountView::from), sent_at: now_ms, before: None };
        Step::Send(Outgoing::money(request, &self.key))
    }
}

fn state_detail(payment: &Payment, what: &str) -> String {
    let mut s = String::from("is payment ");
    s.push_str(&payment.transaction_id);
    s.push_str(" (");
    s.push_str(&payment.state_word);
    s.push_str("), which ");
    s.push_str(what);
    s
}

fn refuse(path: &str, code: IssueCode, detail: &str) -> Step {
    flow::refuse(PROVIDER, path, code, detail)
}

impl Flow for Reverse {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, State::Finished), response) {
            (State::Start, _) => {
                self.state = State::Reading;
                Step::Send(Outgoing::read(requests::get_payment(&self.endpoint, &self.input.transaction_id)))
            }
            (State::Reading, Some(resp)) => self.after_payment(resp, now_ms),
            (State::Sending { kind: RefundKind::Reversal, amount, .. }, Some(resp)) => {
                let minor = amount.map_or(0, |a| a.minor);
                Step::Done(responses::reversal_result(resp, minor, &self.key).map(|r| r.to_value()))
            }
            (State::Sending { kind: RefundKind::Refund, .. }, Some(resp)) => {
                Step::Done(responses::refund_result(resp, Some(&self.key)).map(|r| r.to_value()))
            }
            _ => Step::Done(Err(resumed_without_response())),
        }
    }

    /// Lowering a total is "set it to what I computed from my read": one at a time per payment.
    fn exclusive(&self) -> Option<&str> {
        Some(&self.input.transaction_id)
    }

    fn lookup(&self) -> Option<Lookup> {
        match &self.state {
            State::Sending { kind, amount, sent_at, before } => Some(Lookup {
                kind: *kind,
                reference: Some(self.input.transaction_id.clone()),
                amount: amount.clone(),
                sent_at: *sent_at,
                known_refund_ids: before.iter().cloned().collect(),
                ..Lookup::default()
            }),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------- sync

/// A reversal's payment was changed by another request after ours was sent: J.P. Morgan
/// shows only a payment's last change, so whether ours was made cannot be read.
fn changed_since(key: Option<&str>, lookup: Option<Lookup>) -> RefundError {
    let mut e = RefundError::new(
        ErrorCode::OutcomeUnknown,
        "J.P. Morgan shows only a payment's last change, and another request changed this payment after this one was sent: \
         send the same request again with the same idempotencyKey: if it was made, J.P. Morgan refuses the repeated request-id \
         (idempotency_conflict) and nothing more moves.",
    )
    .with_provider(PROVIDER)
    .with_retryable(true)
    .with_idempotency_key(key);
    e.lookup = lookup;
    e
}

/// `syncRefund(resultOrError)`.
pub struct Sync {
    endpoint: Endpoint,
    target: SyncTarget,
    /// A fresh request-id for the lookup by request-id (the spec requires one).
    request_id: String,
    started: bool,
}

impl Sync {
    pub fn boxed(endpoint: &Endpoint, target: SyncTarget, request_id: &str) -> Result<Box<dyn Flow>, RefundError> {
        let reversal_without_payment = target.kind == RefundKind::Reversal
            && target.refund_id.is_none()
            && target.lookup.as_ref().and_then(|l| l.reference.as_ref()).is_none();
        if reversal_without_payment || (target.refund_id.is_none() && target.idempotency_key.is_none()) {
            return Err(RefundError::validation(vec![crate::sync::cannot_look_up(
                "is needed: J.P. Morgan finds a refund by its id or by the request-id it was sent with, and a reversal by its payment",
            )])
            .with_provider(PROVIDER));
        }
        Ok(Box::new(Sync { endpoint: endpoint.clone(), target, request_id: request_id.to_string(), started: false }))
    }

    fn request(&self) -> Outgoing {
        let t = &self.target;
        let payment = t.lookup.as_ref().and_then(|l| l.reference.clone()).or_else(|| t.refund_id.clone()).unwrap_or_default();
        Outgoing::read(match (t.kind, &t.refund_id, &t.idempotency_key) {
            (RefundKind::Reversal, _, _) => requests::get_payment(&self.endpoint, &payment),
            (RefundKind::Refund, Some(id), _) => requests::get_refund(&self.endpoint, id),
            (RefundKind::Refund, None, key) => requests::get_refund_by_request_id(&self.endpoint, key.as_deref().unwrap_or_default(), &self.request_id),
        })
    }

    /// Nothing found: still pending within the processing window, else nothing was made.
    fn nothing_found(&self, now_ms: u64) -> Result<RefundResult, RefundError> {
        let lookup = self.target.lookup.clone().unwrap_or_default();
        if now_ms.saturating_sub(lookup.sent_at) < PROCESSING_WINDOW_MS {
            let mut r = RefundResult::new(PROVIDER, RefundStatus::Pending, "-/-");
            r.kind = self.target.kind;
            r.idempotency_key = self.target.idempotency_key.clone();
            r.lookup = Some(lookup);
            return Ok(r);
        }
        let mut e = RefundError::new(
            ErrorCode::NotFound,
            "No refund or reversal was made under this request-id (J.P. Morgan's processing window has passed): it is safe to send the same request again with the same idempotencyKey.",
        )
        .with_provider(PROVIDER)
        .with_retryable(true)
        .with_idempotency_key(self.target.idempotency_key.as_deref());
        e.lookup = Some(lookup);
        Err(e)
    }
}

impl Flow for Sync {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        if !self.started {
            self.started = true;
            return Step::Send(self.request());
        }
        let Some(resp) = response else { return Step::Done(Err(resumed_without_response())) };
        let key = self.target.idempotency_key.as_deref();
        let result = match self.target.kind {
            RefundKind::Refund if resp.status == 404 && self.target.refund_id.is_none() => self.nothing_found(now_ms),
            RefundKind::Refund => responses::refund_result(resp, key),
            RefundKind::Reversal => responses::success(&resp).and_then(|raw| {
                let payment = Payment::read(&raw, resp.status)?;
                // This reversal is the payment's last change when it carries our request-id.
                let ours = self.target.refund_id.is_some() || (key.is_some() && payment.request_id.as_deref() == key);
                if !ours {
                    // Unchanged since it was read (or no record of it): nothing made yet. Changed
                    // by another request since: ours may have come first; it cannot be told.
                    let known = self.target.lookup.as_ref().map(|l| l.known_refund_ids.as_slice()).unwrap_or_default();
                    if known.is_empty() || payment.request_id.as_ref().is_some_and(|id| known.contains(id)) {
                        return self.nothing_found(now_ms);
                    }
                    return Err(changed_since(key, self.target.lookup.clone()));
                }
                let o = Obj::of(&raw);
                let status = reversal_status(ResponseStatus::parse(o.str("responseStatus")), payment.state).unwrap_or(RefundStatus::Pending);
                let mut r = RefundResult::new(PROVIDER, status, payment.state_word.clone());
                r.kind = RefundKind::Reversal;
                r.refund_id = Some(payment.transaction_id.clone());
                r.amount = self.target.lookup.as_ref().and_then(|l| l.amount.clone());
                r.idempotency_key = key.map(str::to_string);
                r.raw = raw;
                Ok(r)
            }),
        };
        Step::Done(result.map(|r| r.to_value()))
    }
}
