//! Card data: numbers checked (digits, length, Luhn) and never shown whole; expiry dates;
//! and the scan that finds card numbers where they do not belong (free text, logs).

use crate::issue::{IssueCode, ValidationIssue};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A card number that passed the checks. Held as a secret (zeroed when dropped); `Debug`
/// and `Display` show only the masked form.
#[derive(Clone)]
pub struct CardNumber(SecretString);

impl CardNumber {
    /// 12 to 19 digits with a valid Luhn check digit. Spaces and dashes between digit
    /// groups, as people type them (`4111 1111 1111 1111`), are ignored.
    pub fn parse(text: &str, path: &str) -> Result<CardNumber, ValidationIssue> {
        let bad = |msg: &str| ValidationIssue::new(path, IssueCode::InvalidCardNumber, msg);
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || text.starts_with(['-', ' ']) {
            return Err(bad("must contain digits only (spaces and dashes between groups are fine)"));
        }
        if !(12..=19).contains(&digits.len()) {
            return Err(bad("must be 12 to 19 digits long"));
        }
        if !luhn_valid(&digits) {
            return Err(bad("fails the Luhn check; check for a mistyped digit"));
        }
        Ok(CardNumber(SecretString::from(digits)))
    }

    /// The full number, for the request body only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// First 6 and last 4 digits, the rest as `*`.
    pub fn masked(&self) -> String {
        mask_pan(self.expose())
    }
}

impl PartialEq for CardNumber {
    fn eq(&self, other: &CardNumber) -> bool {
        self.expose() == other.expose()
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardNumber(")?;
        f.write_str(&self.masked())?;
        f.write_str(")")
    }
}

/// Masks a card number as first 6 + last 4 digits (spaces and dashes between digits
/// dropped, as the card fields accept them); shorter strings are masked whole.
pub fn mask_pan(text: &str) -> String {
    let separated = text.contains([' ', '-']) && text.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    let digits: String = if separated { text.chars().filter(char::is_ascii_digit).collect() } else { text.to_string() };
    let n = digits.chars().count();
    if n < 12 {
        return "*".repeat(n);
    }
    digits.chars().enumerate().map(|(i, c)| if i < 6 || i >= n - 4 { c } else { '*' }).collect()
}

/// The Luhn (mod 10) check over ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = b.wrapping_sub(b'0') as u32 % 10;
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A digit run in text that may be a card number: its byte range and its digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRun {
    pub start: usize,
    pub end: usize,
    pub digits: String,
}

/// Every run of `min..=19` digits in `text` that passes Luhn, written without separators or
/// grouped the way cards are printed: 4-4-4-4 (the last group 1 to 4 digits, for 13 to 19
/// digit cards), or 4-6-5 / 4-6-4, with single spaces or dashes between the groups. Other
/// groupings (a UUID's 8-4-4-4-12, a phone number, a date) are separate runs, so an
/// identifier is not taken for a card. Shared by the free-text check (13 digits and up,
/// which refuses) and redaction (12 and up, which masks).
pub fn card_runs(text: &str, min: usize) -> Vec<CardRun> {
    let b = text.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    let mut push = |start: usize, end: usize| {
        let digits: String = text[start..end].chars().filter(char::is_ascii_digit).collect();
        if (min..=19).contains(&digits.len()) && luhn_valid(&digits) {
            out.push(CardRun { start, end, digits });
        }
    };
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // Groups of digits joined by single separators: (start, end) byte ranges.
        let mut groups: Vec<(usize, usize)> = vec![];
        loop {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push((start, i));
            if i + 1 < b.len() && matches!(b[i], b' ' | b'-') && b[i + 1].is_ascii_digit() {
                i += 1;
            } else {
                break;
            }
        }
        let lengths: Vec<usize> = groups.iter().map(|(s, e)| e - s).collect();
        // A printed card number stands on its own: groups glued to letters are part of a
        // token (the hex of a UUID: "4dfb1909-4570-4948-9562-b4398f7e5014").
        let (first, last) = (groups[0].0, groups[groups.len() - 1].1);
        let alone = !(first > 0 && b[first - 1].is_ascii_alphabetic()) && !b.get(last).is_some_and(u8::is_ascii_alphabetic);
        if groups.len() > 1 && alone && printed_like_a_card(&lengths) {
            push(groups[0].0, groups[groups.len() - 1].1);
        } else {
            groups.into_iter().for_each(|(s, e)| push(s, e));
        }
    }
    out
}

fn printed_like_a_card(lengths: &[usize]) -> bool {
    let (last, rest) = lengths.split_last().unwrap_or((&0, &[]));
    (rest.iter().all(|n| *n == 4) && (1..=4).contains(last)) || lengths == [4, 6, 5] || lengths == [4, 6, 4]
}

/// A card's expiry month, not in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardExpiry {
    pub month: u8,
    pub year: u16,
}

