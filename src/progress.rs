//! Progress reporting for long builds.
//!
//! The library never prints: [`crate::BuildOptions`] carries a
//! [`Reporter`], which is empty by default and then does nothing. The
//! command line gives it a progress bar on a terminal and plain lines
//! otherwise.

use std::sync::Arc;
use std::time::Duration;

/// A stage of a build or bundle, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading plan files; counts plans.
    Load,
    /// Linking plans into the site graph; counts tasks.
    Link,
    /// Rendering pages; counts HTML pages.
    Render,
    /// Writing the output directory; counts files.
    Write,
    /// Writing the zip archive; counts files.
    Zip,
}

impl Stage {
    /// (present participle, past tense, what is counted)
    pub fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Stage::Load => ("loading", "loaded", "plans"),
            Stage::Link => ("linking", "linked", "tasks"),
            Stage::Render => ("rendering", "rendered", "pages"),
            Stage::Write => ("writing", "wrote", "files"),
            Stage::Zip => ("zipping", "zipped", "files"),
        }
    }

    /// `rendered 248 pages (5 ms)`
    pub fn done_line(self, count: usize, elapsed: Duration) -> String {
        let (_, past, noun) = self.words();
        format!("{past} {count} {noun} ({})", millis(elapsed))
    }

    /// `rendering 5000/10092 pages`
    pub fn running_line(self, done: usize, total: Option<usize>) -> String {
        let (ing, _, noun) = self.words();
        match total {
            Some(t) => format!("{ing} {done}/{t} {noun}"),
            None => format!("{ing} {noun}"),
        }
    }
}

fn millis(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// Receives progress events. Every method has an empty default, and all may
/// be called from several threads at once (rendering is parallel).
pub trait Progress: Send + Sync {
    /// A stage begins; `total` is the number of items when known.
    fn start(&self, _stage: Stage, _total: Option<usize>) {}
    /// `n` more items of the running stage are done.
    fn advance(&self, _n: usize) {}
    /// The stage is done: `count` items in `elapsed`.
    fn finish(&self, _stage: Stage, _count: usize, _elapsed: Duration) {}
}

/// An optional, cheaply cloned [`Progress`]; the default reports nothing.
#[derive(Clone, Default)]
pub struct Reporter(Option<Arc<dyn Progress>>);

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Reporter(..)"
        } else {
            "Reporter(none)"
        })
    }
}

impl Reporter {
    /// Reports to `p`.
    pub fn new(p: impl Progress + 'static) -> Self {
        Reporter(Some(Arc::new(p)))
    }

    /// Reports nothing.
    pub fn none() -> Self {
        Reporter(None)
    }

    /// See [`Progress::start`].
    pub fn start(&self, stage: Stage, total: Option<usize>) {
        if let Some(p) = &self.0 {
            p.start(stage, total);
        }
    }

    /// See [`Progress::advance`].
    pub fn advance(&self, n: usize) {
        if let Some(p) = &self.0 {
            p.advance(n);
        }
    }

    /// See [`Progress::finish`].
    pub fn finish(&self, stage: Stage, count: usize, elapsed: Duration) {
        if let Some(p) = &self.0 {
            p.finish(stage, count, elapsed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_reporter_is_silent() {
        let r = Reporter::default();
        r.start(Stage::Load, None);
        r.advance(5);
        r.finish(Stage::Load, 5, Duration::ZERO);
        assert_eq!(format!("{r:?}"), "Reporter(none)");
    }
}
