//! Communication equilibria (Myerson 1982) of finite Bayesian games that
//! minimise the probability of an outcome set: what a mediator who collects
//! the players' private types and recommends plans could achieve at best.
//!
//! The concept computed is the strategic-form communication equilibrium with
//! one round of confidential reports and plan recommendations: a mechanism
//! `pi(r | t)` gives, for each profile of reported types `t`, a distribution
//! over profiles of plans `r` (reduced strategies of the whole game, so play
//! is Nash-type: nothing asks that a recommendation be optimal off the
//! path). It is incentive compatible when no type of any player gains from
//! any combined deviation: a report `b` of its true type `a` (`b` may equal
//! `a`) followed by any map `delta` from recommended to played plans.
//! Checking obedience alone, or lying followed by obedience alone, admits
//! mechanisms that are not equilibria and gives too low an optimum.
//!
//! For player `i` of type `a` reporting `b`, with `q_i` its (possibly
//! subjective) belief about the other types and `u_i` its payoff as it sees
//! it, let
//!
//! ```text
//!   F(i,a,b,r_i,d) = sum over t_-i, r_-i of q_i(t_-i) pi(r_i, r_-i | b, t_-i) u_i(a, t_-i; d, r_-i)
//!   U(i,a)         = sum over r_i of F(i,a,a,r_i,r_i).
//! ```
//!
//! Incentive compatibility is `U(i,a) >= sum over r_i of max_d F(i,a,b,r_i,d)`
//! for every `i, a, b`: the maximum over the `|R_i|^|R_i|` maps `delta`
//! splits by recommendation. It is linearised with one auxiliary
//! `v(i,a,b,r_i) >= F(i,a,b,r_i,d)` for every `d` and `U(i,a) >= sum v`.
//! Payoffs are shifted to be non-negative first, so that `F >= 0` and
//! `v >= 0` loses nothing (the shift moves both sides by the same constant,
//! since each `pi(. | t)` sums to one).
//!
//! The program, `min sum_t p(t) sum_r pi(r|t) w(t,r)` over those rows and
//! `sum_r pi(r|t) = 1`, `pi, v >= 0`, is solved through its dual, which is a
//! [`Packing`] the project's simplex takes from the slack basis: one row per
//! `pi(t,r)` (right-hand side `p(t) w(t,r) + 1`, the `+1` a constant per type
//! profile that keeps every such row off degeneracy and moves the objective
//! by a known amount) and one per `v` (right-hand side zero); the columns are
//! the free `y_t` (split into two non-negative halves), `lambda(i,a,b) >= 0`
//! and `sigma(i,a,b,r_i,d) >= 0`. The optimal dual prices of its rows are
//! `pi` and `v`. The answer is then certified from the game alone, not the
//! tableau: each `pi(. | t)` sums to one and the largest gain of any type
//! from any combined deviation ([`Mechanism::max_gain`]) is zero exactly in
//! rational arithmetic.

mod column;
pub mod tree;

pub use column::{
    certify_tree, mediate_tree, ColumnLimits, ColumnSolution, TreeMechanism, BOUND_PER_TYPE,
    BOUND_PROXIMAL, DROP_AFTER, IDLE_COST, MAX_DROPS, MAX_REPORTED_GAIN, PENALTY, TOLERANCE,
};

use crate::lp::simplex::{maximise, maximise_exact, Packing};
use brink_game::{Field, Rational, SolveError, Watch};
use num_traits::{One, Signed, Zero};

/// The most mechanism cells (type profiles times plan profiles, the number
/// of variables `pi(r | t)`) the program may have: the founding crisis's
/// plan profiles alone number 37 x 16 x 256 x 256.
pub const MAX_MECHANISM_CELLS: usize = 40_000;

/// The most nonzero entries the program's rows may hold: past it the
/// tableau's fill-in outgrows memory long before the simplex finishes.
pub const MAX_PROGRAM_ENTRIES: usize = 4_000_000;

