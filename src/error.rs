//! The typed errors every call can end with. They cross into JS as `RefundError` and
//! `ValidationError` instances (see `wasm/errors.rs`).

use crate::result::ProviderName;
use crate::validation::ValidationIssue;
use serde::Serialize;
use std::fmt;

/// What went wrong, as JS code branches on it (`err.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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
    /// The request did not reach the provider, or the connection broke.
    Network,
    Timeout,
    Aborted,
    /// The provider's answer could not be read (HTML, truncated, wrong shape).
    InvalidResponse,
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
            ErrorCode::BrowserSecret => "browser_secret",
            ErrorCode::Configuration => "configuration",
        }
    }
}

/// An error with everything a caller needs to decide what to do next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundError {
    pub code: ErrorCode,
    pub message: String,
    /// Whether sending the same request again (same idempotency key) may succeed.
    pub retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// The provider's own error, parsed from its format (RFC 7807, `validationErrors`, `error[]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<ValidationIssue>,
}

impl RefundError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> RefundError {
        RefundError {
            code,
            message: message.into(),
            retryable: matches!(code, ErrorCode::Network | ErrorCode::Timeout | ErrorCode::RateLimited),
            http_status: None,
            provider: None,
            idempotency_key: None,
            details: None,
            issues: vec![],
        }
    }

    /// A validation error listing every issue; nothing was sent.
    pub fn validation(issues: Vec<ValidationIssue>) -> RefundError {
        let summary: Vec<String> = issues.iter().map(|i| format!("{} {}", i.path, i.message)).collect();
        RefundError { issues, ..RefundError::new(ErrorCode::Validation, format!("Invalid request: {}", summary.join("; "))) }
    }

    pub fn with_provider(mut self, provider: ProviderName) -> RefundError {
        self.provider = Some(provider);
        self
    }

    pub fn with_status(mut self, status: u16) -> RefundError {
        self.http_status = Some(status);
        self
    }

    pub fn with_details(mut self, details: serde_json::Value) -> RefundError {
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

impl fmt::Display for RefundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
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
        429 => ErrorCode::RateLimited,
        _ => ErrorCode::ProviderError,
    }
}

/// Whether resending the same request (same key) after this status may succeed.
pub fn status_is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

/// The error for a response body that is not what the provider sends (HTML from a proxy,
/// a cut-off body, JSON of the wrong shape). The body is not echoed: it may hold card data.
pub fn invalid_response(provider: ProviderName, status: u16, what: &str) -> RefundError {
    RefundError::new(ErrorCode::InvalidResponse, format!("{} answered HTTP {status} with {what}", provider.as_str()))
        .with_provider(provider)
        .with_status(status)
        .with_retryable(status_is_retryable(status))
}
