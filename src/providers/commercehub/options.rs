//! The Commerce Hub client's options: `{ apiKey, apiSecret | sign, merchantId, terminalId,
//! environment, baseUrl?, ...shared }`.
//!
//! The API key is an identifier sent in clear in the `Api-Key` header of every request and
//! worthless without the secret, so it may live in a browser; the API secret may not (unless
//! `dangerouslyAllowBrowser`). A browser passes `sign()` and lets its backend hold the secret.

use super::requests::Merchant;
use super::CommerceHub;
use crate::error::RefundError;
use crate::fields::Fields;
use crate::issue::IssueCode;
use crate::json::Value;
use crate::result::ProviderName;
use crate::send::options::SHARED_OPTIONS;
use crate::send::{ClientEnvironment, ClientOptions};
use secrecy::SecretString;

const PROVIDER: ProviderName = ProviderName::Commercehub;
const OWN: &[&str] = &["apiKey", "apiSecret", "sign", "merchantId", "terminalId", "environment", "baseUrl"];

/// Where Commerce Hub lives (Use-Our-APIs.md and spec 1.24.11 `servers`, since Aug 2024).
fn base_url(environment: &str) -> &'static str {
    match environment {
        "production" => "https://connect.fiservapis.com/ch",
        _ => "https://connect-cert.fiservapis.com/ch",
    }
}

pub fn read(options: &Value, env: ClientEnvironment, now_ms: u64) -> Result<CommerceHub, RefundError> {
    let known: Vec<&str> = SHARED_OPTIONS.iter().chain(OWN).copied().collect();
    let mut f = Fields::new(options, "", &known, now_ms);
    let shared = ClientOptions::read(&mut f, env);
    let api_key = f.req_str("apiKey", 1, 1024);
    let api_secret = f.opt_str("apiSecret", 1, 1024);
    let sign = f.opt_fn("sign");
    if api_secret.is_none() && !sign && !f.given("apiSecret") {
        f.issue("apiSecret", IssueCode::Required, "is required unless a sign(message) callback is given");
    }
    let merchant_id = f.req_str("merchantId", 1, 40);
    let terminal_id = f.req_str("terminalId", 1, 1024);
    if !f.given("environment") && !f.has("baseUrl") {
        f.issue("environment", IssueCode::Required, "is required: \"cert\" or \"production\" (or give baseUrl)");
    }
    let environment = f.opt_enum("environment", &["cert", "production"]);
    let base = f.opt_url("baseUrl");
    let client = match (api_key, merchant_id, terminal_id, base.or_else(|| environment.as_deref().map(|e| base_url(e).to_string()))) {
        (Some(api_key), Some(merchant_id), Some(terminal_id), Some(base_url)) => Some(CommerceHub {
            options: shared,
            api_key,
            api_secret: api_secret.map(SecretString::from),
            merchant: Merchant { merchant_id, terminal_id },
            base_url,
            tokens: Default::default(),
        }),
        _ => None,
    };
    let client = f.finish(client).map_err(super::invalid)?;
    let secrets: &[&str] = if client.api_secret.is_some() { &["apiSecret"] } else { &[] };
    client.options.refuse_browser_secrets(PROVIDER, secrets)?;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn paths(e: RefundError) -> Vec<(String, IssueCode)> {
        e.issues.into_iter().map(|i| (i.path, i.code)).collect()
    }

    #[test]
    fn options_are_read_by_name() {
        let ok = read(&j!({ "apiKey": "k", "apiSecret": "s", "merchantId": "m", "terminalId": "t", "environment": "production" }), ClientEnvironment::default(), 0).unwrap();
        assert_eq!(ok.base_url, "https://connect.fiservapis.com/ch");
        assert_eq!(
            paths(read(&j!({ "apiKey": "k", "merchantId": "m", "terminalId": "t" }), ClientEnvironment::default(), 0).unwrap_err()),
            [("apiSecret".to_string(), IssueCode::Required), ("environment".to_string(), IssueCode::Required)]
        );
        let e = read(&j!({ "apiKey": "k", "apiSecret": "s", "merchantId": "m", "terminalId": "t", "environment": "cert", "accessToken": "x" }), ClientEnvironment::default(), 0).unwrap_err();
        assert_eq!(paths(e), [("accessToken".to_string(), IssueCode::UnknownField)]);
    }

    #[test]
    fn the_secret_is_refused_in_a_browser_but_sign_is_not() {
        let e = read(&j!({ "apiKey": "k", "apiSecret": "sbx-secret", "merchantId": "m", "terminalId": "t", "environment": "cert" }), ClientEnvironment { in_browser: true }, 0).unwrap_err();
        assert_eq!(e.code, ErrorCode::BrowserSecret);
        assert!(!e.message.contains("sbx-secret"));
        let c = read(&j!({ "apiKey": "k", "sign": crate::json::FUNCTION, "merchantId": "m", "terminalId": "t", "environment": "cert" }), ClientEnvironment { in_browser: true }, 0).unwrap();
        assert!(c.api_secret.is_none());
    }
}
