//! Fiserv Commerce Hub (`/commercehub/ch`): HMAC-signed requests, refunds (tagged and the
//! legacy URI form), cancels (voids), the transaction inquiry, Client-Request-Id replay.
//!
//! `state` holds the model, `auth` the signature check, `fields` the body reader, `views`
//! the responses, `replay` the Client-Request-Id record; handlers live in `refunds`,
//! `cancels` and `inquiry`.

use std::sync::Arc;

use axum::routing::post;
use axum::Router;

use crate::state::Sandbox;

pub mod auth;
pub mod cancels;
pub mod errors;
pub mod fields;
pub mod inquiry;
pub mod refunds;
pub mod replay;
pub mod state;
pub mod views;

pub use auth::sign;
pub use errors::error_response;
pub use state::ChState;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/commercehub/ch/payments/v1/refunds", post(refunds::refund))
        .route("/commercehub/ch/payments/v1/charges/{transactionId}/refund", post(refunds::refund_charge))
        .route("/commercehub/ch/payments/v1/cancels", post(cancels::cancel))
        .route("/commercehub/ch/payments/v1/transaction-inquiry", post(inquiry::inquiry))
}
