//! The logit system of a strategic game, in log-probability coordinates.
//!
//! Per player `p` with strategies `0..k`: one equation `sum_j exp(x_pj) = 1`
//! and, for `j > 0`, `x_pj - x_p0 - lambda (u_pj - u_p0) = 0`, where `u_pj`
//! is the expected payoff of pure strategy `j` against the others' mix.
//! The Jacobian is exact: `d u_pj / d x_qk` (for `q != p`) is the sum over
//! the cells where `p` plays `j` and `q` plays `k` of the payoff times the
//! probability that everyone but `p` plays that cell, which one pass over
//! the table accumulates alongside `u` itself.

use crate::path::QreSystem;
use crate::polish::Polish;
use brink_game::{Profile, StrategicGame};

pub(crate) struct StrategicSystem {
    shape: Vec<usize>,
    offset: Vec<usize>,
    m: usize,
    /// Payoffs by cell, then player, times `scale` (one over the payoff
    /// range, so that the tracer's steps do not depend on the units).
    payoffs: Vec<f64>,
    /// The variable (offset plus strategy) of each player in each cell.
    cell_vars: Vec<u32>,
}

struct Values {
    /// `u[var]`: value of each pure strategy.
    u: Vec<f64>,
    /// `du[row_var * m + col_var]`, filled only on request.
    du: Vec<f64>,
}

impl StrategicSystem {
    pub(crate) fn new(game: &StrategicGame, scale: f64) -> Self {
        let shape = game.shape();
        let mut offset = Vec::with_capacity(shape.len());
        let mut m = 0;
        for &k in &shape {
            offset.push(m);
            m += k;
        }
        let n = game.num_players();
        let mut payoffs = Vec::with_capacity(game.num_cells() * n);
        for c in 0..game.num_cells() {
            for p in 0..n {
                payoffs.push(game.payoff_f64(c, p) * scale);
            }
        }
        let cell_vars = (0..game.num_cells())
            .flat_map(|c| {
                let profile = game.cell_profile(c);
                let offset = &offset;
                profile
                    .into_iter()
                    .enumerate()
                    .map(move |(p, s)| (offset[p] + s) as u32)
            })
            .collect();
        StrategicSystem {
            shape,
            offset,
            m,
            payoffs,
            cell_vars,
        }
    }

    /// Probabilities per player from the log-probabilities.
    pub(crate) fn probs(&self, y: &[f64]) -> Vec<Vec<f64>> {
        self.shape
            .iter()
            .zip(&self.offset)
            .map(|(&k, &o)| y[o..o + k].iter().map(|x| x.exp()).collect())
            .collect()
    }

    pub(crate) fn profile(&self, y: &[f64]) -> Profile<f64> {
        Profile::mixed(self.probs(y))
    }

    fn values(&self, y: &[f64], with_jacobian: bool) -> Values {
        let n = self.shape.len();
        let m = self.m;
        let pv: Vec<f64> = y[..m].iter().map(|x| x.exp()).collect();
        let mut u = vec![0.0; m];
        let mut du = if with_jacobian {
            vec![0.0; m * m]
        } else {
            Vec::new()
        };
        let mut prefix = vec![1.0; n + 1];
        let mut suffix = vec![1.0; n + 1];
        for (pay, vars) in self
            .payoffs
            .chunks_exact(n)
            .zip(self.cell_vars.chunks_exact(n))
        {
            for p in 0..n {
                prefix[p + 1] = prefix[p] * pv[vars[p] as usize];
            }
            for p in (0..n).rev() {
                suffix[p] = suffix[p + 1] * pv[vars[p] as usize];
            }
            for p in 0..n {
                // Probability that everyone but p plays this cell.
                let w = prefix[p] * suffix[p + 1] * pay[p];
                let row = vars[p] as usize;
                u[row] += w;
                if with_jacobian {
                    let drow = &mut du[row * m..(row + 1) * m];
                    for (q, &v) in vars.iter().enumerate() {
                        if q != p {
                            drow[v as usize] += w;
                        }
                    }
                }
            }
        }
        Values { u, du }
    }
}

impl QreSystem for StrategicSystem {
    fn dim(&self) -> usize {
        self.m
    }

    fn start(&self) -> Vec<f64> {
        let mut y = Vec::with_capacity(self.m + 1);
        for &k in &self.shape {
            y.extend(std::iter::repeat_n(-(k as f64).ln(), k));
        }
        y.push(0.0);
        y
    }

    fn eval(&self, y: &[f64], out: &mut [f64]) {
        let lambda = y[self.m];
        let v = self.values(y, false);
        for (&k, &o) in self.shape.iter().zip(&self.offset) {
            out[o] = y[o..o + k].iter().map(|x| x.exp()).sum::<f64>() - 1.0;
            for j in 1..k {
                out[o + j] = y[o + j] - y[o] - lambda * (v.u[o + j] - v.u[o]);
            }
        }
    }

    fn jacobian(&self, y: &[f64], out: &mut [f64]) {
        let m = self.m;
        let n = m + 1;
        let lambda = y[m];
        let v = self.values(y, true);
        out.iter_mut().for_each(|x| *x = 0.0);
        for (&k, &o) in self.shape.iter().zip(&self.offset) {
            for j in 0..k {
                out[o * n + o + j] = y[o + j].exp();
            }
            for j in 1..k {
                let row = &mut out[(o + j) * n..(o + j + 1) * n];
                let (dj, d0) = (
                    &v.du[(o + j) * m..(o + j + 1) * m],
                    &v.du[o * m..(o + 1) * m],
                );
                for c in 0..m {
                    row[c] = -lambda * (dj[c] - d0[c]);
                }
                row[o + j] += 1.0;
                row[o] -= 1.0;
                row[m] = -(v.u[o + j] - v.u[o]);
            }
        }
    }

    fn regret(&self, y: &[f64]) -> f64 {
        let v = self.values(y, false);
        let mut worst = 0.0f64;
        for (&k, &o) in self.shape.iter().zip(&self.offset) {
            let vals = &v.u[o..o + k];
            let best = vals.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let mean: f64 = vals
                .iter()
                .zip(&y[o..o + k])
                .map(|(u, x)| u * x.exp())
                .sum();
            worst = worst.max(best - mean);
        }
        worst
    }
}

impl Polish for StrategicSystem {
    fn blocks(&self) -> Vec<(usize, usize)> {
        self.offset
            .iter()
            .copied()
            .zip(self.shape.iter().copied())
            .collect()
    }

    fn values_jacobian(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let v = self.values(y, true);
        (v.u, v.du)
    }

    fn frozen(&self, _y: &[f64]) -> Vec<bool> {
        vec![false; self.shape.len()]
    }
}
