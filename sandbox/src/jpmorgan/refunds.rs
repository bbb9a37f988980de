//! `POST /refunds` (full, partial, multi-capture by captureId, standalone),
//! `GET /refunds/{transactionId}` and `GET /refunds?requestIdentifier=`, with
//! `remainingRefundableAmount` kept per transaction and per capture.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::errors::{not_found, validation_error};
use super::extract::{replayed, JpmAuth, JpmJson, RequestId};
use super::state::{set_refund_outcome, JpmRefund, PaymentState, RefundState};
use crate::clock;
use crate::mask::luhn_ok;
use crate::state::{EntryKind, EntryStatus, LedgerEntry, Provider, Sandbox};

/// NOT CONFIRMED: J.P. Morgan publishes no refund decline trigger; this amount is DENIED.
pub const DENIED_AMOUNT: i64 = 4901;
/// NOT CONFIRMED: nor a pending one; this amount answers `transactionState: PENDING`.
pub const PENDING_AMOUNT: i64 = 4903;

enum Target {
    Reference(String),
    Standalone { masked: String, card_type: &'static str, card_type_name: &'static str },
}

struct RefundRequest {
    amount: Option<i64>,
    currency: Option<String>,
    target: Target,
    merchant_software: Value,
}

fn parse_refund(req: &Value) -> Result<RefundRequest, Response> {
    let software = req.pointer("/merchant/merchantSoftware").cloned().unwrap_or(Value::Null);
    for field in ["companyName", "productName"] {
        if software.get(field).and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(validation_error(
                &format!("merchant.merchantSoftware.{field}"),
                "MISSING_FIELD",
                &format!("merchant.merchantSoftware.{field} is required"),
            ));
        }
    }
    let amount = match req.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match a.as_i64() {
            Some(n) if n > 0 => Some(n),
            _ => return Err(validation_error("amount", "INVALID_AMOUNT", "amount must be a positive integer in minor units")),
        },
    };
    let currency = match req.get("currency") {
        None | Some(Value::Null) => None,
        Some(c) => match c.as_str().filter(|c| crate::money::exponent(c).is_some()) {
            Some(c) => Some(c.to_string()),
            None => return Err(validation_error("currency", "INVALID_CURRENCY", "currency must be an ISO 4217 alpha-3 code")),
        },
    };
    let method = req.get("paymentMethodType");
    let reference = method
        .and_then(|m| m.pointer("/transactionReference/transactionReferenceId"))
        .and_then(Value::as_str);
    let card = method.and_then(|m| m.get("card"));
    let target = match (reference, card) {
        (Some(r), None) if !r.is_empty() => Target::Reference(r.to_string()),
        (None, Some(card)) => {
            let pan = card.get("accountNumber").and_then(Value::as_str).unwrap_or("");
            if !(12..=19).contains(&pan.len()) || !pan.bytes().all(|b| b.is_ascii_digit()) || !luhn_ok(pan) {
                return Err(validation_error("paymentMethodType.card.accountNumber", "INVALID_ACCOUNT_NUMBER", "accountNumber must be 12-19 digits and pass the Luhn check"));
            }
            let month = card.pointer("/expiry/month").and_then(Value::as_i64).unwrap_or(0);
            let year = card.pointer("/expiry/year").and_then(Value::as_i64).unwrap_or(0);
            let (now_y, now_m) = clock::year_month();
            if !(1..=12).contains(&month) || (year, month) < (now_y, now_m as i64) {
                return Err(validation_error("paymentMethodType.card.expiry", "INVALID_EXPIRY", "expiry must be a month 1-12 and a 4-digit year, not in the past"));
            }
            if amount.is_none() || currency.is_none() {
                return Err(validation_error("amount", "MISSING_FIELD", "a standalone refund needs amount and currency"));
            }
            let (card_type, card_type_name) = match pan.as_bytes().first() {
                Some(b'4') => ("VI", "VISA"),
                Some(b'5') | Some(b'2') => ("MC", "MASTERCARD"),
                Some(b'3') => ("AX", "AMERICAN_EXPRESS"),
                Some(b'6') => ("DI", "DISCOVER"),
                _ => ("CC", "UNKNOWN"),
            };
            let masked = format!("{}{}{}", &pan[..6], "X".repeat(pan.len() - 10), &pan[pan.len() - 4..]);
            Target::Standalone { masked, card_type, card_type_name }
        }
        _ => {
            return Err(validation_error(
                "paymentMethodType",
                "MISSING_FIELD",
                "send exactly one of paymentMethodType.transactionReference.transactionReferenceId or paymentMethodType.card",
            ))
        }
    };
    Ok(RefundRequest { amount, currency, target, merchant_software: software })
}

