//! `enumpure` on an action-graph game, from the graph: no strategic form.
//!
//! Profiles are visited in Gambit's cell order (first agent fastest). For
//! each profile of the other agents, the first agent's payoffs are computed
//! once for all its strategies; only where it best responds are the other
//! agents asked, each stopping at its first better deviation. Payoffs are
//! compared through the evaluator's integer keys (exact, see
//! `brink_game::action_graph::eval`); each equilibrium found is certified
//! again in rational arithmetic, a second path to the same payoffs.

use brink_game::action_graph::eval::{advance, Evaluator};
use brink_game::action_graph::ActionGraphGame;
use brink_game::{Profile, Rational, Solution, SolveError};
use num_traits::{One, Zero};

/// The most pure profiles [`enumpure_agg`] visits: 2^32.
pub const MAX_PURE_PROFILES: u128 = 1 << 32;

/// Every pure-strategy equilibrium of the game's strategic form (agents in
/// Gambit's order), in cell order, each with its exactly computed regret (0).
pub fn enumpure_agg(g: &ActionGraphGame) -> Result<Vec<Solution>, SolveError> {
    let shape = g.shape();
    let profiles = g.num_profiles();
    if profiles > MAX_PURE_PROFILES {
        return Err(SolveError::TooLarge {
            method: "enumpure",
            reason: format!(
                "{profiles} pure profiles (the product of the agents' strategy counts {shape:?}); \
                 the limit is {MAX_PURE_PROFILES}"
            ),
        });
    }
    let eval = Evaluator::new(g);
    let mut found = Vec::new();
    let mut profile = vec![0usize; shape.len()];
    let mut keys = Vec::with_capacity(shape[0]);
    loop {
        keys.clear();
        for s in 0..shape[0] {
            profile[0] = s;
            keys.push(eval.payoff_key(0, &profile));
        }
        let best = keys.iter().max().cloned();
        for (s, key) in keys.iter().enumerate() {
            if Some(key) != best.as_ref() {
                continue;
            }
            profile[0] = s;
            if (1..shape.len()).all(|a| best_responds(&eval, a, &mut profile, shape[a])) {
                found.push(profile.clone());
            }
        }
        profile[0] = 0;
        if !advance(&mut profile[1..], &shape[1..]) {
            break;
        }
    }
    let check = Evaluator::exact(g);
    Ok(found
        .into_iter()
        .map(|p| Solution::Exact {
            regret: check.max_regret(&p),
            profile: pure(&shape, &p),
        })
        .collect())
}

/// Whether `agent` has no better strategy than its own in `profile` (which
/// is left as it was).
fn best_responds(eval: &Evaluator<'_>, agent: usize, profile: &mut [usize], k: usize) -> bool {
    let own = profile[agent];
    let current = eval.payoff_key(agent, profile);
    let mut stable = true;
    for s in (0..k).filter(|&s| s != own) {
        profile[agent] = s;
        if eval.payoff_key(agent, profile) > current {
            stable = false;
            break;
        }
    }
    profile[agent] = own;
    stable
}

fn pure(shape: &[usize], profile: &[usize]) -> Profile<Rational> {
    Profile::mixed(
        shape
            .iter()
            .zip(profile)
            .map(|(&k, &s)| {
                (0..k)
                    .map(|t| {
                        if t == s {
                            Rational::one()
                        } else {
                            Rational::zero()
                        }
                    })
                    .collect()
            })
            .collect(),
    )
}
