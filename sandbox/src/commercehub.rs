//! Fiserv Commerce Hub (`/commercehub/ch`): HMAC-signed requests, tagged refunds
//! (`POST /payments/v1/refunds`) and the legacy URI form
//! (`POST /payments/v1/charges/{transactionId}/refund`), Client-Request-Id replay.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::clock;
use crate::money::{exponent, parse_total, total_json, DecimalError};
use crate::seed::{ChChargeSeed, ChSeed};
use crate::state::{LedgerEntry, Provider, Sandbox};

const TIMESTAMP_WINDOW_MS: i64 = 5 * 60 * 1000;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/commercehub/ch/payments/v1/refunds", post(refund))
        .route("/commercehub/ch/payments/v1/charges/{transactionId}/refund", post(refund_charge))
}

pub struct ChState {
    pub api_key: String,
    pub api_secret: String,
    pub merchant_id: String,
    pub terminal_id: String,
    pub charges: Vec<Charge>,
    /// Client-Request-Id → (body bytes, status, response).
    replay: HashMap<String, (Vec<u8>, StatusCode, Value)>,
    next_id: u64,
}

pub struct Charge {
    pub seed: ChChargeSeed,
    pub refunded: i64,
}

impl ChState {
    pub fn from_seed(seed: &ChSeed) -> ChState {
        ChState {
            api_key: seed.api_key.clone(),
            api_secret: seed.api_secret.clone(),
            merchant_id: seed.merchant_id.clone(),
            terminal_id: seed.terminal_id.clone(),
            charges: seed.charges.iter().map(|c| Charge { seed: c.clone(), refunded: 0 }).collect(),
            replay: HashMap::new(),
            next_id: 0,
        }
    }
}

/// `base64(HMAC-SHA256(secret, message))`, shared with the demo signing route.
pub fn sign(secret: &str, message: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

pub fn error_response(status: StatusCode, client_request_id: Option<&str>, kind: &str, code: &str, field: &str, message: &str) -> Response {
    let mut error = json!({ "type": kind, "code": code, "message": message });
    if !field.is_empty() {
        error["field"] = json!(field);
    }
    let body = json!({
        "gatewayResponse": {
            "transactionProcessingDetails": {
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "clientRequestId": client_request_id.unwrap_or(""),
            }
        },
        "error": [error],
    });
    (status, Json(body)).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// Verifies Api-Key, Timestamp window and the HMAC over the exact body bytes.
/// Returns the Client-Request-Id.
fn verify(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Result<String, Response> {
    let crid = header(headers, "client-request-id");
    let unauthorized = |field: &str, message: &str| {
        error_response(StatusCode::UNAUTHORIZED, crid, "APIM", "401", field, message)
    };
    let Some(crid) = crid else {
        return Err(unauthorized("Client-Request-Id", "Client-Request-Id header is required."));
    };
    if crid.len() > 1024 {
        return Err(unauthorized("Client-Request-Id", "Client-Request-Id is too long."));
    }
    let (api_key, secret) = {
        let store = sandbox.store();
        (store.commercehub.api_key.clone(), store.commercehub.api_secret.clone())
    };
    if header(headers, "api-key") != Some(api_key.as_str()) {
        return Err(unauthorized("Api-Key", "ApiKey and/or Authentication supplied are invalid."));
    }
    if !header(headers, "auth-token-type").is_some_and(|t| t.eq_ignore_ascii_case("HMAC")) {
        return Err(unauthorized("Auth-Token-Type", "Auth-Token-Type must be HMAC."));
    }
    let Some(timestamp) = header(headers, "timestamp") else {
        return Err(unauthorized("Timestamp", "Timestamp header is required."));
    };
    match timestamp.parse::<i64>() {
        Ok(ts) if (clock::now_ms() - ts).abs() <= TIMESTAMP_WINDOW_MS => {}
        _ => return Err(unauthorized("Timestamp", "Timestamp is missing, malformed or outside the 5 minute window.")),
    }
    let mut message = Vec::with_capacity(api_key.len() + crid.len() + timestamp.len() + body.len());
    message.extend_from_slice(api_key.as_bytes());
    message.extend_from_slice(crid.as_bytes());
    message.extend_from_slice(timestamp.as_bytes());
    message.extend_from_slice(body);
    let expected = sign(&secret, &message);
    let given = header(headers, "authorization").unwrap_or("");
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(unauthorized("Authorization", "ApiKey and/or Authentication supplied are invalid."));
    }
    Ok(crid.to_string())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Deserialize)]
struct AmountText<'a> {
    #[serde(borrow, default)]
    amount: Option<AmountRaw<'a>>,
}

#[derive(Deserialize)]
struct AmountRaw<'a> {
    #[serde(borrow, default)]
    total: Option<&'a RawValue>,
}

struct Refund {
    reference: Reference,
    amount: Option<(String, Option<String>)>,
    merchant_transaction_id: Option<String>,
}

enum Reference {
    TransactionId(String),
    MerchantTransactionId(String),
}

