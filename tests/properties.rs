//! Properties that must hold for every input, checked with proptest in `cargo test`:
//! money text round-trips exactly; a builder's `validate()` agrees with `prepare()` on any
//! JSON a dashboard could hand it; and every operation of every provider, driven step by
//! step through the engine as the package's JS loop drives it, ends in a result or a typed
//! error whatever the provider answers, never panics, and never lets a card number or a
//! secret out in a result, an error or an event.
//!
//! The cargo-fuzz targets in fuzz/ search the same ground for longer (`make fuzz`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use refundkit::engine::Engine;
use refundkit::json::{parse, Value as CoreValue};
use refundkit::money::{format_minor, AmountView, Currency, Money, MAX_SAFE_INTEGER};
use refundkit::{api, connector};
use serde_json::{json, Map, Number, Value};

/// 2026-01-01: a fixed clock, so card-expiry checks behave the same on every run.
const NOW_MS: u64 = 1_767_225_600_000;
const TEST_PAN: &str = "4111111111111111";
const SECRETS: &[&str] = &["prop-api-key-7731", "prop-secret-7731", "prop-api-secret-7731"];

/// A sample of ISO 4217 codes covering every exponent (0, 2, 3, 4).
const CODES: &[&str] = &["JPY", "KRW", "CLP", "VND", "USD", "EUR", "GBP", "INR", "BHD", "KWD", "JOD", "TND", "CLF", "UYW"];

fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(CODES).prop_map(|code| Currency::from_code(code).expect("a known code"))
}

/// What decimal text means, written canonically: no leading zeros, the fraction padded.
fn canonical(text: &str, exponent: usize) -> String {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if exponent == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac:0<exponent$}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Text → Money → text: any well-formed decimal with at most the currency's decimals
    /// parses to exactly the number it spells, and formats back to its canonical form.
    #[test]
    fn decimal_text_round_trips_exactly(c in currency(), int in "0{0,3}[0-9]{1,12}", frac in "[0-9]{0,4}", dot in any::<bool>()) {
        let e = c.exponent() as usize;
        let frac: String = frac.chars().take(e).collect();
        // "5." and ".5" are refused by design: a '.' needs digits on both sides.
        let dot = dot && !frac.is_empty();
        let text = if dot { format!("{int}.{frac}") } else { int.clone() };
        let digits = format!("{}{:0<e$}", int, if dot { frac.as_str() } else { "" });
        let expected: u64 = digits.parse().unwrap();
        match Money::parse(&text, c, "amount") {
            Ok(m) => {
                prop_assert_eq!(m.minor(), expected);
                prop_assert_eq!(m.to_decimal_string(), canonical(&text, e));
                prop_assert_eq!(Money::parse(&m.to_decimal_string(), c, "amount").unwrap(), m);
            }
            Err(_) => prop_assert!(expected == 0 || expected > MAX_SAFE_INTEGER, "{} refused", text),
        }
    }

    /// One decimal more than the currency has is refused, never rounded.
    #[test]
    fn extra_decimals_are_refused(c in currency(), int in "[1-9][0-9]{0,6}", frac in "[0-9]{5}") {
        let e = c.exponent() as usize;
        let text = format!("{int}.{}", &frac[..e + 1]);
        prop_assert!(Money::parse(&text, c, "amount").is_err(), "{} accepted for {}", text, c.code());
    }

    /// Every currency: format → parse is the identity, the JSON view shows the same text,
    /// and the digits are exactly the integer's, zero-padded.
    #[test]
    fn every_currency_formats_from_the_integer(c in currency(), minor in 1u64..=MAX_SAFE_INTEGER) {
        let m = Money::from_minor(minor, c, "amount").unwrap();
        let text = m.to_decimal_string();
        prop_assert_eq!(&text, &format_minor(minor, c.exponent()));
        prop_assert_eq!(Money::parse(&text, c, "amount").unwrap(), m);
        prop_assert_eq!(AmountView::from(m).formatted, text.clone());
        let digits: String = text.chars().filter(|ch| *ch != '.').collect();
        prop_assert_eq!(digits.trim_start_matches('0'), minor.to_string());
        // display() groups the same digits and never rounds.
        let shown: String = m.display().chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(shown.trim_start_matches('0'), minor.to_string());
    }

    /// A JSON number of minor units is read from its text: it becomes Money only when it is
    /// a safe positive integer, and then the same Money as from the integer.
    #[test]
    fn number_text_agrees_with_integers(c in currency(), text in prop_oneof![
        (1u64..=MAX_SAFE_INTEGER).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        Just("9007199254740993".to_string()), Just("1e3".to_string()), Just("10.0".to_string()), Just("-0".to_string()),
    ]) {
        let as_integer = text.parse::<u64>().ok().filter(|n| (1..=MAX_SAFE_INTEGER).contains(n));
        match Money::from_number_text(&text, c, "amount") {
            Ok(m) => prop_assert_eq!(Some(m.minor()), as_integer),
            Err(_) => prop_assert!(as_integer.is_none(), "{} refused", text),
        }
    }

    /// Any text at all is a Money or an issue; an accepted amount is always in range.
    #[test]
    fn money_text_never_panics(text in prop_oneof!["[0-9.+eE -]{0,48}", "\\PC{0,40}", "[0-9]{15,40}(\\.[0-9]{0,6})?"], c in currency()) {
        if let Ok(m) = Money::parse(&text, c, "amount") {
            prop_assert!(m.minor() >= 1 && m.minor() <= MAX_SAFE_INTEGER);
        }
    }
}

