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
use crate::error::RefundError;
use crate::fields::{unknown_field, Fields};
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{special, Map, Obj, Special, ToJson, Value};
use crate::money::{AmountView, Currency, Money};
use crate::result::{Lookup, ProviderName, RefundKind};

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

// ---------------------------------------------------------------- refundMany

/// `refundMany`'s option keys. `journal` arrives as the binding's function mark when the JS
/// side saw a journal object (its methods are checked there); anything else is refused here.
pub const OPTIONS: &[&str] = &["batchId", "concurrency", "dryRun", "maxTotal", "maxRows", "journal", "onProgress", "signal", "format"];
pub const DEFAULT_CONCURRENCY: u64 = 4;
pub const MAX_CONCURRENCY: u64 = 256;
/// The namespace of every row's key: `idempotencyKeyFor(rowId, "refundkit/bulk/" + batchId)`.
pub const KEY_NAMESPACE: &str = "refundkit/bulk/";

/// `refundMany`'s options, read before anything runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub batch_id: String,
    pub concurrency: u64,
    pub dry_run: bool,
    /// At most one cap per currency.
    pub max_total: Vec<Money>,
    pub max_rows: Option<u64>,
    pub journal: bool,
    pub on_progress: bool,
    pub signal: bool,
    /// Rows are `{ line, record }` CSV records (column → text), read as the CLI reads a file.
    pub csv: bool,
}

/// Reads the options; every issue names its option. `batchId` is required: without it the
/// keys could not be the same on a re-run, and a re-run would pay every row again.
pub fn read_options(value: &Value) -> Result<Options, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", OPTIONS, 0);
    let batch_id = f.req_str("batchId", 1, 128);
    if batch_id.as_deref().is_some_and(|id| !printable(id)) {
        f.issue("batchId", IssueCode::InvalidFormat, "must be printable ASCII");
    }
    let concurrency = f.opt_uint("concurrency", MAX_CONCURRENCY);
    if concurrency == Some(0) {
        f.issue("concurrency", IssueCode::NotPositive, "must be at least 1");
    }
    let dry_run = f.opt_bool("dryRun").unwrap_or(false);
    f.refuse_empty("maxTotal", "leave it out for no cap");
    let max_total = read_caps(&mut f);
    f.refuse_empty("maxRows", "leave it out for no cap");
    let max_rows = f.opt_uint("maxRows", crate::money::MAX_SAFE_INTEGER);
    if max_rows == Some(0) {
        f.issue("maxRows", IssueCode::NotPositive, "must be at least 1");
    }
    let journal = match f.raw("journal") {
        None => false,
        Some(v) if special(v) == Some(Special::Function) => true,
        Some(_) => {
            f.issue("journal", IssueCode::InvalidType, "must be a journal from refundkit/journal (openJournal)");
            false
        }
    };
    let on_progress = f.opt_fn("onProgress");
    let signal = f.opt_signal("signal");
    let csv = f.opt_enum("format", &["rows", "csv"]).is_some_and(|v| v == "csv");
    let options = batch_id.map(|batch_id| Options {
        batch_id,
        concurrency: concurrency.unwrap_or(DEFAULT_CONCURRENCY).max(1),
        dry_run,
        max_total,
        max_rows,
        journal,
        on_progress,
        signal,
        csv,
    });
    f.finish(options)
}

