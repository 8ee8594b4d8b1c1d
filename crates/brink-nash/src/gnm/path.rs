//! The global Newton path itself: the game in the path's coordinates, the
//! Euler steps within a support with their Newton corrections, the
//! crossings of support boundaries and of `lambda = 0` (see the parent
//! module for the method and its sources).

use super::GnmOptions;
use crate::nplayer::{project_simplex, Mixed, Table};
use brink_game::{SolveError, Watch};
use nalgebra::{DMatrix, DVector};

/// How far (in rescaled payoff) from its boundary a strategy may be when
/// the path crosses it.
const BOUNDARY_TOL: f64 = 1e-7;
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
    /// The smallest payoff.
    low: f64,
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
        Path { table, ends, low }
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

    /// The payoff Jacobian at `sigma`: entry (s, t) for strategies of
    /// different players is the payoff to `s` when `t` is played and the
    /// rest mix. A player's own block would be zero; Gambit puts tiny
    /// distinct numbers there against degenerate pivots, and so do we, to
    /// follow the same path.
    fn jacobian(&self, sigma: &[f64]) -> DMatrix<f64> {
        let n = self.n();
        let m = self.m();
        let scale = 1.0 / self.table.range;
        let mut dg = DMatrix::zeros(m, m);
        let data = dg.as_mut_slice(); // column-major: (row, col) at row + col * m
        for i in 0..n {
            let k = self.table.shape[i];
            for s in 0..k {
                for t in 0..k {
                    data[self.ends[i] + s + (self.ends[i] + t) * m] = FUZZ * (1 + s * k + t) as f64;
                }
            }
        }
        // Cell by cell: the weight of (i, j) is the product of the other
        // players' probabilities; a cell with three zeros among them adds
        // nothing (common: the path keeps most strategies unused).
        let mut profile = vec![0usize; n];
        let mut x = vec![0.0; n];
        let mut at = vec![0usize; n];
        let cells = self.table.payoffs[0].len();
        for c in 0..cells {
            let mut zeros = 0;
            for k in 0..n {
                at[k] = self.ends[k] + profile[k];
                x[k] = sigma[at[k]];
                zeros += usize::from(x[k] == 0.0);
            }
            if zeros <= 2 {
                for i in 0..n {
                    let u = (self.table.payoffs[i][c] - self.low) * scale;
                    for j in 0..n {
                        if j == i {
                            continue;
                        }
                        let mut w = u;
                        for (k, &xk) in x.iter().enumerate() {
                            if k != i && k != j {
                                w *= xk;
                            }
                        }
                        data[at[i] + at[j] * m] += w;
                    }
                }
            }
            crate::nplayer::advance(&mut profile, &self.table.shape);
        }
        dg
    }

    /// `V(sigma)`, the rescaled payoffs of the pure strategies: the same as
    /// [`Path::payoffs`] of the Jacobian (own blocks included), without
    /// building it, for Newton's residuals.
    fn values(&self, sigma: &[f64]) -> DVector<f64> {
        let n = self.n();
        let m = self.m();
        let scale = 1.0 / self.table.range;
        let mut v = DVector::zeros(m);
        let mut profile = vec![0usize; n];
        let mut x = vec![0.0; n];
        let mut at = vec![0usize; n];
        for c in 0..self.table.payoffs[0].len() {
            let mut zeros = 0;
            for k in 0..n {
                at[k] = self.ends[k] + profile[k];
                x[k] = sigma[at[k]];
                zeros += usize::from(x[k] == 0.0);
            }
            if zeros <= 1 {
                for i in 0..n {
                    let mut w = (self.table.payoffs[i][c] - self.low) * scale;
                    for (k, &xk) in x.iter().enumerate() {
                        if k != i {
                            w *= xk;
                        }
                    }
                    v[at[i]] += w;
                }
            }
            crate::nplayer::advance(&mut profile, &self.table.shape);
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
        v
    }

    /// Each player's part of `z` projected onto their simplex.
    fn retract(&self, z: &DVector<f64>) -> Vec<f64> {
        let mut x: Vec<f64> = z.iter().copied().collect();
        for p in 0..self.n() {
            project_simplex(&mut x[self.player(p)]);
        }
        x
    }

    /// `R v`, with `R` the Jacobian of the retraction on a support: within
    /// each player's supported strategies, `v` less its average there;
    /// zero elsewhere.
    fn retraction_times(&self, support: &[bool], v: &DVector<f64>) -> DVector<f64> {
        let mut out = DVector::zeros(self.m());
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
        out
    }

    /// `v = V(sigma)`: the payoffs of the pure strategies, by Euler's
    /// identity for multilinear payoffs `DG sigma / (n - 1)`.
    fn payoffs(&self, dg: &DMatrix<f64>, sigma: &[f64]) -> DVector<f64> {
        dg * DVector::from_column_slice(sigma) / (self.n() - 1) as f64
    }

    /// `Dpsi = I - (I + DG) R`, column by column: a supported column of
    /// `(I + DG) R` is that column of `I + DG` less the average of the
    /// player's supported columns; the others are zero.
    fn dpsi(&self, dg: &DMatrix<f64>, support: &[bool]) -> DMatrix<f64> {
        let m = self.m();
        let mut a = DMatrix::<f64>::identity(m, m);
        let mut mean = DVector::<f64>::zeros(m);
        for p in 0..self.n() {
            let cols: Vec<usize> = self.player(p).filter(|&i| support[i]).collect();
            let k = cols.len() as f64;
            mean.fill(0.0);
            for &b in &cols {
                mean += dg.column(b);
                mean[b] += 1.0;
            }
            mean /= k;
            for &b in &cols {
                let mut col = a.column_mut(b);
                col -= dg.column(b);
                col[b] -= 1.0;
                col += &mean;
            }
        }
        a
    }

    /// Newton's method on `psi(z) = pert` from `z`, with `Dpsi` from the
    /// start throughout; if a step makes the error grow, back off once with
    /// steps `maxits` times shorter. Returns the last error (max norm)
    /// measured.
    fn local_newton(
        &self,
        z: &mut DVector<f64>,
        pert: &DVector<f64>,
        dpsi: &Factored,
        dg: &mut DMatrix<f64>,
        sigma: &mut Vec<f64>,
        maxits: usize,
    ) -> f64 {
        if maxits == 0 || dpsi.det == 0.0 {
            return FUZZ;
        }
        let mut b = 1.0;
        let mut best = FAR;
        let mut faulted = false;
        let mut backup = z.clone();
        let mut err = FAR;
        let mut moved = false;
        for _ in 0..maxits {
            let del = &*z - DVector::from_column_slice(sigma) - self.values(sigma) - pert;
            err = del.amax();
            if err < FUZZ {
                break;
            }
            if best < err {
                *z = backup.clone();
                *sigma = self.retract(z);
                if faulted {
                    *dg = self.jacobian(sigma);
                    return best;
                }
                b /= maxits as f64;
                best = FAR;
                faulted = true;
                continue;
            }
            best = err;
            backup = z.clone();
            *z -= dpsi.inverse_times(&del) * b;
            *sigma = self.retract(z);
            moved = true;
        }
        if moved {
            *dg = self.jacobian(sigma);
        }
        err
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
        let length = g.iter().map(|a| a * a).sum::<f64>().sqrt();
        let mut g = DVector::from_iterator(m, g.iter().map(|a| a / length));
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
        let mut dg = self.jacobian(&sigma);
        let v = self.payoffs(&dg, &sigma);
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
        g *= factor + 1.0;
        let mut lambda = 1.0;
        // Two players: Dpsi is constant on a support, one step is exact.
        let (steps, newton_every) = if n <= 2 {
            (1, usize::MAX)
        } else {
            (options.steps, options.local_newton_interval)
        };
        let mut z = &g + &v + DVector::from_column_slice(&sigma);
        let mut orientation = 1.0; // flips at each equilibrium
        let mut last_crossed: Option<usize> = None;
        let (mut s_hat, mut n_hat) = (0, 0);
        let mut total_steps = 0usize;
        let zero = DVector::zeros(m);
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
            let mut steps_left = steps;
            while steps_left > 0 {
                watch.check()?;
                total_steps += 1;
                if total_steps > options.max_steps {
                    return Ok((equilibria, Ended::StepLimit));
                }
                let dpsi = Factored::new(self.dpsi(&dg, &support));
                let dz = -dpsi.adjugate_times(&g);
                let dlambda = -dpsi.det;
                let dv = &dg * self.retraction_times(&support, &dz) + &g * dlambda;
                let v = self.payoffs(&dg, &sigma) + &g * lambda;
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
                        z += &dz * (-lambda / dlambda);
                        lambda = 0.0;
                        sigma = self.retract(&z);
                        dg = self.jacobian(&sigma);
                        if n > 2 {
                            let dpsi = Factored::new(self.dpsi(&dg, &support));
                            self.local_newton(
                                &mut z,
                                &zero,
                                &dpsi,
                                &mut dg,
                                &mut sigma,
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
                z += &dz * delta;
                lambda += dlambda * delta;
                if lambda < options.end_lambda && orientation < 0.0 {
                    return Ok((equilibria, Ended::Out));
                }
                sigma = self.retract(&z);
                dg = self.jacobian(&sigma);
                if n <= 2 {
                    break;
                }
                let pert = &g * lambda;
                let err =
                    (&z - DVector::from_column_slice(&sigma) - self.payoffs(&dg, &sigma) - &pert)
                        .amax();
                if err < FUZZ && steps_left > 2 {
                    // The path looks straight: jump to the boundary, then correct.
                    steps_left = 2;
                    since_newton = newton_every - 1;
                }
                // (NaN counts as lost too.)
                if err.is_nan() || err > THRESHOLD {
                    return Ok((equilibria, Ended::Lost));
                }
                if steps_left > 1 {
                    since_newton += 1;
                    if since_newton == newton_every {
                        self.local_newton(
                            &mut z,
                            &pert,
                            &dpsi,
                            &mut dg,
                            &mut sigma,
                            options.local_newton_maxits,
                        );
                        since_newton = 0;
                    }
                } else if options.check_boundaries && rechecks < MAX_RECHECKS {
                    // The last step jumps the rest of the way on the linear
                    // model; where the path curves (near a turn) that can
                    // stop short of the boundary, and crossing it there
                    // leaves z off the path. Back on the path by Newton,
                    // the crossing is taken only if the strategy is at (or
                    // past) its boundary; otherwise a few more steps.
                    let dpsi = Factored::new(self.dpsi(&dg, &support));
                    self.local_newton(
                        &mut z,
                        &pert,
                        &dpsi,
                        &mut dg,
                        &mut sigma,
                        options.local_newton_maxits,
                    );
                    let v = self.payoffs(&dg, &sigma) + &g * lambda;
                    let gap = z[s_hat] - v[best[n_hat]];
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
                    equilibria.push(self.retract(&z));
                }
                return Ok((equilibria, Ended::Lost));
            }
            seen.push(lambda);
            last_crossed = Some(s_hat);
            let y = self.retract(&z);
            sigma = y
                .iter()
                .zip(&support)
                .map(|(&p, &on)| if on && p >= FUZZ { p } else { 0.0 })
                .collect();
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

/// `Dpsi` ready for the path's two uses: its adjugate times the ray (the
/// direction, which stays finite through the turns of the path, where
/// `Dpsi` is singular) and its inverse times a residual (Newton). Away
/// from singular, LU: `adj A v = det A * A^-1 v`. Near singular, where that
/// loses the direction, the adjugate itself from the singular value
/// decomposition: `A = U S V^T` gives `adj A = det U det V * V adj(S) U^T`,
/// `adj(S)` holding the products of all singular values but one.
struct Factored {
    det: f64,
    how: Either,
}

enum Either {
    Lu(nalgebra::LU<f64, nalgebra::Dyn, nalgebra::Dyn>),
    Adjugate(DMatrix<f64>),
}

impl Factored {
    fn new(a: DMatrix<f64>) -> Self {
        let lu = a.clone().lu();
        let (lo, hi) = lu
            .u()
            .diagonal()
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), &d| {
                (lo.min(d.abs()), hi.max(d.abs()))
            });
        if lo > 1e-8 * hi {
            return Factored {
                det: lu.determinant(),
                how: Either::Lu(lu),
            };
        }
        let n = a.nrows();
        let svd = a.svd(true, true);
        let (Some(u), Some(vt)) = (svd.u, svd.v_t) else {
            return Factored {
                det: 0.0,
                how: Either::Adjugate(DMatrix::zeros(n, n)),
            };
        };
        let s = svd.singular_values;
        let sign = u.clone().determinant().signum() * vt.clone().determinant().signum();
        let others = DVector::from_fn(n, |i, _| {
            (0..n).filter(|&j| j != i).map(|j| s[j]).product::<f64>()
        });
        Factored {
            det: sign * s.iter().product::<f64>(),
            how: Either::Adjugate(
                vt.transpose() * DMatrix::from_diagonal(&others) * u.transpose() * sign,
            ),
        }
    }

    fn adjugate_times(&self, v: &DVector<f64>) -> DVector<f64> {
        match &self.how {
            Either::Lu(lu) => lu.solve(v).unwrap_or_else(|| DVector::zeros(v.len())) * self.det,
            Either::Adjugate(adj) => adj * v,
        }
    }

    fn inverse_times(&self, v: &DVector<f64>) -> DVector<f64> {
        match &self.how {
            Either::Lu(lu) => lu.solve(v).unwrap_or_else(|| DVector::zeros(v.len())),
            Either::Adjugate(adj) => adj * v / self.det,
        }
    }
}
