//! Small dense linear algebra for the path, in buffers kept across steps:
//! a step of the path on a game of a few strategies costs a few hundred
//! flops, so allocating its matrices and vectors afresh (as nalgebra's
//! operators do) cost more than the arithmetic. The LU factorisation does
//! the operations of nalgebra's `LU` (partial pivoting on the largest entry,
//! the column scaled by the pivot's reciprocal, the same order of updates)
//! so that the path is traced as before, rounding included.

use nalgebra::DMatrix;

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
        let odd = eliminate(&mut self.lu, &mut self.swaps, m);
        let lu = &self.lu;
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
        // U and V are orthogonal: their determinants are +1 or -1, read
        // off their LU factors in the scratch buffer.
        let mut sign = 1.0;
        for q in [u.as_slice(), vt.as_slice()] {
            self.lu.copy_from_slice(q);
            sign *= lu_det(&mut self.lu, &mut self.swaps, m).signum();
        }
        let others: Vec<f64> = (0..m)
            .map(|i| (0..m).filter(|&j| j != i).map(|j| s[j]).product::<f64>())
            .collect();
        self.det = sign * s.iter().product::<f64>();
        // adj A = sign * V diag(others) U^T, entry by entry.
        for c in 0..m {
            for r in 0..m {
                let mut e = 0.0;
                for (k, &o) in others.iter().enumerate() {
                    e += vt[(k, r)] * o * u[(c, k)];
                }
                self.lu[r + c * m] = e * sign;
            }
        }
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

/// LU with partial pivoting in place (`lu` column-major, `m` by `m`), as
/// nalgebra's `LU` (the largest entry of the column, the first such; the
/// column scaled by the pivot's reciprocal); a zero column is skipped.
/// `swaps` gets the row swaps; returns whether their number is odd.
fn eliminate(lu: &mut [f64], swaps: &mut [usize], m: usize) -> bool {
    let mut odd = false;
    for i in 0..m {
        let mut piv = i;
        let mut top = lu[i + i * m].abs();
        for r in i + 1..m {
            let v = lu[r + i * m].abs();
            if v > top {
                top = v;
                piv = r;
            }
        }
        swaps[i] = piv;
        let diag = lu[piv + i * m];
        if diag == 0.0 {
            swaps[i] = i;
            continue;
        }
        if piv != i {
            odd = !odd;
            for c in 0..m {
                lu.swap(i + c * m, piv + c * m);
            }
        }
        let inv = 1.0 / diag;
        // Column i's part below the pivot, and the columns to its right,
        // as slices (no bounds check per entry).
        let (left, right) = lu.split_at_mut((i + 1) * m);
        let below = &mut left[i * m + i + 1..];
        below.iter_mut().for_each(|e| *e *= inv);
        for col in right.chunks_exact_mut(m) {
            let p = col[i];
            for (e, &l) in col[i + 1..].iter_mut().zip(below.iter()) {
                *e += -p * l;
            }
        }
    }
    odd
}

/// The determinant of `a` (overwritten by its LU factors).
fn lu_det(a: &mut [f64], swaps: &mut [usize], m: usize) -> f64 {
    let odd = eliminate(a, swaps, m);
    let det: f64 = (0..m).map(|i| a[i + i * m]).product();
    if odd {
        -det
    } else {
        det
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
