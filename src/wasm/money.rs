//! `Money` and the card helpers, as JS sees them.

use super::convert::to_js;
use super::errors::to_js_error;
use crate::card::{mask_pan, CardNumber};
use crate::error::RefundError;
use crate::money::{Currency, Money};
use crate::validation::{IssueCode, ValidationIssue};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// An exact amount: integer minor units and an ISO 4217 currency.
#[wasm_bindgen(js_name = Money)]
pub struct JsMoney {
    inner: Money,
}

fn invalid(issue: ValidationIssue) -> JsValue {
    to_js_error(&RefundError::validation(vec![issue]))
}

fn currency_arg(currency: &JsValue) -> Result<Currency, JsValue> {
    let code = currency.as_string().ok_or_else(|| {
        invalid(ValidationIssue::new("currency", IssueCode::InvalidType, "must be a currency code string such as \"USD\""))
    })?;
    Currency::parse(&code, "currency").map_err(invalid)
}

#[wasm_bindgen(js_class = Money)]
impl JsMoney {
    /// Parses decimal text in major units exactly: `Money.parse("40.00", "USD")` is 4000 cents;
    /// `"10.001"` USD throws a ValidationError instead of rounding.
    pub fn parse(text: JsValue, currency: JsValue) -> Result<JsMoney, JsValue> {
        let currency = currency_arg(&currency)?;
        let text = text.as_string().ok_or_else(|| {
            invalid(ValidationIssue::new("amount", IssueCode::InvalidType, "must be decimal text such as \"10.00\""))
        })?;
        Money::parse(&text, currency, "amount").map(|inner| JsMoney { inner }).map_err(invalid)
    }

    /// From integer minor units (a safe positive integer number, or a bigint).
    #[wasm_bindgen(js_name = fromMinor)]
    pub fn from_minor(minor: JsValue, currency: JsValue) -> Result<JsMoney, JsValue> {
        let currency = currency_arg(&currency)?;
        let money = if let Some(n) = minor.as_f64() {
            Money::from_js_number(n, currency, "minor")
        } else if minor.is_bigint() {
            let text: String = js_sys::BigInt::from(minor).to_string(10).map(String::from).unwrap_or_default();
            match text.parse::<u64>() {
                Ok(n) => Money::from_minor(n, currency, "minor"),
                Err(_) => Err(ValidationIssue::new("minor", IssueCode::NotPositive, "must be a positive integer")),
            }
        } else {
            Err(ValidationIssue::new("minor", IssueCode::InvalidType, "must be a number of minor units"))
        };
        money.map(|inner| JsMoney { inner }).map_err(invalid)
    }

    /// Digits after the decimal point for a currency: JPY 0, USD 2, KWD 3, CLF 4.
    #[wasm_bindgen(js_name = exponentOf)]
    pub fn exponent_of(currency: JsValue) -> Result<u8, JsValue> {
        currency_arg(&currency).map(|c| c.exponent())
    }

    #[wasm_bindgen(getter)]
    pub fn minor(&self) -> f64 {
        // At most Number.MAX_SAFE_INTEGER, so exact as a JS number.
        self.inner.minor() as f64
    }

    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_string()
    }

    #[wasm_bindgen(getter)]
    pub fn exponent(&self) -> u8 {
        self.inner.currency().exponent()
    }

    /// Decimal text in major units, written from the integer: 1234 KWD → "1.234".
    pub fn format(&self) -> String {
        self.inner.to_decimal_string()
    }

    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.inner.to_string()
    }

    /// `{ minor, currency }`: how a Money travels inside requests and `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        to_js(&json!({ "minor": self.inner.minor(), "currency": self.inner.currency().code() }))
    }

    pub fn equals(&self, other: &JsMoney) -> bool {
        self.inner == other.inner
    }
}

/// A stable idempotency key derived from your own refund reference (an order id, a webhook
/// event id): the same reference always gives the same key, across restarts.
#[wasm_bindgen(js_name = idempotencyKeyFor)]
pub fn idempotency_key_for(reference: &str, namespace: Option<String>) -> String {
    crate::send::idempotency::key_for_reference(reference, namespace.as_deref().unwrap_or(""))
}

/// First 6 and last 4 digits of a card number, the rest as `*`.
#[wasm_bindgen(js_name = maskCardNumber)]
pub fn mask_card_number(text: &str) -> String {
    mask_pan(text)
}

/// The issues with a card number (digits, length 12–19, Luhn); empty when it is fine.
#[wasm_bindgen(js_name = checkCardNumber)]
pub fn check_card_number(text: &str) -> JsValue {
    let issues: Vec<ValidationIssue> = CardNumber::parse(text, "cardNumber").err().into_iter().collect();
    to_js(&issues)
}
