//! One connector shape: every provider answers the same questions under the same names, in
//! the same files of its folder (`providers/<name>/`):
//!
//! | question | trait item | file |
//! |---|---|---|
//! | what are the client's options? | [`connect`] → `options::read` | `options.rs` |
//! | how are requests authenticated? | [`Connector::token_request`], [`Connector::read_token`], `Authorize`, [`Connector::sign`] | `auth.rs` |
//! | is this input valid? | [`validate`] → `inputs::read` | `inputs.rs` |
//! | what request does it make? | `requests::<operation>` | `requests.rs` |
//! | what did the answer say? | `responses::<operation>_result`, `responses::error` | `responses.rs` |
//! | what does a provider status mean? | `status::refund_status` | `status.rs` |
//! | which requests, in which order? | [`Connector::start`] → `flows::<operation>` | `flows.rs` (in `mod.rs` for one-request operations) |
//!
//! Operations are typed ([`Operation`]); [`OPERATIONS`] is the one table from the JS surface
//! to them: the package defines each client's methods from it, and the `.d.ts` is checked
//! against it by a test.

use crate::error::{ErrorCode, RefundError};
use crate::flow::Flow;
use crate::http::{HttpRequest, HttpResponse};
use crate::issue::ValidationIssue;
use crate::json::Value;
use crate::result::ProviderName;
use crate::send::{AccessToken, Authorize, CallOptions, ClientEnvironment, ClientOptions, TokenSource};

/// Everything a client can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    // Every provider.
    Refund,
    Reverse,
    ReverseOrRefund,
    SyncRefund,
    WaitForFinal,
    GetRefund,
    // Payroc.
    GetPayment,
    ListPayments,
    ListRefunds,
    UnreferencedRefund,
    SubmitRefundInstruction,
    GetRefundInstruction,
    WaitForRefundInstruction,
    CancelRefundInstruction,
    // J.P. Morgan.
    StandaloneRefund,
    GetRefundByRequestId,
    // Commerce Hub.
    RefundCharge,
    /// `send(builder)`: the builder's own operation, with the builder's fields.
    Send,
    /// Internal: a new access token from the provider's token endpoint.
    Token,
}

use Operation as Op;
use ProviderName::{Commercehub as C, Jpmorgan as J, Payroc as P};

/// A JS method: its name, the operation, how many arguments come before the per-call
/// options, the providers that have it, and the per-call option keys it adds.
#[derive(Debug)]
pub struct OpSpec {
    pub js: &'static str,
    pub op: Operation,
    pub args: u8,
    pub providers: &'static [ProviderName],
    pub options: &'static [&'static str],
}

const ALL: &[ProviderName] = &[P, J, C];

pub const OPERATIONS: &[OpSpec] = &[
    OpSpec { js: "refund", op: Op::Refund, args: 1, providers: ALL, options: &[] },
    OpSpec { js: "reverse", op: Op::Reverse, args: 1, providers: ALL, options: &[] },
    OpSpec { js: "reverseOrRefund", op: Op::ReverseOrRefund, args: 1, providers: ALL, options: &[] },
    OpSpec { js: "syncRefund", op: Op::SyncRefund, args: 1, providers: ALL, options: &[] },
    OpSpec { js: "waitForFinal", op: Op::WaitForFinal, args: 1, providers: ALL, options: &["schedule", "onStatus"] },
    OpSpec { js: "getRefund", op: Op::GetRefund, args: 1, providers: &[P, J], options: &[] },
    OpSpec { js: "getPayment", op: Op::GetPayment, args: 1, providers: &[P, J], options: &[] },
    OpSpec { js: "listPayments", op: Op::ListPayments, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "listRefunds", op: Op::ListRefunds, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "unreferencedRefund", op: Op::UnreferencedRefund, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "submitRefundInstruction", op: Op::SubmitRefundInstruction, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "getRefundInstruction", op: Op::GetRefundInstruction, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "waitForRefundInstruction", op: Op::WaitForRefundInstruction, args: 1, providers: &[P], options: &["onStatus"] },
    OpSpec { js: "cancelRefundInstruction", op: Op::CancelRefundInstruction, args: 1, providers: &[P], options: &[] },
    OpSpec { js: "standaloneRefund", op: Op::StandaloneRefund, args: 1, providers: &[J], options: &[] },
    OpSpec { js: "getRefundByRequestId", op: Op::GetRefundByRequestId, args: 1, providers: &[J], options: &[] },
    OpSpec { js: "refundCharge", op: Op::RefundCharge, args: 2, providers: &[C], options: &[] },
    OpSpec { js: "send", op: Op::Send, args: 1, providers: ALL, options: &[] },
    OpSpec { js: "$token", op: Op::Token, args: 0, providers: ALL, options: &[] },
];

