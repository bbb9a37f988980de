//! Flows: a client method as a sans-IO state machine. Most methods are one request
//! ([`SingleRequest`]); some take several (refund the rest: read the payment, then refund;
//! wait for a device: poll until final, then read the refund). The wasm driver runs any
//! flow the same way: send what it asks, feed back the response, until it is done.

use crate::error::RefundError;
use crate::http::{HttpRequest, HttpResponse};
use serde_json::Value;

/// One request for the sending layer, with the key that every retry of it reuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub request: HttpRequest,
    pub idempotency_key: Option<String>,
    /// Overrides the client's per-attempt timeout (long-polls hold the request open).
    pub timeout_ms: Option<u64>,
}

impl Outgoing {
    pub fn new(request: HttpRequest, idempotency_key: Option<String>) -> Outgoing {
        Outgoing { request, idempotency_key, timeout_ms: None }
    }
}

#[derive(Debug)]
pub enum Step {
    /// Send this through the sending layer and call `next` with its final response.
    Send(Outgoing),
    /// Tell the caller about progress (`onStatus`), then call `next(None)` again.
    Notify(Value),
    /// Wait this many milliseconds (the caller's signal cuts it short), then call
    /// `next(None)` again: a poll that the server answered at once backs off.
    Wait(u64),
    /// The method's result (a JSON value for JS), or its error.
    Done(Result<Value, RefundError>),
}

pub trait Flow {
    /// `response` is `None` at the start and after a `Notify` or a `Wait`.
    fn next(&mut self, response: Option<HttpResponse>, now_ms: u64) -> Step;
}

type Parse = Box<dyn FnOnce(HttpResponse) -> Result<Value, RefundError>>;

/// A method that is exactly one request and one parse.
pub struct SingleRequest {
    outgoing: Option<Outgoing>,
    parse: Option<Parse>,
}

impl SingleRequest {
    pub fn new(outgoing: Outgoing, parse: impl FnOnce(HttpResponse) -> Result<Value, RefundError> + 'static) -> SingleRequest {
        SingleRequest { outgoing: Some(outgoing), parse: Some(Box::new(parse)) }
    }

    pub fn boxed(
        outgoing: Outgoing,
        parse: impl FnOnce(HttpResponse) -> Result<Value, RefundError> + 'static,
    ) -> Box<dyn Flow> {
        Box::new(SingleRequest::new(outgoing, parse))
    }
}

impl Flow for SingleRequest {
    fn next(&mut self, response: Option<HttpResponse>, _now_ms: u64) -> Step {
        if let Some(out) = self.outgoing.take() {
            return Step::Send(out);
        }
        match (response, self.parse.take()) {
            (Some(r), Some(parse)) => Step::Done(parse(r)),
            _ => Step::Done(Err(RefundError::new(crate::error::ErrorCode::InvalidResponse, "flow resumed without a response"))),
        }
    }
}

/// The context of one call: its idempotency key (the caller's or a fresh one) and the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallContext {
    pub idempotency_key: String,
    pub now_ms: u64,
}

/// Serializes a result type for JS; our result types always serialize.
pub fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
