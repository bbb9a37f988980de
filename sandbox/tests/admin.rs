mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn seed_lists_credentials_and_every_record() {
    let sb = Sandbox::start(&[]);
    let seed = sb.get_json("/_sandbox/seed").await;
    assert_eq!(seed["payroc"]["apiKey"], PAYROC_KEY);
    assert_eq!(seed["jpmorgan"]["clientId"], JPM_CLIENT);
    assert_eq!(seed["commercehub"]["apiSecret"], CH_SECRET);
    for p in seed["payroc"]["payments"].as_array().unwrap() {
        assert!(p["id"].is_string() && p["amount"].is_i64() && p["currency"].is_string() && p["state"].is_string());
    }
    let state = |provider: &str, list: &str, id: &str| {
        seed[provider][list].as_array().unwrap().iter().find(|p| p["id"] == id).map(|p| (p["state"].clone(), p["purpose"].is_string()))
    };
    assert_eq!(state("payroc", "payments", "RV8FULL2KQ"), Some((json!("openBatch"), true)));
    assert_eq!(state("jpmorgan", "payments", "7a1c4e52-9d3b-4f6e-8a20-5b9c1d3e7f48"), Some((json!("AUTHORIZED"), true)));
    let unsettled = seed["commercehub"]["charges"].as_array().unwrap().iter().find(|c| c["id"] == "84356531353").unwrap();
    assert_eq!((unsettled["state"].as_str(), unsettled["transactionCutTimeStamp"].as_str()), (Some("CAPTURED"), Some("2099-12-31T05:00:00Z")));
    assert_eq!(seed["jpmorgan"]["payments"][0]["captureMethod"], "NOW");
    let currencies: Vec<&str> = seed["commercehub"]["charges"].as_array().unwrap().iter().map(|c| c["currency"].as_str().unwrap()).collect();
    assert!(currencies.contains(&"JPY") && currencies.contains(&"KWD") && currencies.contains(&"USD"));
}

