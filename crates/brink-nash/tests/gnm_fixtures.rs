//! `gnm` against pygambit 16.7's `gnm_solve` (fixtures from
//! `scripts/nash_gnm_fixtures.py`, so CI needs no Python): the same default
//! perturbation, so the same path, on the random 3- and 4-player games and
//! the n-player games of the Gambit corpus.

use brink_game::Game;
use brink_nash::gnm::gnm;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Every fixture: its name, the game and pygambit's equilibria (flat).
fn fixtures() -> Vec<(String, Game, Vec<Vec<f64>>)> {
    let dir = root().join("fixtures/nplayer");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures present")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".gnm"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let stem = name.trim_end_matches(".gnm").to_string();
            let path = match stem.strip_prefix("random__") {
                Some(file) => dir.join("random").join(file),
                None => root().join("gambit").join(stem.replace("__", "/")),
            };
            let game = brink_gambit::read_game_file(&path).expect("fixture game");
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            let eqs = text
                .lines()
                .filter_map(|l| l.strip_prefix("NE,"))
                .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
                .collect();
            (stem, game, eqs)
        })
        .collect()
}

fn near(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
}

#[test]
fn explore() {
    let only = std::env::var("ONLY").unwrap_or_default();
    for (name, game, theirs) in fixtures() {
        if !name.contains(&only) {
            continue;
        }
        let t = std::time::Instant::now();
        let opts = brink_nash::gnm::GnmOptions {
            check_boundaries: std::env::var("GAMBIT_RULES").is_err(),
            ..Default::default()
        };
        let ours: Vec<Vec<f64>> = brink_nash::gnm::gnm_with(&game, &opts)
            .unwrap()
            .iter()
            .map(|s| s.profile_f64().probs.concat())
            .collect();
        let common = ours
            .iter()
            .filter(|x| theirs.iter().any(|y| near(x, y)))
            .count();
        eprintln!(
            "{name}: ours {} theirs {} common {common} {:?}",
            ours.len(),
            theirs.len(),
            t.elapsed()
        );
        if std::env::var("SHOW").is_ok() {
            eprintln!("{ours:?}");
        }
    }
}