// ---- JSON a dashboard could build, and the providers could answer ----------------------

/// Field names the inputs and the answers use, so that generated objects reach past
/// "unknown field" and "missing field".
const FIELDS: &[&str] = &[
    "refunds", "refundId", "status", "transactionResult", "responseCode", "responseMessage", "access_token", "expires_in",
    "data", "hasMore", "links", "link", "href", "refundInstructionId", "errorMessage", "errors", "detail", "title",
    "responseStatus", "transactionState", "remainingRefundableAmount", "approvalCode", "validationErrors",
    "gatewayResponse", "transactionProcessingDetails", "paymentReceipt", "approvedAmount", "total",
    "processorResponseDetails", "approvalStatus", "error", "code", "field", "message", "batchStatus", "isVoid", "captureMethod",
    "paymentId", "amount", "description", "operator", "checkRemaining", "channel", "processingTerminalId", "order", "orderId",
    "currency", "minor", "value", "refundMethod", "type", "cardDetails", "entryMethod", "keyedData", "dataFormat", "cardholderName", "cvv", "device", "secCode", "cardNumber",
    "expiryDate", "token", "serialNumber", "transactionId", "captureId", "card", "accountNumber", "expiry", "month", "year",
    "referenceTransactionId", "referenceMerchantTransactionId", "referenceTransactionType", "source", "sourceType",
    "encryptionData", "pinBlock", "encryptionBlock", "keyId", "encryptedPin", "keySerialNumber", "kind", "supportedOperations",
    "transactionStatus", "requestIdentifier", "refundKey", "timestamp", "count", "next",
];

/// Strings that are valid somewhere, almost valid, or hostile.
const STRINGS: &[&str] = &[
    "", " ", "M2MJOG6O2Y", "USD", "JPY", "KWD", "CLF", "usd", "XXX", "10.00", "10.001", "-1", "0", "1e3", "NaN",
    TEST_PAN, "4111 1111 1111 1111", "4111111111111112", "1230", "0120", "pos", "moto", "web", "card", "secureToken", "keyed",
    "plainText", "PaymentEMV", "PaymentTrack", "PaymentCard", "CHARGES", "REFUNDS", "84356531348", "complete", "ready",
    "pending", "declined", "AUTHORIZED", "CLOSED", "VOIDED", "CAPTURED", "APPROVED", "open", "reversal", "refund",
    "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "1234001", "1850010868", "\u{0}", "é", "𝟙𝟚", "a\"b\\c",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (0u64..100_000).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        proptest::sample::select(STRINGS).prop_map(|s| Value::String(s.to_string())),
        "\\PC{0,30}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(FIELDS), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())),
        ]
    })
}

