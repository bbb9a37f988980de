//! The reader every input goes through: client options, each method's input, builders and
//! per-call options. It collects every problem as a [`ValidationIssue`] instead of stopping
//! at the first, and it is strict where money moves:
//!
//! - a key the reader was not told about is refused, with the nearest known key suggested
//!   (`amout` → "did you mean amount?"), never ignored;
//! - `undefined`, `null` or `""` given for a required value is refused like a missing one,
//!   and given for a value whose absence means "everything" (an amount) it is refused too:
//!   only leaving the key out means "everything";
//! - free text (descriptions, order ids, reasons) that holds a card number is refused.

use crate::card::{card_runs, CardExpiry, CardNumber};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{special, Map, Special, Value};
use crate::money::{Currency, Money};

/// How a key is present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Presence<'a> {
    Absent,
    /// `undefined`, `null` or `""`.
    Empty,
    Given(&'a Value),
}

pub struct Fields<'a> {
    object: Option<&'a Map>,
    prefix: String,
    issues: Vec<ValidationIssue>,
    now_ms: u64,
}

impl<'a> Fields<'a> {
    /// A reader over `value`, an object whose keys must all be in `known`. A value that is
    /// not an object is one issue at `prefix` (or `input`).
    pub fn new(value: &'a Value, prefix: &str, known: &[&str], now_ms: u64) -> Fields<'a> {
        let mut f = Fields { object: value.as_object(), prefix: prefix.to_string(), issues: vec![], now_ms };
        let here = if prefix.is_empty() { "input" } else { prefix };
        match f.object {
            Some(map) => {
                for key in map.keys().filter(|k| !known.contains(k)) {
                    let path = f.path(key);
                    f.issues.push(unknown_field(&path, key, known));
                }
            }
            None if value.is_null() || special(value) == Some(Special::Undefined) => {
                f.issues.push(ValidationIssue::new(here, IssueCode::Required, "is required"));
            }
            None => f.issues.push(ValidationIssue::new(here, IssueCode::InvalidType, "must be an object")),
        }
        f
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            let mut p = String::with_capacity(self.prefix.len() + name.len() + 1);
            p.push_str(&self.prefix);
            p.push('.');
            p.push_str(name);
            p
        }
    }

    pub fn issue(&mut self, name: &str, code: IssueCode, detail: &str) {
        let path = self.path(name);
        self.issues.push(ValidationIssue::new(&path, code, detail));
    }

    pub fn push(&mut self, issue: ValidationIssue) {
        self.issues.push(issue);
    }

    /// Whether the key is there and holds a value (not `undefined`, `null` or `""`).
    pub fn has(&self, name: &str) -> bool {
        matches!(self.presence(name), Presence::Given(_))
    }

    /// Whether the key is there at all, even with an empty value.
    pub fn given(&self, name: &str) -> bool {
        !matches!(self.presence(name), Presence::Absent)
    }

