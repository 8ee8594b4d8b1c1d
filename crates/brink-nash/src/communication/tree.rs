//! A finite Bayesian game kept as its tree, for mediators whose plan profiles
//! are far too many to tabulate (the founding crisis: 37 x 16 x 256 x 256
//! reduced strategies): payoffs of a plan profile are sums over the terminal
//! nodes it reaches, and a player's best plan against weights on the
//! terminals is found by backward induction over its own information sets
//! (perfect recall), never by listing its plans.
//!
//! Each terminal `z` carries the true probability of its chance moves, the
//! same as each player believes it, the value minimised (P(war): 1 at a war
//! outcome), and each player's payoff as `c + sum_j slope_j * type_j`. A plan
//! profile `r` reaches `z` with probability `chance(z)` when every player's
//! plan takes the actions on the path to `z` (`consistent`), else zero.

use super::BayesianGame;
use brink_game::{Rational, SolveError};
use num_traits::FromPrimitive;
use std::collections::HashMap;

/// One information set of a player: its own previous move (the set and the
/// action, indices in the player's own list) and its number of actions.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayerInfoset {
    /// The player's own previous move, `None` for a first move.
    pub parent: Option<(usize, usize)>,
    /// Number of actions.
    pub actions: usize,
}

/// A terminal node as the mediator's program reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeTerminal {
    /// The true probability of the chance moves on its path.
    pub prob: f64,
    /// `seen[i]`: the same as player `i` believes it.
    pub seen: Vec<f64>,
    /// The value minimised (1 at a war outcome, 0 elsewhere for P(war)).
    pub objective: f64,
    /// `constant[i]`: player `i`'s payoff with every type at zero.
    pub constant: Vec<f64>,
    /// `slopes[i][j]`: player `i`'s payoff per unit of player `j`'s type.
    pub slopes: Vec<Vec<f64>>,
    /// `moves[i]`: player `i`'s moves on the path, root first, as
    /// (information set, action) in the player's own numbering.
    pub moves: Vec<Vec<(usize, usize)>>,
}

/// A Bayesian game on a tree: independent types with representative values,
/// plans = reduced strategies given by their choices.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeBayesianGame {
    /// Player names.
    pub players: Vec<String>,
    /// `types[i][a]`: the value of player `i`'s type `a`.
    pub types: Vec<Vec<f64>>,
    /// The true prior of each player's types.
    pub prior: Vec<Vec<f64>>,
    /// `beliefs[i][j]`: player `i`'s prior over player `j`'s types.
    pub beliefs: Vec<Vec<Vec<f64>>>,
    /// Each player's information sets.
    pub infosets: Vec<Vec<PlayerInfoset>>,
    /// `plans[i][r][k]`: the action plan `r` of player `i` takes at its set
    /// `k`, `None` where its own moves never reach it (reduced strategies).
    pub plans: Vec<Vec<Vec<Option<usize>>>>,
    /// Plan labels.
    pub plan_labels: Vec<Vec<String>>,
    /// The terminal nodes.
    pub terminals: Vec<TreeTerminal>,
}

/// Terminal sets as bit masks, one bit per terminal.
pub(crate) type Mask = Vec<u64>;

/// What the program needs precomputed from a [`TreeBayesianGame`].
pub(crate) struct Prepared {
    /// `consistent[i][r]`: the terminals plan `r` of player `i` leads to
    /// (all its moves on the path are the plan's).
    pub consistent: Vec<Vec<Mask>>,
    /// Per player: the flat sequence id of each terminal's last own move
    /// (`usize::MAX` when the player does not move on the path).
    last_seq: Vec<Vec<usize>>,
    /// Per player: the first sequence id of each information set.
    seq_start: Vec<Vec<usize>>,
    /// Per player: the number of sequences.
    seqs: Vec<usize>,
    /// Per player: its sets, deepest first (children before parents).
    order: Vec<Vec<usize>>,
    /// Per player: plan index by choice vector.
    index: Vec<HashMap<Vec<Option<usize>>, usize>>,
    /// Per player: each set's own previous move.
    parents: Vec<Vec<Option<(usize, usize)>>>,
    /// Per player: each terminal's group, the terminals with the same own
    /// moves on their paths sharing one.
    group_of: Vec<Vec<usize>>,
    /// Per player: the groups each plan is consistent with (those of the
    /// terminals in [`Prepared::consistent`]).
    plan_groups: Vec<Vec<Vec<u32>>>,
}

/// How type profiles and plan profiles are numbered in this module and in
/// the tabulated program.
pub use crate::radix::decode;
pub(crate) use crate::radix::strides;

pub(crate) fn has(mask: &[u64], z: usize) -> bool {
    mask[z / 64] >> (z % 64) & 1 == 1
}

