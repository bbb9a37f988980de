//! Redaction: what events, previews and errors may show of a request or response.
//!
//! Three layers, so that one miss is caught by the next: secret-bearing headers are
//! replaced, sensitive JSON fields are masked, and any known secret value or Luhn-valid
//! card-length digit run left anywhere in the text is masked too.

use crate::card::{luhn_valid, mask_pan};
use crate::http::HttpRequest;
use serde::Serialize;
use serde_json::Value;

pub const REDACTED: &str = "[redacted]";

const SECRET_HEADERS: &[&str] = &["authorization", "x-api-key", "api-key"];
const SECRET_FIELDS: &[&str] = &[
    "cvv", "cvv2", "cvc", "securitycode", "cardsecuritycode", "pinblock", "encryptiondata", "client_secret",
    "clientsecret", "apisecret", "apikey", "password", "access_token", "accesstoken", "track1", "track2",
    "emvdata",
];
/// Headers that carry identifiers, never card data: their digit runs (a 13-digit timestamp,
/// a Luhn-valid merchant id) are left alone.
const ID_HEADERS: &[&str] = &["timestamp", "client-request-id", "request-id", "idempotency-key", "merchant-id"];
const CARD_FIELDS: &[&str] = &["cardnumber", "accountnumber", "pan", "number"];

/// Knows the secrets of one client, and masks them and card numbers wherever they appear.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// A request as events and `prepare()` show it: `{ method, url, headers, body }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedactedRequest {
    pub method: String,
    pub url: String,
    /// Header names as sent, values redacted.
    pub headers: serde_json::Map<String, Value>,
    /// The body as JSON when it is JSON, else as text.
    pub body: Option<Value>,
}

impl Redactor {
    /// A redactor for these secret values (API keys, client secrets, tokens); empty ones are ignored.
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Redactor {
        Redactor { secrets: secrets.into_iter().filter(|s| s.len() >= 4).collect() }
    }

    /// Adds a secret learned later (an access token).
    pub fn add_secret(&mut self, secret: &str) {
        if secret.len() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
        }
    }

    pub fn request(&self, req: &HttpRequest) -> RedactedRequest {
        RedactedRequest {
            method: req.method.as_str().to_string(),
            url: self.text(&req.url),
            headers: self.headers(&req.headers).into_iter().map(|(n, v)| (n, Value::String(v))).collect(),
            body: req.body.as_deref().map(|b| self.body(b)),
        }
    }

    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(n, v)| {
                let name = n.to_ascii_lowercase();
                let shown = if SECRET_HEADERS.contains(&name.as_str()) {
                    REDACTED.to_string()
                } else if ID_HEADERS.contains(&name.as_str()) {
                    self.secrets_only(v)
                } else {
                    self.text(v)
                };
                (n.clone(), shown)
            })
            .collect()
    }

    /// A body for display: JSON with sensitive fields masked, or redacted text.
    pub fn body(&self, bytes: &[u8]) -> Value {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => self.json(v),
            Err(_) => Value::String(self.text(&String::from_utf8_lossy(bytes))),
        }
    }

    pub fn json(&self, value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let key = k.to_ascii_lowercase();
                        let v = if SECRET_FIELDS.contains(&key.as_str()) {
                            Value::String(REDACTED.to_string())
                        } else if CARD_FIELDS.contains(&key.as_str()) {
                            match v {
                                Value::String(s) => Value::String(mask_pan(&s)),
                                Value::Number(n) => Value::String(mask_pan(&n.to_string())),
                                other => self.json(other),
                            }
                        } else if is_identifier_field(&key) {
                            match v {
                                Value::String(s) => Value::String(self.secrets_only(&s)),
                                other => other,
                            }
                        } else {
                            self.json(v)
                        };
                        (k, v)
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.json(v)).collect()),
            Value::String(s) => Value::String(self.text(&s)),
            Value::Number(n) if n.as_u64().is_some_and(|u| u >= 100_000_000_000) => {
                let masked = self.text(&n.to_string());
                if masked == n.to_string() {
                    Value::Number(n)
                } else {
                    Value::String(masked)
                }
            }
            other => other,
        }
    }

    /// Masks known secrets and card-like digit runs (12–19 digits, Luhn-valid) in free text.
    pub fn text(&self, s: &str) -> String {
        mask_card_runs(&self.secrets_only(s))
    }

    /// Masks known secrets only (for identifiers, whose digits are not card numbers).
    fn secrets_only(&self, s: &str) -> String {
        let mut out = s.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }
}

/// `merchantId`, `transactionId`, `timestamp`, ...: identifiers and times, whose digit runs
/// are not card numbers even when they happen to pass Luhn.
fn is_identifier_field(lower_key: &str) -> bool {
    lower_key.ends_with("id") || lower_key.ends_with("ids") || lower_key.contains("timestamp") || lower_key.ends_with("datetime")
}

fn mask_card_runs(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &s[start..i];
            if (12..=19).contains(&run.len()) && luhn_valid(run) {
                out.push_str(&mask_pan(run));
            } else {
                out.push_str(run);
            }
        } else {
            let ch_len = s[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&s[i..i + ch_len]);
            i += ch_len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use serde_json::json;

    const PAN: &str = "4111111111111111";

    #[test]
    fn headers_bodies_and_text_hide_secrets_and_cards() {
        let r = Redactor::new(["sk_live_secret_key".to_string()]);
        let req = HttpRequest::new(Method::Post, "https://x/refunds")
            .header("Authorization", "Bearer tok")
            .header("x-api-key", "k")
            .header("Idempotency-Key", "abc")
            .json(&json!({ "card": { "cardNumber": PAN, "cvv": "123" }, "note": format!("pan {PAN} key sk_live_secret_key") }));
        let shown = serde_json::to_string(&r.request(&req)).unwrap();
        assert!(!shown.contains(PAN), "{shown}");
        assert!(!shown.contains("sk_live_secret_key"));
        assert!(!shown.contains("\"123\""));
        assert!(!shown.contains("tok"));
        assert!(shown.contains("411111******1111"));
        assert!(shown.contains("abc"), "idempotency keys stay visible");
    }

    #[test]
    fn identifiers_that_pass_luhn_are_not_cards() {
        let r = Redactor::default();
        let req = HttpRequest::new(Method::Post, "https://x")
            .header("Timestamp", "1795392000000")
            .json(&json!({ "merchantDetails": { "merchantId": "100008000003683" }, "emvData": "5A08411111", "note": PAN }));
        let shown = serde_json::to_string(&r.request(&req)).unwrap();
        assert!(shown.contains("100008000003683") && shown.contains("1795392000000"), "{shown}");
        assert!(!shown.contains("5A08411111") && !shown.contains(PAN));
    }

    #[test]
    fn non_card_numbers_stay() {
        let r = Redactor::default();
        assert_eq!(r.text("order 1234567890123 amount 4000"), "order 1234567890123 amount 4000");
        assert_eq!(r.text("x4111111111111111y"), "x411111******1111y");
        assert_eq!(r.body(b"grant_type=x&client_secret=s3cr3t"), json!("grant_type=x&client_secret=s3cr3t"));
        let r = Redactor::new(["s3cr3t".to_string()]);
        assert_eq!(r.body(b"client_secret=s3cr3t"), json!("client_secret=[redacted]"));
    }
}
