//! The J.P. Morgan client's options: `{ merchantId, environment, merchantSoftware,
//! clientId + clientSecret | accessToken | getAccessToken, baseUrl?, tokenUrl?, scope?,
//! ...shared }`.

use super::auth::{ClientCredentials, PORTAL_TOKEN_URL, SANDBOX_SCOPE};
use super::requests::{Endpoint, MerchantSoftware};
use super::JpMorgan;
use crate::error::RefundError;
use crate::fields::Fields;
use crate::issue::IssueCode;
use crate::json::Value;
use crate::result::ProviderName;
use crate::send::options::SHARED_OPTIONS;
use crate::send::{AuthKind, ClientEnvironment, ClientOptions, TokenSource};
use secrecy::SecretString;

const PROVIDER: ProviderName = ProviderName::Jpmorgan;
const OWN: &[&str] = &[
    "merchantId", "environment", "baseUrl", "tokenUrl", "scope", "clientId", "clientSecret", "accessToken", "getAccessToken",
    "merchantSoftware",
];

/// `environment`: where requests go by default (reference A1).
fn base_url(environment: &str) -> &'static str {
    match environment {
        "production" => "https://api-ms.payments.jpmorgan.com/api/v2",
        "cat" => "https://api-ms-test.payments.jpmorgan.com/api/v2",
        _ => "https://api-mock.payments.jpmorgan.com/api/v2",
    }
}

