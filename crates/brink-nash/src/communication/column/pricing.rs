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

use super::super::tree::{decode, has, members, ones, strides};
use super::{Column, Master, Setup, TOLERANCE};

/// A column enters the master only below this reduced cost: well above the
/// interior-point master's tolerance, so that a column does not price out
/// by rounding alone.
const PRICE_TOLERANCE: f64 = 1e-6;
use brink_game::{SolveError, Watch};
use std::time::Instant;

/// What the pricing of one type profile needs from the master's multipliers.
struct TypePricer<'s> {
    s: &'s Setup<'s>,
    /// `1 - y_t`.
    base: f64,
    /// `A_t(z)`.
    on_path: Vec<f64>,
    /// `dev[i][r_i]`: `D_(t,i,r_i)(z)`, for the plans with deviation rows
    /// (indexed by plan: the listing of [`TypePricer::cheapest`] looks one
    /// up per plan, and hashing was a sixth of its time).
    dev: Vec<Vec<Option<Vec<f64>>>>,
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
        let mut dev: Vec<Vec<Option<Vec<f64>>>> =
            s.psizes.iter().map(|&plans| vec![None; plans]).collect();
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
            let entry = dev[i][ri].get_or_insert_with(|| vec![0.0; nz]);
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
            if let Some(d) = &self.dev[i][r[i]] {
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
        self.dev[k][q]
            .as_ref()
            .map_or(0.0, |d| members(others).map(|z| d[z]).sum())
    }

    /// Player `k`'s cheapest plan against `r`, by listing its plans.
    ///
    /// Each plan's sum runs over the terminals it leads to that carry a
    /// weight (the others' plans fixed leave few), not over the tree: this
    /// listing was 80% of the founding crisis's exact pricing.
    fn cheapest(&self, r: &[usize], k: usize) -> (f64, usize) {
        let w = self.weights_for(r, k);
        let others = self.reached(r, &[k]);
        // The words of the terminal mask that hold a weighted terminal.
        let mut weighted: Vec<(usize, u64)> = Vec::new();
        for (z, _) in w.iter().enumerate().filter(|(_, &x)| x != 0.0) {
            match weighted.last_mut() {
                Some((word, bits)) if *word == z / 64 => *bits |= 1 << (z % 64),
                _ => weighted.push((z / 64, 1 << (z % 64))),
            }
        }
        (0..self.s.psizes[k])
            .map(|q| {
                let m = &self.s.prep.consistent[k][q];
                let base: f64 = weighted
                    .iter()
                    .flat_map(|&(word, bits)| ones(word, m[word] & bits))
                    .map(|z| w[z])
                    .sum();
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
        Ok(found.into_iter().map(|f| f.1).collect::<Vec<_>>())
    })?;
    Ok(per_t
        .into_iter()
        .flat_map(|(t, cols)| cols.into_iter().map(move |r| (decode(t, &s.tsizes), r)))
        .collect())
}

/// The most of a run's time the exact searches (all of them, those a proof
/// needs included) may take before one is run only for the bound. On the founding crisis one exact search costs
/// 2.4 million backward inductions (half a minute on 2 cores) while a
/// round's master and descent take a second or two: at the 300 s default
/// two periodic searches were most of the run.
pub(super) const EXACT_SHARE: f64 = 0.25;

/// The time the exact searches have taken and what the next is expected
/// to take, for [`EXACT_SHARE`].
#[derive(Default)]
pub(super) struct ExactBudget {
    spent: f64,
    /// Seconds for a whole search, from the last one (extrapolated from the
    /// share it searched when a deadline cut it); 0 before the first.
    estimate: f64,
}

impl ExactBudget {
    /// Time left to the periodic searches `elapsed` seconds into the run.
    pub(super) fn allowance(&self, elapsed: f64) -> std::time::Duration {
        std::time::Duration::from_secs_f64((EXACT_SHARE * elapsed - self.spent).max(0.0))
    }

