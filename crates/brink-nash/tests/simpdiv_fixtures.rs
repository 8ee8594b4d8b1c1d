//! `simpdiv` against pygambit 16.7's `simpdiv_solve` from the same start
//! (everyone's first strategy), from the fixtures
//! `scripts/nash_simpdiv_fixtures.py` precomputed (CI needs no Python), on
//! the random 3- and 4-player games and the strategic games of the Gambit
//! corpus. pygambit's answer is a grid point whose regret is at most 1e-7 of
//! the payoff range; ours is that walk's point polished by Newton, so the
//! two should be the same equilibrium, ours the closer to it.

use brink_game::Game;
use brink_nash::simpdiv::simpdiv;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// A probability as pygambit prints a rational: `p/q` or an integer.
fn rational(text: &str) -> f64 {
    match text.split_once('/') {
        Some((p, q)) => p.parse::<f64>().unwrap() / q.parse::<f64>().unwrap(),
        None => text.parse().unwrap(),
    }
}

/// Every fixture: its name, the game and pygambit's profile.
fn fixtures() -> Vec<(String, Game, Vec<f64>)> {
    let dir = root().join("fixtures/nplayer");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures present")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".simpdiv"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let stem = name.trim_end_matches(".simpdiv");
        let path = match stem.strip_prefix("random__") {
            Some(file) => dir.join("random").join(file),
            None => root().join("gambit").join(stem.replace("__", "/")),
        };
        let game = brink_gambit::read_game_file(&path).expect("fixture game");
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let row = text
            .lines()
            .find_map(|l| l.strip_prefix("NE,"))
            .expect("one profile");
        out.push((
            stem.to_string(),
            game,
            row.split(',').map(rational).collect(),
        ));
    }
    assert!(out.len() >= 40, "only {} fixtures", out.len());
    out
}

/// The largest payoff less the smallest.
fn payoff_range(game: &Game) -> f64 {
    let Game::Strategic(g) = game else {
        unreachable!("strategic fixtures")
    };
    let all = (0..g.num_cells()).flat_map(|c| (0..g.num_players()).map(move |p| (c, p)));
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (c, p)| {
        let v = g.payoff_f64(c, p);
        (lo.min(v), hi.max(v))
    });
    if hi > lo {
        hi - lo
    } else {
        1.0
    }
}

#[test]
fn simpdiv_reaches_pygambits_equilibrium() {
    let (mut games, mut same) = (0, 0);
    let mut differ = Vec::new();
    for (name, game, theirs) in fixtures() {
        let sols = simpdiv(&game).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sols.len(), 1, "{name}");
        let range = payoff_range(&game);
        let regret = sols[0].regret_f64();
        assert!(regret <= 1e-9 * range, "{name}: regret {regret}");
        let ours: Vec<f64> = sols[0].profile_f64().probs.concat();
        let gap = ours
            .iter()
            .zip(&theirs)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        games += 1;
        if gap < 1e-4 {
            same += 1;
        } else {
            differ.push(format!("{name} (gap {gap:.2e})"));
        }
    }
    eprintln!("simpdiv: {same} of {games} as pygambit's; differ: {differ:?}");
    assert!(
        same == games,
        "{} of {games} differ: {differ:?}",
        differ.len()
    );
}
