//! An independent oracle for the crisis solver: games whose terminal payoffs
//! carry private continuous shocks, solved in cut-point strategies by a
//! different method on a different representation (its own tree, its own
//! distributions, Newton on the best-response map of conditional action
//! probabilities, where the crisis solver iterates on cut-points and
//! behaviour of the compiled extensive form). It solves the same
//! equilibrium concept, a perfect Bayesian equilibrium in cut-point
//! strategies, for the games where every move is observed: the
//! `shocks_oracle` test compiles such crisis games to both and compares.
//!
//! # The model
//! A [`ShockGame`] is a tree in which every move is observed (decision and
//! chance nodes), and each player `i` privately knows one real shock `e_i`,
//! drawn independently from a known distribution ([`Shock`]) before play. A
//! terminal node pays player `i` the amount `payoffs[i] + loadings[i] * e_i`: a
//! loading of 1 on "war" and 0 elsewhere models a privately known cost or
//! value of fighting; several outcomes may load the same shock.
//!
//! # Strategies and equilibrium
//! Others see only the moves, so what matters to them about player `i` is the
//! probability of each action at each of `i`'s nodes given the history, here
//! `q(n, a)`. Given everybody's `q`, a type `e_i` values each node by backward
//! induction; every such value is a convex piecewise-linear function of
//! `e_i`, so each type's best action at a node is constant on intervals of
//! `e_i` (cut-points; with one loaded action and two choices, one cut-point:
//! choose it iff `e_i` is above a threshold, a probability `1 - F(threshold)`,
//! the distribution evaluated at an expected-utility difference). The types
//! that reach a node are those whose earlier own choices lead there, so
//! `q(n, a)` is the measure of the types reaching `n` that choose `a`, over the
//! measure of the types reaching `n` (Bayes' rule). At a node no type reaches,
//! `q` is what the types would do there (the measure of all types choosing
//! each action), so that others' beliefs off the path stay defined.
//!
//! An equilibrium is a fixed point `q = BR(q)`, found by Newton's method on
//! `BR(q) - q` (with a damped fixed-point iteration as fallback); the returned
//! residual says how exactly it holds.

use brink_game::SolveError;
use nalgebra::{DMatrix, DVector};
use statrs::distribution::{ContinuousCDF, Normal};

/// The distribution of a player's shock (mean zero).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shock {
    /// Normal with this standard deviation.
    Normal(f64),
    /// Logistic with this scale (standard deviation `scale * pi / sqrt 3`).
    Logistic(f64),
    /// Uniform on `[-half_width, half_width]`.
    Uniform(f64),
}

impl Shock {
    /// The cumulative distribution function.
    pub fn cdf(&self, x: f64) -> f64 {
        if x == f64::INFINITY {
            return 1.0;
        }
        if x == f64::NEG_INFINITY {
            return 0.0;
        }
        match *self {
            Shock::Normal(sd) => Normal::new(0.0, sd).map_or(f64::NAN, |d| d.cdf(x)),
            Shock::Logistic(s) => 1.0 / (1.0 + (-x / s).exp()),
            Shock::Uniform(w) => ((x + w) / (2.0 * w)).clamp(0.0, 1.0),
        }
    }

    fn valid(&self) -> bool {
        let p = match *self {
            Shock::Normal(p) | Shock::Logistic(p) | Shock::Uniform(p) => p,
        };
        p > 0.0 && p.is_finite()
    }
}

/// A node of a [`ShockGame`]; children are indices into [`ShockGame::nodes`].
#[derive(Clone, Debug, PartialEq)]
pub enum ShockNode {
    /// A player chooses among labelled actions.
    Decision {
        /// The mover.
        player: usize,
        /// `(action label, child)`.
        actions: Vec<(String, usize)>,
    },
    /// Nature chooses with fixed probabilities.
    Chance {
        /// `(action label, probability, child)`.
        actions: Vec<(String, f64, usize)>,
    },
    /// The end: player `i` gets `payoffs[i] + loadings[i] * e_i`.
    Terminal {
        /// The outcome's name.
        label: String,
        /// Payoffs without shocks.
        payoffs: Vec<f64>,
        /// How much each player's shock adds to their payoff here.
        loadings: Vec<f64>,
    },
}

/// A game tree with observed moves and private payoff shocks; node 0 is the root.
#[derive(Clone, Debug, PartialEq)]
pub struct ShockGame {
    /// Player names.
    pub players: Vec<String>,
    /// Each player's shock distribution.
    pub shocks: Vec<Shock>,
    /// The nodes; every node but the root is the child of exactly one node.
    pub nodes: Vec<ShockNode>,
}

