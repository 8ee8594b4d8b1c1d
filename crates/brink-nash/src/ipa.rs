//! `ipa`: one equilibrium by iterated polymatrix approximation, after
//! Govindan and Wilson (2004), "Computing Nash equilibria by iterated
//! polymatrix approximation" (the method of Gambit's `gambit-ipa`).
//!
//! Near a profile `sh` the game's payoffs are approximated by a polymatrix
//! game: player `i`'s payoff from pure `s` is `sum_j P_ij x_j`, with `P_ij`
//! the derivative of that payoff in player `j`'s mix at `sh`, divided by
//! `n - 1` (the payoffs first divided by their range and multiplied by a
//! fixed scale, which moves the iteration's path but none of its fixed
//! points; Gambit uses the raw payoffs). Payoffs are multilinear, so by
//! Euler's identity the
//! approximation is exact at `sh` itself, and a profile that is an
//! equilibrium of the approximation at `sh` and equals `sh` is an
//! equilibrium of the game.
//!
//! Each iteration solves the polymatrix game at `sh` for an equilibrium `s`:
//! first on the support of the last one (a linear system, which keeps the
//! iteration on one branch while the support stays), otherwise by following
//! the linear homotopy from the game perturbed by `lambda * g` (for large
//! `lambda` the pure profile maximising `g` is its unique equilibrium) down
//! to `lambda = 0`, by complementary pivoting (Howson's method for
//! polymatrix games). In Kohlberg and Mertens' coordinates `z = s + P s`
//! (whose projection onto the simplices is `s`), the estimate `zh` moves a
//! fraction `alpha` towards `z`, and `sh` is `zh` projected. A fixed point
//! is an equilibrium, and so is any `s` that is already an equilibrium of
//! the game (the approximation at it is exact against it): one met on the
//! first step or pure is returned at once. As in Gambit, when the support
//! held or the ray from `sh` through `zh` (all of whose points project to
//! `sh`) points away from `z`, `zh` first moves along that ray to the point
//! nearest `z`; and while the support holds the target
//! is where the secant through the last two steps crosses `z = zh` (the
//! rule of false position); every 100 steps that memory is dropped. The
//! paper's convergence is local, as Gambit's is; a run that does not settle
//! returns nothing, and every mixed profile returned has been made accurate
//! by Newton's method on its support (tried once the support has held for 2,
//! 4, 8, ... steps; a pure one is exact as it stands), and every profile is
//! certified by its regret.
//!
//! Trees are solved on their reduced strategic form. A cancelled `Watch`
//! stops the solve within one iteration or one pivot of the homotopy.

use crate::nplayer::on_strategic_form;
use crate::nplayer::{carve, lu_solve, project_simplex_with, Mixed, Table};
use brink_game::{Game, Solution, SolveError, StrategicGame, Watch};

/// How `ipa` iterates.
#[derive(Clone, Debug)]
pub struct IpaOptions {
    /// The perturbation `g`, one number per strategy, player by player;
    /// each player's largest entry must be unique. `None`: 1 on each
    /// player's first strategy and 0 elsewhere (Gambit's default).
    pub perturbation: Option<Mixed>,
    /// The fraction of the way `zh` moves towards `z` in one step.
    pub alpha: f64,
    /// Iterations before giving up.
    pub max_iterations: usize,
}

impl Default for IpaOptions {
    fn default() -> Self {
        IpaOptions {
            perturbation: None,
            alpha: 0.2,
            max_iterations: 10_000,
        }
    }
}

/// The largest regret, relative to the payoff range, a returned profile may
/// have.
pub const IPA_TOL: f64 = 1e-10;

/// The most pure-strategy profiles a game may have: each iteration visits
/// every profile once per pair of players.
pub const MAX_CELLS: usize = 100_000;

/// The equilibrium found with the default options (none if it does not
/// converge).
pub fn ipa(game: &Game) -> Result<Vec<Solution>, SolveError> {
    ipa_with(game, &IpaOptions::default())
}

/// The equilibrium found with `options`.
pub fn ipa_with(game: &Game, options: &IpaOptions) -> Result<Vec<Solution>, SolveError> {
    ipa_watched(game, options, &Watch::quiet())
}

/// [`ipa_with`], stopping with [`SolveError::Cancelled`] within one
/// iteration once `watch` is cancelled.
pub fn ipa_watched(
    game: &Game,
    options: &IpaOptions,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    on_strategic_form(game, "ipa", watch, |g| {
        Ok(search(g, options, watch)?.into_iter().collect())
    })
}

