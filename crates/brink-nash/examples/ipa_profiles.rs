//! Prints `ipa`'s profiles on Gambit strategic files, for comparing two
//! builds: per file, its stem, the profile to 6 decimals, then the same
//! profile with every digit (bit identity) and its regret.
//!
//! Usage: cargo run --release -p brink-nash --example ipa_profiles -- FILE...

use brink_nash::{solve, Method};

fn main() {
    for file in std::env::args().skip(1) {
        let path = std::path::Path::new(&file);
        let game = brink_gambit::read_game_file(path).expect("a game file");
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let solutions = solve(&game, Method::Ipa, true).expect("ipa solves");
        if solutions.is_empty() {
            println!("{stem} none");
        }
        for s in solutions {
            let probs = s.profile_f64().probs;
            let six: Vec<String> = probs.iter().flatten().map(|p| format!("{p:.6}")).collect();
            let all: Vec<String> = probs.iter().flatten().map(|p| format!("{p:?}")).collect();
            println!("{stem} {}", six.join(" "));
            println!("{stem} bits {} regret {:e}", all.join(" "), s.regret_f64());
        }
    }
}