/// Options of [`solve_shocks`].
#[derive(Clone, Debug, PartialEq)]
pub struct ShockOptions {
    /// Stop when no conditional probability moves by more than this.
    pub tolerance: f64,
    /// Most Newton iterations before the fallback iteration.
    pub max_iterations: usize,
}

impl Default for ShockOptions {
    fn default() -> Self {
        ShockOptions {
            tolerance: 1e-12,
            max_iterations: 100,
        }
    }
}

/// An equilibrium in cut-point strategies.
#[derive(Clone, Debug, PartialEq)]
pub struct ShockSolution {
    /// Per node: the probability of each action given that the node is
    /// reached (decision and chance nodes; empty at terminal nodes).
    pub probs: Vec<Vec<f64>>,
    /// Per node: the probability that play reaches it.
    pub reach: Vec<f64>,
    /// Per decision node and action: the intervals `(lo, hi)` of the mover's
    /// shock on which that action is chosen there (possibly infinite ends).
    pub choice_sets: Vec<Vec<Vec<(f64, f64)>>>,
    /// `max |BR(q) - q|` at the returned `q`.
    pub residual: f64,
}

impl ShockSolution {
    /// Probability of ending at each terminal node with this label.
    pub fn outcome_prob(&self, game: &ShockGame, label: &str) -> f64 {
        game.nodes
            .iter()
            .zip(&self.reach)
            .filter(|(n, _)| matches!(n, ShockNode::Terminal { label: l, .. } if l == label))
            .map(|(_, r)| r)
            .sum()
    }
}

/// A piecewise-linear function of one shock: `lines[k]` holds on
/// `[cuts[k-1], cuts[k])` (open ends at the infinities).
#[derive(Clone, Debug)]
struct Pl {
    cuts: Vec<f64>,
    lines: Vec<(f64, f64)>,
}

impl Pl {
    fn line(slope: f64, intercept: f64) -> Pl {
        Pl {
            cuts: Vec::new(),
            lines: vec![(slope, intercept)],
        }
    }

    fn at_piece(&self, x: f64) -> (f64, f64) {
        let k = self.cuts.partition_point(|&c| c <= x);
        self.lines[k]
    }

    /// `sum_k w_k f_k`.
    fn combine(parts: &[(f64, &Pl)]) -> Pl {
        let mut cuts: Vec<f64> = parts
            .iter()
            .flat_map(|(_, f)| f.cuts.iter().copied())
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let lines = piece_points(&cuts)
            .map(|x| {
                parts.iter().fold((0.0, 0.0), |(s, i), (w, f)| {
                    let (a, b) = f.at_piece(x);
                    (s + w * a, i + w * b)
                })
            })
            .collect();
        Pl { cuts, lines }
    }

    /// The upper envelope of `fs` and, on each of its pieces, which `f` attains it.
    fn envelope(fs: &[Pl]) -> (Pl, Vec<usize>) {
        let mut grid: Vec<f64> = fs.iter().flat_map(|f| f.cuts.iter().copied()).collect();
        grid.sort_by(f64::total_cmp);
        grid.dedup();
        let mut cuts = Vec::new();
        let mut lines = Vec::new();
        let mut owners: Vec<usize> = Vec::new();
        let bounds: Vec<f64> = std::iter::once(f64::NEG_INFINITY)
            .chain(grid.iter().copied())
            .chain(std::iter::once(f64::INFINITY))
            .collect();
        for w in bounds.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            let mid = if lo.is_finite() && hi.is_finite() {
                0.5 * (lo + hi)
            } else if lo.is_finite() {
                lo + 1.0
            } else if hi.is_finite() {
                hi - 1.0
            } else {
                0.0
            };
            let ls: Vec<(f64, f64)> = fs.iter().map(|f| f.at_piece(mid)).collect();
            // Start at the left end: the best line there (steepest descent for -inf).
            let mut x = lo;
            let mut cur = best_at(&ls, x);
            loop {
                if owners.last() != Some(&cur) || lines.last() != Some(&ls[cur]) {
                    if !owners.is_empty() {
                        cuts.push(x);
                    }
                    owners.push(cur);
                    lines.push(ls[cur]);
                }
                // The next line to overtake `cur` within (x, hi).
                let (s0, i0) = ls[cur];
                let mut next: Option<(f64, usize)> = None;
                for (k, &(s, i)) in ls.iter().enumerate() {
                    if s > s0 {
                        let cross = (i0 - i) / (s - s0);
                        if cross > x && cross < hi && next.is_none_or(|(c, _)| cross < c) {
                            next = Some((cross, k));
                        }
                    }
                }
                match next {
                    Some((c, _)) => {
                        x = c;
                        cur = best_at(&ls, x + 1e-12 * (1.0 + x.abs()));
                    }
                    None => break,
                }
            }
        }
        (Pl { cuts, lines }, owners)
    }
}

