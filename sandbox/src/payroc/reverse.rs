//! Reversals: `POST /payments/{paymentId}/reverse` cancels (part of) a payment still in an
//! open batch; `POST /refunds/{refundId}/reverse` cancels a refund still in an open batch.
//! Both are idempotent like refunds. A settled payment or refund cannot be reversed:
//! 409 `#cannot-be-modified` (NOT CONFIRMED: the error Payroc sends; 409 is in the
//! documented set for both routes and names the state conflict).

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::errors::{bad_request, cannot_be_modified, not_found};
use super::extract::{idempotent, BaseUrl, IdempotencyKey, OptionalJsonObject, PayrocAuth};
use super::fields::{only_known_keys, optional_operator, positive_amount, ten_chars};
use super::refunds::referenced_record;
use super::state::{insert_refund, RefundKind, RefundStatus};
use super::views::{payment_json, refund_json};
use crate::state::{Provider, Sandbox};

/// Body `{operator?, amount?}`; no amount reverses everything left. Answers the payment
/// with the reversal in `refunds[]` (a `refundSummary` with status `reversal` and its own
/// refundId); `transactionResult.status` is `reversal` once nothing is left.
pub async fn reverse_payment(
    _: PayrocAuth,
    IdempotencyKey(key): IdempotencyKey,
    State(sandbox): State<Arc<Sandbox>>,
    Path(payment_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
    OptionalJsonObject(body): OptionalJsonObject,
) -> Response {
    let req = &body.value;
    if let Err(r) = ten_chars(&payment_id, "paymentId").and_then(|_| only_known_keys(req, &["operator", "amount"])) {
        return r;
    }
    let amount = match req.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match positive_amount(a, "amount") {
            Ok(a) => Some(a),
            Err(r) => return r,
        },
    };
    let operator = match optional_operator(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    idempotent(&sandbox, &key, uri.path(), &body.raw, |store| {
        let state = &store.payroc;
        let payment = state.payment(&payment_id).ok_or_else(|| not_found("payment"))?;
        if !payment.settlement.is_open() {
            return Err(cannot_be_modified(
                "You cannot modify this resource in its current state: the payment is settled (closed batch); refund it instead",
            ));
        }
        let remaining = state.remaining(payment);
        if remaining == 0 {
            return Err(cannot_be_modified(
                "You cannot modify this resource in its current state: nothing is left to reverse",
            ));
        }
        let amount = amount.unwrap_or(remaining);
        if amount > remaining {
            return Err(bad_request(
                "amount",
                &format!("amount {amount} is more than the {remaining} left to reverse on this payment"),
            ));
        }
        let record = referenced_record(
            store,
            &payment_id,
            amount,
            "Reversal".to_string(),
            operator,
            RefundKind::Reversal,
            RefundStatus::Reversal,
            &key,
        );
        insert_refund(store, record);
        let payment = store.payroc.payment(&payment_id).ok_or_else(|| not_found("payment"))?;
        Ok((StatusCode::OK, payment_json(&store.payroc, payment, &base)))
    })
}

/// No body. A refund (ready or pending) still in the open batch becomes `reversal`: it
/// leaves the ledger and no longer counts against its payment.
pub async fn reverse_refund(
    _: PayrocAuth,
    IdempotencyKey(key): IdempotencyKey,
    State(sandbox): State<Arc<Sandbox>>,
    Path(refund_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
    OptionalJsonObject(body): OptionalJsonObject,
) -> Response {
    if let Err(r) = ten_chars(&refund_id, "refundId").and_then(|_| only_known_keys(&body.value, &[])) {
        return r;
    }
    idempotent(&sandbox, &key, uri.path(), &body.raw, |store| {
        let refund = store.payroc.refunds.get_mut(&refund_id).ok_or_else(|| not_found("refund"))?;
        if refund.kind != RefundKind::Refund {
            return Err(cannot_be_modified(
                "You cannot modify this resource in its current state: it is a payment reversal, not a refund",
            ));
        }
        if !refund.settlement.is_open() {
            return Err(cannot_be_modified(
                "You cannot modify this resource in its current state: the refund is settled (closed batch)",
            ));
        }
        if !matches!(refund.status, RefundStatus::Ready | RefundStatus::Pending) {
            return Err(cannot_be_modified(&format!(
                "You cannot modify this resource in its current state: the refund is {}",
                refund.status.as_str()
            )));
        }
        refund.status = RefundStatus::Reversal;
        store.remove_ledger(Provider::Payroc, &refund_id);
        let refund = store.payroc.refunds.get(&refund_id).ok_or_else(|| not_found("refund"))?;
        Ok((StatusCode::OK, refund_json(&store.payroc, refund, &base)))
    })
}
