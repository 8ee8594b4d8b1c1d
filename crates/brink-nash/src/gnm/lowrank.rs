//! `Dpsi` as the identity less a low-rank term, factored in the small
//! dimension.
//!
//! `Dpsi = I - (I + DG) R`, and the retraction's Jacobian `R` has rank `d`,
//! the sum over players of their support's size less one: for a player
//! with support `S` (first strategy `c0`), `R x = x - mean_S(x)` on `S`,
//! which is `sum over c in S, c != c0 of (x_c - x_c0) (e_c - 1_S / |S|)`.
//! So `R = E F'` with `E`'s columns `e_c - 1_S / |S|` and `F' x` the
//! differences `x_c - x_c0`, and with `U = (I + DG) E` (`m` by `d`) and `K
//! = I_d - F' U` (`d` by `d`):
//!
//! - `det Dpsi = det K` (the matrix determinant lemma),
//! - `Dpsi^-1 v = v + U K^-1 F' v` (Woodbury),
//! - `adj(Dpsi) v = det K * v + U adj(K) F' v`, finite where `K` is
//!   singular, from `K`'s adjugate (the trace itself factors the whole
//!   matrix where `Dpsi` is near singular: [`LowRank::near_singular`]).
//!
//! Along the path most players keep one strategy, so `d` is a fraction of
//! `m` (0 on a pure profile, where `Dpsi = I`), and factoring `K` instead
//! of the `m` by `m` matrix took 8 to 16% off the solves of games with 8
//! strategies or more (see the parent module's Session 29 paragraph).

use super::dense::Factored;

/// The `|det Dpsi|` under which [`LowRank::near_singular`] holds (and
/// `Dpsi` is factored whole). Where `Dpsi` is singular the path's way is
/// decided by rounding; on Gambit's degenerate trees thresholds of 1e-6,
/// 1e-4, 1e-2 and 1e-1 each changed the equilibria met on 4 to 11 of 607
/// games, with no threshold better on all, and from 1e-2 the 2x2x2x2 games
/// lost much of the gain (fresh 11020: 0.205, 0.206, 0.217, 0.249 ms).
const WHOLE_BELOW: f64 = 1e-6;

/// The factors of `Dpsi` in the small dimension (see the module docs).
pub(super) struct LowRank<'a> {
    m: usize,
    /// The rank `d` of `R` on the support factored.
    d: usize,
    /// Per direction `b < d`: its strategy `c` and its player's first
    /// supported strategy `c0`.
    moved: &'a mut [usize],
    base: &'a mut [usize],
    /// `U`, column-major, `m` by `d`.
    u: &'a mut [f64],
    /// `K` before factoring (`d` by `d`), then its factors.
    k: &'a mut [f64],
    small: Factored<'a>,
    /// A player's mean column, and two vectors of length `d`.
    mean: &'a mut [f64],
    y: &'a mut [f64],
    x: &'a mut [f64],
    /// Whether `small` holds the whole `Dpsi` (`m` by `m`) instead.
    whole: bool,
    /// `det Dpsi`.
    pub(super) det: f64,
}

