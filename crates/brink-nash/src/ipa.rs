//! `ipa`: one equilibrium by iterated polymatrix approximation, after
//! Govindan and Wilson (2004), "Computing Nash equilibria by iterated
//! polymatrix approximation" (the method of Gambit's `gambit-ipa`).
//!
//! Near a profile `sh` the game's payoffs are approximated by a polymatrix
//! game: player `i`'s payoff from pure `s` is `sum_j P_ij x_j`, with `P_ij`
//! the derivative of that payoff in player `j`'s mix at `sh`, divided by
//! `n - 1`. Payoffs are multilinear, so by Euler's identity the
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
//! is an equilibrium. The paper's convergence is local, as Gambit's is; a
//! run that does not settle returns nothing, and every profile returned has
//! been made accurate by Newton's method on its support and certified by
//! its regret. Gambit's extra steps (rescaling `zh` along `zh - sh` and the
//! rule of false position) are not used: the plain damped step converges on
//! the games tested and is simpler to trust.
//!
//! Trees are solved on their reduced strategic form. A cancelled `Watch`
//! stops the solve within one iteration or one pivot of the homotopy.

use crate::nplayer::on_strategic_form;
use crate::nplayer::{advance, project_simplex, Mixed, Table};
use brink_game::{Game, Solution, SolveError, StrategicGame, Watch};
use nalgebra::{DMatrix, DVector};

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
    let pert: Mixed = match &options.perturbation {
        Some(p) => p.clone(),
        None => table
            .shape
            .iter()
            .map(|&m| (0..m).map(|s| if s == 0 { 1.0 } else { 0.0 }).collect())
            .collect(),
    };
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
    let poly = Poly::new(&table.shape);
    let g_flat: Vec<f64> = pert.into_iter().flatten().collect();
    iterate(&table, &poly, &g_flat, options, watch)
}

/// Flat indexing of strategies, player by player.
struct Poly {
    /// First flat index of each player's strategies.
    offsets: Vec<usize>,
    /// The player of each flat index.
    owner: Vec<usize>,
}

impl Poly {
    fn new(shape: &[usize]) -> Self {
        let mut offsets = Vec::new();
        let mut owner = Vec::new();
        for (i, &m) in shape.iter().enumerate() {
            offsets.push(owner.len());
            owner.extend(std::iter::repeat_n(i, m));
        }
        Poly { offsets, owner }
    }

    fn m(&self) -> usize {
        self.owner.len()
    }

    fn n(&self) -> usize {
        self.offsets.len()
    }

    fn unflat(&self, x: &[f64], shape: &[usize]) -> Mixed {
        shape
            .iter()
            .zip(&self.offsets)
            .map(|(&m, &o)| x[o..o + m].to_vec())
            .collect()
    }
}

