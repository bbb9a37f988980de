//! OAuth 2.0 client credentials (reference A2, the developer-portal flow): HTTP Basic with
//! the client id and secret, a form body `grant_type=client_credentials` and a scope. The
//! token is cached and refreshed by the sending layer; every API request carries it as a
//! bearer token.

use crate::error::{answered, code_for_status, invalid_response, status_is_retryable, ErrorCode, RefundError};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::json::Obj;
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthMaterial};
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

/// The token endpoint of the self-service developer portal (mock tier).
pub const PORTAL_TOKEN_URL: &str = "https://id.payments.jpmorgan.com/am/oauth2/alpha/access_token";
/// The scope of the mock tier.
pub const SANDBOX_SCOPE: &str = "jpm:payments:sandbox";

/// A client id and secret. `Debug` never shows the secret.
#[derive(Clone)]
pub struct ClientCredentials {
    pub client_id: String,
    pub client_secret: SecretString,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials").field("client_id", &self.client_id).field("client_secret", &"[redacted]").finish()
    }
}

impl ClientCredentials {
    /// `base64(client_id:client_secret)`, the HTTP Basic credential (also a secret).
    pub fn basic(&self) -> String {
        let mut pair = String::with_capacity(self.client_id.len() + 64);
        pair.push_str(&self.client_id);
        pair.push(':');
        pair.push_str(self.client_secret.expose_secret());
        base64::engine::general_purpose::STANDARD.encode(pair)
    }

    /// `POST {token_url}` with `Authorization: Basic` and the form body.
    pub fn token_request(&self, token_url: &str, scope: Option<&str>) -> HttpRequest {
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = scope {
            form.push(("scope", scope));
        }
        let mut basic = String::from("Basic ");
        basic.push_str(&self.basic());
        HttpRequest::new(Method::Post, token_url).form(&form).header("Accept", "application/json").header("Authorization", basic)
    }
}

/// The token endpoint's answer: `{ access_token, expires_in }`, or an authentication error
/// carrying the OAuth error (`{ error, error_description }`) in `details`.
pub fn read_token(response: &HttpResponse) -> Result<AccessToken, RefundError> {
    let provider = ProviderName::Jpmorgan;
    let body = response.json().unwrap_or_default();
    let o = Obj::of(&body);
    if response.is_success() {
        return match o.str("access_token") {
            Some(t) if !t.is_empty() => Ok(AccessToken::new(t.to_string(), o.u64("expires_in"))),
            _ => Err(invalid_response(provider, response.status, "a token response without access_token")),
        };
    }
    let code = match response.status {
        400 | 401 | 403 => ErrorCode::Authentication,
        s => code_for_status(s),
    };
    let mut message = String::from("the J.P. Morgan token endpoint");
    message.push_str(&answered(provider, response.status)[provider.display().len()..]);
    if let Some(e) = o.str("error") {
        message.push_str(": ");
        message.push_str(e);
        if let Some(d) = o.str("error_description") {
            message.push_str(" (");
            message.push_str(d);
            message.push(')');
        }
    }
    let mut e = RefundError::new(code, message).with_provider(provider).with_status(response.status).with_retryable(status_is_retryable(response.status));
    if o.str("error").is_some() {
        e.details = Some(body);
    }
    Err(e)
}

/// Writes `Authorization: Bearer <token>`.
pub fn authorize(request: &mut HttpRequest, material: &AuthMaterial) {
    if let AuthMaterial::Token(token) = material {
        let mut value = String::from("Bearer ");
        value.push_str(token);
        request.set_header("Authorization", value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_request_is_basic_auth_and_a_form() {
        let c = ClientCredentials { client_id: "id".into(), client_secret: SecretString::from("s3cr3t".to_string()) };
        let r = c.token_request(PORTAL_TOKEN_URL, Some(SANDBOX_SCOPE));
        assert_eq!((r.method, r.url.as_str()), (Method::Post, PORTAL_TOKEN_URL));
        assert_eq!(r.get_header("authorization"), Some("Basic aWQ6czNjcjN0"));
        assert_eq!(r.get_header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(r.body.as_deref(), Some("grant_type=client_credentials&scope=jpm%3Apayments%3Asandbox"));
        assert_eq!(c.token_request("https://x/token", None).body.as_deref(), Some("grant_type=client_credentials"));
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn reads_tokens_and_oauth_errors() {
        let t = read_token(&HttpResponse::new(200, r#"{"access_token":"tok","expires_in":900}"#)).unwrap();
        assert_eq!((t.token.expose_secret(), t.expires_in_s), ("tok", Some(900)));
        let e = read_token(&HttpResponse::new(401, r#"{"error":"invalid_client","error_description":"bad secret"}"#)).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::Authentication, "the J.P. Morgan token endpoint answered HTTP 401: invalid_client (bad secret)"));
        assert_eq!(read_token(&HttpResponse::new(503, "")).unwrap_err().code, ErrorCode::ProviderError);
        assert_eq!(read_token(&HttpResponse::new(200, "{}")).unwrap_err().code, ErrorCode::InvalidResponse);
    }
}
