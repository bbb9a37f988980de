//! Moving values across the JS boundary: JS values in as JSON (so `Money.toJSON()` and
//! plain objects read the same), JSON out as plain JS objects.

use crate::error::RefundError;
use crate::validation::{IssueCode, ValidationIssue};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// A JS value as JSON, with `JSON.stringify` semantics (toJSON honoured, functions dropped).
/// `path` names the argument in the error when the value cannot be JSON (a BigInt, a cycle).
pub fn to_json(value: &JsValue, path: &str) -> Result<Value, RefundError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let bad = || {
        RefundError::validation(vec![ValidationIssue::new(
            path,
            IssueCode::InvalidType,
            "must be plain data (strings, numbers, objects, Money); BigInt and cycles are not accepted",
        )])
    };
    let text = js_sys::JSON::stringify(value).map_err(|_| bad())?;
    let text: String = text.into();
    serde_json::from_str(&text).map_err(|_| bad())
}

/// A Rust value as a plain JS object (maps as objects, numbers as numbers).
///
/// Written as JSON text and read with the engine's `JSON.parse`: one crossing of the
/// boundary for the whole tree instead of one per property, and no serde-wasm-bindgen in
/// the binary (5.6 KB smaller).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
}

/// A property of a JS object, or `None` when absent.
pub fn get(object: &JsValue, name: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A function-valued property, or `None`.
pub fn get_function(object: &JsValue, name: &str) -> Option<js_sys::Function> {
    get(object, name).and_then(|v| v.dyn_into::<js_sys::Function>().ok())
}

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The message of a thrown JS value (an Error's message, or its string form).
pub fn describe(error: &JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        let msg: String = e.message().into();
        let cause = get(error, "cause").map(|c| describe(&c));
        return match cause {
            Some(c) if !c.is_empty() => format!("{msg} ({c})"),
            _ => msg,
        };
    }
    error.as_string().unwrap_or_else(|| "unknown error".to_string())
}
