//! J.P. Morgan Online Payments v2: full, partial, multi-capture and standalone refunds,
//! voids and partial reversals of authorizations, lookups. Seed 003; reference part A;
//! docs/JPMORGAN.md.

pub mod auth;
pub mod flows;
pub mod inputs;
pub mod options;
pub mod requests;
pub mod responses;
pub mod status;

use self::auth::ClientCredentials;
use self::inputs::Form;
use self::requests::{Endpoint, MerchantSoftware};
use crate::connector::{unsupported, Connector, Context, Operation};
use crate::error::RefundError;
use crate::flow::{Flow, Outgoing, Single, WaitForFinal, DEFAULT_SCHEDULE_MS};
use crate::http::{HttpRequest, HttpResponse};
use crate::issue::ValidationIssue;
use crate::json::{ToJson, Value};
use crate::result::{Lookup, ProviderName, RefundKind};
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions, TokenSource};
use secrecy::ExposeSecret;

const PROVIDER: ProviderName = ProviderName::Jpmorgan;

pub struct JpMorgan {
    options: ClientOptions,
    endpoint: Endpoint,
    software: MerchantSoftware,
    /// The client credentials, their token endpoint and scope.
    credentials: Option<(ClientCredentials, String, Option<String>)>,
    tokens: TokenSource,
    auth: AuthKind,
}

/// Never shows the client secret.
impl std::fmt::Debug for JpMorgan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JpMorgan").field("endpoint", &self.endpoint).field("credentials", &self.credentials.as_ref().map(|c| &c.0)).finish_non_exhaustive()
    }
}

impl JpMorgan {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<JpMorgan, RefundError> {
        options::read(options, env, now_ms)
    }

    fn refund(&self, input: &Value, form: Form, ctx: &Context) -> Result<Box<dyn Flow>, RefundError> {
        let input = inputs::refund(input, form, ctx.now_ms).map_err(invalid)?;
        let key = ctx.idempotency_key.clone();
        let request = requests::refund(&self.endpoint, &input, &self.software, &key);
        let lookup = Lookup {
            kind: RefundKind::Refund,
            reference: input.target.reference().map(str::to_string),
            amount: input.amount.map(Into::into),
            sent_at: ctx.now_ms,
            ..Lookup::default()
        };
        Ok(Single::boxed_with_lookup(Outgoing::money(request, &key), lookup, move |r| {
            responses::refund_result(r, Some(&key)).map(|r| r.to_value())
        }))
    }
}

fn invalid(issues: Vec<ValidationIssue>) -> RefundError {
    RefundError::validation(issues).with_provider(PROVIDER)
}

impl Authorize for JpMorgan {
    fn auth_kind(&self) -> AuthKind {
        self.auth
    }
    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial) {
        auth::authorize(request, material)
    }
}

impl Connector for JpMorgan {
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
        let mut s: Vec<String> = self.tokens.fixed.iter().map(|t| t.expose_secret().to_string()).collect();
        if let Some((c, _, _)) = &self.credentials {
            s.push(c.client_secret.expose_secret().to_string());
            s.push(c.basic());
        }
        s
    }
    fn token_request(&self) -> Option<HttpRequest> {
        let (c, url, scope) = self.credentials.as_ref().filter(|_| self.tokens.endpoint)?;
        Some(c.token_request(url, scope.as_deref()))
    }
    fn read_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError> {
        auth::read_token(response)
    }

    fn start(&self, op: Operation, args: &[Value], ctx: &Context) -> Result<Box<dyn Flow>, RefundError> {
        let input = args.first().unwrap_or(&Value::Null);
        let key = ctx.idempotency_key.as_str();
        Ok(match op {
            Operation::Refund => self.refund(input, if ctx.builder { Form::Any } else { Form::Referenced }, ctx)?,
            Operation::StandaloneRefund => self.refund(input, Form::Standalone, ctx)?,
            Operation::Reverse | Operation::ReverseOrRefund => {
                let input = inputs::reverse(input, ctx.now_ms).map_err(invalid)?;
                flows::Reverse::boxed(&self.endpoint, &self.software, input, op == Operation::ReverseOrRefund, key)
            }
            Operation::SyncRefund => flows::Sync::boxed(&self.endpoint, crate::sync::read(input, PROVIDER).map_err(invalid)?, key)?,
            Operation::WaitForFinal => {
                let target = crate::sync::read(input, PROVIDER).map_err(invalid)?;
                let current = target.result.clone();
                flows::Sync::boxed(&self.endpoint, target.clone(), key)?;
                let (endpoint, key) = (self.endpoint.clone(), key.to_string());
                let make = Box::new(move |now| flows::Sync::boxed(&endpoint, target.clone(), &crate::sync::look_id(&key, now)));
                WaitForFinal::boxed(make, ctx.schedule.clone().unwrap_or_else(|| DEFAULT_SCHEDULE_MS.to_vec()), current)
            }
            Operation::GetRefund => {
                let id = inputs::id(input, "transactionId").map_err(invalid)?;
                Single::boxed(Outgoing::read(requests::get_refund(&self.endpoint, &id)), responses::lookup_result)
            }
            Operation::GetRefundByRequestId => {
                let wanted = inputs::id(input, "requestId").map_err(invalid)?;
                Single::boxed(Outgoing::read(requests::get_refund_by_request_id(&self.endpoint, &wanted, key)), responses::lookup_result)
            }
            Operation::GetPayment => {
                let id = inputs::id(input, "transactionId").map_err(invalid)?;
                Single::boxed(Outgoing::read(requests::get_payment(&self.endpoint, &id)), responses::payment_result)
            }
            _ => return Err(unsupported("operation", op.spec().js).with_provider(PROVIDER)),
        })
    }

    fn prepare(&self, op: Operation, input: &Value, ctx: &Context) -> Result<HttpRequest, RefundError> {
        match op {
            Operation::Refund => {
                let input = inputs::refund(input, Form::Any, ctx.now_ms).map_err(invalid)?;
                Ok(requests::refund(&self.endpoint, &input, &self.software, &ctx.idempotency_key))
            }
            _ => Err(unsupported("builder operation", op.spec().js).with_provider(PROVIDER)),
        }
    }
}
