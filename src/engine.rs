//! The engine: clients and their calls, driven one step at a time by the package's JS loop.
//!
//! The JS side owns the I/O (fetch, timers, abort signals, the caller's callbacks); every
//! decision is taken here. Each entry point takes plain values and answers one JSON step:
//!
//! | step | the JS side does | then calls |
//! |---|---|---|
//! | `{t:"fetch", method, url, headers, body, timeout}` | `fetch` with `redirect: "manual"`, the timeout and the caller's signal, reads the body as text | `response` or `failure` |
//! | `{t:"sleep", ms}` | waits (the signal cuts it short) | `resume` or `abort` |
//! | `{t:"token"}` | one token request for all callers: `getAccessToken()` → `token_from_caller`, or the `$token` operation | `resume` or `auth_failed` |
//! | `{t:"sign", message}` | the caller's `sign(message)` | `signed` or `auth_failed` |
//! | `{t:"notify", status}` | the caller's `onStatus(status)` | `resume` |
//! | `{t:"done", value}` / `{t:"error", error}` | returns / throws | (the call is gone) |
//!
//! Steps may carry `events` for `onEvent`, already redacted. Results, errors, events and
//! previews all pass through the client's [`Redactor`] here: the one redaction step.

use crate::connector::{self, Connector, Context, Operation};
use crate::error::{ErrorCode, RefundError};
use crate::fields::Fields;
use crate::flow::{Flow, Outgoing, Single, Step};
use crate::http::HttpResponse;
use crate::issue::IssueCode;
use crate::json::{Map, ToJson, Value};
use crate::redact::Redactor;
use crate::result::{Lookup, ProviderName};
use crate::send::options::{CALL_OPTIONS, MAX_TIMER_MS};
use crate::send::{
    events, idempotency, AccessToken, AttemptOutcome, AuthKind, AuthMaterial, CallOptions, ClientEnvironment, Exchange,
    ExchangeSpec, ExchangeStep, TokenCache, TokenChoice,
};

pub struct Client {
    connector: Box<dyn Connector>,
    tokens: TokenCache,
    redactor: Redactor,
    /// The provider answered 401 to the caller's fixed `accessToken`.
    fixed_refused: bool,
}

/// The answer to the exchange in flight, or what the JS side reports instead.
pub enum Input {
    Start,
    Response(HttpResponse),
    /// fetch failed: `network` (with its message), `timeout` or `aborted`.
    Failure(AttemptOutcome),
    /// After a sleep, a notify or a token.
    Resume,
    Signature(String),
    /// `getAccessToken()` or `sign()` failed, or the shared token request did.
    AuthFailed(RefundError),
    /// The caller's signal fired outside an attempt.
    Abort,
}

/// What the last exchange of a call was, for the error it may end with.
#[derive(Default)]
struct LastSend {
    key: Option<String>,
    moves_money: bool,
    maybe_delivered: bool,
    status: Option<u16>,
    retry_after_too_long: Option<u64>,
    lookup: Option<Lookup>,
}

struct Call {
    client: u32,
    op: Operation,
    flow: Box<dyn Flow>,
    exchange: Option<Exchange>,
    last: LastSend,
    /// The per-attempt timeout, and the call's deadline (epoch ms).
    timeout_ms: u64,
    deadline_at: Option<u64>,
    attempt_started_at: u64,
    attempt: u32,
    signing_at: u64,
    rng: u64,
    /// Waiting for another call of its client on the same thing to end (`Flow::exclusive`).
    queued: bool,
    /// The call's idempotency key when it may move money (see `Operation::moves_money`).
    key: Option<String>,
}

/// How long a queued call waits before it looks again whether its turn has come.
const TURN_WAIT_MS: u64 = 25;

/// Open items by id. A few clients and the calls in flight: a list is smaller than a map in
/// the .wasm (a `BTreeMap` of each cost 13 KB) and as fast at these sizes.
struct Slots<T>(Vec<(u32, T)>);

impl<T> Default for Slots<T> {
    fn default() -> Slots<T> {
        Slots(Vec::new())
    }
}

