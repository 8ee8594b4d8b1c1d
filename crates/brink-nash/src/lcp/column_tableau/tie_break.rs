//! The ratio test and its lexicographic tie-break, for [`ColumnTableau`].
//!
//! The tie-break reads rows, which a tableau stored by columns does not hold
//! whole: it reads each tied row's lexicographic entries from the row's
//! index and the columns, only as deep as comparisons need, and shares what
//! it has read across the comparisons of one ratio test.

use super::{lookup, ColumnTableau, Listing, NONBASIC};
use crate::lcp::tableau::Entry;
use std::cmp::Ordering;

/// A row's first two nonzero entries in the lexicographic columns.
pub(super) type LexPrefix = [Option<(u32, f64)>; 2];

/// A row's lexicographic columns in order, found and read only as far as
/// comparisons have gone: a row that stays best is compared with many
/// others, each as deep as they agree, and what was read once is not read
/// again; a row compared once is read only to where it differs.
pub(super) struct LexRow {
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
    pub(super) fn new(tab: &ColumnTableau, row: u32, slot: usize) -> Self {
        let r = row as usize;
        let (_, pushed) = tab.listings(r);
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
    pub(super) fn col(&mut self, tab: &ColumnTableau, k: usize) -> Option<u32> {
        let r = self.row as usize;
        let (lo, hi) = tab.lex;
        let (sorted, _) = tab.listings(r);
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
    pub(super) fn seek(&mut self, tab: &ColumnTableau, lo: u32) -> usize {
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

impl ColumnTableau {
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

    /// Compares the rows of candidates `x` and `y`, divided by their
    /// entering-column entries `a` and `b`, in the lexicographic columns in
    /// order: the first column where the ratios differ decides. That is
    /// usually one of the first two columns either row has a nonzero in
    /// (its [`LexPrefix`]); rows that agree there tend to agree on many more,
    /// and are read further, column by column, as [`LexRow`]s.
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
    pub(super) fn lex_prefix(&self, r: usize, value: &mut dyn FnMut(u32) -> f64) -> LexPrefix {
        let (lo, hi) = self.lex;
        let (sorted, pushed) = self.listings(r);
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
}
