//! Demo backend for the browser console: the page never holds a secret. It asks this
//! "merchant backend" for short-lived tokens and Commerce Hub signatures.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::state::{Provider, Sandbox};

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/_demo/payroc/token", post(payroc_token))
        .route("/_demo/jpmorgan/token", post(jpmorgan_token))
        .route("/_demo/commercehub/sign", post(commercehub_sign))
}

fn token(sandbox: &Sandbox, provider: Provider) -> Json<Value> {
    let token = sandbox.store().issue_token(provider, &sandbox.config);
    Json(json!({ "accessToken": token, "expiresIn": sandbox.config.token_lifetime.as_secs() }))
}

async fn payroc_token(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    token(&sandbox, Provider::Payroc)
}

async fn jpmorgan_token(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    token(&sandbox, Provider::Jpmorgan)
}

/// `{ "message": "<apiKey + clientRequestId + timestamp + body>" }` → `{ "signature" }`.
async fn commercehub_sign(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let Some(message) = req.get("message").and_then(Value::as_str) else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "message (string) is required" }))).into_response();
    };
    let secret = sandbox.store().commercehub.api_secret.clone();
    Json(json!({ "signature": crate::commercehub::sign(&secret, message.as_bytes()) })).into_response()
}