    /// Whether a periodic search is expected to finish within the allowance.
    pub(super) fn affordable(&self, elapsed: f64) -> bool {
        let allowance = self.allowance(elapsed).as_secs_f64();
        allowance > 0.0 && allowance >= self.estimate
    }

    pub(super) fn record(&mut self, seconds: f64, searched: f64) {
        self.spent += seconds;
        self.estimate = seconds / searched.max(1e-3);
    }
}

/// The earlier of `a` and `b`, if there is a `b`.
pub(super) fn earliest(a: Instant, b: Option<Instant>) -> Instant {
    b.map_or(a, |b| a.min(b))
}

/// What an exact pricing found.
pub(super) struct ExactPricing {
    /// Per type profile, the least reduced cost over the plan profiles
    /// searched: the true minimum only when the search is complete.
    pub best: Vec<f64>,
    /// Up to `per_type` columns of negative reduced cost per type profile.
    pub columns: Vec<Column>,
    /// The share of the plan profiles searched, 1 when complete.
    pub searched: f64,
}

impl ExactPricing {
    /// Whether every plan profile of every type profile was searched, so
    /// that `best` holds the minima the lower bound needs.
    pub fn complete(&self) -> bool {
        self.searched >= 1.0
    }
}

/// Per type profile, the least reduced cost over all plan profiles, and up
/// to `per_type` columns of negative reduced cost each (module docs); the
/// search stops where it is at `deadline`, if one is given and reached.
pub(super) fn exact(
    s: &Setup,
    master: &Master,
    x: &[f64],
    per_type: usize,
    deadline: Option<Instant>,
    watch: &Watch,
) -> Result<ExactPricing, SolveError> {
    let br = (0..s.n).max_by_key(|&i| s.psizes[i]).unwrap_or(0);
    let per_t = for_each_type(s, |t| {
        // Past the deadline, a type profile is not searched, nor is its
        // pricer built (a pass over every deviation row).
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(TypeSearch {
                best: f64::INFINITY,
                found: Vec::new(),
                done: 0,
                total: search_size(s, br),
            });
        }
        exact_type(
            &TypePricer::new(s, master, x, t),
            br,
            per_type,
            deadline,
            watch,
        )
    })?;
    let mut best = vec![0.0; s.nt];
    let mut columns = Vec::new();
    let (mut done, mut total) = (0usize, 0usize);
    for (t, search) in per_t {
        best[t] = search.best;
        done += search.done;
        total += search.total;
        columns.extend(search.found.into_iter().map(|r| (decode(t, &s.tsizes), r)));
    }
    Ok(ExactPricing {
        best,
        columns,
        searched: if done >= total {
            1.0
        } else {
            done as f64 / total as f64
        },
    })
}

/// Runs `work` for every type profile on the machine's threads.
fn for_each_type<F, R>(s: &Setup, work: F) -> Result<Vec<(usize, R)>, SolveError>
where
    F: Fn(usize) -> Result<R, SolveError> + Sync,
    R: Send,
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

/// One type profile's exact search, as far as it got.
struct TypeSearch {
    best: f64,
    found: Vec<Vec<usize>>,
    /// Plan profiles (of the players other than the best-responding one)
    /// searched, of `total`.
    done: usize,
    total: usize,
}

/// The plan profiles of all players but `br`: what [`exact_type`] searches.
fn search_size(s: &Setup, br: usize) -> usize {
    let sizes: Vec<usize> = (0..s.n).filter(|&j| j != br).map(|j| s.psizes[j]).collect();
    strides(&sizes).1
}

