//! Counts requests per route (`"POST /payroc/v1/payments/{paymentId}/refund"`), so tests
//! can prove token reuse and that nothing was sent.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::Sandbox;

pub async fn count(State(sandbox): State<Arc<Sandbox>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    if let Some(route) = route.filter(|r| !r.starts_with("/_sandbox")) {
        let key = format!("{} {route}", req.method());
        *sandbox.store().stats.requests.entry(key).or_insert(0) += 1;
    }
    next.run(req).await
}
