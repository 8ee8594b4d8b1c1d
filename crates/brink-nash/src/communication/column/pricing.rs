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
//!   needs; on the founding crisis that is 151,552 plan profiles per type
//!   profile, fewer backward inductions ([`exact_type`] computes a best
//!   reply once per distinct one).
//! * **Descent** ([`descent`]): from the master's columns, each player in
//!   turn switches to its cheapest plan against the others' (its plans
//!   listed, so its own `D` terms are exact), until no switch lowers the
//!   cost: a local minimum, found in a few hundred plan evaluations. The
//!   master uses it while it finds columns, and the exact search to prove
//!   there are none left.

use super::super::tree::{decode, has, members, members_of_both, ones, strides};
use super::{Column, Master, Setup, TOLERANCE};

/// A column enters the master only below this reduced cost: well above the
/// interior-point master's tolerance, so that a column does not price out
/// by rounding alone.
const PRICE_TOLERANCE: f64 = 1e-6;
use brink_game::{SolveError, Watch};
use rayon::prelude::*;
use std::collections::HashMap;
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
    dev: Vec<Vec<Option<Deviations>>>,
    /// Whether the `D` terms count each deviation's gain over obedience,
    /// which may be negative ([`Sigma::Obedient`]).
    signed: bool,
}

/// The `D` terms of one player and recommended plan, with the terminals
/// where they may be nonzero: those where a deviation row's plan and (when
/// signed) the recommended plan differ in whether they lead there. The sums over the terminals the
/// others lead to read only those (most of a bound round's time went to
/// summing the zeros in between), and leave every sum as it was: the
/// terms skipped are exact zeros.
struct Deviations {
    terms: Vec<f64>,
    nonzero: Vec<u64>,
}

/// The buffers one thread's pricing reuses from one best reply to the
/// next: an exact search makes hundreds of thousands of them, and their
/// allocations were a tenth of its time.
#[derive(Default)]
struct Buffers {
    /// The weights the best-responding player's plans meet.
    weights: Vec<f64>,
    /// The terminals the other players' plans lead to.
    others: Vec<u64>,
    /// The same, less one more player.
    fewer: Vec<u64>,
    /// [`Prepared::plan_values`]'s sums and values.
    ///
    /// [`Prepared::plan_values`]: super::super::tree::Prepared::plan_values
    group_sums: Vec<f64>,
    values: Vec<f64>,
    /// [`Prepared::best_plan`]'s sequence values.
    ///
    /// [`Prepared::best_plan`]: super::super::tree::Prepared::best_plan
    sequences: Vec<f64>,
}

/// Which multipliers `sigma` pricing reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Sigma {
    /// The master's: rows not in the master have `sigma = 0`.
    Master,
    /// The master's, and on the obedience row `d = r_i` of every auxiliary
    /// `v(i, a, b, r_i)` of the full program, in the master or not, what
    /// `lambda(i, a, b)` leaves: `lambda - sum_d sigma`. The dual stays
    /// feasible (`sum_d sigma = lambda`) and no reduced cost falls, so the
    /// Lagrangian bound can only rise; it matters for the plans no column
    /// recommends yet, whose auxiliaries have no rows in the master and
    /// would otherwise carry no deviation term at all (`bound` module).
    /// The obedience terms lead to the terminals the column itself
    /// reaches, so they go on the path (`A_t`), and the master's rows
    /// each count their gain over obedience in `D`.
    Obedient,
}

