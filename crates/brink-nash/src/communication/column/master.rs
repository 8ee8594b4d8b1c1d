//! The restricted program of column generation: its columns, auxiliaries
//! and deviation rows, the master's dual as a linear program, and the pool
//! of columns that left it idle.

use super::{strides, Column, Recommendation, Setup, IDLE_COST, MAX_DROPS, PENALTY, TOLERANCE};
use crate::lp::interior::LinearProgram;
use std::collections::HashMap;

/// Key of an auxiliary `v(i, a, b, r_i)`.
pub(super) type VKey = (usize, usize, usize, usize);

/// The restricted program's columns and rows.
#[derive(Clone, Default)]
pub(super) struct Master {
    /// Columns: (type profile, plan profile).
    pub(super) columns: Vec<Column>,
    pub(super) seen: HashMap<(Vec<usize>, Vec<usize>), usize>,
    /// Auxiliaries `v`, by key.
    pub(super) vkeys: Vec<VKey>,
    pub(super) vindex: HashMap<VKey, usize>,
    /// Deviation rows: (auxiliary, deviation plan `d`).
    pub(super) drows: Vec<(usize, usize)>,
    pub(super) dseen: HashMap<(usize, usize), usize>,
    /// Deviation rows of each auxiliary.
    pub(super) dof: Vec<Vec<usize>>,
    /// Per column: the rounds in a row it has been idle.
    idle: Vec<usize>,
    /// Columns that left the master, repriced each round (see
    /// [`Master::drop_idle`]).
    pool: Vec<Column>,
    /// How often each column left the master.
    pub(super) drops: HashMap<Column, usize>,
    /// The first columns, one per type profile, which keep every `y_t`
    /// bounded and so never leave.
    pub(super) pinned: usize,
}

impl Master {
    pub(super) fn add_column(&mut self, s: &Setup, t: Vec<usize>, r: Vec<usize>) -> bool {
        if self.seen.contains_key(&(t.clone(), r.clone())) {
            return false;
        }
        for i in 0..s.n {
            for a in 0..s.tsizes[i] {
                let key = (i, a, t[i], r[i]);
                if !self.vindex.contains_key(&key) {
                    self.vindex.insert(key, self.vkeys.len());
                    self.vkeys.push(key);
                    self.dof.push(Vec::new());
                    // Obedience is the first reply to check.
                    self.add_row(self.vkeys.len() - 1, r[i]);
                }
            }
        }
        self.seen.insert((t.clone(), r.clone()), self.columns.len());
        self.columns.push((t, r));
        self.idle.push(0);
        true
    }

    /// Counts the rounds each column has been idle (reduced cost above
    /// [`IDLE_COST`] at the master's multipliers `x`, read from `program`'s
    /// rows), counting only rounds whose master is `feasible` (no elastic
    /// violation: before, prices are mostly the elastic rows' penalties), and
    /// moves to the pool those idle `after` rounds in a row that have left
    /// fewer than [`MAX_DROPS`] times; returns how many left.
    ///
    /// An idle column is in no optimal mechanism of the master, so the
    /// master keeps its optimum without it; the pool is priced every round
    /// ([`Master::returning`]), so a column that turns useful again as rows
    /// are added comes back at once, and since a column leaves at most
    /// [`MAX_DROPS`] times the run still ends. The exact search that proves
    /// optimality covers every plan profile, in the master or not. The
    /// auxiliaries and deviation rows stay. Without a pool, the founding
    /// crisis's masters keep every column ever priced (3,754 at round 57,
    /// of which 70 carried a probability above 1e-6), and the interior-point
    /// solve of the master, whose cost grows with its size, was 88% of a
    /// 300 s run; dropping without a pool (each column once) lost columns
    /// the descent did not find again (P(war) 0.085 at 300 s against 0.064).
    pub(super) fn drop_idle(
        &mut self,
        program: &LinearProgram,
        x: &[f64],
        after: usize,
        feasible: bool,
    ) -> usize {
        let mut keep = Vec::with_capacity(self.columns.len());
        for (c, row) in program.rows.iter().take(self.columns.len()).enumerate() {
            if feasible {
                let reduced = program.rhs[c] - dot(row, x);
                self.idle[c] = if reduced > IDLE_COST {
                    self.idle[c] + 1
                } else {
                    0
                };
            }
            keep.push(
                c < self.pinned
                    || self.idle[c] < after
                    || self.drops.get(&self.columns[c]).copied().unwrap_or(0) >= MAX_DROPS,
            );
        }
        let mut kept = Vec::with_capacity(self.columns.len());
        let mut idle = Vec::with_capacity(self.columns.len());
        for ((column, days), keep) in self.columns.drain(..).zip(&self.idle).zip(keep) {
            if keep {
                kept.push(column);
                idle.push(*days);
            } else {
                self.seen.remove(&column);
                *self.drops.entry(column.clone()).or_default() += 1;
                self.pool.push(column);
            }
        }
        let left = self.idle.len() - kept.len();
        self.columns = kept;
        self.idle = idle;
        for (c, column) in self.columns.iter().enumerate() {
            self.seen.insert(column.clone(), c);
        }
        left
    }

