//! J.P. Morgan answers, arbitrary bytes: the public parsers (`refund_result`, `lookup_result`,
//! `error_from`, `parse_token`) and every client method's flow fed the same
//! response. Each must return a result or a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit::providers::jpmorgan::responses;
use refundkit::ProviderName;
use refundkit_fuzz::{client, drive, response, token};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Some((resp, selector)) = response(data) else { return };
    let _ = responses::refund_result(&resp, "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60");
    let _ = responses::lookup_result(&resp);
    let _ = responses::error_from(&resp, Some("5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60"));
    let _ = responses::parse_token(&resp);

    let c = client(ProviderName::Jpmorgan);
    token(&*c, &resp);
    let amount = json!({ "minor": 1000, "currency": "USD" });
    match selector % 6 {
        0 => drive(&*c, "refund", &[json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f" })], &resp),
        1 => drive(&*c, "refund", &[json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f", "amount": amount })], &resp),
        2 => drive(&*c, "refund", &[json!({ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513", "amount": amount })], &resp),
        3 => drive(&*c, "standaloneRefund",
                   &[json!({ "card": { "accountNumber": "4111111111111111", "expiry": { "month": 12, "year": 2030 } }, "amount": amount })], &resp),
        4 => drive(&*c, "getRefund", &[json!("2150955d-47f7-4770-b6b7-6a8d0cbc114f")], &resp),
        _ => drive(&*c, "getRefundByRequestId", &[json!("5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60")], &resp),
    }
});
