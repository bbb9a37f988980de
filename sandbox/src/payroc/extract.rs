//! The checks every Payroc call starts with, as axum extractors, one per concern, in the
//! order a handler lists them: the bearer token, the Idempotency-Key, the JSON body.
//! Each rejects with the Payroc problem the gateway would send.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::errors::{bad_request, json_response, not_authorized, problem};
use super::state::SavedResponse;
use crate::state::{Provider, Sandbox, Store, TokenCheck};

/// A live bearer token from `/payroc/identity/authorize` (missing, unknown or expired → 401).
pub struct PayrocAuth;

impl FromRequestParts<Arc<Sandbox>> for PayrocAuth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, sandbox: &Arc<Sandbox>) -> Result<Self, Response> {
        let auth = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        match sandbox.store().check_bearer(Provider::Payroc, auth) {
            TokenCheck::Valid => Ok(PayrocAuth),
            _ => Err(not_authorized(
                "We can’t verify your identity. This can occur if your Bearer token has expired.",
            )),
        }
    }
}

/// The `Idempotency-Key` every POST needs: a UUID, kept lower-case. NOT CONFIRMED: the
/// exact error for a non-UUID key; we answer 400 bad-request naming the header.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let Some(value) = parts.headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                "idempotency-key-missing",
                "Idempotency key missing",
                "The Idempotency-Key header is required for this request",
                vec![json!({ "parameter": "Idempotency-Key", "message": "Idempotency-Key header is missing" })],
            ));
        };
        let value = value.trim();
        if uuid::Uuid::parse_str(value).is_err() || value.len() != 36 {
            return Err(bad_request("Idempotency-Key", "Idempotency-Key must be a UUID"));
        }
        Ok(IdempotencyKey(value.to_ascii_lowercase()))
    }
}

/// A request body that is a JSON object, with its exact bytes (the idempotency
/// fingerprint covers the bytes, not the parsed value).
pub struct JsonObject {
    pub raw: Bytes,
    pub value: Value,
}

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let raw = Bytes::from_request(req, state)
            .await
            .map_err(|_| bad_request("body", "The request body could not be read"))?;
        match serde_json::from_slice::<Value>(&raw) {
            Ok(value @ Value::Object(_)) => Ok(JsonObject { raw, value }),
            _ => Err(bad_request("body", "The request body must be a JSON object")),
        }
    }
}

/// Like [`JsonObject`] for routes whose body is optional: an empty body reads as `{}`.
pub struct OptionalJsonObject(pub JsonObject);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonObject {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let raw = Bytes::from_request(req, state)
            .await
            .map_err(|_| bad_request("body", "The request body could not be read"))?;
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonObject(JsonObject { raw, value: json!({}) }));
        }
        match serde_json::from_slice::<Value>(&raw) {
            Ok(value @ Value::Object(_)) => Ok(OptionalJsonObject(JsonObject { raw, value })),
            _ => Err(bad_request("body", "The request body must be a JSON object")),
        }
    }
}

/// `http://<Host>` for the links in responses.
pub struct BaseUrl(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(BaseUrl(base_url(&parts.headers)))
    }
}

pub fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Runs `f` once per Idempotency-Key: same key, path and body → the saved response (same
/// status); same key with another path or body → 409. Only successful responses are
/// saved (NOT CONFIRMED whether Payroc stores errors), so a rejected request can be fixed
/// and resent with its key.
pub fn idempotent(
    sandbox: &Sandbox,
    key: &str,
    path: &str,
    body: &[u8],
    f: impl FnOnce(&mut Store) -> Result<(StatusCode, Value), Response>,
) -> Response {
    let mut fingerprint = path.as_bytes().to_vec();
    fingerprint.push(b'\n');
    fingerprint.extend_from_slice(body);
    let mut store = sandbox.store();
    if let Some(saved) = store.payroc.idempotency.get(key) {
        if saved.fingerprint == fingerprint {
            return json_response(saved.status, saved.body.clone());
        }
        return problem(
            StatusCode::CONFLICT,
            "idempotency-key-in-use",
            "Idempotency key in use",
            "The Idempotency-Key was already used with a different request",
            vec![json!({ "parameter": "Idempotency-Key", "message": "Idempotency-Key was used with a different URI or body" })],
        );
    }
    match f(&mut store) {
        Ok((status, body)) => {
            store
                .payroc
                .idempotency
                .insert(key.to_string(), SavedResponse { fingerprint, status, body: body.clone() });
            json_response(status, body)
        }
        Err(resp) => resp,
    }
}
