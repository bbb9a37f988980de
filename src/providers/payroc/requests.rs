//! The HTTP requests Payroc's operations make, one function per request, from validated
//! inputs. Every POST carries the call's `Idempotency-Key`; GET and DELETE do not.

use super::inputs::{Filters, InstructionInput, RefundInput, ReverseInput, UnreferencedInput};
use crate::http::{url, with_query, HttpRequest, Method};
use crate::json::Value;

fn post(url: String, body: &Value, idempotency_key: &str) -> HttpRequest {
    HttpRequest::new(Method::Post, url).header("Idempotency-Key", idempotency_key).json(body)
}

/// `GET /payments/{paymentId}`.
pub fn get_payment(api: &str, payment_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["payments", payment_id]))
}

/// `GET /payments?...`.
pub fn list_payments(api: &str, filters: &Filters) -> HttpRequest {
    HttpRequest::new(Method::Get, with_query(url(api, &["payments"]), &filters.query))
}

/// `POST /payments/{paymentId}/refund` `{ operator?, amount, description }`.
pub fn refund(api: &str, input: &RefundInput, amount: u64, idempotency_key: &str) -> HttpRequest {
    let body = crate::obj! { "operator" => &input.operator, "amount" => amount, "description" => &input.description };
    post(url(api, &["payments", &input.payment_id, "refund"]), &body, idempotency_key)
}

/// `POST /payments/{paymentId}/reverse` `{ operator?, amount? }` (no amount: all of it).
pub fn reverse(api: &str, input: &ReverseInput, idempotency_key: &str) -> HttpRequest {
    let body = crate::obj! { "operator" => &input.operator, "amount" => input.amount.map(|m| m.minor()) };
    post(url(api, &["payments", &input.payment_id, "reverse"]), &body, idempotency_key)
}

/// `POST /refunds` (unreferenced refund).
pub fn unreferenced_refund(api: &str, input: &UnreferencedInput, idempotency_key: &str) -> HttpRequest {
    post(url(api, &["refunds"]), &input.body, idempotency_key)
}

/// `GET /refunds/{refundId}`.
pub fn get_refund(api: &str, refund_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["refunds", refund_id]))
}

/// `GET /refunds?...`.
pub fn list_refunds(api: &str, filters: &Filters) -> HttpRequest {
    HttpRequest::new(Method::Get, with_query(url(api, &["refunds"]), &filters.query))
}

/// `POST /devices/{serialNumber}/refund-instructions`.
pub fn submit_instruction(api: &str, input: &InstructionInput, idempotency_key: &str) -> HttpRequest {
    post(url(api, &["devices", &input.serial_number, "refund-instructions"]), &input.body, idempotency_key)
}

/// `GET /refund-instructions/{refundInstructionId}` (long poll).
pub fn get_instruction(api: &str, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, url(api, &["refund-instructions", id]))
}

/// `DELETE /refund-instructions/{refundInstructionId}`.
pub fn cancel_instruction(api: &str, id: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, url(api, &["refund-instructions", id]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{Currency, Money};

    const API: &str = "https://api.uat.payroc.com/v1";

    fn input(amount: Option<u64>) -> RefundInput {
        RefundInput {
            payment_id: "M2MJOG6O2Y".into(),
            amount: amount.map(|m| Money::from_minor(m, Currency::from_code("USD").unwrap(), "a").unwrap()),
            description: "Refund for order OrderRef6543".into(),
            operator: None,
            check_remaining: false,
        }
    }

    #[test]
    fn refund_body_is_the_reference_example() {
        // reference/payroc.md §1, from Payroc's .NET SDK test.
        let r = refund(API, &input(Some(4999)), 4999, "8e03978e-40d5-43e8-bc93-6894a57f9324");
        assert_eq!(r.url, "https://api.uat.payroc.com/v1/payments/M2MJOG6O2Y/refund");
        assert_eq!(r.body.as_deref(), Some(r#"{"amount":4999,"description":"Refund for order OrderRef6543"}"#));
        assert_eq!(r.get_header("Idempotency-Key"), Some("8e03978e-40d5-43e8-bc93-6894a57f9324"));
        assert_eq!(r.get_header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn reverse_leaves_the_amount_out_for_all_of_it() {
        let full = ReverseInput { payment_id: "M2MJOG6O2Y".into(), amount: None, operator: Some("Jane".into()) };
        let r = reverse(API, &full, "k");
        assert_eq!((r.url.as_str(), r.body.as_deref()), ("https://api.uat.payroc.com/v1/payments/M2MJOG6O2Y/reverse", Some(r#"{"operator":"Jane"}"#)));
        let part = ReverseInput { amount: input(Some(500)).amount, ..full };
        assert_eq!(reverse(API, &part, "k").body.as_deref(), Some(r#"{"operator":"Jane","amount":500}"#));
    }

    #[test]
    fn ids_are_encoded_in_paths_and_reads_carry_no_key() {
        let r = get_payment(API, "../x?y=1/z");
        assert_eq!(r.url, format!("{API}/payments/..%2Fx%3Fy%3D1%2Fz"));
        assert_eq!((r.method, r.get_header("Idempotency-Key")), (Method::Get, None));
        assert_eq!(cancel_instruction(API, "a3").method, Method::Delete);
    }
}
