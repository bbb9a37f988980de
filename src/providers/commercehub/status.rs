//! Commerce Hub's own words and what they mean: `gatewayResponse.transactionState` and the
//! processor's verdict into [`RefundStatus`], by exhaustive `match`es. docs/COMMERCEHUB.md
//! has the table.

use crate::result::RefundStatus;

/// `gatewayResponse.transactionState`. The documented values come first; the others are the
/// internal states listed in a hidden comment of Fiserv's Gateway-Response page and the
/// defensive ones hyperswitch accepts. Anything else is `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl TransactionState {
    pub fn parse(s: &str) -> TransactionState {
        use TransactionState::*;
        match s {
            "AUTHORIZED" => Authorized,
            "CAPTURED" => Captured,
            "CHECKED" => Checked,
            "DECLINED" => Declined,
            "VOIDED" => Voided,
            "COMPLETED_GET" => CompletedGet,
            "INITIALIZED" => Initialized,
            "PENDING" => Pending,
            "READY" => Ready,
            "TEMPLATE" => Template,
            "SETTLED" => Settled,
            "WAITING" => Waiting,
            "APPROVED" => Approved,
            "REJECTED" => Rejected,
            "FAILED" => Failed,
            "CANCELLED" | "CANCELED" => Cancelled,
            _ => Other(s.to_string()),
        }
    }
}

/// `processorResponseDetails.approvalStatus` (Processor-Response-Details.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalStatus {
    Approved,
    Declined,
    ProcessingFailed,
    ValidationFailed,
    /// "Transaction has been placed in queue. Wait 24 hours before retrying."
    Waiting,
    Other(String),
}

impl ApprovalStatus {
    pub fn parse(s: &str) -> ApprovalStatus {
        match s {
            "APPROVED" => ApprovalStatus::Approved,
            "DECLINED" => ApprovalStatus::Declined,
            "PROCESSING_FAILED" => ApprovalStatus::ProcessingFailed,
            "VALIDATION_FAILED" => ApprovalStatus::ValidationFailed,
            "WAITING" => ApprovalStatus::Waiting,
            _ => ApprovalStatus::Other(s.to_string()),
        }
    }
}

/// What the processor said, from `approvalStatus`, or from `responseCode` when there is no
/// `approvalStatus` (Response-Code.md: `000` approved, `002` pending approval, any other
/// code a referral or a decline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approved,
    Declined,
    Failed,
    Waiting,
    /// No processor details, or words we do not know.
    Unknown,
}

pub fn verdict(approval: Option<&ApprovalStatus>, response_code: Option<&str>) -> Verdict {
    match approval {
        Some(ApprovalStatus::Approved) => Verdict::Approved,
        Some(ApprovalStatus::Declined) => Verdict::Declined,
        Some(ApprovalStatus::ProcessingFailed | ApprovalStatus::ValidationFailed) => Verdict::Failed,
        Some(ApprovalStatus::Waiting) => Verdict::Waiting,
        Some(ApprovalStatus::Other(_)) | None => match response_code {
            Some("000") => Verdict::Approved,
            Some("002") => Verdict::Waiting,
            Some(code) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) => Verdict::Declined,
            _ => Verdict::Unknown,
        },
    }
}

