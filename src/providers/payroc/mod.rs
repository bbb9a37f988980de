//! Payroc: card-payment refunds (referenced and unreferenced), payment lookups, and
//! Payroc Cloud device refund instructions. Facts: reference/payroc.md; docs/PAYROC.md.

pub mod auth;
pub mod flows;
pub mod requests;
pub mod responses;
pub mod wire;

use crate::error::RefundError;
use crate::flow::{CallContext, Flow, Outgoing, SingleRequest};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions};
use crate::validation::{Fields, IssueCode};
use serde_json::Value;

/// Payroc's hosts per environment [PY `environment.py`].
pub const UAT_API: &str = "https://api.uat.payroc.com/v1";
pub const UAT_IDENTITY: &str = "https://identity.uat.payroc.com";
pub const PRODUCTION_API: &str = "https://api.payroc.com/v1";
pub const PRODUCTION_IDENTITY: &str = "https://identity.payroc.com";

pub struct Payroc {
    options: ClientOptions,
    api_key: Option<String>,
    api_url: String,
    identity_url: String,
    auth: AuthKind,
}

// Debug never shows the API key.
impl std::fmt::Debug for Payroc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Payroc")
            .field("api_url", &self.api_url)
            .field("identity_url", &self.identity_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("auth", &self.auth)
            .finish()
    }
}


impl Payroc {
    /// Options: `apiKey` (server), or `accessToken` / `getAccessToken` (browser-safe);
    /// `environment: "uat" | "production"` (default `"uat"`, where no real money moves);
    /// `baseUrl` / `identityUrl` override the hosts (the sandbox, or your own backend).
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Payroc, RefundError> {
        let mut f = Fields::new(options, "", now_ms);
        let shared = ClientOptions::read(&mut f, env);
        let api_key = f.opt_str("apiKey", 1, 1024);
        let environment = f.opt_enum("environment", &["uat", "production"]);
        let (api, identity) = match environment.as_deref() {
            Some("production") => (PRODUCTION_API, PRODUCTION_IDENTITY),
            _ => (UAT_API, UAT_IDENTITY),
        };
        let base_url = f.opt_url("baseUrl");
        let identity_url = f.opt_url("identityUrl").unwrap_or_else(|| identity.to_string());
        let has_credential = api_key.is_some() || shared.access_token.is_some() || env.has_get_access_token;
        // With no credential at all, a baseUrl is the merchant's own backend, which adds them.
        let auth = if has_credential || base_url.is_none() { AuthKind::Bearer } else { AuthKind::None };
        if !has_credential && base_url.is_none() {
            f.issue(
                "apiKey",
                IssueCode::Required,
                "is required on a server; in a browser give accessToken or getAccessToken, or a baseUrl that points at your backend",
            );
        }
        let options = f.finish(Some(shared)).map_err(|issues| RefundError::validation(issues).with_provider(ProviderName::Payroc))?;
        let secrets: Vec<&str> = if api_key.is_some() { vec!["apiKey"] } else { vec![] };
        options.refuse_browser_secrets(ProviderName::Payroc, &secrets)?;
        Ok(Payroc {
            options,
            api_key,
            api_url: base_url.unwrap_or_else(|| api.to_string()),
            identity_url,
            auth,
        })
    }

    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// A flow for a referenced refund (`refund` and `send(PayrocRefund)`).
    fn refund(&self, fields: &Value, ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let input = requests::read_refund(fields, ctx.now_ms).map_err(invalid)?;
        Ok(Box::new(flows::RefundFlow::new(self.api_url.clone(), input, ctx.idempotency_key.clone())))
    }

    fn unreferenced_refund(&self, fields: &Value, ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let input = requests::read_unreferenced(fields, ctx.now_ms).map_err(invalid)?;
        let key = ctx.idempotency_key.clone();
        let request = requests::unreferenced_refund(&self.api_url, &input, &key);
        Ok(SingleRequest::boxed(Outgoing::new(request, Some(key.clone())), move |resp| {
            responses::retrieved_refund_result(resp, Some(&key))
        }))
    }

    fn submit_instruction(&self, fields: &Value, ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let input = requests::read_instruction(fields, ctx.now_ms).map_err(invalid)?;
        let key = ctx.idempotency_key.clone();
        let request = requests::submit_instruction(&self.api_url, &input, &key);
        Ok(SingleRequest::boxed(Outgoing::new(request, Some(key.clone())), move |resp| {
            responses::instruction_result(resp, Some(&key))
        }))
    }

    /// One lookup (GET or DELETE: no idempotency key).
    fn lookup(
        &self,
        request: HttpRequest,
        timeout_ms: Option<u64>,
        parse: impl FnOnce(HttpResponse) -> Result<Value, RefundError> + 'static,
    ) -> Box<dyn Flow> {
        let mut out = Outgoing::new(request, None);
        out.timeout_ms = timeout_ms;
        SingleRequest::boxed(out, parse)
    }
}

