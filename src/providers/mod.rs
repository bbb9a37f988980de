//! The three providers, each in its own folder with the same files and names (the table
//! is in `connector.rs`). A build can leave providers out (cargo features), so that
//! `refundkit/payroc` ships Payroc only.

#[cfg(feature = "commercehub")]
pub mod commercehub;
#[cfg(feature = "jpmorgan")]
pub mod jpmorgan;
#[cfg(feature = "payroc")]
pub mod payroc;
