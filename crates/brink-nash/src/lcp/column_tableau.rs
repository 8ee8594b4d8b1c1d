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

use super::tableau::{check_fill_in, Entry, Row, MAX_ENTRIES};
use rayon::prelude::*;
use std::cmp::Ordering;

/// A sparse column: `(row, nonzero entry)` by increasing row.
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

/// A row's first two nonzero entries in the lexicographic columns.
type LexPrefix = [Option<(u32, f64)>; 2];

/// A row's lexicographic columns in order, found and read only as far as
/// comparisons have gone: a row that stays best is compared with many
/// others, each as deep as they agree, and what was read once is not read
/// again; a row compared once is read only to where it differs.
struct LexRow {
    row: u32,
    /// The row's place among the ratio test's candidates.
    slot: usize,
    /// How far the row's cleaned (sorted) listings have been read.
    early: usize,
    /// The row's pushed lexicographic columns, sorted, and how far read.
    late: Vec<u32>,
    late_pos: usize,
    /// The columns found so far, and the values read so far.
    cols: Vec<u32>,
    vals: Vec<f64>,
}

impl LexRow {
    fn new(tab: &ColumnTableau, row: u32, slot: usize) -> Self {
        let r = row as usize;
        let pushed = &tab.row_cols[r][tab.clean_len[r] as usize..];
        let mut late = tab.lex_pushed(r, pushed);
        late.sort_unstable();
        late.dedup();
        LexRow {
            row,
            slot,
            early: 0,
            late,
            late_pos: 0,
            cols: Vec::new(),
            vals: Vec::new(),
        }
    }

    /// The `k`-th lexicographic column of the row, if it has that many.
    fn col(&mut self, tab: &ColumnTableau, k: usize) -> Option<u32> {
        let r = self.row as usize;
        let (lo, hi) = tab.lex;
        let sorted = &tab.row_cols[r][..tab.clean_len[r] as usize];
        while self.cols.len() <= k {
            while let Some(&l) = sorted.get(self.early) {
                if l.0 > hi {
                    self.early = sorted.len();
                } else if l.0 < lo || !tab.listed(r, l) {
                    self.early += 1;
                } else {
                    break;
                }
            }
            let e = sorted.get(self.early).map(|l| l.0);
            let d = self.late.get(self.late_pos).copied();
            let c = match (e, d) {
                (None, None) => return None,
                (Some(e), Some(d)) => e.min(d),
                (Some(c), None) | (None, Some(c)) => c,
            };
            if e == Some(c) {
                self.early += 1;
            }
            if d == Some(c) {
                self.late_pos += 1;
            }
            self.cols.push(c);
        }
        Some(self.cols[k])
    }

    /// The value in the `k`-th lexicographic column, once that column has
    /// been found.
    fn value(&mut self, tab: &ColumnTableau, values: &mut CandidateValues, k: usize) -> f64 {
        while self.vals.len() <= k {
            let c = self.cols[self.vals.len()];
            self.vals.push(values.value(tab, self.slot, c));
        }
        self.vals[k]
    }

    /// The index of the first column at or after `lo`.
    fn seek(&mut self, tab: &ColumnTableau, lo: u32) -> usize {
        let mut k = self.cols.partition_point(|&c| c < lo);
        while k == self.cols.len() && self.col(tab, k).is_some_and(|c| c < lo) {
            k += 1;
        }
        k
    }
}

/// Lookups of one column, one row at a time, after which a ratio test reads
/// the column whole for all its candidate rows.
const READ_WHOLE_AFTER: u32 = 4;

/// One column's values in the candidate rows of a ratio test.
enum ColumnRead {
    /// Looked up this many times, one row at a time.
    Looked(u32),
    /// Read whole, as the `m`-th column so read: candidate `j`'s value is
    /// `by_candidate[j][m]`.
    Read(u32),
}

/// Values of lexicographic columns in the candidate rows of one ratio test.
/// Tied rows can agree on hundreds of columns: on tic-tac-toe, late in the
/// path, each pivot makes some 270 comparisons about 170 columns deep, so
/// each column is asked for in many rows. A column asked for often is read
/// once, merged with the sorted candidate rows, instead of searched once per
/// row (binary searches in long columns missed the cache and took most of
/// the time). Its values are stored by candidate, since a comparison reads
/// one row's values column after column: stored by column, each read missed
/// the cache.
struct CandidateValues {
    /// The candidate rows, increasing.
    rows: Vec<u32>,
    /// For each column, one more than its place in `reads`, or 0 if not
    /// asked for yet: a dense map, all zeros between ratio tests (hashing
    /// took a tenth of the time).
    read_of: Vec<u32>,
    reads: Vec<(u32, ColumnRead)>,
    /// For each candidate, its values in the columns read whole, in the
    /// order they were read.
    by_candidate: Vec<Vec<f64>>,
    columns_read: u32,
}

