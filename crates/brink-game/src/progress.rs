//! Progress and cancellation for long work, supplied by the caller.
//!
//! Libraries never draw: a solver, a sweep or a bootstrap reports what it has
//! done to a [`Progress`] observer and looks at a [`Cancel`] token between
//! units of work. The `brink` binary draws a bar (or prints a line every tenth
//! when stderr is not a terminal); a server cancels the token of a request
//! that was dropped; a test passes [`Watch::quiet`].
//!
//! ```
//! use brink_game::progress::{Cancel, Watch};
//! use std::sync::atomic::{AtomicU64, Ordering};
//! let seen = AtomicU64::new(0);
//! let report = |_: &str, done: u64, _: Option<u64>| {
//!     seen.fetch_max(done, Ordering::Relaxed);
//! };
//! let cancel = Cancel::new();
//! let watch = Watch::new(&report, &cancel);
//! let ticker = watch.ticker("draws", 3);
//! for _ in 0..3 {
//!     watch.check().unwrap();
//!     ticker.inc();
//! }
//! assert_eq!(seen.load(Ordering::Relaxed), 3);
//! cancel.cancel();
//! assert!(watch.check().is_err());
//! ```

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// Observes long work: called from any thread, possibly often; an observer
/// that draws decides how often to redraw.
pub trait Progress: Sync {
    /// `done` units of the task `task` are finished, out of `total` when known.
    fn update(&self, task: &str, done: u64, total: Option<u64>);
}

impl<F: Fn(&str, u64, Option<u64>) + Sync> Progress for F {
    fn update(&self, task: &str, done: u64, total: Option<u64>) {
        self(task, done, total)
    }
}

/// The observer that ignores everything.
#[derive(Copy, Clone, Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn update(&self, _: &str, _: u64, _: Option<u64>) {}
}

/// A cancellation token: cheap to clone, shared by every clone. Long loops
/// check it between units of work and stop with [`Cancelled`].
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A token not yet cancelled.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks every holder of the token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`Cancel::cancel`] was called on any clone.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A guard that cancels the token when it is dropped: a server holds one
    /// in the request's future, so that a dropped request stops its solve.
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

/// Tokens are equal when they are clones of one another: then cancelling
/// one cancels the other (so that options holding a token compare).
impl PartialEq for Cancel {
    fn eq(&self, other: &Cancel) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Cancel {}

/// Cancels its token when dropped (see [`Cancel::on_drop`]).
#[derive(Debug)]
pub struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// The work stopped because its [`Cancel`] token was cancelled.
#[derive(Copy, Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// What long work is given: where to report progress, and the token that
/// stops it. `Copy`, so that it passes into parallel closures as it is.
#[derive(Copy, Clone)]
pub struct Watch<'a> {
    /// The observer.
    pub progress: &'a dyn Progress,
    /// The token checked between units of work, if any.
    pub cancel: Option<&'a Cancel>,
}

impl std::fmt::Debug for Watch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("cancelled", &self.is_cancelled())
            .finish_non_exhaustive()
    }
}

impl Default for Watch<'_> {
    fn default() -> Self {
        Watch::quiet()
    }
}

impl<'a> Watch<'a> {
    /// Reports to `progress`; stops when `cancel` is cancelled.
    pub fn new(progress: &'a dyn Progress, cancel: &'a Cancel) -> Watch<'a> {
        Watch {
            progress,
            cancel: Some(cancel),
        }
    }

    /// Reports nowhere and never stops.
    pub fn quiet() -> Watch<'static> {
        Watch {
            progress: &Quiet,
            cancel: None,
        }
    }

    /// Reports to `progress` and never stops.
    pub fn reporting(progress: &'a dyn Progress) -> Watch<'a> {
        Watch {
            progress,
            cancel: None,
        }
    }

    /// Whether the work should stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(Cancel::is_cancelled)
    }

    /// `Err(Cancelled)` once the work should stop.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Reports `done` of `total` units of `task`.
    pub fn update(&self, task: &str, done: u64, total: Option<u64>) {
        self.progress.update(task, done, total);
    }

    /// A counter of `total` units of `task` that parallel loops increment;
    /// it reports 0 at once, so that the observer knows the total.
    pub fn ticker(&self, task: &'a str, total: u64) -> Ticker<'a> {
        self.update(task, 0, Some(total));
        Ticker {
            watch: *self,
            task,
            total,
            done: AtomicU64::new(0),
        }
    }
}

/// Counts finished units of one task from many threads (see [`Watch::ticker`]).
#[derive(Debug)]
pub struct Ticker<'a> {
    watch: Watch<'a>,
    task: &'a str,
    total: u64,
    done: AtomicU64,
}

impl Ticker<'_> {
    /// One more unit is finished.
    pub fn inc(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.watch.update(self.task, done, Some(self.total));
    }

    /// Units finished so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_guard_cancels_every_clone() {
        let c = Cancel::new();
        let other = c.clone();
        assert_eq!(c, other);
        assert_ne!(c, Cancel::new());
        {
            let _g = c.on_drop();
            assert!(!other.is_cancelled());
        }
        assert!(other.is_cancelled());
        assert_eq!(Watch::new(&Quiet, &other).check(), Err(Cancelled));
        assert_eq!(Watch::quiet().check(), Ok(()));
    }

    #[test]
    fn a_ticker_counts_from_threads() {
        let last = AtomicU64::new(0);
        let seen_total = AtomicU64::new(0);
        let p = |_: &str, d: u64, t: Option<u64>| {
            last.fetch_max(d, Ordering::Relaxed);
            seen_total.store(t.unwrap_or(0), Ordering::Relaxed);
        };
        let w = Watch::reporting(&p);
        let t = w.ticker("x", 400);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| (0..100).for_each(|_| t.inc()));
            }
        });
        assert_eq!(t.done(), 400);
        assert_eq!(last.load(Ordering::Relaxed), 400);
        assert_eq!(seen_total.load(Ordering::Relaxed), 400);
    }
}