impl<'s> TypePricer<'s> {
    fn new(s: &'s Setup<'s>, master: &Master, x: &[f64], t: usize) -> TypePricer<'s> {
        TypePricer::with(s, master, x, t, Sigma::Master)
    }

    fn with(
        s: &'s Setup<'s>,
        master: &Master,
        x: &[f64],
        t: usize,
        sigma_of: Sigma,
    ) -> TypePricer<'s> {
        let signed = sigma_of == Sigma::Obedient;
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
                if signed {
                    let mut truth = tv.clone();
                    for b in 0..s.tsizes[i] {
                        let l = x[s.lambda(i, b, tv[i])];
                        if l != 0.0 {
                            truth[i] = b;
                            *a += l * game.belief_of(i, &truth) * s.seen_value(i, z, &truth, true);
                        }
                    }
                }
            }
        }
        let words = s.prep.consistent[0][0].len();
        let mut dev: Vec<Vec<Option<Deviations>>> = s
            .psizes
            .iter()
            .map(|&plans| (0..plans).map(|_| None).collect())
            .collect();
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
            let entry = dev[i][ri].get_or_insert_with(|| Deviations {
                terms: vec![0.0; nz],
                nonzero: vec![0; words],
            });
            let (leads, obeyed) = (&s.prep.consistent[i][d], &s.prep.consistent[i][ri]);
            for (word, &deviation) in leads.iter().enumerate() {
                let obedience = if signed { obeyed[word] } else { 0 };
                entry.nonzero[word] |= deviation ^ obedience;
                for z in ones(word, deviation ^ obedience) {
                    // Never negative unless `signed`, which `cheapest` and
                    // `best_reply` rely on to skip plans: `q >= 0`, payoffs
                    // shifted to be so, and chance weights checked to be
                    // so (`TreeBayesianGame::check`).
                    let term = q * s.seen_value(i, z, &truth, true);
                    let e = &mut entry.terms[z];
                    *e += if deviation >> (z % 64) & 1 == 1 {
                        term
                    } else {
                        -term
                    };
                    debug_assert!(signed || *e >= 0.0);
                }
            }
        }
        TypePricer {
            s,
            base: 1.0 - (x[t] - x[s.nt + t]),
            on_path,
            dev,
            signed,
        }
    }

    /// The terminals every player's plan in `r` leads to, but those in
    /// `skip`, into `m`.
    fn reached(&self, r: &[usize], skip: &[usize], m: &mut Vec<u64>) {
        let words = self.s.prep.consistent[0][0].len();
        m.clear();
        m.resize(words, u64::MAX);
        for (j, &rj) in r.iter().enumerate() {
            if !skip.contains(&j) {
                for (w, c) in m.iter_mut().zip(&self.s.prep.consistent[j][rj]) {
                    *w &= c;
                }
            }
        }
    }

    /// The weights player `k`'s plan meets, the others' plans fixed at `r`,
    /// into `b.weights`, and the terminals those plans lead to into
    /// `b.others`: a plan of `k` costs the sum of the weights over the
    /// terminals it leads to, plus its own `D` terms ([`TypePricer::own`]).
    fn weights_for(&self, r: &[usize], k: usize, b: &mut Buffers) {
        self.reached(r, &[k], &mut b.others);
        let others = &b.others;
        b.weights.clear();
        b.weights.extend((0..self.on_path.len()).map(|z| {
            if has(others, z) {
                self.on_path[z]
            } else {
                0.0
            }
        }));
        for i in (0..self.s.n).filter(|&i| i != k) {
            if let Some(d) = &self.dev[i][r[i]] {
                self.reached(r, &[i, k], &mut b.fewer);
                for z in members_of_both(&b.fewer, &d.nonzero) {
                    b.weights[z] += d.terms[z];
                }
            }
        }
    }

    /// Player `k`'s own `D` terms when recommended `q`, on the terminals
    /// the others lead to (`others`).
    fn own(&self, k: usize, q: usize, others: &[u64]) -> f64 {
        self.dev[k][q].as_ref().map_or(0.0, |d| {
            members_of_both(others, &d.nonzero)
                .map(|z| d.terms[z])
                .sum()
        })
    }

    /// Player `k`'s cheapest plan against `r`, by listing its plans.
    ///
    /// The plans' sums of weights come from [`Prepared::plan_values`] (a
    /// few group sums per plan; summing each plan's terminals was most of
    /// the founding crisis's exact pricing). A plan's own `D` terms (a sum
    /// over the terminals the others lead to) are added only when its
    /// weights alone are below the cheapest plan so far: they are never
    /// negative (`sigma >= 0` and shifted payoffs), so the plans skipped
    /// cannot be cheaper.
    ///
    /// [`Prepared::plan_values`]: super::super::tree::Prepared::plan_values
    fn cheapest(&self, r: &[usize], k: usize, b: &mut Buffers) -> (f64, usize) {
        self.weights_for(r, k, b);
        self.cheapest_given_weights(k, b)
    }

    /// [`TypePricer::cheapest`] once [`TypePricer::weights_for`] has filled
    /// `b`.
    fn cheapest_given_weights(&self, k: usize, b: &mut Buffers) -> (f64, usize) {
        let Buffers {
            weights,
            others,
            group_sums,
            values,
            ..
        } = b;
        self.s.prep.plan_values(k, weights, group_sums, values);
        let mut best = (f64::INFINITY, 0);
        for (q, &weights_alone) in values.iter().enumerate() {
            if weights_alone >= best.0 && !(self.signed && self.dev[k][q].is_some()) {
                continue;
            }
            let cost = weights_alone + self.own(k, q, others);
            if cost < best.0 {
                best = (cost, q);
            }
        }
        best
    }

    /// The terminals whose reach by the inner player's plan the weights of
    /// [`TypePricer::weights_for`] read, the `outer` players' plans fixed
    /// in `r`: those all of them lead to (the on-path terms and the inner
    /// player's own `D` terms), and, for each outer player with `D` terms,
    /// those the other outer players lead to. Two inner plans that lead to
    /// the same of these give the same weights.
    fn relevant_to_inner(&self, r: &[usize], outer: &[usize]) -> Vec<u64> {
        let words = self.s.prep.consistent[0][0].len();
        let all_but = |skip: Option<usize>| {
            let mut m = vec![u64::MAX; words];
            for &j in outer.iter().filter(|&&j| Some(j) != skip) {
                for (w, c) in m.iter_mut().zip(&self.s.prep.consistent[j][r[j]]) {
                    *w &= c;
                }
            }
            m
        };
        let mut relevant = all_but(None);
        for &i in outer {
            if self.dev[i][r[i]].is_some() {
                for (w, c) in relevant.iter_mut().zip(all_but(Some(i))) {
                    *w |= c;
                }
            }
        }
        relevant
    }

    /// The [`InnerKey`] of plan `q` of player `inner`, given
    /// [`TypePricer::relevant_to_inner`].
    fn inner_key(&self, inner: usize, q: usize, relevant: &[u64]) -> InnerKey {
        let seen = &self.s.prep.consistent[inner][q];
        InnerKey {
            reached: seen.iter().zip(relevant).map(|(a, b)| a & b).collect(),
            deviation_plan: self.dev[inner][q].is_some().then_some(q),
        }
    }

    /// Player `br`'s best plan against the others' plans in `r` and its
    /// value (without [`TypePricer::base`]): by backward induction, or by
    /// listing its plans when the plan that comes out carries `D` terms of
    /// its own (which backward induction does not see).
    fn best_reply(
        &self,
        r: &[usize],
        br: usize,
        b: &mut Buffers,
    ) -> Result<(f64, usize), SolveError> {
        self.weights_for(r, br, b);
        let (value, plan) = self
            .s
            .prep
            .best_plan(br, &b.weights, false, &mut b.sequences);
        let rb = self.s.prep.plan_index(br, &plan)?;
        if self.dev[br][rb].is_some() {
            return Ok(self.cheapest_given_weights(br, b));
        }
        // Signed `D` terms can make a plan with rows of its own cheaper
        // than the best plan by the weights alone: those plans are priced
        // one by one.
        let mut best = (value, rb);
        if self.signed {
            for (q, d) in self.dev[br].iter().enumerate() {
                if d.is_some() {
                    let alone: f64 = members(&self.s.prep.consistent[br][q])
                        .map(|z| b.weights[z])
                        .sum();
                    let cost = alone + self.own(br, q, &b.others);
                    if cost < best.0 {
                        best = (cost, q);
                    }
                }
            }
        }
        Ok(best)
    }

    /// Coordinate descent from `r` (see the module docs): the local minimum
    /// and its reduced cost.
    fn descend(&self, mut r: Vec<usize>, b: &mut Buffers) -> (f64, Vec<usize>) {
        let mut cost = f64::INFINITY;
        // Each switch lowers the cost strictly, so the loop ends; the cap
        // only bounds the work on a long chain of tiny improvements.
        for _ in 0..50 {
            let mut moved = false;
            for k in 0..self.s.n {
                let (value, q) = self.cheapest(&r, k, b);
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
        let mut buffers = Buffers::default();
        let starts = master
            .columns
            .iter()
            .filter(|(tv, _)| tv.iter().zip(&tstr).map(|(a, st)| a * st).sum::<usize>() == t);
        for (_, r) in starts {
            let (cost, r) = pricer.descend(r.clone(), &mut buffers);
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
    exact_with(s, master, x, Sigma::Master, per_type, deadline, watch)
}

/// [`exact`] with the multipliers `sigma` read as `sigma_of` says.
pub(super) fn exact_with(
    s: &Setup,
    master: &Master,
    x: &[f64],
    sigma_of: Sigma,
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
            &TypePricer::with(s, master, x, t, sigma_of),
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

/// Runs `work` for every type profile on rayon's threads, the results in
/// type-profile order whatever the number of threads: the master's columns
/// come in that order, and a run with no time limit must give the same
/// answer on every machine.
fn for_each_type<F, R>(s: &Setup, work: F) -> Result<Vec<(usize, R)>, SolveError>
where
    F: Fn(usize) -> Result<R, SolveError> + Sync,
    R: Send,
{
    (0..s.nt)
        .into_par_iter()
        .map(|t| work(t).map(|r| (t, r)))
        .collect()
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
///
/// The others' plan profiles are searched with the one of them with most
/// plans (`inner`) innermost. For fixed plans of the rest, many of
/// `inner`'s plans differ only at sets those plans never reach: they give
/// the best-responding player the same weights, so its best reply is
/// computed once per distinct [`InnerKey`] (on the founding crisis, the
/// backward inductions were the whole of the search).
fn exact_type(
    pricer: &TypePricer,
    br: usize,
    per_type: usize,
    deadline: Option<Instant>,
    watch: &Watch,
) -> Result<TypeSearch, SolveError> {
    let s = pricer.s;
    let total = search_size(s, br);
    let others: Vec<usize> = (0..s.n).filter(|&j| j != br).collect();
    let Some(&inner) = others.iter().max_by_key(|&&j| s.psizes[j]) else {
        return Ok(TypeSearch {
            best: f64::INFINITY,
            found: Vec::new(),
            done: total,
            total,
        });
    };
    let outer: Vec<usize> = others.iter().copied().filter(|&j| j != inner).collect();
    let outer_sizes: Vec<usize> = outer.iter().map(|&j| s.psizes[j]).collect();
    let inner_size = s.psizes[inner];
    let mut best_cost = f64::INFINITY;
    let mut found: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut buffers = Buffers::default();
    let mut replies: HashMap<InnerKey, (f64, usize)> = HashMap::new();
    let mut r = vec![0; s.n];
    for index in 0..strides(&outer_sizes).1 {
        watch.check()?;
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(TypeSearch {
                best: best_cost,
                found: found.into_iter().map(|f| f.1).collect(),
                done: index * inner_size,
                total,
            });
        }
        for (k, c) in decode(index, &outer_sizes).into_iter().enumerate() {
            r[outer[k]] = c;
        }
        let relevant = pricer.relevant_to_inner(&r, &outer);
        replies.clear();
        for q in 0..inner_size {
            r[inner] = q;
            let key = pricer.inner_key(inner, q, &relevant);
            // A repeat's column differs from its first only on terminals no
            // weight reads: it is not offered, so that the columns offered
            // (at most `per_type`) are not copies of one.
            let ((value, rb), first) = match replies.get(&key) {
                Some(&reply) => (reply, false),
                None => {
                    let reply = pricer.best_reply(&r, br, &mut buffers)?;
                    replies.insert(key, reply);
                    (reply, true)
                }
            };
            let cost = pricer.base + value;
            best_cost = best_cost.min(cost);
            if first && cost < -PRICE_TOLERANCE {
                r[br] = rb;
                if found.len() < per_type || cost < found[found.len() - 1].0 {
                    found.push((cost, r.clone()));
                    found.sort_by(|a, b| a.0.total_cmp(&b.0));
                    found.truncate(per_type);
                }
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

/// What the best reply of [`exact_type`] depends on through the inner
/// player's plan, the others' plans fixed: the terminals that plan leads
/// to among those any weight reads ([`TypePricer::relevant_to_inner`]),
/// and the plan itself when it carries deviation rows of its own.
#[derive(PartialEq, Eq, Hash)]
struct InnerKey {
    reached: Vec<u64>,
    deviation_plan: Option<usize>,
}

#[cfg(test)]
mod tests;