fn printable(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// `maxTotal`: a Money, a list of Money, or `{ USD: "1000.00", JPY: Money }`; one per currency.
fn read_caps(f: &mut Fields) -> Vec<Money> {
    let Some(value) = f.raw("maxTotal") else { return vec![] };
    let mut caps: Vec<Money> = vec![];
    let mut add = |f: &mut Fields, m: Money, path: &str| {
        if caps.iter().any(|c| c.currency() == m.currency()) {
            f.push(ValidationIssue::new(path, IssueCode::Conflict, "gives a second cap for the same currency"));
        } else {
            caps.push(m);
        }
    };
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let path = index_path("maxTotal", i);
                let wrapped = crate::obj! { "cap" => item.clone() };
                let mut inner = Fields::new(&wrapped, "", &["cap"], 0);
                let m = inner.opt_money("cap");
                for mut issue in inner.issues().to_vec() {
                    issue.path = issue.path.replacen("cap", &path, 1);
                    f.push(issue);
                }
                if let Some(m) = m {
                    add(f, m, &path);
                }
            }
        }
        Value::Object(map) if map.contains_key("currency") => {
            if let Some(m) = f.opt_money("maxTotal") {
                add(f, m, "maxTotal");
            }
        }
        Value::Object(map) => {
            for (code, cap) in map.iter() {
                let path = format_path("maxTotal", code);
                let currency = match Currency::parse(code, &path) {
                    Ok(c) => c,
                    Err(issue) => {
                        f.push(issue);
                        continue;
                    }
                };
                let money = match cap {
                    Value::String(text) => Money::parse(text, currency, &path),
                    other => {
                        let wrapped = crate::obj! { "cap" => other.clone() };
                        let mut inner = Fields::new(&wrapped, "", &["cap"], 0);
                        let m = inner.opt_money("cap");
                        for mut issue in inner.issues().to_vec() {
                            issue.path = issue.path.replacen("cap", &path, 1);
                            f.push(issue);
                        }
                        match m {
                            Some(m) if m.currency() != currency => {
                                Err(ValidationIssue::new(&path, IssueCode::CurrencyMismatch, "is a Money in another currency than its key"))
                            }
                            Some(m) => Ok(m),
                            None => continue,
                        }
                    }
                };
                match money {
                    Ok(m) => add(f, m, &path),
                    Err(issue) => f.push(issue),
                }
            }
            if map.is_empty() {
                f.issue("maxTotal", IssueCode::Empty, "names no currency; leave it out for no cap");
            }
        }
        _ => f.issue("maxTotal", IssueCode::InvalidType, "must be a Money, a list of Money, or { USD: \"1000.00\" }"),
    }
    caps
}

fn index_path(name: &str, i: usize) -> String {
    let mut p = String::from(name);
    p.push('[');
    p.push_str(itoa::Buffer::new().format(i));
    p.push(']');
    p
}

fn format_path(name: &str, key: &str) -> String {
    let mut p = String::from(name);
    p.push('.');
    p.push_str(key);
    p
}

/// `refundMany`'s options as the JS loop uses them: `{ value }` or `{ error }` (a
/// ValidationError naming every bad option).
pub fn options(json: &str) -> String {
    let value = crate::json::parse(json).unwrap_or_default();
    match read_options(&value) {
        Ok(o) => {
            let caps: Vec<Value> = o.max_total.iter().map(|m| AmountView::from(*m).to_value()).collect();
            crate::obj! {
                "value" => crate::obj! {
                    "batchId" => o.batch_id.as_str(),
                    "concurrency" => o.concurrency,
                    "dryRun" => o.dry_run,
                    "maxTotal" => caps,
                    "maxRows" => o.max_rows,
                    "journal" => o.journal,
                    "onProgress" => o.on_progress,
                    "signal" => o.signal,
                    "format" => if o.csv { "csv" } else { "rows" },
                },
            }
            .to_json()
        }
        Err(issues) => crate::obj! { "error" => RefundError::validation(issues).to_value() }.to_json(),
    }
}

/// One row made ready to send: its key, what identifies its request, and how to find it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub row_id: String,
    pub key: String,
    /// A hash of the request as planned: a re-run whose row asks for something else is refused.
    pub fingerprint: String,
    pub input: Value,
    pub reference: Option<String>,
    /// `None`: everything that is left.
    pub amount: Option<Money>,
    /// What `syncRefund` needs besides the key (the JS side adds `sentAt`).
    pub lookup: Lookup,
    /// A read to make before sending, whose answer completes the lookup ([`before`]).
    pub before: Option<(&'static str, String)>,
}

impl ToJson for Plan {
    fn to_value(&self) -> Value {
        let before = self.before.as_ref().map(|(method, arg)| crate::obj! { "method" => *method, "args" => vec![Value::from(arg.as_str())] });
        crate::obj! {
            "rowId" => self.row_id.as_str(),
            "key" => self.key.as_str(),
            "fingerprint" => self.fingerprint.as_str(),
            "input" => self.input.clone(),
            "reference" => &self.reference,
            "amount" => self.amount.map(|m| AmountView::from(m).to_value()),
            "lookup" => self.lookup.to_value(),
            "before" => before,
        }
    }
}

