//! Runs the core's flows and exchanges with real fetch, timers and callbacks. It knows no
//! provider: every decision (what to send, whether to retry, how to sign, what a response
//! means) comes from the core; this performs it.

use super::convert::{describe, get, get_function, now_ms, to_js, to_json};
use super::errors::to_js_error;
use super::fetch;
use crate::error::{ErrorCode, RefundError};
use crate::flow::{CallContext, Flow, Outgoing, Step};
use crate::http::HttpResponse;
use crate::providers::{self, Provider};
use crate::redact::Redactor;
use crate::result::ProviderName;
use crate::send::{events, idempotency, AccessToken, AttemptOutcome, AuthKind, AuthMaterial, ClientEnvironment, Exchange, ExchangeStep, NoAuth, TokenCache};
use crate::validation::{IssueCode, ValidationIssue};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// One client: the core provider plus the caller's callbacks and the shared token state.
pub struct Driver {
    provider: Box<dyn Provider>,
    redactor: RefCell<Redactor>,
    fetch: Option<js_sys::Function>,
    on_event: Option<js_sys::Function>,
    get_access_token: Option<js_sys::Function>,
    sign: Option<js_sys::Function>,
    tokens: RefCell<TokenCache>,
    /// The token request in flight, shared by every caller that needs a token meanwhile.
    pending_token: RefCell<Option<js_sys::Promise>>,
    /// Why the last token request failed (a rejected promise carries no Rust error).
    token_error: RefCell<Option<RefundError>>,
}

/// The per-call options: `{ idempotencyKey?, signal?, timeoutMs?, onStatus? }`.
pub struct CallOptions {
    idempotency_key: Option<String>,
    signal: Option<AbortSignal>,
    timeout_ms: Option<u64>,
    on_status: Option<js_sys::Function>,
}

impl CallOptions {
    pub fn read(opts: &JsValue) -> Result<CallOptions, RefundError> {
        let mut issues = vec![];
        let idempotency_key = match get(opts, "idempotencyKey") {
            Some(v) => match v.as_string() {
                Some(k) if idempotency::is_acceptable_key(&k) => Some(k),
                _ => {
                    issues.push(ValidationIssue::new(
                        "idempotencyKey",
                        IssueCode::InvalidFormat,
                        "must be 1 to 128 visible ASCII characters (a UUID is best)",
                    ));
                    None
                }
            },
            None => None,
        };
        let timeout_ms = match get(opts, "timeoutMs").map(|v| v.as_f64()) {
            Some(Some(ms)) if ms.is_finite() && ms >= 1.0 && ms.fract() == 0.0 => Some(ms as u64),
            Some(_) => {
                issues.push(ValidationIssue::new("timeoutMs", IssueCode::NotPositive, "must be a positive whole number of milliseconds"));
                None
            }
            None => None,
        };
        let signal = get(opts, "signal").and_then(|s| s.dyn_into::<AbortSignal>().ok());
        let on_status = get_function(opts, "onStatus");
        if !issues.is_empty() {
            return Err(RefundError::validation(issues));
        }
        Ok(CallOptions { idempotency_key, signal, timeout_ms, on_status })
    }

    pub fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }
}

fn in_browser() -> bool {
    let global: JsValue = js_sys::global().into();
    get(&global, "document").is_some() || get(&global, "WorkerGlobalScope").is_some()
}

impl Driver {
    pub fn new(provider: ProviderName, options: &JsValue) -> Result<Driver, JsValue> {
        let get_access_token = get_function(options, "getAccessToken");
        let sign = get_function(options, "sign");
        let env = ClientEnvironment {
            in_browser: in_browser(),
            has_get_access_token: get_access_token.is_some(),
            has_sign: sign.is_some(),
        };
        let json = to_json(options, "options").map_err(|e| to_js_error(&e))?;
        let provider = providers::create(provider, &json, env, now_ms()).map_err(|e| to_js_error(&e))?;
        let mut redactor = Redactor::new(provider.secrets());
        if let Some(t) = &provider.options().access_token {
            redactor.add_secret(t);
        }
        Ok(Driver {
            redactor: RefCell::new(redactor),
            fetch: get_function(options, "fetch"),
            on_event: get_function(options, "onEvent"),
            get_access_token,
            sign,
            tokens: RefCell::new(TokenCache::default()),
            pending_token: RefCell::new(None),
            token_error: RefCell::new(None),
            provider,
        })
    }

    pub fn provider(&self) -> &dyn Provider {
        &*self.provider
    }

    pub fn redactor(&self) -> Redactor {
        self.redactor.borrow().clone()
    }

    fn emit(&self, event: impl FnOnce(&Redactor) -> Value) {
        if let Some(f) = &self.on_event {
            let value = event(&self.redactor.borrow());
            // A throwing listener must not break the refund.
            let _ = f.call1(&JsValue::UNDEFINED, &to_js(&value));
        }
    }

