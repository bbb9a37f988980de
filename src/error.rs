//! The typed errors every call can end with. They cross into JS as `RefundError` and
//! `ValidationError` instances (the package's own classes).

use crate::issue::ValidationIssue;
use crate::json::{ToJson, Value};
use crate::result::{Lookup, ProviderName};

/// What went wrong, as JS code branches on it (`err.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename_all = "snake_case"))]
pub enum ErrorCode {
    /// The input was refused before anything was sent; see `issues`.
    Validation,
    /// Credentials were refused, or a token could not be had.
    Authentication,
    /// The same idempotency key was used earlier with a different request.
    IdempotencyConflict,
    NotFound,
    RateLimited,
    /// The provider answered with an error of its own (declines are results, not errors).
    ProviderError,
    /// The request did not reach the provider, or the connection broke before it was sent
    /// in full (for reads; a refund whose request may have arrived is `outcome_unknown`).
    Network,
    Timeout,
    Aborted,
    /// The provider's answer to a read could not be understood (HTML, cut off, wrong shape).
    InvalidResponse,
    /// A request that may have moved money got no answer that can be read (a lost or
    /// unreadable response, a timeout after it was sent). Retryable with the same key;
    /// `syncRefund(err)` says what happened.
    OutcomeUnknown,
    /// A secret was given to a client running in a browser.
    BrowserSecret,
    /// The client was given options it cannot work with.
    Configuration,
}

impl ErrorCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::Authentication => "authentication",
            ErrorCode::IdempotencyConflict => "idempotency_conflict",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ProviderError => "provider_error",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::OutcomeUnknown => "outcome_unknown",
            ErrorCode::BrowserSecret => "browser_secret",
            ErrorCode::Configuration => "configuration",
        }
    }
}

/// An error with everything a caller needs to decide what to do next.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, export_to = "../pkg-template/types/generated/", rename = "RefundErrorFields", rename_all = "camelCase"))]
pub struct RefundError {
    pub code: ErrorCode,
    pub message: String,
    /// Whether sending the same request again (same idempotency key) may succeed.
    pub retryable: bool,
    #[cfg_attr(test, ts(optional))]
    pub http_status: Option<u16>,
    #[cfg_attr(test, ts(optional))]
    pub provider: Option<ProviderName>,
    #[cfg_attr(test, ts(optional))]
    pub idempotency_key: Option<String>,
    /// How long the provider asked us to wait, when that was longer than the client allows
    /// (`Retry-After` over the cap): the call gave up instead of waiting.
    #[cfg_attr(test, ts(optional, type = "number"))]
    pub retry_after_ms: Option<u64>,
    /// The provider's own error, parsed from its format (RFC 7807, `validationErrors`,
    /// `error[]`), redacted.
    #[cfg_attr(test, ts(optional, type = "unknown"))]
    pub details: Option<Value>,
    /// What `syncRefund(err)` needs to find out what happened to a refund or reversal whose
    /// outcome is unknown.
    #[cfg_attr(test, ts(optional))]
    pub lookup: Option<Lookup>,
    #[cfg_attr(test, ts(as = "Option<Vec<ValidationIssue>>", optional))]
    pub issues: Vec<ValidationIssue>,
}

impl RefundError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> RefundError {
        RefundError {
            code,
            message: message.into(),
            retryable: matches!(code, ErrorCode::Network | ErrorCode::Timeout | ErrorCode::RateLimited | ErrorCode::OutcomeUnknown),
            http_status: None,
            provider: None,
            idempotency_key: None,
            retry_after_ms: None,
            details: None,
            lookup: None,
            issues: vec![],
        }
    }

    /// A validation error listing every issue; nothing was sent.
    pub fn validation(issues: Vec<ValidationIssue>) -> RefundError {
        let mut message = String::from("Invalid request: ");
        for (i, issue) in issues.iter().enumerate() {
            if i > 0 {
                message.push_str("; ");
            }
            message.push_str(&issue.path);
            message.push_str(": ");
            message.push_str(&issue.message);
        }
        RefundError { issues, ..RefundError::new(ErrorCode::Validation, message) }
    }

    pub fn with_provider(mut self, provider: ProviderName) -> RefundError {
        self.provider = Some(provider);
        self
    }

    pub fn with_status(mut self, status: u16) -> RefundError {
        self.http_status = Some(status);
        self
    }

    pub fn with_details(mut self, details: Value) -> RefundError {
        self.details = Some(details);
        self
    }

    pub fn with_retryable(mut self, retryable: bool) -> RefundError {
        self.retryable = retryable;
        self
    }

    /// Attaches the idempotency key unless one is already there.
    pub fn with_idempotency_key(mut self, key: Option<&str>) -> RefundError {
        if self.idempotency_key.is_none() {
            self.idempotency_key = key.map(str::to_string);
        }
        self
    }
}

