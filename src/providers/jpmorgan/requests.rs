//! The caller's refund inputs, their validation, and the HTTP requests they become.
//!
//! One reader serves `refund()`, `standaloneRefund()` and the `JpMorganRefund` builder, so
//! a field means the same thing, with the same issue path, wherever it is given.

use super::wire;
use crate::card::{CardExpiry, CardNumber};
use crate::error::RefundError;
use crate::http::{encode_component, join_url, with_query, HttpRequest, Method};
use crate::money::Money;
use crate::result::ProviderName;
use crate::validation::{Fields, IssueCode, ValidationIssue};
use serde_json::Value;

/// The one builder kind: every refund form, told apart by which reference is set.
pub const KIND_REFUND: &str = "JpMorganRefund";

/// `initiatorType` (spec enum).
pub const INITIATOR_TYPES: &[&str] = &["CARDHOLDER", "MERCHANT"];
/// `accountOnFile` (spec enum).
pub const ACCOUNT_ON_FILE: &[&str] = &["NOT_STORED", "STORED", "TO_BE_STORED"];

/// NOT CONFIRMED: J.P. Morgan publishes no maximum length for `transactionReferenceId` or a
/// `request-id`; the documented ids are 36-character UUIDs. 100 leaves room and stops junk.
pub const MAX_ID_LEN: usize = 100;

/// Every field an input may have; anything else is refused, so a mistyped `amount` can
/// never turn a partial refund into a full one.
const FIELDS: &[&str] = &["transactionId", "captureId", "card", "amount", "initiatorType", "accountOnFile"];
const CARD_FIELDS: &[&str] = &["accountNumber", "expiry"];

/// What is being refunded.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A payment, by its `transactionId`: a full refund without an amount, else partial.
    Transaction(String),
    /// One capture of a multi-capture order, by its `captureId`.
    Capture(String),
    /// A standalone refund straight to a card.
    Card { number: CardNumber, expiry: CardExpiry },
}

/// A validated refund, ready to become a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundInput {
    pub target: Target,
    /// `None` refunds what is left of the payment or capture (the amount is omitted).
    pub amount: Option<Money>,
    pub initiator_type: Option<String>,
    pub account_on_file: Option<String>,
}

/// Which forms a method accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `refund()`: `transactionId` or `captureId`.
    Referenced,
    /// `standaloneRefund()`: `card` and `amount`.
    Standalone,
    /// The builder: exactly one of `transactionId`, `captureId` or `card`.
    Any,
}

/// Reads and checks a refund input; every issue names its field.
pub fn read_refund(value: &Value, form: Form, now_ms: u64) -> Result<RefundInput, Vec<ValidationIssue>> {
    let mut f = Fields::new(value, "", now_ms);
    refuse_unknown_fields(&mut f, value, FIELDS);
    let transaction_id = read_id(&mut f, "transactionId");
    let capture_id = read_id(&mut f, "captureId");
    let card = f.nested("card", |c| {
        let number = c.req_card_number("accountNumber");
        let expiry = c.req_expiry("expiry");
        Some((number?, expiry?))
    });
    if let Some(card_value) = f.raw("card") {
        refuse_unknown_fields_at(&mut f, card_value, CARD_FIELDS, "card");
    }
    let amount = f.opt_money("amount");
    let initiator_type = f.opt_enum("initiatorType", INITIATOR_TYPES);
    let account_on_file = f.opt_enum("accountOnFile", ACCOUNT_ON_FILE);

    let allowed: &[&str] = match form {
        Form::Referenced => &["transactionId", "captureId"],
        Form::Standalone => &["card"],
        Form::Any => &["transactionId", "captureId", "card"],
    };
    check_one_target(&mut f, form, allowed);
    let is_card = f.has("card") && !f.has("transactionId") && !f.has("captureId");
    if (is_card || form == Form::Standalone) && !f.has("amount") {
        f.issue("amount", IssueCode::Required, "is required for a standalone (card) refund");
    }
    if !is_card {
        for name in ["initiatorType", "accountOnFile"] {
            if f.has(name) {
                f.issue(name, IssueCode::Conflict, "is only sent with a standalone (card) refund");
            }
        }
    }

    let target = match (transaction_id, capture_id, card) {
        (Some(id), None, None) => Some(Target::Transaction(id)),
        (None, Some(id), None) => Some(Target::Capture(id)),
        (None, None, Some((number, expiry))) => Some(Target::Card { number, expiry }),
        _ => None,
    };
    let input = target.map(|target| RefundInput { target, amount, initiator_type, account_on_file });
    f.finish(input)
}

