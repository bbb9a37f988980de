//! refundkit: card refunds for Payroc, J.P. Morgan Online Payments and Fiserv Commerce Hub.
//!
//! The core is sans-IO: it validates inputs, builds `HttpRequest`s, reads `HttpResponse`s
//! into one [`RefundResult`] shape or a typed [`RefundError`], and decides retries, tokens
//! and waits. The package's JS loop performs those decisions with `fetch` and timers
//! (docs/ARCHITECTURE.md); `wasm.rs` only moves strings across.
//!
//! Leaf first: `issue` ← `money`, `card` ← `fields`; `json` stands alone.

// First: its macros (`obj!`, and `j!` in tests) are used by every module below.
#[macro_use]
pub mod json;

pub mod api;
pub mod bulk;
pub mod card;
pub mod connector;
pub mod engine;
pub mod error;
pub mod fields;
pub mod flow;
pub mod http;
pub mod issue;
pub mod money;
pub mod providers;
pub mod redact;
pub mod result;
pub mod send;
pub mod sync;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{ErrorCode, RefundError};
pub use issue::{IssueCode, ValidationIssue};
pub use money::{Currency, Money};
pub use result::{ProviderName, RefundKind, RefundResult, RefundStatus};
