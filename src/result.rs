//! The one result shape every refund and reversal returns, whatever the provider.

use crate::json::{ToJson, Value};
use crate::money::{AmountView, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "lowercase"))]
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

    /// The provider's name as people write it, the one spelling every message uses.
    pub fn display(&self) -> &'static str {
        match self {
            ProviderName::Payroc => "Payroc",
            ProviderName::Jpmorgan => "J.P. Morgan",
            ProviderName::Commercehub => "Commerce Hub",
        }
    }

    pub fn parse(name: &str) -> Option<ProviderName> {
        Some(match name {
            "payroc" => ProviderName::Payroc,
            "jpmorgan" => ProviderName::Jpmorgan,
            "commercehub" => ProviderName::Commercehub,
            _ => return None,
        })
    }
}

/// Where a refund stands, normalized across providers. Each provider maps its own states
/// with an exhaustive `match` (each provider's `status.rs`; the tables are in each provider's doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "lowercase"))]
pub enum RefundStatus {
    /// The money is on its way back to the cardholder, or the payment was reversed.
    Succeeded,
    /// Accepted but not final yet: `waitForFinal` follows it.
    Pending,
    /// The issuer or the provider said no; nothing will be paid.
    Declined,
    /// It did not happen for another reason (an error state, an expired instruction).
    Failed,
    /// It was canceled before it completed.
    Canceled,
}

impl RefundStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            RefundStatus::Succeeded => "succeeded",
            RefundStatus::Pending => "pending",
            RefundStatus::Declined => "declined",
            RefundStatus::Failed => "failed",
            RefundStatus::Canceled => "canceled",
        }
    }

    /// Whether the status can still change.
    pub fn is_final(&self) -> bool {
        !matches!(self, RefundStatus::Pending)
    }
}

/// How the money goes back: a refund (a new credit to the card) or a reversal (the unsettled
/// payment is voided or cancelled, in full or in part, so the card is not charged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "lowercase"))]
pub enum RefundKind {
    Refund,
    Reversal,
}

impl RefundKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            RefundKind::Refund => "refund",
            RefundKind::Reversal => "reversal",
        }
    }

    pub fn parse(word: &str) -> Option<RefundKind> {
        match word {
            "refund" => Some(RefundKind::Refund),
            "reversal" => Some(RefundKind::Reversal),
            _ => None,
        }
    }
}

/// What `syncRefund` needs to find a refund or reversal again when the answer to it was
/// lost or did not say which one it was (`refundId: null`). Plain data: it can be stored in
/// a journal and used by another process.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "camelCase"))]
pub struct Lookup {
    pub kind: RefundKind,
    /// The payment it was made against (Payroc paymentId, J.P. Morgan transactionId or
    /// captureId, Commerce Hub transactionId or merchant transaction id).
    #[cfg_attr(test, ts(optional))]
    pub reference: Option<String>,
    /// The amount asked for (`None`: everything that was left).
    #[cfg_attr(test, ts(optional))]
    pub amount: Option<AmountView>,
    /// When the request was first sent (epoch ms).
    #[cfg_attr(test, ts(type = "number"))]
    pub sent_at: u64,
    /// Payroc: the refunds the payment had before, so a new one can be told apart. J.P. Morgan
    /// (a reversal): the payment's last request-id before, so a later change by another
    /// request can be told from none.
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub known_refund_ids: Vec<String>,
    /// Commerce Hub: the merchant transaction id given to the refund, if any.
    #[cfg_attr(test, ts(optional))]
    pub merchant_transaction_id: Option<String>,
}

/// `{ provider, kind, status, refundId, amount, remainingRefundable?, approvalCode?,
/// providerStatus, idempotencyKey, lookup?, raw }`
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "camelCase"))]
pub struct RefundResult {
    pub provider: ProviderName,
    pub kind: RefundKind,
    pub status: RefundStatus,
    /// The provider's id of this refund or reversal; `null` when the answer did not say which
    /// one this call made (then `status` is `pending` and `syncRefund` finds it).
    pub refund_id: Option<String>,
    pub amount: Option<AmountView>,
    #[cfg_attr(test, ts(optional))]
    pub remaining_refundable: Option<AmountView>,
    #[cfg_attr(test, ts(optional))]
    pub approval_code: Option<String>,
    /// The provider's own status words, e.g. `"complete"` or `"SUCCESS/CLOSED"`.
    pub provider_status: String,
    pub idempotency_key: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub lookup: Option<Lookup>,
    /// The provider's answer, redacted.
    #[cfg_attr(test, ts(type = "unknown"))]
    pub raw: Value,
}

impl Default for RefundKind {
    fn default() -> RefundKind {
        RefundKind::Refund
    }
}

impl ToJson for Lookup {
    fn to_value(&self) -> Value {
        crate::obj! {
            "kind" => self.kind.as_str(),
            "reference" => &self.reference,
            "amount" => self.amount.as_ref(),
            "sentAt" => self.sent_at,
            "knownRefundIds" => (!self.known_refund_ids.is_empty())
                .then(|| Value::Array(self.known_refund_ids.iter().map(Value::from).collect())),
            "merchantTransactionId" => &self.merchant_transaction_id,
        }
    }
}

impl ToJson for RefundResult {
    fn to_value(&self) -> Value {
        crate::obj! {
            "provider" => self.provider.as_str(),
            "kind" => self.kind.as_str(),
            "status" => self.status.as_str(),
            "refundId" => Value::from(self.refund_id.clone()).or_null(),
            "amount" => self.amount.as_ref().map(ToJson::to_value).unwrap_or_default().or_null(),
            "remainingRefundable" => self.remaining_refundable.as_ref(),
            "approvalCode" => &self.approval_code,
            "providerStatus" => &self.provider_status,
            "idempotencyKey" => Value::from(self.idempotency_key.clone()).or_null(),
            "lookup" => self.lookup.as_ref(),
            "raw" => self.raw.clone().or_null(),
        }
    }
}

impl RefundResult {
    pub fn new(provider: ProviderName, status: RefundStatus, provider_status: impl Into<String>) -> RefundResult {
        RefundResult {
            provider,
            kind: RefundKind::Refund,
            status,
            refund_id: None,
            amount: None,
            remaining_refundable: None,
            approval_code: None,
            provider_status: provider_status.into(),
            idempotency_key: None,
            lookup: None,
            raw: Value::Null,
        }
    }

    pub fn with_amount(mut self, amount: Option<Money>) -> RefundResult {
        self.amount = amount.map(AmountView::from);
        self
    }
}
