use crate::validation::ValidationIssue;
use serde_json::Value;

/// Validates a builder of this provider; `None` when `kind` is not one of ours.
pub fn validate_builder(_kind: &str, _fields: &Value, _now_ms: u64) -> Option<Vec<ValidationIssue>> {
    None
}
