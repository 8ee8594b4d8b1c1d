//! Floating-point machinery the n-player methods share: a strategic game's
//! payoffs as a dense table, the values of pure strategies against a mixed
//! profile and their derivatives, the regret, and Newton's method on the
//! indifference equations of a support, which turns a rough equilibrium (a
//! descent's or a grid's) into one accurate to rounding.

use brink_game::StrategicGame;
use nalgebra::{DMatrix, DVector};

/// A mixed profile: one probability vector per player.
pub(crate) type Mixed = Vec<Vec<f64>>;

/// A strategic game's payoffs in `f64`, cells first player fastest.
pub(crate) struct Table {
    /// Strategies per player.
    pub shape: Vec<usize>,
    /// `payoffs[player][cell]`.
    pub payoffs: Vec<Vec<f64>>,
    /// The largest payoff less the smallest, over all players (1 if zero):
    /// regrets are compared with tolerances relative to it.
    pub range: f64,
}

impl Table {
    /// The table of a game.
    pub fn new(g: &StrategicGame) -> Self {
        let payoffs: Vec<Vec<f64>> = (0..g.num_players())
            .map(|p| g.payoff_table_f64(p))
            .collect();
        let (lo, hi) = payoffs
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        let range = if hi > lo { hi - lo } else { 1.0 };
        Table {
            shape: g.shape(),
            payoffs,
            range,
        }
    }

    /// Number of players.
    pub fn players(&self) -> usize {
        self.shape.len()
    }

    /// The uniform profile.
    pub fn centroid(&self) -> Mixed {
        self.shape
            .iter()
            .map(|&n| vec![1.0 / n as f64; n])
            .collect()
    }

    /// `v[i][s]`: player `i`'s expected payoff from pure `s` against the
    /// others' mixed strategies.
    pub fn values(&self, x: &Mixed) -> Mixed {
        let n = self.players();
        let mut v: Mixed = self.shape.iter().map(|&k| vec![0.0; k]).collect();
        let mut profile = vec![0; n];
        for c in 0..self.payoffs[0].len() {
            for i in 0..n {
                let w: f64 = (0..n)
                    .filter(|&k| k != i)
                    .map(|k| x[k][profile[k]])
                    .product();
                if w != 0.0 {
                    v[i][profile[i]] += w * self.payoffs[i][c];
                }
            }
            advance(&mut profile, &self.shape);
        }
        v
    }

    /// `d[i][j][s][t]` for `j != i`: player `i`'s payoff from pure `s`
    /// when player `j` plays pure `t` and the rest mix (the derivative of
    /// `v[i][s]` in `x[j][t]`).
    pub fn cross_values(&self, x: &Mixed) -> Vec<Vec<Vec<Vec<f64>>>> {
        let n = self.players();
        let mut d: Vec<Vec<Vec<Vec<f64>>>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| vec![vec![0.0; self.shape[j]]; self.shape[i]])
                    .collect()
            })
            .collect();
        let mut profile = vec![0; n];
        for c in 0..self.payoffs[0].len() {
            for i in 0..n {
                for j in (0..n).filter(|&j| j != i) {
                    let w: f64 = (0..n)
                        .filter(|&k| k != i && k != j)
                        .map(|k| x[k][profile[k]])
                        .product();
                    if w != 0.0 {
                        d[i][j][profile[i]][profile[j]] += w * self.payoffs[i][c];
                    }
                }
            }
            advance(&mut profile, &self.shape);
        }
        d
    }

    /// The largest gain any player has from a pure deviation.
    pub fn regret(&self, x: &Mixed) -> f64 {
        let v = self.values(x);
        v.iter()
            .zip(x)
            .map(|(vi, xi)| {
                let u: f64 = vi.iter().zip(xi).map(|(a, b)| a * b).sum();
                vi.iter().fold(f64::NEG_INFINITY, |m, &a| m.max(a)) - u
            })
            .fold(0.0, f64::max)
    }

    /// Newton's method on the equations of an equilibrium with the given
    /// supports: each supported strategy earns the player's value and the
    /// supported probabilities sum to one. From `start`; the result is
    /// returned only if it is a profile (no negative probability) whose
    /// regret, unsupported strategies included, is at most `tol`.
    pub fn solve_support(&self, support: &[Vec<usize>], start: &Mixed, tol: f64) -> Option<Mixed> {
        let n = self.players();
        let offsets: Vec<usize> = support
            .iter()
            .scan(0, |acc, s| {
                let o = *acc;
                *acc += s.len();
                Some(o)
            })
            .collect();
        let k: usize = support.iter().map(Vec::len).sum();
        let dim = k + n;
        let mut x: Mixed = self.shape.iter().map(|&m| vec![0.0; m]).collect();
        for (i, s) in support.iter().enumerate() {
            let total: f64 = s.iter().map(|&t| start[i][t].max(0.0)).sum();
            for &t in s {
                x[i][t] = if total > 0.0 {
                    start[i][t].max(0.0) / total
                } else {
                    1.0 / s.len() as f64
                };
            }
        }
        let mut value: Vec<f64> = {
            let v = self.values(&x);
            (0..n)
                .map(|i| support[i].iter().map(|&s| x[i][s] * v[i][s]).sum())
                .collect()
        };
        for _ in 0..50 {
            let v = self.values(&x);
            let d = self.cross_values(&x);
            let mut jac = DMatrix::<f64>::zeros(dim, dim);
            let mut f = DVector::<f64>::zeros(dim);
            for i in 0..n {
                for (a, &s) in support[i].iter().enumerate() {
                    let row = offsets[i] + a;
                    f[row] = v[i][s] - value[i];
                    jac[(row, k + i)] = -1.0;
                    for j in (0..n).filter(|&j| j != i) {
                        for (b, &t) in support[j].iter().enumerate() {
                            jac[(row, offsets[j] + b)] = d[i][j][s][t];
                        }
                    }
                }
                let row = k + i;
                f[row] = support[i].iter().map(|&s| x[i][s]).sum::<f64>() - 1.0;
                for b in 0..support[i].len() {
                    jac[(row, offsets[i] + b)] = 1.0;
                }
            }
            let residual = f.amax();
            if residual < 1e-15 * self.range.max(1.0) {
                break;
            }
            let step = jac.lu().solve(&f)?;
            for i in 0..n {
                for (a, &s) in support[i].iter().enumerate() {
                    x[i][s] -= step[offsets[i] + a];
                }
                value[i] -= step[k + i];
            }
            if x.iter().flatten().any(|p| !p.is_finite()) {
                return None;
            }
        }
        if x.iter().flatten().any(|&p| p < -1e-12) {
            return None;
        }
        for xi in &mut x {
            for p in xi.iter_mut() {
                *p = p.max(0.0);
            }
            let total: f64 = xi.iter().sum();
            xi.iter_mut().for_each(|p| *p /= total);
        }
        (self.regret(&x) <= tol).then_some(x)
    }

    /// Tries to turn a rough equilibrium into an accurate one: the supports
    /// read from `x` at several thresholds, each solved by
    /// [`Table::solve_support`]; the first that certifies wins.
    pub fn polish(&self, x: &Mixed, tol: f64) -> Option<Mixed> {
        let mut tried: Vec<Vec<Vec<usize>>> = Vec::new();
        for threshold in [1e-2f64, 1e-3, 1e-4, 1e-6, 1e-8] {
            let support: Vec<Vec<usize>> = x
                .iter()
                .map(|xi| {
                    let top = xi.iter().fold(0.0f64, |m, &p| m.max(p));
                    (0..xi.len())
                        .filter(|&s| xi[s] >= threshold.min(top))
                        .collect()
                })
                .collect();
            if tried.contains(&support) {
                continue;
            }
            if let Some(y) = self.solve_support(&support, x, tol) {
                return Some(y);
            }
            tried.push(support);
        }
        None
    }
}

