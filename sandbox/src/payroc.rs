//! Payroc: identity (`/payroc/identity`) and the card-payments API (`/payroc/v1`):
//! payments, referenced and unreferenced refunds, RFC 7807 errors, Idempotency-Key.
//! Device refund instructions live in `payroc_devices.rs`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::clock;
use crate::mask::{brand, luhn_ok, mask_pan};
use crate::seed::{PayrocPaymentSeed, PayrocSeed, PayrocTerminalSeed};
use crate::state::{LedgerEntry, Provider, Sandbox, Store, TokenCheck};

const ERRORS: &str = "https://docs.payroc.com/api/errors#";

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/payroc/identity/authorize", post(authorize))
        .route("/payroc/v1/payments", get(list_payments))
        .route("/payroc/v1/payments/{paymentId}", get(get_payment))
        .route("/payroc/v1/payments/{paymentId}/refund", post(refund_payment))
        .route("/payroc/v1/refunds", post(unreferenced_refund))
        .route("/payroc/v1/refunds/{refundId}", get(get_refund))
        .merge(crate::payroc_devices::routes())
}

// ---------------------------------------------------------------- state

pub struct PayrocState {
    pub api_key: String,
    pub terminals: Vec<PayrocTerminalSeed>,
    pub payments: Vec<Payment>,
    pub refunds: HashMap<String, Refund>,
    pub instructions: HashMap<String, crate::payroc_devices::Instruction>,
    idempotency: HashMap<String, SavedResponse>,
}

pub struct Payment {
    pub seed: PayrocPaymentSeed,
    pub refund_ids: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Approved,
    Declined,
    Referral,
    /// The payment was still in an open batch, so the gateway reversed it instead.
    Reversal,
}

impl Outcome {
    /// Payroc UAT test values: 4901 → declined, 4902 → referral.
    pub fn for_amount(amount: i64) -> Outcome {
        match amount {
            4901 => Outcome::Declined,
            4902 => Outcome::Referral,
            _ => Outcome::Approved,
        }
    }
    fn moves_money(self) -> bool {
        matches!(self, Outcome::Approved | Outcome::Reversal)
    }
    /// (status, responseCode, responseMessage, processorResponseCode)
    fn result(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Outcome::Approved => ("ready", "A", "APPROVAL", "00"),
            Outcome::Declined => ("declined", "D", "Do Not Honor", "05"),
            Outcome::Referral => ("referral", "R", "Refer to Card Issuer", "01"),
            Outcome::Reversal => ("reversal", "A", "Transaction reversed", "00"),
        }
    }
}

pub struct Refund {
    pub id: String,
    pub processing_terminal_id: String,
    pub operator: Option<String>,
    pub order_id: String,
    pub description: String,
    pub amount: i64,
    pub currency: String,
    pub date_time: String,
    pub card: Value,
    pub payment_id: Option<String>,
    pub outcome: Outcome,
}

struct SavedResponse {
    fingerprint: Vec<u8>,
    status: StatusCode,
    body: Value,
}

impl PayrocState {
    pub fn from_seed(seed: &PayrocSeed) -> PayrocState {
        PayrocState {
            api_key: seed.api_key.clone(),
            terminals: seed.processing_terminals.clone(),
            payments: seed
                .payments
                .iter()
                .map(|p| Payment { seed: p.clone(), refund_ids: Vec::new() })
                .collect(),
            refunds: HashMap::new(),
            instructions: HashMap::new(),
            idempotency: HashMap::new(),
        }
    }

    fn payment_index(&self, id: &str) -> Option<usize> {
        self.payments.iter().position(|p| p.seed.id == id)
    }

    /// Payment amount minus every approved refund or reversal so far.
    pub fn remaining(&self, payment: &Payment) -> i64 {
        let done: i64 = payment
            .refund_ids
            .iter()
            .filter_map(|id| self.refunds.get(id))
            .filter(|r| r.outcome.moves_money())
            .map(|r| r.amount)
            .sum();
        payment.seed.amount - done
    }

    pub fn new_refund_id(&self) -> String {
        loop {
            let id = ten_char_id();
            if !self.refunds.contains_key(&id) && self.payment_index(&id).is_none() {
                return id;
            }
        }
    }

    pub fn terminal_known(&self, id: &str) -> bool {
        self.terminals.iter().any(|t| t.processing_terminal_id == id)
    }
}

