//! Times `read_game_file` on one file: `read_timing FILE [REPEATS]` prints the
//! mean seconds per read. Used by `scripts/gambit_bench.py` to compare with
//! pygambit reading the same file; criterion's `benches/parse.rs` is the
//! benchmark proper.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: read_timing FILE [REPEATS]");
        return ExitCode::from(2);
    };
    let repeats: u32 = args
        .get(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(10)
        .max(1);
    // One read first, outside the timing, to warm the page cache.
    if let Err(e) = brink_gambit::read_game_file(Path::new(path)) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let start = Instant::now();
    for _ in 0..repeats {
        let game = brink_gambit::read_game_file(Path::new(path)).expect("read once already");
        std::hint::black_box(game);
    }
    println!("{:.9}", start.elapsed().as_secs_f64() / f64::from(repeats));
    ExitCode::SUCCESS
}
