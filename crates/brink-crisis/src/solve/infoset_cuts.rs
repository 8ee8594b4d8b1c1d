//! Newton's method on one cut per information set.
//!
//! The regimes of `newton.rs` list a typed player's whole plans in order
//! along the type axis. Where a player decides at several information sets,
//! each with its own threshold (Ukraine conceding or resisting after each of
//! Russia's demands, say), every way those thresholds can be ordered is
//! another regime, and a cut that passes another one on its way to the
//! equilibrium forces a change of regime that Newton's steps cannot make.
//! Here the unknowns are the thresholds themselves: at each information set
//! a rule, either one action for every type or a cut with one action below
//! and another above, and the plans follow from sorting the cuts. A cut's
//! equation is the indifference of the type at the cut, at its own
//! information set (given the beliefs there and its own later choices,
//! which the other cuts decide). Cuts pass each other freely.
//!
//! Where a flat band of types (parallel payoff lines) must be split between
//! two actions, the cut's own equation does not depend on where it sits:
//! the other players' equations place it, as for the plan regimes.
//!
//! A rule may switch more than once along the type axis, but a start is
//! taken only from responses that switch at most once at each set; the
//! certification after the solve is the judge, as everywhere.

use super::interdependent;
use super::newton::{self, Found, Jacobian, Mix};
use super::respond::{PlanLine, PlanLines, PlayerData};
use super::sequential::{self, conditional};
use super::Piece;
use crate::compile::CompiledGame;

/// How a typed player plays at one of its information sets: `actions[0]`
/// up to `cuts[0]`, `actions[1]` up to `cuts[1]`, and so on, the last
/// action above the last cut (one action and no cut: every type alike).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rule {
    cuts: Vec<f64>,
    actions: Vec<usize>,
}

impl Rule {
    /// The action of a type at `theta` (cuts that crossed read as a step
    /// function all the same: the number of cuts below the type).
    fn action_at(&self, theta: f64) -> usize {
        self.actions[self.cuts.iter().filter(|&&c| c < theta).count()]
    }
}

/// Each typed player's rule at each of its information sets (by position;
/// empty for untyped players), and the untyped players' mixes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rules {
    rules: Vec<Vec<Rule>>,
    mixes: Vec<Mix>,
}

/// Rounds of adding the best response's cuts at information sets whose
/// rule had none.
const MAX_ROUNDS: usize = 6;
/// The most switches at one information set that a start takes from a
/// response: on the founding crisis's draws, starts with more (taken as
/// they are, with a cut at every switch) cost 10% more evaluations and
/// rescued no solve.
const MAX_CUTS_FROM_RESPONSE: usize = 1;

impl Rules {
    /// The rules of the latest response; where it does not switch at a set
    /// but an earlier response did, that earlier switch (a band of types
    /// that flips back and forth as a whole needs a cut inside it). `None`
    /// where the latest response switches more than
    /// [`MAX_CUTS_FROM_RESPONSE`] times at a set.
    pub(super) fn from_responses(
        data: &[PlayerData],
        responses: &[Vec<Vec<Piece>>],
        mixes: Vec<Mix>,
    ) -> Option<Rules> {
        let latest = responses.last()?;
        let mut rules = vec![Vec::new(); data.len()];
        for (p, d) in data.iter().enumerate() {
            if d.dist.is_none() {
                continue;
            }
            for k in 0..d.infosets.len() {
                let mut rule =
                    rule_of(&latest[p], k).filter(|r| r.cuts.len() <= MAX_CUTS_FROM_RESPONSE)?;
                if rule.cuts.is_empty() {
                    if let Some(cut) = responses
                        .iter()
                        .rev()
                        .skip(1)
                        .filter_map(|r| rule_of(&r[p], k))
                        .find(|r| !r.cuts.is_empty())
                    {
                        rule = cut;
                    }
                }
                rules[p].push(rule);
            }
        }
        Some(Rules { rules, mixes })
    }

    fn unknowns(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .rules
            .iter()
            .flatten()
            .flat_map(|r| r.cuts.iter().copied())
            .collect();
        for m in &self.mixes {
            v.extend(&m.probs);
        }
        v
    }

    fn set_unknowns(&mut self, x: &[f64]) {
        let mut it = x.iter().copied();
        for r in self.rules.iter_mut().flatten() {
            for c in r.cuts.iter_mut() {
                *c = it.next().expect("one unknown per cut");
            }
        }
        for m in &mut self.mixes {
            for q in m.probs.iter_mut() {
                *q = it.next().expect("one unknown per mixed probability");
            }
        }
    }
}

/// The rule a response's pieces follow at information set `k`. Empty pieces
/// do not count; `None` only where there are no pieces.
fn rule_of(pieces: &[Piece], k: usize) -> Option<Rule> {
    let played: Vec<&Piece> = pieces.iter().filter(|pc| pc.mass > 0.0).collect();
    let first = played.first().copied().or(pieces.first())?;
    let mut rule = Rule {
        cuts: Vec::new(),
        actions: vec![first.choice[k]],
    };
    for w in played.windows(2) {
        let b = w[1].choice[k];
        if w[0].choice[k] != b {
            rule.cuts.push(w[1].lo);
            rule.actions.push(b);
        }
    }
    Some(rule)
}

/// The plan of a type at `theta` under `rules`, except that at information
/// set `k` it plays `at_k` (the two sides of one of `k`'s cuts).
fn plan_at(rules: &[Rule], theta: f64, k: usize, at_k: usize) -> Vec<usize> {
    rules
        .iter()
        .enumerate()
        .map(|(j, r)| if j == k { at_k } else { r.action_at(theta) })
        .collect()
}

