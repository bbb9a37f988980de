//! The WebAssembly binding: moves values across the JS boundary, calls fetch, waits on
//! timers. It holds no provider logic; everything it decides comes from the core.

pub mod builders;
pub mod clients;
pub mod convert;
pub mod driver;
pub mod errors;
pub mod fetch;
pub mod money;
