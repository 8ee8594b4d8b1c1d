//! A floating-point pivoting tableau stored by columns, for large sparse LCPs.
//!
//! A pivot is a rank-one update `T' = T - col_e row_r / p`. Stored by rows
//! (as [`Tableau`](super::tableau::Tableau) is), it rewrites every row of
//! the entering column, and fill-in makes those rows long: on the sequence
//! form of full tic-tac-toe, after 20,000 pivots a pivot touches about 1,900
//! rows of about 1,500 entries each, while its pivot row holds about 6. Stored
//! by columns, the same pivot rewrites only the columns of the pivot row,
//! each about as long as the entering column: some hundred times less work.
//!
//! The ratio test and its lexicographic tie-break are those of the row
//! tableau, entry for entry, so both follow the same path (the tests check
//! this); the right-hand side is a dense vector. A row index (a superset of
//! each row's nonzero columns, unsorted) gives the pivot row and the entries
//! a lexicographic tie-break reads. Keeping it exact would cost more than the
//! pivots: on tic-tac-toe each pivot moves some 12,000 entries in and out of
//! rows that hold thousands. So an entry goes in by a push, and a column
//! that leaves a row stays listed (stale) until the row is read whole or its
//! list has doubled since it was last cleaned.
//!
//! Whether a listing is current is decided without reading the column (a
//! binary search there missed the cache and took half the time on
//! tic-tac-toe). A column leaves rows in two ways: it enters the basis and
//! keeps only its own row, or an entry cancels. Each listing carries the
//! column's *stamp*, bumped when the column enters the basis, so a listing
//! from before is stale. A cancelled entry stays in its column as an explicit
//! zero (cancellations are common in games with payoffs of -1, 0 and 1), and
//! a column more than half zeros is compacted, bumps its stamp and is listed
//! anew: so a current listing points at a stored entry, zero or not.

mod tie_break;

use super::tableau::{check_fill_in, union_len, Entry, Row, MAX_ENTRIES};
use rayon::prelude::*;

/// A sparse column: `(row, entry)` by increasing row; an entry may be an
/// explicit zero (see above).
type Column = Vec<(u32, f64)>;

/// A row's listing of a column: `(column, the column's stamp when listed)`.
type Listing = (u32, u32);

/// What a listing is checked against, kept together so that a check reads
/// one place in memory.
#[derive(Clone, Copy)]
struct ColumnState {
    /// The row the column is basic in, or [`NONBASIC`].
    basic_row: u32,
    /// Bumped each time the column enters the basis or is compacted.
    stamp: u32,
}

const NONBASIC: u32 = u32::MAX;

fn lookup(col: &Column, row: u32) -> Option<f64> {
    col.binary_search_by_key(&row, |e| e.0)
        .ok()
        .map(|k| col[k].1)
}

/// Work (entries of the columns a pivot rewrites) above which the columns
/// are rewritten on several threads.
const PARALLEL_WORK: usize = 50_000;

/// One column of the pivot row being rewritten, with the rows it gains an
/// entry in, and whether it was compacted (and must be listed anew).
struct Rewrite {
    col_index: u32,
    col: Column,
    factor: f64,
    gained: Vec<u32>,
    compacted: bool,
}

/// A floating-point tableau `T x = rhs`, stored by columns, with one basic
/// variable per row whose entry is kept at 1.
pub(crate) struct ColumnTableau {
    cols: Vec<Column>,
    rhs: Vec<f64>,
    /// For each row, the columns that may hold a nonzero in it, in no order.
    row_cols: Vec<Vec<Listing>>,
    /// Each row's list length when it was last cleaned of stale columns.
    clean_len: Vec<u32>,
    /// The basic variable of each row.
    pub basis: Vec<usize>,
    state: Vec<ColumnState>,
    /// The tie-break's dense map from columns to what it read of them
    /// (`CandidateValues::read_of`), kept between ratio tests, all zeros.
    read_of: Vec<u32>,
    /// The lexicographic columns `lo..=hi` (the starting basis, in order).
    lex: (u32, u32),
    /// Number of pivots made.
    pub pivots: u64,
    entries: usize,
    /// The limit [`ColumnTableau::check_pivot`] enforces; [`MAX_ENTRIES`]
    /// unless lowered.
    max_entries: usize,
}

