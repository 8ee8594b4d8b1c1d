//! `efce`: extensive-form correlated equilibria (von Stengel and Forges
//! 2008) of perfect-recall trees, any number of players, chance allowed, by
//! linear programming over distributions on reduced pure-strategy profiles.
//!
//! # The concept
//!
//! A device draws a profile `c` of reduced pure strategies from a
//! distribution `p`. A player is not told its strategy up front: when play
//! reaches one of its information sets `I`, it is told the move `c_i(I)`
//! there, and nothing else. A player who does not follow a recommendation
//! gets no further ones. So the deviations to guard against are *trigger*
//! deviations: for player `i`, information set `I` of `i` and move `a` at
//! `I`, follow every recommendation until `I` is reached with `a`
//! recommended, then play some continuation strategy `tau` of `i` from `I`
//! on (including the move at `I`). `p` is an EFCE when no trigger deviation
//! gains:
//!
//! ```text
//!   sum over c with c_i(I) = a of p(c) (u_i(c_i <-I tau, c_-i) - u_i(c))  <=  0
//!   for every i, I, a and continuation tau,
//! ```
//!
//! where `c_i <-I tau` is `c_i` with its moves at `I` and the sets after
//! `I` replaced by `tau`'s. Profiles whose play does not reach `I` add zero
//! (the deviation changes nothing there), so this is the expected gain
//! conditional on reaching `I` with `a` recommended, times that event's
//! probability: the constraint is unconditional and linear in `p`. The
//! profiles with `c_i(I) = a` are those whose own moves reach `I` and take
//! `a` there, which the reduced strategy says (it is undefined exactly
//! where its own moves exclude `I`). Every correlated equilibrium of the
//! reduced strategic form is an EFCE (disobeying a whole recommended
//! strategy covers every trigger deviation), and so is every Nash
//! equilibrium; an EFCE need not be a correlated equilibrium, because a
//! player who knows only the move at `I` cannot condition a deviation on
//! the moves recommended later.
//!
//! # The program
//!
//! The number of continuations `tau` is exponential in the subtree; the
//! maximum over them is linearised by the sequence-form dual of the
//! player's best response below `I`. Write `U_i(z)` for `i`'s payoff at
//! leaf `z` (shifted to be non-negative: a constant added to every leaf
//! moves both sides of a constraint by the same amount, since following and
//! deviating reach `I` with the same probability), `pi_c(z)` for the chance
//! and other players' part of the probability of reaching `z` under `c`,
//! and `W(z) = sum over c with c_i(I) = a of p(c) pi_c(z) U_i(z)`. For every
//! information set `J` of `i` at or after `I`, an auxiliary `v_J >= 0` with
//!
//! ```text
//!   v_J  >=  sum over leaves z whose last move of i is (J, b) of W(z)
//!          + sum over sets J' whose own previous move is (J, b) of v_J'
//!   for every move b at J, and
//!   v_I  <=  sum over c with c_i(I) = a of p(c) (payoff of c on leaves below I).
//! ```
//!
//! The least `v_I` is the best continuation's value, so these rows hold
//! exactly when no trigger deviation at `(I, a)` gains; their number is
//! polynomial in the tree, given the distribution variables. The variables
//! `p` are one per reduced profile, so the program is exact for every game
//! (it is the definition) but exponential in the strategies: it is refused
//! above [`MAX_PROFILES`] profiles or [`MAX_PROGRAM_ENTRIES`] entries.
//!
//! As in [`crate::ce`], the program `min sum_c (t0 - value_c) p_c` over the
//! homogeneous rows above, `sum p >= 1` and `p, v >= 0` is solved through
//! its dual, a [`Packing`] with one row per profile (right-hand side
//! `t0 - value_c > 0`) and one per auxiliary (right-hand side zero), whose
//! optimal dual prices are `p` and `v`. The answer is then read back from
//! the tree, not from the tableau: its mass, and
//! [`CorrelatedEquilibrium::max_gain`] recomputed as the largest gain of any
//! single trigger deviation by a best response over each subtree, which is
//! exactly zero in rational arithmetic. In floating point the optimum is
//! not taken from the tableau either: the simplex's multipliers, repaired
//! to satisfy the auxiliaries' rows, bound it by weak duality, and a
//! distribution further than 1e-9 of the objective's range from that bound
//! is refused (the submodule `bound`, efce/bound.rs, gives the argument).

