//! Predictor–corrector continuation along the logit correspondence.
//!
//! The step-size control follows Allgower and Georg's Algorithm 6.1.10 as
//! Gambit uses it: an Euler predictor along the tangent, a chord-Newton
//! corrector with the Jacobian of the predicted point, and a step that grows
//! or shrinks by at most `max_accel` depending on how far and how fast the
//! corrector had to move. A rejected step is retried shorter; a step below
//! `MIN_STEP` stops the trace, which then reports that it did not converge.

use crate::linalg::{lu_solve, Qr};
use brink_game::Cancel;

/// A system `H(x, lambda) = 0` of `m` equations in `m` log-probabilities and lambda.
pub(crate) trait QreSystem: crate::polish::Polish {
    /// Number of log-probability variables (and of equations).
    fn dim(&self) -> usize;
    /// The point at lambda = 0 (uniform play), `m + 1` entries.
    fn start(&self) -> Vec<f64>;
    /// `H` at `y = (x, lambda)`.
    fn eval(&self, y: &[f64], out: &mut [f64]);
    /// The Jacobian of `H` at `y`, column-major by equation: entry
    /// `[eq * (m + 1) + var]` is `dH_eq / dy_var`.
    fn jacobian(&self, y: &[f64], out: &mut [f64]);
    /// Maximum regret of the profile at `y` (absolute, in payoff units).
    fn regret(&self, y: &[f64]) -> f64;
    /// For systems whose limit may be an agent equilibrium that is not a
    /// Nash equilibrium (trees without perfect recall): the largest ex-ante
    /// gain of one agent deviating alone. `None` where the two coincide.
    fn agent_regret(&self, _y: &[f64]) -> Option<f64> {
        None
    }
}

const MAX_DIST: f64 = 0.4;
const MAX_CONTR: f64 = 0.6;
const ETA: f64 = 0.1;
const CORRECTOR_TOL: f64 = 1.0e-4;
const MIN_STEP: f64 = 1.0e-9;
const MAX_STEPS: usize = 1_000_000;
/// How close to a non-isolated limit the branch must be before the trace
/// stops there (largest change of a probability).
const NEAR_LIMIT: f64 = 1e-4;
/// How far the branch may still have to go, by the extrapolation of
/// [`remaining`], before a point of a continuum of equilibria is taken as its
/// limit. The solve on the support keeps the branch point's position along
/// the continuum, so this is how far from the branch's own limit the answer
/// may be (the text output prints six decimals).
const NEAR_CONTINUUM_LIMIT: f64 = 1e-6;
/// Smallest cosine between consecutive tangents in an accepted step.
const MIN_COS: f64 = 0.8;

/// How a trace ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Target {
    /// Until the regret is at most this (absolute) value.
    Regret(f64),
    /// Until lambda reaches exactly this value.
    Lambda(f64),
}

/// Tuning of the tracer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tuning<'a> {
    pub first_step: f64,
    pub max_accel: f64,
    pub max_lambda: f64,
    /// Stops the trace (reason `"cancelled"`) before its next step.
    pub cancel: Option<&'a Cancel>,
}

