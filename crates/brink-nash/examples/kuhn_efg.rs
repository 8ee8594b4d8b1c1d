//! Writes Kuhn poker as a Gambit `.efg` file (to the path given, or to
//! standard output), so that other tools (pygambit) can solve the same game.
//!
//! `cargo run -p brink-nash --example kuhn_efg -- testdata/fixtures/lcp/kuhn.efg`

#[path = "../tests/poker_games.rs"]
mod poker_games;

fn main() -> std::io::Result<()> {
    let text = brink_gambit::write_efg(&poker_games::kuhn());
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
