//! Payroc Cloud device refund instructions: submit (202 inProgress), long-poll GET held
//! open until the status changes, DELETE only while inProgress (else 409). An instruction
//! completes when a card is presented (`POST /_sandbox/devices/{serial}/present`) or,
//! with `--device-complete-ms`, by itself after that delay. The refund a completed
//! instruction makes is an unreferenced refund (`GET /refunds/{refundId}`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::errors::{json_response, not_found};
use super::extract::{idempotent, BaseUrl, IdempotencyKey, JsonObject, PayrocAuth};
use super::fields::{optional_operator, parse_order, processing_terminal, RefundOrder};
use super::refunds::create_unreferenced;
use crate::state::Sandbox;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum InstructionStatus {
    InProgress,
    Completed,
    Failure,
    Canceled,
}

pub struct Instruction {
    pub id: String,
    pub serial_number: String,
    pub processing_terminal_id: String,
    pub operator: Option<String>,
    pub order: RefundOrder,
    pub idempotency_key: String,
    pub status: InstructionStatus,
    pub refund_id: Option<String>,
    pub error_message: Option<String>,
    pub submitted_seq: u64,
}

fn instruction_json(i: &Instruction, base: &str) -> Value {
    let status = match i.status {
        InstructionStatus::InProgress => "inProgress",
        InstructionStatus::Completed => "completed",
        InstructionStatus::Failure => "failure",
        InstructionStatus::Canceled => "canceled",
    };
    let mut v = json!({ "refundInstructionId": i.id, "status": status });
    match (i.status, &i.refund_id) {
        (InstructionStatus::Completed, Some(refund_id)) => {
            v["link"] = json!({ "rel": "refund", "method": "GET", "href": format!("{base}/payroc/v1/refunds/{refund_id}") });
        }
        (InstructionStatus::InProgress, _) => {
            v["link"] = json!({ "rel": "self", "method": "GET", "href": format!("{base}/payroc/v1/refund-instructions/{}", i.id) });
        }
        _ => {}
    }
    if let Some(msg) = &i.error_message {
        v["errorMessage"] = json!(msg);
    }
    v
}

pub async fn submit(
    _: PayrocAuth,
    IdempotencyKey(key): IdempotencyKey,
    State(sandbox): State<Arc<Sandbox>>,
    Path(serial): Path<String>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
    body: JsonObject,
) -> Response {
    let req = &body.value;
    // order.description is optional per the spec (Payroc's skills say required: NOT CONFIRMED).
    let order = match parse_order(req, false) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let operator = match optional_operator(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut created = None;
    let response = idempotent(&sandbox, &key, uri.path(), &body.raw, |store| {
        let terminal = processing_terminal(req, store)?;
        if !store.payroc.device_known(&serial) {
            return Err(not_found("device"));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let seq = store.payroc.instructions.len() as u64;
        let instruction = Instruction {
            id: id.clone(),
            serial_number: serial.clone(),
            processing_terminal_id: terminal,
            operator,
            order,
            idempotency_key: key.clone(),
            status: InstructionStatus::InProgress,
            refund_id: None,
            error_message: None,
            submitted_seq: seq,
        };
        let body = instruction_json(&instruction, &base);
        store.payroc.instructions.insert(id.clone(), instruction);
        created = Some(id);
        Ok((StatusCode::ACCEPTED, body))
    });
    if let (Some(id), Some(delay)) = (created, sandbox.config.device_complete_after) {
        let sandbox = sandbox.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            finish(&sandbox, &id, None);
        });
    }
    response
}

