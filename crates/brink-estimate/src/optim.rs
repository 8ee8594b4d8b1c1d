//! Maximisation: Newton's method with the exact Hessian, Levenberg
//! damping where the Hessian is not negative definite, and a backtracking
//! (Armijo) line search, and the positive definite solves it and the fit
//! need, by nalgebra's Cholesky.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use serde::{Deserialize, Serialize};

/// Something to maximise.
pub trait Objective: Sync {
    /// The value.
    fn value(&self, theta: &[f64]) -> f64;
    /// Value, gradient and Hessian (row-major).
    fn value_grad_hess(&self, theta: &[f64]) -> (f64, Vec<f64>, Vec<f64>);
    /// Value and gradient.
    fn value_grad(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let (v, g, _) = self.value_grad_hess(theta);
        (v, g)
    }
}

/// Options of the optimiser.
#[derive(Clone, Debug)]
pub struct OptimOptions {
    /// Iteration limit.
    pub max_iter: usize,
    /// Convergence tolerance on half the Newton decrement `g' (-H)^-1 g / 2`
    /// (the predicted gain of a Newton step).
    pub tol: f64,
}

impl Default for OptimOptions {
    fn default() -> Self {
        Self {
            max_iter: 500,
            tol: 1e-12,
        }
    }
}

/// The outcome of a maximisation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Convergence {
    /// Whether the convergence criterion was met (in a fit's JSON, once, as
    /// the fit's own `converged`).
    #[serde(skip_serializing, default)]
    pub converged: bool,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Largest absolute gradient component at the end.
    pub max_abs_gradient: f64,
    /// Half the Newton decrement at the end (predicted remaining gain).
    pub newton_decrement: f64,
    /// Human-readable reason for stopping.
    pub message: String,
}

/// Result of [`maximize`].
#[derive(Clone, Debug)]
pub struct OptimResult {
    /// The maximiser.
    pub theta: Vec<f64>,
    /// Value there.
    pub value: f64,
    /// Gradient there.
    pub grad: Vec<f64>,
    /// Hessian there.
    pub hess: Vec<f64>,
    /// Convergence report.
    pub convergence: Convergence,
}

/// The Cholesky factorisation of a symmetric `p x p` matrix (row-major;
/// only its lower triangle is read), or None unless it is positive
/// definite: every pivot positive and finite.
fn cholesky(a: &[f64], p: usize) -> Option<Cholesky<f64, Dyn>> {
    let c = DMatrix::from_row_slice(p, p, a).cholesky()?;
    // nalgebra refuses zero, negative and NaN pivots but takes an infinite one.
    c.l_dirty()
        .diagonal()
        .iter()
        .all(|d| d.is_finite())
        .then_some(c)
}

/// Whether a symmetric matrix (row-major) is positive definite.
pub fn is_positive_definite(a: &[f64], p: usize) -> bool {
    cholesky(a, p).is_some()
}

/// Solves `A x = b` for a symmetric positive definite `A` (row-major) by
/// Cholesky, or None if `A` is not positive definite.
pub fn spd_solve(a: &[f64], p: usize, b: &[f64]) -> Option<Vec<f64>> {
    let c = cholesky(a, p)?;
    Some(c.solve(&DVector::from_column_slice(b)).data.into())
}

/// Inverse (row-major) of a symmetric positive definite matrix, or None.
pub fn spd_inverse(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let inv = cholesky(a, p)?.inverse();
    Some(inv.transpose().data.into())
}

/// Maximises `f` from `start`.
pub fn maximize<F: Objective + ?Sized>(f: &F, start: &[f64], opts: &OptimOptions) -> OptimResult {
    maximize_from(f, start, opts, None)
}

/// As [`maximize`], with an approximate Hessian at the start (e.g. the
/// full-sample Hessian for a bootstrap replicate started at the full-sample
/// estimate), which saves one Hessian evaluation; later iterations use the
/// exact Hessian.
pub fn maximize_from<F: Objective + ?Sized>(
    f: &F,
    start: &[f64],
    opts: &OptimOptions,
    start_hessian: Option<&[f64]>,
) -> OptimResult {
    run(f, start, opts, start_hessian, None)
}

