//! Redaction: the one step everything the SDK hands back passes through (results and their
//! `raw`, errors, events, previews, builders' `toJSON`).
//!
//! Three layers, so that one miss is caught by the next: secret-bearing headers are
//! replaced, sensitive JSON fields are masked, and any known secret value or Luhn-valid
//! card-length digit run (also written with spaces or dashes) left anywhere in the text is
//! masked too.

use crate::card::{card_runs, mask_pan};
use crate::http::HttpRequest;
use crate::json::{Map, Value};
use secrecy::{ExposeSecret, SecretString};

pub const REDACTED: &str = "[redacted]";

const SECRET_HEADERS: &[&str] = &["authorization", "x-api-key", "api-key"];
const SECRET_FIELDS: &[&str] = &[
    "cvv", "cvv2", "cvc", "securitycode", "cardsecuritycode", "pinblock", "encryptedpin", "encryptiondata",
    "encryptionblock", "client_secret", "clientsecret", "apisecret", "apikey", "password", "access_token",
    "accesstoken", "token", "track1", "track2", "emvdata",
];
/// Headers that carry identifiers, never card data: their digit runs (a 13-digit timestamp,
/// a Luhn-valid merchant id) are left alone.
const ID_HEADERS: &[&str] = &["timestamp", "client-request-id", "request-id", "idempotency-key", "merchant-id"];
const CARD_FIELDS: &[&str] = &["cardnumber", "accountnumber", "pan", "number"];

/// Knows the secrets of one client, and masks them and card numbers wherever they appear.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<SecretString>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor").field("secrets", &self.secrets.len()).finish()
    }
}

impl Redactor {
    /// Adds a secret value (an API key, a client secret, a token); short ones are ignored.
    pub fn add_secret(&mut self, secret: &str) {
        if secret.len() >= 4 && !self.secrets.iter().any(|s| s.expose_secret() == secret) {
            self.secrets.push(SecretString::from(secret.to_string()));
        }
    }

    /// A request as events and `prepare()` show it: `{ method, url, headers, body }`, header
    /// names as sent and values redacted, the body as JSON when it is JSON, else as text.
    pub fn request(&self, req: &HttpRequest) -> Value {
        let mut headers = Map::new();
        for (n, v) in &req.headers {
            let name = n.to_ascii_lowercase();
            let shown = if SECRET_HEADERS.contains(&name.as_str()) {
                REDACTED.to_string()
            } else if ID_HEADERS.contains(&name.as_str()) {
                self.replace_secrets(v).unwrap_or_else(|| v.clone())
            } else {
                self.text(v)
            };
            headers.insert(n.clone(), shown);
        }
        crate::obj! {
            "method" => req.method.as_str(),
            "url" => self.text(&req.url),
            "headers" => headers,
            "body" => req.body.as_deref().map(|b| self.body(b)),
        }
    }

    /// A body for display: JSON with sensitive fields masked, or redacted text.
    pub fn body(&self, text: &str) -> Value {
        match crate::json::parse(text) {
            Some(v) => self.json(v),
            None => Value::String(self.text(text)),
        }
    }

    pub fn json(&self, mut value: Value) -> Value {
        self.scrub(&mut value);
        value
    }

    /// Whether [`Redactor::json`] would change anything: most answers need no change, and
    /// then their text can be handed on as it came.
    pub fn is_clean(&self, value: &Value) -> bool {
        let mut copy_needed = false;
        self.visit(value, &mut copy_needed);
        !copy_needed
    }

