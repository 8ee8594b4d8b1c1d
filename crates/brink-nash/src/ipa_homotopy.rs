//! `ipa`'s homotopy: an equilibrium of the polymatrix approximation by
//! Howson's complementary pivoting (see [`Work::homotopy`]).
//!
//! The tableau is stored column by column, one column per variable: a
//! pivot then updates only the columns whose entry in the pivot row is
//! nonzero, each a contiguous run of `m` numbers, and the ratio test reads
//! one contiguous column. About half the columns are zero in any row (the
//! other basic variables' unit columns), so this halves a pivot's work
//! against a row-major tableau, whose rows are updated in full; the
//! numbers are the same to the bit (each entry gets the same division,
//! product and difference), so the pivots and the equilibria are too.

use super::Work;
use brink_game::{SolveError, Watch};

impl Work<'_> {
    /// The homotopy's tableau at its start, written out: the pure profile
    /// maximising `g` basic with its values and the other slacks.
    ///
    /// Unknowns: probabilities `x` (m), slacks `w` (m), values `v` (n,
    /// free) and `lambda`; equations `w_s - v_i + (P x)_s + lambda g_s = 0`
    /// for each strategy `s` of player `i`, and each player's
    /// probabilities summing to one. This is what pivoting each top
    /// strategy into its player's sum row and then each value into its top
    /// strategy's row makes of the equations (all pivots of magnitude
    /// one), computed with the same operations in the same order, so the
    /// tableau is the same to the bit; writing it directly saves `2n`
    /// pivots per homotopy, most of the pivots on the smallest games.
    ///
    /// Only the rows pivoted later are kept: the players' sum rows (their
    /// top strategies basic), then the other strategies' slack rows. The
    /// values' rows (a value never leaves the basis and nothing reads its
    /// row) serve only to eliminate the values, after which the values'
    /// columns are zero in the kept rows and are not stored either:
    /// columns are `x`, `w`, `lambda` (`2m`) and the right side (`2m + 1`).
    pub(super) fn start_tableau(&mut self) {
        let (m, n) = (self.m, self.n);
        let (lam, rhs) = (2 * m, 2 * m + 1);
        let Work {
            table,
            owner,
            g,
            top,
            p,
            tableau: t,
            basis,
            ..
        } = self;
        let offsets = &table.offsets;
        // Strategy r's row of the equations, the top strategies
        // eliminated, at the coefficient of each other strategy c (of
        // player j): its payoff less that of j's top one.
        let eliminated = |r: usize, j: usize, c: usize| p[r * m + c] - p[r * m + top[j]];
        // and at the right side: less the payoff against every top
        // strategy.
        let right = |r: usize| {
            let mut right = 0.0;
            for &b in top.iter() {
                right -= p[r * m + b];
            }
            right
        };
        // Each value solved from its top strategy's row (negated, the
        // value's own coefficient -1 becoming 1) and added to the player's
        // other rows, which takes their value coefficient to 0. Only the
        // nonzero entries are written: each row's slacks' coefficients are
        // its own 1 and its top strategy's -1 (a zero elsewhere, `0 + -0`).
        t.fill(0.0);
        let mut k = n;
        for r in 0..m {
            let i = owner[r];
            let b = top[i];
            if r == b {
                continue;
            }
            for j in 0..n {
                for c in (offsets[j]..offsets[j + 1]).filter(|&c| c != top[j]) {
                    t[c * m + k] = eliminated(r, j, c) + -eliminated(b, j, c);
                }
            }
            t[(m + r) * m + k] = 1.0;
            t[(m + b) * m + k] = -1.0;
            t[lam * m + k] = g[r] + -g[b];
            t[rhs * m + k] = right(r) + -right(b);
            basis[k] = m + r;
            k += 1;
        }
        // Each player's probabilities sum to one, the top one basic.
        for i in 0..n {
            for c in offsets[i]..offsets[i + 1] {
                t[c * m + i] = 1.0;
            }
            t[rhs * m + i] = 1.0;
            basis[i] = top[i];
        }
    }

    /// An equilibrium of the polymatrix game into `s` by following the
    /// equilibria of the game perturbed by `lambda * g` from large `lambda`
    /// to zero; false at a ray or after 10,000 pivots. Complementary
    /// pivoting keeps `x_s w_s = 0` for all but one `s` until `lambda`
    /// leaves the basis at zero.
    pub(super) fn homotopy(&mut self, watch: &Watch, s: &mut [f64]) -> Result<bool, SolveError> {
        let m = self.m;
        let (lam, rhs) = (2 * m, 2 * m + 1);
        self.start_tableau();
        let Work {
            tableau: t,
            basis,
            entering_column,
            ratios,
            ..
        } = self;
        let (lams, rights) = (&t[lam * m..(lam + 1) * m], &t[rhs * m..(rhs + 1) * m]);
        // Lowering lambda from infinity: the first slack to reach zero
        // leaves.
        let mut best: Option<(usize, f64)> = None;
        for (r, &var) in basis.iter().enumerate() {
            if (m..2 * m).contains(&var) && lams[r] < 0.0 {
                let ratio = rights[r] / lams[r];
                if best.is_none_or(|(_, b)| ratio > b) {
                    best = Some((r, ratio));
                }
            }
        }
        let mut entering = match best {
            Some((r, ratio)) if ratio > 0.0 => {
                let leaving = basis[r];
                pivot(t, m, basis, r, lam, entering_column);
                leaving - m // the leaving slack's probability enters
            }
            // The pure profile is already an equilibrium of `p`.
            _ => {
                read(t, basis, s);
                return Ok(true);
            }
        };
        let eps = 1e-12;
        for _ in 0..10_000 {
            watch.check()?;
            let column = &t[entering * m..(entering + 1) * m];
            let rights = &t[rhs * m..(rhs + 1) * m];
            // Every row's ratio first, in one pass the divisions of which
            // overlap, then the choice among the rows that qualify (the
            // others' ratios, of a nonpositive entry, are not read): the
            // divisions inside the choice's branches stalled it.
            for ((q, &right), &a) in ratios.iter_mut().zip(rights).zip(column) {
                *q = right / a;
            }
            let mut row: Option<(usize, f64)> = None;
            for r in 0..m {
                if column[r] <= eps {
                    continue;
                }
                let ratio = ratios[r];
                let better = match row {
                    None => true,
                    // Ties go to lambda, so the path ends as soon as it can.
                    Some((k, b)) => {
                        ratio < b - 1e-13
                            || (ratio <= b + 1e-13 && basis[r] == lam && basis[k] != lam)
                    }
                };
                if better {
                    row = Some((r, ratio));
                }
            }
            // A ray: no equilibrium along this path.
            let Some((r, _)) = row else {
                return Ok(false);
            };
            let leaving = basis[r];
            pivot(t, m, basis, r, entering, entering_column);
            if leaving == lam {
                read(t, basis, s);
                return Ok(true);
            }
            entering = if leaving < m {
                leaving + m
            } else {
                leaving - m
            };
        }
        Ok(false)
    }
}

