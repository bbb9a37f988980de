//! The binding under Node (wasm-bindgen-test): what only a real JS engine can show.
#![cfg(target_arch = "wasm32")]

use refundkit::http::{HttpRequest, Method};
use refundkit::send::AttemptOutcome;
use refundkit::wasm::{errors, fetch, money::JsMoney};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn prop(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &name.into()).unwrap()
}

fn first_issue_path(err: &JsValue) -> String {
    let issues: js_sys::Array = prop(err, "issues").dyn_into().unwrap();
    prop(&issues.get(0), "path").as_string().unwrap()
}

#[wasm_bindgen_test]
fn money_parses_and_formats_exactly() {
    let m = JsMoney::parse("40.00".into(), "USD".into()).unwrap();
    assert_eq!(m.minor(), 4000.0);
    assert_eq!(JsMoney::from_minor(1234.into(), "KWD".into()).unwrap().format(), "1.234");
    assert_eq!(JsMoney::from_minor(500.into(), "JPY".into()).unwrap().format(), "500");
    let big = JsMoney::from_minor(js_sys::BigInt::from(1234u64).into(), "USD".into()).unwrap();
    assert_eq!(big.format(), "12.34");
}

#[wasm_bindgen_test]
fn bad_numbers_are_validation_errors_naming_the_field() {
    for bad in [JsValue::from_f64(10.5), JsValue::from_f64(f64::NAN), JsValue::from_f64(-1.0), JsValue::from_f64(0.0),
                JsValue::from_f64(9_007_199_254_740_992.0), JsValue::from_str("12"), JsValue::UNDEFINED] {
        let err = JsMoney::from_minor(bad.clone(), "USD".into()).err().expect("rejected");
        assert_eq!(prop(&err, "name").as_string().as_deref(), Some("ValidationError"), "{bad:?}");
        assert_eq!(prop(&err, "code").as_string().as_deref(), Some("validation"));
        assert_eq!(first_issue_path(&err), "minor");
    }
    let err = JsMoney::parse("10.001".into(), "USD".into()).err().unwrap();
    assert_eq!(first_issue_path(&err), "amount");
    let err = JsMoney::parse("1".into(), "XXQ".into()).err().unwrap();
    assert_eq!(first_issue_path(&err), "currency");
}

#[wasm_bindgen_test]
fn errors_are_instances_of_the_registered_classes() {
    let make = |name: &str| {
        js_sys::Function::new_with_args("", &format!("return class {name} extends Error {{ constructor(m, f) {{ super(m); this.name = '{name}'; Object.assign(this, f); }} }}"))
            .call0(&JsValue::UNDEFINED)
            .unwrap()
            .dyn_into::<js_sys::Function>()
            .unwrap()
    };
    let (refund, validation) = (make("RefundError"), make("ValidationError"));
    errors::set_error_classes(refund.clone(), validation.clone());
    let err = JsMoney::parse("x".into(), "USD".into()).err().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert!(js_sys::Reflect::get(&validation, &"prototype".into()).unwrap().dyn_into::<js_sys::Object>().unwrap().is_prototype_of(&err));
}

fn request() -> HttpRequest {
    HttpRequest::new(Method::Post, "http://127.0.0.1:9/never").header("Idempotency-Key", "k")
}

fn js_fn(body: &str) -> js_sys::Function {
    js_sys::Function::new_with_args("url, init", body)
}

#[wasm_bindgen_test]
async fn a_hanging_fetch_times_out() {
    // Never answers, but honours the abort signal as real fetch does.
    let hang = js_fn("return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))");
    let outcome = fetch::perform(&hang, &request(), 30, None).await;
    assert_eq!(outcome, AttemptOutcome::Timeout);
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_at_once() {
    let hang = js_fn("return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))");
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let abort_soon = js_sys::Function::new_with_args("c", "setTimeout(() => c.abort(), 10)");
    abort_soon.call1(&JsValue::UNDEFINED, &controller).unwrap();
    let outcome = fetch::perform(&hang, &request(), 60_000, Some(&signal)).await;
    assert_eq!(outcome, AttemptOutcome::Aborted);
    assert!(!fetch::sleep(60_000, Some(&signal)).await, "an aborted signal ends a sleep");
}

#[wasm_bindgen_test]
async fn sends_exact_bytes_and_reads_status_headers_and_body() {
    let echo = js_fn(
        "const body = new TextDecoder().decode(init.body); \
         return Promise.resolve(new Response(JSON.stringify({ url, method: init.method, key: init.headers['Idempotency-Key'], body }), \
           { status: 201, headers: { 'Retry-After': '3' } }))",
    );
    let req = request().json(&serde_json::json!({ "amount": 4000 }));
    let AttemptOutcome::Response(r) = fetch::perform(&echo, &req, 1000, None).await else { panic!("no response") };
    assert_eq!(r.status, 201);
    assert_eq!(r.get_header("retry-after"), Some("3"));
    let v = r.json().unwrap();
    assert_eq!(v["body"], "{\"amount\":4000}");
    assert_eq!((v["method"].as_str(), v["key"].as_str()), (Some("POST"), Some("k")));
}

#[wasm_bindgen_test]
async fn a_rejected_fetch_is_a_network_error() {
    let refuse = js_fn("return Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))");
    match fetch::perform(&refuse, &request(), 1000, None).await {
        AttemptOutcome::Network(msg) => assert!(msg.contains("ECONNREFUSED"), "{msg}"),
        other => panic!("{other:?}"),
    }
}
