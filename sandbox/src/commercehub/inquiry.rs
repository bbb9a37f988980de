//! `POST /payments/v1/transaction-inquiry`: the current state of transactions, by exactly
//! one of `referenceTransactionId`, `referenceMerchantTransactionId`,
//! `referenceClientRequestId`, `referenceOrderId` (or `referenceMerchantOrderId`, which
//! no sandbox charge has). 201 with an array, as documented.
//!
//! By transaction id, merchant transaction id or Client-Request-Id: the transactions that
//! carry it (a charge, a refund or a cancel). By order id: the charge and every refund and
//! cancel made against it. Nothing found: 404 with error code 764 (NOT CONFIRMED: the
//! spec lists 404 for this route; an empty array is never sent). Inquiries are reads:
//! they are not saved for Client-Request-Id replay.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::auth::Signed;
use super::errors::{bad, error_response};
use super::fields::json_object;
use super::views::{charge_json, secondary_json};
use crate::state::Sandbox;

const KEYS: &[(&str, usize)] = &[
    ("referenceTransactionId", 40),
    ("referenceMerchantTransactionId", 128),
    ("referenceClientRequestId", 128),
    ("referenceOrderId", 128),
    ("referenceMerchantOrderId", 128),
];

pub async fn inquiry(State(sandbox): State<Arc<Sandbox>>, signed: Signed) -> Response {
    let crid = &signed.client_request_id;
    let req = match json_object(&signed.body, crid) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let details = req.get("referenceTransactionDetails");
    let given: Vec<(&str, &Value)> = KEYS
        .iter()
        .filter_map(|(k, _)| details.and_then(|d| d.get(*k)).map(|v| (*k, v)))
        .collect();
    let (key, value) = match given.as_slice() {
        [] => return bad(crid, "107", "referenceTransactionDetails", "Missing Required Field: one transaction identifier"),
        [(key, value)] => (*key, *value),
        _ => return bad(crid, "100", "referenceTransactionDetails", "Only a single transaction identifier should be passed"),
    };
    let max = KEYS.iter().find(|(k, _)| *k == key).map_or(128, |(_, m)| *m);
    let Some(wanted) = value.as_str().filter(|v| !v.is_empty() && v.len() <= max) else {
        return bad(crid, "100", &format!("referenceTransactionDetails.{key}"), &format!("{key} must be a string of 1-{max} characters"));
    };
    match req.pointer("/merchantDetails/merchantId").and_then(Value::as_str) {
        Some(m) if !m.is_empty() && m.len() <= 1024 => {}
        _ => return bad(crid, "107", "merchantDetails.merchantId", "Missing Required Field: merchantDetails.merchantId"),
    }
    let store = sandbox.store();
    let state = &store.commercehub;
    let mut found: Vec<Value> = Vec::new();
    match key {
        "referenceOrderId" => {
            for (i, charge) in state.charges.iter().enumerate().filter(|(_, c)| c.seed.order_id == wanted) {
                found.push(charge_json(charge));
                found.extend(state.transactions.iter().filter(|t| t.charge == i).map(|t| secondary_json(state, t)));
            }
        }
        "referenceMerchantOrderId" => {}
        _ => {
            for charge in &state.charges {
                let hit = match key {
                    "referenceTransactionId" => charge.seed.id == wanted,
                    "referenceMerchantTransactionId" => charge.seed.merchant_transaction_id == wanted,
                    _ => false,
                };
                if hit {
                    found.push(charge_json(charge));
                }
            }
            for t in &state.transactions {
                let hit = match key {
                    "referenceTransactionId" => t.id == wanted,
                    "referenceMerchantTransactionId" => t.merchant_transaction_id.as_deref() == Some(wanted),
                    _ => t.client_request_id == wanted,
                };
                if hit {
                    found.push(secondary_json(state, t));
                }
            }
        }
    }
    if found.is_empty() {
        return error_response(StatusCode::NOT_FOUND, Some(crid), "GATEWAY", "764", "referenceTransactionDetails", "Referenced transaction not found");
    }
    (StatusCode::CREATED, Json(Value::Array(found))).into_response()
}
