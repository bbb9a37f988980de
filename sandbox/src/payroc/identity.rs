//! `POST /payroc/identity/authorize`: an `x-api-key` for a bearer token.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::errors::not_authorized;
use crate::state::{Provider, Sandbox};

pub async fn authorize(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap) -> Response {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    let mut store = sandbox.store();
    if key != Some(store.payroc.api_key.as_str()) {
        // NOT CONFIRMED: the identity service's error body; RFC 7807 like the API.
        return not_authorized("Your identity could not be verified: the x-api-key is missing or wrong");
    }
    let token = store.issue_token(Provider::Payroc, &sandbox.config);
    axum::Json(json!({
        "access_token": token,
        "expires_in": sandbox.config.token_lifetime.as_secs(),
        "scope": "payments refunds devices",
        "token_type": "Bearer",
    }))
    .into_response()
}
