//! Prints a method's profiles on Gambit game files, for comparing two
//! builds: per file, its stem, each profile to 6 decimals, then the same
//! profile with every digit (bit identity) and its regret. `diff` two
//! builds' outputs: an empty one means the same equilibria, bit for bit.
//! (Until session 29 this was `ipa_profiles`, for `ipa` alone; `gnm`'s
//! comparisons were made with throwaway copies of it.)
//!
//! Usage: cargo run --release -p brink-nash --example profiles -- ipa|gnm|simpdiv|liap|enumpoly FILE...

use brink_nash::{solve, Method};

const USAGE: &str = "usage: profiles ipa|gnm|simpdiv|liap|enumpoly FILE...";

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(method) = args.next().as_deref().and_then(Method::from_name) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    for file in args {
        let path = std::path::Path::new(&file);
        let game = brink_gambit::read_game_file(path).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        });
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let solutions = match solve(&game, method, true) {
            Ok(s) => s,
            Err(e) => {
                println!("{stem} refused: {e}");
                continue;
            }
        };
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
