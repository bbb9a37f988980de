//! Flows: a client method as a sans-IO state machine. Most methods are one request
//! ([`Single`]); some take several (Payroc reads the payment before it refunds; a reversal
//! decides from the payment's state; `waitForFinal` polls). The engine runs any flow the
//! same way: send what it asks, feed back the answer, until it is done.

use crate::error::RefundError;
use crate::http::{HttpRequest, HttpResponse};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::Value;
use crate::money::Currency;
use crate::result::{Lookup, ProviderName};

/// One request for the sending layer, with the key that every retry of it reuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub request: HttpRequest,
    pub idempotency_key: Option<String>,
    /// Overrides the per-attempt timeout (a long-poll holds the request open).
    pub timeout_ms: Option<u64>,
    /// A refund, reversal or instruction: an answer lost after it may have arrived is
    /// `outcome_unknown`, never a failure.
    pub moves_money: bool,
    /// Sent without the client's credentials (the token request carries its own).
    pub unauthenticated: bool,
}

impl Outgoing {
    /// A read: no key, nothing moves.
    pub fn read(request: HttpRequest) -> Outgoing {
        Outgoing { request, idempotency_key: None, timeout_ms: None, moves_money: false, unauthenticated: false }
    }

    /// A request that may move money, under `key`.
    pub fn money(request: HttpRequest, key: &str) -> Outgoing {
        Outgoing { idempotency_key: Some(key.to_string()), moves_money: true, ..Outgoing::read(request) }
    }

    pub fn with_timeout(mut self, ms: u64) -> Outgoing {
        self.timeout_ms = Some(ms);
        self
    }
}

#[derive(Debug)]
pub enum Step {
    /// Send this through the sending layer and call `next` with its final response.
    Send(Outgoing),
    /// Tell the caller about progress (`onStatus`), then call `next(None)` again.
    Notify(Value),
    /// Wait this many milliseconds (the caller's signal cuts it short), then call
    /// `next(None)` again.
    Wait(u64),
    /// The method's result (JSON for JS), or its error.
    Done(Result<Value, RefundError>),
}

pub trait Flow {
    /// `response` is `None` at the start and after a `Notify` or a `Wait`.
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step;

    /// While a money-moving request is out: what `syncRefund` needs to find what it did if
    /// its answer is lost.
    fn lookup(&self) -> Option<Lookup> {
        None
    }

    /// What this flow reads and then changes from what it read (J.P. Morgan lowers a
    /// payment's total to a new figure it computed): two such calls of one client on the
    /// same thing take turns, or the second would undo part of the first.
    fn exclusive(&self) -> Option<&str> {
        None
    }
}

type Read = Box<dyn FnOnce(HttpResponse) -> Result<Value, RefundError>>;

/// A method that is exactly one request and one read.
pub struct Single {
    outgoing: Option<Outgoing>,
    read: Option<Read>,
    lookup: Option<Lookup>,
}

impl Single {
    pub fn boxed(outgoing: Outgoing, read: impl FnOnce(HttpResponse) -> Result<Value, RefundError> + 'static) -> Box<dyn Flow> {
        Box::new(Single { outgoing: Some(outgoing), read: Some(Box::new(read)), lookup: None })
    }

    /// A money-moving request, with what `syncRefund` needs if its answer is lost.
    pub fn boxed_with_lookup(
        outgoing: Outgoing,
        lookup: Lookup,
        read: impl FnOnce(HttpResponse) -> Result<Value, RefundError> + 'static,
    ) -> Box<dyn Flow> {
        Box::new(Single { outgoing: Some(outgoing), read: Some(Box::new(read)), lookup: Some(lookup) })
    }
}

impl Flow for Single {
    fn next(&mut self, response: Option<HttpResponse>, _now_ms: u64) -> Step {
        if let Some(out) = self.outgoing.take() {
            return Step::Send(out);
        }
        match (response, self.read.take()) {
            (Some(r), Some(read)) => Step::Done(read(r)),
            _ => Step::Done(Err(resumed_without_response())),
        }
    }

