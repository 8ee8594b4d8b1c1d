//! Dense pivoting tableaux shared by `lcp` and `lp`, exact or floating-point.
//!
//! A tableau holds equations `T x = rhs` with one basic variable per row. The
//! exact one keeps every row as integers over a positive row denominator (the
//! entry of the row's basic variable): a pivot touches only the rows with a
//! nonzero in the entering column, and each touched row is divided by the gcd
//! of its entries, so numbers stay as small as the rational values they stand
//! for. This is the fraction-free integer pivoting of Edmonds and Bareiss, as
//! in lrs and Gambit, done row by row because the tableaux of games are sparse.
//! The floating-point one keeps the basic entries at 1 and compares with a
//! tolerance.
//!
//! The ratio test is lexicographic (right-hand side first, then the columns
//! of the starting basis in order), which settles degenerate ties and keeps
//! Lemke's and the simplex method from cycling. Positive scaling of rows or
//! columns does not change the order it gives, so inputs can be scaled to
//! integers freely.

use brink_game::{Field, Rational};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

/// The numbers of a tableau and the row operations on them.
pub(crate) trait Entry: Clone + Send + Sync + 'static {
    /// The field solutions are reported in.
    type Out: Field;
    /// The sign, with a tolerance for floating point.
    fn signum(&self) -> i8;
    /// Compares `a / b` with `c / d` for `b, d > 0`.
    fn cmp_ratio(a: &Self, b: &Self, c: &Self, d: &Self) -> Ordering;
    /// Rebases row `r` on its column `col` (which must be nonzero) so that the
    /// entry there is the row's positive denominator.
    fn rebase(row: &mut [Self], col: usize);
    /// Removes column `col` from `row` using the rebased pivot row.
    fn eliminate(row: &mut [Self], pivot: &[Self], col: usize);
    /// `num / den` in the output field.
    fn quotient(num: &Self, den: &Self) -> Self::Out;
}

/// Exact entries: integers over a row denominator.
impl Entry for BigInt {
    type Out = Rational;
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
    fn rebase(row: &mut [Self], col: usize) {
        if row[col].is_negative() {
            for v in row.iter_mut() {
                *v = -std::mem::take(v);
            }
        }
        reduce(row);
    }
    fn eliminate(row: &mut [Self], pivot: &[Self], col: usize) {
        let a = std::mem::take(&mut row[col]);
        if a.is_zero() {
            return;
        }
        let p = &pivot[col];
        // Divide both multipliers by their gcd first: the row is then smaller
        // before the final reduction.
        let g = a.gcd(p);
        let (a, p) = (&a / &g, p / &g);
        for (v, w) in row.iter_mut().zip(pivot) {
            if w.is_zero() {
                if !v.is_zero() && !p.is_one() {
                    *v *= &p;
                }
            } else if v.is_zero() {
                *v = -(&a * w);
            } else {
                *v = &*v * &p - &a * w;
            }
        }
        row[col] = Zero::zero();
        reduce(row);
    }
    fn quotient(num: &Self, den: &Self) -> Rational {
        Rational::new(num.clone(), den.clone())
    }
}

/// Divides a row by the gcd of its entries.
fn reduce(row: &mut [BigInt]) {
    let mut g = BigInt::zero();
    for v in row.iter() {
        if !v.is_zero() {
            g = g.gcd(v);
            if g.is_one() {
                return;
            }
        }
    }
    if g > BigInt::one() {
        for v in row.iter_mut() {
            if !v.is_zero() {
                *v /= &g;
            }
        }
    }
}

/// Tolerance of the floating-point tableau.
pub(crate) const EPS: f64 = 1e-9;

impl Entry for f64 {
    type Out = f64;
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
    fn rebase(row: &mut [Self], col: usize) {
        let p = row[col];
        for v in row.iter_mut() {
            *v /= p;
        }
        row[col] = 1.0;
    }
    fn eliminate(row: &mut [Self], pivot: &[Self], col: usize) {
        let a = row[col];
        if a == 0.0 {
            return;
        }
        for (v, w) in row.iter_mut().zip(pivot) {
            if *w != 0.0 {
                *v -= a * w;
            }
        }
        row[col] = 0.0;
    }
    fn quotient(num: &Self, den: &Self) -> f64 {
        num / den
    }
}

/// Converts rational rows to entries: each row is scaled by a positive
/// integer to clear its denominators (a neutral change, see the module docs).
pub(crate) trait FromRationalRow: Entry {
    /// The scaled row.
    fn from_row(row: &[Rational]) -> Vec<Self>;
}

impl FromRationalRow for BigInt {
    fn from_row(row: &[Rational]) -> Vec<Self> {
        let l = row.iter().fold(BigInt::one(), |l, v| l.lcm(v.denom()));
        row.iter().map(|v| v.numer() * (&l / v.denom())).collect()
    }
}

impl FromRationalRow for f64 {
    fn from_row(row: &[Rational]) -> Vec<Self> {
        row.iter().map(|v| v.to_f64()).collect()
    }
}