mod bound;

use crate::ce::{
    check_gap, shifted, tree_cell_values, CeSolution, CorrelatedEquilibrium, Objective,
};
use crate::lp::simplex::{maximise, maximise_exact, Packing};
use brink_game::reduced::{reduced_strategic_form_watched, ReducedForm};
use brink_game::{ExtensiveGame, Field, Game, NodeId, Owner, Rational, SolveError, Watch};
use num_traits::{One, Zero};

/// The most reduced pure-strategy profiles (distribution variables) the
/// program may have.
pub const MAX_PROFILES: usize = 100_000;

/// The most nonzero entries the program's rows may hold: past it the
/// tableau's fill-in outgrows memory long before the simplex finishes.
pub const MAX_PROGRAM_ENTRIES: usize = 4_000_000;

/// A leaf as the incentive constraints see it.
struct Leaf {
    /// The product of chance probabilities on its path.
    chance: Rational,
    /// Payoffs accumulated along its path.
    payoffs: Vec<Rational>,
    /// Per player, the moves on its path as (set position, action).
    moves: Vec<Vec<(usize, usize)>>,
}

/// One player's information sets, as a forest by the player's own previous
/// move (perfect recall makes it one).
struct Forest {
    /// `actions[k]`: number of moves at set `k`.
    actions: Vec<usize>,
    /// `children[k][b]`: the sets whose own previous move is `b` at `k`.
    children: Vec<Vec<Vec<usize>>>,
    /// `parent[k]`: the set's own previous move.
    parent: Vec<Option<(usize, usize)>>,
    /// `below[k]`: `k` and every set after it, parents first.
    below: Vec<Vec<usize>>,
    /// `slot[k][j]`: the position of set `j` in `below[k]`.
    slot: Vec<Vec<Option<usize>>>,
    /// `passes[k]`: the leaves whose path passes set `k`.
    passes: Vec<Vec<usize>>,
    /// `ending[k][b]`: the leaves whose last move of the player is `b` at `k`.
    ending: Vec<Vec<Vec<usize>>>,
}

/// What the program and its check need from the tree.
struct Structure {
    reduced: ReducedForm,
    leaves: Vec<Leaf>,
    forests: Vec<Forest>,
    /// `consistent[i][s][z]`: strategy `s` of player `i` takes every move of
    /// `i` on leaf `z`'s path.
    consistent: Vec<Vec<Vec<bool>>>,
    /// Strides of the profile index, first player fastest.
    strides: Vec<usize>,
}

