//! `ce`: correlated equilibria (Aumann 1974) of strategic games, and of the
//! reduced strategic form of extensive games, by linear programming.
//!
//! A correlated equilibrium is a distribution `p` over pure-strategy profiles
//! such that no player gains by disobeying a recommendation drawn from it:
//! for every player `i` and strategies `s != t`,
//!
//! ```text
//!   sum over profiles c with c_i = s of  p(c) (u_i(t, c_-i) - u_i(c))  <=  0.
//! ```
//!
//! The program maximises `c p` over `A p <= 0`, `sum p = 1`, `p >= 0`, with
//! `c` the objective per profile. Its obedience constraints are
//! homogeneous, so solved directly from `p = 0` it is degenerate in every
//! row, and the simplex method stalls (a random 15x15 game took over 150,000
//! pivots). It is solved through its dual instead, which is a [`Packing`]
//! the project's simplex takes from the slack basis without a first phase:
//!
//! ```text
//!   maximise w  subject to  w - (A^T y)_c <= t0 - c_c  for every profile c,
//!   y, w >= 0,
//! ```
//!
//! with `t0` above every `c_c`, so that every right-hand side is positive.
//! Its dual is `min sum_c (t0 - c_c) p_c` over `A p <= 0`, `sum p >= 1`,
//! `p >= 0`, whose vertices have mass exactly one, so the optimal dual
//! prices of the rows are the optimal distribution. Exact arithmetic proves
//! the optimum; the distribution's mass and its
//! [`CorrelatedEquilibrium::max_gain`] are then checked from the game,
//! independently of the tableau. In floating point the optimum is checked
//! the same way: the simplex's multipliers `y`, read as zero where rounding
//! left them negative, bound the optimum by weak duality, and a
//! distribution further than 1e-9 of the objective's range from that bound
//! is refused rather than reported.

use crate::lp::simplex::{maximise, maximise_exact, Packing};
use brink_game::reduced::{reduced_strategic_form_watched, ReducedForm, DEFAULT_MAX_CELLS};
use brink_game::regret::reach;
use brink_game::{ExtensiveGame, Field, Game, NodeId, Rational, SolveError, StrategicGame, Watch};
use num_traits::{One, Zero};

/// The most nonzero constraint entries (profiles times the sum over players
/// of strategies less one) the program may have: past it the tableau's
/// fill-in outgrows memory long before the simplex method finishes.
pub const MAX_CONSTRAINT_ENTRIES: usize = 4_000_000;

/// What the linear program optimises over the correlated equilibria.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Objective {
    /// The sum of the players' expected payoffs, maximised.
    Welfare,
    /// A player's expected payoff (by index), maximised.
    MaxPayoff(usize),
    /// A player's expected payoff (by index), minimised.
    MinPayoff(usize),
    /// The probability of the outcomes with this label, minimised.
    MinOutcome(String),
}

impl Objective {
    /// Reads `welfare`, `max:PLAYER`, `min:PLAYER` or `min:OUTCOME`, where a
    /// player is named as in the game file and an outcome by its label.
    pub fn parse(game: &Game, text: &str) -> Result<Objective, String> {
        if text == "welfare" {
            return Ok(Objective::Welfare);
        }
        let (kind, name) = text.split_once(':').ok_or_else(|| {
            format!("objective `{text}`: expected welfare, max:PLAYER, min:PLAYER or min:OUTCOME")
        })?;
        let player = game.players().iter().position(|p| p == name);
        let outcome = outcome_labels(game).iter().any(|o| o == name);
        match (kind, player, outcome) {
            ("max", Some(p), _) => Ok(Objective::MaxPayoff(p)),
            ("min", Some(_), true) => Err(format!(
                "objective `{text}`: `{name}` names both a player and an outcome"
            )),
            ("min", Some(p), false) => Ok(Objective::MinPayoff(p)),
            ("min", None, true) => Ok(Objective::MinOutcome(name.to_string())),
            ("max" | "min", _, _) => Err(format!(
                "objective `{text}`: no {} named `{name}`; players: {}{}",
                if kind == "max" {
                    "player"
                } else {
                    "player or outcome"
                },
                game.players().join(", "),
                if kind == "min" {
                    format!("; outcomes: {}", named(outcome_labels(game)).join(", "))
                } else {
                    String::new()
                }
            )),
            _ => Err(format!(
                "objective `{text}`: expected welfare, max:PLAYER, min:PLAYER or min:OUTCOME"
            )),
        }
    }
}