fn invalid(issues: Vec<crate::validation::ValidationIssue>) -> RefundError {
    RefundError::validation(issues).with_provider(ProviderName::Payroc)
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

impl Authorize for Payroc {
    fn auth_kind(&self) -> AuthKind {
        self.auth
    }
    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial) {
        auth::authorize(request, material)
    }
}

impl super::Provider for Payroc {
    fn name(&self) -> ProviderName {
        ProviderName::Payroc
    }
    fn options(&self) -> &ClientOptions {
        &self.options
    }
    fn secrets(&self) -> Vec<String> {
        self.api_key.iter().cloned().collect()
    }
    /// `None` when the caller brings its own token (accessToken / getAccessToken).
    fn token_request(&self) -> Option<HttpRequest> {
        if self.options.access_token.is_some() || self.options.env.has_get_access_token {
            return None;
        }
        self.api_key.as_deref().map(|key| auth::token_request(&self.identity_url, key))
    }
    fn parse_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError> {
        auth::parse_token(response)
    }
    fn start(&self, method: &str, args: &[Value], ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let api = self.api_url.as_str();
        match method {
            "getPayment" => {
                let id = requests::read_payment_id(arg(args, 0)).map_err(invalid)?;
                Ok(self.lookup(requests::get_payment(api, &id), None, responses::get_payment_result))
            }
            "listPayments" => {
                let filters = requests::read_filters(arg(args, 0)).map_err(invalid)?;
                let request = requests::list_payments(api, &filters);
                Ok(self.lookup(request, None, move |resp| responses::list_payments_result(resp, &filters.given)))
            }
            "refund" => self.refund(arg(args, 0), ctx),
            "unreferencedRefund" => self.unreferenced_refund(arg(args, 0), ctx),
            "getRefund" => {
                let id = requests::read_refund_id(arg(args, 0)).map_err(invalid)?;
                Ok(self.lookup(requests::get_refund(api, &id), None, |resp| responses::retrieved_refund_result(resp, None)))
            }
            "submitRefundInstruction" => self.submit_instruction(arg(args, 0), ctx),
            "getRefundInstruction" => {
                let id = requests::read_instruction_id(arg(args, 0)).map_err(invalid)?;
                // The gateway holds this GET while the instruction is inProgress.
                let timeout = Some(flows::LONG_POLL_TIMEOUT_MS);
                Ok(self.lookup(requests::get_instruction(api, &id), timeout, |resp| responses::instruction_result(resp, None)))
            }
            "waitForRefundInstruction" => {
                let id = requests::read_instruction_id(arg(args, 0)).map_err(invalid)?;
                Ok(Box::new(flows::WaitFlow::new(self.api_url.clone(), id)))
            }
            "cancelRefundInstruction" => {
                let id = requests::read_instruction_id(arg(args, 0)).map_err(invalid)?;
                let request = requests::cancel_instruction(api, &id);
                Ok(self.lookup(request, None, move |resp| responses::cancel_result(resp, &id)))
            }
            "send" => {
                let kind = arg(args, 0).as_str().unwrap_or_default();
                let fields = arg(args, 1);
                match kind {
                    requests::KIND_REFUND => self.refund(fields, ctx),
                    requests::KIND_UNREFERENCED => self.unreferenced_refund(fields, ctx),
                    requests::KIND_INSTRUCTION => self.submit_instruction(fields, ctx),
                    other => Err(super::unknown("builder kind", other)),
                }
            }
            other => Err(super::unknown("method", other)),
        }
    }
    /// The first request a builder sends. A `PayrocRefund` without an amount, or with
    /// `checkRemaining`, first reads the payment: prepare shows that GET.
    fn prepare(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<HttpRequest, RefundError> {
        let api = self.api_url.as_str();
        let key = ctx.idempotency_key.as_str();
        match kind {
            requests::KIND_REFUND => {
                let input = requests::read_refund(fields, ctx.now_ms).map_err(invalid)?;
                Ok(match input.amount {
                    Some(amount) if !input.reads_payment_first() => requests::referenced_refund(api, &input, amount.minor(), key),
                    _ => requests::get_payment(api, &input.payment_id),
                })
            }
            requests::KIND_UNREFERENCED => {
                let input = requests::read_unreferenced(fields, ctx.now_ms).map_err(invalid)?;
                Ok(requests::unreferenced_refund(api, &input, key))
            }
            requests::KIND_INSTRUCTION => {
                let input = requests::read_instruction(fields, ctx.now_ms).map_err(invalid)?;
                Ok(requests::submit_instruction(api, &input, key))
            }
            other => Err(super::unknown("builder kind", other)),
        }
    }
}

#[cfg(test)]
mod tests;
