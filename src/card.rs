//! Card data: numbers checked (digits, length, Luhn) and never shown whole; expiry dates.

use crate::validation::{IssueCode, ValidationIssue};
use std::fmt;

/// A card number that passed the checks. `Debug` and `Display` show only the masked form.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    /// Digits only, 12 to 19 of them, with a valid Luhn check digit.
    pub fn parse(text: &str, path: &str) -> Result<CardNumber, ValidationIssue> {
        let bad = |msg: &str| ValidationIssue::new(path, IssueCode::InvalidCardNumber, msg);
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("must contain digits only"));
        }
        if !(12..=19).contains(&text.len()) {
            return Err(bad("must be 12 to 19 digits long"));
        }
        if !luhn_valid(text) {
            return Err(bad("fails the Luhn check; check for a mistyped digit"));
        }
        Ok(CardNumber(text.to_string()))
    }

    /// The full number, for the request body only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// First 6 and last 4 digits, the rest as `*`.
    pub fn masked(&self) -> String {
        mask_pan(&self.0)
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.masked())
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masks a digit string as first 6 + last 4; shorter strings are masked whole.
pub fn mask_pan(digits: &str) -> String {
    let n = digits.chars().count();
    if n < 12 {
        return "*".repeat(n);
    }
    digits
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 6 || i >= n - 4 { c } else { '*' })
        .collect()
}

/// The Luhn (mod 10) check over ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
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

/// A card's expiry month, not in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardExpiry {
    pub month: u8,
    pub year: u16,
}

impl CardExpiry {
    /// A card is valid through the last day of its expiry month (UTC).
    pub fn new(month: u8, year: u16, now_ms: u64, path: &str) -> Result<CardExpiry, ValidationIssue> {
        if !(1..=12).contains(&month) {
            return Err(ValidationIssue::new(&format!("{path}.month"), IssueCode::InvalidExpiry, "must be 1 to 12"));
        }
        if !(2000..=2099).contains(&year) {
            return Err(ValidationIssue::new(
                &format!("{path}.year"),
                IssueCode::InvalidExpiry,
                "must be a four-digit year such as 2030",
            ));
        }
        let (now_year, now_month) = year_month_utc(now_ms);
        if (year as u32, month as u32) < (now_year, now_month) {
            return Err(ValidationIssue::new(path, IssueCode::CardExpired, "is in the past: the card has expired"));
        }
        Ok(CardExpiry { month, year })
    }

    /// `MMYY`, as Payroc's `expiryDate` and many gateways write it.
    pub fn mmyy(&self) -> String {
        format!("{:02}{:02}", self.month, self.year % 100)
    }
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
    fn accepts_luhn_valid_numbers() {
        for pan in [VISA_TEST, "4012000033330026", "5555555555554444", "378282246310005", "4539858876047062"] {
            assert!(CardNumber::parse(pan, "card").is_ok(), "{pan}");
        }
    }

    #[test]
    fn rejects_bad_luhn_length_and_characters() {
        for pan in ["4111111111111112", "41111111111", "41111111111111111111", "4111 1111 1111 1111", "", "abcd"] {
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
        assert_eq!(card.to_string(), "411111******1111");
        assert_eq!(mask_pan("378282246310005"), "378282*****0005");
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
