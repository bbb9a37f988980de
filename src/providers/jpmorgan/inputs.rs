//! The caller's inputs, read and validated with [`Fields`]. One reader serves `refund()`,
//! `standaloneRefund()` and the `JpMorganRefund` builder, so a field means the same thing,
//! with the same issue path, wherever it is given.

use crate::card::{CardExpiry, CardNumber};
use crate::connector::Operation;
use crate::fields::{read_arg, Fields};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::Value;
use crate::money::Money;

/// `initiatorType` (spec enum).
pub const INITIATOR_TYPES: &[&str] = &["CARDHOLDER", "MERCHANT"];
/// `accountOnFile` (spec enum).
pub const ACCOUNT_ON_FILE: &[&str] = &["NOT_STORED", "STORED", "TO_BE_STORED"];

/// NOT CONFIRMED: J.P. Morgan publishes no maximum length for `transactionReferenceId` or a
/// `request-id`; the documented ids are 36-character UUIDs. 100 leaves room and stops junk.
pub const MAX_ID_LEN: usize = 100;

/// Every field an input may have; anything else is refused, so a mistyped `amount` can never
/// turn a partial refund into a full one.
const REFUND_KEYS: &[&str] = &["transactionId", "captureId", "card", "amount", "initiatorType", "accountOnFile"];
const CARD_KEYS: &[&str] = &["accountNumber", "expiry"];

/// What is being refunded.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A payment, by its `transactionId`: a full refund without an amount, else partial.
    Transaction(String),
    /// One capture of a multi-capture order, by its `captureId`.
    Capture(String),
    /// A standalone refund straight to a card.
    Card { number: CardNumber, expiry: CardExpiry },
}

impl Target {
    /// The payment or capture it refers to.
    pub fn reference(&self) -> Option<&str> {
        match self {
            Target::Transaction(id) | Target::Capture(id) => Some(id),
            Target::Card { .. } => None,
        }
    }
}

/// A validated refund, ready to become a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundInput {
    pub target: Target,
    /// `None` refunds what is left of the payment or capture (the amount is omitted).
    pub amount: Option<Money>,
    pub initiator_type: Option<String>,
    pub account_on_file: Option<String>,
}

/// Which forms a method accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `refund()`: `transactionId` or `captureId`.
    Referenced,
    /// `standaloneRefund()`: `card` and `amount`.
    Standalone,
    /// The builder: exactly one of `transactionId`, `captureId` or `card`.
    Any,
}

/// Reads and checks a refund input; every issue names its field.
pub fn refund(value: &Value, form: Form, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", REFUND_KEYS, now_ms);
    let transaction_id = read_id(&mut f, "transactionId");
    let capture_id = read_id(&mut f, "captureId");
    let card = f.nested("card", CARD_KEYS, |c| {
        let number = c.req_card_number("accountNumber");
        let expiry = c.req_expiry("expiry");
        Some((number?, expiry?))
    });
    let amount = f.amount_or_everything("amount", "leave amount out to refund everything that is left");
    let initiator_type = f.opt_enum("initiatorType", INITIATOR_TYPES);
    let account_on_file = f.opt_enum("accountOnFile", ACCOUNT_ON_FILE);

    let allowed: &[&str] = match form {
        Form::Referenced => &["transactionId", "captureId"],
        Form::Standalone => &["card"],
        Form::Any => &["transactionId", "captureId", "card"],
    };
    check_one_target(&mut f, form, allowed);
    let is_card = f.has("card") && !f.has("transactionId") && !f.has("captureId");
    if (is_card || form == Form::Standalone) && !f.given("amount") {
        f.issue("amount", IssueCode::Required, "is required for a standalone (card) refund");
    }
    if !is_card {
        for name in ["initiatorType", "accountOnFile"] {
            if f.has(name) {
                f.issue(name, IssueCode::Conflict, "is only sent with a standalone (card) refund");
            }
        }
    }
    let target = match (transaction_id, capture_id, card) {
        (Some(id), None, None) => Some(Target::Transaction(id)),
        (None, Some(id), None) => Some(Target::Capture(id)),
        (None, None, Some((number, expiry))) => Some(Target::Card { number, expiry }),
        _ => None,
    };
    f.finish(target.map(|target| RefundInput { target, amount, initiator_type, account_on_file }))
}

/// `reverse({ transactionId, amount? })` and `reverseOrRefund(...)`: a payment (an
/// authorization not yet captured is voided or lowered; a captured one is refunded by
/// `reverseOrRefund`). No amount: all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReverseInput {
    pub transaction_id: String,
    pub amount: Option<Money>,
}

pub fn reverse(value: &Value, now_ms: u64) -> Result<ReverseInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", &["transactionId", "amount"], now_ms);
    if !f.given("transactionId") {
        f.issue("transactionId", IssueCode::Required, "is required");
    }
    let transaction_id = read_id(&mut f, "transactionId");
    let amount = f.amount_or_everything("amount", "leave amount out to reverse or refund everything that is left");
    f.finish(transaction_id.map(|transaction_id| ReverseInput { transaction_id, amount }))
}

/// A reference id: 1 to [`MAX_ID_LEN`] visible ASCII characters.
fn read_id(f: &mut Fields, name: &str) -> Option<String> {
    let id = f.opt_str(name, 1, MAX_ID_LEN)?;
    if id.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        Some(id)
    } else {
        f.issue(name, IssueCode::InvalidFormat, "must be visible ASCII characters without spaces, as J.P. Morgan returned it");
        None
    }
}

