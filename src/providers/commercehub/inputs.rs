//! The caller's inputs, read and validated with [`Fields`]:
//!
//! - `refund(input)` / builder `CommerceHubRefund`: the tagged form (the original
//!   transaction is named in `referenceTransactionDetails`);
//! - `refundCharge(transactionId, input)` / builder `CommerceHubChargeRefund`: the URI form of
//!   the seed (Fiserv marks it as being sunset in favour of the tagged form);
//! - `reverse(input)`: a cancel (void) of a transaction not yet settled;
//! - `reverseOrRefund(input)`: either, decided from the transaction's state.

use crate::connector::Operation;
use crate::fields::Fields;
use crate::issue::{IssueCode, ValidationIssue};
use crate::json::{Map, Value};
use crate::money::Money;

/// `referenceTransactionTypes` the seed lists. (Specs 1.1.0–1.5.0 spelled the second one
/// `REFUND`; newer specs dropped the field. We send it only when the caller gives it.)
pub const REFERENCE_TRANSACTION_TYPES: &[&str] = &["CHARGES", "REFUNDS"];
/// Source types of the in-person PIN-based refunds the seed names.
pub const PIN_SOURCE_TYPES: &[&str] = &["PaymentEMV", "PaymentTrack"];
/// `transactionDetails.reversalReasonCode` (Cancel.md; the Canadian-debit codes left out).
pub const REVERSAL_REASONS: &[&str] = &["VOID", "SUSPECTED_FRAUD", "TIMEOUT", "CARD_OVERRIDE"];

/// How the original transaction is named: exactly one of the two identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Commerce Hub's `transactionId` (at most 40 characters).
    TransactionId(String),
    /// The merchant's own `merchantTransactionId` (at most 128 characters).
    MerchantTransactionId(String),
}

impl Reference {
    pub fn id(&self) -> &str {
        match self {
            Reference::TransactionId(id) | Reference::MerchantTransactionId(id) => id,
        }
    }
}

/// An in-person PIN-based source: encrypted card and PIN data. `Debug` shows its type only.
#[derive(Clone, PartialEq)]
pub struct Source(pub Value);

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("sourceType", &self.0["sourceType"].as_str()).finish_non_exhaustive()
    }
}

/// What every form shares.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundFields {
    /// `None`: refund everything that is left.
    pub amount: Option<Money>,
    /// The merchant's own id for this refund (later usable as `referenceMerchantTransactionId`).
    pub merchant_transaction_id: Option<String>,
    pub source: Option<Source>,
}

/// The tagged form, and `reverseOrRefund`'s input (with `reason` for a cancel).
#[derive(Debug, Clone, PartialEq)]
pub struct RefundInput {
    pub reference: Reference,
    pub reference_transaction_type: Option<String>,
    pub common: RefundFields,
    /// `reversalReasonCode` of a cancel (reverse and reverseOrRefund).
    pub reason: Option<String>,
}

/// `refundCharge(transactionId, { amount?, merchantTransactionId?, source? })`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeRefund {
    pub transaction_id: String,
    pub common: RefundFields,
}

const EVERYTHING: &str = "leave amount out to refund everything that is left";

/// `refund({ referenceTransactionId | referenceMerchantTransactionId, referenceTransactionType?,
/// amount?, merchantTransactionId?, source? })`.
pub fn refund(input: &Value, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let keys = &["referenceTransactionId", "referenceMerchantTransactionId", "referenceTransactionType", "amount", "merchantTransactionId", "source"];
    let mut f = Fields::new(input, "", keys, now_ms);
    let reference = reference(&mut f);
    let reference_transaction_type = f.opt_enum("referenceTransactionType", REFERENCE_TRANSACTION_TYPES);
    let common = common(&mut f, EVERYTHING, true);
    let value = reference.map(|reference| RefundInput { reference, reference_transaction_type, common, reason: None });
    f.finish(value)
}

