//! The WebAssembly exports: each moves strings and numbers across and calls `api` or the
//! engine. No logic lives here (docs/ARCHITECTURE.md).

use crate::api;
use crate::engine::Engine;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
}

fn engine<T>(f: impl FnOnce(&mut Engine) -> T) -> T {
    ENGINE.with(|e| f(&mut e.borrow_mut()))
}

fn ms(now: f64) -> u64 {
    now as u64
}

fn random(bytes: &[u8]) -> [u8; 16] {
    let mut r = [0u8; 16];
    for (slot, b) in r.iter_mut().zip(bytes) {
        *slot = *b;
    }
    r
}

#[wasm_bindgen]
pub fn providers() -> String {
    api::providers()
}

#[wasm_bindgen]
pub fn operations(provider: &str) -> String {
    api::operations(provider)
}

#[wasm_bindgen]
pub fn builders(provider: &str) -> String {
    api::builders(provider)
}

#[wasm_bindgen]
pub fn connect(provider: &str, options: &str, browser: bool, now: f64) -> String {
    engine(|e| e.connect(provider, options, browser, ms(now)).to_json())
}

#[wasm_bindgen]
pub fn disconnect(client: u32) {
    engine(|e| e.disconnect(client))
}

#[wasm_bindgen]
pub fn start(client: u32, op: u32, args: &str, options: &str, now: f64, bytes: &[u8]) -> String {
    engine(|e| e.start(client, op, args, options, ms(now), random(bytes)).to_json())
}

#[wasm_bindgen]
pub fn response(call: u32, status: u16, retry_after: Option<String>, body: String, now: f64) -> String {
    engine(|e| e.response(call, status, retry_after, body, ms(now)))
}

#[wasm_bindgen]
pub fn failure(call: u32, kind: &str, message: &str, now: f64) -> String {
    engine(|e| e.failure(call, kind, message, ms(now)))
}

#[wasm_bindgen]
pub fn resume(call: u32, now: f64) -> String {
    engine(|e| e.resume(call, ms(now)))
}

#[wasm_bindgen]
pub fn abort(call: u32, now: f64) -> String {
    engine(|e| e.abort(call, ms(now)))
}

#[wasm_bindgen]
pub fn signed(call: u32, signature: &str, now: f64) -> String {
    engine(|e| e.signed(call, signature, ms(now)))
}

#[wasm_bindgen(js_name = authFailed)]
pub fn auth_failed(call: u32, error: &str, now: f64) -> String {
    engine(|e| e.auth_failed(call, error, ms(now)))
}

#[wasm_bindgen(js_name = tokenFromCaller)]
pub fn token_from_caller(client: u32, value: &str, now: f64) -> String {
    engine(|e| e.token_from_caller(client, value, ms(now)).to_json())
}

#[wasm_bindgen]
pub fn release(call: u32) {
    engine(|e| e.release(call))
}

#[wasm_bindgen]
pub fn prepare(client: u32, kind: &str, fields: &str, options: &str, now: f64, bytes: &[u8]) -> String {
    engine(|e| e.prepare(client, kind, fields, options, ms(now), random(bytes)).to_json())
}

#[wasm_bindgen]
pub fn validate(kind: &str, fields: &str, now: f64) -> String {
    api::validate(kind, fields, ms(now))
}

#[wasm_bindgen(js_name = redactFields)]
pub fn redact_fields(fields: &str) -> String {
    api::redact_fields(fields)
}

#[wasm_bindgen(js_name = moneyParse)]
pub fn money_parse(text: &str, currency: &str) -> String {
    api::money_parse(text, currency)
}

#[wasm_bindgen(js_name = moneyFromMinor)]
pub fn money_from_minor(minor: &str, currency: &str) -> String {
    api::money_from_minor(minor, currency)
}

#[wasm_bindgen(js_name = currencyExponent)]
pub fn currency_exponent(currency: &str) -> String {
    api::currency_exponent(currency)
}

#[wasm_bindgen(js_name = keyFor)]
pub fn key_for(reference: &str, namespace: &str) -> String {
    api::key_for(reference, namespace)
}

#[wasm_bindgen(js_name = maskCard)]
pub fn mask_card(text: &str) -> String {
    api::mask_card(text)
}

#[wasm_bindgen(js_name = checkCard)]
pub fn check_card(text: &str) -> String {
    api::check_card(text)
}

#[wasm_bindgen]
pub fn unreadable(path: &str) -> String {
    api::unreadable(path)
}

#[wasm_bindgen(js_name = csvRow)]
pub fn csv_row(provider: &str, record: &str) -> String {
    crate::bulk::row(provider, record)
}

#[wasm_bindgen(js_name = csvHeader)]
pub fn csv_header(provider: &str, names: &str) -> String {
    crate::bulk::check_header(provider, names)
}

#[wasm_bindgen(js_name = bulkOptions)]
pub fn bulk_options(options: &str) -> String {
    crate::bulk::options(options)
}

#[wasm_bindgen(js_name = bulkPlan)]
pub fn bulk_plan(provider: &str, batch_id: &str, row: &str, csv: bool, now: f64) -> String {
    crate::bulk::plan(provider, batch_id, row, csv, ms(now))
}

#[wasm_bindgen(js_name = bulkBefore)]
pub fn bulk_before(provider: &str, lookup: &str, answer: &str) -> String {
    crate::bulk::before(provider, lookup, answer)
}

#[wasm_bindgen(js_name = bulkTotal)]
pub fn bulk_total(minor: &str, currency: &str) -> String {
    crate::bulk::total(minor, currency)
}