impl CardExpiry {
    /// A card is valid through the last day of its expiry month (UTC).
    pub fn new(month: u64, year: u64, now_ms: u64, path: &str) -> Result<CardExpiry, ValidationIssue> {
        if !(1..=12).contains(&month) {
            return Err(ValidationIssue::new(&join(path, "month"), IssueCode::InvalidExpiry, "must be 1 to 12"));
        }
        if !(2000..=2099).contains(&year) {
            return Err(ValidationIssue::new(&join(path, "year"), IssueCode::InvalidExpiry, "must be a four-digit year such as 2030"));
        }
        let (now_year, now_month) = year_month_utc(now_ms);
        if (year as u32, month as u32) < (now_year, now_month) {
            return Err(ValidationIssue::new(path, IssueCode::CardExpired, "is in the past: the card has expired"));
        }
        Ok(CardExpiry { month: month as u8, year: year as u16 })
    }

    /// `MMYY`, as Payroc's `expiryDate` and many gateways write it.
    pub fn mmyy(&self) -> String {
        let two = |n: u16| [(b'0' + (n / 10 % 10) as u8) as char, (b'0' + (n % 10) as u8) as char];
        two(self.month as u16).into_iter().chain(two(self.year % 100)).collect()
    }
}

fn join(path: &str, name: &str) -> String {
    let mut s = String::with_capacity(path.len() + name.len() + 1);
    s.push_str(path);
    s.push('.');
    s.push_str(name);
    s
}

/// The UTC (year, month) of a time in epoch milliseconds (civil-from-days, H. Hinnant).
pub fn year_month_utc(now_ms: u64) -> (u32, u32) {
    let days = (now_ms / 86_400_000) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year as u32, month as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISA_TEST: &str = "4111111111111111";

    #[test]
    fn accepts_luhn_valid_numbers_with_or_without_separators() {
        for pan in [VISA_TEST, "4012000033330026", "5555555555554444", "378282246310005", "4111 1111 1111 1111", "4111-1111-1111-1111"] {
            assert_eq!(CardNumber::parse(pan, "card").unwrap().expose().len() >= 15, true, "{pan}");
        }
        assert_eq!(CardNumber::parse("4111 1111 1111 1111", "c").unwrap().expose(), VISA_TEST);
    }

    #[test]
    fn rejects_bad_luhn_length_and_characters() {
        for pan in ["4111111111111112", "41111111111", "41111111111111111111", "4111.1111.1111.1111", "", "abcd", "-4111111111111111"] {
            let err = CardNumber::parse(pan, "card.number").unwrap_err();
            assert_eq!((err.path.as_str(), err.code), ("card.number", IssueCode::InvalidCardNumber));
            assert!(!err.message.contains(VISA_TEST));
        }
    }

    #[test]
    fn shows_only_first_six_and_last_four() {
        let card = CardNumber::parse(VISA_TEST, "c").unwrap();
        assert_eq!(card.masked(), "411111******1111");
        assert_eq!(format!("{card:?}"), "CardNumber(411111******1111)");
        assert_eq!(mask_pan("378282246310005"), "378282*****0005");
    }

    #[test]
    fn finds_card_runs_in_text() {
        let runs = card_runs("pan 4111 1111 1111 1111, order 1234567890123 and 4111-1111-1111-1111.", 13);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].digits, VISA_TEST);
        assert_eq!(&"pan 4111 1111 1111 1111"[runs[0].start..runs[0].end], "4111 1111 1111 1111");
        assert!(card_runs("call 555-123-4567 on 2024-07-01", 12).is_empty());
        assert!(card_runs("4111111111111111111111", 12).is_empty(), "too long to be a card");
        assert!(card_runs("x--4111111111111111", 12).len() == 1);
        assert_eq!(card_runs("amex 3782 822463 10005", 13)[0].digits, "378282246310005");
        assert_eq!(mask_pan("4111 1111 1111 1111"), "411111******1111");
        // A UUID's groups are not a card's, even when their digits pass Luhn together.
        assert!(card_runs("4111-1111-11111111", 13).is_empty() && card_runs("41111111-1111-1111", 13).is_empty());
        assert!(card_runs("ff4987e2-e6f7-4905-8708-919224defce2", 12).is_empty());
        assert!(card_runs("4dfb1909-4570-4948-9562-b4398f7e5014", 13).is_empty(), "a UUID's hex");
        assert_eq!(card_runs("card: 4111-1111-1111-1111.", 13).len(), 1);
    }

    #[test]
    fn expiry_is_checked_against_now() {
        // 2026-11-23T00:00:00Z
        let now = 1_795_392_000_000;
        assert_eq!(year_month_utc(now), (2026, 11));
        assert!(CardExpiry::new(11, 2026, now, "e").is_ok());
        assert_eq!(CardExpiry::new(10, 2026, now, "e").unwrap_err().code, IssueCode::CardExpired);
        assert_eq!(CardExpiry::new(13, 2030, now, "e").unwrap_err().path, "e.month");
        assert_eq!(CardExpiry::new(1, 30, now, "e").unwrap_err().path, "e.year");
        assert_eq!(CardExpiry::new(3, 2031, now, "e").unwrap().mmyy(), "0331");
    }
}
