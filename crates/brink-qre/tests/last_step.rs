//! The end of the logit trace (issue 19, item 5): where the limit lies on a
//! continuum of equilibria, the answer is the branch's limit, not the point of
//! the continuum nearest the branch point; and where the branch passes a
//! bifurcation, the result says where.

mod common;

use brink_game::Game;
use brink_qre::{logit, LogitOptions};
use common::read_game;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit/");

fn solve(file: &str) -> brink_qre::LogitResult {
    let game = read_game(&format!("{CORPUS}{file}")).expect("game");
    logit(&game, &LogitOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn probs(file: &str, r: &brink_qre::LogitResult) -> Vec<f64> {
    let game = read_game(&format!("{CORPUS}{file}")).expect("game");
    let Game::Strategic(_) = game else {
        panic!("{file}: a strategic game")
    };
    r.solution.profile_f64().probs.concat()
}

/// `const_sum_game.nfg`: player 1's first strategy is weakly dominant and
/// player 2 is indifferent once player 1 plays it, so every (1, 0; q, 1 - q)
/// is an equilibrium. On the branch q - 1/2 shrinks like lambda exp(-lambda/2)
/// / 4 (0.00042 at lambda 18.6, where the solve on the support used to stop,
/// keeping that q). pygambit 16.7.0's `logit_solve` ends at q =
/// 0.5000002705854396 (lambda 34.56; computed with pygambit, not by us).
#[test]
fn a_continuum_limit_is_the_branchs_own() {
    let file = "tests/test_games/const_sum_game.nfg";
    let r = solve(file);
    let p = probs(file, &r);
    assert!(p[0] > 1.0 - 1e-6, "{p:?}");
    assert!((p[2] - 0.5000002705854396).abs() < 1e-5, "{p:?}");
    assert!((p[2] - 0.5).abs() < 1e-5, "{p:?}");
    assert!(r.bifurcation_lambdas.is_empty());
    assert!(r.bifurcation_note().is_none());
}

/// Where `det dH/dx` of the logit equations changes sign on the branch from
/// lambda 0. The lambdas were found apart from both tracers, in Python, by
/// bisection on that determinant along the branch (see tests/corpus.rs,
/// where each game's parting from pygambit is described); pygambit leaves
/// the branch at each of them and ends at another equilibrium.
const BIFURCATIONS: &[(&str, f64)] = &[
    ("tests/test_games/non_const_sum_game.nfg", 5.869586),
    ("catalog/journals/other/shapley1974/fig3.nfg", 1.720205),
    ("catalog/journals/ijgt/nau2004/sec3.nfg", 0.808136),
    ("catalog/books/shohamleytonbrown2008/fig5_10.efg", 0.686092),
    ("contrib/games/2s2x2x2.efg", 0.596755),
    ("contrib/games/sh3.efg", 1.720205),
    ("contrib/games/sww3.efg", 0.457395),
    ("contrib/games/w_ex1.efg", 1.069924),
    ("contrib/games/w_ex2.efg", 1.069924),
];

#[test]
fn bifurcations_are_reported_where_the_determinant_changes_sign() {
    for &(file, at) in BIFURCATIONS {
        let r = solve(file);
        assert_eq!(r.bifurcation_lambdas.len(), 1, "{file}: {r:?}");
        assert_eq!(r.bifurcations, 1, "{file}");
        // (w_ex2's determinant vanishes there to fifth order; the bisection
        // finds it all the same.)
        let tol = 1e-4;
        let found = r.bifurcation_lambdas[0];
        assert!((found - at).abs() < tol, "{file}: {found} against {at}");
        let note = r.bifurcation_note().expect("a warning");
        assert!(note.contains("bifurcation at lambda"), "{note}");
    }
}

/// Games whose branch meets no other: no warning.
#[test]
fn no_warning_without_a_bifurcation() {
    for file in [
        "contrib/games/2x2.nfg",
        "catalog/journals/other/shapley1974/fig2.nfg",
        "tests/test_games/stripped_down_poker.efg",
    ] {
        let r = solve(file);
        assert!(r.bifurcation_lambdas.is_empty(), "{file}: {r:?}");
    }
}
