//! Driving the core the way the package's JS loop does, shared by tests/properties.rs and
//! the cargo-fuzz targets in fuzz/ (`#[path]`-included there): a client of each provider,
//! every operation with valid arguments, and a loop that answers every request a call
//! makes with the same answer, then checks what the core handed to JS.

use refundkit::connector;
use refundkit::engine::Engine;
use refundkit::json::{parse, Value as CoreValue};
use serde_json::{json, Value};

/// 2026-01-01: a fixed clock, so card-expiry checks behave the same on every run.
pub const NOW_MS: u64 = 1_767_225_600_000;
pub const TEST_PAN: &str = "4111111111111111";
pub const SECRETS: [&str; 3] = ["prop-api-key-7731", "prop-secret-7731", "prop-api-secret-7731"];

pub const BUILDER_KINDS: [(&str, &str); 6] = [
    ("PayrocRefund", "payroc"),
    ("PayrocUnreferencedRefund", "payroc"),
    ("PayrocRefundInstruction", "payroc"),
    ("JpMorganRefund", "jpmorgan"),
    ("CommerceHubRefund", "commercehub"),
    ("CommerceHubChargeRefund", "commercehub"),
];

/// Client options with the known secrets, events on, one retry (so retry paths run).
fn options(provider: &str) -> Value {
    let [api_key, secret, api_secret] = SECRETS;
    match provider {
        "payroc" => json!({ "apiKey": api_key, "baseUrl": "http://127.0.0.1:9/payroc/v1", "identityUrl": "http://127.0.0.1:9/payroc/identity",
                            "onEvent": "\u{0}function", "maxRetries": 1 }),
        "jpmorgan" => json!({ "merchantId": "998482157632", "clientId": "prop-client", "clientSecret": secret,
                              "baseUrl": "http://127.0.0.1:9/jpmorgan/api/v2", "tokenUrl": "http://127.0.0.1:9/jpmorgan/token",
                              "onEvent": "\u{0}function", "maxRetries": 1,
                              "merchantSoftware": { "companyName": "Props", "productName": "refundkit", "version": "1" } }),
        _ => json!({ "apiKey": api_key, "apiSecret": api_secret, "merchantId": "100008000003683",
                     "terminalId": "10000001", "baseUrl": "http://127.0.0.1:9/commercehub/ch", "onEvent": "\u{0}function", "maxRetries": 1 }),
    }
}

/// A fresh engine with one client of `provider`.
pub fn connect(provider: &str) -> (Engine, u32) {
    let mut engine = Engine::default();
    let answer = engine.connect(provider, &options(provider).to_string(), false, NOW_MS);
    let client = answer["client"].as_u64().unwrap_or_else(|| panic!("{provider}: {}", answer.to_json())) as u32;
    (engine, client)
}

pub fn op_id(name: &str) -> u32 {
    connector::OPERATIONS.iter().position(|s| s.js == name).expect("an operation") as u32
}

/// The secrets a client of `provider` is given (another provider's it cannot know).
fn secrets_of(provider: &str) -> Vec<&'static str> {
    let [api_key, secret, api_secret] = SECRETS;
    match provider {
        "payroc" => vec![api_key],
        "jpmorgan" => vec![secret],
        _ => vec![api_key, api_secret],
    }
}

/// The card number or one of the client's secrets in what a step hands JS, minus the
/// request itself (which carries the credential to the provider); its events are checked.
pub fn leak(step: &CoreValue, provider: &str) -> Option<String> {
    let mut shown = step.clone();
    if step["t"].as_str() == Some("fetch") {
        shown = shown.as_object_mut().and_then(|o| o.remove("events")).unwrap_or_default();
    }
    let text = shown.to_json();
    let found = secrets_of(provider).into_iter().find(|s| text.contains(s)).or_else(|| pan_stands_alone(&text).then_some(TEST_PAN));
    found.map(|s| format!("{s} in {text}"))
}