fn bad(reason: String) -> SolveError {
    SolveError::TooLarge {
        method: "ipa",
        reason,
    }
}

fn search(
    g: &StrategicGame,
    options: &IpaOptions,
    watch: &Watch,
) -> Result<Option<Mixed>, SolveError> {
    if g.num_cells() > MAX_CELLS {
        return Err(bad(format!(
            "{} pure-strategy profiles, over the limit of {MAX_CELLS}",
            g.num_cells()
        )));
    }
    let table = Table::new(g);
    let (m, n) = (table.strategies(), table.players());
    // The solve's floats in one allocation and its indices in another: a
    // solve on a small game takes microseconds, where each allocation
    // shows.
    let mut floats = vec![0.0; m + Work::floats(m, n)];
    let mut indices = vec![0; Work::indices(m, n)];
    let (pert, floats) = floats.split_at_mut(m);
    match &options.perturbation {
        Some(given) => {
            check_perturbation(&table, given)?;
            pert.iter_mut()
                .zip(given.iter().flatten())
                .for_each(|(a, &b)| *a = b);
        }
        // Gambit's default: 1 on each player's first strategy.
        None => table.offsets[..n].iter().for_each(|&o| pert[o] = 1.0),
    }
    Work::new(&table, pert, floats, &mut indices).iterate(options, watch)
}

/// Refuses a perturbation without one number per strategy or with a tie
/// for some player's largest entry.
fn check_perturbation(table: &Table, pert: &Mixed) -> Result<(), SolveError> {
    if pert.len() != table.players() || pert.iter().zip(&table.shape).any(|(p, &m)| p.len() != m) {
        return Err(bad(
            "the perturbation needs one number per strategy of each player".into(),
        ));
    }
    for (i, p) in pert.iter().enumerate() {
        let top = p.iter().fold(f64::NEG_INFINITY, |m, &a| m.max(a));
        if !top.is_finite() || p.iter().filter(|&&a| a == top).count() != 1 {
            return Err(bad(format!(
                "the perturbation must have one largest entry for player {}",
                i + 1
            )));
        }
    }
    Ok(())
}

/// The polymatrix payoffs' scale: payoffs are divided by the game's payoff
/// range (so that the iteration is the same for a game and its payoffs
/// scaled or shifted) and multiplied by this. The scale sets how far a
/// payoff difference moves `z = s + P s` against the probabilities in it,
/// so it changes the path (Gambit uses the raw payoffs less the smallest,
/// which on games whose payoffs span 0 to 100 is about 100 here). Chosen
/// by measurement on the 30 bench games of `bench/nplayer_vs_pygambit.py`
/// among 1, 2, 3, 4, 6, 8, 16 and 64; a tuning on those games, not a rule
/// from the paper.
///
/// Why the scale moves the path: `zh` is a weighted average of past
/// `z = s + k v` (`k` the scale, `v` the polymatrix payoffs against `s` in
/// units of the range), so `sh`, its projection onto the simplices, is
/// the profile nearest the averaged `s` plus `k` times the averaged
/// payoffs: a best response to those payoffs smoothed by a quadratic
/// penalty of weight `1 / k`. While the supports of `sh` and `s` stay, the
/// projection is affine and `k` drops out (apart from the ray correction
/// and the secant, the damped step moves `sh` a fraction alpha towards
/// `s` whatever `k`); `k` decides when supports change, since a strategy
/// leaves `sh` once `k` times its payoff shortfall outweighs its averaged
/// probability. A large `k` makes `sh` a near best response that jumps
/// between supports, a small one keeps `sh` near the averaged `s`, smooth
/// but slow to drop strategies; which settles sooner depends on the game,
/// hence the erratic step counts below and no one scale best everywhere
/// (Gambit's raw payoffs are `k` equal to the range: 40 on the fresh
/// games).
///
/// The steps a solve takes vary erratically with the scale. On the 30
/// bench games and the 48 fresh random games of `bench/ipa_fresh_games.py`
/// with seed bases 7000 and 8000, rand12 takes 10 steps at 8, 6 at 4 and 65
/// at 5; fresh game 8003 takes 154 at 8, 39 at 1 and 30 at 4; game 7009 26
/// at 8 and 8 at 1. Over the 78 games the steps total 651, 629, 632, 588,
/// 650, 660 and 685 at scales 1, 2, 3, 4, 5, 6 and 8, and no one of these
/// scales keeps every game 10 times faster than pygambit's `ipa_solve`
/// (8 fails on 7009, 4 on rand03 and 8013, 1 on sec5 and 8014). A
/// portfolio, 32 steps at 8 and then a fresh start at 1, tried on held-out
/// seed bases 9000 and 10000, made game 9018 four times slower (0.32 ms
/// against 0.08 ms: it settles after 32 steps at 8, slowly at 1), so it was
/// not kept; 8 stays.
const PAYOFF_SCALE: f64 = 8.0;

