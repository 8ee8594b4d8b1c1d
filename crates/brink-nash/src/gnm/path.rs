//! The global Newton path itself: the Euler steps within a support with
//! their Newton corrections, the crossings of support boundaries and of
//! `lambda = 0`, and the resumption at Gambit's pace after a faster stretch
//! leaves the path (see the parent module for the method and its sources).
//!
//! Vectors are plain slices and matrices column-major slices, all cut
//! from a [`Buffers`] allocated once per solve: the games are small, and a
//! step's allocations used to cost more than its arithmetic.

use super::bounds::{Chain, Skip};
use super::dense::gemv;
use super::newton::Fix;
use super::space::{Path, FUZZ};
use super::state::{shorter, Buffers, Trace, MAX_RETREATS};
use super::{certify, GnmOptions, GNM_TOL};
use brink_game::{SolveError, Watch};

/// How far (in rescaled payoff) from its boundary a strategy may be when
/// the path crosses it.
pub(super) const BOUNDARY_TOL: f64 = 1e-7;
/// The error off the path past which a long step's landing at a boundary
/// is taken back rather than crossed.
const CROSSING_ERROR: f64 = 1e-6;
/// Times one trace resumes at Gambit's pace from an earlier support after
/// leaving the path.
const MAX_RESUMPTIONS: usize = 8;
/// After a last step to a boundary overshoots, the share of the way the
/// next last steps go, one after another (each then lands short of the
/// boundary and two more steps follow); past these, the way in 4 steps.
const SHORT_AIMS: [f64; 3] = [0.9, 0.6, 0.3];
/// Extra runs of steps towards one boundary before crossing anyway.
const MAX_RECHECKS: usize = 20;
/// The error a correction must leave for a cell whose longer steps were
/// given up (after [`MAX_RETREATS`] retreats) to take them up again: the
/// path is back where Newton converges.
const REVIVE_ERROR: f64 = 1e-9;
/// Times per cell the longer steps are taken up again.
const MAX_REVIVALS: usize = 1;
/// Corrections in a row that leave the path off by more than
/// [`CROSSING_ERROR`] with some strategy past a boundary the cell does not
/// know, before the trace counts as lost.
const MAX_STALLS: usize = 2;
/// The least `|det Dpsi|` at which a stalled correction counts: where
/// `Dpsi` is singular (a continuum of equilibria, as on rand00 at Gambit's
/// pace: det 3e-17) Newton in `z` cannot correct on any path. At or below
/// it a trace that can resume corrects on the bordered system instead
/// ([`Path::correct_at`]).
pub(super) const STALL_DET: f64 = 1e-8;

/// How a trace ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ended {
    /// As Gambit's ends: far out past `end_lambda` heading away, or no
    /// boundary and no equilibrium ahead.
    Out,
    /// Circling a point or off the path.
    Lost,
    /// As `Lost`, at Gambit's pace after resuming from an earlier support.
    LostAgain,
    /// At [`GnmOptions::max_steps`].
    StepLimit,
    /// Circling a point away from an equilibrium (entering a support
    /// again at the same `lambda`) on a trace that could resume: it ends
    /// there for a tilted ray, without resuming at Gambit's pace.
    Circled,
    /// Circling a point at `lambda = 0` that is an equilibrium of the game
    /// (certified), its last crossing: the path has run into a continuum
    /// of equilibria, where `Dpsi` is singular, and going on at Gambit's
    /// pace circles the same point again (on nau2004's sec5, twice per
    /// ray), so the trace ends there.
    AtContinuum,
}

/// The regret (relative to the payoff range) past which a crossing of
/// `lambda = 0`, corrected there, is taken for one the linear model made
/// across a boundary, and taken back.
const FALSE_ZERO: f64 = 1e-6;
/// Crossings taken back so in one cell before the next is kept as it is.
const MAX_FALSE_ZEROS: usize = 3;
/// Last steps of a cell whose landing is not located on its boundary
/// ([`Path::land_on_boundary`]) before the cell stops trying.
const MAX_MISSES: usize = 2;
/// The error off the path under which a last step counts as landed on it.
const LANDED: f64 = 1e-9;

/// The error off the path at which the trace gives up.
const THRESHOLD: f64 = 1e-2;
/// "No boundary ahead".
pub(super) const FAR: f64 = 3.0e28;