impl ColumnTableau {
    /// A tableau from sparse rows whose last column (`width - 1`) is the
    /// right-hand side; `basis[i]` must be a unit column with entry 1 in row
    /// `i`, and the starting basis must be the columns `0..rows` in order.
    pub fn from_rows(rows: Vec<Row<f64>>, width: usize, basis: Vec<usize>) -> Self {
        let n = rows.len();
        debug_assert!(basis.iter().enumerate().all(|(i, &b)| b == i));
        let rhs_col = (width - 1) as u32;
        let mut cols: Vec<Column> = vec![Vec::new(); width - 1];
        let mut rhs = vec![0.0; n];
        let mut row_cols = Vec::with_capacity(n);
        for (i, row) in rows.into_iter().enumerate() {
            let mut here = Vec::with_capacity(row.len());
            for (c, v) in row {
                if c == rhs_col {
                    rhs[i] = v;
                } else if !v.is_nil() {
                    cols[c as usize].push((i as u32, v));
                    here.push((c, 0));
                }
            }
            here.sort_unstable();
            row_cols.push(here);
        }
        let mut state = vec![
            ColumnState {
                basic_row: NONBASIC,
                stamp: 0
            };
            width - 1
        ];
        for (i, &b) in basis.iter().enumerate() {
            state[b].basic_row = i as u32;
        }
        let entries = cols.iter().map(Vec::len).sum();
        let clean_len = row_cols
            .iter()
            .map(|r: &Vec<Listing>| r.len() as u32)
            .collect();
        ColumnTableau {
            cols,
            rhs,
            row_cols,
            clean_len,
            basis,
            read_of: vec![0; width - 1],
            state,
            lex: (0, n.saturating_sub(1) as u32),
            pivots: 0,
            entries,
            max_entries: MAX_ENTRIES,
        }
    }

    /// The entry at row `r` of column `c`, if stored (it may be zero).
    fn entry(&self, r: usize, c: u32) -> Option<f64> {
        match self.state[c as usize].basic_row {
            NONBASIC => lookup(&self.cols[c as usize], r as u32),
            basic_row => (basic_row as usize == r).then_some(1.0),
        }
    }

    /// Whether row `r`'s listing of a column is current: the column stores
    /// an entry there.
    fn listed(&self, r: usize, (c, stamp): Listing) -> bool {
        let state = self.state[c as usize];
        match state.basic_row {
            NONBASIC => stamp == state.stamp,
            basic_row => basic_row as usize == r,
        }
    }

    /// Row `r`'s listings: those kept at its last clean (sorted by column,
    /// some may have gone stale since) and those pushed after (in no order).
    fn listings(&self, r: usize) -> (&[Listing], &[Listing]) {
        self.row_cols[r].split_at(self.clean_len[r] as usize)
    }

    /// Drops row `r`'s stale and repeated listings; the row's columns are
    /// then in increasing order.
    fn clean(&mut self, r: usize) {
        let mut list = std::mem::take(&mut self.row_cols[r]);
        list.retain(|&l| self.listed(r, l));
        // A basic column is current in its row under any stamp; renewing the
        // stamps keeps whichever copy survives current once it leaves.
        for l in &mut list {
            l.1 = self.state[l.0 as usize].stamp;
        }
        // The cleaned part is still sorted: a stable sort merges the runs.
        list.sort_by_key(|l| l.0);
        list.dedup_by_key(|l| l.0);
        self.clean_len[r] = list.len() as u32;
        self.row_cols[r] = list;
    }

    /// The nonzero entries of row `r` as `(column, value)`, by increasing
    /// column.
    fn row(&mut self, r: usize) -> Vec<(u32, f64)> {
        self.clean(r);
        self.row_cols[r]
            .iter()
            .map(|&(c, _)| (c, self.entry(r, c).expect("a current listing")))
            .filter(|&(_, v)| v != 0.0)
            .collect()
    }