/// The terminals in `mask`, in increasing order: a sum over them costs
/// their number, not the tree's.
pub(crate) fn members(mask: &[u64]) -> impl Iterator<Item = usize> + '_ {
    mask.iter()
        .enumerate()
        .flat_map(|(word, &bits)| ones(word, bits))
}

/// The terminals in both `a` and `b`, in increasing order.
pub(crate) fn members_of_both<'a>(a: &'a [u64], b: &'a [u64]) -> impl Iterator<Item = usize> + 'a {
    a.iter()
        .zip(b)
        .enumerate()
        .flat_map(|(word, (&x, &y))| ones(word, x & y))
}

/// The terminals of one word (`word`, its index in the mask) of a mask.
pub(crate) fn ones(word: usize, mut bits: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let z = word * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            z
        })
    })
}

impl TreeBayesianGame {
    /// Number of players.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// Number of type profiles.
    pub fn type_profiles(&self) -> usize {
        self.types.iter().map(Vec::len).product()
    }

    /// Types per player.
    pub fn type_sizes(&self) -> Vec<usize> {
        self.types.iter().map(Vec::len).collect()
    }

    /// Plans per player.
    pub fn plan_sizes(&self) -> Vec<usize> {
        self.plans.iter().map(Vec::len).collect()
    }

    /// Player `i`'s payoff at terminal `z` when the types are `t`.
    pub(crate) fn value(&self, i: usize, z: usize, t: &[usize]) -> f64 {
        let term = &self.terminals[z];
        term.constant[i]
            + (0..self.num_players())
                .map(|j| term.slopes[i][j] * self.types[j][t[j]])
                .sum::<f64>()
    }

    /// The true probability of type profile `t`.
    pub(crate) fn prior_of(&self, t: &[usize]) -> f64 {
        t.iter()
            .enumerate()
            .map(|(j, &a)| self.prior[j][a])
            .product()
    }

