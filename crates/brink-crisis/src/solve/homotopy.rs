//! A logit homotopy for the games where best-response iteration cycles and
//! Newton's method from the regimes it visited does not settle.
//!
//! Every player answers with logit (quantal) responses at every information
//! set, `P(a) ∝ exp(Q(a) / tau)`, `Q` its conditional payoffs given the
//! beliefs there and its own smoothed continuation (the agent logit
//! equilibrium of McKelvey and Palfrey 1998); a typed player's distribution
//! is stood for by a grid of types of equal probability, each with its own
//! logit behaviour, aggregated as Kuhn's theorem says. At a large `tau` the smoothed responses move
//! little and damped iteration settles; `tau` then shrinks geometrically,
//! each stage starting from the last, so the iterate follows the branch of
//! logit equilibria towards its limit, an equilibrium of the game. Near the
//! limit the regime (the typed players' plans, the untyped players' mixes)
//! is read off the iterate and handed to Newton's method, whose answer the
//! regret check judges like any other.

use super::newton::{self, Regime};
use super::respond::{respond, PlayerData};
use super::sequential::{beliefs, subtree_line, Move};
use super::Damping;
use super::Piece;
use crate::compile::CompiledGame;

/// The largest game the homotopy is tried on: each of its iterations
/// evaluates the tree once per grid type of every typed player, which on the
/// founding crisis (about 1,000 nodes, four typed players) costs a minute
/// for the whole path.
pub(super) const MAX_NODES: usize = 300;

/// Stages of the homotopy: `tau` falls by [`SHRINK`] per stage from the
/// payoffs' scale, to a ten-billionth of it after [`STAGES`] stages.
const STAGES: usize = 34;
const SHRINK: f64 = 0.5;
/// Damped iterations per stage at most.
const PER_STAGE: usize = 40;
/// The stage from which Newton's method is tried on the regime read off.
const FIRST_POLISH: usize = 6;

/// Player `p`'s logit response at temperature `tau` (behaviour at each own
/// information set, by position), deepest information sets first so that
/// each conditional payoff uses the smoothed continuation.
fn logit_response(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    mu: &[Vec<f64>],
    p: usize,
    tau: f64,
    theta: f64,
) -> Vec<Vec<f64>> {
    let g = &cg.game;
    let mut probs = cg.seen_by(sigma, p).into_owned();
    let mut memo: Vec<Option<(f64, f64)>> = vec![None; g.num_nodes()];
    let mut stack = Vec::new();
    let mut out = vec![Vec::new(); d.infosets.len()];
    for &k in &d.order {
        let i = d.infosets[k];
        let info = g.infoset(i);
        let q: Vec<f64> = (0..info.actions.len())
            .map(|a| {
                info.members
                    .iter()
                    .zip(&mu[k])
                    .filter(|(_, w)| **w > 0.0)
                    .map(|(h, w)| {
                        let (x, y) =
                            subtree_line(cg, p, g.child(*h, a), &mut memo, &mut stack, |i| {
                                Move::Mixed(&probs[i.index()])
                            });
                        w * (x + y * theta)
                    })
                    .sum()
            })
            .collect();
        let top = q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = q.iter().map(|x| ((x - top) / tau).exp()).collect();
        let total: f64 = e.iter().sum();
        out[k] = e.iter().map(|x| x / total).collect();
        probs[i.index()] = out[k].clone();
    }
    out
}

/// Types standing for a typed player's distribution in the smoothed game:
/// the midpoints of [`GRID`] cells of equal probability.
const GRID: usize = 48;

fn type_grid(dist: crate::dist::Dist) -> Vec<f64> {
    (0..GRID)
        .map(|j| dist.quantile((j as f64 + 0.5) / GRID as f64))
        .collect()
}