/// One point inside each piece of a function with these cuts.
fn piece_points(cuts: &[f64]) -> impl Iterator<Item = f64> + '_ {
    (0..=cuts.len()).map(
        move |k| match (k.checked_sub(1).map(|j| cuts[j]), cuts.get(k)) {
            (None, None) => 0.0,
            (None, Some(&h)) => h - 1.0,
            (Some(l), None) => l + 1.0,
            (Some(l), Some(&h)) => 0.5 * (l + h),
        },
    )
}

/// The line highest at `x` (ties: steeper wins, as it leads to the right).
fn best_at(ls: &[(f64, f64)], x: f64) -> usize {
    let val = |k: usize| {
        let (s, i) = ls[k];
        if x.is_infinite() {
            // Far left the flattest line is highest, far right the steepest.
            (s * x.signum(), i)
        } else {
            (s * x + i, s)
        }
    };
    (1..ls.len()).fold(0, |b, k| {
        if val(k).partial_cmp(&val(b)) == Some(std::cmp::Ordering::Greater) {
            k
        } else {
            b
        }
    })
}

/// Intervals as sorted disjoint `(lo, hi)` pairs.
type Set = Vec<(f64, f64)>;

fn intersect(a: &Set, b: &Set) -> Set {
    let mut out = Vec::new();
    for &(l1, h1) in a {
        for &(l2, h2) in b {
            let (l, h) = (l1.max(l2), h1.min(h2));
            if l < h {
                out.push((l, h));
            }
        }
    }
    out
}

fn measure(d: &Shock, s: &Set) -> f64 {
    s.iter().map(|&(l, h)| d.cdf(h) - d.cdf(l)).sum()
}

fn validate(game: &ShockGame) -> Result<Vec<Option<usize>>, SolveError> {
    let bad = |reason: String| {
        Err(SolveError::Unsupported {
            method: "shocks",
            reason,
            suggestion: "a well-formed shock game",
        })
    };
    let np = game.players.len();
    if game.shocks.len() != np {
        return bad(format!(
            "{} players but {} shock distributions",
            np,
            game.shocks.len()
        ));
    }
    if let Some(s) = game.shocks.iter().find(|s| !s.valid()) {
        return bad(format!(
            "shock distribution {s:?} needs a positive finite scale"
        ));
    }
    if game.nodes.is_empty() {
        return bad("the game has no nodes".into());
    }
    let mut parent = vec![None; game.nodes.len()];
    for (i, n) in game.nodes.iter().enumerate() {
        let kids: Vec<usize> = match n {
            ShockNode::Decision { player, actions } => {
                if *player >= np || actions.is_empty() {
                    return bad(format!("node {i}: no such player or no actions"));
                }
                actions.iter().map(|a| a.1).collect()
            }
            ShockNode::Chance { actions } => {
                let total: f64 = actions.iter().map(|a| a.1).sum();
                if actions.iter().any(|a| a.1.is_nan() || a.1 < 0.0) || (total - 1.0).abs() > 1e-9 {
                    return bad(format!(
                        "node {i}: chance probabilities must be non-negative and sum to 1"
                    ));
                }
                actions.iter().map(|a| a.2).collect()
            }
            ShockNode::Terminal {
                payoffs, loadings, ..
            } => {
                if payoffs.len() != np
                    || loadings.len() != np
                    || payoffs.iter().chain(loadings).any(|x| !x.is_finite())
                {
                    return bad(format!("node {i}: needs {np} finite payoffs and loadings"));
                }
                Vec::new()
            }
        };
        for c in kids {
            if c <= i || c >= game.nodes.len() || parent[c].is_some() {
                return bad(format!(
                    "node {i}: child {c} must be a later node with no other parent"
                ));
            }
            parent[c] = Some(i);
        }
    }
    if let Some(orphan) = (1..game.nodes.len()).find(|&i| parent[i].is_none()) {
        return bad(format!("node {orphan} is not reachable from the root"));
    }
    Ok(parent)
}

/// Decision-node action slots: `offset[node]` into the flat `q` vector.
fn layout(game: &ShockGame) -> (Vec<usize>, usize) {
    let mut off = vec![usize::MAX; game.nodes.len()];
    let mut k = 0;
    for (i, n) in game.nodes.iter().enumerate() {
        if let ShockNode::Decision { actions, .. } = n {
            off[i] = k;
            k += actions.len();
        }
    }
    (off, k)
}

