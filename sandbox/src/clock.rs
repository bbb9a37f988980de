//! Wall-clock helpers without a date crate: RFC 3339 timestamps and epoch milliseconds.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `2024-07-02T15:30:00Z` for now (UTC, second precision).
pub fn now_rfc3339() -> String {
    rfc3339_from_ms(now_ms())
}

/// Millisecond precision form used by J.P. Morgan (`2024-07-31T14:21:36.253Z`).
pub fn now_rfc3339_ms() -> String {
    let ms = now_ms();
    let base = rfc3339_from_ms(ms);
    format!("{}.{:03}Z", &base[..base.len() - 1], ms.rem_euclid(1000))
}

pub fn rfc3339_from_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Current (year, month) in UTC, for card expiry checks.
pub fn year_month() -> (i64, u32) {
    let (y, m, _) = civil_from_days(now_ms().div_euclid(1000).div_euclid(86_400));
    (y, m)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instant() {
        assert_eq!(rfc3339_from_ms(1_719_934_200_000), "2024-07-02T15:30:00Z");
        assert_eq!(rfc3339_from_ms(0), "1970-01-01T00:00:00Z");
    }
}
