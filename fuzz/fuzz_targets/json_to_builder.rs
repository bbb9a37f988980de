//! Arbitrary JSON as a builder's fields (what a dashboard's JS object becomes after the
//! package's JS → JSON step): `validate()` must agree with `prepare()` (no issues ⇔ a
//! request), never refuse a known kind, and never show the card number. An unknown kind is
//! a configuration error. Byte 0 picks the kind; the rest is JSON (inputs that are not JSON
//! are skipped: the package only ever hands the core JSON text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit_fuzz::drive::{validate_agrees_with_prepare, BUILDER_KINDS, NOW_MS};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json_bytes)) = data.split_first() else { return };
    let Ok(fields) = std::str::from_utf8(json_bytes) else { return };
    if serde_json::from_str::<serde_json::Value>(fields).is_err() {
        return;
    }
    match BUILDER_KINDS.get(pick as usize % (BUILDER_KINDS.len() + 1)) {
        Some(&(kind, provider)) => {
            if let Err(e) = validate_agrees_with_prepare(kind, provider, fields) {
                panic!("{e}");
            }
        }
        None => assert!(refundkit::api::validate("NotABuilder", fields, NOW_MS).contains("\"configuration\"")),
    }
});