/// A local maximum found already (by an earlier start of a multistart).
#[derive(Clone, Copy, Debug)]
pub struct Known<'a> {
    /// The maximiser.
    pub theta: &'a [f64],
    /// Minus the Hessian there (positive definite, row-major).
    pub neg_hess: &'a [f64],
    /// The value there.
    pub value: f64,
}

/// Squared distance, in the metric of minus `known`'s Hessian, within which
/// a later start is taken to have reached `known`: 1e-6, i.e. 0.001
/// standard errors along any direction. A strict local maximum has no other
/// stationary point that close, and Newton from there converges to it in
/// one or two steps, which are saved.
pub const AGREE_RADIUS2: f64 = 1e-6;

/// As [`maximize`], but stops, converged, as soon as an iterate, or its
/// Newton step once the predicted gain is below 0.01, comes within
/// [`AGREE_RADIUS2`] of `known` with a value no worse than it up to
/// rounding: a multistart's later starts only need to show which optimum
/// they reach.
pub fn maximize_near<F: Objective + ?Sized>(
    f: &F,
    start: &[f64],
    opts: &OptimOptions,
    known: &Known,
) -> OptimResult {
    run(f, start, opts, None, Some(known))
}

fn agrees(known: &Known, theta: &[f64], val: f64) -> bool {
    let p = theta.len();
    if known.theta.len() != p || known.neg_hess.len() != p * p {
        return false;
    }
    if val < known.value - 1e-6 * (1.0 + known.value.abs()) {
        return false;
    }
    let d: Vec<f64> = theta.iter().zip(known.theta).map(|(a, b)| a - b).collect();
    let mut q = 0.0;
    for i in 0..p {
        let row = &known.neg_hess[i * p..(i + 1) * p];
        q += d[i] * row.iter().zip(&d).map(|(h, dj)| h * dj).sum::<f64>();
    }
    q.is_finite() && q < AGREE_RADIUS2
}

