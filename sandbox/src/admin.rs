//! The admin API under `/_sandbox/`: reset, seed, ledger, faults, stats, device presents,
//! finalizing pending refunds, closing open batches.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::faults::FaultSpec;
use crate::payroc::extract::base_url;
use crate::seed::Seed;
use crate::state::{Finalize, Provider, Sandbox, Store};

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/seed", get(seed).post(load_seed))
        .route("/_sandbox/ledger", get(ledger))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/_sandbox/devices/{serialNumber}/present", post(present))
        .route("/_sandbox/refunds/{provider}/{refundId}/finalize", post(finalize))
        .route("/_sandbox/settle", post(settle))
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
    match crate::payroc::devices::present(&sandbox, &serial, failure) {
        Some(id) => {
            let base = base_url(&headers);
            Json(crate::payroc::devices::instruction_view(&sandbox, &id, &base).unwrap_or_default()).into_response()
        }
        None => admin_error(StatusCode::NOT_FOUND, "no refund instruction in progress on that device"),
    }
}

/// The refund as its provider's lookup shows it now: Payroc `retrievedRefund`, the J.P.
/// Morgan refund response, the Commerce Hub transaction (inquiry entry).
fn refund_view(store: &Store, provider: Provider, id: &str, base: &str) -> Value {
    match provider {
        Provider::Payroc => store
            .payroc
            .refunds
            .get(id)
            .map(|r| crate::payroc::views::refund_json(&store.payroc, r, base))
            .unwrap_or_default(),
        Provider::Jpmorgan => store.jpmorgan.refunds.get(id).map(|r| r.response.clone()).unwrap_or_default(),
        Provider::Commercehub => {
            let state = &store.commercehub;
            state
                .transactions
                .iter()
                .find(|t| t.id == id)
                .map(|t| crate::commercehub::views::secondary_json(state, t))
                .unwrap_or_default()
        }
    }
}

/// Body `{"outcome": "approved" | "declined"}`: makes a pending refund final.
async fn finalize(
    State(sandbox): State<Arc<Sandbox>>,
    Path((provider, refund_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(provider) = Provider::parse(&provider) else {
        return admin_error(StatusCode::NOT_FOUND, "provider must be payroc, jpmorgan or commercehub");
    };
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let approved = match req.get("outcome").and_then(Value::as_str) {
        Some("approved") => true,
        Some("declined") => false,
        _ => return admin_error(StatusCode::BAD_REQUEST, r#"body must be {"outcome": "approved" | "declined"}"#),
    };
    let mut store = sandbox.store();
    match store.finalize(provider, &refund_id, approved) {
        Ok(()) => Json(refund_view(&store, provider, &refund_id, &base_url(&headers))).into_response(),
        Err(Finalize::NotFound) => admin_error(StatusCode::NOT_FOUND, "no such refund"),
        Err(Finalize::NotPending) => admin_error(StatusCode::CONFLICT, "the refund is not pending"),
    }
}

/// Closes the open batches: Payroc open-batch payments and refunds settle; Commerce Hub
/// captured sales reach their cut time now and refunds settle. Body (optional)
/// `{"provider": "payroc" | "commercehub"}`; J.P. Morgan has no batch in the sandbox.
async fn settle(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let req: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v @ Value::Object(_)) => v,
            _ => return admin_error(StatusCode::BAD_REQUEST, r#"body must be empty or {"provider": "payroc" | "commercehub"}"#),
        }
    };
    let only = match req.get("provider") {
        None | Some(Value::Null) => None,
        Some(p) => match p.as_str().and_then(Provider::parse) {
            Some(Provider::Jpmorgan) | None => {
                return admin_error(StatusCode::BAD_REQUEST, "provider must be payroc or commercehub")
            }
            some => some,
        },
    };
    let mut store = sandbox.store();
    let mut out = serde_json::Map::new();
    if only.is_none_or(|p| p == Provider::Payroc) {
        let (payments, refunds) = crate::payroc::state::settle(&mut store);
        out.insert("payroc".into(), json!({ "payments": payments, "refunds": refunds }));
    }
    if only.is_none_or(|p| p == Provider::Commercehub) {
        let (charges, refunds) = crate::commercehub::state::settle(&mut store);
        out.insert("commercehub".into(), json!({ "charges": charges, "refunds": refunds }));
    }
    Json(json!({ "settled": out })).into_response()
}
