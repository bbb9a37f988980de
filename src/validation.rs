//! Validation issues and the field reader every request builder uses.
//!
//! A builder reads a caller's JSON object field by field through [`Fields`], which collects
//! every problem as a [`ValidationIssue`] naming the field, instead of stopping at the first.

use crate::card::{CardExpiry, CardNumber};
use crate::money::{Currency, Money, MAX_SAFE_INTEGER};
use serde::Serialize;
use serde_json::{Map, Value};

/// What is wrong with a field, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    Required,
    InvalidType,
    TooShort,
    TooLong,
    InvalidFormat,
    InvalidEnum,
    InvalidAmount,
    InvalidCurrency,
    NotAnInteger,
    NotPositive,
    TooLarge,
    TooManyDecimals,
    InvalidCardNumber,
    CardExpired,
    InvalidExpiry,
    Conflict,
    ExceedsRemaining,
    Unknown,
}

/// One problem with one field: `{ path, code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationIssue {
    /// Dotted path of the field, as the caller named it: `amount`, `card.expiry.month`.
    pub path: String,
    pub code: IssueCode,
    pub message: String,
}

impl ValidationIssue {
    pub fn new(path: &str, code: IssueCode, message: &str) -> ValidationIssue {
        ValidationIssue { path: path.to_string(), code, message: message.to_string() }
    }
}

/// Reads fields out of a caller's JSON object, collecting issues as it goes.
///
/// Each getter returns `None` when the field is absent or wrong, and records why.
pub struct Fields<'a> {
    object: Option<&'a Map<String, Value>>,
    prefix: String,
    issues: Vec<ValidationIssue>,
    /// Milliseconds since the epoch, for expiry checks.
    now_ms: u64,
}

