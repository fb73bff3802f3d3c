//! Writing to stdout and stderr without panicking: `println!` panics when
//! the write fails (`sitegen check > /dev/full`, `sitegen check | head -1`).
//! A failed write is remembered, later output to that stream is dropped,
//! and [`finish`] turns it into one line on stderr and a failing exit code.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// The first error writing to stdout.
static STDOUT_ERROR: OnceLock<String> = OnceLock::new();
/// Whether a write to stderr failed (there is nowhere to say so).
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout, as `print!` does, and flushes, so a failure is seen
/// now rather than lost at exit.
pub(crate) fn out(args: fmt::Arguments<'_>) {
    if STDOUT_ERROR.get().is_some() {
        return;
    }
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        let _ = STDOUT_ERROR.set(e.to_string());
    }
}

/// Writes to stderr, as `eprint!` does.
pub(crate) fn err(args: fmt::Arguments<'_>) {
    if STDERR_FAILED.load(Ordering::Relaxed) {
        return;
    }
    let mut stderr = io::stderr().lock();
    if stderr
        .write_fmt(args)
        .and_then(|()| stderr.flush())
        .is_err()
    {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// `println!` that never panics, with what content put in the text (a
/// title, a slug, a file name) unable to drive the terminal: control
/// characters are printed as escapes, as in every diagnostic.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::say::out(format_args!("{}\n", sitegen::escape_text(&format!($($arg)*))))
    };
}

/// `eprintln!` that never panics, escaped as [`outln!`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::say::err(format_args!("{}\n", sitegen::escape_text(&format!($($arg)*))))
    };
}

pub(crate) use {errln, outln};

/// `code`, unless some output could not be written: then a failure, after
/// saying so on stderr.
pub(crate) fn finish(code: ExitCode) -> ExitCode {
    if let Some(e) = STDOUT_ERROR.get() {
        errln!("error: cannot write to standard output: {e}; the output is incomplete");
        return ExitCode::FAILURE;
    }
    if STDERR_FAILED.load(Ordering::Relaxed) {
        return ExitCode::FAILURE;
    }
    code
}