/// `reverse({ referenceTransactionId | referenceMerchantTransactionId, amount?, reversalReasonCode?,
/// merchantTransactionId? })` and `reverseOrRefund` (which also takes `source` for a refund).
/// The reason defaults to `VOID` ("a transaction that is used to cancel or fully reverse a
/// previous transaction"); it moves no money.
pub fn reverse(input: &Value, now_ms: u64, or_refund: bool) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut keys = vec!["referenceTransactionId", "referenceMerchantTransactionId", "amount", "reversalReasonCode", "merchantTransactionId"];
    if or_refund {
        keys.push("source");
    }
    let mut f = Fields::new(input, "", &keys, now_ms);
    let reference = reference(&mut f);
    let reason = f.opt_enum("reversalReasonCode", REVERSAL_REASONS).or_else(|| Some("VOID".to_string()));
    let common = common(&mut f, "leave amount out to reverse or refund everything that is left", or_refund);
    let value = reference.map(|reference| RefundInput { reference, reference_transaction_type: None, common, reason });
    f.finish(value)
}

/// The URI form; `transactionId` is the first argument of `refundCharge` or the builder's field.
pub fn charge_refund(input: &Value, now_ms: u64) -> Result<ChargeRefund, Vec<ValidationIssue>> {
    let mut f = Fields::new(input, "", &["transactionId", "amount", "merchantTransactionId", "source"], now_ms);
    let transaction_id = f.req_str("transactionId", 1, 40);
    let common = common(&mut f, EVERYTHING, true);
    f.finish(transaction_id.map(|transaction_id| ChargeRefund { transaction_id, common }))
}

/// `refundCharge(transactionId, input?)` as one object: the input's fields plus `transactionId`.
pub fn charge_refund_fields(transaction_id: &Value, input: &Value) -> Result<Value, Vec<ValidationIssue>> {
    let mut map = match input {
        Value::Null => Map::new(),
        Value::Object(m) => m.clone(),
        _ => return Err(vec![ValidationIssue::new("input", IssueCode::InvalidType, "must be an object")]),
    };
    if !transaction_id.is_null() {
        map.insert("transactionId", transaction_id.clone());
    } else {
        map.remove("transactionId");
    }
    Ok(Value::Object(map))
}

fn reference(f: &mut Fields) -> Option<Reference> {
    let transaction_id = f.opt_str("referenceTransactionId", 1, 40);
    let merchant_transaction_id = f.opt_text("referenceMerchantTransactionId", 1, 128);
    match (f.given("referenceTransactionId"), f.given("referenceMerchantTransactionId")) {
        (true, true) => {
            f.issue(
                "referenceTransactionId",
                IssueCode::Conflict,
                "conflicts: give exactly one of referenceTransactionId or referenceMerchantTransactionId, not both",
            );
            None
        }
        (false, false) => {
            f.issue("referenceTransactionId", IssueCode::Required, "is required (or give referenceMerchantTransactionId)");
            None
        }
        _ => transaction_id.map(Reference::TransactionId).or(merchant_transaction_id.map(Reference::MerchantTransactionId)),
    }
}

fn common(f: &mut Fields, everything: &str, with_source: bool) -> RefundFields {
    let amount = f.amount_or_everything("amount", everything);
    let merchant_transaction_id = f.opt_text("merchantTransactionId", 1, 128);
    let source = if with_source { read_source(f) } else { None };
    RefundFields { amount, merchant_transaction_id, source }
}

