//! Options every client shares, and the browser-secret guard.

use super::retry::RetryPolicy;
use crate::error::{ErrorCode, RefundError};
use crate::result::ProviderName;
use crate::validation::Fields;

/// Facts about where the client runs that only the JS side can see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientEnvironment {
    /// A page or worker (`document` or `WorkerGlobalScope` exists), not Node.
    pub in_browser: bool,
    /// The caller passed `getAccessToken()`.
    pub has_get_access_token: bool,
    /// The caller passed `sign()`.
    pub has_sign: bool,
}

/// `maxRetries`, `timeoutMs`, `accessToken`, `dangerouslyAllowBrowser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    pub timeout_ms: u64,
    /// A fixed bearer token the caller already has (browser-safe).
    pub access_token: Option<String>,
    pub dangerously_allow_browser: bool,
    pub env: ClientEnvironment,
}

pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

impl ClientOptions {
    /// Reads the shared options from a client's options object.
    pub fn read(f: &mut Fields, env: ClientEnvironment) -> ClientOptions {
        let max_retries = f.opt_uint("maxRetries", 10).unwrap_or(2) as u32;
        let timeout_ms = f.opt_uint("timeoutMs", 600_000).unwrap_or(DEFAULT_TIMEOUT_MS).max(1);
        let access_token = f.opt_str("accessToken", 1, 8192);
        let dangerously_allow_browser = f.opt_bool("dangerouslyAllowBrowser").unwrap_or(false);
        ClientOptions {
            retry: RetryPolicy { max_retries, ..RetryPolicy::default() },
            timeout_ms,
            access_token,
            dangerously_allow_browser,
            env,
        }
    }

    /// Refuses long-lived secrets in a browser unless the caller opted in.
    /// `secrets` names the options that hold one and are set (e.g. `["apiKey"]`).
    pub fn refuse_browser_secrets(&self, provider: ProviderName, secrets: &[&str]) -> Result<(), RefundError> {
        if !self.env.in_browser || self.dangerously_allow_browser || secrets.is_empty() {
            return Ok(());
        }
        Err(RefundError::new(
            ErrorCode::BrowserSecret,
            format!(
                "{} holds a secret ({}) in a browser, where anyone who opens the page can read it. \
                 Keep it on your server and pass a short-lived accessToken, getAccessToken() or sign() instead \
                 (see docs/BROWSER.md), or set dangerouslyAllowBrowser: true if you understand the risk.",
                provider.as_str(),
                secrets.join(", ")
            ),
        )
        .with_provider(provider)
        .with_retryable(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_limits() {
        let v = json!({});
        let o = ClientOptions::read(&mut Fields::new(&v, "", 0), ClientEnvironment::default());
        assert_eq!((o.retry.max_retries, o.timeout_ms), (2, 30_000));
        let v = json!({ "maxRetries": 1.5, "timeoutMs": -1 });
        let mut f = Fields::new(&v, "", 0);
        ClientOptions::read(&mut f, ClientEnvironment::default());
        let paths: Vec<_> = f.issues().iter().map(|i| i.path.clone()).collect();
        assert_eq!(paths, ["maxRetries", "timeoutMs"]);
    }

    #[test]
    fn browser_secrets_need_an_explicit_opt_in() {
        let browser = ClientEnvironment { in_browser: true, ..Default::default() };
        let v = json!({});
        let o = ClientOptions::read(&mut Fields::new(&v, "", 0), browser);
        let e = o.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(e.message.contains("apiKey"));
        assert!(o.refuse_browser_secrets(ProviderName::Payroc, &[]).is_ok());
        let v = json!({ "dangerouslyAllowBrowser": true });
        let o = ClientOptions::read(&mut Fields::new(&v, "", 0), browser);
        assert!(o.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).is_ok());
        let node = ClientOptions::read(&mut Fields::new(&json!({}), "", 0), ClientEnvironment::default());
        assert!(node.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).is_ok());
    }
}
