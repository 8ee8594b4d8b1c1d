//! Sequential equilibria as limits of the agent logit branch.
//!
//! Along the agent branch every action has positive probability, so Bayes'
//! rule defines beliefs at every information set, on the path or off it. As
//! lambda grows, profile and beliefs converge to a sequential equilibrium
//! (McKelvey and Palfrey 1998): the beliefs are consistent by construction
//! (limits of full-support Bayes beliefs), and every agent best-responds given
//! them. The trace stops when both the players' regret and every information
//! set's regret given the current beliefs are within the bound; the result is
//! then checked again by [`check_sequential`], an independent pass that
//! recomputes continuation values from the profile alone.

use crate::agent::AgentSystem;
use crate::path::{self, QreSystem, Target, Tuning};
use crate::{check_options, payoff_range, LogitOptions};
use brink_game::regret::reach;
use brink_game::{ExtensiveGame, Game, NodeId, Owner, Profile, Solution, SolveError};

/// A sequential equilibrium: behavior, beliefs, and the check they passed.
#[derive(Clone, Debug, PartialEq)]
pub struct SequentialResult {
    /// The behavior profile, with its (player) regret.
    pub solution: Solution,
    /// Beliefs per information set id (chance sets included), one entry per
    /// member in [`brink_game::Infoset::members`] order.
    pub beliefs: Vec<Vec<f64>>,
    /// Lambda at which the branch was stopped.
    pub lambda: f64,
    /// Accepted path-following steps.
    pub steps: usize,
    /// The independent check of the result.
    pub check: SequentialCheck,
}

/// The outcome of [`check_sequential`].
#[derive(Clone, Debug, PartialEq)]
pub struct SequentialCheck {
    /// Largest regret of any agent at any information set, given the beliefs
    /// there and the profile afterwards (payoff units).
    pub max_conditional_regret: f64,
    /// Largest gap between a belief and Bayes' rule on the profile, over
    /// information sets reached with probability at least `reach_floor`.
    pub max_bayes_error: f64,
    /// Information sets reached less often than this count as off the path.
    pub reach_floor: f64,
    /// Whether beliefs are probability vectors on every information set.
    pub beliefs_well_formed: bool,
}

impl SequentialCheck {
    /// Whether the check passes with regret tolerance `tol` (payoff units) and
    /// Bayes tolerance `bayes_tol`.
    pub fn passes(&self, tol: f64, bayes_tol: f64) -> bool {
        self.beliefs_well_formed
            && self.max_conditional_regret <= tol
            && self.max_bayes_error <= bayes_tol
    }
}

/// Checks sequential rationality of `profile` given `beliefs` at every player
/// information set, and Bayes consistency of `beliefs` at the information sets
/// the profile reaches with probability at least `reach_floor`.
pub fn check_sequential(
    game: &ExtensiveGame,
    profile: &Profile<f64>,
    beliefs: &[Vec<f64>],
    reach_floor: f64,
) -> SequentialCheck {
    let np = game.num_players();
    let nn = game.num_nodes();
    // Expected payoffs from every node on, bottom-up (children have larger ids).
    let mut value = vec![0.0; nn * np];
    for i in (0..nn).rev() {
        let n = NodeId(i as u32);
        if let Some(o) = game.node_outcome(n) {
            for (p, x) in game.outcomes()[o.index()].payoffs_f64.iter().enumerate() {
                value[i * np + p] += x;
            }
        }
        if let Some(iset) = game.node_infoset(n) {
            for (a, c) in game.children(n).enumerate() {
                let w = profile.probs[iset.index()][a];
                for p in 0..np {
                    value[i * np + p] += w * value[c.index() * np + p];
                }
            }
        }
    }
    let mut max_regret = 0.0f64;
    let mut well_formed = beliefs.len() == game.infosets().len();
    for (i, info) in game.infosets().iter().enumerate() {
        let Owner::Player(p) = info.owner else {
            continue;
        };
        let Some(mu) = beliefs.get(i) else { continue };
        let sum: f64 = mu.iter().sum();
        if mu.len() != info.members.len()
            || mu.iter().any(|&b| !(0.0..=1.0 + 1e-12).contains(&b))
            || (sum - 1.0).abs() > 1e-9
        {
            well_formed = false;
            continue;
        }
        let vals: Vec<f64> = (0..info.actions.len())
            .map(|a| {
                info.members
                    .iter()
                    .zip(mu)
                    .map(|(h, b)| b * value[game.child(*h, a).index() * np + p])
                    .sum()
            })
            .collect();
        let best = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean: f64 = vals.iter().zip(&profile.probs[i]).map(|(v, q)| v * q).sum();
        max_regret = max_regret.max(best - mean);
    }
    let r = reach(game, &profile.probs, None);
    let mut bayes = 0.0f64;
    for (i, info) in game.infosets().iter().enumerate() {
        let Some(mu) = beliefs.get(i) else { continue };
        let total: f64 = info.members.iter().map(|h| r[h.index()]).sum();
        if total < reach_floor || mu.len() != info.members.len() {
            continue;
        }
        for (h, b) in info.members.iter().zip(mu) {
            bayes = bayes.max((b - r[h.index()] / total).abs());
        }
    }
    SequentialCheck {
        max_conditional_regret: max_regret,
        max_bayes_error: bayes,
        reach_floor,
        beliefs_well_formed: well_formed,
    }
}

