//! The sample log-likelihood, its exact gradient and Hessian.
//!
//! The per-observation log-likelihood depends on the parameters only through
//! a few linear indices `eta_k = X_k beta_k`; it is differentiated with
//! respect to the indices by forward-mode AD ([`crate::ad`]) and the chain
//! rule gives the parameter derivatives. Rows are processed in parallel.

use crate::ad::{Dual1, Dual2, Scalar};
use crate::data::Design;
use crate::models::{ModelSpec, Obs};
use rayon::prelude::*;

const CHUNK: usize = 1024;

/// Per-observation derivatives far out in the parameter space can overflow
/// (products of clamped utilities and tail ratios); they are bounded so that
/// sums over any realistic number of rows stay finite.
#[inline]
fn finite(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(-1e250, 1e250)
    }
}

/// A model with its data: everything the likelihood needs.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The model.
    pub spec: ModelSpec,
    /// Regressors.
    pub design: Design,
    /// Outcomes, one per row.
    pub obs: Vec<Obs>,
}

macro_rules! dispatch {
    ($k:expr, $f:ident, $($a:expr),*) => {
        match $k {
            1 => $f::<1>($($a),*),
            2 => $f::<2>($($a),*),
            3 => $f::<3>($($a),*),
            4 => $f::<4>($($a),*),
            5 => $f::<5>($($a),*),
            6 => $f::<6>($($a),*),
            7 => $f::<7>($($a),*),
            8 => $f::<8>($($a),*),
            _ => $f::<9>($($a),*),
        }
    };
}

impl Problem {
    /// Number of free parameters.
    pub fn n_params(&self) -> usize {
        self.design.p
    }

    /// Number of observations.
    pub fn n(&self) -> usize {
        self.design.n
    }

    /// The linear indices of row `i`.
    #[inline]
    pub fn eta_row(&self, theta: &[f64], i: usize, out: &mut [f64]) {
        let d = &self.design;
        let row = &d.x[i * d.p..(i + 1) * d.p];
        for (k, b) in d.blocks.iter().enumerate() {
            out[k] = match b.fixed {
                Some(v) => v,
                None => {
                    let s = d.start[k];
                    let e = s + b.terms.len();
                    row[s..e].iter().zip(&theta[s..e]).map(|(x, t)| x * t).sum()
                }
            };
        }
    }

    fn chunks(&self) -> usize {
        self.n().div_ceil(CHUNK).max(1)
    }

    /// Per-observation log-likelihoods.
    pub fn loglik_obs(&self, theta: &[f64]) -> Vec<f64> {
        let mut eta = [0.0; 9];
        (0..self.n())
            .map(|i| {
                self.eta_row(theta, i, &mut eta);
                self.spec.loglik_obs(&eta[..], &self.obs[i])
            })
            .collect()
    }

    /// Log-likelihood, with optional case weights (bootstrap counts).
    pub fn loglik(&self, theta: &[f64], w: Option<&[f64]>) -> f64 {
        (0..self.chunks())
            .into_par_iter()
            .map(|c| {
                let mut eta = [0.0; 9];
                let mut s = 0.0;
                for i in c * CHUNK..((c + 1) * CHUNK).min(self.n()) {
                    let wi = w.map_or(1.0, |w| w[i]);
                    if wi == 0.0 {
                        continue;
                    }
                    self.eta_row(theta, i, &mut eta);
                    s += wi * self.spec.loglik_obs(&eta[..], &self.obs[i]);
                }
                s
            })
            .sum()
    }

    /// Log-likelihood and gradient.
    pub fn gradient(&self, theta: &[f64], w: Option<&[f64]>) -> (f64, Vec<f64>) {
        dispatch!(self.spec.n_indices(), grad_impl, self, theta, w)
    }

    /// Log-likelihood, gradient and Hessian (row-major `p x p`).
    pub fn hessian(&self, theta: &[f64], w: Option<&[f64]>) -> (f64, Vec<f64>, Vec<f64>) {
        dispatch!(self.spec.n_indices(), hess_impl, self, theta, w)
    }
}

