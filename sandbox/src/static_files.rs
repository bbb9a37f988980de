//! Serves the dashboard (`--www`, at `/`) and the built package (`--pkg`, at `/pkg/`), so
//! the demo is one process.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::state::Sandbox;

pub async fn serve(State(sandbox): State<Arc<Sandbox>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let (root, rest) = match path.strip_prefix("/pkg/") {
        Some(rest) => (sandbox.config.pkg_dir.clone(), rest.to_string()),
        None => (sandbox.config.www_dir.clone(), path.trim_start_matches('/').to_string()),
    };
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let Some(file) = resolve(&root, &rest) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
            resp
        }
        Err(_) if path == "/" => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>refundkit-sandbox</title><h1>refundkit-sandbox</h1>\
             <p>The dashboard is not built (no www/dist). The providers are mounted at \
             /payroc/v1, /payroc/identity, /jpmorgan/api/v2, /jpmorgan/oauth2/token and \
             /commercehub/ch; the admin API is at /_sandbox/. See docs/SANDBOX.md.</p>",
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// A file under `root`, never outside it; directories resolve to their index.html.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    for part in Path::new(rest).components() {
        match part {
            Component::Normal(p) => file.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if rest.is_empty() || file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
