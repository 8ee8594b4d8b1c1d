//! `logit` on the Gambit corpus against pygambit 16.7's `logit_solve` branch
//! (fixtures from scripts/qre_fixtures.py in testdata/fixtures/logit/).
//!
//! * Every game pygambit finishes on: our profile's regret is within the
//!   requested bound (1e-8 of the payoff range).
//! * Where pygambit's branch converged (its own last profile has regret below
//!   1e-6 of the range, so it did not stall), we select the same equilibrium:
//!   every probability (trees: every terminal node's probability) within
//!   1e-2 of pygambit's, unless our trace passed a bifurcation, where the
//!   branch taken is a tracer's choice (listed in the test output).
//! * Games without perfect recall are left to tests/imperfect_recall.rs, with
//!   its own fixture (pygambit's stopping test misjudges them); here, myerson's
//!   game, which has no equilibrium in behavior strategies, is an error that
//!   says why.
//! * Every other game: either a profile within the bound, or an error; never
//!   a profile outside the bound.
//! * `qre_at` matches pygambit's `logit_solve_lambda` at fixed lambdas.
//!
//! The games listed as "different branch after a bifurcation" part at a
//! symmetry-breaking (pitchfork) point, not at a turning point, and it is
//! pygambit that leaves the branch. Traced with scripts/pygambit_branch.py
//! against `brink solve --method logit --path csv`: in Shapley's fig3 (a
//! symmetric bimatrix game) both branches keep p = q up to lambda 1.7202;
//! there pygambit's steps collapse, lambda stays at 1.7202-1.7205 for a
//! dozen points while p and q separate (a tangent with no lambda part: the
//! second kernel direction), its arm runs asymmetric through lambda 2-3 and
//! rejoins p = q on another branch, ending at (1/6, 1/3, 1/2); ours goes
//! straight on with p = q to (1/3, 2/3, 0), and counts one sign change of
//! the oriented determinant in the same step (lambda 1.69 to 2.21). In
//! w_ex1.efg the branch from lambda 0 gives both players' second sets the
//! same mix; pygambit stalls at lambda 1.06992 for some 40 points while the
//! two mixes separate, then ends at the pure (2, B, a); ours keeps them equal
//! and ends at (Out, 0.278/0.722, 0.278/0.722), one sign change in the step
//! from 0.96 to 1.32. Both ends are equilibria; ours is the branch's smooth
//! continuation, pygambit's an arm of the bifurcation.
//!
//! The other seven part the same way. Method: each of pygambit's points
//! against our `qre_at` at its lambda (they part where the gap passes
//! 1e-3); lambda* is where det dH/dx of the logit equations (log-ratio form,
//! computed in Python apart from both tracers) changes sign on our branch,
//! found by bisection. At 0.99 lambda* pygambit's `logit_solve_lambda` and
//! our `qre_at` agree within 3e-7 in every game; every point of pygambit's
//! stall solves the logit equations at its own lambda (log-ratio residual
//! at most 1.1e-8), so it is walking the other arm of the pitchfork, whose
//! tangent has no lambda part; our `qre_at` at 1.01 and 1.1 lambda* keeps
//! the symmetry and solves them to 2e-14 (pygambit's `logit_solve_lambda`
//! there lands on the arm). Our path crosses lambda* inside one step,
//! without a turn. Regrets: ours from `brink solve --format json`,
//! pygambit's end from its `max_regret`; both ends are Nash equilibria in
//! all seven.
//!
//! * shohamleytonbrown2008/fig5_10.efg: the branch gives player 1's (l, r)
//!   player 2's (A, B) mix. lambda* = 0.686092; pygambit's step falls from
//!   0.076 to 4e-10, 46 points in lambda 0.686062-0.686151 (3 steps back)
//!   while the two mixes separate (l 0.5765, A 0.5918), then its arm ends at
//!   the pure (L, r, A), regret 1.8e-8. Ours: one step 0.537 to 0.814, ends
//!   at (L, 2/3 l, 2/3 A), regret 0. (det dH/dx and the two mixes are
//!   sww3's at lambda / 1.5: its payoff range is 6, this one's 4.)
//! * nau2004/sec3.nfg (battle of the sexes, 3-2 / 2-3): the branch keeps
//!   p(Top) = q(Right). lambda* = 0.808136; pygambit's step falls from 3.5e-4
//!   to 5e-7, 34 points in 0.808076-0.808205 while they separate (0.5581 vs
//!   0.5423), arm ends at the pure (Top, Left), regret 8e-9. Ours: step 0.746
//!   to 1.130, ends at the mixed (0.6, 0.4; 0.4, 0.6), regret 0.
//! * 2s2x2x2.efg: the branch keeps players 1 and 2 at 1/2-1/2 in the second
//!   stage (the game 2x2x2.efg); lambda* = 0.596755, the lambda at which
//!   pygambit's own trace of 2x2x2.efg stalls for good (its fixture: regret
//!   0.21). pygambit's step falls from 0.021 to 2e-8, 59 points in
//!   0.596744-0.596811, the two mixes leave 1/2 slowly (7.5e-4 off at
//!   lambda 0.5985), arm ends at (U1; 0.4 U1; U2; 1/2; U3; 1/3 U3),
//!   regret 2.3e-7 (range 24). Ours: step 0.533 to 0.741, ends at (U1;
//!   1/2; U2; 1/2; U3; U3), regret 0.
//! * sh3.efg, the tree of Shapley's fig3: lambda* = 1.720205 as there;
//!   pygambit's step falls from 0.0076 to 8e-7, 16 points in
//!   1.720205-1.720361 while the players separate, arm ends at (1/6, 1/3,
//!   1/2) for both, regret 2.8e-8; ours: step 1.687 to 2.125, ends at (1/3,
//!   2/3, 0) for both, regret 0.
//! * sww3.efg: the branch gives player 1's (T, B) player 2's (B, T) mix.
//!   lambda* = 0.457395; pygambit's step falls from 0.023 to 2e-10, 39 points
//!   in 0.457355-0.457432 (3 steps back) while they separate (0.5917 vs
//!   0.5766), arm ends at the pure (R, T; R, T), regret 1.2e-8. Ours: step
//!   0.349 to 0.530, ends at (L; 0.65 T; 0.987 R; 0.35 T), regret 0.
//! * w_ex2.efg: the branch gives all ten sets one mix. lambda* = 1.069924
//!   (w_ex1's); det dH/dx vanishes there to fifth order (2e-9, 2e-14, 2e-19
//!   at 1e-2, 1e-3, 1e-4 from lambda*) and changes sign. pygambit's step
//!   falls from 0.0039 to 4e-8, 40 points in 1.069922-1.070016 (2 steps
//!   back) while player 1's five sets part from player 2's (0.3649 vs
//!   0.3794 A), arm ends at player 1 all B, player 2 all A, regret 6.1e-8.
//!   Ours: step 1.052 to 1.393, ends at (1/4, 3/4) everywhere, regret 0.
//! * non_const_sum_game.nfg (common payoff 1, but 0 at (2, 1)): the branch
//!   keeps p1 = q2. lambda* = 5.869586; pygambit's step falls from 0.57 to
//!   3e-6, 22 points in 5.869141-5.870086 while they separate (0.7866 vs
//!   0.7777), arm ends at (1, 0; 1/2, 1/2), regret 6e-9 (an equilibrium of
//!   the component "row 1, any column"). Ours: step 4.957 to 7.532, ends at
//!   the pure (1, 0; 0, 1), regret 0.

