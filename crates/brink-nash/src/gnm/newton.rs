//! The path's maps at its current point and their correction: `Dpsi`
//! factored and the payoff Jacobian, each computed again only where its
//! input changed, and the correctors that bring the point back to the
//! path: the local Newton method in `z` and, where `Dpsi` is singular,
//! Newton in `z` and `lambda` on the bordered system (see the parent
//! module for the method).

use super::path::{FAR, STALL_DET};
use super::space::{Path, FUZZ};
use super::state::Work;

/// The error the local Newton method may leave where `Dpsi` is regular
/// before the bordered correction takes over from there
/// ([`Path::correct_at`]).
const UNCONVERGED: f64 = 1e-6;

/// Whether two vectors are the same to the bit (so that what is computed
/// from them is too; `==` takes 0 and -0 for the same).
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

#[cfg(test)]
thread_local! {
    /// Whether the bordered correction runs: off only in the tests of the
    /// rules for a continuum it cannot follow (their one fixture, sec5's
    /// continuum, it now follows; the rules stay for a continuum where the
    /// bordered matrix is singular too).
    pub(super) static BORDERED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// `psi(z) - pert = z - sigma - v - pert` into `del`, and its largest
/// entry (max norm). Over zipped slices (no bounds checks) and with a
/// comparison for `max` (no NaN handling: a NaN entry is passed over as
/// `max` passes it over, and the result starts a number).
fn residual(z: &[f64], sigma: &[f64], v: &[f64], pert: &[f64], del: &mut [f64]) -> f64 {
    let mut err = 0.0f64;
    for (d, (((&zi, &si), &vi), &pi)) in del.iter_mut().zip(z.iter().zip(sigma).zip(v).zip(pert)) {
        *d = zi - si - vi - pi;
        let e = d.abs();
        if e > err {
            err = e;
        }
    }
    err
}

/// What a correction needs besides the point: the ray `g`, the last Euler
/// direction `(dz, dlambda)`, Newton's iterations, and whether the
/// bordered correction may run (a trace that can resume).
pub(super) struct Fix<'f> {
    pub(super) g: &'f [f64],
    pub(super) tangent: (&'f [f64], f64),
    pub(super) maxits: usize,
    pub(super) bordered: bool,
}

/// Whether the bordered correction ([`Path::correct_at`]) runs where
/// `Dpsi` is singular.
pub(super) fn bordered_on() -> bool {
    #[cfg(test)]
    return BORDERED.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

/// The least number of strategies at which `Dpsi` is factored in the
/// small dimension ([`LowRank`]). Below it the whole matrix is hardly
/// larger (a 2x2x2 game's solve took 5% less time so), and on nau2004's
/// sec5 (2x2x2), whose path follows a continuum of equilibria where
/// rounding decides the way, the changed rounding ended the default ray at
/// the continuum after one crossing instead of three, and its solve took
/// twice as long.
///
/// [`LowRank`]: super::lowrank::LowRank
const LOW_RANK_FROM: usize = 8;

impl Path<'_> {
    /// Factors `Dpsi` at the current `dg` into `w.fact`, unless it holds
    /// the factors of `Dpsi` at the same `dg` (bit for bit) and support
    /// already: where the path keeps a pure profile the Jacobian does not
    /// change (on max-cut 2x2x2, 17 of 35 factorisations repeated the one
    /// before), nor where a correction did not move. In the small
    /// dimension from [`LOW_RANK_FROM`] strategies, unless `Dpsi` is near
    /// singular there (a turn of the path, or a continuum of equilibria):
    /// then whole, with the rounding the trace's rules for such cells
    /// were measured with.
    pub(super) fn factor_dpsi(&self, support: &[bool], w: &mut Work<'_>) {
        if w.factored && *w.factored_support == *support && same_bits(w.factored_dg, w.dg) {
            return;
        }
        let small = self.m() >= LOW_RANK_FROM && {
            let players = (0..self.n()).map(|p| self.player(p));
            w.fact.factor(w.dg, support, players);
            !w.fact.near_singular()
        };
        if !small {
            self.dpsi(w.dg, support, w.a, w.mean);
            w.fact.factor_whole(w.a);
        }
        w.factored_dg.copy_from_slice(w.dg);
        w.factored_support.copy_from_slice(support);
        w.factored = true;
    }

    /// The payoff Jacobian at `sigma` into `w.dg`, unless `w.dg` holds it
    /// already (the path keeps a pure profile, or Newton did not move; on
    /// max-cut 2x2x2 half the Jacobians repeated the last). A `w.dg` put
    /// back from a saved state must be marked with `w.jacobian_known =
    /// false`.
    pub(super) fn jacobian_at(&self, sigma: &[f64], w: &mut Work<'_>) {
        if w.jacobian_known && same_bits(w.jacobian_sigma, sigma) {
            return;
        }
        self.jacobian(sigma, w.dg, w.x);
        w.jacobian_sigma.copy_from_slice(sigma);
        w.jacobian_known = true;
    }

    /// Newton's method on `psi(z) = pert` from `z`, with `Dpsi` (factored
    /// in `w.fact`) from the start throughout; if a step makes the error
    /// grow, back off once with steps `maxits` times shorter. Leaves
    /// `sigma` and `w.dg` at the new `z`. Returns the last error (max
    /// norm) measured.
    pub(super) fn local_newton(
        &self,
        z: &mut [f64],
        pert: &[f64],
        sigma: &mut [f64],
        w: &mut Work<'_>,
        maxits: usize,
    ) -> f64 {
        if maxits == 0 || w.fact.det == 0.0 {
            return FUZZ;
        }
        let mut b = 1.0;
        let mut best = FAR;
        let mut faulted = false;
        w.backup.copy_from_slice(z);
        let mut err = FAR;
        let mut moved = false;
        for _ in 0..maxits {
            self.values(sigma, w.v, w.x);
            err = residual(z, sigma, w.v, pert, w.del);
            if err < FUZZ {
                break;
            }
            if best < err {
                z.copy_from_slice(w.backup);
                self.retract(z, sigma, w.sorted);
                if faulted {
                    self.jacobian_at(sigma, w);
                    return best;
                }
                b /= maxits as f64;
                best = FAR;
                faulted = true;
                continue;
            }
            best = err;
            w.backup.copy_from_slice(z);
            w.fact.inverse_times(w.del, w.step);
            for (zi, &s) in z.iter_mut().zip(w.step.iter()) {
                *zi -= s * b;
            }
            self.retract(z, sigma, w.sorted);
            moved = true;
        }
        if moved {
            self.jacobian_at(sigma, w);
        }
        err
    }

    /// [`Path::local_newton`] from a point `err` off the path; returns the
    /// error it leaves (`err` where `Dpsi` is singular and it cannot run).
    pub(super) fn correct(
        &self,
        z: &mut [f64],
        pert: &[f64],
        sigma: &mut [f64],
        w: &mut Work<'_>,
        maxits: usize,
        err: f64,
    ) -> f64 {
        if maxits == 0 || w.fact.det == 0.0 {
            return err;
        }
        self.local_newton(z, pert, sigma, w, maxits)
    }

    /// Brings the path's point back to the path after `err` was measured
    /// there, and returns the error left. Where `Dpsi` is regular (or
    /// `fix.bordered` is off), [`Path::correct`]: in `z` at fixed `lambda`,
    /// Gambit's local Newton method. Where it is singular (`|det|` at most
    /// [`STALL_DET`]), Newton's method on `psi(z) = lambda g` in `z` and
    /// `lambda` together, each step orthogonal to the tangent `(tz, tl)`
    /// (`fix.tangent`, the Euler direction): the bordered matrix `[Dpsi -g;
    /// tz' tl]`, held from the start as `Dpsi` is in
    /// [`Path::local_newton`], is regular wherever the path is a curve, also
    /// where `Dpsi` is singular (a turn of the path, a continuum of
    /// equilibria), where `z` alone cannot be brought back (Allgower and
    /// Georg 1990, "Numerical Continuation Methods", ch. 3, the corrector
    /// of a predictor-corrector method). Before it, sec5's continuum, `|det
    /// Dpsi|` 1e-13 to 1e-17, went uncorrected: the error grew by about
    /// `step_error` a step, the longer steps were taken back three times,
    /// and each ray took 37 Euler steps along it. `lambda` stays on its
    /// side of zero (a crossing is the Euler step's to find, and the sign
    /// of `lambda` says on which side of the game the path is); if a step
    /// makes the error grow it is undone and the correction stops. Where
    /// `Dpsi` is regular but the local method leaves more than
    /// [`UNCONVERGED`] (near a turn of the path, where at fixed `lambda`
    /// the path is nearly tangent to the slice: on the fresh random game
    /// 14008 it stalled 5e-3 off the path for 143 Euler steps), the
    /// bordered correction goes on from where it stopped. Leaves
    /// `sigma`, `pert` and `w.dg` at the new point; where the bordered
    /// matrix is singular too, returns `err` without moving.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn correct_at(
        &self,
        z: &mut [f64],
        lambda: &mut f64,
        pert: &mut [f64],
        sigma: &mut [f64],
        w: &mut Work<'_>,
        fix: &Fix<'_>,
        err: f64,
    ) -> f64 {
        let mut err = err;
        if !fix.bordered || w.fact.det.abs() > STALL_DET {
            let left = self.correct(z, pert, sigma, w, fix.maxits, err);
            if !fix.bordered || left <= UNCONVERGED {
                return left;
            }
            err = left;
        }
        let (g, (tz, tl), maxits) = (fix.g, fix.tangent, fix.maxits);
        let m = z.len();
        let side = m + 1;
        if maxits == 0 {
            return err;
        }
        // `Dpsi` as last factored, whole (column-major).
        self.dpsi(w.factored_dg, w.factored_support, w.a, w.mean);
        let columns = w.bordered.chunks_exact_mut(side).zip(w.a.chunks_exact(m));
        for ((col, a), &t) in columns.zip(tz) {
            col[..m].copy_from_slice(a);
            col[m] = t;
        }
        let last = &mut w.bordered[m * side..];
        for (b, &gi) in last.iter_mut().zip(g) {
            *b = -gi;
        }
        last[m] = tl;
        w.bordered_fact.factor(w.bordered);
        if w.bordered_fact.det == 0.0 || !w.bordered_fact.det.is_finite() {
            return err;
        }
        let mut lam = *lambda;
        let (mut before, mut lambda_before) = (FAR, lam);
        let mut left = FAR;
        let mut moved = false;
        w.backup.copy_from_slice(z);
        for _ in 0..maxits {
            self.values(sigma, w.v, w.x);
            for (p, &gi) in pert.iter_mut().zip(g) {
                *p = gi * lam;
            }
            left = residual(z, sigma, w.v, pert, w.del);
            if left < FUZZ {
                break;
            }
            if before < left {
                z.copy_from_slice(w.backup);
                lam = lambda_before;
                self.retract(z, sigma, w.sorted);
                left = before;
                break;
            }
            before = left;
            w.backup.copy_from_slice(z);
            lambda_before = lam;
            w.bordered_rhs[..m].copy_from_slice(w.del);
            w.bordered_rhs[m] = 0.0;
            w.bordered_fact
                .inverse_times(w.bordered_rhs, w.bordered_step);
            for (zi, &s) in z.iter_mut().zip(&w.bordered_step[..m]) {
                *zi -= s;
            }
            let next = lam - w.bordered_step[m];
            if next * lam > 0.0 {
                lam = next;
            }
            self.retract(z, sigma, w.sorted);
            moved = true;
        }
        *lambda = lam;
        for (p, &gi) in pert.iter_mut().zip(g) {
            *p = gi * lam;
        }
        if moved {
            self.jacobian_at(sigma, w);
        }
        left
    }
}
