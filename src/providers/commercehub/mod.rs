//! Fiserv Commerce Hub: tagged refunds (`POST /payments/v1/refunds`) and the URI form
//! (`POST /payments/v1/charges/{transactionId}/refund`), every request HMAC-signed.
//!
//! JS methods → flows (each is one signed request, [`SingleRequest`]):
//! - `refund(input)` → tagged refund;
//! - `refundCharge(transactionId, input?)` → URI form;
//! - `send(builder)` with kind `CommerceHubRefund` (tagged) or `CommerceHubChargeRefund` (URI).

pub mod auth;
pub mod requests;
pub mod responses;
pub mod wire;

use crate::error::{ErrorCode, RefundError};
use crate::flow::{to_value, CallContext, Flow, Outgoing, SingleRequest};
use crate::http::{HttpRequest, HttpResponse};
use crate::money::Money;
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions};
use crate::validation::{Fields, IssueCode, ValidationIssue};
use requests::{Merchant, KIND_CHARGE_REFUND, KIND_REFUND};
use serde_json::Value;

const PROVIDER: ProviderName = ProviderName::Commercehub;

/// Where Commerce Hub lives (Use-Our-APIs.md and spec 1.24.11 `servers`, since Aug 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// "Sandbox and Cert": the default, so that a missing option never moves real money.
    Cert,
    Production,
}

impl Environment {
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Cert => "https://connect-cert.fiservapis.com/ch",
            Environment::Production => "https://connect.fiservapis.com/ch",
        }
    }
}

