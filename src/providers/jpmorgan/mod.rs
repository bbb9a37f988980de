//! J.P. Morgan Online Payments v2 refunds: full, partial, multi-capture and standalone
//! (`POST /refunds`), and the two lookups. Seed 003; reference part A.

pub mod auth;
pub mod requests;
pub mod responses;
pub mod wire;

use self::auth::ClientCredentials;
use self::requests::{Endpoint, Form, RefundInput, KIND_REFUND};
use crate::error::RefundError;
use crate::flow::{CallContext, Flow, Outgoing, SingleRequest};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthKind, AuthMaterial, Authorize, ClientEnvironment, ClientOptions};
use crate::validation::{Fields, IssueCode};
use serde_json::Value;

const PROVIDER: ProviderName = ProviderName::Jpmorgan;

/// `environment`: where requests go by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// The developer portal's mock tier (self-service credentials).
    Mock,
    /// Client acceptance testing.
    Cat,
    Production,
}

impl Environment {
    pub const NAMES: &'static [&'static str] = &["mock", "cat", "production"];

    fn parse(name: &str) -> Option<Environment> {
        match name {
            "mock" => Some(Environment::Mock),
            "cat" => Some(Environment::Cat),
            "production" => Some(Environment::Production),
            _ => None,
        }
    }

    /// Reference A1.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Mock => "https://api-mock.payments.jpmorgan.com/api/v2",
            Environment::Cat => "https://api-ms-test.payments.jpmorgan.com/api/v2",
            Environment::Production => "https://api-ms.payments.jpmorgan.com/api/v2",
        }
    }

    /// The client-credentials token endpoint and scope. Only the mock tier's are documented
    /// (reference A2); CAT and production use a signed-JWT flow this SDK does not implement,
    /// so they need `tokenUrl` (and `scope` if that endpoint wants one), or a caller's token.
    fn token_defaults(self) -> Option<(&'static str, &'static str)> {
        match self {
            Environment::Mock => Some((auth::PORTAL_TOKEN_URL, auth::SANDBOX_SCOPE)),
            Environment::Cat | Environment::Production => None,
        }
    }
}

/// How this client's requests are authorized.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Credentials {
    /// Client credentials → bearer token from `token_url`.
    Client { credentials: ClientCredentials, token_url: String, scope: Option<String> },
    /// The caller's `accessToken` or `getAccessToken()` (browser-safe).
    CallerToken,
    /// No credentials: `baseUrl` is the merchant's own backend, which adds them.
    Proxy,
}

pub struct JpMorgan {
    options: ClientOptions,
    endpoint: Endpoint,
    software: wire::MerchantSoftware,
    credentials: Credentials,
}

