//! Payroc identity: `POST {identity}/authorize` with `x-api-key` (no body) gives a bearer
//! token (`access_token`, `expires_in` seconds); every API request carries
//! `Authorization: Bearer <token>`.

use super::responses::error_from;
use super::wire::TokenResponse;
use crate::error::{invalid_response, ErrorCode, RefundError};
use crate::http::{join_url, HttpRequest, HttpResponse, Method};
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthMaterial};

/// The token request for an API key.
pub fn token_request(identity_url: &str, api_key: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, join_url(identity_url, "authorize")).header("x-api-key", api_key)
}

/// Reads the identity service's answer. A refusal (4xx but 408/429) is `authentication`: the key
/// is wrong or not allowed. NOT CONFIRMED: the identity service's error body.
pub fn parse_token(response: &HttpResponse) -> Result<AccessToken, RefundError> {
    if !response.is_success() {
        let error = error_from(response, None);
        return Err(match response.status {
            400..=499 if !matches!(error.code, ErrorCode::RateLimited | ErrorCode::Timeout) => RefundError { code: ErrorCode::Authentication, ..error },
            _ => error,
        });
    }
    let token: TokenResponse = serde_json::from_slice(&response.body)
        .map_err(|_| invalid_response(ProviderName::Payroc, response.status, "a token body without access_token"))?;
    if token.access_token.is_empty() {
        return Err(invalid_response(ProviderName::Payroc, response.status, "an empty access_token"));
    }
    Ok(AccessToken { token: token.access_token, expires_in_s: token.expires_in })
}

/// Writes `Authorization: Bearer <token>`.
pub fn authorize(request: &mut HttpRequest, material: &AuthMaterial) {
    if let AuthMaterial::Token(token) = material {
        request.set_header("Authorization", format!("Bearer {token}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, body: serde_json::Value) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() }
    }

    #[test]
    fn token_request_is_a_bodiless_post_with_the_key() {
        let r = token_request("https://identity.uat.payroc.com", "key-1");
        assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://identity.uat.payroc.com/authorize"));
        assert_eq!(r.headers, vec![("x-api-key".to_string(), "key-1".to_string())]);
        assert_eq!(r.body, None);
    }

    #[test]
    fn reads_tokens_and_refusals() {
        let t = parse_token(&resp(200, json!({ "access_token": "eyJ", "expires_in": 3600, "scope": "a", "token_type": "Bearer" }))).unwrap();
        assert_eq!(t, AccessToken { token: "eyJ".into(), expires_in_s: Some(3600) });
        let e = parse_token(&resp(401, json!({ "type": "https://docs.payroc.com/api/errors#not-authorized", "title": "Not authorized", "status": 401 }))).unwrap_err();
        assert_eq!((e.code, e.http_status), (ErrorCode::Authentication, Some(401)));
        assert_eq!(parse_token(&resp(400, json!({}))).unwrap_err().code, ErrorCode::Authentication);
        assert_eq!(parse_token(&resp(200, json!({ "token": "x" }))).unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(parse_token(&resp(200, json!({ "access_token": "" }))).unwrap_err().code, ErrorCode::InvalidResponse);
    }
}