/// A source is only needed for in-person PIN-based EMV and track refunds (the seed's
/// warning), so a source given here is one of those and must carry both the encrypted card
/// data and the PIN block.
fn read_source(f: &mut Fields) -> Option<Source> {
    f.nested("source", &["sourceType", "emvData", "encryptionData", "pinBlock"], |s| {
        let source_type = s.req_str("sourceType", 1, 15);
        let source_type = source_type.filter(|t| {
            let ok = PIN_SOURCE_TYPES.contains(&t.as_str());
            if !ok {
                s.issue("sourceType", IssueCode::InvalidEnum, "must be one of PaymentEMV, PaymentTrack");
            }
            ok
        });
        let emv_data = s.opt_str("emvData", 1, 4096);
        if emv_data.is_some() && source_type.as_deref() == Some("PaymentTrack") {
            s.issue("emvData", IssueCode::Conflict, "is only sent with sourceType PaymentEMV");
        }
        let encryption_data = s.req_nested(
            "encryptionData",
            &["encryptionType", "encryptionTarget", "encryptionBlock", "encryptionBlockFields", "keyId", "deviceType"],
            |e| {
                let encryption_type = e.req_str("encryptionType", 1, 256);
                let encryption_target = e.req_str("encryptionTarget", 1, 256);
                let encryption_block = e.req_str("encryptionBlock", 1, 2000);
                let encryption_block_fields = e.opt_str("encryptionBlockFields", 1, 256);
                let key_id = e.opt_str("keyId", 1, 64);
                let device_type = e.opt_str("deviceType", 1, 256);
                Some(crate::obj! {
                    "encryptionType" => encryption_type?,
                    "encryptionTarget" => encryption_target?,
                    "encryptionBlock" => encryption_block?,
                    "encryptionBlockFields" => encryption_block_fields,
                    "keyId" => key_id,
                    "deviceType" => device_type,
                })
            },
        );
        let pin_block = s.req_nested("pinBlock", &["encryptedPin", "keySerialNumber", "pinEncryptionWorkingKey"], |p| {
            let encrypted_pin = p.req_str("encryptedPin", 1, 2000);
            let key_serial_number = p.opt_str("keySerialNumber", 1, 256);
            let pin_encryption_working_key = p.opt_str("pinEncryptionWorkingKey", 1, 2000);
            Some(crate::obj! {
                "encryptedPin" => encrypted_pin?,
                "keySerialNumber" => key_serial_number,
                "pinEncryptionWorkingKey" => pin_encryption_working_key,
            })
        });
        Some(Source(crate::obj! {
            "sourceType" => source_type?,
            "emvData" => emv_data,
            "encryptionData" => encryption_data?,
            "pinBlock" => pin_block?,
        }))
    })
}

/// A bulk file's record (docs/BULK.md): `reference` is the charge's transaction id, or its
/// merchant transaction id with `reference_type` `merchant_transaction`;
/// `merchant_transaction_id` names the refund itself (found again by the inquiry).
pub fn csv_row(f: &mut Fields, row: Option<&crate::bulk::Row>) -> Option<Value> {
    let kind = f.opt_enum("reference_type", &["transaction", "merchant_transaction"]);
    let own = f.opt_text("merchant_transaction_id", 1, 128);
    let row = row?;
    let key = if kind.as_deref() == Some("merchant_transaction") { "referenceMerchantTransactionId" } else { "referenceTransactionId" };
    let mut input = Map::new();
    input.insert(key, row.reference.as_str());
    if let Some(m) = row.amount {
        input.insert("amount", crate::bulk::money_value(m));
    }
    if let Some(own) = own {
        input.insert("merchantTransactionId", own);
    }
    Some(Value::Object(input))
}

