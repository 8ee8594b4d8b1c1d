//! The global Newton path itself: the game in the path's coordinates, the
//! Euler steps within a support with their Newton corrections, the
//! crossings of support boundaries and of `lambda = 0` (see the parent
//! module for the method and its sources).
//!
//! Vectors are plain slices and matrices column-major `Vec<f64>`, all in a
//! [`Work`] allocated once per trace: the games are small, and a step's
//! allocations used to cost more than its arithmetic.

use super::dense::gemv;
use super::state::{shorter, Saved, Work, MAX_RETREATS};
use super::GnmOptions;
use crate::nplayer::project_simplex_with;
use crate::nplayer::{Mixed, Table};
use brink_game::{SolveError, Watch};

/// How far (in rescaled payoff) from its boundary a strategy may be when
/// the path crosses it.
const BOUNDARY_TOL: f64 = 1e-7;
/// The error off the path past which a long step's landing at a boundary
/// is taken back rather than crossed.
const CROSSING_ERROR: f64 = 1e-6;
/// Extra runs of steps towards one boundary before crossing anyway.
const MAX_RECHECKS: usize = 20;

/// How a trace ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ended {
    /// As Gambit's ends: far out past `end_lambda` heading away, or no
    /// boundary and no equilibrium ahead.
    Out,
    /// Circling a point or off the path.
    Lost,
    /// At [`GnmOptions::max_steps`].
    StepLimit,
}

/// Gambit's tolerance for the path's error and probabilities.
pub(super) const FUZZ: f64 = 1e-12;
/// The error off the path at which the trace gives up.
const THRESHOLD: f64 = 1e-2;
/// "No boundary ahead".
const FAR: f64 = 3.0e28;

/// The game in the path's coordinates: strategies flat, player by player,
/// payoffs rescaled to [0, 1].
pub(super) struct Path<'a> {
    table: &'a Table,
    /// First flat index of each player's strategies, and the total at the end.
    ends: Vec<usize>,
    /// Cell by cell, each player's rescaled payoff (`n` per cell).
    scaled: Vec<f64>,
    /// Cell by cell, the flat index of each player's strategy (`n` per cell).
    at: Vec<u32>,
}

impl<'a> Path<'a> {
    pub(super) fn new(table: &'a Table) -> Self {
        let mut ends = vec![0];
        for &k in &table.shape {
            ends.push(ends.last().unwrap() + k);
        }
        let low = table
            .payoffs
            .iter()
            .flatten()
            .fold(f64::INFINITY, |a, &b| a.min(b));
        let n = table.players();
        let scale = 1.0 / table.range;
        let cells = table.payoffs[0].len();
        let mut scaled = Vec::with_capacity(cells * n);
        let mut at = Vec::with_capacity(cells * n);
        let mut profile = vec![0usize; n];
        for c in 0..cells {
            for k in 0..n {
                scaled.push((table.payoffs[k][c] - low) * scale);
                // At most MAX_STRATEGIES (400) strategies in all.
                at.push((ends[k] + profile[k]) as u32);
            }
            crate::nplayer::advance(&mut profile, &table.shape);
        }
        Path {
            table,
            ends,
            scaled,
            at,
        }
    }

    fn n(&self) -> usize {
        self.table.players()
    }

    fn m(&self) -> usize {
        *self.ends.last().unwrap()
    }

    fn player(&self, p: usize) -> std::ops::Range<usize> {
        self.ends[p]..self.ends[p + 1]
    }

    pub(super) fn unflat(&self, x: &[f64]) -> Mixed {
        (0..self.n()).map(|p| x[self.player(p)].to_vec()).collect()
    }

