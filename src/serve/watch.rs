//! Watching the sources and rebuilding on change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use super::{Event, Pipeline, ServeLog, ServeMessage};
use crate::diag::Diagnostic;

/// Editors write a file in several steps; changes closer than this count as one.
const QUIET: Duration = Duration::from_millis(20);

pub(super) fn spawn(
    pipeline: Arc<Pipeline>,
    events: broadcast::Sender<Event>,
    root: &Path,
    log: ServeLog,
) -> Result<(), Diagnostic> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reads are reported too (the rebuild itself opens every source);
        // only changes matter, or each rebuild would trigger the next.
        if let Ok(ev) = res {
            if !matches!(ev.kind, EventKind::Access(_)) {
                let _ = tx.send((Instant::now(), ev.paths));
            }
        }
    })
    .map_err(|e| Diagnostic::general(format!("cannot start the file watcher: {e}")))?;
    for name in ["content", "themes", "templates", "static", "sitegen.toml"] {
        let path = root.join(name);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Diagnostic::error(&path, format!("cannot watch: {e}")))?;
        }
    }
    std::thread::spawn(move || {
        let _keep = watcher;
        while let Some((first_seen, changed)) = next_batch(&rx) {
            let shown = changed
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            match pipeline.rebuild() {
                Ok(built) => {
                    let _ = events.send(Event::Reload);
                    log.send(&ServeMessage::Rebuilt {
                        changed: &shown,
                        pages: built.html_pages,
                        elapsed: built.elapsed,
                        since_change: first_seen.elapsed(),
                        warnings: &built.warnings,
                    });
                }
                Err(error) => {
                    let _ = events.send(Event::Error(error.to_string()));
                    log.send(&ServeMessage::RebuildFailed {
                        changed: &shown,
                        error: &error,
                    });
                }
            }
        }
    });
    Ok(())
}

/// Waits for a change, then gathers the ones that follow within [`QUIET`].
fn next_batch(rx: &Receiver<(Instant, Vec<PathBuf>)>) -> Option<(Instant, Vec<PathBuf>)> {
    let (first, mut paths) = rx.recv().ok()?;
    loop {
        match rx.recv_timeout(QUIET) {
            Ok((_, more)) => paths.extend(more),
            Err(RecvTimeoutError::Timeout) => return Some((first, paths)),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}
