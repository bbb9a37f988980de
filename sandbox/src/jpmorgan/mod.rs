//! J.P. Morgan Online Payments v2: the OAuth client-credentials token endpoint
//! (`/jpmorgan/oauth2/token`), refunds (`/jpmorgan/api/v2/refunds`: full, partial,
//! multi-capture, standalone) and payments (`GET`/`PATCH /jpmorgan/api/v2/payments/{id}`:
//! void, partial reversal, capture).
//!
//! `state` holds the model, `extract` the per-request checks, `views` the payment
//! objects; handlers live in `token`, `refunds` and `payments`.

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::Sandbox;

pub mod errors;
pub mod extract;
pub mod payments;
pub mod refunds;
pub mod state;
pub mod token;
pub mod views;

pub use errors::error_response;
pub use state::JpmState;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/jpmorgan/oauth2/token", post(token::token))
        .route("/jpmorgan/api/v2/refunds", post(refunds::create_refund).get(refunds::refund_by_request_id))
        .route("/jpmorgan/api/v2/refunds/{transactionId}", get(refunds::refund_by_id))
        .route("/jpmorgan/api/v2/payments/{id}", get(payments::get_payment).patch(payments::patch_payment))
}
