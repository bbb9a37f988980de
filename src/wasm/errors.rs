//! Errors cross into JS as instances of the package's own `RefundError` and
//! `ValidationError` classes (plain JS, registered by the loaders), so `instanceof` works.

use super::convert::to_js;
use crate::error::{ErrorCode, RefundError};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static CLASSES: RefCell<Option<(js_sys::Function, js_sys::Function)>> = const { RefCell::new(None) };
}

/// Called once by the package's loaders with its error classes (internal: not in the types).
#[wasm_bindgen(js_name = __setErrorClasses)]
pub fn set_error_classes(refund_error: js_sys::Function, validation_error: js_sys::Function) {
    CLASSES.with(|c| *c.borrow_mut() = Some((refund_error, validation_error)));
}

/// The JS error for `error`: `new RefundError(message, fields)` or `new ValidationError(...)`,
/// or a plain `Error` with the same fields before the classes are registered.
pub fn to_js_error(error: &RefundError) -> JsValue {
    let fields = to_js(error);
    let message = JsValue::from_str(&error.message);
    let class = CLASSES.with(|c| {
        c.borrow().as_ref().map(|(refund, validation)| {
            if error.code == ErrorCode::Validation {
                validation.clone()
            } else {
                refund.clone()
            }
        })
    });
    if let Some(class) = class {
        if let Ok(e) = js_sys::Reflect::construct(&class, &js_sys::Array::of2(&message, &fields)) {
            return e;
        }
    }
    let e = js_sys::Error::new(&error.message);
    e.set_name(if error.code == ErrorCode::Validation { "ValidationError" } else { "RefundError" });
    let target: &js_sys::Object = e.unchecked_ref();
    let _ = js_sys::Object::assign(target, fields.unchecked_ref::<js_sys::Object>());
    e.into()
}
