//! Small dense linear algebra for the path, in buffers kept across steps:
//! a step of the path on a game of a few strategies costs a few hundred
//! flops, so allocating its matrices and vectors afresh (as nalgebra's
//! operators do) cost more than the arithmetic. The LU factorisation does
//! the operations of nalgebra's `LU` (partial pivoting on the largest entry,
//! the column scaled by the pivot's reciprocal, the same order of updates)
//! so that the path is traced as before, rounding included.

/// `Dpsi` ready for the path's two uses: its adjugate times the ray (the
/// direction, which stays finite through the turns of the path, where
/// `Dpsi` is singular) and its inverse times a residual (Newton). Away
/// from singular, LU: `adj A v = det A * A^-1 v`. Near singular, where that
/// loses the direction, the adjugate itself from an LU with full pivoting,
/// which puts the one small pivot last (where the path turns, `Dpsi` has
/// rank `m - 1`) and never divides by it. (This was a singular value
/// decomposition, which cost about 40% of the time on games whose path
/// runs through singular cells, as nau2004's sec5 and sec6.)
pub(super) struct Factored<'a> {
    m: usize,
    /// The LU factors in place (column-major).
    lu: &'a mut [f64],
    /// Row swaps in order: at step `i`, row `i` with row `swaps[i]`.
    swaps: &'a mut [usize],
    /// Near singular: `lu` holds LU factors with full pivoting, `cols` the
    /// column swaps in order.
    full: bool,
    cols: &'a mut [usize],
    /// Whether some pivot of the LU is zero (`solve` then gives zero, as
    /// nalgebra's failed solve did here).
    singular: bool,
    pub(super) det: f64,
}

impl<'a> Factored<'a> {
    /// A factorisation of an `m` by `m` matrix to come, in `lu` (`m * m`
    /// entries), `swaps` and `cols` (`m` each).
    pub(super) fn new(
        m: usize,
        lu: &'a mut [f64],
        swaps: &'a mut [usize],
        cols: &'a mut [usize],
    ) -> Self {
        Factored {
            m,
            lu,
            swaps,
            full: false,
            cols,
            singular: false,
            det: 0.0,
        }
    }

    /// Makes the matrices to come `m` by `m` (at most the size it was
    /// made for).
    pub(super) fn resize(&mut self, m: usize) {
        assert!(m * m <= self.lu.len(), "{m} past the buffers");
        self.m = m;
    }

    /// Whether the last factorisation found the matrix near singular (and
    /// pivoted fully).
    pub(super) fn near_singular(&self) -> bool {
        self.full
    }

    /// Factors `a` (column-major, `m` by `m`), which is left as it was.
    pub(super) fn factor(&mut self, a: &[f64]) {
        let m = self.m;
        self.lu[..m * m].copy_from_slice(a);
        self.full = false;
        self.singular = false;
        let odd = partial_pivoting(&mut self.lu[..m * m], &mut self.swaps[..m], m);
        let lu = &self.lu[..m * m];
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
        self.full_pivoting(a);
    }

    /// LU with full pivoting, `P A Q = L U`: the one small pivot (if `A`
    /// is near singular with rank `m - 1`) comes last, and `adj U` is read
    /// off without dividing by it (see [`Factored::full_adjugate_times`]).
    fn full_pivoting(&mut self, a: &[f64]) {
        let m = self.m;
        self.full = true;
        let lu = &mut self.lu[..m * m];
        lu.copy_from_slice(a);
        let mut odd = false;
        for i in 0..m {
            // Over slices, in the same order (column by column, the first
            // largest kept), so the same pivots are chosen.
            let (mut pr, mut pc, mut top) = (i, i, -1.0);
            for (c, col) in lu.chunks_exact(m).enumerate().skip(i) {
                for (r, e) in col.iter().enumerate().skip(i) {
                    let v = e.abs();
                    if v > top {
                        (top, pr, pc) = (v, r, c);
                    }
                }
            }
            self.swaps[i] = pr;
            self.cols[i] = pc;
            if pr != i {
                odd = !odd;
                for col in lu.chunks_exact_mut(m) {
                    col.swap(i, pr);
                }
            }
            if pc != i {
                odd = !odd;
                let (left, right) = lu.split_at_mut(pc * m);
                left[i * m..(i + 1) * m].swap_with_slice(&mut right[..m]);
            }
            if lu[i + i * m] != 0.0 {
                eliminate(lu, m, i);
            }
        }
        let det: f64 = (0..m).map(|i| lu[i + i * m]).product();
        self.det = if odd { -det } else { det };
    }

