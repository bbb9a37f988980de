//! Plain HTTP values: the core builds `HttpRequest`s and reads `HttpResponse`s; it never
//! performs I/O. The wasm layer turns them into `fetch` calls.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "DELETE")]
    Delete,
}

impl Method {
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The exact bytes sent; signatures are computed over these.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    pub fn new(method: Method, url: impl Into<String>) -> HttpRequest {
        HttpRequest { method, url: url.into(), headers: vec![], body: None }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.set_header(name, value);
        self
    }

    /// Sets a header, replacing any earlier value of the same name (case-insensitive).
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
    }

    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A JSON body, serialized once: retries and signatures use these same bytes.
    pub fn json<T: Serialize>(mut self, body: &T) -> HttpRequest {
        // Serializing plain structs of strings and integers cannot fail.
        self.body = Some(serde_json::to_vec(body).unwrap_or_default());
        self.set_header("Content-Type", "application/json");
        self
    }

    /// A form-encoded body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, pairs: &[(&str, &str)]) -> HttpRequest {
        let body: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v))).collect();
        self.body = Some(body.join("&").into_bytes());
        self.set_header("Content-Type", "application/x-www-form-urlencoded");
        self
    }
}

/// The response headers the core reads (the sending layer's `Retry-After`; the type of
/// the body for error messages). The binding fetches only these: reading every header of
/// every response costs a boundary crossing each.
pub const RESPONSE_HEADERS: &[&str] = &["retry-after", "content-type"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON, or `None` when it is not JSON (an HTML error page, a cut-off body).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// Percent-encodes a URL query or path component (RFC 3986 unreserved characters kept).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Joins a base URL and a path with exactly one `/` between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// Appends `?k=v&...` for the pairs given, skipping none; values are encoded.
pub fn with_query(url: String, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return url;
    }
    let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v))).collect();
    format!("{url}?{}", q.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_replace_case_insensitively() {
        let r = HttpRequest::new(Method::Post, "https://x").header("idempotency-key", "a").header("Idempotency-Key", "b");
        assert_eq!(r.headers, vec![("Idempotency-Key".to_string(), "b".to_string())]);
    }

    #[test]
    fn urls_are_joined_and_encoded() {
        assert_eq!(join_url("https://a/v1/", "/payments"), "https://a/v1/payments");
        assert_eq!(with_query("u".into(), &[("orderId", "a b&c".into())]), "u?orderId=a%20b%26c");
        let f = HttpRequest::new(Method::Post, "u").form(&[("grant_type", "client_credentials"), ("scope", "a b")]);
        assert_eq!(f.body.unwrap(), b"grant_type=client_credentials&scope=a%20b");
    }
}
