//! The sending layer's policy, shared by all three providers: attempt plan and backoff,
//! idempotency keys, the token cache, client and call options, and events. Sans-IO
//! throughout; the package's JS loop performs the steps with fetch and timers.

pub mod events;
pub mod exchange;
pub mod idempotency;
pub mod options;
pub mod retry;
pub mod token;

pub use exchange::{AuthKind, AuthMaterial, Authorize, Exchange, ExchangeSpec, ExchangeStep, NoAuth};
pub use options::{CallOptions, ClientEnvironment, ClientOptions, TokenChoice, TokenSource};
pub use retry::{AttemptOutcome, RetryPolicy, RetryReason};
pub use token::{AccessToken, TokenCache};
