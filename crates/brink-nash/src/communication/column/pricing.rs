//! Pricing of new columns `pi(t, r)` for the master of the parent module.
//!
//! The reduced cost of a column is, for its type profile `t`,
//!
//! ```text
//!   1 - y_t + sum_z [every plan of r leads to z] A_t(z)
//!           + sum_i sum_z [every plan but i's leads to z] D_(t,i,r_i)(z):
//! ```
//!
//! `A_t` holds the on-path terms (the objective and the `lambda` terms), and
//! `D_(t,i,r_i)` the `sigma` terms of the deviation rows of player `i`
//! recommended `r_i`, each already restricted to the terminals its
//! deviation plan leads to. Two ways to search it:
//!
//! * **Exact** ([`exact`]): for every plan profile of all players but the
//!   one with most plans, that player's best plan by backward induction (its
//!   own `D` terms, non-negative, added exactly by listing its plans when a
//!   plan carrying them comes out best). The least reduced cost per type
//!   profile it finds is the true minimum, which the Lagrangian lower bound
//!   needs; on the founding crisis it is 151,552 backward inductions per
//!   type profile.
//! * **Descent** ([`descent`]): from the master's columns, each player in
//!   turn switches to its cheapest plan against the others' (its plans
//!   listed, so its own `D` terms are exact), until no switch lowers the
//!   cost: a local minimum, found in a few hundred plan evaluations. The
//!   master uses it while it finds columns, and the exact search to prove
//!   there are none left.

use super::super::tree::{decode, has, strides};
use super::{Column, Master, Setup, TOLERANCE};

/// A column enters the master only below this reduced cost: well above the
/// interior-point master's tolerance, so that a column does not price out
/// by rounding alone.
const PRICE_TOLERANCE: f64 = 1e-6;
use brink_game::{SolveError, Watch};
use std::collections::HashMap;

/// What the pricing of one type profile needs from the master's multipliers.
struct TypePricer<'s> {
    s: &'s Setup<'s>,
    /// `1 - y_t`.
    base: f64,
    /// `A_t(z)`.
    on_path: Vec<f64>,
    /// `dev[i][r_i]`: `D_(t,i,r_i)(z)`, for the plans with deviation rows.
    dev: Vec<HashMap<usize, Vec<f64>>>,
}