impl<'a> LowRank<'a> {
    /// Factors for `m` strategies, in buffers: `moved` and `base` of `m`
    /// each, `u` and `k` of `m * m`, `small` made for `m` by `m`, and
    /// `mean`, `y` and `x` of `m`.
    pub(super) fn new(
        m: usize,
        (moved, base): (&'a mut [usize], &'a mut [usize]),
        (u, k): (&'a mut [f64], &'a mut [f64]),
        small: Factored<'a>,
        (mean, y, x): (&'a mut [f64], &'a mut [f64], &'a mut [f64]),
    ) -> Self {
        LowRank {
            m,
            d: 0,
            moved,
            base,
            u,
            k,
            small,
            mean,
            y,
            x,
            whole: false,
            det: 1.0,
        }
    }

    /// Factors `Dpsi` for the payoff Jacobian `dg` (column-major, `m` by
    /// `m`) on `support`, the players' strategies being the `players`
    /// ranges.
    pub(super) fn factor(
        &mut self,
        dg: &[f64],
        support: &[bool],
        players: impl Iterator<Item = std::ops::Range<usize>>,
    ) {
        let m = self.m;
        self.whole = false;
        let mut d = 0;
        for range in players {
            let mut supported = range.filter(|&c| support[c]);
            let Some(c0) = supported.next() else { continue };
            let start = d;
            // The columns of `I + DG` on the support, less their mean;
            // the first one's only in the mean.
            self.mean.copy_from_slice(&dg[c0 * m..(c0 + 1) * m]);
            self.mean[c0] += 1.0;
            let mut count = 1.0;
            for c in supported {
                let col = &dg[c * m..(c + 1) * m];
                for (e, &a) in self.mean.iter_mut().zip(col) {
                    *e += a;
                }
                self.mean[c] += 1.0;
                count += 1.0;
                let out = &mut self.u[d * m..(d + 1) * m];
                out.copy_from_slice(col);
                out[c] += 1.0;
                self.moved[d] = c;
                self.base[d] = c0;
                d += 1;
            }
            if d == start {
                continue;
            }
            for e in self.mean.iter_mut() {
                *e /= count;
            }
            for out in self.u[start * m..d * m].chunks_exact_mut(m) {
                for (o, &a) in out.iter_mut().zip(self.mean.iter()) {
                    *o -= a;
                }
            }
        }
        self.d = d;
        if d == 0 {
            self.det = 1.0;
            return;
        }
        // K = I - F' U: entry (a, b) is delta_ab - (U[c_a, b] - U[c0_a, b]).
        for (b, col) in self.u[..d * m].chunks_exact(m).enumerate() {
            for a in 0..d {
                let one = f64::from(u8::from(a == b));
                self.k[a + b * d] = one - (col[self.moved[a]] - col[self.base[a]]);
            }
        }
        self.small.resize(d);
        self.small.factor(&self.k[..d * d]);
        self.det = self.small.det;
    }

    /// Whether `Dpsi` is near singular: `K` needed full pivoting, or
    /// `|det Dpsi|` is under [`WHOLE_BELOW`].
    pub(super) fn near_singular(&self) -> bool {
        self.d > 0 && (self.small.near_singular() || self.det.abs() <= WHOLE_BELOW)
    }

    /// Factors the whole `Dpsi` (`a`, column-major) instead.
    pub(super) fn factor_whole(&mut self, a: &[f64]) {
        self.whole = true;
        self.small.resize(self.m);
        self.small.factor(a);
        self.det = self.small.det;
    }

    /// `F' v` into `self.y`.
    fn differences(&mut self, v: &[f64]) {
        for a in 0..self.d {
            self.y[a] = v[self.moved[a]] - v[self.base[a]];
        }
    }

    /// `out = scale * v + U x`.
    fn combine(&self, scale: f64, v: &[f64], out: &mut [f64]) {
        let m = self.m;
        for (o, &a) in out.iter_mut().zip(v) {
            *o = scale * a;
        }
        for (col, &x) in self.u[..self.d * m].chunks_exact(m).zip(self.x.iter()) {
            for (o, &a) in out.iter_mut().zip(col) {
                *o += x * a;
            }
        }
    }

    /// `out = adj(Dpsi) v`.
    pub(super) fn adjugate_times(&mut self, v: &[f64], out: &mut [f64]) {
        self.times(Solve::Adjugate, v, out);
    }

    /// `out = Dpsi^-1 v`.
    pub(super) fn inverse_times(&mut self, v: &[f64], out: &mut [f64]) {
        self.times(Solve::Inverse, v, out);
    }

    /// `out = adj(Dpsi) v` or `Dpsi^-1 v`: the same solve in `K` (or the
    /// whole matrix) as `solve` says, and `v` scaled by `det K` for the
    /// adjugate, by 1 for the inverse (the module docs' two identities).
    fn times(&mut self, solve: Solve, v: &[f64], out: &mut [f64]) {
        let apply = |f: &Factored, v: &[f64], out: &mut [f64]| match solve {
            Solve::Adjugate => f.adjugate_times(v, out),
            Solve::Inverse => f.inverse_times(v, out),
        };
        if self.whole {
            return apply(&self.small, v, out);
        }
        let d = self.d;
        self.differences(v);
        if d > 0 {
            apply(&self.small, &self.y[..d], &mut self.x[..d]);
        }
        let scale = match solve {
            Solve::Adjugate => self.det,
            Solve::Inverse => 1.0,
        };
        self.combine(scale, v, out);
    }
}

/// Which solve [`LowRank::times`] applies.
#[derive(Clone, Copy)]
enum Solve {
    Adjugate,
    Inverse,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gnm::dense::gemv;

