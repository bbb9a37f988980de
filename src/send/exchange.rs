//! One logical request, from the first attempt to the last: authorizes each attempt, and
//! decides after each outcome whether to retry (same idempotency key, same body bytes),
//! refresh the token once after a 401, or finish. Sans-IO: the caller performs the steps.

use super::retry::{parse_retry_after, AttemptOutcome, RetryPolicy, RetryReason};
use crate::error::{ErrorCode, RefundError};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;

/// How a provider authenticates a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// No credentials (token endpoints carry their own).
    None,
    /// `Authorization: Bearer <token>` from the token cache.
    Bearer,
    /// A signature over each attempt (Commerce Hub's HMAC), fresh on every attempt.
    Signed,
}

/// The credential for one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMaterial {
    None,
    Token(String),
    Signature { timestamp_ms: u64, signature: String },
}

/// What a provider knows about authorizing its requests.
pub trait Authorize {
    fn auth_kind(&self) -> AuthKind;
    /// The text to sign for this attempt (signed providers only).
    fn signing_message(&self, _request: &HttpRequest, _timestamp_ms: u64) -> String {
        String::new()
    }
    /// Writes the credential into the request headers.
    fn authorize(&self, request: &mut HttpRequest, material: &AuthMaterial);
}

/// A request that needs no credentials (token endpoints).
pub struct NoAuth;

impl Authorize for NoAuth {
    fn auth_kind(&self) -> AuthKind {
        AuthKind::None
    }
    fn authorize(&self, _request: &mut HttpRequest, _material: &AuthMaterial) {}
}

/// What the caller must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum ExchangeStep {
    /// Get a token (from the cache, or fetch one), then call [`Exchange::set_auth`].
    /// `refused` is the token the provider just answered 401 to: drop it from the cache.
    NeedToken { refused: Option<String> },
    /// Sign `message`, then call [`Exchange::set_auth`] with a `Signature` at `timestamp_ms`.
    NeedSignature { message: String, timestamp_ms: u64 },
    /// Send this request with this timeout, then call [`Exchange::record`].
    Fetch { request: HttpRequest, attempt: u32, timeout_ms: u64 },
    /// Wait, then call [`Exchange::next`] again.
    Sleep { ms: u64, reason: RetryReason, retry: u32 },
    /// The final response (any status: the provider reads its own errors), or an error.
    Done(Result<HttpResponse, RefundError>),
}

#[derive(Debug)]
enum State {
    NeedAuth { refused: Option<String> },
    Ready(AuthMaterial),
    Sleeping { ms: u64, reason: RetryReason },
    Finished(Result<HttpResponse, RefundError>),
    Taken,
}

pub struct Exchange {
    request: HttpRequest,
    auth: AuthKind,
    policy: RetryPolicy,
    timeout_ms: u64,
    provider: ProviderName,
    idempotency_key: Option<String>,
    /// Attempts made so far.
    attempts: u32,
    refreshed_after_401: bool,
    state: State,
}

impl Exchange {
    pub fn new(
        request: HttpRequest,
        auth: AuthKind,
        policy: RetryPolicy,
        timeout_ms: u64,
        provider: ProviderName,
        idempotency_key: Option<String>,
    ) -> Exchange {
        let state = match auth {
            AuthKind::None => State::Ready(AuthMaterial::None),
            _ => State::NeedAuth { refused: None },
        };
        Exchange { request, auth, policy, timeout_ms, provider, idempotency_key, attempts: 0, refreshed_after_401: false, state }
    }

    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// The next step; `authorizer` writes credentials, `now_ms` stamps signatures.
    pub fn next(&mut self, authorizer: &dyn Authorize, now_ms: u64) -> ExchangeStep {
        match std::mem::replace(&mut self.state, State::Taken) {
            State::NeedAuth { refused } => {
                self.state = State::NeedAuth { refused: refused.clone() };
                match self.auth {
                    AuthKind::Signed => ExchangeStep::NeedSignature {
                        message: authorizer.signing_message(&self.request, now_ms),
                        timestamp_ms: now_ms,
                    },
                    _ => ExchangeStep::NeedToken { refused },
                }
            }
            State::Ready(material) => {
                let mut request = self.request.clone();
                authorizer.authorize(&mut request, &material);
                self.attempts += 1;
                self.state = State::Ready(material);
                ExchangeStep::Fetch { request, attempt: self.attempts, timeout_ms: self.timeout_ms }
            }
            State::Sleeping { ms, reason } => {
                self.state = self.fresh_auth_state();
                ExchangeStep::Sleep { ms, reason, retry: self.attempts }
            }
            State::Finished(result) => ExchangeStep::Done(result),
            State::Taken => ExchangeStep::Done(Err(self.error(ErrorCode::InvalidResponse, "exchange was already finished"))),
        }
    }