    /// Makes `var` basic in row `r`.
    pub fn pivot(&mut self, r: usize, var: usize) {
        let pivot_row: Vec<(u32, f64)> = self
            .row(r)
            .into_iter()
            .filter(|&(c, _)| c as usize != var)
            .collect();
        let entering = std::mem::take(&mut self.cols[var]);
        let p = lookup(&entering, r as u32).expect("pivot on a nonzero entry");
        // Each column of the pivot row becomes `col - (v / p) * entering`,
        // with `v / p` in row `r`; the columns are independent of each other.
        let mut work: Vec<Rewrite> = pivot_row
            .iter()
            .map(|&(c, v)| Rewrite {
                col_index: c,
                col: std::mem::take(&mut self.cols[c as usize]),
                factor: v / p,
                gained: Vec::new(),
                compacted: false,
            })
            .collect();
        let r32 = r as u32;
        let update = |w: &mut Rewrite| {
            let Rewrite {
                col,
                factor: f,
                gained,
                compacted,
                ..
            } = w;
            let mut out = Vec::with_capacity(col.len() + entering.len());
            let mut zeros = 0;
            let (mut i, mut j) = (0, 0);
            while i < col.len() || j < entering.len() {
                let ri = col.get(i).map_or(u32::MAX, |e| e.0);
                let rj = entering.get(j).map_or(u32::MAX, |e| e.0);
                let row = ri.min(rj);
                let v = if ri == row { Some(col[i].1) } else { None };
                let a = if rj == row { entering[j].1 } else { 0.0 };
                if ri == row {
                    i += 1;
                }
                if rj == row {
                    j += 1;
                }
                let x = if row == r32 {
                    *f
                } else {
                    v.unwrap_or(0.0) - a * *f
                };
                if !x.is_nil() {
                    if v.is_none() {
                        gained.push(row);
                    }
                    out.push((row, x));
                } else if v.is_some() {
                    out.push((row, 0.0));
                    zeros += 1;
                }
            }
            if 2 * zeros > out.len() + 16 {
                out.retain(|e| e.1 != 0.0);
                *compacted = true;
            }
            *col = out;
        };
        let before: usize = work.iter().map(|w| w.col.len()).sum();
        if before + work.len() * entering.len() >= PARALLEL_WORK {
            work.par_iter_mut().for_each(update);
        } else {
            work.iter_mut().for_each(update);
        }
        let after: usize = work.iter().map(|w| w.col.len()).sum();
        self.entries = self.entries + after + 1 - before - entering.len();
        // Every column goes back before any row is cleaned: a clean reads them.
        let mut gains = Vec::with_capacity(work.len());
        for w in work {
            self.cols[w.col_index as usize] = w.col;
            gains.push((w.col_index, w.gained, w.compacted));
        }
        let mut grown = Vec::new();
        for (c, gained, compacted) in gains {
            let state = &mut self.state[c as usize];
            if compacted {
                state.stamp += 1;
            }
            let stamp = state.stamp;
            let rows = if compacted {
                self.cols[c as usize].iter().map(|e| e.0).collect()
            } else {
                gained
            };
            for row in rows {
                let row = row as usize;
                let list = &mut self.row_cols[row];
                list.push((c, stamp));
                if list.len() == 2 * self.clean_len[row] as usize + 16 {
                    grown.push(row);
                }
            }
        }
        let b = self.rhs[r] / p;
        for &(i, a) in &entering {
            if i != r32 {
                self.rhs[i as usize] -= a * b;
            }
        }
        self.rhs[r] = b;
        self.cols[var] = vec![(r32, 1.0)];
        // A fresh stamp outdates the entering column's listings in other
        // rows; its own row lists it anew, for when it leaves the basis.
        let state = &mut self.state[var];
        state.stamp += 1;
        self.row_cols[r].push((var as u32, state.stamp));
        let old = self.basis[r];
        self.state[old].basic_row = NONBASIC;
        self.state[var].basic_row = r as u32;
        self.basis[r] = var;
        self.pivots += 1;
        for row in grown {
            self.clean(row);
        }
        #[cfg(test)]
        self.check_listings();
    }

    /// The values `xs` would have after `var` entered in row `r`, without
    /// making the pivot (see [`Tableau::values_after_pivot`](super::tableau::Tableau::values_after_pivot)).
    pub fn values_after_pivot(
        &self,
        r: usize,
        var: usize,
        xs: impl Iterator<Item = usize>,
    ) -> Vec<f64> {
        let p = self.entry(r, var as u32).expect("pivot on a nonzero entry");
        let entering = self.rhs[r] / p;
        xs.map(|x| match self.state[x].basic_row {
            _ if x == var => entering,
            NONBASIC => 0.0,
            i if i as usize == r => 0.0,
            i => {
                self.rhs[i as usize] - self.entry(i as usize, var as u32).unwrap_or(0.0) * entering
            }
        })
        .collect()
    }

