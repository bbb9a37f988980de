//! `GET /payments/{id}` and `PATCH /payments/{id}`: void an uncaptured authorization
//! (`{"isVoid": true}` → `VOIDED`, `paymentRequestStatus: CANCELLED`), reverse part of it
//! (`{"captureMethod": "MANUAL"|"NOW", "amount": <new, lower total authorization>}`) or
//! capture it (`{"isCapture": true}`). Headers and request-id replay as for refunds.
//!
//! NOT CONFIRMED (our reading of "update a payment"): `captureMethod: NOW` with an amount
//! lowers the authorization and captures the new amount at once (`CLOSED`); `MANUAL`
//! lowers it and leaves it `AUTHORIZED`. A PATCH on a payment that is not `AUTHORIZED`
//! (captured, voided) is refused with 400 `VALIDATION_ERROR` code
//! `INVALID_TRANSACTION_STATE` naming the state.

use std::sync::Arc;

use axum::extract::{OriginalUri, Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::errors::{not_found, validation_error};
use super::extract::{replayed, JpmAuth, JpmJson, RequestId};
use super::state::{Capture, PaymentState};
use super::views::payment_json;
use crate::clock;
use crate::state::{EntryKind, EntryStatus, LedgerEntry, Provider, Sandbox};

pub async fn get_payment(_: JpmAuth, State(sandbox): State<Arc<Sandbox>>, Path(id): Path<String>) -> Response {
    let store = sandbox.store();
    match store.jpmorgan.payment_index(&id) {
        Some(pi) => Json(payment_json(&store.jpmorgan, pi, ("APPROVED", "Transaction approved by Issuer"))).into_response(),
        None => not_found("Payment not found"),
    }
}

enum Change {
    Void,
    /// Lower the authorization to `amount`; capture it when `capture`.
    Reduce { amount: i64, capture: bool, method: String },
    Capture,
}

fn parse_patch(req: &Value) -> Result<Change, Response> {
    let Some(obj) = req.as_object() else {
        return Err(validation_error("body", "INVALID_JSON", "The request body must be a JSON object"));
    };
    if let Some(unknown) = obj.keys().find(|k| !["isVoid", "isCapture", "captureMethod", "amount"].contains(&k.as_str())) {
        return Err(validation_error(unknown, "UNKNOWN_FIELD", &format!("{unknown} is not a field of a payment update")));
    }
    let flag = |name: &str| -> Result<bool, Response> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(validation_error(name, "INVALID_FIELD", &format!("{name} must be a boolean"))),
        }
    };
    let (is_void, is_capture) = (flag("isVoid")?, flag("isCapture")?);
    let amount = match obj.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match a.as_i64() {
            Some(n) if n > 0 => Some(n),
            _ => return Err(validation_error("amount", "INVALID_AMOUNT", "amount must be a positive integer in minor units")),
        },
    };
    let method = match obj.get("captureMethod") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) if matches!(m.as_str(), "NOW" | "MANUAL" | "DELAYED") => Some(m.clone()),
        Some(_) => return Err(validation_error("captureMethod", "INVALID_FIELD", "captureMethod must be NOW, MANUAL or DELAYED")),
    };
    match (is_void, is_capture, amount, method) {
        (true, false, None, None) => Ok(Change::Void),
        (true, _, _, _) => Err(validation_error("isVoid", "INVALID_FIELD", "isVoid cannot be combined with isCapture, amount or captureMethod")),
        (false, true, None, _) => Ok(Change::Capture),
        (false, capture, Some(amount), Some(method)) => {
            let capture = capture || method == "NOW";
            Ok(Change::Reduce { amount, capture, method })
        }
        (false, true, Some(amount), None) => Ok(Change::Reduce { amount, capture: true, method: "NOW".into() }),
        (false, false, Some(_), None) => Err(validation_error("captureMethod", "MISSING_FIELD", "captureMethod (NOW or MANUAL) is required with amount")),
        (false, false, None, _) => Err(validation_error("body", "MISSING_FIELD", "nothing to update: send isVoid, isCapture, or captureMethod with amount")),
    }
}

pub async fn patch_payment(
    _: JpmAuth,
    RequestId(request_id): RequestId,
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    body: JpmJson,
) -> Response {
    let route = format!("PATCH {}", uri.path());
    replayed(&sandbox, &request_id, &route, &body.raw, |store| {
        let change = parse_patch(&body.value)?;
        let state = &mut store.jpmorgan;
        let pi = state.payment_index(&id).ok_or_else(|| not_found("Payment not found"))?;
        let payment = &mut state.payments[pi];
        if payment.state != PaymentState::Authorized {
            let entity = match change {
                Change::Void => "isVoid",
                Change::Reduce { .. } => "amount",
                Change::Capture => "isCapture",
            };
            let advice = if payment.state == PaymentState::Closed { "; it is captured: refund it instead" } else { "" };
            return Err(validation_error(
                entity,
                "INVALID_TRANSACTION_STATE",
                &format!("the payment is {}: only an AUTHORIZED payment that is not captured can be updated{advice}", payment.state.as_str()),
            ));
        }
        let reversed = match &change {
            Change::Void => {
                payment.state = PaymentState::Voided;
                payment.authorized
            }
            Change::Reduce { amount, capture, method } => {
                if *amount > payment.authorized || (*amount == payment.authorized && !capture) {
                    return Err(validation_error(
                        "amount",
                        "AMOUNT_EXCEEDS_AUTHORIZED",
                        &format!("amount is the new total authorization and must be lower than {}", payment.authorized),
                    ));
                }
                let reversed = payment.authorized - amount;
                payment.authorized = *amount;
                payment.capture_method = method.clone();
                if *capture {
                    payment.state = PaymentState::Closed;
                    payment.captures.push(Capture { id: payment.seed.id.clone(), amount: *amount, refunded: 0 });
                }
                reversed
            }
            Change::Capture => {
                payment.state = PaymentState::Closed;
                payment.captures.push(Capture { id: payment.seed.id.clone(), amount: payment.authorized, refunded: 0 });
                0
            }
        };
        payment.request_id = request_id.clone();
        let currency = payment.seed.currency.clone();
        if reversed > 0 {
            // The card is charged `reversed` less: a reversal in the ledger. J.P. Morgan
            // gives it no id of its own, so refundId is the payment's transactionId.
            store.record(LedgerEntry {
                provider: Provider::Jpmorgan,
                kind: EntryKind::Reversal,
                status: EntryStatus::Succeeded,
                reference: Some(id.clone()),
                refund_id: id.clone(),
                amount: reversed,
                currency,
                idempotency_key: request_id.clone(),
                time: clock::now_rfc3339(),
            });
        }
        Ok((payment_json(&store.jpmorgan, pi, ("ACCEPTED", "Requested action is completed")), None))
    })
}
