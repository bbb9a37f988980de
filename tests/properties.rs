//! Properties that must hold for every input, checked with proptest in `cargo test`:
//! money text round-trips exactly, builders and their validation never panic on any JSON a
//! dashboard could hand them (and `validate()` agrees with `prepare()`), and no provider
//! answer, however broken, makes a response reader panic.
//!
//! The cargo-fuzz targets in fuzz/ search the same ground for longer (`make fuzz`).
//! src/money.rs already checks format → parse for minor amounts; these add the other
//! direction (text → Money → text) and every currency.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use refundkit::flow::{CallContext, Step};
use refundkit::http::HttpResponse;
use refundkit::money::{format_minor, AmountView, Currency, Money, MAX_SAFE_INTEGER};
use refundkit::providers::{self, Provider};
use refundkit::send::ClientEnvironment;
use refundkit::ProviderName;
use serde_json::{json, Map, Number, Value};

/// 2026-01-01: a fixed clock, so card-expiry checks behave the same on every run.
const NOW_MS: u64 = 1_767_225_600_000;

fn ctx() -> CallContext {
    CallContext { idempotency_key: "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60".into(), now_ms: NOW_MS }
}

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
        prop_assert!(Money::parse(&text, c, "amount").is_err(), "{} accepted for {}", text, c);
    }

    /// Every currency, not only the four the unit test tries: format → parse is the identity,
    /// and the JSON view and Display show the same text.
    #[test]
    fn every_currency_formats_from_the_integer(c in currency(), minor in 1u64..=MAX_SAFE_INTEGER) {
        let m = Money::from_minor(minor, c, "amount").unwrap();
        let text = m.to_decimal_string();
        prop_assert_eq!(&text, &format_minor(minor, c.exponent()));
        prop_assert_eq!(Money::parse(&text, c, "amount").unwrap(), m);
        prop_assert_eq!(AmountView::from(m).formatted, text.clone());
        prop_assert_eq!(m.to_string(), format!("{} {}", text, c.code()));
        // Written from the integer: the digits are exactly minor's digits, zero-padded.
        let digits: String = text.chars().filter(|ch| *ch != '.').collect();
        prop_assert_eq!(digits.trim_start_matches('0'), minor.to_string());
    }

    /// A JS number of minor units becomes Money only when it is a safe positive integer,
    /// and then the same Money as from the integer.
    #[test]
    fn js_numbers_agree_with_integers(c in currency(), x in prop_oneof![
        (1u64..=MAX_SAFE_INTEGER).prop_map(|n| n as f64),
        any::<f64>(),
        Just(MAX_SAFE_INTEGER as f64 + 2.0),
        Just(0.5), Just(-0.0), Just(f64::NAN), Just(f64::INFINITY),
    ]) {
        match Money::from_js_number(x, c, "amount") {
            Ok(m) => {
                prop_assert!(x.fract() == 0.0 && x >= 1.0 && x <= MAX_SAFE_INTEGER as f64);
                prop_assert_eq!(Some(m), Money::from_minor(x as u64, c, "amount").ok());
            }
            Err(_) => prop_assert!(!(x.is_finite() && x.fract() == 0.0 && x >= 1.0 && x <= MAX_SAFE_INTEGER as f64)),
        }
    }

    /// Any text at all (long digit runs, signs, exponents, unicode digits) is a Money or an
    /// issue; an accepted amount is always in range.
    #[test]
    fn money_text_never_panics(text in prop_oneof!["[0-9.+eE -]{0,48}", "\\PC{0,40}", "[0-9]{15,40}(\\.[0-9]{0,6})?"], c in currency()) {
        if let Ok(m) = Money::parse(&text, c, "amount") {
            prop_assert!(m.minor() >= 1 && m.minor() <= MAX_SAFE_INTEGER);
        }
    }
}

// ---- JSON a dashboard could build, and the builders ------------------------------------

/// Field names the builders read and the providers answer with, so that generated objects
/// reach past "unknown field" and "missing field".
const FIELDS: &[&str] = &[
    "refunds", "refundId", "status", "transactionResult", "responseCode", "responseMessage", "access_token", "expires_in",
    "data", "hasMore", "links", "link", "href", "refundInstructionId", "errorMessage", "errors", "detail", "title",
    "responseStatus", "transactionState", "remainingRefundableAmount", "approvalCode", "validationErrors",
    "gatewayResponse", "transactionProcessingDetails", "paymentReceipt", "approvedAmount", "total",
    "processorResponseDetails", "approvalStatus", "error", "code", "field", "message",
    "paymentId", "amount", "description", "operator", "checkRemaining", "channel", "processingTerminalId", "order", "orderId",
    "currency", "minor", "value", "refundMethod", "type", "cardDetails", "entryMethod", "keyedData", "dataFormat", "cardholderName", "cvv", "device", "secCode", "cardNumber",
    "expiryDate", "token", "serialNumber", "transactionId", "captureId", "card", "accountNumber", "expiry", "month", "year",
    "referenceTransactionId", "referenceMerchantTransactionId", "referenceTransactionType", "source", "sourceType",
    "encryptionData", "pinBlock", "encryptionBlock", "keyId", "encryptedPin", "keySerialNumber", "kind",
];