/// A request builder a dashboard fills field by field, and the operation `send` runs it as.
#[derive(Debug)]
pub struct BuilderSpec {
    pub kind: &'static str,
    pub provider: ProviderName,
    pub op: Operation,
}

pub const BUILDERS: &[BuilderSpec] = &[
    BuilderSpec { kind: "PayrocRefund", provider: P, op: Op::Refund },
    BuilderSpec { kind: "PayrocUnreferencedRefund", provider: P, op: Op::UnreferencedRefund },
    BuilderSpec { kind: "PayrocRefundInstruction", provider: P, op: Op::SubmitRefundInstruction },
    BuilderSpec { kind: "JpMorganRefund", provider: J, op: Op::Refund },
    BuilderSpec { kind: "CommerceHubRefund", provider: C, op: Op::Refund },
    BuilderSpec { kind: "CommerceHubChargeRefund", provider: C, op: Op::RefundCharge },
];

impl Operation {
    /// Whether it may move money: its errors carry the call's idempotency key even when only
    /// a read was sent, so "send it again with the same key" always has the key.
    pub fn moves_money(self) -> bool {
        matches!(
            self,
            Op::Refund | Op::Reverse | Op::ReverseOrRefund | Op::UnreferencedRefund | Op::SubmitRefundInstruction | Op::StandaloneRefund | Op::RefundCharge
        )
    }

    /// The operation of table row `id` that `provider` has.
    pub fn from_id(id: u32, provider: ProviderName) -> Option<&'static OpSpec> {
        OPERATIONS.get(id as usize).filter(|s| s.providers.contains(&provider))
    }

    pub fn spec(self) -> &'static OpSpec {
        // Every operation has a row; the first row stands in if one were ever missing.
        OPERATIONS.iter().find(|s| s.op == self).unwrap_or(&OPERATIONS[0])
    }
}

impl BuilderSpec {
    pub fn find(kind: &str) -> Option<&'static BuilderSpec> {
        BUILDERS.iter().find(|b| b.kind == kind)
    }
}

/// The context of one call: its idempotency key (the caller's or a fresh one), the time,
/// and the per-call options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub idempotency_key: String,
    pub now_ms: u64,
    pub options: CallOptions,
    /// `waitForFinal`'s schedule: the waits before each look, in ms.
    pub schedule: Option<Vec<u64>>,
    /// Started by `send(builder)`: the builder's fields, one form for several methods.
    pub builder: bool,
}

/// What every provider implements.
pub trait Connector: Authorize {
    fn provider(&self) -> ProviderName;
    fn options(&self) -> &ClientOptions;
    fn token_source(&self) -> &TokenSource;
    /// Secret values to mask wherever they might show (API keys, client secrets).
    fn secrets(&self) -> Vec<String>;
    /// The request for a new access token from the provider's endpoint, when the client
    /// holds the secret for it.
    fn token_request(&self) -> Option<HttpRequest>;
    /// Reads the token endpoint's answer.
    fn read_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError>;
    /// Signs with the client's own secret (Commerce Hub on a server); `None` when the
    /// caller's `sign()` callback must do it.
    fn sign(&self, _message: &str) -> Option<String> {
        None
    }
    /// Starts an operation with its arguments (inputs already encoded as JSON).
    fn start(&self, op: Operation, args: &[Value], ctx: &Context) -> Result<Box<dyn Flow>, RefundError>;
    /// The first request `op` would send for `input`, for `client.prepare()`; nothing is sent.
    fn prepare(&self, op: Operation, input: &Value, ctx: &Context) -> Result<HttpRequest, RefundError>;
    /// Sees every result before it goes to the caller (Payroc remembers which key submitted
    /// a device instruction).
    fn observe(&self, _op: Operation, _result: &Value) {}
}

