//! Arbitrary JSON as a builder's fields (what a dashboard's JS object becomes after the
//! binding's JS → JSON step): `providers::validate_builder` for every builder kind, and the
//! owning client's `prepare` and `send` flow. Nothing may panic, and `validate()` must agree
//! with `prepare()`: no issues ⇔ a request (a builder that validates but cannot be sent, or
//! the reverse, is a bug a dashboard user would hit).
//!
//! Byte 0 picks the kind; the rest is JSON (inputs that are not JSON are skipped: the
//! binding only ever hands the core a parsed value).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit::flow::Step;
use refundkit::providers;
use refundkit::ProviderName;
use refundkit_fuzz::{client, ctx, NOW_MS};
use serde_json::{json, Value};

const KINDS: [(&str, ProviderName); 6] = [
    ("PayrocRefund", ProviderName::Payroc),
    ("PayrocUnreferencedRefund", ProviderName::Payroc),
    ("PayrocRefundInstruction", ProviderName::Payroc),
    ("JpMorganRefund", ProviderName::Jpmorgan),
    ("CommerceHubRefund", ProviderName::Commercehub),
    ("CommerceHubChargeRefund", ProviderName::Commercehub),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json_bytes)) = data.split_first() else { return };
    let Ok(fields) = serde_json::from_slice::<Value>(json_bytes) else { return };
    let Some(&(kind, provider)) = KINDS.get(pick as usize % (KINDS.len() + 1)) else {
        // An unknown kind is an error, not a panic.
        assert!(providers::validate_builder("NotABuilder", &fields, NOW_MS).is_err());
        return;
    };

    let issues = providers::validate_builder(kind, &fields, NOW_MS);
    let c = client(provider);
    let prepared = c.prepare(kind, &fields, &ctx());
    match &issues {
        Ok(list) if list.is_empty() => assert!(prepared.is_ok(), "{kind}: validate() found no issue but prepare() failed: {prepared:?}\n{fields}"),
        Ok(_) => assert!(prepared.is_err(), "{kind}: validate() found issues {issues:?} but prepare() made a request\n{fields}"),
        Err(e) => panic!("{kind} is a builder kind, validate_builder refused it: {e:?}"),
    }

    if let Ok(mut flow) = c.start("send", &[json!(kind), fields.clone()], &ctx()) {
        assert!(matches!(flow.next(None, NOW_MS), Step::Send(_)), "{kind}: a started flow must ask to send first");
    }
    // The same fields through the plain method (`refund({...})`), as a non-builder caller.
    let method = match kind {
        "PayrocUnreferencedRefund" => "unreferencedRefund",
        "PayrocRefundInstruction" => "submitRefundInstruction",
        _ => "refund",
    };
    if let Ok(mut flow) = c.start(method, &[fields], &ctx()) {
        let _ = flow.next(None, NOW_MS);
    }
});
