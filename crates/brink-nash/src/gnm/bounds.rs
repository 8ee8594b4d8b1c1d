//! Where the path stands against its cell's boundaries, beyond the next
//! one the linear model meets: strategies found on the wrong side of
//! theirs.

use super::path::{BOUNDARY_TOL, FAR};
use super::space::Path;
use super::state::Work;

/// How far past its boundary (by rounding) a strategy may be, moving on
/// outward, when the path enters a cell, to be crossed there at once.
const TIE_GAP: f64 = 1e-10;

/// The boundaries [`Path::next_boundary`] passes over.
pub(super) struct Skip<'a> {
    /// The strategy whose boundary was crossed last in this cell, if any.
    pub(super) last_crossed: Option<usize>,
    /// Whether that boundary is watched again once the strategy has moved
    /// clear of it ([`GnmOptions::check_boundaries`]).
    ///
    /// [`GnmOptions::check_boundaries`]: super::GnmOptions
    pub(super) check_boundaries: bool,
    /// The trace's chain of crossings at one point, where the trace can
    /// resume (see [`Chain::rounding_back`]).
    pub(super) chain: Option<&'a Chain>,
}

impl Path<'_> {
    /// The next boundary the linear model meets, as `z` and `v` (payoffs
    /// with bonus) move along `dz` and `dv`: where some strategy's `z_i`
    /// meets its player's value, at the least positive multiple of the
    /// direction (under [`FAR`]). Returns that multiple, the strategy and
    /// its player; `None` where no boundary lies ahead.
    ///
    /// The boundary just crossed is skipped (rounding would cross it back
    /// at once) until the strategy has moved clear of it: the path may
    /// bring it back within the same cell (Gambit skips it for the whole
    /// cell and then loses the path). Nor is the first of two crossed at
    /// one point where rounding alone puts it ahead (max-cut 2x2x2's
    /// default ray crossed it back, was lost, resumed, lost again: 50 Euler
    /// steps with the tilted ray, now 23 on the default ray alone). A
    /// boundary moving outward is still crossed back (nau2004's sec6 needs
    /// that), and only the first of a chain of two: on g3, skipping the
    /// second of a chain of four took another branch, one equilibrium
    /// short.
    pub(super) fn next_boundary(
        &self,
        (z, dz): (&[f64], &[f64]),
        (v, dv): (&[f64], &[f64]),
        (best, support): (&[usize], &[bool]),
        skip: &Skip<'_>,
    ) -> Option<(f64, usize, usize)> {
        let mut next = None;
        let mut min_bound = FAR;
        for (p, &top) in best.iter().enumerate() {
            for i in self.player(p) {
                let clear = skip.check_boundaries && (z[i] - v[top]).abs() > 10.0 * BOUNDARY_TOL;
                let rounding = skip
                    .chain
                    .is_some_and(|c| c.rounding_back(i, support[i], dz[i] - dv[top]));
                if dz[i] != dv[top] && (skip.last_crossed != Some(i) || clear) && !rounding {
                    let bound = (z[i] - v[top]) / (dv[top] - dz[i]);
                    if bound > 0.0 && bound < min_bound {
                        min_bound = bound;
                        next = Some((bound, i, p));
                    }
                }
            }
        }
        next
    }

    /// Whether, at `z` on the path at `lambda`, some strategy is on the
    /// other side of its boundary than the cell `support` says: a
    /// supported one whose probability is below zero (its `z` below its
    /// player's value) or an unsupported one whose payoff with bonus
    /// exceeds that value, by more than [`BOUNDARY_TOL`].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn crossed_unseen(
        &self,
        z: &[f64],
        sigma: &[f64],
        g: &[f64],
        lambda: f64,
        best: &[usize],
        support: &[bool],
        w: &mut Work<'_>,
    ) -> bool {
        self.payoffs(w.dg, sigma, w.v);
        best.iter().enumerate().any(|(p, &top)| {
            let value = w.v[top] + g[top] * lambda;
            self.player(p).any(|i| {
                let gap = z[i] - value;
                if support[i] {
                    gap < -BOUNDARY_TOL
                } else {
                    gap > BOUNDARY_TOL
                }
            })
        })
    }

    /// A strategy other than `last_crossed` at (or, by rounding, up to
    /// [`TIE_GAP`] past) its boundary and moving outward, as `z` and `v`
    /// (payoffs with bonus) move along `dz` and `dv`: a supported one with
    /// no probability left and falling, or an unsupported one paying its
    /// player's value and rising. Its bound is zero or negative, so the
    /// linear model never crosses it. Returns it with its player.
    ///
    /// Entering a cell where another boundary meets the one just crossed,
    /// rounding may leave that strategy a hair past its boundary, moving on
    /// outward: the linear model then never meets it (its bound is
    /// negative) and the cell is the wrong map. On rand08 the trace erred
    /// ever more for the rest of the cell, was lost, resumed at Gambit's
    /// pace and was lost again there (297 Euler steps over two rays;
    /// crossed at once, 147 on the first with Euler steps alone); on g3 the
    /// trace entered a cell at lambda = -2/15 with player 1's first
    /// strategy exactly at zero and leaving, saw no boundary ahead and
    /// ended there, one equilibrium short. The trace crosses it at once.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn tie_at_entry(
        &self,
        z: &[f64],
        v: &[f64],
        dz: &[f64],
        dv: &[f64],
        best: &[usize],
        support: &[bool],
        last_crossed: Option<usize>,
    ) -> Option<(usize, usize)> {
        best.iter().enumerate().find_map(|(p, &top)| {
            self.player(p)
                .find(|&i| {
                    let (gap, rate) = (z[i] - v[top], dz[i] - dv[top]);
                    let outward = if support[i] {
                        gap <= 0.0 && rate < 0.0
                    } else {
                        gap >= 0.0 && rate > 0.0
                    };
                    last_crossed != Some(i) && outward && gap.abs() <= TIE_GAP
                })
                .map(|i| (i, p))
        })
    }
}

/// The support changes the trace made in a row at one point of the path
/// (one lambda, within 1e-9 relative), and the first of them.
#[derive(Clone, Copy, Default)]
pub(super) struct Chain {
    len: usize,
    first: usize,
    lambda: f64,
}

impl Chain {
    /// A crossing of strategy `s`'s boundary at `lambda`.
    pub(super) fn cross(&mut self, s: usize, lambda: f64) {
        if self.len > 0 && (lambda - self.lambda).abs() <= 1e-9 * lambda.abs().max(1.0) {
            self.len += 1;
        } else {
            *self = Chain {
                len: 1,
                first: s,
                lambda,
            };
        }
    }

    /// Forgets the chain (at an equilibrium, or where the trace resumes).
    pub(super) fn reset(&mut self) {
        self.len = 0;
    }

    /// Whether strategy `i`'s bound is only rounding's: `i` is the first
    /// of a chain of two crossings at one point, and `rate` (the change of
    /// `z_i` less its player's value, per unit of the path's parameter)
    /// moves it back towards this cell's side of its boundary (a
    /// supported strategy's probability rising, an unsupported one's
    /// payoff falling below the value). From the cell's side a boundary is
    /// met only moving outward, so a positive bound moving inward means
    /// rounding left `i` a hair on the wrong side.
    pub(super) fn rounding_back(&self, i: usize, supported: bool, rate: f64) -> bool {
        let inward = if supported { rate > 0.0 } else { rate < 0.0 };
        self.len == 2 && self.first == i && inward
    }
}
