//! Times one n-player method on Gambit strategic files in process.
//!
//! `nplayer_time METHOD FILE` times it as `bench/nplayer_vs_pygambit.py`
//! times pygambit: the file is read once, then the method runs until half a
//! second has passed (at least once, at most 1000 times). Prints the mean
//! seconds per solve, the number of equilibria and the largest regret.
//!
//! `nplayer_time --batches METHOD FILE...` times more steadily, for
//! comparing changes to a method on a shared machine: each file's solve runs
//! in batches of about 3 ms, 15 batches, and the fastest batch's mean per
//! solve is kept (a batch that lost the processor only ever reads slower).
//! Prints, per file, its stem, the seconds per solve, the largest regret and
//! the number of equilibria.
//!
//! Usage: cargo run --release -p brink-nash --example nplayer_time -- [--batches] liap|enumpoly|simpdiv|ipa|gnm FILE...

use brink_game::Solution;
use brink_nash::{solve, Method};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: nplayer_time [--batches] liap|enumpoly|simpdiv|ipa|gnm FILE...";

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let batches = args.first().is_some_and(|a| a == "--batches");
    if batches {
        args.remove(0);
    }
    let (Some(method), files) = (args.first(), args.get(1..).unwrap_or_default()) else {
        usage()
    };
    if files.is_empty() || (!batches && files.len() > 1) {
        usage();
    }
    let Some(method) = Method::from_name(method) else {
        eprintln!("unknown method {method}");
        std::process::exit(2);
    };
    for file in files {
        let path = std::path::Path::new(file);
        let game = brink_gambit::read_game_file(path).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        });
        let run = || {
            solve(&game, method, true).unwrap_or_else(|e| {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            })
        };
        if batches {
            let (fastest, last) = fastest_batch(run);
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            println!("{stem} {fastest:.3e} {:.1e} {}", regret(&last), last.len());
        } else {
            let (per, last) = half_second(run);
            println!("{per} {} {}", last.len(), regret(&last));
        }
    }
}

fn usage() -> ! {
    eprintln!("{USAGE}");
    std::process::exit(2);
}

/// The mean seconds per solve over half a second of solves (pygambit's
/// side of the bench is timed the same way), and the last solve's answer.
fn half_second(run: impl Fn() -> Vec<Solution>) -> (f64, Vec<Solution>) {
    let start = Instant::now();
    let mut runs = 0u32;
    let mut last = Vec::new();
    while runs == 0 || (start.elapsed() < Duration::from_millis(500) && runs < 1000) {
        last = run();
        runs += 1;
    }
    (start.elapsed().as_secs_f64() / f64::from(runs), last)
}

/// The fastest of 15 batches' mean seconds per solve, batches of about
/// 3 ms: long enough to time, short enough that some run undisturbed.
fn fastest_batch(run: impl Fn() -> Vec<Solution>) -> (f64, Vec<Solution>) {
    let first = Instant::now();
    let mut last = run();
    let batch = ((3e-3 / first.elapsed().as_secs_f64()) as usize).clamp(1, 2000);
    let mut fastest = f64::INFINITY;
    for _ in 0..15 {
        let start = Instant::now();
        for _ in 0..batch {
            last = run();
        }
        fastest = fastest.min(start.elapsed().as_secs_f64() / batch as f64);
    }
    (fastest, last)
}

fn regret(solutions: &[Solution]) -> f64 {
    solutions.iter().map(|s| s.regret_f64()).fold(0.0, f64::max)
}
