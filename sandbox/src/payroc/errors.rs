//! Payroc's RFC 7807 problems (`type`, `title`, `status`, `detail`, `errors[]`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

const ERRORS: &str = "https://docs.payroc.com/api/errors#";

/// An RFC 7807 problem in Payroc's shape.
pub fn problem(status: StatusCode, slug: &str, title: &str, detail: &str, errors: Vec<Value>) -> Response {
    let mut body = json!({
        "type": format!("{ERRORS}{slug}"),
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    json_response(status, body)
}

/// A JSON body with Payroc's content type: `application/json` for success,
/// `application/problem+json` for errors.
pub fn json_response(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let ct = if status.is_success() { "application/json" } else { "application/problem+json" };
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    resp
}

pub fn bad_request(parameter: &str, message: &str) -> Response {
    problem(
        StatusCode::BAD_REQUEST,
        "bad-request",
        "Bad request",
        "One or more validation errors occurred, see error section for more info",
        vec![json!({ "parameter": parameter, "detail": "Invalid value", "message": message })],
    )
}

pub fn not_found(resource: &str) -> Response {
    let body = json!({
        "type": format!("{ERRORS}not-found"),
        "title": "Not found",
        "status": 404,
        "detail": "Resource could not be found",
        "resource": resource,
    });
    json_response(StatusCode::NOT_FOUND, body)
}

pub fn not_authorized(detail: &str) -> Response {
    problem(StatusCode::UNAUTHORIZED, "not-authorized", "Not authorized", detail, vec![])
}

/// 409 `#cannot-be-modified`: the resource's state does not allow the operation.
pub fn cannot_be_modified(detail: &str) -> Response {
    problem(StatusCode::CONFLICT, "cannot-be-modified", "Cannot be modified", detail, vec![])
}