impl<T> Slots<T> {
    fn insert(&mut self, id: u32, item: T) {
        self.0.push((id, item));
    }
    fn get(&self, id: &u32) -> Option<&T> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, t)| t)
    }
    fn get_mut(&mut self, id: &u32) -> Option<&mut T> {
        self.0.iter_mut().find(|(i, _)| i == id).map(|(_, t)| t)
    }
    fn remove(&mut self, id: &u32) -> Option<T> {
        let at = self.0.iter().position(|(i, _)| i == id)?;
        Some(self.0.swap_remove(at).1)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

#[derive(Default)]
pub struct Engine {
    clients: Slots<Client>,
    calls: Slots<Call>,
    next_id: u32,
}

impl Engine {
    fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1).max(1);
        self.next_id
    }

    /// `new XClient(options)`: `{ client }` or `{ error }`.
    pub fn connect(&mut self, provider: &str, options: &str, in_browser: bool, now_ms: u64) -> Value {
        let result = (|| {
            let provider = ProviderName::parse(provider).ok_or_else(|| connector::unsupported("provider", provider))?;
            let options = parse_arg(options, "options")?;
            let connector = connector::connect(provider, &options, ClientEnvironment { in_browser }, now_ms)?;
            let mut redactor = Redactor::default();
            for secret in connector.secrets() {
                redactor.add_secret(&secret);
            }
            Ok(Client { connector, tokens: TokenCache::default(), redactor, fixed_refused: false })
        })();
        match result {
            Ok(client) => {
                let id = self.id();
                self.clients.insert(id, client);
                crate::obj! { "client" => id }
            }
            Err(e) => error_step(&e, None),
        }
    }

    pub fn disconnect(&mut self, client: u32) {
        self.clients.remove(&client);
        self.calls.0.retain(|(_, c)| c.client != client);
    }

    /// Starts operation `op` (a row of [`connector::OPERATIONS`]) and answers its first step.
    pub fn start(&mut self, client_id: u32, op: u32, args: &str, options: &str, now_ms: u64, random: [u8; 16]) -> Value {
        let Some(client) = self.clients.get(&client_id) else { return error_step(&closed(), None) };
        let provider = client.connector.provider();
        let started = (|| {
            let spec = Operation::from_id(op, provider).ok_or_else(|| connector::unsupported("operation", "#"))?;
            let args = match parse_arg(args, "arguments")? {
                Value::Array(items) => items,
                _ => vec![],
            };
            let mut ctx = read_call_options(options, spec.options, now_ms, random).map_err(|e| e.with_provider(provider))?;
            let (op, flow) = match spec.op {
                Operation::Token => (Operation::Token, token_flow(client.connector.as_ref())?),
                Operation::Send => {
                    // `send(builder)`: `{ kind, fields }`; the builder's own operation runs.
                    let builder = args.first().cloned().unwrap_or_default();
                    let kind = builder["kind"].as_str().unwrap_or_default();
                    let spec = connector::BuilderSpec::find(kind)
                        .filter(|b| b.provider == provider)
                        .ok_or_else(|| connector::unsupported("builder", kind).with_provider(provider))?;
                    ctx.builder = true;
                    (spec.op, client.connector.start(spec.op, &[builder["fields"].clone()], &ctx)?)
                }
                op => (op, client.connector.start(op, &args, &ctx)?),
            };
            Ok((op, flow, ctx))
        })();
        let (op, flow, ctx) = match started {
            Ok(s) => s,
            Err(e) => return error_step(&e, Some(&client.redactor)),
        };
        let options = client.connector.options();
        let queued = flow.exclusive().is_some();
        let call = Call {
            client: client_id,
            op,
            flow,
            exchange: None,
            last: LastSend::default(),
            timeout_ms: ctx.options.timeout_ms.unwrap_or(options.timeout_ms),
            deadline_at: ctx.options.deadline_ms.or(options.deadline_ms).map(|ms| now_ms.saturating_add(ms)),
            attempt_started_at: now_ms,
            attempt: 0,
            signing_at: now_ms,
            rng: u64::from_le_bytes([random[8], random[9], random[10], random[11], random[12], random[13], random[14], random[15]]) | 1,
            queued,
            key: op.moves_money().then(|| ctx.idempotency_key.clone()),
        };
        let id = self.id();
        self.calls.insert(id, call);
        self.drive(id, Input::Start, now_ms)
    }

    /// Feeds `input` to call `id` and answers its next step.
    pub fn drive(&mut self, id: u32, mut input: Input, now_ms: u64) -> Value {
        let Some(mut call) = self.calls.remove(&id) else { return error_step(&closed(), None) };
        if call.queued && matches!(input, Input::Start | Input::Resume) {
            let wanted = call.flow.exclusive();
            let busy = self.calls.0.iter().any(|(_, c)| c.client == call.client && !c.queued && c.flow.exclusive() == wanted);
            if busy {
                self.calls.insert(id, call);
                return crate::obj! { "t" => "sleep", "call" => id, "ms" => TURN_WAIT_MS };
            }
            call.queued = false;
            input = Input::Start;
        }
        let Some(client) = self.clients.get_mut(&call.client) else { return error_step(&closed(), None) };
        let mut events = Vec::new();
        let step = loop {
            if let Some(mut ex) = call.exchange.take() {
                match run_exchange(client, &mut call, &mut ex, &mut events, input, now_ms) {
                    Ok(out) => {
                        call.exchange = Some(ex);
                        break out;
                    }
                    Err(Ok(response)) => input = Input::Response(response),
                    Err(Err(e)) => break Out::Error(e),
                }
            }
            let response = match std::mem::replace(&mut input, Input::Resume) {
                Input::Response(r) => Some(r),
                Input::Abort => break Out::Error(aborted(client.connector.provider(), &call.last)),
                Input::AuthFailed(e) => break Out::Error(e),
                _ => None,
            };
            match call.flow.next(response, now_ms) {
                Step::Send(out) => {
                    call.last = LastSend {
                        key: out.idempotency_key.clone().or_else(|| call.key.clone()),
                        moves_money: out.moves_money,
                        lookup: call.flow.lookup(),
                        ..LastSend::default()
                    };
                    call.exchange = Some(exchange(client.connector.as_ref(), &call, out));
                    input = Input::Start;
                }
                Step::Notify(status) => break Out::Notify(status),
                Step::Wait(ms) => break Out::Sleep(ms),
                Step::Done(Ok(value)) => break Out::Done(value),
                Step::Done(Err(e)) => break Out::Error(e),
            }
        };
        let emit = client.connector.options().on_event;
        let out = match step {
            Out::Fetch(v) => with_call(v, id),
            Out::Sleep(ms) => crate::obj! { "t" => "sleep", "call" => id, "ms" => ms },
            Out::Token => crate::obj! { "t" => "token", "call" => id },
            Out::Sign(message) => crate::obj! { "t" => "sign", "call" => id, "message" => message },
            Out::Notify(status) => crate::obj! { "t" => "notify", "call" => id, "status" => redact(&client.redactor, status) },
            Out::Done(value) if call.op == Operation::Token => {
                let step = match store_token(client, &value, now_ms) {
                    Ok((event, expires)) => {
                        events.push(event);
                        crate::obj! { "t" => "done", "value" => crate::obj! { "expiresIn" => Value::from(expires).or_null() } }
                    }
                    Err(e) => error_step(&finish(client.connector.provider(), &call.last, e), Some(&client.redactor)),
                };
                return with_events(step, events, emit);
            }
            Out::Done(value) => {
                client.connector.observe(call.op, &value);
                let step = crate::obj! { "t" => "done", "value" => redact(&client.redactor, value).or_null() };
                return with_events(step, events, emit);
            }
            Out::Error(e) => {
                let e = finish(client.connector.provider(), &call.last, e);
                return with_events(error_step(&e, Some(&client.redactor)), events, emit);
            }
        };
        self.calls.insert(id, call);
        with_events(out, events, emit)
    }

    /// The caller's `getAccessToken()` answered `value` (a string or `{ accessToken, expiresIn? }`).
    pub fn token_from_caller(&mut self, client_id: u32, value: &str, now_ms: u64) -> Value {
        let Some(client) = self.clients.get_mut(&client_id) else { return error_step(&closed(), None) };
        let provider = client.connector.provider();
        let read = (|| {
            let v = parse_arg(value, "getAccessToken()")?;
            let token = match &v {
                Value::String(t) if !t.is_empty() => AccessToken::new(t.clone(), None),
                Value::Object(_) => {
                    let mut f = Fields::new(&v, "getAccessToken()", &["accessToken", "expiresIn"], now_ms);
                    let token = f.req_str("accessToken", 1, 16_384);
                    let expires = f.opt_uint("expiresIn", 10 * 365 * 86_400);
                    let token = f.finish(token).map_err(|_| auth_error(provider, "getAccessToken() must return a string or { accessToken, expiresIn? }"))?;
                    AccessToken::new(token, expires)
                }
                _ => return Err(auth_error(provider, "getAccessToken() must return a string or { accessToken, expiresIn? }")),
            };
            Ok(token)
        })();
        match read {
            Ok(token) => {
                let expires = token.expires_in_s;
                store(client, &token, now_ms);
                let event = events::token(provider, "getAccessToken", expires);
                with_events(crate::obj! { "t" => "done", "value" => Value::Null.or_null() }, vec![event], client.connector.options().on_event)
            }
            Err(e) => error_step(&e, Some(&client.redactor)),
        }
    }

    /// `client.prepare(builder)`: the exact first request, redacted, without sending it.
    pub fn prepare(&mut self, client_id: u32, kind: &str, fields: &str, options: &str, now_ms: u64, random: [u8; 16]) -> Value {
        let Some(client) = self.clients.get(&client_id) else { return error_step(&closed(), None) };
        let connector = client.connector.as_ref();
        let prepared = (|| {
            let spec = connector::BuilderSpec::find(kind)
                .filter(|b| b.provider == connector.provider())
                .ok_or_else(|| connector::unsupported("builder", kind).with_provider(connector.provider()))?;
            let fields = parse_arg(fields, "builder")?;
            let ctx = read_call_options(options, &[], now_ms, random)?;
            let mut request = connector.prepare(spec.op, &fields, &ctx)?;
            // Show where the credential goes; its value is redacted anyway.
            let placeholder = match connector.auth_kind() {
                AuthKind::None => AuthMaterial::None,
                AuthKind::Bearer => AuthMaterial::Token("token".into()),
                AuthKind::Signed => AuthMaterial::Signature { timestamp_ms: now_ms, signature: "signature".into() },
            };
            connector.authorize(&mut request, &placeholder);
            Ok(client.redactor.request(&request))
        })();
        match prepared {
            Ok(request) => crate::obj! { "t" => "done", "value" => request },
            Err(e) => error_step(&e, Some(&client.redactor)),
        }
    }

    /// Ends a call the JS side gave up on (its loop threw); harmless when it already ended.
    pub fn release(&mut self, call: u32) {
        self.calls.remove(&call);
    }

    /// Open calls, for tests of the JS loop (every call must end).
    pub fn open_calls(&self) -> usize {
        self.calls.len()
    }
}

