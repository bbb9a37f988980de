//! Readers for the fields of Payroc request bodies; each error names the field.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::errors::{bad_request, problem};
use crate::clock;
use crate::mask::{brand, luhn_ok, mask_pan};
use crate::state::Store;

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

/// Refuses any key outside `known`, naming it (where money moves, a misspelt `amout`
/// must not silently mean "everything").
pub fn only_known_keys(v: &Value, known: &[&str]) -> Result<(), Response> {
    if let Some(unknown) = v.as_object().and_then(|o| o.keys().find(|k| !known.contains(&k.as_str()))) {
        return Err(bad_request(unknown, &format!("{unknown} is not a field of this request")));
    }
    Ok(())
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

/// A path id that must be exactly ten characters (paymentId, refundId).
pub fn ten_chars(id: &str, parameter: &str) -> Result<(), Response> {
    if id.chars().count() != 10 {
        return Err(bad_request(parameter, &format!("{parameter} must be exactly 10 characters")));
    }
    Ok(())
}