/// A finite Bayesian game in strategic form: independent discrete types,
/// a prior for each player's types (the truth) and each player's own belief
/// about the others' types, plans, and payoffs per type profile and plan
/// profile. Profiles are numbered with the first player's index fastest, as
/// Gambit numbers strategy profiles; cell `(t, r)` is `t * plan_profiles + r`.
#[derive(Clone, Debug, PartialEq)]
pub struct BayesianGame {
    /// Player names.
    pub players: Vec<String>,
    /// Type labels per player (one type for a player with no private information).
    pub types: Vec<Vec<String>>,
    /// The true prior of each player's types, used for the objective.
    pub prior: Vec<Vec<Rational>>,
    /// `beliefs[i][j]`: player `i`'s prior over player `j`'s types (its
    /// subjective view; `beliefs[i][i]` is not read).
    pub beliefs: Vec<Vec<Vec<Rational>>>,
    /// Plan labels per player.
    pub plans: Vec<Vec<String>>,
    /// `payoffs[cell * n + i]`: player `i`'s expected payoff at the cell, as
    /// player `i` sees it (its own beliefs about chance).
    pub payoffs: Vec<Rational>,
    /// The value minimised at each cell, typically the true probability of
    /// the outcome set (war) given the types and plans.
    pub objective: Vec<Rational>,
}

/// Radix strides and sizes of a profile space, first coordinate fastest.
#[derive(Clone, Debug)]
struct Space {
    sizes: Vec<usize>,
    strides: Vec<usize>,
    total: usize,
}

impl Space {
    fn new(sizes: Vec<usize>) -> Option<Space> {
        sizes.iter().try_fold(1usize, |a, &k| a.checked_mul(k))?;
        let (strides, total) = crate::radix::strides(&sizes);
        Some(Space {
            sizes,
            strides,
            total,
        })
    }
    fn coord(&self, index: usize, i: usize) -> usize {
        (index / self.strides[i]) % self.sizes[i]
    }
    /// `index` with coordinate `i` set to `value`.
    fn with(&self, index: usize, i: usize, value: usize) -> usize {
        index - self.coord(index, i) * self.strides[i] + value * self.strides[i]
    }
    fn decode(&self, index: usize) -> Vec<usize> {
        tree::decode(index, &self.sizes)
    }
}

impl BayesianGame {
    /// Number of players.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }
    /// Number of type profiles.
    pub fn type_profiles(&self) -> usize {
        self.types.iter().map(Vec::len).product()
    }
    /// Number of plan profiles.
    pub fn plan_profiles(&self) -> usize {
        self.plans.iter().map(Vec::len).product()
    }

    fn spaces(&self) -> Result<(Space, Space), SolveError> {
        let too_large = || SolveError::TooLarge {
            method: "mediator",
            reason: "the number of profiles overflows".into(),
        };
        let types = Space::new(self.types.iter().map(Vec::len).collect()).ok_or_else(too_large)?;
        let plans = Space::new(self.plans.iter().map(Vec::len).collect()).ok_or_else(too_large)?;
        Ok((types, plans))
    }

    /// Checks sizes and probabilities, and the size limits.
    pub fn check(&self) -> Result<(), SolveError> {
        let bad = |reason: String| SolveError::Unsupported {
            method: "mediator",
            reason,
            suggestion: "a Bayesian game with consistent sizes and priors summing to one",
        };
        let n = self.num_players();
        if n == 0 {
            return Err(bad("the game has no players".into()));
        }
        if self.types.len() != n
            || self.prior.len() != n
            || self.plans.len() != n
            || self.beliefs.len() != n
            || self.beliefs.iter().any(|b| b.len() != n)
        {
            return Err(bad(
                "types, priors, beliefs and plans must list every player".into(),
            ));
        }
        let distribution = |d: &[Rational], len: usize, what: String| {
            if d.len() != len {
                return Err(bad(format!(
                    "{what} has {} entries for {len} types",
                    d.len()
                )));
            }
            if d.iter().any(Signed::is_negative) {
                return Err(bad(format!("{what} has a negative probability")));
            }
            let total = d.iter().fold(rzero(), |a, b| a + b);
            if !total.is_one() {
                return Err(bad(format!("{what} sums to {total}, not 1")));
            }
            Ok(())
        };
        for i in 0..n {
            if self.types[i].is_empty() || self.plans[i].is_empty() {
                return Err(bad(format!(
                    "player {} has no types or no plans",
                    self.players[i]
                )));
            }
            distribution(
                &self.prior[i],
                self.types[i].len(),
                format!("the prior of {}", self.players[i]),
            )?;
            for j in (0..n).filter(|&j| j != i) {
                distribution(
                    &self.beliefs[i][j],
                    self.types[j].len(),
                    format!("{}'s belief about {}", self.players[i], self.players[j]),
                )?;
            }
        }
        let (types, plans) = self.spaces()?;
        let cells = types.total.checked_mul(plans.total);
        let entries = cells.and_then(|c| {
            let per_row: usize = (0..n)
                .map(|i| self.types[i].len() * (1 + self.plans[i].len()))
                .sum();
            c.checked_mul(per_row + 2)
        });
        match (cells, entries) {
            (Some(c), Some(e)) if c <= MAX_MECHANISM_CELLS && e <= MAX_PROGRAM_ENTRIES => {}
            _ => {
                return Err(SolveError::TooLarge {
                    method: "mediator",
                    reason: format!(
                        "{} type profiles (types per player {:?}) times {} plan profiles (plans \
                         per player {:?}) is over the limit of {MAX_MECHANISM_CELLS} mechanism \
                         cells (or {MAX_PROGRAM_ENTRIES} program entries)",
                        types.total, types.sizes, plans.total, plans.sizes
                    ),
                })
            }
        }
        let cells = types.total * plans.total;
        if self.payoffs.len() != cells * n || self.objective.len() != cells {
            return Err(bad(format!(
                "{} payoffs and {} objective values for {cells} cells of {n} players",
                self.payoffs.len(),
                self.objective.len()
            )));
        }
        Ok(())
    }

