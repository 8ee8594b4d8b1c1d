//! Where the path stands against its cell's boundaries, beyond the next
//! one the linear model meets: strategies found on the wrong side of
//! theirs.

use super::path::BOUNDARY_TOL;
use super::space::Path;
use super::state::Work;

/// How far past its boundary (by rounding) a strategy may be, moving on
/// outward, when the path enters a cell, to be crossed there at once.
const TIE_GAP: f64 = 1e-10;

impl Path<'_> {
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