    /// The credential for the coming attempt.
    pub fn set_auth(&mut self, material: AuthMaterial) {
        self.state = State::Ready(material);
    }

    /// Authentication failed before the attempt (the token endpoint or `sign()` said no).
    pub fn fail(&mut self, error: RefundError) {
        self.state = State::Finished(Err(error.with_idempotency_key(self.idempotency_key.as_deref())));
    }

    /// Records an attempt's outcome; `random` in [0, 1) jitters the backoff.
    pub fn record(&mut self, outcome: AttemptOutcome, now_ms: u64, random: f64) {
        let used_token = match &self.state {
            State::Ready(AuthMaterial::Token(t)) => Some(t.clone()),
            _ => None,
        };
        if let AttemptOutcome::Response(r) = &outcome {
            if r.status == 401 && used_token.is_some() && !self.refreshed_after_401 {
                // One refresh after a refused token, at once and outside the retry budget.
                self.refreshed_after_401 = true;
                self.state = State::NeedAuth { refused: used_token };
                return;
            }
        }
        let retries_left = self.attempts <= self.policy.max_retries;
        match (RetryPolicy::retry_reason(&outcome), outcome) {
            (Some(reason), outcome) if retries_left => {
                let retry_after = match &outcome {
                    AttemptOutcome::Response(r) => r.get_header("retry-after").and_then(|v| parse_retry_after(v, now_ms)),
                    _ => None,
                };
                let ms = self.policy.delay_ms(self.attempts, random, retry_after);
                self.state = State::Sleeping { ms, reason };
            }
            (_, AttemptOutcome::Response(r)) => self.state = State::Finished(Ok(r)),
            (_, AttemptOutcome::Network(msg)) => {
                let e = self.error(ErrorCode::Network, &format!("network error after {} attempts: {msg}", self.attempts));
                self.state = State::Finished(Err(e));
            }
            (_, AttemptOutcome::Timeout) => {
                let e = self.error(
                    ErrorCode::Timeout,
                    &format!("no response within {} ms, after {} attempts", self.timeout_ms, self.attempts),
                );
                self.state = State::Finished(Err(e));
            }
            (_, AttemptOutcome::Aborted) => {
                let e = self.error(ErrorCode::Aborted, "the caller aborted the request").with_retryable(true);
                self.state = State::Finished(Err(e));
            }
        }
    }

    fn fresh_auth_state(&self) -> State {
        match self.auth {
            AuthKind::None => State::Ready(AuthMaterial::None),
            // Tokens come from the cache again (cheap); signatures must be fresh per attempt.
            _ => State::NeedAuth { refused: None },
        }
    }