fn named(labels: Vec<String>) -> Vec<String> {
    let mut l: Vec<String> = labels.into_iter().filter(|s| !s.is_empty()).collect();
    l.sort();
    l.dedup();
    l
}

fn outcome_labels(game: &Game) -> Vec<String> {
    let outcomes = match game {
        Game::Strategic(g) => &g.outcomes,
        Game::Extensive(g) => g.outcomes(),
    };
    outcomes.iter().map(|o| o.label.clone()).collect()
}

/// A correlated equilibrium that optimises an [`Objective`].
#[derive(Clone, Debug, PartialEq)]
pub struct CorrelatedEquilibrium<T> {
    /// Player names.
    pub players: Vec<String>,
    /// Strategy labels per player (the reduced strategic form's, for trees).
    pub strategies: Vec<Vec<String>>,
    /// The pure-strategy profiles with positive probability, in cell order
    /// (first player's strategy fastest), each with its probability.
    pub distribution: Vec<(Vec<usize>, T)>,
    /// Each player's expected payoff.
    pub payoffs: Vec<T>,
    /// The largest ex-ante gain any player gets from a plan of disobedience
    /// (a replacement for each recommended strategy): for each player, the
    /// sum over recommendations of the best gain from replacing that one,
    /// and the maximum over players. Zero exactly for a correlated equilibrium
    /// in exact arithmetic; the analogue of a Nash profile's regret.
    pub max_gain: T,
    /// The objective's value at the optimum (for [`Objective::MinOutcome`],
    /// the outcome's probability).
    pub objective: T,
}

/// Either arithmetic's correlated equilibrium, as [`ce`] returns it.
#[derive(Clone, Debug, PartialEq)]
pub enum CeSolution {
    /// Exact rationals: `max_gain` is exactly zero.
    Exact(CorrelatedEquilibrium<Rational>),
    /// Floating point.
    Float(CorrelatedEquilibrium<f64>),
}

/// An optimal correlated equilibrium of `game` (its reduced strategic form
/// for a tree), exactly unless `float`.
pub fn ce(game: &Game, objective: &Objective, float: bool) -> Result<CeSolution, SolveError> {
    ce_watched(game, objective, float, &Watch::quiet())
}

/// [`ce`], stopping with [`SolveError::Cancelled`] within one simplex pivot
/// once `watch` is cancelled.
pub fn ce_watched(
    game: &Game,
    objective: &Objective,
    float: bool,
    watch: &Watch,
) -> Result<CeSolution, SolveError> {
    let (table, values) = match game {
        Game::Strategic(g) => {
            let values = cell_values(g, objective, |c| outcome_indicator(g, c, objective));
            (std::borrow::Cow::Borrowed(g), values)
        }
        Game::Extensive(tree) => {
            let reduced = reduced_strategic_form_watched(tree, DEFAULT_MAX_CELLS, watch).map_err(
                |e| match e {
                    SolveError::TooLarge { reason, .. } => SolveError::TooLarge {
                        method: "ce",
                        reason: format!("reduced strategic form: {reason}"),
                    },
                    other => other,
                },
            )?;
            let values = tree_cell_values(tree, &reduced, objective);
            (std::borrow::Cow::Owned(reduced.game), values)
        }
    };
    let program = program(&table, &values, objective)?;
    if float {
        let solution = maximise::<f64>("ce", &program, watch)?;
        let total: f64 = solution.duals.iter().sum();
        let p: Vec<f64> = solution.duals.iter().map(|x| x / total).collect();
        check_gap(
            "ce",
            optimality_gap(&program, &p, &solution.primal()),
            &values,
        )?;
        Ok(CeSolution::Float(certify(&table, &p, &values)))
    } else {
        let p = maximise_exact("ce", &program, watch)?.duals;
        let total = p.iter().fold(<Rational as Zero>::zero(), |a, b| a + b);
        let eq = certify(&table, &p, &values);
        if !total.is_one() || !eq.max_gain.is_zero() {
            return Err(SolveError::Numerical {
                method: "ce",
                reason: format!(
                    "the exact optimum has mass {total} and a gain from disobeying of {}",
                    eq.max_gain
                ),
            });
        }
        Ok(CeSolution::Exact(eq))
    }
}

