//! The HMAC check every Commerce Hub call starts with, as an axum extractor: `Api-Key`,
//! `Client-Request-Id`, `Timestamp` (±5 minutes), `Auth-Token-Type: HMAC` and
//! `Authorization = base64(HMAC-SHA256(apiSecret, apiKey + clientRequestId + timestamp +
//! body))` over the exact body bytes.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::errors::error_response;
use crate::clock;
use crate::state::Sandbox;

const TIMESTAMP_WINDOW_MS: i64 = 5 * 60 * 1000;

/// `base64(HMAC-SHA256(secret, message))`, shared with the demo signing route.
pub fn sign(secret: &str, message: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A correctly signed request: its Client-Request-Id and the body bytes it signed.
pub struct Signed {
    pub client_request_id: String,
    pub body: Bytes,
}

impl FromRequest<Arc<Sandbox>> for Signed {
    type Rejection = Response;

    async fn from_request(req: Request, sandbox: &Arc<Sandbox>) -> Result<Self, Response> {
        let headers = req.headers().clone();
        let crid = header(&headers, "client-request-id").map(str::to_string);
        let unauthorized = |field: &str, message: &str| {
            error_response(StatusCode::UNAUTHORIZED, crid.as_deref(), "APIM", "401", field, message)
        };
        let body = Bytes::from_request(req, sandbox)
            .await
            .map_err(|_| error_response(StatusCode::BAD_REQUEST, crid.as_deref(), "GATEWAY", "121", "", "Malformed JSON"))?;
        let Some(crid) = crid.as_deref() else {
            return Err(unauthorized("Client-Request-Id", "Client-Request-Id header is required."));
        };
        if crid.len() > 1024 {
            return Err(unauthorized("Client-Request-Id", "Client-Request-Id is too long."));
        }
        let (api_key, secret) = {
            let store = sandbox.store();
            (store.commercehub.api_key.clone(), store.commercehub.api_secret.clone())
        };
        if header(&headers, "api-key") != Some(api_key.as_str()) {
            return Err(unauthorized("Api-Key", "ApiKey and/or Authentication supplied are invalid."));
        }
        if !header(&headers, "auth-token-type").is_some_and(|t| t.eq_ignore_ascii_case("HMAC")) {
            return Err(unauthorized("Auth-Token-Type", "Auth-Token-Type must be HMAC."));
        }
        let Some(timestamp) = header(&headers, "timestamp") else {
            return Err(unauthorized("Timestamp", "Timestamp header is required."));
        };
        match timestamp.parse::<i64>() {
            Ok(ts) if (clock::now_ms() - ts).abs() <= TIMESTAMP_WINDOW_MS => {}
            _ => return Err(unauthorized("Timestamp", "Timestamp is missing, malformed or outside the 5 minute window.")),
        }
        let mut message = Vec::with_capacity(api_key.len() + crid.len() + timestamp.len() + body.len());
        message.extend_from_slice(api_key.as_bytes());
        message.extend_from_slice(crid.as_bytes());
        message.extend_from_slice(timestamp.as_bytes());
        message.extend_from_slice(&body);
        let expected = sign(&secret, &message);
        let given = header(&headers, "authorization").unwrap_or("");
        if expected.is_empty() || !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
            return Err(unauthorized("Authorization", "ApiKey and/or Authentication supplied are invalid."));
        }
        Ok(Signed { client_request_id: crid.to_string(), body })
    }
}
