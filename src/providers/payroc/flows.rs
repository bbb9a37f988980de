//! Methods that take more than one request: a referenced refund that reads the payment
//! first (refund the rest, `checkRemaining`), and waiting for a device instruction.

use super::requests::{self, RefundInput};
use super::responses::{self, InstructionStatus};
use super::wire::{Payment, RefundInstruction};
use crate::error::{ErrorCode, RefundError};
use crate::flow::{Flow, Outgoing, Step};
use crate::http::HttpResponse;
use crate::money::format_minor;
use crate::result::ProviderName;
use crate::validation::{IssueCode, ValidationIssue};
use serde_json::Value;

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

fn unexpected() -> Step {
    Step::Done(Err(RefundError::new(ErrorCode::InvalidResponse, "flow resumed without a response")
        .with_provider(ProviderName::Payroc)))
}

// ---------------------------------------------------------------- referenced refund

enum RefundState {
    Start,
    ReadingPayment,
    Refunding { amount: u64, known_before: Option<Vec<String>> },
    Finished,
}

/// `refund(input)`: POST at once, or first `GET /payments/{id}` when there is no amount
/// (refund what is left) or the caller asked for `checkRemaining`.
pub struct RefundFlow {
    api: String,
    input: RefundInput,
    key: String,
    state: RefundState,
}

impl RefundFlow {
    pub fn new(api: String, input: RefundInput, key: String) -> RefundFlow {
        RefundFlow { api, input, key, state: RefundState::Start }
    }

    fn refund(&mut self, amount: u64, known_before: Option<Vec<String>>) -> Step {
        let request = requests::referenced_refund(&self.api, &self.input, amount, &self.key);
        self.state = RefundState::Refunding { amount, known_before };
        Step::Send(Outgoing::new(request, Some(self.key.clone())))
    }

    /// Decides the amount from the payment just read, or refuses before anything is sent.
    fn after_payment(&mut self, resp: HttpResponse) -> Step {
        let (payment, _) = match responses::parse_success::<Payment>(&resp, "payment") {
            Ok(p) => p,
            Err(e) => return Step::Done(Err(e)),
        };
        let (left, currency) = match responses::remaining(&payment, resp.status) {
            Ok(r) => r,
            Err(e) => return Step::Done(Err(e)),
        };
        let show = |minor: u64| format!("{} {}", format_minor(minor, currency.exponent()), currency.code());
        let refuse = |path: &str, code: IssueCode, message: String| {
            Step::Done(Err(RefundError::validation(vec![ValidationIssue::new(path, code, &message)])
                .with_provider(ProviderName::Payroc)))
        };
        let amount = match self.input.amount {
            Some(m) if m.currency() != currency => {
                return refuse(
                    "amount.currency",
                    IssueCode::Conflict,
                    format!("is {} but payment {} is in {}", m.currency(), payment.payment_id, currency),
                )
            }
            Some(m) if m.minor() > left => {
                return refuse(
                    "amount",
                    IssueCode::ExceedsRemaining,
                    format!("is {} but only {} is left to refund on payment {}", show(m.minor()), show(left), payment.payment_id),
                )
            }
            Some(m) => m.minor(),
            None if left == 0 => {
                return refuse(
                    "paymentId",
                    IssueCode::ExceedsRemaining,
                    format!("has nothing left to refund: payment {} was refunded in full", payment.payment_id),
                )
            }
            None => left,
        };
        let known = payment.refunds.iter().map(|r| r.refund_id.clone()).collect();
        self.refund(amount, Some(known))
    }
}

impl Flow for RefundFlow {
    fn next(&mut self, response: Option<HttpResponse>, _now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, RefundState::Finished), response) {
            (RefundState::Start, _) if self.input.reads_payment_first() => {
                self.state = RefundState::ReadingPayment;
                Step::Send(Outgoing::new(requests::get_payment(&self.api, &self.input.payment_id), None))
            }
            (RefundState::Start, _) => {
                let amount = self.input.amount.map(|m| m.minor()).unwrap_or_default();
                self.refund(amount, None)
            }
            (RefundState::ReadingPayment, Some(resp)) => self.after_payment(resp),
            (RefundState::Refunding { amount, known_before }, Some(resp)) => {
                if !resp.is_success() {
                    return Step::Done(Err(responses::error_from(&resp, Some(&self.key))));
                }
                Step::Done(responses::referenced_refund_result(resp, amount, known_before.as_deref(), &self.key))
            }
            _ => unexpected(),
        }
    }
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
pub struct WaitFlow {
    api: String,
    id: String,
    state: WaitState,
    fast_polls: u32,
}