/// Steps between restarts of the secant (Gambit's 100).
const RESTART: usize = 100;

/// Steps the support must hold before Newton's method is first tried on
/// it (then again at twice as many, and so on). Each try is one quick
/// Newton run on the support of `s` alone ([`Table::polish_on_support`]),
/// so a failure costs a few steps' work. Measured with
/// `nplayer_time --batches ipa` (the fastest of 15 batches) on the 30 bench
/// games and fresh seed bases 7000 and 8000 of `bench/ipa_fresh_games.py`:
/// against 4, with the same quick tries, 2 took the summed time 3%, 3%
/// and 1% lower; 1 took it lower still but made 7009 (the tightest of
/// those games against pygambit) 8% slower than 2, and 8000 and 8012,
/// which meet many short-lived supports, 1.3 times slower than before.
const SETTLE_FIRST: usize = 2;

/// One solve's state and buffers, allocated once: a solve on a small game
/// takes microseconds, so the loop allocates nothing.
///
/// Strategies are numbered in one flat list, player by player, as in
/// [`Table::offsets`]; matrices are flat and row-major.
struct Work<'a> {
    table: &'a Table,
    /// Strategies, all players together.
    m: usize,
    /// Players.
    n: usize,
    /// The player of each strategy.
    owner: &'a [usize],
    /// The perturbation.
    g: &'a [f64],
    /// Each player's strategy with the largest perturbation.
    top: &'a [usize],
    /// The polymatrix approximation (`m` by `m`).
    p: &'a mut [f64],
    /// The support system of `solve_on_support` (at most `m - n` by
    /// `m - n`, the first `dim * dim` used), its right side and unknowns.
    system: &'a mut [f64],
    rhs: &'a mut [f64],
    support: Vec<usize>,
    /// Each player's first supported strategy, eliminated from that system.
    base: &'a mut [usize],
    /// The homotopy's tableau, column-major (see `homotopy.rs`), its
    /// basis, and scratch: one column, the ratio test's ratios.
    tableau: &'a mut [f64],
    basis: &'a mut [usize],
    entering_column: &'a mut [f64],
    ratios: &'a mut [f64],
    /// Scratch for the projection onto a simplex.
    sorted: Vec<f64>,
    /// Scratch for the game's values against `s`.
    values: &'a mut [f64],
    /// A pure `s` with its entries exactly 0 and 1.
    pure: &'a mut [f64],
    /// Each player's stride in the table's cell numbering, where the
    /// first player's strategy varies fastest.
    strides: Vec<usize>,
}

impl<'a> Work<'a> {
    /// The lengths of the float buffers [`Work::new`] carves, in its order:
    /// `p`, `system`, `rhs`, `tableau`, `entering_column`, `ratios`,
    /// `values`, `pure`. The one list both the allocation and the carving
    /// read, so that they cannot disagree.
    fn float_lengths(m: usize, n: usize) -> [usize; 8] {
        let dim = m - n;
        [m * m, dim * dim, dim, m * (2 * m + 2), m, m, m, m]
    }

    /// The lengths of the index buffers [`Work::new`] carves, in its order:
    /// `owner`, `top`, `base`, `basis`.
    fn index_lengths(m: usize, n: usize) -> [usize; 4] {
        [m, n, n, m]
    }

    /// The floats [`Work::new`] takes for `m` strategies of `n` players.
    fn floats(m: usize, n: usize) -> usize {
        Self::float_lengths(m, n).iter().sum()
    }

    /// The indices [`Work::new`] takes for `m` strategies of `n` players.
    fn indices(m: usize, n: usize) -> usize {
        Self::index_lengths(m, n).iter().sum()
    }

