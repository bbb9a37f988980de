//! Reading the body of a refund or cancel: `referenceTransactionDetails`, `amount`
//! (its `total` from the JSON number's own text), `merchantDetails`, `source`,
//! `transactionDetails`.

use axum::response::Response;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::errors::bad;

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

pub enum Reference {
    TransactionId(String),
    MerchantTransactionId(String),
}

/// A refund or cancel request.
pub struct Secondary {
    pub reference: Reference,
    /// (`total` as its JSON text, `currency`)
    pub amount: Option<(String, Option<String>)>,
    pub merchant_transaction_id: Option<String>,
    pub reversal_reason: Option<String>,
}

/// Documented `reversalReasonCode` values (the last five: Canadian debit only).
const REVERSAL_REASONS: &[&str] = &[
    "VOID", "SUSPECTED_FRAUD", "TIMEOUT", "CARD_OVERRIDE", "EDIT_ERROR", "MAC_VERIFICATION_ERROR",
    "MAC_SYNCH_ERROR", "ENCRYPTION_ERROR", "SYSTEM_ERROR",
];

pub fn json_object(body: &[u8], crid: &str) -> Result<Value, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(req @ Value::Object(_)) => Ok(req),
        _ => Err(bad(crid, "100", "", "Invalid or Missing Field Data: the body must be a JSON object")),
    }
}

/// `uri_reference`: the transaction id of the legacy URI form (`/charges/{id}/refund`).
pub fn parse_secondary(body: &[u8], crid: &str, uri_reference: Option<String>) -> Result<Secondary, Response> {
    let req = json_object(body, crid)?;
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
    let reversal_reason = match req.pointer("/transactionDetails/reversalReasonCode") {
        None | Some(Value::Null) => None,
        Some(r) => match r.as_str().filter(|r| REVERSAL_REASONS.contains(r)) {
            Some(r) => Some(r.to_string()),
            None => {
                return Err(bad(crid, "100", "transactionDetails.reversalReasonCode", &format!("reversalReasonCode must be one of {}", REVERSAL_REASONS.join(", "))))
            }
        },
    };
    Ok(Secondary { reference, amount, merchant_transaction_id, reversal_reason })
}
