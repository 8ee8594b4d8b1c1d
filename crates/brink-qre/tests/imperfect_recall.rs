//! `logit` on the corpus trees without perfect recall against pygambit 16.7
//! (testdata/fixtures/logit/imperfect_recall.csv, from
//! scripts/qre_imperfect_recall_fixtures.py).
//!
//! pygambit's own stopping test is unreliable here (16.7 measures regret on
//! the mixed strategy profile a behavior profile induces, which for an
//! absent-minded player pays differently, and can be negative), so its
//! answers are judged with brink-game's regret: pygambit's branch converged
//! where its last profile is within 1e-6 of the payoff range of a Nash
//! equilibrium and of an agent equilibrium.
//!
//! * Every game: our `logit` gives a profile whose honest regret is within
//!   the bound (1e-8 of the payoff range), or an error; `trace_logit` says
//!   why (an agent equilibrium that is no Nash equilibrium, for instance).
//! * Where pygambit converged: we solve the game, and select the same
//!   equilibrium (terminal-node probabilities within 1e-2), unless our trace
//!   passed a bifurcation, where the branch is a tracer's choice (listed).
//!   Gilboa's two-selves driver (fig2) is one: the branch from lambda 0 is
//!   symmetric and ends at no Nash equilibrium; past its pitchfork the trace
//!   takes an asymmetric arm, pygambit the mirror image of ours.

mod common;

use brink_game::profile::profile_from_flat;
use brink_game::regret::{max_regret, reach};
use brink_game::{Game, NodeId};
use brink_qre::{logit, payoff_range, trace_logit, LogitOptions};
use common::read_game;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit/");
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/fixtures/logit/imperfect_recall.csv"
);

fn terminal_gap(game: &Game, a: &brink_game::Profile<f64>, b: &brink_game::Profile<f64>) -> f64 {
    let Game::Extensive(g) = game else {
        unreachable!("trees only")
    };
    let (ra, rb) = (reach(g, &a.probs, None), reach(g, &b.probs, None));
    (0..g.num_nodes())
        .filter(|&n| g.is_terminal(NodeId(n as u32)))
        .map(|n| (ra[n] - rb[n]).abs())
        .fold(0.0, f64::max)
}

#[test]
fn imperfect_recall_corpus_matches_pygambit() {
    let opts = LogitOptions::default();
    let mut solved = Vec::new();
    let mut not_nash = Vec::new();
    let mut compared = 0;
    let mut failures = Vec::new();
    let mut mismatches = Vec::new();
    let mut at_bifurcation = Vec::new();
    let mut reader = csv::Reader::from_path(FIXTURE).expect("fixture");
    for row in reader.records() {
        let row = row.expect("row");
        let (file, status) = (row[0].to_string(), &row[1]);
        let game = read_game(&format!("{CORPUS}{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
        let Game::Extensive(tree) = &game else {
            panic!("{file}: not a tree")
        };
        if tree.check_perfect_recall().is_ok() {
            continue; // pygambit reads it differently or not at all; corpus.rs has it
        }
        let range = payoff_range(&game);
        let bound = opts.max_regret * range;
        let ours = logit(&game, &opts);
        match &ours {
            Ok(r) => {
                let regret = max_regret(&game, &r.solution.profile_f64());
                assert!(regret <= bound, "{file}: regret {regret} above {bound}");
                assert_eq!(regret, r.solution.regret_f64(), "{file}: printed regret");
                solved.push(file.clone());
            }
            Err(_) => {
                let t = trace_logit(&game, &opts).expect("traceable");
                assert!(!t.converged, "{file}: trace_logit disagrees with logit");
                not_nash.push(format!("{file}: {}", t.stop_reason));
            }
        }
        if status != "ok" {
            continue;
        }
        let theirs: Vec<f64> = row[6]
            .split(';')
            .map(|x| x.parse().expect("probability"))
            .collect();
        let theirs = profile_from_flat(&game, &theirs).expect("fixture has the game's length");
        let their_agent: f64 = row[5].parse().expect("agent regret");
        if max_regret(&game, &theirs) > 1e-6 * range || their_agent > 1e-6 * range {
            continue; // pygambit stopped short of an equilibrium
        }
        compared += 1;
        let r = match ours {
            Ok(r) => r,
            Err(e) => {
                let t = trace_logit(&game, &opts).expect("traceable");
                if t.bifurcations > 0 {
                    at_bifurcation.push(format!("{file}: {e}"));
                } else {
                    failures.push(format!("{file}: {e}"));
                }
                continue;
            }
        };
        let gap = terminal_gap(&game, &r.solution.profile_f64(), &theirs);
        if gap > 1e-2 {
            if r.bifurcations > 0 {
                at_bifurcation.push(format!("{file}: gap {gap:.3e}"));
            } else {
                mismatches.push(format!("{file}: gap {gap:.3e}"));
            }
        }
    }
    eprintln!("solved {}: {solved:#?}", solved.len());
    eprintln!("no Nash equilibrium at the branch's end: {not_nash:#?}");
    eprintln!(
        "compared with pygambit: {compared}; other branch after a bifurcation: {at_bifurcation:#?}"
    );
    assert!(
        failures.is_empty(),
        "pygambit converges and we do not: {failures:#?}"
    );
    assert!(
        mismatches.is_empty(),
        "different equilibria: {mismatches:#?}"
    );
    assert!(compared >= 12, "too few comparisons ({compared})");
    assert!(solved.len() >= 24, "only {} solved", solved.len());
}

/// Sequential equilibrium (beliefs, sequential rationality) is defined here
/// for perfect recall only: such games are an error naming the cause.
#[test]
fn sequential_still_requires_perfect_recall() {
    let game = read_game(&format!(
        "{CORPUS}tests/test_games/noPR-action-selten-horse.efg"
    ))
    .expect("game");
    let Game::Extensive(tree) = &game else {
        unreachable!("a tree")
    };
    let err = brink_qre::sequential(tree, &LogitOptions::default()).unwrap_err();
    assert!(err.to_string().contains("recall"), "{err}");
    assert!(logit(&game, &LogitOptions::default()).is_ok());
}

#[test]
fn the_printed_regret_says_what_it_measures() {
    use brink_qre::RegretKind;
    let kind = |f: &str| RegretKind::of(&read_game(&format!("{CORPUS}{f}")).expect("game"));
    assert_eq!(kind("contrib/games/2x2x2.efg"), RegretKind::Exact);
    assert_eq!(
        kind("tests/test_games/noPR-action-selten-horse.efg"),
        RegretKind::PureStrategies {
            absent_minded: false
        }
    );
    assert_eq!(
        kind("tests/test_games/AM-driver-one-infoset.efg"),
        RegretKind::PureStrategies {
            absent_minded: true
        }
    );
    assert!(RegretKind::UpperBound
        .note()
        .expect("a note")
        .contains("upper bound"));
}
