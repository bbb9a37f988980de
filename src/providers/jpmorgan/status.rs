//! J.P. Morgan's own words and what they mean: `responseStatus` × `transactionState` into
//! [`RefundStatus`], by exhaustive `match`es. docs/JPMORGAN.md has the table.

use crate::result::RefundStatus;

/// `responseStatus`: the outcome of the request. `PENDING` is not in the refund model's
/// enum but appears on the error-codes page (3-D Secure); it is read, not assumed away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStatus {
    Success,
    Pending,
    Denied,
    Error,
    /// A word this SDK does not know yet.
    Unknown,
}

impl ResponseStatus {
    pub fn parse(word: Option<&str>) -> ResponseStatus {
        match word {
            Some("SUCCESS") => ResponseStatus::Success,
            Some("PENDING") => ResponseStatus::Pending,
            Some("DENIED") => ResponseStatus::Denied,
            Some("ERROR") => ResponseStatus::Error,
            _ => ResponseStatus::Unknown,
        }
    }
}

/// `transactionState`: the union of the 2024 and 2025 spec enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionState {
    Authorized,
    Closed,
    Completed,
    Pending,
    Declined,
    Voided,
    Error,
    Unknown,
}

impl TransactionState {
    pub fn parse(word: Option<&str>) -> Option<TransactionState> {
        use TransactionState::*;
        Some(match word? {
            "AUTHORIZED" => Authorized,
            "CLOSED" => Closed,
            "COMPLETED" => Completed,
            "PENDING" => Pending,
            "DECLINED" => Declined,
            "VOIDED" => Voided,
            "ERROR" => Error,
            _ => Unknown,
        })
    }
}

/// Where a refund stands; `None` for `ERROR`, which is an error, not a result.
///
/// A word this SDK does not know (a new status or state) maps to `pending`: the request was
/// answered with 2xx, so money may have moved; `pending` tells the caller to look the refund
/// up (`syncRefund`) instead of retrying or treating it as failed.
pub fn refund_status(status: ResponseStatus, state: Option<TransactionState>) -> Option<RefundStatus> {
    use TransactionState as S;
    Some(match status {
        ResponseStatus::Error => return None,
        ResponseStatus::Denied => RefundStatus::Declined,
        ResponseStatus::Pending | ResponseStatus::Unknown => match state {
            Some(S::Declined) => RefundStatus::Declined,
            Some(S::Authorized | S::Closed | S::Completed | S::Pending | S::Voided | S::Error | S::Unknown) | None => RefundStatus::Pending,
        },
        ResponseStatus::Success => match state {
            // Every documented approved refund says AUTHORIZED (its refunds[] entry CLOSED).
            Some(S::Authorized | S::Closed | S::Completed) => RefundStatus::Succeeded,
            Some(S::Pending | S::Unknown) | None => RefundStatus::Pending,
            Some(S::Declined) => RefundStatus::Declined,
            Some(S::Voided) => RefundStatus::Canceled,
            Some(S::Error) => RefundStatus::Failed,
        },
    })
}

/// Where a reversal (`PATCH /payments/{id}`) stands, from the payment it answers with: voided,
/// or still authorized for the lowered amount, is done.
pub fn reversal_status(status: ResponseStatus, state: Option<TransactionState>) -> Option<RefundStatus> {
    use TransactionState as S;
    Some(match (status, state) {
        (ResponseStatus::Error, _) => return None,
        (ResponseStatus::Denied, _) | (_, Some(S::Declined)) => RefundStatus::Declined,
        (_, Some(S::Voided | S::Authorized)) => RefundStatus::Succeeded,
        (_, Some(S::Error)) => RefundStatus::Failed,
        (_, Some(S::Closed | S::Completed | S::Pending | S::Unknown) | None) => RefundStatus::Pending,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        use RefundStatus::*;
        use ResponseStatus as R;
        use TransactionState as S;
        let cases = [
            (R::Success, Some(S::Authorized), Some(Succeeded)),
            (R::Success, Some(S::Closed), Some(Succeeded)),
            (R::Success, Some(S::Completed), Some(Succeeded)),
            (R::Success, Some(S::Pending), Some(Pending)),
            (R::Success, Some(S::Declined), Some(Declined)),
            (R::Success, Some(S::Voided), Some(Canceled)),
            (R::Success, Some(S::Error), Some(Failed)),
            (R::Success, Some(S::Unknown), Some(Pending)),
            (R::Success, None, Some(Pending)),
            (R::Pending, Some(S::Authorized), Some(Pending)),
            (R::Pending, Some(S::Declined), Some(Declined)),
            (R::Denied, Some(S::Declined), Some(Declined)),
            (R::Denied, None, Some(Declined)),
            (R::Error, Some(S::Error), None),
            (R::Unknown, Some(S::Closed), Some(Pending)),
            (R::Unknown, Some(S::Declined), Some(Declined)),
        ];
        for (status, state, want) in cases {
            assert_eq!(refund_status(status, state), want, "{status:?} {state:?}");
        }
        assert_eq!(reversal_status(R::Success, Some(S::Voided)), Some(Succeeded));
        assert_eq!(reversal_status(R::Success, Some(S::Authorized)), Some(Succeeded));
        assert_eq!(reversal_status(R::Success, Some(S::Closed)), Some(Pending));
        assert_eq!(reversal_status(R::Error, Some(S::Voided)), None);
        assert_eq!(TransactionState::parse(Some("NEW_WORD")), Some(S::Unknown));
    }
}