/// The objective's value at each cell of a tree's reduced strategic form,
/// before the sign for minimising (shared with `efce`, which optimises over
/// the same profiles).
pub(crate) fn tree_cell_values(
    tree: &ExtensiveGame,
    reduced: &ReducedForm,
    objective: &Objective,
) -> Vec<Rational> {
    let g = &reduced.game;
    cell_values(g, objective, |c| {
        let Objective::MinOutcome(label) = objective else {
            return <Rational as Zero>::zero();
        };
        let profile = reduced.pure_to_behavior::<Rational>(tree, &g.cell_profile(c));
        outcome_probability(tree, &profile.probs, label)
    })
}

/// The objective's value at each cell, before the sign for minimising.
fn cell_values(
    g: &StrategicGame,
    objective: &Objective,
    outcome: impl Fn(usize) -> Rational,
) -> Vec<Rational> {
    (0..g.num_cells())
        .map(|c| match objective {
            Objective::Welfare => (0..g.num_players()).map(|p| g.payoff(c, p)).sum(),
            Objective::MaxPayoff(p) | Objective::MinPayoff(p) => g.payoff(c, *p),
            Objective::MinOutcome(_) => outcome(c),
        })
        .collect()
}

fn outcome_indicator(g: &StrategicGame, cell: usize, objective: &Objective) -> Rational {
    match (objective, g.cells[cell]) {
        (Objective::MinOutcome(label), Some(o)) if &g.outcomes[o as usize].label == label => {
            <Rational as One>::one()
        }
        _ => <Rational as Zero>::zero(),
    }
}

/// The probability that play under a behaviour profile passes a node
/// carrying an outcome with this label.
fn outcome_probability(tree: &ExtensiveGame, probs: &[Vec<Rational>], label: &str) -> Rational {
    let r = reach(tree, probs, None);
    (0..tree.num_nodes())
        .filter(|&i| {
            tree.node_outcome(NodeId(i as u32))
                .is_some_and(|o| tree.outcomes()[o.index()].label == label)
        })
        .fold(<Rational as Zero>::zero(), |a, i| a + &r[i])
}

fn minimising(objective: &Objective) -> bool {
    matches!(
        objective,
        Objective::MinPayoff(_) | Objective::MinOutcome(_)
    )
}

/// The program of the module docs for cell values `values` (negated when
/// minimising, then shifted so that every cell is worth at least one).
fn program(
    g: &StrategicGame,
    values: &[Rational],
    objective: &Objective,
) -> Result<Packing, SolveError> {
    let cells = g.num_cells();
    let shape = g.shape();
    let entries = shape
        .iter()
        .map(|&n| n.saturating_sub(1))
        .sum::<usize>()
        .saturating_mul(cells);
    if entries > MAX_CONSTRAINT_ENTRIES {
        return Err(SolveError::TooLarge {
            method: "ce",
            reason: format!(
                "{cells} profiles give {entries} constraint entries, over the limit of \
                 {MAX_CONSTRAINT_ENTRIES}"
            ),
        });
    }
    // One row per profile c: w - sum_k y_k gain_k(c) <= t0 - value(c), over
    // the obedience constraints k = (player i, recommended s, replacement t)
    // that apply to c (those with c_i = s).
    let values = shifted(values, objective);
    let top = values
        .iter()
        .max()
        .cloned()
        .unwrap_or_else(<Rational as Zero>::zero);
    let tables: Vec<Vec<Rational>> = (0..shape.len()).map(|i| g.payoff_table(i)).collect();
    let mut offsets = Vec::with_capacity(shape.len());
    let mut k = 0;
    for &n in &shape {
        offsets.push(k);
        k += n * n.saturating_sub(1);
    }
    let w = k;
    let rows = (0..cells)
        .map(|c| {
            let mut row = Vec::new();
            let mut stride = 1;
            for (i, &n) in shape.iter().enumerate() {
                let s = (c / stride) % n;
                for (slot, t) in (0..n).filter(|&t| t != s).enumerate() {
                    let deviated = c + t * stride - s * stride;
                    let gain = &tables[i][deviated] - &tables[i][c];
                    if !gain.is_zero() {
                        row.push(((offsets[i] + s * (n - 1) + slot) as u32, -gain));
                    }
                }
                stride *= n;
            }
            row.push((w as u32, <Rational as One>::one()));
            row
        })
        .collect();
    // t0 one above the largest value keeps every right-hand side positive,
    // so the slack basis is not degenerate.
    let t0 = top + <Rational as One>::one();
    let rhs = values.iter().map(|v| &t0 - v).collect();
    let mut objective = vec![<Rational as Zero>::zero(); w + 1];
    objective[w] = <Rational as One>::one();
    Ok(Packing {
        vars: w + 1,
        rows,
        rhs,
        objective,
    })
}