impl CandidateValues {
    /// The value at the candidate row in `slot` of column `c`, zero if none.
    fn value(&mut self, tab: &ColumnTableau, slot: usize, c: u32) -> f64 {
        let r = self.rows[slot];
        if tab.state[c as usize].basic_row != NONBASIC {
            return tab.entry(r as usize, c).unwrap_or(0.0);
        }
        let place = match self.read_of[c as usize] {
            0 => {
                self.reads.push((c, ColumnRead::Looked(0)));
                self.read_of[c as usize] = self.reads.len() as u32;
                self.reads.len() - 1
            }
            k => k as usize - 1,
        };
        let read = &mut self.reads[place].1;
        match read {
            ColumnRead::Read(m) => self.by_candidate[slot][*m as usize],
            ColumnRead::Looked(n) if *n + 1 < READ_WHOLE_AFTER => {
                *n += 1;
                lookup(&tab.cols[c as usize], r).unwrap_or(0.0)
            }
            ColumnRead::Looked(_) => {
                let m = self.columns_read;
                self.columns_read += 1;
                for vals in &mut self.by_candidate {
                    vals.push(0.0);
                }
                let col = &tab.cols[c as usize];
                let (mut i, mut j) = (0, 0);
                while i < col.len() && j < self.rows.len() {
                    match col[i].0.cmp(&self.rows[j]) {
                        Ordering::Less => i += 1,
                        Ordering::Greater => j += 1,
                        Ordering::Equal => {
                            self.by_candidate[j][m as usize] = col[i].1;
                            i += 1;
                            j += 1;
                        }
                    }
                }
                *read = ColumnRead::Read(m);
                self.by_candidate[slot][m as usize]
            }
        }
    }

    /// The dense map back, all zeros again.
    fn finish(mut self) -> Vec<u32> {
        for &(c, _) in &self.reads {
            self.read_of[c as usize] = 0;
        }
        self.read_of
    }
}