/// A typed player's smoothed response: each grid type's logit behaviour,
/// and their aggregate at each own information set (types weighted by how
/// likely their own moves make it, Kuhn's aggregation of the smoothed game).
fn typed_logit_response(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    tau: f64,
    grid: &[f64],
) -> (Vec<Vec<f64>>, Vec<Vec<Vec<f64>>>) {
    let g = &cg.game;
    let mu = beliefs(cg, sigma, d, p);
    let per_type: Vec<Vec<Vec<f64>>> = grid
        .iter()
        .map(|&theta| logit_response(cg, d, sigma, &mu, p, tau, theta))
        .collect();
    let mut by_depth: Vec<usize> = (0..d.infosets.len()).collect();
    by_depth.sort_by_key(|&k| g.infoset(d.infosets[k]).members[0]);
    let mut aggregate = vec![Vec::new(); d.infosets.len()];
    let mut reach = vec![vec![1.0; d.infosets.len()]; grid.len()];
    for &k in &by_depth {
        let n = g.infoset(d.infosets[k]).actions.len();
        let mut v = vec![0.0; n];
        let mut total = 0.0;
        for (j, b) in per_type.iter().enumerate() {
            let r = match d.prev[k] {
                None => 1.0,
                Some((up, a)) => reach[j][up] * b[up][a],
            };
            reach[j][k] = r;
            total += r;
            for (x, y) in v.iter_mut().zip(&b[k]) {
                *x += r * y;
            }
        }
        aggregate[k] = if total > 0.0 {
            v.iter().map(|x| x / total).collect()
        } else {
            vec![1.0 / n as f64; n]
        };
    }
    (aggregate, per_type)
}

/// The regime a typed player's smoothed response suggests: each grid type's
/// most likely plan, pieces cut halfway between grid types, and as a second
/// list the plans a grid type splits its mass towards (an action it takes
/// with a probability above [`SPLIT`]), where the equilibrium may need types
/// with equal preferences divided between plans.
fn grid_pieces(
    d: &PlayerData,
    grid: &[f64],
    per_type: &[Vec<Vec<f64>>],
) -> (Vec<Piece>, Vec<Piece>) {
    let dist = d.dist.expect("a typed player");
    let argmax = |b: &[f64]| (0..b.len()).fold(0, |m, a| if b[a] > b[m] { a } else { m });
    let piece = |lo: f64, hi: f64, choice: Vec<usize>| Piece {
        lo,
        hi,
        mass: (dist.cdf(hi) - dist.cdf(lo)).max(0.0),
        choice,
        line: (0.0, 0.0),
    };
    let mut main: Vec<Piece> = Vec::new();
    let mut split: Vec<Piece> = Vec::new();
    for (j, b) in per_type.iter().enumerate() {
        let lo = if j == 0 {
            f64::NEG_INFINITY
        } else {
            0.5 * (grid[j - 1] + grid[j])
        };
        let hi = if j + 1 == grid.len() {
            f64::INFINITY
        } else {
            0.5 * (grid[j] + grid[j + 1])
        };
        let plan: Vec<usize> = b.iter().map(|x| argmax(x)).collect();
        for (k, x) in b.iter().enumerate() {
            for (a, &pr) in x.iter().enumerate() {
                if a != plan[k] && pr > SPLIT {
                    let mut other = plan.clone();
                    other[k] = a;
                    split.push(piece(lo, hi, other));
                }
            }
        }
        match main.last_mut() {
            Some(last) if last.choice == plan => {
                last.hi = hi;
                last.mass = (dist.cdf(hi) - dist.cdf(last.lo)).max(0.0);
            }
            _ => main.push(piece(lo, hi, plan)),
        }
    }
    (main, split)
}

/// A smoothed probability below which an untyped player's action is dropped
/// when the profile is rounded to a candidate equilibrium.
const NEGLIGIBLE: f64 = 1e-9;

/// The probability above which a smoothed type's second action marks a split.
const SPLIT: f64 = 0.01;

/// A typed player's grid types' behaviour: per grid type, per own
/// information set, a probability per action.
type GridBehavior = Vec<Vec<Vec<f64>>>;