/// Where a trace stopped.
#[derive(Clone, Debug)]
pub(crate) struct Trace {
    pub y: Vec<f64>,
    /// Simple bifurcation points passed: sign changes of `det [J; t]` along
    /// the oriented tangent, each as the lambda (the system's) at the end of
    /// the step that crossed it. The trace goes straight through them, on
    /// the branch it came along, as Gambit's tracer means to.
    pub bifurcations: Vec<f64>,
    pub reached: bool,
    pub reason: String,
    pub steps: usize,
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn factor<S: QreSystem>(sys: &S, y: &[f64], jac: &mut [f64]) -> Qr {
    let m = sys.dim();
    sys.jacobian(y, jac);
    Qr::new(jac.to_vec(), m + 1, m)
}

/// Traces the branch from `sys.start()` until `target` is met, calling
/// `visit(y)` at every accepted point.
pub(crate) fn trace<S: QreSystem>(
    sys: &S,
    tuning: Tuning,
    target: Target,
    mut visit: impl FnMut(&[f64]),
) -> Trace {
    let m = sys.dim();
    let n = m + 1;
    let y = sys.start();
    let mut jac = vec![0.0; m * n];
    visit(&y);
    if m == 0 {
        return Trace {
            y,
            reached: true,
            reason: "nothing to solve".into(),
            steps: 0,
            bifurcations: Vec::new(),
        };
    }
    match target {
        Target::Regret(tol) if sys.regret(&y) <= tol => {
            return Trace {
                y,
                reached: true,
                reason: "regret reached".into(),
                steps: 0,
                bifurcations: Vec::new(),
            };
        }
        Target::Lambda(goal) if goal <= 0.0 => {
            return Trace {
                y,
                reached: true,
                reason: "lambda reached".into(),
                steps: 0,
                bifurcations: Vec::new(),
            };
        }
        _ => {}
    }
    let qr0 = factor(sys, &y, &mut jac);
    let mut t = qr0.tangent();
    let mut orientation = qr0.det_sign();
    if t[m] < 0.0 {
        t.iter_mut().for_each(|x| *x = -*x);
        orientation = -orientation;
    }
    follow(sys, tuning, target, y, t, orientation, &mut visit, true)
}

/// The predictor–corrector loop from `y` along the tangent `t` (whose
/// oriented determinant has sign `orientation`). With `may_switch`, a trace
/// that would end at an agent equilibrium that is not a Nash equilibrium,
/// after passing a bifurcation, tries the other branch there once.
#[allow(clippy::too_many_arguments)]
fn follow<S: QreSystem, F: FnMut(&[f64])>(
    sys: &S,
    tuning: Tuning,
    target: Target,
    mut y: Vec<f64>,
    mut t: Vec<f64>,
    mut orientation: f64,
    visit: &mut F,
    may_switch: bool,
) -> Trace {
    let m = sys.dim();
    let mut jac = vec![0.0; m * (m + 1)];
    let mut hval = vec![0.0; m];
    // The last step across which the determinant changed sign: its ends.
    let mut last_bifurcation: Option<(Vec<f64>, Vec<f64>)> = None;
    let mut bifurcations = Vec::new();
    let mut h = tuning.first_step;
    let accel = tuning.max_accel.max(1.0 + 1e-9);
    let mut steps = 0;
    // Regret below which the next attempt to solve for the limit is made.
    let mut polish_below = match target {
        Target::Regret(tol) => (tol * 1e4).max(1e-4),
        Target::Lambda(_) => 0.0,
    };
    // Agent regret below which the next attempt to solve for a limit that is
    // an agent equilibrium but no Nash equilibrium is made.
    let mut agent_polish_below = polish_below;
    let stop =
        |y: Vec<f64>, reached: bool, reason: String, steps: usize, bifurcations: Vec<f64>| Trace {
            y,
            reached,
            reason,
            steps,
            bifurcations,
        };
    loop {
        if tuning.cancel.is_some_and(Cancel::is_cancelled) {
            return stop(y, false, "cancelled".into(), steps, bifurcations);
        }
        if steps >= MAX_STEPS {
            return stop(
                y,
                false,
                format!("no convergence in {MAX_STEPS} steps"),
                steps,
                bifurcations,
            );
        }
        if h <= MIN_STEP {
            let reason = format!("the step size fell below {MIN_STEP:e}");
            return polish_or_stop(sys, y, target, visit, reason, steps, bifurcations);
        }
        let mut u: Vec<f64> = y.iter().zip(&t).map(|(a, b)| a + h * b).collect();
        let qr = factor(sys, &u, &mut jac);
        let mut accept = true;
        let mut decel = 1.0 / accel;
        let mut disto = 0.0;
        let mut iter = 1;
        while accept {
            sys.eval(&u, &mut hval);
            let d = qr.solve_min_norm(&hval);
            let dist = norm(&d);
            if !dist.is_finite() || dist >= MAX_DIST {
                accept = false;
                break;
            }
            u.iter_mut().zip(&d).for_each(|(a, b)| *a -= b);
            decel = decel.max((dist / MAX_DIST).sqrt() * accel);
            if iter >= 2 {
                let contr = dist / (disto + CORRECTOR_TOL * ETA);
                if contr > MAX_CONTR {
                    accept = false;
                    break;
                }
                decel = decel.max((contr / MAX_CONTR).sqrt() * accel);
            }
            if dist <= CORRECTOR_TOL {
                break;
            }
            disto = dist;
            iter += 1;
            if iter > 30 {
                accept = false;
            }
        }
        if !accept {
            h /= accel;
            continue;
        }
        let mut nt = qr.tangent();
        let turn: f64 = nt.iter().zip(&t).map(|(a, b)| a * b).sum();
        if turn.abs() < MIN_COS && h > 4.0 * MIN_STEP {
            // The tangent turned too far within one step: a fold taken too
            // fast, after which the corrector may land back on the way we came.
            h /= 2.0;
            continue;
        }
        steps += 1;
        h /= decel.min(accel);
        // The factorisation fixes the tangent only up to sign: keep the
        // direction of travel continuous (Gambit reads a sign change here as
        // a bifurcation and jumps over it, which amounts to the same thing).
        let mut sign = qr.det_sign();
        if nt.iter().zip(&t).map(|(a, b)| a * b).sum::<f64>() < 0.0 {
            nt.iter_mut().for_each(|x| *x = -*x);
            sign = -sign;
        }
        if sign != orientation {
            bifurcations.push(locate_bifurcation(sys, &y, &u).unwrap_or(u[m]));
            orientation = sign;
            last_bifurcation = Some((y.clone(), u.clone()));
        }
        if u[m] < 0.0 {
            return stop(
                u,
                false,
                "the branch turned back below lambda = 0".into(),
                steps,
                bifurcations,
            );
        }
        match target {
            Target::Lambda(goal) if u[m] >= goal => {
                return match land_on_lambda(sys, &y, &u, goal) {
                    Some(z) => {
                        visit(&z);
                        stop(z, true, "lambda reached".into(), steps, bifurcations)
                    }
                    None => stop(
                        u,
                        false,
                        // `goal` is on the internal payoff scale; the caller
                        // names the lambda the user asked for.
                        "Newton's method found no point there (the logit equations may be \
                         singular at that lambda, as at a bifurcation; a slightly different \
                         lambda usually works)"
                            .into(),
                        steps,
                        bifurcations,
                    ),
                };
            }
            _ => {}
        }
        visit(&u);
        y = u;
        t = nt;
        if let Target::Regret(tol) = target {
            let r = sys.regret(&y);
            if r <= tol {
                return stop(y, true, "regret reached".into(), steps, bifurcations);
            }
            if let Some(a) = sys.agent_regret(&y).filter(|&a| a <= agent_polish_below) {
                agent_polish_below = a / 10.0;
                if let Some((z, r)) = agent_limit_not_nash(sys, &y, tol) {
                    if let Some((a, b)) = last_bifurcation.as_ref().filter(|_| may_switch) {
                        if let Some(mut tr) = switch_branch(sys, tuning, target, a, b, visit) {
                            let mut all = bifurcations;
                            all.append(&mut tr.bifurcations);
                            tr.bifurcations = all;
                            tr.steps += steps;
                            return tr;
                        }
                    }
                    visit(&z);
                    return stop(
                        z,
                        false,
                        format!(
                            "the branch ends at an agent equilibrium that is not a Nash \
                             equilibrium: without perfect recall a player gains {r:.3e} \
                             (relative to the payoff range) by another strategy"
                        ),
                        steps,
                        bifurcations,
                    );
                }
            }
            if r <= polish_below {
                polish_below = r / 10.0;
                if let Some(z) = try_polish(sys, &y, tol, Some(&t)) {
                    visit(&z);
                    return stop(
                        z,
                        true,
                        "regret reached by solving for the limit on the branch's support".into(),
                        steps,
                        bifurcations,
                    );
                }
            }
        }
        if y[m] >= tuning.max_lambda {
            let reason = "lambda reached its limit".to_string();
            return polish_or_stop(sys, y, target, visit, reason, steps, bifurcations);
        }
    }
}

/// Where the branch can go no further (the step or lambda at its limit): a
/// regret target may still be met by solving for the limit on the branch's
/// support; otherwise the trace stops there, for `reason`.
fn polish_or_stop<S: QreSystem, F: FnMut(&[f64])>(
    sys: &S,
    y: Vec<f64>,
    target: Target,
    visit: &mut F,
    reason: String,
    steps: usize,
    bifurcations: Vec<f64>,
) -> Trace {
    if let Target::Regret(tol) = target {
        if let Some(z) = try_polish(sys, &y, tol, None) {
            visit(&z);
            return Trace {
                y: z,
                reached: true,
                reason: "regret reached by solving for the limit on the branch's support".into(),
                steps,
                bifurcations,
            };
        }
    }
    Trace {
        y,
        reached: false,
        reason,
        steps,
        bifurcations,
    }
}

/// The square block of an `m x (m + 1)` Jacobian in the profile variables
/// (lambda's column dropped), row-major: what Newton at fixed lambda solves with.
fn x_block(jac: &[f64], m: usize) -> Vec<f64> {
    let n = m + 1;
    let mut sq = vec![0.0; m * m];
    for eq in 0..m {
        sq[eq * m..(eq + 1) * m].copy_from_slice(&jac[eq * n..eq * n + m]);
    }
    sq
}

/// Newton's method on `H(., goal) = 0` from the interpolation of two points
/// that bracket `goal`, to full precision.
fn land_on_lambda<S: QreSystem>(sys: &S, a: &[f64], b: &[f64], goal: f64) -> Option<Vec<f64>> {
    let m = sys.dim();
    let n = m + 1;
    let s = if (b[m] - a[m]).abs() > 0.0 {
        (goal - a[m]) / (b[m] - a[m])
    } else {
        1.0
    };
    let mut y: Vec<f64> = a.iter().zip(b).map(|(p, q)| p + s * (q - p)).collect();
    y[m] = goal;
    let mut jac = vec![0.0; m * n];
    let mut hval = vec![0.0; m];
    for _ in 0..100 {
        sys.eval(&y, &mut hval);
        if norm(&hval) < 1e-13 {
            return Some(y);
        }
        sys.jacobian(&y, &mut jac);
        let d = lu_solve(x_block(&jac, m), hval.clone(), m)?;
        let step = norm(&d);
        y.iter_mut().zip(&d).for_each(|(p, q)| *p -= q);
        if step < 1e-13 {
            return Some(y);
        }
    }
    sys.eval(&y, &mut hval);
    (norm(&hval) < 1e-9).then_some(y)
}

/// The branch's limit from `y`, if it meets the regret bound. `tangent` is
/// the branch's direction at `y`, or `None` where the trace is stuck (cannot
/// go on), when any limit meeting the bound is taken.
///
/// An isolated limit (regular limit equations) is the branch's. On a
/// continuum of equilibria the solve returns the point of the continuum
/// nearest `y`, which keeps `y`'s coordinates along the continuum, while the
/// branch still moves along it (`const_sum_game.nfg`: at lambda 18.6 player
/// 2 is at 0.50042 and the branch goes on to 1/2). That point is taken only
/// when it is close to `y` and the branch has almost stopped moving: the
/// distance still to go, extrapolated by [`remaining`], within
/// `NEAR_CONTINUUM_LIMIT`; otherwise the trace goes on.
fn try_polish<S: QreSystem>(
    sys: &S,
    y: &[f64],
    tol: f64,
    tangent: Option<&[f64]>,
) -> Option<Vec<f64>> {
    let limit = crate::polish::polish(sys, y, sys.dim())?;
    let close = limit.regular
        || match tangent {
            None => true,
            Some(t) => limit.moved <= NEAR_LIMIT && remaining(y, t) <= NEAR_CONTINUUM_LIMIT,
        };
    (close && sys.regret(&limit.z) <= tol).then_some(limit.z)
}

/// How far the branch's probabilities may still move beyond `y`, estimated
/// from the tangent `t` as `lambda * max |dp/dlambda|`: where a probability
/// converges like `c / lambda^k` what remains is `lambda |dp/dlambda| / k`,
/// and where it converges like `exp(-r lambda)` (`r lambda >= 1` far out)
/// it is `|dp/dlambda| / r`, below the same bound. Infinite where lambda is
/// not increasing (a fold), where no limit is near.
fn remaining(y: &[f64], t: &[f64]) -> f64 {
    let m = y.len() - 1;
    if t[m] <= 0.0 {
        return f64::INFINITY;
    }
    let speed = (0..m)
        .map(|v| (y[v].exp() * t[v] / t[m]).abs())
        .fold(0.0, f64::max);
    y[m] * speed
}

/// The branch's limit from `y`, if it is an agent equilibrium (each agent's
/// ex-ante regret within `tol`) whose regret as a profile exceeds `tol`, with
/// that regret: the trace cannot meet the bound by going on.
fn agent_limit_not_nash<S: QreSystem>(sys: &S, y: &[f64], tol: f64) -> Option<(Vec<f64>, f64)> {
    let limit = crate::polish::polish(sys, y, sys.dim())?;
    // Giving up is a stronger claim than stopping at an equilibrium: only
    // when the branch point is already at the limit, regular or not.
    if limit.moved > NEAR_LIMIT {
        return None;
    }
    let agent = sys.agent_regret(&limit.z)?;
    let r = sys.regret(&limit.z);
    (agent <= tol && r > tol).then_some((limit.z, r))
}

/// The other branch through the bifurcation crossed between `a` and `b`.
/// Past a symmetry-breaking (pitchfork) bifurcation the other branch leaves
/// the one we came along at a distance growing like the square root of the
/// gap in lambda, in the direction of the second kernel vector of `H` (the
/// near-null vector of `[J; t]`, by inverse iteration). On a ladder of
/// lambdas from `a` on, the branch we came along is solved for at each rung
/// and Newton's method started off it along that direction, on either side;
/// the first solution off the branch is followed, and kept if it meets the
/// target.
fn switch_branch<S: QreSystem, F: FnMut(&[f64])>(
    sys: &S,
    tuning: Tuning,
    target: Target,
    a: &[f64],
    b: &[f64],
    visit: &mut F,
) -> Option<Trace> {
    let m = sys.dim();
    let n = m + 1;
    let mut jac = vec![0.0; m * n];
    let kernel = |y: &[f64], jac: &mut Vec<f64>| -> Option<(Vec<f64>, Vec<f64>)> {
        let t = factor(sys, y, jac).tangent();
        let mut square = jac.clone();
        square.extend_from_slice(&t);
        // Deterministic start, not orthogonal to any particular direction.
        let mut d: Vec<f64> = (0..n).map(|i| 1.0 + 0.37 * (i as f64).sin()).collect();
        for _ in 0..4 {
            d = lu_solve(square.clone(), d, n)?;
            let len = norm(&d);
            if !(len.is_finite() && len > 0.0) {
                return None;
            }
            d.iter_mut().for_each(|x| *x /= len);
        }
        Some((t, d))
    };
    let rungs = 40;
    let span = 2.0 * (b[m] - a[m]);
    let mut on = a.to_vec();
    for k in 1..=rungs {
        let mut guess: Vec<f64> = on.clone();
        guess[m] = a[m] + span * k as f64 / rungs as f64;
        on = solve_at_lambda(sys, guess)?;
        let (t, d) = kernel(&on, &mut jac)?;
        for push in [0.1, 0.3, 0.6, 1.0, 1.5, 2.5] {
            for side in [1.0, -1.0] {
                let mut u: Vec<f64> = on
                    .iter()
                    .zip(&d)
                    .map(|(p, q)| p + side * push * q)
                    .collect();
                u[m] = on[m];
                let Some(u) = solve_at_lambda(sys, u) else {
                    continue;
                };
                let diff: Vec<f64> = u.iter().zip(&on).map(|(p, q)| p - q).collect();
                let along: f64 = diff.iter().zip(&t).map(|(p, q)| p * q).sum();
                let across = norm(
                    &diff
                        .iter()
                        .zip(&t)
                        .map(|(p, q)| p - along * q)
                        .collect::<Vec<f64>>(),
                );
                if across < 0.2 * push {
                    continue; // back on the branch we left
                }
                let qr = factor(sys, &u, &mut jac);
                let mut tu = qr.tangent();
                let mut orientation = qr.det_sign();
                if tu[m] < 0.0 {
                    tu.iter_mut().for_each(|x| *x = -*x);
                    orientation = -orientation;
                }
                let mut tr = follow(sys, tuning, target, u, tu, orientation, visit, false);
                if tr.reached {
                    // (The systems' lambda is in scaled units: no number here.)
                    tr.reason = format!(
                        "{}, on the other branch at the last bifurcation passed \
                         (the one from lambda 0 ends at no Nash equilibrium)",
                        tr.reason
                    );
                    return Some(tr);
                }
                return None;
            }
        }
    }
    None
}

/// The lambda, within the step from `a` to `b`, at which the branch crossed
/// a bifurcation: where `det dH/dx` changes sign, by bisection on lambda
/// with Newton's method at each midpoint (started from the chord, so it
/// stays on the branch we came along; where Newton fails, the middle of the
/// bracket reached). `None` where the step does not
/// increase lambda (a fold) or the sign does not differ at its ends.
fn locate_bifurcation<S: QreSystem>(sys: &S, a: &[f64], b: &[f64]) -> Option<f64> {
    let m = sys.dim();
    let mut jac = vec![0.0; m * (m + 1)];
    let mut sign_at = |y: &[f64]| {
        sys.jacobian(y, &mut jac);
        let det = nalgebra::DMatrix::from_row_slice(m, m, &x_block(&jac, m))
            .lu()
            .determinant();
        det.signum()
    };
    if b[m] <= a[m] {
        return None;
    }
    let (mut lo, mut hi) = (a.to_vec(), b.to_vec());
    let s_lo = sign_at(&lo);
    if s_lo == sign_at(&hi) {
        return None;
    }
    for _ in 0..40 {
        if hi[m] - lo[m] <= 1e-9 * hi[m] {
            break;
        }
        let mid: Vec<f64> = lo.iter().zip(&hi).map(|(p, q)| 0.5 * (p + q)).collect();
        // Newton may fail where the equations are singular to high order:
        // the bracket found so far is then the answer.
        let Some(z) = solve_at_lambda(sys, mid) else {
            break;
        };
        if sign_at(&z) == s_lo {
            lo = z;
        } else {
            hi = z;
        }
    }
    Some(0.5 * (lo[m] + hi[m]))
}

/// Newton's method on `H(., lambda) = 0` at the lambda of `y`, with steps
/// capped in length so that log-probabilities do not overshoot.
fn solve_at_lambda<S: QreSystem>(sys: &S, mut y: Vec<f64>) -> Option<Vec<f64>> {
    let m = sys.dim();
    let n = m + 1;
    let mut jac = vec![0.0; m * n];
    let mut hval = vec![0.0; m];
    for _ in 0..60 {
        sys.eval(&y, &mut hval);
        if !hval.iter().all(|x| x.is_finite()) {
            return None;
        }
        if norm(&hval) < 1e-12 {
            return Some(y);
        }
        sys.jacobian(&y, &mut jac);
        let d = lu_solve(x_block(&jac, m), hval.clone(), m)?;
        let len = norm(&d);
        let cap = if len > 0.5 { 0.5 / len } else { 1.0 };
        y.iter_mut().zip(&d).for_each(|(p, q)| *p -= cap * q);
    }
    None
}
