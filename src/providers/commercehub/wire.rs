//! Commerce Hub's JSON, spelled as Commerce Hub spells it (spec 1.24.11 and the refund pages).

use crate::money::Money;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Requests

/// The body of `POST /payments/v1/refunds` and of the URI form
/// `POST /payments/v1/charges/{transactionId}/refund` (which has no reference details).
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    pub reference_transaction_details: Option<ReferenceTransactionDetails>,
    /// Omitted for a full refund.
    pub amount: Option<Money>,
    pub source: Option<Source>,
    pub transaction_details: Option<TransactionDetails>,
    pub merchant_details: MerchantDetails,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceTransactionDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_merchant_transaction_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_transaction_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_transaction_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantDetails {
    pub merchant_id: String,
    pub terminal_id: String,
}

/// An in-person PIN-based payment source (`PaymentEMV` or `PaymentTrack`).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub source_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emv_data: Option<String>,
    pub encryption_data: EncryptionData,
    pub pin_block: PinBlock,
}

/// Only the source type: the rest is encrypted card and PIN data.
impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("source_type", &self.source_type).finish_non_exhaustive()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EncryptionData {
    pub encryption_type: String,
    pub encryption_target: String,
    pub encryption_block: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_block_fields: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
}

#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PinBlock {
    pub encrypted_pin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_serial_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_encryption_working_key: Option<String>,
}

impl RefundRequest {
    /// The exact body bytes, in the order of Fiserv's examples. `amount.total` is a JSON
    /// number in major units written digit by digit from the integer (USD 1234 → `12.34`,
    /// JPY 500 → `500`, KWD 1234 → `1.234`): serde_json would need its `raw_value` feature
    /// to emit such a token, and going through `f64` is what we never do with money, so
    /// the object is assembled here from pieces serde_json serializes.
    pub fn to_body(&self) -> Vec<u8> {
        let mut out = JsonObject::default();
        if let Some(r) = &self.reference_transaction_details {
            out.field("referenceTransactionDetails", r);
        }
        if let Some(m) = &self.amount {
            let amount = format!("{{\"total\":{},\"currency\":{}}}", m.to_decimal_string(), json_string(m.currency().code()));
            out.raw("amount", &amount);
        }
        if let Some(s) = &self.source {
            out.field("source", s);
        }
        if let Some(t) = &self.transaction_details {
            out.field("transactionDetails", t);
        }
        out.field("merchantDetails", &self.merchant_details);
        out.finish()
    }
}

/// A JSON object written field by field.
#[derive(Default)]
struct JsonObject {
    text: String,
}

impl JsonObject {
    fn raw(&mut self, key: &str, json: &str) {
        self.text.push(if self.text.is_empty() { '{' } else { ',' });
        self.text.push_str(&json_string(key));
        self.text.push(':');
        self.text.push_str(json);
    }

