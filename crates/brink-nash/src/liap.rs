//! `liap`: equilibria as the zeros of a Lyapunov function, after McKelvey
//! (1998), "A Liapunov function for Nash equilibria" (the method of Gambit's
//! `gambit-liap`).
//!
//! With `v_is` player `i`'s payoff from pure `s` against the others' mixed
//! strategies and `u_i` their payoff from their own mix, the function
//! `L(x) = sum_i sum_s max(0, v_is - u_i)^2` is non-negative on the product
//! of simplices, continuously differentiable, and zero exactly at the Nash
//! equilibria. It is minimised from each start by projected gradient descent
//! with an Armijo line search (McKelvey's penalty terms for leaving the
//! simplices are replaced by the exact projection). A descent can end at a
//! local minimum that is no equilibrium; such ends are dropped, as Gambit
//! drops them. Gambit stops a descent once its gradient is small; here one
//! whose `L` stays well above zero stops once the projected gradient step
//! is tiny against `L`, when ten accepted steps in a row leave `L`
//! unchanged, or when a thousand steps lower it by less than 1%, instead
//! of spending all its steps there. Once the descent is close, Newton's method on the
//! indifference equations of the support it has found makes the profile
//! accurate to rounding, and every profile returned carries its regret.
//!
//! Trees are solved on their reduced strategic form (perfect recall needed
//! to return behaviour profiles).

use crate::nplayer::on_strategic_form;
use crate::nplayer::{project_simplex, random_profile, Mixed, Table};
use brink_game::{Game, Solution, SolveError, StrategicGame, Watch};
use rand::SeedableRng;

/// How `liap` searches.
#[derive(Clone, Debug)]
pub struct LiapOptions {
    /// Number of starts: the centroid, then random profiles.
    pub starts: usize,
    /// Gradient steps per start before giving up on it.
    pub max_iterations: usize,
    /// Seed of the random starts.
    pub seed: u64,
}

impl Default for LiapOptions {
    fn default() -> Self {
        LiapOptions {
            starts: 1,
            max_iterations: 20_000,
            seed: 0,
        }
    }
}

/// The largest regret, relative to the payoff range, a returned profile may
/// have.
pub const LIAP_TOL: f64 = 1e-10;

/// The most pure-strategy profiles a game may have: each gradient step
/// visits every profile once per pair of players.
pub const MAX_CELLS: usize = 100_000;

/// Equilibria found from the centroid (Gambit's default start).
pub fn liap(game: &Game) -> Result<Vec<Solution>, SolveError> {
    liap_with(game, &LiapOptions::default())
}

/// Equilibria found from `options.starts` starts, duplicates removed.
pub fn liap_with(game: &Game, options: &LiapOptions) -> Result<Vec<Solution>, SolveError> {
    liap_watched(game, options, &Watch::quiet())
}

/// [`liap_with`], stopping with [`SolveError::Cancelled`] within one
/// gradient step once `watch` is cancelled.
pub fn liap_watched(
    game: &Game,
    options: &LiapOptions,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    on_strategic_form(game, "liap", watch, |g| search(g, options, watch))
}

fn search(
    g: &StrategicGame,
    options: &LiapOptions,
    watch: &Watch,
) -> Result<Vec<Mixed>, SolveError> {
    if g.num_cells() > MAX_CELLS {
        return Err(SolveError::TooLarge {
            method: "liap",
            reason: format!(
                "{} pure-strategy profiles, over the limit of {MAX_CELLS}",
                g.num_cells()
            ),
        });
    }
    let table = Table::new(g);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(options.seed);
    let mut found: Vec<Mixed> = Vec::new();
    for k in 0..options.starts.max(1) {
        let start = if k == 0 {
            table.centroid()
        } else {
            random_profile(&mut rng, &table.shape)
        };
        if let Some(x) = descend(&table, start, options.max_iterations, watch)?.profile {
            if !found.iter().any(|y| distance(y, &x) < 1e-6) {
                found.push(x);
            }
        }
    }
    Ok(found)
}