mod common;

use brink_game::profile::profile_from_flat;
use brink_game::regret::{max_regret, reach};
use brink_game::Game;
use brink_qre::{logit, payoff_range, qre_at, LogitOptions};
use common::read_game;

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

/// How far apart two equilibria are: the largest difference in a mixed
/// strategy probability, or, for trees, in the probability of a terminal node
/// (behavior where nothing reaches does not tell equilibria apart).
fn distance(game: &Game, a: &brink_game::Profile<f64>, b: &brink_game::Profile<f64>) -> f64 {
    match game {
        Game::Strategic(_) => a
            .probs
            .iter()
            .flatten()
            .zip(b.probs.iter().flatten())
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max),
        Game::Extensive(g) => {
            let (ra, rb) = (reach(g, &a.probs, None), reach(g, &b.probs, None));
            (0..g.num_nodes())
                .filter(|&n| g.is_terminal(brink_game::NodeId(n as u32)))
                .map(|n| (ra[n] - rb[n]).abs())
                .fold(0.0, f64::max)
        }
    }
}

#[test]
fn corpus_matches_pygambit() {
    let opts = LogitOptions::default();
    let mut compared = 0;
    let mut finished = 0;
    let mut mismatches = Vec::new();
    let mut failures = Vec::new();
    let mut at_bifurcation = Vec::new();
    for row in rows("pygambit_logit.csv") {
        let (file, status) = (&row[0], &row[2]);
        let game = read_game(&format!("{CORPUS}{file}")).unwrap_or_else(|e| panic!("{file}: {e}"));
        if matches!(&game, Game::Extensive(g) if g.check_perfect_recall().is_err()) {
            continue;
        }
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
        let r = match ours {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{file}: {e}"));
                continue;
            }
        };
        let theirs = probs(&row[6]);
        let theirs_profile =
            profile_from_flat(&game, &theirs).expect("fixture has the game's length");
        if max_regret(&game, &theirs_profile) > 1e-6 * payoff_range(&game) {
            continue; // pygambit's branch stalled; nothing to compare with
        }
        compared += 1;
        let gap = distance(&game, &r.solution.profile_f64(), &theirs_profile);
        if gap > 1e-2 {
            if r.bifurcations > 0 {
                // Past a bifurcation the two tracers may take different
                // branches; both ends are equilibria within the bound.
                at_bifurcation.push(file.to_string());
            } else {
                mismatches.push(format!("{file}: gap {gap:.3e}"));
            }
        }
    }
    eprintln!("pygambit finished {finished} games with perfect recall; compared {compared}");
    eprintln!("different branch after a bifurcation: {at_bifurcation:?}");
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
fn a_game_without_behavior_equilibrium_is_an_error_that_says_why() {
    let game = read_game(&format!("{CORPUS}contrib/games/myerson.efg")).expect("game");
    let err = logit(&game, &LogitOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("agent equilibrium that is not a Nash equilibrium"),
        "{err}"
    );
}

/// `sequential` on corpus trees with perfect recall: every result passes the
/// independent check (sequential rationality at every information set,
/// Bayes' rule on the path), or the solver says why it has none.
#[test]
fn sequential_on_corpus_trees() {
    let mut solved = 0;
    let mut failed = Vec::new();
    for row in rows("pygambit_logit.csv") {
        let file = &row[0];
        if !file.ends_with(".efg") {
            continue;
        }
        let Game::Extensive(g) = read_game(&format!("{CORPUS}{file}")).expect("game") else {
            continue;
        };
        if g.check_perfect_recall().is_err() || g.num_nodes() > 5000 {
            continue;
        }
        match brink_qre::sequential(&g, &LogitOptions::default()) {
            Ok(s) => {
                let tol = 1e-8 * payoff_range(&Game::Extensive(g.clone()));
                assert!(s.check.passes(tol, 1e-6), "{file}: {:?}", s.check);
                solved += 1;
            }
            Err(e) => failed.push(format!("{file}: {e}")),
        }
    }
    eprintln!("sequential: {solved} solved; no result on {failed:#?}");
    assert!(solved >= 50, "only {solved} trees solved");
}