/// A Commerce Hub client: `{ apiKey, apiSecret?, merchantId, terminalId, environment?, baseUrl?,
/// maxRetries?, timeoutMs?, dangerouslyAllowBrowser? }` plus an optional `sign(message)`.
///
/// The API key is an identifier sent in clear in the `Api-Key` header of every request and
/// worthless without the secret, so it may live in a browser; the API secret may not (unless
/// `dangerouslyAllowBrowser`). A browser passes `sign()` and lets its backend hold the secret.
pub struct CommerceHub {
    options: ClientOptions,
    api_key: String,
    /// `None`: the caller's `sign()` callback signs.
    api_secret: Option<String>,
    merchant: Merchant,
    base_url: String,
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

impl CommerceHub {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<CommerceHub, RefundError> {
        let mut f = Fields::new(options, "", now_ms);
        let shared = ClientOptions::read(&mut f, env);
        let api_key = f.req_str("apiKey", 1, 1024);
        let api_secret = f.opt_str("apiSecret", 1, 1024);
        if !f.has("apiSecret") && !env.has_sign {
            f.issue("apiSecret", IssueCode::Required, "is required unless a sign(message) callback is given");
        }
        let merchant_id = f.req_str("merchantId", 1, 40);
        let terminal_id = f.req_str("terminalId", 1, 1024);
        let environment = match f.opt_enum("environment", &["cert", "production"]).as_deref() {
            Some("production") => Environment::Production,
            _ => Environment::Cert,
        };
        let base_url = f.opt_url("baseUrl");
        if shared.access_token.is_some() {
            f.issue("accessToken", IssueCode::Unknown, "is not used by Commerce Hub: give apiSecret (server) or sign() (browser)");
        }
        let client = match (api_key, merchant_id, terminal_id) {
            (Some(api_key), Some(merchant_id), Some(terminal_id)) => Some(CommerceHub {
                options: shared,
                api_key,
                api_secret,
                merchant: Merchant { merchant_id, terminal_id },
                base_url: base_url.unwrap_or_else(|| environment.base_url().to_string()),
            }),
            _ => None,
        };
        let client = f.finish(client).map_err(|issues| RefundError::validation(issues).with_provider(PROVIDER))?;
        let secrets: &[&str] = if client.api_secret.is_some() { &["apiSecret"] } else { &[] };
        client.options.refuse_browser_secrets(PROVIDER, secrets)?;
        Ok(client)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The first (and only) request of a refund, with its `Client-Request-Id`, unsigned,
    /// and the amount asked for.
    fn request(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<(HttpRequest, Option<Money>), RefundError> {
        let invalid = |issues: Vec<ValidationIssue>| RefundError::validation(issues).with_provider(PROVIDER);
        let key = ctx.idempotency_key.as_str();
        match kind {
            KIND_REFUND => {
                let refund = requests::read_refund(fields, ctx.now_ms).map_err(invalid)?;
                Ok((refund.request(&self.base_url, &self.merchant, key), refund.common.amount))
            }
            KIND_CHARGE_REFUND => {
                let refund = requests::read_charge_refund(fields, ctx.now_ms).map_err(invalid)?;
                Ok((refund.request(&self.base_url, &self.merchant, key), refund.common.amount))
            }
            _ => Err(super::unknown("builder kind", kind)),
        }
    }

    fn refund_flow(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let (request, requested) = self.request(kind, fields, ctx)?;
        let key = ctx.idempotency_key.clone();
        let outgoing = Outgoing::new(request, Some(key.clone()));
        Ok(SingleRequest::boxed(outgoing, move |response| {
            responses::refund_result(response, requested, &key).map(|r| to_value(&r))
        }))
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

impl super::Provider for CommerceHub {
    fn name(&self) -> ProviderName {
        PROVIDER
    }
    fn options(&self) -> &ClientOptions {
        &self.options
    }
    fn secrets(&self) -> Vec<String> {
        // The API key is not a secret in Commerce Hub's model, but it is a credential
        // identifier: masked wherever it might show, like the secret.
        [Some(self.api_key.clone()), self.api_secret.clone()].into_iter().flatten().collect()
    }
    fn token_request(&self) -> Option<HttpRequest> {
        None
    }
    fn parse_token(&self, _response: &HttpResponse) -> Result<AccessToken, RefundError> {
        Err(RefundError::new(ErrorCode::Configuration, "commercehub signs each request and has no token endpoint")
            .with_provider(PROVIDER)
            .with_retryable(false))
    }
    fn sign(&self, message: &str) -> Option<String> {
        self.api_secret.as_deref().map(|secret| auth::hmac_signature(secret, message))
    }
    fn start(&self, method: &str, args: &[Value], ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        match method {
            "refund" => self.refund_flow(KIND_REFUND, args.first().unwrap_or(&Value::Null), ctx),
            "refundCharge" => {
                let fields = requests::charge_refund_fields(args.first(), args.get(1))
                    .map_err(|issues| RefundError::validation(issues).with_provider(PROVIDER))?;
                self.refund_flow(KIND_CHARGE_REFUND, &fields, ctx)
            }
            "send" => {
                let kind = args.first().and_then(Value::as_str).unwrap_or_default();
                self.refund_flow(kind, args.get(1).unwrap_or(&Value::Null), ctx)
            }
            _ => Err(super::unknown("method", method)),
        }
    }
    fn prepare(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<HttpRequest, RefundError> {
        self.request(kind, fields, ctx).map(|(request, _)| request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Step;
    use crate::providers::Provider;
    use crate::send::{Exchange, ExchangeStep, RetryPolicy};
    use serde_json::json;

    fn options() -> Value {
        json!({ "apiKey": "sbxTestApiKey", "apiSecret": "sbxTestApiSecret", "merchantId": "100008000003683",
                "terminalId": "10000001", "environment": "cert" })
    }

    fn client(options: Value) -> Result<CommerceHub, RefundError> {
        CommerceHub::new(&options, ClientEnvironment::default(), 0)
    }

    fn ctx() -> CallContext {
        CallContext { idempotency_key: "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60".into(), now_ms: 1_718_000_000_000 }
    }

    fn issue_paths(e: RefundError) -> Vec<String> {
        assert_eq!(e.code, ErrorCode::Validation);
        e.issues.into_iter().map(|i| i.path).collect()
    }

    #[test]
    fn hosts_per_environment_and_override() {
        assert_eq!(client(options()).unwrap().base_url(), "https://connect-cert.fiservapis.com/ch");
        let mut o = options();
        o["environment"] = json!("production");
        assert_eq!(client(o.clone()).unwrap().base_url(), "https://connect.fiservapis.com/ch");
        o["baseUrl"] = json!("http://127.0.0.1:9/commercehub/ch");
        assert_eq!(client(o).unwrap().base_url(), "http://127.0.0.1:9/commercehub/ch");
    }

    #[test]
    fn required_options_are_named() {
        let mut o = options();
        o.as_object_mut().unwrap().remove("terminalId");
        assert_eq!(issue_paths(client(o).unwrap_err()), ["terminalId"]);
        let mut o = options();
        o.as_object_mut().unwrap().remove("apiSecret");
        assert_eq!(issue_paths(client(o.clone()).unwrap_err()), ["apiSecret"]);
        let with_sign = ClientEnvironment { has_sign: true, ..Default::default() };
        let c = CommerceHub::new(&o, with_sign, 0).unwrap();
        assert_eq!(c.sign("m"), None, "the caller's sign() signs");
        let bad = json!({ "environment": "sandbox", "baseUrl": "ftp://x" });
        assert_eq!(
            issue_paths(client(bad).unwrap_err()),
            ["apiKey", "apiSecret", "merchantId", "terminalId", "environment", "baseUrl"]
        );
        let mut o = options();
        o["merchantId"] = json!("1".repeat(41));
        assert_eq!(issue_paths(client(o).unwrap_err()), ["merchantId"]);
    }

    #[test]
    fn the_api_secret_is_refused_in_a_browser_but_sign_is_not() {
        let browser = ClientEnvironment { in_browser: true, ..Default::default() };
        let e = CommerceHub::new(&options(), browser, 0).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(e.message.contains("apiSecret") && !e.message.contains("sbxTestApiSecret"));
        let mut o = options();
        o["dangerouslyAllowBrowser"] = json!(true);
        assert!(CommerceHub::new(&o, browser, 0).is_ok());
        let mut o = options();
        o.as_object_mut().unwrap().remove("apiSecret");
        assert!(CommerceHub::new(&o, ClientEnvironment { in_browser: true, has_sign: true, ..Default::default() }, 0).is_ok());
    }

    #[test]
    fn debug_and_secrets() {
        let c = client(options()).unwrap();
        assert!(!format!("{c:?}").contains("sbxTestApiSecret"));
        assert_eq!(c.secrets(), ["sbxTestApiKey", "sbxTestApiSecret"]);
    }

    /// Drives one exchange the way the binding does, signing with the client's own secret.
    fn first_attempt(c: &CommerceHub, request: HttpRequest, now_ms: u64) -> HttpRequest {
        let mut ex = Exchange::new(request, c.auth_kind(), RetryPolicy::default(), 1000, PROVIDER, None);
        let ExchangeStep::NeedSignature { message, timestamp_ms } = ex.next(c, now_ms) else { panic!("no signature asked") };
        ex.set_auth(AuthMaterial::Signature { timestamp_ms, signature: c.sign(&message).unwrap() });
        match ex.next(c, now_ms) {
            ExchangeStep::Fetch { request, .. } => request,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refund_is_one_signed_request_with_the_pinned_signature() {
        let c = client(options()).unwrap();
        let mut flow = c.start("refund", &[json!({ "referenceTransactionId": "84356531348", "amount": { "minor": 1204, "currency": "USD" } })], &ctx()).unwrap();
        let Step::Send(out) = flow.next(None, 0) else { panic!("expected a request") };
        assert_eq!(out.idempotency_key.as_deref(), Some(ctx().idempotency_key.as_str()));
        let sent = first_attempt(&c, out.request, 1_718_000_000_000);
        assert_eq!(sent.get_header("Client-Request-Id"), Some("5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"));
        assert_eq!(sent.get_header("Api-Key"), Some("sbxTestApiKey"));
        assert_eq!(sent.get_header("Timestamp"), Some("1718000000000"));
        assert_eq!(sent.get_header("Auth-Token-Type"), Some("HMAC"));
        // The value pinned in auth.rs, computed with openssl over the same key, id, time and body.
        assert_eq!(sent.get_header("Authorization"), Some("3gjx7aOeJkZkNnkgAFsMgcR5ROCV+Ru0ijQ3mvIJ0Bw="));
    }

    #[test]
    fn retries_keep_the_request_id_and_sign_a_fresh_timestamp() {
        let c = client(options()).unwrap();
        let request = c.prepare(KIND_REFUND, &json!({ "referenceTransactionId": "84356531348" }), &ctx()).unwrap();
        let mut ex = Exchange::new(request, AuthKind::Signed, RetryPolicy::default(), 1000, PROVIDER, Some(ctx().idempotency_key));
        let mut sent = vec![];
        for now in [1_000, 2_000] {
            let ExchangeStep::NeedSignature { message, timestamp_ms } = ex.next(&c, now) else { panic!() };
            ex.set_auth(AuthMaterial::Signature { timestamp_ms, signature: c.sign(&message).unwrap() });
            let ExchangeStep::Fetch { request, .. } = ex.next(&c, now) else { panic!() };
            sent.push(request);
            ex.record(crate::send::AttemptOutcome::Network("dropped".into()), now, 0.0);
            assert!(matches!(ex.next(&c, now), ExchangeStep::Sleep { .. }));
        }
        let h = |i: usize, n: &str| sent[i].get_header(n).map(str::to_string);
        assert_eq!(h(0, "Client-Request-Id"), h(1, "Client-Request-Id"));
        assert_eq!(sent[0].body, sent[1].body);
        assert_eq!((h(0, "Timestamp").unwrap(), h(1, "Timestamp").unwrap()), ("1000".into(), "2000".into()));
        assert_ne!(h(0, "Authorization"), h(1, "Authorization"));
    }

    #[test]
    fn methods_and_builders_map_to_their_forms() {
        let c = client(options()).unwrap();
        let url = |flow: &mut Box<dyn Flow>| match flow.next(None, 0) {
            Step::Send(out) => out.request.url,
            other => panic!("{other:?}"),
        };
        let mut f = c.start("refundCharge", &[json!("84356531338"), Value::Null], &ctx()).unwrap();
        assert_eq!(url(&mut f), "https://connect-cert.fiservapis.com/ch/payments/v1/charges/84356531338/refund");
        let mut f = c.start("send", &[json!("CommerceHubChargeRefund"), json!({ "transactionId": "1" })], &ctx()).unwrap();
        assert!(url(&mut f).ends_with("/payments/v1/charges/1/refund"));
        let mut f = c.start("send", &[json!("CommerceHubRefund"), json!({ "referenceMerchantTransactionId": "m" })], &ctx()).unwrap();
        assert!(url(&mut f).ends_with("/payments/v1/refunds"));
        assert_eq!(c.start("getRefund", &[], &ctx()).err().unwrap().code, ErrorCode::Configuration);
        assert_eq!(c.start("send", &[json!("PayrocRefund"), json!({})], &ctx()).err().unwrap().code, ErrorCode::Configuration);
    }

    #[test]
    fn invalid_inputs_never_make_a_request() {
        let c = client(options()).unwrap();
        let cases = [
            ("refund", vec![json!({ "referenceTransactionId": "1", "referenceMerchantTransactionId": "m" })], "referenceTransactionId"),
            ("refund", vec![json!({ "referenceTransactionId": "1".repeat(41) })], "referenceTransactionId"),
            ("refund", vec![json!({ "referenceTransactionId": "1", "amount": { "value": "10.001", "currency": "USD" } })], "amount"),
            ("refund", vec![Value::Null], "input"),
            ("refundCharge", vec![Value::Null, json!({})], "transactionId"),
            ("refundCharge", vec![json!(42), json!({})], "transactionId"),
        ];
        for (method, args, path) in cases {
            let e = c.start(method, &args, &ctx()).err().unwrap();
            assert_eq!(e.provider, Some(PROVIDER));
            assert_eq!(issue_paths(e), [path], "{method} {args:?}");
        }
    }

    #[test]
    fn prepare_shows_the_exact_unsigned_request() {
        let c = client(options()).unwrap();
        let r = c.prepare("CommerceHubRefund", &json!({ "referenceTransactionId": "84356531348", "amount": { "minor": 500, "currency": "JPY" } }), &ctx()).unwrap();
        assert_eq!(r.get_header("Client-Request-Id"), Some("5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"));
        assert_eq!(r.get_header("Authorization"), None, "the binding adds a redacted placeholder");
        assert!(String::from_utf8(r.body.unwrap()).unwrap().contains(r#""amount":{"total":500,"currency":"JPY"}"#));
        assert_eq!(c.prepare("Nope", &json!({}), &ctx()).unwrap_err().code, ErrorCode::Configuration);
    }

    #[test]
    fn the_flow_ends_with_a_refund_result() {
        let c = client(options()).unwrap();
        let mut flow = c.start("refund", &[json!({ "referenceTransactionId": "84356531348" })], &ctx()).unwrap();
        assert!(matches!(flow.next(None, 0), Step::Send(_)));
        let body = json!({ "gatewayResponse": { "transactionState": "AUTHORIZED", "transactionProcessingDetails": { "transactionId": "9" } },
                           "paymentReceipt": { "approvedAmount": { "total": 12.04, "currency": "USD" },
                                               "processorResponseDetails": { "approvalStatus": "APPROVED", "responseCode": "000" } } });
        let response = HttpResponse { status: 201, headers: vec![], body: serde_json::to_vec(&body).unwrap() };
        let Step::Done(Ok(v)) = flow.next(Some(response), 0) else { panic!() };
        assert_eq!(v["status"], "succeeded");
        assert_eq!(v["provider"], "commercehub");
        assert_eq!(v["refundId"], "9");
        assert_eq!(v["amount"], json!({ "minor": 1204, "currency": "USD", "formatted": "12.04" }));
        assert_eq!(v["idempotencyKey"], "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60");
    }
}
