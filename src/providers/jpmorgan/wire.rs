//! J.P. Morgan Online Payments v2 JSON, spelled as the API spells it
//! (reference part A3/A4; the spec-generated SDKs' `Refund` and `RefundResponse` models).

use crate::card::CardNumber;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// `POST /refunds` body. Field order follows the docs' partial-refund example.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// Minor units. Omitted for a full refund (of a transaction or of a capture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_on_file: Option<String>,
    pub payment_method_type: PaymentMethodType,
    pub merchant: Merchant,
}

/// Exactly one member is set: a reference to an earlier payment or capture, or a card.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodType {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_reference: Option<TransactionReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<RefundCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionReference {
    /// The original payment's `transactionId`, or a `captureId` for a multi-capture refund.
    pub transaction_reference_id: String,
}

/// A standalone refund's card. `Debug` shows the masked number only (see [`CardNumber`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundCard {
    #[serde(serialize_with = "expose_card_number")]
    pub account_number: CardNumber,
    pub expiry: Expiry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Expiry {
    pub month: u8,
    /// Four digits, as in the docs' example (`2027`).
    pub year: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Merchant {
    pub merchant_software: MerchantSoftware,
}

/// Who built the integration; required on every refund. `version` is a string (two doc
/// examples send a JSON number, the spec types it as a string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantSoftware {
    pub company_name: String,
    pub product_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

fn expose_card_number<S: Serializer>(card: &CardNumber, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(card.expose())
}

/// `responseStatus`: the outcome of the request. `PENDING` is not in the refund model's
/// enum but appears on the error-codes page (3-D Secure); it is read, not assumed away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ResponseStatus {
    Success,
    Pending,
    Denied,
    Error,
    /// A word this SDK does not know yet.
    #[serde(other)]
    Unknown,
}

/// `transactionState`: the union of the 2024 and 2025 spec enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TransactionState {
    Authorized,
    Closed,
    Completed,
    Pending,
    Declined,
    Voided,
    Error,
    #[serde(other)]
    Unknown,
}

/// The fields of a `RefundResponse` the result is built from; the whole body is kept as `raw`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResponse {
    pub response_status: ResponseStatus,
    #[serde(default)]
    pub transaction_state: Option<TransactionState>,
    #[serde(default)]
    pub response_code: Option<String>,
    #[serde(default)]
    pub response_message: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub amount: Option<u64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub remaining_refundable_amount: Option<u64>,
    #[serde(default)]
    pub approval_code: Option<String>,
}

/// The error body (`Messages` in the spec): for HTTP 400, 401, 403, 404, 409, 412, 5xx.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default)]
    pub response_status: Option<String>,
    #[serde(default)]
    pub response_code: Option<String>,
    #[serde(default)]
    pub response_message: Option<String>,
    #[serde(default)]
    pub validation_errors: Vec<ValidationError>,
}

/// One entry of `validationErrors`: `{ code, message, entity }`.
#[derive(Debug, Clone, Deserialize)]
pub struct ValidationError {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub entity: Option<String>,
}

/// The token endpoint's answer: `{ access_token, scope, token_type, expires_in }`.
/// No `Debug`: it holds the token.
#[derive(Clone, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// The OAuth error shape: `{ error, error_description }`.
#[derive(Debug, Clone, Deserialize)]
pub struct OAuthError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

/// Reads JSON of a known shape, or `None` (the caller reports `invalid_response`).
pub fn read<T: for<'de> Deserialize<'de>>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}