/// The providers this build has (per-provider entry points build one).
pub fn built() -> Vec<ProviderName> {
    let all = [
        (cfg!(feature = "payroc"), P),
        (cfg!(feature = "jpmorgan"), J),
        (cfg!(feature = "commercehub"), C),
    ];
    all.into_iter().filter(|(on, _)| *on).map(|(_, p)| p).collect()
}

/// A client for `provider` from the caller's options. A provider this build leaves out
/// (per-provider entry points) is a configuration error.
pub fn connect(provider: ProviderName, options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Box<dyn Connector>, RefundError> {
    match provider {
        #[cfg(feature = "payroc")]
        P => Ok(Box::new(crate::providers::payroc::Payroc::new(options, env, now_ms)?)),
        #[cfg(feature = "jpmorgan")]
        J => Ok(Box::new(crate::providers::jpmorgan::JpMorgan::new(options, env, now_ms)?)),
        #[cfg(feature = "commercehub")]
        C => Ok(Box::new(crate::providers::commercehub::CommerceHub::new(options, env, now_ms)?)),
        #[allow(unreachable_patterns)]
        other => Err(not_built(other)),
    }
}

/// Validates a builder's fields without a client and without any network.
pub fn validate(kind: &str, fields: &Value, now_ms: u64) -> Result<Vec<ValidationIssue>, RefundError> {
    let spec = BuilderSpec::find(kind).ok_or_else(|| unsupported("builder", kind))?;
    let issues = match spec.provider {
        #[cfg(feature = "payroc")]
        P => crate::providers::payroc::inputs::validate(spec.op, fields, now_ms),
        #[cfg(feature = "jpmorgan")]
        J => crate::providers::jpmorgan::inputs::validate(spec.op, fields, now_ms),
        #[cfg(feature = "commercehub")]
        C => crate::providers::commercehub::inputs::validate(spec.op, fields, now_ms),
        #[allow(unreachable_patterns)]
        other => return Err(not_built(other)),
    };
    Ok(issues)
}

/// The error for an operation or builder a provider does not have.
pub fn unsupported(what: &str, name: &str) -> RefundError {
    let mut message = String::from("unknown ");
    message.push_str(what);
    message.push_str(": ");
    message.push_str(name);
    RefundError::new(ErrorCode::Configuration, message).with_retryable(false)
}

fn not_built(provider: ProviderName) -> RefundError {
    let mut message = String::from(provider.display());
    message.push_str(" is not in this build of refundkit: import it from \"refundkit\" or \"refundkit/");
    message.push_str(provider.as_str());
    message.push('"');
    RefundError::new(ErrorCode::Configuration, message).with_provider(provider).with_retryable(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_one_row_and_every_row_a_provider() {
        use Operation::*;
        let all = [
            Refund, Reverse, ReverseOrRefund, SyncRefund, WaitForFinal, GetRefund, GetPayment, ListPayments, ListRefunds,
            UnreferencedRefund, SubmitRefundInstruction, GetRefundInstruction, WaitForRefundInstruction,
            CancelRefundInstruction, StandaloneRefund, GetRefundByRequestId, RefundCharge, Send, Token,
        ];
        for op in all {
            assert_eq!(OPERATIONS.iter().filter(|s| s.op == op).count(), 1, "{op:?}");
        }
        assert_eq!(OPERATIONS.len(), all.len());
        for (i, s) in OPERATIONS.iter().enumerate() {
            assert!(!s.providers.is_empty());
            assert_eq!(Operation::from_id(i as u32, s.providers[0]).map(|x| x.op), Some(s.op));
        }
        assert!(Operation::from_id(5, C).is_none(), "getRefund is not a Commerce Hub method");
        assert!(Operation::from_id(999, P).is_none());
    }

    #[test]
    fn builders_run_operations_their_provider_has() {
        for b in BUILDERS {
            assert!(b.op.spec().providers.contains(&b.provider), "{}", b.kind);
        }
    }
}
