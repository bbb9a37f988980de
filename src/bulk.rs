//! Bulk refund files (docs/BULK.md): one CSV record becomes one refund input, with issues
//! that name the column. The columns every provider shares are read here; each provider
//! maps them to its own input in `providers/<name>/inputs.rs` (`csv_row`).
//!
//! | column | |
//! |---|---|
//! | `row_id` | your id of the row (1–128 visible characters); the row's idempotency key is derived from it |
//! | `reference` | the payment (Payroc paymentId, J.P. Morgan transactionId or captureId, Commerce Hub transaction id) |
//! | `amount` | decimal text in major units (`12.50`), or `all` for everything that is left: never an empty cell |
//! | `currency` | ISO 4217; required with an amount |
//! | `reason` | free text (Payroc's required description); never a card number |
//! | provider columns | `operator` (Payroc); `reference_type` `transaction`/`capture` (J.P. Morgan), `transaction`/`merchant_transaction` and `merchant_transaction_id` (Commerce Hub) |

use crate::connector::unsupported;
use crate::fields::{unknown_field, Fields};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{Map, ToJson, Value};
use crate::money::{Currency, Money};
use crate::result::ProviderName;

pub const COMMON: &[&str] = &["row_id", "reference", "amount", "currency", "reason"];

/// The shared columns of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub row_id: String,
    pub reference: String,
    /// `None`: `all`.
    pub amount: Option<Money>,
    pub reason: Option<String>,
}

/// The columns a provider's files have.
pub fn columns(provider: ProviderName) -> Vec<&'static str> {
    let own: &[&str] = match provider {
        ProviderName::Payroc => &["operator"],
        ProviderName::Jpmorgan => &["reference_type"],
        ProviderName::Commercehub => &["reference_type", "merchant_transaction_id"],
    };
    COMMON.iter().chain(own).copied().collect()
}

/// Checks a file's header: every column known, `row_id`, `reference` and `amount` there.
pub fn header(provider: ProviderName, names: &[String]) -> Vec<ValidationIssue> {
    let known = columns(provider);
    let mut issues: Vec<ValidationIssue> = names.iter().filter(|n| !known.contains(&n.as_str())).map(|n| unknown_field(n, n, &known)).collect();
    for required in ["row_id", "reference", "amount"] {
        if !names.iter().any(|n| n == required) {
            issues.push(ValidationIssue::new(required, IssueCode::Required, "column is missing"));
        }
    }
    issues
}

/// Reads the shared columns; `f` is over the record (column → text).
pub fn read_row(f: &mut Fields) -> Option<Row> {
    let row_id = f.req_str("row_id", 1, 128);
    if row_id.as_deref().is_some_and(|id| !id.bytes().all(|b| (0x20..0x7f).contains(&b))) {
        f.issue("row_id", IssueCode::InvalidFormat, "must be printable ASCII");
    }
    let reference = f.req_str("reference", 1, 128);
    let amount = match f.req_str("amount", 1, 32).as_deref() {
        Some("all") => {
            if f.has("currency") {
                f.issue("currency", IssueCode::Conflict, "is not given with amount all (the payment's own currency is refunded)");
            }
            Some(None)
        }
        Some(text) => {
            let currency = f.req_str("currency", 3, 3).and_then(|c| match Currency::parse(&c, "currency") {
                Ok(c) => Some(c),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            });
            currency.and_then(|c| match Money::parse(text, c, "amount") {
                Ok(m) => Some(Some(m)),
                Err(issue) => {
                    f.push(issue);
                    None
                }
            })
        }
        None => None,
    };
    let reason = f.opt_text("reason", 1, 255);
    Some(Row { row_id: row_id?, reference: reference?, amount: amount?, reason })
}

/// An amount as an input carries it.
pub fn money_value(m: Money) -> Value {
    crate::obj! { "minor" => m.minor(), "currency" => m.currency().code() }
}

