//! The caller's refund inputs, their validation, and the HTTP requests they make.
//!
//! - `refund(input)` / builder `CommerceHubRefund` → `POST /payments/v1/refunds` (tagged:
//!   the original transaction is named in `referenceTransactionDetails`);
//! - `refundCharge(transactionId, input)` / builder `CommerceHubChargeRefund` →
//!   `POST /payments/v1/charges/{transactionId}/refund` (the URI form of the seed; Fiserv
//!   marks it as being sunset in favour of the tagged form).

use super::auth::CLIENT_REQUEST_ID;
use super::wire::{
    EncryptionData, MerchantDetails, PinBlock, ReferenceTransactionDetails, RefundRequest, Source, TransactionDetails,
};
use crate::http::{encode_component, join_url, HttpRequest, Method};
use crate::money::Money;
use crate::validation::{Fields, IssueCode, ValidationIssue};
use serde_json::{Map, Value};

pub const KIND_REFUND: &str = "CommerceHubRefund";
pub const KIND_CHARGE_REFUND: &str = "CommerceHubChargeRefund";

/// `referenceTransactionTypes` the seed lists. (Specs 1.1.0–1.5.0 spelled the second one
/// `REFUND`; newer specs dropped the field. We send it only when the caller gives it.)
pub const REFERENCE_TRANSACTION_TYPES: &[&str] = &["CHARGES", "REFUNDS"];
/// Source types of the in-person PIN-based refunds the seed names.
pub const PIN_SOURCE_TYPES: &[&str] = &["PaymentEMV", "PaymentTrack"];

/// How the original transaction is named: exactly one of the two identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Commerce Hub's `transactionId` (at most 40 characters).
    TransactionId(String),
    /// The merchant's own `merchantTransactionId` (at most 128 characters).
    MerchantTransactionId(String),
}

/// `refund({ referenceTransactionId | referenceMerchantTransactionId, referenceTransactionType?,
/// amount?, merchantTransactionId?, source? })`.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedRefund {
    pub reference: Reference,
    pub reference_transaction_type: Option<String>,
    pub common: RefundFields,
}

/// `refundCharge(transactionId, { amount?, merchantTransactionId?, source? })`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeRefund {
    pub transaction_id: String,
    pub common: RefundFields,
}

/// What both forms share.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundFields {
    /// `None`: refund everything that is left.
    pub amount: Option<Money>,
    /// The merchant's own id for this refund (later usable as `referenceMerchantTransactionId`).
    pub merchant_transaction_id: Option<String>,
    pub source: Option<Source>,
}

/// The client's fixed merchant identity, sent in every body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merchant {
    pub merchant_id: String,
    pub terminal_id: String,
}

pub fn read_refund(input: &Value, now_ms: u64) -> Result<TaggedRefund, Vec<ValidationIssue>> {
    let mut f = Fields::new(input, "", now_ms);
    if !input.is_object() {
        return f.finish(None);
    }
    let transaction_id = f.opt_str("referenceTransactionId", 1, 40);
    let merchant_transaction_id = f.opt_str("referenceMerchantTransactionId", 1, 128);
    let reference = match (f.has("referenceTransactionId"), f.has("referenceMerchantTransactionId")) {
        (true, true) => {
            f.issue(
                "referenceTransactionId",
                IssueCode::Conflict,
                "give exactly one of referenceTransactionId or referenceMerchantTransactionId, not both",
            );
            None
        }
        (false, false) => {
            f.issue("referenceTransactionId", IssueCode::Required, "is required (or give referenceMerchantTransactionId)");
            None
        }
        _ => transaction_id.map(Reference::TransactionId).or(merchant_transaction_id.map(Reference::MerchantTransactionId)),
    };
    let reference_transaction_type = f.opt_enum("referenceTransactionType", REFERENCE_TRANSACTION_TYPES);
    let common = read_common(&mut f);
    let value = reference.map(|reference| TaggedRefund { reference, reference_transaction_type, common });
    f.finish(value)
}