    pub fn presence(&self, name: &str) -> Presence<'a> {
        match self.object.and_then(|o| o.get(name)) {
            None => Presence::Absent,
            Some(Value::Null) => Presence::Empty,
            Some(Value::String(s)) if s.is_empty() => Presence::Empty,
            Some(v) if special(v) == Some(Special::Undefined) => Presence::Empty,
            Some(v) => Presence::Given(v),
        }
    }

    /// The value of a key that holds one.
    pub fn raw(&self, name: &str) -> Option<&'a Value> {
        match self.presence(name) {
            Presence::Given(v) => Some(v),
            _ => None,
        }
    }

    /// The issue for a required value that is not there: `required` when the key is missing or
    /// holds `undefined`/`null`, `empty` for `""`.
    pub fn missing(&mut self, name: &str) {
        let blank = self.object.and_then(|o| o.get(name)).is_some_and(|v| v.as_str() == Some(""));
        if blank {
            self.issue(name, IssueCode::Empty, "is required and must not be empty");
        } else {
            self.issue(name, IssueCode::Required, "is required");
        }
    }

    /// Refuses a key that is there but empty, for values whose absence means "everything".
    /// `instead` says what leaving it out does.
    pub fn refuse_empty(&mut self, name: &str, instead: &str) {
        if self.presence(name) == Presence::Empty {
            let mut detail = String::from("is empty; ");
            detail.push_str(instead);
            self.issue(name, IssueCode::Empty, &detail);
        }
    }

    fn wrong_type(&mut self, name: &str, v: &Value, wanted: &str) {
        let got = match special(v) {
            Some(Special::Function) => "a function",
            Some(Special::Signal) => "an AbortSignal",
            Some(Special::BigInt(_)) => "a bigint",
            Some(Special::NonFinite(_)) => "not a finite number",
            Some(Special::Symbol) => "a symbol",
            Some(Special::Undefined) | None => match v {
                Value::Bool(_) => "true or false",
                Value::Number(_) => "a number",
                Value::String(_) => "text",
                Value::Array(_) => "a list",
                Value::Object(_) => "an object",
                Value::Null => "null",
            },
        };
        let mut detail = String::from("must be ");
        detail.push_str(wanted);
        detail.push_str(", not ");
        detail.push_str(got);
        self.issue(name, IssueCode::InvalidType, &detail);
    }

    /// An optional string of `min..=max` characters. `undefined`/`null` read as absent;
    /// `""` is refused when `min` is at least 1.
    pub fn opt_str(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        let value = match self.object.and_then(|o| o.get(name)) {
            Some(Value::String(s)) if s.is_empty() && min == 0 => return Some(String::new()),
            Some(Value::String(s)) if s.is_empty() => {
                self.issue(name, IssueCode::Empty, "must not be empty");
                return None;
            }
            None | Some(Value::Null) => return None,
            Some(v) if special(v) == Some(Special::Undefined) => return None,
            Some(v) => v,
        };
        let Some(s) = value.as_str().filter(|_| special(value).is_none()) else {
            self.wrong_type(name, value, "text");
            return None;
        };
        let len = s.chars().count();
        if len < min {
            self.issue(name, IssueCode::TooShort, &at_least(min));
            return None;
        }
        if len > max {
            self.issue(name, IssueCode::TooLong, &at_most(max, "characters"));
            return None;
        }
        Some(s.to_string())
    }

    /// A required string of `min..=max` characters; `undefined`, `null` and `""` count as missing.
    pub fn req_str(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        if !self.has(name) {
            self.missing(name);
            return None;
        }
        self.opt_str(name, min, max.max(min))
    }

    /// Free text (a description, an order id, a reason): a string that must not hold a card
    /// number. Card data belongs only in the card fields; the number is never echoed.
    pub fn opt_text(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        let s = self.opt_str(name, min, max)?;
        self.refuse_card_data(name, s)
    }

    pub fn req_text(&mut self, name: &str, min: usize, max: usize) -> Option<String> {
        let s = self.req_str(name, min, max)?;
        self.refuse_card_data(name, s)
    }

    fn refuse_card_data(&mut self, name: &str, s: String) -> Option<String> {
        if card_runs(&s, 13).is_empty() {
            Some(s)
        } else {
            self.issue(
                name,
                IssueCode::CardDataInText,
                "looks like it holds a card number; card numbers belong only in the card fields",
            );
            None
        }
    }

    /// An optional string that must be one of `allowed`.
    pub fn opt_enum(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let s = self.opt_str(name, 1, 64)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.issue(name, IssueCode::InvalidEnum, &one_of(allowed));
            None
        }
    }

    /// A required string that must be one of `allowed`.
    pub fn req_enum(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        if !self.has(name) {
            self.missing(name);
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

    /// An optional non-negative integer no larger than `max`.
    pub fn opt_uint(&mut self, name: &str, max: u64) -> Option<u64> {
        let value = self.raw(name)?;
        match value.as_u64() {
            Some(n) if n <= max => Some(n),
            Some(_) => {
                self.issue(name, IssueCode::TooLarge, &at_most(max, ""));
                None
            }
            None if value.is_number() => {
                self.issue(name, IssueCode::NotAnInteger, "must be a whole number, 0 or more");
                None
            }
            None => {
                self.wrong_type(name, value, "a whole number");
                None
            }
        }
    }

    /// A required non-negative integer no larger than `max`.
    pub fn req_uint(&mut self, name: &str, max: u64) -> Option<u64> {
        if !self.has(name) {
            self.missing(name);
            return None;
        }
        self.opt_uint(name, max)
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, name: &str) -> Option<bool> {
        let value = self.raw(name)?;
        let b = value.as_bool();
        if b.is_none() {
            self.wrong_type(name, value, "true or false");
        }
        b
    }

    /// Whether an optional callback is given; anything but a function is refused.
    pub fn opt_fn(&mut self, name: &str) -> bool {
        self.opt_special(name, Special::Function, "a function")
    }

    /// Whether an optional `AbortSignal` is given.
    pub fn opt_signal(&mut self, name: &str) -> bool {
        self.opt_special(name, Special::Signal, "an AbortSignal")
    }

    fn opt_special(&mut self, name: &str, wanted: Special, what: &str) -> bool {
        let Some(value) = self.raw(name) else { return false };
        if special(value) == Some(wanted) {
            true
        } else {
            self.wrong_type(name, value, what);
            false
        }
    }

    /// A nested object with its own known keys, read by `read`; its issues are merged back.
    /// `undefined`/`null` read as absent.
    pub fn nested<T>(&mut self, name: &str, known: &[&str], read: impl FnOnce(&mut Fields<'a>) -> Option<T>) -> Option<T> {
        let value = self.raw(name)?;
        let path = self.path(name);
        let mut inner = Fields::new(value, &path, known, self.now_ms);
        if inner.object.is_none() {
            self.issues.append(&mut inner.issues);
            return None;
        }
        let out = read(&mut inner);
        let ok = inner.issues.is_empty();
        self.issues.append(&mut inner.issues);
        out.filter(|_| ok)
    }

    /// A required nested object (see [`Fields::nested`]).
    pub fn req_nested<T>(&mut self, name: &str, known: &[&str], read: impl FnOnce(&mut Fields<'a>) -> Option<T>) -> Option<T> {
        if !self.has(name) {
            self.missing(name);
            return None;
        }
        self.nested(name, known, read)
    }

    /// An amount whose absence means "everything that is left": a `Money` (`{ minor,
    /// currency }` as `Money.toJSON()` writes it) or `{ value: "10.00", currency }`. Only
    /// leaving the key out means everything; `undefined`, `null` or `""` is refused.
    pub fn amount_or_everything(&mut self, name: &str, instead: &str) -> Option<Money> {
        self.refuse_empty(name, instead);
        self.opt_money(name)
    }

    /// An optional amount (see [`Fields::amount_or_everything`] for the forms).
    pub fn opt_money(&mut self, name: &str) -> Option<Money> {
        let path = self.path(name);
        self.nested(name, &["minor", "value", "currency"], |f| {
            let currency = f.req_str("currency", 3, 3).and_then(|c| match Currency::parse(&c, &f.path("currency")) {
                Ok(c) => Some(c),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            });
            let money = match (f.presence("minor"), f.presence("value")) {
                (Presence::Given(minor), Presence::Absent) => {
                    let currency = currency?;
                    match minor {
                        Value::Number(n) => Money::from_number_text(n, currency, &f.path("minor")),
                        other => {
                            f.wrong_type("minor", other, "a whole number of minor units");
                            return None;
                        }
                    }
                }
                (Presence::Absent, Presence::Given(Value::String(text))) => Money::parse(text, currency?, &path),
                (Presence::Absent, Presence::Given(other)) => {
                    f.wrong_type("value", other, "decimal text such as \"10.00\"");
                    return None;
                }
                (Presence::Given(_), Presence::Given(_)) => {
                    Err(ValidationIssue::new(&path, IssueCode::Conflict, "must give either minor or value, not both"))
                }
                (Presence::Empty, _) | (_, Presence::Empty) => {
                    Err(ValidationIssue::new(&path, IssueCode::Empty, "is empty; give an amount such as Money.parse(\"10.00\", \"USD\")"))
                }
                (Presence::Absent, Presence::Absent) => Err(ValidationIssue::new(&f.path("minor"), IssueCode::Required, "is required")),
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

    /// A required amount.
    pub fn req_money(&mut self, name: &str) -> Option<Money> {
        if !self.has(name) {
            self.missing(name);
            return None;
        }
        self.opt_money(name)
    }

    /// A required card number (digits; spaces and dashes between groups are ignored).
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

    /// A required expiry `{ month, year }` (year with four digits) that is not in the past.
    pub fn req_expiry(&mut self, name: &str) -> Option<CardExpiry> {
        let now_ms = self.now_ms;
        let path = self.path(name);
        self.req_nested(name, &["month", "year"], |f| {
            let month = f.req_uint("month", 12);
            let year = f.req_uint("year", 9999);
            match CardExpiry::new(month?, year?, now_ms, &path) {
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
                let here = if self.prefix.is_empty() { "input" } else { self.prefix.as_str() };
                Err(vec![ValidationIssue::new(here, IssueCode::Unknown, "is not a valid request")])
            }
            _ => Err(self.issues),
        }
    }
}

/// A lone value (a positional argument such as `getPayment(paymentId)`) read as if it were
/// the field `name` of an object.
pub fn read_arg<T>(value: &Value, name: &str, read: impl FnOnce(&mut Fields) -> Option<T>) -> Result<T, Vec<ValidationIssue>> {
    let mut map = Map::new();
    map.insert(name.to_string(), value.clone());
    let wrapped = Value::Object(map);
    let mut f = Fields::new(&wrapped, "", &[name], 0);
    let out = read(&mut f);
    f.finish(out)
}

/// The issue for a key nobody asked for, with the nearest known key when one is close.
pub fn unknown_field(path: &str, key: &str, known: &[&str]) -> ValidationIssue {
    let mut message = String::from("\"");
    message.push_str(key);
    message.push_str("\" is not a field here");
    match suggest(key, known) {
        Some(near) => {
            message.push_str("; did you mean ");
            message.push_str(near);
            message.push('?');
        }
        None if !known.is_empty() => {
            message.push_str(" (fields: ");
            message.push_str(&known.join(", "));
            message.push(')');
        }
        None => {}
    }
    ValidationIssue { path: path.to_string(), code: IssueCode::UnknownField, field: key.to_string(), message }
}

/// The known key a typo most likely meant: the same key in another case or spelled
/// snake_case, else the closest one (one edit away, or Jaro–Winkler similarity of 0.88 and
/// more, which favours a shared start: `maxRetry` → `maxRetries`).
pub fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let squash = |s: &str| s.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect::<String>();
    let k = squash(key);
    if let Some(hit) = known.iter().find(|n| squash(n) == k) {
        return Some(hit);
    }
    known
        .iter()
        .map(|n| {
            let n2 = squash(n);
            let score = if strsim::osa_distance(&k, &n2) <= 1 { 1.0 } else { strsim::jaro_winkler(&k, &n2) };
            (score, *n)
        })
        .filter(|(score, _)| *score >= 0.88)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

fn one_of(allowed: &[&str]) -> String {
    let mut s = String::from("must be one of ");
    s.push_str(&allowed.join(", "));
    s
}

fn at_least(min: usize) -> String {
    let mut s = String::from("must be at least ");
    s.push_str(&min.to_string());
    s.push_str(" characters");
    s
}

fn at_most(max: impl ToString, unit: &str) -> String {
    let mut s = String::from("must be at most ");
    s.push_str(&max.to_string());
    if !unit.is_empty() {
        s.push(' ');
        s.push_str(unit);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::UNDEFINED;

    fn paths(f: &Fields) -> Vec<(String, IssueCode)> {
        f.issues().iter().map(|i| (i.path.clone(), i.code)).collect()
    }

    #[test]
    fn unknown_keys_are_refused_with_the_nearest_known_one() {
        let input = j!({ "paymentId": "M2MJOG6O2Y", "amout": { "minor": 100, "currency": "USD" }, "idempotency_key": "k", "zzz": 1 });
        let f = Fields::new(&input, "", &["paymentId", "amount", "idempotencyKey"], 0);
        let issues = f.issues();
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0].message, "\"amout\" is not a field here; did you mean amount?");
        assert_eq!(issues[0].code, IssueCode::UnknownField);
        assert_eq!(issues[1].message, "\"idempotency_key\" is not a field here; did you mean idempotencyKey?");
        assert!(issues[2].message.contains("(fields: paymentId, amount, idempotencyKey)"));
    }

    #[test]
    fn empty_values_count_as_missing_or_are_refused() {
        let input = j!({ "a": UNDEFINED, "b": null, "c": "", "amount": null, "d": "" });
        let mut f = Fields::new(&input, "", &["a", "b", "c", "amount", "d"], 0);
        assert_eq!(f.req_str("a", 1, 9), None);
        assert_eq!(f.req_str("b", 1, 9), None);
        assert_eq!(f.req_str("c", 1, 9), None);
        assert_eq!(f.amount_or_everything("amount", "leave amount out to refund everything that is left"), None);
        assert_eq!(f.opt_str("d", 0, 5).as_deref(), Some(""));
        assert_eq!(
            paths(&f),
            [("a".into(), IssueCode::Required), ("b".into(), IssueCode::Required), ("c".into(), IssueCode::Empty), ("amount".into(), IssueCode::Empty)]
        );
        let mut f = Fields::new(&input, "", &["a", "b", "c", "amount", "d"], 0);
        assert_eq!(f.opt_str("a", 1, 9), None, "an optional undefined reads as absent");
        assert!(f.issues().is_empty());
    }

    #[test]
    fn money_from_minor_or_value_text() {
        let input = j!({ "a": { "value": "10.00", "currency": "USD" }, "b": { "minor": 500, "currency": "JPY" },
                            "c": { "value": "10.001", "currency": "USD" }, "d": { "minor": 5, "currency": "usd" },
                            "e": { "minor": 1.5, "currency": "USD" }, "f": { "minor": "\u{0}number:NaN", "currency": "USD" },
                            "g": { "minor": 5, "currency": "USD", "extra": 1 } });
        let mut f = Fields::new(&input, "", &["a", "b", "c", "d", "e", "f", "g"], 0);
        assert_eq!(f.opt_money("a").unwrap().minor(), 1000);
        assert_eq!(f.opt_money("b").unwrap().minor(), 500);
        for k in ["c", "d", "e", "f", "g"] {
            assert!(f.opt_money(k).is_none(), "{k}");
        }
        assert_eq!(
            paths(&f),
            [
                ("c".into(), IssueCode::TooManyDecimals),
                ("d.currency".into(), IssueCode::InvalidCurrency),
                ("e.minor".into(), IssueCode::NotAnInteger),
                ("f.minor".into(), IssueCode::InvalidType),
                ("g.extra".into(), IssueCode::UnknownField),
            ]
        );
    }

    #[test]
    fn free_text_refuses_card_numbers_without_echoing_them() {
        let input = j!({ "description": "refund for 4111 1111 1111 1111", "orderId": "ORD-1234567890123" });
        let mut f = Fields::new(&input, "", &["description", "orderId"], 0);
        assert_eq!(f.req_text("description", 1, 100), None);
        let order = f.opt_text("orderId", 1, 24);
        assert_eq!(f.issues()[0].code, IssueCode::CardDataInText);
        assert!(!f.issues()[0].message.contains("4111"));
        // 1234567890123 is not Luhn-valid, so it stays.
        assert_eq!(order.as_deref(), Some("ORD-1234567890123"));
    }

    #[test]
    fn specials_and_types_are_named() {
        let input = j!({ "fetch": "\u{0}function", "signal": "\u{0}signal", "onEvent": 3, "s": 12 });
        let mut f = Fields::new(&input, "", &["fetch", "signal", "onEvent", "s"], 0);
        assert!(f.opt_fn("fetch"));
        assert!(f.opt_signal("signal"));
        assert!(!f.opt_fn("onEvent"));
        assert_eq!(f.opt_str("s", 1, 5), None);
        let messages: Vec<_> = f.issues().iter().map(|i| i.message.as_str()).collect();
        assert_eq!(messages, ["On event must be a function, not a number", "S must be text, not a number"]);
    }

    #[test]
    fn nested_paths_are_dotted_and_checked_for_unknown_keys() {
        let input = j!({ "card": { "expiry": { "month": 13, "year": 2030 }, "cvc": "1" } });
        let mut f = Fields::new(&input, "", &["card"], 0);
        f.nested("card", &["expiry", "number"], |c| c.req_expiry("expiry"));
        assert_eq!(paths(&f), [("card.cvc".into(), IssueCode::UnknownField), ("card.expiry.month".into(), IssueCode::TooLarge)]);
    }

    #[test]
    fn a_non_object_is_one_issue() {
        let f = Fields::new(&Value::Null, "", &[], 0);
        assert_eq!(f.issues()[0].code, IssueCode::Required);
        let x = j!("x");
        let f = Fields::new(&x, "opts", &[], 0);
        assert_eq!((f.issues()[0].path.as_str(), f.issues()[0].code), ("opts", IssueCode::InvalidType));
    }
}
