//! `enumpoly` on games of three or more players: the set of equilibria
//! against pygambit 16.7's `enumpoly_solve` (fixtures precomputed by
//! `scripts/nash_nplayer_fixtures.py`), and against a closed form derived
//! by hand.

use brink_game::{Game, Watch};
use brink_nash::enumpoly::{enumpoly, nplayer};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// Every n-player fixture: name, game, pygambit's equilibria (flat).
fn fixtures() -> Vec<(String, Game, Vec<Vec<f64>>)> {
    let dir = root().join("fixtures/nplayer");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures present")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".enumpoly"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let stem = name.trim_end_matches(".enumpoly");
        let path = match stem.strip_prefix("random__") {
            Some(file) => dir.join("random").join(file),
            None => root().join("gambit").join(stem.replace("__", "/")),
        };
        let game = brink_gambit::read_game_file(&path).expect("fixture game");
        if game.players().len() < 3 {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let eqs = text
            .lines()
            .filter_map(|l| l.strip_prefix("NE,"))
            .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
            .collect();
        out.push((stem.to_string(), game, eqs));
    }
    out
}

fn near(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-6)
}

#[test]
fn dump() {
    for (name, game, theirs) in fixtures() {
        let Game::Strategic(g) = &game else { continue };
        let t = std::time::Instant::now();
        let found = nplayer::equilibria(g, &Watch::quiet()).unwrap();
        let ours: Vec<Vec<f64>> = found.equilibria.iter().map(|x| x.iter().flatten().copied().collect()).collect();
        let missing: Vec<_> = theirs.iter().filter(|y| !ours.iter().any(|x| near(x, y))).collect();
        let extra: Vec<_> = ours.iter().filter(|x| !theirs.iter().any(|y| near(x, y))).collect();
        eprintln!("{name}: ours {} theirs {} missing {} extra {} singular {} in {:?}", ours.len(), theirs.len(), missing.len(), extra.len(), found.singular.len(), t.elapsed());
        for m in missing { eprintln!("   missing {m:?}"); }
        for m in extra { eprintln!("   extra {m:?}"); }
        for s in &found.singular { eprintln!("   singular {s:?}"); }
    }
    let _ = enumpoly;
}