/// The largest optimality gap, relative to the objective's range (or 1), a
/// floating-point optimum may have and be reported.
const GAP_TOLERANCE: f64 = 1e-9;

/// Refuses a floating-point optimum whose optimality gap (from
/// [`optimality_gap`]) is over [`GAP_TOLERANCE`] of the range of the cell
/// values `values` (or of 1): the gap is in the program's right-hand-side
/// units, which differ from the objective's by a shift and a sign only.
pub(crate) fn check_gap(
    method: &'static str,
    gap: f64,
    values: &[Rational],
) -> Result<(), SolveError> {
    let range = values
        .iter()
        .map(Field::to_f64)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if gap > GAP_TOLERANCE * (range.1 - range.0).max(1.0) {
        return Err(SolveError::Numerical {
            method,
            reason: format!(
                "the floating-point optimum is not certified: its objective is {gap:.3e} \
                 from the bound its multipliers give (drop --float to solve exactly)"
            ),
        });
    }
    Ok(())
}

/// How far the distribution `p` (mass one) may be from optimal, by the
/// program's own multipliers `x` (the obedience multipliers `y`, then `w`),
/// without trusting the tableau: for any `y >= 0`, weak duality bounds the
/// least `sum_c rhs_c p_c` over correlated equilibria below by
/// `min_c (rhs_c - sum_k a_ck y_k)` (the `y` part of each row), since every
/// equilibrium has `A p <= 0` and mass one. Negative `y` from rounding are
/// read as zero, which keeps the bound a bound.
///
/// Only the first `p.len()` rows, one per profile, are read: a program with
/// further (auxiliary) rows, as `efce`'s, must pass an `x` that already
/// satisfies them (see `efce::bound`).
pub(crate) fn optimality_gap(program: &Packing, p: &[f64], x: &[f64]) -> f64 {
    let w = program.vars - 1;
    let float = |q: &Rational| Field::to_f64(q);
    let bound = program.rows[..p.len()]
        .iter()
        .zip(&program.rhs)
        .map(|(row, rhs)| {
            let pulled: f64 = row
                .iter()
                .filter(|(k, _)| (*k as usize) < w)
                .map(|(k, a)| float(a) * x[*k as usize].max(0.0))
                .sum();
            float(rhs) - pulled
        })
        .fold(f64::INFINITY, f64::min);
    let achieved: f64 = program.rhs.iter().zip(p).map(|(r, q)| float(r) * q).sum();
    achieved - bound
}

/// Fixes the objective's direction and shift, given the cell values.
pub(crate) fn shifted(values: &[Rational], objective: &Objective) -> Vec<Rational> {
    let signed: Vec<Rational> = if minimising(objective) {
        values.iter().map(|v| -v).collect()
    } else {
        values.to_vec()
    };
    let min = signed
        .iter()
        .min()
        .cloned()
        .unwrap_or_else(<Rational as Zero>::zero);
    signed
        .into_iter()
        .map(|v| v - &min + <Rational as One>::one())
        .collect()
}