impl Path<'_> {
    /// Follows the path from the pure profile maximising `g` and returns
    /// the profile (flat) at each crossing of `lambda = 0`, and how the
    /// trace ended. Crossings on a stretch taken back (the trace resumed
    /// from a support entered before them) go to `strays`: they may still
    /// be equilibria, but not in the count of the path's crossings.
    pub(super) fn trace(
        &self,
        ray: &[f64],
        options: &GnmOptions,
        watch: &Watch,
        strays: &mut Vec<Vec<f64>>,
        buffers: &mut Buffers,
    ) -> Result<(Vec<Vec<f64>>, Ended), SolveError> {
        let (n, m) = (self.n(), self.m());
        let Trace {
            mut work,
            g,
            z,
            sigma,
            v,
            dz,
            dv,
            rdz,
            bent,
            pert,
            y,
            zero,
            support,
            best,
            mut turn,
            mut saved,
            entered,
            mut spare,
        } = buffers.trace();
        let w = &mut work;
        let length = ray.iter().map(|a| a * a).sum::<f64>().sqrt();
        for (gi, &a) in g.iter_mut().zip(ray) {
            *gi = a / length;
        }
        let mut equilibria = Vec::new();

        // The start: each player's strategy with the largest bonus.
        for (p, b) in best.iter_mut().enumerate() {
            *b = self
                .player(p)
                .max_by(|&a, &b| g[a].total_cmp(&g[b]))
                .expect("every player has a strategy");
        }
        for &s in best.iter() {
            support[s] = true;
        }
        for (x, &b) in sigma.iter_mut().zip(support.iter()) {
            *x = f64::from(u8::from(b));
        }
        self.jacobian_at(sigma, w);
        self.payoffs(w.dg, sigma, v);
        // Scale g so that at lambda = 1 the start is the only equilibrium:
        // every other strategy's payoff plus bonus stays below the best's.
        let mut factor: f64 = 0.0;
        for p in 0..n {
            let top = g[best[p]];
            for i in self.player(p).filter(|&i| !support[i]) {
                if top - g[i] < THRESHOLD {
                    g[i] -= THRESHOLD; // keep the gap away from zero
                }
                factor = factor.max((v[i] - v[best[p]]) / (top - g[i]));
            }
        }
        g.iter_mut().for_each(|a| *a *= factor + 1.0);
        let mut lambda = 1.0;
        // Two players: Dpsi is constant on a support, one step is exact.
        let (steps, newton_every) = if n <= 2 {
            (1, usize::MAX)
        } else {
            (options.steps, options.local_newton_interval)
        };
        for i in 0..m {
            z[i] = g[i] + v[i] + sigma[i];
        }
        let mut orientation = 1.0; // flips at each equilibrium
        let mut last_crossed: Option<usize> = None;
        let mut chain = Chain::default();
        let (mut s_hat, mut n_hat) = (0, 0);
        let mut total_steps = 0usize;
        // The error off the path left by the last correction (Newton may
        // not get it under FUZZ, and where Dpsi is singular it does not
        // run): the step rule judges a step by the error it adds.
        let mut err_base = 0.0f64;
        // The state before the last step (`saved`), to take it back.
        let mut saved_base = 0.0f64;
        let mut saved_left = 0usize;
        // `entered`: each support entered, in order, with the lambda at
        // which it was (cut back to a checkpoint's when the trace resumes
        // from it). A path may cross several cells at one lambda (a player
        // moving between pure strategies against pure opponents), but one
        // that enters a cell again at (almost) the same lambda is circling
        // a point where boundaries meet.
        // The entries of this cell and the one before; support changes
        // left at Gambit's pace after resuming; resumptions so far.
        let (mut current, mut previous) = (None, None);
        let (mut slow_left, mut resumptions, mut resumed) = (0usize, 0usize, false);
        // (Two players take one exact step per support, at any pace.)
        let resumable = n > 2 && options.step_error > 0.0;
        // Where `Dpsi` is singular such a trace corrects `z` and `lambda`
        // together ([`Path::correct_at`]).
        let bordered = resumable && super::newton::bordered_on();
        // A trace that leaves the path resumes at Gambit's pace from the
        // entry of the cell before (the crossing into this one may be
        // where rounding went wrong: boundaries met at one point, one
        // crossed and the other left a hair past its boundary, never to be
        // crossed), and keeps Gambit's pace through the next two support
        // changes (the first cell of a trace, with none before it: from
        // its own entry, through one); before, such a trace was repeated
        // from the start at Gambit's pace. Lost again at Gambit's pace, the
        // trace ends (`LostAgain`); at Gambit's pace throughout, it ends
        // lost as before.
        macro_rules! lost {
            ($cells:lifetime) => {{
                let back = previous
                    .take()
                    .map(|c| (c, 2))
                    .or_else(|| current.take().map(|c| (c, 1)));
                match back {
                    Some((back, slow))
                        if resumable && slow_left == 0 && resumptions < MAX_RESUMPTIONS =>
                    {
                        z.copy_from_slice(back.z);
                        sigma.copy_from_slice(back.sigma);
                        w.dg.copy_from_slice(back.dg);
                        w.jacobian_known = false;
                        lambda = back.lambda;
                        support.copy_from_slice(back.support);
                        best.copy_from_slice(back.best);
                        orientation = back.orientation;
                        last_crossed = back.last_crossed;
                        chain.reset();
                        err_base = back.err_base;
                        strays.extend(equilibria.drain(back.equilibria..));
                        entered.truncate(back.entered);
                        spare.put(current.replace(back));
                        slow_left = slow;
                        resumptions += 1;
                        resumed = true;
                        continue $cells;
                    }
                    _ if slow_left > 0 => return Ok((equilibria, Ended::LostAgain)),
                    _ => return Ok((equilibria, Ended::Lost)),
                }
            }};
        }

        'cells: loop {
            if resumed {
                resumed = false;
            } else {
                // The checkpoint dropped here lends its buffers to the new
                // one.
                let mut mark = previous.take().unwrap_or_else(|| spare.take());
                mark.z.copy_from_slice(z);
                mark.sigma.copy_from_slice(sigma);
                mark.dg.copy_from_slice(w.dg);
                mark.support.copy_from_slice(support);
                mark.best.copy_from_slice(best);
                mark.lambda = lambda;
                mark.orientation = orientation;
                mark.last_crossed = last_crossed;
                mark.err_base = err_base;
                mark.equilibria = equilibria.len();
                mark.entered = entered.len();
                previous = current.replace(mark);
            }
            let step_error = if slow_left > 0 {
                0.0
            } else {
                options.step_error
            };
            // Euler steps within one support.
            let mut since_newton = 0usize;
            let mut rechecks = 0usize;
            // The share of the way the next last step goes, and the last
            // steps of this cell that overshot.
            let (mut aim, mut overshoots) = (1.0f64, 0usize);
            // Whether a step of this cell was made longer than Gambit's,
            // and how many were taken back.
            let (mut adapted, mut retreats, mut revivals) = (false, 0usize, 0usize);
            // Corrections in a row that stalled past an unseen boundary.
            let mut stalls = 0usize;
            // Crossings of lambda = 0 in this cell found to be no
            // equilibrium and taken back, and whether the next step that
            // would cross lambda = 0 stops half way instead.
            let (mut false_zeros, mut hold) = (0usize, false);
            // Last steps whose landing Newton did not locate on the boundary.
            let mut misses = 0usize;
            turn.enter();
            let mut steps_left = steps;
            let mut cell_steps = 0usize;
            while steps_left > 0 {
                watch.check()?;
                total_steps += 1;
                cell_steps += 1;
                if total_steps > options.max_steps {
                    return Ok((equilibria, Ended::StepLimit));
                }
                self.factor_dpsi(support, w);
                w.fact.adjugate_times(g, dz);
                dz.iter_mut().for_each(|a| *a = -*a);
                let dlambda = -w.fact.det;
                turn.direction(dz, dlambda);
                let fix = Fix {
                    g,
                    tangent: (dz, dlambda),
                    maxits: options.local_newton_maxits,
                    bordered,
                };
                self.retraction_times(support, dz, rdz);
                gemv(w.dg, rdz, dv);
                for (d, &gi) in dv.iter_mut().zip(g.iter()) {
                    *d += gi * dlambda;
                }
                self.payoffs(w.dg, sigma, v);
                for (a, &gi) in v.iter_mut().zip(g.iter()) {
                    *a += gi * lambda;
                }
                // The next strategy to enter or leave a support, were z and
                // v linear in time: where z_i meets its player's value.
                let skip = Skip {
                    last_crossed,
                    check_boundaries: options.check_boundaries,
                    chain: resumable.then_some(&chain),
                };
                let next = self.next_boundary((z, dz), (v, dv), (best, support), &skip);
                let mut min_bound = FAR;
                if let Some((bound, i, p)) = next {
                    (min_bound, s_hat, n_hat) = (bound, i, p);
                }
                // A strategy at its boundary as the cell is entered, moving
                // on outward, is crossed at once (where the trace can
                // resume; Gambit's rules otherwise): see `tie_at_entry`.
                if resumable && cell_steps == 1 {
                    let tie = self.tie_at_entry(z, v, dz, dv, best, support, last_crossed);
                    if let Some((i, p)) = tie {
                        (s_hat, n_hat) = (i, p);
                        break;
                    }
                }
                let mut del = min_bound;
                if min_bound == FAR && orientation * (lambda + dlambda * del) > 0.0 {
                    return Ok((equilibria, Ended::Out));
                }
                let mut delta = del / steps_left as f64;
                if steps_left == 1 {
                    delta *= aim;
                }
                aim = 1.0;
                // Whether this step is such a half way step (it is
                // corrected at once).
                let mut held = false;
                if orientation * (lambda + dlambda * delta) <= 0.0 {
                    if min_bound == FAR && n > 2 && steps_left > 1 {
                        // Approach the equilibrium in steps instead.
                        del = -lambda / dlambda;
                        delta = del / steps_left as f64;
                    } else if hold {
                        // Half way to lambda = 0, corrected there, and the
                        // boundaries estimated afresh (below).
                        hold = false;
                        held = true;
                        delta = -0.5 * lambda / dlambda;
                    } else {
                        // lambda reaches zero within this step: an equilibrium.
                        let t = -lambda / dlambda;
                        if resumable {
                            saved.save(z, sigma, w.dg, lambda);
                        }
                        for (zi, &d) in z.iter_mut().zip(dz.iter()) {
                            *zi += d * t;
                        }
                        lambda = 0.0;
                        self.retract(z, sigma, w.sorted);
                        self.jacobian_at(sigma, w);
                        if n > 2 {
                            self.factor_dpsi(support, w);
                            self.local_newton(z, zero, sigma, w, options.local_newton_maxits);
                        }
                        if sigma.iter().any(|p| !p.is_finite()) {
                            lost!('cells);
                        }
                        // On the path at lambda = 0 the point is an
                        // equilibrium. One that is not (its regret past
                        // FALSE_ZERO of the payoff range) was reached on
                        // the linear model across a boundary the path meets
                        // first (it curves): the path does not cross zero
                        // in this cell there. On the fresh random game
                        // 11011 such a crossing, 5e-4 of the range off an
                        // equilibrium, failed the certificate and the ray
                        // was tilted three times (four traces). Taken back
                        // (up to MAX_FALSE_ZEROS times a cell; a trace at
                        // Gambit's pace keeps Gambit's rule): the next
                        // step goes half way to lambda = 0, is corrected,
                        // and the boundaries are estimated afresh from
                        // there.
                        if resumable
                            && false_zeros < MAX_FALSE_ZEROS
                            && self.table().regret_into(sigma, w.v) > FALSE_ZERO * self.range()
                        {
                            lambda = saved.restore(z, sigma, w.dg);
                            w.jacobian_known = false;
                            false_zeros += 1;
                            hold = true;
                            continue;
                        }
                        equilibria.push(sigma.to_vec());
                        orientation = -orientation;
                        last_crossed = None;
                        chain.reset();
                        continue;
                    }
                }
                if del == FAR {
                    return Ok((equilibria, Ended::Out));
                }
                // The second-order term (see `predict`): only where the
                // cell's last steps were calm and none was taken back; not
                // on a last step (aimed at the boundary on the linear
                // model), nor where it would carry lambda across 0 unseen.
                // A curved step can be taken back, as a longer one can.
                // Where `Dpsi` is singular, only with the bordered
                // correction (session 27), which keeps the points there on
                // the path, so that the tangent's turn is the path's
                // (without it, on sec5's continuum, |det| 1e-13 to 1e-16,
                // the turn was rounding, and the term cost steps: 158 to
                // the continuum instead of 87).
                let mut bend_lambda = 0.0;
                let curved = step_error > 0.0
                    && steps_left > 1
                    && (bordered || w.fact.det.abs() > STALL_DET)
                    && turn.usable()
                    && {
                        bend_lambda = turn.bend(delta, bent);
                        orientation * (lambda + dlambda * delta + bend_lambda) > 0.0
                    };
                // A step longer than Gambit's can be taken back, and so can
                // the last step to a boundary, which jumps the rest of the
                // way on the linear model and may overshoot where the path
                // curves (Gambit's pace keeps Gambit's rules).
                let long_step = adapted || curved || (steps_left == 1 && step_error > 0.0);
                if long_step {
                    saved.save(z, sigma, w.dg, lambda);
                    saved_base = err_base;
                    saved_left = steps_left;
                }
                for (zi, &d) in z.iter_mut().zip(dz.iter()) {
                    *zi += d * delta;
                }
                lambda += dlambda * delta;
                if curved {
                    for (zi, &b) in z.iter_mut().zip(bent.iter()) {
                        *zi += b;
                    }
                    lambda += bend_lambda;
                }
                if lambda < options.end_lambda && orientation < 0.0 {
                    return Ok((equilibria, Ended::Out));
                }
                self.retract(z, sigma, w.sorted);
                self.jacobian_at(sigma, w);
                if n <= 2 {
                    break;
                }
                for (p, &gi) in pert.iter_mut().zip(g.iter()) {
                    *p = gi * lambda;
                }
                self.payoffs(w.dg, sigma, v);
                let mut err = 0.0f64;
                for i in 0..m {
                    err = err.max((z[i] - sigma[i] - v[i] - pert[i]).abs());
                }
                let mut correct = false;
                let added = if step_error > 0.0 {
                    (err - err_base).max(0.0)
                } else {
                    err
                };
                turn.stepped(delta, added / (since_newton + 1) as f64 <= step_error);
                if added < FUZZ && steps_left > 2 {
                    // The path looks straight: jump to the boundary, then correct.
                    steps_left = 2;
                    since_newton = newton_every - 1;
                    // Unless the last correction left more than
                    // CROSSING_ERROR where `Dpsi` is regular: Newton then
                    // did not converge, and the error it left can hide the
                    // step's own. The jump is then a longer step that can
                    // be taken back. (On the fresh random game 12008 a
                    // cell entered 3e-5 off the path so read its first
                    // step as exact, jumped, landed 0.11 off the path and
                    // was lost: resumed at Gambit's pace, 201 Euler steps
                    // of its 300. On rand13 such a jump lands on the path,
                    // and keeping it saves 5 steps.)
                    if step_error > 0.0
                        && retreats < MAX_RETREATS
                        && err_base > CROSSING_ERROR
                        && w.fact.det.abs() > STALL_DET
                    {
                        adapted = true;
                    }
                } else if step_error > 0.0
                    && retreats < MAX_RETREATS
                    && steps_left > 2
                    && err.is_finite()
                {
                    // Euler's error in one step grows with the square of
                    // its length; errors add up between corrections. The
                    // steps left are set so that the next one errs by about
                    // `step_error`, at most 4 times longer than this one. The
                    // count left may rise after a step that erred too much,
                    // but never past what keeps the cell within `steps`
                    // steps, as with Gambit's fixed steps.
                    let per_step = added / (since_newton + 1) as f64;
                    let ratio = (per_step / step_error).sqrt().max(0.25);
                    let want = ((steps_left - 1) as f64 * ratio).ceil() as usize;
                    let most = (steps_left - 1).max(steps.saturating_sub(cell_steps + 1));
                    let next = want.clamp(2, most) + 1;
                    adapted |= next < steps_left;
                    steps_left = next;
                    correct = per_step > 0.5 * step_error;
                }
                correct |= held;
                // (NaN counts as off the path too.)
                let off_path = err.is_nan() || err > THRESHOLD;
                if off_path && !adapted {
                    lost!('cells);
                }
                if !off_path && steps_left > 1 {
                    since_newton += 1;
                    if since_newton == newton_every || correct {
                        err_base = self.correct_at(z, &mut lambda, pert, sigma, w, &fix, err);
                        since_newton = 0;
                        // Newton stalls where the path has left the cell
                        // across a boundary the linear model did not see
                        // (the retraction gives probability to a strategy
                        // outside the support, or none to one inside): the
                        // cell's Dpsi is then the wrong map, and each step
                        // errs about as much however short it is (on
                        // coord333, 6.6e-3 a step of Gambit's length,
                        // corrected after each because it erred so much,
                        // for 48 steps before the error passed THRESHOLD;
                        // Newton took it only to 1e-5-1e-4). Two
                        // such corrections in a row count as leaving the
                        // path (on a trace that can resume; Gambit's rules
                        // otherwise).
                        if resumable
                            && err_base > CROSSING_ERROR
                            && w.fact.det.abs() > STALL_DET
                            && self.crossed_unseen(z, sigma, g, lambda, best, support, w)
                        {
                            stalls += 1;
                            if stalls >= MAX_STALLS {
                                lost!('cells);
                            }
                        } else {
                            stalls = 0;
                        }
                        // A cell gives up its longer steps after
                        // MAX_RETREATS, but the trouble may have been a
                        // stretch of it only (on sec5, a continuum of
                        // equilibria at the cell's start, where Dpsi is
                        // singular and 22 steps were taken back or crept):
                        // once Newton converges again the longer steps come
                        // back, once per cell (sec5 took 119 steps in the
                        // cell, 94 of them at Gambit's pace where the path
                        // was smooth).
                        if retreats >= MAX_RETREATS
                            && revivals < MAX_REVIVALS
                            && step_error > 0.0
                            && err_base < REVIVE_ERROR
                        {
                            retreats = 0;
                            revivals += 1;
                            // The second-order term too: the take-backs
                            // that turned it off were the continuum's, and
                            // the rest of sec5's cell (to player 3's
                            // boundary at lambda 0.22) took 19 Euler steps
                            // without it, 13 with it.
                            turn.enter();
                        }
                    }
                }
                // A step longer than Gambit's may leave the path, or carry
                // it across a boundary the linear model did not see coming
                // (the path curves): some strategy's probability or payoff
                // gap on the wrong side. Then the step is taken back and
                // tried again 4 times shorter; after MAX_RETREATS the rest
                // of the cell goes in `steps` steps, no longer adapted.
                // Before that the steps are still longer than Gambit's,
                // and can still be taken back: on the doc's 2x2x2 (with
                // the curvature) an early take-back left the step after an
                // equilibrium, 6.5e-2 off the path, to end the stretch
                // (192 Euler steps with the resumption, 95 without).
                if long_step
                    && (off_path
                        || (steps_left > 1
                            && self.crossed_unseen(z, sigma, g, lambda, best, support, w)))
                {
                    lambda = saved.restore(z, sigma, w.dg);
                    w.jacobian_known = false;
                    turn.taken_back();
                    err_base = saved_base;
                    retreats += 1;
                    adapted = retreats < MAX_RETREATS;
                    steps_left = shorter(saved_left, retreats, steps);
                    since_newton = 0;
                    continue;
                }
                if steps_left <= 1 && options.check_boundaries && rechecks < MAX_RECHECKS {
                    // The last step jumps the rest of the way on the linear
                    // model; where the path curves (near a turn) that can
                    // stop short of the boundary, and crossing it there
                    // leaves z off the path. Back on the path by Newton,
                    // the crossing is taken only if the strategy is at (or
                    // past) its boundary; otherwise a few more steps.
                    self.factor_dpsi(support, w);
                    // (A last step that Newton locates on its boundary is
                    // crossed there: see `locate`. Not one that landed on
                    // the path, as where it is straight, which the local
                    // correction leaves as it is.)
                    let tried =
                        resumable && step_error > 0.0 && misses < MAX_MISSES && err > LANDED;
                    let located = if tried {
                        self.land_on_boundary(
                            z,
                            &mut lambda,
                            (s_hat, n_hat),
                            (support, best),
                            sigma,
                            w,
                            &fix,
                            saved.point(),
                            orientation,
                        )
                    } else {
                        None
                    };
                    misses += usize::from(tried && located.is_none());
                    if let Some(left) = located {
                        err_base = left;
                    } else {
                        err_base = self.correct_at(z, &mut lambda, pert, sigma, w, &fix, err);
                        if long_step && err_base > CROSSING_ERROR && err_base > 2.0 * saved_base {
                            // A last step that Newton cannot bring back to the
                            // path (it went past the boundary, where the
                            // retraction clips): crossing here would carry the
                            // error into every later cell. Taken back and put
                            // back on the path; the next last step goes 0.9 of
                            // the way (landing short, two more steps follow),
                            // after another overshoot 0.6, then 0.3, then the
                            // rest of the way goes in 4 steps (only a quarter
                            // nearer the boundary each time: on rand08 a cell
                            // took 33 steps, 12 of them so). Not where the
                            // error was already that large
                            // before the step (a cell where `Dpsi` is singular
                            // and Newton cannot run: on nau2004's sec6 taking
                            // such steps back only crept to the boundary, a
                            // quarter of the way nearer each time, until
                            // MAX_RECHECKS).
                            lambda = saved.restore(z, sigma, w.dg);
                            w.jacobian_known = false;
                            turn.taken_back();
                            for (p, &gi) in pert.iter_mut().zip(g.iter()) {
                                *p = gi * lambda;
                            }
                            self.factor_dpsi(support, w);
                            err_base = self.correct_at(
                                z,
                                &mut lambda,
                                pert,
                                sigma,
                                w,
                                &fix,
                                saved_base.max(err),
                            );
                            rechecks += 1;
                            overshoots += 1;
                            since_newton = 0;
                            if let Some(&share) = SHORT_AIMS.get(overshoots - 1) {
                                aim = share;
                                steps_left = 1;
                                continue;
                            }
                            steps_left = 4.min(steps);
                            continue;
                        }
                    }
                    self.payoffs(w.dg, sigma, v);
                    let top = best[n_hat];
                    let gap = z[s_hat] - (v[top] + g[top] * lambda);
                    let reached = if support[s_hat] {
                        gap <= BOUNDARY_TOL
                    } else {
                        gap >= -BOUNDARY_TOL
                    };
                    if !reached {
                        rechecks += 1;
                        // Two steps from the corrected point, the linear
                        // model's boundary estimated afresh before each (the
                        // last can be taken back); Gambit's pace keeps a tenth
                        // of its steps.
                        steps_left = if step_error > 0.0 {
                            2
                        } else {
                            (steps / 10).max(2)
                        };
                        since_newton = 0;
                        continue;
                    }
                }
                steps_left -= 1;
            }
            // At a support boundary: s_hat enters or leaves. A player whose
            // reference best response leaves takes another supported one.
            if best[n_hat] == s_hat {
                if let Some(i) = self.player(n_hat).find(|&i| support[i] && i != s_hat) {
                    best[n_hat] = i;
                }
            }
            support[s_hat] = !support[s_hat];
            if entered.again(support, lambda) {
                // Circling at lambda = 0 is circling an equilibrium of the
                // game (a degenerate one, where boundaries meet): the
                // certificate decides.
                if lambda.abs() < 1e-9 {
                    self.retract(z, y, w.sorted);
                    equilibria.push(y.to_vec());
                    let tol = GNM_TOL * self.range();
                    if resumable && certify(self.table(), y, tol).is_some() {
                        return Ok((equilibria, Ended::AtContinuum));
                    }
                }
                // Circling is where the ray meets several boundaries at one
                // point, and Gambit's pace meets the same point: resumed
                // from the support before, g3's trace circled again after
                // 211 more steps (659 in all; on the other fixture and
                // bench games no trace circled away from lambda = 0). The
                // ray is tilted at once.
                if resumable {
                    return Ok((equilibria, Ended::Circled));
                }
                lost!('cells);
            }
            entered.push(support, lambda);
            if resumable && lambda.abs() < 1e-9 {
                // A cell entered at lambda = 0 is entered at an equilibrium
                // of the game where the path touches zero without crossing
                // it (a continuum: nau2004's sec5 passes one point of its
                // continuum at 6e-13 and circles at another). Kept aside
                // from the crossings' count, so that a later ray ending
                // there is known to meet nothing new; only where its regret
                // already passes the certificate (`search` certifies every
                // stray again, and one that fails makes the ray doubtful).
                // (`w.v` as the values' scratch: the regret of the flat
                // profile, without building a nested one.)
                self.retract(z, y, w.sorted);
                if self.table().regret_into(y, w.v) <= GNM_TOL * self.range() {
                    strays.push(y.to_vec());
                }
            }
            slow_left = slow_left.saturating_sub(1);
            chain.cross(s_hat, lambda);
            last_crossed = Some(s_hat);
            self.retract(z, y, w.sorted);
            for i in 0..m {
                let p = y[i];
                sigma[i] = if support[i] && p >= FUZZ { p } else { 0.0 };
            }
            for p in 0..n {
                let total: f64 = sigma[self.player(p)].iter().sum();
                if total > 0.0 {
                    sigma[self.player(p)].iter_mut().for_each(|a| *a /= total);
                }
            }
            for i in 0..m {
                z[i] += sigma[i] - y[i];
            }
        }
    }
}

#[cfg(test)]
#[path = "path_tests.rs"]
mod tests;