fn iterate(
    table: &Table,
    poly: &Poly,
    g: &[f64],
    options: &IpaOptions,
    watch: &Watch,
) -> Result<Option<Mixed>, SolveError> {
    let n = poly.n();
    let m = poly.m();
    let tol = IPA_TOL * table.range;
    let fuzz = 1e-6;
    let alpha = options.alpha.clamp(1e-3, 0.999);
    let sub = |a: &[f64], b: &[f64]| -> Vec<f64> { a.iter().zip(b).map(|(x, y)| x - y).collect() };
    let dot = |a: &[f64], b: &[f64]| -> f64 { a.iter().zip(b).map(|(x, y)| x * y).sum() };
    // Kohlberg–Mertens coordinates: all ones projects to the centroid.
    let mut zh = vec![1.0; m];
    let mut sh = project(poly, &zh);
    // The last step's z and zh (y, yh), sh and s: the secant's memory.
    let (mut y, mut yh, mut sho) = (vec![0.0; m], vec![0.0; m], vec![0.0; m]);
    let mut last = sh.clone();
    // Consecutive steps whose polymatrix equilibrium kept its support.
    let mut held = 0usize;
    for iteration in 0..options.max_iterations.max(1) {
        watch.check()?;
        // Every RESTART steps the memory is dropped and the support tried
        // first is the current estimate's, as on the first step (where it
        // is full): a stalled secant starts afresh.
        let fresh = iteration % RESTART == 0;
        if fresh {
            last = sh.clone();
            yh = vec![0.0; m];
            sho = vec![0.0; m];
        }
        let p = jacobian(table, poly, &sh);
        let s = match solve_on_support(&p, poly, &last) {
            Some(s) => Some(s),
            None => homotopy(&p, poly, g, watch)?,
        };
        let Some(s) = s else {
            return Ok(None);
        };
        let z: Vec<f64> = (0..m)
            .map(|r| s[r] + (0..m).map(|c| p[(r, c)] * s[c]).sum::<f64>())
            .collect();
        let same_support = s.iter().zip(&last).all(|(a, b)| (*a > 0.0) == (*b > 0.0));
        // Govindan and Wilson's correction: along the ray from sh through
        // zh (all of whose points project to sh) move zh to the point
        // nearest z, when that ray points away from z or the support held.
        let u = sub(&zh, &sh);
        let uu = dot(&u, &u);
        if uu > 0.0 {
            let ell = dot(&sub(&z, &sh), &u) / uu;
            if ell <= 0.0 || same_support {
                for k in 0..m {
                    zh[k] = sh[k] + ell * u[k];
                    yh[k] = sho[k] + ell * (yh[k] - sho[k]);
                }
            }
        }
        let dz = norm(z.iter().zip(&zh).map(|(a, b)| a - b));
        let ds = norm(s.iter().zip(&sh).map(|(a, b)| a - b));
        if !(dz.is_finite() && ds.is_finite()) {
            return Ok(None);
        }
        held = if same_support { held + 1 } else { 0 };
        // Two players: the approximation is the game, so `s` is exact.
        // Otherwise, once the support has held for a while, Newton's method
        // on it usually finishes in a few steps what the damped iteration
        // would take dozens for (tried after 4, 8, 16, ... steps that held,
        // so a support that fails costs few attempts).
        let settled = held >= 4 && held.is_power_of_two();
        if n <= 2 || dz < fuzz || ds < fuzz || settled {
            let x = poly.unflat(&s, &table.shape);
            if let Some(x) = table
                .polish(&x, tol)
                .or_else(|| (table.regret(&x) <= tol).then_some(x))
            {
                return Ok(Some(x));
            }
        }
        // The target: z itself, or where the secant through the last two
        // (zh, z) pairs crosses z = zh, coordinate by coordinate, while the
        // support holds (the rule of false position).
        let target: Vec<f64> = (0..m)
            .map(|k| {
                let d = z[k] - zh[k] - y[k] + yh[k];
                if !fresh && same_support && d > fuzz {
                    (yh[k] * z[k] - zh[k] * y[k]) / d
                } else {
                    z[k]
                }
            })
            .collect();
        last = s;
        y = z;
        sho = sh;
        yh = zh.clone();
        for (a, b) in zh.iter_mut().zip(&target) {
            *a = (1.0 - alpha) * *a + alpha * b;
        }
        sh = project(poly, &zh);
        // Probabilities below the fuzz are dropped, so supports can shrink.
        let mut ends = poly.offsets.clone();
        ends.push(m);
        for w in ends.windows(2) {
            let part = &mut sh[w[0]..w[1]];
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

/// Steps between restarts of the secant (Gambit's 100).
const RESTART: usize = 100;

fn norm(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|a| a * a).sum::<f64>().sqrt()
}

/// Each player's part of `z` projected onto their simplex.
fn project(poly: &Poly, z: &[f64]) -> Vec<f64> {
    let mut x = z.to_vec();
    let mut ends = poly.offsets.clone();
    ends.push(poly.m());
    for w in ends.windows(2) {
        project_simplex(&mut x[w[0]..w[1]]);
    }
    x
}

/// The polymatrix approximation at `x`, payoffs divided by the range.
///
/// Entry `(s, t)` for strategies of players `i != j` is player `i`'s payoff
/// from `s` when `j` plays `t` and the rest mix (as `Table::cross_values`),
/// summed straight into the matrix: the game is small and this runs every
/// iteration, where building the nested vectors cost more than the sums.
fn jacobian(table: &Table, poly: &Poly, x: &[f64]) -> DMatrix<f64> {
    let n = poly.n();
    let scale = 1.0 / (table.range * (n.max(2) - 1) as f64);
    let mut p = DMatrix::zeros(poly.m(), poly.m());
    // Flat index of each player's strategy in the current cell.
    let mut at: Vec<usize> = poly.offsets.clone();
    let mut profile = vec![0; n];
    for c in 0..table.payoffs[0].len() {
        for i in 0..n {
            let pay = table.payoffs[i][c];
            for j in (0..n).filter(|&j| j != i) {
                let w: f64 = (0..n)
                    .filter(|&k| k != i && k != j)
                    .map(|k| x[at[k]])
                    .product();
                if w != 0.0 {
                    p[(at[i], at[j])] += w * pay;
                }
            }
        }
        advance(&mut profile, &table.shape);
        for (k, a) in at.iter_mut().enumerate() {
            *a = poly.offsets[k] + profile[k];
        }
    }
    p * scale
}

/// An equilibrium of the polymatrix game `p` with the support of `prev`,
/// if the indifference equations of that support have one: supported
/// strategies earn the player's value, the others no more.
fn solve_on_support(p: &DMatrix<f64>, poly: &Poly, prev: &[f64]) -> Option<Vec<f64>> {
    let (m, n) = (poly.m(), poly.n());
    let mut a = DMatrix::zeros(m + n, m + n);
    let mut b = DVector::zeros(m + n);
    for r in 0..m {
        if prev[r] > 0.0 {
            for c in 0..m {
                a[(r, c)] = p[(r, c)];
            }
            a[(r, m + poly.owner[r])] = -1.0;
        } else {
            a[(r, r)] = 1.0;
        }
        a[(m + poly.owner[r], r)] = 1.0;
    }
    for i in 0..n {
        b[m + i] = 1.0;
    }
    let sol = a.lu().solve(&b)?;
    let eps = 1e-12;
    let mut s: Vec<f64> = sol.iter().take(m).copied().collect();
    if s.iter().any(|&v| !v.is_finite() || v < -eps) {
        return None;
    }
    for r in (0..m).filter(|&r| prev[r] <= 0.0) {
        let value: f64 = (0..m).map(|c| p[(r, c)] * s[c]).sum();
        if value > sol[m + poly.owner[r]] + eps {
            return None;
        }
    }
    for v in s.iter_mut() {
        *v = v.max(0.0);
    }
    Some(s)
}

/// An equilibrium of the polymatrix game `p` by following the equilibria
/// of the game perturbed by `lambda * g` from large `lambda` to zero.
///
/// Unknowns: probabilities `x` (m), slacks `w` (m), values `v` (n, free)
/// and `lambda`; equations `w_s - v_i + (P x)_s + lambda g_s = 0` for each
/// strategy `s` of player `i`, and each player's probabilities summing to
/// one. Complementary pivoting keeps `x_s w_s = 0` for all but one `s`
/// until `lambda` leaves the basis at zero.
fn homotopy(
    p: &DMatrix<f64>,
    poly: &Poly,
    g: &[f64],
    watch: &Watch,
) -> Result<Option<Vec<f64>>, SolveError> {
    let (m, n) = (poly.m(), poly.n());
    let (xw, vv, lam, rhs) = (0, 2 * m, 2 * m + n, 2 * m + n + 1);
    let cols = rhs + 1;
    let mut t = DMatrix::zeros(m + n, cols);
    for r in 0..m {
        for c in 0..m {
            t[(r, xw + c)] = p[(r, c)];
        }
        t[(r, m + r)] = 1.0;
        t[(r, vv + poly.owner[r])] = -1.0;
        t[(r, lam)] = g[r];
        t[(m + poly.owner[r], xw + r)] = 1.0;
    }
    for i in 0..n {
        t[(m + i, rhs)] = 1.0;
    }
    // The pure profile maximising g, with its values and the other slacks.
    let top: Vec<usize> = (0..n)
        .map(|i| {
            let end = poly.offsets.get(i + 1).copied().unwrap_or(m);
            (poly.offsets[i]..end)
                .max_by(|&a, &b| g[a].total_cmp(&g[b]))
                .expect("every player has a strategy")
        })
        .collect();
    let mut basis: Vec<usize> = (0..n).map(|i| vv + i).collect();
    basis.extend(top.iter().copied());
    basis.extend((0..m).filter(|r| !top.contains(r)).map(|r| m + r));
    let bmat = DMatrix::from_fn(m + n, m + n, |r, k| t[(r, basis[k])]);
    let Some(inv) = bmat.try_inverse() else {
        return Ok(None);
    };
    let mut t = inv * t;
    // Lowering lambda from infinity: the first slack to reach zero leaves.
    let mut best: Option<(usize, f64)> = None;
    for r in 0..m + n {
        let var = basis[r];
        if (m..2 * m).contains(&var) && t[(r, lam)] < 0.0 {
            let at = t[(r, rhs)] / t[(r, lam)];
            if best.is_none_or(|(_, b)| at > b) {
                best = Some((r, at));
            }
        }
    }
    let mut entering = match best {
        Some((r, at)) if at > 0.0 => {
            let leaving = basis[r];
            pivot(&mut t, &mut basis, r, lam);
            leaving - m // the leaving slack's probability enters
        }
        // The pure profile is already an equilibrium of `p`.
        _ => return Ok(Some(read(&t, &basis, m))),
    };
    let eps = 1e-12;
    for _ in 0..10_000 {
        watch.check()?;
        let mut row: Option<(usize, f64)> = None;
        for r in 0..m + n {
            if (vv..lam).contains(&basis[r]) || t[(r, entering)] <= eps {
                continue;
            }
            let ratio = t[(r, rhs)] / t[(r, entering)];
            let better = match row {
                None => true,
                // Ties go to lambda, so the path ends as soon as it can.
                Some((k, b)) => {
                    ratio < b - 1e-13 || (ratio <= b + 1e-13 && basis[r] == lam && basis[k] != lam)
                }
            };
            if better {
                row = Some((r, ratio));
            }
        }
        // A ray: no equilibrium along this path.
        let Some((r, _)) = row else {
            return Ok(None);
        };
        let leaving = basis[r];
        pivot(&mut t, &mut basis, r, entering);
        if leaving == lam {
            return Ok(Some(read(&t, &basis, m)));
        }
        entering = if leaving < m {
            leaving + m
        } else {
            leaving - m
        };
    }
    Ok(None)
}

fn pivot(t: &mut DMatrix<f64>, basis: &mut [usize], r: usize, c: usize) {
    let pv = t[(r, c)];
    let cols = t.ncols();
    for k in 0..cols {
        t[(r, k)] /= pv;
    }
    for q in 0..t.nrows() {
        if q != r {
            let f = t[(q, c)];
            if f != 0.0 {
                for k in 0..cols {
                    let v = t[(r, k)];
                    t[(q, k)] -= f * v;
                }
            }
        }
    }
    basis[r] = c;
}

/// The probabilities of a basis, normalised against rounding.
fn read(t: &DMatrix<f64>, basis: &[usize], m: usize) -> Vec<f64> {
    let rhs = t.ncols() - 1;
    let mut x = vec![0.0; m];
    for (r, &var) in basis.iter().enumerate() {
        if var < m {
            x[var] = t[(r, rhs)].max(0.0);
        }
    }
    x
}
