//! `GET /payments` and `GET /refunds`: filters and cursor paging (`limit`, `before`,
//! `after`, `hasMore`, `links`). Cursors are the ids, as in Payroc's examples; results are
//! in the order the records were made (seed order for payments), oldest first. NOT
//! CONFIRMED: the real sort order.

use std::cmp::Ordering;
use std::sync::Arc;

use axum::extract::{OriginalUri, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::errors::bad_request;
use super::extract::{BaseUrl, PayrocAuth};
use super::state::{Payment, Refund, Settlement};
use super::views::{payment_json, refund_json};
use crate::state::Sandbox;

const PAYMENT_FILTERS: &[&str] = &[
    "processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4",
    "dateFrom", "dateTo", "settlementState",
];

const REFUND_FILTERS: &[&str] = &[
    "processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4", "tender",
    "dateFrom", "dateTo", "settlementState", "settlementDate",
];

const STATUSES: &[&str] = &[
    "ready", "pending", "declined", "complete", "referral", "pickup", "reversal", "admin", "expired", "accepted",
];

struct Params(Vec<(String, String)>);

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// A list parameter sent repeated (`status=a&status=b`, as the SDK does) or as `status[]`.
    fn all(&self, name: &str) -> Vec<&str> {
        let bracketed = format!("{name}[]");
        self.0.iter().filter(|(k, _)| *k == name || *k == bracketed).map(|(_, v)| v.as_str()).collect()
    }
}

/// The query of either list, with the filters both share checked.
fn params(uri: &axum::http::Uri) -> Result<Params, Response> {
    let p = match Query::<Vec<(String, String)>>::try_from_uri(uri) {
        Ok(Query(q)) => Params(q),
        Err(_) => return Err(bad_request("query", "The query string could not be parsed")),
    };
    check_common(&p)?;
    Ok(p)
}

/// The filters both lists share.
fn check_common(p: &Params) -> Result<(), Response> {
    for (name, len) in [("first6", 6), ("last4", 4)] {
        if let Some(v) = p.get(name) {
            if v.len() != len || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_request(name, &format!("{name} must be {len} digits")));
            }
        }
    }
    if let Some(s) = p.get("settlementState") {
        if s != "settled" && s != "unsettled" {
            return Err(bad_request("settlementState", "settlementState must be settled or unsettled"));
        }
    }
    for name in ["dateFrom", "dateTo"] {
        if let Some(d) = p.get(name) {
            if d.len() < 10 || !d.is_char_boundary(10) || d.as_bytes().get(4) != Some(&b'-') {
                return Err(bad_request(name, &format!("{name} must be an ISO 8601 date-time")));
            }
        }
    }
    Ok(())
}

/// One page of `items` (already filtered) by the cursor parameters, with `links` that
/// keep the filters.
fn page<T>(
    items: &[&T],
    id: impl Fn(&T) -> &str,
    render: impl Fn(&T) -> Value,
    p: &Params,
    filters: &[&str],
    href_base: &str,
) -> Result<Value, Response> {
    let limit = match p.get("limit") {
        None => 10,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err(bad_request("limit", "limit must be an integer from 1 to 100")),
        },
    };
    let (before, after) = (p.get("before"), p.get("after"));
    if before.is_some() && after.is_some() {
        return Err(bad_request("before", "You can’t send the before parameter in the same request as the after parameter."));
    }
    let position = |cursor: &str| items.iter().position(|t| id(t) == cursor);
    let (start, end) = match (before, after) {
        (Some(b), _) => {
            let Some(i) = position(b) else { return Err(bad_request("before", "unknown cursor")) };
            (i.saturating_sub(limit), i)
        }
        (_, Some(a)) => {
            let Some(i) = position(a) else { return Err(bad_request("after", "unknown cursor")) };
            (i + 1, (i + 1 + limit).min(items.len()))
        }
        _ => (0, limit.min(items.len())),
    };
    let shown = items.get(start.min(end)..end).unwrap_or(&[]);
    let has_more = if before.is_some() { start > 0 } else { end < items.len() };

    let mut kept: Vec<String> = Vec::new();
    for f in filters {
        if let Some(v) = p.get(f) {
            kept.push(format!("{f}={}", encode(v)));
        }
    }
    for s in p.all("status") {
        kept.push(format!("status={}", encode(s)));
    }
    kept.push(format!("limit={limit}"));
    let href = |cursor: String| format!("{href_base}?{}&{cursor}", kept.join("&"));
    let mut links = Vec::new();
    if let (true, Some(last)) = (end < items.len(), shown.last()) {
        links.push(json!({ "rel": "next", "method": "get", "href": href(format!("after={}", id(last))) }));
    }
    if let (true, Some(first)) = (start > 0, shown.first()) {
        links.push(json!({ "rel": "previous", "method": "get", "href": href(format!("before={}", id(first))) }));
    }
    Ok(json!({
        "limit": limit,
        "count": shown.len(),
        "hasMore": has_more,
        "links": links,
        "data": shown.iter().map(|t| render(t)).collect::<Vec<_>>(),
    }))
}