/// Completes (or fails) an in-progress instruction: the card was read on the device.
/// Returns the instruction id when something changed.
pub fn finish(sandbox: &Sandbox, id: &str, failure: Option<String>) -> bool {
    let changed = {
        let mut store = sandbox.store();
        let Some(i) = store.payroc.instructions.get(id) else { return false };
        if i.status != InstructionStatus::InProgress {
            return false;
        }
        let (terminal, operator, key) = (i.processing_terminal_id.clone(), i.operator.clone(), i.idempotency_key.clone());
        let order = RefundOrder {
            order_id: i.order.order_id.clone(),
            description: i.order.description.clone(),
            amount: i.order.amount,
            currency: i.order.currency.clone(),
        };
        let refund_id = match &failure {
            Some(_) => None,
            None => {
                // The card the device "reads": a fixed contactless test card.
                let card = json!({
                    "type": "Visa Credit",
                    "entryMethod": "contactlessIcc",
                    "cardNumber": "476173******0119",
                    "expiryDate": "1230",
                });
                Some(create_unreferenced(&mut store, terminal, operator, order, card, &key))
            }
        };
        if let Some(i) = store.payroc.instructions.get_mut(id) {
            i.status = if failure.is_some() { InstructionStatus::Failure } else { InstructionStatus::Completed };
            i.refund_id = refund_id;
            i.error_message = failure;
        }
        true
    };
    if changed {
        sandbox.instruction_changed.notify_waiters();
    }
    changed
}

/// The admin "present a card" action: finishes the oldest in-progress instruction on
/// that device. Returns its id.
pub fn present(sandbox: &Sandbox, serial: &str, failure: Option<String>) -> Option<String> {
    let id = {
        let store = sandbox.store();
        store
            .payroc
            .instructions
            .values()
            .filter(|i| i.serial_number == serial && i.status == InstructionStatus::InProgress)
            .min_by_key(|i| i.submitted_seq)
            .map(|i| i.id.clone())
    }?;
    finish(sandbox, &id, failure).then_some(id)
}

pub fn instruction_view(sandbox: &Sandbox, id: &str, base: &str) -> Option<Value> {
    let store = sandbox.store();
    store.payroc.instructions.get(id).map(|i| instruction_json(i, base))
}

pub async fn retrieve(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    BaseUrl(base): BaseUrl,
) -> Response {
    let deadline = tokio::time::Instant::now() + sandbox.config.long_poll;
    loop {
        // Register for the wake-up before looking, so a change in between is not lost.
        let changed = sandbox.instruction_changed.notified();
        tokio::pin!(changed);
        changed.as_mut().enable();
        let (view, in_progress) = {
            let store = sandbox.store();
            match store.payroc.instructions.get(&id) {
                None => return not_found("refundInstruction"),
                Some(i) => (instruction_json(i, &base), i.status == InstructionStatus::InProgress),
            }
        };
        if !in_progress {
            return axum::Json(view).into_response();
        }
        if tokio::time::timeout_at(deadline, changed).await.is_err() {
            return axum::Json(view).into_response();
        }
        tokio::time::sleep(Duration::from_millis(0)).await;
    }
}

pub async fn cancel(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    BaseUrl(base): BaseUrl,
) -> Response {
    let outcome = {
        let mut store = sandbox.store();
        match store.payroc.instructions.get_mut(&id) {
            None => Err(not_found("refundInstruction")),
            Some(i) if i.status != InstructionStatus::InProgress => {
                let mut body = json!({
                    "type": "https://docs.payroc.com/api/errors#cannot-be-modified",
                    "title": "Cannot be modified",
                    "status": 409,
                    "detail": "You can cancel a refund instruction only if its status is inProgress",
                    "instance": format!("{base}/payroc/v1/refund-instructions/{id}"),
                    "errors": [{ "parameter": "refundInstructionId", "message": "The refund instruction is no longer inProgress" }],
                });
                if let Some(r) = &i.refund_id {
                    body["link"] = json!({ "rel": "refund", "method": "GET", "href": format!("{base}/payroc/v1/refunds/{r}") });
                }
                Err(json_response(StatusCode::CONFLICT, body))
            }
            Some(i) => {
                i.status = InstructionStatus::Canceled;
                Ok(())
            }
        }
    };
    match outcome {
        Ok(()) => {
            sandbox.instruction_changed.notify_waiters();
            // NOT CONFIRMED: 204 vs 200 (Payroc's skills say 204; the SDK accepts any 2xx).
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}