    /// `g` tilted for the `attempt`-th retry: each entry moves by a
    /// pseudo-random fraction of a small share of its player's gap between
    /// the largest entry and the next, so the largest stays unique.
    pub(super) fn tilt(&self, g: &[f64], attempt: usize) -> Vec<f64> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (attempt as u64 + 1);
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let share = [1e-6, 1e-4, 1e-2][attempt.min(2)];
        let mut out = g.to_vec();
        for p in 0..self.n() {
            let part = &g[self.player(p)];
            let top = part.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let second = part
                .iter()
                .filter(|&&a| a < top)
                .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
            let gap = if second.is_finite() {
                top - second
            } else {
                1.0
            };
            for i in self.player(p) {
                out[i] += share * gap * (next() - 0.5);
            }
        }
        out
    }

    /// The payoff Jacobian at `sigma` into `dg` (column-major): entry
    /// (s, t) for strategies of different players is the payoff to `s`
    /// when `t` is played and the rest mix. A player's own block would be
    /// zero; Gambit puts tiny distinct numbers there against degenerate
    /// pivots, and so do we, to follow the same path.
    fn jacobian(&self, sigma: &[f64], dg: &mut [f64], x: &mut [f64]) {
        let n = self.n();
        let m = self.m();
        dg.fill(0.0);
        for i in 0..n {
            let k = self.table.shape[i];
            for s in 0..k {
                for t in 0..k {
                    dg[self.ends[i] + s + (self.ends[i] + t) * m] = FUZZ * (1 + s * k + t) as f64;
                }
            }
        }
        // Cell by cell: the weight of (i, j) is the product of the other
        // players' probabilities; a cell with three zeros among them adds
        // nothing (common: the path keeps most strategies unused).
        // A pair (i, j) whose weight holds a zero adds exactly nothing, so
        // only the pairs that take in every zero of the cell are summed:
        // with one zero (player a) the pairs with a in them, with two (a,
        // b) just (a, b) and (b, a). The sums are the same, rounding
        // included.
        for (u, at) in self.scaled.chunks_exact(n).zip(self.at.chunks_exact(n)) {
            let mut zeros = 0;
            let mut zero_at = [usize::MAX; 2];
            for k in 0..n {
                x[k] = sigma[at[k] as usize];
                if x[k] == 0.0 {
                    if zeros < 2 {
                        zero_at[zeros] = k;
                    }
                    zeros += 1;
                }
            }
            let mut add = |i: usize, j: usize| {
                let mut w = u[i];
                for (k, &xk) in x.iter().enumerate() {
                    if k != i && k != j {
                        w *= xk;
                    }
                }
                dg[at[i] as usize + at[j] as usize * m] += w;
            };
            match zeros {
                0 => {
                    for i in 0..n {
                        for j in (0..n).filter(|&j| j != i) {
                            add(i, j);
                        }
                    }
                }
                1 => {
                    let a = zero_at[0];
                    for other in (0..n).filter(|&k| k != a) {
                        add(a, other);
                        add(other, a);
                    }
                }
                2 => {
                    add(zero_at[0], zero_at[1]);
                    add(zero_at[1], zero_at[0]);
                }
                _ => {}
            }
        }
    }

    /// `V(sigma)` into `v`, the rescaled payoffs of the pure strategies:
    /// the same as [`Path::payoffs`] of the Jacobian (own blocks
    /// included), without building it, for Newton's residuals.
    fn values(&self, sigma: &[f64], v: &mut [f64], x: &mut [f64]) {
        let n = self.n();
        v.fill(0.0);
        for (u, at) in self.scaled.chunks_exact(n).zip(self.at.chunks_exact(n)) {
            let mut zeros = 0;
            for k in 0..n {
                x[k] = sigma[at[k] as usize];
                zeros += usize::from(x[k] == 0.0);
            }
            if zeros > 1 {
                continue;
            }
            for i in 0..n {
                let mut w = u[i];
                for (k, &xk) in x.iter().enumerate() {
                    if k != i {
                        w *= xk;
                    }
                }
                v[at[i] as usize] += w;
            }
        }
        let own = 1.0 / (n - 1) as f64;
        for i in 0..n {
            let k = self.table.shape[i];
            for s in 0..k {
                let f: f64 = (0..k)
                    .map(|t| FUZZ * (1 + s * k + t) as f64 * sigma[self.ends[i] + t])
                    .sum();
                v[self.ends[i] + s] += f * own;
            }
        }
    }

    /// Each player's part of `z` projected onto their simplex, into `x`.
    fn retract(&self, z: &[f64], x: &mut [f64], sorted: &mut Vec<f64>) {
        x.copy_from_slice(z);
        for p in 0..self.n() {
            project_simplex_with(&mut x[self.player(p)], sorted);
        }
    }

    /// `R v` into `out`, with `R` the Jacobian of the retraction on a
    /// support: within each player's supported strategies, `v` less its
    /// average there; zero elsewhere.
    fn retraction_times(&self, support: &[bool], v: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        for p in 0..self.n() {
            let (mut sum, mut k) = (0.0, 0.0);
            for i in self.player(p).filter(|&i| support[i]) {
                sum += v[i];
                k += 1.0;
            }
            for i in self.player(p).filter(|&i| support[i]) {
                out[i] = v[i] - sum / k;
            }
        }
    }

    /// `v = V(sigma)` into `out`: the payoffs of the pure strategies, by
    /// Euler's identity for multilinear payoffs `DG sigma / (n - 1)`.
    fn payoffs(&self, dg: &[f64], sigma: &[f64], out: &mut [f64]) {
        gemv(dg, sigma, out);
        let d = (self.n() - 1) as f64;
        out.iter_mut().for_each(|a| *a /= d);
    }

    /// `Dpsi = I - (I + DG) R` into `a`, column by column: a supported
    /// column of `(I + DG) R` is that column of `I + DG` less the average
    /// of the player's supported columns; the others are zero.
    fn dpsi(&self, dg: &[f64], support: &[bool], a: &mut [f64], mean: &mut [f64]) {
        let m = self.m();
        a.fill(0.0);
        for i in 0..m {
            a[i + i * m] = 1.0;
        }
        for p in 0..self.n() {
            let cols = self.player(p).filter(|&i| support[i]);
            let k = cols.clone().count() as f64;
            mean.fill(0.0);
            for b in cols.clone() {
                for (e, &d) in mean.iter_mut().zip(&dg[b * m..(b + 1) * m]) {
                    *e += d;
                }
                mean[b] += 1.0;
            }
            mean.iter_mut().for_each(|e| *e /= k);
            for b in cols {
                let col = &mut a[b * m..(b + 1) * m];
                for (c, &d) in col.iter_mut().zip(&dg[b * m..(b + 1) * m]) {
                    *c -= d;
                }
                col[b] -= 1.0;
                for (c, &e) in col.iter_mut().zip(mean.iter()) {
                    *c += e;
                }
            }
        }
    }

    /// Factors `Dpsi` at the current `dg` into `w.fact`.
    fn factor_dpsi(&self, support: &[bool], w: &mut Work) {
        self.dpsi(&w.dg, support, &mut w.a, &mut w.mean);
        w.fact.factor(&w.a);
    }

    /// Newton's method on `psi(z) = pert` from `z`, with `Dpsi` (factored
    /// in `w.fact`) from the start throughout; if a step makes the error
    /// grow, back off once with steps `maxits` times shorter. Leaves
    /// `sigma` and `w.dg` at the new `z`. Returns the last error (max
    /// norm) measured.
    fn local_newton(
        &self,
        z: &mut [f64],
        pert: &[f64],
        sigma: &mut [f64],
        w: &mut Work,
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
            self.values(sigma, &mut w.v, &mut w.x);
            err = 0.0f64;
            for i in 0..z.len() {
                w.del[i] = z[i] - sigma[i] - w.v[i] - pert[i];
                err = err.max(w.del[i].abs());
            }
            if err < FUZZ {
                break;
            }
            if best < err {
                z.copy_from_slice(&w.backup);
                self.retract(z, sigma, &mut w.sorted);
                if faulted {
                    self.jacobian(sigma, &mut w.dg, &mut w.x);
                    return best;
                }
                b /= maxits as f64;
                best = FAR;
                faulted = true;
                continue;
            }
            best = err;
            w.backup.copy_from_slice(z);
            w.fact.inverse_times(&w.del, &mut w.step);
            for (zi, &s) in z.iter_mut().zip(&w.step) {
                *zi -= s * b;
            }
            self.retract(z, sigma, &mut w.sorted);
            moved = true;
        }
        if moved {
            self.jacobian(sigma, &mut w.dg, &mut w.x);
        }
        err
    }

    /// [`Path::local_newton`] from a point `err` off the path; returns the
    /// error it leaves (`err` where `Dpsi` is singular and it cannot run).
    fn correct(
        &self,
        z: &mut [f64],
        pert: &[f64],
        sigma: &mut [f64],
        w: &mut Work,
        maxits: usize,
        err: f64,
    ) -> f64 {
        if maxits == 0 || w.fact.det == 0.0 {
            return err;
        }
        self.local_newton(z, pert, sigma, w, maxits)
    }

    /// Whether, at `z` on the path at `lambda`, some strategy is on the
    /// other side of its boundary than the cell `support` says: a
    /// supported one whose probability is below zero (its `z` below its
    /// player's value) or an unsupported one whose payoff with bonus
    /// exceeds that value, by more than [`BOUNDARY_TOL`].
    #[allow(clippy::too_many_arguments)]
    fn crossed_unseen(
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

    /// Follows the path from the pure profile maximising `g` and returns
    /// the profile (flat) at each crossing of `lambda = 0`, and how the
    /// trace ended.
    pub(super) fn trace(
        &self,
        g: Vec<f64>,
        options: &GnmOptions,
        watch: &Watch,
    ) -> Result<(Vec<Vec<f64>>, Ended), SolveError> {
        let (n, m) = (self.n(), self.m());
        let mut w = Work::new(n, m);
        let length = g.iter().map(|a| a * a).sum::<f64>().sqrt();
        let mut g: Vec<f64> = g.iter().map(|a| a / length).collect();
        let mut equilibria = Vec::new();

        // The start: each player's strategy with the largest bonus.
        let mut best: Vec<usize> = (0..n)
            .map(|p| {
                self.player(p)
                    .max_by(|&a, &b| g[a].total_cmp(&g[b]))
                    .expect("every player has a strategy")
            })
            .collect();
        let mut support = vec![false; m];
        for &s in &best {
            support[s] = true;
        }
        let mut sigma: Vec<f64> = support.iter().map(|&b| f64::from(u8::from(b))).collect();
        self.jacobian(&sigma, &mut w.dg, &mut w.x);
        let mut v = vec![0.0; m];
        self.payoffs(&w.dg, &sigma, &mut v);
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
        let mut z: Vec<f64> = (0..m).map(|i| g[i] + v[i] + sigma[i]).collect();
        let mut dz = vec![0.0; m];
        let mut dv = vec![0.0; m];
        let mut rdz = vec![0.0; m];
        let mut pert = vec![0.0; m];
        let mut y = vec![0.0; m];
        let mut orientation = 1.0; // flips at each equilibrium
        let mut last_crossed: Option<usize> = None;
        let (mut s_hat, mut n_hat) = (0, 0);
        let mut total_steps = 0usize;
        // The error off the path left by the last correction (Newton may
        // not get it under FUZZ, and where Dpsi is singular it does not
        // run): the step rule judges a step by the error it adds.
        let mut err_base = 0.0f64;
        let zero = vec![0.0; m];
        // The state before the last step, to take it back.
        let mut saved = Saved::new(m);
        let mut saved_base = 0.0f64;
        let mut saved_left = 0usize;
        // Each support entered, with the lambdas at which it was. A path
        // may cross several cells at one lambda (a player moving between
        // pure strategies against pure opponents), but one that enters a
        // cell again at (almost) the same lambda is circling a point where
        // boundaries meet.
        let mut entered: std::collections::HashMap<Vec<bool>, Vec<f64>> =
            std::collections::HashMap::new();

        loop {
            // Euler steps within one support.
            let mut since_newton = 0usize;
            let mut rechecks = 0usize;
            // Whether a step of this cell was made longer than Gambit's,
            // and how many were taken back.
            let (mut adapted, mut retreats) = (false, 0usize);
            let mut steps_left = steps;
            let mut cell_steps = 0usize;
            while steps_left > 0 {
                watch.check()?;
                total_steps += 1;
                cell_steps += 1;
                if total_steps > options.max_steps {
                    return Ok((equilibria, Ended::StepLimit));
                }
                self.factor_dpsi(&support, &mut w);
                w.fact.adjugate_times(&g, &mut dz);
                dz.iter_mut().for_each(|a| *a = -*a);
                let dlambda = -w.fact.det;
                self.retraction_times(&support, &dz, &mut rdz);
                gemv(&w.dg, &rdz, &mut dv);
                for (d, &gi) in dv.iter_mut().zip(&g) {
                    *d += gi * dlambda;
                }
                self.payoffs(&w.dg, &sigma, &mut v);
                for (a, &gi) in v.iter_mut().zip(&g) {
                    *a += gi * lambda;
                }
                // The next strategy to enter or leave a support, were z and
                // v linear in time: where z_i meets its player's value.
                let mut min_bound = FAR;
                for (p, &top) in best.iter().enumerate() {
                    for i in self.player(p) {
                        // The boundary just crossed is skipped (rounding
                        // would cross it back at once) until the strategy
                        // has moved clear of it: the path may bring it back
                        // within the same cell (Gambit skips it for the
                        // whole cell and then loses the path).
                        let clear =
                            options.check_boundaries && (z[i] - v[top]).abs() > 10.0 * BOUNDARY_TOL;
                        if dz[i] != dv[top] && (last_crossed != Some(i) || clear) {
                            let bound = (z[i] - v[top]) / (dv[top] - dz[i]);
                            if bound > 0.0 && bound < min_bound {
                                min_bound = bound;
                                s_hat = i;
                                n_hat = p;
                            }
                        }
                    }
                }
                let mut del = min_bound;
                if min_bound == FAR && orientation * (lambda + dlambda * del) > 0.0 {
                    return Ok((equilibria, Ended::Out));
                }
                let mut delta = del / steps_left as f64;
                if orientation * (lambda + dlambda * delta) <= 0.0 {
                    if min_bound == FAR && n > 2 && steps_left > 1 {
                        // Approach the equilibrium in steps instead.
                        del = -lambda / dlambda;
                        delta = del / steps_left as f64;
                    } else {
                        // lambda reaches zero within this step: an equilibrium.
                        let t = -lambda / dlambda;
                        for (zi, &d) in z.iter_mut().zip(&dz) {
                            *zi += d * t;
                        }
                        lambda = 0.0;
                        self.retract(&z, &mut sigma, &mut w.sorted);
                        self.jacobian(&sigma, &mut w.dg, &mut w.x);
                        if n > 2 {
                            self.factor_dpsi(&support, &mut w);
                            self.local_newton(
                                &mut z,
                                &zero,
                                &mut sigma,
                                &mut w,
                                options.local_newton_maxits,
                            );
                        }
                        if sigma.iter().any(|p| !p.is_finite()) {
                            return Ok((equilibria, Ended::Lost));
                        }
                        equilibria.push(sigma.clone());
                        orientation = -orientation;
                        last_crossed = None;
                        continue;
                    }
                }
                if del == FAR {
                    return Ok((equilibria, Ended::Out));
                }
                // A step longer than Gambit's can be taken back, and so can
                // the last step to a boundary, which jumps the rest of the
                // way on the linear model and may overshoot where the path
                // curves (Gambit's pace keeps Gambit's rules).
                let long_step = adapted || (steps_left == 1 && options.step_error > 0.0);
                if long_step {
                    saved.save(&z, &sigma, &w.dg, lambda);
                    saved_base = err_base;
                    saved_left = steps_left;
                }
                for (zi, &d) in z.iter_mut().zip(&dz) {
                    *zi += d * delta;
                }
                lambda += dlambda * delta;
                if lambda < options.end_lambda && orientation < 0.0 {
                    return Ok((equilibria, Ended::Out));
                }
                self.retract(&z, &mut sigma, &mut w.sorted);
                self.jacobian(&sigma, &mut w.dg, &mut w.x);
                if n <= 2 {
                    break;
                }
                for (p, &gi) in pert.iter_mut().zip(&g) {
                    *p = gi * lambda;
                }
                self.payoffs(&w.dg, &sigma, &mut v);
                let mut err = 0.0f64;
                for i in 0..m {
                    err = err.max((z[i] - sigma[i] - v[i] - pert[i]).abs());
                }
                let mut correct = false;
                let added = if options.step_error > 0.0 {
                    (err - err_base).max(0.0)
                } else {
                    err
                };
                if added < FUZZ && steps_left > 2 {
                    // The path looks straight: jump to the boundary, then correct.
                    steps_left = 2;
                    since_newton = newton_every - 1;
                } else if options.step_error > 0.0
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
                    let ratio = (per_step / options.step_error).sqrt().max(0.25);
                    let want = ((steps_left - 1) as f64 * ratio).ceil() as usize;
                    let most = (steps_left - 1).max(steps.saturating_sub(cell_steps + 1));
                    let next = want.clamp(2, most) + 1;
                    adapted |= next < steps_left;
                    steps_left = next;
                    correct = per_step > 0.5 * options.step_error;
                }
                // (NaN counts as off the path too.)
                let off_path = err.is_nan() || err > THRESHOLD;
                if off_path && !adapted {
                    return Ok((equilibria, Ended::Lost));
                }
                if !off_path && steps_left > 1 {
                    since_newton += 1;
                    if since_newton == newton_every || correct {
                        err_base = self.correct(
                            &mut z,
                            &pert,
                            &mut sigma,
                            &mut w,
                            options.local_newton_maxits,
                            err,
                        );
                        since_newton = 0;
                    }
                }
                // A step longer than Gambit's may leave the path, or carry
                // it across a boundary the linear model did not see coming
                // (the path curves): some strategy's probability or payoff
                // gap on the wrong side. Then the step is taken back and
                // tried again 4 times shorter; after MAX_RETREATS the rest
                // of the cell goes in `steps` steps, no longer adapted.
                if long_step
                    && (off_path
                        || (steps_left > 1
                            && self
                                .crossed_unseen(&z, &sigma, &g, lambda, &best, &support, &mut w)))
                {
                    lambda = saved.restore(&mut z, &mut sigma, &mut w.dg);
                    err_base = saved_base;
                    retreats += 1;
                    adapted = false;
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
                    self.factor_dpsi(&support, &mut w);
                    err_base = self.correct(
                        &mut z,
                        &pert,
                        &mut sigma,
                        &mut w,
                        options.local_newton_maxits,
                        err,
                    );
                    if long_step && err_base > CROSSING_ERROR {
                        // A last step that Newton cannot bring back to the
                        // path (it went past the boundary, where the
                        // retraction clips): crossing here would carry the
                        // error into every later cell. Taken back, put back
                        // on the path, and the rest of the way goes in 4
                        // steps.
                        lambda = saved.restore(&mut z, &mut sigma, &mut w.dg);
                        for (p, &gi) in pert.iter_mut().zip(&g) {
                            *p = gi * lambda;
                        }
                        self.factor_dpsi(&support, &mut w);
                        err_base = self.correct(
                            &mut z,
                            &pert,
                            &mut sigma,
                            &mut w,
                            options.local_newton_maxits,
                            saved_base.max(err),
                        );
                        rechecks += 1;
                        steps_left = 4.min(steps);
                        since_newton = 0;
                        continue;
                    }
                    self.payoffs(&w.dg, &sigma, &mut v);
                    let top = best[n_hat];
                    let gap = z[s_hat] - (v[top] + g[top] * lambda);
                    let reached = if support[s_hat] {
                        gap <= BOUNDARY_TOL
                    } else {
                        gap >= -BOUNDARY_TOL
                    };
                    if !reached {
                        rechecks += 1;
                        steps_left = (steps / 10).max(2);
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
            let seen = entered.entry(support.clone()).or_default();
            if seen
                .iter()
                .any(|&l| (l - lambda).abs() <= 1e-6 * lambda.abs().max(1.0))
            {
                // Circling at lambda = 0 is circling an equilibrium of the
                // game (a degenerate one, where boundaries meet): the
                // certificate decides.
                if lambda.abs() < 1e-9 {
                    self.retract(&z, &mut y, &mut w.sorted);
                    equilibria.push(y.clone());
                }
                return Ok((equilibria, Ended::Lost));
            }
            seen.push(lambda);
            last_crossed = Some(s_hat);
            self.retract(&z, &mut y, &mut w.sorted);
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
