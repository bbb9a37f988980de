//! Payroc answers, arbitrary bytes: the public parsers in `providers::payroc::responses`
//! and `auth::parse_token`, and every client method's flow fed the same response
//! (refund-the-rest reads the payment and then refunds, the device wait polls).
//! Each must return a result or a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit::providers::payroc::{auth, responses};
use refundkit::ProviderName;
use refundkit_fuzz::{client, drive, response, token};
use serde_json::{json, Map};

const KEY: &str = "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60";

fuzz_target!(|data: &[u8]| {
    let Some((resp, selector)) = response(data) else { return };
    let _ = responses::get_payment_result(resp.clone());
    let _ = responses::list_payments_result(resp.clone(), &Map::new());
    let before = ["KYMH0M7I78".to_string()];
    let _ = responses::referenced_refund_result(resp.clone(), 1000, Some(&before), KEY);
    let _ = responses::referenced_refund_result(resp.clone(), 1000, None, KEY);
    let _ = responses::retrieved_refund_result(resp.clone(), Some(KEY));
    let _ = responses::instruction_result(resp.clone(), None);
    let _ = responses::cancel_result(resp.clone(), "a1b2c3d4");
    let _ = responses::error_from(&resp, Some(KEY));
    let _ = auth::parse_token(&resp);

    let c = client(ProviderName::Payroc);
    token(&*c, &resp);
    let amount = json!({ "minor": 1000, "currency": "USD" });
    let order = json!({ "orderId": "OrderRef6543", "description": "fuzz", "amount": 1000, "currency": "USD" });
    match selector % 10 {
        0 => drive(&*c, "refund", &[json!({ "paymentId": "M2MJOG6O2Y", "amount": amount, "description": "fuzz" })], &resp),
        1 => drive(&*c, "refund", &[json!({ "paymentId": "M2MJOG6O2Y", "description": "refund the rest" })], &resp),
        2 => drive(&*c, "getPayment", &[json!("M2MJOG6O2Y")], &resp),
        3 => drive(&*c, "listPayments", &[json!({ "processingTerminalId": "1234001", "limit": 10 })], &resp),
        4 => drive(&*c, "getRefund", &[json!("KYMH0M7I78")], &resp),
        5 => drive(&*c, "unreferencedRefund",
                   &[json!({ "channel": "pos", "processingTerminalId": "1234001", "order": order,
                             "refundMethod": { "type": "card",
                               "card": { "cardNumber": "4111111111111111", "expiry": { "month": 12, "year": 2030 } } } })], &resp),
        6 => drive(&*c, "submitRefundInstruction",
                   &[json!({ "serialNumber": "1850010868", "processingTerminalId": "1234001", "order": order })], &resp),
        7 => drive(&*c, "getRefundInstruction", &[json!("a1b2c3d4")], &resp),
        8 => drive(&*c, "waitForRefundInstruction", &[json!("a1b2c3d4")], &resp),
        _ => drive(&*c, "cancelRefundInstruction", &[json!("a1b2c3d4")], &resp),
    }
});
