//! The point where the path meets a support boundary, located by Newton's
//! method rather than approached by Euler steps (the event location of
//! predictor-corrector methods: Allgower and Georg 1990, "Numerical
//! Continuation Methods", ch. 9).
//!
//! The last step of a cell jumps to the boundary on the linear model.
//! Where the path curves the jump lands off the path, short of the
//! boundary or past it, and the local Newton method in `z` at fixed
//! `lambda`, whose retraction clips at the boundary, cannot bring a point
//! past it back: the steps were taken back and the boundary approached
//! again (on the fresh random game 12023, 35 Euler steps in one cell, 16
//! of them creeping at 1e-6 a step). Here `z` and `lambda` are corrected
//! together onto the path *and* the boundary, on the cell's own map: the
//! retraction affine on the cell's support and extended past its
//! boundaries (a probability may go negative), so the map is a polynomial
//! and Newton converges quadratically from either side.

use super::newton::Fix;
use super::path::STALL_DET;
use super::space::Path;
use super::state::Work;

#[cfg(test)]
thread_local! {
    /// Whether the last step's landing is located on its boundary: off
    /// only in the tests that compare with the approach by steps.
    pub(super) static LOCATE: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether [`Path::land_on_boundary`] runs.
pub(super) fn locate_on() -> bool {
    #[cfg(test)]
    return LOCATE.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

/// Newton iterations before the location is given up.
const ITERATIONS: usize = 6;
/// The largest residual (max norm, rescaled payoffs) of a located point.
const TOLERANCE: f64 = 1e-11;
/// How far from the landing the located point may be, in units of the
/// landing's error off the path, where that is more than the last step's
/// length (a landing whose error was left by corrections that stalled:
/// on the fresh random game 15023 a point 1.8e-3 off the path after a
/// step of 2.4e-3 was located 3.0e-3 away, at the boundary the trace at
/// Gambit's pace crosses).
const REACH: f64 = 4.0;
/// How far inside its own boundary every other strategy must be at the
/// located point: nearer, the boundaries (almost) meet there, and the
/// trace's rules for ties take over (a located point where two met, on
/// the fresh random game 11020, left the next cell's linear model
/// degenerate: a step of 1e-18, then one of 9e15).
const TIE: f64 = super::path::BOUNDARY_TOL;

impl Path<'_> {
    /// `sigma` from `z` by the retraction on `support`, extended: each
    /// player's supported strategies get `z` less the amount that makes
    /// them sum to one (negative where `z` is past the boundary), the
    /// others zero.
    fn retract_on(&self, z: &[f64], support: &[bool], sigma: &mut [f64]) {
        for p in 0..self.n() {
            let (mut sum, mut k) = (0.0, 0.0);
            for i in self.player(p).filter(|&i| support[i]) {
                sum += z[i];
                k += 1.0;
            }
            let shift = (sum - 1.0) / k;
            for i in self.player(p) {
                sigma[i] = if support[i] { z[i] - shift } else { 0.0 };
            }
        }
    }

    /// Moves `(z, lambda)` to where the path meets the boundary of
    /// strategy `s`, whose player's reference strategy is `top`: `psi(z) =
    /// lambda g` and `z_s = V_top(sigma) + lambda g_top` (on the path that
    /// is `sigma_s = 0` for a supported `s`, and `s` paying its player's
    /// value for an unused one), on the cell's map extended past its
    /// boundaries. Returns the residual left, under [`TOLERANCE`], with
    /// `sigma` the extended retraction of the point, `w.dg` the Jacobian
    /// there and `w.v` the payoffs; or `None`, with `z` and `lambda` as
    /// they were (and `sigma`, `w.dg` for the caller to recompute), where
    /// Newton does not converge in [`ITERATIONS`]. Leaves `w.a` changed:
    /// the factorisation cache is marked stale.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn locate_boundary(
        &self,
        z: &mut [f64],
        lambda: &mut f64,
        (s, top): (usize, usize),
        support: &[bool],
        g: &[f64],
        sigma: &mut [f64],
        w: &mut Work<'_>,
    ) -> Option<(f64, f64)> {
        let m = z.len();
        let side = m + 1;
        w.factored = false;
        w.backup.copy_from_slice(z);
        let start = *lambda;
        let mut before = f64::INFINITY;
        let mut landing = f64::NAN;
        for _ in 0..ITERATIONS {
            self.retract_on(z, support, sigma);
            self.jacobian_at(sigma, w);
            self.values(sigma, w.v, w.x);
            let mut left = 0.0f64;
            for i in 0..m {
                let r = z[i] - sigma[i] - w.v[i] - g[i] * *lambda;
                w.bordered_rhs[i] = r;
                left = left.max(r.abs());
            }
            let r = z[s] - w.v[top] - g[top] * *lambda;
            w.bordered_rhs[m] = r;
            left = left.max(r.abs());
            if landing.is_nan() {
                landing = left;
            }
            if left < TOLERANCE {
                return Some((landing, left));
            }
            if left.is_nan() || left >= before {
                break; // diverging
            }
            before = left;
            // `[Dpsi -g; b' -g_top]`, `b` the boundary's gradient in `z`:
            // `e_s - (DV R)_top`, and `(DV R)_top = R (row top of DV)` (`R`
            // is symmetric): `Path::retraction_times` of that row.
            self.dpsi(w.dg, support, w.a, w.mean);
            for (c, d) in w.del.iter_mut().enumerate() {
                *d = w.dg[top + c * m];
            }
            self.retraction_times(support, w.del, w.step);
            for (c, col) in w.bordered.chunks_exact_mut(side).take(m).enumerate() {
                col[..m].copy_from_slice(&w.a[c * m..(c + 1) * m]);
                col[m] = f64::from(u8::from(c == s)) - w.step[c];
            }
            let last = &mut w.bordered[m * side..];
            for (b, &gi) in last.iter_mut().zip(g) {
                *b = -gi;
            }
            last[m] = -g[top];
            w.bordered_fact.factor(w.bordered);
            if w.bordered_fact.det == 0.0 || !w.bordered_fact.det.is_finite() {
                break;
            }
            w.bordered_fact
                .inverse_times(w.bordered_rhs, w.bordered_step);
            for (zi, &d) in z.iter_mut().zip(&w.bordered_step[..m]) {
                *zi -= d;
            }
            *lambda -= w.bordered_step[m];
        }
        z.copy_from_slice(w.backup);
        *lambda = start;
        None
    }

    /// The last step of a cell, from `from` (the point before it, on the
    /// path) to `(z, lambda)` (where it landed, near the boundary of
    /// strategy `s` of player `p`), finished by [`Path::locate_boundary`].
    /// The located point is kept only if it is the path's next event: on
    /// this side of `lambda = 0` (`orientation`), ahead of `from` along
    /// the tangent, no farther from the landing than the step was long
    /// (or [`REACH`] times the landing's error, if more),
    /// and with every other strategy on its side of its boundary by more
    /// than [`TIE`] (otherwise the path met another boundary first or at
    /// the same point, or an equilibrium). Then `sigma` and `w.dg` are set there by the true
    /// retraction and the error off the path is returned. Otherwise
    /// `None`, with the point, `sigma`, `w.dg` and `Dpsi`'s factors as the
    /// step left them; also where `Dpsi` is singular (a turn of the path,
    /// where the bordered correction brings the landing back).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn land_on_boundary(
        &self,
        z: &mut [f64],
        lambda: &mut f64,
        (s, p): (usize, usize),
        (support, best): (&[bool], &[usize]),
        sigma: &mut [f64],
        w: &mut Work<'_>,
        fix: &Fix<'_>,
        from: (&[f64], f64),
        orientation: f64,
    ) -> Option<f64> {
        if !locate_on() || w.fact.det.abs() <= STALL_DET {
            return None; // where `Dpsi` is singular, the bordered correction
        }
        let (g, (tz, tl)) = (fix.g, fix.tangent);
        let landed = *lambda;
        let located = self.locate_boundary(z, lambda, (s, best[p]), support, g, sigma, w);
        let next = located.is_some() && {
            // `w.backup` holds the landing.
            let mut fixed = (*lambda - landed).abs();
            let mut step = (landed - from.1).abs();
            let mut ahead = (*lambda - from.1) * tl;
            for i in 0..z.len() {
                fixed = fixed.max((z[i] - w.backup[i]).abs());
                step = step.max((w.backup[i] - from.0[i]).abs());
                ahead += (z[i] - from.0[i]) * tz[i];
            }
            orientation * *lambda > 0.0
                && ahead > 0.0
                && fixed <= step.max(REACH * located.map_or(0.0, |(landing, _)| landing))
                && (0..self.n()).all(|q| {
                    let value = w.v[best[q]] + g[best[q]] * *lambda;
                    self.player(q).filter(|&i| i != s).all(|i| {
                        if support[i] {
                            sigma[i] > TIE
                        } else {
                            z[i] - value < -TIE
                        }
                    })
                })
        };
        if located.is_some() && !next {
            z.copy_from_slice(w.backup);
            *lambda = landed;
        }
        self.retract(z, sigma, w.sorted);
        self.jacobian_at(sigma, w);
        if !next {
            self.factor_dpsi(support, w);
            return None;
        }
        self.values(sigma, w.v, w.x);
        let mut err = 0.0f64;
        for i in 0..z.len() {
            err = err.max((z[i] - sigma[i] - w.v[i] - g[i] * *lambda).abs());
        }
        Some(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gnm::state::{Buffers, Trace};
    use crate::nplayer::table_of;

    /// A boundary point of the path built by hand on the fresh random game
    /// 12023 (2x2x2): at `sigma*` = (0, 1; 0.3, 0.7; 0.6, 0.4), `lambda =
    /// 1` and the ray `g_i = 0.5 - V_i(sigma*)`, every strategy pays its
    /// player 0.5 with the bonus, so `z* = sigma* + V(sigma*) + g` is on
    /// the path of `g`, and player 0's first strategy is at its boundary:
    /// leaving the cell where all strategies are used (probability 0), and
    /// entering the one where it is not (paying the value). From points
    /// 1e-3 off, short of the boundary and past it, Newton finds `z*` and
    /// `lambda = 1` again in both cells.
    #[test]
    fn newton_locates_a_boundary_point_built_by_hand() {
        let table = table_of("testdata/fixtures/nplayer/random/fresh12023_2x2x2.nfg");
        let path = Path::new(&table);
        let m = path.m();
        let mut buffers = Buffers::new(table.players(), m);
        let Trace { mut work, .. } = buffers.trace();
        let star = [0.0, 1.0, 0.3, 0.7, 0.6, 0.4];
        let mut v = vec![0.0; m];
        let mut x = vec![0.0; m];
        path.values(&star, &mut v, &mut x);
        let g: Vec<f64> = v.iter().map(|vi| 0.5 - vi).collect();
        let z_star: Vec<f64> = (0..m).map(|i| star[i] + v[i] + g[i]).collect();
        let off = [1.0, -0.5, 0.7, -0.2, 0.4, 0.9];
        for used in [true, false] {
            let mut support = vec![true; m];
            support[0] = used;
            for side in [1e-3, -1e-3] {
                let mut z: Vec<f64> = (0..m).map(|i| z_star[i] + side * off[i]).collect();
                let mut lambda = 1.0 + side;
                let mut sigma = vec![0.0; m];
                let left = path.locate_boundary(
                    &mut z,
                    &mut lambda,
                    (0, 1),
                    &support,
                    &g,
                    &mut sigma,
                    &mut work,
                );
                let (_, left) = left.unwrap_or_else(|| panic!("not located: used {used}, {side}"));
                assert!(left < TOLERANCE);
                assert!((lambda - 1.0).abs() < 1e-9, "{lambda}");
                for i in 0..m {
                    assert!((z[i] - z_star[i]).abs() < 1e-9, "{z:?} {z_star:?}");
                    assert!((sigma[i] - star[i]).abs() < 1e-9, "{sigma:?}");
                }
            }
        }
    }
}
