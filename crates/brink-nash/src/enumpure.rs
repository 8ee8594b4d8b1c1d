//! `enumpure`: every pure-strategy Nash equilibrium.
//!
//! A cell is an equilibrium when no player can gain by changing their own
//! strategy. Payoffs are compared exactly: each player's payoffs are first
//! replaced by their rank among that player's distinct payoffs, so the scan
//! over the table compares integers, in one pass per player.
//! Extensive games are solved on their reduced strategic form and the
//! equilibria returned as behavior profiles; action-graph games from their
//! graph ([`enumpure_agg`]).

mod agg;
pub use agg::{enumpure_agg, MAX_PURE_PROFILES};

use brink_game::reduced::{reduced_strategic_form_watched, ReducedForm, DEFAULT_MAX_CELLS};
use brink_game::{
    ExtensiveGame, Game, Profile, Rational, Solution, SolveError, StrategicGame, Watch,
};

/// Every pure-strategy Nash equilibrium, in cell order (first player's strategy
/// varying fastest). Exact: each solution's regret is zero.
pub fn enumpure(game: &Game) -> Result<Vec<Solution>, SolveError> {
    enumpure_watched(game, &Watch::quiet())
}

/// [`enumpure`], stopping with [`SolveError::Cancelled`] once `watch` is
/// cancelled while a tree's reduced strategic form is built, the one long
/// part (the pass over the table is one comparison per cell and player).
pub fn enumpure_watched(game: &Game, watch: &Watch) -> Result<Vec<Solution>, SolveError> {
    match game {
        Game::Strategic(g) => Ok(pure_equilibria(g)
            .into_iter()
            .map(|cell| Solution::exact(game, pure_mixed(g, &g.cell_profile(cell))))
            .collect()),
        Game::Extensive(g) => {
            let reduced = reduce(g, "enumpure", watch)?;
            Ok(pure_equilibria(&reduced.game)
                .into_iter()
                .map(|cell| {
                    let profile = reduced.game.cell_profile(cell);
                    Solution::exact(game, reduced.pure_to_behavior(g, &profile))
                })
                .collect())
        }
    }
}

/// The reduced strategic form, for a solver that converts its equilibria back
/// to behavior profiles: that needs perfect recall (Kuhn's theorem).
/// Stops once `watch` is cancelled.
pub(crate) fn reduce(
    g: &ExtensiveGame,
    method: &'static str,
    watch: &Watch,
) -> Result<ReducedForm, SolveError> {
    if let Err(e) = g.check_perfect_recall() {
        return Err(SolveError::Unsupported {
            method,
            reason: format!("{e}, and mixed strategies of the reduced strategic form then have no behavior equivalent"),
            suggestion: "a method for the agent form (none in brink-nash yet)",
        });
    }
    reduced_strategic_form_watched(g, DEFAULT_MAX_CELLS, watch).map_err(|e| match e {
        SolveError::TooLarge { reason, .. } => SolveError::TooLarge {
            method,
            reason: format!("reduced strategic form: {reason}"),
        },
        other => other,
    })
}

/// The mixed profile that plays the given pure strategies.
pub(crate) fn pure_mixed(g: &StrategicGame, profile: &[usize]) -> Profile<Rational> {
    let one = || Rational::from_integer(1.into());
    let zero = || Rational::from_integer(0.into());
    Profile::mixed(
        g.strategies
            .iter()
            .zip(profile)
            .map(|(s, &k)| {
                (0..s.len())
                    .map(|t| if t == k { one() } else { zero() })
                    .collect()
            })
            .collect(),
    )
}

/// Cells of the pure equilibria of a strategic game, in increasing order.
pub fn pure_equilibria(g: &StrategicGame) -> Vec<usize> {
    let num_cells = g.num_cells();
    let mut stable = vec![true; num_cells];
    let mut stride = 1;
    for (p, strategies) in g.strategies.iter().enumerate() {
        let ranks = payoff_ranks(g, p);
        let k = strategies.len();
        // Cells differing only in player p's strategy are `stride` apart; the
        // first of such a group has p's strategy 0.
        for base in 0..num_cells {
            if (base / stride) % k != 0 {
                continue;
            }
            let best = (0..k).map(|s| ranks[base + s * stride]).max().unwrap_or(0);
            for s in 0..k {
                if ranks[base + s * stride] < best {
                    stable[base + s * stride] = false;
                }
            }
        }
        stride *= k;
    }
    (0..num_cells).filter(|&c| stable[c]).collect()
}

/// Each cell's payoff to `player` as its rank among the player's distinct payoffs.
fn payoff_ranks(g: &StrategicGame, player: usize) -> Vec<u32> {
    let zero = Rational::from_integer(0.into());
    let mut values: Vec<&Rational> = g.outcomes.iter().map(|o| &o.payoffs[player]).collect();
    values.push(&zero);
    values.sort();
    values.dedup();
    let rank = |x: &Rational| values.binary_search(&x).expect("listed") as u32;
    let outcome_rank: Vec<u32> = g
        .outcomes
        .iter()
        .map(|o| rank(&o.payoffs[player]))
        .collect();
    let zero_rank = rank(&zero);
    g.cells
        .iter()
        .map(|c| c.map_or(zero_rank, |o| outcome_rank[o as usize]))
        .collect()
}
