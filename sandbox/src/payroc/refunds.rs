//! Payments and refunds: `GET /payments/{id}`, `POST /payments/{id}/refund` (referenced;
//! reversed by the gateway while the payment is in an open batch), `POST /refunds`
//! (unreferenced) and `GET /refunds/{id}`.

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::errors::{bad_request, cannot_be_modified, not_found};
use super::extract::{idempotent, BaseUrl, IdempotencyKey, JsonObject, PayrocAuth};
use super::fields::{
    card_from_refund_method, optional_operator, parse_order, positive_amount, processing_terminal, string_field,
    ten_chars, RefundOrder,
};
use super::state::{insert_refund, Refund, RefundKind, RefundStatus, Settlement};
use super::views::{payment_json, refund_json};
use crate::clock;
use crate::state::{Sandbox, Store};

pub async fn get_payment(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    Path(payment_id): Path<String>,
    BaseUrl(base): BaseUrl,
) -> Response {
    if let Err(r) = ten_chars(&payment_id, "paymentId") {
        return r;
    }
    let store = sandbox.store();
    match store.payroc.payment(&payment_id) {
        Some(p) => axum::Json(payment_json(&store.payroc, p, &base)).into_response(),
        None => not_found("payment"),
    }
}

pub async fn get_refund(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    Path(refund_id): Path<String>,
    BaseUrl(base): BaseUrl,
) -> Response {
    if let Err(r) = ten_chars(&refund_id, "refundId") {
        return r;
    }
    let store = sandbox.store();
    match store.payroc.refunds.get(&refund_id) {
        Some(r) => axum::Json(refund_json(&store.payroc, r, &base)).into_response(),
        None => not_found("refund"),
    }
}

pub async fn refund_payment(
    _: PayrocAuth,
    IdempotencyKey(key): IdempotencyKey,
    State(sandbox): State<Arc<Sandbox>>,
    Path(payment_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
    body: JsonObject,
) -> Response {
    let req = &body.value;
    if let Err(r) = ten_chars(&payment_id, "paymentId") {
        return r;
    }
    let amount = match req.get("amount").map(|a| positive_amount(a, "amount")) {
        Some(Ok(a)) => a,
        Some(Err(r)) => return r,
        None => return bad_request("amount", "amount is required"),
    };
    let description = match req.get("description").map(|d| string_field(d, "description", 1, 255)) {
        Some(Ok(d)) => d.to_string(),
        Some(Err(r)) => return r,
        None => return bad_request("description", "description is required"),
    };
    let operator = match optional_operator(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    idempotent(&sandbox, &key, uri.path(), &body.raw, |store| {
        let state = &store.payroc;
        let payment = state.payment(&payment_id).ok_or_else(|| not_found("payment"))?;
        let remaining = state.remaining(payment);
        if remaining == 0 {
            return Err(cannot_be_modified(
                "You cannot modify this resource in its current state: nothing is left to refund",
            ));
        }
        // NOT CONFIRMED: Payroc's status for an over-refund; 400 naming `amount`.
        if amount > remaining {
            return Err(bad_request(
                "amount",
                &format!("amount {amount} is more than the {remaining} left to refund on this payment"),
            ));
        }
        // "If the merchant refunds a payment that is in an open batch, our gateway
        // reverses the payment": a reversal record, not a refund.
        let (kind, status) = if payment.settlement.is_open() {
            (RefundKind::Reversal, RefundStatus::Reversal)
        } else {
            (RefundKind::Refund, RefundStatus::for_amount(amount))
        };
        let refund = referenced_record(store, &payment_id, amount, description, operator, kind, status, &key);
        insert_refund(store, refund);
        let payment = store.payroc.payment(&payment_id).ok_or_else(|| not_found("payment"))?;
        Ok((StatusCode::OK, payment_json(&store.payroc, payment, &base)))
    })
}

/// A refund or reversal record against a seeded payment, card and order copied from it.
#[allow(clippy::too_many_arguments)]
pub fn referenced_record(
    store: &Store,
    payment_id: &str,
    amount: i64,
    description: String,
    operator: Option<String>,
    kind: RefundKind,
    status: RefundStatus,
    key: &str,
) -> Refund {
    let state = &store.payroc;
    let seed = state.payment(payment_id).map(|p| p.seed.clone());
    let (terminal, order_id, currency, card) = match &seed {
        Some(s) => (
            s.processing_terminal_id.clone(),
            s.order_id.clone(),
            s.currency.clone(),
            json!({
                "type": s.card.brand,
                "entryMethod": s.card.entry_method,
                "cardholderName": s.card.cardholder_name,
                "cardNumber": s.card.card_number,
                "expiryDate": s.card.expiry_date,
            }),
        ),
        None => Default::default(),
    };
    Refund {
        id: state.new_refund_id(),
        processing_terminal_id: terminal,
        operator,
        order_id,
        description,
        amount,
        currency,
        date_time: clock::now_rfc3339(),
        card,
        payment_id: Some(payment_id.to_string()),
        kind,
        status,
        settlement: Settlement::Open,
        idempotency_key: key.to_string(),
    }
}

/// Stores an unreferenced refund (also used by device instructions) and records it.
pub fn create_unreferenced(
    store: &mut Store,
    terminal: String,
    operator: Option<String>,
    order: RefundOrder,
    card: Value,
    idempotency_key: &str,
) -> String {
    let refund = Refund {
        id: store.payroc.new_refund_id(),
        processing_terminal_id: terminal,
        operator,
        order_id: order.order_id,
        description: order.description,
        amount: order.amount,
        currency: order.currency,
        date_time: clock::now_rfc3339(),
        card,
        payment_id: None,
        kind: RefundKind::Refund,
        status: RefundStatus::for_amount(order.amount),
        settlement: Settlement::Open,
        idempotency_key: idempotency_key.to_string(),
    };
    insert_refund(store, refund)
}

pub async fn unreferenced_refund(
    _: PayrocAuth,
    IdempotencyKey(key): IdempotencyKey,
    State(sandbox): State<Arc<Sandbox>>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
    body: JsonObject,
) -> Response {
    let req = &body.value;
    // The spec says pos|moto; Payroc's own docs and UAT tests send web.
    match req.get("channel").and_then(Value::as_str) {
        Some("pos" | "moto" | "web") => {}
        _ => return bad_request("channel", "channel must be pos, moto or web"),
    }
    let order = match parse_order(req, true) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let operator = match optional_operator(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let card = match req.get("refundMethod") {
        Some(m) => match card_from_refund_method(m) {
            Ok(c) => c,
            Err(r) => return r,
        },
        None => return bad_request("refundMethod", "refundMethod is required"),
    };
    idempotent(&sandbox, &key, uri.path(), &body.raw, |store| {
        let terminal = processing_terminal(req, store)?;
        let id = create_unreferenced(store, terminal, operator, order, card, &key);
        let refund = store.payroc.refunds.get(&id).ok_or_else(|| not_found("refund"))?;
        Ok((StatusCode::CREATED, refund_json(&store.payroc, refund, &base)))
    })
}
