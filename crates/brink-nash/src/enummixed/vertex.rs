//! Vertex enumeration of a polytope `{z >= 0 : M z <= 1}` with `M > 0`, by
//! reverse search (Avis and Fukuda 1992; Avis's lrs).
//!
//! The bases visited are the lexicographically positive ones (those of the
//! polytope with its right-hand side perturbed by the columns of `B^-1`),
//! which every vertex has at least one of. They form a tree: the parent of a
//! basis is the one the simplex method minimising `sum z` reaches in one
//! pivot, entering the cobasic variable of least index whose reduced cost is
//! negative (Bland) and leaving by the lexicographic ratio test; its root is
//! the origin. The search walks that tree depth first by pivoting down to a
//! child and back up to the parent, so it holds one tableau and one integer
//! per level whatever the number of bases: on highly degenerate games,
//! where a vertex has many bases, this is what keeps memory to the size of
//! the answer (an earlier search kept every basis it had seen, and a stack of
//! tableaux, and ran out of memory on 28x10 games with many payoff ties).
//!
//! Each vertex is reported once, with the set of its tight constraints, which
//! identifies it (a vertex is the only point of the polytope where all its
//! tight constraints bind); the search remembers those sets, one 16-byte mask
//! per vertex, and stops with [`Stop::TooMany`] past a limit.
//!
//! The tableau uses integer pivoting (each entry is an integer, the true entry
//! being it over the current determinant, as in lrs), first in `i128`
//! (products taken modulo 2^128, see `exact_quotient`) and, should an entry
//! not fit, again in `BigInt`. Degeneracy is decided by exact zero tests and
//! the walk back up retraces its pivots exactly, which floating point could not
//! promise.

use brink_game::Watch;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::collections::HashSet;

/// Why a search stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// An arithmetic overflow in the `i128` run.
    Overflow,
    /// More distinct vertices than the limit (the count reached).
    TooMany(usize),
    /// The visitor has all it needs.
    Enough,
    /// The caller's token was cancelled.
    Cancelled,
}

/// The last column of each tableau row is its right-hand side; the tableau
/// has `rows` constraint rows and, last, the objective row (reduced costs of
/// `sum z`, never a pivot row).
#[derive(Clone, Debug)]
pub(crate) struct IntTableau<I> {
    cols: usize,
    /// Row-major, `cols + 1` entries per row.
    a: Vec<I>,
    basis: Vec<usize>,
    det: I,
}