/// Every player's best response to `q`: the new `q` and the choice sets.
fn best_response(
    game: &ShockGame,
    parent: &[Option<usize>],
    off: &[usize],
    q: &[f64],
) -> (Vec<f64>, Vec<Vec<Set>>) {
    let nn = game.nodes.len();
    let mut out = q.to_vec();
    let mut sets: Vec<Vec<Set>> = vec![Vec::new(); nn];
    for (pl, dist) in game.shocks.iter().enumerate() {
        // Values of each node to player `pl`, bottom-up.
        let mut value: Vec<Option<Pl>> = vec![None; nn];
        let mut choice: Vec<Vec<Set>> = vec![Vec::new(); nn];
        for i in (0..nn).rev() {
            let v = match &game.nodes[i] {
                ShockNode::Terminal {
                    payoffs, loadings, ..
                } => Pl::line(loadings[pl], payoffs[pl]),
                ShockNode::Chance { actions } => {
                    let parts: Vec<(f64, &Pl)> = actions
                        .iter()
                        .map(|a| (a.1, value[a.2].as_ref().expect("child first")))
                        .collect();
                    Pl::combine(&parts)
                }
                ShockNode::Decision { player, actions } if *player != pl => {
                    let parts: Vec<(f64, &Pl)> = actions
                        .iter()
                        .enumerate()
                        .map(|(a, x)| (q[off[i] + a], value[x.1].as_ref().expect("child first")))
                        .collect();
                    Pl::combine(&parts)
                }
                ShockNode::Decision { actions, .. } => {
                    let fs: Vec<Pl> = actions
                        .iter()
                        .map(|x| value[x.1].clone().expect("child first"))
                        .collect();
                    let (env, owners) = Pl::envelope(&fs);
                    let mut per: Vec<Set> = vec![Vec::new(); actions.len()];
                    let bounds: Vec<f64> = std::iter::once(f64::NEG_INFINITY)
                        .chain(env.cuts.iter().copied())
                        .chain(std::iter::once(f64::INFINITY))
                        .collect();
                    for (k, &o) in owners.iter().enumerate() {
                        match per[o].last_mut() {
                            Some(last) if last.1 == bounds[k] => last.1 = bounds[k + 1],
                            _ => per[o].push((bounds[k], bounds[k + 1])),
                        }
                    }
                    choice[i] = per;
                    env
                }
            };
            value[i] = Some(v);
        }
        // Types reaching each node, top-down; then Bayes' rule at own nodes.
        let mut reach_set: Vec<Set> = vec![Vec::new(); nn];
        reach_set[0] = vec![(f64::NEG_INFINITY, f64::INFINITY)];
        for i in 1..nn {
            let p = parent[i].expect("validated");
            reach_set[i] = match &game.nodes[p] {
                ShockNode::Decision { player, actions } if *player == pl => {
                    let a = actions
                        .iter()
                        .position(|x| x.1 == i)
                        .expect("child of its parent");
                    intersect(&reach_set[p], &choice[p][a])
                }
                _ => reach_set[p].clone(),
            };
        }
        for i in 0..nn {
            let ShockNode::Decision { player, actions } = &game.nodes[i] else {
                continue;
            };
            if *player != pl {
                continue;
            }
            let total = measure(dist, &reach_set[i]);
            for a in 0..actions.len() {
                out[off[i] + a] = if total > 1e-300 {
                    measure(dist, &intersect(&reach_set[i], &choice[i][a])) / total
                } else {
                    measure(dist, &choice[i][a])
                };
            }
            sets[i] = std::mem::take(&mut choice[i]);
        }
    }
    (out, sets)
}