#[tokio::test]
async fn reset_restores_the_seed_and_clears_everything() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    sb.payroc_post(&t, "/payments/M2MJOG6O2Y/refund", &key(), &json!({"amount": 4999, "description": "all"})).await;
    sb.fault(json!({"path": "*", "kind": "rate_limit"})).await;
    let ledger = sb.ledger().await;
    assert_eq!(ledger.len(), 1);
    let keys: Vec<&str> = ledger[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
    for k in ["provider", "kind", "status", "reference", "refundId", "amount", "currency", "idempotencyKey", "time"] {
        assert!(keys.contains(&k), "{k}");
    }
    assert_eq!((ledger[0]["kind"].as_str(), ledger[0]["status"].as_str()), (Some("refund"), Some("succeeded")));
    assert_eq!(sb.http.post(sb.url("/_sandbox/reset")).send().await.unwrap().status(), 200);
    assert!(sb.ledger().await.is_empty());
    assert!(sb.get_json("/_sandbox/faults").await.as_array().unwrap().is_empty());
    assert_eq!(sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await.0, 401, "tokens are cleared");
    let t = sb.payroc_token().await;
    let (_, p) = sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await;
    assert!(p["refunds"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn stats_prove_token_reuse() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    for _ in 0..3 {
        sb.payroc_post(&t, "/payments/B6ZOFZNVOP/refund", &key(), &json!({"amount": 10, "description": "s"})).await;
    }
    let stats = sb.get_json("/_sandbox/stats").await;
    assert_eq!(stats["tokensIssued"]["payroc"], 1);
    assert_eq!(stats["requests"]["POST /payroc/identity/authorize"], 1);
    assert_eq!(stats["requests"]["POST /payroc/v1/payments/{paymentId}/refund"], 3);
}

#[tokio::test]
async fn cors_answers_only_the_sandboxs_own_origin() {
    let sb = Sandbox::start(&[]);
    let own = sb.base.clone();
    let preflight = |origin: &str| {
        sb.http.request(reqwest::Method::OPTIONS, sb.url("/commercehub/ch/payments/v1/refunds"))
            .header("Origin", origin).header("Access-Control-Request-Method", "POST").send()
    };
    let r = preflight(&own).await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(r.headers()["access-control-allow-origin"], own.as_str());
    let allowed = r.headers()["access-control-allow-headers"].to_str().unwrap();
    for h in ["Client-Request-Id", "Idempotency-Key", "merchant-id", "request-id", "Auth-Token-Type"] {
        assert!(allowed.contains(h), "{h}");
    }
    assert!(r.headers()["access-control-allow-methods"].to_str().unwrap().contains("PATCH"));
    let localhost = own.replace("127.0.0.1", "localhost");
    assert_eq!(preflight(&localhost).await.unwrap().headers()["access-control-allow-origin"], localhost.as_str());
    let r = sb.http.get(sb.url("/_sandbox/ledger")).header("Origin", &own).send().await.unwrap();
    assert_eq!(r.headers()["access-control-allow-origin"], own.as_str());

    // A page on another origin: no CORS headers, preflight refused, admin and demo refused.
    let evil = "https://evil.example";
    let r = preflight(evil).await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = sb.http.get(sb.url("/_sandbox/seed")).header("Origin", evil).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = sb.http.post(sb.url("/_demo/payroc/token")).header("Origin", evil).header("content-type", "text/plain").send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = sb.http.post(sb.url("/_sandbox/reset")).header("Origin", evil).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(sb.get_json("/_sandbox/stats").await["tokensIssued"]["payroc"], 0, "nothing ran");
    let r = sb.http.get(sb.url("/payroc/v1/payments/M2MJOG6O2Y")).header("Origin", evil).send().await.unwrap();
    assert_eq!(r.status(), 401, "provider routes run, but the page cannot read them");
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // Without an Origin (curl, tests, servers) nothing changes.
    assert_eq!(sb.http.get(sb.url("/_sandbox/seed")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn allow_origin_adds_an_origin() {
    let sb = Sandbox::start(&["--allow-origin", "http://localhost:5173", "--allow-origin", "https://console.example/"]);
    for origin in ["http://localhost:5173", "https://console.example"] {
        let r = sb.http.request(reqwest::Method::OPTIONS, sb.url("/_sandbox/seed")).header("Origin", origin)
            .header("Access-Control-Request-Method", "GET").send().await.unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(r.headers()["access-control-allow-origin"], origin);
        let r = sb.http.get(sb.url("/_sandbox/seed")).header("Origin", origin).send().await.unwrap();
        assert_eq!((r.status().as_u16(), r.headers()["access-control-allow-origin"].to_str().unwrap()), (200, origin));
    }
    let r = sb.http.get(sb.url("/_sandbox/seed")).header("Origin", "http://localhost:5174").send().await.unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn demo_backend_mints_tokens_and_signs() {
    let sb = Sandbox::start(&[]);
    let v: Value = sb.http.post(sb.url("/_demo/payroc/token")).send().await.unwrap().json().await.unwrap();
    let token = v["accessToken"].as_str().unwrap();
    assert_eq!(sb.payroc_get(token, "/payments/M2MJOG6O2Y").await.0, 200);
    let v: Value = sb.http.post(sb.url("/_demo/jpmorgan/token")).send().await.unwrap().json().await.unwrap();
    assert!(v["expiresIn"].is_u64());
    let v: Value = sb.http.post(sb.url("/_demo/commercehub/sign")).json(&json!({"message": "abc"})).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["signature"], ch_sign(CH_SECRET, "abc"));
}

#[tokio::test]
async fn static_files_and_fallback_page() {
    let dir = std::env::temp_dir().join(format!("sbx-www-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>console</h1>").unwrap();
    std::fs::write(dir.join("pkg/refundkit_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
    std::fs::write(dir.join("pkg/refundkit.js"), "export {}").unwrap();
    let www = dir.to_str().unwrap().to_string();
    let pkg = dir.join("pkg").to_str().unwrap().to_string();
    let sb = Sandbox::start(&["--www", &www, "--pkg", &pkg]);
    assert_eq!(sb.http.get(sb.url("/")).send().await.unwrap().text().await.unwrap(), "<h1>console</h1>");
    let wasm = sb.http.get(sb.url("/pkg/refundkit_bg.wasm")).send().await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let js = sb.http.get(sb.url("/pkg/refundkit.js")).send().await.unwrap();
    assert!(js.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert_eq!(sb.http.get(sb.url("/pkg/../../etc/passwd")).send().await.unwrap().status(), 404);
    let bare = Sandbox::start(&["--www", "/nonexistent-dir", "--pkg", "/nonexistent-dir"]);
    let page = bare.http.get(bare.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("refundkit-sandbox"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn garbage_input_never_crashes_the_server() {
    let sb = Sandbox::start(&[]);
    let t = sb.payroc_token().await;
    let jt = sb.jpm_token().await;
    for body in ["", "null", "[]", "{\"amount\":\"x\"}", "{\"amount\":1e400}", "\u{0}\u{ffff}", "{\"amount\":-5,\"description\":7}"] {
        let r = sb.http.post(sb.url("/payroc/v1/payments/B6ZOFZNVOP/refund")).bearer_auth(&t).header("Idempotency-Key", key()).body(body).send().await.unwrap();
        assert_eq!(r.status(), 400, "{body:?}");
        let r = sb.http.post(sb.url("/jpmorgan/api/v2/refunds")).bearer_auth(&jt).header("merchant-id", JPM_MERCHANT).header("request-id", key()).body(body).send().await.unwrap();
        assert_eq!(r.status(), 400, "{body:?}");
        let (s, _) = sb.ch_post("/payments/v1/refunds", &key(), body).await;
        assert_eq!(s, 400, "{body:?}");
    }
    for body in ["", "null", "[]", "{\"amount\":\"x\"}", "{\"amount\":1e400}", "\u{0}\u{ffff}", "{\"amount\":-5,\"operator\":7}", "{\"isVoid\":[1]}", "{\"captureMethod\":\"NOW\",\"amount\":9e99}"] {
        let r = sb.http.post(sb.url("/payroc/v1/payments/RV5PART9XM/reverse")).bearer_auth(&t).header("Idempotency-Key", key()).body(body).send().await.unwrap();
        assert!(r.status() == 400 || (body.is_empty() && r.status() == 200), "{body:?} {}", r.status());
        let r = sb.http.patch(sb.url("/jpmorgan/api/v2/payments/c2e8b4a6-1f35-4d79-9b0e-8e6a2c4d1f93")).bearer_auth(&jt).header("merchant-id", JPM_MERCHANT).header("request-id", key()).body(body).send().await.unwrap();
        assert_eq!(r.status(), 400, "{body:?}");
        for path in ["/payments/v1/cancels", "/payments/v1/transaction-inquiry"] {
            let (s, _) = sb.ch_post(path, &key(), body).await;
            assert_eq!(s, 400, "{path} {body:?}");
        }
    }
    sb.http.post(sb.url("/_sandbox/reset")).send().await.unwrap();
    let t = sb.payroc_token().await;
    for path in ["/_sandbox/refunds/payroc/x/finalize", "/_sandbox/refunds/jpmorgan/%00/finalize", "/_sandbox/settle", "/_sandbox/faults"] {
        let r = sb.http.post(sb.url(path)).body("\u{0}{[").send().await.unwrap();
        assert!(r.status().is_client_error(), "{path} {}", r.status());
    }
    let (s, v) = sb.ch_post("/payments/v1/refunds", &key(), r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531349"},"amount":{"total":"12.00","currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#).await;
    assert_eq!((s, v["error"][0]["code"].as_str()), (400, Some("105")));
    let (s, _) = sb.ch_post("/payments/v1/refunds", &key(), r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531349"},"amount":{"total":1e999,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#).await;
    assert_eq!(s, 400);
    assert!(sb.ledger().await.is_empty());
    assert_eq!(sb.payroc_get(&t, "/payments/M2MJOG6O2Y").await.0, 200);
}
