//! `logit` on the Gambit corpus against pygambit 16.7's `logit_solve` branch
//! (fixtures from scripts/qre_fixtures.py in testdata/fixtures/logit/).
//!
//! * Every game pygambit finishes on: our profile's regret is within the
//!   requested bound (1e-8 of the payoff range).
//! * Where pygambit's branch converged (its own last profile has regret below
//!   1e-6 of the range, so it did not stall), we select the same equilibrium:
//!   every probability within 1e-3 of pygambit's.
//! * Every other game: either a profile within the bound, or an error; never
//!   a profile outside the bound.
//! * `qre_at` matches pygambit's `logit_solve_lambda` at fixed lambdas.

mod common;

use brink_game::profile::profile_from_flat;
use brink_game::regret::max_regret;
use brink_game::Game;
use brink_qre::{logit, payoff_range, qre_at, LogitOptions};
use common::gambit_files::read_game;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit/");
const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/fixtures/logit/"
);

fn rows(name: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(format!("{FIXTURES}{name}")).expect("fixture file");
    r.records().map(|x| x.expect("fixture row")).collect()
}

fn probs(text: &str) -> Vec<f64> {
    text.split(';')
        .map(|x| x.parse().expect("a probability"))
        .collect()
}

fn flat(game: &Game, sol: &brink_game::Solution) -> Vec<f64> {
    probs(
        sol.gambit_row(game)
            .trim_start_matches("NE,")
            .replace(',', ";")
            .as_str(),
    )
}

#[test]
fn corpus_matches_pygambit() {
    let opts = LogitOptions::default();
    let mut compared = 0;
    let mut finished = 0;
    let mut mismatches = Vec::new();
    let mut failures = Vec::new();
    for row in rows("pygambit_logit.csv") {
        let (file, status) = (&row[0], &row[2]);
        let game = read_game(&format!("{CORPUS}{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
        let bound = opts.max_regret * payoff_range(&game);
        let ours = logit(&game, &opts);
        if let Ok(r) = &ours {
            let regret = max_regret(&game, &r.solution.profile_f64());
            assert!(regret <= bound, "{file}: regret {regret} above {bound}");
        }
        if status != "ok" {
            continue;
        }
        finished += 1;
        let Ok(r) = ours else {
            failures.push(format!("{file}: {}", ours.unwrap_err()));
            continue;
        };
        let theirs = probs(&row[6]);
        let theirs_profile =
            profile_from_flat(&game, &theirs).expect("fixture has the game's length");
        if max_regret(&game, &theirs_profile) > 1e-6 * payoff_range(&game) {
            continue; // pygambit's branch stalled; nothing to compare with
        }
        compared += 1;
        let mine = flat(&game, &r.solution);
        let gap = mine
            .iter()
            .zip(&theirs)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        if gap > 1e-3 {
            mismatches.push(format!("{file}: gap {gap:.3e}"));
        }
    }
    eprintln!("pygambit finished {finished} games; compared {compared}");
    assert!(
        failures.is_empty(),
        "games pygambit finishes and we do not: {failures:#?}"
    );
    assert!(
        mismatches.is_empty(),
        "different equilibria: {mismatches:#?}"
    );
    assert!(
        compared >= 20,
        "too few comparisons ({compared}): fixtures missing?"
    );
}

#[test]
fn qre_at_matches_pygambit() {
    let mut n = 0;
    for row in rows("logit_lambda.csv") {
        let game = read_game(&format!("{CORPUS}{}", &row[0])).expect("game");
        let lambda: f64 = row[1].parse().expect("lambda");
        let r = qre_at(&game, lambda).expect("qre");
        let mine = flat(&game, &r.solution);
        for (a, b) in mine.iter().zip(probs(&row[2])) {
            // pygambit stops its corrector at 1e-4 in log-probabilities.
            assert!(
                (a - b).abs() < 1e-4,
                "{} at {lambda}: {mine:?} vs {}",
                &row[0],
                &row[2]
            );
        }
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn unreadable_options_and_imperfect_recall_are_errors() {
    let game = read_game(&format!("{CORPUS}contrib/games/myerson.efg")).expect("game");
    let err = logit(&game, &LogitOptions::default()).unwrap_err();
    assert!(err.to_string().contains("imperfect recall"), "{err}");
}
