//! Newton's method on the indifference equations of a support, which turns
//! a rough equilibrium (a descent's, a grid's, a path's) into one accurate
//! to rounding: [`Table::polish`] over the supports of a few thresholds,
//! [`Table::polish_on_support`] on one support it is given.

use super::{lu_solve, Mixed, Table};

impl Table {
    /// Newton's method on the equations of an equilibrium with the
    /// supports `newton.unknowns` (flat strategy indices, player by
    /// player): each supported strategy earns the player's value and the
    /// supported probabilities sum to one. From the flat profile `start`;
    /// the result is returned only if it is a profile (no negative
    /// probability) whose regret, unsupported strategies included, is at
    /// most `tol`.
    fn solve_support(&self, newton: &mut Newton, start: &[f64], tol: f64) -> Option<Mixed> {
        let n = self.players();
        let m = self.strategies();
        let Newton {
            unknowns,
            owner,
            x,
            v,
            value,
            d,
            jac,
            f,
        } = newton;
        let k = unknowns.len();
        let dim = k + n;
        x.fill(0.0);
        for i in 0..n {
            // Player i's unknowns, contiguous since numbered player by player.
            let from = unknowns.partition_point(|&r| r < self.offsets[i]);
            let to = unknowns.partition_point(|&r| r < self.offsets[i + 1]);
            let mine = &unknowns[from..to];
            let total: f64 = mine.iter().map(|&r| start[r].max(0.0)).sum();
            for &r in mine {
                x[r] = if total > 0.0 {
                    start[r].max(0.0) / total
                } else {
                    1.0 / mine.len() as f64
                };
            }
        }
        self.values_into(x, v);
        value.clear();
        value.resize(n, 0.0);
        for &r in unknowns.iter() {
            value[owner[r]] += x[r] * v[r];
        }
        jac.resize(dim * dim, 0.0);
        f.clear();
        f.resize(dim, 0.0);
        for _ in 0..50 {
            self.cross_values_into(x, d);
            self.values_from_cross(x, d, owner, 0..m, v);
            jac.fill(0.0);
            f[k..].fill(0.0);
            for (a, &r) in unknowns.iter().enumerate() {
                let i = owner[r];
                let row = &mut jac[a * dim..(a + 1) * dim];
                f[a] = v[r] - value[i];
                row[k + i] = -1.0;
                for (b, &c) in unknowns.iter().enumerate() {
                    // Zero within the player's own block, as it should be.
                    row[b] = d[r * m + c];
                }
                jac[(k + i) * dim + a] = 1.0;
                f[k + i] += x[r];
            }
            f[k..].iter_mut().for_each(|s| *s -= 1.0);
            let residual = f.iter().fold(0.0f64, |a, b| a.max(b.abs()));
            if residual < 1e-15 * self.range.max(1.0) {
                break;
            }

            if !lu_solve(jac, f) {
                return None;
            }
            for (a, &r) in unknowns.iter().enumerate() {
                x[r] -= f[a];
            }
            for (i, vi) in value.iter_mut().enumerate() {
                *vi -= f[k + i];
            }
            if x.iter().any(|p| !p.is_finite()) {
                return None;
            }
        }
        self.certified(x, v, tol)
    }

    /// Tries to turn a rough equilibrium into an accurate one: the supports
    /// read from `x` at several thresholds, each solved by Newton's method
    /// on its indifference equations; the first that certifies wins.
    pub fn polish(&self, x: &Mixed, tol: f64) -> Option<Mixed> {
        let start = self.flatten(x);
        // Buffers for all the supports tried: on small games allocating
        // them per try cost more than Newton's steps.
        let mut newton = Newton::new(self);
        // The supports only grow as the threshold falls, so one already
        // tried is the last one tried.
        let (mut tried, mut any_tried) = (Vec::with_capacity(self.strategies()), false);
        for threshold in [1e-2f64, 1e-3, 1e-4, 1e-6, 1e-8] {
            newton.unknowns.clear();
            for w in self.offsets.windows(2) {
                let xi = &start[w[0]..w[1]];
                let top = xi.iter().fold(0.0f64, |m, &p| m.max(p));
                newton
                    .unknowns
                    .extend((w[0]..w[1]).filter(|&r| start[r] >= threshold.min(top)));
            }
            if any_tried && tried == newton.unknowns {
                continue;
            }
            if let Some(y) = self.solve_support(&mut newton, &start, tol) {
                return Some(y);
            }
            tried.clone_from(&newton.unknowns);
            any_tried = true;
        }
        None
    }
}

/// Newton's steps [`Table::polish_on_support`] allows: from a start near
/// a root the error squares each step (and the residual at least halves),
/// so a run that has not settled in this many is far from one and is not
/// worth the 50 of [`Table::polish`].
const QUICK_NEWTON_STEPS: usize = 8;

