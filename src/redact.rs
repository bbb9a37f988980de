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

    pub fn json(&self, mut value: Value) -> Value {
        self.scrub(&mut value);
        value
    }

    /// Redacts in place, touching only what must change (most of a response does not).
    fn scrub(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if is_one_of(key, SECRET_FIELDS) {
                        *v = Value::String(REDACTED.to_string());
                    } else if is_one_of(key, CARD_FIELDS) {
                        match v {
                            Value::String(s) => *s = mask_pan(s),
                            Value::Number(n) => *v = Value::String(mask_pan(&n.to_string())),
                            other => self.scrub(other),
                        }
                    } else if is_identifier_field(key) {
                        if let Value::String(s) = v {
                            if let Some(shown) = self.replace_secrets(s) {
                                *s = shown;
                            }
                        }
                    } else {
                        self.scrub(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub(v)),
            Value::String(s) => {
                if let Some(shown) = self.scrub_text(s) {
                    *s = shown;
                }
            }
            Value::Number(n) if n.as_u64().is_some_and(|u| u >= 100_000_000_000) => {
                if let Some(shown) = self.scrub_text(&n.to_string()) {
                    *value = Value::String(shown);
                }
            }
            _ => {}
        }
    }

    /// Masks known secrets and card-like digit runs (12–19 digits, Luhn-valid) in free text.
    pub fn text(&self, s: &str) -> String {
        self.scrub_text(s).unwrap_or_else(|| s.to_string())
    }

    /// The redacted text, or `None` when nothing in it needs hiding.
    fn scrub_text(&self, s: &str) -> Option<String> {
        let replaced = self.replace_secrets(s);
        let current = replaced.as_deref().unwrap_or(s);
        if has_digit_run(current, 12) {
            let masked = mask_card_runs(current);
            if masked != current {
                return Some(masked);
            }
        }
        replaced
    }

    /// Masks known secrets only (for identifiers, whose digits are not card numbers).
    fn secrets_only(&self, s: &str) -> String {
        self.replace_secrets(s).unwrap_or_else(|| s.to_string())
    }

    fn replace_secrets(&self, s: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for secret in &self.secrets {
            let current = out.as_deref().unwrap_or(s);
            if current.contains(secret.as_str()) {
                out = Some(current.replace(secret.as_str(), REDACTED));
            }
        }
        out
    }
}

fn is_one_of(key: &str, lower_names: &[&str]) -> bool {
    lower_names.iter().any(|n| key.eq_ignore_ascii_case(n))
}

/// Whether `s` holds at least `n` ASCII digits in a row.
fn has_digit_run(s: &str, n: usize) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

/// `merchantId`, `transactionId`, `timestamp`, ...: identifiers and times, whose digit runs
/// are not card numbers even when they happen to pass Luhn.
fn is_identifier_field(key: &str) -> bool {
    let k = key.as_bytes();
    let ends = |suffix: &[u8]| k.len() >= suffix.len() && k[k.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    ends(b"id") || ends(b"ids") || ends(b"datetime") || k.windows(9).any(|w| w.eq_ignore_ascii_case(b"timestamp"))
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
    fn non_ascii_keys_and_text_are_safe() {
        let r = Redactor::new(["s3cr3t".to_string()]);
        let v = r.json(json!({ "éd": "x", "日本id": PAN, "ключ": format!("s3cr3t {PAN}") }));
        assert_eq!(v["ключ"], json!("[redacted] 411111******1111"));
        assert_eq!(v["éd"], json!("x"));
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