    /// The true probability of a type profile.
    fn prior_of(&self, types: &Space, t: usize) -> Rational {
        (0..self.num_players()).fold(rone(), |a, j| a * &self.prior[j][types.coord(t, j)])
    }

    /// Player `i`'s belief in the others' types of profile `t`.
    fn belief_of(&self, types: &Space, i: usize, t: usize) -> Rational {
        (0..self.num_players())
            .filter(|&j| j != i)
            .fold(rone(), |a, j| a * &self.beliefs[i][j][types.coord(t, j)])
    }
}

/// A mechanism and what it achieves, read back from the game.
#[derive(Clone, Debug, PartialEq)]
pub struct Mechanism<T> {
    /// `conditional[t * plan_profiles + r]`: the probability of recommending
    /// plan profile `r` when the reported types are `t`.
    pub conditional: Vec<T>,
    /// The objective: `sum_t p(t) sum_r pi(r|t) w(t, r)` under the true prior.
    pub objective: T,
    /// `interim[i][a]`: player `i`'s expected payoff when of type `a`,
    /// truthful and obedient, under its own beliefs.
    pub interim: Vec<Vec<T>>,
    /// The largest gain any type of any player gets from any combined
    /// deviation (a report, then a reply to each recommendation) over
    /// truth-telling and obedience, under its own beliefs: zero exactly for a
    /// communication equilibrium in exact arithmetic.
    pub max_gain: T,
    /// The largest `|sum_r pi(r|t) - 1|` over type profiles.
    pub mass_error: T,
}

impl<T: Field> Mechanism<T> {
    /// The recommendations with positive probability for each type profile:
    /// `(types, [(plans, probability)])`, profiles as index vectors.
    #[allow(clippy::type_complexity)]
    pub fn support(&self, game: &BayesianGame) -> Vec<(Vec<usize>, Vec<(Vec<usize>, T)>)> {
        let Ok((types, plans)) = game.spaces() else {
            return Vec::new();
        };
        (0..types.total)
            .map(|t| {
                let recs = (0..plans.total)
                    .filter_map(|r| {
                        let p = &self.conditional[t * plans.total + r];
                        (!p.is_zero_value()).then(|| (plans.decode(r), p.clone()))
                    })
                    .collect();
                (types.decode(t), recs)
            })
            .collect()
    }
}

/// Either arithmetic's optimal mechanism, as [`mediate`] returns it.
#[derive(Clone, Debug, PartialEq)]
pub enum MechanismSolution {
    /// Exact rationals: `max_gain` and `mass_error` are exactly zero.
    Exact(Mechanism<Rational>),
    /// Floating point.
    Float(Mechanism<f64>),
}

/// The incentive-compatible mechanism minimising the game's objective,
/// exactly unless `float`.
pub fn mediate(game: &BayesianGame, float: bool) -> Result<MechanismSolution, SolveError> {
    mediate_watched(game, float, &Watch::quiet())
}