/// Ten upper-case alphanumerics, like `CD3HN88U9F`.
fn ten_char_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uuid::Uuid::new_v4().as_bytes()[..10]
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

// ---------------------------------------------------------------- errors and plumbing

/// An RFC 7807 problem in Payroc's shape.
pub fn problem(status: StatusCode, slug: &str, title: &str, detail: &str, errors: Vec<Value>) -> Response {
    let mut body = json!({
        "type": format!("{ERRORS}{slug}"),
        "title": title,
        "status": status.as_u16(),
        "detail": detail,
    });
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    problem_response(status, body)
}

fn problem_response(status: StatusCode, body: Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let ct = if status.is_success() { "application/json" } else { "application/problem+json" };
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    resp
}

pub fn bad_request(parameter: &str, message: &str) -> Response {
    problem(
        StatusCode::BAD_REQUEST,
        "bad-request",
        "Bad request",
        "One or more validation errors occurred, see error section for more info",
        vec![json!({ "parameter": parameter, "detail": "Invalid value", "message": message })],
    )
}

pub fn not_found(resource: &str) -> Response {
    let body = json!({
        "type": format!("{ERRORS}not-found"),
        "title": "Not found",
        "status": 404,
        "detail": "Resource could not be found",
        "resource": resource,
    });
    problem_response(StatusCode::NOT_FOUND, body)
}

/// Every API call needs a live bearer token from `/payroc/identity/authorize`.
pub fn authenticate(sandbox: &Sandbox, headers: &HeaderMap) -> Result<(), Response> {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    match sandbox.store().check_bearer(Provider::Payroc, auth) {
        TokenCheck::Valid => Ok(()),
        _ => Err(problem(
            StatusCode::UNAUTHORIZED,
            "not-authorized",
            "Not authorized",
            "We can’t verify your identity. This can occur if your Bearer token has expired.",
            vec![],
        )),
    }
}

/// POSTs need an `Idempotency-Key` that is a UUID. NOT CONFIRMED: the exact error for a
/// non-UUID key; we answer 400 bad-request naming the header.
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, Response> {
    let Some(value) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else {
        return Err(problem(
            StatusCode::BAD_REQUEST,
            "idempotency-key-missing",
            "Idempotency key missing",
            "The Idempotency-Key header is required for this request",
            vec![json!({ "parameter": "Idempotency-Key", "message": "Idempotency-Key header is missing" })],
        ));
    };
    if uuid::Uuid::parse_str(value.trim()).is_err() || value.trim().len() != 36 {
        return Err(bad_request("Idempotency-Key", "Idempotency-Key must be a UUID"));
    }
    Ok(value.trim().to_ascii_lowercase())
}

/// Runs `f` once per Idempotency-Key: same key, URI and body → the saved response (same
/// status); same key with another URI or body → 409. Only successful responses are
/// saved (NOT CONFIRMED whether Payroc stores errors), so a rejected request can be fixed
/// and resent with its key.
pub fn idempotent(
    sandbox: &Sandbox,
    key: &str,
    uri: &Uri,
    body: &[u8],
    f: impl FnOnce(&mut Store) -> Result<(StatusCode, Value), Response>,
) -> Response {
    let mut fingerprint = uri.path().as_bytes().to_vec();
    fingerprint.push(b'\n');
    fingerprint.extend_from_slice(body);
    let mut store = sandbox.store();
    if let Some(saved) = store.payroc.idempotency.get(key) {
        if saved.fingerprint == fingerprint {
            return problem_response(saved.status, saved.body.clone());
        }
        return problem(
            StatusCode::CONFLICT,
            "idempotency-key-in-use",
            "Idempotency key in use",
            "The Idempotency-Key was already used with a different request",
            vec![json!({ "parameter": "Idempotency-Key", "message": "Idempotency-Key was used with a different URI or body" })],
        );
    }
    match f(&mut store) {
        Ok((status, body)) => {
            store.payroc.idempotency.insert(
                key.to_string(),
                SavedResponse { fingerprint, status, body: body.clone() },
            );
            problem_response(status, body)
        }
        Err(resp) => resp,
    }
}

pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// What every Payroc POST checks first, in this order: the bearer token, the
/// Idempotency-Key, a JSON object body. Returns the key and the body.
pub fn authorized_post(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Result<(String, Value), Response> {
    authenticate(sandbox, headers)?;
    let key = idempotency_key(headers)?;
    Ok((key, parse_json(body)?))
}

pub fn parse_json(body: &[u8]) -> Result<Value, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(bad_request("body", "The request body must be a JSON object")),
    }
}

