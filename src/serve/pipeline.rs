//! The build pipeline kept warm between rebuilds: pages stay in memory and
//! the Markdown renderer (syntax set) is loaded once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions};
use crate::diag::Diagnostics;
use crate::render;
use crate::render::markdown::Markdown;

/// A successful build, as served.
pub(super) struct Built {
    pub pages: HashMap<String, Arc<Vec<u8>>>,
    pub html_pages: usize,
    pub elapsed: Duration,
    /// Problems that did not stop the build, shown in the terminal.
    pub warnings: Vec<crate::diag::Diagnostic>,
}

pub(super) struct Pipeline {
    root: PathBuf,
    markdown: Markdown,
    /// The last good site; a failed rebuild leaves it in place.
    pub current: RwLock<Option<Arc<Built>>>,
    /// The error of the last build, if it failed.
    pub error: RwLock<Option<String>>,
    /// One rebuild at a time.
    lock: Mutex<()>,
}

impl Pipeline {
    pub(super) fn new(root: PathBuf) -> Self {
        Pipeline {
            root,
            markdown: Markdown::new(),
            current: RwLock::new(None),
            error: RwLock::new(None),
            lock: Mutex::new(()),
        }
    }

    /// Builds from the sources; on success the new site replaces the old.
    pub(super) fn rebuild(&self) -> Result<Arc<Built>, Diagnostics> {
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let start = Instant::now();
        match self.build_pages() {
            Ok((pages, warnings)) => {
                let html_pages = pages.iter().filter(|p| p.path.ends_with(".html")).count();
                let built = Arc::new(Built {
                    pages: pages
                        .into_iter()
                        .map(|p| (p.path, Arc::new(p.bytes)))
                        .collect(),
                    html_pages,
                    elapsed: start.elapsed(),
                    warnings,
                });
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(built.clone());
                *self.error.write().unwrap_or_else(|e| e.into_inner()) = None;
                Ok(built)
            }
            Err(d) => {
                *self.error.write().unwrap_or_else(|e| e.into_inner()) = Some(d.to_string());
                Err(d)
            }
        }
    }

    fn build_pages(
        &self,
    ) -> Result<(Vec<render::Page>, Vec<crate::diag::Diagnostic>), Diagnostics> {
        let opts = BuildOptions {
            root: self.root.clone(),
            ..Default::default()
        };
        build::render_with(&opts, &self.markdown).map(|r| (r.pages, r.report.warnings))
    }

    pub(super) fn site(&self) -> Option<Arc<Built>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(super) fn last_error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
