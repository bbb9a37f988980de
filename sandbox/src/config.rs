//! Runtime settings chosen on the command line.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// Lifetime of Payroc and J.P. Morgan access tokens (`expires_in`).
    pub token_lifetime: Duration,
    /// How long `GET /refund-instructions/{id}` is held open when nothing changes.
    pub long_poll: Duration,
    /// A device instruction completes by itself after this delay; `None` = only when
    /// a card is presented through the admin API.
    pub device_complete_after: Option<Duration>,
    /// A pending refund (amount 4903) is approved by itself after this delay; `None` =
    /// only through `POST /_sandbox/refunds/{provider}/{refundId}/finalize`.
    pub pending_after: Option<Duration>,
    /// Origins besides the sandbox's own that may read it from a browser (CORS).
    pub allow_origins: Vec<String>,
    pub www_dir: PathBuf,
    pub pkg_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token_lifetime: Duration::from_secs(3600),
            long_poll: Duration::from_millis(60_000),
            device_complete_after: None,
            pending_after: None,
            allow_origins: Vec::new(),
            www_dir: PathBuf::from("www/dist"),
            pkg_dir: PathBuf::from("pkg"),
        }
    }
}