/// The URI form; `transaction_id` is the first argument of `refundCharge` or the builder's
/// `transactionId` field.
pub fn read_charge_refund(input: &Value, now_ms: u64) -> Result<ChargeRefund, Vec<ValidationIssue>> {
    let mut f = Fields::new(input, "", now_ms);
    if !input.is_object() {
        return f.finish(None);
    }
    let transaction_id = f.req_str("transactionId", 1, 40);
    let common = read_common(&mut f);
    f.finish(transaction_id.map(|transaction_id| ChargeRefund { transaction_id, common }))
}

/// `refundCharge(transactionId, input?)` as one object: the input's fields plus `transactionId`.
pub fn charge_refund_fields(transaction_id: Option<&Value>, input: Option<&Value>) -> Result<Value, Vec<ValidationIssue>> {
    let mut map = match input {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(vec![ValidationIssue::new("input", IssueCode::InvalidType, "must be an object")]),
    };
    match transaction_id {
        Some(id) if !id.is_null() => map.insert("transactionId".into(), id.clone()),
        _ => map.remove("transactionId"),
    };
    Ok(Value::Object(map))
}

fn read_common(f: &mut Fields) -> RefundFields {
    let amount = f.opt_money("amount");
    let merchant_transaction_id = f.opt_str("merchantTransactionId", 1, 128);
    let source = read_source(f);
    RefundFields { amount, merchant_transaction_id, source }
}

/// A source is only needed for in-person PIN-based EMV and track refunds (the seed's
/// warning), so a source given here is one of those and must carry both the encrypted card
/// data and the PIN block.
fn read_source(f: &mut Fields) -> Option<Source> {
    f.nested("source", |s| {
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
        if !s.has("encryptionData") {
            s.issue("encryptionData", IssueCode::Required, "is required for PIN-based EMV and track refunds");
        }
        let encryption_data = s.nested("encryptionData", |e| {
            let encryption_type = e.req_str("encryptionType", 1, 256);
            let encryption_target = e.req_str("encryptionTarget", 1, 256);
            let encryption_block = e.req_str("encryptionBlock", 1, 2000);
            let encryption_block_fields = e.opt_str("encryptionBlockFields", 1, 256);
            let key_id = e.opt_str("keyId", 1, 64);
            let device_type = e.opt_str("deviceType", 1, 256);
            Some(EncryptionData {
                encryption_type: encryption_type?,
                encryption_target: encryption_target?,
                encryption_block: encryption_block?,
                encryption_block_fields,
                key_id,
                device_type,
            })
        });
        if !s.has("pinBlock") {
            s.issue("pinBlock", IssueCode::Required, "is required for PIN-based EMV and track refunds");
        }
        let pin_block = s.nested("pinBlock", |p| {
            let encrypted_pin = p.req_str("encryptedPin", 1, 2000);
            let key_serial_number = p.opt_str("keySerialNumber", 1, 256);
            let pin_encryption_working_key = p.opt_str("pinEncryptionWorkingKey", 1, 2000);
            Some(PinBlock { encrypted_pin: encrypted_pin?, key_serial_number, pin_encryption_working_key })
        });
        Some(Source { source_type: source_type?, emv_data, encryption_data: encryption_data?, pin_block: pin_block? })
    })
}

/// Validates a builder of this provider; `None` when `kind` is not one of ours.
pub fn validate_builder(kind: &str, fields: &Value, now_ms: u64) -> Option<Vec<ValidationIssue>> {
    let issues = match kind {
        KIND_REFUND => read_refund(fields, now_ms).err(),
        KIND_CHARGE_REFUND => read_charge_refund(fields, now_ms).err(),
        _ => return None,
    };
    Some(issues.unwrap_or_default())
}

impl TaggedRefund {
    pub fn body(&self, merchant: &Merchant) -> RefundRequest {
        let (id, merchant_id) = match &self.reference {
            Reference::TransactionId(id) => (Some(id.clone()), None),
            Reference::MerchantTransactionId(id) => (None, Some(id.clone())),
        };
        let reference = ReferenceTransactionDetails {
            reference_transaction_id: id,
            reference_merchant_transaction_id: merchant_id,
            reference_transaction_type: self.reference_transaction_type.clone(),
        };
        self.common.body(Some(reference), merchant)
    }