/// [`exact`] for one type profile.
fn exact_type(
    pricer: &TypePricer,
    br: usize,
    per_type: usize,
    deadline: Option<Instant>,
    watch: &Watch,
) -> Result<TypeSearch, SolveError> {
    let s = pricer.s;
    let others: Vec<usize> = (0..s.n).filter(|&j| j != br).collect();
    let sizes: Vec<usize> = others.iter().map(|&j| s.psizes[j]).collect();
    let total = search_size(s, br);
    let mut best_cost = f64::INFINITY;
    let mut found: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut scratch = Vec::new();
    let mut r = vec![0; s.n];
    for index in 0..total {
        if index % 4096 == 0 {
            watch.check()?;
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(TypeSearch {
                    best: best_cost,
                    found: found.into_iter().map(|f| f.1).collect(),
                    done: index,
                    total,
                });
            }
        }
        for (k, c) in decode(index, &sizes).into_iter().enumerate() {
            r[others[k]] = c;
        }
        let weights = pricer.weights_for(&r, br);
        let (value, plan) = s.prep.best_plan(br, &weights, false, &mut scratch);
        let rb = s.prep.plan_index(br, &plan)?;
        let (value, rb) = if pricer.dev[br][rb].is_some() {
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
    Ok(TypeSearch {
        best: best_cost,
        found: found.into_iter().map(|f| f.1).collect(),
        done: total,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{feasible_multipliers, split_free, Master, Setup};
    use super::*;
    use crate::communication::tree::{PlayerInfoset, TreeBayesianGame, TreeTerminal};

    include!("../../../../../testdata/chicken_tree.rs");

    #[test]
    fn an_exact_search_cut_by_its_deadline_claims_no_minimum() {
        let g = chicken_tree();
        let s = Setup::new(&g).unwrap();
        let mut master = Master::default();
        master.add_column(&s, vec![0, 0], vec![0, 0]);
        let vars = master.program(&s).vars;
        let x = feasible_multipliers(&s, &master, &split_free(s.nt, &vec![0.0; vars]));
        let full = exact(&s, &master, &x, 3, None, &Watch::quiet()).unwrap();
        assert!(full.complete());
        assert_eq!(full.searched, 1.0);
        // With zero multipliers a column's reduced cost is its probability
        // of war plus one (module docs), least at a peaceful profile.
        assert!((full.best[0] - 1.0).abs() < 1e-12, "{:?}", full.best);
        let cut = exact(&s, &master, &x, 3, Some(Instant::now()), &Watch::quiet()).unwrap();
        assert!(!cut.complete());
        assert_eq!(cut.searched, 0.0);
        assert!(cut.columns.is_empty());
    }

    #[test]
    fn masks_list_their_terminals_in_order() {
        let mut uniform = crate::lp::noise(0x9e37_79b9_7f4a_7c15);
        for words in 1..5 {
            let mut mask = || -> Vec<u64> {
                (0..words)
                    .map(|_| (0..64).fold(0u64, |m, b| m | (u64::from(uniform() < 0.3) << b)))
                    .collect()
            };
            let (a, b) = (mask(), mask());
            let brute = |keep: &dyn Fn(usize) -> bool| {
                (0..64 * words).filter(|&z| keep(z)).collect::<Vec<_>>()
            };
            assert_eq!(members(&a).collect::<Vec<_>>(), brute(&|z| has(&a, z)));
            let both: Vec<usize> = (0..words).flat_map(|w| ones(w, a[w] & b[w])).collect();
            let expected = brute(&|z| has(&a, z) && has(&b, z));
            assert!(!expected.is_empty());
            assert_eq!(both, expected);
        }
    }

    #[test]
    fn the_periodic_exact_search_keeps_to_its_share_of_the_run() {
        let mut budget = ExactBudget::default();
        assert!(!budget.affordable(0.0));
        assert!(
            budget.affordable(1.0),
            "no estimate before the first search"
        );
        // Cut halfway after 10 s: a whole search is expected to take 20 s,
        // affordable once a quarter of the run covers the 10 s spent and 20.
        budget.record(10.0, 0.5);
        assert_eq!(budget.estimate, 20.0);
        assert!(!budget.affordable(119.0));
        assert!(budget.affordable(121.0));
        assert!((budget.allowance(121.0).as_secs_f64() - 20.25).abs() < 1e-9);
        budget.record(20.0, 1.0);
        assert!(!budget.affordable(121.0));
        assert!(budget.affordable(200.0));
    }
}
