//! Client-Request-Id replay: the same id with the same route and body (re-signed with a
//! fresh Timestamp) → the saved answer, business errors included; with another route or
//! body → 400 code 816 (NOT CONFIRMED). Records are kept until reset (Commerce Hub: about
//! 5 minutes).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::errors::bad;
use super::state::Saved;
use crate::state::{Sandbox, Store};

/// A business error (HTTP 400, `GATEWAY`) found after the request was read: it is saved
/// for replay like a success.
pub type GatewayError = (&'static str, &'static str, String);

pub fn gateway_error_body(crid: &str, transaction_type: &str, (code, field, message): GatewayError) -> Value {
    json!({
        "gatewayResponse": {
            "transactionType": transaction_type,
            "transactionState": "DECLINED",
            "transactionProcessingDetails": {
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "clientRequestId": crid,
            }
        },
        "error": [{ "type": "GATEWAY", "code": code, "field": field, "message": message }],
    })
}

/// Runs `f` once per Client-Request-Id. `f` returns `Err` for a request it could not read
/// (not saved: it can be fixed and resent) and `Ok((status, body))` for anything the
/// gateway decided (saved).
pub fn once(
    sandbox: &Sandbox,
    crid: &str,
    path: &str,
    body: &[u8],
    f: impl FnOnce(&mut Store) -> Result<(StatusCode, Value), Response>,
) -> Response {
    let mut store = sandbox.store();
    if let Some(saved) = store.commercehub.replay.get(crid) {
        if saved.path == path && saved.body == body {
            return (saved.status, Json(saved.response.clone())).into_response();
        }
        return bad(crid, "816", "Client-Request-Id", "Duplicate Refund: Client-Request-Id was already used for a different request");
    }
    match f(&mut store) {
        Ok((status, response)) => {
            store.commercehub.replay.insert(
                crid.to_string(),
                Saved { path: path.to_string(), body: body.to_vec(), status, response: response.clone() },
            );
            (status, Json(response)).into_response()
        }
        Err(r) => r,
    }
}