impl Structure {
    fn new(tree: &ExtensiveGame, reduced: ReducedForm) -> Structure {
        let n = tree.num_players();
        // Position of each information set among its owner's.
        let mut position = vec![0usize; tree.infosets().len()];
        for i in 0..n {
            for (k, id) in tree.player_infosets(i).iter().enumerate() {
                position[id.index()] = k;
            }
        }
        let mut leaves = Vec::new();
        for index in 0..tree.num_nodes() {
            let node = NodeId(index as u32);
            if !tree.is_terminal(node) {
                continue;
            }
            let mut chance = <Rational as One>::one();
            let mut payoffs = vec![<Rational as Zero>::zero(); n];
            let mut moves = vec![Vec::new(); n];
            let mut at = node;
            loop {
                if let Some(o) = tree.node_outcome(at) {
                    for (total, x) in payoffs.iter_mut().zip(&tree.outcomes()[o.index()].payoffs) {
                        *total += x;
                    }
                }
                let Some(parent) = tree.parent(at) else { break };
                let action = tree.action_to(at).unwrap_or(0);
                let set = tree.node_infoset(parent).expect("a parent moves");
                let info = tree.infoset(set);
                match info.owner {
                    Owner::Chance => {
                        chance *= info.actions[action]
                            .prob
                            .clone()
                            .unwrap_or_else(<Rational as Zero>::zero)
                    }
                    Owner::Player(j) => moves[j].push((position[set.index()], action)),
                }
                at = parent;
            }
            for m in &mut moves {
                m.reverse();
            }
            leaves.push(Leaf {
                chance,
                payoffs,
                moves,
            });
        }
        let forests = (0..n)
            .map(|i| forest(tree, i, &position, &leaves))
            .collect();
        let consistent = (0..n)
            .map(|i| {
                reduced.choices[i]
                    .iter()
                    .map(|choice| {
                        leaves
                            .iter()
                            .map(|z| z.moves[i].iter().all(|&(k, a)| choice[k] == Some(a)))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let sizes: Vec<usize> = reduced.choices.iter().map(Vec::len).collect();
        let (strides, _) = crate::radix::strides(&sizes);
        Structure {
            reduced,
            leaves,
            forests,
            consistent,
            strides,
        }
    }

    fn strategy(&self, cell: usize, i: usize) -> usize {
        (cell / self.strides[i]) % self.reduced.choices[i].len()
    }

    /// Whether the players other than `i` all take the moves of leaf `z`
    /// under profile `cell`.
    fn others_reach(&self, cell: usize, i: usize, z: usize) -> bool {
        (0..self.forests.len())
            .filter(|&j| j != i)
            .all(|j| self.consistent[j][self.strategy(cell, j)][z])
    }
}

fn forest(tree: &ExtensiveGame, i: usize, position: &[usize], leaves: &[Leaf]) -> Forest {
    let sets = tree.player_infosets(i);
    let last = tree.last_moves(i);
    let actions: Vec<usize> = sets
        .iter()
        .map(|&s| tree.infoset(s).actions.len())
        .collect();
    let parent: Vec<Option<(usize, usize)>> = sets
        .iter()
        .map(|&s| last[tree.infoset(s).members[0].index()].map(|(j, b)| (position[j.index()], b)))
        .collect();
    let mut children: Vec<Vec<Vec<usize>>> = actions.iter().map(|&m| vec![Vec::new(); m]).collect();
    for (k, p) in parent.iter().enumerate() {
        if let Some((j, b)) = *p {
            children[j][b].push(k);
        }
    }
    let below: Vec<Vec<usize>> = (0..sets.len())
        .map(|k| {
            let mut order = Vec::new();
            let mut stack = vec![k];
            while let Some(j) = stack.pop() {
                order.push(j);
                for list in children[j].iter().rev() {
                    stack.extend(list.iter().rev());
                }
            }
            order
        })
        .collect();
    let slot = below
        .iter()
        .map(|list| {
            let mut s = vec![None; sets.len()];
            for (pos, &j) in list.iter().enumerate() {
                s[j] = Some(pos);
            }
            s
        })
        .collect();
    let mut passes = vec![Vec::new(); sets.len()];
    let mut ending: Vec<Vec<Vec<usize>>> = actions.iter().map(|&m| vec![Vec::new(); m]).collect();
    for (z, leaf) in leaves.iter().enumerate() {
        for &(k, _) in &leaf.moves[i] {
            passes[k].push(z);
        }
        if let Some(&(k, b)) = leaf.moves[i].last() {
            ending[k][b].push(z);
        }
    }
    Forest {
        actions,
        children,
        parent,
        below,
        slot,
        passes,
        ending,
    }
}

/// An optimal extensive-form correlated equilibrium of `tree`, exactly
/// unless `float`. Its `strategies` and `distribution` are over the reduced
/// strategic form, as [`crate::ce::ce`]'s are; its `max_gain` is the largest
/// gain of a single trigger deviation (see the module docs).
pub fn efce(game: &Game, objective: &Objective, float: bool) -> Result<CeSolution, SolveError> {
    efce_watched(game, objective, float, &Watch::quiet())
}

/// [`efce`], stopping with [`SolveError::Cancelled`] within one simplex
/// pivot once `watch` is cancelled.
pub fn efce_watched(
    game: &Game,
    objective: &Objective,
    float: bool,
    watch: &Watch,
) -> Result<CeSolution, SolveError> {
    let Game::Extensive(tree) = game else {
        return Err(SolveError::Unsupported {
            method: "efce",
            reason: "extensive-form correlated equilibria need a game tree, and this is a \
                     strategic game (on it they are the correlated equilibria)"
                .into(),
            suggestion: "ce",
        });
    };
    if let Err(e) = tree.check_perfect_recall() {
        return Err(SolveError::Unsupported {
            method: "efce",
            reason: format!(
                "the game lacks perfect recall (player {}, information set {}: {})",
                e.player, e.infoset, e.detail
            ),
            suggestion: "ce (on the reduced strategic form)",
        });
    }
    let Prepared {
        st,
        values,
        program,
        cells,
    } = prepare(tree, objective, watch)?;
    if float {
        let solution = maximise::<f64>("efce", &program, watch)?;
        let total: f64 = solution.duals[..cells].iter().sum();
        let p: Vec<f64> = solution.duals[..cells].iter().map(|x| x / total).collect();
        let gap = bound::optimality_gap(&program, &p, &solution.primal());
        check_gap("efce", gap, &values)?;
        Ok(CeSolution::Float(certify(&st, &p, &values)))
    } else {
        let p = maximise_exact("efce", &program, watch)?.duals;
        let total = p[..cells]
            .iter()
            .fold(<Rational as Zero>::zero(), |a, b| a + b);
        let eq = certify(&st, &p[..cells], &values);
        if !total.is_one() || !eq.max_gain.is_zero() {
            return Err(SolveError::Numerical {
                method: "efce",
                reason: format!(
                    "the exact optimum has mass {total} and a trigger deviation gaining {}",
                    eq.max_gain
                ),
            });
        }
        Ok(CeSolution::Exact(eq))
    }
}

/// A tree's program, with what reading its solution back needs.
struct Prepared {
    st: Structure,
    /// The objective per reduced profile, before the sign for minimising.
    values: Vec<Rational>,
    program: Packing,
    /// The number of profile rows (the distribution's variables).
    cells: usize,
}

fn prepare(
    tree: &ExtensiveGame,
    objective: &Objective,
    watch: &Watch,
) -> Result<Prepared, SolveError> {
    let reduced =
        reduced_strategic_form_watched(tree, MAX_PROFILES as u128, watch).map_err(|e| match e {
            SolveError::TooLarge { reason, .. } => SolveError::TooLarge {
                method: "efce",
                reason: format!("reduced strategic form: {reason}"),
            },
            other => other,
        })?;
    let values = tree_cell_values(tree, &reduced, objective);
    let st = Structure::new(tree, reduced);
    let (program, cells) = program(&st, &values, objective)?;
    Ok(Prepared {
        st,
        values,
        program,
        cells,
    })
}

/// Where a block's columns and auxiliary rows start: one block per
/// (player, set, recommended move).
struct Layout {
    /// `column[i][k][a]`: the block's first column (the `v_I` row's price);
    /// the best-response rows `(J, b)` follow at `1 + offsets[i][k][slot] + b`.
    column: Vec<Vec<Vec<usize>>>,
    /// `row[i][k][a]`: the block's first auxiliary row (`v_J` at `row + slot`).
    row: Vec<Vec<Vec<usize>>>,
    /// `offsets[i][k][slot]`: moves of the sets before `slot` in `below[k]`.
    offsets: Vec<Vec<Vec<usize>>>,
    /// `width[i][k]`: columns per block of set `k`.
    width: Vec<Vec<usize>>,
}

fn layout(st: &Structure, cells: usize) -> (Layout, usize, usize) {
    let mut column = Vec::new();
    let mut row = Vec::new();
    let mut offsets = Vec::new();
    let mut width = Vec::new();
    let (mut col, mut r) = (0, cells);
    for f in &st.forests {
        let mut ci = Vec::new();
        let mut ri = Vec::new();
        let mut oi = Vec::new();
        let mut wi = Vec::new();
        for k in 0..f.actions.len() {
            let mut off = Vec::with_capacity(f.below[k].len());
            let mut total = 0;
            for &j in &f.below[k] {
                off.push(total);
                total += f.actions[j];
            }
            let w = 1 + total;
            let mut ck = Vec::new();
            let mut rk = Vec::new();
            for _ in 0..f.actions[k] {
                ck.push(col);
                rk.push(r);
                col += w;
                r += f.below[k].len();
            }
            ci.push(ck);
            ri.push(rk);
            oi.push(off);
            wi.push(w);
        }
        column.push(ci);
        row.push(ri);
        offsets.push(oi);
        width.push(wi);
    }
    (
        Layout {
            column,
            row,
            offsets,
            width,
        },
        col,
        r,
    )
}

/// The dual program of the module docs, and the number of profile rows.
fn program(
    st: &Structure,
    values: &[Rational],
    objective: &Objective,
) -> Result<(Packing, usize), SolveError> {
    let n = st.forests.len();
    let cells = values.len();
    let (lay, w, rows_total) = layout(st, cells);
    // Entries before building: per profile, each reached set's block width.
    let mut entries: usize = cells.saturating_add(rows_total.saturating_mul(4));
    for i in 0..n {
        let per_strategy: usize = st.reduced.choices[i]
            .iter()
            .map(|choice| {
                choice
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_some())
                    .map(|(k, _)| lay.width[i][k])
                    .sum::<usize>()
            })
            .sum();
        let others = cells / st.reduced.choices[i].len().max(1);
        entries = entries.saturating_add(per_strategy.saturating_mul(others));
    }
    if entries > MAX_PROGRAM_ENTRIES {
        return Err(SolveError::TooLarge {
            method: "efce",
            reason: format!(
                "{cells} reduced profiles give about {entries} program entries, over the \
                 limit of {MAX_PROGRAM_ENTRIES}"
            ),
        });
    }
    // Each player's leaf payoffs shifted to be non-negative (module docs).
    let low: Vec<Rational> = (0..n)
        .map(|i| {
            st.leaves
                .iter()
                .map(|z| &z.payoffs[i])
                .min()
                .cloned()
                .unwrap_or_else(<Rational as Zero>::zero)
        })
        .collect();
    let weighted: Vec<Vec<Rational>> = (0..n)
        .map(|i| {
            st.leaves
                .iter()
                .map(|z| &z.chance * (&z.payoffs[i] - &low[i]))
                .collect()
        })
        .collect();
    let values = shifted(values, objective);
    let t0 = values
        .iter()
        .max()
        .cloned()
        .unwrap_or_else(<Rational as Zero>::zero)
        + <Rational as One>::one();
    let mut rows: Vec<Vec<(u32, Rational)>> = Vec::with_capacity(rows_total);
    let mut rhs: Vec<Rational> = Vec::with_capacity(rows_total);
    for (cell, value) in values.iter().enumerate() {
        let mut row: Vec<(u32, Rational)> = Vec::new();
        for (i, f) in st.forests.iter().enumerate() {
            let s = st.strategy(cell, i);
            let choice = &st.reduced.choices[i][s];
            // The leaf weights this profile gives player i's deviations.
            let reach: Vec<bool> = (0..st.leaves.len())
                .map(|z| st.others_reach(cell, i, z))
                .collect();
            for (k, a) in choice.iter().enumerate() {
                let Some(a) = *a else { continue };
                let base = lay.column[i][k][a];
                let follow = f.passes[k]
                    .iter()
                    .filter(|&&z| reach[z] && st.consistent[i][s][z])
                    .fold(<Rational as Zero>::zero(), |t, &z| t + &weighted[i][z]);
                if !follow.is_zero() {
                    row.push((base as u32, follow));
                }
                for (pos, &j) in f.below[k].iter().enumerate() {
                    for b in 0..f.actions[j] {
                        let coefficient = f.ending[j][b]
                            .iter()
                            .filter(|&&z| reach[z])
                            .fold(<Rational as Zero>::zero(), |t, &z| t + &weighted[i][z]);
                        if !coefficient.is_zero() {
                            let c = base + 1 + lay.offsets[i][k][pos] + b;
                            row.push((c as u32, -coefficient));
                        }
                    }
                }
            }
        }
        row.push((w as u32, <Rational as One>::one()));
        row.sort_by_key(|e| e.0);
        rows.push(row);
        rhs.push(&t0 - value);
    }
    // The auxiliaries' rows, block by block, in the layout's order.
    for (i, f) in st.forests.iter().enumerate() {
        for k in 0..f.actions.len() {
            for a in 0..f.actions[k] {
                let base = lay.column[i][k][a];
                debug_assert_eq!(rows.len(), lay.row[i][k][a]);
                for (pos, &j) in f.below[k].iter().enumerate() {
                    let mut row: Vec<(u32, Rational)> = Vec::new();
                    if pos == 0 {
                        row.push((base as u32, -<Rational as One>::one()));
                    } else {
                        let (parent, b) = f.parent[j].expect("a set after I has a parent");
                        let ppos = f.slot[k][parent].expect("its parent is at or after I");
                        let c = base + 1 + lay.offsets[i][k][ppos] + b;
                        row.push((c as u32, -<Rational as One>::one()));
                    }
                    for b in 0..f.actions[j] {
                        let c = base + 1 + lay.offsets[i][k][pos] + b;
                        row.push((c as u32, <Rational as One>::one()));
                    }
                    row.sort_by_key(|e| e.0);
                    rows.push(row);
                    rhs.push(<Rational as Zero>::zero());
                }
            }
        }
    }
    let mut objective = vec![<Rational as Zero>::zero(); w + 1];
    objective[w] = <Rational as One>::one();
    Ok((
        Packing {
            vars: w + 1,
            rows,
            rhs,
            objective,
        },
        cells,
    ))
}

/// Reads a distribution over reduced profiles back against the tree: the
/// support, payoffs, objective, and the largest gain of any trigger
/// deviation, each deviation's best continuation found by backward
/// induction over the player's sets below the trigger.
fn certify<T: Field>(st: &Structure, p: &[T], values: &[Rational]) -> CorrelatedEquilibrium<T> {
    let g = &st.reduced.game;
    let n = st.forests.len();
    let support: Vec<usize> = (0..p.len()).filter(|&c| !p[c].is_zero_value()).collect();
    let mut payoffs = vec![T::zero(); n];
    let mut objective = T::zero();
    let mut distribution = Vec::with_capacity(support.len());
    for &c in &support {
        for (i, total) in payoffs.iter_mut().enumerate() {
            *total = total.clone() + p[c].clone() * T::from_rational(&g.payoff(c, i));
        }
        objective = objective + p[c].clone() * T::from_rational(&values[c]);
        distribution.push((g.cell_profile(c), p[c].clone()));
    }
    let weighted: Vec<Vec<T>> = (0..n)
        .map(|i| {
            st.leaves
                .iter()
                .map(|z| T::from_rational(&(&z.chance * &z.payoffs[i])))
                .collect()
        })
        .collect();
    let mut max_gain = T::zero();
    for (i, f) in st.forests.iter().enumerate() {
        for k in 0..f.actions.len() {
            for a in 0..f.actions[k] {
                // W(z) on the leaves below k, and the value of following.
                let mut w = vec![T::zero(); st.leaves.len()];
                let mut follow = T::zero();
                let mut any = false;
                for &c in &support {
                    let s = st.strategy(c, i);
                    if st.reduced.choices[i][s][k] != Some(a) {
                        continue;
                    }
                    any = true;
                    for &z in &f.passes[k] {
                        if st.others_reach(c, i, z) {
                            let x = p[c].clone() * weighted[i][z].clone();
                            if st.consistent[i][s][z] {
                                follow = follow + x.clone();
                            }
                            w[z] = w[z].clone() + x;
                        }
                    }
                }
                if !any {
                    continue;
                }
                // Best continuation, children before parents.
                let below = &f.below[k];
                let mut best = vec![T::zero(); below.len()];
                for pos in (0..below.len()).rev() {
                    let j = below[pos];
                    let mut top: Option<T> = None;
                    for b in 0..f.actions[j] {
                        let mut v = f.ending[j][b]
                            .iter()
                            .fold(T::zero(), |t, &z| t + w[z].clone());
                        for &child in &f.children[j][b] {
                            let cp = f.slot[k][child].expect("a child is below k");
                            v = v + best[cp].clone();
                        }
                        if top.as_ref().is_none_or(|t| v > *t) {
                            top = Some(v);
                        }
                    }
                    best[pos] = top.unwrap_or_else(T::zero);
                }
                let gain = best[0].clone() - follow;
                if gain > max_gain {
                    max_gain = gain;
                }
            }
        }
    }
    CorrelatedEquilibrium {
        players: g.players.clone(),
        strategies: g.strategies.clone(),
        distribution,
        payoffs,
        max_gain,
        objective,
    }
}
