//! refundkit-sandbox: a stateful local stand-in for Payroc, J.P. Morgan Online Payments
//! and Fiserv Commerce Hub, with fault injection. It has its own wire types and never
//! imports the SDK: it is the SDK's independent check.

// Validation helpers return the finished HTTP error response as their `Err`; it is the
// cold path of a local test server, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod app;
pub mod clock;
pub mod commercehub;
pub mod config;
pub mod cors;
pub mod demo;
pub mod faults;
pub mod jpmorgan;
pub mod mask;
pub mod money;
pub mod payroc;
pub mod seed;
pub mod server;
pub mod state;
pub mod static_files;
pub mod stats;

pub use config::Config;
pub use state::Sandbox;
