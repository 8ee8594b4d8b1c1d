//! The sample log-likelihood, its exact gradient and Hessian.
//!
//! The per-observation log-likelihood depends on the parameters only through
//! a few linear indices `eta_k = X_k beta_k`; it is differentiated with
//! respect to the indices by forward-mode AD ([`crate::ad`]) and the chain
//! rule gives the parameter derivatives. Rows are processed in parallel.

use crate::data::Design;
use crate::models::{ModelSpec, Obs};
use rayon::prelude::*;

const CHUNK: usize = 1024;
/// Rows per chunk of the Hessian, whose scratch (regressors by column and
/// the per-row derivatives) stays below glibc's mmap threshold (128 KiB)
/// for up to ~40 parameters, so that it is recycled rather than mapped and
/// zero-faulted afresh on every evaluation.
const HCHUNK: usize = 256;

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
                let mut l = pb.spec.loglik_obs_d1::<N>(&etaf, &pb.obs[i]);
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

/// `sum_i c_i x_i`, four lanes so that the compiler can vectorise.
#[inline(always)]
fn dot(c: &[f64], x: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (cc, xc) = (c.chunks_exact(4), x.chunks_exact(4));
    let (cr, xr) = (cc.remainder(), xc.remainder());
    for (c4, x4) in cc.zip(xc) {
        for l in 0..4 {
            acc[l] += c4[l] * x4[l];
        }
    }
    let tail: f64 = cr.iter().zip(xr).map(|(a, b)| a * b).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// The second pass of [`hess_impl`] over one chunk of `m` rows: `xt` holds
/// the regressors by column, `gc` and `hc` the weighted per-row derivatives
/// by index and by index pair. For each parameter `a`, the products of its
/// column with the pair coefficients are formed once and reused for every
/// `b >= a`.
#[inline(always)]
fn accumulate_body<const N: usize>(
    xt: &[f64],
    gc: &[f64],
    hc: &[f64],
    m: usize,
    blk: &[usize],
    g: &mut [f64],
    h: &mut [f64],
) {
    let p = g.len();
    let mut u = vec![0.0; N * m];
    for a in 0..p {
        let ka = blk[a];
        let xa = &xt[a * m..(a + 1) * m];
        g[a] = dot(&gc[ka * m..(ka + 1) * m], xa);
        for k in ka..N {
            let q = pair::<N>(ka, k);
            let (uk, ck) = (&mut u[k * m..(k + 1) * m], &hc[q * m..(q + 1) * m]);
            for ((ui, ci), xi) in uk.iter_mut().zip(ck).zip(xa) {
                *ui = ci * xi;
            }
        }
        for b in a..p {
            let kb = blk[b];
            h[a * p + b] = dot(&u[kb * m..(kb + 1) * m], &xt[b * m..(b + 1) * m]);
        }
    }
}

fn accumulate_generic<const N: usize>(
    xt: &[f64],
    gc: &[f64],
    hc: &[f64],
    m: usize,
    blk: &[usize],
    g: &mut [f64],
    h: &mut [f64],
) {
    accumulate_body::<N>(xt, gc, hc, m, blk, g, h)
}

/// The same code compiled for AVX2, where the CPU has it: the default
/// target (x86-64 baseline) vectorises two lanes, this four.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn accumulate_avx2<const N: usize>(
    xt: &[f64],
    gc: &[f64],
    hc: &[f64],
    m: usize,
    blk: &[usize],
    g: &mut [f64],
    h: &mut [f64],
) {
    accumulate_body::<N>(xt, gc, hc, m, blk, g, h)
}

fn accumulate<const N: usize>(
    xt: &[f64],
    gc: &[f64],
    hc: &[f64],
    m: usize,
    blk: &[usize],
    g: &mut [f64],
    h: &mut [f64],
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above), the only
        // requirement of a `target_feature` function.
        unsafe { accumulate_avx2::<N>(xt, gc, hc, m, blk, g, h) };
        return;
    }
    accumulate_generic::<N>(xt, gc, hc, m, blk, g, h)
}

/// Index of the pair (k, l), k <= l, in the upper triangle of N x N.
#[inline(always)]
const fn pair<const N: usize>(k: usize, l: usize) -> usize {
    k * N - k * (k + 1) / 2 + l
}

/// The Hessian in two passes per chunk of rows: first each row's derivatives
/// in its few indices (weighted, stored by index pair), then every entry of
/// the parameter Hessian as one long dot product over the chunk's rows with
/// the regressors transposed to columns. The second pass has no per-row
/// branching or short inner loops, so it runs at vector speed; entry by
/// entry it is the same sum as a per-row rank update.
fn hess_impl<const N: usize>(pb: &Problem, theta: &[f64], w: Option<&[f64]>) -> Hess {
    let p = pb.design.p;
    let n = pb.n();
    let blk = &pb.design.blk;
    let npair = N * (N + 1) / 2;
    let (s, g, mut h) = (0..n.div_ceil(HCHUNK).max(1))
        .into_par_iter()
        .map(|c| {
            let lo = c * HCHUNK;
            let m = ((c + 1) * HCHUNK).min(n) - lo;
            let mut xt = vec![0.0; p * m];
            let mut gc = vec![0.0; N * m];
            let mut hc = vec![0.0; npair * m];
            let mut s = 0.0;
            let mut etaf = [0.0; 9];
            for r in 0..m {
                let i = lo + r;
                let wi = w.map_or(1.0, |w| w[i]);
                if wi == 0.0 {
                    // Zero coefficients: the row drops out of every sum.
                    continue;
                }
                let row = &pb.design.x[i * p..(i + 1) * p];
                for (a, x) in row.iter().enumerate() {
                    xt[a * m + r] = *x;
                }
                pb.eta_row(theta, i, &mut etaf);
                let l = pb.spec.loglik_obs_d2::<N>(&etaf, &pb.obs[i]);
                s += wi * l.v;
                for k in 0..N {
                    gc[k * m + r] = wi * finite(l.g[k]);
                    for kl in k..N {
                        hc[pair::<N>(k, kl) * m + r] = wi * finite(l.h[k][kl]);
                    }
                }
            }
            let mut g = vec![0.0; p];
            let mut h = vec![0.0; p * p];
            accumulate::<N>(&xt, &gc, &hc, m, blk, &mut g, &mut h);
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
