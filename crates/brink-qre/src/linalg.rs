//! Dense linear algebra for path following: a Householder QR factorisation of
//! the transposed Jacobian, which gives both the curve's tangent and the
//! minimum-norm Newton correction (Allgower and Georg, ch. 4), and square
//! solves by nalgebra's LU.
//!
//! The QR stays written here, on purpose: nalgebra's QR hands out the thin
//! `Q` and `R` but not its Householder vectors, so the tangent (the last
//! column of the full `Q`) and the orientation `sign det [J; t]` would cost
//! forming `Q` and a second factorisation. One tracer step then took 1.7 to
//! 2.8 times as long at 5 to 200 log-probabilities, single-threaded
//! (`python3 bench/linalg_vs_hand.py`), `logit` 1.2 to 1.9 times as long
//! end to end on the games of `bench/logit_vs_pygambit.py`, and the
//! columns below could no longer be updated in parallel.

use nalgebra::{DMatrix, DVector};
use rayon::prelude::*;

/// Flops in one reflection step above which columns are updated in parallel.
const PARALLEL_WORK: usize = 1 << 22;

/// Dot product with four partial sums, so that it vectorises (a plain fold
/// fixes the order of the additions and cannot).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// QR factorisation of `A = J^T`, an `n x m` matrix with `n = m + 1`, stored by
/// columns (column `k` holds the gradient of equation `k`).
pub(crate) struct Qr {
    n: usize,
    m: usize,
    /// Upper triangle holds R (strictly above the diagonal); the rest is scratch.
    a: Vec<f64>,
    /// Householder vectors, `v[k*n + i]` for `i >= k`.
    v: Vec<f64>,
    beta: Vec<f64>,
    rdiag: Vec<f64>,
}

impl Qr {
    /// Factors `a` (column-major, `m` columns of length `n`).
    pub(crate) fn new(mut a: Vec<f64>, n: usize, m: usize) -> Qr {
        debug_assert_eq!(a.len(), n * m);
        let mut v = vec![0.0; n * m];
        let mut beta = vec![0.0; m];
        let mut rdiag = vec![0.0; m];
        for k in 0..m {
            let (done, rest) = a.split_at_mut((k + 1) * n);
            let col = &done[k * n..];
            let norm = dot(&col[k..], &col[k..]).sqrt();
            if norm == 0.0 {
                continue;
            }
            let alpha = if col[k] > 0.0 { -norm } else { norm };
            let vk = &mut v[k * n..(k + 1) * n];
            vk[k..].copy_from_slice(&col[k..]);
            vk[k] -= alpha;
            let vnorm2: f64 = vk[k..].iter().map(|x| x * x).sum();
            if vnorm2 == 0.0 {
                rdiag[k] = alpha;
                continue;
            }
            let b = 2.0 / vnorm2;
            beta[k] = b;
            rdiag[k] = alpha;
            let vk = &vk[k..];
            let reflect = |colj: &mut [f64]| {
                let s = dot(vk, &colj[k..]);
                if s != 0.0 {
                    let f = b * s;
                    for (y, x) in colj[k..].iter_mut().zip(vk) {
                        *y -= f * x;
                    }
                }
            };
            // Columns are independent: share them out when there is enough
            // work to pay for the threads (large agent forms).
            if rest.len() * (n - k) > PARALLEL_WORK {
                rest.par_chunks_exact_mut(n).for_each(reflect);
            } else {
                rest.chunks_exact_mut(n).for_each(reflect);
            }
        }
        Qr {
            n,
            m,
            a,
            v,
            beta,
            rdiag,
        }
    }

    /// `z := Q z`.
    fn apply_q(&self, z: &mut [f64]) {
        let n = self.n;
        for k in (0..self.m).rev() {
            if self.beta[k] == 0.0 {
                continue;
            }
            let vk = &self.v[k * n + k..(k + 1) * n];
            let s = dot(vk, &z[k..]);
            let f = self.beta[k] * s;
            for (y, x) in z[k..].iter_mut().zip(vk) {
                *y -= f * x;
            }
        }
    }

    /// A unit vector spanning the kernel of `J` (the last column of `Q`).
    pub(crate) fn tangent(&self) -> Vec<f64> {
        let mut z = vec![0.0; self.n];
        z[self.n - 1] = 1.0;
        self.apply_q(&mut z);
        z
    }

    /// The sign of `det [J; t]` with `t` the [`Qr::tangent`]: `Q` is a product
    /// of reflections (determinant -1 each) and `[J^T t] = Q [R e_n]`.
    pub(crate) fn det_sign(&self) -> f64 {
        let reflections = self.beta.iter().filter(|&&b| b != 0.0).count();
        let diag = self.rdiag.iter().fold(1.0f64, |s, d| s * d.signum());
        if reflections % 2 == 0 {
            diag
        } else {
            -diag
        }
    }

    /// The minimum-norm solution `d` of `J d = h`.
    pub(crate) fn solve_min_norm(&self, h: &[f64]) -> Vec<f64> {
        let (n, m) = (self.n, self.m);
        // R^T w = h by forward substitution; R[k][i] sits in column i.
        let mut z = vec![0.0; n];
        for i in 0..m {
            let col = &self.a[i * n..];
            let s: f64 = (0..i).map(|k| col[k] * z[k]).sum();
            z[i] = (h[i] - s) / self.rdiag[i];
        }
        self.apply_q(&mut z);
        z
    }
}

/// Solves the square system `A x = b` (`A` row-major, `k x k`) by LU with
/// partial pivoting; `None` if `A` is singular: a pivot below 1e-300 in
/// magnitude, or a solution that is not finite.
pub(crate) fn lu_solve(a: Vec<f64>, b: Vec<f64>, k: usize) -> Option<Vec<f64>> {
    // Row-major data read by columns is the transpose; transposing in place
    // spares a copy.
    let mut m = DMatrix::from_vec(k, k, a);
    m.transpose_mut();
    let lu = m.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() < 1e-300) {
        return None;
    }
    let mut x = DVector::from_vec(b);
    lu.solve_mut(&mut x);
    let x: Vec<f64> = x.data.into();
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tangent_spans_kernel_and_newton_solves() {
        // J = [[1, 2, 3], [0, 1, 1]]: kernel spanned by (-1, -1, 1).
        let j = [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]];
        let a: Vec<f64> = j.iter().flatten().copied().collect();
        let qr = Qr::new(a, 3, 2);
        let t = qr.tangent();
        for row in &j {
            let dot: f64 = row.iter().zip(&t).map(|(x, y)| x * y).sum();
            assert!(dot.abs() < 1e-12);
        }
        assert!((t.iter().map(|x| x * x).sum::<f64>() - 1.0).abs() < 1e-12);
        let d = qr.solve_min_norm(&[6.0, 2.0]);
        for (row, rhs) in j.iter().zip([6.0, 2.0]) {
            let dot: f64 = row.iter().zip(&d).map(|(x, y)| x * y).sum();
            assert!((dot - rhs).abs() < 1e-12);
        }
        // Minimum norm: orthogonal to the kernel.
        let dot: f64 = d.iter().zip(&t).map(|(x, y)| x * y).sum();
        assert!(dot.abs() < 1e-12);
    }

    #[test]
    fn lu_solves_and_reports_singular() {
        let x = lu_solve(vec![0.0, 2.0, 1.0, 1.0], vec![4.0, 3.0], 2).unwrap();
        assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12);
        assert!(lu_solve(vec![1.0, 2.0, 2.0, 4.0], vec![1.0, 1.0], 2).is_none());
    }
}
