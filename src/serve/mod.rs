//! `sitegen serve`: builds the site in memory, serves it on 127.0.0.1,
//! watches the sources and rebuilds on change, and tells open pages to
//! reload (or to show the build error) over server-sent events.
//!
//! Pages are served from memory only, so no request can reach a file
//! outside the built site, whatever path it names.

mod guard;
mod http;
mod listen;
mod pipeline;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use std::time::Duration;

use crate::diag::{Diagnostic, Diagnostics};
use pipeline::Pipeline;

/// Options of `sitegen serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site directory holding `sitegen.toml` and `content/`.
    pub root: PathBuf,
    /// Interface to bind; 127.0.0.1 unless asked otherwise.
    pub interface: IpAddr,
    /// Port to listen on.
    pub port: u16,
    /// Host names requests may name besides `localhost`, the loopback
    /// addresses, the bound interface and the host of `base_url`; any other
    /// `Host` is refused (DNS rebinding).
    pub allow_hosts: Vec<String>,
    /// Where the server reports what it does; by default nowhere.
    pub log: ServeLog,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            allow_hosts: Vec::new(),
            log: ServeLog::default(),
        }
    }
}

/// What the preview server has to say; the command line prints it.
#[derive(Debug)]
pub enum ServeMessage<'a> {
    /// The first build succeeded.
    Built {
        /// HTML pages built.
        pages: usize,
        /// How long it took.
        elapsed: Duration,
        /// Problems that did not stop it.
        warnings: &'a [Diagnostic],
    },
    /// The first build failed; the error page is served until it is fixed.
    Failed(&'a Diagnostics),
    /// Listening on this address.
    Listening(SocketAddr),
    /// `changed` changed and the site was rebuilt.
    Rebuilt {
        /// The first changed path.
        changed: &'a str,
        /// HTML pages built.
        pages: usize,
        /// How long the rebuild took.
        elapsed: Duration,
        /// From the change to the reload event.
        since_change: Duration,
        /// Problems that did not stop it.
        warnings: &'a [Diagnostic],
    },
    /// `changed` changed and the rebuild failed; the last good site is served.
    RebuildFailed {
        /// The first changed path.
        changed: &'a str,
        /// Why.
        error: &'a Diagnostics,
    },
}

/// Receives [`ServeMessage`]s; the default drops them.
#[derive(Clone, Default)]
pub struct ServeLog(Option<Arc<LogFn>>);

type LogFn = dyn Fn(&ServeMessage<'_>) + Send + Sync;

impl ServeLog {
    /// Calls `f` with every message.
    pub fn new(f: impl Fn(&ServeMessage<'_>) + Send + Sync + 'static) -> Self {
        ServeLog(Some(Arc::new(f)))
    }

    pub(crate) fn send(&self, m: &ServeMessage<'_>) {
        if let Some(f) = &self.0 {
            f(m);
        }
    }
}

impl std::fmt::Debug for ServeLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "ServeLog(..)"
        } else {
            "ServeLog(none)"
        })
    }
}

/// What connected pages are told.
#[derive(Debug, Clone)]
enum Event {
    Reload,
    Error(String),
}

/// Runs until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::general(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(run(opts.clone()))
}

async fn run(opts: ServeOptions) -> Result<(), Diagnostic> {
    let pipeline = Arc::new(Pipeline::new(opts.root.clone()));
    match pipeline.rebuild() {
        Ok(b) => opts.log.send(&ServeMessage::Built {
            pages: b.html_pages,
            elapsed: b.elapsed,
            warnings: &b.warnings,
        }),
        Err(e) => opts.log.send(&ServeMessage::Failed(&e)),
    }
    let state = http::State::new(pipeline.clone());
    let addr = SocketAddr::new(opts.interface, opts.port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        Diagnostic::general(format!("cannot listen on {addr}: {e}"))
            .help("choose another port with --port")
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Diagnostic::general(format!("cannot listen on {addr}: {e}")))?;
    opts.log.send(&ServeMessage::Listening(local));
    watch::spawn(pipeline, state.events.clone(), &opts.root, opts.log.clone())?;
    let hosts = guard::Hosts::new(opts.interface, allowed_names(&opts));
    listen::serve(listener, http::router(state), hosts).await;
    Ok(())
}

/// `--allow-host` names and the host of the site's `base_url` (a preview
/// opened under the portal's own name, mapped to this machine).
fn allowed_names(opts: &ServeOptions) -> Vec<String> {
    let base = crate::config::Config::load(&opts.root)
        .ok()
        .and_then(|c| c.base_url.parse::<axum::http::Uri>().ok())
        .and_then(|u| u.host().map(str::to_string));
    opts.allow_hosts.iter().cloned().chain(base).collect()
}