/// The largest difference between two profiles' probabilities.
pub(crate) fn distance(a: &Mixed, b: &Mixed) -> f64 {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

/// The Lyapunov function on payoffs scaled by the range, and its gradient.
fn lyapunov(table: &Table, x: &Mixed, gradient: bool) -> (f64, Option<Mixed>) {
    let n = table.players();
    let scale = 1.0 / table.range;
    let v = table.values(x);
    let u: Vec<f64> = (0..n)
        .map(|i| v[i].iter().zip(&x[i]).map(|(a, b)| a * b).sum())
        .collect();
    let r: Mixed = (0..n)
        .map(|i| {
            v[i].iter()
                .map(|&a| ((a - u[i]) * scale).max(0.0))
                .collect()
        })
        .collect();
    let value = r.iter().flatten().map(|a| a * a).sum();
    if !gradient {
        return (value, None);
    }
    let d = table.cross_values(x);
    let mut g: Mixed = table.shape.iter().map(|&m| vec![0.0; m]).collect();
    for j in 0..n {
        let own: f64 = r[j].iter().sum();
        for t in 0..table.shape[j] {
            // Player j's own term: u_j rises with x_jt at rate v_jt.
            let mut total = -2.0 * own * v[j][t] * scale;
            for i in (0..n).filter(|&i| i != j) {
                // d u_i / d x_jt, then each of i's gains.
                let du: f64 = (0..table.shape[i]).map(|s| x[i][s] * d[i][j][s][t]).sum();
                for s in 0..table.shape[i] {
                    if r[i][s] > 0.0 {
                        total += 2.0 * r[i][s] * (d[i][j][s][t] - du) * scale;
                    }
                }
            }
            g[j][t] = total;
        }
    }
    (value, Some(g))
}

/// How far, relative to the value of `L`, the projected gradient step may
/// still move the profile when the descent stops at a local minimum. Near
/// an equilibrium `L` falls like the square (or a higher even power) of the
/// distance and the step like a lower power, so the step stays far above
/// this share of `L` there: only a minimum with `L` bounded away from zero
/// passes.
const STATIONARY: f64 = 1e-6;

/// Accepted steps in a row that leave `L` unchanged after which a descent
/// far from zero stops.
const FLAT_STEPS: usize = 10;

/// Every this many steps a descent far from zero checks its progress, and
/// stops if `L` fell by less than [`STALL_DROP`] of itself since the last
/// check: a local minimum approached so slowly that the other rules never
/// fire. From the centroid of the fresh random game 11011 (5x4x3) `L`
/// went 7.434e-7, 7.307e-7, 7.245e-7, 7.2405e-7 at 1,000, 2,000, 5,000
/// and 10,000 steps and settled at 7.2405e-7 after 24,014, no equilibrium
/// (pygambit's liap finds none either); the 20,000 steps took 80 ms. A
/// descent towards an equilibrium converging like `1 / k`, or `1 /
/// sqrt(k)`, falls by more than that share per window through its 20,000
/// steps. One that stalls near an equilibrium anyway is caught by the
/// polish after the loop: on von Stengel's two 6x6 games the descent from
/// the centroid now stops so and the polish finds the same profile as
/// before (to 6 decimals; 344 corpus and fixture files compared).
const STALL_WINDOW: usize = 1_000;

/// See [`STALL_WINDOW`].
const STALL_DROP: f64 = 0.01;

/// The largest move of one probability under a unit projected gradient
/// step: zero exactly at the stationary points of `L` on the simplices.
fn stationarity(x: &Mixed, g: &Mixed) -> f64 {
    let mut largest: f64 = 0.0;
    for (xi, gi) in x.iter().zip(g) {
        let mut y: Vec<f64> = xi.iter().zip(gi).map(|(a, b)| a - b).collect();
        project_simplex(&mut y);
        for (a, b) in xi.iter().zip(&y) {
            largest = largest.max((a - b).abs());
        }
    }
    largest
}

/// `L` above which a descent counts as far from zero and may stop at a
/// local minimum. `L` is computed on payoffs divided by the range, so this
/// is a regret of about 1e-4 of the payoff range whatever the payoffs'
/// scale.
const FAR_FROM_ZERO: f64 = 1e-8;

/// Where a descent ended. The step count and the final `L` are read only
/// by the tests, which pin where the early stop fires.
#[cfg_attr(not(test), allow(dead_code))]
struct Descent {
    /// The equilibrium it reached, polished, if any.
    profile: Option<Mixed>,
    /// Gradient steps taken.
    steps: usize,
    /// `L` where it stopped.
    value: f64,
}

/// Descends from `start`. Looks at `watch` before each gradient step, which
/// visits the whole payoff table once per pair of players.
fn descend(
    table: &Table,
    mut x: Mixed,
    max_iterations: usize,
    watch: &Watch,
) -> Result<Descent, SolveError> {
    let tol = LIAP_TOL * table.range;
    let mut step = 1.0;
    // Accepted steps in a row that left `L` where it was.
    let mut flat_steps = 0usize;
    let (mut value, _) = lyapunov(table, &x, false);
    let mut value_at_check = value;
    let mut steps = 0;
    for iteration in 0..max_iterations {
        steps = iteration + 1;
        watch.check()?;
        if iteration > 0 && iteration % STALL_WINDOW == 0 {
            if value > FAR_FROM_ZERO && value > (1.0 - STALL_DROP) * value_at_check {
                break;
            }
            value_at_check = value;
        }
        // Polishing costs several Newton solves: tried every 25 steps once
        // close, since near a component of equilibria it can keep failing.
        if value < 1e-8 && iteration % 25 == 0 {
            if let Some(y) = table.polish(&x, tol) {
                return Ok(Descent {
                    profile: Some(y),
                    steps,
                    value,
                });
            }
            if value < 1e-28 {
                break;
            }
        }
        let (_, Some(g)) = lyapunov(table, &x, true) else {
            unreachable!("asked for the gradient")
        };
        if value > FAR_FROM_ZERO && stationarity(&x, &g) <= STATIONARY * value {
            // A local minimum with a positive value, as Gambit stops once
            // its gradient is small: the descent would barely move from it.
            break;
        }
        // Armijo backtracking along the projected gradient path.
        step *= 2.0;
        let next = loop {
            let mut y = x.clone();
            for (yi, gi) in y.iter_mut().zip(&g) {
                for (a, b) in yi.iter_mut().zip(gi) {
                    *a -= step * b;
                }
                project_simplex(yi);
            }
            let decrease: f64 = g
                .iter()
                .flatten()
                .zip(x.iter().flatten().zip(y.iter().flatten()))
                .map(|(gi, (a, b))| gi * (a - b))
                .sum();
            let (v, _) = lyapunov(table, &y, false);
            if v <= value - 1e-4 * decrease {
                break Some((y, v));
            }
            step /= 2.0;
            if step < 1e-18 {
                break None;
            }
        };
        match next {
            Some((y, v)) => {
                // Armijo accepts a step that lowers `L` by less than its
                // rounding only when the projected gradient is at rounding
                // level: far from zero, a local minimum (as above).
                flat_steps = if v >= value { flat_steps + 1 } else { 0 };
                x = y;
                value = v;
                if value > FAR_FROM_ZERO && flat_steps >= FLAT_STEPS {
                    break;
                }
            }
            // A stationary point: an equilibrium or a local minimum.
            None => break,
        }
    }
    let profile = table
        .polish(&x, tol)
        .or_else(|| (table.regret(&x) <= tol).then_some(x));
    Ok(Descent {
        profile,
        steps,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nplayer::table_of;

    /// The descent of at most 20,000 steps from the centroid of the random
    /// fixture `file`.
    fn from_centroid(file: &str) -> (Table, Descent) {
        let table = table_of(&format!("testdata/fixtures/nplayer/random/{file}"));
        let end = descend(&table, table.centroid(), 20_000, &Watch::quiet()).unwrap();
        (table, end)
    }

    /// The descent from the centroid of `file` ends with no equilibrium at
    /// `L` above `above`, within `steps` steps.
    fn stops_at_a_positive_minimum(file: &str, above: f64, steps: usize) {
        let (_, end) = from_centroid(file);
        assert!(
            end.profile.is_none(),
            "{file}: no equilibrium from the centroid"
        );
        assert!(
            end.value > above,
            "{file}: a minimum far from zero: L = {}",
            end.value
        );
        assert!(
            end.steps <= steps,
            "{file}: stopped after {} steps",
            end.steps
        );
    }

    /// From the centroid of this random 2x2x2 game the descent ends at a
    /// local minimum of `L` that is no equilibrium (pygambit's `liap` finds
    /// none there either). It must stop there, not spend its 20,000 steps.
    #[test]
    fn a_descent_stuck_at_a_positive_local_minimum_stops_early() {
        stops_at_a_positive_minimum("rand00_2x2x2.nfg", FAR_FROM_ZERO, 1_999);
    }

    /// From the centroid of the fresh random game 11011 `L` creeps down to
    /// a positive local minimum (`STALL_WINDOW`): the descent stops once a
    /// thousand steps lower it by less than 1%, not after its 20,000.
    #[test]
    fn a_descent_creeping_to_a_positive_local_minimum_stops_early() {
        stops_at_a_positive_minimum("fresh11011_5x4x3.nfg", 7e-7, 3_001);
    }

    /// The early stop leaves alone a descent that reaches an equilibrium:
    /// on this random 2x2x2 game the one from the centroid goes all the way.
    #[test]
    fn a_descent_towards_an_equilibrium_is_not_stopped() {
        let (table, end) = from_centroid("rand01_2x2x2.nfg");
        let x = end.profile.expect("an equilibrium from the centroid");
        assert!(table.regret(&x) <= LIAP_TOL * table.range);
    }
}
