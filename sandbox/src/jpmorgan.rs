//! J.P. Morgan Online Payments v2: the OAuth client-credentials token endpoint
//! (`/jpmorgan/oauth2/token`) and refunds (`/jpmorgan/api/v2/refunds`): full, partial,
//! multi-capture (captureId as the reference) and standalone, with
//! `remainingRefundableAmount` kept per transaction and per capture.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};

use crate::clock;
use crate::mask::luhn_ok;
use crate::seed::{JpmPaymentSeed, JpmSeed};
use crate::state::{LedgerEntry, Provider, Sandbox, TokenCheck};

/// NOT CONFIRMED: J.P. Morgan publishes no refund decline trigger; this amount is DENIED.
pub const DENIED_AMOUNT: i64 = 4901;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/jpmorgan/oauth2/token", post(token))
        .route("/jpmorgan/api/v2/refunds", post(create_refund).get(refund_by_request_id))
        .route("/jpmorgan/api/v2/refunds/{transactionId}", get(refund_by_id))
}

// ---------------------------------------------------------------- state

pub struct JpmState {
    pub client_id: String,
    pub client_secret: String,
    pub merchant_id: String,
    pub payments: Vec<JpmPayment>,
    /// Refund responses by their transactionId.
    refunds: HashMap<String, Value>,
    /// Saved responses by request-id, for replay and `?requestIdentifier=`.
    by_request_id: HashMap<String, (Vec<u8>, Value)>,
}

pub struct JpmPayment {
    pub seed: JpmPaymentSeed,
    pub captures: Vec<Capture>,
    pub refunds: Vec<(String, i64)>,
}

pub struct Capture {
    pub id: String,
    pub amount: i64,
    pub refunded: i64,
}

impl JpmPayment {
    fn remaining(&self) -> i64 {
        self.seed.amount - self.refunds.iter().map(|(_, a)| a).sum::<i64>()
    }
}

impl JpmState {
    pub fn from_seed(seed: &JpmSeed) -> JpmState {
        let payments = seed
            .payments
            .iter()
            .map(|p| {
                let captures = if p.captures.is_empty() {
                    vec![Capture { id: p.id.clone(), amount: p.amount, refunded: 0 }]
                } else {
                    p.captures
                        .iter()
                        .map(|c| Capture { id: c.id.clone(), amount: c.amount, refunded: 0 })
                        .collect()
                };
                JpmPayment { seed: p.clone(), captures, refunds: Vec::new() }
            })
            .collect();
        JpmState {
            client_id: seed.client_id.clone(),
            client_secret: seed.client_secret.clone(),
            merchant_id: seed.merchant_id.clone(),
            payments,
            refunds: HashMap::new(),
            by_request_id: HashMap::new(),
        }
    }

    /// (payment index, capture index if the reference is a captureId of a multi-capture order)
    fn resolve(&self, reference: &str) -> Option<(usize, Option<usize>)> {
        if let Some(i) = self.payments.iter().position(|p| p.seed.id == reference) {
            return Some((i, None));
        }
        self.payments.iter().enumerate().find_map(|(i, p)| {
            p.captures.iter().position(|c| c.id == reference).map(|c| (i, Some(c)))
        })
    }
}

// ---------------------------------------------------------------- errors

pub fn error_response(status: StatusCode, code: &str, message: &str, validation: Vec<Value>) -> Response {
    let mut body = json!({ "responseStatus": "ERROR", "responseCode": code, "responseMessage": message });
    if !validation.is_empty() {
        body["validationErrors"] = Value::Array(validation);
    }
    (status, Json(body)).into_response()
}

