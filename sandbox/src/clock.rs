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

/// Epoch milliseconds of `YYYY-MM-DDThh:mm:ss[.fff]Z` (UTC only); `None` if malformed.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || !text.ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let millis = match text.get(19..text.len() - 1)? {
        "" => 0,
        frac => {
            let digits = frac.strip_prefix('.')?;
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            format!("{:0<3}", &digits[..digits.len().min(3)]).parse::<i64>().ok()?
        }
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Some(((days * 86_400 + h * 3600 + mi * 60 + s) * 1000) + millis)
}

/// Howard Hinnant's civil-to-days algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (HTTP dates: Last-Modified, If-Modified-Since).
pub fn http_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(m as usize).saturating_sub(1).min(11)],
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Epoch milliseconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = text.trim().split(' ');
    let (_, d, mon, y, time, zone) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let m = MONTHS.iter().position(|x| *x == mon)? + 1;
    parse_rfc3339(&format!("{y:0>4}-{m:02}-{d:0>2}T{time}Z"))
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

    #[test]
    fn parses_what_it_formats() {
        assert_eq!(parse_rfc3339("2024-07-02T15:30:00Z"), Some(1_719_934_200_000));
        assert_eq!(parse_rfc3339("2024-07-02T15:30:00.250Z"), Some(1_719_934_200_250));
        assert_eq!(parse_rfc3339("2024-07-02 15:30:00Z"), None);
        assert_eq!(parse_rfc3339("2024-13-02T15:30:00Z"), None);
        assert_eq!(parse_rfc3339("x"), None);
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(parse_http_date("garbage"), None);
    }
}
