//! The I/O the sending layer asks for: one fetch with a per-attempt timeout, and sleeps.
//! Both stop when the caller's AbortSignal fires. No `window`, no Node built-ins.

use super::convert::{describe, get_function};
use crate::http::{HttpRequest, HttpResponse, RESPONSE_HEADERS};
use crate::send::AttemptOutcome;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// The fetch to use: the caller's, else `globalThis.fetch` looked up at call time (so a
/// polyfill or a test double installed later is seen).
pub fn resolve_fetch(custom: Option<&js_sys::Function>) -> Option<js_sys::Function> {
    custom.cloned().or_else(|| get_function(&js_sys::global().into(), "fetch"))
}

/// Runs a callback once when the caller's signal fires; removed again when dropped, so
/// nothing leaks per call.
struct AbortListener {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl AbortListener {
    fn new(signal: &AbortSignal, on_abort: impl FnOnce() + 'static) -> AbortListener {
        let mut on_abort = Some(on_abort);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = on_abort.take() {
                f()
            }
        });
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        AbortListener { signal: signal.clone(), callback }
    }
}

impl Drop for AbortListener {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

/// A `setTimeout` that is cleared (and its closure freed) when dropped.
struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: u64, on_fire: impl FnOnce() + 'static) -> Timer {
        let mut on_fire = Some(on_fire);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = on_fire.take() {
                f()
            }
        });
        let handle = set_timeout(callback.as_ref(), ms as f64);
        Timer { handle, _callback: callback }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// One attempt: fetch with a timeout, read the whole body.
pub async fn perform(fetch: &js_sys::Function, req: &HttpRequest, timeout_ms: u64, signal: Option<&AbortSignal>) -> AttemptOutcome {
    if signal.is_some_and(|s| s.aborted()) {
        return AttemptOutcome::Aborted;
    }
    let Ok(controller) = AbortController::new() else {
        return AttemptOutcome::Network("AbortController is not available".into());
    };
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Timer::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let listener = signal.map(|s| {
        let controller = controller.clone();
        AbortListener::new(s, move || controller.abort())
    });
    let outcome = attempt(fetch, req, &controller.signal()).await;
    drop((timer, listener));
    match outcome {
        Ok(response) => AttemptOutcome::Response(response),
        Err(_) if signal.is_some_and(|s| s.aborted()) => AttemptOutcome::Aborted,
        Err(_) if timed_out.get() => AttemptOutcome::Timeout,
        Err(e) => AttemptOutcome::Network(describe(&e)),
    }
}

async fn attempt(fetch: &js_sys::Function, req: &HttpRequest, signal: &AbortSignal) -> Result<HttpResponse, JsValue> {
    let init = js_sys::Object::new();
    let headers = js_sys::Object::new();
    for (name, value) in &req.headers {
        js_sys::Reflect::set(&headers, &name.into(), &value.into())?;
    }
    js_sys::Reflect::set(&init, &"method".into(), &req.method.as_str().into())?;
    js_sys::Reflect::set(&init, &"headers".into(), &headers)?;
    js_sys::Reflect::set(&init, &"signal".into(), signal)?;
    // Browsers let one request per URL through the HTTP cache at a time: a DELETE of a
    // refund instruction would wait behind the long-poll GET of the same URL. Payment
    // APIs are never cacheable anyway.
    js_sys::Reflect::set(&init, &"cache".into(), &"no-store".into())?;
    if let Some(body) = &req.body {
        js_sys::Reflect::set(&init, &"body".into(), &js_sys::Uint8Array::from(body.as_slice()))?;
    }
    let promise = fetch.call2(&JsValue::UNDEFINED, &req.url.as_str().into(), &init)?;
    let response: web_sys::Response = JsFuture::from(js_sys::Promise::resolve(&promise)).await?.dyn_into()?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    let all = response.headers();
    let headers = RESPONSE_HEADERS
        .iter()
        .filter_map(|name| all.get(name).ok().flatten().map(|value| (name.to_string(), value)))
        .collect();
    Ok(HttpResponse { status: response.status(), headers, body })
}

/// Waits `ms`; `false` when the caller's signal fired first.
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> bool {
    if signal.is_some_and(|s| s.aborted()) {
        return false;
    }
    let mut guards = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let timer = Timer::new(ms, move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let listener = signal.map(|s| {
            AbortListener::new(s, move || {
                let _ = reject.call0(&JsValue::UNDEFINED);
            })
        });
        guards = Some((timer, listener));
    });
    let finished = JsFuture::from(promise).await.is_ok();
    drop(guards);
    finished
}