    pub fn request(&self, base_url: &str, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
        post(base_url, "payments/v1/refunds", self.body(merchant).to_body(), client_request_id)
    }
}

impl ChargeRefund {
    pub fn body(&self, merchant: &Merchant) -> RefundRequest {
        self.common.body(None, merchant)
    }

    pub fn request(&self, base_url: &str, merchant: &Merchant, client_request_id: &str) -> HttpRequest {
        let path = format!("payments/v1/charges/{}/refund", encode_component(&self.transaction_id));
        post(base_url, &path, self.body(merchant).to_body(), client_request_id)
    }
}

impl RefundFields {
    fn body(&self, reference: Option<ReferenceTransactionDetails>, merchant: &Merchant) -> RefundRequest {
        RefundRequest {
            reference_transaction_details: reference,
            amount: self.amount,
            source: self.source.clone(),
            transaction_details: self
                .merchant_transaction_id
                .clone()
                .map(|id| TransactionDetails { merchant_transaction_id: Some(id) }),
            merchant_details: MerchantDetails {
                merchant_id: merchant.merchant_id.clone(),
                terminal_id: merchant.terminal_id.clone(),
            },
        }
    }
}

/// A signed POST: the body bytes are final here, so the signature covers exactly what is sent.
/// `Client-Request-Id` is the call's idempotency key, the same on every retry; the sending
/// layer adds `Api-Key`, `Timestamp`, `Auth-Token-Type` and `Authorization` per attempt.
fn post(base_url: &str, path: &str, body: Vec<u8>, client_request_id: &str) -> HttpRequest {
    let mut request = HttpRequest::new(Method::Post, join_url(base_url, path))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header(CLIENT_REQUEST_ID, client_request_id);
    request.body = Some(body);
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASE: &str = "https://connect-cert.fiservapis.com/ch";

    fn merchant() -> Merchant {
        Merchant { merchant_id: "100008000003683".into(), terminal_id: "10000001".into() }
    }

    fn body_text(r: &HttpRequest) -> String {
        String::from_utf8(r.body.clone().unwrap()).unwrap()
    }

    fn issues(r: Result<impl std::fmt::Debug, Vec<ValidationIssue>>) -> Vec<(String, IssueCode)> {
        r.unwrap_err().into_iter().map(|i| (i.path, i.code)).collect()
    }

    fn pin_source() -> Value {
        json!({
            "sourceType": "PaymentEMV",
            "emvData": "9F0306000000000000",
            "encryptionData": { "encryptionType": "ON_GUARD", "encryptionTarget": "TRACK_2",
                                "encryptionBlock": "4614507291879694=078443325742854", "keyId": "FFFF109700000E4000340114",
                                "deviceType": "INGENICO" },
            "pinBlock": { "encryptedPin": "F5f36kA", "keySerialNumber": "15f36kA" }
        })
    }

    #[test]
    fn tagged_refund_body_is_the_reference_example() {
        // Refund-Tagged.md (reference B3): total 12.04 USD.
        let input = json!({ "referenceTransactionId": "84356531348", "amount": { "minor": 1204, "currency": "USD" } });
        let r = read_refund(&input, 0).unwrap().request(BASE, &merchant(), "crid-1");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://connect-cert.fiservapis.com/ch/payments/v1/refunds");
        assert_eq!(
            body_text(&r),
            r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":12.04,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
        let expected = json!({
            "referenceTransactionDetails": { "referenceTransactionId": "84356531348" },
            "amount": { "total": 12.04, "currency": "USD" },
            "merchantDetails": { "merchantId": "100008000003683", "terminalId": "10000001" }
        });
        assert_eq!(serde_json::from_slice::<Value>(r.body.as_ref().unwrap()).unwrap(), expected);
        assert_eq!(r.get_header("Client-Request-Id"), Some("crid-1"));
        assert_eq!(r.get_header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn seed_example_by_transaction_id_with_ten_dollars() {
        // Seed 004 "Refunds Using Referenced Identifier": the example writes "10.00" as a
        // string, but its own table says `total` is a number; we send the number.
        let input = json!({ "referenceTransactionId": "84356531348", "amount": { "value": "10.00", "currency": "USD" } });
        let r = read_refund(&input, 0).unwrap().request(BASE, &merchant(), "k");
        assert_eq!(
            body_text(&r),
            r#"{"referenceTransactionDetails":{"referenceTransactionId":"84356531348"},"amount":{"total":10.00,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
    }

    #[test]
    fn full_refund_by_merchant_transaction_id_omits_the_amount() {
        // Spec example SecondaryRequestWithReferenceMerchantTransactionId, without amount.
        let input = json!({ "referenceMerchantTransactionId": "ac81864d7c9d1ff8b5aa6e98db", "referenceTransactionType": "CHARGES",
                            "merchantTransactionId": "refund-42" });
        let r = read_refund(&input, 0).unwrap().request(BASE, &merchant(), "k");
        assert_eq!(
            body_text(&r),
            r#"{"referenceTransactionDetails":{"referenceMerchantTransactionId":"ac81864d7c9d1ff8b5aa6e98db","referenceTransactionType":"CHARGES"},"transactionDetails":{"merchantTransactionId":"refund-42"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
    }

    #[test]
    fn uri_form_is_the_seed_example() {
        // Seed 004 "Refund Using URI": partial refund of 1.50 USD.
        let fields = charge_refund_fields(Some(&json!("84356531338")), Some(&json!({ "amount": { "value": "1.50", "currency": "USD" } }))).unwrap();
        let r = read_charge_refund(&fields, 0).unwrap().request(BASE, &merchant(), "k");
        assert_eq!(r.url, "https://connect-cert.fiservapis.com/ch/payments/v1/charges/84356531338/refund");
        assert_eq!(
            body_text(&r),
            r#"{"amount":{"total":1.50,"currency":"USD"},"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#
        );
        let full = charge_refund_fields(Some(&json!("a/b c")), None).unwrap();
        let r = read_charge_refund(&full, 0).unwrap().request(BASE, &merchant(), "k");
        assert_eq!(r.url, "https://connect-cert.fiservapis.com/ch/payments/v1/charges/a%2Fb%20c/refund");
        assert_eq!(body_text(&r), r#"{"merchantDetails":{"merchantId":"100008000003683","terminalId":"10000001"}}"#);
    }

    #[test]
    fn jpy_and_kwd_totals() {
        for (amount, total) in [(json!({ "minor": 500, "currency": "JPY" }), r#""total":500,"#), (json!({ "minor": 1234, "currency": "KWD" }), r#""total":1.234,"#)] {
            let input = json!({ "referenceTransactionId": "1", "amount": amount });
            let r = read_refund(&input, 0).unwrap().request(BASE, &merchant(), "k");
            assert!(body_text(&r).contains(total), "{}", body_text(&r));
        }
    }

    #[test]
    fn pin_based_source_is_sent_whole() {
        let input = json!({ "referenceTransactionId": "84356531348", "source": pin_source() });
        let r = read_refund(&input, 0).unwrap().request(BASE, &merchant(), "k");
        let body: Value = serde_json::from_slice(r.body.as_ref().unwrap()).unwrap();
        assert_eq!(body["source"], pin_source());
        let track = json!({ "transactionId": "1", "source": { "sourceType": "PaymentTrack",
            "encryptionData": { "encryptionType": "ON_GUARD", "encryptionTarget": "TRACK_2", "encryptionBlock": "x" },
            "pinBlock": { "encryptedPin": "p" } } });
        assert!(read_charge_refund(&track, 0).is_ok());
    }

    #[test]
    fn a_pin_source_without_encryption_data_or_pin_block_is_refused() {
        let mut no_pin = pin_source();
        no_pin.as_object_mut().unwrap().remove("pinBlock");
        let input = json!({ "referenceTransactionId": "1", "source": no_pin });
        assert_eq!(issues(read_refund(&input, 0)), [("source.pinBlock".to_string(), IssueCode::Required)]);
        let mut no_enc = pin_source();
        no_enc.as_object_mut().unwrap().remove("encryptionData");
        let input = json!({ "transactionId": "1", "source": no_enc });
        assert_eq!(issues(read_charge_refund(&input, 0)), [("source.encryptionData".to_string(), IssueCode::Required)]);
        let input = json!({ "referenceTransactionId": "1", "source": { "sourceType": "PaymentCard", "pinBlock": {} } });
        assert_eq!(
            issues(read_refund(&input, 0)),
            [
                ("source.sourceType".to_string(), IssueCode::InvalidEnum),
                ("source.encryptionData".to_string(), IssueCode::Required),
                ("source.pinBlock.encryptedPin".to_string(), IssueCode::Required)
            ]
        );
    }

    #[test]
    fn exactly_one_reference_id() {
        let both = json!({ "referenceTransactionId": "1", "referenceMerchantTransactionId": "m" });
        assert_eq!(issues(read_refund(&both, 0)), [("referenceTransactionId".to_string(), IssueCode::Conflict)]);
        assert_eq!(issues(read_refund(&json!({}), 0)), [("referenceTransactionId".to_string(), IssueCode::Required)]);
    }

    #[test]
    fn lengths_types_and_amounts() {
        let cases = [
            (json!({ "referenceTransactionId": "1".repeat(41) }), "referenceTransactionId", IssueCode::TooLong),
            (json!({ "referenceMerchantTransactionId": "m".repeat(129) }), "referenceMerchantTransactionId", IssueCode::TooLong),
            (json!({ "referenceTransactionId": "1", "referenceTransactionType": "REFUND" }), "referenceTransactionType", IssueCode::InvalidEnum),
            (json!({ "referenceTransactionId": "1", "amount": { "value": "10.001", "currency": "USD" } }), "amount", IssueCode::TooManyDecimals),
            (json!({ "referenceTransactionId": "1", "amount": { "minor": 0, "currency": "USD" } }), "amount.minor", IssueCode::NotPositive),
            (json!({ "referenceTransactionId": "1", "merchantTransactionId": "" }), "merchantTransactionId", IssueCode::TooShort),
        ];
        for (input, path, code) in cases {
            assert_eq!(issues(read_refund(&input, 0)), [(path.to_string(), code)], "{input}");
        }
        assert!(read_refund(&json!({ "referenceTransactionId": "1".repeat(40) }), 0).is_ok());
        assert!(read_refund(&json!({ "referenceMerchantTransactionId": "m".repeat(128) }), 0).is_ok());
        assert_eq!(issues(read_charge_refund(&json!({ "transactionId": "1".repeat(41) }), 0)), [("transactionId".to_string(), IssueCode::TooLong)]);
        assert_eq!(issues(read_charge_refund(&json!({}), 0)), [("transactionId".to_string(), IssueCode::Required)]);
        assert_eq!(charge_refund_fields(Some(&json!("1")), Some(&json!("x"))).unwrap_err()[0].path, "input");
    }

    #[test]
    fn builders_are_validated_by_kind() {
        assert_eq!(validate_builder(KIND_REFUND, &json!({ "referenceTransactionId": "1" }), 0), Some(vec![]));
        assert_eq!(validate_builder(KIND_CHARGE_REFUND, &json!({}), 0).unwrap()[0].path, "transactionId");
        assert_eq!(validate_builder("PayrocRefund", &json!({}), 0), None);
    }

    #[test]
    fn debug_output_hides_the_source() {
        let input = json!({ "referenceTransactionId": "1", "source": pin_source() });
        let shown = format!("{:?}", read_refund(&input, 0).unwrap());
        assert!(!shown.contains("4614507291879694") && !shown.contains("F5f36kA"), "{shown}");
    }
}