fn grad_impl<const N: usize>(pb: &Problem, theta: &[f64], w: Option<&[f64]>) -> (f64, Vec<f64>) {
    let p = pb.design.p;
    let n = pb.n();
    (0..pb.chunks())
        .into_par_iter()
        .map(|c| {
            let mut g = vec![0.0; p];
            let mut s = 0.0;
            let mut etaf = [0.0; 9];
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                let wi = w.map_or(1.0, |w| w[i]);
                if wi == 0.0 {
                    continue;
                }
                pb.eta_row(theta, i, &mut etaf);
                let mut eta = [Dual1::<N>::cst(0.0); N];
                for k in 0..N {
                    eta[k] = Dual1::var(etaf[k], k);
                }
                let mut l = pb.spec.loglik_obs(&eta[..], &pb.obs[i]);
                l.g.iter_mut().for_each(|x| *x = finite(*x));
                s += wi * l.v;
                let row = &pb.design.x[i * p..(i + 1) * p];
                for a in 0..p {
                    g[a] += wi * l.g[pb.design.blk[a]] * row[a];
                }
            }
            (s, g)
        })
        .reduce(
            || (0.0, vec![0.0; p]),
            |(s1, mut g1), (s2, g2)| {
                g1.iter_mut().zip(&g2).for_each(|(a, b)| *a += b);
                (s1 + s2, g1)
            },
        )
}

type Hess = (f64, Vec<f64>, Vec<f64>);

fn hess_impl<const N: usize>(pb: &Problem, theta: &[f64], w: Option<&[f64]>) -> Hess {
    let p = pb.design.p;
    let n = pb.n();
    let blk = &pb.design.blk;
    // Parameter range of each index (empty for fixed ones), in index order.
    let ranges: Vec<(usize, usize)> = (0..N)
        .map(|k| match pb.design.blocks.get(k) {
            Some(b) => (pb.design.start[k], pb.design.start[k] + b.terms.len()),
            None => (0, 0),
        })
        .collect();
    let (s, g, mut h) = (0..pb.chunks())
        .into_par_iter()
        .map(|c| {
            let mut g = vec![0.0; p];
            let mut h = vec![0.0; p * p];
            let mut s = 0.0;
            let mut etaf = [0.0; 9];
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                let wi = w.map_or(1.0, |w| w[i]);
                if wi == 0.0 {
                    continue;
                }
                pb.eta_row(theta, i, &mut etaf);
                let mut eta = [Dual2::<N>::cst(0.0); N];
                for k in 0..N {
                    eta[k] = Dual2::var(etaf[k], k);
                }
                let mut l = pb.spec.loglik_obs(&eta[..], &pb.obs[i]);
                l.g.iter_mut().for_each(|x| *x = finite(*x));
                l.h.iter_mut().flatten().for_each(|x| *x = finite(*x));
                s += wi * l.v;
                let row = &pb.design.x[i * p..(i + 1) * p];
                for a in 0..p {
                    g[a] += wi * l.g[blk[a]] * row[a];
                }
                // Block by block: contiguous, branch-free inner loops.
                for (k, &(sk, ek)) in ranges.iter().enumerate() {
                    for (kl, &(sl, el)) in ranges.iter().enumerate().skip(k) {
                        let c = wi * l.h[k][kl];
                        if c == 0.0 {
                            continue;
                        }
                        for a in sk..ek {
                            let ca = c * row[a];
                            let from = if kl == k { a } else { sl };
                            let hrow = &mut h[a * p + from..a * p + el];
                            for (hv, xb) in hrow.iter_mut().zip(&row[from..el]) {
                                *hv += ca * xb;
                            }
                        }
                    }
                }
            }
            (s, g, h)
        })
        .reduce(
            || (0.0, vec![0.0; p], vec![0.0; p * p]),
            |(s1, mut g1, mut h1), (s2, g2, h2)| {
                g1.iter_mut().zip(&g2).for_each(|(a, b)| *a += b);
                h1.iter_mut().zip(&h2).for_each(|(a, b)| *a += b);
                (s1 + s2, g1, h1)
            },
        );
    for a in 0..p {
        for b in 0..a {
            h[a * p + b] = h[b * p + a];
        }
    }
    (s, g, h)
}