/// A reference id: 1 to [`MAX_ID_LEN`] visible ASCII characters.
fn read_id(f: &mut Fields, name: &str) -> Option<String> {
    let id = f.opt_str(name, 1, MAX_ID_LEN)?;
    if id.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        Some(id)
    } else {
        f.issue(name, IssueCode::InvalidFormat, "must be visible ASCII characters without spaces, as J.P. Morgan returned it");
        None
    }
}

/// Exactly one of the targets `allowed`; the others are refused by name.
fn check_one_target(f: &mut Fields, form: Form, allowed: &[&str]) {
    let present: Vec<&str> = ["transactionId", "captureId", "card"].into_iter().filter(|n| f.has(n)).collect();
    for name in present.iter().filter(|n| !allowed.contains(n)) {
        let message = match form {
            Form::Referenced => "refunds to a card are made with standaloneRefund()",
            _ => "is not sent with a standalone refund: standaloneRefund() refunds to a card, refund() refunds a payment or capture",
        };
        f.issue(name, IssueCode::Conflict, message);
    }
    let given: Vec<&str> = present.iter().copied().filter(|n| allowed.contains(n)).collect();
    let choices = match form {
        Form::Referenced => "transactionId (the payment) or captureId (one capture of a multi-capture order)",
        Form::Standalone => "card",
        Form::Any => "transactionId, captureId or card",
    };
    match given.as_slice() {
        [] if present.is_empty() || form == Form::Standalone => {
            let first = allowed.first().copied().unwrap_or("transactionId");
            f.issue(first, IssueCode::Required, &format!("give {choices}"));
        }
        [] | [_] => {}
        several => {
            let listed = several.join(" and ");
            for name in several {
                f.issue(name, IssueCode::Conflict, &format!("give exactly one of {choices}, not {listed}"));
            }
        }
    }
}

fn refuse_unknown_fields(f: &mut Fields, value: &Value, known: &[&str]) {
    if let Some(map) = value.as_object() {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            f.issue(key, IssueCode::Unknown, &format!("is not a field of a J.P. Morgan refund (fields: {})", known.join(", ")));
        }
    }
}

fn refuse_unknown_fields_at(f: &mut Fields, value: &Value, known: &[&str], prefix: &str) {
    if let Some(map) = value.as_object() {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            f.issue(&format!("{prefix}.{key}"), IssueCode::Unknown, &format!("is not a card field (fields: {})", known.join(", ")));
        }
    }
}

/// Validates a builder of this provider; `None` when `kind` is not one of ours.
pub fn validate_builder(kind: &str, fields: &Value, now_ms: u64) -> Option<Vec<ValidationIssue>> {
    (kind == KIND_REFUND).then(|| read_refund(fields, Form::Any, now_ms).err().unwrap_or_default())
}

/// The `POST /refunds` body for a validated input.
pub fn refund_body(input: &RefundInput, software: &wire::MerchantSoftware) -> wire::Refund {
    let (transaction_reference, card) = match &input.target {
        Target::Transaction(id) | Target::Capture(id) => {
            (Some(wire::TransactionReference { transaction_reference_id: id.clone() }), None)
        }
        Target::Card { number, expiry } => (
            None,
            Some(wire::RefundCard {
                account_number: number.clone(),
                expiry: wire::Expiry { month: expiry.month, year: expiry.year },
            }),
        ),
    };
    wire::Refund {
        amount: input.amount.map(|m| m.minor()),
        currency: input.amount.map(|m| m.currency().code().to_string()),
        initiator_type: input.initiator_type.clone(),
        account_on_file: input.account_on_file.clone(),
        payment_method_type: wire::PaymentMethodType { transaction_reference, card },
        merchant: wire::Merchant { merchant_software: software.clone() },
    }
}

/// Where requests go and who they are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub base_url: String,
    pub merchant_id: String,
}

impl Endpoint {
    fn request(&self, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(method, join_url(&self.base_url, path)).header("merchant-id", self.merchant_id.clone())
    }

