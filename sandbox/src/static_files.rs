//! Serves the dashboard (`--www`, at `/`) and the built package (`--pkg`, at `/pkg/`), so
//! the demo is one process. Caching: Vite's hashed assets (`/assets/<name>-<hash>.<ext>`)
//! never change, so they are `public, max-age=31536000, immutable`; everything else
//! (`index.html`, `/pkg/*`) is `no-cache` with a weak `ETag` (a hash of the content) and
//! `Last-Modified`, so a revalidation answers 304. gzip / brotli come from the
//! compression layer around this service (`service()`), by `Accept-Encoding`.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;

use crate::clock;
use crate::state::Sandbox;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The static files behind gzip/brotli compression, as a fallback service.
pub fn service(sandbox: Arc<Sandbox>) -> Router {
    Router::new().fallback(serve).layer(CompressionLayer::new()).with_state(sandbox)
}

pub async fn serve(State(sandbox): State<Arc<Sandbox>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let (root, rest, is_pkg) = match path.strip_prefix("/pkg/") {
        Some(rest) => (sandbox.config.pkg_dir.clone(), rest.to_string(), true),
        None => (sandbox.config.www_dir.clone(), path.trim_start_matches('/').to_string(), false),
    };
    let Some(file) = resolve(&root, &rest) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let bytes = match tokio::fs::read(&file).await {
        Ok(b) => b,
        Err(_) if path == "/" => return fallback_page(),
        Err(_) => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    let modified_ms = tokio::fs::metadata(&file)
        .await
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64 * 1000);
    let etag = format!("W/\"{}\"", hex16(&Sha256::digest(&bytes)));
    let cache = if !is_pkg && hashed_asset(&rest) { IMMUTABLE } else { REVALIDATE };
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(v) = modified_ms.and_then(|ms| HeaderValue::from_str(&clock::http_date(ms)).ok()) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    if not_modified(req.headers(), &etag, modified_ms) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
    (headers, bytes).into_response()
}

/// If-None-Match (weak comparison) wins over If-Modified-Since, as RFC 9110 says.
fn not_modified(request: &HeaderMap, etag: &str, modified_ms: Option<i64>) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if let Some(inm) = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return inm.split(',').any(|t| t.trim() == "*" || strip(t) == strip(etag));
    }
    match (request.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()), modified_ms) {
        (Some(since), Some(modified)) => clock::parse_http_date(since).is_some_and(|s| modified <= s),
        _ => false,
    }
}

/// `assets/<name>-<8 hash chars>.<ext>`: Vite's default `assetFileNames`/`chunkFileNames`
/// (the hash is base64url, so it may itself hold `-` or `_`).
fn hashed_asset(rest: &str) -> bool {
    let Some(name) = rest.strip_prefix("assets/").filter(|n| !n.contains('/')) else { return false };
    let Some((stem, _ext)) = name.split_once('.') else { return false };
    let b = stem.as_bytes();
    b.len() >= 10
        && b[b.len() - 9] == b'-'
        && b[b.len() - 8..].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

fn hex16(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn fallback_page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        "<!doctype html><title>refundkit-sandbox</title><h1>refundkit-sandbox</h1>\
         <p>The dashboard is not built (no www/dist). The providers are mounted at \
         /payroc/v1, /payroc/identity, /jpmorgan/api/v2, /jpmorgan/oauth2/token and \
         /commercehub/ch; the admin API is at /_sandbox/. See docs/SANDBOX.md.</p>",
    )
        .into_response()
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

#[cfg(test)]
mod tests {
    use super::hashed_asset;

    #[test]
    fn recognises_vite_hashes() {
        assert!(hashed_asset("assets/index-BxCg3PqV.js"));
        assert!(hashed_asset("assets/index-D_5G-TKX.css"));
        assert!(hashed_asset("assets/refundkit_bg-Ab12Cd34.wasm"));
        assert!(!hashed_asset("assets/logo.svg"));
        assert!(!hashed_asset("index-BxCg3PqV.js"));
        assert!(!hashed_asset("assets/sub/index-BxCg3PqV.js"));
    }
}