pub async fn create_refund(
    _: JpmAuth,
    RequestId(request_id): RequestId,
    State(sandbox): State<Arc<Sandbox>>,
    OriginalUri(uri): OriginalUri,
    body: JpmJson,
) -> Response {
    let route = format!("POST {}", uri.path());
    replayed(&sandbox, &request_id, &route, &body.raw, |store| {
        let req = parse_refund(&body.value)?;
        let merchant_id = store.jpmorgan.merchant_id.clone();
        let refund_id = uuid::Uuid::new_v4().to_string();
        let outcome = match req.amount {
            Some(DENIED_AMOUNT) => RefundState::Declined,
            Some(PENDING_AMOUNT) => RefundState::Pending,
            _ => RefundState::Approved,
        };
        let mut response = json!({
            "transactionId": refund_id,
            "requestId": request_id,
            "transactionDate": clock::now_rfc3339_ms(),
            "initiatorType": "CARDHOLDER",
            "accountOnFile": "NOT_STORED",
            "merchant": { "merchantId": merchant_id, "merchantSoftware": req.merchant_software, "merchantCategoryCode": "4899" },
            "hostReferenceId": uuid::Uuid::new_v4().simple().to_string()[..22].to_string(),
        });
        let mut refund = JpmRefund { payment: None, amount: 0, state: outcome, allocations: Vec::new(), response: Value::Null };
        let ledger_reference;
        let (amount, currency) = match &req.target {
            Target::Standalone { masked, card_type, card_type_name } => {
                let amount = req.amount.unwrap_or(0);
                response["paymentMethodType"] = json!({ "card": { "cardType": card_type, "cardTypeName": card_type_name, "maskedAccountNumber": masked } });
                response["paymentRequest"] = json!({
                    "paymentRequestId": refund_id,
                    "paymentRequestStatus": "CLOSED",
                    "refunds": [{ "refundId": refund_id, "amount": amount, "transactionStatusCode": "CLOSED" }],
                });
                ledger_reference = None;
                (amount, req.currency.clone().unwrap_or_default())
            }
            Target::Reference(reference) => {
                let state = &mut store.jpmorgan;
                let Some((pi, ci)) = state.resolve(reference) else {
                    return Err(not_found("Transaction reference not found"));
                };
                let payment = &mut state.payments[pi];
                if payment.state != PaymentState::Closed {
                    // NOT CONFIRMED: J.P. Morgan's answer to a refund of an uncaptured
                    // authorization ("void only applies to authorizations that have not
                    // been captured"; a refund needs a capture).
                    return Err(validation_error(
                        "paymentMethodType.transactionReference.transactionReferenceId",
                        "TRANSACTION_NOT_CAPTURED",
                        &format!(
                            "the transaction is {} (not captured): void or reverse it with PATCH /payments/{{id}} instead of a refund",
                            payment.state.as_str()
                        ),
                    ));
                }
                if req.currency.as_deref().is_some_and(|c| c != payment.seed.currency) {
                    return Err(validation_error("currency", "CURRENCY_MISMATCH", &format!("currency must be {} like the original transaction", payment.seed.currency)));
                }
                let available = match ci {
                    Some(c) => payment.captures[c].amount - payment.captures[c].refunded,
                    None => payment.remaining(),
                };
                let amount = req.amount.unwrap_or(available);
                if available == 0 || amount > available {
                    // NOT CONFIRMED: JPM's code for "more than is left"; a validation error naming amount.
                    return Err(validation_error(
                        "amount",
                        "AMOUNT_EXCEEDS_REFUNDABLE",
                        &format!("refund amount {amount} exceeds the remaining refundable amount {available}"),
                    ));
                }
                if outcome != RefundState::Declined {
                    // A refund of the parent transaction is spread over its captures in order.
                    let mut left = amount;
                    let order: Vec<usize> = match ci {
                        Some(c) => vec![c],
                        None => (0..payment.captures.len()).collect(),
                    };
                    for c in order {
                        let cap = &mut payment.captures[c];
                        let take = left.min(cap.amount - cap.refunded);
                        if take > 0 {
                            cap.refunded += take;
                            refund.allocations.push((c, take));
                        }
                        left -= take;
                    }
                    payment.refund_ids.push(refund_id.clone());
                }
                refund.payment = Some(pi);
                let remaining = match ci {
                    Some(c) => payment.captures[c].amount - payment.captures[c].refunded,
                    None => payment.remaining(),
                };
                response["transactionReferenceId"] = json!(reference);
                response["remainingRefundableAmount"] = json!(remaining);
                response["paymentMethodType"] = json!({ "card": {
                    "cardType": payment.seed.card.card_type,
                    "cardTypeName": payment.seed.card.card_type_name,
                    "maskedAccountNumber": payment.seed.card.masked_account_number,
                }});
                ledger_reference = Some(reference.clone());
                (amount, payment.seed.currency.clone())
            }
        };
        refund.amount = amount;
        response["amount"] = json!(amount);
        response["currency"] = json!(currency);
        if let Some(pi) = refund.payment {
            response["paymentRequest"] = super::views::payment_request(&store.jpmorgan, pi, Some((&refund_id, amount)));
        }
        set_refund_outcome(&mut response, outcome, &refund_id);
        if outcome != RefundState::Declined {
            store.record(LedgerEntry {
                provider: Provider::Jpmorgan,
                kind: EntryKind::Refund,
                status: if outcome == RefundState::Pending { EntryStatus::Pending } else { EntryStatus::Succeeded },
                reference: ledger_reference,
                refund_id: refund_id.clone(),
                amount,
                currency,
                idempotency_key: request_id.clone(),
                time: clock::now_rfc3339(),
            });
        }
        if outcome == RefundState::Pending {
            store.pending_created(Provider::Jpmorgan, &refund_id);
        }
        refund.response = response.clone();
        store.jpmorgan.refunds.insert(refund_id.clone(), refund);
        Ok((response, Some(refund_id)))
    })
}