    /// The pool's columns whose reduced cost at the master's multipliers
    /// `x` is negative, taken out of the pool.
    pub(super) fn returning(&mut self, s: &Setup, x: &[f64]) -> Vec<Column> {
        let (back, stay): (Vec<Column>, Vec<Column>) = std::mem::take(&mut self.pool)
            .into_iter()
            .partition(|(t, r)| {
                let (row, rhs) = self.column_row(s, t, r);
                rhs - dot(&row, x) < -TOLERANCE
            });
        self.pool = stay;
        back
    }

    /// The primal part of a solution of [`Master::program`] split: one
    /// probability per column, the auxiliaries' values, and the largest
    /// elastic violation.
    pub(super) fn split_prices<'p>(&self, prices: &'p [f64]) -> (&'p [f64], &'p [f64], f64) {
        let (nc, nv) = (self.columns.len(), self.vkeys.len());
        let elastic = prices[nc + nv..].iter().copied().fold(0.0, f64::max);
        (&prices[..nc], &prices[nc..nc + nv], elastic)
    }

    /// The mechanism of the master's solution `pi` (one probability per
    /// column): the columns it gives positive probability.
    pub(super) fn support(&self, pi: &[f64]) -> Vec<Recommendation> {
        self.columns
            .iter()
            .zip(pi)
            .filter(|(_, &p)| p > 0.0)
            .map(|((t, r), &p)| (t.clone(), r.clone(), p))
            .collect()
    }

    pub(super) fn add_row(&mut self, v: usize, d: usize) -> bool {
        if self.dseen.contains_key(&(v, d)) {
            return false;
        }
        self.dseen.insert((v, d), self.drows.len());
        self.dof[v].push(self.drows.len());
        self.drows.push((v, d));
        true
    }

    /// The row of column `(t, r)` in [`Master::program`] and its right-hand
    /// side, over the auxiliaries and deviation rows the master has now.
    pub(super) fn column_row(&self, s: &Setup, t: &[usize], r: &[usize]) -> (Vec<(u32, f64)>, f64) {
        let (tstr, _) = strides(&s.tsizes);
        let shift = |j: usize| (j - s.nt) as u32;
        let sigma0 = 2 * s.nt + s.lambdas();
        let ti: usize = t.iter().zip(&tstr).map(|(a, st)| a * st).sum();
        let mut row: Vec<(u32, f64)> = vec![(ti as u32, 1.0)];
        for i in 0..s.n {
            let u = s.game.belief_of(i, t) * s.payoff(i, t, r, true);
            if u != 0.0 {
                for b in 0..s.tsizes[i] {
                    row.push((shift(s.lambda(i, t[i], b)), u));
                }
            }
            for a in 0..s.tsizes[i] {
                let v = self.vindex[&(i, a, t[i], r[i])];
                let mut truth = t.to_vec();
                truth[i] = a;
                let q = s.game.belief_of(i, &truth);
                for &d in &self.dof[v] {
                    let mut dev = r.to_vec();
                    dev[i] = self.drows[d].1;
                    let x = q * s.payoff(i, &truth, &dev, true);
                    if x != 0.0 {
                        row.push((shift(sigma0 + d), -x));
                    }
                }
            }
        }
        (row, s.game.prior_of(t) * s.objective(r) + 1.0)
    }

    /// The master's dual (see the parent module): rows are the columns `pi`,
    /// the auxiliaries `v` and the elastic `e`; variables are `y` (free),
    /// `lambda` and `sigma`, numbered as [`Setup::lambda`] and `sigma0`
    /// number them less `nt` (the slots of `y-` in [`split_free`]'s layout).
    pub(super) fn program(&self, s: &Setup) -> LinearProgram {
        self.program_with(s, PENALTY)
    }

    /// [`Master::program`] with the elastic variables at cost `penalty`:
    /// the multipliers `lambda` are capped there (see `bound`).
    pub(super) fn program_with(&self, s: &Setup, penalty: f64) -> LinearProgram {
        let shift = |j: usize| (j - s.nt) as u32;
        let sigma0 = 2 * s.nt + s.lambdas();
        let vars = sigma0 - s.nt + self.drows.len();
        let mut rows = Vec::with_capacity(self.columns.len() + self.vkeys.len());
        let mut rhs = Vec::with_capacity(rows.capacity());
        for (t, r) in &self.columns {
            let (row, b) = self.column_row(s, t, r);
            rows.push(row);
            rhs.push(b);
        }
        for (v, &(i, a, b, _)) in self.vkeys.iter().enumerate() {
            let mut row = vec![(shift(s.lambda(i, a, b)), -1.0)];
            row.extend(self.dof[v].iter().map(|&d| (shift(sigma0 + d), 1.0)));
            rows.push(row);
            rhs.push(0.0);
        }
        for i in 0..s.n {
            for a in 0..s.tsizes[i] {
                for b in 0..s.tsizes[i] {
                    rows.push(vec![(shift(s.lambda(i, a, b)), 1.0)]);
                    rhs.push(penalty);
                }
            }
        }
        let mut objective = vec![0.0; vars];
        objective[..s.nt].fill(1.0);
        LinearProgram {
            vars,
            free: s.nt,
            rows,
            rhs,
            objective,
        }
    }
}

