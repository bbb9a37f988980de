//! Request builders: a dashboard fills one field by field, asks `validate()` as the user
//! types (no client, no network), and hands it to `client.send()` or `client.prepare()`.
//! Each class is the same generic builder with its kind; the rules live in the core.

use super::convert::{now_ms, to_js, to_json};
use super::errors::to_js_error;
use crate::error::RefundError;
use crate::providers;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// The fields of a builder-like JS value: `kind` plus its fields (a builder's `toJSON()`).
pub fn read_builder(builder: &JsValue) -> Result<(String, Value), RefundError> {
    let kind = super::convert::get(builder, "kind").and_then(|k| k.as_string()).ok_or_else(|| {
        RefundError::validation(vec![crate::validation::ValidationIssue::new(
            "builder",
            crate::validation::IssueCode::InvalidType,
            "must be a request builder such as new PayrocRefund({...})",
        )])
    })?;
    let mut fields = to_json(builder, "builder")?;
    if let Some(map) = fields.as_object_mut() {
        map.remove("kind");
    }
    Ok((kind, fields))
}

pub struct Fields {
    kind: &'static str,
    fields: Map<String, Value>,
}

impl Fields {
    fn new(kind: &'static str, initial: &JsValue) -> Result<Fields, JsValue> {
        let value = to_json(initial, "fields").map_err(|e| to_js_error(&e))?;
        let fields = match value {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        Ok(Fields { kind, fields })
    }

    fn set(&mut self, field: &str, value: &JsValue) -> Result<(), JsValue> {
        let path = field.to_string();
        let value = to_json(value, &path).map_err(|e| to_js_error(&e))?;
        if value.is_null() {
            self.fields.remove(field);
        } else {
            self.fields.insert(path, value);
        }
        Ok(())
    }

    fn issues(&self) -> Result<Vec<crate::validation::ValidationIssue>, RefundError> {
        providers::validate_builder(self.kind, &Value::Object(self.fields.clone()), now_ms())
    }

    fn validate(&self) -> Result<JsValue, JsValue> {
        self.issues().map(|i| to_js(&i)).map_err(|e| to_js_error(&e))
    }

    fn build(&self) -> Result<JsValue, JsValue> {
        let issues = self.issues().map_err(|e| to_js_error(&e))?;
        if !issues.is_empty() {
            return Err(to_js_error(&RefundError::validation(issues)));
        }
        Ok(to_js(&self.fields))
    }

    fn to_json(&self) -> JsValue {
        let mut all = self.fields.clone();
        all.insert("kind".into(), Value::String(self.kind.into()));
        to_js(&all)
    }
}

macro_rules! builder_class {
    ($ty:ident) => {
        #[wasm_bindgen]
        pub struct $ty(Fields);

        #[wasm_bindgen]
        impl $ty {
            #[wasm_bindgen(constructor)]
            pub fn new(fields: JsValue) -> Result<$ty, JsValue> {
                Fields::new(stringify!($ty), &fields).map($ty)
            }

            /// Sets one field (`null` or `undefined` clears it). Chainable from JS.
            #[wasm_bindgen(js_name = set)]
            pub fn set(&mut self, field: &str, value: JsValue) -> Result<(), JsValue> {
                self.0.set(field, &value)
            }

            #[wasm_bindgen(getter)]
            pub fn kind(&self) -> String {
                self.0.kind.to_string()
            }

            /// Every issue with the fields as they are now: `[{ path, code, message }]`.
            pub fn validate(&self) -> Result<JsValue, JsValue> {
                self.0.validate()
            }

            /// The fields, or a thrown ValidationError listing every issue.
            pub fn build(&self) -> Result<JsValue, JsValue> {
                self.0.build()
            }

            /// `{ kind, ...fields }`.
            #[wasm_bindgen(js_name = toJSON)]
            pub fn to_json(&self) -> JsValue {
                self.0.to_json()
            }
        }
    };
}

builder_class!(PayrocRefund);
builder_class!(PayrocUnreferencedRefund);
builder_class!(PayrocRefundInstruction);
builder_class!(JpMorganRefund);
builder_class!(CommerceHubRefund);
builder_class!(CommerceHubChargeRefund);