/// Reads a distribution back against the game: support, payoffs, the gain
/// from disobeying and the objective, all from the payoff table.
pub fn certify<T: Field>(
    g: &StrategicGame,
    p: &[T],
    values: &[Rational],
) -> CorrelatedEquilibrium<T> {
    let shape = g.shape();
    let tables: Vec<Vec<T>> = (0..g.num_players())
        .map(|i| g.payoff_table(i).iter().map(T::from_rational).collect())
        .collect();
    let mut payoffs = vec![T::zero(); shape.len()];
    // gains[i][s][t]: the ex-ante gain of replacing s by t.
    let mut gains: Vec<Vec<Vec<T>>> = shape.iter().map(|&n| vec![vec![T::zero(); n]; n]).collect();
    let mut objective_value = T::zero();
    let mut distribution = Vec::new();
    for (c, pc) in p.iter().enumerate() {
        if pc.is_zero_value() {
            continue;
        }
        let profile = g.cell_profile(c);
        let mut stride = 1;
        for (i, &n) in shape.iter().enumerate() {
            let s = profile[i];
            let here = tables[i][c].clone();
            payoffs[i] = payoffs[i].clone() + pc.clone() * here.clone();
            for (t, gain) in gains[i][s].iter_mut().enumerate() {
                let deviated = c + t * stride - s * stride;
                *gain = gain.clone() + pc.clone() * (tables[i][deviated].clone() - here.clone());
            }
            stride *= n;
        }
        objective_value = objective_value + pc.clone() * T::from_rational(&values[c]);
        distribution.push((profile, pc.clone()));
    }
    let max_gain = gains
        .iter()
        .map(|player| {
            player.iter().fold(T::zero(), |sum, row| {
                let best = row
                    .iter()
                    .fold(T::zero(), |m, g| if *g > m { g.clone() } else { m });
                sum + best
            })
        })
        .fold(T::zero(), |m, g| if g > m { g } else { m });
    CorrelatedEquilibrium {
        players: g.players.clone(),
        strategies: g.strategies.clone(),
        distribution,
        payoffs,
        max_gain,
        objective: objective_value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aumann's Chicken, cells (C,C), (D,C), (C,D), (D,D), first player
    /// fastest; its welfare-optimal correlated equilibrium is better than
    /// any pure equilibrium.
    fn chicken() -> StrategicGame {
        let r = |v: i64| Rational::from_integer(v.into());
        StrategicGame::from_payoffs(
            "",
            vec!["P1".into(), "P2".into()],
            vec![vec!["C".into(), "D".into()]; 2],
            [[6, 6], [7, 2], [2, 7], [0, 0]]
                .iter()
                .map(|c| c.iter().map(|&v| r(v)).collect())
                .collect(),
        )
    }

    /// The gap is zero to rounding at the optimum (exact and float), never
    /// negative beyond rounding for any multipliers (a bound), and large
    /// for an equilibrium that is not optimal, which the float solve would
    /// refuse.
    #[test]
    fn the_float_optimality_gap_certifies_and_refuses() {
        let g = chicken();
        let objective = Objective::Welfare;
        let values = cell_values(&g, &objective, |_| <Rational as Zero>::zero());
        let program = program(&g, &values, &objective).unwrap();
        let best = maximise_exact("ce", &program, &Watch::quiet()).unwrap();
        let p: Vec<f64> = best.duals.iter().map(Field::to_f64).collect();
        let y: Vec<f64> = best.primal().iter().map(Field::to_f64).collect();
        assert!(optimality_gap(&program, &p, &y).abs() < 1e-12);
        // Any multipliers bound the optimum: the gap of the optimal p is
        // never below zero.
        let mut uniform = crate::lp::noise(0x9e37_79b9_7f4a_7c15_u64);
        for scale in [1e-6, 1e-2, 1.0, 100.0] {
            for _ in 0..100 {
                let noisy: Vec<f64> = y.iter().map(|v| v + scale * uniform()).collect();
                let gap = optimality_gap(&program, &p, &noisy);
                assert!(gap >= -1e-12, "scale {scale}: gap {gap}");
            }
        }
        // The pure equilibrium (D, C): welfare 9, a correlated equilibrium
        // but not the optimum (welfare 10.5), so its gap is the difference.
        let pure = [0.0, 1.0, 0.0, 0.0];
        let optimum: f64 = p.iter().zip(&values).map(|(q, v)| q * v.to_f64()).sum();
        assert!((optimum - 10.5).abs() < 1e-12, "{optimum}");
        assert!((optimality_gap(&program, &pure, &y) - 1.5).abs() < 1e-12);
        let CeSolution::Float(float) = ce(&Game::Strategic(g), &objective, true).unwrap() else {
            panic!("asked for floating point")
        };
        assert!((float.objective - 10.5).abs() < 1e-9);
    }
}
