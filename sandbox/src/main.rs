use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use refundkit_sandbox::cors::CorsPolicy;
use refundkit_sandbox::seed::{Seed, DEFAULT_SEED};
use refundkit_sandbox::{app, server, Config, Sandbox};

/// A stateful local stand-in for Payroc, J.P. Morgan Online Payments and Fiserv Commerce
/// Hub, with fault injection. See docs/SANDBOX.md.
#[derive(Parser, Debug)]
#[command(name = "refundkit-sandbox", version)]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free port. The first stdout line is
    /// `listening on http://127.0.0.1:PORT`.
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Seed file (JSON, see sandbox/seed.json); default: the embedded sandbox/seed.json.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Lifetime in seconds of Payroc and J.P. Morgan access tokens (`expires_in`).
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    token_lifetime: u64,
    /// How long GET /payroc/v1/refund-instructions/{id} is held open (ms) when the
    /// instruction's status does not change (the gateway holds it up to a minute).
    #[arg(long, value_name = "MS", default_value_t = 60_000)]
    long_poll_ms: u64,
    /// A device refund instruction completes by itself after this many ms; 0 = only
    /// when a card is presented (POST /_sandbox/devices/{serialNumber}/present).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    device_complete_ms: u64,
    /// A pending refund (amount 4903) is approved by itself after this many ms; 0 = only
    /// through POST /_sandbox/refunds/{provider}/{refundId}/finalize.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pending_ms: u64,
    /// An origin (`http://host:port`) besides the sandbox's own whose pages may call it
    /// (CORS); repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Dashboard directory served at `/`.
    #[arg(long, value_name = "DIR", default_value = "www/dist")]
    www: PathBuf,
    /// Built package directory served at `/pkg/`.
    #[arg(long, value_name = "DIR", default_value = "pkg")]
    pkg: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let seed_text = match &args.seed {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read seed {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => DEFAULT_SEED.to_string(),
    };
    let seed = match Seed::parse(&seed_text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut allow_origins = Vec::new();
    for origin in &args.allow_origin {
        match refundkit_sandbox::cors::parse_origin(origin) {
            Ok(o) => allow_origins.push(o),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let config = Config {
        token_lifetime: Duration::from_secs(args.token_lifetime),
        long_poll: Duration::from_millis(args.long_poll_ms),
        device_complete_after: (args.device_complete_ms > 0)
            .then(|| Duration::from_millis(args.device_complete_ms)),
        pending_after: (args.pending_ms > 0).then(|| Duration::from_millis(args.pending_ms)),
        allow_origins,
        www_dir: args.www,
        pkg_dir: args.pkg,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("cannot listen on 127.0.0.1:{}: {e}", args.port);
                return ExitCode::from(1);
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
        let mut out = std::io::stdout();
        let _ = writeln!(out, "listening on http://127.0.0.1:{port}");
        let _ = out.flush();
        let cors = std::sync::Arc::new(CorsPolicy::new(port, &config.allow_origins));
        let sandbox = Sandbox::new(seed, config);
        server::serve(listener, app::router(sandbox), cors).await;
        ExitCode::SUCCESS
    })
}