/// A tableau with `rows` equations over `cols - 1` variables plus a right-hand side.
#[derive(Clone, Debug)]
pub(crate) struct Tableau<E> {
    /// Row-major entries; the last column is the right-hand side.
    pub cells: Vec<Vec<E>>,
    /// The basic variable of each row.
    pub basis: Vec<usize>,
    /// Which row each variable is basic in, if any.
    pub row_of: Vec<Option<usize>>,
    /// The columns of the starting basis, in the order the lexicographic rule reads them.
    pub lex_columns: Vec<usize>,
    /// Whether ties in the ratio test go to the largest ratio in the columns
    /// of the starting basis (a perturbation of the right-hand side by
    /// `-(eps, eps^2, ...)` instead of `+`; both are valid where the
    /// right-hand side is positive). Gambit's Lemke-Howson breaks ties this way.
    pub ties_to_max: bool,
    /// Number of pivots made.
    pub pivots: u64,
}

impl<E: Entry> Tableau<E> {
    /// A tableau from its rows and starting basis; `basis[i]` must be a unit
    /// column with a positive entry in row `i` only.
    pub fn new(cells: Vec<Vec<E>>, basis: Vec<usize>) -> Self {
        let nvars = cells.first().map_or(0, |r| r.len() - 1);
        let mut row_of = vec![None; nvars];
        for (i, &b) in basis.iter().enumerate() {
            row_of[b] = Some(i);
        }
        let lex_columns = basis.clone();
        Tableau { cells, basis, row_of, lex_columns, ties_to_max: false, pivots: 0 }
    }

    /// The right-hand-side column.
    pub fn rhs(&self) -> usize {
        self.cells[0].len() - 1
    }

    /// Makes `var` basic in row `row`.
    pub fn pivot(&mut self, row: usize, var: usize) {
        E::rebase(&mut self.cells[row], var);
        let pivot = std::mem::take(&mut self.cells[row]);
        for (i, r) in self.cells.iter_mut().enumerate() {
            if i != row {
                E::eliminate(r, &pivot, var);
            }
        }
        self.cells[row] = pivot;
        let old = self.basis[row];
        self.row_of[old] = None;
        self.row_of[var] = Some(row);
        self.basis[row] = var;
        self.pivots += 1;
    }

    /// The row whose basic variable leaves when `var` enters, by the
    /// lexicographic minimum-ratio rule among `rows` (`None`: the column is
    /// unbounded, a ray).
    pub fn leaving_row(&self, var: usize, rows: impl Iterator<Item = usize>) -> Option<usize> {
        let rhs = self.rhs();
        let mut best: Option<usize> = None;
        for i in rows {
            let a = &self.cells[i][var];
            if a.signum() <= 0 {
                continue;
            }
            best = Some(match best {
                None => i,
                Some(b) => {
                    let key = |c: usize| E::cmp_ratio(&self.cells[i][c], a, &self.cells[b][c], &self.cells[b][var]);
                    let mut order = key(rhs);
                    for &c in &self.lex_columns {
                        if order != Ordering::Equal {
                            break;
                        }
                        order = if self.ties_to_max { key(c).reverse() } else { key(c) };
                    }
                    if order == Ordering::Less {
                        i
                    } else {
                        b
                    }
                }
            });
        }
        best
    }

    /// The value of a variable in the current basic solution.
    pub fn value(&self, var: usize) -> E::Out {
        match self.row_of[var] {
            Some(i) => E::quotient(&self.cells[i][self.rhs()], &self.cells[i][var]),
            None => <E::Out as Field>::zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_rows(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter().map(|r| r.iter().map(|&v| BigInt::from(v)).collect()).collect()
    }

    #[test]
    fn exact_and_float_pivots_agree() {
        // x + 2y + s1 = 4, 3x + y + s2 = 6: pivot x into row 1, then y into row 0.
        let rows: &[&[i64]] = &[&[1, 2, 1, 0, 4], &[3, 1, 0, 1, 6]];
        let mut t = Tableau::new(int_rows(rows), vec![2, 3]);
        t.pivot(1, 0);
        t.pivot(0, 1);
        let f: Vec<Vec<f64>> = rows.iter().map(|r| r.iter().map(|&v| v as f64).collect()).collect();
        let mut u = Tableau::new(f, vec![2, 3]);
        u.pivot(1, 0);
        u.pivot(0, 1);
        // x = 8/5, y = 6/5.
        assert_eq!(t.value(0), Rational::new(8.into(), 5.into()));
        assert_eq!(t.value(1), Rational::new(6.into(), 5.into()));
        assert!((u.value(0) - 1.6).abs() < 1e-12 && (u.value(1) - 1.2).abs() < 1e-12);
    }

    #[test]
    fn lexicographic_rule_breaks_ties_by_the_starting_basis() {
        // Both rows give ratio 0 for x; the lexicographic rule compares the
        // slack columns: row 0 has 1/1 against row 1's 0/2, so row 1 leaves.
        let rows: &[&[i64]] = &[&[1, 1, 0, 0], &[2, 0, 1, 0]];
        let t = Tableau::new(int_rows(rows), vec![1, 2]);
        assert_eq!(t.leaving_row(0, 0..2), Some(1));
        let neg: &[&[i64]] = &[&[-1, 1, 0, 0]];
        let t = Tableau::new(int_rows(neg), vec![1]);
        assert_eq!(t.leaving_row(0, 0..1), None);
    }
}
