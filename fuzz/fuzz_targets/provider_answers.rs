//! Any answer to any operation of any provider: the operation picked by byte 1 runs
//! through the engine as the package's JS loop drives it, every request answered with the
//! same status and body. It must end in a value or a typed error, leave no call open, and
//! hand JS neither the card number nor a secret (tests/support/drive.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refundkit_fuzz::{answer, drive};

fuzz_target!(|data: &[u8]| {
    let Some((status, selector, retry_after, body)) = answer(data) else { return };
    let calls = drive::calls();
    let (provider, op, args) = &calls[selector as usize % calls.len()];
    if let Err(e) = drive::run_operation(provider, op, args, status, retry_after.as_deref(), &body) {
        panic!("{e}");
    }
});
