//! The one result shape every refund call returns, whatever the provider.

use crate::money::{AmountView, Money};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderName {
    Payroc,
    Jpmorgan,
    Commercehub,
}

impl ProviderName {
    pub fn as_str(&self) -> &'static str {
        match self {
            ProviderName::Payroc => "payroc",
            ProviderName::Jpmorgan => "jpmorgan",
            ProviderName::Commercehub => "commercehub",
        }
    }
}

/// Where a refund stands, normalized across providers. Each provider maps its own states
/// with an exhaustive `match` (see `providers/*/responses.rs` and docs/STATUS.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RefundStatus {
    /// The money is on its way back to the cardholder (approved, or reversed before settlement).
    Succeeded,
    /// Accepted but not final yet: poll or wait for it.
    Pending,
    /// The issuer or the provider said no; nothing will be paid.
    Declined,
    /// It did not happen for another reason (an error state, an expired instruction).
    Failed,
    /// It was canceled before it completed.
    Canceled,
}

/// `{ provider, status, refundId, amount, remainingRefundable?, approvalCode?, providerStatus,
/// idempotencyKey, raw }`
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResult {
    pub provider: ProviderName,
    pub status: RefundStatus,
    pub refund_id: Option<String>,
    pub amount: Option<AmountView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_refundable: Option<AmountView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_code: Option<String>,
    /// The provider's own status words, e.g. `"complete"` or `"SUCCESS/CLOSED"`.
    pub provider_status: String,
    pub idempotency_key: Option<String>,
    /// The provider's response body as it came.
    pub raw: serde_json::Value,
}

impl RefundResult {
    pub fn new(provider: ProviderName, status: RefundStatus, provider_status: impl Into<String>) -> RefundResult {
        RefundResult {
            provider,
            status,
            refund_id: None,
            amount: None,
            remaining_refundable: None,
            approval_code: None,
            provider_status: provider_status.into(),
            idempotency_key: None,
            raw: serde_json::Value::Null,
        }
    }

    pub fn with_amount(mut self, amount: Option<Money>) -> RefundResult {
        self.amount = amount.map(AmountView::from);
        self
    }
}
