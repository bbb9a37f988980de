//! The three providers, each in its own folder with the same files and names:
//!
//! - `mod.rs`: the client (its options, hosts, and the `Provider` impl that maps each JS
//!   method to a flow);
//! - `auth.rs`: how requests are authenticated (token request and parsing, or signing);
//! - `wire.rs`: the provider's JSON, spelled exactly as the provider spells it;
//! - `requests.rs`: the caller's inputs, their validation, and the HTTP requests they make;
//! - `responses.rs`: status mapping (an exhaustive `match`), results and errors;
//! - `flows.rs`: methods that take more than one request.

pub mod commercehub;
pub mod jpmorgan;
pub mod payroc;

use crate::error::{ErrorCode, RefundError};
use crate::flow::{CallContext, Flow};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;
use crate::send::{AccessToken, Authorize, ClientEnvironment, ClientOptions};
use crate::validation::ValidationIssue;
use serde_json::Value;

/// What the sending layer needs from a provider, and how its methods start.
pub trait Provider: Authorize {
    fn name(&self) -> ProviderName;
    fn options(&self) -> &ClientOptions;
    /// Secret values to mask wherever they might show (API keys, client secrets).
    fn secrets(&self) -> Vec<String>;
    /// The request for a new access token, when this client fetches its own.
    fn token_request(&self) -> Option<HttpRequest>;
    /// Reads the token endpoint's answer.
    fn parse_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError>;
    /// Signs with the client's own secret (signed providers on a server); `None` when the
    /// caller's `sign()` callback must do it.
    fn sign(&self, _message: &str) -> Option<String> {
        None
    }
    /// Starts a client method (`"refund"`, `"getPayment"`, ...) with its JSON arguments.
    /// `"send"` takes `[builderKind, fields]`. Unknown methods are a configuration error.
    fn start(&self, method: &str, args: &[Value], ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError>;
    /// The first request a builder would send, for `client.prepare()`; nothing is sent.
    fn prepare(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<HttpRequest, RefundError>;
}

/// A client for `provider`, from the caller's options object.
pub fn create(provider: ProviderName, options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Box<dyn Provider>, RefundError> {
    Ok(match provider {
        ProviderName::Payroc => Box::new(payroc::Payroc::new(options, env, now_ms)?),
        ProviderName::Jpmorgan => Box::new(jpmorgan::JpMorgan::new(options, env, now_ms)?),
        ProviderName::Commercehub => Box::new(commercehub::CommerceHub::new(options, env, now_ms)?),
    })
}

/// Validates a builder's fields without a client and without any network.
pub fn validate_builder(kind: &str, fields: &Value, now_ms: u64) -> Result<Vec<ValidationIssue>, RefundError> {
    payroc::requests::validate_builder(kind, fields, now_ms)
        .or_else(|| jpmorgan::requests::validate_builder(kind, fields, now_ms))
        .or_else(|| commercehub::requests::validate_builder(kind, fields, now_ms))
        .ok_or_else(|| unknown("builder kind", kind))
}

/// The error for a method or builder kind a provider does not have.
pub fn unknown(what: &str, name: &str) -> RefundError {
    RefundError::new(ErrorCode::Configuration, format!("unknown {what}: {name}")).with_retryable(false)
}