impl WaitFlow {
    pub fn new(api: String, id: String) -> WaitFlow {
        WaitFlow { api, id, state: WaitState::Poll, fast_polls: 0 }
    }

    fn poll(&mut self, now_ms: u64) -> Step {
        self.state = WaitState::Polling { sent_at_ms: now_ms };
        let mut out = Outgoing::new(requests::get_instruction(&self.api, &self.id), None);
        out.timeout_ms = Some(LONG_POLL_TIMEOUT_MS);
        Step::Send(out)
    }

    fn after_poll(&mut self, resp: HttpResponse, sent_at_ms: u64, now_ms: u64) -> Step {
        let (instruction, raw) = match responses::parse_success::<RefundInstruction>(&resp, "refund instruction") {
            Ok(r) => r,
            Err(e) => return Step::Done(Err(e)),
        };
        let view = responses::instruction_view(raw, &instruction);
        let then = match InstructionStatus::parse(&instruction.status) {
            Some(InstructionStatus::InProgress) => {
                self.fast_polls = if now_ms.saturating_sub(sent_at_ms) < FAST_POLL_MS { self.fast_polls + 1 } else { 0 };
                if self.fast_polls >= MAX_FAST_POLLS {
                    return Step::Done(Err(RefundError::new(
                        ErrorCode::ProviderError,
                        "the refund instruction is still inProgress, and the gateway answered at once instead of holding the request; wait again later",
                    )
                    .with_provider(ProviderName::Payroc)
                    .with_retryable(true)));
                }
                match self.fast_polls {
                    0 => AfterNotify::Poll,
                    n => AfterNotify::WaitThenPoll(
                        FAST_POLL_BACKOFF_MS.saturating_mul(1 << (n - 1).min(16)).min(MAX_FAST_POLL_BACKOFF_MS),
                    ),
                }
            }
            Some(InstructionStatus::Completed) => match responses::refund_id_from_link(instruction.link.as_ref()) {
                Some(refund_id) => AfterNotify::ReadRefund(refund_id),
                None => {
                    return Step::Done(Err(crate::error::invalid_response(
                        ProviderName::Payroc,
                        resp.status,
                        "a completed refund instruction without a refund link",
                    )))
                }
            },
            Some(status @ (InstructionStatus::Failure | InstructionStatus::Canceled)) => {
                AfterNotify::Finish(responses::instruction_ended(status, &instruction.status, view.clone()))
            }
            // A status Payroc adds later: not known to be final, so report it as pending.
            None => AfterNotify::Finish({
                let mut r = crate::result::RefundResult::new(ProviderName::Payroc, crate::result::RefundStatus::Pending, &instruction.status);
                r.raw = view.clone();
                crate::flow::to_value(&r)
            }),
        };
        self.state = WaitState::Notified(then);
        Step::Notify(view)
    }
}

