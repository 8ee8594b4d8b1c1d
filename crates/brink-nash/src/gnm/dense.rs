//! Small dense linear algebra for the path, in buffers kept across steps:
//! a step of the path on a game of a few strategies costs a few hundred
//! flops, so allocating its matrices and vectors afresh (as nalgebra's
//! operators do) cost more than the arithmetic. The LU factorisation does
//! the operations of nalgebra's `LU` (partial pivoting on the largest entry,
//! the column scaled by the pivot's reciprocal, the same order of updates)
//! so that the path is traced as before, rounding included.

use nalgebra::{DMatrix, DVector};

/// `Dpsi` ready for the path's two uses: its adjugate times the ray (the
/// direction, which stays finite through the turns of the path, where
/// `Dpsi` is singular) and its inverse times a residual (Newton). Away
/// from singular, LU: `adj A v = det A * A^-1 v`. Near singular, where that
/// loses the direction, the adjugate itself from the singular value
/// decomposition: `A = U S V^T` gives `adj A = det U det V * V adj(S) U^T`,
/// `adj(S)` holding the products of all singular values but one.
pub(super) struct Factored {
    m: usize,
    /// The LU factors in place (column-major), or the adjugate.
    lu: Vec<f64>,
    /// Row swaps in order: at step `i`, row `i` with row `swaps[i]`.
    swaps: Vec<usize>,
    /// Whether `lu` holds the adjugate (near singular) instead.
    adjugate: bool,
    /// Whether some pivot of the LU is zero (`solve` then gives zero, as
    /// nalgebra's failed solve did here).
    singular: bool,
    pub(super) det: f64,
}

impl Factored {
    pub(super) fn new(m: usize) -> Self {
        Factored {
            m,
            lu: vec![0.0; m * m],
            swaps: vec![0; m],
            adjugate: false,
            singular: false,
            det: 0.0,
        }
    }

    /// Factors `a` (column-major, `m` by `m`), which is left as it was.
    pub(super) fn factor(&mut self, a: &[f64]) {
        let m = self.m;
        self.lu.copy_from_slice(a);
        self.adjugate = false;
        self.singular = false;
        let lu = &mut self.lu;
        let mut odd = false;
        for i in 0..m {
            // The largest entry of column i on or below the diagonal (the
            // first such, as nalgebra's icamax).
            let mut piv = i;
            let mut top = lu[i + i * m].abs();
            for r in i + 1..m {
                let v = lu[r + i * m].abs();
                if v > top {
                    top = v;
                    piv = r;
                }
            }
            self.swaps[i] = piv;
            let diag = lu[piv + i * m];
            if diag == 0.0 {
                self.swaps[i] = i;
                continue;
            }
            if piv != i {
                odd = !odd;
                for c in 0..m {
                    lu.swap(i + c * m, piv + c * m);
                }
            }
            let inv = 1.0 / diag;
            for r in i + 1..m {
                lu[r + i * m] *= inv;
            }
            for c in i + 1..m {
                let p = lu[i + c * m];
                for r in i + 1..m {
                    lu[r + c * m] += -p * lu[r + i * m];
                }
            }
        }
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        let mut det = 1.0;
        for i in 0..m {
            let d = lu[i + i * m];
            lo = lo.min(d.abs());
            hi = hi.max(d.abs());
            det *= d;
            self.singular |= d == 0.0;
        }
        if lo > 1e-8 * hi {
            self.det = if odd { -det } else { det };
            return;
        }
        self.near_singular(a);
    }

    fn near_singular(&mut self, a: &[f64]) {
        let m = self.m;
        self.adjugate = true;
        let svd = DMatrix::from_column_slice(m, m, a).svd(true, true);
        let (Some(u), Some(vt)) = (svd.u, svd.v_t) else {
            self.det = 0.0;
            self.lu.fill(0.0);
            return;
        };
        let s = svd.singular_values;
        let sign = u.clone().determinant().signum() * vt.clone().determinant().signum();
        let others = DVector::from_fn(m, |i, _| {
            (0..m).filter(|&j| j != i).map(|j| s[j]).product::<f64>()
        });
        self.det = sign * s.iter().product::<f64>();
        let adj = vt.transpose() * DMatrix::from_diagonal(&others) * u.transpose() * sign;
        self.lu.copy_from_slice(adj.as_slice());
    }

    /// `out = A^-1 v` from the LU factors (zero if a pivot is zero).
    fn solve(&self, v: &[f64], out: &mut [f64]) {
        let m = self.m;
        out.copy_from_slice(v);
        if self.singular {
            out.fill(0.0);
            return;
        }
        for (i, &p) in self.swaps.iter().enumerate() {
            out.swap(i, p);
        }
        let lu = &self.lu;
        for i in 0..m.saturating_sub(1) {
            let c = out[i];
            for r in i + 1..m {
                out[r] += -c * lu[r + i * m];
            }
        }
        for i in (0..m).rev() {
            let c = out[i] / lu[i + i * m];
            out[i] = c;
            for r in 0..i {
                out[r] += -c * lu[r + i * m];
            }
        }
    }

    /// `out = adj(A) v`.
    pub(super) fn adjugate_times(&self, v: &[f64], out: &mut [f64]) {
        if self.adjugate {
            gemv(&self.lu, v, out);
        } else {
            self.solve(v, out);
            out.iter_mut().for_each(|a| *a *= self.det);
        }
    }

    /// `out = A^-1 v`.
    pub(super) fn inverse_times(&self, v: &[f64], out: &mut [f64]) {
        if self.adjugate {
            gemv(&self.lu, v, out);
            out.iter_mut().for_each(|a| *a /= self.det);
        } else {
            self.solve(v, out);
        }
    }
}

/// `out = A v`, `A` square and column-major, column by column (the order
/// of nalgebra's product).
pub(super) fn gemv(a: &[f64], v: &[f64], out: &mut [f64]) {
    let m = out.len();
    out.fill(0.0);
    for (c, &x) in v.iter().enumerate() {
        let col = &a[c * m..(c + 1) * m];
        if c == 0 {
            for (o, &e) in out.iter_mut().zip(col) {
                *o = x * e;
            }
        } else {
            for (o, &e) in out.iter_mut().zip(col) {
                *o += x * e;
            }
        }
    }
}