/// The builder kind whose fields are `refund`'s input for `provider`.
fn refund_kind(provider: ProviderName) -> &'static str {
    match provider {
        ProviderName::Payroc => "PayrocRefund",
        ProviderName::Jpmorgan => "JpMorganRefund",
        ProviderName::Commercehub => "CommerceHubRefund",
    }
}

/// Plans one row of `batch_id`: `row` is a refund input with the caller's `rowId`.
pub fn plan_row(provider: ProviderName, batch_id: &str, row: &Value, now_ms: u64) -> Result<Plan, Vec<ValidationIssue>> {
    let Some(map) = row.as_object() else {
        return Err(vec![ValidationIssue::new("row", IssueCode::InvalidType, "must be an object: a refund input with its rowId")]);
    };
    let mut input = map.clone();
    let id_only = crate::obj! { "rowId" => input.remove("rowId").unwrap_or_default() };
    let mut f = Fields::new(&id_only, "", &["rowId"], now_ms);
    let row_id = f.req_str("rowId", 1, 128);
    if row_id.as_deref().is_some_and(|id| !printable(id)) {
        f.issue("rowId", IssueCode::InvalidFormat, "must be printable ASCII");
    }
    let mut issues = f.issues().to_vec();
    let key = row_id.as_deref().map(|id| row_key(id, batch_id));
    // Commerce Hub replays a Client-Request-Id for minutes only: the row carries its own
    // merchant transaction id, so an inquiry finds what a crashed run sent.
    if provider == ProviderName::Commercehub && !input.contains_key("merchantTransactionId") {
        if let Some(key) = &key {
            input.insert("merchantTransactionId", merchant_transaction_id(key));
        }
    }
    let input = Value::Object(input);
    match crate::connector::validate(refund_kind(provider), &input, now_ms) {
        Ok(more) => issues.extend(more),
        Err(e) => issues.extend(e.issues),
    }
    let (Some(row_id), Some(key), true) = (row_id, key, issues.is_empty()) else {
        return Err(issues);
    };
    let o = Obj::of(&input);
    let known: Vec<&str> = input.as_object().map(|m| m.keys().collect()).unwrap_or_default();
    let amount = Fields::new(&input, "", &known, now_ms).opt_money("amount");
    let reference = match provider {
        ProviderName::Payroc => o.text("paymentId"),
        ProviderName::Jpmorgan => o.text("transactionId").or_else(|| o.text("captureId")),
        ProviderName::Commercehub => o.text("referenceTransactionId").or_else(|| o.text("referenceMerchantTransactionId")),
    };
    let lookup = Lookup {
        kind: RefundKind::Refund,
        reference: reference.clone(),
        amount: amount.map(AmountView::from),
        sent_at: 0,
        known_refund_ids: vec![],
        merchant_transaction_id: o.text("merchantTransactionId").filter(|_| provider == ProviderName::Commercehub),
    };
    // Payroc finds a refund without its id only among the payment's refunds it did not have
    // before: those are read, and written to the journal, before the row is sent.
    let before = match (provider, &reference) {
        (ProviderName::Payroc, Some(payment)) => Some(("getPayment", payment.clone())),
        _ => None,
    };
    Ok(Plan { row_id, key, fingerprint: fingerprint(&input), input, reference, amount, lookup, before })
}

/// A row's idempotency key: `idempotencyKeyFor(rowId, "refundkit/bulk/" + batchId)`, the same
/// on every run.
pub fn row_key(row_id: &str, batch_id: &str) -> String {
    let mut namespace = String::from(KEY_NAMESPACE);
    namespace.push_str(batch_id);
    crate::send::idempotency::key_for_reference(row_id, &namespace)
}

/// A row's own Commerce Hub merchant transaction id, from its key: the key's hex digits
/// written as letters (`0`–`f` → `a`–`p`), so that no run of digits can ever read as a card
/// number (free text holding one is refused).
pub fn merchant_transaction_id(key: &str) -> String {
    let mut id = String::from("rkbulk");
    id.extend(key.chars().filter_map(|c| c.to_digit(16)).map(|d| (b'a' + d as u8) as char));
    id
}