    /// The state of a solve with the perturbation `g`, its buffers cut
    /// from `floats` and `indices` (zeroed, of the sizes
    /// [`Work::floats`] and [`Work::indices`] give).
    fn new(
        table: &'a Table,
        g: &'a [f64],
        mut floats: &'a mut [f64],
        mut indices: &'a mut [usize],
    ) -> Self {
        let n = table.players();
        let m = table.strategies();
        let [p, system, rhs, tableau, entering_column, ratios, values, pure] =
            Self::float_lengths(m, n).map(|k| carve(&mut floats, k));
        let [owner, top, base, basis] = Self::index_lengths(m, n).map(|k| carve(&mut indices, k));
        for (i, t) in top.iter_mut().enumerate() {
            let part = table.offsets[i]..table.offsets[i + 1];
            owner[part.clone()].fill(i);
            *t = part
                .max_by(|&a, &b| g[a].total_cmp(&g[b]))
                .expect("every player has a strategy");
        }
        Work {
            table,
            m,
            n,
            owner,
            g,
            top,
            p,
            system,
            rhs,
            support: Vec::with_capacity(m),
            base,
            tableau,
            basis,
            entering_column,
            ratios,
            sorted: Vec::with_capacity(m),
            values,
            pure,
            strides: crate::radix::strides(&table.shape).0,
        }
    }

    /// Player `i`'s flat strategy indices.
    fn part(&self, i: usize) -> std::ops::Range<usize> {
        self.table.offsets[i]..self.table.offsets[i + 1]
    }

