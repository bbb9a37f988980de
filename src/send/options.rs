//! Options every client shares, the per-call options, where tokens come from, and the
//! browser-secret rule. All of it is read here, in the core, so that every key is checked
//! the same way (unknown keys refused, empty values refused where they matter) and tested
//! natively.

use super::idempotency;
use super::retry::RetryPolicy;
use crate::error::{ErrorCode, RefundError};
use crate::fields::Fields;
use crate::issue::IssueCode;
use crate::result::ProviderName;
use secrecy::SecretString;

/// The longest wait `setTimeout` can hold (2^31 − 1 ms, about 24.8 days): a larger
/// `timeoutMs` would fire at once.
pub const MAX_TIMER_MS: u64 = 2_147_483_647;
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Facts only the JS entry point knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientEnvironment {
    /// Loaded through a browser entry (a page or a browser worker): long-lived secrets are
    /// refused there unless `dangerouslyAllowBrowser`.
    pub in_browser: bool,
}

/// The keys [`ClientOptions::read`] knows; each provider adds its own.
pub const SHARED_OPTIONS: &[&str] =
    &["maxRetries", "timeoutMs", "deadlineMs", "fetch", "onEvent", "dangerouslyAllowBrowser"];

/// `maxRetries`, `timeoutMs`, `deadlineMs`, `fetch`, `onEvent`, `dangerouslyAllowBrowser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    pub retry: RetryPolicy,
    /// Per attempt.
    pub timeout_ms: u64,
    /// Per call, across every attempt and wait.
    pub deadline_ms: Option<u64>,
    pub on_event: bool,
    pub dangerously_allow_browser: bool,
    pub env: ClientEnvironment,
}

impl ClientOptions {
    pub fn read(f: &mut Fields, env: ClientEnvironment) -> ClientOptions {
        let max_retries = f.opt_uint("maxRetries", 10).unwrap_or(2) as u32;
        let timeout_ms = read_ms(f, "timeoutMs").unwrap_or(DEFAULT_TIMEOUT_MS);
        let deadline_ms = read_ms(f, "deadlineMs");
        f.opt_fn("fetch");
        let on_event = f.opt_fn("onEvent");
        let dangerously_allow_browser = f.opt_bool("dangerouslyAllowBrowser").unwrap_or(false);
        ClientOptions {
            retry: RetryPolicy { max_retries, ..RetryPolicy::default() },
            timeout_ms,
            deadline_ms,
            on_event,
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
        let mut message = String::from(provider.display());
        message.push_str(" client holds a secret (");
        message.push_str(&secrets.join(", "));
        message.push_str(
            ") in a browser, where anyone who opens the page can read it. Keep it on your server and pass a \
             short-lived accessToken, getAccessToken() or sign() instead (see docs/BROWSER.md), or set \
             dangerouslyAllowBrowser: true if you understand the risk.",
        );
        Err(RefundError::new(ErrorCode::BrowserSecret, message).with_provider(provider).with_retryable(false))
    }
}

/// A number of milliseconds between 1 and what a timer can hold.
fn read_ms(f: &mut Fields, name: &str) -> Option<u64> {
    let ms = f.opt_uint(name, MAX_TIMER_MS)?;
    if ms == 0 {
        f.issue(name, IssueCode::NotPositive, "must be at least 1 millisecond");
        return None;
    }
    Some(ms)
}

/// Where a bearer token comes from, chosen once from the client's options.
#[derive(Debug, Clone, Default)]
pub struct TokenSource {
    /// `accessToken`: a token the caller already has (used first).
    pub fixed: Option<SecretString>,
    /// `getAccessToken()`: asked when there is no usable token.
    pub callback: bool,
    /// The provider's token endpoint, with the client's own secret.
    pub endpoint: bool,
}

/// What to do when a call needs a token and the cache has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenChoice {
    /// Use the caller's fixed `accessToken`.
    Fixed,
    /// Ask `getAccessToken()` or the token endpoint (the JS side runs one request for all
    /// callers at once).
    Obtain,
    /// Nothing left to try: the fixed token was refused and there is no other source.
    Refused,
}

impl TokenSource {
    pub fn is_empty(&self) -> bool {
        self.fixed.is_none() && !self.callback && !self.endpoint
    }

    /// `fixed_refused`: the provider answered 401 to the fixed token.
    pub fn choose(&self, fixed_refused: bool) -> TokenChoice {
        match (&self.fixed, fixed_refused) {
            (Some(_), false) => TokenChoice::Fixed,
            _ if self.callback || self.endpoint => TokenChoice::Obtain,
            _ => TokenChoice::Refused,
        }
    }
}

/// The options every client method takes as its last argument.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallOptions {
    pub idempotency_key: Option<String>,
    pub signal: bool,
    pub timeout_ms: Option<u64>,
    pub deadline_ms: Option<u64>,
    pub on_status: bool,
}

/// The per-call keys every method knows.
pub const CALL_OPTIONS: &[&str] = &["idempotencyKey", "signal", "timeoutMs", "deadlineMs"];

