//! The path's maps at its current point and their correction: `Dpsi`
//! factored and the payoff Jacobian, each computed again only where its
//! input changed, and the local Newton method that brings `z` back to the
//! path (see the parent module for the method).

use super::path::FAR;
use super::space::{Path, FUZZ};
use super::state::Work;

/// Whether two vectors are the same to the bit (so that what is computed
/// from them is too; `==` takes 0 and -0 for the same).
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

impl Path<'_> {
    /// Factors `Dpsi` at the current `dg` into `w.fact`, unless it holds
    /// the factors of `Dpsi` at the same `dg` (bit for bit) and support
    /// already: where the path keeps a pure profile the Jacobian does not
    /// change (on max-cut 2x2x2, 17 of 35 factorisations repeated the one
    /// before), nor where a correction did not move.
    pub(super) fn factor_dpsi(&self, support: &[bool], w: &mut Work<'_>) {
        if w.factored && *w.factored_support == *support && same_bits(w.factored_dg, w.dg) {
            return;
        }
        self.dpsi(w.dg, support, w.a, w.mean);
        w.fact.factor(w.a);
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
            // Over zipped slices (no bounds checks) and with a comparison
            // for `max` (no NaN handling: a NaN entry is passed over as
            // `max` passes it over, and `err` starts a number).
            err = 0.0f64;
            let residual = w
                .del
                .iter_mut()
                .zip(z.iter().zip(&*sigma).zip(&*w.v).zip(pert));
            for (d, (((&zi, &si), &vi), &pi)) in residual {
                *d = zi - si - vi - pi;
                let e = d.abs();
                if e > err {
                    err = e;
                }
            }
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
}