/// A floating-point optimum with the certificate of its optimality.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundedMechanism {
    /// The mechanism the simplex method ended at, read back from the game.
    pub mechanism: Mechanism<f64>,
    /// A lower bound on the objective of every incentive-compatible
    /// mechanism, from the method's multipliers made dual feasible (see
    /// [`mediate_float`]): the mechanism is optimal to within
    /// `mechanism.objective - lower_bound`, up to rounding.
    pub lower_bound: f64,
}

/// [`mediate`] in floating point, with a lower bound that certifies how
/// close to optimal the mechanism is. A floating-point simplex can stop at
/// a basis that only looks optimal through rounding; the bound does not
/// rely on the tableau. It takes the method's multipliers `x` (the
/// packing's variables), raises negative ones to zero and each
/// `lambda(i,a,b)` to the largest `sum_d sigma(i,a,b,r_i,d)` of its rows
/// (raising `lambda` only loosens its other rows), and sets each free `y_t`
/// to the least slack of its type profile's rows. That makes `x` feasible
/// for the dual, whose objective then bounds the least objective from below
/// (weak duality), less the `+1` per type profile and the objective's shift.
pub fn mediate_float(game: &BayesianGame, watch: &Watch) -> Result<BoundedMechanism, SolveError> {
    game.check()?;
    let program = program(game)?;
    float_optimum(game, &program, watch)
}

fn float_optimum(
    game: &BayesianGame,
    program: &Packing,
    watch: &Watch,
) -> Result<BoundedMechanism, SolveError> {
    let (types, plans) = game.spaces()?;
    let cells = types.total * plans.total;
    let solution = maximise::<f64>("mediator", program, watch)?;
    Ok(BoundedMechanism {
        mechanism: certify(game, &solution.duals[..cells])?,
        lower_bound: lower_bound(game, program, &solution.primal())?,
    })
}

/// The lower bound of [`mediate_float`] from any multipliers `x`, feasible
/// or not, of the program built by `program`.
fn lower_bound(game: &BayesianGame, program: &Packing, x: &[f64]) -> Result<f64, SolveError> {
    let (types, plans) = game.spaces()?;
    let (nt, nr) = (types.total, plans.total);
    let float = |q: &Rational| Field::to_f64(q);
    let mut z: Vec<f64> = x.iter().map(|v| v.max(0.0)).collect();
    // The rows of the `v`: `-lambda + sum_d sigma <= 0`.
    for row in &program.rows[nt * nr..] {
        let activity: f64 = row.iter().map(|(j, a)| float(a) * z[*j as usize]).sum();
        if activity > 0.0 {
            if let Some((j, a)) = row.iter().find(|(_, a)| a.is_negative()) {
                z[*j as usize] += activity / -float(a);
            }
        }
    }
    // The rows of the `pi(t, r)`, `r` fastest: `y_t` is their least slack
    // once the other columns are fixed.
    let mut total = 0.0;
    for t in 0..nt {
        let least = (t * nr..(t + 1) * nr)
            .map(|cell| {
                let used: f64 = program.rows[cell]
                    .iter()
                    .filter(|(j, _)| *j as usize >= 2 * nt)
                    .map(|(j, a)| float(a) * z[*j as usize])
                    .sum();
                float(&program.rhs[cell]) - used
            })
            .fold(f64::INFINITY, f64::min);
        total += least;
    }
    let offset = game.objective.iter().min().map_or(0.0, float);
    Ok(total - nt as f64 + offset)
}

/// [`mediate`], stopping with [`SolveError::Cancelled`] within one simplex
/// pivot once `watch` is cancelled.
pub fn mediate_watched(
    game: &BayesianGame,
    float: bool,
    watch: &Watch,
) -> Result<MechanismSolution, SolveError> {
    game.check()?;
    let program = program(game)?;
    let cells = game.type_profiles() * game.plan_profiles();
    if float {
        let bounded = float_optimum(game, &program, watch)?;
        Ok(MechanismSolution::Float(bounded.mechanism))
    } else {
        let duals = maximise_exact("mediator", &program, watch)?.duals;
        let m = certify(game, &duals[..cells])?;
        if !m.mass_error.is_zero() || !m.max_gain.is_zero() {
            return Err(SolveError::Numerical {
                method: "mediator",
                reason: format!(
                    "the exact optimum is off by {} in mass and gives a deviation gain of {}",
                    m.mass_error, m.max_gain
                ),
            });
        }
        Ok(MechanismSolution::Exact(m))
    }
}