const PROVIDERS: [&str; 3] = ["payroc", "jpmorgan", "commercehub"];

fn options(provider: &str) -> Value {
    let (api_key, secret, api_secret) = (SECRETS[0], SECRETS[1], SECRETS[2]);
    match provider {
        "payroc" => json!({ "apiKey": api_key, "baseUrl": "http://127.0.0.1:9/payroc/v1", "identityUrl": "http://127.0.0.1:9/payroc/identity",
                            "onEvent": "\u{0}function", "maxRetries": 1 }),
        "jpmorgan" => json!({ "merchantId": "998482157632", "clientId": "prop-client", "clientSecret": secret,
                              "baseUrl": "http://127.0.0.1:9/jpmorgan/api/v2", "tokenUrl": "http://127.0.0.1:9/jpmorgan/token", "onEvent": "\u{0}function", "maxRetries": 1,
                              "merchantSoftware": { "companyName": "Props", "productName": "refundkit", "version": "1" } }),
        _ => json!({ "apiKey": api_key, "apiSecret": api_secret, "merchantId": "100008000003683",
                     "terminalId": "10000001", "baseUrl": "http://127.0.0.1:9/commercehub/ch", "onEvent": "\u{0}function", "maxRetries": 1 }),
    }
}

/// A fresh engine with one client of `provider`.
fn connect(provider: &str) -> (Engine, u32) {
    let mut engine = Engine::default();
    let answer = engine.connect(provider, &options(provider).to_string(), false, NOW_MS);
    let client = answer["client"].as_u64().unwrap_or_else(|| panic!("{provider}: {}", answer.to_json())) as u32;
    (engine, client)
}

fn op_id(name: &str) -> u32 {
    connector::OPERATIONS.iter().position(|s| s.js == name).expect("an operation") as u32
}

/// What JS is handed, minus the requests themselves (which carry the key to the provider).
fn leaks(step: &CoreValue) -> Option<String> {
    let mut shown = step.clone();
    if step["t"].as_str() == Some("fetch") {
        let events = shown.as_object_mut().and_then(|o| o.remove("events")).unwrap_or_default();
        shown = events;
    }
    let text = shown.to_json();
    let found = std::iter::once(TEST_PAN).chain(SECRETS.iter().copied()).find(|s| text.contains(s));
    found.map(|s| format!("{s} in {text}"))
}

