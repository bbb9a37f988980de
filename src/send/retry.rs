//! The attempt plan: which outcomes are retried, and how long to wait before the next try.

use crate::http::HttpResponse;

/// How many times to retry and how to space the tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts in all). A refresh of a
    /// refused token is not a retry.
    pub max_retries: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
    /// A server's `Retry-After` is honoured up to this long; when it asks for more, the call
    /// gives up at once and the error carries `retryAfterMs`.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy { max_retries: 2, base_delay_ms: 500, max_delay_ms: 8_000, max_retry_after_ms: 30_000 }
    }
}

/// What happened to one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    Response(HttpResponse),
    /// fetch rejected: DNS, refused or reset connection, CORS, a dropped response.
    Network(String),
    /// Our per-attempt timeout fired.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// Why a retry happens, as events report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    Network,
    Timeout,
    RequestTimeout,
    RateLimited,
    ServerError,
}

impl RetryReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            RetryReason::Network => "network",
            RetryReason::Timeout => "timeout",
            RetryReason::RequestTimeout => "request_timeout",
            RetryReason::RateLimited => "rate_limited",
            RetryReason::ServerError => "server_error",
        }
    }
}

/// The wait before the next attempt, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delay {
    Wait(u64),
    /// The server asked for a longer pause (ms) than the policy allows.
    TooLong(u64),
}

impl RetryPolicy {
    /// Whether this outcome is worth another try with the same idempotency key.
    pub fn retry_reason(outcome: &AttemptOutcome) -> Option<RetryReason> {
        match outcome {
            AttemptOutcome::Network(_) => Some(RetryReason::Network),
            AttemptOutcome::Timeout => Some(RetryReason::Timeout),
            AttemptOutcome::Aborted => None,
            AttemptOutcome::Response(r) => match r.status {
                408 => Some(RetryReason::RequestTimeout),
                425 | 429 => Some(RetryReason::RateLimited),
                500..=599 => Some(RetryReason::ServerError),
                _ => None,
            },
        }
    }

    /// The wait before retry number `retry` (1-based): exponential from the base, capped,
    /// with "equal jitter" (half fixed, half random) so callers that failed together spread
    /// out. `random` is uniform in [0, 1). A `Retry-After` wins when it asks for longer; over
    /// `max_retry_after_ms` there is no retry.
    pub fn delay(&self, retry: u32, random: f64, retry_after_ms: Option<u64>) -> Delay {
        let exp = self.base_delay_ms.saturating_mul(1u64 << (retry.saturating_sub(1)).min(20));
        let capped = exp.min(self.max_delay_ms);
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
        let jittered = capped / 2 + ((capped / 2) as f64 * random) as u64;
        match retry_after_ms {
            Some(ra) if ra > self.max_retry_after_ms => Delay::TooLong(ra),
            Some(ra) => Delay::Wait(ra.max(jittered.min(ra))),
            None => Delay::Wait(jittered),
        }
    }
}

/// Reads `Retry-After` as delta-seconds or an HTTP date, relative to `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    let at_ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as u64;
    Some(at_ms.saturating_sub(now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> AttemptOutcome {
        AttemptOutcome::Response(HttpResponse::new(status, ""))
    }

    #[test]
    fn retries_network_timeouts_408_425_429_and_5xx_only() {
        for status in [408, 425, 429, 500, 502, 503, 504, 599] {
            assert!(RetryPolicy::retry_reason(&resp(status)).is_some(), "{status}");
        }
        for status in [0, 200, 201, 202, 204, 301, 307, 400, 401, 403, 404, 409, 422] {
            assert!(RetryPolicy::retry_reason(&resp(status)).is_none(), "{status}");
        }
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Network("reset".into())), Some(RetryReason::Network));
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Timeout), Some(RetryReason::Timeout));
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Aborted), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0, None), Delay::Wait(250));
        assert_eq!(p.delay(1, 0.999_999, None), Delay::Wait(499));
        assert_eq!(p.delay(2, 0.0, None), Delay::Wait(500));
        assert_eq!(p.delay(3, 0.0, None), Delay::Wait(1000));
        assert_eq!(p.delay(10, 1.0, None), Delay::Wait(8000));
        assert_eq!(p.delay(64, 0.5, None), Delay::Wait(6000), "shift is bounded, no overflow");
        assert_eq!(p.delay(1, f64::NAN, None), Delay::Wait(250));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap_then_given_up() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0, Some(1000)), Delay::Wait(1000));
        assert_eq!(p.delay(1, 0.0, Some(0)), Delay::Wait(0));
        assert_eq!(p.delay(1, 0.0, Some(30_000)), Delay::Wait(30_000));
        assert_eq!(p.delay(1, 0.0, Some(3_600_000)), Delay::TooLong(3_600_000));
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("1", 0), Some(1000));
        assert_eq!(parse_retry_after(" 120 ", 0), Some(120_000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", 784_111_777_000), Some(3000));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:40 GMT", 784_111_777_000), Some(3000), "RFC 850");
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:40 1994", 784_111_777_000), Some(3000), "asctime");
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", 784_111_777_000), Some(0), "past dates mean now");
        for bad in ["", "-1", "soon", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT", "1.5"] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }
}