fn bad(crid: &str, code: &str, field: &str, message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, Some(crid), "GATEWAY", code, field, message)
}

fn parse(body: &[u8], crid: &str, uri_reference: Option<String>) -> Result<Refund, Response> {
    let Ok(req @ Value::Object(_)) = serde_json::from_slice::<Value>(body) else {
        return Err(bad(crid, "100", "", "Invalid or Missing Field Data: the body must be a JSON object"));
    };
    let reference = match uri_reference {
        Some(id) => Reference::TransactionId(id),
        None => {
            let details = req.get("referenceTransactionDetails");
            let tid = details.and_then(|d| d.get("referenceTransactionId"));
            let mtid = details.and_then(|d| d.get("referenceMerchantTransactionId"));
            if let Some(t) = details.and_then(|d| d.get("referenceTransactionType")) {
                if !matches!(t.as_str(), Some("CHARGES" | "REFUNDS" | "REFUND")) {
                    return Err(bad(crid, "100", "referenceTransactionDetails.referenceTransactionType", "referenceTransactionType must be CHARGES or REFUNDS"));
                }
            }
            match (tid, mtid) {
                (Some(t), None) => match t.as_str() {
                    Some(s) if !s.is_empty() && s.len() <= 40 => Reference::TransactionId(s.to_string()),
                    _ => return Err(bad(crid, "100", "referenceTransactionDetails.referenceTransactionId", "referenceTransactionId must be a string of 1-40 characters")),
                },
                (None, Some(m)) => match m.as_str() {
                    Some(s) if !s.is_empty() && s.len() <= 128 => Reference::MerchantTransactionId(s.to_string()),
                    _ => return Err(bad(crid, "100", "referenceTransactionDetails.referenceMerchantTransactionId", "referenceMerchantTransactionId must be a string of 1-128 characters")),
                },
                (Some(_), Some(_)) => return Err(bad(crid, "100", "referenceTransactionDetails", "Only a single transaction identifier should be passed")),
                (None, None) => return Err(bad(crid, "107", "referenceTransactionDetails", "Missing Required Field: referenceTransactionId or referenceMerchantTransactionId")),
            }
        }
    };
    let amount = match req.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => {
            let raw: AmountText = serde_json::from_slice(body)
                .map_err(|_| bad(crid, "105", "amount.total", "Invalid Amount or Currency"))?;
            let total = raw.amount.and_then(|a| a.total).map(|t| t.get().to_string());
            let Some(total) = total.filter(|t| t.starts_with(|c: char| c.is_ascii_digit() || c == '-')) else {
                return Err(bad(crid, "105", "amount.total", "Invalid Amount or Currency: total must be a JSON number"));
            };
            let currency = a.get("currency").and_then(Value::as_str).map(str::to_string);
            Some((total, currency))
        }
    };
    for (field, max) in [("merchantId", 1024), ("terminalId", 1024)] {
        match req.pointer(&format!("/merchantDetails/{field}")).and_then(Value::as_str) {
            Some(v) if !v.is_empty() && v.len() <= max => {}
            _ => return Err(bad(crid, "107", &format!("merchantDetails.{field}"), &format!("Missing Required Field: merchantDetails.{field}"))),
        }
    }
    if let Some(source) = req.get("source") {
        let kind = source.get("sourceType").and_then(Value::as_str).unwrap_or("");
        if matches!(kind, "PaymentEMV" | "PaymentTrack") && source.get("encryptionData").is_none() {
            return Err(bad(crid, "107", "source.encryptionData", "Missing Required Field: encryptionData"));
        }
    }
    let merchant_transaction_id = req
        .pointer("/transactionDetails/merchantTransactionId")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Refund { reference, amount, merchant_transaction_id })
}

async fn refund(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Bytes) -> Response {
    process(&sandbox, &headers, &body, None)
}