    /// Player `i`'s belief in the others' types of `t`.
    pub(crate) fn belief_of(&self, i: usize, t: &[usize]) -> f64 {
        t.iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(j, &a)| self.beliefs[i][j][a])
            .product()
    }

    /// Checks sizes, distributions and that every plan's choices fit.
    pub fn check(&self) -> Result<(), SolveError> {
        let bad = |reason: String| SolveError::Unsupported {
            method: "mediator",
            reason,
            suggestion: "a tree Bayesian game with consistent sizes and priors summing to one",
        };
        let n = self.num_players();
        if n == 0
            || [
                self.types.len(),
                self.prior.len(),
                self.beliefs.len(),
                self.infosets.len(),
                self.plans.len(),
                self.plan_labels.len(),
            ]
            .iter()
            .any(|&l| l != n)
        {
            return Err(bad("every list must have one entry per player".into()));
        }
        let distribution = |d: &[f64], len: usize| {
            d.len() == len
                && d.iter().all(|&x| x >= 0.0 && x.is_finite())
                && (d.iter().sum::<f64>() - 1.0).abs() < 1e-9
        };
        for i in 0..n {
            if self.types[i].is_empty() || self.plans[i].is_empty() {
                return Err(bad(format!(
                    "player {} has no types or no plans",
                    self.players[i]
                )));
            }
            if !distribution(&self.prior[i], self.types[i].len())
                || self.beliefs[i].len() != n
                || (0..n)
                    .filter(|&j| j != i)
                    .any(|j| !distribution(&self.beliefs[i][j], self.types[j].len()))
            {
                return Err(bad(format!(
                    "a prior or belief of {} is not a distribution over the types",
                    self.players[i]
                )));
            }
            for plan in &self.plans[i] {
                if plan.len() != self.infosets[i].len()
                    || plan
                        .iter()
                        .zip(&self.infosets[i])
                        .any(|(c, h)| c.is_some_and(|a| a >= h.actions))
                {
                    return Err(bad(format!(
                        "a plan of {} does not fit its sets",
                        self.players[i]
                    )));
                }
            }
        }
        for z in &self.terminals {
            let ok = z.seen.len() == n
                && z.constant.len() == n
                && z.slopes.len() == n
                && z.slopes.iter().all(|s| s.len() == n)
                && z.moves.len() == n
                && z.moves.iter().enumerate().all(|(i, m)| {
                    m.iter().all(|&(h, a)| {
                        h < self.infosets[i].len() && a < self.infosets[i][h].actions
                    })
                });
            let finite = std::iter::once(z.prob)
                .chain(z.seen.iter().copied())
                .chain(std::iter::once(z.objective))
                .chain(z.constant.iter().copied())
                .chain(z.slopes.iter().flatten().copied())
                .all(f64::is_finite);
            if !ok || !finite {
                return Err(bad(
                    "a terminal does not fit the players or is not finite".into()
                ));
            }
            // The program shifts payoffs to be non-negative, which a
            // negative weight of chance would undo.
            if z.prob < 0.0 || z.seen.iter().any(|&x| x < 0.0) {
                return Err(bad("a terminal's probability of chance is negative".into()));
            }
        }
        Ok(())
    }

    pub(crate) fn prepare(&self) -> Result<Prepared, SolveError> {
        self.check()?;
        let n = self.num_players();
        let words = self.terminals.len().div_ceil(64).max(1);
        let mut consistent = Vec::with_capacity(n);
        let mut last_seq = Vec::with_capacity(n);
        let mut seq_start = Vec::with_capacity(n);
        let mut seqs = Vec::with_capacity(n);
        let mut order = Vec::with_capacity(n);
        let mut index = Vec::with_capacity(n);
        let mut group_of = Vec::with_capacity(n);
        let mut plan_groups = Vec::with_capacity(n);
        for i in 0..n {
            let sets = &self.infosets[i];
            let mut start = Vec::with_capacity(sets.len());
            let mut total = 0;
            for h in sets {
                start.push(total);
                total += h.actions;
            }
            let mut masks = vec![vec![0u64; words]; self.plans[i].len()];
            for (r, plan) in self.plans[i].iter().enumerate() {
                for (z, term) in self.terminals.iter().enumerate() {
                    if term.moves[i].iter().all(|&(h, a)| plan[h] == Some(a)) {
                        masks[r][z / 64] |= 1 << (z % 64);
                    }
                }
            }
            let last = self
                .terminals
                .iter()
                .map(|t| t.moves[i].last().map_or(usize::MAX, |&(h, a)| start[h] + a))
                .collect();
            // Depth by the chain of own previous moves; a cycle would mean the
            // sets were not given with perfect recall.
            let mut depth = vec![0usize; sets.len()];
            for (k, d) in depth.iter_mut().enumerate() {
                let mut at = k;
                while let Some((p, _)) = sets[at].parent {
                    *d += 1;
                    at = p;
                    if *d > sets.len() {
                        return Err(SolveError::Unsupported {
                            method: "mediator",
                            reason: "a player's own previous moves form a cycle".into(),
                            suggestion: "a game with perfect recall",
                        });
                    }
                }
            }
            let mut by_depth: Vec<usize> = (0..sets.len()).collect();
            by_depth.sort_by_key(|&k| std::cmp::Reverse(depth[k]));
            let map = self.plans[i]
                .iter()
                .enumerate()
                .map(|(r, c)| (c.clone(), r))
                .collect();
            let mut groups: HashMap<&[(usize, usize)], usize> = HashMap::new();
            let member: Vec<usize> = self
                .terminals
                .iter()
                .map(|t| {
                    let next = groups.len();
                    *groups.entry(t.moves[i].as_slice()).or_insert(next)
                })
                .collect();
            let mut first = vec![usize::MAX; groups.len()];
            for (z, &g) in member.iter().enumerate().rev() {
                first[g] = z;
            }
            plan_groups.push(
                masks
                    .iter()
                    .map(|m| {
                        (0..first.len() as u32)
                            .filter(|&g| has(m, first[g as usize]))
                            .collect()
                    })
                    .collect(),
            );
            group_of.push(member);
            consistent.push(masks);
            last_seq.push(last);
            seq_start.push(start);
            seqs.push(total);
            order.push(by_depth);
            index.push(map);
        }
        Ok(Prepared {
            consistent,
            last_seq,
            seq_start,
            seqs,
            order,
            index,
            parents: self
                .infosets
                .iter()
                .map(|sets| sets.iter().map(|h| h.parent).collect())
                .collect(),
            group_of,
            plan_groups,
        })
    }

    /// The strategic-form [`BayesianGame`] of a small tree game (every cell
    /// tabulated), for checking the tree methods against the tabulated ones.
    pub fn to_bayesian(&self) -> Result<BayesianGame, SolveError> {
        let prep = self.prepare()?;
        let n = self.num_players();
        let exact = |x: f64| {
            Rational::from_f64(x).ok_or_else(|| SolveError::Numerical {
                method: "mediator",
                reason: format!("{x} is not finite"),
            })
        };
        let tsizes = self.type_sizes();
        let psizes = self.plan_sizes();
        let (_, nt) = strides(&tsizes);
        let (_, nr) = strides(&psizes);
        let mut payoffs = Vec::with_capacity(nt * nr * n);
        let mut objective = Vec::with_capacity(nt * nr);
        for t in 0..nt {
            let tv = decode(t, &tsizes);
            for r in 0..nr {
                let rv = decode(r, &psizes);
                let reached = |z: usize| (0..n).all(|j| has(&prep.consistent[j][rv[j]], z));
                for i in 0..n {
                    let u: f64 = (0..self.terminals.len())
                        .filter(|&z| reached(z))
                        .map(|z| self.terminals[z].seen[i] * self.value(i, z, &tv))
                        .sum();
                    payoffs.push(exact(u)?);
                }
                let w: f64 = (0..self.terminals.len())
                    .filter(|&z| reached(z))
                    .map(|z| self.terminals[z].prob * self.terminals[z].objective)
                    .sum();
                objective.push(exact(w)?);
            }
        }
        let rational = |d: &[f64]| d.iter().map(|&x| exact(x)).collect::<Result<Vec<_>, _>>();
        Ok(BayesianGame {
            players: self.players.clone(),
            types: tsizes
                .iter()
                .map(|&k| (0..k).map(|a| format!("{}", a + 1)).collect())
                .collect(),
            prior: self
                .prior
                .iter()
                .map(|d| rational(d))
                .collect::<Result<_, _>>()?,
            beliefs: self
                .beliefs
                .iter()
                .map(|b| b.iter().map(|d| rational(d)).collect::<Result<_, _>>())
                .collect::<Result<_, _>>()?,
            plans: self.plan_labels.clone(),
            payoffs,
            objective,
        })
    }
}

