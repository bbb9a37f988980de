//! Shared pieces of the fuzz targets: how raw fuzz bytes become an `HttpResponse`, the
//! clients the targets drive, and a bounded loop that runs a flow to its end.
//!
//! Input framing for the response targets (so hand-written seeds stay readable):
//! byte 0 picks the HTTP status, byte 1 picks the method or parser, bytes 2.. are the body.

use refundkit::flow::{CallContext, Flow, Step};
use refundkit::http::HttpResponse;
use refundkit::providers::{self, Provider};
use refundkit::send::ClientEnvironment;
use refundkit::ProviderName;
use serde_json::{json, Value};

/// The statuses providers answer with, then a few odd ones.
const STATUSES: [u16; 20] = [200, 201, 202, 204, 400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 100, 302, 599];

/// A fixed clock (2026-01-01) so that expiry checks behave the same on every run.
pub const NOW_MS: u64 = 1_767_225_600_000;

pub fn ctx() -> CallContext {
    CallContext { idempotency_key: "5f0c3b8e-6a1d-4c2e-9f7a-2b1d3c4e5f60".into(), now_ms: NOW_MS }
}

/// `(response, selector)` from fuzz bytes; `None` when there are fewer than two bytes.
pub fn response(data: &[u8]) -> Option<(HttpResponse, u8)> {
    let (&status, rest) = data.split_first()?;
    let (&selector, body) = rest.split_first()?;
    let status = STATUSES[status as usize % STATUSES.len()];
    // A Retry-After header on some inputs, so header reading is exercised too.
    let headers = if selector & 0x80 != 0 {
        vec![("Retry-After".to_string(), String::from_utf8_lossy(body.get(..body.len().min(8)).unwrap_or(&[])).into_owned())]
    } else {
        vec![("Content-Type".to_string(), "application/json".to_string())]
    };
    Some((HttpResponse { status, headers, body: body.to_vec() }, selector & 0x7f))
}

/// A client of each provider with valid options, pointed at a local address.
pub fn client(provider: ProviderName) -> Box<dyn Provider> {
    let options = match provider {
        ProviderName::Payroc => json!({ "apiKey": "fuzz-api-key", "baseUrl": "http://127.0.0.1:9/payroc/v1",
                                        "identityUrl": "http://127.0.0.1:9/payroc/identity" }),
        ProviderName::Jpmorgan => json!({ "merchantId": "998482157632", "clientId": "fuzz-client", "clientSecret": "fuzz-secret",
                                          "environment": "mock", "baseUrl": "http://127.0.0.1:9/jpmorgan/api/v2",
                                          "tokenUrl": "http://127.0.0.1:9/jpmorgan/oauth2/token",
                                          "merchantSoftware": { "companyName": "Fuzz", "productName": "refundkit-fuzz", "version": "1" } }),
        ProviderName::Commercehub => json!({ "apiKey": "fuzz-api-key", "apiSecret": "fuzz-api-secret", "merchantId": "100008000003683",
                                             "terminalId": "10000001", "baseUrl": "http://127.0.0.1:9/commercehub/ch" }),
    };
    match providers::create(provider, &options, ClientEnvironment::default(), NOW_MS) {
        Ok(client) => client,
        Err(e) => panic!("fuzz client options for {provider:?} were refused: {e:?}"),
    }
}

/// Starts `method` and answers every request it makes with `response`, for at most a few
/// steps (a multi-request flow such as "read the payment, then refund" sees it twice).
/// Whatever the bytes, the flow must end in `Done(Ok)` or `Done(Err)` without panicking.
pub fn drive(client: &dyn Provider, method: &str, args: &[Value], response: &HttpResponse) {
    let Ok(mut flow) = client.start(method, args, &ctx()) else { return };
    run(&mut *flow, response);
}

fn run(flow: &mut dyn Flow, response: &HttpResponse) {
    let mut input = None;
    for _ in 0..8 {
        match flow.next(input.take(), NOW_MS) {
            Step::Send(_) => input = Some(response.clone()),
            Step::Notify(_) | Step::Wait(_) => {}
            Step::Done(_) => return,
        }
    }
}

/// The client's token endpoint answer must parse or fail cleanly too.
pub fn token(client: &dyn Provider, response: &HttpResponse) {
    let _ = client.parse_token(response);
}
