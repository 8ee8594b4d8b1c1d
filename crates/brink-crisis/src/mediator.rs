//! The mediator lever: the lowest P(war) over communication equilibria of a
//! scenario's game (see `brink_nash::communication` for the concept: one
//! round of confidential type reports, a recommended plan for each player,
//! truth-telling and obedience incentive compatible against every combined
//! deviation; Nash-type, no sequential rationality off the path).
//!
//! A player's continuous private type is discretised on `grid` cells of
//! equal probability, each represented by its conditional mean (so the
//! discrete type keeps the distribution's mean); the plans are the reduced
//! strategies of the compiled tree. Each player's payoff at a plan profile
//! is its expectation over chance as it believes it (`CompiledGame::seen_by`),
//! linear in the types: `c + t * own type + sum over others k * their type`.
//! Outcome probabilities and human costs use the true chance probabilities.
//! Payoffs are floating point, so the program is solved in floating point and
//! the mechanism certified by its largest deviation gain.
//!
//! Up to `MAX_MECHANISM_CELLS` the program is tabulated and solved whole
//! (`enumeration`); past it, by column and row generation on the tree
//! (`brink_nash::communication::mediate_tree`), which lists neither the plan
//! profiles nor the deviations and reports a lower bound beside the
//! mechanism's P(war), equal to it when the run proves optimality.

mod tree;

use crate::{CompiledGame, Error, ErrorKind};
use brink_game::reduced::{reduced_strategic_form, reduced_strategy_counts};
use brink_game::{Field, Rational, Watch};
use brink_nash::communication::{
    mediate, BayesianGame, ColumnLimits, MechanismSolution, MAX_MECHANISM_CELLS,
};
use num_traits::{FromPrimitive, One};
use serde::Serialize;

/// The default number of cells a continuous private type is cut into.
pub const DEFAULT_GRID: usize = 3;

/// What the best mediator achieves, for the report's `mediator` row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MediatorResult {
    /// Cells per continuous private type (none when no player has one).
    pub grid: Option<usize>,
    /// Each typed player's grid: its name and the cells' representative
    /// types (conditional means of equal-probability cells).
    pub types: Vec<(String, Vec<f64>)>,
    /// Reduced strategies per player.
    pub plans: Vec<usize>,
    /// P(war) under the optimal mechanism.
    pub p_war: f64,
    /// Each outcome's probability under it.
    pub outcomes: Vec<(String, f64)>,
    /// Each metric's expectation (human costs) under it.
    pub expected: Vec<(String, f64)>,
    /// The largest gain any type of any player gets from a combined
    /// deviation (a false report and any reply to each recommendation).
    pub max_gain: f64,
    /// How the program was solved: `enumeration` (tabulated whole) or
    /// `column generation` (on the tree).
    pub method: &'static str,
    /// A lower bound on the least P(war): `p_war` itself when the optimum
    /// is proved, less when column generation stopped at a limit.
    pub lower_bound: f64,
    /// Why column generation stopped before proving optimality, if it did.
    pub stopped: Option<String>,
}

/// The default limits of column generation for `brink run --mediator`.
pub fn default_column_limits() -> ColumnLimits {
    ColumnLimits {
        max_rounds: 400,
        per_type: 6,
        time_limit: Some(std::time::Duration::from_secs(DEFAULT_SECONDS)),
    }
}

/// The default time limit of column generation, in seconds.
pub const DEFAULT_SECONDS: u64 = 1800;

fn too_large(message: String) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        None,
        message,
        "the mediator's program is one variable per type profile and plan profile; use a smaller \
         model or a smaller --mediator-grid",
    )
}

/// The communication equilibrium of `game` minimising P(war), types on
/// `grid` cells, column generation under [`default_column_limits`].
pub fn mediator(game: &CompiledGame, grid: usize) -> Result<MediatorResult, Error> {
    mediator_with(game, grid, default_column_limits(), &Watch::quiet())
}

