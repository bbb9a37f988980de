//! The router: every provider mount, the admin and demo routes, static files (with
//! compression); the fault layer wraps everything, the stats layer every route.

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::Router;

use crate::state::Sandbox;

pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .merge(crate::payroc::routes())
        .merge(crate::jpmorgan::routes())
        .merge(crate::commercehub::routes())
        .merge(crate::admin::routes())
        .merge(crate::demo::routes())
        .fallback_service(crate::static_files::service(sandbox.clone()))
        .layer(from_fn_with_state(sandbox.clone(), crate::faults::inject))
        .route_layer(from_fn_with_state(sandbox.clone(), crate::stats::count))
        .with_state(sandbox)
}
