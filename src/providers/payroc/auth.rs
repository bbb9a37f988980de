//! Payroc identity: `POST {identity}/authorize` with `x-api-key` (no body) gives a bearer
//! token (`access_token`, `expires_in` seconds); every API request carries
//! `Authorization: Bearer <token>`.

use super::responses::error;
use crate::error::{invalid_response, ErrorCode, RefundError};
use crate::http::{url, HttpRequest, HttpResponse, Method};
use crate::json::Obj;
use crate::result::ProviderName;
use crate::send::{AccessToken, AuthMaterial};

/// The token request for an API key.
pub fn token_request(identity_url: &str, api_key: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, url(identity_url, &["authorize"])).header("x-api-key", api_key)
}

/// Reads the identity service's answer. A refusal (4xx but 408/425/429) is `authentication`:
/// the key is wrong or not allowed. NOT CONFIRMED: the identity service's error body.
pub fn read_token(response: &HttpResponse) -> Result<AccessToken, RefundError> {
    if !response.is_success() {
        let e = error(response);
        return Err(match response.status {
            400..=499 if !matches!(e.code, ErrorCode::RateLimited | ErrorCode::Timeout) => RefundError { code: ErrorCode::Authentication, ..e },
            _ => e,
        });
    }
    let body = response.json().unwrap_or_default();
    let o = Obj::of(&body);
    match o.str("access_token") {
        Some(token) if !token.is_empty() => Ok(AccessToken::new(token.to_string(), o.u64("expires_in"))),
        _ => Err(invalid_response(ProviderName::Payroc, response.status, "a token body without access_token")),
    }
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
    fn token_request_is_a_bodiless_post_with_the_key() {
        let r = token_request("https://identity.uat.payroc.com", "key-1");
        assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://identity.uat.payroc.com/authorize"));
        assert_eq!(r.headers, vec![("x-api-key".to_string(), "key-1".to_string())]);
        assert_eq!(r.body, None);
    }

    #[test]
    fn reads_tokens_and_refusals() {
        let ok = HttpResponse::new(200, r#"{ "access_token": "eyJ", "expires_in": 3600, "scope": "a", "token_type": "Bearer" }"#);
        let t = read_token(&ok).unwrap();
        assert_eq!((secrecy::ExposeSecret::expose_secret(&t.token), t.expires_in_s), ("eyJ", Some(3600)));
        let refused = HttpResponse::new(401, r#"{ "type": "https://docs.payroc.com/api/errors#not-authorized", "title": "Not authorized", "status": 401 }"#);
        let e = read_token(&refused).unwrap_err();
        assert_eq!((e.code, e.http_status), (ErrorCode::Authentication, Some(401)));
        assert_eq!(read_token(&HttpResponse::new(400, "{}")).unwrap_err().code, ErrorCode::Authentication);
        assert_eq!(read_token(&HttpResponse::new(429, "{}")).unwrap_err().code, ErrorCode::RateLimited);
        assert_eq!(read_token(&HttpResponse::new(200, r#"{ "token": "x" }"#)).unwrap_err().code, ErrorCode::InvalidResponse);
        assert_eq!(read_token(&HttpResponse::new(200, r#"{ "access_token": "" }"#)).unwrap_err().code, ErrorCode::InvalidResponse);
    }
}