/// [`mediator`] with the limits of column generation (used past
/// `MAX_MECHANISM_CELLS`) and progress and cancellation through `watch`.
pub fn mediator_with(
    game: &CompiledGame,
    grid: usize,
    limits: ColumnLimits,
    watch: &Watch,
) -> Result<MediatorResult, Error> {
    if grid == 0 {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            "--mediator-grid must be at least 1",
            "",
        ));
    }
    let tree = &game.game;
    let n = game.players.len();
    let counts = reduced_strategy_counts(tree);
    let typed = game.players.iter().filter(|p| p.private.is_some()).count();
    let type_profiles = (grid as u128).saturating_pow(typed as u32);
    let plan_profiles = counts.iter().fold(1u128, |a, &c| a.saturating_mul(c));
    let cells = type_profiles.saturating_mul(plan_profiles);
    let values = grid_values(game, grid);
    if cells > MAX_MECHANISM_CELLS as u128 {
        return tree::by_columns(game, grid, &values, limits, watch);
    }
    let reduced =
        reduced_strategic_form(tree, plan_profiles).map_err(|e| too_large(e.to_string()))?;
    let plans: Vec<usize> = reduced.choices.iter().map(Vec::len).collect();
    let nr: usize = plans.iter().product();
    let nt: usize = values.iter().map(Vec::len).product();
    let war: Vec<bool> = game
        .outcome_labels
        .iter()
        .map(|l| crate::report::is_war(l))
        .collect();
    // Per plan profile: the true outcome distribution and metrics, and per
    // player the expected (c, own slope, slopes on others) as it believes.
    let mut outcome_rows = Vec::with_capacity(nr);
    let mut metric_rows = Vec::with_capacity(nr);
    let mut linear: Vec<Vec<(f64, Vec<f64>)>> = Vec::with_capacity(nr);
    for r in 0..nr {
        let mut profile = Vec::with_capacity(n);
        let mut rest = r;
        for &m in &plans {
            profile.push(rest % m);
            rest /= m;
        }
        let behavior = reduced.pure_to_behavior::<f64>(tree, &profile).probs;
        let (outcomes, metrics) = game.outcome_distribution(&behavior);
        outcome_rows.push(outcomes);
        metric_rows.push(metrics);
        let per_player = (0..n)
            .map(|i| {
                let seen = game.seen_by(&behavior, i);
                let reach = brink_game::regret::reach(tree, &seen, None);
                let mut c = 0.0;
                let mut slopes = vec![0.0; n];
                for t in &game.terminals {
                    let w = reach[t.node.index()];
                    if w == 0.0 {
                        continue;
                    }
                    c += w * t.payoffs[i].0;
                    slopes[i] += w * t.payoffs[i].1;
                    for &(j, k) in &t.others[i] {
                        slopes[j] += w * k;
                    }
                }
                (c, slopes)
            })
            .collect();
        linear.push(per_player);
    }
    let exact = |x: f64| {
        Rational::from_f64(x).ok_or_else(|| {
            Error::new(
                ErrorKind::Invalid,
                None,
                format!("a payoff of {x} is not finite"),
                "",
            )
        })
    };
    let type_sizes: Vec<usize> = values.iter().map(Vec::len).collect();
    let mut payoffs = Vec::with_capacity(nt * nr * n);
    let mut objective = Vec::with_capacity(nt * nr);
    for t in 0..nt {
        let mut tv = Vec::with_capacity(n);
        let mut rest = t;
        for &k in &type_sizes {
            tv.push(rest % k);
            rest /= k;
        }
        for r in 0..nr {
            for (c, slopes) in &linear[r] {
                let u = c + (0..n).map(|j| slopes[j] * values[j][tv[j]]).sum::<f64>();
                payoffs.push(exact(u)?);
            }
            let w: f64 = outcome_rows[r]
                .iter()
                .zip(&war)
                .filter(|x| *x.1)
                .map(|x| x.0)
                .sum();
            objective.push(exact(w)?);
        }
    }
    let uniform =
        |k: usize| vec![<Rational as One>::one() / Rational::from_integer((k as i64).into()); k];
    let prior: Vec<Vec<Rational>> = type_sizes.iter().map(|&k| uniform(k)).collect();
    let bayesian = BayesianGame {
        players: game.players.iter().map(|p| p.name.clone()).collect(),
        types: type_sizes
            .iter()
            .map(|&k| (0..k).map(|a| format!("cell {}", a + 1)).collect())
            .collect(),
        beliefs: vec![prior.clone(); n],
        prior,
        plans: reduced.game.strategies.clone(),
        payoffs,
        objective,
    };
    // Floating point: the payoffs are; the exact simplex on their exact
    // (dyadic) values was tried and is far too slow on the library models.
    let m = match mediate(&bayesian, true) {
        Ok(MechanismSolution::Float(m)) => m,
        Ok(MechanismSolution::Exact(_)) => unreachable!("asked for floating point"),
        Err(brink_game::SolveError::TooLarge { reason, .. }) => return Err(too_large(reason)),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Solve,
                None,
                format!("the mediator's program was not solved: {e}"),
                "the floating-point simplex failed on this model's program (a known limit)",
            ))
        }
    };
    // Outcomes and metrics: each type profile has probability 1 / nt.
    let mut outcomes = vec![0.0; game.outcome_labels.len()];
    let mut expected = vec![0.0; game.metric_names.len()];
    for t in 0..nt {
        for r in 0..nr {
            let p = m.conditional[t * nr + r].to_f64().max(0.0) / nt as f64;
            if p == 0.0 {
                continue;
            }
            for (o, x) in outcomes.iter_mut().zip(&outcome_rows[r]) {
                *o += p * x;
            }
            for (e, x) in expected.iter_mut().zip(&metric_rows[r]) {
                *e += p * x;
            }
        }
    }
    Ok(MediatorResult {
        grid: (typed > 0).then_some(grid),
        types: game
            .players
            .iter()
            .zip(&values)
            .filter(|(p, _)| p.private.is_some())
            .map(|(p, v)| (p.name.clone(), v.clone()))
            .collect(),
        plans,
        p_war: m.objective,
        outcomes: game.outcome_labels.iter().cloned().zip(outcomes).collect(),
        expected: game.metric_names.iter().cloned().zip(expected).collect(),
        max_gain: m.max_gain,
        method: "enumeration",
        lower_bound: m.objective,
        stopped: None,
    })
}