impl JpMorgan {
    pub fn new(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<JpMorgan, RefundError> {
        let mut f = Fields::new(options, "", now_ms);
        let shared = ClientOptions::read(&mut f, env);
        let merchant_id = f.req_str("merchantId", 1, 64);
        let environment = read_environment(&mut f);
        let base_url = f.opt_url("baseUrl");
        let token_url = f.opt_url("tokenUrl");
        let scope = f.opt_str("scope", 1, 256);
        let client_id = f.opt_str("clientId", 1, 256);
        let client_secret = f.opt_str("clientSecret", 1, 1024);
        let software = f.nested("merchantSoftware", |s| {
            let company_name = s.req_str("companyName", 1, 100);
            let product_name = s.req_str("productName", 1, 100);
            let version = s.opt_str("version", 1, 50);
            Some(wire::MerchantSoftware { company_name: company_name?, product_name: product_name?, version })
        });
        if !f.has("merchantSoftware") {
            f.issue("merchantSoftware", IssueCode::Required, "is required: { companyName, productName, version } of your integration, sent on every refund");
        }

        let caller_token = shared.access_token.is_some() || env.has_get_access_token;
        let credentials = match (client_id, client_secret) {
            _ if caller_token => Some(Credentials::CallerToken),
            (Some(client_id), Some(client_secret)) => {
                let defaults = environment.and_then(Environment::token_defaults);
                let token_url = token_url.or_else(|| defaults.map(|(url, _)| url.to_string()));
                let scope = scope.or_else(|| defaults.map(|(_, scope)| scope.to_string()));
                if token_url.is_none() && environment.is_some() {
                    f.issue(
                        "tokenUrl",
                        IssueCode::Required,
                        "is required with clientId/clientSecret outside the mock environment: J.P. Morgan documents no \
                         client-secret token endpoint for CAT or production; pass tokenUrl, or accessToken/getAccessToken()",
                    );
                }
                token_url.map(|token_url| Credentials::Client {
                    credentials: ClientCredentials { client_id, client_secret },
                    token_url,
                    scope,
                })
            }
            (Some(_), None) => {
                f.issue("clientSecret", IssueCode::Required, "is required with clientId");
                None
            }
            (None, Some(_)) => {
                f.issue("clientId", IssueCode::Required, "is required with clientSecret");
                None
            }
            (None, None) if base_url.is_some() => Some(Credentials::Proxy),
            (None, None) => {
                f.issue(
                    "clientId",
                    IssueCode::Required,
                    "give clientId and clientSecret (server), or accessToken or getAccessToken() (browser)",
                );
                None
            }
        };
        let secret_set = f.has("clientSecret");
        let base_url = base_url.or_else(|| environment.map(|e| e.base_url().to_string()));
        let client = match (merchant_id, base_url, software, credentials) {
            (Some(merchant_id), Some(base_url), Some(software), Some(credentials)) => {
                Some(JpMorgan { options: shared, endpoint: Endpoint { base_url, merchant_id }, software, credentials })
            }
            _ => None,
        };
        let client = f.finish(client).map_err(|issues| RefundError::validation(issues).with_provider(PROVIDER))?;
        let secrets: &[&str] = if secret_set { &["clientSecret"] } else { &[] };
        client.options.refuse_browser_secrets(PROVIDER, secrets)?;
        Ok(client)
    }

    /// The `POST /refunds` of a validated input, as the sending layer gets it.
    fn refund_outgoing(&self, input: &RefundInput, ctx: &CallContext) -> Outgoing {
        let request = self.endpoint.refund(input, &self.software, &ctx.idempotency_key);
        Outgoing::new(request, Some(ctx.idempotency_key.clone()))
    }

    fn refund_flow(&self, input: &Value, form: Form, ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let input = read_input(input, form, ctx.now_ms)?;
        let request_id = ctx.idempotency_key.clone();
        Ok(SingleRequest::boxed(self.refund_outgoing(&input, ctx), move |r: HttpResponse| {
            responses::refund_result(&r, &request_id)
        }))
    }

    fn lookup_flow(request: HttpRequest) -> Box<dyn Flow> {
        SingleRequest::boxed(Outgoing::new(request, None), |r: HttpResponse| responses::lookup_result(&r))
    }
}

fn read_input(value: &Value, form: Form, now_ms: u64) -> Result<RefundInput, RefundError> {
    requests::read_refund(value, form, now_ms).map_err(|issues| RefundError::validation(issues).with_provider(PROVIDER))
}

/// `environment`: required unless `baseUrl` says where to go.
fn read_environment(f: &mut Fields) -> Option<Environment> {
    if !f.has("environment") && !f.has("baseUrl") {
        f.issue("environment", IssueCode::Required, "is required: \"mock\", \"cat\" or \"production\"");
    }
    f.opt_enum("environment", Environment::NAMES).and_then(|e| Environment::parse(&e))
}


/// The kind of a `send` / `prepare` builder, which must be ours.
fn builder_kind(kind: &str) -> Result<(), RefundError> {
    if kind == KIND_REFUND {
        Ok(())
    } else {
        Err(super::unknown("builder kind", kind).with_provider(PROVIDER))
    }
}

impl Authorize for JpMorgan {
    fn auth_kind(&self) -> AuthKind {
        match self.credentials {
            Credentials::Proxy => AuthKind::None,
            Credentials::Client { .. } | Credentials::CallerToken => AuthKind::Bearer,
        }
    }

    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial) {
        if let AuthMaterial::Token(token) = material {
            auth::bearer(request, token);
        }
    }
}

