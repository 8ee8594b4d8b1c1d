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

use brink_game::Field;
use rayon::prelude::*;
use std::cmp::Ordering;

// `lcp` includes this file by path, so its submodule's path is spelled out.
#[path = "tableau/entry.rs"]
mod entry;

pub(crate) use entry::{Entry, FromRationalRow};

/// A sparse row: `(column, nonzero entry)` by increasing column.
pub(crate) type Row<E> = Vec<(u32, E)>;

fn lookup<E: Entry>(row: &Row<E>, col: usize) -> Option<&E> {
    row.binary_search_by_key(&(col as u32), |e| e.0)
        .ok()
        .map(|k| &row[k].1)
}

/// `row * p - a * pivot`, entry by entry, without column `skip` (which cancels).
/// The columns the result has and `row` had not are appended to `gained`.
fn eliminate<E: Entry>(
    row: &Row<E>,
    pivot: &Row<E>,
    p: &E,
    a: &E,
    skip: u32,
    gained: &mut Vec<u32>,
) -> Row<E> {
    let mut out = Vec::with_capacity(row.len() + pivot.len());
    let (mut i, mut j) = (0, 0);
    while i < row.len() || j < pivot.len() {
        let ci = row.get(i).map_or(u32::MAX, |e| e.0);
        let cj = pivot.get(j).map_or(u32::MAX, |e| e.0);
        let col = ci.min(cj);
        let v = if ci == col { Some(&row[i].1) } else { None };
        let w = if cj == col { Some(&pivot[j].1) } else { None };
        if ci == col {
            i += 1;
        }
        if cj == col {
            j += 1;
        }
        if col == skip {
            continue;
        }
        let x = E::combine(v, p, a, w);
        if !x.is_nil() {
            if v.is_none() {
                gained.push(col);
            }
            out.push((col, x));
        }
    }
    out
}

/// `row - a * pivot` in place, for a row much longer than the pivot row:
/// only the pivot row's columns change, so they are updated where they are
/// instead of rewriting the row (fill-in makes some rows thousands of entries
/// long while pivot rows stay short). Column `skip` is removed.
fn eliminate_in_place<E: Entry>(
    row: &mut Row<E>,
    pivot: &Row<E>,
    one: &E,
    a: &E,
    skip: u32,
    gained: &mut Vec<u32>,
) {
    let mut cancelled = false;
    for (col, w) in pivot {
        if *col == skip {
            continue;
        }
        match row.binary_search_by_key(col, |e| e.0) {
            Ok(k) => {
                let x = E::combine(Some(&row[k].1), one, a, Some(w));
                cancelled |= x.is_nil();
                row[k].1 = x;
            }
            Err(k) => {
                let x = E::combine(None, one, a, Some(w));
                if !x.is_nil() {
                    row.insert(k, (*col, x));
                    gained.push(*col);
                }
            }
        }
    }
    if let Ok(k) = row.binary_search_by_key(&skip, |e| e.0) {
        row.remove(k);
    }
    if cancelled {
        row.retain(|e| !e.1.is_nil());
    }
}