    /// Runs client method `method` to its end; the JS promise's value or rejection.
    pub async fn call(self: Rc<Self>, method: &str, args: Vec<JsValue>, opts: JsValue) -> Result<JsValue, JsValue> {
        self.run(method, args, &opts).await.map(|v| to_js(&v)).map_err(|e| to_js_error(&self.redact_error(e)))
    }

    /// Errors pass through the client's redactor on their way out, whatever produced them.
    fn redact_error(&self, mut e: RefundError) -> RefundError {
        let r = self.redactor.borrow();
        e.message = r.text(&e.message);
        e.details = e.details.map(|d| r.json(d));
        e
    }

    async fn run(self: &Rc<Self>, method: &str, args: Vec<JsValue>, opts: &JsValue) -> Result<Value, RefundError> {
        let call = CallOptions::read(opts)?;
        let key = call.idempotency_key.clone().unwrap_or_else(idempotency::new_key);
        let json_args = args
            .iter()
            .enumerate()
            .map(|(i, a)| to_json(a, &format!("arguments[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let ctx = CallContext { idempotency_key: key.clone(), now_ms: now_ms() };
        let flow = self.provider.start(method, &json_args, &ctx)?;
        if call.signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(self.aborted(Some(&key)));
        }
        self.drive(flow, &call).await
    }

    /// Runs a flow: sends what it asks, reports its progress, returns its result.
    pub async fn drive(self: &Rc<Self>, mut flow: Box<dyn Flow>, call: &CallOptions) -> Result<Value, RefundError> {
        let mut response: Option<HttpResponse> = None;
        loop {
            match flow.next(response.take(), now_ms()) {
                Step::Send(outgoing) => response = Some(self.exchange(outgoing, call).await?),
                Step::Notify(status) => {
                    if let Some(f) = &call.on_status {
                        let _ = f.call1(&JsValue::UNDEFINED, &to_js(&status));
                    }
                }
                Step::Wait(ms) => {
                    if !fetch::sleep(ms, call.signal.as_ref()).await {
                        return Err(self.aborted(None));
                    }
                }
                Step::Done(result) => return result,
            }
        }
    }

    /// One logical request through the sending layer: auth, attempts, retries.
    async fn exchange(self: &Rc<Self>, outgoing: Outgoing, call: &CallOptions) -> Result<HttpResponse, RefundError> {
        let options = self.provider.options();
        let timeout = outgoing.timeout_ms.or(call.timeout_ms).unwrap_or(options.timeout_ms);
        let mut ex = Exchange::new(
            outgoing.request,
            self.provider.auth_kind(),
            options.retry,
            timeout,
            self.provider.name(),
            outgoing.idempotency_key,
        );
        self.perform(&mut ex, &*self.provider, call.signal.as_ref()).await
    }

    /// Performs an exchange's steps until it is done.
    async fn perform(
        self: &Rc<Self>,
        ex: &mut Exchange,
        authorizer: &dyn crate::send::Authorize,
        signal: Option<&AbortSignal>,
    ) -> Result<HttpResponse, RefundError> {
        let name = self.provider.name();
        let mut last_failure: Option<String> = None;
        loop {
            match ex.next(authorizer, now_ms()) {
                ExchangeStep::NeedToken { refused } => match self.token(refused).await {
                    Ok(token) => ex.set_auth(AuthMaterial::Token(token)),
                    Err(e) => ex.fail(e),
                },
                ExchangeStep::NeedSignature { message, timestamp_ms } => match self.signature(&message).await {
                    Ok(signature) => ex.set_auth(AuthMaterial::Signature { timestamp_ms, signature }),
                    Err(e) => ex.fail(e),
                },
                ExchangeStep::Fetch { request, attempt, timeout_ms } => {
                    let key = ex.idempotency_key().map(str::to_string);
                    self.emit(|r| events::request(r, name, &request, attempt, key.as_deref()));
                    let Some(fetch_fn) = fetch::resolve_fetch(self.fetch.as_ref()) else {
                        return Err(RefundError::new(ErrorCode::Configuration, "no fetch: pass options.fetch or run where globalThis.fetch exists (Node 18+, browsers)")
                            .with_provider(name)
                            .with_retryable(false));
                    };
                    let started = now_ms();
                    let outcome = fetch::perform(&fetch_fn, &request, timeout_ms, signal).await;
                    last_failure = match &outcome {
                        AttemptOutcome::Response(resp) => {
                            self.emit(|r| events::response(r, name, resp, attempt, now_ms().saturating_sub(started), key.as_deref()));
                            None
                        }
                        AttemptOutcome::Network(msg) => Some(msg.clone()),
                        AttemptOutcome::Timeout => Some(format!("no response within {timeout_ms} ms")),
                        AttemptOutcome::Aborted => None,
                    };
                    ex.record(outcome, now_ms(), js_sys::Math::random());
                }
                ExchangeStep::Sleep { ms, reason, retry } => {
                    let key = ex.idempotency_key().map(str::to_string);
                    self.emit(|r| events::retry(r, name, retry, ms, reason, last_failure.as_deref(), key.as_deref()));
                    if !fetch::sleep(ms, signal).await {
                        return Err(self.aborted(key.as_deref()));
                    }
                }
                ExchangeStep::Done(result) => return result,
            }
        }
    }

    fn aborted(&self, key: Option<&str>) -> RefundError {
        RefundError::new(ErrorCode::Aborted, "the caller aborted the request")
            .with_provider(self.provider.name())
            .with_idempotency_key(key)
            .with_retryable(true)
    }

    /// A bearer token: cached, else fetched once for all concurrent callers.
    async fn token(self: &Rc<Self>, refused: Option<String>) -> Result<String, RefundError> {
        if let Some(t) = &refused {
            self.tokens.borrow_mut().invalidate(t);
        }
        if let Some(t) = self.tokens.borrow().current(now_ms()) {
            return Ok(t.to_string());
        }
        if let Some(fixed) = &self.provider.options().access_token {
            if refused.as_deref() != Some(fixed.as_str()) {
                return Ok(fixed.clone());
            }
            let can_fetch = self.get_access_token.is_some() || self.provider.token_request().is_some();
            if !can_fetch {
                return Err(self.auth_error("the provider refused the accessToken given to the client"));
            }
        }
        let existing = self.pending_token.borrow().clone();
        let pending = match existing {
            Some(p) => p,
            None => {
                let me = self.clone();
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let result = me.fetch_token().await;
                    me.pending_token.borrow_mut().take();
                    match result {
                        Ok(token) => {
                            me.tokens.borrow_mut().store(&token, now_ms());
                            me.redactor.borrow_mut().add_secret(&token.token);
                            Ok(JsValue::from_str(&token.token))
                        }
                        Err(e) => {
                            *me.token_error.borrow_mut() = Some(e);
                            Err(JsValue::UNDEFINED)
                        }
                    }
                });
                *self.pending_token.borrow_mut() = Some(p.clone());
                p
            }
        };
        match JsFuture::from(pending).await {
            Ok(v) => v.as_string().ok_or_else(|| self.auth_error("the token source gave no token")),
            Err(_) => Err(self.token_error.borrow().clone().unwrap_or_else(|| self.auth_error("could not get an access token"))),
        }
    }