impl Prepared {
    /// Player `i`'s best plan against terminal weights `w` (the value of a
    /// plan is the sum of `w` over the terminals it is consistent with):
    /// the largest when `maximise`, else the smallest. Backward induction
    /// over the player's sets: a set's value is the best over its actions of
    /// the weight ending there plus the values of the sets that follow.
    pub(crate) fn best_plan(
        &self,
        i: usize,
        w: &[f64],
        maximise: bool,
        scratch: &mut Vec<f64>,
    ) -> (f64, Vec<Option<usize>>) {
        scratch.clear();
        scratch.resize(self.seqs[i], 0.0);
        let mut root = 0.0;
        for (z, &x) in w.iter().enumerate() {
            match self.last_seq[i][z] {
                usize::MAX => root += x,
                s => scratch[s] += x,
            }
        }
        let start = &self.seq_start[i];
        let better = |a: f64, b: f64| if maximise { a > b } else { a < b };
        let actions = |k: usize| {
            let end = start.get(k + 1).copied().unwrap_or(self.seqs[i]);
            start[k]..end
        };
        let mut choice: Vec<Option<usize>> = vec![None; start.len()];
        // Values flow to the parent sequences, deepest first, so a set's own
        // value already holds its followers when it is read.
        for &k in &self.order[i] {
            let range = actions(k);
            let mut best = (scratch[range.start], 0);
            for (a, s) in range.clone().enumerate().skip(1) {
                if better(scratch[s], best.0) {
                    best = (scratch[s], a);
                }
            }
            choice[k] = Some(best.1);
            match self.parent(i, k) {
                Some(s) => scratch[s] += best.0,
                None => root += best.0,
            }
        }
        // Sets the chosen moves never reach are `None` in a reduced plan.
        let mut plan = vec![None; start.len()];
        let mut reached = vec![false; start.len()];
        for &k in self.order[i].iter().rev() {
            let on = match self.parent_set(i, k) {
                None => true,
                Some((p, a)) => reached[p] && plan[p] == Some(a),
            };
            if on {
                reached[k] = true;
                plan[k] = choice[k];
            }
        }
        (root, plan)
    }

    /// Every plan's value of player `i` against terminal weights `w` (the
    /// sum of `w` over the terminals it is consistent with), into `values`
    /// by plan: the weights are summed by group of terminals with the same
    /// own moves, then each plan adds its groups, a few per plan instead of
    /// every terminal it leads to.
    pub(crate) fn plan_values(
        &self,
        i: usize,
        w: &[f64],
        group_sums: &mut Vec<f64>,
        values: &mut Vec<f64>,
    ) {
        group_sums.clear();
        group_sums.resize(w.len(), 0.0);
        for (&g, &x) in self.group_of[i].iter().zip(w) {
            group_sums[g] += x;
        }
        values.clear();
        values.extend(
            self.plan_groups[i]
                .iter()
                .map(|gs| gs.iter().map(|&g| group_sums[g as usize]).sum::<f64>()),
        );
    }

    fn parent(&self, i: usize, k: usize) -> Option<usize> {
        self.parent_set(i, k).map(|(p, a)| self.seq_start[i][p] + a)
    }

    fn parent_set(&self, i: usize, k: usize) -> Option<(usize, usize)> {
        self.parents[i][k]
    }

    /// The index of a reduced plan from its choices.
    pub(crate) fn plan_index(&self, i: usize, plan: &[Option<usize>]) -> Result<usize, SolveError> {
        self.index[i]
            .get(plan)
            .copied()
            .ok_or_else(|| SolveError::Numerical {
                method: "mediator",
                reason: format!(
                    "a best plan of player {} is not among its reduced plans",
                    i + 1
                ),
            })
    }
}