    /// `POST /refunds` with `request-id` = the call's idempotency key (kept on retries).
    pub fn refund(&self, input: &RefundInput, software: &wire::MerchantSoftware, request_id: &str) -> HttpRequest {
        self.request(Method::Post, "refunds").header("request-id", request_id).json(&refund_body(input, software))
    }

    /// `GET /refunds/{transactionId}` (no `request-id`, as the spec has it).
    pub fn get_refund(&self, transaction_id: &str) -> HttpRequest {
        self.request(Method::Get, &format!("refunds/{}", encode_component(transaction_id)))
    }

    /// `GET /refunds?requestIdentifier=` with a new `request-id` of its own (the spec
    /// requires the header on this call too).
    pub fn get_refund_by_request_id(&self, wanted: &str, request_id: &str) -> HttpRequest {
        let mut r = self.request(Method::Get, "refunds").header("request-id", request_id);
        r.url = with_query(r.url, &[("requestIdentifier", wanted.to_string())]);
        r
    }
}

/// The single id argument of a lookup (`getRefund(transactionId)`).
pub fn read_lookup_id(args: &[Value], name: &str) -> Result<String, RefundError> {
    let value = args.first().cloned().unwrap_or(Value::Null);
    let wrapped = serde_json::json!({ name: value });
    let mut f = Fields::new(&wrapped, "", 0);
    if !f.has(name) {
        f.issue(name, IssueCode::Required, "is required");
    }
    let id = read_id(&mut f, name);
    f.finish(id).map_err(|issues| RefundError::validation(issues).with_provider(ProviderName::Jpmorgan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // 2026-11-23T00:00:00Z
    const NOW: u64 = 1_795_392_000_000;

    fn software(version: &str) -> wire::MerchantSoftware {
        wire::MerchantSoftware {
            company_name: "Payment Company".into(),
            product_name: "Application Name".into(),
            version: Some(version.into()),
        }
    }

    fn endpoint() -> Endpoint {
        Endpoint { base_url: "https://api-mock.payments.jpmorgan.com/api/v2".into(), merchant_id: "998482157632".into() }
    }

    fn body(input: Value, form: Form, software: &wire::MerchantSoftware) -> Value {
        let input = read_refund(&input, form, NOW).unwrap();
        let request = endpoint().refund(&input, software, "req-1");
        serde_json::from_slice(&request.body.unwrap()).unwrap()
    }

    fn issues(input: Value, form: Form) -> Vec<(String, IssueCode)> {
        read_refund(&input, form, NOW).unwrap_err().into_iter().map(|i| (i.path, i.code)).collect()
    }

    // The expected bodies are the seed's request examples (seed 003, "Refund a payment"),
    // copied as they are, except `version`: two examples send the number 1.235, and the spec
    // types it as a string, so we send "1.235".

    #[test]
    fn full_refund_body_matches_the_seed_example() {
        let sw = wire::MerchantSoftware {
            company_name: "J.P. Morgan Chase".into(),
            product_name: "Application Name".into(),
            version: Some("1.235".into()),
        };
        let got = body(json!({ "transactionId": "624e78df-a159-4f26-9d20-1f81841e15e7" }), Form::Referenced, &sw);
        let want = json!({
            "paymentMethodType": {
                "transactionReference": {
                    "transactionReferenceId": "624e78df-a159-4f26-9d20-1f81841e15e7"
                }
            },
            "merchant": {
                "merchantSoftware": {
                    "companyName": "J.P. Morgan Chase",
                    "productName": "Application Name",
                    "version": "1.235"
                }
            }
        });
        assert_eq!(got, want);
    }

    #[test]
    fn partial_refund_body_matches_the_seed_example() {
        let input = json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f",
                            "amount": { "minor": 900, "currency": "USD" } });
        let want = json!({
            "amount": 900,
            "currency": "USD",
            "paymentMethodType": {
                "transactionReference": {
                    "transactionReferenceId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f"
                }
            },
            "merchant": {
                "merchantSoftware": {
                    "companyName": "Payment Company",
                    "productName": "Application Name",
                    "version": "1.235"
                }
            }
        });
        assert_eq!(body(input, Form::Referenced, &software("1.235")), want);
        // Decimal text gives the same bytes.
        let text = json!({ "transactionId": "2150955d-47f7-4770-b6b7-6a8d0cbc114f",
                           "amount": { "value": "9.00", "currency": "USD" } });
        assert_eq!(body(text, Form::Any, &software("1.235")), want);
    }

    #[test]
    fn standalone_refund_body_matches_the_seed_example() {
        let input = json!({
            "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2027 } },
            "amount": { "minor": 1234, "currency": "USD" },
            "initiatorType": "CARDHOLDER",
            "accountOnFile": "NOT_STORED"
        });
        let want = json!({
            "merchant": {
                "merchantSoftware": {
                    "companyName": "Payment Company",
                    "productName": "Application Name",
                    "version": "1.235"
                }
            },
            "amount": 1234,
            "currency": "USD",
            "initiatorType": "CARDHOLDER",
            "accountOnFile": "NOT_STORED",
            "paymentMethodType": {
                "card": {
                    "accountNumber": "4012000033330026",
                    "expiry": {
                        "month": 5,
                        "year": 2027
                    }
                }
            }
        });
        assert_eq!(body(input.clone(), Form::Standalone, &software("1.235")), want);
        assert_eq!(body(input, Form::Any, &software("1.235")), want);
    }

    #[test]
    fn multi_capture_refund_body_matches_the_seed_example() {
        let want = json!({
            "paymentMethodType": {
                "transactionReference": {
                    "transactionReferenceId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513"
                }
            },
            "merchant": {
                "merchantSoftware": {
                    "companyName": "Payment Company",
                    "productName": "Application Name",
                    "version": "1.235"
                }
            }
        });
        let got = body(json!({ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513" }), Form::Referenced, &software("1.235"));
        assert_eq!(got, want);
        // With an amount (one capture refunded in part), amount and currency join the body.
        let got = body(
            json!({ "captureId": "cf0bd1da-0cff-4bf0-a295-d1310c46c513", "amount": { "minor": 100, "currency": "USD" } }),
            Form::Referenced,
            &software("1.235"),
        );
        assert_eq!((got["amount"].clone(), got["currency"].clone()), (json!(100), json!("USD")));
        assert_eq!(got["paymentMethodType"], want["paymentMethodType"]);
    }

    #[test]
    fn headers_and_urls() {
        let input = read_refund(&json!({ "transactionId": "t-1" }), Form::Referenced, NOW).unwrap();
        let post = endpoint().refund(&input, &software("1"), "9f4068e9-81b2-40aa-80fc-010e96526b21");
        assert_eq!(post.method, Method::Post);
        assert_eq!(post.url, "https://api-mock.payments.jpmorgan.com/api/v2/refunds");
        assert_eq!(post.get_header("merchant-id"), Some("998482157632"));
        assert_eq!(post.get_header("request-id"), Some("9f4068e9-81b2-40aa-80fc-010e96526b21"));
        assert_eq!(post.get_header("content-type"), Some("application/json"));

        let get = endpoint().get_refund("948a288a-fe83-43ed-99eb-c1ca7afa1b3e");
        assert_eq!(get.url, "https://api-mock.payments.jpmorgan.com/api/v2/refunds/948a288a-fe83-43ed-99eb-c1ca7afa1b3e");
        assert_eq!((get.method, get.body.as_ref()), (Method::Get, None));
        assert_eq!(get.get_header("merchant-id"), Some("998482157632"));
        assert_eq!(get.get_header("request-id"), None);

        let by = endpoint().get_refund_by_request_id("orig/1", "new-2");
        assert_eq!(by.url, "https://api-mock.payments.jpmorgan.com/api/v2/refunds?requestIdentifier=orig%2F1");
        assert_eq!(by.get_header("request-id"), Some("new-2"));
    }

    #[test]
    fn exactly_one_reference() {
        let usd = json!({ "minor": 100, "currency": "USD" });
        assert_eq!(
            issues(json!({ "transactionId": "a", "captureId": "b", "amount": usd }), Form::Referenced),
            [("transactionId".into(), IssueCode::Conflict), ("captureId".into(), IssueCode::Conflict)]
        );
        let card = json!({ "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2027 } });
        assert_eq!(
            issues(json!({ "transactionId": "a", "card": card, "amount": usd }), Form::Any),
            [("transactionId".into(), IssueCode::Conflict), ("card".into(), IssueCode::Conflict)]
        );
        assert_eq!(issues(json!({}), Form::Any), [("transactionId".into(), IssueCode::Required)]);
        assert_eq!(issues(json!({}), Form::Standalone), [("card".into(), IssueCode::Required), ("amount".into(), IssueCode::Required)]);
        assert_eq!(issues(json!({ "card": card, "amount": usd }), Form::Referenced), [("card".into(), IssueCode::Conflict)]);
        assert_eq!(
            issues(json!({ "transactionId": "a", "card": card, "amount": usd }), Form::Standalone),
            [("transactionId".into(), IssueCode::Conflict)]
        );
        let msg = &read_refund(&json!({ "transactionId": "a", "captureId": "b" }), Form::Any, NOW).unwrap_err()[0].message;
        assert!(msg.contains("transactionId and captureId"), "{msg}");
    }

    #[test]
    fn card_amount_and_enum_issues_name_the_field() {
        let input = json!({
            "card": { "accountNumber": "4012000033330027", "expiry": { "month": 5, "year": 2020 } },
            "amount": { "minor": 10.5, "currency": "USD" },
            "initiatorType": "ROBOT",
            "accountOnFile": "MAYBE"
        });
        assert_eq!(
            issues(input, Form::Standalone),
            [
                ("card.accountNumber".into(), IssueCode::InvalidCardNumber),
                ("card.expiry".into(), IssueCode::CardExpired),
                ("amount.minor".into(), IssueCode::NotAnInteger),
                ("initiatorType".into(), IssueCode::InvalidEnum),
                ("accountOnFile".into(), IssueCode::InvalidEnum),
            ]
        );
        let err = read_refund(&json!({ "card": { "accountNumber": "4012000033330027" } }), Form::Standalone, NOW).unwrap_err();
        assert!(err.iter().all(|i| !i.message.contains("4012000033330027")));
        assert_eq!(issues(json!({ "transactionId": "a", "amount": { "value": "1.001", "currency": "USD" } }), Form::Referenced),
                   [("amount".into(), IssueCode::TooManyDecimals)]);
    }

    #[test]
    fn unknown_fields_and_standalone_only_fields_are_refused() {
        assert_eq!(
            issues(json!({ "transactionId": "a", "amout": { "minor": 1, "currency": "USD" } }), Form::Referenced),
            [("amout".into(), IssueCode::Unknown)]
        );
        assert_eq!(
            issues(json!({ "transactionId": "a", "initiatorType": "MERCHANT" }), Form::Referenced),
            [("initiatorType".into(), IssueCode::Conflict)]
        );
        let card = json!({ "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2027 }, "cvv": "123" });
        assert_eq!(
            issues(json!({ "card": card, "amount": { "minor": 1, "currency": "USD" } }), Form::Standalone),
            [("card.cvv".into(), IssueCode::Unknown)]
        );
        assert_eq!(issues(json!({ "transactionId": "has space" }), Form::Referenced), [("transactionId".into(), IssueCode::InvalidFormat)]);
        assert_eq!(issues(json!("624e78df"), Form::Referenced)[0], ("input".into(), IssueCode::InvalidType));
    }

    #[test]
    fn builder_validation_is_ours_only_for_our_kind() {
        assert_eq!(validate_builder("PayrocRefund", &json!({}), NOW), None);
        assert_eq!(validate_builder(KIND_REFUND, &json!({ "transactionId": "t" }), NOW), Some(vec![]));
        assert_eq!(validate_builder(KIND_REFUND, &json!({ "captureId": "" }), NOW).unwrap()[0].code, IssueCode::TooShort);
    }

    #[test]
    fn lookup_ids() {
        assert_eq!(read_lookup_id(&[json!("abc")], "transactionId").unwrap(), "abc");
        let e = read_lookup_id(&[], "transactionId").unwrap_err();
        assert_eq!((e.issues[0].path.as_str(), e.issues[0].code), ("transactionId", IssueCode::Required));
        assert_eq!(read_lookup_id(&[json!(5)], "requestId").unwrap_err().issues[0].code, IssueCode::InvalidType);
    }

    #[test]
    fn debug_never_shows_the_card_number() {
        let input = read_refund(
            &json!({ "card": { "accountNumber": "4012000033330026", "expiry": { "month": 5, "year": 2027 } },
                     "amount": { "minor": 1, "currency": "USD" } }),
            Form::Standalone,
            NOW,
        )
        .unwrap();
        let shown = format!("{input:?} {:?}", refund_body(&input, &software("1")));
        assert!(!shown.contains("4012000033330026") && shown.contains("401200******0026"), "{shown}");
    }
}