/// A sparse row times a dense vector; entries past its end count as zero
/// (the multipliers of deviation rows added since the master was solved).
fn dot(row: &[(u32, f64)], x: &[f64]) -> f64 {
    row.iter()
        .map(|&(j, a)| a * x.get(j as usize).copied().unwrap_or(0.0))
        .sum()
}

/// The master's variables in the layout pricing reads, `y+`, `y-`,
/// `lambda`, `sigma`, from the program's `y`, `lambda`, `sigma`.
pub(super) fn split_free(nt: usize, x: &[f64]) -> Vec<f64> {
    let mut split = Vec::with_capacity(x.len() + nt);
    split.extend(x[..nt].iter().map(|y| y.max(0.0)));
    split.extend(x[..nt].iter().map(|y| (-y).max(0.0)));
    split.extend_from_slice(&x[nt..]);
    split
}

/// The packing's variables with each deviation row's `sigma` scaled down
/// where the interior-point solution's tolerance let `sum_d sigma` exceed
/// `lambda`: the Lagrangian lower bound holds only for dual-feasible
/// multipliers.
pub(super) fn feasible_multipliers(s: &Setup, master: &Master, x: &[f64]) -> Vec<f64> {
    let sigma0 = 2 * s.nt + s.lambdas();
    let mut x = x.to_vec();
    for (v, &(i, a, b, _)) in master.vkeys.iter().enumerate() {
        let rows: Vec<usize> = master.dof[v]
            .iter()
            .map(|&d| sigma0 + d)
            .filter(|&j| j < x.len())
            .collect();
        let total: f64 = rows.iter().map(|&j| x[j]).sum();
        let lambda = x[s.lambda(i, a, b)].max(0.0);
        if total > lambda {
            let scale = if total > 0.0 { lambda / total } else { 0.0 };
            for j in rows {
                x[j] *= scale;
            }
        }
    }
    x
}
