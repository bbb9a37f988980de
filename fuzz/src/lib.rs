//! Shared pieces of the fuzz targets: the driver the property tests use
//! (tests/support/drive.rs: a client of each provider, every operation with valid
//! arguments, a loop that answers every request the way the package's JS loop would), and
//! how raw fuzz bytes become an answer.
//!
//! Input framing for `provider_answers` (so hand-written seeds stay readable): byte 0 picks
//! the HTTP status, byte 1 the operation (bit 7: send a Retry-After header made of the
//! body's first 8 bytes), bytes 2.. are the body.

#[path = "../../tests/support/drive.rs"]
pub mod drive;

/// The statuses providers answer with, then a few odd ones.
const STATUSES: [u16; 20] = [200, 201, 202, 204, 400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 100, 302, 599];

/// `(status, operation selector, Retry-After, body)`; `None` under two bytes.
pub fn answer(data: &[u8]) -> Option<(u16, u8, Option<String>, String)> {
    let (&status, rest) = data.split_first()?;
    let (&selector, body) = rest.split_first()?;
    let body = String::from_utf8_lossy(body).into_owned();
    let retry_after = (selector & 0x80 != 0).then(|| body.chars().take(8).collect());
    Some((STATUSES[status as usize % STATUSES.len()], selector & 0x7f, retry_after, body))
}