pub async fn refund_by_id(_: JpmAuth, State(sandbox): State<Arc<Sandbox>>, Path(id): Path<String>) -> Response {
    match sandbox.store().jpmorgan.refunds.get(&id) {
        Some(r) => Json(r.response.clone()).into_response(),
        None => not_found("Refund not found"),
    }
}

/// The refund made with that request-id, as it is now.
pub async fn refund_by_request_id(
    _: JpmAuth,
    _: RequestId,
    State(sandbox): State<Arc<Sandbox>>,
    OriginalUri(uri): OriginalUri,
) -> Response {
    let query: HashMap<String, String> = match Query::try_from_uri(&uri) {
        Ok(Query(q)) => q,
        Err(_) => return validation_error("query", "INVALID_QUERY", "The query string could not be parsed"),
    };
    let Some(wanted) = query.get("requestIdentifier") else {
        return validation_error("requestIdentifier", "MISSING_FIELD", "requestIdentifier query parameter is required");
    };
    let store = sandbox.store();
    let refund = store
        .jpmorgan
        .requests
        .get(wanted)
        .and_then(|saved| saved.refund_id.as_ref())
        .and_then(|id| store.jpmorgan.refunds.get(id));
    match refund {
        Some(r) => Json(r.response.clone()).into_response(),
        None => not_found("No refund was made with that request-id"),
    }
}
