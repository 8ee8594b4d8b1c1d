//! Anderson acceleration of the best-response iteration (Walker and Ni
//! 2011, "Anderson acceleration for fixed-point iterations").
//!
//! With the beliefs of a trembled profile (`sequential::TREMBLE`), a typed
//! player's response moves continuously with the others' behaviour, so the
//! iteration is the search for a fixed point of a continuous map. Damping
//! alone crawls or circles where that map is steep (an off-path belief that
//! swings as a cut slides through a distribution's tail); Anderson's step
//! extrapolates from the last few residuals as a secant method would, and
//! falls back to the damped step whenever it stops making progress.

use super::Damping;
use nalgebra::{DMatrix, DVector};
use std::collections::VecDeque;

/// Past iterates the extrapolation uses by default.
pub(super) const MEMORY: usize = 12;

pub(super) struct Anderson {
    /// Past iterates kept (0: the damped step alone).
    memory: usize,
    /// Which entries of the profile move (the players' information sets).
    moving: Vec<bool>,
    xs: VecDeque<Vec<f64>>,
    gs: VecDeque<Vec<f64>>,
    damping: Damping,
    best: f64,
    /// Steps since the residual last reached a new low.
    stalled: usize,
}

impl Anderson {
    pub(super) fn new(moving: Vec<bool>, floor: f64, memory: usize) -> Anderson {
        Anderson {
            memory,
            moving,
            xs: VecDeque::new(),
            gs: VecDeque::new(),
            damping: Damping::new(floor),
            best: f64::INFINITY,
            stalled: 0,
        }
    }

    fn flatten(&self, sigma: &[Vec<f64>]) -> Vec<f64> {
        sigma
            .iter()
            .zip(&self.moving)
            .filter(|(_, m)| **m)
            .flat_map(|(s, _)| s.iter().copied())
            .collect()
    }

    /// Moves `sigma` towards a fixed point, given its image `target` under
    /// the response map and their distance `resid`.
    pub(super) fn step(&mut self, sigma: &mut [Vec<f64>], target: &[Vec<f64>], resid: f64) {
        if resid < self.best * 0.999 {
            self.best = resid;
            self.stalled = 0;
        } else {
            self.stalled += 1;
        }
        if self.memory == 0 {
            self.damping.step(sigma, target, resid);
            return;
        }
        if self.stalled > 2 * self.memory {
            // No progress for a while: forget the secant model, damp instead.
            self.xs.clear();
            self.gs.clear();
            self.stalled = 0;
            self.best = resid;
        }
        self.xs.push_back(self.flatten(sigma));
        self.gs.push_back(self.flatten(target));
        if self.xs.len() > self.memory + 1 {
            self.xs.pop_front();
            self.gs.pop_front();
        }
        let m = self.xs.len() - 1;
        if m == 0 {
            self.damping.step(sigma, target, resid);
            return;
        }
        let n = self.xs[0].len();
        let f = |k: usize| -> Vec<f64> {
            self.gs[k]
                .iter()
                .zip(&self.xs[k])
                .map(|(g, x)| g - x)
                .collect()
        };
        let fs: Vec<Vec<f64>> = (0..=m).map(f).collect();
        let df = DMatrix::from_fn(n, m, |r, c| fs[c + 1][r] - fs[c][r]);
        let dg = DMatrix::from_fn(n, m, |r, c| self.gs[c + 1][r] - self.gs[c][r]);
        let fk = DVector::from_column_slice(&fs[m]);
        // Least squares by the normal equations, lightly regularised: the
        // columns are often nearly dependent and only the fit matters.
        let mut a = df.tr_mul(&df);
        let reg = 1e-12 * a.trace().max(1e-300);
        for d in 0..m {
            a[(d, d)] += reg;
        }
        let Some(gamma) = a.lu().solve(&df.tr_mul(&fk)) else {
            self.damping.step(sigma, target, resid);
            return;
        };
        let next = DVector::from_column_slice(&self.gs[m]) - dg * gamma;
        if next.iter().any(|x| !x.is_finite()) {
            self.damping.step(sigma, target, resid);
            return;
        }
        let mut at = 0;
        for (s, moving) in sigma.iter_mut().zip(&self.moving) {
            if !moving {
                continue;
            }
            for x in s.iter_mut() {
                *x = next[at].clamp(0.0, 1.0);
                at += 1;
            }
            let total: f64 = s.iter().sum();
            if total > 0.0 {
                s.iter_mut().for_each(|x| *x /= total);
            } else {
                let k = s.len() as f64;
                s.iter_mut().for_each(|x| *x = 1.0 / k);
            }
        }
    }
}
