//! The numbers a [`super::Tableau`] holds: exact integers (rows over a
//! positive denominator, kept small by gcd) or floating point compared with
//! a tolerance, and the conversion of rational rows to either.

use super::Row;
use brink_game::{Field, Rational};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

/// The numbers of a tableau and the row operations on them.
pub(crate) trait Entry: Clone + Send + Sync + 'static {
    /// The field solutions are reported in.
    type Out: Field;
    /// Zero, the value of every entry a sparse row leaves out.
    const ZERO: Self;
    /// Whether the entry counts as zero (and so is left out of sparse rows).
    fn is_nil(&self) -> bool;
    /// The sign, with a tolerance for floating point.
    fn signum(&self) -> i8;
    /// Compares `a / b` with `c / d` for `b, d > 0`.
    fn cmp_ratio(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering;
    /// `v * p - a * w` (exact) or `v - a * w` (float, where `p` is 1): an
    /// entry of a row eliminated against the pivot row.
    fn combine(v: Option<&Self>, p: &Self, a: &Self, w: Option<&Self>) -> Self;
    /// Rescales a row: exact rows are divided by the gcd of their entries
    /// (and negated if `sign` is negative), floating-point ones by `sign`.
    fn normalise(row: &mut Row<Self>, sign: &Self);
    /// The two multipliers `(p, a)` of an elimination by pivot `p` of a row
    /// with `a` in the pivot column.
    fn multipliers(p: &Self, a: &Self) -> (Self, Self);
    /// Whether the entry is one (an elimination multiplier that leaves the
    /// row's other entries as they are).
    fn is_unit(&self) -> bool;
    /// `num / den` in the output field.
    fn quotient(num: &Self, den: &Self) -> Self::Out;
    /// Whether a positive pivot candidate is too small beside `largest` to
    /// be trusted: never in exact arithmetic.
    fn negligible_beside(&self, largest: &Self) -> bool;
}

/// Exact entries: integers over a row denominator.
impl Entry for BigInt {
    type Out = Rational;
    const ZERO: Self = BigInt::ZERO;
    fn is_nil(&self) -> bool {
        self.is_zero()
    }
    fn signum(&self) -> i8 {
        match self.sign() {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        }
    }
    fn cmp_ratio(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering {
        // Most comparisons involve a zero; skip the products then.
        match (a.is_zero(), c.is_zero()) {
            (true, true) => Ordering::Equal,
            (true, false) => 0.cmp(&Entry::signum(c)),
            (false, true) => Entry::signum(a).cmp(&0),
            (false, false) => (a * d).cmp(&(c * b)),
        }
    }
    fn combine(v: Option<&Self>, p: &Self, a: &Self, w: Option<&Self>) -> Self {
        match (v, w) {
            (Some(v), Some(w)) => v * p - a * w,
            (Some(v), None) if p.is_one() => v.clone(),
            (Some(v), None) => v * p,
            (None, Some(w)) => -(a * w),
            (None, None) => BigInt::ZERO,
        }
    }
    fn normalise(row: &mut Row<Self>, sign: &Self) {
        if sign.is_negative() {
            for (_, v) in row.iter_mut() {
                *v = -std::mem::take(v);
            }
        }
        // Start from the shortest entry and reduce the others modulo the gcd
        // so far before each gcd: the binary gcd then only sees short numbers.
        let Some((_, shortest)) = row.iter().min_by_key(|(_, v)| v.bits()) else {
            return;
        };
        let mut g = shortest.abs();
        for (_, v) in row.iter() {
            if g.is_one() {
                return;
            }
            let r = v % &g;
            if !r.is_zero() {
                g = g.gcd(&r);
            }
        }
        if g > BigInt::one() {
            for (_, v) in row.iter_mut() {
                *v /= &g;
            }
        }
    }
    fn multipliers(p: &Self, a: &Self) -> (Self, Self) {
        // Dividing both by their gcd first keeps the new row smaller before
        // its final reduction.
        let g = a.gcd(p);
        (p / &g, a / &g)
    }
    fn is_unit(&self) -> bool {
        self.is_one()
    }
    fn quotient(num: &Self, den: &Self) -> Rational {
        Rational::new(num.clone(), den.clone())
    }
    fn negligible_beside(&self, _largest: &Self) -> bool {
        false
    }
}

/// Tolerance of the floating-point tableau.
pub(crate) const EPS: f64 = 1e-9;

impl Entry for f64 {
    type Out = f64;
    const ZERO: Self = 0.0;
    fn is_nil(&self) -> bool {
        // Cancellation leaves dust; dropping it keeps rows sparse.
        self.abs() < 1e-15
    }
    fn signum(&self) -> i8 {
        if *self > EPS {
            1
        } else if *self < -EPS {
            -1
        } else {
            0
        }
    }
    fn cmp_ratio(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering {
        let diff = a / b - c / d;
        if diff > EPS {
            Ordering::Greater
        } else if diff < -EPS {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }
    fn combine(v: Option<&Self>, _p: &Self, a: &Self, w: Option<&Self>) -> Self {
        v.copied().unwrap_or(0.0) - a * w.copied().unwrap_or(0.0)
    }
    fn normalise(row: &mut Row<Self>, sign: &Self) {
        if *sign != 0.0 {
            for (_, v) in row.iter_mut() {
                *v /= sign;
            }
        }
    }
    fn multipliers(_p: &Self, a: &Self) -> (Self, Self) {
        (1.0, *a)
    }
    fn is_unit(&self) -> bool {
        // The floating-point tableau keeps pivots at 1.
        true
    }
    fn quotient(num: &Self, den: &Self) -> f64 {
        num / den
    }
    fn negligible_beside(&self, largest: &Self) -> bool {
        *self < PIVOT_SHARE * largest
    }
}

/// With [`Tableau::stable_ties`], the smallest share of the largest tied
/// pivot candidate another tied candidate may have and still be chosen.
pub(crate) const PIVOT_SHARE: f64 = 1e-3;

/// Converts rational rows to entries: each row is scaled by a positive
/// integer to clear its denominators (a neutral change, see the module docs).
pub(crate) trait FromRationalRow: Entry {
    /// The scaled row.
    fn from_row(row: &[Rational]) -> Vec<Self>;
    /// The scaled sparse row (entries that are zero are dropped).
    fn from_sparse_row(row: &[(u32, Rational)]) -> Row<Self>;
}

impl FromRationalRow for BigInt {
    fn from_row(row: &[Rational]) -> Vec<Self> {
        let l = row.iter().fold(BigInt::one(), |l, v| l.lcm(v.denom()));
        row.iter().map(|v| v.numer() * (&l / v.denom())).collect()
    }
    fn from_sparse_row(row: &[(u32, Rational)]) -> Row<Self> {
        let l = row.iter().fold(BigInt::one(), |l, (_, v)| l.lcm(v.denom()));
        row.iter()
            .filter(|(_, v)| !v.is_zero())
            .map(|(c, v)| (*c, v.numer() * (&l / v.denom())))
            .collect()
    }
}

impl FromRationalRow for f64 {
    fn from_row(row: &[Rational]) -> Vec<Self> {
        row.iter().map(|v| v.to_f64()).collect()
    }
    fn from_sparse_row(row: &[(u32, Rational)]) -> Row<Self> {
        row.iter()
            .map(|(c, v)| (*c, v.to_f64()))
            .filter(|(_, v)| !v.is_nil())
            .collect()
    }
}
