//! Vertex enumeration of a polytope `{z >= 0 : M z <= 1}` with `M > 0`.
//!
//! A depth-first search over the feasible bases of the dictionary, pivoting
//! along every nonbasic column with every row that attains the minimum ratio
//! (so degenerate vertices, which have several bases, are all reached: the
//! graph of feasible bases of a polytope is connected). Each vertex is reported
//! once, with the set of its tight constraints, which identifies it (a vertex is
//! the only point of the polytope where all its tight constraints bind).
//!
//! Exact runs use integer pivoting (each tableau entry is an integer, the true
//! entry being it over the current determinant, as in lrs), first in `i128`
//! (products taken modulo 2^128, see `exact_quotient`) and, should an entry
//! not fit, again in `BigInt`.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::collections::HashSet;

/// An arithmetic overflow in the `i128` run.
#[derive(Debug)]
pub(crate) struct Overflow;

/// A vertex: its coordinates and its tight constraints, bit `j < d` for
/// `z_j = 0` and bit `d + r` for row `r` of `M z <= 1` binding.
#[derive(Clone, Debug)]
pub(crate) struct Vertex<V> {
    pub tight: u128,
    pub point: Vec<V>,
}

/// What the search needs from a tableau.
pub(crate) trait Tableau: Clone {
    /// Type of the coordinates it reports.
    type Value;
    /// Number of rows (constraints).
    fn rows(&self) -> usize;
    /// Number of columns (variables: `d` originals then `rows` slacks).
    fn cols(&self) -> usize;
    /// The basic variable of each row.
    fn basis(&self) -> &[usize];
    /// Whether entry `(r, c)` is positive.
    fn positive(&self, r: usize, c: usize) -> bool;
    /// Whether the right-hand side of row `r` is zero.
    fn rhs_zero(&self, r: usize) -> bool;
    /// Compares the ratios `rhs_i / a_ic` and `rhs_k / a_kc` (both entries positive).
    fn ratio_cmp(&self, i: usize, k: usize, c: usize) -> Result<Ordering, Overflow>;
    /// Pivots column `c` into the basis at row `r`.
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow>;
    /// Value of the basic variable of row `r`.
    fn value(&self, r: usize) -> Self::Value;
    /// Zero.
    fn zero() -> Self::Value;
}

/// Every vertex of the polytope whose initial (all-slack) tableau is `start`,
/// with `d` original variables.
pub(crate) fn vertices<T: Tableau>(start: T, d: usize) -> Result<Vec<Vertex<T::Value>>, Overflow> {
    let rows = start.rows();
    let cols = start.cols();
    let key = |t: &T| t.basis().iter().fold(0u128, |m, &b| m | 1u128 << b);
    let mut seen_bases: HashSet<u128> = HashSet::new();
    let mut seen_vertices: HashSet<u128> = HashSet::new();
    let mut found = Vec::new();
    seen_bases.insert(key(&start));
    let mut stack = vec![start];
    while let Some(t) = stack.pop() {
        let mut basic_row = vec![usize::MAX; cols];
        for (r, &b) in t.basis().iter().enumerate() {
            basic_row[b] = r;
        }
        // Tight: nonbasic, or basic at value zero.
        let tight = (0..cols).fold(0u128, |m, v| {
            let r = basic_row[v];
            if r == usize::MAX || t.rhs_zero(r) {
                m | 1u128 << v
            } else {
                m
            }
        });
        if seen_vertices.insert(tight) {
            let point = (0..d)
                .map(|j| {
                    if basic_row[j] == usize::MAX {
                        T::zero()
                    } else {
                        t.value(basic_row[j])
                    }
                })
                .collect();
            found.push(Vertex { tight, point });
        }
        let basis_key = key(&t);
        for c in (0..cols).filter(|&c| basic_row[c] == usize::MAX) {
            // Rows attaining the minimum ratio.
            let mut best: Vec<usize> = Vec::new();
            for r in (0..rows).filter(|&r| t.positive(r, c)) {
                match best.first() {
                    None => best.push(r),
                    Some(&b) => match t.ratio_cmp(r, b, c)? {
                        Ordering::Less => {
                            best.clear();
                            best.push(r);
                        }
                        Ordering::Equal => best.push(r),
                        Ordering::Greater => {}
                    },
                }
            }
            for r in best {
                let next = basis_key & !(1u128 << t.basis()[r]) | 1u128 << c;
                if seen_bases.insert(next) {
                    let mut u = t.clone();
                    u.pivot(r, c)?;
                    stack.push(u);
                }
            }
        }
    }
    Ok(found)
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

/// An integer tableau: row `r` reads `sum_j a[r][j] x_j = rhs[r]`, scaled so
/// that every basic column is `det` times a unit vector.
#[derive(Clone, Debug)]
pub(crate) struct IntTableau<I> {
    cols: usize,
    /// Row-major, `cols + 1` entries per row, the last being the right-hand side.
    a: Vec<I>,
    basis: Vec<usize>,
    det: I,
}

impl<I: Int> IntTableau<I> {
    /// The tableau of `M z + s = 1` with the slacks basic; `m[r][j] > 0`.
    pub(crate) fn new(m: &[Vec<I>]) -> Self {
        let rows = m.len();
        let d = m.first().map_or(0, Vec::len);
        let cols = d + rows;
        let mut a = Vec::with_capacity(rows * (cols + 1));
        for (r, row) in m.iter().enumerate() {
            a.extend(row.iter().cloned());
            a.extend((0..rows).map(|k| if k == r { I::one() } else { I::zero() }));
            a.push(I::one());
        }
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
}

impl<I: Int> Tableau for IntTableau<I> {
    type Value = num_rational::BigRational;
    fn rows(&self) -> usize {
        self.basis.len()
    }
    fn cols(&self) -> usize {
        self.cols
    }
    fn basis(&self) -> &[usize] {
        &self.basis
    }
    fn positive(&self, r: usize, c: usize) -> bool {
        self.at(r, c).is_positive()
    }
    fn rhs_zero(&self, r: usize) -> bool {
        self.at(r, self.cols).is_zero()
    }
    fn ratio_cmp(&self, i: usize, k: usize, c: usize) -> Result<Ordering, Overflow> {
        let rhs = self.cols;
        I::cmp_products(
            self.at(i, rhs),
            self.at(k, c),
            self.at(k, rhs),
            self.at(i, c),
        )
        .ok_or(Overflow)
    }
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.cols + 1;
        let p = self.at(r, c).clone();
        let leaving = self.basis[r];
        // Columns of the variables that stay basic keep their unit form (scaled
        // by the new determinant), and the leaving variable's column becomes
        // minus the old pivot column: both are set, not computed, which halves
        // the big-number work.
        let mut stays_basic = vec![usize::MAX; w];
        for (k, &b) in self.basis.iter().enumerate() {
            if k != r {
                stays_basic[b] = k;
            }
        }
        for i in (0..self.basis.len()).filter(|&i| i != r) {
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
                    I::mul_div(&self.a[i * w + j], &p, &self.det).ok_or(Overflow)?
                } else {
                    I::cross_div(&self.a[i * w + j], &p, &f, &self.a[r * w + j], &self.det)
                        .ok_or(Overflow)?
                };
                self.a[i * w + j] = x;
            }
        }
        self.det = p;
        self.basis[r] = c;
        Ok(())
    }
    fn value(&self, r: usize) -> Self::Value {
        num_rational::BigRational::new(self.at(r, self.cols).to_big(), self.det.to_big())
    }
    fn zero() -> Self::Value {
        num_rational::BigRational::zero()
    }
}

