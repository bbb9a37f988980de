//! The accept loop. Each TCP connection is served by hyper with a `ConnControl` in every
//! request's extensions, so a fault can ask for "close this connection now" (FIN, the
//! response is lost) or "abort it" (RST via SO_LINGER 0). CORS (`cors.rs`) and the
//! per-request log line live here too, outside the router, so they cover every route.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::cors::CorsPolicy;
use crate::mask::mask_digit_runs;

const CLOSE: u8 = 1;
const RESET: u8 = 2;

/// Lets a handler end the connection it arrived on.
#[derive(Default)]
pub struct ConnControl {
    mode: AtomicU8,
    killed: Notify,
}

impl ConnControl {
    /// Close the connection without answering (the client sees EOF).
    pub fn close(&self) {
        self.mode.store(CLOSE, Ordering::SeqCst);
        self.killed.notify_one();
    }

    /// Abort the connection with a TCP RST.
    pub fn reset(&self) {
        self.mode.store(RESET, Ordering::SeqCst);
        self.killed.notify_one();
    }
}

/// The socket as hyper sees it; on drop it turns a close into an RST when asked to.
struct ConnIo {
    inner: TcpStream,
    control: Arc<ConnControl>,
}

impl Drop for ConnIo {
    fn drop(&mut self) {
        if self.control.mode.load(Ordering::SeqCst) == RESET {
            // Linger 0 makes close() send RST; it never blocks.
            #[allow(deprecated)]
            let _ = self.inner.set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for ConnIo {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ConnIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

pub async fn serve(listener: TcpListener, app: Router, cors: Arc<CorsPolicy>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                eprintln!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(serve_connection(stream, app, cors.clone()));
    }
}

async fn serve_connection(stream: TcpStream, app: Router, cors: Arc<CorsPolicy>) {
    let control = Arc::new(ConnControl::default());
    let io = TokioIo::new(ConnIo { inner: stream, control: control.clone() });
    let per_request = control.clone();
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(per_request.clone());
        let (app, cors) = (app.clone(), cors.clone());
        async move { Ok::<_, Infallible>(handle(app, &cors, req).await) }
    });
    let connection = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
    tokio::select! {
        _ = connection => {}
        _ = control.killed.notified() => {}
    }
}

fn status_only(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    if !body.is_empty() {
        r.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
    }
    r
}

async fn handle(app: Router, cors: &CorsPolicy, req: Request<Incoming>) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let target = mask_digit_runs(
        req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"),
    );
    let origin = req.headers().get("origin").and_then(|v| v.to_str().ok()).map(str::to_string);
    let allowed = origin.as_deref().map(|o| cors.allows(o));
    let path = req.uri().path();
    let local_only = path.starts_with("/_sandbox") || path.starts_with("/_demo");
    let mut response = match (method == Method::OPTIONS, allowed) {
        // A preflight from a page on another origin: refused.
        (true, Some(false)) => status_only(StatusCode::FORBIDDEN, ""),
        (true, _) => status_only(StatusCode::NO_CONTENT, ""),
        (false, Some(false)) if local_only => {
            status_only(StatusCode::FORBIDDEN, r#"{"error":"origin not allowed (see --allow-origin)"}"#)
        }
        _ => match app.oneshot(req.map(Body::new)).await {
            Ok(r) => r,
            Err(never) => match never {},
        },
    };
    if let Some(origin) = &origin {
        response.headers_mut().append("vary", HeaderValue::from_static("Origin"));
        if allowed == Some(true) {
            cors.add_headers(origin, &mut response);
        }
    }
    eprintln!(
        "{method} {target} {} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}
