//! `sitegen serve`: builds the site in memory, serves it on 127.0.0.1,
//! watches the sources and rebuilds on change, and tells open pages to
//! reload (or to show the build error) over server-sent events.
//!
//! Pages are served from memory only, so no request can reach a file
//! outside the built site, whatever path it names.

mod http;
mod pipeline;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;

pub use pipeline::{Built, Pipeline};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    pub port: u16,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
        }
    }
}

/// What connected pages are told.
#[derive(Debug, Clone)]
pub enum Event {
    Reload,
    Error(String),
}

/// Runs until the process is stopped.
pub fn serve(opts: &ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(run(opts.clone()))
}

async fn run(opts: ServeOptions) -> anyhow::Result<()> {
    let pipeline = Arc::new(Pipeline::new(opts.root.clone()));
    let first = pipeline.rebuild();
    match &first {
        Ok(b) => {
            for w in &b.warnings {
                eprintln!("{w}");
            }
            eprintln!("built {} pages in {:.0?}", b.html_pages, b.elapsed)
        }
        Err(e) => eprintln!("{e}\nserving the error page until the sources are fixed"),
    }
    let state = http::State::new(pipeline.clone());
    let addr = SocketAddr::new(opts.interface, opts.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}; choose another port with --port"))?;
    let local = listener.local_addr()?;
    println!(
        "serving {} on http://{local}/ (Ctrl+C to stop)",
        opts.root.display()
    );
    if !opts.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}, reachable from other machines",
            opts.interface
        );
    }
    watch::spawn(pipeline, state.events.clone(), &opts.root)?;
    axum::serve(listener, http::router(state))
        .await
        .context("serving")?;
    Ok(())
}
