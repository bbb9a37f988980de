//! Plain HTTP values: the core builds `HttpRequest`s and reads `HttpResponse`s; it never
//! performs I/O. The JS side turns them into `fetch` calls.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it may change something at the provider (and so move money).
    pub fn changes_state(&self) -> bool {
        matches!(self, Method::Post | Method::Patch | Method::Delete)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The exact text sent (UTF-8 JSON or a form); signatures are computed over it.
    pub body: Option<String>,
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

    /// A JSON body, serialized once: retries and signatures use this same text.
    pub fn json(mut self, body: &crate::json::Value) -> HttpRequest {
        self.body = Some(body.to_json());
        self.set_header("Content-Type", "application/json");
        self
    }

    /// A form-encoded body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, pairs: &[(&str, &str)]) -> HttpRequest {
        let mut body = String::new();
        for (i, (k, v)) in pairs.iter().enumerate() {
            if i > 0 {
                body.push('&');
            }
            push_encoded(&mut body, k);
            body.push('=');
            push_encoded(&mut body, v);
        }
        self.body = Some(body);
        self.set_header("Content-Type", "application/x-www-form-urlencoded");
        self
    }
}

/// What the core reads of an answer: the status, the `Retry-After` header and the body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

impl HttpResponse {
    pub fn new(status: u16, body: impl Into<String>) -> HttpResponse {
        HttpResponse { status, retry_after: None, body: body.into() }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON, or `None` when it is not JSON (an HTML error page, a cut-off body).
    pub fn json(&self) -> Option<crate::json::Value> {
        crate::json::parse(&self.body)
    }
}

fn push_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Percent-encodes a URL query or path component (RFC 3986 unreserved characters kept).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_encoded(&mut out, s);
    out
}

/// A URL from a base and path segments, each segment encoded: `url(base, &["payments", id])`.
pub fn url(base: &str, segments: &[&str]) -> String {
    let mut out = String::with_capacity(base.len() + 32);
    out.push_str(base.trim_end_matches('/'));
    for s in segments {
        out.push('/');
        push_encoded(&mut out, s);
    }
    out
}

/// Appends `?k=v&...` for the pairs given; values are encoded.
pub fn with_query(mut url: String, pairs: &[(&str, String)]) -> String {
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        push_encoded(&mut url, k);
        url.push('=');
        push_encoded(&mut url, v);
    }
    url
}

/// A query parameter of a URL, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v)).flatten()
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(if b == b'+' { b' ' } else { b });
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        assert_eq!(url("https://a/v1/", &["payments", "../x?y=1/z"]), "https://a/v1/payments/..%2Fx%3Fy%3D1%2Fz");
        assert_eq!(with_query("u".into(), &[("orderId", "a b&c".into()), ("limit", "2".into())]), "u?orderId=a%20b%26c&limit=2");
        let f = HttpRequest::new(Method::Post, "u").form(&[("grant_type", "client_credentials"), ("scope", "a b")]);
        assert_eq!(f.body.unwrap(), "grant_type=client_credentials&scope=a%20b");
        assert_eq!(query_param("https://x/p?a=1&after=A%20B", "after").as_deref(), Some("A B"));
        assert_eq!(query_param("https://x/p?after=%zz", "after"), None);
    }
}