    /// Asks the token source: the caller's `getAccessToken()`, else the provider's token endpoint.
    async fn fetch_token(self: &Rc<Self>) -> Result<AccessToken, RefundError> {
        let name = self.provider.name();
        if let Some(f) = &self.get_access_token {
            let value = f.call0(&JsValue::UNDEFINED).map_err(|e| self.auth_error(&format!("getAccessToken() threw: {}", describe(&e))))?;
            let value = JsFuture::from(js_sys::Promise::resolve(&value))
                .await
                .map_err(|e| self.auth_error(&format!("getAccessToken() rejected: {}", describe(&e))))?;
            let token = match value.as_string() {
                Some(t) => AccessToken { token: t, expires_in_s: None },
                None => AccessToken {
                    token: get(&value, "accessToken").and_then(|t| t.as_string()).ok_or_else(|| {
                        self.auth_error("getAccessToken() must return a string or { accessToken, expiresIn? }")
                    })?,
                    expires_in_s: get(&value, "expiresIn").and_then(|e| e.as_f64()).filter(|e| *e >= 0.0).map(|e| e as u64),
                },
            };
            self.emit(|_| events::token(name, "getAccessToken", token.expires_in_s));
            return Ok(token);
        }
        let Some(request) = self.provider.token_request() else {
            return Err(self.auth_error("no credentials: give the client an access token, getAccessToken() or its secret"));
        };
        let options = self.provider.options();
        let mut ex = Exchange::new(request, AuthKind::None, options.retry, options.timeout_ms, name, None);
        let response = self.perform(&mut ex, &NoAuth, None).await?;
        let token = self.provider.parse_token(&response)?;
        self.emit(|_| events::token(name, "provider", token.expires_in_s));
        Ok(token)
    }

    /// The signature over `message`: with the client's own secret, else the caller's `sign()`.
    async fn signature(&self, message: &str) -> Result<String, RefundError> {
        if let Some(signature) = self.provider.sign(message) {
            return Ok(signature);
        }
        let Some(f) = &self.sign else {
            return Err(self.auth_error("no signing secret: give the client apiSecret (server) or sign() (browser)"));
        };
        let value = f
            .call1(&JsValue::UNDEFINED, &JsValue::from_str(message))
            .map_err(|e| self.auth_error(&format!("sign() threw: {}", describe(&e))))?;
        let value = JsFuture::from(js_sys::Promise::resolve(&value))
            .await
            .map_err(|e| self.auth_error(&format!("sign() rejected: {}", describe(&e))))?;
        value.as_string().filter(|s| !s.is_empty()).ok_or_else(|| self.auth_error("sign() must resolve to the base64 signature"))
    }

    fn auth_error(&self, message: &str) -> RefundError {
        RefundError::new(ErrorCode::Authentication, self.redactor.borrow().text(message))
            .with_provider(self.provider.name())
            .with_retryable(false)
    }
}