/// The typed players' pieces under `rules`: the type axis split at every
/// cut, neighbouring intervals with the same plan merged.
fn pieces_of(data: &[PlayerData], rules: &Rules) -> Vec<Vec<Piece>> {
    data.iter()
        .zip(&rules.rules)
        .map(|(d, rs)| {
            let Some(dist) = d.dist else {
                return Vec::new();
            };
            let mut cuts: Vec<f64> = rs.iter().flat_map(|r| r.cuts.iter().copied()).collect();
            cuts.sort_by(f64::total_cmp);
            cuts.dedup();
            let mut pieces: Vec<Piece> = Vec::with_capacity(cuts.len() + 1);
            let mut lo = f64::NEG_INFINITY;
            for hi in cuts.iter().copied().chain([f64::INFINITY]) {
                // Every type in (lo, hi] is on one side of every cut.
                let choice: Vec<usize> = rs.iter().map(|r| r.action_at(hi)).collect();
                match pieces.last_mut() {
                    Some(last) if last.choice == choice => last.hi = hi,
                    _ => pieces.push(Piece {
                        lo,
                        hi,
                        mass: 0.0,
                        choice,
                        line: (0.0, 0.0),
                    }),
                }
                lo = hi;
            }
            for pc in &mut pieces {
                pc.mass = (dist.cdf(pc.hi) - dist.cdf(pc.lo)).max(0.0);
            }
            pieces
        })
        .collect()
}

/// A pure plan and its payoff line at every node.
type PlanWithLines<'a> = (Vec<usize>, PlanLine<'a>);

/// The cut equations (each cut's type indifferent at its information set
/// between the actions on its two sides) and the mixes' indifference.
fn residual(cg: &CompiledGame, data: &[PlayerData], rules: &Rules, base: &[Vec<f64>]) -> Vec<f64> {
    let (sigma, pieces) = newton::settle(cg, data, pieces_of(data, rules), &rules.mixes, base);
    let work = interdependent::with_posterior_means(cg, data, &pieces);
    let cg: &CompiledGame = &work;
    let g = &cg.game;
    let mut f = Vec::new();
    for (p, (d, rs)) in data.iter().zip(&rules.rules).enumerate() {
        if rs.iter().all(|r| r.cuts.is_empty()) {
            continue;
        }
        let beliefs = sequential::beliefs(cg, &sigma, d, p);
        let plans = PlanLines::new(cg, d, &sigma, p);
        // Plans met so far with their lines: a cut's two sides share them.
        let mut memo: Vec<PlanWithLines> = Vec::new();
        let mut line_at_k = |plan: Vec<usize>, k: usize| {
            let i = match memo.iter().position(|(s, _)| *s == plan) {
                Some(i) => i,
                None => {
                    let l = plans.of(&plan);
                    memo.push((plan, l));
                    memo.len() - 1
                }
            };
            conditional(g, d, &beliefs, &memo[i].1, k)
        };
        for (k, r) in rs.iter().enumerate() {
            for (i, &at) in r.cuts.iter().enumerate() {
                let up = line_at_k(plan_at(rs, at, k, r.actions[i + 1]), k);
                let down = line_at_k(plan_at(rs, at, k, r.actions[i]), k);
                f.push((up.0 - down.0) + (up.1 - down.1) * at);
            }
        }
    }
    if !rules.mixes.is_empty() {
        f.extend(newton::indifference(cg, &sigma, &rules.mixes));
    }
    f
}

/// Solves the rules' cut equations; where the solved profile's best response
/// splits the types at an information set whose rule kept them together,
/// takes its cuts there and solves again (replacing the rules wherever the
/// solution leaves a gain instead rescued no more solves of the founding
/// crisis's draws, for 10% more evaluations). `None` where the equations
/// could not be solved; the caller certifies what it returns.
pub(super) fn polish(
    cg: &CompiledGame,
    data: &[PlayerData],
    mut rules: Rules,
    base: &[Vec<f64>],
    evals: &mut usize,
    budget: usize,
    kind: Jacobian,
) -> Option<Found> {
    let budget = *evals + budget;
    for round in 0..MAX_ROUNDS {
        if *evals >= budget {
            return None;
        }
        let mut x = rules.unknowns();
        let before = *evals;
        let solved = newton::solve_system(
            &mut x,
            |x| {
                rules.set_unknowns(x);
                residual(cg, data, &rules, base)
            },
            evals,
            budget,
            kind,
        );
        rules.set_unknowns(&x);
        tracing::debug!(
            round,
            solved,
            residuals = *evals - before,
            cuts = x.len(),
            "Newton on information-set cuts"
        );
        if !solved {
            return None;
        }
        let (sigma, pieces) = newton::settle(cg, data, pieces_of(data, &rules), &rules.mixes, base);
        let work = interdependent::with_posterior_means(cg, data, &pieces);
        let mut changed = false;
        for (p, d) in data.iter().enumerate() {
            if d.dist.is_none() {
                continue;
            }
            let beliefs = sequential::beliefs(&work, &sigma, d, p);
            let best = sequential::sequential_response(&work, d, &sigma, &beliefs, p);
            for k in 0..d.infosets.len() {
                if rules.rules[p][k].cuts.is_empty() {
                    if let Some(rule) = rule_of(&best, k).filter(|r| !r.cuts.is_empty()) {
                        rules.rules[p][k] = rule;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return Some((sigma, pieces));
        }
    }
    None
}