/// Every vertex of `{z >= 0 : m z <= 1}` (`m > 0`, `d` columns), each
/// passed once to `visit` with its tight set (bit `j < d` for `z_j = 0`,
/// bit `d + r` for row `r` binding) and the tableau it was found at.
/// Stops with [`Stop::TooMany`] once more than `limit` vertices are found,
/// and with [`Stop::Cancelled`] within one pivot of `watch` being cancelled.
pub(crate) fn for_each_vertex<I: Int>(
    m: &[Vec<I>],
    limit: usize,
    watch: &Watch,
    mut visit: impl FnMut(u128, &IntTableau<I>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut t = IntTableau::new(m);
    let cols = t.cols;
    let mut seen: HashSet<u128> = HashSet::new();
    let mut basic_row = vec![usize::MAX; cols];
    // The next candidate entering variable at each level of the tree.
    let mut next: Vec<usize> = Vec::new();
    let mut j = 0;
    let mut fresh = true;
    loop {
        if fresh {
            t.basic_rows(&mut basic_row);
            let tight = t.tight(&basic_row);
            if seen.insert(tight) {
                if seen.len() > limit {
                    return Err(Stop::TooMany(seen.len()));
                }
                visit(tight, &t)?;
            }
            fresh = false;
        }
        // The next child: the least candidate `j` whose reverse pivot is one.
        let mut child = None;
        while j < cols {
            if basic_row[j] == usize::MAX {
                if let Some(r) = t.reverse(j, &basic_row)? {
                    child = Some((r, j));
                    break;
                }
            }
            j += 1;
        }
        // Every pivot: a pivot rewrites the whole tableau, so one atomic
        // load beside it costs nothing, and a search stops within one.
        if watch.is_cancelled() {
            return Err(Stop::Cancelled);
        }
        match child {
            Some((r, c)) => {
                t.pivot(r, c)?;
                next.push(c + 1);
                j = 0;
                fresh = true;
            }
            None => {
                let Some(resume) = next.pop() else {
                    return Ok(());
                };
                // Back to the parent: the simplex step, which leaves by the
                // variable that entered on the way down.
                let (r, s) = t.simplex_step(&basic_row)?;
                debug_assert_eq!(t.basis[r] + 1, resume);
                t.pivot(r, s)?;
                t.basic_rows(&mut basic_row);
                j = resume;
            }
        }
    }
}

/// Integers an exact tableau can be kept in.
pub(crate) trait Int: Clone + Zero + Ord + Signed {
    /// `(a b - c e) / f`, the division exact; `None` on overflow.
    fn cross_div(a: &Self, b: &Self, c: &Self, e: &Self, f: &Self) -> Option<Self>;
    /// `a b / f`, the division exact; `None` on overflow.
    fn mul_div(a: &Self, b: &Self, f: &Self) -> Option<Self>;
    /// Compares `a b` with `c e`; `None` on overflow.
    fn cmp_products(a: &Self, b: &Self, c: &Self, e: &Self) -> Option<Ordering>;
    /// As a big integer.
    fn to_big(&self) -> BigInt;
}

impl Int for i128 {
    fn cross_div(a: &Self, b: &Self, c: &Self, e: &Self, f: &Self) -> Option<Self> {
        exact_quotient(*a, *b, *c, *e, *f)
    }
    fn mul_div(a: &Self, b: &Self, f: &Self) -> Option<Self> {
        exact_quotient(*a, *b, 0, 0, *f)
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, e: &Self) -> Option<Ordering> {
        let (x, y) = (*a as f64 * *b as f64, *c as f64 * *e as f64);
        // Each product is within a relative 2^-52 of the truth.
        if (x - y).abs() > (x.abs() + y.abs()) * f64::EPSILON * 4.0 {
            return x.partial_cmp(&y);
        }
        // Too close to call in floating point: exactly.
        Some((BigInt::from(*a) * BigInt::from(*b)).cmp(&(BigInt::from(*c) * BigInt::from(*e))))
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
}

/// `(a b - c e) / f` for `f > 0` dividing it exactly, when the quotient fits
/// comfortably in `i128` even though the products may not.
///
/// The numerator is computed modulo 2^128 (wrapping), which fixes the
/// quotient modulo 2^(128 - k) where 2^k is the power of two in `f`: divide
/// out 2^k, multiply by the inverse of the odd part of `f`. A floating-point
/// estimate of the quotient, with a bound on its error, tells whether the
/// quotient lies in the range where that residue is the quotient itself;
/// otherwise `None` (and the caller redoes everything in big integers).
fn exact_quotient(a: i128, b: i128, c: i128, e: i128, f: i128) -> Option<i128> {
    debug_assert!(f > 0);
    let (ab, ce) = (a as f64 * b as f64, c as f64 * e as f64);
    let estimate = (ab - ce) / f as f64;
    let error = (ab.abs() + ce.abs()) / f as f64 * f64::EPSILON * 4.0
        + estimate.abs() * f64::EPSILON * 4.0
        + 1.0;
    let k = f.trailing_zeros();
    if k >= 100 || estimate.abs() + error >= 2f64.powi(125 - k as i32) {
        return None;
    }
    let numerator = a.wrapping_mul(b).wrapping_sub(c.wrapping_mul(e)) as u128;
    let odd = (f >> k) as u128;
    // Newton's iteration doubles the correct low bits of an inverse mod 2^128.
    let mut inv = odd;
    for _ in 0..7 {
        inv = inv.wrapping_mul(2u128.wrapping_sub(odd.wrapping_mul(inv)));
    }
    let bits = 128 - k;
    let mut q = (numerator >> k).wrapping_mul(inv);
    if bits < 128 {
        q &= (1u128 << bits) - 1;
        if q >> (bits - 1) == 1 {
            // Negative: sign-extend from `bits` bits.
            q |= !((1u128 << bits) - 1);
        }
    }
    Some(q as i128)
}

impl Int for BigInt {
    fn cross_div(a: &Self, b: &Self, c: &Self, e: &Self, f: &Self) -> Option<Self> {
        Some((a * b - c * e) / f)
    }
    fn mul_div(a: &Self, b: &Self, f: &Self) -> Option<Self> {
        Some(a * b / f)
    }
    fn cmp_products(a: &Self, b: &Self, c: &Self, e: &Self) -> Option<Ordering> {
        Some((a * b).cmp(&(c * e)))
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
}

impl<I: Int> IntTableau<I> {
    /// The tableau of `M z + s = 1` with the slacks basic, and the objective
    /// row of `sum z`; `m[r][j] > 0`.
    pub(crate) fn new(m: &[Vec<I>]) -> Self {
        let rows = m.len();
        let d = m.first().map_or(0, Vec::len);
        let cols = d + rows;
        let mut a = Vec::with_capacity((rows + 1) * (cols + 1));
        for (r, row) in m.iter().enumerate() {
            a.extend(row.iter().cloned());
            a.extend((0..rows).map(|k| if k == r { I::one() } else { I::zero() }));
            a.push(I::one());
        }
        a.extend((0..cols + 1).map(|j| if j < d { I::one() } else { I::zero() }));
        IntTableau {
            cols,
            a,
            basis: (d..cols).collect(),
            det: I::one(),
        }
    }

    fn at(&self, r: usize, c: usize) -> &I {
        &self.a[r * (self.cols + 1) + c]
    }

    fn rows(&self) -> usize {
        self.basis.len()
    }

    /// The reduced cost of column `c` (times the determinant).
    fn cost(&self, c: usize) -> &I {
        self.at(self.rows(), c)
    }

    /// `basic_row[v]`: the row where `v` is basic, `usize::MAX` if cobasic.
    fn basic_rows(&self, basic_row: &mut [usize]) {
        basic_row.fill(usize::MAX);
        for (r, &b) in self.basis.iter().enumerate() {
            basic_row[b] = r;
        }
    }

    /// The tight set: cobasic variables and basic ones at zero.
    fn tight(&self, basic_row: &[usize]) -> u128 {
        (0..self.cols).fold(0u128, |m, v| {
            let r = basic_row[v];
            if r == usize::MAX || self.at(r, self.cols).is_zero() {
                m | 1u128 << v
            } else {
                m
            }
        })
    }

    /// The coordinates of the current vertex, `d` of them.
    pub(crate) fn point(&self, d: usize) -> Vec<BigRational> {
        let mut z = vec![BigRational::zero(); d];
        for (r, &b) in self.basis.iter().enumerate() {
            if b < d {
                z[b] = BigRational::new(self.at(r, self.cols).to_big(), self.det.to_big());
            }
        }
        z
    }

    /// Compares rows `i` and `k` lexicographically in the ratio test on
    /// column `c` (both entries positive): the right-hand side, then the
    /// columns of `B^-1` (the slacks'), each over the entry in `c`.
    fn lex_cmp(&self, i: usize, k: usize, c: usize) -> Result<Ordering, Stop> {
        let d = self.cols - self.rows();
        let (aic, akc) = (self.at(i, c), self.at(k, c));
        for col in std::iter::once(self.cols).chain(d..self.cols) {
            let o = I::cmp_products(self.at(i, col), akc, self.at(k, col), aic)
                .ok_or(Stop::Overflow)?;
            if o != Ordering::Equal {
                return Ok(o);
            }
        }
        Ok(Ordering::Equal)
    }

    /// The row leaving when `c` enters, by the lexicographic ratio test
    /// (unique: the rows of `B^-1` are independent).
    fn leaving_row(&self, c: usize) -> Result<Option<usize>, Stop> {
        let mut best: Option<usize> = None;
        for r in (0..self.rows()).filter(|&r| self.at(r, c).is_positive()) {
            best = match best {
                Some(b) if self.lex_cmp(r, b, c)? != Ordering::Less => Some(b),
                _ => Some(r),
            };
        }
        Ok(best)
    }

    /// The pivot to the parent: Bland's entering variable, the
    /// lexicographic leaving row.
    fn simplex_step(&self, basic_row: &[usize]) -> Result<(usize, usize), Stop> {
        let s = (0..self.cols)
            .find(|&k| basic_row[k] == usize::MAX && self.cost(k).is_negative())
            .expect("a basis below the root has a negative reduced cost");
        let r = self
            .leaving_row(s)?
            .expect("the polytope is bounded, so every column has a positive entry");
        Ok((r, s))
    }

    /// The row `r` such that pivoting `(r, j)` reaches a child, whose
    /// simplex step is the pivot back; `None` if entering `j` does not.
    fn reverse(&self, j: usize, basic_row: &[usize]) -> Result<Option<usize>, Stop> {
        let dj = self.cost(j);
        if !dj.is_positive() {
            return Ok(None);
        }
        let Some(r) = self.leaving_row(j)? else {
            return Ok(None);
        };
        let v = self.basis[r];
        let arj = self.at(r, j);
        // After the pivot, no cobasic variable below `v` may have a negative
        // reduced cost `d_k - d_j a_rk / a_rj`.
        for k in (0..v).filter(|&k| k != j && basic_row[k] == usize::MAX) {
            let o = I::cmp_products(self.cost(k), arj, dj, self.at(r, k)).ok_or(Stop::Overflow)?;
            if o == Ordering::Less {
                return Ok(None);
            }
        }
        // The lexicographic ratio test in the child picks row `r` again
        // (lexicographic pivots are reversible), so this is its parent.
        Ok(Some(r))
    }

    /// Pivots column `c` into the basis at row `r` (its entry positive, so
    /// the determinant stays positive).
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Stop> {
        let w = self.cols + 1;
        let p = self.at(r, c).clone();
        let leaving = self.basis[r];
        // Columns of the variables that stay basic keep their unit form (scaled
        // by the new determinant), and the leaving variable's column becomes
        // minus the old pivot column: both are set, not computed, which halves
        // the big-number work. The objective row has no basic variable.
        let mut stays_basic = vec![usize::MAX; w];
        for (k, &b) in self.basis.iter().enumerate() {
            if k != r {
                stays_basic[b] = k;
            }
        }
        for i in (0..=self.rows()).filter(|&i| i != r) {
            let f = self.a[i * w + c].clone();
            for (j, &keep) in stays_basic.iter().enumerate() {
                let x = if j == c {
                    I::zero()
                } else if j == leaving {
                    -f.clone()
                } else if keep != usize::MAX {
                    if keep == i {
                        p.clone()
                    } else {
                        I::zero()
                    }
                } else if f.is_zero() {
                    I::mul_div(&self.a[i * w + j], &p, &self.det).ok_or(Stop::Overflow)?
                } else {
                    I::cross_div(&self.a[i * w + j], &p, &f, &self.a[r * w + j], &self.det)
                        .ok_or(Stop::Overflow)?
                };
                self.a[i * w + j] = x;
            }
        }
        self.det = p;
        self.basis[r] = c;
        Ok(())
    }
}

/// Converts a big integer matrix to `i128` if every entry fits.
pub(crate) fn to_i128(m: &[Vec<BigInt>]) -> Option<Vec<Vec<i128>>> {
    m.iter()
        .map(|row| row.iter().map(|x| x.to_i128()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The wrapping quotient is the true one, or refused, never wrong:
        /// `f (x + c' e) - (f c') e = x f`, with products far past `i128`.
        #[test]
        fn exact_quotient_is_exact_or_refused(
            f in 1i128..(1i128 << 70),
            x in -(1i128 << 100)..(1i128 << 100),
            c in -(1i128 << 40)..(1i128 << 40),
            e in -(1i128 << 50)..(1i128 << 50),
        ) {
            let b = x + c * e;
            let got = exact_quotient(f, b, f.checked_mul(c).unwrap_or(0), e, f);
            if f.checked_mul(c).is_some() {
                let truth = (BigInt::from(f) * BigInt::from(b) - BigInt::from(f * c) * BigInt::from(e)) / BigInt::from(f);
                prop_assert_eq!(truth, BigInt::from(x));
                if let Some(q) = got {
                    prop_assert_eq!(q, x);
                } else {
                    prop_assert!(x.unsigned_abs() > 1u128 << 100 >> f.trailing_zeros().min(30));
                }
            }
        }
    }

    /// Every vertex as (tight set, point), sorted.
    fn all<I: Int>(m: &[Vec<I>]) -> Result<Vec<(u128, Vec<BigRational>)>, Stop> {
        let d = m[0].len();
        let mut out = Vec::new();
        for_each_vertex(m, usize::MAX, &Watch::quiet(), |tight, t| {
            out.push((tight, t.point(d)));
            Ok(())
        })?;
        out.sort();
        Ok(out)
    }

    /// The oracle: every choice of `d` constraints (of the `d + rows`) made
    /// tight, solved by Gaussian elimination; the feasible unique solutions
    /// are the vertices.
    fn brute_force(m: &[Vec<i64>]) -> Vec<(u128, Vec<BigRational>)> {
        let (rows, d) = (m.len(), m[0].len());
        let q = |x: i64| BigRational::from_integer(BigInt::from(x));
        // Constraint k as (coefficients, bound): z_k >= 0 or row k - d <= 1.
        let constraint = |k: usize| -> (Vec<BigRational>, BigRational) {
            if k < d {
                ((0..d).map(|j| q((j == k) as i64)).collect(), q(0))
            } else {
                (m[k - d].iter().map(|&x| q(x)).collect(), q(1))
            }
        };
        let mut found: Vec<(u128, Vec<BigRational>)> = Vec::new();
        for subset in 0u32..1 << (d + rows) {
            if subset.count_ones() as usize != d {
                continue;
            }
            let mut sys: Vec<Vec<BigRational>> = (0..d + rows)
                .filter(|&k| subset >> k & 1 == 1)
                .map(|k| {
                    let (mut a, b) = constraint(k);
                    a.push(b);
                    a
                })
                .collect();
            let mut singular = false;
            for col in 0..d {
                let Some(p) = (col..d).find(|&r| !sys[r][col].is_zero()) else {
                    singular = true;
                    break;
                };
                sys.swap(col, p);
                for r in 0..d {
                    if r != col && !sys[r][col].is_zero() {
                        let f = &sys[r][col] / &sys[col][col];
                        let pivot_row = sys[col].clone();
                        for (x, p) in sys[r].iter_mut().zip(&pivot_row) {
                            *x -= &f * p;
                        }
                    }
                }
            }
            if singular {
                continue;
            }
            let z: Vec<BigRational> = (0..d).map(|j| &sys[j][d] / &sys[j][j]).collect();
            let mut tight = 0u128;
            let mut feasible = true;
            for k in 0..d + rows {
                let (a, b) = constraint(k);
                let lhs = a.iter().zip(&z).fold(q(0), |s, (x, y)| s + x * y);
                let slack = if k < d { lhs.clone() } else { &b - &lhs };
                if slack.is_negative() {
                    feasible = false;
                }
                if slack.is_zero() {
                    tight |= 1 << k;
                }
            }
            if feasible && !found.iter().any(|(t, _)| *t == tight) {
                found.push((tight, z));
            }
        }
        found.sort();
        found
    }

    proptest! {
        /// Reverse search finds exactly the vertices of small polytopes
        /// with many ties (entries 1 to 3), where most vertices are
        /// degenerate.
        #[test]
        fn reverse_search_finds_every_vertex(
            d in 1usize..5,
            rows in 1usize..6,
            entries in proptest::collection::vec(1i64..4, 30),
        ) {
            let m: Vec<Vec<i64>> = (0..rows).map(|r| entries[r * d..r * d + d].to_vec()).collect();
            let wide: Vec<Vec<i128>> = m.iter().map(|r| r.iter().map(|&x| x as i128).collect()).collect();
            prop_assert_eq!(all(&wide).unwrap(), brute_force(&m));
        }
    }

    /// The same polytope enumerated in `i128` (with wrapping products) and
    /// in big integers gives the same vertices.
    #[test]
    fn small_and_big_integers_agree() {
        // Payoffs up to a million make the products overflow i128 quickly.
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % 1_000_000 + 1
        };
        let m: Vec<Vec<i128>> = (0..7)
            .map(|_| (0..7).map(|_| next() as i128).collect())
            .collect();
        let big: Vec<Vec<BigInt>> = m
            .iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
            .collect();
        let small = all(&m).expect("fits with wrapping products");
        let large = all(&big).unwrap();
        assert!(small.len() > 20);
        assert_eq!(small, large);
    }
}
