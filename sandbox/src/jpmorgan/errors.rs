//! J.P. Morgan's error body: `{responseStatus: "ERROR", responseCode, responseMessage,
//! validationErrors?: [{code, message, entity}]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

pub fn error_response(status: StatusCode, code: &str, message: &str, validation: Vec<Value>) -> Response {
    let mut body = json!({ "responseStatus": "ERROR", "responseCode": code, "responseMessage": message });
    if !validation.is_empty() {
        body["validationErrors"] = Value::Array(validation);
    }
    (status, Json(body)).into_response()
}

pub fn validation_error(entity: &str, code: &str, message: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        "Request failed validation",
        vec![json!({ "code": code, "message": message, "entity": entity })],
    )
}

pub fn not_found(message: &str) -> Response {
    // NOT CONFIRMED: status and code for an unknown id.
    error_response(StatusCode::NOT_FOUND, "NOT_FOUND", message, vec![])
}
