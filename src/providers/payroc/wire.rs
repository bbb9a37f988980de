//! Payroc's JSON, spelled exactly as Payroc spells it (reference/payroc.md). Request
//! structs serialize in the field order Payroc's SDKs send; response structs read only
//! what the client uses (the whole body stays in `raw`).

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- requests

/// `POST /payments/{paymentId}/refund` body: `{ operator?, amount, description }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferencedRefundRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    pub amount: u64,
    pub description: String,
}

/// `POST /refunds` body (unreferenced refund).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnreferencedRefundRequest {
    pub channel: String,
    pub processing_terminal_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    pub order: RefundOrder,
    pub refund_method: RefundMethod,
}

/// `refundOrder`: every field required on an unreferenced refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundOrder {
    pub order_id: String,
    pub description: String,
    pub amount: u64,
    pub currency: String,
}

/// `refundMethod`, discriminated by `type`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum RefundMethod {
    #[serde(rename = "card")]
    Card {
        #[serde(rename = "cardDetails")]
        card_details: KeyedCardDetails,
    },
    #[serde(rename = "secureToken")]
    SecureToken {
        token: String,
        #[serde(rename = "secCode", skip_serializing_if = "Option::is_none")]
        sec_code: Option<String>,
    },
}

// Debug never prints the card number (KeyedData's Debug masks it).
impl std::fmt::Debug for RefundMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefundMethod::Card { card_details } => f.debug_struct("Card").field("card_details", card_details).finish(),
            RefundMethod::SecureToken { sec_code, .. } => {
                f.debug_struct("SecureToken").field("token", &"[redacted]").field("sec_code", sec_code).finish()
            }
        }
    }
}

/// `cardDetails` with `entryMethod: "keyed"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyedCardDetails {
    /// Always `"keyed"`: the SDK sends keyed plain-text card data only.
    pub entry_method: &'static str,
    pub keyed_data: KeyedData,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardholder_name: Option<String>,
}

/// `keyedData` with `dataFormat: "plainText"`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyedData {
    /// Always `"plainText"`.
    pub data_format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    pub card_number: String,
    /// `MMYY`.
    pub expiry_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvv: Option<String>,
}

impl std::fmt::Debug for KeyedData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyedData")
            .field("device", &self.device)
            .field("card_number", &crate::card::mask_pan(&self.card_number))
            .field("expiry_date", &self.expiry_date)
            .field("cvv", &self.cvv.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// `device`: `{ model, serialNumber }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub model: String,
    pub serial_number: String,
}

/// `POST /devices/{serialNumber}/refund-instructions` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundInstructionRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    pub processing_terminal_id: String,
    pub order: RefundInstructionOrder,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customization_options: Option<CustomizationOptions>,
}

/// `refundInstructionOrder`: `description` is optional here (spec and SDKs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundInstructionOrder {
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub amount: u64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomizationOptions {
    pub entry_method: String,
}

// ---------------------------------------------------------------- responses

/// `payment` / `retrievedPayment`: what the client reads of it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub payment_id: String,
    pub order: PaymentOrder,
    #[serde(default)]
    pub refunds: Vec<RefundSummary>,
    pub transaction_result: TransactionResult,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PaymentOrder {
    pub amount: i64,
    pub currency: String,
}

/// `refundSummary`, one entry of `payment.refunds[]`. The sign of `amount` differs
/// between Payroc's examples (NOT CONFIRMED), so readers use its absolute value.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundSummary {
    pub refund_id: String,
    pub amount: i64,
    #[serde(default)]
    pub currency: Option<String>,
    pub status: String,
}

/// `transactionResult`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionResult {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    pub status: String,
    #[serde(default)]
    pub approval_code: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
}

/// `retrievedRefund`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetrievedRefund {
    pub refund_id: String,
    pub order: RetrievedRefundOrder,
    pub transaction_result: TransactionResult,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RetrievedRefundOrder {
    pub amount: i64,
    pub currency: String,
}

/// `refundInstruction`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundInstruction {
    pub refund_instruction_id: String,
    pub status: String,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub link: Option<Link>,
}

/// A HATEOAS link: `{ rel, method, href }`.
#[derive(Debug, Clone, Deserialize)]
pub struct Link {
    pub rel: String,
    #[serde(default)]
    pub href: Option<String>,
}

/// A page of `GET /payments`: `{ limit, count, hasMore, links[], data[] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPage {
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub links: Vec<Link>,
    pub data: Vec<serde_json::Value>,
}

/// The identity service's answer to `POST /authorize`.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// An RFC 7807 problem with Payroc's `errors[]` extension.
#[derive(Debug, Clone, Deserialize)]
pub struct Problem {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub errors: Vec<ProblemItem>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProblemItem {
    #[serde(default)]
    pub parameter: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}