enum Out {
    Fetch(Value),
    Sleep(u64),
    Token,
    Sign(String),
    Notify(Value),
    Done(Value),
    Error(RefundError),
}

/// Advances the exchange in flight. `Ok(step)` is something for the JS side to do;
/// `Err(result)` means the exchange ended (its final response, or its error).
#[allow(clippy::result_large_err)]
fn run_exchange(
    client: &mut Client,
    call: &mut Call,
    ex: &mut Exchange,
    events: &mut Vec<Value>,
    input: Input,
    now_ms: u64,
) -> Result<Out, Result<HttpResponse, RefundError>> {
    let last = &mut call.last;
    let provider = client.connector.provider();
    let emit = client.connector.options().on_event;
    let random = next_random(&mut call.rng);
    match input {
        Input::Response(response) => {
            if emit {
                let elapsed = now_ms.saturating_sub(call.attempt_started_at);
                events.push(events::response(&client.redactor, provider, &response, call.attempt, elapsed, ex.idempotency_key()));
            }
            last.status = Some(response.status);
            ex.record(AttemptOutcome::Response(response), now_ms, random);
        }
        Input::Failure(outcome) => ex.record(outcome, now_ms, random),
        Input::Signature(signature) => ex.set_auth(AuthMaterial::Signature { timestamp_ms: call.signing_at, signature }),
        Input::AuthFailed(e) => ex.fail(e),
        Input::Abort => return Err(Err(ex.aborted())),
        Input::Start | Input::Resume => {}
    }
    loop {
        last.maybe_delivered = ex.maybe_delivered();
        last.retry_after_too_long = ex.retry_after_too_long();
        match ex.next(client.connector.as_ref(), now_ms) {
            ExchangeStep::NeedToken { refused } => {
                if let Some(t) = &refused {
                    client.tokens.invalidate(t);
                    if client.connector.token_source().fixed.as_ref().is_some_and(|f| secrecy::ExposeSecret::expose_secret(f) == t.as_str()) {
                        client.fixed_refused = true;
                    }
                }
                if let Some(t) = client.tokens.current(now_ms) {
                    ex.set_auth(AuthMaterial::Token(t.to_string()));
                    continue;
                }
                match client.connector.token_source().choose(client.fixed_refused) {
                    TokenChoice::Fixed => {
                        let fixed = client.connector.token_source().fixed.as_ref().map(|f| secrecy::ExposeSecret::expose_secret(f).to_string());
                        ex.set_auth(AuthMaterial::Token(fixed.unwrap_or_default()));
                    }
                    TokenChoice::Obtain => return Ok(Out::Token),
                    TokenChoice::Refused => ex.fail(auth_error(provider, "the provider refused the accessToken given to the client, and there is no other way to get one")),
                }
            }
            ExchangeStep::NeedSignature { message, timestamp_ms } => match client.connector.sign(&message) {
                Some(signature) => ex.set_auth(AuthMaterial::Signature { timestamp_ms, signature }),
                None => {
                    call.signing_at = timestamp_ms;
                    return Ok(Out::Sign(message));
                }
            },
            ExchangeStep::Fetch { request, attempt, timeout_ms } => {
                if emit {
                    events.push(events::request(&client.redactor, provider, &request, attempt, ex.idempotency_key()));
                }
                call.attempt = attempt;
                call.attempt_started_at = now_ms;
                // Names are unique (set_header replaces): an object, as most fetch wrappers expect.
                let mut headers = Map::new();
                for (n, v) in request.headers {
                    headers.insert(n, v);
                }
                return Ok(Out::Fetch(crate::obj! {
                    "t" => "fetch",
                    "method" => request.method.as_str(),
                    "url" => request.url,
                    "headers" => headers,
                    "body" => request.body,
                    "timeout" => timeout_ms,
                }));
            }
            ExchangeStep::Sleep { ms, reason, retry, error } => {
                if emit {
                    events.push(events::retry(&client.redactor, provider, retry, ms, reason, error.as_deref(), ex.idempotency_key()));
                }
                return Ok(Out::Sleep(ms));
            }
            ExchangeStep::Done(result) => return Err(result),
        }
    }
}