/// Strings that are valid somewhere, almost valid, or hostile.
const STRINGS: &[&str] = &[
    "", " ", "M2MJOG6O2Y", "USD", "JPY", "KWD", "CLF", "usd", "XXX", "10.00", "10.001", "-1", "0", "1e3", "NaN",
    "4111111111111111", "4111111111111112", "1230", "0120", "pos", "moto", "web", "card", "secureToken", "keyed",
    "plainText", "PaymentEMV", "PaymentTrack", "PaymentCard", "CHARGES", "REFUNDS", "84356531348",
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

const KINDS: [(&str, ProviderName, &str); 6] = [
    ("PayrocRefund", ProviderName::Payroc, "refund"),
    ("PayrocUnreferencedRefund", ProviderName::Payroc, "unreferencedRefund"),
    ("PayrocRefundInstruction", ProviderName::Payroc, "submitRefundInstruction"),
    ("JpMorganRefund", ProviderName::Jpmorgan, "refund"),
    ("CommerceHubRefund", ProviderName::Commercehub, "refund"),
    ("CommerceHubChargeRefund", ProviderName::Commercehub, "refundCharge"),
];

fn client(provider: ProviderName) -> Box<dyn Provider> {
    let options = match provider {
        ProviderName::Payroc => json!({ "apiKey": "prop-api-key", "baseUrl": "http://127.0.0.1:9/payroc/v1",
                                        "identityUrl": "http://127.0.0.1:9/payroc/identity" }),
        ProviderName::Jpmorgan => json!({ "merchantId": "998482157632", "clientId": "prop-client", "clientSecret": "prop-secret",
                                          "environment": "mock", "baseUrl": "http://127.0.0.1:9/jpmorgan/api/v2",
                                          "merchantSoftware": { "companyName": "Props", "productName": "refundkit", "version": "1" } }),
        ProviderName::Commercehub => json!({ "apiKey": "prop-api-key", "apiSecret": "prop-api-secret", "merchantId": "100008000003683",
                                             "terminalId": "10000001", "baseUrl": "http://127.0.0.1:9/commercehub/ch" }),
    };
    providers::create(provider, &options, ClientEnvironment::default(), NOW_MS).expect("valid client options")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any JSON as any builder's fields: validate_builder answers (never panics, never
    /// refuses a known kind), and validate() agrees with prepare(): no issues ⇔ a request.
    #[test]
    fn builders_never_panic_and_validate_agrees_with_prepare(k in 0..KINDS.len(), fields in json_value()) {
        let (kind, provider, method) = KINDS[k];
        let issues = providers::validate_builder(kind, &fields, NOW_MS);
        prop_assert!(issues.is_ok(), "{} refused as a kind: {:?}", kind, issues);
        let issues = issues.unwrap();
        let c = client(provider);
        let prepared = c.prepare(kind, &fields, &ctx());
        prop_assert_eq!(issues.is_empty(), prepared.is_ok(), "{}: issues {:?}, prepare {:?}, fields {}", kind, issues, prepared, fields);
        if let Ok(mut flow) = c.start("send", &[json!(kind), fields.clone()], &ctx()) {
            prop_assert!(matches!(flow.next(None, NOW_MS), Step::Send(_)));
        }
        let _ = c.start(method, &[fields.clone(), fields], &ctx());
    }

    /// The same with fields of the right shape and arbitrary values, which gets deeper
    /// into each validator than a random object does.
    #[test]
    fn well_shaped_builders_never_panic(k in 0..KINDS.len(), values in proptest::collection::vec(json_value(), FIELDS.len())) {
        let (kind, provider, _) = KINDS[k];
        let fields = Value::Object(FIELDS.iter().zip(values).filter(|(_, v)| !v.is_null()).map(|(f, v)| (f.to_string(), v)).collect());
        let issues = providers::validate_builder(kind, &fields, NOW_MS).unwrap();
        prop_assert_eq!(issues.is_empty(), client(provider).prepare(kind, &fields, &ctx()).is_ok(), "{} {}", kind, fields);
    }

    /// An unknown builder kind is an error, never a panic.
    #[test]
    fn unknown_kinds_are_errors(kind in "\\PC{0,20}", fields in json_value()) {
        prop_assume!(!KINDS.iter().any(|(k, _, _)| *k == kind));
        prop_assert!(providers::validate_builder(&kind, &fields, NOW_MS).is_err());
    }
}

// ---- Provider answers ------------------------------------------------------------------

/// Every method of every client with valid arguments, as (provider, method, args).
fn calls() -> Vec<(ProviderName, &'static str, Vec<Value>)> {
    let usd = json!({ "minor": 1000, "currency": "USD" });
    let order = json!({ "orderId": "OrderRef6543", "description": "prop", "amount": usd });
    vec![
        (ProviderName::Payroc, "refund", vec![json!({ "paymentId": "M2MJOG6O2Y", "amount": usd, "description": "prop" })]),
        (ProviderName::Payroc, "refund", vec![json!({ "paymentId": "M2MJOG6O2Y", "description": "the rest" })]),
        (ProviderName::Payroc, "getPayment", vec![json!("M2MJOG6O2Y")]),
        (ProviderName::Payroc, "listPayments", vec![json!({ "processingTerminalId": "1234001" })]),
        (ProviderName::Payroc, "getRefund", vec![json!("KYMH0M7I78")]),
        (ProviderName::Payroc, "unreferencedRefund", vec![json!({ "channel": "pos", "processingTerminalId": "1234001", "order": order,
            "refundMethod": { "type": "card", "card": { "cardNumber": "4111111111111111", "expiry": { "month": 12, "year": 2030 } } } })]),
        (ProviderName::Payroc, "submitRefundInstruction", vec![json!({ "serialNumber": "1850010868", "processingTerminalId": "1234001", "order": order })]),
        (ProviderName::Payroc, "waitForRefundInstruction", vec![json!("a1b2c3d4")]),
        (ProviderName::Payroc, "cancelRefundInstruction", vec![json!("a1b2c3d4")]),
        (ProviderName::Jpmorgan, "refund", vec![json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": usd })]),
        (ProviderName::Jpmorgan, "refund", vec![json!({ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513", "amount": usd })]),
        (ProviderName::Jpmorgan, "getRefund", vec![json!("2150955d-47f7-4770-b6b7-6a8d0cbc114f")]),
        (ProviderName::Jpmorgan, "getRefundByRequestId", vec![json!("5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60")]),
        (ProviderName::Commercehub, "refund", vec![json!({ "referenceTransactionId": "84356531348", "amount": usd })]),
        (ProviderName::Commercehub, "refund", vec![json!({ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db" })]),
        (ProviderName::Commercehub, "refundCharge", vec![json!("84356531349"), json!({ "amount": usd })]),
    ]
}

/// Runs a method's flow, answering every request it makes with `response`. It must finish
/// (a result or a typed error) within a few steps and never panic.
fn answer_every_call_with(response: &HttpResponse) -> Result<(), TestCaseError> {
    for (provider, method, args) in calls() {
        let c = client(provider);
        let _ = c.parse_token(response);
        let mut flow = c.start(method, &args, &ctx()).map_err(|e| TestCaseError::fail(format!("{method}: {e:?}")))?;
        let mut input = None;
        let mut done = false;
        for _ in 0..16 {
            match flow.next(input.take(), NOW_MS) {
                Step::Send(_) => input = Some(response.clone()),
                Step::Notify(_) | Step::Wait(_) => {}
                Step::Done(_) => {
                    done = true;
                    break;
                }
            }
        }
        // A wait flow may keep polling an inProgress instruction; everything else ends.
        prop_assert!(done || method == "waitForRefundInstruction", "{:?} {} did not finish", provider, method);
    }
    Ok(())
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![proptest::sample::select(vec![200u16, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429, 500, 503]), 100u16..600]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes as the body of any status.
    #[test]
    fn any_bytes_from_any_provider_never_panic(status in status(), body in proptest::collection::vec(any::<u8>(), 0..256),
                                                retry_after in proptest::option::of("\\PC{0,12}")) {
        let headers = retry_after.map(|v| vec![("Retry-After".to_string(), v)]).unwrap_or_default();
        answer_every_call_with(&HttpResponse { status, headers, body })?;
    }

    /// Arbitrary JSON built from the providers' own field names, which reaches the status
    /// mapping and amount reading that random bytes rarely get past JSON parsing to.
    #[test]
    fn any_json_from_any_provider_never_panics(status in status(), body in json_value()) {
        answer_every_call_with(&HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() })?;
    }
}