/// Each player's type values: the conditional means of `grid` cells of equal
/// probability of its private type, or a single zero without one.
fn grid_values(game: &CompiledGame, grid: usize) -> Vec<Vec<f64>> {
    game.players
        .iter()
        .map(|p| match &p.private {
            None => vec![0.0],
            Some((_, d)) => (0..grid)
                .map(|k| {
                    let (lo, hi) = (
                        d.quantile(k as f64 / grid as f64),
                        d.quantile((k + 1) as f64 / grid as f64),
                    );
                    d.partial_mean(lo, hi) * grid as f64
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// On a library model with private types the mediator's mechanism is an
    /// equilibrium (gain at rounding) and its P(war) is a probability.
    #[test]
    fn library_model() {
        let s = Scenario::from_library("brinkmanship").unwrap();
        let game = crate::compile(&s).unwrap();
        let m = mediator(&game, 2).unwrap();
        assert!(m.max_gain < 1e-9, "{}", m.max_gain);
        assert!((0.0..=1.0).contains(&m.p_war));
        let total: f64 = m.outcomes.iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert_eq!(m.grid, Some(2));
        assert_eq!(m.method, "enumeration");
    }

    /// Column generation on the tree reaches the enumerated optimum on the
    /// library models small enough to enumerate, with the same outcome
    /// distribution's P(war) and a lower bound that meets it.
    #[test]
    fn column_generation_matches_enumeration_on_library_models() {
        for (name, grid) in [
            ("brinkmanship", 2),
            ("brinkmanship", 3),
            ("escalation-ladder", 1),
        ] {
            let s = Scenario::from_library(name).unwrap();
            let game = crate::compile(&s).unwrap();
            let full = mediator(&game, grid).unwrap();
            let values = grid_values(&game, grid);
            let cg = tree::by_columns(
                &game,
                grid,
                &values,
                default_column_limits(),
                &Watch::quiet(),
            )
            .unwrap();
            assert_eq!(cg.method, "column generation");
            assert!(cg.stopped.is_none(), "{name}: {:?}", cg.stopped);
            assert!(
                (cg.p_war - full.p_war).abs() < 1e-7,
                "{name} {grid}: {} vs {}",
                cg.p_war,
                full.p_war
            );
            // Never above the optimum; below it by at most the master's
            // right-hand-side perturbation (2e-7 a row).
            assert!(
                cg.lower_bound <= full.p_war + 1e-9 && cg.lower_bound > full.p_war - 1e-5,
                "{name}: bound {}",
                cg.lower_bound
            );
            assert!(cg.max_gain < 1e-7, "{name}: {}", cg.max_gain);
            let war: f64 = cg
                .outcomes
                .iter()
                .filter(|o| crate::report::is_war(&o.0))
                .map(|o| o.1)
                .sum();
            assert!((war - cg.p_war).abs() < 1e-9, "{name}");
        }
    }
}