/// One record of `provider`'s file (column → text, empty cells left out by the reader or
/// given as `""`) as `{ rowId, input }`, or `{ issues }` naming the columns.
pub fn row(provider: &str, record: &str) -> String {
    let Some(provider) = ProviderName::parse(provider) else {
        return crate::obj! { "error" => unsupported("provider", provider).to_value() }.to_json();
    };
    let record = crate::json::parse(record).unwrap_or_default();
    // Empty cells are absent: `amount` must then be given as `all`, never left empty.
    let cells = match record {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, v)| v.as_str() != Some("")).fold(Map::new(), |mut acc, (k, v)| {
            acc.insert(k.clone(), v.clone());
            acc
        })),
        other => other,
    };
    let known = columns(provider);
    let mut f = Fields::new(&cells, "", &known, 0);
    let shared = read_row(&mut f);
    let input = match provider {
        #[cfg(feature = "payroc")]
        ProviderName::Payroc => crate::providers::payroc::inputs::csv_row(&mut f, shared.as_ref()),
        #[cfg(feature = "jpmorgan")]
        ProviderName::Jpmorgan => crate::providers::jpmorgan::inputs::csv_row(&mut f, shared.as_ref()),
        #[cfg(feature = "commercehub")]
        ProviderName::Commercehub => crate::providers::commercehub::inputs::csv_row(&mut f, shared.as_ref()),
        #[allow(unreachable_patterns)]
        _ => None,
    };
    let row_id = shared.map(|r| r.row_id);
    match f.finish(input.zip(row_id)) {
        Ok((input, row_id)) => crate::obj! { "rowId" => row_id, "input" => input }.to_json(),
        Err(issues) => crate::obj! { "issues" => issues.iter().map(ToJson::to_value).collect::<Vec<_>>() }.to_json(),
    }
}

/// A file's header checked: `{ issues }` (empty when it is fine).
pub fn check_header(provider: &str, names: &str) -> String {
    let Some(provider) = ProviderName::parse(provider) else {
        return crate::obj! { "error" => unsupported("provider", provider).to_value() }.to_json();
    };
    let names: Vec<String> = crate::json::parse(names)
        .and_then(|v| v.as_array().map(|a| a.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()))
        .unwrap_or_default();
    crate::obj! { "issues" => header(provider, &names).iter().map(ToJson::to_value).collect::<Vec<_>>() }.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payroc_rows_become_refund_inputs() {
        let out = crate::json::parse(&row("payroc", r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"12.50","currency":"USD","reason":"recall"}"#)).unwrap();
        assert_eq!(out["rowId"], "r1");
        assert_eq!(out["input"].to_json(), r#"{"paymentId":"M2MJOG6O2Y","amount":{"minor":1250,"currency":"USD"},"description":"recall"}"#);
        let all = crate::json::parse(&row("payroc", r#"{"row_id":"r2","reference":"M2MJOG6O2Y","amount":"all","reason":"recall"}"#)).unwrap();
        assert_eq!(all["input"].to_json(), r#"{"paymentId":"M2MJOG6O2Y","description":"recall"}"#);
    }

    #[test]
    fn bad_rows_name_their_columns_and_an_empty_amount_is_never_everything() {
        let issues = |record: &str| -> Vec<(String, String)> {
            let out = crate::json::parse(&row("payroc", record)).unwrap();
            out["issues"].as_array().unwrap().iter().map(|i| (i["path"].as_str().unwrap().to_string(), i["code"].as_str().unwrap().to_string())).collect()
        };
        assert_eq!(issues(r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"","currency":"USD","reason":"x"}"#), [("amount".to_string(), "required".to_string())]);
        assert_eq!(issues(r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"1.001","currency":"USD","reason":"x"}"#), [("amount".to_string(), "too_many_decimals".to_string())]);
        assert_eq!(issues(r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"1","reason":"x"}"#), [("currency".to_string(), "required".to_string())]);
        assert_eq!(issues(r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"1","currency":"USD","reason":"4111 1111 1111 1111"}"#), [("reason".to_string(), "card_data_in_text".to_string())]);
        assert_eq!(issues(r#"{"row_id":"r1","reference":"M2MJOG6O2Y","amount":"1","currency":"USD"}"#), [("reason".to_string(), "required".to_string())]);
    }

    #[test]
    fn headers_are_checked() {
        let h = |names: &str| crate::json::parse(&check_header("commercehub", names)).unwrap()["issues"].as_array().unwrap().len();
        assert_eq!(h(r#"["row_id","reference","amount","currency","reason","merchant_transaction_id"]"#), 0);
        assert_eq!(h(r#"["row_id","reference","ammount","currency"]"#), 2, "an unknown column and amount missing");
        let jpm = crate::json::parse(&row("jpmorgan", r#"{"row_id":"r1","reference":"cap-1","reference_type":"capture","amount":"all"}"#)).unwrap();
        assert_eq!(jpm["input"].to_json(), r#"{"captureId":"cap-1"}"#);
        let ch = crate::json::parse(&row("commercehub", r#"{"row_id":"r1","reference":"m-1","reference_type":"merchant_transaction","amount":"1.00","currency":"USD","merchant_transaction_id":"refund-r1"}"#)).unwrap();
        assert_eq!(ch["input"].to_json(), r#"{"referenceMerchantTransactionId":"m-1","amount":{"minor":100,"currency":"USD"},"merchantTransactionId":"refund-r1"}"#);
    }
}
