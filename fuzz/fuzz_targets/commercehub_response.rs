//! Commerce Hub answers, arbitrary bytes: the public parsers in
//! `providers::commercehub::responses` (`refund_result` with and without a requested amount,
//! `error_from`, `read_total`) and both refund forms' flows fed the same response.
//! Each must return a result or a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit::money::{Currency, Money};
use refundkit::providers::commercehub::responses;
use refundkit::ProviderName;
use refundkit_fuzz::{client, drive, response};
use serde_json::json;

const KEY: &str = "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60";

fuzz_target!(|data: &[u8]| {
    let Some((resp, selector)) = response(data) else { return };
    let requested = ["USD", "JPY", "KWD"]
        .get(selector as usize % 4)
        .and_then(|code| Currency::from_code(code))
        .and_then(|currency| Money::from_minor(1204, currency, "amount").ok());
    let _ = responses::refund_result(resp.clone(), requested, KEY);
    let _ = responses::error_from(&resp);
    // A body that is a bare JSON number exercises the decimal `total` reader directly.
    if let Ok(serde_json::Value::Number(total)) = serde_json::from_slice(&resp.body) {
        for code in ["USD", "JPY", "KWD", "CLF", "XXX"] {
            let _ = responses::read_total(&total, code);
        }
    }

    let c = client(ProviderName::Commercehub);
    let amount = json!({ "minor": 1204, "currency": "USD" });
    match selector % 4 {
        0 => drive(&*c, "refund", &[json!({ "referenceTransactionId": "84356531348", "amount": amount })], &resp),
        1 => drive(&*c, "refund", &[json!({ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db" })], &resp),
        2 => drive(&*c, "refundCharge", &[json!("84356531349"), json!({ "amount": amount })], &resp),
        _ => drive(&*c, "refundCharge", &[json!("84356531349")], &resp),
    }
});
