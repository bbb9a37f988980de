//! CORS limited to the sandbox's own origin (`http://127.0.0.1:PORT`,
//! `http://localhost:PORT`) and the ones given with `--allow-origin`. A page on any other
//! origin gets no `Access-Control-Allow-Origin`, its preflights are refused (403), and its
//! requests to `/_sandbox/*` and `/_demo/*` are refused before they run (a form POST needs
//! no preflight, and those routes reset state and mint tokens).

use axum::http::{HeaderValue, Response};

const ALLOW_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, x-api-key, merchant-id, request-id, Api-Key, Client-Request-Id, Timestamp, Auth-Token-Type, Accept, Accept-Language, minorVersion";
const EXPOSE_HEADERS: &str = "Retry-After, Location, Content-Type, Idempotency-Key, request-id, Client-Request-Id, ApiTraceId";

pub struct CorsPolicy {
    allowed: Vec<String>,
}

impl CorsPolicy {
    pub fn new(port: u16, extra: &[String]) -> CorsPolicy {
        let mut allowed = vec![format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")];
        allowed.extend(extra.iter().cloned());
        CorsPolicy { allowed }
    }

    pub fn allows(&self, origin: &str) -> bool {
        self.allowed.iter().any(|a| a.eq_ignore_ascii_case(origin))
    }

    /// The CORS answer for an allowed origin: that origin (never `*`), the providers'
    /// headers, the methods the routes use.
    pub fn add_headers<B>(&self, origin: &str, response: &mut Response<B>) {
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(origin) {
            h.insert("access-control-allow-origin", v);
        }
        h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"));
        h.insert("access-control-allow-headers", HeaderValue::from_static(ALLOW_HEADERS));
        h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSE_HEADERS));
        h.insert("access-control-max-age", HeaderValue::from_static("600"));
    }
}

/// `--allow-origin` as a browser sends `Origin`: `scheme://host[:port]`, no path, no
/// trailing slash.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let t = text.trim().trim_end_matches('/');
    let rest = t
        .strip_prefix("http://")
        .or_else(|| t.strip_prefix("https://"))
        .ok_or_else(|| format!("--allow-origin {text}: must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains('/') || !rest.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!("--allow-origin {text}: must be scheme://host[:port] with no path"));
    }
    Ok(t.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_origins_and_extra_ones() {
        let p = CorsPolicy::new(4010, &["http://localhost:5173".to_string()]);
        assert!(p.allows("http://127.0.0.1:4010") && p.allows("http://localhost:4010") && p.allows("http://localhost:5173"));
        assert!(!p.allows("http://127.0.0.1:4011") && !p.allows("https://evil.example") && !p.allows("null"));
        assert_eq!(parse_origin("http://LocalHost:5173/"), Ok("http://localhost:5173".into()));
        assert!(parse_origin("localhost:5173").is_err() && parse_origin("http://a/b").is_err());
    }
}
