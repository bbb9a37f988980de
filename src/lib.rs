//! refundkit: card refunds for Payroc, J.P. Morgan Online Payments and Fiserv Commerce Hub.
//!
//! The core is sans-IO: it validates inputs, builds `HttpRequest`s, reads `HttpResponse`s
//! into one [`RefundResult`] shape or a typed [`RefundError`], and decides retries. The
//! `wasm` module (wasm32 only) performs those decisions with `fetch` and timers.

pub mod card;
pub mod error;
pub mod flow;
pub mod http;
pub mod money;
pub mod providers;
pub mod redact;
pub mod result;
pub mod send;
pub mod validation;

/// The JS binding. Public only so that the wasm-bindgen tests in `tests/` can reach it;
/// JS callers use the npm package.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::{ErrorCode, RefundError};
pub use money::{Currency, Money};
pub use result::{ProviderName, RefundResult, RefundStatus};
pub use validation::{IssueCode, ValidationIssue};