fn validation_error(entity: &str, code: &str, message: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        "Request failed validation",
        vec![json!({ "code": code, "message": message, "entity": entity })],
    )
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// Bearer token, then `merchant-id` (and `request-id` when `need_request_id`).
fn check_headers(sandbox: &Sandbox, headers: &HeaderMap, need_request_id: bool) -> Result<Option<String>, Response> {
    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let store = sandbox.store();
    match store.check_bearer(Provider::Jpmorgan, auth) {
        TokenCheck::Valid => {}
        TokenCheck::Expired => {
            return Err(error_response(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Access token expired", vec![]))
        }
        _ => {
            return Err(error_response(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Missing or invalid access token", vec![]))
        }
    }
    let Some(merchant) = header(headers, "merchant-id") else {
        return Err(validation_error("merchant-id", "MISSING_HEADER", "merchant-id header is required"));
    };
    if merchant != store.jpmorgan.merchant_id {
        // NOT CONFIRMED: the answer for a merchant the token may not use.
        return Err(error_response(StatusCode::FORBIDDEN, "UNAUTHORIZED", "Merchant not authorized for this client", vec![]));
    }
    if !need_request_id {
        return Ok(None);
    }
    match header(headers, "request-id") {
        Some(id) if id.len() <= 100 => Ok(Some(id.to_string())),
        Some(_) => Err(validation_error("request-id", "INVALID_LENGTH", "request-id must be at most 100 characters")),
        None => Err(validation_error("request-id", "MISSING_HEADER", "request-id header is required")),
    }
}

// ---------------------------------------------------------------- token

fn form_decode(body: &[u8]) -> HashMap<String, String> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                        Ok(b) => {
                            out.push(b);
                            i += 2;
                        }
                        Err(_) => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description }))).into_response()
}

/// Client credentials via HTTP Basic or `client_id`/`client_secret` form fields.
async fn token(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = form_decode(&body);
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant_type must be client_credentials");
    }
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(a, b)| (a.to_string(), b.to_string())));
    let (id, secret) = match basic {
        Some(pair) => pair,
        None => (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        ),
    };
    let mut store = sandbox.store();
    if id != store.jpmorgan.client_id || secret != store.jpmorgan.client_secret {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed");
    }
    let token = store.issue_token(Provider::Jpmorgan, &sandbox.config);
    Json(json!({
        "access_token": token,
        "scope": form.get("scope").cloned().unwrap_or_else(|| "jpm:payments:sandbox".into()),
        "token_type": "Bearer",
        "expires_in": sandbox.config.token_lifetime.as_secs(),
    }))
    .into_response()
}

// ---------------------------------------------------------------- refunds

enum Target {
    Reference(String),
    Standalone { masked: String, card_type: &'static str, card_type_name: &'static str },
}

struct RefundRequest {
    amount: Option<i64>,
    currency: Option<String>,
    target: Target,
    merchant_software: Value,
}

fn parse_refund(body: &[u8]) -> Result<RefundRequest, Response> {
    let Ok(req @ Value::Object(_)) = serde_json::from_slice::<Value>(body) else {
        return Err(validation_error("body", "INVALID_JSON", "The request body must be a JSON object"));
    };
    let software = req.pointer("/merchant/merchantSoftware").cloned().unwrap_or(Value::Null);
    for field in ["companyName", "productName"] {
        if software.get(field).and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(validation_error(
                &format!("merchant.merchantSoftware.{field}"),
                "MISSING_FIELD",
                &format!("merchant.merchantSoftware.{field} is required"),
            ));
        }
    }
    let amount = match req.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match a.as_i64() {
            Some(n) if n > 0 => Some(n),
            _ => return Err(validation_error("amount", "INVALID_AMOUNT", "amount must be a positive integer in minor units")),
        },
    };
    let currency = match req.get("currency") {
        None | Some(Value::Null) => None,
        Some(c) => match c.as_str().filter(|c| crate::money::exponent(c).is_some()) {
            Some(c) => Some(c.to_string()),
            None => return Err(validation_error("currency", "INVALID_CURRENCY", "currency must be an ISO 4217 alpha-3 code")),
        },
    };
    let method = req.get("paymentMethodType");
    let reference = method
        .and_then(|m| m.pointer("/transactionReference/transactionReferenceId"))
        .and_then(Value::as_str);
    let card = method.and_then(|m| m.get("card"));
    let target = match (reference, card) {
        (Some(r), None) if !r.is_empty() => Target::Reference(r.to_string()),
        (None, Some(card)) => {
            let pan = card.get("accountNumber").and_then(Value::as_str).unwrap_or("");
            if !(12..=19).contains(&pan.len()) || !pan.bytes().all(|b| b.is_ascii_digit()) || !luhn_ok(pan) {
                return Err(validation_error("paymentMethodType.card.accountNumber", "INVALID_ACCOUNT_NUMBER", "accountNumber must be 12-19 digits and pass the Luhn check"));
            }
            let month = card.pointer("/expiry/month").and_then(Value::as_i64).unwrap_or(0);
            let year = card.pointer("/expiry/year").and_then(Value::as_i64).unwrap_or(0);
            let (now_y, now_m) = clock::year_month();
            if !(1..=12).contains(&month) || (year, month) < (now_y, now_m as i64) {
                return Err(validation_error("paymentMethodType.card.expiry", "INVALID_EXPIRY", "expiry must be a month 1-12 and a 4-digit year, not in the past"));
            }
            if amount.is_none() || currency.is_none() {
                return Err(validation_error("amount", "MISSING_FIELD", "a standalone refund needs amount and currency"));
            }
            let (card_type, card_type_name) = match pan.as_bytes().first() {
                Some(b'4') => ("VI", "VISA"),
                Some(b'5') | Some(b'2') => ("MC", "MASTERCARD"),
                Some(b'3') => ("AX", "AMERICAN_EXPRESS"),
                Some(b'6') => ("DI", "DISCOVER"),
                _ => ("CC", "UNKNOWN"),
            };
            let masked = format!("{}{}{}", &pan[..6], "X".repeat(pan.len() - 10), &pan[pan.len() - 4..]);
            Target::Standalone { masked, card_type, card_type_name }
        }
        _ => {
            return Err(validation_error(
                "paymentMethodType",
                "MISSING_FIELD",
                "send exactly one of paymentMethodType.transactionReference.transactionReferenceId or paymentMethodType.card",
            ))
        }
    };
    Ok(RefundRequest { amount, currency, target, merchant_software: software })
}

