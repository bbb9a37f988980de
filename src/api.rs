//! Everything the package calls, as plain functions of strings and numbers that answer JSON
//! text: the engine's calls, builders, Money and the helpers. `wasm.rs` exports each one
//! unchanged, so all of it is tested natively here.

use crate::connector::{self, OPERATIONS};
use crate::engine::{Engine, Input};
use crate::error::{ErrorCode, RefundError};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{Obj, ToJson, Value};
use crate::money::{Currency, Money};
use crate::redact::Redactor;
use crate::result::ProviderName;
use crate::send::AttemptOutcome;

/// The providers this build has: `["payroc", ...]`.
pub fn providers() -> String {
    Value::Array(connector::built().into_iter().map(|p| Value::from(p.as_str())).collect()).to_json()
}

/// The client methods of `provider`: `[[jsName, operationId, argumentCount, [extraOptions]], ...]`.
pub fn operations(provider: &str) -> String {
    let Some(provider) = ProviderName::parse(provider) else { return "[]".to_string() };
    let rows: Vec<Value> = OPERATIONS
        .iter()
        .enumerate()
        .filter(|(_, s)| s.providers.contains(&provider))
        .map(|(i, s)| {
            let extra: Vec<Value> = s.options.iter().map(|o| Value::from(*o)).collect();
            Value::Array(vec![s.js.into(), (i as u64).into(), (s.args as u64).into(), extra.into()])
        })
        .collect();
    Value::Array(rows).to_json()
}

/// The builder kinds of `provider` (or of every provider this build has).
pub fn builders(provider: &str) -> String {
    let wanted = ProviderName::parse(provider);
    let built = connector::built();
    let kinds: Vec<Value> = connector::BUILDERS
        .iter()
        .filter(|b| built.contains(&b.provider) && wanted.is_none_or(|p| p == b.provider))
        .map(|b| Value::Array(vec![b.kind.into(), b.provider.as_str().into()]))
        .collect();
    Value::Array(kinds).to_json()
}

impl Engine {
    pub fn response(&mut self, call: u32, status: u16, retry_after: Option<String>, body: String, now_ms: u64) -> String {
        let response = crate::http::HttpResponse { status, retry_after, body };
        self.drive(call, Input::Response(response), now_ms).to_json()
    }

    /// fetch failed: `kind` is `network`, `timeout` or `aborted`.
    pub fn failure(&mut self, call: u32, kind: &str, message: &str, now_ms: u64) -> String {
        let outcome = match kind {
            "timeout" => AttemptOutcome::Timeout,
            "aborted" => AttemptOutcome::Aborted,
            _ => AttemptOutcome::Network(message.to_string()),
        };
        self.drive(call, Input::Failure(outcome), now_ms).to_json()
    }

    pub fn resume(&mut self, call: u32, now_ms: u64) -> String {
        self.drive(call, Input::Resume, now_ms).to_json()
    }

    /// The caller's signal fired outside an attempt (a wait, a token, a signature).
    pub fn abort(&mut self, call: u32, now_ms: u64) -> String {
        self.drive(call, Input::Abort, now_ms).to_json()
    }

    pub fn signed(&mut self, call: u32, signature: &str, now_ms: u64) -> String {
        if signature.is_empty() {
            let e = RefundError::new(ErrorCode::Authentication, "sign() must resolve to the base64 signature").with_retryable(false);
            return self.drive(call, Input::AuthFailed(e), now_ms).to_json();
        }
        self.drive(call, Input::Signature(signature.to_string()), now_ms).to_json()
    }

    /// `getAccessToken()` or `sign()` threw or timed out, or the shared token request failed:
    /// `error` is that error's JSON (`{ code, message, ... }`) or a plain message.
    pub fn auth_failed(&mut self, call: u32, error: &str, now_ms: u64) -> String {
        let e = crate::json::parse(error)
            .map(|v| error_from_value(&v))
            .unwrap_or_else(|| RefundError::new(ErrorCode::Authentication, error).with_retryable(false));
        self.drive(call, Input::AuthFailed(e), now_ms).to_json()
    }
}

/// An error the JS side hands back (the shared token request's): its code, message, status
/// and whether it is worth retrying.
fn error_from_value(v: &Value) -> RefundError {
    let o = Obj::of(v);
    let code = match o.str("code") {
        Some("rate_limited") => ErrorCode::RateLimited,
        Some("network") => ErrorCode::Network,
        Some("timeout") => ErrorCode::Timeout,
        Some("aborted") => ErrorCode::Aborted,
        Some("provider_error") => ErrorCode::ProviderError,
        Some("invalid_response") => ErrorCode::InvalidResponse,
        Some("configuration") => ErrorCode::Configuration,
        _ => ErrorCode::Authentication,
    };
    let mut e = RefundError::new(code, o.str("message").unwrap_or("could not get an access token")).with_retryable(o.bool("retryable").unwrap_or(false));
    e.http_status = o.u64("httpStatus").and_then(|s| u16::try_from(s).ok());
    e.provider = o.str("provider").and_then(ProviderName::parse);
    e.details = o.get("details").cloned();
    e
}