/// The test card number as a number of its own: not a part of a longer run of digits (a
/// 17-digit run holding it is no card number, and is not one to mask).
fn pan_stands_alone(text: &str) -> bool {
    text.match_indices(TEST_PAN).any(|(at, _)| {
        let before = text[..at].bytes().next_back();
        let after = text[at + TEST_PAN.len()..].bytes().next();
        !before.is_some_and(|b| b.is_ascii_digit()) && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

/// Every operation of every provider with valid arguments, as (provider, operation, args).
pub fn calls() -> Vec<(&'static str, &'static str, Value)> {
    let usd = json!({ "minor": 1000, "currency": "USD" });
    let order = json!({ "orderId": "OrderRef6543", "description": "prop", "amount": usd });
    let unknown = json!({ "code": "outcome_unknown", "provider": "payroc", "idempotencyKey": "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60",
        "lookup": { "kind": "refund", "reference": "M2MJOG6O2Y", "amount": usd, "sentAt": NOW_MS, "knownRefundIds": [] } });
    let pending = |provider: &str, id: &str| json!([{ "provider": provider, "refundId": id, "status": "pending" }]);
    let jpm_tx = "2150955d-47f7-4770-b6b7-6a8d0cbc114f";
    vec![
        ("payroc", "refund", json!([{ "paymentId": "M2MJOG6O2Y", "amount": usd, "description": "prop" }])),
        ("payroc", "refund", json!([{ "paymentId": "M2MJOG6O2Y", "description": "the rest" }])),
        ("payroc", "reverse", json!([{ "paymentId": "M2MJOG6O2Y" }])),
        ("payroc", "reverseOrRefund", json!([{ "paymentId": "M2MJOG6O2Y", "amount": usd, "description": "prop" }])),
        ("payroc", "syncRefund", json!([unknown])),
        ("payroc", "syncRefund", pending("payroc", "KYMH0M7I78")),
        ("payroc", "waitForFinal", pending("payroc", "KYMH0M7I78")),
        ("payroc", "getPayment", json!(["M2MJOG6O2Y"])),
        ("payroc", "listPayments", json!([{ "processingTerminalId": "1234001" }])),
        ("payroc", "listRefunds", json!([{ "processingTerminalId": "1234001" }])),
        ("payroc", "getRefund", json!(["KYMH0M7I78"])),
        ("payroc", "unreferencedRefund", json!([{ "channel": "pos", "processingTerminalId": "1234001", "order": order,
            "refundMethod": { "type": "card", "card": { "cardNumber": TEST_PAN, "expiry": { "month": 12, "year": 2030 } } } }])),
        ("payroc", "submitRefundInstruction", json!([{ "serialNumber": "1850010868", "processingTerminalId": "1234001", "order": order }])),
        ("payroc", "getRefundInstruction", json!(["a1b2c3d4"])),
        ("payroc", "waitForRefundInstruction", json!(["a1b2c3d4"])),
        ("payroc", "cancelRefundInstruction", json!(["a1b2c3d4"])),
        ("jpmorgan", "refund", json!([{ "transactionId": jpm_tx, "amount": usd }])),
        ("jpmorgan", "refund", json!([{ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513", "amount": usd }])),
        ("jpmorgan", "standaloneRefund", json!([{ "card": { "accountNumber": TEST_PAN, "expiry": { "month": 5, "year": 2030 } }, "amount": usd }])),
        ("jpmorgan", "reverse", json!([{ "transactionId": jpm_tx }])),
        ("jpmorgan", "reverseOrRefund", json!([{ "transactionId": jpm_tx, "amount": usd }])),
        ("jpmorgan", "getPayment", json!([jpm_tx])),
        ("jpmorgan", "getRefund", json!([jpm_tx])),
        ("jpmorgan", "getRefundByRequestId", json!(["5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"])),
        ("jpmorgan", "syncRefund", pending("jpmorgan", jpm_tx)),
        ("jpmorgan", "waitForFinal", pending("jpmorgan", jpm_tx)),
        ("commercehub", "refund", json!([{ "referenceTransactionId": "84356531348", "amount": usd }])),
        ("commercehub", "refund", json!([{ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db" }])),
        ("commercehub", "reverse", json!([{ "referenceTransactionId": "84356531348" }])),
        ("commercehub", "reverseOrRefund", json!([{ "referenceTransactionId": "84356531348", "amount": usd }])),
        ("commercehub", "refundCharge", json!(["84356531349", { "amount": usd }])),
        ("commercehub", "syncRefund", pending("commercehub", "84356531350")),
        ("commercehub", "waitForFinal", pending("commercehub", "84356531350")),
    ]
}

/// Runs one operation the way the package's JS loop does (a token call when the core asks
/// for one, a signature, resumed waits), answering every request with the same answer.
/// Within a bounded number of steps it must end in a value or a typed error, leave no call
/// open, and hand JS neither the card number nor a secret.
pub fn run_operation(provider: &str, op: &str, args: &Value, status: u16, retry_after: Option<&str>, body: &str) -> Result<(), String> {
    let (mut e, client) = connect(provider);
    let answer = |e: &mut Engine, call: u32| e.response(call, status, retry_after.map(str::to_string), body.to_string(), NOW_MS);
    let mut step = e.start(client, op_id(op), &args.to_string(), "null", NOW_MS, [3; 16]);
    if step["error"]["code"] == "validation" {
        return Err(format!("{provider} {op}: arguments refused: {}", step.to_json()));
    }
    let mut ended = false;
    for _ in 0..64 {
        if let Some(leak) = leak(&step, provider) {
            return Err(format!("{provider} {op}: {leak}"));
        }
        let call = step["call"].as_u64().unwrap_or(0) as u32;
        let next = match step["t"].as_str().unwrap_or_default() {
            "fetch" => answer(&mut e, call),
            "sleep" | "notify" => e.resume(call, NOW_MS),
            "sign" => e.signed(call, "c2lnbmF0dXJl", NOW_MS),
            "token" => {
                // The token request is a call of its own; its failure fails the waiting call.
                let mut token = e.start(client, op_id("$token"), "[]", "null", NOW_MS, [4; 16]);
                for _ in 0..8 {
                    let c = token["call"].as_u64().unwrap_or(0) as u32;
                    token = match token["t"].as_str() {
                        Some("fetch") => parse(&answer(&mut e, c)).ok_or("the core answered something not JSON")?,
                        Some("sleep") => parse(&e.resume(c, NOW_MS)).ok_or("the core answered something not JSON")?,
                        _ => break,
                    };
                }
                if let Some(leak) = leak(&token, provider) {
                    return Err(format!("{provider} token: {leak}"));
                }
                match token["t"].as_str() {
                    Some("done") => e.resume(call, NOW_MS),
                    _ => e.auth_failed(call, &token["error"].to_json(), NOW_MS),
                }
            }
            "done" | "error" => {
                ended = true;
                break;
            }
            other => return Err(format!("{provider} {op}: step {other:?}")),
        };
        step = parse(&next).ok_or("the core answered something not JSON")?;
    }
    // A wait flow may keep looking at an unsettled refund or an inProgress instruction.
    if !ended && !op.starts_with("waitFor") {
        return Err(format!("{provider} {op} did not finish"));
    }
    if step["t"].as_str() == Some("error") && step["error"]["code"].as_str().is_none_or(str::is_empty) {
        return Err(format!("{provider} {op}: an error without a code: {}", step.to_json()));
    }
    if e.open_calls() != usize::from(!ended) {
        return Err(format!("{provider} {op}: {} calls left open", e.open_calls()));
    }
    Ok(())
}

/// Runs `op` with `args` to its end the way the JS loop does, with a valid token when one is
/// asked for, a fixed signature, and waits that move the clock on; every request is answered
/// with what `answer(fetch step)` returns. Answers the final step.
pub fn run_to_end(provider: &str, op: &str, args: &Value, options: &str, mut answer: impl FnMut(&CoreValue) -> (u16, String)) -> CoreValue {
    let (mut e, client) = connect(provider);
    let mut now = NOW_MS;
    let mut step = e.start(client, op_id(op), &args.to_string(), options, now, [8; 16]);
    for _ in 0..64 {
        let call = step["call"].as_u64().unwrap_or(0) as u32;
        let next = match step["t"].as_str() {
            Some("token") => {
                let token = e.start(client, op_id("$token"), "[]", "null", now, [4; 16]);
                let token_call = token["call"].as_u64().unwrap_or(0) as u32;
                e.response(token_call, 200, None, r#"{"access_token":"t","expires_in":3600}"#.into(), now);
                e.resume(call, now)
            }
            Some("sign") => e.signed(call, "c2ln", now),
            Some("sleep") | Some("notify") => {
                now += step["ms"].as_u64().unwrap_or(0);
                e.resume(call, now)
            }
            Some("fetch") => {
                let (status, body) = answer(&step);
                e.response(call, status, None, body, now)
            }
            _ => break,
        };
        step = parse(&next).expect("the core answers JSON");
    }
    step
}

/// A builder's `validate()` agrees with `prepare()` (no issues ⇔ a request), a known kind is
/// never refused as a kind, and neither shows the card number it was given.
pub fn validate_agrees_with_prepare(kind: &str, provider: &str, fields: &str) -> Result<(), String> {
    let validated = parse(&refundkit::api::validate(kind, fields, NOW_MS)).ok_or("validate() answered something not JSON")?;
    let Some(issues) = validated["issues"].as_array() else {
        return Err(format!("{kind} refused as a kind: {}", validated.to_json()));
    };
    let (mut engine, client) = connect(provider);
    let prepared = engine.prepare(client, kind, fields, "null", NOW_MS, [7; 16]);
    if issues.is_empty() != (prepared["t"].as_str() == Some("done")) {
        return Err(format!("{kind}: {} / {} for {fields}", validated.to_json(), prepared.to_json()));
    }
    if prepared.to_json().contains(TEST_PAN) || validated.to_json().contains(TEST_PAN) {
        return Err(format!("{kind}: the card number shown: {}", prepared.to_json()));
    }
    Ok(())
}