fn exchange(connector: &dyn Connector, call: &Call, out: Outgoing) -> Exchange {
    let options = connector.options();
    Exchange::new(ExchangeSpec {
        request: out.request,
        auth: if out.unauthenticated { AuthKind::None } else { connector.auth_kind() },
        policy: options.retry,
        timeout_ms: out.timeout_ms.unwrap_or(call.timeout_ms),
        deadline_at: call.deadline_at,
        provider: connector.provider(),
        idempotency_key: out.idempotency_key,
        moves_money: out.moves_money,
    })
}

/// The flow of the internal `$token` operation: one unauthenticated request to the token
/// endpoint; the engine keeps the token (it never crosses to JS).
fn token_flow(connector: &dyn Connector) -> Result<Box<dyn Flow>, RefundError> {
    let request = connector.token_request().ok_or_else(|| {
        auth_error(connector.provider(), "no credentials: give the client an access token, getAccessToken() or its secret")
    })?;
    let mut out = Outgoing::read(request);
    out.unauthenticated = true;
    // The answer is read in `store_token`, where the connector is at hand.
    Ok(Single::boxed(out, |response: HttpResponse| Ok(crate::obj! { "status" => response.status, "body" => response.body })))
}

fn store_token(client: &mut Client, value: &Value, now_ms: u64) -> Result<(Value, Option<u64>), RefundError> {
    let response = HttpResponse::new(value["status"].as_u64().unwrap_or(0) as u16, value["body"].as_str().unwrap_or_default());
    let token = client.connector.read_token(&response)?;
    let expires = token.expires_in_s;
    store(client, &token, now_ms);
    Ok((events::token(client.connector.provider(), "provider", expires), expires))
}