/// The dual program of the module docs.
fn program(game: &BayesianGame) -> Result<Packing, SolveError> {
    let n = game.num_players();
    let (types, plans) = game.spaces()?;
    let (nt, nr) = (types.total, plans.total);
    // Each player's payoffs shifted to be non-negative (see the module docs).
    let low: Vec<Rational> = (0..n)
        .map(|i| {
            game.payoffs
                .iter()
                .skip(i)
                .step_by(n)
                .min()
                .cloned()
                .unwrap_or_else(rzero)
        })
        .collect();
    let u = |cell: usize, i: usize| &game.payoffs[cell * n + i] - &low[i];
    // Columns: y+ (nt), y- (nt), lambda(i,a,b), sigma(i,a,b,r_i,d).
    let mut lambda0 = Vec::with_capacity(n);
    let mut col = 2 * nt;
    for i in 0..n {
        lambda0.push(col);
        col += types.sizes[i] * types.sizes[i];
    }
    let mut sigma0 = Vec::with_capacity(n);
    for i in 0..n {
        sigma0.push(col);
        col += types.sizes[i] * types.sizes[i] * plans.sizes[i] * plans.sizes[i];
    }
    let vars = col;
    let lambda = |i: usize, a: usize, b: usize| lambda0[i] + a * types.sizes[i] + b;
    let sigma = |i: usize, a: usize, b: usize, ri: usize, d: usize| {
        let (k, m) = (types.sizes[i], plans.sizes[i]);
        sigma0[i] + ((a * k + b) * m + ri) * m + d
    };
    let mut rows = Vec::new();
    let mut rhs = Vec::new();
    let offset = game.objective.iter().min().cloned().unwrap_or_else(rzero);
    for t in 0..nt {
        let p = game.prior_of(&types, t);
        for r in 0..nr {
            let cell = t * nr + r;
            let mut row: Vec<(u32, Rational)> =
                vec![(t as u32, rone()), ((nt + t) as u32, -rone())];
            for i in 0..n {
                let ti = types.coord(t, i);
                let ri = plans.coord(r, i);
                // pi(t, r) in U(i, t_i), which sits in IC(i, t_i, b) for every b.
                let q = game.belief_of(&types, i, t);
                let coefficient = &q * u(cell, i);
                if !coefficient.is_zero() {
                    for b in 0..types.sizes[i] {
                        row.push((lambda(i, ti, b) as u32, coefficient.clone()));
                    }
                }
                // pi(t, r) in F(i, a, t_i, r_i, d) for every true type a and reply d.
                for a in 0..types.sizes[i] {
                    let truth = types.with(t, i, a);
                    let q = game.belief_of(&types, i, truth);
                    if q.is_zero() {
                        continue;
                    }
                    for d in 0..plans.sizes[i] {
                        let value = u(truth * nr + plans.with(r, i, d), i);
                        if !value.is_zero() {
                            row.push((sigma(i, a, ti, ri, d) as u32, -(&q * value)));
                        }
                    }
                }
            }
            row.sort_by_key(|e| e.0);
            rows.push(row);
            rhs.push(&p * (&game.objective[cell] - &offset) + rone());
        }
    }
    // One row per v(i, a, b, r_i): -lambda(i,a,b) + sum_d sigma(i,a,b,r_i,d) <= 0.
    for i in 0..n {
        for a in 0..types.sizes[i] {
            for b in 0..types.sizes[i] {
                for ri in 0..plans.sizes[i] {
                    let mut row = vec![(lambda(i, a, b) as u32, -rone())];
                    row.extend((0..plans.sizes[i]).map(|d| (sigma(i, a, b, ri, d) as u32, rone())));
                    row.sort_by_key(|e| e.0);
                    rows.push(row);
                    rhs.push(rzero());
                }
            }
        }
    }
    let mut objective = vec![rzero(); vars];
    for t in 0..nt {
        objective[t] = rone();
        objective[nt + t] = -rone();
    }
    Ok(Packing {
        vars,
        rows,
        rhs,
        objective,
    })
}