/// Makes variable `c` basic in row `r` of the column-major tableau `t`
/// (`rows` high), `column` scratch for its column.
///
/// Row by row this is: the pivot row divided by the pivot, then each other
/// row less its entry in column `c` times the pivot row. A column whose
/// entry in the pivot row is zero would only have zero products taken
/// from it and is skipped (as the row-major form skipped rows with a zero
/// in column `c`: either way an entry changes at most in the sign of a
/// zero, which no ratio, comparison or probability read depends on).
///
/// Measured on fresh game 7009 against this plain branch per column: the
/// columns to update listed first (by a running count, or as the bits of
/// a word in memory or in a register) and the whole row divided at once,
/// zeros too, were each slower (docs/bench-history.md, session 24).
pub(super) fn pivot(
    t: &mut [f64],
    rows: usize,
    basis: &mut [usize],
    r: usize,
    c: usize,
    column: &mut [f64],
) {
    column.copy_from_slice(&t[c * rows..(c + 1) * rows]);
    let pv = column[r];
    // The pivot row's own entry is set after the update, not updated.
    column[r] = 0.0;
    for col in t.chunks_exact_mut(rows) {
        let v = col[r];
        if v == 0.0 {
            continue;
        }
        let v = v / pv;
        for (o, &f) in col.iter_mut().zip(&*column) {
            *o -= f * v;
        }
        col[r] = v;
    }
    basis[r] = c;
}

/// The probabilities of a basis into `x`, clamped at zero against rounding.
fn read(t: &[f64], basis: &[usize], x: &mut [f64]) {
    let m = x.len();
    let rights = &t[(2 * m + 1) * m..(2 * m + 2) * m];
    x.fill(0.0);
    for (r, &var) in basis.iter().enumerate() {
        if var < m {
            x[var] = rights[r].max(0.0);
        }
    }
}
