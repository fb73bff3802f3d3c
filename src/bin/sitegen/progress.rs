//! Progress on stderr: an indicatif bar on an interactive terminal, one
//! line per stage (and at most one "rendering 5000/10092 pages" line a
//! second) otherwise.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sitegen::{Progress, Reporter, Stage};

/// A bar on an interactive terminal, plain lines on stderr otherwise,
/// nothing when `quiet`.
pub(crate) fn for_stderr(quiet: bool) -> Reporter {
    use std::io::IsTerminal;
    if quiet {
        Reporter::none()
    } else if std::io::stderr().is_terminal() {
        Reporter::new(Bar::default())
    } else {
        Reporter::new(Plain::new(std::io::stderr()))
    }
}

/// Plain lines for logs and pipes: one line per finished stage, and a
/// running count at most once per `every` (one second by default).
pub(crate) struct Plain {
    out: Mutex<Box<dyn Write + Send>>,
    state: Mutex<PlainState>,
    done: AtomicUsize,
    every: Duration,
}

struct PlainState {
    stage: Stage,
    total: Option<usize>,
    last: Instant,
}

impl Plain {
    pub(crate) fn new(out: impl Write + Send + 'static) -> Self {
        Plain {
            out: Mutex::new(Box::new(out)),
            state: Mutex::new(PlainState {
                stage: Stage::Load,
                total: None,
                last: Instant::now(),
            }),
            done: AtomicUsize::new(0),
            every: Duration::from_secs(1),
        }
    }

    /// Prints running counts at most once per `every`.
    #[cfg(test)]
    pub(crate) fn every(mut self, every: Duration) -> Self {
        self.every = every;
        self
    }

    fn line(&self, s: &str) {
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{s}");
            let _ = out.flush();
        }
    }
}

impl Progress for Plain {
    fn start(&self, stage: Stage, total: Option<usize>) {
        self.done.store(0, Ordering::Relaxed);
        if let Ok(mut st) = self.state.lock() {
            *st = PlainState {
                stage,
                total,
                last: Instant::now(),
            };
        }
    }

    fn advance(&self, n: usize) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        // Never wait on the lock: another thread is printing already.
        let Ok(mut st) = self.state.try_lock() else {
            return;
        };
        if st.last.elapsed() >= self.every && st.total != Some(done) {
            st.last = Instant::now();
            let line = st.stage.running_line(done, st.total);
            drop(st);
            self.line(&line);
        }
    }

    fn finish(&self, stage: Stage, count: usize, elapsed: Duration) {
        self.line(&stage.done_line(count, elapsed));
    }
}

/// An indicatif bar on stderr for interactive terminals; each finished
/// stage leaves its line above the bar. indicatif hides itself when stderr
/// is not a terminal.
#[derive(Default)]
pub(crate) struct Bar {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl Progress for Bar {
    fn start(&self, stage: Stage, total: Option<usize>) {
        let (ing, _, noun) = stage.words();
        let bar = match total {
            Some(t) => {
                let bar = indicatif::ProgressBar::new(t as u64);
                let style = indicatif::ProgressStyle::with_template(
                    "{msg:>10} [{bar:30}] {pos}/{len} {prefix} ({eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> ");
                bar.set_style(style);
                bar
            }
            None => {
                let bar = indicatif::ProgressBar::new_spinner();
                if let Ok(style) =
                    indicatif::ProgressStyle::with_template("{spinner} {msg} {prefix}")
                {
                    bar.set_style(style);
                }
                bar.enable_steady_tick(Duration::from_millis(100));
                bar
            }
        };
        bar.set_message(ing);
        bar.set_prefix(noun);
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(old) = slot.replace(bar) {
                old.finish_and_clear();
            }
        }
    }

    fn advance(&self, n: usize) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.inc(n as u64);
            }
        }
    }

    fn finish(&self, stage: Stage, count: usize, elapsed: Duration) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        }
        crate::say::errln!("{}", stage.done_line(count, elapsed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Write` that tests can read back.
    #[derive(Clone, Default)]
    struct Buf(std::sync::Arc<Mutex<Vec<u8>>>);
    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn plain_prints_stage_lines_and_throttled_counts() {
        let buf = Buf::default();
        let p = Plain::new(buf.clone()).every(Duration::ZERO);
        p.start(Stage::Render, Some(3));
        p.advance(1);
        p.advance(1);
        p.advance(1); // the last one is left to the stage line
        p.finish(Stage::Render, 3, Duration::from_millis(5));
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text,
            "rendering 1/3 pages\nrendering 2/3 pages\nrendered 3 pages (5.0 ms)\n"
        );

        let buf = Buf::default();
        let p = Plain::new(buf.clone()); // once a second: nothing in between
        p.start(Stage::Write, Some(1000));
        for _ in 0..1000 {
            p.advance(1);
        }
        p.finish(Stage::Write, 1000, Duration::from_millis(40));
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text, "wrote 1000 files (40 ms)\n");
    }
}
