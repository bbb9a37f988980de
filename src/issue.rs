//! Validation issues: what is wrong with which field, as `{ path, code, field, message }`.
//!
//! A leaf module: money, cards and the input reader all report through it, and it knows
//! none of them.

use crate::json::{ToJson, Value};

/// What is wrong with a field, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "snake_case"))]
pub enum IssueCode {
    Required,
    /// Present, but `undefined`, `null` or `""` where a value is needed or where leaving the
    /// key out would mean "everything".
    Empty,
    /// A key the SDK does not know (a typo such as `amout`): refused, never ignored.
    UnknownField,
    InvalidType,
    TooShort,
    TooLong,
    InvalidFormat,
    InvalidEnum,
    InvalidAmount,
    InvalidCurrency,
    /// An amount in another currency than the payment's.
    CurrencyMismatch,
    NotAnInteger,
    NotPositive,
    TooLarge,
    TooManyDecimals,
    InvalidCardNumber,
    /// A card number in a free-text field (a description, an order id, a reason).
    CardDataInText,
    CardExpired,
    InvalidExpiry,
    Conflict,
    ExceedsRemaining,
    /// Nothing is left to refund or reverse.
    NothingLeft,
    Unknown,
}

impl IssueCode {
    pub fn as_str(&self) -> &'static str {
        use IssueCode::*;
        match self {
            Required => "required",
            Empty => "empty",
            UnknownField => "unknown_field",
            InvalidType => "invalid_type",
            TooShort => "too_short",
            TooLong => "too_long",
            InvalidFormat => "invalid_format",
            InvalidEnum => "invalid_enum",
            InvalidAmount => "invalid_amount",
            InvalidCurrency => "invalid_currency",
            CurrencyMismatch => "currency_mismatch",
            NotAnInteger => "not_an_integer",
            NotPositive => "not_positive",
            TooLarge => "too_large",
            TooManyDecimals => "too_many_decimals",
            InvalidCardNumber => "invalid_card_number",
            CardDataInText => "card_data_in_text",
            CardExpired => "card_expired",
            InvalidExpiry => "invalid_expiry",
            Conflict => "conflict",
            ExceedsRemaining => "exceeds_remaining",
            NothingLeft => "nothing_left",
            Unknown => "unknown",
        }
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/"))]
pub struct ValidationIssue {
    /// Dotted path of the field as the API names it: `amount`, `card.expiry.month`.
    pub path: String,
    pub code: IssueCode,
    /// The field as a person reads it: `Amount`, `Card number`, `Expiry month`.
    pub field: String,
    /// A sentence for people: `Amount has more decimal places than JPY allows (0).`
    pub message: String,
}

impl ValidationIssue {
    /// An issue at `path`; `detail` completes a sentence that starts with the field's name
    /// (`"is required"` → `"Payment ID is required"`).
    pub fn new(path: &str, code: IssueCode, detail: &str) -> ValidationIssue {
        let field = label(path);
        let mut message = String::with_capacity(field.len() + detail.len() + 1);
        message.push_str(&field);
        message.push(' ');
        message.push_str(detail);
        ValidationIssue { path: path.to_string(), code, field, message }
    }
}

impl ToJson for ValidationIssue {
    fn to_value(&self) -> Value {
        crate::obj! { "path" => &self.path, "code" => self.code.as_str(), "field" => &self.field, "message" => &self.message }
    }
}

/// A path's last segment as words: `refundMethod.card.cardNumber` → `Card number`,
/// `paymentId` → `Payment ID`, `expiry.month` → `Expiry month`.
pub fn label(path: &str) -> String {
    let mut segments = path.rsplit('.');
    let last = segments.next().unwrap_or(path);
    // `amount.minor` is the amount; a bare `month`/`year`/`currency` reads better with its
    // parent's name (`Expiry month`).
    let mut words = String::new();
    match (last, segments.next()) {
        ("minor" | "value", Some(parent)) => push_words(&mut words, parent),
        ("month" | "year" | "currency", Some(parent)) => {
            push_words(&mut words, parent);
            words.push(' ');
            push_words(&mut words, last);
        }
        _ => push_words(&mut words, last),
    }
    let mut out = String::with_capacity(words.len());
    for (i, ch) in words.chars().enumerate() {
        if i == 0 {
            out.extend(ch.to_uppercase());
        } else {
            out.push(ch);
        }
    }
    if out.is_empty() {
        out.push_str("Input");
    }
    out
}

/// `cardNumber` → `card number`; `Id`/`Ids` as `ID`/`IDs`; digits stay with their word.
fn push_words(out: &mut String, segment: &str) {
    let start = out.len();
    for (i, ch) in segment.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push(' ');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    let mut words: Vec<&str> = out[start..].split(' ').collect();
    let fixed: Vec<String> = words
        .drain(..)
        .map(|w| match w {
            "id" => "ID".to_string(),
            "ids" => "IDs".to_string(),
            "url" => "URL".to_string(),
            "pan" => "card number".to_string(),
            other => other.to_string(),
        })
        .collect();
    out.truncate(start);
    out.push_str(&fixed.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_words() {
        assert_eq!(label("refundMethod.card.cardNumber"), "Card number");
        assert_eq!(label("paymentId"), "Payment ID");
        assert_eq!(label("card.expiry.month"), "Expiry month");
        assert_eq!(label("amount.minor"), "Amount");
        assert_eq!(label("order.amount.currency"), "Amount currency");
        assert_eq!(label("amount"), "Amount");
        assert_eq!(label("baseUrl"), "Base URL");
        assert_eq!(label(""), "Input");
    }

    #[test]
    fn messages_start_with_the_field() {
        let i = ValidationIssue::new("paymentId", IssueCode::Required, "is required");
        assert_eq!((i.field.as_str(), i.message.as_str()), ("Payment ID", "Payment ID is required"));
    }
}