pub fn read(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<JpMorgan, RefundError> {
    let known: Vec<&str> = SHARED_OPTIONS.iter().chain(OWN).copied().collect();
    let mut f = Fields::new(options, "", &known, now_ms);
    let shared = ClientOptions::read(&mut f, env);
    let merchant_id = f.req_str("merchantId", 1, 64);
    if !f.given("environment") && !f.has("baseUrl") {
        f.issue("environment", IssueCode::Required, "is required: \"mock\", \"cat\" or \"production\" (or give baseUrl)");
    }
    let environment = f.opt_enum("environment", &["mock", "cat", "production"]);
    let base = f.opt_url("baseUrl");
    let token_url = f.opt_url("tokenUrl");
    let scope = f.opt_str("scope", 1, 256);
    let client_id = f.opt_str("clientId", 1, 256);
    let client_secret = f.opt_str("clientSecret", 1, 1024);
    let access_token = f.opt_str("accessToken", 1, 16_384);
    let callback = f.opt_fn("getAccessToken");
    let software = f.req_nested("merchantSoftware", &["companyName", "productName", "version"], |s| {
        let company_name = s.req_str("companyName", 1, 100);
        let product_name = s.req_str("productName", 1, 100);
        let version = s.opt_str("version", 1, 50);
        Some(MerchantSoftware { company_name: company_name?, product_name: product_name?, version })
    });
    let caller_token = access_token.is_some() || callback;
    // Only the mock tier's token endpoint is documented (reference A2); CAT and production
    // use a signed-JWT flow this SDK does not implement, so they need tokenUrl (and scope if
    // that endpoint wants one), or a caller's token.
    let mock = environment.as_deref() == Some("mock");
    let credentials = match (client_id, client_secret) {
        (Some(client_id), Some(client_secret)) => {
            let token_url = token_url.or_else(|| mock.then(|| PORTAL_TOKEN_URL.to_string()));
            let scope = scope.or_else(|| mock.then(|| SANDBOX_SCOPE.to_string()));
            // (An environment that is not one of ours was refused already.)
            if token_url.is_none() && !caller_token && !(f.given("environment") && environment.is_none()) {
                f.issue(
                    "tokenUrl",
                    IssueCode::Required,
                    "is required with clientId/clientSecret outside the mock environment: J.P. Morgan documents no \
                     client-secret token endpoint for CAT or production; pass tokenUrl, or accessToken/getAccessToken()",
                );
            }
            token_url.map(|token_url| (ClientCredentials { client_id, client_secret: SecretString::from(client_secret) }, token_url, scope))
        }
        (Some(_), None) => {
            f.issue("clientSecret", IssueCode::Required, "is required with clientId");
            None
        }
        (None, Some(_)) => {
            f.issue("clientId", IssueCode::Required, "is required with clientSecret");
            None
        }
        (None, None) => {
            if !caller_token && base.is_none() {
                f.issue("clientId", IssueCode::Required, "give clientId and clientSecret (server), or accessToken or getAccessToken() (browser)");
            }
            None
        }
    };
    let secret_set = credentials.is_some();
    let tokens = TokenSource { fixed: access_token.map(SecretString::from), callback, endpoint: credentials.is_some() && !callback };
    // No credentials at all: baseUrl is the merchant's own backend, which adds them.
    let auth = if tokens.is_empty() { AuthKind::None } else { AuthKind::Bearer };
    let base_url = base.or_else(|| environment.as_deref().map(|e| base_url(e).to_string()));
    let client = match (merchant_id, base_url, software) {
        (Some(merchant_id), Some(base_url), Some(software)) => {
            Some(JpMorgan { options: shared, endpoint: Endpoint { base_url, merchant_id }, software, credentials, tokens, auth })
        }
        _ => None,
    };
    let client = f.finish(client).map_err(super::invalid)?;
    let secrets: &[&str] = if secret_set { &["clientSecret"] } else { &[] };
    client.options.refuse_browser_secrets(PROVIDER, secrets)?;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::Connector;
    use crate::error::ErrorCode;
    use crate::send::Authorize;

    const NOW: u64 = 1_795_392_000_000;

    fn options() -> Value {
        j!({
            "merchantId": "998482157632", "clientId": "client-1", "clientSecret": "secret-value-1", "environment": "mock",
            "merchantSoftware": { "companyName": "Payment Company", "productName": "Application Name", "version": "1.235" }
        })
    }

    fn set(mut o: Value, key: &str, v: Option<Value>) -> Value {
        let m = o.as_object_mut().unwrap();
        match v {
            Some(v) => m.insert(key, v),
            None => {
                m.remove(key);
            }
        }
        o
    }

    fn paths(e: RefundError) -> Vec<(String, IssueCode)> {
        e.issues.into_iter().map(|i| (i.path, i.code)).collect()
    }

    #[test]
    fn hosts_per_environment_and_overrides() {
        let c = read(&options(), ClientEnvironment::default(), NOW).unwrap();
        assert_eq!(c.endpoint.base_url, "https://api-mock.payments.jpmorgan.com/api/v2");
        let token = c.token_request().unwrap();
        assert_eq!(token.url, PORTAL_TOKEN_URL);
        assert_eq!(token.body.as_deref(), Some("grant_type=client_credentials&scope=jpm%3Apayments%3Asandbox"));
        let o = set(set(options(), "environment", Some(j!("production"))), "tokenUrl", Some(j!("https://idp.example/token")));
        let c = read(&o, ClientEnvironment::default(), NOW).unwrap();
        assert_eq!(c.endpoint.base_url, "https://api-ms.payments.jpmorgan.com/api/v2");
        assert_eq!(c.token_request().unwrap().body.as_deref(), Some("grant_type=client_credentials"));
    }

    #[test]
    fn options_are_validated_by_name() {
        let e = read(&set(options(), "environment", Some(j!("cat"))), ClientEnvironment::default(), NOW).unwrap_err();
        assert_eq!(paths(e), [("tokenUrl".to_string(), IssueCode::Required)]);
        let bad = j!({ "environment": "staging", "merchantSoftware": { "companyName": "", "version": 1.235 }, "clientId": "x" });
        assert_eq!(
            paths(read(&bad, ClientEnvironment::default(), NOW).unwrap_err()),
            [
                ("merchantId".to_string(), IssueCode::Required),
                ("environment".to_string(), IssueCode::InvalidEnum),
                ("merchantSoftware.companyName".to_string(), IssueCode::Empty),
                ("merchantSoftware.productName".to_string(), IssueCode::Required),
                ("merchantSoftware.version".to_string(), IssueCode::InvalidType),
                ("clientSecret".to_string(), IssueCode::Required),
            ]
        );
        let e = read(&set(options(), "merchantSoftware", None), ClientEnvironment::default(), NOW).unwrap_err();
        assert_eq!(paths(e), [("merchantSoftware".to_string(), IssueCode::Required)]);
    }

    #[test]
    fn caller_tokens_and_proxies_need_no_secret() {
        let o = set(set(options(), "clientSecret", None), "clientId", None);
        assert_eq!(paths(read(&o, ClientEnvironment::default(), NOW).unwrap_err()), [("clientId".to_string(), IssueCode::Required)]);
        let c = read(&set(o.clone(), "accessToken", Some(j!("tok-123"))), ClientEnvironment::default(), NOW).unwrap();
        assert_eq!((c.auth_kind(), c.token_request().is_none()), (AuthKind::Bearer, true));
        let c = read(&set(o.clone(), "getAccessToken", Some(j!(crate::json::FUNCTION))), ClientEnvironment { in_browser: true }, NOW).unwrap();
        assert!(c.tokens.callback);
        let c = read(&set(o, "baseUrl", Some(j!("https://merchant.example/jpm"))), ClientEnvironment::default(), NOW).unwrap();
        assert_eq!(c.auth_kind(), AuthKind::None);
    }

    #[test]
    fn a_client_secret_in_a_browser_is_refused() {
        let e = read(&options(), ClientEnvironment { in_browser: true }, NOW).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(e.message.contains("clientSecret") && !e.message.contains("secret-value-1"));
        assert!(read(&set(options(), "dangerouslyAllowBrowser", Some(j!(true))), ClientEnvironment { in_browser: true }, NOW).is_ok());
    }
}