    fn field<T: Serialize>(&mut self, key: &str, value: &T) {
        // Structs of strings always serialize.
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
        self.raw(key, &json);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.text.is_empty() {
            self.text.push('{');
        }
        self.text.push('}');
        self.text.into_bytes()
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

// ---------------------------------------------------------------------------------------
// Responses

/// A refund's answer (HTTP 201), as far as the SDK reads it; `raw` keeps the rest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResponse {
    pub gateway_response: Option<GatewayResponse>,
    pub payment_receipt: Option<PaymentReceipt>,
    /// Some answers carry the processor details at the top level, as error bodies do.
    pub processor_response_details: Option<ProcessorResponseDetails>,
    #[serde(default)]
    pub error: Vec<ErrorItem>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayResponse {
    pub transaction_type: Option<String>,
    pub transaction_state: Option<TransactionState>,
    pub transaction_processing_details: Option<TransactionProcessingDetails>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionProcessingDetails {
    pub transaction_id: Option<String>,
    pub client_request_id: Option<String>,
    pub api_trace_id: Option<String>,
    pub order_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentReceipt {
    pub approved_amount: Option<ApprovedAmount>,
    pub processor_response_details: Option<ProcessorResponseDetails>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovedAmount {
    /// A JSON number in major units (`12.04`).
    pub total: Option<serde_json::Number>,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessorResponseDetails {
    pub approval_status: Option<ApprovalStatus>,
    pub approval_code: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub response_code: Option<String>,
    pub response_message: Option<String>,
}

/// `gatewayResponse.transactionState`. The documented values come first; the others are
/// the internal states listed in a hidden comment of Fiserv's Gateway-Response page and
/// the defensive ones hyperswitch accepts. Anything else is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum TransactionState {
    Authorized,
    Captured,
    Checked,
    Declined,
    Voided,
    CompletedGet,
    Initialized,
    Pending,
    Ready,
    Template,
    Settled,
    Waiting,
    Approved,
    Rejected,
    Failed,
    Cancelled,
    Other(String),
}

impl From<String> for TransactionState {
    fn from(s: String) -> TransactionState {
        match s.as_str() {
            "AUTHORIZED" => TransactionState::Authorized,
            "CAPTURED" => TransactionState::Captured,
            "CHECKED" => TransactionState::Checked,
            "DECLINED" => TransactionState::Declined,
            "VOIDED" => TransactionState::Voided,
            "COMPLETED_GET" => TransactionState::CompletedGet,
            "INITIALIZED" => TransactionState::Initialized,
            "PENDING" => TransactionState::Pending,
            "READY" => TransactionState::Ready,
            "TEMPLATE" => TransactionState::Template,
            "SETTLED" => TransactionState::Settled,
            "WAITING" => TransactionState::Waiting,
            "APPROVED" => TransactionState::Approved,
            "REJECTED" => TransactionState::Rejected,
            "FAILED" => TransactionState::Failed,
            "CANCELLED" | "CANCELED" => TransactionState::Cancelled,
            _ => TransactionState::Other(s),
        }
    }
}

/// `processorResponseDetails.approvalStatus` (Processor-Response-Details.md).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum ApprovalStatus {
    Approved,
    Declined,
    ProcessingFailed,
    ValidationFailed,
    /// "Transaction has been placed in queue. Wait 24 hours before retrying."
    Waiting,
    Other(String),
}

impl From<String> for ApprovalStatus {
    fn from(s: String) -> ApprovalStatus {
        match s.as_str() {
            "APPROVED" => ApprovalStatus::Approved,
            "DECLINED" => ApprovalStatus::Declined,
            "PROCESSING_FAILED" => ApprovalStatus::ProcessingFailed,
            "VALIDATION_FAILED" => ApprovalStatus::ValidationFailed,
            "WAITING" => ApprovalStatus::Waiting,
            _ => ApprovalStatus::Other(s),
        }
    }
}

/// An error answer (4xx/5xx): `{ gatewayResponse?, error: [{ type, code, field, message }],
/// processorResponseDetails? }` at the top level. Error-Response.md wraps the same in
/// `{ "errorResponse": ... }`; the spec and every connector read the top level, and we
/// accept both.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_response: Option<Value>,
    #[serde(default)]
    pub error: Vec<ErrorItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor_response_details: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorItem {
    /// `HOST`, `GATEWAY`, `NETWORK` or `APIM`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "string_or_number", skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<Value>,
}

/// Codes are strings in the spec (`"810"`); a number is read as its digits.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn merchant() -> MerchantDetails {
        MerchantDetails { merchant_id: "100008000003683".into(), terminal_id: "10000001".into() }
    }

    fn money(minor: u64, code: &str) -> Money {
        Money::from_minor(minor, Currency::from_code(code).unwrap(), "amount").unwrap()
    }

    #[test]
    fn totals_are_json_numbers_written_from_the_integer() {
        for (minor, code, expected) in [(1234, "USD", "12.34"), (500, "JPY", "500"), (1234, "KWD", "1.234"), (5, "USD", "0.05"), (1, "CLF", "0.0001")] {
            let body = RefundRequest {
                reference_transaction_details: None,
                amount: Some(money(minor, code)),
                source: None,
                transaction_details: None,
                merchant_details: merchant(),
            }
            .to_body();
            let text = String::from_utf8(body).unwrap();
            assert!(text.starts_with(&format!("{{\"amount\":{{\"total\":{expected},\"currency\":\"{code}\"}}")), "{text}");
            assert!(serde_json::from_str::<Value>(&text).unwrap()["amount"]["total"].is_number());
        }
    }

    #[test]
    fn the_largest_safe_amount_keeps_every_digit() {
        let body = RefundRequest {
            reference_transaction_details: None,
            amount: Some(money(crate::money::MAX_SAFE_INTEGER, "USD")),
            source: None,
            transaction_details: None,
            merchant_details: merchant(),
        }
        .to_body();
        assert!(String::from_utf8(body).unwrap().contains("\"total\":90071992547409.91,"));
    }

    #[test]
    fn unknown_states_are_kept() {
        let r: RefundResponse = serde_json::from_str(
            r#"{"gatewayResponse":{"transactionState":"SOMETHING_NEW"},"paymentReceipt":{"processorResponseDetails":{"approvalStatus":"APPROVED","responseCode":0}}}"#,
        )
        .unwrap();
        let g = r.gateway_response.unwrap();
        assert_eq!(g.transaction_state, Some(TransactionState::Other("SOMETHING_NEW".into())));
        let p = r.payment_receipt.unwrap().processor_response_details.unwrap();
        assert_eq!(p.approval_status, Some(ApprovalStatus::Approved));
        assert_eq!(p.response_code.as_deref(), Some("0"));
    }

    #[test]
    fn debug_hides_the_encrypted_source() {
        let s = Source {
            source_type: "PaymentTrack".into(),
            emv_data: None,
            encryption_data: EncryptionData {
                encryption_type: "ON_GUARD".into(),
                encryption_target: "TRACK_2".into(),
                encryption_block: "4614507291879694=078443325742854".into(),
                encryption_block_fields: None,
                key_id: None,
                device_type: None,
            },
            pin_block: PinBlock { encrypted_pin: "F5f36kA".into(), key_serial_number: None, pin_encryption_working_key: None },
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("4614507291879694") && !shown.contains("F5f36kA"), "{shown}");
    }
}