fn store(client: &mut Client, token: &AccessToken, now_ms: u64) {
    client.tokens.store(token, now_ms);
    client.redactor.add_secret(secrecy::ExposeSecret::expose_secret(&token.token));
    client.fixed_refused = false;
}

/// What an error becomes after what the call's last exchange did: a 2xx that cannot be read,
/// or a retryable failure after an attempt that may have arrived, is `outcome_unknown` when
/// the request may have moved money. Never "failed" when money may have moved.
fn finish(provider: ProviderName, last: &LastSend, mut e: RefundError) -> RefundError {
    let unreadable_success = e.code == ErrorCode::InvalidResponse && last.status.is_some_and(|s| (200..300).contains(&s));
    if last.moves_money && e.code != ErrorCode::OutcomeUnknown && e.code != ErrorCode::Validation {
        if unreadable_success {
            e.code = ErrorCode::OutcomeUnknown;
            let mut message = String::from(provider.display());
            message.push_str(" accepted the request but its answer could not be read: the refund may have been made. ");
            message.push_str("Send it again with the same idempotencyKey, or call syncRefund(error) to find out.");
            e.message = message;
        } else if last.maybe_delivered && e.retryable {
            e.code = ErrorCode::OutcomeUnknown;
            e.message.push_str(" An earlier attempt may have reached the provider: the refund may have been made.");
        }
    }
    if e.code == ErrorCode::OutcomeUnknown {
        e.retryable = true;
        if e.lookup.is_none() {
            e.lookup = last.lookup.clone();
        }
    }
    if let Some(ms) = last.retry_after_too_long {
        e.retry_after_ms = Some(ms);
    }
    if e.provider.is_none() {
        e.provider = Some(provider);
    }
    e.with_idempotency_key(last.key.as_deref())
}