/// A tableau with equations `T x = rhs`, one basic variable per row, kept
/// as sparse rows; the last column is the right-hand side.
#[derive(Clone, Debug)]
pub(crate) struct Tableau<E> {
    rows: Vec<Row<E>>,
    /// For each column, the rows that may hold a nonzero in it: a superset
    /// (entries go stale when elimination cancels them) kept so that a pivot
    /// and a ratio test visit only the rows of their column, not all rows;
    /// that is what makes trees with a million sequences tractable.
    cols: Vec<Vec<u32>>,
    width: usize,
    zero: E,
    /// The basic variable of each row.
    pub basis: Vec<usize>,
    /// Which row each variable is basic in, if any.
    pub row_of: Vec<Option<usize>>,
    /// The columns of the starting basis, in the order the lexicographic rule reads them.
    pub lex_columns: Vec<usize>,
    /// [`Tableau::lex_range`]'s answer and the `lex_columns` it was for.
    #[allow(clippy::type_complexity)]
    lex_range_cache: Option<((usize, Option<usize>, Option<usize>), Option<(u32, u32)>)>,
    /// Whether ties in the ratio test go to the largest ratio in the columns
    /// of the starting basis (a perturbation of the right-hand side by
    /// `-(eps, eps^2, ...)` instead of `+`; both are valid where the
    /// right-hand side is positive). Gambit's Lemke-Howson breaks ties this way.
    pub ties_to_max: bool,
    /// Whether the ratio test passes over rows tied at the minimum ratio
    /// whose pivot entry is negligible beside the largest tied one (see
    /// [`Entry::negligible_beside`]) before breaking ties lexicographically.
    /// In a floating-point simplex on a degenerate program every row ties at
    /// ratio zero, and the lexicographic rule, dividing by the pivot entry,
    /// favours entries that are round-off dust near the tolerance; pivoting
    /// on them ruins the tableau (the mediator's arms race was declared
    /// unbounded after pivots on entries of 2e-9). Skipping a tied row keeps
    /// the step feasible, since its ratio is the step's. It also reads a
    /// right-hand side at or below zero within the tolerance as zero in the
    /// ratio test (see [`Tableau::leaving_row`]).
    pub stable_ties: bool,
    /// Number of pivots made.
    pub pivots: u64,
    /// Number of nonzero entries, kept up to date by the pivots.
    entries: usize,
    /// The limit [`Tableau::check_size`] enforces; [`MAX_ENTRIES`] unless lowered.
    pub max_entries: usize,
}

/// The most nonzero entries a tableau may grow to before the solver gives
/// up with [`SolveError::TooLarge`](brink_game::SolveError::TooLarge) rather
/// than let fill-in exhaust the machine's memory. Measured on full
/// tic-tac-toe, where Lemke's tableau fills in within 45 pivots: 20 M entries
/// held 2.6 GB resident in floating point and 3.8 GB exact, the game
/// included; 40 M stays well inside a 24 GB machine.
pub(crate) const MAX_ENTRIES: usize = 40_000_000;

/// The work (total length of the rows a pivot touches) above which its
/// eliminations run on several threads.
const PARALLEL_WORK: usize = 20_000;

/// How many times longer than the pivot row a row must be to be updated in
/// place rather than merged.
const IN_PLACE_RATIO: usize = 8;

/// `TooLarge` when the next pivot could take the tableau past
/// `max_entries`, saying how far the method got; shared by the row and the
/// column tableau. `after` counts the entries the pivot could leave (cancelled
/// ones included): one pivot of a long row into a long column can create more
/// entries than memory holds, so it is checked before it is made.
pub(crate) fn check_fill_in(
    method: &'static str,
    pivots: u64,
    rows: usize,
    after: usize,
    max_entries: usize,
) -> Result<(), brink_game::SolveError> {
    if after <= max_entries {
        return Ok(());
    }
    Err(brink_game::SolveError::TooLarge {
        method,
        reason: format!(
            "pivot {} would take its tableau ({rows} rows) to {after} nonzero entries, \
             over the limit of {max_entries}; fill-in on this game would exhaust memory",
            pivots + 1
        ),
    })
}

/// The number of distinct positions in two sorted position lists.
pub(crate) fn union_len(a: impl Iterator<Item = u32>, b: impl Iterator<Item = u32>) -> usize {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut n = 0;
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => return n,
            (Some(_), None) => return n + a.count(),
            (None, Some(_)) => return n + b.count(),
            (Some(&x), Some(&y)) => {
                if x <= y {
                    a.next();
                }
                if y <= x {
                    b.next();
                }
                n += 1;
            }
        }
    }
}