async fn refund_charge(
    State(sandbox): State<Arc<Sandbox>>,
    Path(transaction_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if transaction_id.len() > 40 {
        return bad("", "100", "transactionId", "transactionId must be at most 40 characters");
    }
    process(&sandbox, &headers, &body, Some(transaction_id))
}

fn process(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8], uri_reference: Option<String>) -> Response {
    let crid = match verify(sandbox, headers, body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    {
        let store = sandbox.store();
        if let Some((saved_body, status, saved)) = store.commercehub.replay.get(&crid) {
            if saved_body.as_slice() == body {
                return (*status, Json(saved.clone())).into_response();
            }
            // NOT CONFIRMED: a reused Client-Request-Id with another body.
            return bad(&crid, "816", "Client-Request-Id", "Duplicate Refund: Client-Request-Id was already used for a different request");
        }
    }
    let req = match parse(body, &crid, uri_reference) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut store = sandbox.store();
    let store = &mut *store;
    if let Some((_, status, saved)) = store.commercehub.replay.get(&crid) {
        return (*status, Json(saved.clone())).into_response();
    }
    let result = commit(store, &crid, req);
    let (status, value) = match result {
        Ok(v) => (StatusCode::CREATED, v),
        Err((code, field, message)) => {
            let resp = json!({
                "gatewayResponse": {
                    "transactionType": "REFUND",
                    "transactionState": "DECLINED",
                    "transactionProcessingDetails": {
                        "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                        "clientRequestId": crid,
                    }
                },
                "error": [{ "type": "GATEWAY", "code": code, "field": field, "message": message }],
            });
            (StatusCode::BAD_REQUEST, resp)
        }
    };
    store.commercehub.replay.insert(crid, (body.to_vec(), status, value.clone()));
    (status, Json(value)).into_response()
}

type GatewayError = (&'static str, &'static str, String);

fn commit(store: &mut crate::state::Store, crid: &str, req: Refund) -> Result<Value, GatewayError> {
    let state = &mut store.commercehub;
    let index = state
        .charges
        .iter()
        .position(|c| match &req.reference {
            Reference::TransactionId(id) => &c.seed.id == id,
            Reference::MerchantTransactionId(id) => &c.seed.merchant_transaction_id == id,
        })
        .ok_or(("764", "referenceTransactionDetails", "Referenced transaction not found".to_string()))?;
    let charge = &state.charges[index];
    if charge.seed.state != "CAPTURED" {
        return Err(("837", "referenceTransactionDetails", "Unable to Refund: Transaction Not in a Captured or Authorized Status".into()));
    }
    let exp = exponent(&charge.seed.currency).unwrap_or(2);
    let remaining = charge.seed.amount - charge.refunded;
    let amount = match &req.amount {
        None => remaining,
        Some((total, currency)) => {
            if currency.as_deref() != Some(charge.seed.currency.as_str()) {
                return Err(("105", "amount.currency", format!("Invalid Amount or Currency: currency must be {}", charge.seed.currency)));
            }
            match parse_total(total, exp) {
                Ok(minor) => minor,
                Err(DecimalError::TooManyDecimals) => {
                    return Err(("105", "amount.total", format!("Invalid Amount or Currency: {} allows {exp} decimals", charge.seed.currency)))
                }
                Err(_) => return Err(("105", "amount.total", "Invalid Amount or Currency".into())),
            }
        }
    };
    if remaining == 0 || amount > remaining {
        return Err(("810", "amount.total", "Amount is Greater Than Refund/Void".into()));
    }
    // Commerce Hub's simulator: whole totals 5001-5999 decline with the last 3 digits as code.
    let major = amount / 10i64.pow(exp);
    let declined = amount % 10i64.pow(exp) == 0 && (5001..=5999).contains(&major);
    state.next_id += 1;
    let refund_id = format!("{}", 90_000_000_000u64 + state.next_id * 7919 % 9_999_999 + state.next_id);
    let now = clock::now_rfc3339();
    let charge = &mut state.charges[index];
    if !declined {
        charge.refunded += amount;
    }
    let (state_text, approval, code, message, host_code) = if declined {
        ("DECLINED", "DECLINED", format!("{:03}", major % 1000), "DECLINED", "51")
    } else {
        ("AUTHORIZED", "APPROVED", "000".to_string(), "APPROVAL", "00")
    };
    let mut response = json!({
        "gatewayResponse": {
            "transactionType": "REFUND",
            "transactionState": state_text,
            "transactionOrigin": "ECOM",
            "transactionProcessingDetails": {
                "transactionTimestamp": now,
                "orderId": charge.seed.order_id,
                "apiTraceId": uuid::Uuid::new_v4().simple().to_string(),
                "clientRequestId": crid,
                "transactionId": refund_id,
            }
        },
        "source": {
            "sourceType": "PaymentCard",
            "card": {
                "bin": charge.seed.card.bin,
                "last4": charge.seed.card.last4,
                "scheme": charge.seed.card.scheme,
                "expirationMonth": charge.seed.card.expiration_month,
                "expirationYear": charge.seed.card.expiration_year,
            }
        },
        "paymentReceipt": {
            "approvedAmount": { "total": total_json(if declined { 0 } else { amount }, exp), "currency": charge.seed.currency },
            "processorResponseDetails": {
                "approvalStatus": approval,
                "approvalCode": if declined { String::new() } else { format!("OK{}", &refund_id[refund_id.len() - 4..]) },
                "processor": "FISERV",
                "host": "NASHVILLE",
                "responseCode": code,
                "responseMessage": message,
                "hostResponseCode": host_code,
                "hostResponseMessage": message,
                "localTimestamp": now,
            }
        },
        "referenceTransactionDetails": {
            "referenceTransactionId": charge.seed.id,
            "referenceMerchantTransactionId": charge.seed.merchant_transaction_id,
        },
    });
    if let Some(m) = &req.merchant_transaction_id {
        response["transactionDetails"] = json!({ "merchantTransactionId": m });
    }
    if !declined {
        let entry = LedgerEntry {
            provider: Provider::Commercehub,
            reference: Some(charge.seed.id.clone()),
            refund_id,
            amount,
            currency: charge.seed.currency.clone(),
            idempotency_key: crid.to_string(),
            time: now,
        };
        store.record(entry);
    }
    Ok(response)
}
