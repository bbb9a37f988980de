//! The access-token cache: reuse a token until shortly before it expires, and throw it away
//! when the provider refuses it. (Single flight across concurrent callers is the JS side's
//! job: it shares one pending promise; this decides *whether* a token is needed.)

use secrecy::{ExposeSecret, SecretString};

/// A token as the provider or the caller's `getAccessToken()` gave it. `Debug` hides it.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub token: SecretString,
    /// Lifetime in seconds, when known.
    pub expires_in_s: Option<u64>,
}

impl AccessToken {
    pub fn new(token: String, expires_in_s: Option<u64>) -> AccessToken {
        AccessToken { token: SecretString::from(token), expires_in_s }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TokenCache {
    token: Option<SecretString>,
    /// When to stop using the token: expiry minus a safety margin.
    refresh_at_ms: u64,
}

/// Tokens with no stated lifetime are trusted for this long.
const DEFAULT_LIFETIME_MS: u64 = 5 * 60_000;
/// Refresh this long before expiry, at most; a fifth of the lifetime for short-lived tokens.
const MAX_MARGIN_MS: u64 = 60_000;

impl TokenCache {
    /// The cached token, if it is still good at `now_ms`.
    pub fn current(&self, now_ms: u64) -> Option<&str> {
        self.token.as_ref().filter(|_| now_ms < self.refresh_at_ms).map(|t| t.expose_secret())
    }

    pub fn store(&mut self, token: &AccessToken, now_ms: u64) {
        let lifetime = token.expires_in_s.map_or(DEFAULT_LIFETIME_MS, |s| s.saturating_mul(1000));
        let margin = (lifetime / 5).min(MAX_MARGIN_MS);
        self.token = Some(token.token.clone());
        self.refresh_at_ms = now_ms.saturating_add(lifetime - margin);
    }

    /// Forgets `token` after a 401, unless a newer one has replaced it meanwhile.
    pub fn invalidate(&mut self, token: &str) {
        if self.token.as_ref().is_some_and(|t| t.expose_secret() == token) {
            self.token = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(t: &str, s: Option<u64>) -> AccessToken {
        AccessToken::new(t.into(), s)
    }

    #[test]
    fn reuses_until_shortly_before_expiry() {
        let mut c = TokenCache::default();
        assert_eq!(c.current(0), None);
        c.store(&tok("a", Some(3600)), 1_000);
        assert_eq!(c.current(1_000), Some("a"));
        assert_eq!(c.current(1_000 + 3_540_000 - 1), Some("a"));
        assert_eq!(c.current(1_000 + 3_540_000), None, "refreshed a minute early");
    }

    #[test]
    fn short_lifetimes_refresh_at_four_fifths() {
        let mut c = TokenCache::default();
        c.store(&tok("a", Some(2)), 0);
        assert_eq!(c.current(1_599), Some("a"));
        assert_eq!(c.current(1_600), None);
        c.store(&tok("b", None), 0);
        assert_eq!(c.current(239_999), Some("b"));
    }

    #[test]
    fn a_refused_token_is_dropped_but_not_its_replacement() {
        let mut c = TokenCache::default();
        c.store(&tok("old", Some(3600)), 0);
        c.invalidate("old");
        assert_eq!(c.current(0), None);
        c.store(&tok("new", Some(3600)), 0);
        c.invalidate("old");
        assert_eq!(c.current(0), Some("new"));
        assert!(!format!("{:?}", tok("hidden-token", None)).contains("hidden-token"));
    }
}