/// Exactly one of the targets `allowed`; the others are refused by name.
fn check_one_target(f: &mut Fields, form: Form, allowed: &[&str]) {
    let present: Vec<&str> = ["transactionId", "captureId", "card"].into_iter().filter(|n| f.has(n)).collect();
    for name in present.iter().filter(|n| !allowed.contains(n)) {
        let message = match form {
            Form::Referenced => "refunds to a card are made with standaloneRefund()",
            _ => "is not sent with a standalone refund: standaloneRefund() refunds to a card, refund() refunds a payment or capture",
        };
        f.issue(name, IssueCode::Conflict, message);
    }
    let given: Vec<&str> = present.iter().copied().filter(|n| allowed.contains(n)).collect();
    let choices = match form {
        Form::Referenced => "transactionId (the payment) or captureId (one capture of a multi-capture order)",
        Form::Standalone => "card",
        Form::Any => "transactionId, captureId or card",
    };
    match given.as_slice() {
        [] if present.is_empty() || form == Form::Standalone => {
            let first = allowed.first().copied().unwrap_or("transactionId");
            let mut detail = String::from("is required: give ");
            detail.push_str(choices);
            f.issue(first, IssueCode::Required, &detail);
        }
        [] | [_] => {}
        several => {
            let mut detail = String::from("conflicts: give exactly one of ");
            detail.push_str(choices);
            detail.push_str(", not ");
            detail.push_str(&several.join(" and "));
            for name in several {
                f.issue(name, IssueCode::Conflict, &detail);
            }
        }
    }
}

/// The single id argument of a lookup (`getRefund(transactionId)`).
pub fn id(value: &Value, name: &str) -> Result<String, Vec<ValidationIssue>> {
    read_arg(value, name, |f| {
        if !f.has(name) {
            f.missing(name);
            return None;
        }
        read_id(f, name)
    })
}

/// A bulk file's record (docs/BULK.md): `reference` is a transactionId, or a captureId with
/// `reference_type` `capture`.
pub fn csv_row(f: &mut Fields, row: Option<&crate::bulk::Row>) -> Option<Value> {
    let kind = f.opt_enum("reference_type", &["transaction", "capture"]);
    let row = row?;
    let key = if kind.as_deref() == Some("capture") { "captureId" } else { "transactionId" };
    let mut input = crate::json::Map::new();
    input.insert(key, row.reference.as_str());
    if let Some(m) = row.amount {
        input.insert("amount", crate::bulk::money_value(m));
    }
    Some(Value::Object(input))
}

/// Validates a `JpMorganRefund` builder's fields.
pub fn validate(op: Operation, fields: &Value, now_ms: u64) -> Vec<ValidationIssue> {
    match op {
        Operation::Refund => refund(fields, Form::Any, now_ms).err().unwrap_or_default(),
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_795_392_000_000;

    fn issues(input: Value, form: Form) -> Vec<(String, IssueCode)> {
        refund(&input, form, NOW).unwrap_err().into_iter().map(|i| (i.path, i.code)).collect()
    }

    #[test]
    fn exactly_one_reference() {
        assert_eq!(
            issues(j!({ "transactionId": "a", "captureId": "b", "amount": { "minor": 100, "currency": "USD" } }), Form::Referenced),
            [("transactionId".into(), IssueCode::Conflict), ("captureId".into(), IssueCode::Conflict)]
        );
        assert_eq!(
            issues(j!({ "transactionId": "a", "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2030 } }, "amount": { "minor": 100, "currency": "USD" } }), Form::Any),
            [("transactionId".into(), IssueCode::Conflict), ("card".into(), IssueCode::Conflict)]
        );
        assert_eq!(issues(j!({}), Form::Referenced), [("transactionId".into(), IssueCode::Required)]);
        assert_eq!(issues(j!({ "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2030 } } }), Form::Standalone), [("amount".into(), IssueCode::Required)]);
    }

    #[test]
    fn a_typo_is_refused_with_a_suggestion() {
        let e = refund(&j!({ "transactionId": "a", "amout": { "minor": 100, "currency": "USD" } }), Form::Referenced, NOW).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("amout", IssueCode::UnknownField));
        assert!(e[0].message.ends_with("did you mean amount?"));
        let e = refund(&j!({ "transactionId": "a", "amount": null }), Form::Referenced, NOW).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("amount", IssueCode::Empty));
        let e = refund(&j!({ "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2030 }, "cvv": "1" }, "amount": { "minor": 1, "currency": "USD" } }), Form::Standalone, NOW).unwrap_err();
        assert_eq!((e[0].path.as_str(), e[0].code), ("card.cvv", IssueCode::UnknownField));
    }

    #[test]
    fn reverse_and_lookups() {
        assert_eq!(reverse(&j!({ "transactionId": "t-1" }), NOW).unwrap().amount, None);
        assert_eq!(reverse(&j!({}), NOW).unwrap_err()[0].path, "transactionId");
        assert_eq!(id(&Value::Null, "transactionId").unwrap_err()[0].code, IssueCode::Required);
        assert_eq!(id(&j!(""), "transactionId").unwrap_err()[0].code, IssueCode::Empty);
        assert_eq!(id(&j!("has space"), "transactionId").unwrap_err()[0].code, IssueCode::InvalidFormat);
    }
}