/// The agent system, stopping when agents are also rational off the path.
struct Sequential<'g>(AgentSystem<'g>);

impl crate::polish::Polish for Sequential<'_> {
    fn blocks(&self) -> Vec<(usize, usize)> {
        self.0.blocks()
    }
    fn values_jacobian(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>) {
        self.0.values_jacobian(y)
    }
    fn frozen(&self, y: &[f64]) -> Vec<bool> {
        // Off-path agents must be rational too: polishing leaves them as
        // the branch has them, and the conditional-regret test judges them.
        self.0.frozen(y)
    }
}

impl QreSystem for Sequential<'_> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn start(&self) -> Vec<f64> {
        self.0.start()
    }
    fn eval(&self, y: &[f64], out: &mut [f64]) {
        self.0.eval(y, out)
    }
    fn jacobian(&self, y: &[f64], out: &mut [f64]) {
        self.0.jacobian(y, out)
    }
    fn regret(&self, y: &[f64]) -> f64 {
        let player = self.0.regret(y);
        let beliefs = self.0.beliefs(y);
        let check = check_sequential(self.0.game, &self.0.profile(y), &beliefs, f64::INFINITY);
        player.max(check.max_conditional_regret * self.0.scale)
    }
}

/// Reach probability below which an information set counts as off the path
/// in the Bayes check.
const REACH_FLOOR: f64 = 1e-6;

/// The sequential equilibrium at the end of the agent logit branch, with
/// beliefs at every information set. Stops when the players' regret and each
/// agent's regret given its beliefs are at most `opts.max_regret` times the
/// payoff range; fails with [`SolveError::Numerical`] if the branch stalls or
/// the independent check of the result does not pass.
pub fn sequential(
    game: &ExtensiveGame,
    opts: &LogitOptions,
) -> Result<SequentialResult, SolveError> {
    check_options(opts, "sequential")?;
    let wrapped = Game::Extensive(game.clone());
    let range = payoff_range(&wrapped);
    let tol = opts.max_regret * range;
    // Beliefs and sequential rationality are defined here for perfect recall
    // only; the agent branch itself exists without it (see `agent`).
    if let Err(e) = game.check_perfect_recall() {
        return Err(SolveError::Unsupported {
            method: "sequential",
            reason: e.to_string(),
            suggestion: "the strategic form of the game",
        });
    }
    let sys = Sequential(AgentSystem::new(game, 1.0 / range));
    let tuning = Tuning {
        first_step: opts.first_step,
        max_accel: opts.max_accel,
        max_lambda: opts.max_lambda * range,
        cancel: opts.cancel.as_ref(),
    };
    let mut tr = path::trace(&sys, tuning, Target::Regret(opts.max_regret), |_| {});
    crate::cancelled(opts)?;
    tr.y[sys.dim()] /= range;
    let m = sys.dim();
    let profile = sys.0.profile(&tr.y);
    let beliefs = sys.0.beliefs(&tr.y);
    let check = check_sequential(game, &profile, &beliefs, REACH_FLOOR);
    let solution = Solution::float(&wrapped, profile);
    let fail = |why: String| {
        Err(SolveError::Numerical {
            method: "sequential",
            reason: why,
        })
    };
    if !tr.reached {
        return fail(format!(
            "{}; stopped at lambda {:.6e} with regret {:.3e} and conditional regret {:.3e}, above {tol:.3e}",
            tr.reason,
            tr.y[m],
            solution.regret_f64(),
            check.max_conditional_regret
        ));
    }
    if !check.passes(tol, 1e-6) || solution.regret_f64() > tol {
        return fail(format!(
            "the limit failed its check: conditional regret {:.3e}, Bayes error {:.3e}, regret {:.3e}",
            check.max_conditional_regret,
            check.max_bayes_error,
            solution.regret_f64()
        ));
    }
    Ok(SequentialResult {
        solution,
        beliefs,
        lambda: tr.y[m],
        steps: tr.steps,
        check,
    })
}
