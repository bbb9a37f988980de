//! One logical request, from the first attempt to the last: authorizes each attempt, and
//! decides after each outcome whether to retry (same idempotency key, same body), refresh
//! the token once after a 401, or finish. Sans-IO: the caller performs the steps.
//!
//! It also keeps the one fact money safety turns on: whether a request that may move money
//! could have reached the provider. Then no ending is a plain failure: a lost answer, a
//! timeout, an abort in flight or a deadline after such an attempt is `outcome_unknown`.

use super::retry::{parse_retry_after, AttemptOutcome, Delay, RetryPolicy, RetryReason};
use crate::error::{answered, ErrorCode, RefundError};
use crate::http::{HttpRequest, HttpResponse};
use crate::result::ProviderName;

/// How a provider authenticates a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// No credentials (token endpoints carry their own; a merchant's own backend adds them).
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
    Sleep { ms: u64, reason: RetryReason, retry: u32, error: Option<String> },
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

/// What one exchange is: the request and the rules it is sent under.
#[derive(Debug, Clone)]
pub struct ExchangeSpec {
    pub request: HttpRequest,
    pub auth: AuthKind,
    pub policy: RetryPolicy,
    /// Per attempt.
    pub timeout_ms: u64,
    /// No attempt starts and no wait runs past this time (epoch ms).
    pub deadline_at: Option<u64>,
    pub provider: ProviderName,
    pub idempotency_key: Option<String>,
    /// A refund, reversal or instruction: its outcome must never be guessed.
    pub moves_money: bool,
}

pub struct Exchange {
    spec: ExchangeSpec,
    attempts: u32,
    /// Attempts that were token refreshes after a 401: they do not use up a retry.
    refreshes: u32,
    /// An attempt may have reached the provider without us learning what it did.
    maybe_delivered: bool,
    in_flight: bool,
    last_failure: Option<String>,
    /// The `Retry-After` (ms) that was longer than the policy allows, when the exchange gave up on it.
    retry_after_too_long: Option<u64>,
    state: State,
}

impl Exchange {
    pub fn new(spec: ExchangeSpec) -> Exchange {
        let state = match spec.auth {
            AuthKind::None => State::Ready(AuthMaterial::None),
            _ => State::NeedAuth { refused: None },
        };
        Exchange {
            spec,
            attempts: 0,
            refreshes: 0,
            maybe_delivered: false,
            in_flight: false,
            last_failure: None,
            retry_after_too_long: None,
            state,
        }
    }

    pub fn idempotency_key(&self) -> Option<&str> {
        self.spec.idempotency_key.as_deref()
    }

    pub fn moves_money(&self) -> bool {
        self.spec.moves_money
    }

    /// Whether an attempt of a money-moving request may have reached the provider unanswered.
    pub fn maybe_delivered(&self) -> bool {
        self.maybe_delivered
    }

    pub fn retry_after_too_long(&self) -> Option<u64> {
        self.retry_after_too_long
    }