/// Reads a mechanism `pi(r | t)` back against the game: its mass per type
/// profile, the objective, each type's value and the largest gain from any
/// combined deviation, all from the payoffs, never from a tableau.
pub fn certify<T: Field>(
    game: &BayesianGame,
    conditional: &[T],
) -> Result<Mechanism<T>, SolveError> {
    game.check()?;
    let n = game.num_players();
    let (types, plans) = game.spaces()?;
    let (nt, nr) = (types.total, plans.total);
    if conditional.len() != nt * nr {
        return Err(SolveError::Unsupported {
            method: "mediator",
            reason: format!("{} probabilities for {} cells", conditional.len(), nt * nr),
            suggestion: "one probability per type profile and plan profile",
        });
    }
    let u = |cell: usize, i: usize| T::from_rational(&game.payoffs[cell * n + i]);
    let max = |a: T, b: T| if b > a { b } else { a };
    let mut mass_error = T::zero();
    let mut objective = T::zero();
    for t in 0..nt {
        let p = T::from_rational(&game.prior_of(&types, t));
        let mut mass = T::zero();
        for r in 0..nr {
            let x = conditional[t * nr + r].clone();
            mass = mass + x.clone();
            objective = objective + p.clone() * x * T::from_rational(&game.objective[t * nr + r]);
        }
        mass_error = max(mass_error, (mass - T::one()).abs_value());
    }
    let mut interim = Vec::with_capacity(n);
    let mut max_gain = T::zero();
    for i in 0..n {
        let (k, m) = (types.sizes[i], plans.sizes[i]);
        // The profiles with player i's type and plan at zero: the others' parts.
        let others_t: Vec<usize> = (0..nt).filter(|&t| types.coord(t, i) == 0).collect();
        let others_r: Vec<usize> = (0..nr).filter(|&r| plans.coord(r, i) == 0).collect();
        let mut values = Vec::with_capacity(k);
        for a in 0..k {
            // f[b][ri][d] = F(i, a, b, ri, d).
            let mut f = vec![vec![vec![T::zero(); m]; m]; k];
            for &t0 in &others_t {
                let q = T::from_rational(&game.belief_of(&types, i, t0 + a * types.strides[i]));
                if q.is_zero_value() {
                    continue;
                }
                let truth = t0 + a * types.strides[i];
                for (b, fb) in f.iter_mut().enumerate() {
                    let reported = t0 + b * types.strides[i];
                    for &r0 in &others_r {
                        for (ri, fbr) in fb.iter_mut().enumerate() {
                            let x = &conditional[reported * nr + r0 + ri * plans.strides[i]];
                            if x.is_zero_value() {
                                continue;
                            }
                            let w = q.clone() * x.clone();
                            for (d, v) in fbr.iter_mut().enumerate() {
                                let cell = truth * nr + r0 + d * plans.strides[i];
                                *v = v.clone() + w.clone() * u(cell, i);
                            }
                        }
                    }
                }
            }
            let honest = (0..m).fold(T::zero(), |s, ri| s + f[a][ri][ri].clone());
            for fb in &f {
                let best = fb.iter().fold(T::zero(), |s, row| {
                    let top = row[1..].iter().cloned().fold(row[0].clone(), max);
                    s + top
                });
                max_gain = max(max_gain, best - honest.clone());
            }
            values.push(honest);
        }
        interim.push(values);
    }
    Ok(Mechanism {
        conditional: conditional.to_vec(),
        objective,
        interim,
        max_gain,
        mass_error,
    })
}

fn rzero() -> Rational {
    <Rational as Zero>::zero()
}