impl super::Provider for JpMorgan {
    fn name(&self) -> ProviderName {
        PROVIDER
    }

    fn options(&self) -> &ClientOptions {
        &self.options
    }

    fn secrets(&self) -> Vec<String> {
        match &self.credentials {
            Credentials::Client { credentials, .. } => vec![credentials.client_secret.clone(), credentials.basic()],
            Credentials::CallerToken | Credentials::Proxy => vec![],
        }
    }

    fn token_request(&self) -> Option<HttpRequest> {
        match &self.credentials {
            Credentials::Client { credentials, token_url, scope } => Some(credentials.token_request(token_url, scope.as_deref())),
            Credentials::CallerToken | Credentials::Proxy => None,
        }
    }

    fn parse_token(&self, response: &HttpResponse) -> Result<AccessToken, RefundError> {
        responses::parse_token(response)
    }

    fn start(&self, method: &str, args: &[Value], ctx: &CallContext) -> Result<Box<dyn Flow>, RefundError> {
        let first = args.first().unwrap_or(&Value::Null);
        match method {
            "refund" => self.refund_flow(first, Form::Referenced, ctx),
            "standaloneRefund" => self.refund_flow(first, Form::Standalone, ctx),
            "getRefund" => {
                let id = requests::read_lookup_id(args, "transactionId")?;
                Ok(JpMorgan::lookup_flow(self.endpoint.get_refund(&id)))
            }
            "getRefundByRequestId" => {
                let wanted = requests::read_lookup_id(args, "requestId")?;
                Ok(JpMorgan::lookup_flow(self.endpoint.get_refund_by_request_id(&wanted, &ctx.idempotency_key)))
            }
            "send" => {
                builder_kind(first.as_str().unwrap_or_default())?;
                self.refund_flow(args.get(1).unwrap_or(&Value::Null), Form::Any, ctx)
            }
            _ => Err(super::unknown("method", method).with_provider(PROVIDER)),
        }
    }