/// The refund's (or cancel's) status from its state and the processor's verdict. An answer
/// carries `AUTHORIZED` when approved (refunds default to `captureFlag: true`) and `CAPTURED`
/// for a refund capture; the verdict decides whether that was an approval. An unknown state
/// is `pending` unless the processor said no: money is never reported back on a state we do
/// not know.
pub fn refund_status(state: Option<&TransactionState>, verdict: Verdict) -> Option<RefundStatus> {
    use TransactionState as S;
    let Some(state) = state else {
        // No state at all: the processor's verdict alone.
        return match verdict {
            Verdict::Approved => Some(RefundStatus::Succeeded),
            Verdict::Declined => Some(RefundStatus::Declined),
            Verdict::Failed => Some(RefundStatus::Failed),
            Verdict::Waiting => Some(RefundStatus::Pending),
            Verdict::Unknown => None,
        };
    };
    Some(match state {
        S::Declined | S::Rejected => RefundStatus::Declined,
        S::Failed => RefundStatus::Failed,
        S::Voided | S::Cancelled => RefundStatus::Canceled,
        S::Pending | S::Waiting | S::Initialized | S::Ready | S::Template => match verdict {
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Approved | Verdict::Waiting | Verdict::Unknown => RefundStatus::Pending,
        },
        S::Authorized | S::Captured | S::Settled | S::Approved | S::Checked | S::CompletedGet => match verdict {
            Verdict::Approved => RefundStatus::Succeeded,
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Waiting => RefundStatus::Pending,
            // A final state without processor details: only the states that mean the money
            // moved count as done.
            Verdict::Unknown => match state {
                S::Captured | S::Settled | S::Approved => RefundStatus::Succeeded,
                _ => RefundStatus::Pending,
            },
        },
        S::Other(_) => match verdict {
            Verdict::Declined => RefundStatus::Declined,
            Verdict::Failed => RefundStatus::Failed,
            Verdict::Approved | Verdict::Waiting | Verdict::Unknown => RefundStatus::Pending,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        use RefundStatus as R;
        use TransactionState as S;
        use Verdict as V;
        let cases = [
            (Some(S::Authorized), V::Approved, Some(R::Succeeded)),
            (Some(S::Captured), V::Approved, Some(R::Succeeded)),
            (Some(S::Authorized), V::Declined, Some(R::Declined)),
            (Some(S::Authorized), V::Failed, Some(R::Failed)),
            (Some(S::Authorized), V::Waiting, Some(R::Pending)),
            (Some(S::Authorized), V::Unknown, Some(R::Pending)),
            (Some(S::Captured), V::Unknown, Some(R::Succeeded)),
            (Some(S::Settled), V::Unknown, Some(R::Succeeded)),
            (Some(S::Declined), V::Approved, Some(R::Declined)),
            (Some(S::Rejected), V::Unknown, Some(R::Declined)),
            (Some(S::Failed), V::Unknown, Some(R::Failed)),
            (Some(S::Voided), V::Approved, Some(R::Canceled)),
            (Some(S::Cancelled), V::Unknown, Some(R::Canceled)),
            (Some(S::Pending), V::Approved, Some(R::Pending)),
            (Some(S::Waiting), V::Declined, Some(R::Declined)),
            (Some(S::Other("NEW".into())), V::Approved, Some(R::Pending)),
            (Some(S::Other("NEW".into())), V::Declined, Some(R::Declined)),
            (None, V::Approved, Some(R::Succeeded)),
            (None, V::Unknown, None),
        ];
        for (state, verdict, expected) in cases {
            assert_eq!(refund_status(state.as_ref(), verdict), expected, "{state:?} {verdict:?}");
        }
    }

    #[test]
    fn verdicts_from_approval_status_or_response_code() {
        assert_eq!(verdict(Some(&ApprovalStatus::Approved), Some("006")), Verdict::Approved);
        assert_eq!(verdict(Some(&ApprovalStatus::ValidationFailed), None), Verdict::Failed);
        assert_eq!(verdict(Some(&ApprovalStatus::Waiting), None), Verdict::Waiting);
        assert_eq!(verdict(None, Some("000")), Verdict::Approved);
        assert_eq!(verdict(None, Some("002")), Verdict::Waiting);
        assert_eq!(verdict(Some(&ApprovalStatus::Other("X".into())), Some("008")), Verdict::Declined);
        assert_eq!(verdict(None, Some("abc")), Verdict::Unknown);
        assert_eq!(verdict(None, None), Verdict::Unknown);
    }
}
