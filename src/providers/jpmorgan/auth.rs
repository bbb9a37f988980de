//! OAuth 2.0 client credentials (reference A2, the developer-portal flow): HTTP Basic with
//! the client id and secret, a form body `grant_type=client_credentials` and a scope.
//! The token is cached and refreshed by the sending layer (`send::TokenCache`).

use crate::http::{HttpRequest, Method};
use base64::Engine;
use std::fmt;

/// The token endpoint of the self-service developer portal (mock tier).
pub const PORTAL_TOKEN_URL: &str = "https://id.payments.jpmorgan.com/am/oauth2/alpha/access_token";
/// The scope of the mock tier.
pub const SANDBOX_SCOPE: &str = "jpm:payments:sandbox";

/// A client id and secret. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: String,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials").field("client_id", &self.client_id).field("client_secret", &"[redacted]").finish()
    }
}

impl ClientCredentials {
    /// `base64(client_id:client_secret)`, the HTTP Basic credential (also a secret).
    pub fn basic(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", self.client_id, self.client_secret))
    }

    /// `POST {token_url}` with `Authorization: Basic` and the form body.
    pub fn token_request(&self, token_url: &str, scope: Option<&str>) -> HttpRequest {
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = scope {
            form.push(("scope", scope));
        }
        HttpRequest::new(Method::Post, token_url)
            .form(&form)
            .header("Accept", "application/json")
            .header("Authorization", format!("Basic {}", self.basic()))
    }
}

/// Writes the bearer token into a request.
pub fn bearer(request: &mut HttpRequest, token: &str) {
    request.set_header("Authorization", format!("Bearer {token}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_request_is_basic_auth_and_a_form() {
        let c = ClientCredentials { client_id: "id".into(), client_secret: "s3cr3t".into() };
        let r = c.token_request(PORTAL_TOKEN_URL, Some(SANDBOX_SCOPE));
        assert_eq!((r.method, r.url.as_str()), (Method::Post, PORTAL_TOKEN_URL));
        assert_eq!(r.get_header("authorization"), Some("Basic aWQ6czNjcjN0"));
        assert_eq!(r.get_header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.body.unwrap(), b"grant_type=client_credentials&scope=jpm%3Apayments%3Asandbox");
        let r = c.token_request("https://x/token", None);
        assert_eq!(r.body.unwrap(), b"grant_type=client_credentials");
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
