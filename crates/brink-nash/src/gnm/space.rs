//! The game in the path's coordinates (strategies flat, player by
//! player, payoffs rescaled to [0, 1]) and the maps the path is made of:
//! the payoff Jacobian, the payoffs of the pure strategies, the retraction
//! onto the simplices and `Dpsi` (see the parent module for the method).

use super::dense::gemv;
use crate::nplayer::project_simplex_with;
use crate::nplayer::Table;

/// Gambit's tolerance for the path's error and probabilities.
pub(super) const FUZZ: f64 = 1e-12;

/// The game in the path's coordinates: strategies flat, player by player,
/// payoffs rescaled to [0, 1].
pub(super) struct Path<'a> {
    table: &'a Table,
    /// First flat index of each player's strategies, and the total at the
    /// end (the table's offsets).
    ends: &'a [usize],
    /// Cell by cell, each player's rescaled payoff (`n` per cell).
    scaled: Vec<f64>,
    /// Cell by cell, the flat index of each player's strategy (`n` per cell).
    at: Vec<u32>,
    /// The own blocks' tiny entries, `FUZZ * (1 + s k + t)` at `s k + t`
    /// (the same numbers as computed in place, without a conversion and a
    /// product per entry per step).
    fuzz: Vec<f64>,
}

impl<'a> Path<'a> {
    pub(super) fn new(table: &'a Table) -> Self {
        let ends = &table.offsets[..];
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
        let widest = table.shape.iter().max().copied().unwrap_or(0);
        let fuzz = (0..widest * widest)
            .map(|j| FUZZ * (1 + j) as f64)
            .collect();
        Path {
            table,
            ends,
            scaled,
            at,
            fuzz,
        }
    }

    pub(super) fn n(&self) -> usize {
        self.table.players()
    }

    pub(super) fn m(&self) -> usize {
        *self.ends.last().unwrap()
    }

    pub(super) fn player(&self, p: usize) -> std::ops::Range<usize> {
        self.ends[p]..self.ends[p + 1]
    }