fn aborted(provider: ProviderName, last: &LastSend) -> RefundError {
    let e = RefundError::new(ErrorCode::Aborted, "the caller aborted the request").with_provider(provider);
    if last.maybe_delivered {
        return RefundError::new(ErrorCode::OutcomeUnknown, "the caller aborted after an attempt that may have reached the provider: the refund may have been made")
            .with_provider(provider);
    }
    e.with_retryable(true)
}

fn error_step(e: &RefundError, redactor: Option<&Redactor>) -> Value {
    let mut e = e.clone();
    let default = Redactor::default();
    let r = redactor.unwrap_or(&default);
    e.message = r.text(&e.message);
    e.details = e.details.map(|d| r.json(d));
    crate::obj! { "t" => "error", "error" => e.to_value() }
}

fn redact(r: &Redactor, value: Value) -> Value {
    if r.is_clean(&value) {
        value
    } else {
        r.json(value)
    }
}

fn with_call(mut step: Value, id: u32) -> Value {
    if let Some(m) = step.as_object_mut() {
        m.insert("call", id);
    }
    step
}

fn with_events(mut step: Value, events: Vec<Value>, emit: bool) -> Value {
    if emit && !events.is_empty() {
        if let Some(m) = step.as_object_mut() {
            m.insert("events", events);
        }
    }
    step
}

fn closed() -> RefundError {
    RefundError::new(ErrorCode::Configuration, "this client or call is no longer open").with_retryable(false)
}

fn auth_error(provider: ProviderName, message: &str) -> RefundError {
    RefundError::new(ErrorCode::Authentication, message).with_provider(provider).with_retryable(false)
}

/// JSON from the JS encoder. It always sends JSON; anything else is a bug on that side.
fn parse_arg(text: &str, what: &str) -> Result<Value, RefundError> {
    crate::json::parse(text).ok_or_else(|| {
        let mut message = String::from(what);
        message.push_str(" could not be read as JSON");
        RefundError::new(ErrorCode::Configuration, message).with_retryable(false)
    })
}

/// The per-call options: `{ idempotencyKey?, signal?, timeoutMs?, deadlineMs? }` and the
/// operation's own (`onStatus`, `schedule`). Unknown keys and empty keys are refused here.
fn read_call_options(text: &str, extra: &[&str], now_ms: u64, random: [u8; 16]) -> Result<Context, RefundError> {
    let value = match parse_arg(text, "options")? {
        Value::Null => Value::Object(Map::new()),
        v => v,
    };
    let known: Vec<&str> = CALL_OPTIONS.iter().chain(extra).copied().collect();
    let mut f = Fields::new(&value, "options", &known, now_ms);
    let mut options = CallOptions::read(&mut f);
    if extra.contains(&"onStatus") {
        options.on_status = f.opt_fn("onStatus");
    }
    let schedule = if extra.contains(&"schedule") { read_schedule(&mut f) } else { None };
    f.finish(Some(()))?;
    let idempotency_key = options.idempotency_key.clone().unwrap_or_else(|| idempotency::new_key(random));
    Ok(Context { idempotency_key, now_ms, options, schedule, builder: false })
}

/// `schedule`: a list of waits in ms (each up to a timer's limit; at most 100 of them).
fn read_schedule(f: &mut Fields) -> Option<Vec<u64>> {
    let items = match f.raw("schedule")? {
        Value::Array(items) if !items.is_empty() && items.len() <= 100 => items,
        _ => {
            f.issue("schedule", IssueCode::InvalidType, "must be a list of 1 to 100 waits in milliseconds, such as [60000, 300000]");
            return None;
        }
    };
    let waits: Option<Vec<u64>> = items.iter().map(|v| v.as_u64().filter(|ms| *ms <= MAX_TIMER_MS)).collect();
    if waits.is_none() {
        f.issue("schedule", IssueCode::InvalidFormat, "must hold whole numbers of milliseconds, 0 to 2147483647");
    }
    waits
}