    fn error(&self, code: ErrorCode, message: &str) -> RefundError {
        RefundError::new(code, message).with_provider(self.provider).with_idempotency_key(self.idempotency_key.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    struct Bearer;
    impl Authorize for Bearer {
        fn auth_kind(&self) -> AuthKind {
            AuthKind::Bearer
        }
        fn authorize(&self, r: &mut HttpRequest, m: &AuthMaterial) {
            if let AuthMaterial::Token(t) = m {
                r.set_header("Authorization", format!("Bearer {t}"));
            }
        }
    }

    struct Hmac;
    impl Authorize for Hmac {
        fn auth_kind(&self) -> AuthKind {
            AuthKind::Signed
        }
        fn signing_message(&self, r: &HttpRequest, ts: u64) -> String {
            format!("{}{ts}", r.url)
        }
        fn authorize(&self, r: &mut HttpRequest, m: &AuthMaterial) {
            if let AuthMaterial::Signature { timestamp_ms, signature } = m {
                r.set_header("Timestamp", timestamp_ms.to_string());
                r.set_header("Authorization", signature.clone());
            }
        }
    }

    fn response(status: u16, headers: &[(&str, &str)]) -> AttemptOutcome {
        AttemptOutcome::Response(HttpResponse {
            status,
            headers: headers.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            body: vec![],
        })
    }

    fn exchange(auth: AuthKind) -> Exchange {
        let req = HttpRequest::new(Method::Post, "https://p/refunds").header("Idempotency-Key", "k-1");
        Exchange::new(req, auth, RetryPolicy::default(), 1000, ProviderName::Payroc, Some("k-1".into()))
    }

    fn fetch(ex: &mut Exchange, a: &dyn Authorize) -> HttpRequest {
        match ex.next(a, 0) {
            ExchangeStep::Fetch { request, .. } => request,
            other => panic!("expected fetch, got {other:?}"),
        }
    }

    #[test]
    fn retries_keep_the_key_and_body_then_return_the_last_response() {
        let mut ex = exchange(AuthKind::None);
        let first = fetch(&mut ex, &NoAuth);
        ex.record(response(503, &[]), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { ms: 250, reason: RetryReason::ServerError, retry: 1 }));
        let second = fetch(&mut ex, &NoAuth);
        assert_eq!(first, second, "same key, same bytes");
        ex.record(AttemptOutcome::Network("reset".into()), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { ms: 500, reason: RetryReason::Network, .. }));
        fetch(&mut ex, &NoAuth);
        ex.record(response(503, &[]), 0, 0.0);
        match ex.next(&NoAuth, 0) {
            ExchangeStep::Done(Ok(r)) => assert_eq!(r.status, 503),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exhausted_timeouts_give_a_timeout_error_with_the_key() {
        let mut ex = exchange(AuthKind::None);
        for _ in 0..3 {
            fetch(&mut ex, &NoAuth);
            ex.record(AttemptOutcome::Timeout, 0, 0.0);
            if let ExchangeStep::Done(Err(e)) = ex.next(&NoAuth, 0) {
                assert_eq!(e.code, ErrorCode::Timeout);
                assert_eq!(e.idempotency_key.as_deref(), Some("k-1"));
                assert!(e.retryable);
                return;
            }
        }
        panic!("never gave up");
    }

    #[test]
    fn abort_is_final_at_once() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(AttemptOutcome::Aborted, 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Done(Err(RefundError { code: ErrorCode::Aborted, .. }))));
    }

    #[test]
    fn client_errors_are_not_retried() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(409, &[]), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Done(Ok(HttpResponse { status: 409, .. }))));
    }

    #[test]
    fn rate_limits_wait_for_retry_after() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(429, &[("Retry-After", "1")]), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { ms: 1000, reason: RetryReason::RateLimited, .. }));
    }

    #[test]
    fn a_401_refreshes_the_token_once() {
        let mut ex = exchange(AuthKind::Bearer);
        assert_eq!(ex.next(&Bearer, 0), ExchangeStep::NeedToken { refused: None });
        ex.set_auth(AuthMaterial::Token("old".into()));
        assert_eq!(fetch(&mut ex, &Bearer).get_header("authorization"), Some("Bearer old"));
        ex.record(response(401, &[]), 0, 0.0);
        assert_eq!(ex.next(&Bearer, 0), ExchangeStep::NeedToken { refused: Some("old".into()) });
        ex.set_auth(AuthMaterial::Token("new".into()));
        assert_eq!(fetch(&mut ex, &Bearer).get_header("authorization"), Some("Bearer new"));
        ex.record(response(401, &[]), 0, 0.0);
        assert!(matches!(ex.next(&Bearer, 0), ExchangeStep::Done(Ok(HttpResponse { status: 401, .. }))));
    }

    #[test]
    fn signatures_are_fresh_on_every_attempt() {
        let mut ex = exchange(AuthKind::Signed);
        let ExchangeStep::NeedSignature { message, timestamp_ms: 10 } = ex.next(&Hmac, 10) else { panic!() };
        assert_eq!(message, "https://p/refunds10");
        ex.set_auth(AuthMaterial::Signature { timestamp_ms: 10, signature: "s10".into() });
        assert_eq!(fetch(&mut ex, &Hmac).get_header("timestamp"), Some("10"));
        ex.record(response(502, &[]), 20, 0.0);
        assert!(matches!(ex.next(&Hmac, 20), ExchangeStep::Sleep { .. }));
        assert!(matches!(ex.next(&Hmac, 30), ExchangeStep::NeedSignature { timestamp_ms: 30, .. }));
        ex.set_auth(AuthMaterial::Signature { timestamp_ms: 30, signature: "s30".into() });
        let second = fetch(&mut ex, &Hmac);
        assert_eq!((second.get_header("timestamp"), second.get_header("idempotency-key")), (Some("30"), Some("k-1")));
    }
}
