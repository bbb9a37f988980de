//! The admin API under `/_sandbox/`: reset, seed, ledger, faults, stats, device presents.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::faults::FaultSpec;
use crate::seed::Seed;
use crate::state::Sandbox;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/seed", get(seed).post(load_seed))
        .route("/_sandbox/ledger", get(ledger))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/_sandbox/devices/{serialNumber}/present", post(present))
}

fn admin_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

async fn reset(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    sandbox.reset(None);
    Json(json!({ "reset": true }))
}

async fn seed(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(serde_json::to_value(&sandbox.store().seed).unwrap_or_default())
}

/// Replaces the seed with the posted one and resets to it.
async fn load_seed(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    match Seed::parse(&String::from_utf8_lossy(&body)) {
        Ok(seed) => {
            sandbox.reset(Some(seed));
            Json(json!({ "reset": true })).into_response()
        }
        Err(e) => admin_error(StatusCode::BAD_REQUEST, &e),
    }
}

async fn ledger(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(serde_json::to_value(&sandbox.store().ledger).unwrap_or_default())
}

async fn stats(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(serde_json::to_value(&sandbox.store().stats).unwrap_or_default())
}

async fn list_faults(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(Value::Array(sandbox.fault_table().list()))
}

async fn add_fault(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let spec: FaultSpec = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => return admin_error(StatusCode::BAD_REQUEST, &format!("fault: {e}")),
    };
    if let Err(e) = spec.validate() {
        return admin_error(StatusCode::BAD_REQUEST, &e);
    }
    sandbox.fault_table().add(spec.clone());
    (StatusCode::CREATED, Json(serde_json::to_value(spec).unwrap_or_default())).into_response()
}

async fn clear_faults(State(sandbox): State<Arc<Sandbox>>) -> StatusCode {
    sandbox.fault_table().clear();
    StatusCode::NO_CONTENT
}

/// Body (optional): `{ "outcome": "failure", "errorMessage": "..." }` fails the
/// instruction instead of completing it.
async fn present(
    State(sandbox): State<Arc<Sandbox>>,
    Path(serial): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let failure = (req.get("outcome").and_then(Value::as_str) == Some("failure")).then(|| {
        req.get("errorMessage")
            .and_then(Value::as_str)
            .unwrap_or("The card could not be read")
            .to_string()
    });
    match crate::payroc_devices::present(&sandbox, &serial, failure) {
        Some(id) => {
            let base = crate::payroc::base_url(&headers);
            Json(crate::payroc_devices::instruction_view(&sandbox, &id, &base).unwrap_or_default()).into_response()
        }
        None => admin_error(StatusCode::NOT_FOUND, "no refund instruction in progress on that device"),
    }
}
