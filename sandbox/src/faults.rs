//! Fault injection: rules set through `POST /_sandbox/faults`, matched against the full
//! request path (mount included) and the method, applied by count or by a seeded
//! probability.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::server::ConnControl;
use crate::state::Sandbox;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    DropAfterCommit,
    FailBeforeCommit,
    RateLimit,
    Delay,
    Reset,
    UnreadableAfterCommit,
    Redirect,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    /// HTTP method; absent or `*` matches any.
    #[serde(default)]
    pub method: Option<String>,
    /// Glob over the full path, `*` matches any run of characters (also `/`).
    pub path: String,
    pub kind: FaultKind,
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub probability: Option<f64>,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after: Option<u64>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// `redirect`: the `Location` to send.
    #[serde(default)]
    pub location: Option<String>,
}

/// Where a `redirect` fault sends the client: a closed port on this machine.
pub const DEFAULT_LOCATION: &str = "http://127.0.0.1:9/elsewhere";

impl FaultSpec {
    pub fn validate(&self) -> Result<(), String> {
        if self.path.is_empty() {
            return Err("path must not be empty".into());
        }
        if let Some(p) = self.probability {
            if !(0.0..=1.0).contains(&p) {
                return Err("probability must be within 0..=1".into());
            }
        }
        if let Some(s) = self.status {
            match self.kind {
                FaultKind::FailBeforeCommit if !(500..=599).contains(&s) => {
                    return Err("status must be a 5xx for fail_before_commit".into())
                }
                FaultKind::RateLimit if s != 429 && s != 425 => {
                    return Err("status must be 429 or 425 for rate_limit".into())
                }
                FaultKind::Redirect if ![301, 302, 303, 307, 308].contains(&s) => {
                    return Err("status must be 301, 302, 303, 307 or 308 for redirect".into())
                }
                FaultKind::Delay | FaultKind::Reset | FaultKind::DropAfterCommit | FaultKind::UnreadableAfterCommit => {
                    return Err(format!("status does not apply to {:?}", self.kind))
                }
                _ => {}
            }
        }
        if let Some(l) = &self.location {
            if self.kind != FaultKind::Redirect {
                return Err("location applies only to redirect".into());
            }
            if l.is_empty() || HeaderValue::from_str(l).is_err() {
                return Err("location must be a non-empty header value".into());
            }
        }
        Ok(())
    }
}

/// xorshift64*: tiny, deterministic, good enough to decide "does this request fail".
#[derive(Clone, Debug)]
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }
    fn next_f64(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Debug)]
struct FaultRule {
    spec: FaultSpec,
    remaining: Option<u64>,
    rng: XorShift,
}

#[derive(Default)]
pub struct FaultTable {
    rules: Vec<FaultRule>,
}

impl FaultTable {
    pub fn add(&mut self, spec: FaultSpec) {
        self.rules.push(FaultRule {
            remaining: spec.count,
            rng: XorShift::new(spec.seed.unwrap_or(1)),
            spec,
        });
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    pub fn list(&self) -> Vec<serde_json::Value> {
        self.rules
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(&r.spec).unwrap_or_default();
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("remaining".into(), serde_json::json!(r.remaining));
                }
                v
            })
            .collect()
    }

    /// The first rule that matches and fires for this request; spent rules are removed.
    pub fn take(&mut self, method: &str, path: &str) -> Option<FaultSpec> {
        let mut fired = None;
        for (i, rule) in self.rules.iter_mut().enumerate() {
            let method_ok = match rule.spec.method.as_deref() {
                None | Some("*") => true,
                Some(m) => m.eq_ignore_ascii_case(method),
            };
            if !method_ok || !glob_match(&rule.spec.path, path) || rule.remaining == Some(0) {
                continue;
            }
            if let Some(p) = rule.spec.probability {
                if rule.rng.next_f64() >= p {
                    continue;
                }
            }
            if let Some(n) = rule.remaining.as_mut() {
                *n -= 1;
            }
            fired = Some((i, rule.spec.clone()));
            break;
        }
        let (i, spec) = fired?;
        if self.rules.get(i).and_then(|r| r.remaining) == Some(0) {
            self.rules.remove(i);
        }
        Some(spec)
    }
}