    /// The next step; `authorizer` writes credentials, `now_ms` stamps signatures and is
    /// checked against the deadline.
    pub fn next(&mut self, authorizer: &dyn Authorize, now_ms: u64) -> ExchangeStep {
        if !matches!(self.state, State::Finished(_) | State::Taken) && self.past_deadline(now_ms) {
            self.state = State::Finished(Err(self.deadline_error()));
        }
        match std::mem::replace(&mut self.state, State::Taken) {
            State::NeedAuth { refused } => {
                self.state = State::NeedAuth { refused: refused.clone() };
                match self.spec.auth {
                    AuthKind::Signed => ExchangeStep::NeedSignature {
                        message: authorizer.signing_message(&self.spec.request, now_ms),
                        timestamp_ms: now_ms,
                    },
                    _ => ExchangeStep::NeedToken { refused },
                }
            }
            State::Ready(material) => {
                let mut request = self.spec.request.clone();
                authorizer.authorize(&mut request, &material);
                self.attempts += 1;
                self.in_flight = true;
                self.state = State::Ready(material);
                let timeout_ms = match self.spec.deadline_at {
                    Some(at) => self.spec.timeout_ms.min(at.saturating_sub(now_ms)).max(1),
                    None => self.spec.timeout_ms,
                };
                ExchangeStep::Fetch { request, attempt: self.attempts, timeout_ms }
            }
            State::Sleeping { ms, reason } => {
                if self.spec.deadline_at.is_some_and(|at| now_ms.saturating_add(ms) >= at) {
                    return ExchangeStep::Done(Err(self.deadline_error()));
                }
                self.state = self.fresh_auth_state();
                ExchangeStep::Sleep { ms, reason, retry: self.attempts.saturating_sub(self.refreshes), error: self.last_failure.clone() }
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
        let error = if self.maybe_delivered { self.unknown(&error.message) } else { error };
        self.state = State::Finished(Err(error.with_idempotency_key(self.idempotency_key())));
    }

    /// Records an attempt's outcome; `random` in [0, 1) jitters the backoff.
    pub fn record(&mut self, outcome: AttemptOutcome, now_ms: u64, random: f64) {
        let was_in_flight = std::mem::replace(&mut self.in_flight, false);
        let used_token = match &self.state {
            State::Ready(AuthMaterial::Token(t)) => Some(t.clone()),
            _ => None,
        };
        if let AttemptOutcome::Response(r) = &outcome {
            if r.status == 401 && used_token.is_some() && self.refreshes == 0 {
                // One refresh after a refused token, at once and outside the retry budget.
                self.refreshes = 1;
                self.state = State::NeedAuth { refused: used_token };
                return;
            }
            if (300..400).contains(&r.status) || r.status == 0 {
                self.state = State::Finished(Err(self.redirect_refused(r.status)));
                return;
            }
        }
        let unanswered = matches!(outcome, AttemptOutcome::Network(_) | AttemptOutcome::Timeout);
        if self.spec.moves_money && unanswered {
            self.maybe_delivered = true;
        }
        self.last_failure = match &outcome {
            AttemptOutcome::Network(msg) => Some(msg.clone()),
            AttemptOutcome::Timeout => Some(timeout_text(self.spec.timeout_ms)),
            _ => None,
        };
        let retries_left = self.attempts.saturating_sub(self.refreshes) <= self.spec.policy.max_retries;
        match (RetryPolicy::retry_reason(&outcome), outcome) {
            (Some(reason), outcome) if retries_left => {
                let retry_after = match &outcome {
                    AttemptOutcome::Response(r) => r.retry_after.as_deref().and_then(|v| parse_retry_after(v, now_ms)),
                    _ => None,
                };
                match (self.spec.policy.delay(self.attempts.saturating_sub(self.refreshes), random, retry_after), outcome) {
                    (Delay::Wait(ms), _) => self.state = State::Sleeping { ms, reason },
                    (Delay::TooLong(ms), AttemptOutcome::Response(r)) => {
                        self.retry_after_too_long = Some(ms);
                        self.state = State::Finished(Ok(r));
                    }
                    (Delay::TooLong(_), _) => {}
                }
            }
            (_, AttemptOutcome::Response(r)) => self.state = State::Finished(Ok(r)),
            (_, AttemptOutcome::Network(msg)) => {
                let e = if self.maybe_delivered {
                    self.unknown(&msg)
                } else {
                    self.error(ErrorCode::Network, &after_attempts(&msg, self.attempts))
                };
                self.state = State::Finished(Err(e));
            }
            (_, AttemptOutcome::Timeout) => {
                let e = if self.maybe_delivered {
                    self.unknown(&timeout_text(self.spec.timeout_ms))
                } else {
                    self.error(ErrorCode::Timeout, &after_attempts(&timeout_text(self.spec.timeout_ms), self.attempts))
                };
                self.state = State::Finished(Err(e));
            }
            (_, AttemptOutcome::Aborted) => {
                let e = if self.spec.moves_money && (was_in_flight || self.maybe_delivered) {
                    self.maybe_delivered = true;
                    self.unknown("the caller aborted while the request was in flight")
                } else {
                    self.aborted()
                };
                self.state = State::Finished(Err(e));
            }
        }
    }

    /// The error for the caller's signal firing outside an attempt (during a wait, before
    /// the first attempt, while a token or signature was being fetched).
    pub fn aborted(&self) -> RefundError {
        if self.maybe_delivered {
            return self.unknown("the caller aborted");
        }
        self.error(ErrorCode::Aborted, "the caller aborted the request").with_retryable(true)
    }

    fn past_deadline(&self, now_ms: u64) -> bool {
        self.spec.deadline_at.is_some_and(|at| now_ms >= at)
    }

    fn deadline_error(&self) -> RefundError {
        if self.maybe_delivered {
            self.unknown("the call's deadline (deadlineMs) passed")
        } else {
            self.error(ErrorCode::Timeout, "the call's deadline (deadlineMs) passed before it could finish")
        }
    }

    fn fresh_auth_state(&self) -> State {
        match self.spec.auth {
            AuthKind::None => State::Ready(AuthMaterial::None),
            // Tokens come from the cache again (cheap); signatures must be fresh per attempt.
            _ => State::NeedAuth { refused: None },
        }
    }

    fn redirect_refused(&self, status: u16) -> RefundError {
        let mut message = answered(self.spec.provider, status);
        message.push_str(
            " with a redirect; refundkit never follows redirects, so no credential or card data is sent to another origin. \
             Check baseUrl (and identityUrl or tokenUrl).",
        );
        self.error(ErrorCode::ProviderError, &message).with_status(status).with_retryable(false)
    }

    /// `outcome_unknown`: the request may have been done; same key to retry or to look up.
    fn unknown(&self, cause: &str) -> RefundError {
        let mut message = String::from("No readable answer from ");
        message.push_str(self.spec.provider.display());
        message.push_str(" after the request may have reached it (");
        message.push_str(cause);
        message.push_str("): the refund may have been made. Send it again with the same idempotencyKey, or call syncRefund(error) to find out.");
        self.error(ErrorCode::OutcomeUnknown, &message).with_retryable(true)
    }

    fn error(&self, code: ErrorCode, message: &str) -> RefundError {
        RefundError::new(code, message).with_provider(self.spec.provider).with_idempotency_key(self.idempotency_key())
    }
}

fn timeout_text(ms: u64) -> String {
    let mut s = String::from("no response within ");
    s.push_str(&ms.to_string());
    s.push_str(" ms");
    s
}

fn after_attempts(what: &str, attempts: u32) -> String {
    let mut s = String::from(what);
    s.push_str(" (after ");
    s.push_str(&attempts.to_string());
    s.push_str(if attempts == 1 { " attempt)" } else { " attempts)" });
    s
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

    fn response(status: u16, retry_after: Option<&str>) -> AttemptOutcome {
        AttemptOutcome::Response(HttpResponse { status, retry_after: retry_after.map(str::to_string), body: String::new() })
    }

    fn spec(auth: AuthKind, moves_money: bool) -> ExchangeSpec {
        ExchangeSpec {
            request: HttpRequest::new(Method::Post, "https://p/refunds").header("Idempotency-Key", "k-1"),
            auth,
            policy: RetryPolicy::default(),
            timeout_ms: 1000,
            deadline_at: None,
            provider: ProviderName::Payroc,
            idempotency_key: Some("k-1".into()),
            moves_money,
        }
    }

    fn exchange(auth: AuthKind) -> Exchange {
        Exchange::new(spec(auth, true))
    }

    fn fetch(ex: &mut Exchange, a: &dyn Authorize) -> HttpRequest {
        match ex.next(a, 0) {
            ExchangeStep::Fetch { request, .. } => request,
            other => panic!("expected fetch, got {other:?}"),
        }
    }

    fn done_err(ex: &mut Exchange) -> RefundError {
        match ex.next(&NoAuth, 0) {
            ExchangeStep::Done(Err(e)) => e,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn retries_keep_the_key_and_body_then_return_the_last_response() {
        let mut ex = Exchange::new(spec(AuthKind::None, false));
        let first = fetch(&mut ex, &NoAuth);
        ex.record(response(503, None), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { ms: 250, reason: RetryReason::ServerError, retry: 1, .. }));
        let second = fetch(&mut ex, &NoAuth);
        assert_eq!(first, second, "same key, same bytes");
        ex.record(AttemptOutcome::Network("reset".into()), 0, 0.0);
        match ex.next(&NoAuth, 0) {
            ExchangeStep::Sleep { ms: 500, reason: RetryReason::Network, error, .. } => assert_eq!(error.as_deref(), Some("reset")),
            other => panic!("{other:?}"),
        }
        fetch(&mut ex, &NoAuth);
        ex.record(response(503, None), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Done(Ok(HttpResponse { status: 503, .. }))));
    }

    #[test]
    fn a_lost_answer_to_a_refund_is_an_unknown_outcome_never_a_failure() {
        let mut ex = exchange(AuthKind::None);
        for _ in 0..3 {
            fetch(&mut ex, &NoAuth);
            ex.record(AttemptOutcome::Network("socket hang up".into()), 0, 0.0);
            if let ExchangeStep::Done(Err(e)) = ex.next(&NoAuth, 0) {
                assert_eq!((e.code, e.retryable, e.idempotency_key.as_deref()), (ErrorCode::OutcomeUnknown, true, Some("k-1")));
                assert!(e.message.contains("socket hang up"));
                return;
            }
        }
        panic!("never gave up");
    }

    #[test]
    fn a_lost_answer_to_a_read_is_a_network_error() {
        let mut ex = Exchange::new(ExchangeSpec { policy: RetryPolicy { max_retries: 0, ..RetryPolicy::default() }, ..spec(AuthKind::None, false) });
        fetch(&mut ex, &NoAuth);
        ex.record(AttemptOutcome::Timeout, 0, 0.0);
        let e = done_err(&mut ex);
        assert_eq!((e.code, e.retryable), (ErrorCode::Timeout, true));
        assert!(e.message.contains("after 1 attempt"), "{}", e.message);
    }

    #[test]
    fn an_abort_in_flight_of_a_refund_is_unknown_and_before_it_is_aborted() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(AttemptOutcome::Aborted, 0, 0.0);
        assert_eq!(done_err(&mut ex).code, ErrorCode::OutcomeUnknown);
        let ex = exchange(AuthKind::None);
        assert_eq!(ex.aborted().code, ErrorCode::Aborted);
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(503, None), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { .. }));
        assert_eq!(ex.aborted().code, ErrorCode::Aborted, "a 503 is a definite answer: nothing was done");
    }

    #[test]
    fn client_errors_and_redirects_are_not_retried() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(409, None), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Done(Ok(HttpResponse { status: 409, .. }))));
        for status in [307, 0] {
            let mut ex = exchange(AuthKind::None);
            fetch(&mut ex, &NoAuth);
            ex.record(response(status, None), 0, 0.0);
            let e = done_err(&mut ex);
            assert_eq!((e.code, e.retryable), (ErrorCode::ProviderError, false));
            assert!(e.message.contains("never follows redirects"));
        }
    }

    #[test]
    fn rate_limits_wait_for_retry_after_or_give_up_past_the_cap() {
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(429, Some("1")), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Sleep { ms: 1000, reason: RetryReason::RateLimited, .. }));
        let mut ex = exchange(AuthKind::None);
        fetch(&mut ex, &NoAuth);
        ex.record(response(429, Some("120")), 0, 0.0);
        assert!(matches!(ex.next(&NoAuth, 0), ExchangeStep::Done(Ok(HttpResponse { status: 429, .. }))));
        assert_eq!(ex.retry_after_too_long(), Some(120_000));
    }

    #[test]
    fn a_401_refreshes_the_token_once_without_using_a_retry() {
        let mut ex = Exchange::new(ExchangeSpec { policy: RetryPolicy { max_retries: 1, ..RetryPolicy::default() }, ..spec(AuthKind::Bearer, true) });
        assert_eq!(ex.next(&Bearer, 0), ExchangeStep::NeedToken { refused: None });
        ex.set_auth(AuthMaterial::Token("old".into()));
        assert_eq!(fetch(&mut ex, &Bearer).get_header("authorization"), Some("Bearer old"));
        ex.record(response(401, None), 0, 0.0);
        assert_eq!(ex.next(&Bearer, 0), ExchangeStep::NeedToken { refused: Some("old".into()) });
        ex.set_auth(AuthMaterial::Token("new".into()));
        assert_eq!(fetch(&mut ex, &Bearer).get_header("authorization"), Some("Bearer new"));
        ex.record(response(503, None), 0, 0.0);
        assert!(matches!(ex.next(&Bearer, 0), ExchangeStep::Sleep { retry: 1, .. }), "the one retry is still there");
        assert_eq!(ex.next(&Bearer, 0), ExchangeStep::NeedToken { refused: None });
        ex.set_auth(AuthMaterial::Token("new".into()));
        fetch(&mut ex, &Bearer);
        ex.record(response(401, None), 0, 0.0);
        assert!(matches!(ex.next(&Bearer, 0), ExchangeStep::Done(Ok(HttpResponse { status: 401, .. }))), "a second 401 is final");
    }

    #[test]
    fn the_deadline_cuts_attempts_and_waits() {
        let mut ex = Exchange::new(ExchangeSpec { deadline_at: Some(1_500), ..spec(AuthKind::None, true) });
        match ex.next(&NoAuth, 1_000) {
            ExchangeStep::Fetch { timeout_ms, .. } => assert_eq!(timeout_ms, 500, "the attempt gets what is left"),
            other => panic!("{other:?}"),
        }
        ex.record(response(503, None), 1_400, 0.0);
        match ex.next(&NoAuth, 1_400) {
            ExchangeStep::Done(Err(e)) => assert_eq!(e.code, ErrorCode::Timeout, "a 503 was definite: nothing was done"),
            other => panic!("{other:?}"),
        }
        let mut ex = Exchange::new(ExchangeSpec { deadline_at: Some(1_500), ..spec(AuthKind::None, true) });
        ex.next(&NoAuth, 1_000);
        ex.record(AttemptOutcome::Timeout, 1_500, 0.0);
        match ex.next(&NoAuth, 1_500) {
            ExchangeStep::Done(Err(e)) => assert_eq!(e.code, ErrorCode::OutcomeUnknown),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn signatures_are_fresh_on_every_attempt() {
        let mut ex = exchange(AuthKind::Signed);
        let ExchangeStep::NeedSignature { message, timestamp_ms: 10 } = ex.next(&Hmac, 10) else { panic!() };
        assert_eq!(message, "https://p/refunds10");
        ex.set_auth(AuthMaterial::Signature { timestamp_ms: 10, signature: "s10".into() });
        assert_eq!(fetch(&mut ex, &Hmac).get_header("timestamp"), Some("10"));
        ex.record(response(502, None), 20, 0.0);
        assert!(matches!(ex.next(&Hmac, 20), ExchangeStep::Sleep { .. }));
        assert!(matches!(ex.next(&Hmac, 30), ExchangeStep::NeedSignature { timestamp_ms: 30, .. }));
        ex.set_auth(AuthMaterial::Signature { timestamp_ms: 30, signature: "s30".into() });
        let second = fetch(&mut ex, &Hmac);
        assert_eq!((second.get_header("timestamp"), second.get_header("idempotency-key")), (Some("30"), Some("k-1")));
    }
}