/// What one ratio test has read of its tied rows: each tied row's first two
/// lexicographic entries, its lexicographic columns and their values, each
/// found at most once, since a row that stays best is compared with hundreds
/// of others.
struct TieReads {
    /// By candidate.
    prefixes: Vec<Option<LexPrefix>>,
    /// By candidate.
    lex_rows: Vec<Option<LexRow>>,
    values: CandidateValues,
}

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
    /// [`CandidateValues::read_of`], kept between ratio tests.
    read_of: Vec<u32>,
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
        let mut best: Option<(usize, f64)> = None;
        let mut reads = TieReads {
            prefixes: vec![None; candidates.len()],
            lex_rows: std::iter::repeat_with(|| None)
                .take(candidates.len())
                .collect(),
            values: CandidateValues {
                rows: candidates.iter().map(|e| e.0).collect(),
                read_of: std::mem::take(&mut self.read_of),
                reads: Vec::new(),
                by_candidate: vec![Vec::new(); candidates.len()],
                columns_read: 0,
            },
        };
        for (slot, &(i, a)) in candidates.iter().enumerate() {
            let Some((b, ab)) = best else {
                best = Some((slot, a));
                continue;
            };
            let rb = candidates[b].0;
            let mut order = f64::cmp_ratio(&self.rhs[i as usize], &a, &self.rhs[rb as usize], &ab);
            if order == Ordering::Equal {
                order = self.lex_order(slot, a, b, ab, &mut reads);
            }
            if order == Ordering::Less {
                best = Some((slot, a));
            }
        }
        self.read_of = reads.values.finish();
        best.map(|(slot, _)| candidates[slot].0 as usize)
    }

    /// Compares rows `x` and `y`, divided by their entering-column entries
    /// `a` and `b`, in the lexicographic columns in order: the first column
    /// where the ratios differ decides. That is usually the first column
    /// either row has a nonzero in, so the first steps find the next such
    /// column by a scan of the rows' index; rows that agree there tend to
    /// agree on many more, and are compared on their sorted entries.
    fn lex_order(&self, x: usize, a: f64, y: usize, b: f64, reads: &mut TieReads) -> Ordering {
        let TieReads {
            prefixes,
            lex_rows,
            values,
        } = reads;
        let mut prefix = |slot: usize| {
            *prefixes[slot].get_or_insert_with(|| {
                let r = values.rows[slot] as usize;
                self.lex_prefix(r, &mut |c| values.value(self, slot, c))
            })
        };
        let (px, py) = (prefix(x), prefix(y));
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
        let mut take = |slot: usize| {
            lex_rows[slot]
                .take()
                .unwrap_or_else(|| LexRow::new(self, values.rows[slot], slot))
        };
        let (mut rx, mut ry) = (take(x), take(y));
        let (mut i, mut j) = (rx.seek(self, lo), ry.seek(self, lo));
        let order = loop {
            let cx = rx.col(self, i).unwrap_or(u32::MAX);
            let cy = ry.col(self, j).unwrap_or(u32::MAX);
            let col = cx.min(cy);
            if col == u32::MAX {
                break Ordering::Equal;
            }
            // Values are read only as far as the comparison goes: most of a
            // long row is never read.
            let vx = if cx == col {
                rx.value(self, values, i)
            } else {
                0.0
            };
            let vy = if cy == col {
                ry.value(self, values, j)
            } else {
                0.0
            };
            let o = f64::cmp_ratio(&vx, &a, &vy, &b);
            if o != Ordering::Equal {
                break o;
            }
            if cx == col {
                i += 1;
            }
            if cy == col {
                j += 1;
            }
        };
        lex_rows[x] = Some(rx);
        lex_rows[y] = Some(ry);
        order
    }

    /// The current lexicographic columns of row `r`'s cleaned (sorted)
    /// listings, in order.
    fn lex_sorted<'a>(&'a self, r: usize, sorted: &'a [Listing]) -> impl Iterator<Item = u32> + 'a {
        let (lo, hi) = self.lex;
        sorted
            .iter()
            .take_while(move |l| l.0 <= hi)
            .filter(move |&&l| l.0 >= lo && self.listed(r, l))
            .map(|l| l.0)
    }

    /// The current lexicographic columns among row `r`'s listings pushed
    /// since it was cleaned, in no order, possibly repeated.
    fn lex_pushed(&self, r: usize, pushed: &[Listing]) -> Vec<u32> {
        let (lo, hi) = self.lex;
        pushed
            .iter()
            .filter(|&&l| lo <= l.0 && l.0 <= hi && self.listed(r, l))
            .map(|l| l.0)
            .collect()
    }

    /// Row `r`'s first two nonzero entries in the lexicographic columns. The
    /// row's cleaned listings are sorted, so only their first current ones
    /// are read; of the listings pushed since, one pass keeps the four
    /// smallest columns, which nearly always suffice. Values are read only
    /// for the candidates, in order, until two are nonzero.
    fn lex_prefix(&self, r: usize, value: &mut dyn FnMut(u32) -> f64) -> LexPrefix {
        let (lo, hi) = self.lex;
        let (sorted, pushed) = self.row_cols[r].split_at(self.clean_len[r] as usize);
        let mut smallest = [u32::MAX; 4];
        let mut truncated = false;
        for &l in pushed {
            let c = l.0;
            if c < lo || c > hi || smallest.contains(&c) || !self.listed(r, l) {
                continue;
            }
            if c < smallest[3] {
                truncated |= smallest[3] != u32::MAX;
                smallest[3] = c;
                smallest.sort_unstable();
            } else {
                truncated = true;
            }
        }
        let late: Vec<u32> = smallest.into_iter().filter(|&c| c != u32::MAX).collect();
        self.prefix_of(r, sorted, &late, truncated, value)
            .unwrap_or_else(|| {
                let mut late = self.lex_pushed(r, pushed);
                late.sort_unstable();
                late.dedup();
                self.prefix_of(r, sorted, &late, false, value)
                    .expect("every pushed listing considered")
            })
    }

    /// The first two nonzero entries of row `r` among the merged, sorted
    /// candidates `sorted` (cleaned listings) and `late`; `None` if `late`
    /// is `truncated` and ran out before two were found.
    fn prefix_of(
        &self,
        r: usize,
        sorted: &[Listing],
        late: &[u32],
        truncated: bool,
        value: &mut dyn FnMut(u32) -> f64,
    ) -> Option<LexPrefix> {
        let mut early = self.lex_sorted(r, sorted).peekable();
        let mut late = late.iter().copied().peekable();
        let mut p: LexPrefix = [None, None];
        let mut found = 0;
        while found < 2 {
            let c = match (early.peek(), late.peek()) {
                (_, None) if truncated => return None,
                (None, None) => break,
                (Some(&a), Some(&b)) => a.min(b),
                (Some(&a), None) => a,
                (None, Some(&b)) => b,
            };
            while early.next_if_eq(&c).is_some() {}
            while late.next_if_eq(&c).is_some() {}
            let v = value(c);
            if v != 0.0 {
                p[found] = Some((c, v));
                found += 1;
            }
        }
        Some(p)
    }

    /// The value of a variable in the current basic solution.
    pub fn value(&self, var: usize) -> f64 {
        match self.state[var].basic_row {
            NONBASIC => 0.0,
            row => self.rhs[row as usize],
        }
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
            let mut lex_row = LexRow::new(self, r as u32, 0);
            let mut read = Vec::new();
            while let Some(c) = lex_row.col(self, read.len()) {
                read.push(c);
            }
            assert_eq!(read, columns, "row {r}'s lexicographic columns");
            if let Some(&c) = columns.get(1) {
                let mut lex_row = LexRow::new(self, r as u32, 0);
                assert_eq!(lex_row.seek(self, c), 1, "row {r}: seek");
            }
        }
    }
}