/// `*` matches any (possibly empty) run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Middleware on every provider route. Admin and demo routes are never faulted.
pub async fn inject(State(sandbox): State<Arc<Sandbox>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/_sandbox") || path.starts_with("/_demo") {
        return next.run(req).await;
    }
    let fault = sandbox.fault_table().take(req.method().as_str(), &path);
    let Some(fault) = fault else { return next.run(req).await };
    let control = req.extensions().get::<Arc<ConnControl>>().cloned();
    eprintln!("fault {:?} on {} {}", fault.kind, req.method(), crate::mask::mask_digit_runs(&path));
    match fault.kind {
        FaultKind::FailBeforeCommit => {
            let status = StatusCode::from_u16(fault.status.unwrap_or(503))
                .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            provider_failure(&path, status)
        }
        FaultKind::RateLimit => {
            let status = match fault.status {
                Some(425) => StatusCode::from_u16(425).unwrap_or(StatusCode::TOO_MANY_REQUESTS),
                _ => StatusCode::TOO_MANY_REQUESTS,
            };
            let mut resp = provider_failure(&path, status);
            let secs = fault.retry_after.unwrap_or(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&secs) {
                resp.headers_mut().insert("retry-after", v);
            }
            resp
        }
        FaultKind::Delay => {
            // Detached from the connection: a client that gives up (hyper then drops this
            // future) must not stop the request from being processed and committed.
            let delay = Duration::from_millis(fault.delay_ms.unwrap_or(30_000));
            let work = tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                next.run(req).await
            });
            work.await.unwrap_or_else(|_| provider_failure(&path, StatusCode::INTERNAL_SERVER_ERROR))
        }
        FaultKind::Reset => match control {
            Some(c) => {
                c.reset();
                std::future::pending().await
            }
            None => provider_failure(&path, StatusCode::SERVICE_UNAVAILABLE),
        },
        FaultKind::DropAfterCommit => {
            let committed = next.run(req).await;
            match control {
                Some(c) => {
                    c.close();
                    std::future::pending().await
                }
                None => committed,
            }
        }
        FaultKind::UnreadableAfterCommit => unreadable(next.run(req).await).await,
        FaultKind::Redirect => {
            // Before anything runs: the client must decide whether to follow it.
            let status = StatusCode::from_u16(fault.status.unwrap_or(307)).unwrap_or(StatusCode::TEMPORARY_REDIRECT);
            let location = fault.location.as_deref().unwrap_or(DEFAULT_LOCATION);
            let mut resp = status.into_response();
            if let Ok(v) = HeaderValue::from_str(location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            resp
        }
    }
}

/// The committed response with its status and headers, but a body that is not JSON: its
/// first half, still labelled `application/json`.
async fn unreadable(committed: Response) -> Response {
    let (mut parts, body) = committed.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let mut cut = bytes.slice(..bytes.len() / 2).to_vec();
    if cut.is_empty() || serde_json::from_slice::<serde_json::Value>(&cut).is_ok() {
        cut = b"{\"".to_vec();
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, axum::body::Body::from(cut))
}

/// An error body in the format of the provider that owns the path.
fn provider_failure(path: &str, status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let reason = if status.as_u16() == 425 { "Too Early" } else { reason };
    if path.starts_with("/payroc") {
        let (slug, detail) = match status.as_u16() {
            429 => ("too-many-requests", "Too many requests, retry later"),
            425 => ("too-early", "The request was sent too early, retry later"),
            _ => ("api-error", "We are unable to process your request at this time"),
        };
        crate::payroc::problem(status, slug, reason, detail, vec![])
    } else if path.starts_with("/jpmorgan") {
        let code = match status.as_u16() {
            429 => "TOO_MANY_REQUESTS",
            425 => "TOO_EARLY",
            _ => "SERVICE_UNAVAILABLE",
        };
        crate::jpmorgan::error_response(status, code, reason, vec![])
    } else if path.starts_with("/commercehub") {
        // As in Commerce Hub's spec examples: 429 is APIM, 425 GATEWAY.
        let (kind, message) = match status.as_u16() {
            429 => ("APIM", "Request volume is too high."),
            425 => ("GATEWAY", "The request was sent too early."),
            _ => ("APIM", "Service unavailable."),
        };
        crate::commercehub::error_response(status, None, kind, &status.as_u16().to_string(), "", message)
    } else {
        (status, reason.to_string()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("/payroc/v1/payments/*/refund", "/payroc/v1/payments/M2MJOG6O2Y/refund"));
        assert!(!glob_match("/payroc/v1/payments/*/refund", "/payroc/v1/payments/M2MJOG6O2Y"));
        assert!(glob_match("*", "/anything"));
        assert!(glob_match("/jpmorgan/*", "/jpmorgan/api/v2/refunds"));
    }

    #[test]
    fn seeded_probability_is_deterministic() {
        let spec = |seed| FaultSpec {
            method: None, path: "*".into(), kind: FaultKind::RateLimit, count: None,
            probability: Some(0.5), seed: Some(seed), status: None, retry_after: None, delay_ms: None, location: None,
        };
        let run = |seed| {
            let mut t = FaultTable::default();
            t.add(spec(seed));
            (0..64).map(|_| t.take("GET", "/x").is_some()).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        let hits = run(7).iter().filter(|h| **h).count();
        assert!(hits > 10 && hits < 54, "{hits}");
    }
}