/// The same hash for the same request, whatever order its keys were written in.
pub fn fingerprint(input: &Value) -> String {
    crate::send::idempotency::key_for_reference(&canonical(input).to_json(), "refundkit/bulk/fingerprint")
}

fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().fold(Map::new(), |mut acc, (k, v)| {
                acc.insert(k.clone(), canonical(v));
                acc
            }))
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// `{ plan }` for one row of `refundMany` (`csv`: a CSV record, column → text, read as
/// [`row`] reads it), or `{ rowId?, issues }`.
pub fn plan(provider: &str, batch_id: &str, row: &str, csv: bool, now_ms: u64) -> String {
    let Some(name) = ProviderName::parse(provider) else {
        return crate::obj! { "error" => unsupported("provider", provider).to_value() }.to_json();
    };
    let mut value = crate::json::parse(row).unwrap_or_default();
    if csv {
        let read = crate::json::parse(&self::row(provider, row)).unwrap_or_default();
        if read.get("issues").is_some() {
            return crate::obj! { "rowId" => Obj::of(&value).text("row_id"), "issues" => read.get("issues").cloned() }.to_json();
        }
        let mut input = read.get("input").and_then(Value::as_object).cloned().unwrap_or_default();
        input.insert("rowId", read.get("rowId").cloned().unwrap_or_default());
        value = Value::Object(input);
    }
    match plan_row(name, batch_id, &value, now_ms) {
        Ok(plan) => crate::obj! { "plan" => plan.to_value() }.to_json(),
        Err(issues) => crate::obj! {
            "rowId" => Obj::of(&value).text("rowId"),
            "issues" => issues.iter().map(ToJson::to_value).collect::<Vec<_>>(),
        }
        .to_json(),
    }
}

/// Completes a row's lookup from the answer to its `before` read: `{ lookup }`, or `{ error }`
/// when the answer cannot be read.
pub fn before(provider: &str, lookup: &str, answer: &str) -> String {
    let Some(name) = ProviderName::parse(provider) else {
        return crate::obj! { "error" => unsupported("provider", provider).to_value() }.to_json();
    };
    let Some(map) = crate::json::parse(lookup).and_then(|v| v.as_object().cloned()) else {
        return crate::obj! { "error" => unsupported("lookup", lookup).to_value() }.to_json();
    };
    match complete(name, map, &crate::json::parse(answer).unwrap_or_default()) {
        Ok(map) => crate::obj! { "lookup" => Value::Object(map) }.to_json(),
        Err(e) => crate::obj! { "error" => e.to_value() }.to_json(),
    }
}

#[cfg_attr(not(feature = "payroc"), allow(unused_mut, unused_variables))]
fn complete(provider: ProviderName, mut lookup: Map, answer: &Value) -> Result<Map, RefundError> {
    match provider {
        #[cfg(feature = "payroc")]
        ProviderName::Payroc => {
            let payment = crate::providers::payroc::responses::Payment::read(answer, 200)?;
            lookup.insert("knownRefundIds", payment.refund_ids().into_iter().map(Value::from).collect::<Vec<_>>());
            if !lookup.contains_key("amount") {
                lookup.insert("amount", payment.remaining_view().to_value());
            }
        }
        _ => {}
    }
    Ok(lookup)
}