/// The next pure profile, first player fastest.
pub(crate) fn advance(profile: &mut [usize], shape: &[usize]) {
    for (p, &n) in profile.iter_mut().zip(shape) {
        *p += 1;
        if *p < n {
            return;
        }
        *p = 0;
    }
}

/// The Euclidean projection of `y` onto the probability simplex (sort and
/// threshold, Held, Wolfe and Crowder 1974).
pub(crate) fn project_simplex(y: &mut [f64]) {
    project_simplex_with(y, &mut Vec::new());
}

/// [`project_simplex`] with `sorted` as scratch space, for callers that
/// project many times and keep the buffer.
pub(crate) fn project_simplex_with(y: &mut [f64], sorted: &mut Vec<f64>) {
    sorted.clear();
    sorted.extend_from_slice(y);
    sorted.sort_by(|a, b| b.total_cmp(a));
    let mut sum = 0.0;
    let mut theta = 0.0;
    for (k, &v) in sorted.iter().enumerate() {
        sum += v;
        let t = (sum - 1.0) / (k + 1) as f64;
        if v - t > 0.0 {
            theta = t;
        }
    }
    for v in y.iter_mut() {
        *v = (*v - theta).max(0.0);
    }
}

/// A random profile, uniform on each player's simplex (normalised
/// exponential draws).
pub(crate) fn random_profile(rng: &mut impl rand::Rng, shape: &[usize]) -> Mixed {
    shape
        .iter()
        .map(|&n| {
            let e: Vec<f64> = (0..n).map(|_| rng.sample(rand_distr::Exp1)).collect();
            let total: f64 = e.iter().sum();
            e.into_iter().map(|v| v / total).collect()
        })
        .collect()
}

/// Runs `search` on `game`'s strategic form (a tree's reduced one, built by
/// [`crate::enumpure::reduce`] under the method's `name`) and returns each
/// mixed profile it finds as a float solution of `game` (behaviour for a
/// tree): the dispatch every numerical n-player method shares.
pub(crate) fn on_strategic_form(
    game: &brink_game::Game,
    name: &'static str,
    watch: &brink_game::Watch,
    search: impl Fn(&brink_game::StrategicGame) -> Result<Vec<Mixed>, brink_game::SolveError>,
) -> Result<Vec<brink_game::Solution>, brink_game::SolveError> {
    use brink_game::{Game, Profile, Solution};
    match game {
        Game::Strategic(g) => Ok(search(g)?
            .into_iter()
            .map(|x| Solution::float(game, Profile::mixed(x)))
            .collect()),
        Game::Extensive(tree) => {
            let reduced = crate::enumpure::reduce(tree, name, watch)?;
            Ok(search(&reduced.game)?
                .into_iter()
                .map(|x| Solution::float(game, reduced.to_behavior(tree, &Profile::mixed(x))))
                .collect())
        }
    }
}