async fn create_refund(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Bytes) -> Response {
    let request_id = match check_headers(&sandbox, &headers, true) {
        Ok(Some(id)) => id,
        Ok(None) => return validation_error("request-id", "MISSING_HEADER", "request-id header is required"),
        Err(r) => return r,
    };
    {
        let store = sandbox.store();
        if let Some((saved_body, saved)) = store.jpmorgan.by_request_id.get(&request_id) {
            if saved_body.as_slice() == body.as_ref() {
                return Json(saved.clone()).into_response();
            }
            // NOT CONFIRMED: a reused request-id with another body; 409 DUPLICATE as on JPM's sibling APIs.
            return error_response(StatusCode::CONFLICT, "DUPLICATE", "request-id was already used for a different request", vec![]);
        }
    }
    let req = match parse_refund(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut store = sandbox.store();
    let store = &mut *store;
    if let Some((_, saved)) = store.jpmorgan.by_request_id.get(&request_id) {
        return Json(saved.clone()).into_response();
    }
    let merchant_id = store.jpmorgan.merchant_id.clone();
    let refund_id = uuid::Uuid::new_v4().to_string();
    let now = clock::now_rfc3339_ms();
    let denied = req.amount == Some(DENIED_AMOUNT);
    let mut response = json!({
        "transactionId": refund_id,
        "requestId": request_id,
        "transactionDate": now,
        "initiatorType": "CARDHOLDER",
        "accountOnFile": "NOT_STORED",
        "merchant": { "merchantId": merchant_id, "merchantSoftware": req.merchant_software, "merchantCategoryCode": "4899" },
        "hostReferenceId": uuid::Uuid::new_v4().simple().to_string()[..22].to_string(),
    });
    let ledger_reference;
    let (amount, currency) = match &req.target {
        Target::Standalone { masked, card_type, card_type_name } => {
            let amount = req.amount.unwrap_or(0);
            response["paymentMethodType"] = json!({ "card": { "cardType": card_type, "cardTypeName": card_type_name, "maskedAccountNumber": masked } });
            response["paymentRequest"] = json!({
                "paymentRequestId": refund_id,
                "paymentRequestStatus": "CLOSED",
                "refunds": [{ "refundId": refund_id, "amount": amount, "transactionStatusCode": if denied { "DECLINED" } else { "CLOSED" } }],
            });
            ledger_reference = None;
            (amount, req.currency.clone().unwrap_or_default())
        }
        Target::Reference(reference) => {
            let state = &mut store.jpmorgan;
            let Some((pi, ci)) = state.resolve(reference) else {
                // NOT CONFIRMED: status and code for an unknown reference.
                return error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "Transaction reference not found", vec![]);
            };
            let payment = &mut state.payments[pi];
            if req.currency.as_deref().is_some_and(|c| c != payment.seed.currency) {
                return validation_error("currency", "CURRENCY_MISMATCH", &format!("currency must be {} like the original transaction", payment.seed.currency));
            }
            let available = match ci {
                Some(c) => payment.captures[c].amount - payment.captures[c].refunded,
                None => payment.remaining(),
            };
            let amount = req.amount.unwrap_or(available);
            if available == 0 || amount > available {
                // NOT CONFIRMED: JPM's code for "more than is left"; a validation error naming amount.
                return validation_error(
                    "amount",
                    "AMOUNT_EXCEEDS_REFUNDABLE",
                    &format!("refund amount {amount} exceeds the remaining refundable amount {available}"),
                );
            }
            if !denied {
                payment.refunds.push((refund_id.clone(), amount));
                let mut left = amount;
                let order: Vec<usize> = match ci {
                    Some(c) => vec![c],
                    None => (0..payment.captures.len()).collect(),
                };
                for c in order {
                    let cap = &mut payment.captures[c];
                    let take = left.min(cap.amount - cap.refunded);
                    cap.refunded += take;
                    left -= take;
                }
            }
            let remaining = match ci {
                Some(c) => payment.captures[c].amount - payment.captures[c].refunded,
                None => payment.remaining(),
            };
            response["transactionReferenceId"] = json!(reference);
            response["remainingRefundableAmount"] = json!(remaining);
            response["paymentMethodType"] = json!({ "card": {
                "cardType": payment.seed.card.card_type,
                "cardTypeName": payment.seed.card.card_type_name,
                "maskedAccountNumber": payment.seed.card.masked_account_number,
            }});
            response["paymentRequest"] = json!({
                "paymentRequestId": payment.seed.id,
                "paymentRequestStatus": "CLOSED",
                "authorizations": [{ "authorizationId": payment.seed.id, "amount": payment.seed.amount, "transactionStatusCode": "CAPTURED", "authorizationType": "INITIAL" }],
                "captures": payment.captures.iter().map(|c| json!({
                    "captureId": c.id, "amount": c.amount, "transactionStatusCode": "CLOSED",
                    "captureRemainingRefundableAmount": c.amount - c.refunded,
                })).collect::<Vec<_>>(),
                "refunds": payment.refunds.iter().map(|(id, a)| json!({ "refundId": id, "amount": a, "transactionStatusCode": "CLOSED" })).collect::<Vec<_>>(),
            });
            ledger_reference = Some(reference.clone());
            (amount, payment.seed.currency.clone())
        }
    };
    response["amount"] = json!(amount);
    response["currency"] = json!(currency);
    if denied {
        response["transactionState"] = json!("DECLINED");
        response["responseStatus"] = json!("DENIED");
        response["responseCode"] = json!("DECLINED");
        response["responseMessage"] = json!("Transaction declined by issuer");
        response["hostMessage"] = json!("Do not honor");
    } else {
        // The documented approved refunds all show transactionState AUTHORIZED.
        response["transactionState"] = json!("AUTHORIZED");
        response["responseStatus"] = json!("SUCCESS");
        response["responseCode"] = json!("APPROVED");
        response["responseMessage"] = json!("Transaction approved by Issuer");
        response["approvalCode"] = json!(format!("tst{}", &refund_id[..3]));
        response["hostMessage"] = json!("Approved");
        store.record(LedgerEntry {
            provider: Provider::Jpmorgan,
            reference: ledger_reference,
            refund_id: refund_id.clone(),
            amount,
            currency,
            idempotency_key: request_id.clone(),
            time: clock::now_rfc3339(),
        });
    }
    store.jpmorgan.refunds.insert(refund_id, response.clone());
    store.jpmorgan.by_request_id.insert(request_id, (body.to_vec(), response.clone()));
    Json(response).into_response()
}

async fn refund_by_id(
    State(sandbox): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = check_headers(&sandbox, &headers, false) {
        return r;
    }
    match sandbox.store().jpmorgan.refunds.get(&id) {
        Some(v) => Json(v.clone()).into_response(),
        None => error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "Refund not found", vec![]),
    }
}

async fn refund_by_request_id(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(r) = check_headers(&sandbox, &headers, true) {
        return r;
    }
    let query: HashMap<String, String> = match Query::try_from_uri(&uri) {
        Ok(Query(q)) => q,
        Err(_) => return validation_error("query", "INVALID_QUERY", "The query string could not be parsed"),
    };
    let Some(wanted) = query.get("requestIdentifier") else {
        return validation_error("requestIdentifier", "MISSING_FIELD", "requestIdentifier query parameter is required");
    };
    match sandbox.store().jpmorgan.by_request_id.get(wanted) {
        Some((_, v)) => Json(v.clone()).into_response(),
        None => error_response(StatusCode::NOT_FOUND, "NOT_FOUND", "No refund was made with that request-id", vec![]),
    }
}