    /// `out = adj(A) v` from `P A Q = L U`: `adj A = det P det Q * Q adj(U)
    /// L^-1 P`, and with `U = [U1 c; 0 d]`, `adj U w = det U1 * [U1^-1 (d
    /// w1 - c w_m); w_m]`, finite however small `d` is.
    fn full_adjugate_times(&self, v: &[f64], out: &mut [f64]) {
        let m = self.m;
        let lu = &self.lu[..m * m];
        out.copy_from_slice(v);
        for (i, &p) in self.swaps[..m].iter().enumerate() {
            out.swap(i, p);
        }
        // Row by row, each entry's products in the same order as column
        // by column (see `solve`).
        for r in 1..m {
            let mut acc = out[r];
            for (i, &c) in out[..r].iter().enumerate() {
                acc += -c * lu[r + i * m];
            }
            out[r] = acc;
        }
        let last = m - 1;
        let (d, wm) = (lu[last + last * m], out[last]);
        for r in 0..last {
            out[r] = d * out[r] - lu[r + last * m] * wm;
        }
        let mut det1 = 1.0;
        for r in (0..last).rev() {
            let mut acc = out[r];
            for i in (r + 1..last).rev() {
                acc += -out[i] * lu[r + i * m];
            }
            let p = lu[r + r * m];
            det1 *= p;
            out[r] = if p == 0.0 { 0.0 } else { acc / p };
        }
        let odd = self.swaps[..m]
            .iter()
            .chain(self.cols[..m].iter())
            .enumerate()
            .filter(|&(k, &p)| p != k % m)
            .count()
            % 2
            == 1;
        let scale = if odd { -det1 } else { det1 };
        out.iter_mut().for_each(|a| *a *= scale);
        for i in (0..m).rev() {
            out.swap(i, self.cols[i]);
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
        for (i, &p) in self.swaps[..m].iter().enumerate() {
            out.swap(i, p);
        }
        // Row by row: entry r takes the same products in the same order
        // (columns in increasing order forward, decreasing backward) as
        // column by column, so the same bits, but in a register rather
        // than through memory. Column by column, each column's vector
        // loads read the last column's stores one entry over, which the
        // processor cannot forward: a tenth of `solve` on g3 (m = 8)
        // waited on that one load.
        let lu = &self.lu[..m * m];
        for r in 1..m {
            let mut acc = out[r];
            for (i, &c) in out[..r].iter().enumerate() {
                acc += -c * lu[r + i * m];
            }
            out[r] = acc;
        }
        for r in (0..m).rev() {
            let mut acc = out[r];
            for i in (r + 1..m).rev() {
                acc += -out[i] * lu[r + i * m];
            }
            out[r] = acc / lu[r + r * m];
        }
    }

    /// `out = adj(A) v`.
    pub(super) fn adjugate_times(&self, v: &[f64], out: &mut [f64]) {
        if self.full {
            self.full_adjugate_times(v, out);
        } else {
            self.solve(v, out);
            out.iter_mut().for_each(|a| *a *= self.det);
        }
    }

    /// `out = A^-1 v`.
    pub(super) fn inverse_times(&self, v: &[f64], out: &mut [f64]) {
        if self.full {
            self.full_adjugate_times(v, out);
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
fn partial_pivoting(lu: &mut [f64], swaps: &mut [usize], m: usize) -> bool {
    let mut odd = false;
    for i in 0..m {
        let col = &lu[i * m..(i + 1) * m];
        let mut piv = i;
        let mut top = col[i].abs();
        for (r, &e) in col.iter().enumerate().skip(i + 1) {
            let v = e.abs();
            if v > top {
                top = v;
                piv = r;
            }
        }
        swaps[i] = piv;
        if col[piv] == 0.0 {
            swaps[i] = i;
            continue;
        }
        if piv != i {
            odd = !odd;
            for c in lu.chunks_exact_mut(m) {
                c.swap(i, piv);
            }
        }
        eliminate(lu, m, i);
    }
    odd
}

/// One step of Gaussian elimination in place, the pivot already at `(i,
/// i)` and nonzero: column `i` below it scaled by the pivot's reciprocal
/// (as nalgebra's `LU`), and that multiple of row `i` taken from the rows
/// below in each column to the right. A column whose entry in row `i` is
/// zero is left as it is (the update would add exactly zero): `Dpsi`'s
/// columns of unused strategies are those of the identity, so most columns
/// are skipped on paths through small supports.
fn eliminate(lu: &mut [f64], m: usize, i: usize) {
    let inv = 1.0 / lu[i + i * m];
    // Column i's part below the pivot, and the columns to its right, as
    // slices (no bounds check per entry).
    let (left, right) = lu.split_at_mut((i + 1) * m);
    let below = &mut left[i * m + i + 1..];
    below.iter_mut().for_each(|e| *e *= inv);
    for col in right.chunks_exact_mut(m) {
        let p = col[i];
        if p == 0.0 {
            continue;
        }
        for (e, &l) in col[i + 1..].iter_mut().zip(below.iter()) {
            *e += -p * l;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The determinant by expansion along the first column.
    fn laplace(a: &[f64], m: usize) -> f64 {
        if m == 1 {
            return a[0];
        }
        let mut det = 0.0;
        for r in 0..m {
            let minor: Vec<f64> = (1..m)
                .flat_map(|col| (0..m).filter(move |&i| i != r).map(move |i| (i, col)))
                .map(|(i, col)| a[i + col * m])
                .collect();
            let sign = if r % 2 == 0 { 1.0 } else { -1.0 };
            det += sign * a[r] * laplace(&minor, m - 1);
        }
        det
    }

    /// `adj(A)` entry by entry from its definition: entry (r, c) is the
    /// cofactor of (c, r), the determinant of `A` less row c and column r,
    /// signed.
    fn cofactor_adjugate(a: &[f64], m: usize) -> Vec<f64> {
        let mut adj = vec![0.0; m * m];
        for r in 0..m {
            for c in 0..m {
                let mut minor = Vec::with_capacity((m - 1) * (m - 1));
                for col in (0..m).filter(|&j| j != r) {
                    for row in (0..m).filter(|&i| i != c) {
                        minor.push(a[row + col * m]);
                    }
                }
                let sign = if (r + c) % 2 == 0 { 1.0 } else { -1.0 };
                adj[r + c * m] = sign * laplace(&minor, m - 1);
            }
        }
        adj
    }

    /// Near singular and exactly singular matrices (rank m - 1): the
    /// adjugate times a vector from the factors against the cofactors.
    #[test]
    fn the_adjugate_of_a_near_singular_matrix_matches_its_cofactors() {
        let m = 5;
        // A rank-4 matrix: the last column the sum of the first two, then
        // nudged by 0, 1e-13 and 1e-9.
        let mut state = 12345u64;
        let base: Vec<f64> = (0..m * m)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
            })
            .collect();
        for nudge in [0.0, 1e-13, 1e-9] {
            let mut a = base.clone();
            for r in 0..m {
                a[r + 4 * m] = a[r] + a[r + m] + if r == 2 { nudge } else { 0.0 };
            }
            let want = cofactor_adjugate(&a, m);
            let (mut lu, mut swaps, mut cols) = (vec![0.0; m * m], vec![0; m], vec![0; m]);
            let mut f = Factored::new(m, &mut lu, &mut swaps, &mut cols);
            f.factor(&a);
            assert!(f.full, "near singular: {nudge}");
            let v = [0.3, -1.0, 2.0, 0.5, 1.5];
            let mut got = vec![0.0; m];
            f.adjugate_times(&v, &mut got);
            let mut expect = vec![0.0; m];
            gemv(&want, &v, &mut expect);
            let size = expect.iter().fold(0.0f64, |t, e| t.max(e.abs()));
            assert!(size > 1e-3, "a rank m - 1 matrix has a nonzero adjugate");
            for (g, e) in got.iter().zip(&expect) {
                assert!(
                    (g - e).abs() <= 1e-9 * size,
                    "{nudge}: {got:?} vs {expect:?}"
                );
            }
        }
    }
}