    fn prepare(&self, kind: &str, fields: &Value, ctx: &CallContext) -> Result<HttpRequest, RefundError> {
        builder_kind(kind)?;
        let input = read_input(fields, Form::Any, ctx.now_ms)?;
        Ok(self.refund_outgoing(&input, ctx).request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::flow::Step;
    use crate::http::Method;
    use crate::providers::Provider;
    use serde_json::json;

    const NOW: u64 = 1_795_392_000_000;

    fn options() -> Value {
        json!({
            "merchantId": "998482157632",
            "clientId": "client-1",
            "clientSecret": "secret-value-1",
            "environment": "mock",
            "merchantSoftware": { "companyName": "Payment Company", "productName": "Application Name", "version": "1.235" }
        })
    }

    fn client(options: Value) -> Result<JpMorgan, RefundError> {
        JpMorgan::new(&options, ClientEnvironment::default(), NOW)
    }

    fn ctx(key: &str) -> CallContext {
        CallContext { idempotency_key: key.into(), now_ms: NOW }
    }

    fn first_request(flow: &mut Box<dyn Flow>) -> Outgoing {
        match flow.next(None, NOW) {
            Step::Send(out) => out,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    fn paths(e: &RefundError) -> Vec<(&str, IssueCode)> {
        e.issues.iter().map(|i| (i.path.as_str(), i.code)).collect()
    }

    #[test]
    fn hosts_per_environment_and_overrides() {
        let c = client(options()).unwrap();
        assert_eq!(c.endpoint.base_url, "https://api-mock.payments.jpmorgan.com/api/v2");
        let token = c.token_request().unwrap();
        assert_eq!(token.url, "https://id.payments.jpmorgan.com/am/oauth2/alpha/access_token");
        assert_eq!(token.body.unwrap(), b"grant_type=client_credentials&scope=jpm%3Apayments%3Asandbox");

        let mut o = options();
        o["environment"] = json!("production");
        o["tokenUrl"] = json!("https://idp.example/token");
        let c = client(o).unwrap();
        assert_eq!(c.endpoint.base_url, "https://api-ms.payments.jpmorgan.com/api/v2");
        assert_eq!(c.token_request().unwrap().body.unwrap(), b"grant_type=client_credentials");

        let mut o = options();
        o["environment"] = json!("cat");
        o["baseUrl"] = json!("http://127.0.0.1:9/jpmorgan/api/v2");
        o["tokenUrl"] = json!("http://127.0.0.1:9/jpmorgan/oauth2/token");
        o["scope"] = json!("custom");
        let c = client(o).unwrap();
        assert_eq!(c.endpoint.base_url, "http://127.0.0.1:9/jpmorgan/api/v2");
        let t = c.token_request().unwrap();
        assert_eq!((t.url.as_str(), t.body.unwrap()), ("http://127.0.0.1:9/jpmorgan/oauth2/token", b"grant_type=client_credentials&scope=custom".to_vec()));
    }

    #[test]
    fn cat_and_production_need_a_token_url_with_client_credentials() {
        let mut o = options();
        o["environment"] = json!("cat");
        let e = client(o).err().unwrap();
        assert_eq!(paths(&e), [("tokenUrl", IssueCode::Required)]);
    }

    #[test]
    fn options_are_validated_by_name() {
        let e = client(json!({ "environment": "staging", "merchantSoftware": { "companyName": "", "version": 1.235 }, "clientId": "x" }))
            .err()
            .unwrap();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(
            paths(&e),
            [
                ("merchantId", IssueCode::Required),
                ("environment", IssueCode::InvalidEnum),
                ("merchantSoftware.companyName", IssueCode::TooShort),
                ("merchantSoftware.productName", IssueCode::Required),
                ("merchantSoftware.version", IssueCode::InvalidType),
                ("clientSecret", IssueCode::Required),
            ]
        );
        let mut o = options();
        o.as_object_mut().unwrap().remove("merchantSoftware");
        o["baseUrl"] = json!("ftp://x/y");
        assert_eq!(paths(&client(o).err().unwrap()), [("baseUrl", IssueCode::InvalidFormat), ("merchantSoftware", IssueCode::Required)]);
    }

    #[test]
    fn caller_tokens_and_proxies_need_no_secret() {
        let mut o = options();
        o.as_object_mut().unwrap().remove("clientSecret");
        o.as_object_mut().unwrap().remove("clientId");
        assert_eq!(paths(&client(o.clone()).err().unwrap()), [("clientId", IssueCode::Required)]);

        o["accessToken"] = json!("tok-123");
        let c = client(o.clone()).unwrap();
        assert_eq!((c.auth_kind(), c.token_request()), (AuthKind::Bearer, None));

        let env = ClientEnvironment { in_browser: true, has_get_access_token: true, has_sign: false };
        o.as_object_mut().unwrap().remove("accessToken");
        let c = JpMorgan::new(&o, env, NOW).unwrap();
        assert_eq!((c.auth_kind(), c.token_request()), (AuthKind::Bearer, None));

        o["baseUrl"] = json!("https://merchant.example/jpm");
        let c = client(o).unwrap();
        assert_eq!(c.auth_kind(), AuthKind::None);
    }

    #[test]
    fn a_client_secret_in_a_browser_is_refused() {
        let browser = ClientEnvironment { in_browser: true, ..Default::default() };
        let e = JpMorgan::new(&options(), browser, NOW).err().unwrap();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(e.message.contains("clientSecret") && !e.message.contains("secret-value-1"));
        let mut o = options();
        o["dangerouslyAllowBrowser"] = json!(true);
        assert!(JpMorgan::new(&o, browser, NOW).is_ok());
    }

    #[test]
    fn refund_methods_send_one_post_with_the_call_key_as_request_id() {
        let c = client(options()).unwrap();
        let mut flow = c.start("refund", &[json!({ "transactionId": "624e78df" })], &ctx("key-1")).unwrap();
        let out = first_request(&mut flow);
        assert_eq!(out.idempotency_key.as_deref(), Some("key-1"));
        assert_eq!(out.request.get_header("request-id"), Some("key-1"));
        assert_eq!(out.request.get_header("merchant-id"), Some("998482157632"));
        let body = json!({ "responseStatus": "SUCCESS", "transactionState": "AUTHORIZED", "transactionId": "r-1",
                           "amount": 1234, "currency": "USD", "remainingRefundableAmount": 0 });
        let response = HttpResponse { status: 200, headers: vec![], body: serde_json::to_vec(&body).unwrap() };
        match flow.next(Some(response), NOW) {
            Step::Done(Ok(v)) => {
                assert_eq!((v["status"].as_str(), v["idempotencyKey"].as_str()), (Some("succeeded"), Some("key-1")));
                assert_eq!(v["remainingRefundable"]["minor"], 0);
            }
            other => panic!("{other:?}"),
        }

        let card = json!({ "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2027 } });
        let mut flow = c
            .start("standaloneRefund", &[json!({ "card": card, "amount": { "minor": 1234, "currency": "USD" } })], &ctx("k2"))
            .unwrap();
        assert_eq!(first_request(&mut flow).request.method, Method::Post);

        let mut flow = c.start("send", &[json!("JpMorganRefund"), json!({ "captureId": "cap-1" })], &ctx("k3")).unwrap();
        let body: Value = serde_json::from_slice(&first_request(&mut flow).request.body.unwrap()).unwrap();
        assert_eq!(body["paymentMethodType"]["transactionReference"]["transactionReferenceId"], "cap-1");
    }

    #[test]
    fn lookups() {
        let c = client(options()).unwrap();
        let mut flow = c.start("getRefund", &[json!("r-1")], &ctx("k")).unwrap();
        let out = first_request(&mut flow);
        assert_eq!((out.request.method, out.request.url.as_str()), (Method::Get, "https://api-mock.payments.jpmorgan.com/api/v2/refunds/r-1"));
        assert_eq!(out.idempotency_key, None);
        let mut flow = c.start("getRefundByRequestId", &[json!("orig-1")], &ctx("new-1")).unwrap();
        let out = first_request(&mut flow);
        assert!(out.request.url.ends_with("/refunds?requestIdentifier=orig-1"));
        assert_eq!(out.request.get_header("request-id"), Some("new-1"));
    }

    #[test]
    fn bad_calls_are_refused_before_anything_is_sent() {
        let c = client(options()).unwrap();
        let e = c.start("refund", &[json!({ "transactionId": "a", "captureId": "b" })], &ctx("k")).err().unwrap();
        assert_eq!((e.code, e.provider), (ErrorCode::Validation, Some(PROVIDER)));
        assert_eq!(paths(&e), [("transactionId", IssueCode::Conflict), ("captureId", IssueCode::Conflict)]);
        assert_eq!(c.start("refund", &[], &ctx("k")).err().unwrap().issues[0].path, "input");
        assert_eq!(c.start("getRefund", &[json!(null)], &ctx("k")).err().unwrap().issues[0].path, "transactionId");
        assert_eq!(c.start("voidPayment", &[], &ctx("k")).err().unwrap().code, ErrorCode::Configuration);
        assert_eq!(c.start("send", &[json!("PayrocRefund"), json!({})], &ctx("k")).err().unwrap().code, ErrorCode::Configuration);
    }

    #[test]
    fn prepare_returns_the_exact_post() {
        let c = client(options()).unwrap();
        let fields = json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": { "minor": 900, "currency": "USD" } });
        let r = c.prepare(KIND_REFUND, &fields, &ctx("req-9")).unwrap();
        let mut flow = c.start("send", &[json!(KIND_REFUND), fields], &ctx("req-9")).unwrap();
        assert_eq!(first_request(&mut flow).request, r);
        assert_eq!(r.get_header("request-id"), Some("req-9"));
        assert_eq!(c.prepare(KIND_REFUND, &json!({}), &ctx("k")).err().unwrap().code, ErrorCode::Validation);
    }

    #[test]
    fn secrets_are_known_for_redaction() {
        let c = client(options()).unwrap();
        let s = c.secrets();
        assert!(s.contains(&"secret-value-1".to_string()));
        let auth = c.token_request().unwrap();
        assert!(s.iter().any(|x| auth.get_header("authorization").unwrap().contains(x.as_str())));
    }
}