pub fn positive_amount(v: &Value, parameter: &str) -> Result<i64, Response> {
    match v.as_i64() {
        Some(a) if a > 0 => Ok(a),
        _ => Err(bad_request(parameter, "amount must be a positive integer in the currency's minor unit")),
    }
}

pub fn string_field<'a>(v: &'a Value, parameter: &str, min: usize, max: usize) -> Result<&'a str, Response> {
    match v.as_str() {
        Some(s) if (min..=max).contains(&s.chars().count()) => Ok(s),
        Some(_) => Err(bad_request(parameter, &format!("{parameter} must be {min}-{max} characters"))),
        None => Err(bad_request(parameter, &format!("{parameter} is required"))),
    }
}

pub fn optional_operator(v: &Value) -> Result<Option<String>, Response> {
    match v.get("operator") {
        None | Some(Value::Null) => Ok(None),
        Some(op) => string_field(op, "operator", 0, 50).map(|s| Some(s.to_string())),
    }
}

// ---------------------------------------------------------------- rendering

fn link(rel: &str, href: String) -> Value {
    json!({ "rel": rel, "method": "GET", "href": href })
}

fn result_json(kind: &str, outcome: Outcome, amount: i64, currency: &str) -> Value {
    let (status, code, message, processor) = outcome.result();
    let mut v = json!({
        "type": kind,
        "status": status,
        "authorizedAmount": amount,
        "currency": currency,
        "responseCode": code,
        "responseMessage": message,
        "processorResponseCode": processor,
    });
    if outcome.moves_money() {
        v["approvalCode"] = json!("000000");
    }
    v
}

pub fn payment_json(state: &PayrocState, payment: &Payment, base: &str) -> Value {
    let s = &payment.seed;
    let remaining = state.remaining(payment);
    let reversed_all = payment
        .refund_ids
        .iter()
        .filter_map(|id| state.refunds.get(id))
        .any(|r| r.outcome == Outcome::Reversal)
        && remaining == 0;
    let refunds: Vec<Value> = payment
        .refund_ids
        .iter()
        .filter_map(|id| state.refunds.get(id))
        .map(|r| {
            let (status, code, message, _) = r.outcome.result();
            // NOT CONFIRMED: the sign of refundSummary.amount (examples show both); positive here.
            json!({
                "refundId": r.id,
                "dateTime": r.date_time,
                "currency": r.currency,
                "amount": r.amount,
                "status": status,
                "responseCode": code,
                "responseMessage": message,
                "link": link("refund", format!("{base}/payroc/v1/refunds/{}", r.id)),
            })
        })
        .collect();
    let open = s.state == "openBatch";
    let supported: Vec<&str> = match (remaining > 0, open) {
        (false, _) => vec![],
        (true, true) => vec!["refund", "fullyReverse", "partiallyReverse"],
        (true, false) => vec!["refund"],
    };
    let status = if reversed_all { "reversal" } else if open { "ready" } else { "complete" };
    let mut result = result_json("sale", Outcome::Approved, s.amount, &s.currency);
    result["status"] = json!(status);
    result["approvalCode"] = json!("OK3");
    json!({
        "paymentId": s.id,
        "processingTerminalId": s.processing_terminal_id,
        "order": {
            "orderId": s.order_id,
            "dateTime": s.date_time,
            "description": s.description,
            "amount": s.amount,
            "currency": s.currency,
        },
        "card": {
            "type": s.card.brand,
            "entryMethod": s.card.entry_method,
            "cardholderName": s.card.cardholder_name,
            "cardNumber": s.card.card_number,
            "expiryDate": s.card.expiry_date,
        },
        "refunds": refunds,
        "supportedOperations": supported,
        "transactionResult": result,
    })
}

pub fn refund_json(state: &PayrocState, refund: &Refund, base: &str) -> Value {
    let mut v = json!({
        "refundId": refund.id,
        "processingTerminalId": refund.processing_terminal_id,
        "order": {
            "orderId": refund.order_id,
            "dateTime": refund.date_time,
            "description": refund.description,
            "amount": refund.amount,
            "currency": refund.currency,
        },
        "card": refund.card,
        "transactionResult": result_json(
            if refund.outcome == Outcome::Reversal { "sale" } else { "refund" },
            refund.outcome,
            -refund.amount,
            &refund.currency,
        ),
    });
    if let Some(op) = &refund.operator {
        v["operator"] = json!(op);
    }
    if let Some(payment) = refund.payment_id.as_deref().and_then(|id| {
        state.payment_index(id).and_then(|i| state.payments.get(i))
    }) {
        v["payment"] = json!({
            "paymentId": payment.seed.id,
            "dateTime": payment.seed.date_time,
            "currency": payment.seed.currency,
            "amount": payment.seed.amount,
            "status": "complete",
            "responseCode": "A",
            "responseMessage": "Transaction approved",
            "link": link("payment", format!("{base}/payroc/v1/payments/{}", payment.seed.id)),
        });
    }
    v
}

