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
use refundkit::json::parse;
use refundkit::money::{format_minor, AmountView, Currency, Money, MAX_SAFE_INTEGER};
use refundkit::{api, connector};
use serde_json::{Map, Number, Value};

mod support {
    pub mod drive;
}
use support::drive::*;

/// `PROPTEST_CASES` raises the count for a longer search (`PROPTEST_CASES=20000 cargo test
/// --release --test properties`); `cargo test` runs the default.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
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

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), failure_persistence: None, ..ProptestConfig::default() })]

    /// Any JSON as any builder's fields: validate() answers with issues (never refuses a
    /// known kind, never panics) and agrees with prepare(): no issues ⇔ a request. Neither
    /// shows the card number it was given.
    #[test]
    fn builders_validate_as_they_prepare(k in 0..BUILDER_KINDS.len(), fields in json_value()) {
        let (kind, provider) = BUILDER_KINDS[k];
        validate_agrees_with_prepare(kind, provider, &fields.to_string()).map_err(TestCaseError::fail)?;
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

fn answer_every_call_with(status: u16, retry_after: Option<&str>, body: &str) -> Result<(), TestCaseError> {
    for (provider, op, args) in calls() {
        run_operation(provider, op, &args, status, retry_after, body).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![proptest::sample::select(vec![200u16, 201, 202, 204, 302, 400, 401, 403, 404, 409, 422, 429, 500, 503]), 100u16..600]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary text as the body of any status.
    #[test]
    fn any_text_from_any_provider_never_panics(status in status(), body in proptest::collection::vec(any::<u8>(), 0..256),
                                               retry_after in proptest::option::of("\\PC{0,12}")) {
        answer_every_call_with(status, retry_after.as_deref(), &String::from_utf8_lossy(&body))?;
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

/// Commerce Hub refuses a Client-Request-Id reused with another body: each of
/// reverseOrRefund's three inquiries (by the call's key, by its refund key, the charge)
/// goes under an id of its own, and none is the key a cancel or refund would use.
#[test]
fn commercehub_inquiries_never_share_a_client_request_id() {
    let (mut e, client) = connect("commercehub");
    let args = serde_json::json!([{ "referenceTransactionId": "84356531348" }]).to_string();
    let key = "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60";
    let mut step = e.start(client, op_id("reverseOrRefund"), &args, &serde_json::json!({ "idempotencyKey": key }).to_string(), NOW_MS, [5; 16]);
    let mut ids = vec![];
    while step["t"].as_str() == Some("fetch") {
        ids.push(step["headers"]["Client-Request-Id"].as_str().unwrap().to_string());
        let call = step["call"].as_u64().unwrap() as u32;
        step = parse(&e.response(call, 200, None, "[]".into(), NOW_MS)).unwrap();
    }
    assert_eq!(step["error"]["code"].as_str(), Some("not_found"), "{}", step.to_json());
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");
    assert!(!ids.iter().any(|id| id == key));
}

/// waitForFinal looks again and again: every look by request-id (J.P. Morgan) or inquiry
/// (Commerce Hub) goes under a fresh id, as both providers require.
#[test]
fn every_look_of_wait_for_final_has_its_own_request_id() {
    // Commerce Hub: a refund its inquiry shows as pending ("002 Pending Approval").
    let pending = r#"[{"gatewayResponse":{"transactionType":"REFUND","transactionState":"PENDING","transactionProcessingDetails":{"transactionId":"84356531350","clientRequestId":"5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"}},"paymentReceipt":{"approvedAmount":{"total":10.00,"currency":"USD"},"processorResponseDetails":{"approvalStatus":"WAITING","responseCode":"002"}}}]"#;
    for (provider, header, target) in [
        ("jpmorgan", "request-id", serde_json::json!({ "code": "outcome_unknown", "provider": "jpmorgan", "idempotencyKey": "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60",
            "lookup": { "kind": "refund", "reference": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "sentAt": NOW_MS, "knownRefundIds": [] } })),
        ("commercehub", "Client-Request-Id", serde_json::json!({ "code": "outcome_unknown", "provider": "commercehub", "idempotencyKey": "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60",
            "lookup": { "kind": "refund", "reference": "84356531348", "sentAt": NOW_MS, "knownRefundIds": [] } })),
    ] {
        let mut ids = vec![];
        let step = run_to_end(provider, "waitForFinal", &serde_json::json!([target]), r#"{"schedule":[1000,1000,1000]}"#, |fetch| {
            ids.push(fetch["headers"][header].as_str().unwrap_or_default().to_string());
            if provider == "jpmorgan" { (404, String::new()) } else { (200, pending.to_string()) }
        });
        assert!(ids.len() >= 3, "{provider}: {ids:?} then {}", step.to_json());
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{provider}: {ids:?}");
    }
}

/// Payroc's syncRefund reads the payment: a new entry of the amount is the refund; none is
/// "not made" only when no entry of that amount was there before the call (a re-run of a
/// key that made one finds its refund among the known ones, and must not be told "not made").
#[test]
fn payroc_sync_says_not_made_only_when_it_can_tell() {
    let sync = |refunds: &str| {
        let error = serde_json::json!({ "code": "outcome_unknown", "provider": "payroc", "idempotencyKey": "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60",
            "lookup": { "kind": "refund", "reference": "M2MJOG6O2Y", "sentAt": NOW_MS, "knownRefundIds": ["AAAAAAAAAA"],
                        "amount": { "minor": 1000, "currency": "USD", "formatted": "10.00" } } });
        let payment = format!(r#"{{"paymentId":"M2MJOG6O2Y","order":{{"amount":4999,"currency":"USD"}},"refunds":{refunds},"transactionResult":{{"status":"complete"}}}}"#);
        run_to_end("payroc", "syncRefund", &serde_json::json!([error]), "null", |_| (200, payment.clone()))
    };
    let made = sync(r#"[{"refundId":"AAAAAAAAAA","amount":1000,"status":"ready"},{"refundId":"BBBBBBBBBB","amount":1000,"status":"ready"}]"#);
    assert_eq!(made["value"]["refundId"].as_str(), Some("BBBBBBBBBB"), "{}", made.to_json());
    let other_amount = sync(r#"[{"refundId":"AAAAAAAAAA","amount":500,"status":"ready"}]"#);
    assert_eq!(other_amount["error"]["code"].as_str(), Some("not_found"), "{}", other_amount.to_json());
    let maybe_ours = sync(r#"[{"refundId":"AAAAAAAAAA","amount":1000,"status":"ready"}]"#);
    assert_eq!(maybe_ours["error"]["code"].as_str(), Some("outcome_unknown"), "{}", maybe_ours.to_json());
}

/// J.P. Morgan shows only a payment's last change: a reversal's sync says "made" when the
/// last request-id is ours, "nothing yet" when the payment is as it was read, and "cannot
/// tell" (never "not made") when another request changed it after ours was sent.
#[test]
fn jpmorgan_reversal_sync_never_says_not_made_after_another_change() {
    let key = "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60";
    let sync = |last_request_id: &str, sent_at: u64| {
        let error = serde_json::json!({ "code": "outcome_unknown", "provider": "jpmorgan", "idempotencyKey": key,
            "lookup": { "kind": "reversal", "reference": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "sentAt": sent_at, "knownRefundIds": ["auth-request-1"],
                        "amount": { "minor": 500, "currency": "USD", "formatted": "5.00" } } });
        let payment = format!(r#"{{"transactionId":"2150955d-47f7-4770-b6b7-6a8d0cbc114f","transactionState":"AUTHORIZED","captureMethod":"MANUAL","amount":1000,"currency":"USD","requestId":"{last_request_id}","responseStatus":"SUCCESS"}}"#);
        run_to_end("jpmorgan", "syncRefund", &serde_json::json!([error]), "null", |_| (200, payment.clone()))
    };
    let long_ago = NOW_MS - 600_000;
    assert_eq!(sync(key, long_ago)["value"]["kind"].as_str(), Some("reversal"));
    assert_eq!(sync("auth-request-1", long_ago)["error"]["code"].as_str(), Some("not_found"));
    let changed = sync("someone-elses-request", long_ago);
    assert_eq!(changed["error"]["code"].as_str(), Some("outcome_unknown"), "{}", changed.to_json());
}
