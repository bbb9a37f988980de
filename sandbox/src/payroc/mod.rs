//! Payroc: identity (`/payroc/identity`) and the card-payments API (`/payroc/v1`):
//! payments, referenced and unreferenced refunds, reversals, the refund and payment lists,
//! Payroc Cloud device refund instructions; RFC 7807 errors, Idempotency-Key replay.
//!
//! `state` holds the model, `extract` the per-request checks (token, key, body),
//! `fields` the body readers, `views` the response objects; the handlers live in
//! `identity`, `refunds`, `reverse`, `list` and `devices`.

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::Sandbox;

pub mod devices;
pub mod errors;
pub mod extract;
pub mod fields;
pub mod identity;
pub mod list;
pub mod refunds;
pub mod reverse;
pub mod state;
pub mod views;

pub use errors::problem;
pub use extract::base_url;
pub use state::PayrocState;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/payroc/identity/authorize", post(identity::authorize))
        .route("/payroc/v1/payments", get(list::list_payments))
        .route("/payroc/v1/payments/{paymentId}", get(refunds::get_payment))
        .route("/payroc/v1/payments/{paymentId}/refund", post(refunds::refund_payment))
        .route("/payroc/v1/payments/{paymentId}/reverse", post(reverse::reverse_payment))
        .route("/payroc/v1/refunds", get(list::list_refunds).post(refunds::unreferenced_refund))
        .route("/payroc/v1/refunds/{refundId}", get(refunds::get_refund))
        .route("/payroc/v1/refunds/{refundId}/reverse", post(reverse::reverse_refund))
        .route("/payroc/v1/devices/{serialNumber}/refund-instructions", post(devices::submit))
        .route(
            "/payroc/v1/refund-instructions/{refundInstructionId}",
            get(devices::retrieve).delete(devices::cancel),
        )
}