impl<E: Entry> Tableau<E> {
    /// A tableau from its dense rows and starting basis; `basis[i]` must be a
    /// unit column with a positive entry in row `i` only.
    pub fn new(cells: Vec<Vec<E>>, basis: Vec<usize>) -> Self {
        let width = cells.first().map_or(1, Vec::len);
        let rows = cells
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_nil())
                    .map(|(c, v)| (c as u32, v))
                    .collect()
            })
            .collect();
        Self::from_sparse(rows, width, basis)
    }

    /// A tableau from sparse rows (`width` columns, the last the right-hand
    /// side) and its starting basis, as for [`Tableau::new`].
    pub fn from_sparse(rows: Vec<Row<E>>, width: usize, basis: Vec<usize>) -> Self {
        let mut row_of = vec![None; width - 1];
        for (i, &b) in basis.iter().enumerate() {
            row_of[b] = Some(i);
        }
        let mut cols = vec![Vec::new(); width];
        for (i, r) in rows.iter().enumerate() {
            for (c, v) in r.iter() {
                if !v.is_nil() {
                    cols[*c as usize].push(i as u32);
                }
            }
        }
        let lex_columns = basis.clone();
        let entries = rows.iter().map(Vec::len).sum();
        Tableau {
            entries,
            max_entries: MAX_ENTRIES,
            rows,
            cols,
            width,
            zero: E::ZERO,
            basis,
            row_of,
            lex_columns,
            lex_range_cache: None,
            ties_to_max: false,
            stable_ties: false,
            pivots: 0,
        }
    }

    /// The rows with a nonzero in `col`, by increasing row; drops the stale
    /// entries of the column index on the way.
    fn rows_in_column(&mut self, col: usize) -> Vec<u32> {
        let mut list = std::mem::take(&mut self.cols[col]);
        list.sort_unstable();
        list.dedup();
        list.retain(|&i| lookup(&self.rows[i as usize], col).is_some());
        self.cols[col] = list.clone();
        list
    }

    /// Refuses the pivot of `var` into `row` if it could make the tableau
    /// larger than its `max_entries`: the error says how far the method got.
    /// The bound is cheap unless the tableau is near its limit, where each
    /// row the pivot touches is counted as it would be merged.
    pub fn check_pivot(
        &mut self,
        method: &'static str,
        row: usize,
        var: usize,
    ) -> Result<(), brink_game::SolveError> {
        let room = self.max_entries.saturating_sub(self.entries);
        // The column index may list a row more than once or hold stale rows:
        // the bound only grows.
        if self.cols[var].len().saturating_mul(self.rows[row].len()) <= room {
            return Ok(());
        }
        let touched = self.rows_in_column(var);
        let pivot = &self.rows[row];
        // A touched row becomes the union of its columns and the pivot
        // row's, less the pivot column (both hold it).
        let (before, after) =
            touched
                .iter()
                .filter(|&&i| i as usize != row)
                .fold((0, 0), |(before, after), &i| {
                    let r = &self.rows[i as usize];
                    let union = union_len(r.iter().map(|e| e.0), pivot.iter().map(|e| e.0));
                    (before + r.len(), after + union - 1)
                });
        check_fill_in(
            method,
            self.pivots,
            self.rows.len(),
            self.entries - before + after,
            self.max_entries,
        )
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.rows.len()
    }

    /// The right-hand-side column.
    pub fn rhs(&self) -> usize {
        self.width - 1
    }

    /// The entry at a row and column.
    pub fn get(&self, row: usize, col: usize) -> &E {
        lookup(&self.rows[row], col).unwrap_or(&self.zero)
    }

    /// Makes `var` basic in row `row`.
    pub fn pivot(&mut self, row: usize, var: usize) {
        let touched = self.rows_in_column(var);
        let mut pivot = std::mem::take(&mut self.rows[row]);
        let sign = lookup(&pivot, var)
            .expect("pivot on a nonzero entry")
            .clone();
        E::normalise(&mut pivot, &sign);
        let p = lookup(&pivot, var).expect("pivot entry").clone();
        // Each touched row is eliminated on its own, so long columns (the
        // dense ones fill-in makes) are shared out among threads; short ones
        // stay on this thread, where spawning would cost more than it saves.
        let mut work: Vec<(u32, Row<E>, Vec<u32>)> = touched
            .iter()
            .filter(|&&i| i as usize != row)
            .map(|&i| (i, std::mem::take(&mut self.rows[i as usize]), Vec::new()))
            .collect();
        let eliminate_one = |(_, r, gained): &mut (u32, Row<E>, Vec<u32>)| {
            let a = lookup(r, var).expect("the column index is exact after cleaning");
            let (p, a) = E::multipliers(&p, a);
            if p.is_unit() && r.len() > IN_PLACE_RATIO * pivot.len() {
                eliminate_in_place(r, &pivot, &p, &a, var as u32, gained);
                E::normalise(r, &<E as Entry>::ZERO);
            } else {
                let mut next = eliminate(r, &pivot, &p, &a, var as u32, gained);
                E::normalise(&mut next, &<E as Entry>::ZERO);
                *r = next;
            }
        };
        let before: usize = work.iter().map(|w| w.1.len()).sum();
        if before >= PARALLEL_WORK {
            work.par_iter_mut().for_each(eliminate_one);
        } else {
            work.iter_mut().for_each(eliminate_one);
        }
        let after: usize = work.iter().map(|w| w.1.len()).sum();
        self.entries = self.entries + after - before;
        for (i, r, gained) in work {
            for &c in &gained {
                self.cols[c as usize].push(i);
            }
            self.rows[i as usize] = r;
        }
        self.rows[row] = pivot;
        self.cols[var] = vec![row as u32];
        let old = self.basis[row];
        self.row_of[old] = None;
        self.row_of[var] = Some(row);
        self.basis[row] = var;
        self.pivots += 1;
    }

    /// The row whose basic variable leaves when `var` enters, by the
    /// lexicographic minimum-ratio rule among `rows` (`None`: the column is
    /// unbounded, a ray).
    pub fn leaving_row(&mut self, var: usize, rows: std::ops::Range<usize>) -> Option<usize> {
        let rhs = self.rhs();
        let candidates = self.rows_in_column(var);
        let lex_range = self.lex_range();
        // An iterator made afresh for each pass rather than a list: the
        // ratio test runs once per pivot of every method on the tableau,
        // and only packings with `stable_ties` make more than one pass.
        let positive = || {
            candidates
                .iter()
                .map(|&i| i as usize)
                .filter(|i| rows.contains(i))
                .filter_map(|i| lookup(&self.rows[i], var).map(|a| (i, a)))
                .filter(|(_, a)| a.signum() > 0)
        };
        // With `stable_ties`, a right-hand side at or below zero within the
        // tolerance counts as zero: round-off leaves feasible entries
        // slightly negative, and their negative ratios would otherwise win
        // the test and step backwards, which makes a degenerate float
        // simplex drift and cycle.
        let held = |i: usize| {
            let r = self.get(i, rhs);
            if self.stable_ties && r.signum() <= 0 {
                &self.zero
            } else {
                r
            }
        };
        // The minimum ratio and the largest pivot entry among the rows at it.
        let tied_at_minimum = |&(i, a): &(usize, &E), (b, ab): (usize, &E)| {
            E::cmp_ratio(held(i), a, held(b), ab) == Ordering::Equal
        };
        let largest_tied = match positive().next() {
            Some(first) if self.stable_ties => {
                let minimum = positive().fold(first, |m, (i, a)| {
                    match E::cmp_ratio(held(i), a, held(m.0), m.1) {
                        Ordering::Less => (i, a),
                        _ => m,
                    }
                });
                positive()
                    .filter(|c| tied_at_minimum(c, minimum))
                    .map(|(_, a)| a)
                    // Both are positive, so a/l > l/a says a > l in
                    // either arithmetic.
                    .fold(None, |l: Option<&E>, a| match l {
                        Some(l) if !E::cmp_ratio(a, l, l, a).is_gt() => Some(l),
                        _ => Some(a),
                    })
                    .map(|a| (minimum, a))
            }
            _ => None,
        };
        let mut best: Option<(usize, &E)> = None;
        for (i, a) in positive() {
            if let Some((minimum, largest)) = largest_tied {
                if a.negligible_beside(largest) && tied_at_minimum(&(i, a), minimum) {
                    continue;
                }
            }
            best = Some(match best {
                None => (i, a),
                Some((b, ab)) => {
                    let mut order = E::cmp_ratio(held(i), a, held(b), ab);
                    if order == Ordering::Equal {
                        order = self.lex_order(lex_range, i, a, b, ab);
                    }
                    if order == Ordering::Less {
                        (i, a)
                    } else {
                        (b, ab)
                    }
                }
            });
        }
        best.map(|(i, _)| i)
    }

    /// The lexicographic columns as a range `lo..=hi`, where they are one.
    /// Checked once per change of `lex_columns` (which callers only shorten
    /// or replace), not per ratio test: on a million rows, a scan per test
    /// would cost more than the pivots.
    fn lex_range(&mut self) -> Option<(u32, u32)> {
        let key = (
            self.lex_columns.len(),
            self.lex_columns.first().copied(),
            self.lex_columns.last().copied(),
        );
        if let Some((k, range)) = self.lex_range_cache {
            if k == key {
                return range;
            }
        }
        let range = match (self.lex_columns.first(), self.lex_columns.last()) {
            (Some(&lo), Some(&hi))
                if hi + 1 - lo == self.lex_columns.len()
                    && self.lex_columns.windows(2).all(|w| w[1] == w[0] + 1) =>
            {
                Some((lo as u32, hi as u32))
            }
            _ => None,
        };
        self.lex_range_cache = Some((key, range));
        range
    }

    /// Compares rows `i` and `b` (with entries `a`, `ab` in the entering
    /// column) by their ratios in the lexicographic columns, in order. Where
    /// those columns are contiguous (they always are here) only the nonzero
    /// entries of the two sparse rows are visited.
    fn lex_order(
        &self,
        lex_range: Option<(u32, u32)>,
        i: usize,
        a: &E,
        b: usize,
        ab: &E,
    ) -> Ordering {
        let directed = |o: Ordering| if self.ties_to_max { o.reverse() } else { o };
        let Some((lo, hi)) = lex_range else {
            for &c in &self.lex_columns {
                let o = E::cmp_ratio(self.get(i, c), a, self.get(b, c), ab);
                if o != Ordering::Equal {
                    return directed(o);
                }
            }
            return Ordering::Equal;
        };
        let (ri, rb) = (&self.rows[i], &self.rows[b]);
        let start = |r: &Row<E>| r.partition_point(|e| e.0 < lo);
        let (mut x, mut y) = (start(ri), start(rb));
        loop {
            let cx = ri.get(x).map_or(u32::MAX, |e| e.0);
            let cy = rb.get(y).map_or(u32::MAX, |e| e.0);
            let col = cx.min(cy);
            if col > hi {
                return Ordering::Equal;
            }
            let vx = if cx == col { &ri[x].1 } else { &self.zero };
            let vy = if cy == col { &rb[y].1 } else { &self.zero };
            let o = E::cmp_ratio(vx, a, vy, ab);
            if o != Ordering::Equal {
                return directed(o);
            }
            if cx == col {
                x += 1;
            }
            if cy == col {
                y += 1;
            }
        }
    }

    /// The value of a variable in the current basic solution.
    pub fn value(&self, var: usize) -> E::Out {
        match self.row_of[var] {
            Some(i) => E::quotient(self.get(i, self.rhs()), self.get(i, var)),
            None => <E::Out as Field>::zero(),
        }
    }

    /// The values `xs` would have after `var` entered in `row`, without
    /// making the pivot: for a path's last pivot, whose tableau is never read
    /// again, and which can fill in more than all the others together.
    pub fn values_after_pivot(
        &self,
        row: usize,
        var: usize,
        xs: impl Iterator<Item = usize>,
    ) -> Vec<E::Out> {
        let rhs = self.rhs();
        let entering = E::quotient(self.get(row, rhs), self.get(row, var));
        xs.map(|x| match self.row_of[x] {
            _ if x == var => entering.clone(),
            Some(i) if i != row => {
                let d = self.get(i, x);
                E::quotient(self.get(i, rhs), d)
                    - E::quotient(self.get(i, var), d) * entering.clone()
            }
            _ => <E::Out as Field>::zero(),
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_game::Rational;
    use num_bigint::BigInt;
    use num_traits::Zero;

    fn int_rows(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&v| BigInt::from(v)).collect())
            .collect()
    }

    #[test]
    fn exact_and_float_pivots_agree() {
        // x + 2y + s1 = 4, 3x + y + s2 = 6: pivot x into row 1, then y into row 0.
        let rows: &[&[i64]] = &[&[1, 2, 1, 0, 4], &[3, 1, 0, 1, 6]];
        let mut t = Tableau::new(int_rows(rows), vec![2, 3]);
        t.pivot(1, 0);
        t.pivot(0, 1);
        let f: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| r.iter().map(|&v| v as f64).collect())
            .collect();
        let mut u = Tableau::new(f, vec![2, 3]);
        u.pivot(1, 0);
        u.pivot(0, 1);
        // x = 8/5, y = 6/5.
        assert_eq!(t.value(0), Rational::new(8.into(), 5.into()));
        assert_eq!(t.value(1), Rational::new(6.into(), 5.into()));
        assert!((u.value(0) - 1.6).abs() < 1e-12 && (u.value(1) - 1.2).abs() < 1e-12);
    }

    #[test]
    fn column_index_finds_every_nonzero_after_fill_in() {
        // Pivots that create and cancel entries: after each one, every
        // nonzero must be findable through the column index (pivots and the
        // ratio test visit only those rows), and the sparse and dense
        // constructors must agree.
        let rows: &[&[i64]] = &[
            &[1, 0, 0, 2, -1, 0, 3],
            &[0, 1, 0, 1, 1, -2, 1],
            &[0, 0, 1, 0, 2, 1, 4],
        ];
        let dense = Tableau::new(int_rows(rows), vec![0, 1, 2]);
        let sparse_rows: Vec<Row<BigInt>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(_, &v)| v != 0)
                    .map(|(c, &v)| (c as u32, BigInt::from(v)))
                    .collect()
            })
            .collect();
        let mut sparse = Tableau::from_sparse(sparse_rows, 7, vec![0, 1, 2]);
        let mut dense = dense;
        // After the first pivot row 0 reads 2 x3 = 3: x3 = 3/2.
        for (k, (row, var)) in [(0, 3), (1, 4), (2, 5), (0, 0)].into_iter().enumerate() {
            dense.pivot(row, var);
            sparse.pivot(row, var);
            if k == 0 {
                assert_eq!(sparse.value(3), Rational::new(3.into(), 2.into()));
            }
            for c in 0..7 {
                let indexed = sparse.rows_in_column(c);
                for r in 0..3 {
                    assert_eq!(sparse.get(r, c), dense.get(r, c));
                    let nonzero = !sparse.get(r, c).is_zero();
                    assert_eq!(nonzero, indexed.contains(&(r as u32)), "row {r} col {c}");
                }
            }
        }
    }

    #[test]
    fn fill_in_past_the_limit_is_an_error_not_an_allocation() {
        // Pivoting x into row 0 fills row 1's y and s1 columns and clears
        // its x: 7 entries (4 + 3) become 8 (4 + 4).
        let rows: &[&[i64]] = &[&[1, 2, 1, 0, 4], &[3, 0, 0, 1, 6]];
        let mut t = Tableau::new(int_rows(rows), vec![2, 3]);
        assert_eq!(t.entries, 7);
        t.max_entries = 7;
        let err = t.check_pivot("lcp", 0, 0).unwrap_err().to_string();
        assert!(
            err.contains("pivot 1 would take") && err.contains("to 8 nonzero entries"),
            "{err}"
        );
        assert!(err.contains("limit of 7"), "{err}");
        t.max_entries = 8;
        assert!(t.check_pivot("lcp", 0, 0).is_ok());
        t.pivot(0, 0);
        assert_eq!(t.entries, 8);
    }

    #[test]
    fn lexicographic_rule_breaks_ties_by_the_starting_basis() {
        // Both rows give ratio 0 for x; the lexicographic rule compares the
        // slack columns: row 0 has 1/1 against row 1's 0/2, so row 1 leaves.
        let rows: &[&[i64]] = &[&[1, 1, 0, 0], &[2, 0, 1, 0]];
        let mut t = Tableau::new(int_rows(rows), vec![1, 2]);
        assert_eq!(t.leaving_row(0, 0..2), Some(1));
        let neg: &[&[i64]] = &[&[-1, 1, 0, 0]];
        let mut t = Tableau::new(int_rows(neg), vec![1]);
        assert_eq!(t.leaving_row(0, 0..1), None);
    }
}
