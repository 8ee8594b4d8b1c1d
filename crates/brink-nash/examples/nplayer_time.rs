//! Times one n-player method on a Gambit strategic file in process, as
//! `bench/nplayer_vs_pygambit.py` times pygambit: the file is read once,
//! then the method runs until half a second has passed (at least once, at
//! most 1000 times). Prints the mean seconds per solve, the number of
//! equilibria and the largest regret.
//!
//! Usage: cargo run --release -p brink-nash --example nplayer_time -- liap|enumpoly|simpdiv|ipa|gnm FILE

use brink_nash::{solve, Method};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, method, file] = &args[..] else {
        eprintln!("usage: nplayer_time liap|enumpoly|simpdiv|ipa|gnm FILE");
        std::process::exit(2);
    };
    let method = match method.as_str() {
        "liap" => Method::Liap,
        "enumpoly" => Method::EnumPoly,
        "simpdiv" => Method::Simpdiv,
        "ipa" => Method::Ipa,
        "gnm" => Method::Gnm,
        m => {
            eprintln!("unknown method {m}");
            std::process::exit(2);
        }
    };
    let game = brink_gambit::read_game_file(std::path::Path::new(file)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let start = Instant::now();
    let mut runs = 0u32;
    let mut last = Vec::new();
    while runs == 0 || (start.elapsed() < Duration::from_millis(500) && runs < 1000) {
        last = solve(&game, method, true).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        });
        runs += 1;
    }
    let per = start.elapsed().as_secs_f64() / f64::from(runs);
    let regret = last.iter().map(|s| s.regret_f64()).fold(0.0, f64::max);
    println!("{per} {} {regret}", last.len());
}