    fn iterate(
        &mut self,
        options: &IpaOptions,
        watch: &Watch,
    ) -> Result<Option<Mixed>, SolveError> {
        let (n, m) = (self.n, self.m);
        let table = self.table;
        let tol = IPA_TOL * table.range;
        let fuzz = 1e-6;
        let alpha = options.alpha.clamp(1e-3, 0.999);
        // The nine vectors below in one allocation (a solve on a small game
        // takes microseconds, where each allocation shows).
        let mut vectors = vec![0.0; 9 * m];
        let mut parts = vectors.chunks_exact_mut(m);
        let mut part = || parts.next().expect("nine vectors of m");
        let (zh, mut sh, mut last) = (part(), part(), part());
        // The last step's z and zh (y, yh), sh and s: the secant's memory.
        let (mut y, yh, mut sho) = (part(), part(), part());
        let (mut s, mut z, u) = (part(), part(), part());
        // Kohlberg–Mertens coordinates: all ones projects to the centroid.
        zh.fill(1.0);
        sh.copy_from_slice(zh);
        self.project(sh);
        last.copy_from_slice(sh);
        // Consecutive steps whose polymatrix equilibrium kept its support.
        let mut held = 0usize;
        for iteration in 0..options.max_iterations.max(1) {
            watch.check()?;
            // Every RESTART steps the memory is dropped and the support
            // tried first is the current estimate's, as on the first step
            // (where it is full): a stalled secant starts afresh.
            let fresh = iteration % RESTART == 0;
            if fresh {
                last.copy_from_slice(sh);
                yh.fill(0.0);
                sho.fill(0.0);
            }
            self.jacobian(sh);
            if !self.solve_on_support(last, s) && !self.homotopy(watch, s)? {
                return Ok(None);
            }
            for (r, zr) in z.iter_mut().enumerate() {
                let row = &self.p[r * m..(r + 1) * m];
                *zr = s[r] + row.iter().zip(s.iter()).map(|(a, b)| a * b).sum::<f64>();
            }
            let same_support = s
                .iter()
                .zip(last.iter())
                .all(|(a, b)| (*a > 0.0) == (*b > 0.0));
            // Govindan and Wilson's correction: along the ray from sh
            // through zh (all of whose points project to sh) move zh to the
            // point nearest z, when that ray points away from z or the
            // support held.
            for k in 0..m {
                u[k] = zh[k] - sh[k];
            }
            let uu = dot(u, u);
            if uu > 0.0 {
                let ell = (0..m).map(|k| (z[k] - sh[k]) * u[k]).sum::<f64>() / uu;
                if ell <= 0.0 || same_support {
                    for k in 0..m {
                        zh[k] = sh[k] + ell * u[k];
                        yh[k] = sho[k] + ell * (yh[k] - sho[k]);
                    }
                }
            }
            let dz = norm(z.iter().zip(zh.iter()).map(|(a, b)| a - b));
            let ds = norm(s.iter().zip(sh.iter()).map(|(a, b)| a - b));
            if !(dz.is_finite() && ds.is_finite()) {
                return Ok(None);
            }
            held = if same_support { held + 1 } else { 0 };
            // Two players: the approximation is the game, so `s` is exact.
            // Otherwise, once the support has held for a while, Newton's
            // method on it usually finishes in a few steps what the damped
            // iteration would take dozens for (tried after 2, 4, 8, ...
            // steps that held, so a support that fails costs few attempts,
            // each a short run that gives up as soon as it stops closing
            // in).
            let settled = held >= SETTLE_FIRST && held.is_power_of_two();
            // An `s` that is already an equilibrium of the game is a fixed
            // point: the approximation at it is exact against it (Euler's
            // identity), so it is its own polymatrix equilibrium there.
            // Checking costs a pass over the table, so it is done where it
            // pays: on the first step, from the full support, and when `s`
            // is pure (on the 30 bench games every `s` that was an
            // equilibrium was one of these, and the equilibrium returned).
            // A pure `s` is also its own polish (Newton's method on one
            // strategy a player has nothing to move), so its regret alone
            // decides, whatever the step.
            if self.is_pure(s) {
                // The supported entries are 1 up to rounding; made exactly
                // 1, as Newton's method would start.
                let pure = &mut self.pure;
                pure.iter_mut()
                    .zip(s.iter())
                    .for_each(|(p, &v)| *p = if v > 0.0 { 1.0 } else { 0.0 });
                if self.pure_regret() <= tol {
                    return Ok(Some(table.unflatten(self.pure)));
                }
            } else if settled && !(n <= 2 || dz < fuzz || ds < fuzz) {
                if let Some(x) = table.polish_on_support(s, tol) {
                    return Ok(Some(x));
                }
            } else if n <= 2
                || dz < fuzz
                || ds < fuzz
                || (iteration == 0 && table.regret_into(s, self.values) <= tol)
            {
                let x = table.unflatten(s);
                if let Some(x) = table
                    .polish(&x, tol)
                    .or_else(|| (table.regret(&x) <= tol).then_some(x))
                {
                    return Ok(Some(x));
                }
            }
            // The next zh: a fraction alpha towards the target, z itself or
            // where the secant through the last two (zh, z) pairs crosses
            // z = zh, coordinate by coordinate, while the support holds (the
            // rule of false position). The memory takes this step's values.
            for k in 0..m {
                let d = z[k] - zh[k] - y[k] + yh[k];
                let target = if !fresh && same_support && d > fuzz {
                    (yh[k] * z[k] - zh[k] * y[k]) / d
                } else {
                    z[k]
                };
                yh[k] = zh[k];
                zh[k] = (1.0 - alpha) * zh[k] + alpha * target;
            }
            std::mem::swap(&mut last, &mut s);
            std::mem::swap(&mut y, &mut z);
            std::mem::swap(&mut sho, &mut sh);
            sh.copy_from_slice(zh);
            self.project(sh);
            // Probabilities below the fuzz are dropped, so supports can
            // shrink.
            for i in 0..n {
                let part = &mut sh[self.part(i)];
                part.iter_mut().for_each(|v| {
                    if *v < fuzz {
                        *v = 0.0
                    }
                });
                let total: f64 = part.iter().sum();
                part.iter_mut().for_each(|v| *v /= total);
            }
        }
        Ok(None)
    }

    /// The regret of the pure profile in `self.pure`: each player's best
    /// payoff against the others' pure strategies less their own. Read
    /// from the `m` cells one deviation away instead of a pass over the
    /// table (`Table::regret_into`), which on a 3x3x3x3 game took a tenth
    /// of a solve that met pure candidates on many of its steps.
    fn pure_regret(&self) -> f64 {
        let table = self.table;
        let chosen = |i: usize| {
            self.part(i)
                .position(|r| self.pure[r] == 1.0)
                .expect("a pure profile has one strategy per player")
        };
        let cell: usize = (0..self.n).map(|i| chosen(i) * self.strides[i]).sum();
        (0..self.n)
            .map(|i| {
                let payoffs = &table.payoffs[i];
                let first = cell - chosen(i) * self.strides[i];
                let best = (0..table.shape[i])
                    .map(|t| payoffs[first + t * self.strides[i]])
                    .fold(f64::NEG_INFINITY, f64::max);
                best - payoffs[cell]
            })
            .fold(0.0, f64::max)
    }

