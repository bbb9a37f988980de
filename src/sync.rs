//! What `syncRefund` and `waitForFinal` are given: a `RefundResult` or a `RefundError` (or
//! either as stored in a journal), read into the facts a provider needs to look the refund
//! up again.

use crate::fields::{Fields, Presence};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{Obj, Value};
use crate::money::{AmountView, Currency};
use crate::result::{Lookup, ProviderName, RefundKind};

/// Every key a result or an error carries (`name` is the error class's own property).
pub const KEYS: &[&str] = &[
    "provider", "kind", "status", "refundId", "amount", "remainingRefundable", "approvalCode", "providerStatus",
    "idempotencyKey", "lookup", "raw", "code", "message", "retryable", "httpStatus", "retryAfterMs", "details",
    "issues", "name",
];

/// The refund or reversal to look up.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncTarget {
    pub kind: RefundKind,
    /// The provider's id of it, when the answer named one.
    pub refund_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub lookup: Option<Lookup>,
    /// The result as given, when it was a result.
    pub result: Option<Value>,
}

/// Reads `resultOrError` for a client of `provider`.
pub fn read(value: &Value, provider: ProviderName) -> Result<SyncTarget, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", KEYS, 0);
    let given = f.req_str("provider", 1, 20);
    if given.as_deref().is_some_and(|p| p != provider.as_str()) {
        f.issue("provider", IssueCode::Conflict, "is another provider's: sync it with a client of that provider");
    }
    let kind = f.opt_enum("kind", &["refund", "reversal"]).and_then(|k| RefundKind::parse(&k));
    let refund_id = f.opt_str("refundId", 1, 128);
    let idempotency_key = f.opt_str("idempotencyKey", 1, 128);
    let lookup = f.nested("lookup", LOOKUP_KEYS, read_lookup);
    // A result says its kind; an error says it in its lookup (what the call was making).
    let kind = kind.or(lookup.as_ref().map(|l| l.kind)).unwrap_or(RefundKind::Refund);
    let is_result = f.has("status");
    if refund_id.is_none() && idempotency_key.is_none() && lookup.is_none() {
        f.issue(
            "refundId",
            IssueCode::Required,
            "or idempotencyKey is required: give syncRefund the result or the error a refund call answered",
        );
    }
    let target = SyncTarget { kind, refund_id, idempotency_key, lookup, result: is_result.then(|| value.clone()) };
    f.finish(Some(target))
}

const LOOKUP_KEYS: &[&str] = &["kind", "reference", "amount", "sentAt", "knownRefundIds", "merchantTransactionId"];

fn read_lookup(f: &mut Fields) -> Option<Lookup> {
    let kind = f.opt_enum("kind", &["refund", "reversal"]).and_then(|k| RefundKind::parse(&k)).unwrap_or(RefundKind::Refund);
    let reference = f.opt_str("reference", 1, 128);
    let amount = f.raw("amount").and_then(amount_view);
    let sent_at = f.opt_uint("sentAt", u64::MAX).unwrap_or(0);
    let known_refund_ids = match f.presence("knownRefundIds") {
        Presence::Given(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Presence::Given(_) => {
            f.issue("knownRefundIds", IssueCode::InvalidType, "must be a list of refund ids");
            vec![]
        }
        _ => vec![],
    };
    let merchant_transaction_id = f.opt_str("merchantTransactionId", 1, 128);
    Some(Lookup { kind, reference, amount, sent_at, known_refund_ids, merchant_transaction_id })
}

fn amount_view(v: &Value) -> Option<AmountView> {
    let o = Obj::of(v);
    let currency = Currency::from_code(o.str("currency")?)?;
    Some(AmountView::new(o.u64("minor")?, currency))
}

/// The issue for a target a provider cannot look up (for example a reversal that named no id).
pub fn cannot_look_up(detail: &str) -> ValidationIssue {
    ValidationIssue::new("refundId", IssueCode::Required, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_results_and_errors() {
        let result = j!({ "provider": "payroc", "kind": "refund", "status": "pending", "refundId": "CD3HN88U9F",
                          "amount": { "minor": 100, "currency": "USD", "formatted": "1.00" }, "providerStatus": "pending",
                          "idempotencyKey": "k", "raw": {} });
        let t = read(&result, ProviderName::Payroc).unwrap();
        assert_eq!((t.refund_id.as_deref(), t.result.is_some()), (Some("CD3HN88U9F"), true));
        let error = j!({ "name": "RefundError", "code": "outcome_unknown", "retryable": true, "provider": "payroc",
                         "idempotencyKey": "k", "lookup": { "kind": "refund", "reference": "M2MJOG6O2Y", "sentAt": 5,
                         "amount": { "minor": 100, "currency": "USD", "formatted": "1.00" }, "knownRefundIds": ["A"] } });
        let t = read(&error, ProviderName::Payroc).unwrap();
        let l = t.lookup.unwrap();
        assert_eq!((l.reference.as_deref(), l.sent_at, l.known_refund_ids, l.amount.map(|a| a.minor)), (Some("M2MJOG6O2Y"), 5, vec!["A".to_string()], Some(100)));
        assert!(t.result.is_none());
        assert_eq!(t.kind, RefundKind::Refund);
        // An error from a reversal says so only in its lookup: it is looked up as a reversal.
        let reversal = j!({ "code": "outcome_unknown", "provider": "payroc", "idempotencyKey": "k",
                            "lookup": { "kind": "reversal", "reference": "M2MJOG6O2Y", "sentAt": 5 } });
        assert_eq!(read(&reversal, ProviderName::Payroc).unwrap().kind, RefundKind::Reversal);
    }

    #[test]
    fn refuses_other_providers_and_empty_targets() {
        let e = read(&j!({ "provider": "jpmorgan", "refundId": "x" }), ProviderName::Payroc).unwrap_err();
        assert_eq!(e[0].code, IssueCode::Conflict);
        let e = read(&j!({ "provider": "payroc" }), ProviderName::Payroc).unwrap_err();
        assert_eq!(e[0].path, "refundId");
        let e = read(&j!({ "provider": "payroc", "refundID": "x" }), ProviderName::Payroc).unwrap_err();
        assert_eq!(e[0].code, IssueCode::UnknownField);
    }
}

/// A fresh id for one look of `waitForFinal` (J.P. Morgan's `request-id`, Commerce Hub's
/// `Client-Request-Id`): both want a new one per request, and the same call's looks must not
/// share one. Derived from the call's key and the time of the look.
pub fn look_id(call_key: &str, now_ms: u64) -> String {
    crate::send::idempotency::key_for_reference(call_key, itoa::Buffer::new().format(now_ms))
}