fn next_random(state: &mut u64) -> f64 {
    // xorshift64*: jitter only needs to spread callers apart, not to be secret.
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    const NOW: u64 = 1_795_392_000_000;
    const PAYMENT: &str = r#"{"paymentId":"M2MJOG6O2Y","order":{"amount":4999,"currency":"USD"},"refunds":[],"supportedOperations":["refund"],"transactionResult":{"status":"complete"}}"#;

    fn engine() -> (Engine, u32) {
        let mut e = Engine::default();
        let c = e.connect("payroc", r#"{"apiKey":"key-123456","environment":"uat","onEvent":"\u0000function"}"#, false, NOW);
        let id = c["client"].as_u64().unwrap() as u32;
        (e, id)
    }

    /// A Payroc refund under a known key, its token fetched: the payment read is the next step.
    fn keyed_refund_with_token(e: &mut Engine, client: u32) -> u32 {
        let input = r#"[{"paymentId":"M2MJOG6O2Y","amount":{"minor":1000,"currency":"USD"},"description":"d"}]"#;
        let opts = r#"{"idempotencyKey":"5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201"}"#;
        let (_, call, _) = step(e.start(client, op("refund"), input, opts, NOW, [1; 16]));
        let (_, token_call, _) = step(e.start(client, op("$token"), "[]", "null", NOW, [2; 16]));
        e.response(token_call, 200, None, r#"{"access_token":"tok-abcdef"}"#.into(), NOW);
        e.resume(call, NOW);
        call
    }

    fn op(name: &str) -> u32 {
        connector::OPERATIONS.iter().position(|s| s.js == name).unwrap() as u32
    }

    fn step(v: Value) -> (String, u32, Value) {
        (v["t"].as_str().unwrap_or_default().to_string(), v["call"].as_u64().unwrap_or(0) as u32, v)
    }

    #[test]
    fn a_refund_runs_token_read_and_post_one_step_at_a_time() {
        let (mut e, client) = engine();
        let input = r#"[{"paymentId":"M2MJOG6O2Y","amount":{"minor":1000,"currency":"USD"},"description":"d"}]"#;
        let (t, call, _) = step(e.start(client, op("refund"), input, "null", NOW, [1; 16]));
        assert_eq!(t, "token", "no token yet: the JS side fetches one for every caller");
        let (t, token_call, fetch) = step(e.start(client, op("$token"), "[]", "null", NOW, [2; 16]));
        assert_eq!((t.as_str(), fetch["url"].as_str()), ("fetch", Some("https://identity.uat.payroc.com/authorize")));
        let (t, _, done) = step(parse(&e.response(token_call, 200, None, r#"{"access_token":"tok-abcdef","expires_in":3600}"#.into(), NOW)).unwrap());
        assert_eq!((t.as_str(), done["value"]["expiresIn"].as_u64()), ("done", Some(3600)));
        assert_eq!((done["events"][0]["type"].as_str(), done["events"][1]["type"].as_str()), (Some("response"), Some("token")));
        assert_eq!(done["events"][0]["body"]["access_token"], "[redacted]");
        assert!(!done.to_json().contains("tok-abcdef"), "the token stays in the core");
        let (t, _, get) = step(parse(&e.resume(call, NOW)).unwrap());
        assert_eq!((t.as_str(), get["method"].as_str()), ("fetch", Some("GET")));
        assert_eq!(get["headers"]["Authorization"], "Bearer tok-abcdef");
        assert_eq!(get["events"][0]["request"]["headers"]["Authorization"], "[redacted]");
        let (t, _, post) = step(parse(&e.response(call, 200, None, PAYMENT.into(), NOW)).unwrap());
        assert_eq!((t.as_str(), post["method"].as_str(), post["body"].as_str()), ("fetch", Some("POST"), Some(r#"{"amount":1000,"description":"d"}"#)));
        let key = post["headers"]["Idempotency-Key"].as_str().unwrap().to_string();
        let answer = PAYMENT.replace(r#""refunds":[]"#, r#""refunds":[{"refundId":"AAAAAAAAAA","amount":1000,"status":"ready"}]"#);
        let (t, _, done) = step(parse(&e.response(call, 200, None, answer, NOW)).unwrap());
        assert_eq!(t, "done");
        assert_eq!((done["value"]["status"].as_str(), done["value"]["refundId"].as_str()), (Some("succeeded"), Some("AAAAAAAAAA")));
        assert_eq!(done["value"]["idempotencyKey"].as_str(), Some(key.as_str()));
        assert_eq!(e.open_calls(), 0, "a finished call is gone");
    }

    #[test]
    fn an_unreadable_answer_to_the_post_is_an_unknown_outcome_with_its_lookup() {
        let (mut e, client) = engine();
        let call = keyed_refund_with_token(&mut e, client);
        e.response(call, 200, None, PAYMENT.into(), NOW);
        let (t, _, err) = step(parse(&e.response(call, 200, None, r#"{"paymentId":"M2MJ"#.into(), NOW)).unwrap());
        assert_eq!(t, "error");
        let err = &err["error"];
        assert_eq!((err["code"].as_str(), err["retryable"].as_bool()), (Some("outcome_unknown"), Some(true)));
        assert_eq!(err["idempotencyKey"], "5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201");
        assert_eq!((err["lookup"]["reference"].as_str(), err["lookup"]["amount"]["minor"].as_u64()), (Some("M2MJOG6O2Y"), Some(1000)));
    }

    #[test]
    fn inputs_and_options_are_refused_before_any_step() {
        let (mut e, client) = engine();
        let (t, _, err) = step(e.start(client, op("refund"), r#"[{"paymentId":"M2MJOG6O2Y","amout":1,"description":"d"}]"#, "null", NOW, [1; 16]));
        assert_eq!((t.as_str(), err["error"]["issues"][0]["code"].as_str()), ("error", Some("unknown_field")));
        let (t, _, err) = step(e.start(client, op("getPayment"), r#"["M2MJOG6O2Y"]"#, r#"{"onStatus":"\u0000function"}"#, NOW, [1; 16]));
        assert_eq!((t.as_str(), err["error"]["issues"][0]["path"].as_str()), ("error", Some("options.onStatus")), "getPayment has no onStatus");
        assert_eq!(e.open_calls(), 0);
        let bad = e.connect("payroc", r#"{"apiKey":"secret-key","environment":"uat"}"#, true, NOW);
        assert_eq!(bad["error"]["code"], "browser_secret");
        assert!(!bad.to_json().contains("secret-key"));
    }

    #[test]
    fn two_reversals_of_one_payment_by_one_client_take_turns() {
        let mut e = Engine::default();
        let c = e.connect("jpmorgan", r#"{"merchantId":"998482157632","accessToken":"tok-abc","environment":"mock","merchantSoftware":{"companyName":"a","productName":"b","version":"1"}}"#, false, NOW);
        let client = c["client"].as_u64().unwrap() as u32;
        let input = r#"[{"transactionId":"2150955d-47f7-4770-b6b7-6a8d0cbc114f","amount":{"minor":500,"currency":"USD"}}]"#;
        let (t1, first, _) = step(e.start(client, op("reverse"), input, "null", NOW, [1; 16]));
        let (t2, second, _) = step(e.start(client, op("reverse"), input, "null", NOW, [2; 16]));
        assert_eq!((t1.as_str(), t2.as_str()), ("fetch", "sleep"), "the second waits for the first");
        let other = r#"[{"transactionId":"0b4d2c3a-0000-4000-8000-000000000001","amount":{"minor":500,"currency":"USD"}}]"#;
        assert_eq!(step(e.start(client, op("reverse"), other, "null", NOW, [3; 16])).0, "fetch", "another payment does not wait");
        assert_eq!(step(parse(&e.resume(second, NOW)).unwrap()).0, "sleep", "still its turn to wait");
        let voided = r#"{"transactionId":"2150955d-47f7-4770-b6b7-6a8d0cbc114f","transactionState":"VOIDED","amount":1000,"currency":"USD"}"#;
        assert_eq!(step(parse(&e.response(first, 200, None, voided.into(), NOW)).unwrap()).0, "error", "nothing left to reverse");
        assert_eq!(step(parse(&e.resume(second, NOW)).unwrap()).0, "fetch", "its turn, after the first ended");
    }

    #[test]
    fn a_refund_that_fails_at_its_first_read_still_names_its_key() {
        let (mut e, client) = engine();
        let call = keyed_refund_with_token(&mut e, client);
        let (t, _, err) = step(parse(&e.response(call, 404, None, r#"{"title":"Not found"}"#.into(), NOW)).unwrap());
        assert_eq!((t.as_str(), err["error"]["code"].as_str()), ("error", Some("not_found")));
        assert_eq!(err["error"]["idempotencyKey"], "5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201", "only the GET went out, but the caller retries with this key");
    }
}