    fn visit(&self, value: &Value, dirty: &mut bool) {
        if *dirty {
            return;
        }
        match value {
            Value::Object(map) => {
                if map.keys().any(|k| self.scrub_text(k).is_some()) {
                    *dirty = true;
                    return;
                }
                for (key, v) in map.iter() {
                    if is_one_of(key, SECRET_FIELDS) || (is_one_of(key, CARD_FIELDS) && !v.is_object() && v.as_array().is_none()) {
                        // A masked card number stays as it is; anything else would change.
                        if !(is_one_of(key, CARD_FIELDS) && v.as_str().is_some_and(|s| mask_pan(s) == s)) {
                            *dirty = true;
                        }
                    } else if let (true, Some(s)) = (is_identifier_field(key), v.as_str().or(v.as_number())) {
                        if self.identifier_shown(s).is_some() {
                            *dirty = true;
                        }
                    } else {
                        self.visit(v, dirty);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| self.visit(v, dirty)),
            Value::String(s) => *dirty |= self.scrub_text(s).is_some(),
            Value::Number(n) => *dirty |= self.scrub_text(n).is_some(),
            _ => {}
        }
    }

    /// Redacts in place, touching only what must change (most of an answer does not).
    fn scrub(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                // A name can carry what a value can (an answer that echoes a key as a field name).
                let renamed: Vec<(String, String)> = map.keys().filter_map(|k| self.scrub_text(k).map(|shown| (k.to_string(), shown))).collect();
                for (name, shown) in renamed {
                    if let Some(v) = map.remove(&name) {
                        map.insert(shown, v);
                    }
                }
                for (key, v) in map.iter_mut() {
                    if is_one_of(key, SECRET_FIELDS) {
                        *v = Value::String(REDACTED.to_string());
                    } else if is_one_of(key, CARD_FIELDS) {
                        match v {
                            Value::String(s) => *s = mask_pan(s),
                            Value::Number(n) => *v = Value::String(mask_pan(n)),
                            other => self.scrub(other),
                        }
                    } else if let (true, Some(text)) = (is_identifier_field(key), v.as_str().or(v.as_number())) {
                        // An identifier's own digits are read by the identifier rule; what is
                        // nested under one is read as usual.
                        if let Some(shown) = self.identifier_shown(text) {
                            *v = Value::String(shown);
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
            Value::Number(n) => {
                if let Some(shown) = self.scrub_text(n) {
                    *value = Value::String(shown);
                }
            }
            _ => {}
        }
    }

    /// Masks known secrets and card-like digit runs (12–19 digits, Luhn-valid, with or
    /// without spaces or dashes) in free text.
    pub fn text(&self, s: &str) -> String {
        self.scrub_text(s).unwrap_or_else(|| s.to_string())
    }

    /// The redacted text, or `None` when nothing in it needs hiding.
    fn scrub_text(&self, s: &str) -> Option<String> {
        let replaced = self.replace_secrets(s);
        let current = replaced.as_deref().unwrap_or(s);
        let runs = if has_digit_run(current, 3) { card_runs(current, 12) } else { vec![] };
        if runs.is_empty() {
            return replaced;
        }
        let mut out = String::with_capacity(current.len());
        let mut at = 0;
        for run in runs {
            out.push_str(&current[at..run.start]);
            out.push_str(&mask_pan(&run.digits));
            at = run.end;
        }
        out.push_str(&current[at..]);
        Some(out)
    }

    /// An identifier, key or time as shown: secrets replaced, and masked only when the whole
    /// of it is a card number by its brand's first digit (2–6) and Luhn; a 15-digit merchant
    /// id or a 13-digit timestamp (first digit 1) stays, a UUID stays.
    fn identifier_shown(&self, text: &str) -> Option<String> {
        let replaced = self.replace_secrets(text);
        let current = replaced.as_deref().unwrap_or(text);
        let b = current.as_bytes();
        let whole_card = (13..=19).contains(&b.len()) && (b'2'..=b'6').contains(&b[0]) && b.iter().all(u8::is_ascii_digit) && crate::card::luhn_valid(current);
        if whole_card {
            Some(mask_pan(current))
        } else {
            replaced
        }
    }

    fn replace_secrets(&self, s: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for secret in &self.secrets {
            let secret = secret.expose_secret();
            let current = out.as_deref().unwrap_or(s);
            if current.contains(secret) {
                out = Some(current.replace(secret, REDACTED));
            }
        }
        out
    }
}

fn is_one_of(key: &str, lower_names: &[&str]) -> bool {
    lower_names.iter().any(|n| key.eq_ignore_ascii_case(n))
}

/// Whether `s` holds at least `n` ASCII digits in a row (a cheap test before the scan).
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

/// `merchantId`, `transactionId`, `idempotencyKey`, `requestIdentifier`, `timestamp`, ...:
/// identifiers, keys and times, whose digit runs are not card numbers even when they
/// happen to pass Luhn. (An idempotency key must come back exactly as it was sent: a retry
/// with a masked one is a new refund. A caller's key with card data in it is refused.)
fn is_identifier_field(key: &str) -> bool {
    let k = key.as_bytes();
    let ends = |suffix: &[u8]| k.len() >= suffix.len() && k[k.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    ends(b"id")
        || ends(b"ids")
        || ends(b"key")
        || ends(b"identifier")
        || ends(b"datetime")
        || k.windows(9).any(|w| w.eq_ignore_ascii_case(b"timestamp"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    const PAN: &str = "4111111111111111";

    fn with(secret: &str) -> Redactor {
        let mut r = Redactor::default();
        r.add_secret(secret);
        r
    }

    #[test]
    fn headers_bodies_and_text_hide_secrets_and_cards() {
        let r = with("sk_live_secret_key");
        let req = HttpRequest::new(Method::Post, "https://x/refunds")
            .header("Authorization", "Bearer tok")
            .header("x-api-key", "k")
            .header("Idempotency-Key", "abc")
            .json(&j!({ "card": { "cardNumber": PAN, "cvv": "123" }, "note": format!("pan {PAN} key sk_live_secret_key") }));
        let shown = r.request(&req).to_json();
        assert!(!shown.contains(PAN), "{shown}");
        assert!(!shown.contains("sk_live_secret_key"));
        assert!(!shown.contains("\"123\""));
        assert!(!shown.contains("tok"));
        assert!(shown.contains("411111******1111"));
        assert!(shown.contains("abc"), "idempotency keys stay visible");
    }

    #[test]
    fn card_numbers_with_spaces_or_dashes_are_masked() {
        let r = Redactor::default();
        assert_eq!(r.text("card 4111 1111 1111 1111 ok"), "card 411111******1111 ok");
        assert_eq!(r.text("card 4111-1111-1111-1111"), "card 411111******1111");
        assert_eq!(r.json(j!({ "d": "4111 1111 1111 1111" }))["d"], "411111******1111");
    }

    #[test]
    fn identifiers_that_pass_luhn_are_not_cards() {
        let r = Redactor::default();
        let req = HttpRequest::new(Method::Post, "https://x")
            .header("Timestamp", "1795392000000")
            .json(&j!({ "merchantDetails": { "merchantId": "100008000003683" }, "emvData": "5A08411111", "note": PAN }));
        let shown = r.request(&req).to_json();
        assert!(shown.contains("100008000003683") && shown.contains("1795392000000"), "{shown}");
        // A key must come back as it was sent, whatever its digits.
        assert_eq!(r.json(j!({ "transactionId": PAN }))["transactionId"], "411111******1111", "a whole card number in an id is still one");
        let named = with("s3cr3t").json(j!({ "xs3cr3tx": 1, PAN: 2 })).to_json();
        assert!(!named.contains("s3cr3t") && !named.contains(PAN), "{named}");
        let nested = r.json(j!({ "transactionId": { "refunds": PAN } }));
        assert_eq!(nested["transactionId"]["refunds"], "411111******1111", "only an identifier's own text is left alone");
        let key = "5b1f0d4c-4111-1111-1111-111111111111";
        assert_eq!(r.json(j!({ "idempotencyKey": key, "requestIdentifier": key }))["idempotencyKey"], key);
        assert!(!shown.contains("5A08411111") && !shown.contains(PAN));
    }

    #[test]
    fn clean_values_are_recognised() {
        let r = with("s3cr3t");
        assert!(r.is_clean(&j!({ "paymentId": "M2MJOG6O2Y", "amount": 4999, "card": { "cardNumber": "453985******7062" } })));
        assert!(!r.is_clean(&j!({ "card": { "cardNumber": PAN } })));
        assert!(!r.is_clean(&j!({ "cvv": "123" })));
        assert!(!r.is_clean(&j!({ "note": "s3cr3t" })));
        assert!(!r.is_clean(&j!([{ "n": 4111111111111111u64 }])));
    }

    #[test]
    fn non_ascii_keys_and_text_are_safe() {
        let r = with("s3cr3t");
        let v = r.json(j!({ "éd": "x", "日本id": PAN, "ключ": format!("s3cr3t {PAN}") }));
        assert_eq!(v["ключ"], j!("[redacted] 411111******1111"));
        assert_eq!(v["éd"], j!("x"));
    }

    #[test]
    fn non_card_numbers_stay() {
        let r = Redactor::default();
        assert_eq!(r.text("order 1234567890123 amount 4000"), "order 1234567890123 amount 4000");
        assert_eq!(r.text("x4111111111111111y"), "x411111******1111y");
        assert_eq!(r.body("grant_type=x&client_secret=s3cr3t"), j!("grant_type=x&client_secret=s3cr3t"));
        assert_eq!(with("s3cr3t").body("client_secret=s3cr3t"), j!("client_secret=[redacted]"));
        assert!(!format!("{:?}", with("s3cr3t")).contains("s3cr3t"));
    }
}
