//! Times `ipa` on Gambit strategic files more steadily than
//! `nplayer_time`, for comparing changes to the method on a shared
//! machine: each file's solve is run in batches of about 3 ms, 15 batches,
//! and the fastest batch's mean per solve is kept (a batch that lost the
//! processor only ever reads slower). Prints, per file, its stem, the
//! seconds per solve, the largest regret and the number of equilibria.
//!
//! Usage: cargo run --release -p brink-nash --example ipa_batch_time -- FILE...

use brink_nash::{solve, Method};
use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: ipa_batch_time FILE...");
        std::process::exit(2);
    }
    for file in files {
        let path = std::path::Path::new(&file);
        let game = brink_gambit::read_game_file(path).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        });
        let run = || {
            solve(&game, Method::Ipa, true).unwrap_or_else(|e| {
                eprintln!("{file}: {e}");
                std::process::exit(1);
            })
        };
        let first = Instant::now();
        let mut last = run();
        // Batches of about 3 ms: long enough to time, short enough that
        // some of the 15 run undisturbed.
        let batch = ((3e-3 / first.elapsed().as_secs_f64()) as usize).clamp(1, 2000);
        let mut fastest = f64::INFINITY;
        for _ in 0..15 {
            let start = Instant::now();
            for _ in 0..batch {
                last = run();
            }
            fastest = fastest.min(start.elapsed().as_secs_f64() / batch as f64);
        }
        let regret = last.iter().map(|s| s.regret_f64()).fold(0.0, f64::max);
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        println!("{stem} {fastest:.3e} {regret:.1e} {}", last.len());
    }
}