    /// Whether every player's part of `x` has one positive entry.
    fn is_pure(&self, x: &[f64]) -> bool {
        (0..self.n).all(|i| x[self.part(i)].iter().filter(|&&p| p > 0.0).count() == 1)
    }

    /// Each player's part of `z` projected onto their simplex, in place.
    fn project(&mut self, z: &mut [f64]) {
        for i in 0..self.n {
            let part = self.part(i);
            project_simplex_with(&mut z[part], &mut self.sorted);
        }
    }

    /// The polymatrix approximation at `x` into `p`, payoffs divided by
    /// the range and multiplied by [`PAYOFF_SCALE`].
    ///
    /// Entry `(s, t)` for strategies of players `i != j` is player `i`'s
    /// payoff from `s` when `j` plays `t` and the rest mix (the game's
    /// cross values), divided by `n - 1` so that the approximation is exact
    /// at `x`.
    fn jacobian(&mut self, x: &[f64]) {
        self.table.cross_values_into(x, self.p);
        let scale = PAYOFF_SCALE / (self.table.range * (self.n.max(2) - 1) as f64);
        self.p.iter_mut().for_each(|a| *a *= scale);
    }

    /// An equilibrium of the polymatrix game with the support of `prev`
    /// into `s`, if the indifference equations of that support have one:
    /// supported strategies earn the player's value, the others no more.
    ///
    /// Each player's first supported strategy (its base) is eliminated by
    /// the sum constraint (its probability is one less the player's other
    /// supported ones) and its payoff row subtracted from the player's
    /// other supported rows (which removes the value), leaving `k - n`
    /// equations in the other supported probabilities instead of `k + n`
    /// in all of them and the values: a twentieth of the elimination's
    /// work on a 2x2x2 game, where this system is solved every iteration.
    fn solve_on_support(&mut self, prev: &[f64], s: &mut [f64]) -> bool {
        let (m, n) = (self.m, self.n);
        self.support.clear();
        for i in 0..n {
            let mut supported = self.part(i).filter(|&r| prev[r] > 0.0);
            let Some(base) = supported.next() else {
                return false;
            };
            self.base[i] = base;
            self.support.extend(supported);
        }
        let Work {
            table,
            p,
            owner,
            base,
            support,
            system,
            rhs,
            ..
        } = self;
        let dim = support.len();
        // Player i's payoff from r when everyone plays their base, and the
        // change when one base is swapped for c (the rest held at base).
        let at_bases = |r: usize| base.iter().map(|&b| p[r * m + b]).sum::<f64>();
        let swap = |r: usize, c: usize| p[r * m + c] - p[r * m + base[owner[c]]];
        let (system, rhs) = (&mut system[..dim * dim], &mut rhs[..dim]);
        for (a, &r) in support.iter().enumerate() {
            let b = base[owner[r]];
            for (col, &c) in support.iter().enumerate() {
                system[a * dim + col] = swap(r, c) - swap(b, c);
            }
            rhs[a] = at_bases(b) - at_bases(r);
        }
        if !lu_solve(system, rhs) {
            return false;
        }
        let eps = 1e-12;
        s.fill(0.0);
        for (a, &r) in support.iter().enumerate() {
            s[r] = rhs[a];
        }
        for (i, &b) in base.iter().enumerate() {
            let others: f64 = s[table.offsets[i]..table.offsets[i + 1]].iter().sum();
            s[b] = 1.0 - others;
        }
        if s.iter().any(|v| !v.is_finite() || *v < -eps) {
            return false;
        }
        let payoff = |r: usize| {
            p[r * m..(r + 1) * m]
                .iter()
                .zip(&*s)
                .map(|(a, b)| a * b)
                .sum::<f64>()
        };
        for r in (0..m).filter(|&r| prev[r] <= 0.0) {
            if payoff(r) > payoff(base[owner[r]]) + eps {
                return false;
            }
        }
        s.iter_mut().for_each(|v| *v = v.max(0.0));
        true
    }
}

fn norm(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|a| a * a).sum::<f64>().sqrt()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[path = "ipa_homotopy.rs"]
mod homotopy;

#[cfg(test)]
#[path = "ipa_tests.rs"]
mod tests;
