//! The checks every J.P. Morgan API call starts with, as axum extractors: the bearer token
//! and `merchant-id` (one concern: who is calling for which merchant), the `request-id`,
//! the JSON body.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::errors::{error_response, validation_error};
use crate::state::{Provider, Sandbox, TokenCheck};

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// A live bearer token and the seeded `merchant-id`.
pub struct JpmAuth;

impl FromRequestParts<Arc<Sandbox>> for JpmAuth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, sandbox: &Arc<Sandbox>) -> Result<Self, Response> {
        let auth = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let store = sandbox.store();
        match store.check_bearer(Provider::Jpmorgan, auth) {
            TokenCheck::Valid => {}
            TokenCheck::Expired => {
                return Err(error_response(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Access token expired", vec![]))
            }
            _ => {
                return Err(error_response(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Missing or invalid access token", vec![]))
            }
        }
        let Some(merchant) = header(&parts.headers, "merchant-id") else {
            return Err(validation_error("merchant-id", "MISSING_HEADER", "merchant-id header is required"));
        };
        if merchant != store.jpmorgan.merchant_id {
            // NOT CONFIRMED: the answer for a merchant the token may not use.
            return Err(error_response(StatusCode::FORBIDDEN, "UNAUTHORIZED", "Merchant not authorized for this client", vec![]));
        }
        Ok(JpmAuth)
    }
}

/// The `request-id` header (required on POST, PATCH and the requestIdentifier lookup).
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        match header(&parts.headers, "request-id") {
            Some(id) if id.len() <= 100 => Ok(RequestId(id.to_string())),
            Some(_) => Err(validation_error("request-id", "INVALID_LENGTH", "request-id must be at most 100 characters")),
            None => Err(validation_error("request-id", "MISSING_HEADER", "request-id header is required")),
        }
    }
}

/// A JSON object body with its exact bytes (the request-id replay compares the bytes).
pub struct JpmJson {
    pub raw: Bytes,
    pub value: Value,
}

impl<S: Send + Sync> FromRequest<S> for JpmJson {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let invalid = || validation_error("body", "INVALID_JSON", "The request body must be a JSON object");
        let raw = Bytes::from_request(req, state).await.map_err(|_| invalid())?;
        match serde_json::from_slice::<Value>(&raw) {
            Ok(value @ Value::Object(_)) => Ok(JpmJson { raw, value }),
            _ => Err(invalid()),
        }
    }
}

/// Runs `f` once per request-id: the same request-id on the same route with the same
/// body → the saved response; with another route or body → 409 DUPLICATE (NOT CONFIRMED:
/// J.P. Morgan documents no replay; 409 DUPLICATE as on its sibling APIs). Only 200s are
/// saved, so a rejected request can be fixed and resent.
pub fn replayed(
    sandbox: &Sandbox,
    request_id: &str,
    route: &str,
    body: &[u8],
    f: impl FnOnce(&mut crate::state::Store) -> Result<(Value, Option<String>), Response>,
) -> Response {
    let mut fingerprint = route.as_bytes().to_vec();
    fingerprint.push(b'\n');
    fingerprint.extend_from_slice(body);
    let mut store = sandbox.store();
    if let Some(saved) = store.jpmorgan.requests.get(request_id) {
        if saved.fingerprint == fingerprint {
            return Json(saved.response.clone()).into_response();
        }
        return error_response(StatusCode::CONFLICT, "DUPLICATE", "request-id was already used for a different request", vec![]);
    }
    match f(&mut store) {
        Ok((response, refund_id)) => {
            store.jpmorgan.requests.insert(
                request_id.to_string(),
                super::state::SavedRequest { fingerprint, response: response.clone(), refund_id },
            );
            Json(response).into_response()
        }
        Err(r) => r,
    }
}