impl CallOptions {
    /// Reads `{ idempotencyKey?, signal?, timeoutMs?, deadlineMs? }` plus `extra` keys an
    /// operation knows (`onStatus`, ...), which the caller reads from `f` afterwards.
    pub fn read(f: &mut Fields) -> CallOptions {
        let idempotency_key = match f.presence("idempotencyKey") {
            crate::fields::Presence::Empty => {
                // A fresh random key instead of the caller's would make a retry a new refund.
                f.issue("idempotencyKey", IssueCode::Empty, "is empty; leave it out to have a fresh key made for this call");
                None
            }
            _ => f.opt_str("idempotencyKey", 1, 128).and_then(|k| {
                if !idempotency::is_acceptable_key(&k) {
                    f.issue("idempotencyKey", IssueCode::InvalidFormat, "must be 1 to 128 visible ASCII characters (a UUID is best)");
                    None
                } else if !idempotency::is_uuid(&k) && !crate::card::card_runs(&k, 13).is_empty() {
                    // Keys are shown as they are (results, events): a card number has no place in one.
                    f.issue("idempotencyKey", IssueCode::CardDataInText, "looks like it holds a card number; use a UUID");
                    None
                } else {
                    Some(k)
                }
            }),
        };
        let signal = f.opt_signal("signal");
        let timeout_ms = read_ms(f, "timeoutMs");
        let deadline_ms = read_ms(f, "deadlineMs");
        CallOptions { idempotency_key, signal, timeout_ms, deadline_ms, on_status: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{FUNCTION, SIGNAL};

    fn known() -> Vec<&'static str> {
        SHARED_OPTIONS.to_vec()
    }

    #[test]
    fn defaults_and_limits() {
        let v = j!({});
        let o = ClientOptions::read(&mut Fields::new(&v, "", &known(), 0), ClientEnvironment::default());
        assert_eq!((o.retry.max_retries, o.timeout_ms, o.deadline_ms), (2, 30_000, None));
        let v = j!({ "maxRetries": 1.5, "timeoutMs": 2_147_483_648u64, "deadlineMs": 0, "fetch": 1 });
        let mut f = Fields::new(&v, "", &known(), 0);
        ClientOptions::read(&mut f, ClientEnvironment::default());
        let paths: Vec<_> = f.issues().iter().map(|i| i.path.clone()).collect();
        assert_eq!(paths, ["maxRetries", "timeoutMs", "deadlineMs", "fetch"]);
        let v = j!({ "onEvent": FUNCTION, "fetch": FUNCTION, "timeoutMs": 2_147_483_647u64 });
        let o = ClientOptions::read(&mut Fields::new(&v, "", &known(), 0), ClientEnvironment::default());
        assert!(o.on_event);
        assert_eq!(o.timeout_ms, MAX_TIMER_MS);
    }

    #[test]
    fn browser_secrets_need_an_explicit_opt_in() {
        let browser = ClientEnvironment { in_browser: true };
        let v = j!({});
        let o = ClientOptions::read(&mut Fields::new(&v, "", &known(), 0), browser);
        let e = o.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(e.message.starts_with("Payroc client holds a secret (apiKey)"));
        assert!(o.refuse_browser_secrets(ProviderName::Payroc, &[]).is_ok());
        let v = j!({ "dangerouslyAllowBrowser": true });
        let o = ClientOptions::read(&mut Fields::new(&v, "", &known(), 0), browser);
        assert!(o.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).is_ok());
        let node = ClientOptions::read(&mut Fields::new(&j!({}), "", &known(), 0), ClientEnvironment::default());
        assert!(node.refuse_browser_secrets(ProviderName::Payroc, &["apiKey"]).is_ok());
    }

    #[test]
    fn token_sources_in_order() {
        let fixed = TokenSource { fixed: Some(SecretString::from("t".to_string())), ..Default::default() };
        assert_eq!(fixed.choose(false), TokenChoice::Fixed);
        assert_eq!(fixed.choose(true), TokenChoice::Refused);
        let both = TokenSource { callback: true, ..fixed.clone() };
        assert_eq!(both.choose(true), TokenChoice::Obtain);
        assert_eq!(TokenSource { endpoint: true, ..Default::default() }.choose(false), TokenChoice::Obtain);
        assert!(TokenSource::default().is_empty());
    }

    #[test]
    fn call_options_refuse_typos_and_empty_keys() {
        let read = |v: crate::json::Value| {
            let mut f = Fields::new(&v, "options", CALL_OPTIONS, 0);
            let o = CallOptions::read(&mut f);
            (o, f.issues().iter().map(|i| (i.path.clone(), i.code, i.message.clone())).collect::<Vec<_>>())
        };
        let (o, issues) = read(j!({ "idempotencyKey": "k-1", "signal": SIGNAL, "timeoutMs": 5 }));
        assert!(issues.is_empty());
        assert_eq!((o.idempotency_key.as_deref(), o.signal, o.timeout_ms), (Some("k-1"), true, Some(5)));
        let (o, issues) = read(j!({ "idempotencyKey": "refund-4111111111111111" }));
        assert_eq!((o.idempotency_key, issues[0].1), (None, IssueCode::CardDataInText));
        // A UUID is a UUID, whatever its digits (idempotencyKeyFor makes them).
        let (o, issues) = read(j!({ "idempotencyKey": "4dfb1909-4570-4948-9562-b4398f7e5014" }));
        assert!(issues.is_empty() && o.idempotency_key.is_some());
        let (_, issues) = read(j!({ "idempotency_key": "k-1" }));
        assert_eq!(issues[0].1, IssueCode::UnknownField);
        assert!(issues[0].2.ends_with("did you mean idempotencyKey?"));
        for empty in [serde_json::json!(""), serde_json::json!(null), serde_json::json!(crate::json::UNDEFINED)] {
            let (_, issues) = read(j!({ "idempotencyKey": empty }));
            assert_eq!(issues.iter().map(|i| i.1).collect::<Vec<_>>(), [IssueCode::Empty]);
        }
        let (_, issues) = read(j!({ "idempotencyKey": "has space", "signal": {} }));
        assert_eq!(issues.iter().map(|i| i.1).collect::<Vec<_>>(), [IssueCode::InvalidFormat, IssueCode::InvalidType]);
    }
}