pub async fn list_payments(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let store = sandbox.store();
    let state = &store.payroc;
    let matching: Vec<&Payment> = state.payments.iter().filter(|pay| payment_matches(pay, &p)).collect();
    let href_base = format!("{base}/payroc/v1/payments");
    match page(&matching, |pay| &pay.seed.id, |pay| payment_json(state, pay, &base), &p, PAYMENT_FILTERS, &href_base) {
        Ok(body) => axum::Json(body).into_response(),
        Err(r) => r,
    }
}

pub async fn list_refunds(
    _: PayrocAuth,
    State(sandbox): State<Arc<Sandbox>>,
    OriginalUri(uri): OriginalUri,
    BaseUrl(base): BaseUrl,
) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Some(t) = p.get("tender") {
        if t != "ebt" && t != "creditDebit" {
            return bad_request("tender", "tender must be ebt or creditDebit");
        }
    }
    if let Some(s) = p.all("status").into_iter().find(|s| !STATUSES.contains(s)) {
        return bad_request("status", &format!("status {s} is not one of {}", STATUSES.join(", ")));
    }
    if let Some(d) = p.get("settlementDate") {
        let b = d.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !d.bytes().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
            return bad_request("settlementDate", "settlementDate must be a date YYYY-MM-DD");
        }
    }
    let store = sandbox.store();
    let state = &store.payroc;
    let matching: Vec<&Refund> = state
        .refund_order
        .iter()
        .filter_map(|id| state.refunds.get(id))
        .filter(|r| refund_matches(r, &p))
        .collect();
    let href_base = format!("{base}/payroc/v1/refunds");
    match page(&matching, |r| &r.id, |r| refund_json(state, r, &base), &p, REFUND_FILTERS, &href_base) {
        Ok(body) => axum::Json(body).into_response(),
        Err(r) => r,
    }
}

fn payment_matches(pay: &Payment, p: &Params) -> bool {
    let s = &pay.seed;
    let card = &s.card.card_number;
    let eq = |name: &str, value: &str| p.get(name).is_none_or(|v| v == value);
    eq("processingTerminalId", &s.processing_terminal_id)
        && eq("orderId", &s.order_id)
        && eq("cardholderName", &s.card.cardholder_name)
        && p.get("first6").is_none_or(|v| card.starts_with(v))
        && p.get("last4").is_none_or(|v| card.ends_with(v))
        && in_dates(&s.date_time, p)
        && eq("settlementState", pay.settlement.state())
        // Seeded payments have no operator, so an operator filter matches none of them.
        && p.get("operator").is_none()
}

fn refund_matches(r: &Refund, p: &Params) -> bool {
    let card = r.card.get("cardNumber").and_then(Value::as_str).unwrap_or("");
    let holder = r.card.get("cardholderName").and_then(Value::as_str);
    let statuses = p.all("status");
    let eq = |name: &str, value: &str| p.get(name).is_none_or(|v| v == value);
    eq("processingTerminalId", &r.processing_terminal_id)
        && eq("orderId", &r.order_id)
        && p.get("operator").is_none_or(|v| r.operator.as_deref() == Some(v))
        && p.get("cardholderName").is_none_or(|v| holder == Some(v))
        && p.get("first6").is_none_or(|v| card.starts_with(v))
        && p.get("last4").is_none_or(|v| card.ends_with(v))
        // Every sandbox card is a credit/debit card; none is EBT.
        && eq("tender", "creditDebit")
        && (statuses.is_empty() || statuses.contains(&r.status.as_str()))
        && in_dates(&r.date_time, p)
        && eq("settlementState", r.settlement.state())
        && p.get("settlementDate").is_none_or(|v| match &r.settlement {
            Settlement::Settled { date } => date == v,
            Settlement::Open => false,
        })
}

fn in_dates(stored: &str, p: &Params) -> bool {
    p.get("dateFrom").is_none_or(|v| compare_date(stored, v) >= Ordering::Equal)
        && p.get("dateTo").is_none_or(|v| compare_date(stored, v) <= Ordering::Equal)
}

/// Compares UTC timestamps as text on the precision both sides have.
fn compare_date(stored: &str, bound: &str) -> Ordering {
    let bound = bound.trim_end_matches('Z');
    let n = bound.len().min(stored.len()).min(19);
    stored.get(..n).unwrap_or(stored).cmp(bound.get(..n).unwrap_or(bound))
}

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