// ---------------------------------------------------------------- handlers

async fn authorize(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap) -> Response {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok());
    let mut store = sandbox.store();
    if key != Some(store.payroc.api_key.as_str()) {
        // NOT CONFIRMED: the identity service's error body; RFC 7807 like the API.
        drop(store);
        return problem(
            StatusCode::UNAUTHORIZED,
            "not-authorized",
            "Not authorized",
            "Your identity could not be verified: the x-api-key is missing or wrong",
            vec![],
        );
    }
    let token = store.issue_token(Provider::Payroc, &sandbox.config);
    axum::Json(json!({
        "access_token": token,
        "expires_in": sandbox.config.token_lifetime.as_secs(),
        "scope": "payments refunds devices",
        "token_type": "Bearer",
    }))
    .into_response()
}

async fn get_payment(
    State(sandbox): State<Arc<Sandbox>>,
    Path(payment_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authenticate(&sandbox, &headers) {
        return r;
    }
    if payment_id.chars().count() != 10 {
        return bad_request("paymentId", "paymentId must be exactly 10 characters");
    }
    let store = sandbox.store();
    let state = &store.payroc;
    match state.payment_index(&payment_id).and_then(|i| state.payments.get(i)) {
        Some(p) => axum::Json(payment_json(state, p, &base_url(&headers))).into_response(),
        None => not_found("payment"),
    }
}

async fn get_refund(
    State(sandbox): State<Arc<Sandbox>>,
    Path(refund_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authenticate(&sandbox, &headers) {
        return r;
    }
    if refund_id.chars().count() != 10 {
        return bad_request("refundId", "refundId must be exactly 10 characters");
    }
    let store = sandbox.store();
    match store.payroc.refunds.get(&refund_id) {
        Some(r) => axum::Json(refund_json(&store.payroc, r, &base_url(&headers))).into_response(),
        None => not_found("refund"),
    }
}

async fn list_payments(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(r) = authenticate(&sandbox, &headers) {
        return r;
    }
    let query: Vec<(String, String)> = match Query::try_from_uri(&uri) {
        Ok(Query(q)) => q,
        Err(_) => return bad_request("query", "The query string could not be parsed"),
    };
    let store = sandbox.store();
    let state = &store.payroc;
    match crate::payroc_list::page(state, &query, &base_url(&headers)) {
        Ok(body) => axum::Json(body).into_response(),
        Err(r) => r,
    }
}

async fn refund_payment(
    State(sandbox): State<Arc<Sandbox>>,
    Path(payment_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (key, req) = match authorized_post(&sandbox, &headers, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if payment_id.chars().count() != 10 {
        return bad_request("paymentId", "paymentId must be exactly 10 characters");
    }
    let amount = match req.get("amount").map(|a| positive_amount(a, "amount")) {
        Some(Ok(a)) => a,
        Some(Err(r)) => return r,
        None => return bad_request("amount", "amount is required"),
    };
    let description = match req.get("description").map(|d| string_field(d, "description", 1, 255)) {
        Some(Ok(d)) => d.to_string(),
        Some(Err(r)) => return r,
        None => return bad_request("description", "description is required"),
    };
    let operator = match optional_operator(&req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let base = base_url(&headers);
    idempotent(&sandbox, &key, &uri, &body, |store| {
        let state = &mut store.payroc;
        let index = state.payment_index(&payment_id).ok_or_else(|| not_found("payment"))?;
        let payment = &state.payments[index];
        let remaining = state.remaining(payment);
        if remaining == 0 {
            return Err(problem(
                StatusCode::CONFLICT,
                "cannot-be-modified",
                "Cannot be modified",
                "You cannot modify this resource in its current state: nothing is left to refund",
                vec![],
            ));
        }
        // NOT CONFIRMED: Payroc's status for an over-refund; 400 naming `amount`.
        if amount > remaining {
            return Err(bad_request(
                "amount",
                &format!("amount {amount} is more than the {remaining} left to refund on this payment"),
            ));
        }
        let open_batch = payment.seed.state == "openBatch";
        let outcome = if open_batch { Outcome::Reversal } else { Outcome::for_amount(amount) };
        let refund = Refund {
            id: state.new_refund_id(),
            processing_terminal_id: payment.seed.processing_terminal_id.clone(),
            operator,
            order_id: payment.seed.order_id.clone(),
            description,
            amount,
            currency: payment.seed.currency.clone(),
            date_time: clock::now_rfc3339(),
            card: json!({
                "type": payment.seed.card.brand,
                "entryMethod": payment.seed.card.entry_method,
                "cardholderName": payment.seed.card.cardholder_name,
                "cardNumber": payment.seed.card.card_number,
                "expiryDate": payment.seed.card.expiry_date,
            }),
            payment_id: Some(payment_id.clone()),
            outcome,
        };
        let entry = outcome.moves_money().then(|| LedgerEntry {
            provider: Provider::Payroc,
            reference: Some(payment_id.clone()),
            refund_id: refund.id.clone(),
            amount,
            currency: refund.currency.clone(),
            idempotency_key: key.clone(),
            time: refund.date_time.clone(),
        });
        let refund_id = refund.id.clone();
        state.refunds.insert(refund_id.clone(), refund);
        state.payments[index].refund_ids.push(refund_id);
        let body = payment_json(state, &state.payments[index], &base);
        if let Some(e) = entry {
            store.record(e);
        }
        Ok((StatusCode::OK, body))
    })
}

/// What `refundMethod` says about the card, as a masked `retrievedCard`.
pub fn card_from_refund_method(method: &Value) -> Result<Value, Response> {
    match method.get("type").and_then(Value::as_str) {
        Some("card") => {}
        Some("secureToken") => {
            let token = string_field(method.get("token").unwrap_or(&Value::Null), "refundMethod.token", 1, 64)?;
            return Ok(json!({
                "type": "Visa Credit",
                "entryMethod": "keyed",
                "cardNumber": "453985******7062",
                "expiryDate": "1230",
                "secureToken": { "token": token, "status": "notValidated" },
            }));
        }
        _ => return Err(bad_request("refundMethod.type", "refundMethod.type must be card or secureToken")),
    }
    let details = method
        .get("cardDetails")
        .filter(|d| d.is_object())
        .ok_or_else(|| bad_request("refundMethod.cardDetails", "cardDetails is required"))?;
    match details.get("entryMethod").and_then(Value::as_str) {
        Some("keyed") => {}
        Some(m @ ("raw" | "icc" | "swiped")) => {
            // Device-read data is opaque to the sandbox: a fixed test card stands in.
            return Ok(json!({
                "type": "Visa Credit",
                "entryMethod": if m == "swiped" { "swiped" } else { "icc" },
                "cardNumber": "476173******0119",
                "expiryDate": "1230",
            }));
        }
        _ => return Err(bad_request("refundMethod.cardDetails.entryMethod", "entryMethod must be raw, icc, keyed or swiped")),
    }
    let keyed = details
        .get("keyedData")
        .ok_or_else(|| bad_request("refundMethod.cardDetails.keyedData", "keyedData is required"))?;
    if keyed.get("dataFormat").and_then(Value::as_str) != Some("plainText") {
        return Ok(json!({ "type": "Visa Credit", "entryMethod": "keyed", "cardNumber": "476173******0119", "expiryDate": "1230" }));
    }
    let pan = keyed.get("cardNumber").and_then(Value::as_str).unwrap_or("");
    if !(12..=19).contains(&pan.len()) || !pan.bytes().all(|b| b.is_ascii_digit()) || !luhn_ok(pan) {
        return Err(bad_request("refundMethod.cardDetails.keyedData.cardNumber", "cardNumber must be 12-19 digits and pass the Luhn check"));
    }
    let expiry = keyed.get("expiryDate").and_then(Value::as_str).unwrap_or("");
    if !expiry_ok(expiry) {
        return Err(bad_request("refundMethod.cardDetails.keyedData.expiryDate", "expiryDate must be MMYY and not in the past"));
    }
    let mut card = json!({
        "type": brand(pan),
        "entryMethod": "keyed",
        "cardNumber": mask_pan(pan),
        "expiryDate": expiry,
    });
    if let Some(name) = details.get("cardholderName").and_then(Value::as_str) {
        card["cardholderName"] = json!(name);
    }
    Ok(card)
}

fn expiry_ok(mmyy: &str) -> bool {
    if mmyy.len() != 4 || !mmyy.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let month: u32 = mmyy[..2].parse().unwrap_or(0);
    let year: i64 = 2000 + mmyy[2..].parse::<i64>().unwrap_or(0);
    let (now_year, now_month) = clock::year_month();
    (1..=12).contains(&month) && (year, month) >= (now_year, now_month)
}

/// The `order` of an unreferenced refund or refund instruction.
pub struct RefundOrder {
    pub order_id: String,
    pub description: String,
    pub amount: i64,
    pub currency: String,
}

pub fn parse_order(req: &Value, description_required: bool) -> Result<RefundOrder, Response> {
    let order = req
        .get("order")
        .filter(|o| o.is_object())
        .ok_or_else(|| bad_request("order", "order is required"))?;
    let order_id = string_field(order.get("orderId").unwrap_or(&Value::Null), "order.orderId", 1, 24)?;
    let description = match order.get("description") {
        Some(d) => string_field(d, "order.description", 1, 255)?.to_string(),
        None if description_required => return Err(bad_request("order.description", "order.description is required")),
        None => String::new(),
    };
    let amount = positive_amount(order.get("amount").unwrap_or(&Value::Null), "order.amount")?;
    let currency = order.get("currency").and_then(Value::as_str).unwrap_or("");
    if crate::money::exponent(currency).is_none() {
        return Err(bad_request("order.currency", "currency must be an ISO 4217 alpha-3 code"));
    }
    Ok(RefundOrder { order_id: order_id.to_string(), description, amount, currency: currency.to_string() })
}

pub fn processing_terminal(req: &Value, store: &Store) -> Result<String, Response> {
    let id = string_field(req.get("processingTerminalId").unwrap_or(&Value::Null), "processingTerminalId", 4, 50)?;
    if !store.payroc.terminal_known(id) {
        // NOT CONFIRMED: the error for a terminal not enabled for this; 403 per Payroc's skills.
        return Err(problem(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "You do not have the required permission for this processing terminal",
            vec![],
        ));
    }
    Ok(id.to_string())
}

/// Stores an unreferenced refund (also used by device instructions) and records it.
pub fn create_unreferenced(
    store: &mut Store,
    terminal: String,
    operator: Option<String>,
    order: RefundOrder,
    card: Value,
    idempotency_key: &str,
) -> String {
    let outcome = Outcome::for_amount(order.amount);
    let refund = Refund {
        id: store.payroc.new_refund_id(),
        processing_terminal_id: terminal,
        operator,
        order_id: order.order_id,
        description: order.description,
        amount: order.amount,
        currency: order.currency,
        date_time: clock::now_rfc3339(),
        card,
        payment_id: None,
        outcome,
    };
    let id = refund.id.clone();
    if outcome.moves_money() {
        let entry = LedgerEntry {
            provider: Provider::Payroc,
            reference: None,
            refund_id: id.clone(),
            amount: refund.amount,
            currency: refund.currency.clone(),
            idempotency_key: idempotency_key.to_string(),
            time: refund.date_time.clone(),
        };
        store.record(entry);
    }
    store.payroc.refunds.insert(id.clone(), refund);
    id
}

async fn unreferenced_refund(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (key, req) = match authorized_post(&sandbox, &headers, &body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    // The spec says pos|moto; Payroc's own docs and UAT tests send web.
    match req.get("channel").and_then(Value::as_str) {
        Some("pos" | "moto" | "web") => {}
        _ => return bad_request("channel", "channel must be pos, moto or web"),
    }
    let order = match parse_order(&req, true) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let operator = match optional_operator(&req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let card = match req.get("refundMethod") {
        Some(m) => match card_from_refund_method(m) {
            Ok(c) => c,
            Err(r) => return r,
        },
        None => return bad_request("refundMethod", "refundMethod is required"),
    };
    let base = base_url(&headers);
    idempotent(&sandbox, &key, &uri, &body, |store| {
        let terminal = processing_terminal(&req, store)?;
        let id = create_unreferenced(store, terminal, operator, order, card, &key);
        let refund = store.payroc.refunds.get(&id).ok_or_else(|| not_found("refund"))?;
        Ok((StatusCode::CREATED, refund_json(&store.payroc, refund, &base)))
    })
}
