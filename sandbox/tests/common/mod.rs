//! Starts the real `refundkit-sandbox` binary on a free port and talks to it over HTTP.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

pub const PAYROC_KEY: &str = "sbx-payroc-5f0c2a8e4b7d4e19a3c6";
pub const JPM_CLIENT: &str = "sbx-jpm-client-7f3e9d21";
pub const JPM_SECRET: &str = "sbx-jpm-secret-1c9b5a7e8d2f4036";
pub const JPM_MERCHANT: &str = "998482157632";
pub const CH_KEY: &str = "sbxCHapiKey0a1b2c3d4e5f6a7b8c9d";
pub const CH_SECRET: &str = "sbxCHsecret9f8e7d6c5b4a39281706f5e4";

pub struct Sandbox {
    child: Child,
    pub base: String,
    pub http: reqwest::Client,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sandbox {
    pub fn start(extra: &[&str]) -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_refundkit-sandbox"))
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("start line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected start line {line:?}"))
            .to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Sandbox { child, base, http: reqwest::Client::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get_json(&self, path: &str) -> Value {
        self.http.get(self.url(path)).send().await.expect("get").json().await.expect("json")
    }

    pub async fn ledger(&self) -> Vec<Value> {
        self.get_json("/_sandbox/ledger").await.as_array().cloned().unwrap_or_default()
    }

    pub async fn fault(&self, spec: Value) {
        let r = self.http.post(self.url("/_sandbox/faults")).json(&spec).send().await.expect("fault");
        assert_eq!(r.status(), 201, "{:?}", r.text().await);
    }

    pub async fn payroc_token(&self) -> String {
        let r = self
            .http
            .post(self.url("/payroc/identity/authorize"))
            .header("x-api-key", PAYROC_KEY)
            .send()
            .await
            .expect("authorize");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("json");
        assert_eq!(v["token_type"], "Bearer");
        v["access_token"].as_str().expect("token").to_string()
    }

    pub async fn payroc_post(&self, token: &str, path: &str, key: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(&format!("/payroc/v1{path}")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("payroc post");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn payroc_get(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(self.url(&format!("/payroc/v1{path}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("payroc get");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn jpm_token(&self) -> String {
        let r = self
            .http
            .post(self.url("/jpmorgan/oauth2/token"))
            .basic_auth(JPM_CLIENT, Some(JPM_SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&scope=jpm:payments:sandbox")
            .send()
            .await
            .expect("token");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("json");
        v["access_token"].as_str().expect("token").to_string()
    }

    pub async fn jpm_refund(&self, token: &str, request_id: &str, body: &Value) -> (u16, Value) {
        let r = self
            .http
            .post(self.url("/jpmorgan/api/v2/refunds"))
            .bearer_auth(token)
            .header("merchant-id", JPM_MERCHANT)
            .header("request-id", request_id)
            .json(body)
            .send()
            .await
            .expect("jpm refund");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn jpm_send(&self, method: reqwest::Method, token: &str, path: &str, request_id: Option<&str>, body: Option<&Value>) -> (u16, Value) {
        let mut r = self
            .http
            .request(method, self.url(&format!("/jpmorgan/api/v2{path}")))
            .bearer_auth(token)
            .header("merchant-id", JPM_MERCHANT);
        if let Some(id) = request_id {
            r = r.header("request-id", id);
        }
        if let Some(b) = body {
            r = r.json(b);
        }
        let r = r.send().await.expect("jpm request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// `POST /_sandbox/refunds/{provider}/{id}/finalize`.
    pub async fn finalize(&self, provider: &str, id: &str, outcome: &str) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(&format!("/_sandbox/refunds/{provider}/{id}/finalize")))
            .json(&json!({ "outcome": outcome }))
            .send()
            .await
            .expect("finalize");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn settle(&self) {
        let r = self.http.post(self.url("/_sandbox/settle")).send().await.expect("settle");
        assert_eq!(r.status(), 200);
    }

    /// Signs and sends a Commerce Hub request exactly as the body text is given.
    pub async fn ch_post(&self, path: &str, crid: &str, body: &str) -> (u16, Value) {
        let ts = now_ms().to_string();
        let sig = ch_sign(CH_SECRET, &format!("{CH_KEY}{crid}{ts}{body}"));
        self.ch_post_raw(path, crid, &ts, &sig, body).await
    }

    pub async fn ch_post_raw(&self, path: &str, crid: &str, ts: &str, sig: &str, body: &str) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(&format!("/commercehub/ch{path}")))
            .header("content-type", "application/json")
            .header("Api-Key", CH_KEY)
            .header("Client-Request-Id", crid)
            .header("Timestamp", ts)
            .header("Auth-Token-Type", "HMAC")
            .header("Authorization", sig)
            .body(body.to_string())
            .send()
            .await
            .expect("ch post");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

pub fn ch_sign(secret: &str, message: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

pub fn now_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis()
}

pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn software() -> Value {
    json!({ "merchantSoftware": { "companyName": "refundkit", "productName": "sandbox-tests", "version": "1" } })
}

/// A Commerce Hub body with the seeded merchantDetails and the given parts spliced in.
pub fn ch_body(parts: &str) -> String {
    format!(r#"{{{parts},"merchantDetails":{{"merchantId":"100008000003683","terminalId":"10000001"}}}}"#)
}