impl<'a> Fields<'a> {
    /// A reader over `value`; a non-object records one issue at `prefix` (or `input`).
    pub fn new(value: &'a Value, prefix: &str, now_ms: u64) -> Fields<'a> {
        let mut f = Fields { object: value.as_object(), prefix: prefix.to_string(), issues: vec![], now_ms };
        if f.object.is_none() {
            let path = if prefix.is_empty() { "input" } else { prefix };
            f.issues.push(ValidationIssue::new(path, IssueCode::InvalidType, "must be an object"));
        }
        f
    }

    pub fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{}", self.prefix, name)
        }
    }

    pub fn issue(&mut self, name: &str, code: IssueCode, message: &str) {
        let path = self.path(name);
        self.issues.push(ValidationIssue::new(&path, code, message));
    }

    pub fn push(&mut self, issue: ValidationIssue) {
        self.issues.push(issue);
    }

    /// The raw value of a field; JSON null counts as absent.
    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        self.object.and_then(|o| o.get(name)).filter(|v| !v.is_null())
    }

    pub fn has(&self, name: &str) -> bool {
        self.raw(name).is_some()
    }

    /// An optional string of `min..=max` characters.
    pub fn opt_str(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        let value = self.raw(name)?;
        let Some(s) = value.as_str() else {
            self.issue(name, IssueCode::InvalidType, "must be a string");
            return None;
        };
        let len = s.chars().count();
        if len < min {
            let msg = if min == 1 { "must not be empty".to_string() } else { format!("must be at least {min} characters") };
            self.issue(name, IssueCode::TooShort, &msg);
            return None;
        }
        if len > max {
            self.issue(name, IssueCode::TooLong, &format!("must be at most {max} characters"));
            return None;
        }
        Some(s.to_string())
    }

    /// A required string of `min..=max` characters.
    pub fn req_str(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        if !self.has(name) {
            self.issue(name, IssueCode::Required, "is required");
            return None;
        }
        self.opt_str(name, min, max)
    }

    /// A required string that must be one of `allowed`.
    pub fn req_enum(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        if !self.has(name) {
            self.issue(name, IssueCode::Required, &format!("is required: one of {}", allowed.join(", ")));
            return None;
        }
        self.opt_enum(name, allowed)
    }

    /// An optional `http://` or `https://` URL (a host override: the sandbox, a backend).
    pub fn opt_url(&mut self, name: &str) -> Option<String> {
        let url = self.opt_str(name, 8, 2048)?;
        if url.starts_with("https://") || url.starts_with("http://") {
            Some(url)
        } else {
            self.issue(name, IssueCode::InvalidFormat, "must be an http:// or https:// URL");
            None
        }
    }

    /// An optional string that must be one of `allowed`.
    pub fn opt_enum(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let s = self.opt_str(name, 1, 64)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.issue(name, IssueCode::InvalidEnum, &format!("must be one of {}", allowed.join(", ")));
            None
        }
    }

    /// An optional non-negative integer no larger than `max`.
    pub fn opt_uint(&mut self, name: &str, max: u64) -> Option<u64> {
        let value = self.raw(name)?;
        match value.as_u64() {
            Some(n) if n <= max => Some(n),
            Some(_) => {
                self.issue(name, IssueCode::TooLarge, &format!("must be at most {max}"));
                None
            }
            None => {
                self.issue(name, IssueCode::NotAnInteger, "must be a non-negative whole number");
                None
            }
        }
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, name: &str) -> Option<bool> {
        let value = self.raw(name)?;
        let b = value.as_bool();
        if b.is_none() {
            self.issue(name, IssueCode::InvalidType, "must be true or false");
        }
        b
    }

    /// A nested object, read by its own reader whose issues are merged back.
    pub fn nested<T>(&mut self, name: &str, read: impl FnOnce(&mut Fields<'a>) -> Option<T>) -> Option<T> {
        let value = self.raw(name)?;
        let path = self.path(name);
        let mut inner = Fields::new(value, &path, self.now_ms);
        let out = read(&mut inner);
        let ok = inner.issues.is_empty();
        self.issues.append(&mut inner.issues);
        out.filter(|_| ok)
    }

    /// A required nested object (see [`Fields::nested`]).
    pub fn req_nested<T>(&mut self, name: &str, read: impl FnOnce(&mut Fields<'a>) -> Option<T>) -> Option<T> {
        if !self.has(name) {
            self.issue(name, IssueCode::Required, "is required");
            return None;
        }
        self.nested(name, read)
    }

    /// An optional amount: a `Money` (`{ minor, currency }` as `Money.toJSON()` writes it),
    /// or `{ value: "10.00", currency }` with decimal text.
    pub fn opt_money(&mut self, name: &str) -> Option<Money> {
        let path = self.path(name);
        self.nested(name, |f| {
            let currency_code = f.req_str("currency", 3, 3);
            let currency = currency_code.and_then(|c| match Currency::parse(&c, &f.path("currency")) {
                Ok(c) => Some(c),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            });
            let money = match (f.raw("minor"), f.raw("value")) {
                (Some(minor), None) => {
                    let currency = currency?;
                    match minor.as_f64() {
                        Some(n) => Money::from_js_number(n, currency, &f.path("minor")),
                        None => Err(ValidationIssue::new(&f.path("minor"), IssueCode::InvalidType, "must be a number")),
                    }
                }
                (None, Some(Value::String(text))) => {
                    let currency = currency?;
                    Money::parse(text, currency, &path)
                }
                (None, Some(_)) => {
                    Err(ValidationIssue::new(&f.path("value"), IssueCode::InvalidType, "must be decimal text such as \"10.00\""))
                }
                (Some(_), Some(_)) => Err(ValidationIssue::new(&path, IssueCode::Conflict, "give either minor or value, not both")),
                (None, None) => Err(ValidationIssue::new(&f.path("minor"), IssueCode::Required, "is required")),
            };
            match money {
                Ok(m) => Some(m),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            }
        })
    }

    /// A required amount (see [`Fields::opt_money`]).
    pub fn req_money(&mut self, name: &str) -> Option<Money> {
        if !self.has(name) {
            self.issue(name, IssueCode::Required, "is required");
            return None;
        }
        self.opt_money(name)
    }

    /// A card number: digits only, 12–19 long, Luhn-valid.
    pub fn req_card_number(&mut self, name: &str) -> Option<CardNumber> {
        let text = self.req_str(name, 1, 64)?;
        match CardNumber::parse(&text, &self.path(name)) {
            Ok(c) => Some(c),
            Err(issue) => {
                self.push(issue);
                None
            }
        }
    }

    /// An expiry `{ month, year }` (year with four digits) that is not in the past.
    pub fn req_expiry(&mut self, name: &str) -> Option<CardExpiry> {
        if !self.has(name) {
            self.issue(name, IssueCode::Required, "is required");
            return None;
        }
        let now_ms = self.now_ms;
        let path = self.path(name);
        self.nested(name, |f| {
            let month = f.opt_uint("month", 12);
            let year = f.opt_uint("year", 9999);
            if !f.has("month") {
                f.issue("month", IssueCode::Required, "is required");
            }
            if !f.has("year") {
                f.issue("year", IssueCode::Required, "is required");
            }
            match CardExpiry::new(month? as u8, year? as u16, now_ms, &path) {
                Ok(e) => Some(e),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            }
        })
    }

    /// The issues found so far.
    pub fn issues(&self) -> &[ValidationIssue] {
        &self.issues
    }

    /// Ends reading: `Ok(value)` only when there were no issues at all.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<ValidationIssue>> {
        match value {
            Some(v) if self.issues.is_empty() => Ok(v),
            _ if self.issues.is_empty() => {
                Err(vec![ValidationIssue::new(&self.prefix, IssueCode::Unknown, "is not a valid request")])
            }
            _ => Err(self.issues),
        }
    }
}

