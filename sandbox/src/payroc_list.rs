//! `GET /payroc/v1/payments`: filters and cursor paging (`limit`, `before`, `after`,
//! `hasMore`, `links`). Cursors are payment ids, as in Payroc's examples; results are in
//! seed order (oldest first). NOT CONFIRMED: the real sort order.

use serde_json::{json, Value};

use axum::response::Response;

use crate::payroc::{bad_request, payment_json, Payment, PayrocState};

const FILTERS: &[&str] = &[
    "processingTerminalId", "orderId", "operator", "cardholderName", "first6", "last4",
    "dateFrom", "dateTo", "settlementState",
];

pub fn page(state: &PayrocState, query: &[(String, String)], base: &str) -> Result<Value, Response> {
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let limit = match get("limit") {
        None => 10,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err(bad_request("limit", "limit must be an integer from 1 to 100")),
        },
    };
    let (before, after) = (get("before"), get("after"));
    if before.is_some() && after.is_some() {
        return Err(bad_request("before", "You can’t send the before parameter in the same request as the after parameter."));
    }
    for (name, pattern_len) in [("first6", 6), ("last4", 4)] {
        if let Some(v) = get(name) {
            if v.len() != pattern_len || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad_request(name, &format!("{name} must be {pattern_len} digits")));
            }
        }
    }
    if let Some(s) = get("settlementState") {
        if s != "settled" && s != "unsettled" {
            return Err(bad_request("settlementState", "settlementState must be settled or unsettled"));
        }
    }
    for name in ["dateFrom", "dateTo"] {
        if let Some(d) = get(name) {
            if d.len() < 10 || !d.is_char_boundary(10) || d.as_bytes().get(4) != Some(&b'-') {
                return Err(bad_request(name, &format!("{name} must be an ISO 8601 date-time")));
            }
        }
    }

    let matching: Vec<&Payment> = state
        .payments
        .iter()
        .filter(|p| matches(p, &get))
        .collect();
    let position = |id: &str| matching.iter().position(|p| p.seed.id == id);
    let (start, end) = match (before, after) {
        (Some(b), _) => {
            let Some(i) = position(b) else { return Err(bad_request("before", "unknown cursor")) };
            (i.saturating_sub(limit), i)
        }
        (_, Some(a)) => {
            let Some(i) = position(a) else { return Err(bad_request("after", "unknown cursor")) };
            (i + 1, (i + 1 + limit).min(matching.len()))
        }
        _ => (0, limit.min(matching.len())),
    };
    let items = &matching[start.min(end)..end];
    let has_more = if before.is_some() { start > 0 } else { end < matching.len() };

    let mut kept: Vec<String> = FILTERS
        .iter()
        .filter_map(|f| get(f).map(|v| format!("{f}={}", encode(v))))
        .collect();
    kept.push(format!("limit={limit}"));
    let href = |cursor: String| format!("{base}/payroc/v1/payments?{}&{cursor}", kept.join("&"));
    let mut links = Vec::new();
    if let (true, Some(last)) = (end < matching.len(), items.last()) {
        links.push(json!({ "rel": "next", "method": "get", "href": href(format!("after={}", last.seed.id)) }));
    }
    if let (true, Some(first)) = (start > 0, items.first()) {
        links.push(json!({ "rel": "previous", "method": "get", "href": href(format!("before={}", first.seed.id)) }));
    }
    Ok(json!({
        "limit": limit,
        "count": items.len(),
        "hasMore": has_more,
        "links": links,
        "data": items.iter().map(|p| payment_json(state, p, base)).collect::<Vec<_>>(),
    }))
}

fn matches<'a>(p: &Payment, get: &impl Fn(&str) -> Option<&'a str>) -> bool {
    let s = &p.seed;
    let card = &s.card.card_number;
    let eq = |name: &str, value: &str| get(name).is_none_or(|v| v == value);
    eq("processingTerminalId", &s.processing_terminal_id)
        && eq("orderId", &s.order_id)
        && eq("cardholderName", &s.card.cardholder_name)
        && get("first6").is_none_or(|v| card.starts_with(v))
        && get("last4").is_none_or(|v| card.ends_with(v))
        && get("dateFrom").is_none_or(|v| compare_date(&s.date_time, v) >= std::cmp::Ordering::Equal)
        && get("dateTo").is_none_or(|v| compare_date(&s.date_time, v) <= std::cmp::Ordering::Equal)
        && get("settlementState").is_none_or(|v| (v == "settled") == (s.state == "settled"))
        // Seeded payments have no operator, so an operator filter matches none of them.
        && get("operator").is_none()
}

/// Compares UTC timestamps as text on the precision both sides have.
fn compare_date(stored: &str, bound: &str) -> std::cmp::Ordering {
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