/// Solves a [`ShockGame`] for an equilibrium in cut-point strategies.
pub fn solve_shocks(game: &ShockGame, opts: &ShockOptions) -> Result<ShockSolution, SolveError> {
    let parent = validate(game)?;
    let (off, k) = layout(game);
    let mut q: Vec<f64> = vec![0.0; k];
    for (i, n) in game.nodes.iter().enumerate() {
        if let ShockNode::Decision { actions, .. } = n {
            for a in 0..actions.len() {
                q[off[i] + a] = 1.0 / actions.len() as f64;
            }
        }
    }
    let resid = |q: &[f64]| -> (Vec<f64>, f64) {
        let (b, _) = best_response(game, &parent, &off, q);
        let g: Vec<f64> = b.iter().zip(q).map(|(x, y)| x - y).collect();
        let n = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        (g, n)
    };
    let (mut g, mut norm) = resid(&q);
    let mut iter = 0;
    // Newton on BR(q) - q with a forward-difference Jacobian (the map is a
    // composition of distribution functions and piecewise-linear envelopes),
    // halving the step until the residual falls; damped iteration if stuck.
    while norm > opts.tolerance && iter < opts.max_iterations * 10 {
        iter += 1;
        let mut jac = DMatrix::zeros(k, k);
        let h = 1e-7;
        for c in 0..k {
            let mut qc = q.clone();
            qc[c] += h;
            let (gc, _) = resid(&qc);
            for r in 0..k {
                jac[(r, c)] = (gc[r] - g[r]) / h;
            }
        }
        let mut improved = false;
        if let Some(d) = newton_step(jac, &g) {
            let mut t = 1.0;
            for _ in 0..30 {
                let trial: Vec<f64> = q
                    .iter()
                    .zip(&d)
                    .map(|(x, y)| (x - t * y).clamp(0.0, 1.0))
                    .collect();
                let (gt, nt) = resid(&trial);
                if nt < norm {
                    q = trial;
                    g = gt;
                    norm = nt;
                    improved = true;
                    break;
                }
                t *= 0.5;
            }
        }
        if !improved {
            let trial: Vec<f64> = q.iter().zip(&g).map(|(x, y)| x + 0.5 * y).collect();
            let (gt, nt) = resid(&trial);
            q = trial;
            g = gt;
            norm = nt;
        }
    }
    if norm > opts.tolerance.max(1e-9) {
        return Err(SolveError::Numerical {
            method: "shocks",
            reason: format!("no fixed point found: residual {norm:.3e} after {iter} iterations"),
        });
    }
    let (_, choice_sets) = best_response(game, &parent, &off, &q);
    let mut probs = vec![Vec::new(); game.nodes.len()];
    let mut reach = vec![0.0; game.nodes.len()];
    reach[0] = 1.0;
    for (i, n) in game.nodes.iter().enumerate() {
        match n {
            ShockNode::Decision { actions, .. } => {
                probs[i] = (0..actions.len()).map(|a| q[off[i] + a]).collect();
                for (a, x) in actions.iter().enumerate() {
                    reach[x.1] = reach[i] * probs[i][a];
                }
            }
            ShockNode::Chance { actions } => {
                probs[i] = actions.iter().map(|a| a.1).collect();
                for a in actions {
                    reach[a.2] = reach[i] * a.1;
                }
            }
            ShockNode::Terminal { .. } => {}
        }
    }
    Ok(ShockSolution {
        probs,
        reach,
        choice_sets,
        residual: norm,
    })
}

/// The solution of `jac d = g`, or None where a pivot is below 1e-300 in
/// magnitude or the step is not finite (then the damped iteration takes over).
fn newton_step(jac: DMatrix<f64>, g: &[f64]) -> Option<Vec<f64>> {
    let lu = jac.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() < 1e-300) {
        return None;
    }
    let d = lu.solve(&DVector::from_column_slice(g))?;
    d.iter()
        .all(|x| x.is_finite())
        .then(|| d.as_slice().to_vec())
}

impl ShockGame {
    /// The audience-cost crisis of the QRE issue: player 1 keeps the status
    /// quo (0, 0) or challenges; player 2 concedes (1, 0) or resists; then 1
    /// fights (-0.5 + e1, -0.3 + e2) or backs down (-a, 0.5), with e1, e2
    /// independent standard normal shocks known only to their owner.
    pub fn audience_cost_crisis(a: f64) -> ShockGame {
        let d = |player, actions: Vec<(&str, usize)>| ShockNode::Decision {
            player,
            actions: actions
                .into_iter()
                .map(|(l, c)| (l.to_string(), c))
                .collect(),
        };
        let t = |label: &str, payoffs: Vec<f64>, loadings: Vec<f64>| ShockNode::Terminal {
            label: label.into(),
            payoffs,
            loadings,
        };
        ShockGame {
            players: vec!["1".into(), "2".into()],
            shocks: vec![Shock::Normal(1.0), Shock::Normal(1.0)],
            nodes: vec![
                d(0, vec![("status quo", 1), ("challenge", 2)]),
                t("status quo", vec![0.0, 0.0], vec![0.0, 0.0]),
                d(1, vec![("concede", 3), ("resist", 4)]),
                t("concede", vec![1.0, 0.0], vec![0.0, 0.0]),
                d(0, vec![("fight", 5), ("back down", 6)]),
                t("war", vec![-0.5, -0.3], vec![1.0, 1.0]),
                t("back down", vec![-a, 0.5], vec![0.0, 0.0]),
            ],
        }
    }
}

#[cfg(test)]
mod tests;
