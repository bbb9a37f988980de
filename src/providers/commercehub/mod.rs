//! Fiserv Commerce Hub: tagged refunds (`POST /payments/v1/refunds`), the URI form
//! (`POST /payments/v1/charges/{transactionId}/refund`), cancels and the transaction inquiry,
//! every request HMAC-signed. Seed 004; reference part B; docs/COMMERCEHUB.md.

pub mod auth;
pub mod flows;
pub mod inputs;
pub mod options;
pub mod requests;
pub mod responses;
pub mod status;

use self::requests::Merchant;
use crate::connector::{unsupported, Connector, Context, Operation};
use crate::error::{ErrorCode, RefundError};
use crate::flow::{Flow, Outgoing, Single, WaitForFinal, DEFAULT_SCHEDULE_MS};
use crate::http::{HttpRequest, HttpResponse};
use crate::issue::ValidationIssue;
use crate::json::{ToJson, Value};
use crate::money::Money;
use crate::result::{Lookup, ProviderName, RefundKind};
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions, TokenSource};
use secrecy::{ExposeSecret, SecretString};

const PROVIDER: ProviderName = ProviderName::Commercehub;

pub struct CommerceHub {
    options: ClientOptions,
    api_key: String,
    /// `None`: the caller's `sign()` callback signs.
    api_secret: Option<SecretString>,
    merchant: Merchant,
    base_url: String,
    /// Commerce Hub signs each request and uses no tokens.
    tokens: TokenSource,
}

/// Never prints the secret.
impl std::fmt::Debug for CommerceHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommerceHub")
            .field("base_url", &self.base_url)
            .field("merchant", &self.merchant)
            .field("signs_with", &if self.api_secret.is_some() { "apiSecret" } else { "sign()" })
            .finish_non_exhaustive()
    }
}

fn invalid(issues: Vec<ValidationIssue>) -> RefundError {
    RefundError::validation(issues).with_provider(PROVIDER)
}

impl CommerceHub {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<CommerceHub, RefundError> {
        options::read(options, env, now_ms)
    }

    /// A one-request refund or cancel under the call's key.
    fn single(&self, request: HttpRequest, kind: RefundKind, amount: Option<Money>, reference: &str, merchant_transaction_id: Option<String>, ctx: &Context) -> Box<dyn Flow> {
        let key = ctx.idempotency_key.clone();
        let lookup = Lookup { kind, reference: Some(reference.to_string()), amount: amount.map(Into::into), sent_at: ctx.now_ms, merchant_transaction_id, ..Lookup::default() };
        Single::boxed_with_lookup(Outgoing::money(request, &key), lookup, move |r| responses::result(r, kind, amount, &key).map(|r| r.to_value()))
    }
}

impl Authorize for CommerceHub {
    fn auth_kind(&self) -> AuthKind {
        AuthKind::Signed
    }
    fn signing_message(&self, request: &HttpRequest, timestamp_ms: u64) -> String {
        auth::signing_message(&self.api_key, request, timestamp_ms)
    }
    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial) {
        auth::authorize(&self.api_key, request, material);
    }
}

impl Connector for CommerceHub {
    fn provider(&self) -> ProviderName {
        PROVIDER
    }
    fn options(&self) -> &ClientOptions {
        &self.options
    }
    fn token_source(&self) -> &TokenSource {
        &self.tokens
    }
    fn secrets(&self) -> Vec<String> {
        // The API key is not a secret in Commerce Hub's model, but it is a credential
        // identifier: masked wherever it might show, like the secret.
        let mut s = vec![self.api_key.clone()];
        s.extend(self.api_secret.iter().map(|k| k.expose_secret().to_string()));
        s
    }
    fn token_request(&self) -> Option<HttpRequest> {
        None
    }
    fn read_token(&self, _response: &HttpResponse) -> Result<AccessToken, RefundError> {
        Err(RefundError::new(ErrorCode::Configuration, "Commerce Hub signs each request and has no token endpoint").with_provider(PROVIDER).with_retryable(false))
    }
    fn sign(&self, message: &str) -> Option<String> {
        self.api_secret.as_ref().map(|secret| auth::hmac_signature(secret.expose_secret(), message))
    }

    fn start(&self, op: Operation, args: &[Value], ctx: &Context) -> Result<Box<dyn Flow>, RefundError> {
        let input = args.first().unwrap_or(&Value::Null);
        let key = ctx.idempotency_key.as_str();
        let base = self.base_url.as_str();
        Ok(match op {
            Operation::Refund => {
                let input = inputs::refund(input, ctx.now_ms).map_err(invalid)?;
                let request = requests::refund(base, &input, &self.merchant, key);
                self.single(request, RefundKind::Refund, input.common.amount, input.reference.id(), input.common.merchant_transaction_id.clone(), ctx)
            }
            Operation::RefundCharge => {
                let fields = if ctx.builder { input.clone() } else { inputs::charge_refund_fields(input, args.get(1).unwrap_or(&Value::Null)).map_err(invalid)? };
                let input = inputs::charge_refund(&fields, ctx.now_ms).map_err(invalid)?;
                let request = requests::charge_refund(base, &input, &self.merchant, key);
                self.single(request, RefundKind::Refund, input.common.amount, &input.transaction_id, input.common.merchant_transaction_id.clone(), ctx)
            }
            Operation::Reverse => {
                let input = inputs::reverse(input, ctx.now_ms, false).map_err(invalid)?;
                let request = requests::cancel(base, &input, &self.merchant, key);
                self.single(request, RefundKind::Reversal, input.common.amount, input.reference.id(), input.common.merchant_transaction_id.clone(), ctx)
            }
            Operation::ReverseOrRefund => {
                let input = inputs::reverse(input, ctx.now_ms, true).map_err(invalid)?;
                flows::ReverseOrRefund::boxed(base, &self.merchant, input, key)
            }
            Operation::SyncRefund => flows::Sync::boxed(base, &self.merchant, crate::sync::read(input, PROVIDER).map_err(invalid)?, key)?,
            Operation::WaitForFinal => {
                let target = crate::sync::read(input, PROVIDER).map_err(invalid)?;
                let current = target.result.clone();
                flows::Sync::boxed(base, &self.merchant, target.clone(), key)?;
                let (base, merchant, key) = (base.to_string(), self.merchant.clone(), key.to_string());
                let make = Box::new(move |now| flows::Sync::boxed(&base, &merchant, target.clone(), &crate::sync::look_id(&key, now)));
                WaitForFinal::boxed(make, ctx.schedule.clone().unwrap_or_else(|| DEFAULT_SCHEDULE_MS.to_vec()), current)
            }
            _ => return Err(unsupported("operation", op.spec().js).with_provider(PROVIDER)),
        })
    }

    fn prepare(&self, op: Operation, input: &Value, ctx: &Context) -> Result<HttpRequest, RefundError> {
        let key = ctx.idempotency_key.as_str();
        match op {
            Operation::Refund => Ok(requests::refund(&self.base_url, &inputs::refund(input, ctx.now_ms).map_err(invalid)?, &self.merchant, key)),
            Operation::RefundCharge => Ok(requests::charge_refund(&self.base_url, &inputs::charge_refund(input, ctx.now_ms).map_err(invalid)?, &self.merchant, key)),
            _ => Err(unsupported("builder operation", op.spec().js).with_provider(PROVIDER)),
        }
    }
}