/// Every player's smoothed response to `sigma` (behaviour over all
/// information sets, chance unchanged) and each typed player's grid types'
/// behaviour.
fn smoothed(
    cg: &CompiledGame,
    data: &[PlayerData],
    sigma: &[Vec<f64>],
    tau: f64,
    grids: &[Vec<f64>],
) -> (Vec<Vec<f64>>, Vec<GridBehavior>) {
    let mut target = sigma.to_vec();
    let mut per_type = vec![Vec::new(); data.len()];
    for (p, d) in data.iter().enumerate() {
        let beh = if d.dist.is_some() {
            let (beh, types) = typed_logit_response(cg, d, sigma, p, tau, &grids[p]);
            per_type[p] = types;
            beh
        } else {
            let mu = beliefs(cg, sigma, d, p);
            logit_response(cg, d, sigma, &mu, p, tau, 0.0)
        };
        for (k, &i) in d.infosets.iter().enumerate() {
            target[i.index()] = beh[k].clone();
        }
    }
    (target, per_type)
}

fn gap(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| x.iter().zip(y).map(|(u, v)| (u - v).abs()))
        .fold(0.0, f64::max)
}

/// The most behaviour probabilities Newton's method on the smoothed fixed
/// point handles (its Jacobian is dense and found by differences).
const NEWTON_UNKNOWNS: usize = 120;

/// Newton's method on `sigma = smoothed(sigma)` over the players'
/// probabilities; keeps the best `sigma` found and returns its gap.
fn newton_on_smoothed(
    cg: &CompiledGame,
    data: &[PlayerData],
    sigma: &mut Vec<Vec<f64>>,
    tau: f64,
    grids: &[Vec<f64>],
    evaluations: &mut usize,
) -> f64 {
    let slots: Vec<(usize, usize)> = data
        .iter()
        .flat_map(|d| d.infosets.iter())
        .flat_map(|&i| (0..sigma[i.index()].len()).map(move |a| (i.index(), a)))
        .collect();
    let n = slots.len();
    let residual = |s: &[Vec<f64>], evaluations: &mut usize| -> Vec<f64> {
        *evaluations += 1;
        let (t, _) = smoothed(cg, data, s, tau, grids);
        slots.iter().map(|&(i, a)| s[i][a] - t[i][a]).collect()
    };
    let inf = |f: &[f64]| f.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    let mut f = residual(sigma, evaluations);
    let mut r = inf(&f);
    if n > NEWTON_UNKNOWNS {
        return r;
    }
    for _ in 0..12 {
        if r < 1e-12 {
            break;
        }
        let mut jac = vec![vec![0.0; n]; n];
        for (col, &(i, a)) in slots.iter().enumerate() {
            let h = 1e-7;
            let mut trial = sigma.clone();
            trial[i][a] += h;
            let fj = residual(&trial, evaluations);
            for (row, (x, y)) in fj.iter().zip(&f).enumerate() {
                jac[row][col] = (x - y) / h;
            }
        }
        let Some(step) = newton::direction(&jac, &f) else {
            break;
        };
        let mut t = 1.0;
        let mut moved = false;
        while t > 1e-4 {
            let mut trial = sigma.clone();
            for (&(i, a), d) in slots.iter().zip(&step) {
                trial[i][a] = (trial[i][a] + t * d).clamp(0.0, 1.0);
            }
            let ft = residual(&trial, evaluations);
            let rt = inf(&ft);
            if rt < r {
                *sigma = trial;
                f = ft;
                r = rt;
                moved = true;
                break;
            }
            t *= 0.5;
        }
        if !moved {
            break;
        }
    }
    r
}

/// The scale of the payoffs, from which `tau` starts.
fn scale(cg: &CompiledGame) -> f64 {
    cg.terminals
        .iter()
        .flat_map(|t| t.payoffs.iter().map(|(a, b)| a.abs() + b.abs()))
        .fold(0.0, f64::max)
        .max(1e-9)
}