impl<'s> TypePricer<'s> {
    fn new(s: &'s Setup<'s>, master: &Master, x: &[f64], t: usize) -> TypePricer<'s> {
        let game = s.game;
        let nz = game.terminals.len();
        let tv = decode(t, &s.tsizes);
        let sigma0 = 2 * s.nt + s.lambdas();
        let p = game.prior_of(&tv);
        let mut on_path = vec![0.0; nz];
        for (z, a) in on_path.iter_mut().enumerate() {
            *a = p * game.terminals[z].prob * game.terminals[z].objective;
            for i in 0..s.n {
                let big: f64 = (0..s.tsizes[i]).map(|b| x[s.lambda(i, tv[i], b)]).sum();
                if big != 0.0 {
                    *a -= big * game.belief_of(i, &tv) * s.seen_value(i, z, &tv, true);
                }
            }
        }
        let mut dev: Vec<HashMap<usize, Vec<f64>>> = vec![HashMap::new(); s.n];
        // Rows added since the master was solved have no multiplier yet.
        let priced = x.len().saturating_sub(sigma0);
        for (k, &(vk, d)) in master.drows.iter().enumerate().take(priced) {
            let sigma = x[sigma0 + k];
            let (i, a, b, ri) = master.vkeys[vk];
            if sigma <= 0.0 || b != tv[i] {
                continue;
            }
            let mut truth = tv.clone();
            truth[i] = a;
            let q = game.belief_of(i, &truth) * sigma;
            let entry = dev[i].entry(ri).or_insert_with(|| vec![0.0; nz]);
            for (z, e) in entry.iter_mut().enumerate() {
                if has(&s.prep.consistent[i][d], z) {
                    *e += q * s.seen_value(i, z, &truth, true);
                }
            }
        }
        TypePricer {
            s,
            base: 1.0 - (x[t] - x[s.nt + t]),
            on_path,
            dev,
        }
    }

    /// The terminals every player's plan in `r` leads to, but those in `skip`.
    fn reached(&self, r: &[usize], skip: &[usize]) -> Vec<u64> {
        let words = self.s.prep.consistent[0][0].len();
        let mut m = vec![u64::MAX; words];
        for (j, &rj) in r.iter().enumerate() {
            if !skip.contains(&j) {
                for (w, c) in m.iter_mut().zip(&self.s.prep.consistent[j][rj]) {
                    *w &= c;
                }
            }
        }
        m
    }

    /// The weights player `k`'s plan meets, the others' plans fixed at `r`:
    /// a plan of `k` costs the sum over the terminals it leads to, plus its
    /// own `D` terms ([`TypePricer::own`]).
    fn weights_for(&self, r: &[usize], k: usize) -> Vec<f64> {
        let all = self.reached(r, &[k]);
        let mut w: Vec<f64> = (0..self.on_path.len())
            .map(|z| if has(&all, z) { self.on_path[z] } else { 0.0 })
            .collect();
        for i in (0..self.s.n).filter(|&i| i != k) {
            if let Some(d) = self.dev[i].get(&r[i]) {
                let m = self.reached(r, &[i, k]);
                for (z, x) in w.iter_mut().enumerate() {
                    if has(&m, z) {
                        *x += d[z];
                    }
                }
            }
        }
        w
    }

    /// Player `k`'s own `D` terms when recommended `q`, on the terminals
    /// the others lead to (`others`).
    fn own(&self, k: usize, q: usize, others: &[u64]) -> f64 {
        self.dev[k].get(&q).map_or(0.0, |d| {
            (0..d.len()).filter(|&z| has(others, z)).map(|z| d[z]).sum()
        })
    }

    /// Player `k`'s cheapest plan against `r`, by listing its plans.
    fn cheapest(&self, r: &[usize], k: usize) -> (f64, usize) {
        let w = self.weights_for(r, k);
        let others = self.reached(r, &[k]);
        (0..self.s.psizes[k])
            .map(|q| {
                let m = &self.s.prep.consistent[k][q];
                let base: f64 = (0..w.len()).filter(|&z| has(m, z)).map(|z| w[z]).sum();
                (base + self.own(k, q, &others), q)
            })
            .fold((f64::INFINITY, 0), |a, c| if c.0 < a.0 { c } else { a })
    }

    /// Coordinate descent from `r` (see the module docs): the local minimum
    /// and its reduced cost.
    fn descend(&self, mut r: Vec<usize>) -> (f64, Vec<usize>) {
        let mut cost = f64::INFINITY;
        // Each switch lowers the cost strictly, so the loop ends; the cap
        // only bounds the work on a long chain of tiny improvements.
        for _ in 0..50 {
            let mut moved = false;
            for k in 0..self.s.n {
                let (value, q) = self.cheapest(&r, k);
                if q != r[k] && value + self.base < cost - TOLERANCE {
                    r[k] = q;
                    moved = true;
                }
                cost = cost.min(value + self.base);
            }
            if !moved {
                break;
            }
        }
        (cost, r)
    }
}

