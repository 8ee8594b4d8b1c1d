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
//! list has doubled since it was last cleaned. Whether a listed column holds
//! a nonzero is one comparison for a basic column (its only entry is in its
//! own row) and a binary search otherwise.

use super::tableau::{check_fill_in, Entry, Row, MAX_ENTRIES};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashMap;

/// A sparse column: `(row, nonzero entry)` by increasing row.
type Column = Vec<(u32, f64)>;

fn lookup(col: &Column, row: u32) -> Option<f64> {
    col.binary_search_by_key(&row, |e| e.0)
        .ok()
        .map(|k| col[k].1)
}

/// Work (entries of the columns a pivot rewrites) above which the columns
/// are rewritten on several threads.
const PARALLEL_WORK: usize = 50_000;

/// A row's first two nonzero entries in the lexicographic columns.
type LexPrefix = [Option<(u32, f64)>; 2];

/// One column of the pivot row being rewritten, with the rows it gains a
/// nonzero in.
struct Rewrite {
    col_index: u32,
    col: Column,
    factor: f64,
    gained: Vec<u32>,
}

/// A floating-point tableau `T x = rhs`, stored by columns, with one basic
/// variable per row whose entry is kept at 1.
pub(crate) struct ColumnTableau {
    cols: Vec<Column>,
    rhs: Vec<f64>,
    /// For each row, the columns that may hold a nonzero in it, in no order.
    row_cols: Vec<Vec<u32>>,
    /// Each row's list length when it was last cleaned of stale columns.
    clean_len: Vec<u32>,
    /// The basic variable of each row.
    pub basis: Vec<usize>,
    row_of: Vec<Option<usize>>,
    /// The lexicographic columns `lo..=hi` (the starting basis, in order).
    lex: (u32, u32),
    /// Number of pivots made.
    pub pivots: u64,
    entries: usize,
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
                    here.push(c);
                }
            }
            row_cols.push(here);
        }
        let mut row_of = vec![None; width - 1];
        for (i, &b) in basis.iter().enumerate() {
            row_of[b] = Some(i);
        }
        let entries = cols.iter().map(Vec::len).sum();
        let clean_len = row_cols.iter().map(|r: &Vec<u32>| r.len() as u32).collect();
        ColumnTableau {
            cols,
            rhs,
            row_cols,
            clean_len,
            basis,
            row_of,
            lex: (0, n.saturating_sub(1) as u32),
            pivots: 0,
            entries,
        }
    }

    /// The entry at row `r` of column `c`, if nonzero.
    fn entry(&self, r: usize, c: u32) -> Option<f64> {
        match self.row_of.get(c as usize).copied().flatten() {
            Some(basic_row) => (basic_row == r).then_some(1.0),
            None => lookup(&self.cols[c as usize], r as u32),
        }
    }

    /// The entries of row `r` as `(column, value)`, in no order; cleans the
    /// row's index of stale and repeated columns on the way.
    fn row(&mut self, r: usize) -> Vec<(u32, f64)> {
        let mut list = std::mem::take(&mut self.row_cols[r]);
        list.sort_unstable();
        list.dedup();
        let mut out = Vec::with_capacity(list.len());
        list.retain(|&c| match self.entry(r, c) {
            Some(v) => {
                out.push((c, v));
                true
            }
            None => false,
        });
        self.clean_len[r] = list.len() as u32;
        self.row_cols[r] = list;
        out
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
            })
            .collect();
        let r32 = r as u32;
        let update = |w: &mut Rewrite| {
            let Rewrite {
                col,
                factor: f,
                gained,
                ..
            } = w;
            let mut out = Vec::with_capacity(col.len() + entering.len());
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
                }
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
            gains.push((w.col_index, w.gained));
        }
        let mut grown = Vec::new();
        for (c, gained) in gains {
            for row in gained {
                let list = &mut self.row_cols[row as usize];
                list.push(c);
                if list.len() == 2 * self.clean_len[row as usize] as usize + 16 {
                    grown.push(row as usize);
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
        let old = self.basis[r];
        self.row_of[old] = None;
        self.row_of[var] = Some(r);
        self.basis[r] = var;
        self.pivots += 1;
        for row in grown {
            self.row(row);
        }
    }

    /// The row whose basic variable leaves when `var` enters: the minimum
    /// ratio among `rows`, ties broken lexicographically by the starting
    /// basis' columns (`None`: the column is unbounded, a ray). The same
    /// comparisons as the row tableau's, in the same order.
    pub fn leaving_row(&mut self, var: usize, rows: std::ops::Range<usize>) -> Option<usize> {
        let candidates: Vec<(u32, f64)> = self.cols[var]
            .iter()
            .copied()
            .filter(|&(i, a)| rows.contains(&(i as usize)) && Entry::signum(&a) > 0)
            .collect();
        let mut best: Option<(u32, f64)> = None;
        // Each tied row's first two lexicographic entries, and its sorted
        // lexicographic columns, each found at most once per test: a row that
        // stays best is compared with hundreds of others.
        let mut prefixes: HashMap<u32, LexPrefix> = HashMap::new();
        let mut sorted: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, a) in candidates {
            let Some((b, ab)) = best else {
                best = Some((i, a));
                continue;
            };
            let mut order = f64::cmp_ratio(&self.rhs[i as usize], &a, &self.rhs[b as usize], &ab);
            if order == Ordering::Equal {
                order = self.lex_order(i, a, b, ab, &mut prefixes, &mut sorted);
            }
            if order == Ordering::Less {
                best = Some((i, a));
            }
        }
        best.map(|(i, _)| i as usize)
    }

    /// Compares rows `x` and `y`, divided by their entering-column entries
    /// `a` and `b`, in the lexicographic columns in order: the first column
    /// where the ratios differ decides. That is usually the first column
    /// either row has a nonzero in, so the first steps find the next such
    /// column by a scan of the rows' index; rows that agree there tend to
    /// agree on many more, and are compared on their sorted entries.
    fn lex_order(
        &self,
        x: u32,
        a: f64,
        y: u32,
        b: f64,
        prefixes: &mut HashMap<u32, LexPrefix>,
        sorted: &mut HashMap<u32, Vec<u32>>,
    ) -> Ordering {
        let px = *prefixes
            .entry(x)
            .or_insert_with(|| self.lex_prefix(x as usize));
        let py = *prefixes
            .entry(y)
            .or_insert_with(|| self.lex_prefix(y as usize));
        // The row's first entry after `after`, from its first two.
        let next = |p: LexPrefix, after: Option<u32>| match (after, p[0]) {
            (Some(c), Some(first)) if first.0 <= c => p[1],
            _ => p[0],
        };
        let mut after = None;
        for _ in 0..2 {
            let fx = next(px, after);
            let fy = next(py, after);
            let col = match (fx, fy) {
                (None, None) => return Ordering::Equal,
                (Some((c, _)), None) | (None, Some((c, _))) => c,
                (Some((c, _)), Some((d, _))) => c.min(d),
            };
            let vx = fx.filter(|e| e.0 == col).map_or(0.0, |e| e.1);
            let vy = fy.filter(|e| e.0 == col).map_or(0.0, |e| e.1);
            let o = f64::cmp_ratio(&vx, &a, &vy, &b);
            if o != Ordering::Equal {
                return o;
            }
            after = Some(col);
        }
        let lo = after.map_or(self.lex.0, |c| c + 1);
        for r in [x, y] {
            sorted
                .entry(r)
                .or_insert_with(|| self.lex_columns(r as usize));
        }
        let (rx, ry) = (&sorted[&x], &sorted[&y]);
        let (mut i, mut j) = (
            rx.partition_point(|&c| c < lo),
            ry.partition_point(|&c| c < lo),
        );
        loop {
            let cx = rx.get(i).copied().unwrap_or(u32::MAX);
            let cy = ry.get(j).copied().unwrap_or(u32::MAX);
            let col = cx.min(cy);
            if col == u32::MAX {
                return Ordering::Equal;
            }
            // Values are looked up only as far as the comparison goes: most
            // of a long row is never read.
            let vx = if cx == col {
                self.entry(x as usize, col).unwrap_or(0.0)
            } else {
                0.0
            };
            let vy = if cy == col {
                self.entry(y as usize, col).unwrap_or(0.0)
            } else {
                0.0
            };
            let o = f64::cmp_ratio(&vx, &a, &vy, &b);
            if o != Ordering::Equal {
                return o;
            }
            if cx == col {
                i += 1;
            }
            if cy == col {
                j += 1;
            }
        }
    }

    /// Row `r`'s lexicographic columns (stale ones included), sorted.
    fn lex_columns(&self, r: usize) -> Vec<u32> {
        let (lo, hi) = self.lex;
        let mut list: Vec<u32> = self.row_cols[r]
            .iter()
            .copied()
            .filter(|&c| lo <= c && c <= hi)
            .collect();
        list.sort_unstable();
        list.dedup();
        list
    }

    /// Row `r`'s first two nonzero entries in the lexicographic columns: one
    /// pass over the row's index, checking a listed column only when it would
    /// be one of the two.
    fn lex_prefix(&self, r: usize) -> LexPrefix {
        let (lo, hi) = self.lex;
        let mut p: LexPrefix = [None, None];
        for &c in &self.row_cols[r] {
            let below_second = p[1].is_none_or(|(s, _)| c < s);
            let repeat = p[0].is_some_and(|(f, _)| f == c);
            if c < lo || c > hi || !below_second || repeat {
                continue;
            }
            let Some(v) = self.entry(r, c) else {
                continue;
            };
            match p[0] {
                Some((f, _)) if c > f => p[1] = Some((c, v)),
                _ => {
                    p[1] = p[0];
                    p[0] = Some((c, v));
                }
            }
        }
        p
    }

    /// The value of a variable in the current basic solution.
    pub fn value(&self, var: usize) -> f64 {
        self.row_of[var].map_or(0.0, |i| self.rhs[i])
    }

    /// Refuses to go on once fill-in has passed [`MAX_ENTRIES`].
    pub fn check_size(&self, method: &'static str) -> Result<(), brink_game::SolveError> {
        check_fill_in(
            method,
            self.pivots,
            self.rhs.len(),
            self.entries,
            MAX_ENTRIES,
        )
    }
}
