//! The accept loop. Each TCP connection is served by hyper with a `ConnControl` in every
//! request's extensions, so a fault can ask for "close this connection now" (FIN, the
//! response is lost) or "abort it" (RST via SO_LINGER 0). CORS and the per-request log
//! line live here too, outside the router, so they cover every route.

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

pub async fn serve(listener: TcpListener, app: Router) {
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
        tokio::spawn(serve_connection(stream, app));
    }
}

async fn serve_connection(stream: TcpStream, app: Router) {
    let control = Arc::new(ConnControl::default());
    let io = TokioIo::new(ConnIo { inner: stream, control: control.clone() });
    let per_request = control.clone();
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(per_request.clone());
        let app = app.clone();
        async move { Ok::<_, Infallible>(handle(app, req).await) }
    });
    let connection = hyper::server::conn::http1::Builder::new().serve_connection(io, service);
    tokio::select! {
        _ = connection => {}
        _ = control.killed.notified() => {}
    }
}

async fn handle(app: Router, req: Request<Incoming>) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let target = mask_digit_runs(
        req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"),
    );
    let mut response = if method == Method::OPTIONS {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NO_CONTENT;
        r
    } else {
        match app.oneshot(req.map(Body::new)).await {
            Ok(r) => r,
            Err(never) => match never {},
        }
    };
    add_cors(&mut response);
    eprintln!(
        "{method} {target} {} {}ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

const CORS_HEADERS: &str = "Authorization, Content-Type, Idempotency-Key, x-api-key, merchant-id, request-id, Api-Key, Client-Request-Id, Timestamp, Auth-Token-Type, Accept, Accept-Language, minorVersion";

fn add_cors(response: &mut Response<Body>) {
    let h = response.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    h.insert("access-control-allow-headers", HeaderValue::from_static(CORS_HEADERS));
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(
            "Retry-After, Location, Content-Type, Idempotency-Key, request-id, Client-Request-Id, ApiTraceId",
        ),
    );
    h.insert("access-control-max-age", HeaderValue::from_static("600"));
}