/// Columns of negative reduced cost by coordinate descent from each of the
/// master's columns (module docs), at most `per_type` per type profile.
pub(super) fn descent(
    s: &Setup,
    master: &Master,
    x: &[f64],
    per_type: usize,
    watch: &Watch,
) -> Result<Vec<Column>, SolveError> {
    let (tstr, _) = strides(&s.tsizes);
    let per_t = for_each_type(s, |t| {
        watch.check()?;
        let pricer = TypePricer::new(s, master, x, t);
        let mut found: Vec<(f64, Vec<usize>)> = Vec::new();
        let starts = master
            .columns
            .iter()
            .filter(|(tv, _)| tv.iter().zip(&tstr).map(|(a, st)| a * st).sum::<usize>() == t);
        for (_, r) in starts {
            let (cost, r) = pricer.descend(r.clone());
            if cost < -PRICE_TOLERANCE && !found.iter().any(|f| f.1 == r) {
                found.push((cost, r));
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found.truncate(per_type);
        Ok((0.0, found.into_iter().map(|f| f.1).collect()))
    })?;
    Ok(per_t
        .into_iter()
        .flat_map(|(t, (_, cols))| cols.into_iter().map(move |r| (decode(t, &s.tsizes), r)))
        .collect())
}

/// Per type profile, the least reduced cost over all plan profiles, and up
/// to `per_type` columns of negative reduced cost each (module docs).
#[allow(clippy::type_complexity)]
pub(super) fn exact(
    s: &Setup,
    master: &Master,
    x: &[f64],
    per_type: usize,
    watch: &Watch,
) -> Result<(Vec<f64>, Vec<Column>), SolveError> {
    let br = (0..s.n).max_by_key(|&i| s.psizes[i]).unwrap_or(0);
    let per_t = for_each_type(s, |t| {
        exact_type(&TypePricer::new(s, master, x, t), br, per_type, watch)
    })?;
    let mut best = vec![0.0; s.nt];
    let mut candidates = Vec::new();
    for (t, (b, cols)) in per_t {
        best[t] = b;
        candidates.extend(cols.into_iter().map(|r| (decode(t, &s.tsizes), r)));
    }
    Ok((best, candidates))
}

/// Runs `work` for every type profile on the machine's threads.
#[allow(clippy::type_complexity)]
fn for_each_type<F>(s: &Setup, work: F) -> Result<Vec<(usize, (f64, Vec<Vec<usize>>))>, SolveError>
where
    F: Fn(usize) -> Result<(f64, Vec<Vec<usize>>), SolveError> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(s.nt);
    let chunks: Vec<Vec<usize>> = (0..threads)
        .map(|k| (k..s.nt).step_by(threads).collect())
        .collect();
    let work = &work;
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|ts| {
                scope.spawn(move || {
                    ts.iter()
                        .map(|&t| work(t).map(|r| (t, r)))
                        .collect::<Result<Vec<_>, SolveError>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(panicked())))
            .collect::<Vec<_>>()
    });
    let mut all = Vec::with_capacity(s.nt);
    for r in results {
        all.extend(r?);
    }
    Ok(all)
}

fn panicked() -> SolveError {
    SolveError::Numerical {
        method: "mediator",
        reason: "a pricing thread panicked".into(),
    }
}

/// [`exact`] for one type profile.
fn exact_type(
    pricer: &TypePricer,
    br: usize,
    per_type: usize,
    watch: &Watch,
) -> Result<(f64, Vec<Vec<usize>>), SolveError> {
    let s = pricer.s;
    let others: Vec<usize> = (0..s.n).filter(|&j| j != br).collect();
    let sizes: Vec<usize> = others.iter().map(|&j| s.psizes[j]).collect();
    let (_, total) = strides(&sizes);
    let mut best_cost = f64::INFINITY;
    let mut found: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut scratch = Vec::new();
    let mut r = vec![0; s.n];
    for index in 0..total {
        if index % 4096 == 0 {
            watch.check()?;
        }
        for (k, c) in decode(index, &sizes).into_iter().enumerate() {
            r[others[k]] = c;
        }
        let weights = pricer.weights_for(&r, br);
        let (value, plan) = s.prep.best_plan(br, &weights, false, &mut scratch);
        let rb = s.prep.plan_index(br, &plan)?;
        let (value, rb) = if pricer.dev[br].contains_key(&rb) {
            // The best plan carries its own D terms: list all of br's plans.
            pricer.cheapest(&r, br)
        } else {
            (value, rb)
        };
        let cost = pricer.base + value;
        best_cost = best_cost.min(cost);
        if cost < -PRICE_TOLERANCE {
            r[br] = rb;
            if found.len() < per_type || cost < found[found.len() - 1].0 {
                found.push((cost, r.clone()));
                found.sort_by(|a, b| a.0.total_cmp(&b.0));
                found.truncate(per_type);
            }
        }
    }
    Ok((best_cost, found.into_iter().map(|f| f.1).collect()))
}
