//! The preview server's connections: each one served by hyper's HTTP/1
//! server with a timer, so a client that connects and never finishes its
//! request headers is disconnected instead of holding a connection (and a
//! task) forever. `axum::serve` sets no timer, so this loop replaces it.
//! The timeout covers reading headers only: the live-reload event stream,
//! a response that never ends, is not affected.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::guard::{self, Hosts};

/// How long a client may take to send a request's headers, and how long an
/// idle keep-alive connection stays open waiting for the next request.
pub(super) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until the process is stopped.
pub(super) async fn serve(listener: TcpListener, router: Router, hosts: Hosts) {
    let hosts = Arc::new(hosts);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(c) => c,
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a little rather than spin or stop serving.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(local) = stream.local_addr().map(|a| a.ip()) else {
            continue;
        };
        let app = TowerToHyperService::new(router.clone());
        let hosts = hosts.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let answer = match guard::refuse(&req, &hosts, local) {
                Some(refusal) => Err(refusal),
                None => Ok(app.call(req)),
            };
            async move {
                match answer {
                    Ok(served) => served.await,
                    Err(refusal) => Ok::<_, Infallible>(refusal),
                }
            }
        });
        tokio::spawn(connection(stream, service));
    }
}

async fn connection<S>(stream: tokio::net::TcpStream, service: S)
where
    S: hyper::service::Service<
            hyper::Request<Incoming>,
            Response = axum::response::Response,
            Error = Infallible,
        > + Send
        + 'static,
    S::Future: Send + 'static,
{
    // Errors here are the client's (a reset, a malformed request, the
    // header timeout); hyper has answered what could be answered.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