const BUILDER_KINDS: [(&str, &str); 6] = [
    ("PayrocRefund", "payroc"),
    ("PayrocUnreferencedRefund", "payroc"),
    ("PayrocRefundInstruction", "payroc"),
    ("JpMorganRefund", "jpmorgan"),
    ("CommerceHubRefund", "commercehub"),
    ("CommerceHubChargeRefund", "commercehub"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any JSON as any builder's fields: validate() answers with issues (never refuses a
    /// known kind, never panics) and agrees with prepare(): no issues ⇔ a request. Neither
    /// shows the card number it was given.
    #[test]
    fn validate_agrees_with_prepare(k in 0..BUILDER_KINDS.len(), fields in json_value()) {
        let (kind, provider) = BUILDER_KINDS[k];
        let validated = parse(&api::validate(kind, &fields.to_string(), NOW_MS)).unwrap();
        let issues = validated["issues"].as_array();
        prop_assert!(issues.is_some(), "{} refused as a kind: {}", kind, validated.to_json());
        let (mut engine, client) = connect(provider);
        let prepared = engine.prepare(client, kind, &fields.to_string(), "null", NOW_MS, [7; 16]);
        prop_assert_eq!(issues.unwrap().is_empty(), prepared["t"].as_str() == Some("done"),
            "{}: {} / {} for {}", kind, validated.to_json(), prepared.to_json(), fields);
        prop_assert!(!prepared.to_json().contains(TEST_PAN) && !validated.to_json().contains(TEST_PAN));
    }

    /// An unknown builder kind is a configuration error, never a panic.
    #[test]
    fn unknown_kinds_are_errors(kind in "\\PC{0,20}", fields in json_value()) {
        prop_assume!(!BUILDER_KINDS.iter().any(|(k, _)| *k == kind));
        let answer = parse(&api::validate(&kind, &fields.to_string(), NOW_MS)).unwrap();
        prop_assert_eq!(answer["error"]["code"].as_str(), Some("configuration"), "{}", answer.to_json());
    }
}

// ---- Every operation, every answer -------------------------------------------------------

/// Every operation of every provider with valid arguments, as (provider, operation, args).
fn calls() -> Vec<(&'static str, &'static str, Value)> {
    let usd = json!({ "minor": 1000, "currency": "USD" });
    let order = json!({ "orderId": "OrderRef6543", "description": "prop", "amount": usd });
    let unknown = json!({ "code": "outcome_unknown", "provider": "payroc", "idempotencyKey": "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60",
        "lookup": { "kind": "refund", "reference": "M2MJOG6O2Y", "amount": usd, "sentAt": NOW_MS, "knownRefundIds": [] } });
    vec![
        ("payroc", "refund", json!([{ "paymentId": "M2MJOG6O2Y", "amount": usd, "description": "prop" }])),
        ("payroc", "refund", json!([{ "paymentId": "M2MJOG6O2Y", "description": "the rest" }])),
        ("payroc", "reverse", json!([{ "paymentId": "M2MJOG6O2Y" }])),
        ("payroc", "reverseOrRefund", json!([{ "paymentId": "M2MJOG6O2Y", "amount": usd, "description": "prop" }])),
        ("payroc", "syncRefund", json!([unknown])),
        ("payroc", "syncRefund", json!([{ "provider": "payroc", "refundId": "KYMH0M7I78", "status": "pending" }])),
        ("payroc", "waitForFinal", json!([{ "provider": "payroc", "refundId": "KYMH0M7I78", "status": "pending" }])),
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
        ("jpmorgan", "refund", json!([{ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": usd }])),
        ("jpmorgan", "refund", json!([{ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513", "amount": usd }])),
        ("jpmorgan", "standaloneRefund", json!([{ "card": { "accountNumber": TEST_PAN, "expiry": { "month": 5, "year": 2030 } }, "amount": usd }])),
        ("jpmorgan", "reverse", json!([{ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f" }])),
        ("jpmorgan", "reverseOrRefund", json!([{ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": usd }])),
        ("jpmorgan", "getPayment", json!(["2150955d-47f7-4770-b6b7-6a8d0cbc114f"])),
        ("jpmorgan", "getRefund", json!(["2150955d-47f7-4770-b6b7-6a8d0cbc114f"])),
        ("jpmorgan", "getRefundByRequestId", json!(["5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"])),
        ("jpmorgan", "syncRefund", json!([{ "provider": "jpmorgan", "refundId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "status": "pending" }])),
        ("commercehub", "refund", json!([{ "referenceTransactionId": "84356531348", "amount": usd }])),
        ("commercehub", "refund", json!([{ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db" }])),
        ("commercehub", "reverse", json!([{ "referenceTransactionId": "84356531348" }])),
        ("commercehub", "reverseOrRefund", json!([{ "referenceTransactionId": "84356531348", "amount": usd }])),
        ("commercehub", "refundCharge", json!(["84356531349", { "amount": usd }])),
        ("jpmorgan", "waitForFinal", json!([{ "provider": "jpmorgan", "refundId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "status": "pending" }])),
        ("commercehub", "syncRefund", json!([{ "provider": "commercehub", "refundId": "84356531350", "status": "pending" }])),
        ("commercehub", "waitForFinal", json!([{ "provider": "commercehub", "refundId": "84356531350", "status": "pending" }])),
    ]
}

/// Runs one operation the way the package's JS loop does (a token call when the core asks
/// for one, a signature, resumed waits), answering every request with `status` and `body`.
/// Within a bounded number of steps it ends in a value or a typed error, and nothing it
/// hands JS holds the card number or a secret.
fn answer_every_call_with(status: u16, retry_after: Option<String>, body: &str) -> Result<(), TestCaseError> {
    for (provider, op, args) in calls() {
        let (mut e, client) = connect(provider);
        let mut step = e.start(client, op_id(op), &args.to_string(), "null", NOW_MS, [3; 16]);
        prop_assert!(step["t"].as_str() != Some("error") || step["error"]["code"] != "validation", "{} {}: {}", provider, op, step.to_json());
        let mut ended = false;
        for _ in 0..64 {
            if let Some(leak) = leaks(&step) {
                return Err(TestCaseError::fail(format!("{provider} {op}: {leak}")));
            }
            let call = step["call"].as_u64().unwrap_or(0) as u32;
            let next = match step["t"].as_str().unwrap_or_default() {
                "fetch" => e.response(call, status, retry_after.clone(), body.to_string(), NOW_MS),
                "sleep" | "notify" => e.resume(call, NOW_MS),
                "sign" => e.signed(call, "c2lnbmF0dXJl", NOW_MS),
                "token" => {
                    let mut token = e.start(client, op_id("$token"), "[]", "null", NOW_MS, [4; 16]);
                    for _ in 0..8 {
                        let c = token["call"].as_u64().unwrap_or(0) as u32;
                        token = match token["t"].as_str() {
                            Some("fetch") => parse(&e.response(c, status, retry_after.clone(), body.to_string(), NOW_MS)).unwrap(),
                            Some("sleep") => parse(&e.resume(c, NOW_MS)).unwrap(),
                            _ => break,
                        };
                    }
                    if let Some(leak) = leaks(&token) {
                        return Err(TestCaseError::fail(format!("{provider} token: {leak}")));
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
                other => return Err(TestCaseError::fail(format!("{provider} {op}: step {other:?}"))),
            };
            step = parse(&next).expect("the core answers JSON");
        }
        // A wait flow may keep looking at an unsettled refund or an inProgress instruction.
        prop_assert!(ended || op.starts_with("waitFor"), "{} {} did not finish", provider, op);
        if step["t"].as_str() == Some("error") {
            prop_assert!(step["error"]["code"].as_str().is_some_and(|c| !c.is_empty()), "{}", step.to_json());
        }
        prop_assert_eq!(e.open_calls(), usize::from(!ended));
    }
    Ok(())
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![proptest::sample::select(vec![200u16, 201, 202, 204, 302, 400, 401, 403, 404, 409, 422, 429, 500, 503]), 100u16..600]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary text as the body of any status.
    #[test]
    fn any_text_from_any_provider_never_panics(status in status(), body in proptest::collection::vec(any::<u8>(), 0..256),
                                               retry_after in proptest::option::of("\\PC{0,12}")) {
        answer_every_call_with(status, retry_after, &String::from_utf8_lossy(&body))?;
    }

    /// Arbitrary JSON built from the providers' own field names, which reaches the status
    /// mapping and amount reading that random bytes rarely get past JSON parsing to.
    #[test]
    fn any_json_from_any_provider_never_panics(status in status(), body in json_value()) {
        answer_every_call_with(status, None, &body.to_string())?;
    }
}

#[test]
fn every_operation_is_exercised() {
    let covered: Vec<(&str, &str)> = calls().iter().map(|(p, op, _)| (*p, *op)).collect();
    for spec in connector::OPERATIONS.iter().filter(|s| !s.js.starts_with('$') && s.js != "send") {
        for p in spec.providers {
            assert!(covered.contains(&(p.as_str(), spec.js)), "{} {} has no case in calls()", p.as_str(), spec.js);
        }
    }
}
