//! The binding in headless Chromium (wasm-bindgen-test with chromedriver).
#![cfg(target_arch = "wasm32")]

use refundkit::http::{HttpRequest, Method};
use refundkit::send::AttemptOutcome;
use refundkit::wasm::{fetch, money::JsMoney};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn money_works_in_the_browser() {
    assert_eq!(JsMoney::parse("10.00".into(), "USD".into()).unwrap().minor(), 1000.0);
    assert!(JsMoney::parse("10.001".into(), "USD".into()).is_err());
}

#[wasm_bindgen_test]
async fn the_global_fetch_of_the_page_is_used_and_failures_are_typed() {
    // No server listens on port 9: the browser's own fetch rejects, and we get a typed
    // network outcome rather than a crash. Proves the global (not window.fetch) is bound.
    let f = fetch::resolve_fetch(None).expect("globalThis.fetch exists in a page");
    let req = HttpRequest::new(Method::Get, "http://127.0.0.1:9/");
    assert!(matches!(fetch::perform(&f, &req, 5_000, None).await, AttemptOutcome::Network(_)));
}