/// Validates a builder's fields: `CommerceHubRefund`, `CommerceHubChargeRefund`.
pub fn validate(op: Operation, fields: &Value, now_ms: u64) -> Vec<ValidationIssue> {
    let issues = match op {
        Operation::Refund => refund(fields, now_ms).err(),
        Operation::RefundCharge => charge_refund(fields, now_ms).err(),
        _ => None,
    };
    issues.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues<T: std::fmt::Debug>(r: Result<T, Vec<ValidationIssue>>) -> Vec<(String, IssueCode)> {
        r.unwrap_err().into_iter().map(|i| (i.path, i.code)).collect()
    }

    fn pin_source() -> Value {
        j!({
            "sourceType": "PaymentEMV", "emvData": "9F0306000000000000",
            "encryptionData": { "encryptionType": "ON_GUARD", "encryptionTarget": "TRACK_2",
                                "encryptionBlock": "4614507291879694=078443325742854", "keyId": "FFFF109700000E4000340114", "deviceType": "INGENICO" },
            "pinBlock": { "encryptedPin": "F5f36kA", "keySerialNumber": "15f36kA" }
        })
    }

    fn with_source(mut input: Value, source: Value) -> Value {
        input.as_object_mut().unwrap().insert("source", source);
        input
    }

    #[test]
    fn a_pin_source_without_encryption_data_or_pin_block_is_refused() {
        let mut no_pin = pin_source();
        no_pin.as_object_mut().unwrap().remove("pinBlock");
        assert_eq!(issues(refund(&with_source(j!({ "referenceTransactionId": "1" }), no_pin), 0)), [("source.pinBlock".to_string(), IssueCode::Required)]);
        let mut no_enc = pin_source();
        no_enc.as_object_mut().unwrap().remove("encryptionData");
        assert_eq!(issues(charge_refund(&with_source(j!({ "transactionId": "1" }), no_enc), 0)), [("source.encryptionData".to_string(), IssueCode::Required)]);
        let bad = j!({ "referenceTransactionId": "1", "source": { "sourceType": "PaymentCard", "pinBlock": {} } });
        assert_eq!(
            issues(refund(&bad, 0)),
            [
                ("source.sourceType".to_string(), IssueCode::InvalidEnum),
                ("source.encryptionData".to_string(), IssueCode::Required),
                ("source.pinBlock.encryptedPin".to_string(), IssueCode::Required)
            ]
        );
        let shown = format!("{:?}", refund(&with_source(j!({ "referenceTransactionId": "1" }), pin_source()), 0).unwrap());
        assert!(!shown.contains("4614507291879694") && !shown.contains("F5f36kA"), "{shown}");
    }

    #[test]
    fn exactly_one_reference_id_and_no_typos() {
        assert_eq!(issues(refund(&j!({ "referenceTransactionId": "1", "referenceMerchantTransactionId": "m" }), 0)), [("referenceTransactionId".to_string(), IssueCode::Conflict)]);
        assert_eq!(issues(refund(&j!({}), 0)), [("referenceTransactionId".to_string(), IssueCode::Required)]);
        let typo = refund(&j!({ "referenceTransactionId": "1", "amout": { "minor": 1, "currency": "USD" } }), 0).unwrap_err();
        assert!(typo[0].message.ends_with("did you mean amount?"));
        assert_eq!(issues(refund(&j!({ "referenceTransactionId": "1", "amount": null }), 0)), [("amount".to_string(), IssueCode::Empty)]);
    }

    #[test]
    fn lengths_types_and_amounts() {
        let cases = [
            (j!({ "referenceTransactionId": "1".repeat(41) }), "referenceTransactionId", IssueCode::TooLong),
            (j!({ "referenceMerchantTransactionId": "m".repeat(129) }), "referenceMerchantTransactionId", IssueCode::TooLong),
            (j!({ "referenceTransactionId": "1", "referenceTransactionType": "REFUND" }), "referenceTransactionType", IssueCode::InvalidEnum),
            (j!({ "referenceTransactionId": "1", "amount": { "value": "10.001", "currency": "USD" } }), "amount", IssueCode::TooManyDecimals),
            (j!({ "referenceTransactionId": "1", "amount": { "minor": 0, "currency": "USD" } }), "amount.minor", IssueCode::NotPositive),
            (j!({ "referenceTransactionId": "1", "merchantTransactionId": "" }), "merchantTransactionId", IssueCode::Empty),
            (j!({ "referenceTransactionId": "1", "merchantTransactionId": "card 4111111111111111" }), "merchantTransactionId", IssueCode::CardDataInText),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(refund(&input, 0)), [(path.to_string(), code)], "{input:?}");
        }
        assert!(refund(&j!({ "referenceTransactionId": "1".repeat(40) }), 0).is_ok());
        assert_eq!(issues(charge_refund(&j!({}), 0)), [("transactionId".to_string(), IssueCode::Required)]);
        assert_eq!(charge_refund_fields(&j!("1"), &j!("x")).unwrap_err()[0].path, "input");
        assert_eq!(reverse(&j!({ "referenceTransactionId": "1" }), 0, false).unwrap().reason.as_deref(), Some("VOID"));
        assert_eq!(issues(reverse(&j!({ "referenceTransactionId": "1", "reversalReasonCode": "OOPS" }), 0, false)), [("reversalReasonCode".to_string(), IssueCode::InvalidEnum)]);
        assert_eq!(issues(reverse(&j!({ "referenceTransactionId": "1", "source": {} }), 0, false)), [("source".to_string(), IssueCode::UnknownField)]);
    }
}
