//! Commerce Hub's error body: `{gatewayResponse: {transactionProcessingDetails: {apiTraceId,
//! clientRequestId}}, error: [{type, code, field?, message}]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub fn error_response(status: StatusCode, client_request_id: Option<&str>, kind: &str, code: &str, field: &str, message: &str) -> Response {
    let mut error = json!({ "type": kind, "code": code, "message": message });
    if !field.is_empty() {
        error["field"] = json!(field);
    }
    let body = json!({
        "gatewayResponse": {
            "transactionProcessingDetails": {
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "clientRequestId": client_request_id.unwrap_or(""),
            }
        },
        "error": [error],
    });
    (status, Json(body)).into_response()
}

/// A 400 `GATEWAY` error (invalid request fields, found before anything is stored).
pub fn bad(crid: &str, code: &str, field: &str, message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, Some(crid), "GATEWAY", code, field, message)
}