impl ToJson for RefundError {
    fn to_value(&self) -> Value {
        let issues: Vec<Value> = self.issues.iter().map(ToJson::to_value).collect();
        crate::obj! {
            "code" => self.code.as_str(),
            "message" => &self.message,
            "retryable" => self.retryable,
            "httpStatus" => self.http_status,
            "provider" => self.provider.map(|p| p.as_str()),
            "idempotencyKey" => &self.idempotency_key,
            "retryAfterMs" => self.retry_after_ms,
            "details" => self.details.clone(),
            "lookup" => self.lookup.as_ref(),
            "issues" => (!issues.is_empty()).then_some(issues),
        }
    }
}

impl From<Vec<ValidationIssue>> for RefundError {
    fn from(issues: Vec<ValidationIssue>) -> RefundError {
        RefundError::validation(issues)
    }
}

/// The error code an HTTP error status means when the provider's body says nothing more
/// specific. Providers refine it (a 409 about an idempotency key is `idempotency_conflict`).
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 | 403 => ErrorCode::Authentication,
        404 => ErrorCode::NotFound,
        408 => ErrorCode::Timeout,
        425 | 429 => ErrorCode::RateLimited,
        _ => ErrorCode::ProviderError,
    }
}

/// Whether resending the same request (same key) after this status may succeed.
pub fn status_is_retryable(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500..=599)
}

/// "Payroc answered HTTP 404" and the like: the start of every provider error message.
pub fn answered(provider: ProviderName, status: u16) -> String {
    let mut s = String::from(provider.display());
    s.push_str(" answered HTTP ");
    s.push_str(itoa::Buffer::new().format(status));
    s
}

/// The error for a body that is not what the provider sends (HTML from a proxy, a cut-off
/// body, JSON of the wrong shape). The body is not echoed: it may hold card data. A 2xx of
/// a request that changes state cannot be read as "failed" (it may have been done): the
/// sending layer turns that into `outcome_unknown`.
pub fn invalid_response(provider: ProviderName, status: u16, what: &str) -> RefundError {
    let mut message = answered(provider, status);
    message.push_str(" with ");
    message.push_str(what);
    RefundError::new(ErrorCode::InvalidResponse, message)
        .with_provider(provider)
        .with_status(status)
        .with_retryable(status_is_retryable(status))
}

/// An error answer that is not in the provider's own error format (an empty 401, a proxy's
/// HTML 502): the status still says what happened when it has a meaning of its own (401,
/// 403, 404, 408, 425, 429), so the same answer is the same error for every provider; a
/// server error stays `invalid_response`, retryable.
pub fn foreign_error_body(provider: ProviderName, status: u16, what: &str) -> RefundError {
    let mut e = invalid_response(provider, status, what);
    if !(200..300).contains(&status) && code_for_status(status) != ErrorCode::ProviderError {
        e.code = code_for_status(status);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::IssueCode;

    #[test]
    fn error_answers_in_no_provider_format_are_read_by_status() {
        let code = |status| foreign_error_body(ProviderName::Jpmorgan, status, "an empty body").code;
        assert_eq!([code(401), code(403), code(404), code(429), code(503)],
            [ErrorCode::Authentication, ErrorCode::Authentication, ErrorCode::NotFound, ErrorCode::RateLimited, ErrorCode::InvalidResponse]);
        assert_eq!([code(400), code(200)], [ErrorCode::InvalidResponse, ErrorCode::InvalidResponse]);
        assert!(foreign_error_body(ProviderName::Payroc, 503, "HTML").retryable);
    }

    #[test]
    fn validation_errors_list_every_issue() {
        let e = RefundError::validation(vec![
            ValidationIssue::new("amount", IssueCode::Required, "is required"),
            ValidationIssue::new("paymentId", IssueCode::TooShort, "must be at least 10 characters"),
        ]);
        assert_eq!(e.message, "Invalid request: amount: Amount is required; paymentId: Payment ID must be at least 10 characters");
        assert!(!e.retryable);
    }

    #[test]
    fn unknown_outcomes_are_retryable() {
        assert!(RefundError::new(ErrorCode::OutcomeUnknown, "x").retryable);
        assert!(!RefundError::new(ErrorCode::ProviderError, "x").retryable);
        assert!(status_is_retryable(425) && status_is_retryable(503) && !status_is_retryable(409));
    }
}