/// A total as results show amounts, zero included: `minor` is decimal digits (a sum that may
/// pass what a JS number holds).
pub fn total(minor: &str, currency: &str) -> String {
    let parsed = minor.parse::<u64>().ok().filter(|_| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()));
    match (parsed, Currency::parse(currency, "currency")) {
        (Some(m), Ok(c)) => AmountView::new(m, c).to_value().to_json(),
        (None, _) => crate::obj! { "error" => RefundError::validation(vec![ValidationIssue::new("minor", IssueCode::NotAnInteger, "must be whole minor units")]).to_value() }.to_json(),
        (_, Err(issue)) => crate::obj! { "error" => RefundError::validation(vec![issue]).to_value() }.to_json(),
    }
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

    #[test]
    fn options_name_every_bad_key_and_a_batch_id_is_required() {
        let paths = |v: Value| -> Vec<String> { read_options(&v).unwrap_err().into_iter().map(|i| i.path).collect() };
        assert_eq!(paths(j!({ "concurrency": 4 })), ["batchId"]);
        assert_eq!(paths(j!({ "batchId": "b", "concurency": 4 })), ["concurency"]);
        assert_eq!(paths(j!({ "batchId": "b", "concurrency": 0, "maxRows": 0 })), ["concurrency", "maxRows"]);
        assert_eq!(paths(j!({ "batchId": "b", "concurrency": 1000 })), ["concurrency"]);
        assert_eq!(paths(j!({ "batchId": "b", "maxTotal": null })), ["maxTotal"], "an empty cap is not 'no cap'");
        assert_eq!(paths(j!({ "batchId": "b", "journal": {} })), ["journal"]);
        assert_eq!(paths(j!({ "batchId": "b", "maxTotal": { "USD": "1.001" } })), ["maxTotal.USD"]);
        assert_eq!(paths(j!({ "batchId": "b", "maxTotal": { "usd": "1" } })), ["maxTotal.usd"]);
        assert_eq!(paths(j!({ "batchId": "b", "maxTotal": [{ "minor": 1, "currency": "USD" }, { "value": "2", "currency": "USD" }] })), ["maxTotal[1]"]);
        let o = read_options(&j!({ "batchId": "recall-7", "maxTotal": { "USD": "1000.00", "JPY": { "minor": 500, "currency": "JPY" } }, "signal": crate::json::SIGNAL })).unwrap();
        assert_eq!((o.concurrency, o.dry_run, o.signal, o.csv), (DEFAULT_CONCURRENCY, false, true, false));
        assert_eq!(o.max_total.iter().map(|m| (m.minor(), m.currency().code().to_string())).collect::<Vec<_>>(), [(500, "JPY".to_string()), (100_000, "USD".to_string())], "j! sorts keys");
        let one = read_options(&j!({ "batchId": "b", "maxTotal": { "value": "5.00", "currency": "EUR" }, "format": "csv" })).unwrap();
        assert_eq!((one.max_total[0].minor(), one.csv), (500, true));
        assert!(options(r#"{"batchId":"b","dryrun":true}"#).contains("did you mean dryRun?"));
    }

    #[test]
    fn a_row_always_gets_the_same_key_and_a_changed_row_another_fingerprint() {
        let row = j!({ "rowId": "r1", "paymentId": "M2MJOG6O2Y", "amount": { "minor": 100, "currency": "USD" }, "description": "recall" });
        let a = plan_row(ProviderName::Payroc, "b1", &row, 0).unwrap();
        let reordered = j!({ "description": "recall", "amount": { "currency": "USD", "minor": 100 }, "paymentId": "M2MJOG6O2Y", "rowId": "r1" });
        let b = plan_row(ProviderName::Payroc, "b1", &reordered, 0).unwrap();
        assert_eq!((a.key.as_str(), a.fingerprint.as_str()), (b.key.as_str(), b.fingerprint.as_str()));
        assert_eq!(a.key, crate::send::idempotency::key_for_reference("r1", "refundkit/bulk/b1"));
        assert_ne!(a.key, plan_row(ProviderName::Payroc, "b2", &row, 0).unwrap().key, "another batch, other keys");
        let changed = j!({ "rowId": "r1", "paymentId": "M2MJOG6O2Y", "amount": { "minor": 101, "currency": "USD" }, "description": "recall" });
        assert_ne!(a.fingerprint, plan_row(ProviderName::Payroc, "b1", &changed, 0).unwrap().fingerprint);
        assert_eq!(a.before, Some(("getPayment", "M2MJOG6O2Y".to_string())));
        assert_eq!((a.reference.as_deref(), a.amount.map(|m| m.minor())), (Some("M2MJOG6O2Y"), Some(100)));
        assert!(!a.input.to_json().contains("rowId"));
    }

    #[test]
    fn every_row_key_is_one_a_client_takes() {
        // row-00727 of batch "event": its key's hex holds 1909-4570-4948-9562 (Luhn-valid), a
        // UUID all the same: a client takes it as the call's key.
        let key = row_key("row-00727", "event");
        assert_eq!(key, "4dfb1909-4570-4948-9562-b4398f7e5014");
        let options = j!({ "idempotencyKey": key });
        let mut f = crate::fields::Fields::new(&options, "options", crate::send::options::CALL_OPTIONS, 0);
        assert_eq!(crate::send::CallOptions::read(&mut f).idempotency_key.as_deref(), Some(key.as_str()));
        assert!(f.issues().is_empty());
    }

    #[test]
    fn bad_rows_are_refused_with_every_issue() {
        let issues = |v: Value| -> Vec<String> { plan_row(ProviderName::Payroc, "b", &v, 0).unwrap_err().into_iter().map(|i| i.path).collect() };
        assert_eq!(issues(j!({ "paymentId": "M2MJOG6O2Y", "description": "x" })), ["rowId"]);
        assert_eq!(issues(j!({ "rowId": "r\u{1}", "paymentId": "M2MJOG6O2Y", "description": "x" })), ["rowId"]);
        assert_eq!(issues(j!({ "rowId": "r1", "paymentId": "M2MJOG6O2Y", "amout": 5, "description": "x" })), ["amout"]);
        let out = crate::json::parse(&plan("payroc", "b", r#"{"row_id":"r9","reference":"M2MJOG6O2Y","amount":"1.001","currency":"USD","reason":"x"}"#, true, 0)).unwrap();
        assert_eq!((out["rowId"].as_str(), out["issues"][0]["code"].as_str()), (Some("r9"), Some("too_many_decimals")));
    }

    #[test]
    fn commerce_hub_rows_carry_their_own_merchant_transaction_id() {
        let ch = plan_row(ProviderName::Commercehub, "b", &j!({ "rowId": "r1", "referenceTransactionId": "84356531349" }), 0).unwrap();
        let own = merchant_transaction_id(&ch.key);
        assert_eq!(own.len(), 6 + 32);
        assert!(own.bytes().all(|b| b.is_ascii_lowercase()), "{own}: no digits, never a card number");
        // A key whose hex is mostly digits (row-00006 of one batch was refused this way).
        assert_eq!(merchant_transaction_id("41111111-1111-4111-9111-111111111111"), "rkbulkebbbbbbbbbbbebbbjbbbbbbbbbbbbbbb");
        assert_eq!(ch.input["merchantTransactionId"].as_str(), Some(own.as_str()));
        assert_eq!(ch.lookup.merchant_transaction_id.as_deref(), Some(own.as_str()));
        assert_eq!((ch.before, ch.amount), (None, None));
        let given = plan_row(ProviderName::Commercehub, "b", &j!({ "rowId": "r1", "referenceTransactionId": "84356531349", "merchantTransactionId": "mine-1" }), 0).unwrap();
        assert_eq!(given.lookup.merchant_transaction_id.as_deref(), Some("mine-1"));
        let jpm = crate::json::parse(&plan("jpmorgan", "b", r#"{"row_id":"r1","reference":"cap-1","reference_type":"capture","amount":"all"}"#, true, 0)).unwrap();
        assert_eq!(jpm["plan"]["reference"].as_str(), Some("cap-1"));
        assert_eq!(jpm["plan"]["input"].to_json(), r#"{"captureId":"cap-1"}"#);
    }

    #[test]
    fn payroc_lookups_are_completed_from_the_payment_read_before_sending() {
        let payment = r#"{"paymentId":"M2MJOG6O2Y","order":{"amount":4999,"currency":"USD"},"refunds":[{"refundId":"A1","amount":1000,"status":"ready"}],"transactionResult":{"status":"ready"}}"#;
        let out = crate::json::parse(&before("payroc", r#"{"kind":"refund","reference":"M2MJOG6O2Y"}"#, payment)).unwrap();
        assert_eq!(out["lookup"]["knownRefundIds"].to_json(), r#"["A1"]"#);
        assert_eq!(out["lookup"]["amount"]["minor"].as_u64(), Some(3999), "amount all: what is left");
        assert!(before("payroc", r#"{"kind":"refund"}"#, "<html>").contains("invalid_response"));
        assert_eq!(total("0", "JPY"), r#"{"minor":0,"currency":"JPY","formatted":"0"}"#);
        assert_eq!(total("18446744073709551615", "USD"), r#"{"minor":18446744073709551615,"currency":"USD","formatted":"184467440737095516.15"}"#);
        assert!(total("-1", "USD").contains("not_an_integer"));
    }
}
