//! The events `onEvent` receives, built here so every provider reports the same shapes.
//! Everything passes through the client's [`Redactor`].

use super::retry::RetryReason;
use crate::http::{HttpRequest, HttpResponse};
use crate::json::Value;
use crate::redact::Redactor;
use crate::result::ProviderName;

/// `{ type: "request", provider, attempt, idempotencyKey, request: { method, url, headers, body } }`
pub fn request(r: &Redactor, provider: ProviderName, req: &HttpRequest, attempt: u32, key: Option<&str>) -> Value {
    crate::obj! { "type" => "request", "provider" => provider.as_str(), "attempt" => attempt,
                  "idempotencyKey" => Value::from(key).or_null(), "request" => r.request(req) }
}

/// `{ type: "response", provider, attempt, status, elapsedMs, idempotencyKey, body }`
pub fn response(r: &Redactor, provider: ProviderName, resp: &HttpResponse, attempt: u32, elapsed_ms: u64, key: Option<&str>) -> Value {
    crate::obj! { "type" => "response", "provider" => provider.as_str(), "attempt" => attempt, "status" => resp.status,
                  "elapsedMs" => elapsed_ms, "idempotencyKey" => Value::from(key).or_null(), "body" => r.body(&resp.body).or_null() }
}

/// `{ type: "retry", provider, retry, delayMs, reason, error?, idempotencyKey }`: the wait
/// before retry number `retry`.
pub fn retry(r: &Redactor, provider: ProviderName, retry: u32, delay_ms: u64, reason: RetryReason, error: Option<&str>, key: Option<&str>) -> Value {
    crate::obj! { "type" => "retry", "provider" => provider.as_str(), "retry" => retry, "delayMs" => delay_ms,
                  "reason" => reason.as_str(), "error" => error.map(|e| r.text(e)), "idempotencyKey" => Value::from(key).or_null() }
}

/// `{ type: "token", provider, source, expiresIn }`: a new access token was obtained.
pub fn token(provider: ProviderName, source: &str, expires_in_s: Option<u64>) -> Value {
    crate::obj! { "type" => "token", "provider" => provider.as_str(), "source" => source, "expiresIn" => Value::from(expires_in_s).or_null() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn request_events_are_redacted() {
        let mut r = Redactor::default();
        r.add_secret("topsecretkey");
        let req = HttpRequest::new(Method::Post, "https://x/refunds")
            .header("x-api-key", "topsecretkey")
            .json(&j!({ "cardNumber": "4111111111111111", "description": "uses topsecretkey" }));
        let text = request(&r, ProviderName::Payroc, &req, 1, Some("k")).to_json();
        assert!(!text.contains("topsecretkey") && !text.contains("4111111111111111"), "{text}");
        assert!(text.contains("\"idempotencyKey\":\"k\""));
    }
}
