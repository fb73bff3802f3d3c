//! Running a third-party reader whose panics on damaged input are caught:
//! a leaf that the readers of binary formats share.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs a reader whose panics are caught.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `None`. Readers (pdf-extract, calamine) panic on
/// damaged files; their message ("thread 'main' panicked at …") would confuse a
/// user who gets a proper error for the file anyway. So the panic hook is
/// wrapped, once, to stay silent on this thread while `f` runs and to pass
/// every other panic on unchanged. Swapping the hook around each call would
/// race with other threads and could lose their hooks or messages; a
/// thread-local flag cannot. It also keeps a fuzzer's abort-on-panic hook
/// from treating the caught panics as crashes.
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let next = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                next(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    out
}