impl Table {
    /// Newton's method on the one support of the flat profile `start`
    /// (its positive entries), from `start`: [`Table::polish`] without the
    /// other thresholds, for a caller whose `start` has exact zeros off a
    /// support it trusts, so that a failure costs one short Newton run (at
    /// most [`QUICK_NEWTON_STEPS`], given up once the residual stops
    /// halving), not five long ones.
    ///
    /// The equations are reduced as in `ipa`'s support system: each
    /// player's first supported strategy (the base) takes one less the
    /// others' probabilities and its payoff is subtracted from theirs,
    /// leaving `k - n` unknowns instead of the `k + n` (probabilities and
    /// values) of [`Table::polish`], whose elimination dominated a step on
    /// the smallest games.
    pub fn polish_on_support(&self, start: &[f64], tol: f64) -> Option<Mixed> {
        let (n, m) = (self.players(), self.strategies());
        // Each player's base, the free unknowns and each strategy's player
        // in one allocation, and the floats below in another: on the
        // smallest games the eight buffers' allocations were a visible
        // part of a solve.
        let mut indices = vec![0; n + 2 * m];
        let (base, rest) = indices.split_at_mut(n);
        let (owner, free) = rest.split_at_mut(m);
        let mut dim = 0;
        for (i, b) in base.iter_mut().enumerate() {
            let part = self.offsets[i]..self.offsets[i + 1];
            let mut supported = part.clone().filter(|&r| start[r] > 0.0);
            *b = supported.next()?;
            for r in supported {
                free[dim] = r;
                dim += 1;
            }
            owner[part].fill(i);
        }
        let (base, owner, free) = (&*base, &*owner, &free[..dim]);
        let mut floats = vec![0.0; 2 * m + m * m + dim * dim + dim];
        let (x, rest) = floats.split_at_mut(m);
        let (v, rest) = rest.split_at_mut(m);
        let (d, rest) = rest.split_at_mut(m * m);
        let (jac, f) = rest.split_at_mut(dim * dim);
        for i in 0..n {
            let part = self.offsets[i]..self.offsets[i + 1];
            let total: f64 = part.clone().map(|r| start[r].max(0.0)).sum();
            for r in part {
                x[r] = start[r].max(0.0) / total;
            }
        }
        let mut last_residual = f64::INFINITY;
        for _ in 0..QUICK_NEWTON_STEPS {
            self.cross_values_into(x, d);
            self.values_from_cross(x, d, owner, free.iter().chain(base).copied(), v);
            let mut residual = 0.0f64;
            for (a, &r) in free.iter().enumerate() {
                let b = base[owner[r]];
                f[a] = v[r] - v[b];
                residual = residual.max(f[a].abs());
                for (col, &c) in free.iter().enumerate() {
                    let bc = base[owner[c]];
                    jac[a * dim + col] =
                        (d[r * m + c] - d[r * m + bc]) - (d[b * m + c] - d[b * m + bc]);
                }
            }
            if residual < 1e-15 * self.range.max(1.0) {
                break;
            }
            if residual > 1e-8 * self.range && residual > 0.5 * last_residual {
                return None;
            }
            last_residual = residual;
            if !lu_solve(jac, f) {
                return None;
            }
            for (a, &r) in free.iter().enumerate() {
                x[r] -= f[a];
            }
            for (i, &b) in base.iter().enumerate() {
                let others: f64 = free.iter().filter(|&&r| owner[r] == i).map(|&r| x[r]).sum();
                x[b] = 1.0 - others;
            }
            if x.iter().any(|p| !p.is_finite()) {
                return None;
            }
        }
        self.certified(x, v, tol)
    }

    /// The values `v[r]` of the strategies `rows` against the flat profile
    /// `x`, from the cross values `d`. A value is its row of cross values
    /// against any one other player's mix (payoffs are multilinear):
    /// player 0's for the others, player 1's for player 0's strategies,
    /// which saves a pass over the table per Newton step.
    fn values_from_cross(
        &self,
        x: &[f64],
        d: &[f64],
        owner: &[usize],
        rows: impl IntoIterator<Item = usize>,
        v: &mut [f64],
    ) {
        let m = self.strategies();
        if self.players() < 2 {
            self.values_into(x, v);
            return;
        }
        for r in rows {
            let other = usize::from(owner[r] == 0);
            let part = self.offsets[other]..self.offsets[other + 1];
            v[r] = part.map(|t| d[r * m + t] * x[t]).sum();
        }
    }

    /// A Newton solution `x` (flat) as a certified profile: refused with a
    /// probability below -1e-12, else clipped at zero, renormalised per
    /// player and kept if its regret (into `v`) is at most `tol`.
    fn certified(&self, x: &mut [f64], v: &mut [f64], tol: f64) -> Option<Mixed> {
        if x.iter().any(|&p| p < -1e-12) {
            return None;
        }
        for w in self.offsets.windows(2) {
            let xi = &mut x[w[0]..w[1]];
            xi.iter_mut().for_each(|p| *p = p.max(0.0));
            let total: f64 = xi.iter().sum();
            xi.iter_mut().for_each(|p| *p /= total);
        }
        (self.regret_into(x, v) <= tol).then(|| self.unflatten(x))
    }
}

/// The buffers of [`Table::solve_support`], kept across the supports
/// [`Table::polish`] tries.
struct Newton {
    /// The supported strategies, flat, player by player.
    unknowns: Vec<usize>,
    /// The player of each flat strategy.
    owner: Vec<usize>,
    /// The profile, the values of pure strategies against it, the players'
    /// values, the cross values, the Jacobian and the residual.
    x: Vec<f64>,
    v: Vec<f64>,
    value: Vec<f64>,
    d: Vec<f64>,
    jac: Vec<f64>,
    f: Vec<f64>,
}

impl Newton {
    fn new(table: &Table) -> Self {
        let m = table.strategies();
        Newton {
            unknowns: Vec::with_capacity(m),
            owner: (0..table.players())
                .flat_map(|i| std::iter::repeat_n(i, table.shape[i]))
                .collect(),
            x: vec![0.0; m],
            v: vec![0.0; m],
            // Sized for the largest support, all strategies: grown per
            // support they were reallocated as the supports grew.
            value: Vec::with_capacity(table.players()),
            d: vec![0.0; m * m],
            jac: Vec::with_capacity((m + table.players()).pow(2)),
            f: Vec::with_capacity(m + table.players()),
        }
    }
}