/// True for a JS-safe integer value in a JSON number.
pub fn is_safe_integer(v: &Value) -> bool {
    v.as_u64().is_some_and(|n| n <= MAX_SAFE_INTEGER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_every_issue_with_its_path() {
        let input = json!({ "paymentId": "short", "amount": { "minor": 10.5, "currency": "USD" } });
        let mut f = Fields::new(&input, "", 0);
        assert!(f.req_str("paymentId", 10, 10).is_none());
        assert!(f.req_str("description", 1, 100).is_none());
        assert!(f.req_money("amount").is_none());
        let paths: Vec<_> = f.issues().iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            paths,
            [
                ("paymentId", IssueCode::TooShort),
                ("description", IssueCode::Required),
                ("amount.minor", IssueCode::NotAnInteger)
            ]
        );
    }

    #[test]
    fn money_from_value_text_or_minor() {
        let input = json!({ "a": { "value": "10.00", "currency": "USD" }, "b": { "minor": 500, "currency": "JPY" },
                            "c": { "value": "10.001", "currency": "USD" }, "d": { "minor": 5, "currency": "usd" } });
        let mut f = Fields::new(&input, "", 0);
        assert_eq!(f.opt_money("a").unwrap().minor(), 1000);
        assert_eq!(f.opt_money("b").unwrap().minor(), 500);
        assert!(f.opt_money("c").is_none());
        assert!(f.opt_money("d").is_none());
        let issues: Vec<_> = f.issues().iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(issues, [("c", IssueCode::TooManyDecimals), ("d.currency", IssueCode::InvalidCurrency)]);
    }

    #[test]
    fn nested_paths_are_dotted() {
        let input = json!({ "card": { "expiry": { "month": 13, "year": 2030 } } });
        let mut f = Fields::new(&input, "", 0);
        f.nested("card", |c| c.req_expiry("expiry"));
        assert_eq!(f.issues()[0].path, "card.expiry.month");
    }

    #[test]
    fn a_non_object_is_one_issue() {
        let f = Fields::new(&Value::Null, "", 0);
        assert_eq!(f.issues()[0].code, IssueCode::InvalidType);
    }
}
