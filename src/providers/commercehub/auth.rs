//! Commerce Hub's HMAC authentication: every attempt carries `Api-Key`, `Client-Request-Id`,
//! `Timestamp` (epoch ms, fresh per attempt), `Auth-Token-Type: HMAC` and
//! `Authorization = base64(HMAC-SHA256(apiSecret, apiKey + clientRequestId + timestamp + body))`.
//!
//! The signature is the base64 of the raw 32-byte MAC (44 characters), as the documented
//! JavaScript code, ActiveMerchant and hyperswitch compute it. The sample value in Fiserv's
//! docs is base64 of the *hex* digest and contradicts its own code; we follow the code.

use crate::http::HttpRequest;
use crate::send::AuthMaterial;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const API_KEY: &str = "Api-Key";
pub const CLIENT_REQUEST_ID: &str = "Client-Request-Id";
pub const TIMESTAMP: &str = "Timestamp";
pub const AUTH_TOKEN_TYPE: &str = "Auth-Token-Type";
pub const AUTHORIZATION: &str = "Authorization";

/// The text signed for one attempt: apiKey + Client-Request-Id + Timestamp + body, with no
/// separators. The body is the exact text the request carries.
pub fn signing_message(api_key: &str, request: &HttpRequest, timestamp_ms: u64) -> String {
    let client_request_id = request.get_header(CLIENT_REQUEST_ID).unwrap_or_default();
    let body = request.body.as_deref().unwrap_or_default();
    let mut message = String::with_capacity(api_key.len() + client_request_id.len() + 13 + body.len());
    message.push_str(api_key);
    message.push_str(client_request_id);
    message.push_str(itoa::Buffer::new().format(timestamp_ms));
    message.push_str(body);
    message
}

/// `base64(HMAC-SHA256(secret, message))` over the UTF-8 bytes of both.
pub fn hmac_signature(secret: &str, message: &str) -> String {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail; an empty signature
    // would only make the provider answer 401.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Writes the credential headers for one attempt. Only a signature authorizes a Commerce Hub
/// request; other material leaves the request as it is (the provider will answer 401).
pub fn authorize(api_key: &str, request: &mut HttpRequest, material: &AuthMaterial) {
    if let AuthMaterial::Signature { timestamp_ms, signature } = material {
        request.set_header(API_KEY, api_key);
        request.set_header(TIMESTAMP, itoa::Buffer::new().format(*timestamp_ms));
        request.set_header(AUTH_TOKEN_TYPE, "HMAC");
        request.set_header(AUTHORIZATION, signature.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    const API_KEY_VALUE: &str = "sbxTestApiKey";
    const SECRET: &str = "sbxTestApiSecret";
    const CRID: &str = "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60";
    const TS: u64 = 1_718_000_000_000;
    const BODY: &str = r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":12.04,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#;

    fn request(body: &str) -> HttpRequest {
        let mut r = HttpRequest::new(Method::Post, "https://connect-cert.fiservapis.com/ch/payments/v1/refunds")
            .header(CLIENT_REQUEST_ID, CRID);
        r.body = Some(body.to_string());
        r
    }

    #[test]
    fn the_message_is_key_request_id_timestamp_and_body() {
        let m = signing_message(API_KEY_VALUE, &request(BODY), TS);
        assert_eq!(m, format!("{API_KEY_VALUE}{CRID}{TS}{BODY}"));
    }

    #[test]
    fn signature_matches_a_value_computed_outside_the_project() {
        // Computed with OpenSSL (and cross-checked with Python's hmac module):
        //   MSG='sbxTestApiKey5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f601718000000000{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":12.04,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}'
        //   printf '%s' "$MSG" | openssl dgst -sha256 -hmac sbxTestApiSecret -binary | base64
        //   python3 -c 'import hmac,hashlib,base64,sys; print(base64.b64encode(hmac.new(b"sbxTestApiSecret", sys.argv[1].encode(), hashlib.sha256).digest()).decode())' "$MSG"
        let message = signing_message(API_KEY_VALUE, &request(BODY), TS);
        assert_eq!(hmac_signature(SECRET, &message), "3gjx7aOeJkZkNnkgAFsMgcR5ROCV+Ru0ijQ3mvIJ0Bw=");
    }

    #[test]
    fn a_one_byte_change_in_the_body_changes_the_signature() {
        // `12.04` → `12.05`; the same openssl command gives XRI1ndZTduMjBkuOH15SP/TTfLVMRuUebfTNgZyoYTk=
        let changed = BODY.replace("12.04", "12.05");
        assert_eq!(changed.len(), BODY.len());
        let a = hmac_signature(SECRET, &signing_message(API_KEY_VALUE, &request(BODY), TS));
        let b = hmac_signature(SECRET, &signing_message(API_KEY_VALUE, &request(&changed), TS));
        assert_ne!(a, b);
        assert_eq!(b, "XRI1ndZTduMjBkuOH15SP/TTfLVMRuUebfTNgZyoYTk=");
    }

    #[test]
    fn the_timestamp_and_request_id_are_signed_too() {
        let base = hmac_signature(SECRET, &signing_message(API_KEY_VALUE, &request(BODY), TS));
        let later = hmac_signature(SECRET, &signing_message(API_KEY_VALUE, &request(BODY), TS + 1));
        let other_id = request(BODY).header(CLIENT_REQUEST_ID, "another-id");
        let other = hmac_signature(SECRET, &signing_message(API_KEY_VALUE, &other_id, TS));
        assert_ne!(base, later);
        assert_ne!(base, other);
        assert_eq!(base.len(), 44, "base64 of the raw 32-byte MAC, not of its hex");
    }

    #[test]
    fn authorize_writes_every_header() {
        let mut r = request(BODY);
        authorize(API_KEY_VALUE, &mut r, &AuthMaterial::Signature { timestamp_ms: TS, signature: "sig".into() });
        assert_eq!(r.get_header("api-key"), Some(API_KEY_VALUE));
        assert_eq!(r.get_header("timestamp"), Some("1718000000000"));
        assert_eq!(r.get_header("auth-token-type"), Some("HMAC"));
        assert_eq!(r.get_header("authorization"), Some("sig"));
        assert_eq!(r.get_header("client-request-id"), Some(CRID));
        let mut unsigned = request(BODY);
        authorize(API_KEY_VALUE, &mut unsigned, &AuthMaterial::None);
        assert_eq!(unsigned.get_header("authorization"), None);
    }
}
