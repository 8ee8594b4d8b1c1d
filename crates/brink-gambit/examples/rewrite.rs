//! Reads a Gambit game file and writes it back with this crate's writer:
//! `cargo run -p brink-gambit --example rewrite -- IN OUT [IN OUT ...]`.
//! Used by `scripts/gambit_roundtrip.py` to check that Gambit reads what we write.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() || !args.chunks_exact(2).remainder().is_empty() {
        eprintln!("usage: rewrite IN OUT [IN OUT ...]");
        return ExitCode::from(2);
    }
    let mut failed = false;
    for pair in args.chunks(2) {
        let result = brink_gambit::read_game_file(std::path::Path::new(&pair[0]))
            .map_err(|e| e.to_string())
            .and_then(|game| {
                std::fs::write(&pair[1], brink_gambit::write_game(&game))
                    .map_err(|e| format!("{}: {e}", pair[1]))
            });
        if let Err(e) = result {
            eprintln!("{e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