impl Flow for WaitFlow {
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step {
        match (std::mem::replace(&mut self.state, WaitState::Finished), response) {
            (WaitState::Poll, _) => self.poll(now_ms),
            (WaitState::Polling { sent_at_ms }, Some(resp)) => self.after_poll(resp, sent_at_ms, now_ms),
            (WaitState::Notified(AfterNotify::Poll), _) => self.poll(now_ms),
            (WaitState::Notified(AfterNotify::WaitThenPoll(ms)), _) => {
                self.state = WaitState::Notified(AfterNotify::Poll);
                Step::Wait(ms)
            }
            (WaitState::Notified(AfterNotify::ReadRefund(refund_id)), _) => {
                self.state = WaitState::ReadingRefund;
                Step::Send(Outgoing::new(requests::get_refund(&self.api, &refund_id), None))
            }
            (WaitState::Notified(AfterNotify::Finish(result)), _) => Step::Done(Ok(result)),
            (WaitState::ReadingRefund, Some(resp)) => Step::Done(responses::retrieved_refund_result(resp, None)),
            _ => unexpected(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use crate::money::{Currency, Money};
    use serde_json::json;

    const API: &str = "https://api.payroc.com/v1";

    fn resp(status: u16, body: Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() }
    }

    fn sent(step: Step) -> Outgoing {
        match step {
            Step::Send(o) => o,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    fn done(step: Step) -> Result<Value, RefundError> {
        match step {
            Step::Done(r) => r,
            other => panic!("expected the end, got {other:?}"),
        }
    }

    fn payment(refunded: &[(&str, i64, &str)]) -> Value {
        let refunds: Vec<Value> =
            refunded.iter().map(|(id, amount, status)| json!({ "refundId": id, "amount": amount, "status": status })).collect();
        json!({ "paymentId": "M2MJOG6O2Y", "order": { "amount": 4999, "currency": "USD" }, "refunds": refunds,
                "transactionResult": { "type": "sale", "status": "complete", "responseCode": "A" } })
    }

    fn input(amount: Option<u64>, check: bool) -> RefundInput {
        let usd = Currency::from_code("USD").unwrap();
        RefundInput {
            payment_id: "M2MJOG6O2Y".into(),
            amount: amount.map(|a| Money::from_minor(a, usd, "amount").unwrap()),
            description: "d".into(),
            operator: None,
            check_remaining: check,
        }
    }

    #[test]
    fn refund_the_rest_reads_the_payment_then_refunds_what_is_left() {
        let mut flow = RefundFlow::new(API.into(), input(None, false), "key-1".into());
        let get = sent(flow.next(None, 0));
        assert_eq!((get.request.method, get.idempotency_key.as_deref()), (Method::Get, None));
        assert_eq!(get.request.get_header("Idempotency-Key"), None);
        let post = sent(flow.next(Some(resp(200, payment(&[("AAAAAAAAAA", 1000, "ready"), ("DDDDDDDDDD", 4901, "declined")]))), 0));
        assert_eq!(post.request.url, format!("{API}/payments/M2MJOG6O2Y/refund"));
        assert_eq!(post.request.body.as_deref(), Some(br#"{"amount":3999,"description":"d"}"#.as_slice()));
        assert_eq!(post.idempotency_key.as_deref(), Some("key-1"));
        let after = payment(&[("AAAAAAAAAA", 1000, "ready"), ("DDDDDDDDDD", 4901, "declined"), ("NEWNEWNEW1", 3999, "ready")]);
        let result = done(flow.next(Some(resp(200, after)), 0)).unwrap();
        assert_eq!(result["refundId"], "NEWNEWNEW1");
        assert_eq!(result["remainingRefundable"]["minor"], 0);
    }

    #[test]
    fn nothing_left_or_too_much_is_refused_before_the_post() {
        let mut flow = RefundFlow::new(API.into(), input(None, false), "k".into());
        flow.next(None, 0);
        let e = done(flow.next(Some(resp(200, payment(&[("AAAAAAAAAA", -4999, "complete")]))), 0)).unwrap_err();
        assert_eq!((e.code, e.issues[0].path.as_str(), e.issues[0].code), (ErrorCode::Validation, "paymentId", IssueCode::ExceedsRemaining));

        let mut flow = RefundFlow::new(API.into(), input(Some(4000), true), "k".into());
        flow.next(None, 0);
        let e = done(flow.next(Some(resp(200, payment(&[("AAAAAAAAAA", 1000, "ready")]))), 0)).unwrap_err();
        assert_eq!((e.issues[0].path.as_str(), e.issues[0].code), ("amount", IssueCode::ExceedsRemaining));
        assert!(e.message.contains("40.00 USD") && e.message.contains("39.99 USD"), "{}", e.message);

        let mut flow = RefundFlow::new(API.into(), input(Some(4000), false), "k".into());
        let post = sent(flow.next(None, 0));
        assert_eq!(post.request.method, Method::Post, "no check: straight to the POST");
        let e = done(flow.next(Some(resp(400, json!({ "title": "Bad request", "errors": [{ "parameter": "amount", "message": "too much" }] }))), 0)).unwrap_err();
        assert_eq!((e.code, e.idempotency_key.as_deref()), (ErrorCode::ProviderError, Some("k")));
    }

    fn instruction(status: &str, link: Option<Value>) -> Value {
        let mut v = json!({ "refundInstructionId": "a37439165d134678a9100ebba3b29597", "status": status });
        if let Some(l) = link {
            v["link"] = l;
        }
        v
    }

    #[test]
    fn waiting_reports_each_status_and_reads_the_linked_refund() {
        let mut flow = WaitFlow::new(API.into(), "a37439165d134678a9100ebba3b29597".into());
        let poll = sent(flow.next(None, 0));
        assert_eq!(poll.timeout_ms, Some(LONG_POLL_TIMEOUT_MS));
        assert_eq!(poll.request.url, format!("{API}/refund-instructions/a37439165d134678a9100ebba3b29597"));
        match flow.next(Some(resp(200, instruction("inProgress", None))), 60_000) {
            Step::Notify(v) => assert_eq!(v["status"], "inProgress"),
            other => panic!("{other:?}"),
        }
        sent(flow.next(None, 60_000));
        let link = json!({ "rel": "refund", "method": "GET", "href": "https://elsewhere.example/v1/refunds/CD3HN88U9F" });
        match flow.next(Some(resp(200, instruction("completed", Some(link)))), 61_000) {
            Step::Notify(v) => assert_eq!((v["status"].as_str(), v["refundId"].as_str()), (Some("completed"), Some("CD3HN88U9F"))),
            other => panic!("{other:?}"),
        }
        let get = sent(flow.next(None, 61_000));
        assert_eq!(get.request.url, format!("{API}/refunds/CD3HN88U9F"), "our own host, not the link's");
        let refund = json!({ "refundId": "CD3HN88U9F", "order": { "amount": 4999, "currency": "USD" },
                             "transactionResult": { "type": "refund", "status": "ready", "responseCode": "A" } });
        assert_eq!(done(flow.next(Some(resp(200, refund)), 62_000)).unwrap()["status"], "succeeded");
    }

    #[test]
    fn a_held_poll_is_sent_again_at_once() {
        let mut flow = WaitFlow::new(API.into(), "abc".into());
        flow.next(None, 0);
        assert!(matches!(flow.next(Some(resp(200, instruction("inProgress", None))), 60_000), Step::Notify(_)));
        assert_eq!(sent(flow.next(None, 60_000)).request.method, Method::Get);
    }

    #[test]
    fn failure_and_cancel_end_the_wait_with_a_result() {
        for (word, want) in [("failure", "failed"), ("canceled", "canceled")] {
            let mut flow = WaitFlow::new(API.into(), "abc".into());
            flow.next(None, 0);
            assert!(matches!(flow.next(Some(resp(200, instruction(word, None))), 10), Step::Notify(_)));
            let r = done(flow.next(None, 10)).unwrap();
            assert_eq!((r["status"].as_str(), r["providerStatus"].as_str()), (Some(want), Some(word)));
        }
        let mut flow = WaitFlow::new(API.into(), "abc".into());
        flow.next(None, 0);
        assert_eq!(done(flow.next(Some(resp(404, json!({ "title": "Not found" }))), 0)).unwrap_err().code, ErrorCode::NotFound);
    }

    #[test]
    fn a_poll_that_is_never_held_backs_off_then_gives_up() {
        let mut flow = WaitFlow::new(API.into(), "abc".into());
        flow.next(None, 0);
        let mut waits = vec![];
        for _ in 0..MAX_FAST_POLLS - 1 {
            assert!(matches!(flow.next(Some(resp(200, instruction("inProgress", None))), 0), Step::Notify(_)));
            match flow.next(None, 0) {
                Step::Wait(ms) => waits.push(ms),
                other => panic!("expected a wait, got {other:?}"),
            }
            sent(flow.next(None, 0));
        }
        assert_eq!(waits[..6], [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(done(flow.next(Some(resp(200, instruction("inProgress", None))), 0)).unwrap_err().code, ErrorCode::ProviderError);
    }
}