    pub(super) fn table(&self) -> &'a Table {
        self.table
    }

    /// The game's payoff range (regrets are judged against it).
    pub(super) fn range(&self) -> f64 {
        self.table.range
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
    pub(super) fn jacobian(&self, sigma: &[f64], dg: &mut [f64], x: &mut [f64]) {
        let n = self.n();
        let m = self.m();
        dg.fill(0.0);
        for i in 0..n {
            let k = self.table.shape[i];
            for s in 0..k {
                for t in 0..k {
                    dg[self.ends[i] + s + (self.ends[i] + t) * m] = self.fuzz[s * k + t];
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
        if n == 3 {
            self.jacobian_cells_3(sigma, dg);
            return;
        }
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
                // Three players, the common case, without the loops: the
                // weight of (i, j) is u_i times the third player's
                // probability (the same product as `add`'s).
                0 if n == 3 => {
                    for i in 0..3 {
                        for j in (0..3).filter(|&j| j != i) {
                            dg[at[i] as usize + at[j] as usize * m] += u[i] * x[3 - i - j];
                        }
                    }
                }
                // Four players: (i, j)'s weight is u_i times the other two
                // probabilities, lower index first (as `add`).
                // Written out, the probabilities and indices in locals:
                // looped, this was the largest line of g3's (2x2x2x2)
                // solve.
                0 if n == 4 => {
                    let (x0, x1, x2, x3) = (x[0], x[1], x[2], x[3]);
                    let (u0, u1, u2, u3) = (u[0], u[1], u[2], u[3]);
                    let (a0, a1, a2, a3) = (
                        at[0] as usize,
                        at[1] as usize,
                        at[2] as usize,
                        at[3] as usize,
                    );
                    let (c0, c1, c2, c3) = (a0 * m, a1 * m, a2 * m, a3 * m);
                    dg[a0 + c1] += u0 * x2 * x3;
                    dg[a0 + c2] += u0 * x1 * x3;
                    dg[a0 + c3] += u0 * x1 * x2;
                    dg[a1 + c0] += u1 * x2 * x3;
                    dg[a1 + c2] += u1 * x0 * x3;
                    dg[a1 + c3] += u1 * x0 * x2;
                    dg[a2 + c0] += u2 * x1 * x3;
                    dg[a2 + c1] += u2 * x0 * x3;
                    dg[a2 + c3] += u2 * x0 * x1;
                    dg[a3 + c0] += u3 * x1 * x2;
                    dg[a3 + c1] += u3 * x0 * x2;
                    dg[a3 + c2] += u3 * x0 * x1;
                }
                // Five players: the pairs from a table, the other three
                // probabilities in player order (as `add`).
                0 if n == 5 => {
                    for &[i, j, a, b, c] in &PAIRS5 {
                        dg[at[i] as usize + at[j] as usize * m] += u[i] * x[a] * x[b] * x[c];
                    }
                }
                0 => {
                    for i in 0..n {
                        for j in (0..n).filter(|&j| j != i) {
                            add(i, j);
                        }
                    }
                }
                // One unused strategy among the cell's (common on the
                // path), three or four players: the pairs with its player
                // in them, written out as above.
                1 if n == 3 => {
                    let a = zero_at[0];
                    for o in (0..3).filter(|&k| k != a) {
                        let k = 3 - a - o;
                        dg[at[a] as usize + at[o] as usize * m] += u[a] * x[k];
                        dg[at[o] as usize + at[a] as usize * m] += u[o] * x[k];
                    }
                }
                // Written out per unused player as above: (a, o) and (o,
                // a) for each other player o, times the other two.
                1 if n == 4 => {
                    let xs = [x[0], x[1], x[2], x[3]];
                    let ats = [
                        at[0] as usize,
                        at[1] as usize,
                        at[2] as usize,
                        at[3] as usize,
                    ];
                    let mut put = |a: usize, o: usize, p: usize, q: usize| {
                        dg[ats[a] + ats[o] * m] += u[a] * xs[p] * xs[q];
                        dg[ats[o] + ats[a] * m] += u[o] * xs[p] * xs[q];
                    };
                    match zero_at[0] {
                        0 => {
                            put(0, 1, 2, 3);
                            put(0, 2, 1, 3);
                            put(0, 3, 1, 2);
                        }
                        1 => {
                            put(1, 0, 2, 3);
                            put(1, 2, 0, 3);
                            put(1, 3, 0, 2);
                        }
                        2 => {
                            put(2, 0, 1, 3);
                            put(2, 1, 0, 3);
                            put(2, 3, 0, 1);
                        }
                        _ => {
                            put(3, 0, 1, 2);
                            put(3, 1, 0, 2);
                            put(3, 2, 0, 1);
                        }
                    }
                }
                1 if n == 5 => {
                    let z = zero_at[0];
                    for &[i, j, a, b, c] in PAIRS5.iter().filter(|r| r[0] == z || r[1] == z) {
                        dg[at[i] as usize + at[j] as usize * m] += u[i] * x[a] * x[b] * x[c];
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

    /// [`Path::jacobian`]'s cells for three players, each cell's
    /// probabilities and indices in locals rather than gathered into a
    /// buffer: the same products as the general loop's, pair by pair (the
    /// weight of (i, j) is u_i times the third player's probability).
    fn jacobian_cells_3(&self, sigma: &[f64], dg: &mut [f64]) {
        let m = self.m();
        for (u, at) in self.scaled.chunks_exact(3).zip(self.at.chunks_exact(3)) {
            let a = [at[0] as usize, at[1] as usize, at[2] as usize];
            let x = [sigma[a[0]], sigma[a[1]], sigma[a[2]]];
            let mut put = |i: usize, j: usize| dg[a[i] + a[j] * m] += u[i] * x[3 - i - j];
            match (x[0] == 0.0, x[1] == 0.0, x[2] == 0.0) {
                (false, false, false) => {
                    for i in 0..3 {
                        for j in (0..3).filter(|&j| j != i) {
                            put(i, j);
                        }
                    }
                }
                // One zero (player z): the pairs with z in them.
                (true, false, false) => {
                    put(0, 1);
                    put(1, 0);
                    put(0, 2);
                    put(2, 0);
                }
                (false, true, false) => {
                    put(1, 0);
                    put(0, 1);
                    put(1, 2);
                    put(2, 1);
                }
                (false, false, true) => {
                    put(2, 0);
                    put(0, 2);
                    put(2, 1);
                    put(1, 2);
                }
                // Two zeros: just the pair of them.
                (true, true, false) => {
                    put(0, 1);
                    put(1, 0);
                }
                (true, false, true) => {
                    put(0, 2);
                    put(2, 0);
                }
                (false, true, true) => {
                    put(1, 2);
                    put(2, 1);
                }
                (true, true, true) => {}
            }
        }
    }

    /// `V(sigma)` into `v`, the rescaled payoffs of the pure strategies:
    /// the same as [`Path::payoffs`] of the Jacobian (own blocks
    /// included), without building it, for Newton's residuals.
    pub(super) fn values(&self, sigma: &[f64], v: &mut [f64], x: &mut [f64]) {
        let n = self.n();
        v.fill(0.0);
        // Three and four players (rand05, g3), the cell's probabilities
        // and indices in locals rather than gathered into `x`: the same
        // products as below, in the same order.
        if n == 3 {
            for (u, at) in self.scaled.chunks_exact(3).zip(self.at.chunks_exact(3)) {
                let (a0, a1, a2) = (at[0] as usize, at[1] as usize, at[2] as usize);
                let (x0, x1, x2) = (sigma[a0], sigma[a1], sigma[a2]);
                let zeros =
                    usize::from(x0 == 0.0) + usize::from(x1 == 0.0) + usize::from(x2 == 0.0);
                if zeros > 1 {
                    continue;
                }
                v[a0] += u[0] * x1 * x2;
                v[a1] += u[1] * x0 * x2;
                v[a2] += u[2] * x0 * x1;
            }
            self.own_values(sigma, v);
            return;
        }
        if n == 4 {
            for (u, at) in self.scaled.chunks_exact(4).zip(self.at.chunks_exact(4)) {
                let (a0, a1, a2, a3) = (
                    at[0] as usize,
                    at[1] as usize,
                    at[2] as usize,
                    at[3] as usize,
                );
                let (x0, x1, x2, x3) = (sigma[a0], sigma[a1], sigma[a2], sigma[a3]);
                let zeros = usize::from(x0 == 0.0)
                    + usize::from(x1 == 0.0)
                    + usize::from(x2 == 0.0)
                    + usize::from(x3 == 0.0);
                if zeros > 1 {
                    continue;
                }
                v[a0] += u[0] * x1 * x2 * x3;
                v[a1] += u[1] * x0 * x2 * x3;
                v[a2] += u[2] * x0 * x1 * x3;
                v[a3] += u[3] * x0 * x1 * x2;
            }
            self.own_values(sigma, v);
            return;
        }
        for (u, at) in self.scaled.chunks_exact(n).zip(self.at.chunks_exact(n)) {
            let mut zeros = 0;
            for (xk, &a) in x.iter_mut().zip(at) {
                *xk = sigma[a as usize];
                zeros += usize::from(*xk == 0.0);
            }
            if zeros > 1 {
                continue;
            }
            if n == 3 {
                // The same products as below, in the same order, unrolled.
                v[at[0] as usize] += u[0] * x[1] * x[2];
                v[at[1] as usize] += u[1] * x[0] * x[2];
                v[at[2] as usize] += u[2] * x[0] * x[1];
                continue;
            }
            if n == 4 {
                v[at[0] as usize] += u[0] * x[1] * x[2] * x[3];
                v[at[1] as usize] += u[1] * x[0] * x[2] * x[3];
                v[at[2] as usize] += u[2] * x[0] * x[1] * x[3];
                v[at[3] as usize] += u[3] * x[0] * x[1] * x[2];
                continue;
            }
            if n == 5 {
                v[at[0] as usize] += u[0] * x[1] * x[2] * x[3] * x[4];
                v[at[1] as usize] += u[1] * x[0] * x[2] * x[3] * x[4];
                v[at[2] as usize] += u[2] * x[0] * x[1] * x[3] * x[4];
                v[at[3] as usize] += u[3] * x[0] * x[1] * x[2] * x[4];
                v[at[4] as usize] += u[4] * x[0] * x[1] * x[2] * x[3];
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
        self.own_values(sigma, v);
    }

    /// The own blocks' part of [`Path::values`], added to `v`.
    fn own_values(&self, sigma: &[f64], v: &mut [f64]) {
        let n = self.n();
        let own = 1.0 / (n - 1) as f64;
        for i in 0..n {
            let k = self.table.shape[i];
            for s in 0..k {
                let e = self.ends[i];
                let f: f64 = self.fuzz[s * k..(s + 1) * k]
                    .iter()
                    .zip(&sigma[e..e + k])
                    .map(|(&c, &y)| c * y)
                    .sum();
                v[self.ends[i] + s] += f * own;
            }
        }
    }

    /// Each player's part of `z` projected onto their simplex, into `x`.
    pub(super) fn retract(&self, z: &[f64], x: &mut [f64], sorted: &mut Vec<f64>) {
        x.copy_from_slice(z);
        for p in 0..self.n() {
            project_simplex_with(&mut x[self.player(p)], sorted);
        }
    }

    /// `R v` into `out`, with `R` the Jacobian of the retraction on a
    /// support: within each player's supported strategies, `v` less its
    /// average there; zero elsewhere.
    pub(super) fn retraction_times(&self, support: &[bool], v: &[f64], out: &mut [f64]) {
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
    pub(super) fn payoffs(&self, dg: &[f64], sigma: &[f64], out: &mut [f64]) {
        gemv(dg, sigma, out);
        let d = (self.n() - 1) as f64;
        out.iter_mut().for_each(|a| *a /= d);
    }

    /// `Dpsi = I - (I + DG) R` into `a`, column by column: a supported
    /// column of `(I + DG) R` is that column of `I + DG` less the average
    /// of the player's supported columns; the others are zero.
    pub(super) fn dpsi(&self, dg: &[f64], support: &[bool], a: &mut [f64], mean: &mut [f64]) {
        let m = self.m();
        // Plain index loops over each player's supported columns (filtered
        // iterators cost more than the arithmetic at a few strategies: this
        // was a third of the factorisation's time on max-cut 2x2x2), each
        // column written in one pass, with the operations of the identity
        // less `dg`, less 1 on the diagonal, plus the mean, in that order:
        // `Dpsi` is the same to the last bit as built column by column
        // from the identity (0 - d, not -d, which differs at d = 0).
        for p in 0..self.n() {
            let (lo, hi) = (self.ends[p], self.ends[p + 1]);
            let mut k = 0usize;
            for b in lo..hi {
                if !support[b] {
                    continue;
                }
                let col = &dg[b * m..(b + 1) * m];
                // The sum from 0 (0 + d, as summed into zeros); over
                // slices, without a bounds check per entry.
                if k == 0 {
                    for (e, &d) in mean[..m].iter_mut().zip(col) {
                        *e = 0.0 + d;
                    }
                } else {
                    for (e, &d) in mean[..m].iter_mut().zip(col) {
                        *e += d;
                    }
                }
                k += 1;
                mean[b] += 1.0;
            }
            // (Divided by 1, a number is itself: the player with one
            // strategy in the support, the common case, skips it.)
            // By a power of two, the product by its reciprocal is the
            // quotient to the bit (both the exact value rounded once), and
            // a division costs several products.
            if k > 1 && k.is_power_of_two() {
                let r = 1.0 / k as f64;
                for e in mean.iter_mut() {
                    *e *= r;
                }
            } else if k > 1 {
                let k = k as f64;
                for e in mean.iter_mut() {
                    *e /= k;
                }
            }
            for b in lo..hi {
                let col = &mut a[b * m..(b + 1) * m];
                if !support[b] {
                    col.fill(0.0);
                    col[b] = 1.0;
                    continue;
                }
                let d = &dg[b * m..(b + 1) * m];
                for ((e, &dj), &mj) in col.iter_mut().zip(d).zip(&mean[..m]) {
                    *e = (0.0 - dj) + mj;
                }
                col[b] = ((1.0 - d[b]) - 1.0) + mean[b];
            }
        }
    }
}

/// Five players: each ordered pair `(i, j)` of them, then the other three
/// in player order, for the payoff Jacobian's products.
const PAIRS5: [[usize; 5]; 20] = pairs5();

const fn pairs5() -> [[usize; 5]; 20] {
    let mut out = [[0; 5]; 20];
    let (mut row, mut i) = (0, 0);
    while i < 5 {
        let mut j = 0;
        while j < 5 {
            if i != j {
                let (mut pair, mut f, mut k) = ([i, j, 0, 0, 0], 2, 0);
                while k < 5 {
                    if k != i && k != j {
                        pair[f] = k;
                        f += 1;
                    }
                    k += 1;
                }
                out[row] = pair;
                row += 1;
            }
            j += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nplayer::table_of;

    /// The payoff Jacobian and `V` from their definitions, cell by cell
    /// (the other players' probabilities multiplied in player order), with
    /// the own blocks' tiny entries: the unrolled three- to five-player
    /// products must give them bit for bit, so the path is traced as
    /// before.
    #[test]
    fn the_unrolled_products_match_the_definition_bit_for_bit() {
        for file in [
            "testdata/fixtures/nplayer/random/rand05_3x3x3.nfg",
            "testdata/fixtures/nplayer/random/rand08_2x2x2x2.nfg",
            "testdata/gambit/contrib/games/2x2x2x2x2.nfg",
        ] {
            let table = table_of(file);
            let path = Path::new(&table);
            let (n, m) = (path.n(), path.m());
            let mut state = 7u64;
            let mut next = move || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            // Interior; one strategy of player 1 unused, then two; the
            // first strategy of each player unused in turn (the written
            // out products per unused player); those of each two players.
            let mut cases: Vec<Vec<usize>> = vec![vec![], vec![0], vec![0, 1]];
            cases.extend((0..n).map(|p| vec![path.ends[p]]));
            for p in 0..n {
                cases.extend((p + 1..n).map(|q| vec![path.ends[p], path.ends[q]]));
            }
            for unused in cases {
                let mut sigma: Vec<f64> = (0..m).map(|_| next()).collect();
                unused.iter().for_each(|&i| sigma[i] = 0.0);
                let mut want_dg = vec![0.0; m * m];
                for p in 0..n {
                    let k = table.shape[p];
                    for s in 0..k {
                        for t in 0..k {
                            want_dg[path.ends[p] + s + (path.ends[p] + t) * m] =
                                FUZZ * (1 + s * k + t) as f64;
                        }
                    }
                }
                let mut want_v = vec![0.0; m];
                for (u, at) in path.scaled.chunks_exact(n).zip(path.at.chunks_exact(n)) {
                    let x: Vec<f64> = at.iter().map(|&a| sigma[a as usize]).collect();
                    for i in 0..n {
                        let mut w = u[i];
                        (0..n).filter(|&k| k != i).for_each(|k| w *= x[k]);
                        if x.iter().filter(|&&a| a == 0.0).count() <= 1 {
                            want_v[at[i] as usize] += w;
                        }
                        for j in (0..n).filter(|&j| j != i) {
                            let mut w = u[i];
                            (0..n).filter(|&k| k != i && k != j).for_each(|k| w *= x[k]);
                            // The code skips pairs whose weight holds a
                            // zero; adding an exact zero changes nothing.
                            want_dg[at[i] as usize + at[j] as usize * m] += w;
                        }
                    }
                }
                let own = 1.0 / (n - 1) as f64;
                for p in 0..n {
                    let k = table.shape[p];
                    for s in 0..k {
                        let f: f64 = (0..k)
                            .map(|t| FUZZ * (1 + s * k + t) as f64 * sigma[path.ends[p] + t])
                            .sum();
                        want_v[path.ends[p] + s] += f * own;
                    }
                }
                let (mut dg, mut v, mut x) = (vec![0.0; m * m], vec![0.0; m], vec![0.0; n]);
                path.jacobian(&sigma, &mut dg, &mut x);
                path.values(&sigma, &mut v, &mut x);
                assert_eq!(dg, want_dg, "{file}, {unused:?} unused: the Jacobian");
                assert_eq!(v, want_v, "{file}, {unused:?} unused: V");
            }
        }
    }
}