fn rone() -> Rational {
    <Rational as One>::one()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A complete-information game (one type each) is a correlated
    /// equilibrium problem: Chicken's war (both dare) can be avoided fully.
    #[test]
    fn one_type_each_is_a_correlated_equilibrium() {
        // Chicken: plans (yield, dare); dare-dare is war.
        let pay = [[(6, 6), (2, 7)], [(7, 2), (0, 0)]];
        let mut payoffs = Vec::new();
        let mut objective = Vec::new();
        for r in 0..4 {
            let (s1, s2) = (r % 2, r / 2);
            payoffs.push(r_(pay[s1][s2].0));
            payoffs.push(r_(pay[s1][s2].1));
            objective.push(if s1 == 1 && s2 == 1 { rone() } else { rzero() });
        }
        let game = BayesianGame {
            players: vec!["1".into(), "2".into()],
            types: vec![vec!["-".into()], vec!["-".into()]],
            prior: vec![vec![rone()], vec![rone()]],
            beliefs: vec![vec![vec![], vec![rone()]], vec![vec![rone()], vec![]]],
            plans: vec![vec!["Y".into(), "D".into()]; 2],
            payoffs,
            objective,
        };
        let MechanismSolution::Exact(m) = mediate(&game, false).unwrap() else {
            panic!()
        };
        assert_eq!(m.objective, rzero());
        assert_eq!(m.max_gain, rzero());
        // Dare alone against yield: the pure equilibria avoid war, and so
        // must the optimum, which puts no weight on (D, D).
        assert_eq!(m.conditional[3], rzero());
    }

    /// Chicken in which each player's high type gains 3 more from daring
    /// (two types each, equally likely, common prior); war is both daring.
    fn typed_chicken() -> BayesianGame {
        let pay = [[(6, 6), (2, 7)], [(7, 2), (0, 0)]];
        let half = || Rational::new(1.into(), 2.into());
        let mut game = BayesianGame {
            players: vec!["1".into(), "2".into()],
            types: vec![vec!["low".into(), "high".into()]; 2],
            prior: vec![vec![half(), half()]; 2],
            beliefs: vec![
                vec![vec![], vec![half(), half()]],
                vec![vec![half(), half()], vec![]],
            ],
            plans: vec![vec!["Y".into(), "D".into()]; 2],
            payoffs: Vec::new(),
            objective: Vec::new(),
        };
        let (types, plans) = game.spaces().unwrap();
        for t in 0..types.total {
            for r in 0..plans.total {
                let (a, b) = (plans.coord(r, 0), plans.coord(r, 1));
                let bonus = |i: usize, own: usize| 3 * (types.coord(t, i) * own) as i64;
                game.payoffs.push(r_(pay[a][b].0 + bonus(0, a)));
                game.payoffs.push(r_(pay[a][b].1 + bonus(1, b)));
                game.objective
                    .push(if a == 1 && b == 1 { rone() } else { rzero() });
            }
        }
        game
    }

    /// The bound of [`mediate_float`] is a bound whatever the multipliers,
    /// feasible or not (random ones around the optimum), is the bound
    /// without incentives at zero, and meets the exact optimum at the
    /// optimal multipliers and at the float simplex's.
    #[test]
    fn the_float_lower_bound_holds_for_any_multipliers() {
        let game = typed_chicken();
        let program = program(&game).unwrap();
        let MechanismSolution::Exact(m) = mediate(&game, false).unwrap() else {
            panic!()
        };
        let optimum = m.objective.to_f64();
        // Zero multipliers: only each `sum_r pi(r|t) = 1` binds, so the bound
        // is each type profile's least objective, weighted by its prior.
        let (types, plans) = game.spaces().unwrap();
        let unconstrained: f64 = (0..types.total)
            .map(|t| {
                let least = (0..plans.total)
                    .map(|r| game.objective[t * plans.total + r].to_f64())
                    .fold(f64::INFINITY, f64::min);
                game.prior_of(&types, t).to_f64() * least
            })
            .sum();
        let zero = lower_bound(&game, &program, &vec![0.0; program.vars]).unwrap();
        assert!(
            (zero - unconstrained).abs() < 1e-12,
            "{zero} {unconstrained}"
        );
        // The incentives bind in this game, so the bounds below that meet
        // the optimum are not the unconstrained one.
        assert!(optimum > unconstrained + 0.05, "{optimum} {unconstrained}");
        let best: Vec<f64> = maximise_exact("mediator", &program, &Watch::quiet())
            .unwrap()
            .primal()
            .iter()
            .map(Field::to_f64)
            .collect();
        let tight = lower_bound(&game, &program, &best).unwrap();
        assert!((tight - optimum).abs() < 1e-12, "{tight} {optimum}");
        let mut uniform = crate::lp::noise(0x2545_f491_4f6c_dd1d_u64);
        for scale in [1e-6, 1e-2, 1.0, 100.0] {
            for _ in 0..100 {
                let noisy: Vec<f64> = best.iter().map(|v| v + scale * uniform()).collect();
                let bound = lower_bound(&game, &program, &noisy).unwrap();
                assert!(
                    bound <= optimum + 1e-12,
                    "scale {scale}: {bound} > {optimum}"
                );
            }
        }
        let float = mediate_float(&game, &Watch::quiet()).unwrap();
        assert!((float.mechanism.objective - optimum).abs() < 1e-9);
        assert!((float.lower_bound - optimum).abs() < 1e-9);
    }

    fn r_(x: i64) -> Rational {
        Rational::from_integer(x.into())
    }
}
