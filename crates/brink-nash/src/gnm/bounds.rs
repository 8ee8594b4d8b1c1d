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
        w: &mut Work,
    ) -> bool {
        self.payoffs(&w.dg, sigma, &mut w.v);
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
