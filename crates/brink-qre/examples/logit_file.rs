//! Solves Gambit files with `brink_qre::logit` and prints one line per file:
//! `file,status,seconds,lambda,regret,steps,profile` (profile joined by ';').
//! Used by `bench/logit_vs_pygambit.py` and to survey the corpus.
//!
//! Usage: `logit_file [--max-regret R] [--repeat N] FILE...`

use brink_qre::{logit, LogitOptions};
use std::time::Instant;

fn main() {
    let mut opts = LogitOptions::default();
    let mut repeat = 1usize;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--max-regret" => {
                opts.max_regret = args
                    .next()
                    .and_then(|x| x.parse().ok())
                    .expect("--max-regret NUMBER")
            }
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|x| x.parse().ok())
                    .expect("--repeat N")
            }
            _ => files.push(a),
        }
    }
    for f in files {
        let game = match brink_gambit::read_game_file(std::path::Path::new(&f)) {
            Ok(g) => g,
            Err(e) => {
                println!("{f},unreadable,0,0,0,0,{e}");
                continue;
            }
        };
        let start = Instant::now();
        let mut last = None;
        for _ in 0..repeat.max(1) {
            last = Some(logit(&game, &opts));
        }
        let secs = start.elapsed().as_secs_f64() / repeat.max(1) as f64;
        match last.expect("ran at least once") {
            Ok(r) => {
                let profile = r.solution.gambit_row(&game);
                let probs = profile.trim_start_matches("NE,").replace(',', ";");
                println!(
                    "{f},ok,{secs:.6},{:e},{:e},{},{probs}",
                    r.lambda,
                    r.solution.regret_f64(),
                    r.steps
                );
            }
            Err(e) => println!(
                "{f},failed,{secs:.6},0,0,0,{}",
                e.to_string().replace(',', ";")
            ),
        }
    }
}