    /// `Dpsi = I - (I + DG) R` built entry by entry from its definition,
    /// `R` the retraction's Jacobian (`delta - 1 / |S|` within a player's
    /// support, zero elsewhere).
    fn dpsi_by_definition(dg: &[f64], support: &[bool], ends: &[usize]) -> Vec<f64> {
        let m = support.len();
        let mut r = vec![0.0; m * m];
        for p in 0..ends.len() - 1 {
            let s: Vec<usize> = (ends[p]..ends[p + 1]).filter(|&c| support[c]).collect();
            for &i in &s {
                for &j in &s {
                    r[i + j * m] = f64::from(u8::from(i == j)) - 1.0 / s.len() as f64;
                }
            }
        }
        let mut a = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                let mut sum = r[i + j * m];
                for k in 0..m {
                    sum += dg[i + k * m] * r[k + j * m];
                }
                a[i + j * m] = f64::from(u8::from(i == j)) - sum;
            }
        }
        a
    }

    /// Runs `check` on the factors of `Dpsi` for `dg` on `support` (players'
    /// strategies from `ends`), in buffers of their own.
    fn factored(dg: &[f64], support: &[bool], ends: &[usize], check: impl FnOnce(&mut LowRank)) {
        let m = support.len();
        let (mut lu, mut swaps, mut cols) = (vec![0.0; m * m], vec![0; m], vec![0; m]);
        let (mut moved, mut base) = (vec![0; m], vec![0; m]);
        let (mut u, mut k) = (vec![0.0; m * m], vec![0.0; m * m]);
        let (mut mean, mut y, mut x) = (vec![0.0; m], vec![0.0; m], vec![0.0; m]);
        let mut low = LowRank::new(
            m,
            (&mut moved, &mut base),
            (&mut u, &mut k),
            Factored::new(m, &mut lu, &mut swaps, &mut cols),
            (&mut mean, &mut y, &mut x),
        );
        low.factor(dg, support, ends.windows(2).map(|w| w[0]..w[1]));
        check(&mut low);
    }

    /// Against the whole `m` by `m` matrix: `Dpsi` times the inverse's
    /// answer gives back `v`, times the adjugate's gives `det * v`, and the
    /// determinant is the full LU's, on supports from pure to full.
    #[test]
    fn the_small_factors_solve_the_whole_matrix() {
        let ends = [0, 2, 5, 8, 10];
        let m = 10;
        let mut state = 777u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let dg: Vec<f64> = (0..m * m).map(|_| next()).collect();
        let v: Vec<f64> = (0..m).map(|_| next()).collect();
        let supports: [&[usize]; 4] = [
            &[0, 2, 5, 8],
            &[0, 1, 2, 5, 8],
            &[0, 2, 3, 5, 7, 8],
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        ];
        for on in supports {
            let support: Vec<bool> = (0..m).map(|c| on.contains(&c)).collect();
            let a = dpsi_by_definition(&dg, &support, &ends);
            let (mut lu, mut swaps, mut cols) = (vec![0.0; m * m], vec![0; m], vec![0; m]);
            let mut whole = Factored::new(m, &mut lu, &mut swaps, &mut cols);
            whole.factor(&a);
            factored(&dg, &support, &ends, |low| {
                assert!(
                    (low.det - whole.det).abs() <= 1e-12 * whole.det.abs().max(1.0),
                    "{on:?}: det {} against {}",
                    low.det,
                    whole.det
                );
                let (mut got, mut back) = (vec![0.0; m], vec![0.0; m]);
                low.inverse_times(&v, &mut got);
                gemv(&a, &got, &mut back);
                for (b, &e) in back.iter().zip(&v) {
                    assert!((b - e).abs() <= 1e-12, "{on:?}: {back:?} against {v:?}");
                }
                low.adjugate_times(&v, &mut got);
                gemv(&a, &got, &mut back);
                for (b, &e) in back.iter().zip(&v) {
                    assert!((b - low.det * e).abs() <= 1e-12, "{on:?}: adjugate");
                }
            });
        }
    }

    /// Where `Dpsi` is singular (one player mixing two strategies whose
    /// own block of `DG` is zero: `K = -(dg_cc - dg_cc0 - dg_c0c + dg_c0c0)
    /// / 2 = 0`), its adjugate is still read off, nonzero and in the
    /// kernel's direction: `Dpsi adj(Dpsi) v = det Dpsi v = 0`.
    #[test]
    fn the_adjugate_is_finite_where_dpsi_is_singular() {
        let ends = [0, 2, 4];
        let m = 4;
        let mut dg: Vec<f64> = (0..m * m).map(|i| 0.1 * (i % 7) as f64 - 0.3).collect();
        for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            dg[r + c * m] = 0.0;
        }
        let support = [true, true, true, false];
        let a = dpsi_by_definition(&dg, &support, &ends);
        factored(&dg, &support, &ends, |low| {
            assert_eq!(low.det, 0.0);
            assert!(low.near_singular());
            let v = [0.3, -1.0, 2.0, 0.5];
            let (mut got, mut back) = (vec![0.0; m], vec![0.0; m]);
            low.adjugate_times(&v, &mut got);
            assert!(got.iter().any(|g| g.abs() > 0.1), "{got:?}");
            gemv(&a, &got, &mut back);
            assert!(back.iter().all(|b| b.abs() <= 1e-12), "{back:?}");
        });
    }
}