/// Tolerance of the floating-point tableau (entries are scaled to at most 1).
const EPS: f64 = 1e-9;

/// A floating-point tableau, kept in ordinary (divided) form.
#[derive(Clone, Debug)]
pub(crate) struct FloatTableau {
    cols: usize,
    a: Vec<f64>,
    basis: Vec<usize>,
}

impl FloatTableau {
    /// The tableau of `M z + s = 1` with the slacks basic; `m[r][j] > 0`.
    pub(crate) fn new(m: &[Vec<f64>]) -> Self {
        let rows = m.len();
        let d = m.first().map_or(0, Vec::len);
        let cols = d + rows;
        let mut a = Vec::with_capacity(rows * (cols + 1));
        for (r, row) in m.iter().enumerate() {
            a.extend(row.iter().copied());
            a.extend((0..rows).map(|k| if k == r { 1.0 } else { 0.0 }));
            a.push(1.0);
        }
        FloatTableau {
            cols,
            a,
            basis: (d..cols).collect(),
        }
    }
}

impl Tableau for FloatTableau {
    type Value = f64;
    fn rows(&self) -> usize {
        self.basis.len()
    }
    fn cols(&self) -> usize {
        self.cols
    }
    fn basis(&self) -> &[usize] {
        &self.basis
    }
    fn positive(&self, r: usize, c: usize) -> bool {
        self.a[r * (self.cols + 1) + c] > EPS
    }
    fn rhs_zero(&self, r: usize) -> bool {
        self.a[r * (self.cols + 1) + self.cols].abs() <= EPS
    }
    fn ratio_cmp(&self, i: usize, k: usize, c: usize) -> Result<Ordering, Overflow> {
        let w = self.cols + 1;
        let x = self.a[i * w + self.cols] / self.a[i * w + c];
        let y = self.a[k * w + self.cols] / self.a[k * w + c];
        Ok(if (x - y).abs() <= EPS * (1.0 + x.abs().max(y.abs())) {
            Ordering::Equal
        } else {
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        })
    }
    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.cols + 1;
        let p = self.a[r * w + c];
        for j in 0..w {
            self.a[r * w + j] /= p;
        }
        for i in (0..self.basis.len()).filter(|&i| i != r) {
            let f = self.a[i * w + c];
            if f != 0.0 {
                for j in 0..w {
                    self.a[i * w + j] -= f * self.a[r * w + j];
                }
            }
        }
        self.basis[r] = c;
        Ok(())
    }
    fn value(&self, r: usize) -> f64 {
        self.a[r * (self.cols + 1) + self.cols]
    }
    fn zero() -> f64 {
        0.0
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
        let key = |v: Vec<Vertex<num_rational::BigRational>>| {
            let mut k: Vec<(u128, Vec<num_rational::BigRational>)> =
                v.into_iter().map(|v| (v.tight, v.point)).collect();
            k.sort();
            k
        };
        let small = vertices(IntTableau::<i128>::new(&m), 7).expect("fits with wrapping products");
        let large = vertices(IntTableau::<BigInt>::new(&big), 7).unwrap();
        assert!(small.len() > 20);
        assert_eq!(key(small), key(large));
    }
}
