//! The Payroc client's options: `{ apiKey | accessToken | getAccessToken, environment,
//! baseUrl?, identityUrl?, ...shared }`.

use super::Payroc;
use crate::error::RefundError;
use crate::fields::Fields;
use crate::issue::IssueCode;
use crate::json::Value;
use crate::result::ProviderName;
use crate::send::options::SHARED_OPTIONS;
use crate::send::{AuthKind, ClientEnvironment, ClientOptions, TokenSource};
use secrecy::SecretString;

/// Payroc's hosts per environment [PY `environment.py`].
pub const UAT_API: &str = "https://api.uat.payroc.com/v1";
pub const UAT_IDENTITY: &str = "https://identity.uat.payroc.com";
pub const PRODUCTION_API: &str = "https://api.payroc.com/v1";
pub const PRODUCTION_IDENTITY: &str = "https://identity.payroc.com";

const OWN: &[&str] = &["apiKey", "accessToken", "getAccessToken", "environment", "baseUrl", "identityUrl"];

/// `environment` is required unless both hosts are given: a missing word never picks a host
/// (nor, with a production key, sends it to the test one).
pub fn read(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<Payroc, RefundError> {
    let known: Vec<&str> = SHARED_OPTIONS.iter().chain(OWN).copied().collect();
    let mut f = Fields::new(options, "", &known, now_ms);
    let shared = ClientOptions::read(&mut f, env);
    let api_key = f.opt_str("apiKey", 1, 1024);
    let access_token = f.opt_str("accessToken", 1, 16_384);
    let callback = f.opt_fn("getAccessToken");
    let environment = f.opt_enum("environment", &["uat", "production"]);
    let base_url = f.opt_url("baseUrl");
    let identity_url = f.opt_url("identityUrl");
    let hosts = match environment.as_deref() {
        Some("production") => Some((PRODUCTION_API, PRODUCTION_IDENTITY)),
        Some(_) => Some((UAT_API, UAT_IDENTITY)),
        None => None,
    };
    if hosts.is_none() && !f.given("environment") && base_url.is_none() {
        f.issue("environment", IssueCode::Required, "is required: \"uat\" or \"production\" (or give baseUrl)");
    }
    if api_key.is_some() && hosts.is_none() && identity_url.is_none() && base_url.is_some() {
        f.issue("identityUrl", IssueCode::Required, "is required with apiKey and baseUrl when no environment is given");
    }
    let tokens = TokenSource {
        fixed: access_token.map(SecretString::from),
        callback,
        endpoint: api_key.is_some() && !callback,
    };
    // With no credential at all, a baseUrl is the merchant's own backend, which adds them.
    let auth = if tokens.is_empty() && base_url.is_some() { AuthKind::None } else { AuthKind::Bearer };
    if tokens.is_empty() && base_url.is_none() {
        f.issue(
            "apiKey",
            IssueCode::Required,
            "is required on a server; in a browser give accessToken or getAccessToken, or a baseUrl that points at your backend",
        );
    }
    let client = Payroc {
        api: base_url.or_else(|| hosts.map(|h| h.0.to_string())).unwrap_or_default(),
        identity: identity_url.or_else(|| hosts.map(|h| h.1.to_string())).unwrap_or_default(),
        api_key: api_key.map(SecretString::from),
        tokens,
        auth,
        options: shared,
        instruction_keys: Default::default(),
    };
    let client = f.finish(Some(client)).map_err(super::invalid)?;
    let secrets: &[&str] = if client.api_key.is_some() { &["apiKey"] } else { &[] };
    client.options.refuse_browser_secrets(ProviderName::Payroc, secrets)?;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::FUNCTION;

    fn paths(e: RefundError) -> Vec<(String, IssueCode)> {
        e.issues.into_iter().map(|i| (i.path, i.code)).collect()
    }

    #[test]
    fn hosts_come_from_the_environment_or_the_overrides() {
        let c = read(&j!({ "apiKey": "k", "environment": "production" }), ClientEnvironment::default(), 0).unwrap();
        assert_eq!((c.api.as_str(), c.identity.as_str()), (PRODUCTION_API, PRODUCTION_IDENTITY));
        let c = read(&j!({ "apiKey": "k", "environment": "uat", "baseUrl": "http://127.0.0.1:1/payroc/v1", "identityUrl": "http://127.0.0.1:1/payroc/identity" }), ClientEnvironment::default(), 0).unwrap();
        assert_eq!(c.api, "http://127.0.0.1:1/payroc/v1");
        assert!(c.tokens.endpoint);
    }

    #[test]
    fn nothing_is_defaulted_that_picks_a_host() {
        assert_eq!(paths(read(&j!({ "apiKey": "k" }), ClientEnvironment::default(), 0).unwrap_err()), [("environment".to_string(), IssueCode::Required)]);
        assert_eq!(paths(read(&j!({ "apiKey": "k", "environment": "" }), ClientEnvironment::default(), 0).unwrap_err()), [("environment".to_string(), IssueCode::Empty)]);
        assert_eq!(
            paths(read(&j!({ "apiKey": "k", "baseUrl": "http://x/payroc/v1" }), ClientEnvironment::default(), 0).unwrap_err()),
            [("identityUrl".to_string(), IssueCode::Required)]
        );
        let typo = read(&j!({ "apiKey": "k", "environment": "uat", "maxRetry": 1 }), ClientEnvironment::default(), 0).unwrap_err();
        assert!(typo.issues[0].message.ends_with("did you mean maxRetries?"));
    }

    #[test]
    fn token_sources_and_the_browser_rule() {
        let c = read(&j!({ "getAccessToken": FUNCTION, "environment": "uat" }), ClientEnvironment { in_browser: true }, 0).unwrap();
        assert!(c.tokens.callback && !c.tokens.endpoint && c.api_key.is_none());
        let c = read(&j!({ "baseUrl": "https://merchant.example/payroc" }), ClientEnvironment::default(), 0).unwrap();
        assert_eq!(c.auth, AuthKind::None);
        let e = read(&j!({ "apiKey": "sk_in_a_page", "environment": "uat" }), ClientEnvironment { in_browser: true }, 0).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(!e.message.contains("sk_in_a_page"));
    }
}
