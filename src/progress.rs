//! How the binary shows the progress the libraries report: an indicatif bar
//! on a terminal; where stderr is not a terminal (a cluster job's log), a
//! plain line at every tenth of the work or every 5 s, whichever comes
//! first; nothing with `-q`. Diagnostics go through `tracing`, filtered by
//! `RUST_LOG`.

use brink_game::progress::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Work smaller than this shows no bar on a terminal: it is over before a
/// bar helps (a log still gets its lines).
const MIN_UNITS: u64 = 32;

/// Seconds between plain lines when the tenths come slowly.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// The progress observer of the `brink` binary.
pub struct Shown {
    quiet: bool,
    terminal: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    bar: Option<ProgressBar>,
    task: String,
    tenth: u64,
    last_line: Option<Instant>,
}

impl Shown {
    /// Shows progress on stderr unless `quiet`.
    pub fn new(quiet: bool) -> Shown {
        Shown {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            state: Mutex::new(State::default()),
        }
    }

    /// Clears the bar, if one is drawn.
    pub fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            if let Some(b) = s.bar.take() {
                b.finish_and_clear();
            }
        }
    }
}

impl Drop for Shown {
    fn drop(&mut self) {
        self.finish();
    }
}

fn bar(task: &str, total: Option<u64>) -> ProgressBar {
    match total {
        Some(n) => {
            let b = ProgressBar::new(n);
            b.set_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:40}] {pos}/{len} [{elapsed_precise}, {eta} left]",
                )
                .expect("a fixed template")
                .progress_chars("=> "),
            );
            b.set_message(task.to_string());
            b
        }
        None => {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{msg}: {spinner} {pos} [{elapsed_precise}]")
                    .expect("a fixed template"),
            );
            b.set_message(task.to_string());
            b.enable_steady_tick(Duration::from_millis(200));
            b
        }
    }
}

impl Progress for Shown {
    fn update(&self, task: &str, done: u64, total: Option<u64>) {
        if self.quiet || (self.terminal && total.is_some_and(|t| t < MIN_UNITS)) {
            return;
        }
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        if s.task != task {
            if let Some(b) = s.bar.take() {
                b.finish_and_clear();
            }
            *s = State {
                task: task.to_string(),
                ..State::default()
            };
        }
        if self.terminal {
            let b = s.bar.get_or_insert_with(|| bar(task, total));
            b.set_position(done);
            return;
        }
        // A plain line where the tenth moves, or after 5 s without one.
        let tenth = match total {
            Some(t) if t > 0 => done * 10 / t,
            _ => 0,
        };
        let now = Instant::now();
        let first = s.last_line.is_none();
        let stale = s.last_line.is_some_and(|t| now - t >= LINE_EVERY);
        if first || tenth > s.tenth || stale {
            s.tenth = s.tenth.max(tenth);
            s.last_line = Some(now);
            match total {
                Some(t) => eprintln!("{task}: {done}/{t}"),
                None => eprintln!("{task}: {done}"),
            }
        }
    }
}

/// Sends `tracing` events to stderr, filtered by `RUST_LOG` (warnings and
/// errors when it is unset).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(true)
        .without_time()
        .try_init();
}