    /// Refuses the pivot of `var` into row `r` if it could take the tableau
    /// past its limit (see [`Tableau::check_pivot`](super::tableau::Tableau::check_pivot)).
    pub fn check_pivot(
        &mut self,
        method: &'static str,
        r: usize,
        var: usize,
    ) -> Result<(), brink_game::SolveError> {
        let entering = &self.cols[var];
        let room = self.max_entries.saturating_sub(self.entries);
        let (sorted, pushed) = self.listings(r);
        if (sorted.len() + pushed.len()).saturating_mul(entering.len()) <= room {
            return Ok(());
        }
        // Each column of the pivot row becomes the union of its rows and the
        // entering column's; the entering column becomes a unit column.
        let row = self.row(r);
        let entering = &self.cols[var];
        let grown: usize = row
            .iter()
            .filter(|&&(c, _)| c as usize != var)
            .map(|&(c, _)| {
                let col = &self.cols[c as usize];
                union_len(col.iter().map(|e| e.0), entering.iter().map(|e| e.0)) - col.len()
            })
            .sum();
        check_fill_in(
            method,
            self.pivots,
            self.rhs.len(),
            self.entries + grown + 1 - entering.len(),
            self.max_entries,
        )
    }
}

#[cfg(test)]
impl ColumnTableau {
    /// Panics unless every stored entry is listed currently, every current
    /// listing is a stored entry, and the lexicographic reads of each row
    /// agree with its entries.
    pub fn check_listings(&self) {
        let n = self.rhs.len();
        let mut actual: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (c, col) in self.cols.iter().enumerate() {
            for &(r, _) in col {
                actual[r as usize].push(c as u32);
            }
        }
        for (r, actual) in actual.iter().enumerate() {
            let mut listed: Vec<u32> = self.row_cols[r]
                .iter()
                .filter(|&&l| self.listed(r, l))
                .map(|l| l.0)
                .collect();
            listed.sort_unstable();
            listed.dedup();
            assert_eq!(&listed, actual, "row {r} after {} pivots", self.pivots);
            let (lo, hi) = self.lex;
            let lex: Vec<(u32, f64)> = actual
                .iter()
                .filter(|&&c| lo <= c && c <= hi)
                .map(|&c| (c, self.entry(r, c).unwrap()))
                .filter(|e| e.1 != 0.0)
                .collect();
            let prefix = [lex.first().copied(), lex.get(1).copied()];
            let mut value = |c| self.entry(r, c).expect("a current listing");
            assert_eq!(
                self.lex_prefix(r, &mut value),
                prefix,
                "row {r}'s lexicographic prefix"
            );
            let columns: Vec<u32> = actual
                .iter()
                .copied()
                .filter(|&c| lo <= c && c <= hi)
                .collect();
            let mut lex_row = tie_break::LexRow::new(self, r as u32, 0);
            let mut read = Vec::new();
            while let Some(c) = lex_row.col(self, read.len()) {
                read.push(c);
            }
            assert_eq!(read, columns, "row {r}'s lexicographic columns");
            if let Some(&c) = columns.get(1) {
                let mut lex_row = tie_break::LexRow::new(self, r as u32, 0);
                assert_eq!(lex_row.seek(self, c), 1, "row {r}: seek");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_in_past_the_limit_is_refused_before_the_pivot() {
        // s1 + x + 2y = 4, s2 + 3x = 6. Pivoting x into row 0 gives s1 and
        // y an entry in row 1 and leaves x a unit column: 5 entries (the
        // right-hand side is kept apart) become 6.
        let rows = vec![
            vec![(0, 1.0), (2, 1.0), (3, 2.0), (4, 4.0)],
            vec![(1, 1.0), (2, 3.0), (4, 6.0)],
        ];
        let mut t = ColumnTableau::from_rows(rows, 5, vec![0, 1]);
        assert_eq!(t.entries, 5);
        t.max_entries = 5;
        let err = t.check_pivot("lcp", 0, 2).unwrap_err().to_string();
        assert!(
            err.contains("pivot 1 would take") && err.contains("to 6 nonzero entries"),
            "{err}"
        );
        t.max_entries = 6;
        assert!(t.check_pivot("lcp", 0, 2).is_ok());
        assert_eq!(
            t.values_after_pivot(0, 2, [2, 1, 0].into_iter()),
            [4.0, 6.0 - 3.0 * 4.0, 0.0]
        );
        t.pivot(0, 2);
        assert_eq!(t.entries, 6);
        assert_eq!(t.rhs, vec![4.0, -6.0]);
    }
}