    fn lookup(&self) -> Option<Lookup> {
        self.lookup.clone()
    }
}

/// A flow asked to go on without the answer it waits for (a misuse of the engine).
pub fn resumed_without_response() -> RefundError {
    RefundError::new(crate::error::ErrorCode::InvalidResponse, "flow resumed without a response").with_retryable(false)
}

/// `waitForFinal`'s default schedule, after hyperswitch's refund sync: the first look 60 s
/// after the refund, then every 300 s, five times (about 26 minutes in all).
pub const DEFAULT_SCHEDULE_MS: [u64; 6] = [60_000, 300_000, 300_000, 300_000, 300_000, 300_000];

/// Starts one `syncRefund` of the same refund.
pub type MakeSync = Box<dyn Fn(u64) -> Result<Box<dyn Flow>, RefundError>>;

/// `waitForFinal(resultOrError, { schedule?, onStatus?, signal? })`: waits, syncs, reports
/// each status it reads, and stops at the first final status, or when the schedule runs
/// out (then the last result, still `pending`, is the answer).
pub struct WaitForFinal {
    make_sync: MakeSync,
    schedule: Vec<u64>,
    next_wait: usize,
    sync: Option<Box<dyn Flow>>,
    last: Option<Value>,
    finished: bool,
}

impl WaitForFinal {
    /// `current`: the status given to `waitForFinal`, when it was a result (a final one is
    /// answered at once).
    pub fn boxed(make_sync: MakeSync, schedule: Vec<u64>, current: Option<Value>) -> Box<dyn Flow> {
        let finished = current.as_ref().is_some_and(is_final);
        Box::new(WaitForFinal { make_sync, schedule, next_wait: 0, sync: None, last: current, finished })
    }
}

fn is_final(result: &Value) -> bool {
    !matches!(result["status"].as_str(), Some("pending") | None)
}

impl Flow for WaitForFinal {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        if self.finished {
            return Step::Done(Ok(self.last.take().unwrap_or_default()));
        }
        if let Some(sync) = self.sync.as_mut() {
            return match sync.next(response, now_ms) {
                Step::Done(Ok(result)) => {
                    self.sync = None;
                    self.finished = is_final(&result) || self.next_wait >= self.schedule.len();
                    self.last = Some(result.clone());
                    Step::Notify(result)
                }
                other => other,
            };
        }
        let Some(&ms) = self.schedule.get(self.next_wait) else {
            return Step::Done(Ok(self.last.take().unwrap_or_default()));
        };
        self.next_wait += 1;
        match (self.make_sync)(now_ms) {
            Ok(flow) => self.sync = Some(flow),
            Err(e) => return Step::Done(Err(e)),
        }
        if ms == 0 {
            self.next(None, now_ms)
        } else {
            Step::Wait(ms)
        }
    }
}

/// Ends a flow with a refusal made after reading what the provider holds (a currency, what
/// is left, a state): nothing that moves money was sent.
pub fn refuse(provider: ProviderName, path: &str, code: IssueCode, detail: &str) -> Step {
    Step::Done(Err(RefundError::validation(vec![ValidationIssue::new(path, code, detail)]).with_provider(provider)))
}

/// An amount in another currency than the payment's (`what` names it: "payment M2MJOG6O2Y"):
/// refused at `amount.currency`, never converted.
pub fn other_currency(provider: ProviderName, given: Currency, what: &str, held: Currency) -> Step {
    let mut detail = String::from("is ");
    detail.push_str(given.code());
    detail.push_str(" but ");
    detail.push_str(what);
    detail.push_str(" is in ");
    detail.push_str(held.code());
    detail.push_str(": an amount is never converted");
    refuse(provider, "amount.currency", IssueCode::CurrencyMismatch, &detail)
}
