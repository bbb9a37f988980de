//! Payroc's own states and what they mean: exhaustive `match`es from Payroc's enums into
//! [`RefundStatus`]. docs/PAYROC.md has the table.

use crate::result::RefundStatus;

/// `transactionResult.status`, and `refundSummary.status` / `paymentSummary.status`
/// (which add `returned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStatus {
    Ready,
    Pending,
    Declined,
    Complete,
    Referral,
    Pickup,
    Reversal,
    Admin,
    Expired,
    Accepted,
    Returned,
}

impl TransactionStatus {
    pub fn parse(word: &str) -> Option<TransactionStatus> {
        use TransactionStatus::*;
        Some(match word {
            "ready" => Ready,
            "pending" => Pending,
            "declined" => Declined,
            "complete" => Complete,
            "referral" => Referral,
            "pickup" => Pickup,
            "reversal" => Reversal,
            "admin" => Admin,
            "expired" => Expired,
            "accepted" => Accepted,
            "returned" => Returned,
            _ => return None,
        })
    }
}

/// What `reversal` means where it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReversalMeans {
    /// A payment, or the part of it this call asked for, was reversed in its open batch: the
    /// cardholder is not charged, so the money is back (a succeeded reversal).
    PaymentReversed,
    /// A refund (`transactionResult.type: "refund"`) that was itself reversed: canceled.
    RefundReversed,
}

/// Payroc's transaction status → [`RefundStatus`]. An unknown word (a status Payroc adds
/// later) is `pending` with the word in `providerStatus`: the refund may have been made,
/// so the caller must look it up rather than retry it as if it had failed.
pub fn refund_status(status: Option<TransactionStatus>, reversal: ReversalMeans) -> RefundStatus {
    use TransactionStatus::*;
    let Some(status) = status else { return RefundStatus::Pending };
    match status {
        // Approved: in the open batch (ready) or settled (complete).
        Ready | Complete => RefundStatus::Succeeded,
        // Held by the merchant (pending), taken for later processing (accepted, response
        // code E), or an administrative entry (admin, NOT CONFIRMED): not final yet.
        Pending | Accepted | Admin => RefundStatus::Pending,
        // The issuer said no: do not honour, refer to issuer, pick up card.
        Declined | Referral | Pickup => RefundStatus::Declined,
        Reversal => match reversal {
            ReversalMeans::PaymentReversed => RefundStatus::Succeeded,
            ReversalMeans::RefundReversed => RefundStatus::Canceled,
        },
        // Never completed (expired) or sent back after settlement (returned).
        Expired | Returned => RefundStatus::Failed,
    }
}

/// Whether a refund summary counts against what is left to refund. Anything that may
/// still move money counts (unknown words too), so "refund the rest" never over-refunds.
pub fn counts_as_refunded(status: Option<TransactionStatus>) -> bool {
    use TransactionStatus::*;
    match status {
        None => true,
        Some(s) => match s {
            Ready | Complete | Pending | Accepted | Admin | Reversal => true,
            Declined | Referral | Pickup | Expired | Returned => false,
        },
    }
}

/// A device instruction's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstructionStatus {
    InProgress,
    Completed,
    Failure,
    Canceled,
}

impl InstructionStatus {
    pub fn parse(word: &str) -> Option<InstructionStatus> {
        Some(match word {
            "inProgress" => InstructionStatus::InProgress,
            "completed" => InstructionStatus::Completed,
            "failure" => InstructionStatus::Failure,
            "canceled" => InstructionStatus::Canceled,
            _ => return None,
        })
    }

    /// The RefundStatus an instruction in this state stands for (a completed one is
    /// resolved by reading its refund; `pending` here only until then).
    pub fn refund_status(self) -> RefundStatus {
        match self {
            InstructionStatus::InProgress | InstructionStatus::Completed => RefundStatus::Pending,
            InstructionStatus::Failure => RefundStatus::Failed,
            InstructionStatus::Canceled => RefundStatus::Canceled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transaction_status_has_a_refund_status() {
        use RefundStatus::*;
        let table = [
            ("ready", Succeeded),
            ("complete", Succeeded),
            ("pending", Pending),
            ("accepted", Pending),
            ("admin", Pending),
            ("declined", Declined),
            ("referral", Declined),
            ("pickup", Declined),
            ("expired", Failed),
            ("returned", Failed),
            ("reversal", Succeeded),
            ("somethingNew", Pending),
        ];
        for (word, want) in table {
            assert_eq!(refund_status(TransactionStatus::parse(word), ReversalMeans::PaymentReversed), want, "{word}");
        }
        assert_eq!(refund_status(Some(TransactionStatus::Reversal), ReversalMeans::RefundReversed), Canceled);
        assert_eq!(InstructionStatus::parse("failure").unwrap().refund_status(), Failed);
        assert_eq!(InstructionStatus::parse("canceled").unwrap().refund_status(), Canceled);
        assert_eq!(InstructionStatus::parse("inProgress").unwrap().refund_status(), Pending);
        assert_eq!(InstructionStatus::parse("done"), None);
    }
}