/// `builder.validate()`: `{ issues }` or `{ error }` for a kind this build does not have.
pub fn validate(kind: &str, fields: &str, now_ms: u64) -> String {
    let fields = crate::json::parse(fields).unwrap_or_default();
    match connector::validate(kind, &fields, now_ms) {
        Ok(issues) => crate::obj! { "issues" => issues.iter().map(ToJson::to_value).collect::<Vec<_>>() }.to_json(),
        Err(e) => crate::obj! { "error" => e.to_value() }.to_json(),
    }
}

/// What a builder shows of its fields (`toJSON`, `inspect`, `String()`): card numbers masked,
/// secrets and CVVs redacted, free text with card numbers masked.
pub fn redact_fields(fields: &str) -> String {
    match crate::json::parse(fields) {
        Some(v) => Redactor::default().json(v).to_json(),
        None => "{}".to_string(),
    }
}

/// `Money.parse(text, currency)` → `{ minor, currency, exponent, formatted, display }` or `{ error }`.
pub fn money_parse(text: &str, currency: &str) -> String {
    money(currency, |c| Money::parse(text, c, "amount"))
}

/// `Money.fromMinor(minor, currency)`: `minor` is the number's or bigint's decimal text.
pub fn money_from_minor(minor: &str, currency: &str) -> String {
    money(currency, |c| Money::from_number_text(minor, c, "minor"))
}

fn money(currency: &str, make: impl FnOnce(Currency) -> Result<Money, ValidationIssue>) -> String {
    let result = Currency::parse(currency, "currency").and_then(make);
    match result {
        Ok(m) => crate::obj! {
            "minor" => m.minor(),
            "currency" => m.currency().code(),
            "exponent" => m.currency().exponent() as u64,
            "formatted" => m.to_decimal_string(),
            "display" => m.display(),
        }
        .to_json(),
        Err(issue) => crate::obj! { "error" => RefundError::validation(vec![issue]).to_value() }.to_json(),
    }
}

/// `Money.exponentOf(currency)`: `{ exponent }` or `{ error }`.
pub fn currency_exponent(currency: &str) -> String {
    match Currency::parse(currency, "currency") {
        Ok(c) => crate::obj! { "exponent" => c.exponent() as u64 }.to_json(),
        Err(issue) => crate::obj! { "error" => RefundError::validation(vec![issue]).to_value() }.to_json(),
    }
}

/// `idempotencyKeyFor(reference, namespace?)`.
pub fn key_for(reference: &str, namespace: &str) -> String {
    crate::send::idempotency::key_for_reference(reference, namespace)
}

/// `maskCardNumber(text)`: first 6 and last 4 digits of every card number in the text.
pub fn mask_card(text: &str) -> String {
    Redactor::default().text(text)
}

/// `checkCardNumber(text)`: the issues with a card number (empty when it is fine).
pub fn check_card(text: &str) -> String {
    let issues: Vec<Value> = crate::card::CardNumber::parse(text, "cardNumber").err().iter().map(ToJson::to_value).collect();
    Value::Array(issues).to_json()
}

/// An input the binding could not encode (a cycle, a throwing getter): one issue naming it.
pub fn unreadable(path: &str) -> String {
    let issue = ValidationIssue::new(path, IssueCode::InvalidType, "must be plain data (strings, numbers, objects, Money); cycles are not accepted");
    crate::obj! { "t" => "error", "error" => RefundError::validation(vec![issue]).to_value() }.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_crosses_as_json() {
        assert_eq!(money_parse("12.50", "USD"), r#"{"minor":1250,"currency":"USD","exponent":2,"formatted":"12.50","display":"$12.50"}"#);
        assert!(money_parse("10.001", "USD").contains("too_many_decimals"));
        assert!(money_from_minor("1e21", "USD").contains("not_an_integer"));
        assert!(money_from_minor("5", "usd").contains("invalid_currency"));
        assert_eq!(currency_exponent("KWD"), r#"{"exponent":3}"#);
    }

    #[test]
    fn operations_list_each_providers_methods() {
        let payroc = operations("payroc");
        assert!(payroc.contains(r#"["refund",0,1,[]]"#) && payroc.contains("waitForRefundInstruction"));
        assert!(!payroc.contains("refundCharge"));
        assert_eq!(operations("nobody"), "[]");
    }

    #[test]
    fn builders_show_no_card_numbers() {
        let shown = redact_fields(r#"{"refundMethod":{"card":{"cardNumber":"4111111111111111","cvv":"123"}},"description":"for 4111 1111 1111 1111"}"#);
        assert!(!shown.contains("4111111111111111") && !shown.contains("4111 1111 1111 1111") && !shown.contains("123"), "{shown}");
    }
}
