//! Times `lcp` (or `lp`) on game files, for `bench/lcp_vs_pygambit.sh`:
//! `cargo bench -p brink-nash --bench lcp_time -- [--lp] [--float] FILE...`
//! prints `file seconds` per game, the best of several runs (at least 5, and
//! at least 1 s in all), after checking that each answer has regret 0;
//! `--once` times the first run alone (solve and regret check).

#[path = "../tests/poker_games.rs"]
mod poker_games;

use brink_game::Game;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let lp = args.iter().any(|a| a == "--lp");
    let float = args.iter().any(|a| a == "--float");
    // One timed run (with its check) for games where one run takes long.
    let once = args.iter().any(|a| a == "--once");
    for file in args.iter().filter(|a| !a.starts_with("--")) {
        let game = match file.as_str() {
            "kuhn" => Game::Extensive(poker_games::kuhn()),
            "leduc" => Game::Extensive(poker_games::leduc()),
            path => brink_gambit::read_game_file(std::path::Path::new(path)).expect("a game file"),
        };
        let solve = || {
            if lp {
                brink_nash::lp::lp(&game, float)
            } else {
                brink_nash::lcp::lcp(&game, float)
            }
        };
        let start = Instant::now();
        let first = solve().expect("solvable");
        let elapsed = start.elapsed();
        assert!(
            first[0].regret_f64().abs() < 1e-6,
            "{file}: regret {}",
            first[0].regret_text()
        );
        if once {
            println!("{file} {:.6}", elapsed.as_secs_f64());
            continue;
        }
        let (mut best, mut total, mut runs) = (Duration::MAX, Duration::ZERO, 0);
        while runs < 5 || total < Duration::from_secs(1) {
            let start = Instant::now();
            std::hint::black_box(solve().expect("solvable"));
            let t = start.elapsed();
            best = best.min(t);
            total += t;
            runs += 1;
        }
        println!("{file} {:.6}", best.as_secs_f64());
    }
}