/// Follows the logit homotopy from `start`, handing each candidate near its
/// end (the rounded smoothed profile, Newton's answer on the regime read
/// off) to `accept`, and stops when `accept` returns true.
pub(super) fn trace(
    cg: &CompiledGame,
    data: &[PlayerData],
    start: &[Vec<f64>],
    evaluations: &mut usize,
    cancel: &brink_game::Cancel,
    mut accept: impl FnMut(Vec<Vec<f64>>, Vec<Vec<Piece>>) -> bool,
) {
    let mut sigma = start.to_vec();
    let mut tau = scale(cg);
    let grids: Vec<Vec<f64>> = data
        .iter()
        .map(|d| d.dist.map_or_else(Vec::new, type_grid))
        .collect();
    // The plans and the mixing sets of the last regime tried: a stage that
    // reads the same regime again has nothing new for Newton.
    type RegimeKey = (Vec<Vec<Vec<usize>>>, Vec<(usize, Vec<usize>)>);
    let mut last_tried: Option<RegimeKey> = None;
    for stage in 0..STAGES {
        if cancel.is_cancelled() {
            return;
        }
        let mut damping = Damping::new(1.0 / 64.0);
        let mut prev = f64::INFINITY;
        for _ in 0..PER_STAGE {
            *evaluations += 1;
            let (target, _) = smoothed(cg, data, &sigma, tau, &grids);
            prev = gap(&target, &sigma);
            damping.step(&mut sigma, &target, prev);
            if prev < 1e-10 {
                break;
            }
        }
        if prev >= 1e-10 {
            // Damped iteration circles a steep smoothed response: Newton on
            // the smoothed fixed point, where the game is small enough.
            prev = newton_on_smoothed(cg, data, &mut sigma, tau, &grids, evaluations).min(prev);
        }
        tracing::debug!(stage, tau, residual = prev, "logit homotopy stage");
        if stage >= FIRST_POLISH {
            // Near the limit the smoothed profile may itself round to an
            // equilibrium: untyped players' negligible actions dropped,
            // typed players' exact responses to it.
            let mut rounded = sigma.clone();
            for d in data.iter().filter(|d| d.dist.is_none()) {
                for &i in &d.infosets {
                    let b = &mut rounded[i.index()];
                    b.iter_mut().for_each(|x| {
                        if *x < NEGLIGIBLE {
                            *x = 0.0;
                        }
                    });
                    let total: f64 = b.iter().sum();
                    b.iter_mut().for_each(|x| *x /= total);
                }
            }
            // Typed players answer each other, so their exact responses are
            // repeated until they settle (a few rounds: later movers first
            // is not an order the tree always has).
            let mut exact = vec![Vec::new(); data.len()];
            for _ in 0..=data.len() {
                let before = rounded.clone();
                for (p, d) in data.iter().enumerate().filter(|(_, d)| d.dist.is_some()) {
                    let (beh, pcs) = respond(cg, d, &rounded, p);
                    for (k, &i) in d.infosets.iter().enumerate() {
                        rounded[i.index()] = beh[k].clone();
                    }
                    exact[p] = pcs;
                }
                if gap(&before, &rounded) == 0.0 {
                    break;
                }
            }
            if accept(rounded, exact) {
                return;
            }
            let (_, per_type) = smoothed(cg, data, &sigma, tau, &grids);
            let mut pure = sigma.clone();
            let mut main = vec![Vec::new(); data.len()];
            let mut split = vec![Vec::new(); data.len()];
            for (p, d) in data.iter().enumerate() {
                if d.dist.is_some() {
                    (main[p], split[p]) = grid_pieces(d, &grids[p], &per_type[p]);
                } else {
                    let (beh, _) = respond(cg, d, &sigma, p);
                    for (k, &i) in d.infosets.iter().enumerate() {
                        pure[i.index()] = beh[k].clone();
                    }
                }
            }
            let regime = newton::regime_from(cg, data, &sigma, &[split, main]);
            let regime = Regime {
                mixes: newton::mixes_from(cg, data, &sigma, &[pure]),
                ..regime
            };
            let key = (
                regime.strategies.clone(),
                regime
                    .mixes
                    .iter()
                    .map(|m| (m.infoset, m.actions.clone()))
                    .collect(),
            );
            if last_tried.as_ref() != Some(&key) {
                last_tried = Some(key);
                if let Some((b, pcs)) = newton::polish(
                    cg,
                    data,
                    regime,
                    &sigma,
                    evaluations,
                    newton::BUDGET,
                    newton::Jacobian::Fresh,
                ) {
                    if accept(b, pcs) {
                        return;
                    }
                }
            }
        }
        tau *= SHRINK;
    }
}