fn run<F: Objective + ?Sized>(
    f: &F,
    start: &[f64],
    opts: &OptimOptions,
    start_hessian: Option<&[f64]>,
    known: Option<&Known>,
) -> OptimResult {
    let p = start.len();
    let mut theta = start.to_vec();
    let (mut val, mut g, mut h) = match start_hessian {
        Some(h0) if h0.len() == p * p => {
            let (v, g) = f.value_grad(&theta);
            (v, g, h0.to_vec())
        }
        _ => f.value_grad_hess(&theta),
    };
    // A convergence test on the approximate starting Hessian is not trusted.
    let mut approx = start_hessian.is_some();
    let mut mu = 0.0f64;
    let mut decrement = f64::INFINITY;
    let mut message = String::from("iteration limit reached");
    let mut converged = false;
    let mut iterations = 0;
    if p == 0 {
        return OptimResult {
            theta,
            value: val,
            grad: g,
            hess: h,
            convergence: Convergence {
                converged: true,
                iterations: 0,
                max_abs_gradient: 0.0,
                newton_decrement: 0.0,
                message: "no free parameters".into(),
            },
        };
    }
    'outer: for it in 0..opts.max_iter {
        iterations = it;
        // Undamped Newton decrement, when -H is positive definite.
        let neg: Vec<f64> = h.iter().map(|x| -x).collect();
        let undamped = spd_solve(&neg, p, &g).map(|st| {
            let dec = 0.5 * st.iter().zip(&g).map(|(s, gi)| s * gi).sum::<f64>();
            (st, dec)
        });
        if let Some((_, dec)) = &undamped {
            decrement = *dec;
            if dec.abs() < opts.tol && !approx {
                converged = true;
                message = "converged: Newton decrement below tolerance".into();
                break 'outer;
            }
        }
        if let Some(k) = known {
            // One full Newton step from here, where the quadratic model is
            // already accurate (predicted gain below 0.01), or here: the
            // step is checked by its value alone, which saves a Hessian
            // (the gradient and Hessian returned stay those of this
            // iterate).
            let projected = match &undamped {
                Some((st, dec)) if !approx && *dec < 1e-2 => {
                    let next: Vec<f64> = theta.iter().zip(st).map(|(t, s)| t + s).collect();
                    let v = f.value(&next);
                    (v.is_finite() && agrees(k, &next, v)).then_some((next, v))
                }
                _ => None,
            };
            if let Some((next, v)) = projected {
                theta = next;
                val = v;
            }
            if agrees(k, &theta, val) {
                converged = true;
                message =
                    "converged: reached an earlier start's optimum (within 0.001 standard errors)"
                        .into();
                break 'outer;
            }
        }
        // A = -H + mu * D, D = diag(max(|H_ii|, 1e-8)).
        let scale: Vec<f64> = (0..p).map(|i| h[i * p + i].abs().max(1e-8)).collect();
        let mut tries = 0;
        loop {
            tries += 1;
            if tries > 80 {
                message = "could not find an ascent direction".into();
                break 'outer;
            }
            let mut step = match (&undamped, mu == 0.0) {
                (Some((st, _)), true) => st.clone(),
                _ => {
                    let mut a = neg.clone();
                    for i in 0..p {
                        a[i * p + i] += mu * scale[i];
                    }
                    match spd_solve(&a, p, &g) {
                        Some(step) => step,
                        None => {
                            mu = if mu == 0.0 { 1e-6 } else { mu * 10.0 };
                            continue;
                        }
                    }
                }
            };
            // Keep steps bounded in the early, wild iterations.
            let big = step
                .iter()
                .zip(&theta)
                .fold(0.0f64, |m, (s, t)| m.max(s.abs() / (1.0 + t.abs())));
            if big > 20.0 {
                step.iter_mut().for_each(|s| *s *= 20.0 / big);
            }
            let slope: f64 = step.iter().zip(&g).map(|(s, gi)| s * gi).sum();
            let mut t = 1.0;
            let mut accepted = None;
            // The full step is usually accepted: evaluate the derivatives
            // there at once; shorter steps are tried with values only.
            let full: Vec<f64> = theta.iter().zip(&step).map(|(x, s)| x + s).collect();
            let first = f.value_grad_hess(&full);
            let mut at_full = None;
            if first.0.is_finite() && first.0 >= val + 1e-4 * slope {
                accepted = Some((full, first.0));
                at_full = Some(first);
            } else {
                for _ in 0..40 {
                    t *= 0.5;
                    let cand: Vec<f64> = theta.iter().zip(&step).map(|(x, s)| x + t * s).collect();
                    let v = f.value(&cand);
                    if v.is_finite() && v >= val + 1e-4 * t * slope {
                        accepted = Some((cand, v));
                        break;
                    }
                }
            }
            match accepted {
                Some((cand, _)) => {
                    theta = cand;
                    approx = false;
                    let (nv, ng, nh) = match at_full {
                        Some(x) => x,
                        None => f.value_grad_hess(&theta),
                    };
                    val = nv;
                    g = ng;
                    h = nh;
                    mu /= 10.0;
                    if mu < 1e-10 {
                        mu = 0.0;
                    }
                    continue 'outer;
                }
                None => {
                    // No step improves the value: at the optimum up to
                    // rounding if the predicted gain is negligible.
                    let gmax = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                    let tiny = undamped
                        .as_ref()
                        .is_some_and(|(_, d)| d.abs() < 1e-6 * (1.0 + val.abs()) * 1e-3)
                        || gmax < 1e-9;
                    if tiny {
                        converged = true;
                        message = "converged: at the optimum to rounding precision".into();
                        break 'outer;
                    }
                    if mu > 1e12 {
                        message = "line search failed".into();
                        break 'outer;
                    }
                    mu = if mu == 0.0 { 1e-4 } else { mu * 10.0 };
                }
            }
        }
    }
    let gmax = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    OptimResult {
        theta,
        value: val,
        grad: g,
        hess: h,
        convergence: Convergence {
            converged,
            iterations,
            max_abs_gradient: gmax,
            newton_decrement: if decrement.is_finite() {
                decrement
            } else {
                f64::MAX
            },
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quad;
    impl Objective for Quad {
        fn value(&self, t: &[f64]) -> f64 {
            -(t[0] - 1.0).powi(4) - (t[1] + 2.0).powi(2) - (t[0] * t[1])
        }
        fn value_grad_hess(&self, t: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
            let g = vec![
                -4.0 * (t[0] - 1.0).powi(3) - t[1],
                -2.0 * (t[1] + 2.0) - t[0],
            ];
            let h = vec![-12.0 * (t[0] - 1.0).powi(2), -1.0, -1.0, -2.0];
            (self.value(t), g, h)
        }
    }

    /// `-(x^2 - 1)^2 - y^2`: maxima at x = -1 and x = 1.
    struct TwoPeaks;
    impl Objective for TwoPeaks {
        fn value(&self, t: &[f64]) -> f64 {
            -(t[0] * t[0] - 1.0).powi(2) - t[1] * t[1]
        }
        fn value_grad_hess(&self, t: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
            let g = vec![-4.0 * t[0] * (t[0] * t[0] - 1.0), -2.0 * t[1]];
            let h = vec![-12.0 * t[0] * t[0] + 4.0, 0.0, 0.0, -2.0];
            (self.value(t), g, h)
        }
    }

    #[test]
    fn later_starts_stop_at_a_known_optimum_only() {
        let oo = OptimOptions::default();
        let first = maximize(&TwoPeaks, &[0.8, 0.3], &oo);
        assert!((first.theta[0] - 1.0).abs() < 1e-5, "{:?}", first.theta);
        let neg: Vec<f64> = first.hess.iter().map(|x| -x).collect();
        let known = Known {
            theta: &first.theta,
            neg_hess: &neg,
            value: first.value,
        };
        let full = maximize(&TwoPeaks, &[1.6, -0.9], &oo);
        let near = maximize_near(&TwoPeaks, &[1.6, -0.9], &oo, &known);
        assert!(near.convergence.converged);
        assert!(near.convergence.message.contains("earlier start"));
        assert!(near.convergence.iterations < full.convergence.iterations);
        assert!((near.theta[0] - 1.0).abs() < 1e-3);
        // A start that goes to the other peak runs to its own convergence.
        let other = maximize_near(&TwoPeaks, &[-1.7, 0.4], &oo, &known);
        assert!(other.convergence.converged);
        assert!(other.convergence.message.contains("Newton decrement"));
        assert!((other.theta[0] + 1.0).abs() < 1e-5);
    }

    #[test]
    fn positive_definite_solves_refuse_every_other_matrix() {
        let x = spd_solve(&[4.0, 2.0, 2.0, 3.0], 2, &[2.0, 1.0]).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15, "{x:?}");
        let inv = spd_inverse(&[4.0, 2.0, 2.0, 3.0], 2).unwrap();
        let want = [0.375, -0.25, -0.25, 0.5];
        assert!(inv.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-15));
        for bad in [
            [1.0, 2.0, 2.0, 1.0],
            [0.0, 0.0, 0.0, 1.0],
            [f64::INFINITY, 0.0, 0.0, 1.0],
            [f64::NAN, 0.0, 0.0, 1.0],
            [1.0, 0.0, f64::INFINITY, 1.0],
        ] {
            assert!(spd_solve(&bad, 2, &[1.0, 1.0]).is_none(), "{bad:?}");
            assert!(spd_inverse(&bad, 2).is_none(), "{bad:?}");
            assert!(!is_positive_definite(&bad, 2), "{bad:?}");
        }
    }

    #[test]
    fn maximizes_nonconcave_start() {
        let r = maximize(&Quad, &[5.0, 5.0], &OptimOptions::default());
        assert!(r.convergence.converged, "{:?}", r.convergence);
        assert!(r.grad.iter().all(|g| g.abs() < 1e-6));
    }
}
