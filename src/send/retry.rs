//! The attempt plan: which outcomes are retried, and how long to wait before the next try.

use crate::http::HttpResponse;
use serde::Serialize;

/// How many times to retry and how to space the tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts in all).
    pub max_retries: u32,
    pub base_delay_ms: u64,
    pub max_delay_ms: u64,
    /// A server's `Retry-After` is honoured up to this long; beyond it we wait this long.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetryReason {
    Network,
    Timeout,
    RequestTimeout,
    RateLimited,
    ServerError,
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
                429 => Some(RetryReason::RateLimited),
                500..=599 => Some(RetryReason::ServerError),
                _ => None,
            },
        }
    }

    /// The wait before retry number `retry` (1-based): exponential from the base, capped,
    /// with "equal jitter" (half fixed, half random) so callers that failed together spread
    /// out. `random` is uniform in [0, 1). A `Retry-After` wins when it asks for longer,
    /// up to `max_retry_after_ms`.
    pub fn delay_ms(&self, retry: u32, random: f64, retry_after_ms: Option<u64>) -> u64 {
        let exp = self.base_delay_ms.saturating_mul(1u64 << (retry.saturating_sub(1)).min(20));
        let capped = exp.min(self.max_delay_ms);
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
        let jittered = capped / 2 + ((capped / 2) as f64 * random) as u64;
        match retry_after_ms {
            Some(ra) => ra.min(self.max_retry_after_ms).max(jittered.min(ra)),
            None => jittered,
        }
    }
}

/// Reads `Retry-After` as delta-seconds or an HTTP date, relative to `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    parse_http_date(v).map(|at_ms| at_ms.saturating_sub(now_ms))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into epoch milliseconds.
pub fn parse_http_date(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let day: u64 = day.parse().ok()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| m == month)? as u64
        + 1;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<u64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else { return None };
    if !(1..=31).contains(&day) || *h > 23 || *m > 59 || *sec > 60 {
        return None;
    }
    // days-from-civil (H. Hinnant)
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + (*h * 3600 + *m * 60 + *sec) as i64;
    u64::try_from(secs).ok().map(|s| s * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> AttemptOutcome {
        AttemptOutcome::Response(HttpResponse { status, headers: vec![], body: vec![] })
    }

    #[test]
    fn retries_network_timeouts_408_429_and_5xx_only() {
        for status in [408, 429, 500, 502, 503, 504, 599] {
            assert!(RetryPolicy::retry_reason(&resp(status)).is_some(), "{status}");
        }
        for status in [200, 201, 202, 204, 301, 400, 401, 403, 404, 409, 422] {
            assert!(RetryPolicy::retry_reason(&resp(status)).is_none(), "{status}");
        }
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Network("reset".into())), Some(RetryReason::Network));
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Timeout), Some(RetryReason::Timeout));
        assert_eq!(RetryPolicy::retry_reason(&AttemptOutcome::Aborted), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, 0.0, None), 250);
        assert_eq!(p.delay_ms(1, 0.999_999, None), 499);
        assert_eq!(p.delay_ms(2, 0.0, None), 500);
        assert_eq!(p.delay_ms(3, 0.0, None), 1000);
        assert_eq!(p.delay_ms(10, 1.0, None), 8000);
        assert_eq!(p.delay_ms(64, 0.5, None), 6000, "shift is bounded, no overflow");
        assert_eq!(p.delay_ms(1, f64::NAN, None), 250);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, 0.0, Some(1000)), 1000);
        assert_eq!(p.delay_ms(1, 0.0, Some(0)), 0);
        assert_eq!(p.delay_ms(1, 0.0, Some(3_600_000)), 30_000);
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("1", 0), Some(1000));
        assert_eq!(parse_retry_after(" 120 ", 0), Some(120_000));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", 784_111_777_000), Some(3000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", 784_111_777_000), Some(0), "past dates mean now");
        for bad in ["", "-1", "soon", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT", "1.5"] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }
}
