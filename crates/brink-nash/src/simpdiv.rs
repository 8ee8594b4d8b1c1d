//! `simpdiv`: an equilibrium of an n-player strategic game by simplicial
//! subdivision, after van der Laan, Talman and van der Heyden (1987),
//! "Simplicial variable dimension algorithms for solving the nonlinear
//! complementarity problem on a product of unit simplices using a general
//! labelling", Mathematics of Operations Research 12(3). Gambit's
//! `gambit-simpdiv` follows the same paper, restarting on a refined grid.
//!
//! The profile space is a product of simplices, one per player. A grid
//! point `y` is labelled with a pure strategy `(j, h)`: `j` is the player
//! with the largest regret at `y` and `h` their best response. Starting
//! from a grid point `v`, the walk follows a path of adjacent simplices of
//! the grid, each carrying a fixed set of labels, through regions around
//! `v` whose dimension grows when a new label turns up and shrinks when
//! the path meets a region's boundary. It ends at a simplex whose labels,
//! with the strategies the region holds at probability zero, cover one
//! player's strategies: near such a simplex that player's strategies are
//! all best responses while it has the largest regret, so every regret is
//! small, down to the grid's resolution. The walk then restarts from the
//! best point it saw on a grid `refine` times finer, until the regret,
//! relative to the payoff range, is below the tolerance.
//!
//! Grid points are kept as integer numerators over the grid's denominator,
//! so the walk's combinatorics are exact; only the labels are computed in
//! `f64`. Once a grid point is close, Newton's method on the indifference
//! equations of its support (shared with `liap`) makes it accurate to
//! rounding; every profile returned carries its regret.
//!
//! Trees are solved on their reduced strategic form (perfect recall needed
//! to return behaviour profiles).

use crate::liap::{LIAP_TOL, MAX_CELLS};
use crate::nplayer::on_strategic_form;
use crate::nplayer::{Mixed, Table};
use brink_game::{Game, Solution, SolveError, StrategicGame, Watch};

/// How `simpdiv` refines its grid and when it stops.
#[derive(Clone, Debug)]
pub struct SimpdivOptions {
    /// Each restart divides the grid's mesh by this factor (Gambit's
    /// `gridResize`, 2 by default); at least 2.
    pub refine: u32,
    /// Refinement stops once the best grid point's regret, relative to the
    /// payoff range, is at most this (pygambit's `maxregret`, 1e-7).
    pub tolerance: f64,
    /// Grid points labelled, over all restarts, before giving up.
    pub max_labels: usize,
    /// Hand close grid points to Newton's method (on by default); off,
    /// the answer is the grid point itself, as Gambit's is.
    pub polish: bool,
}

impl Default for SimpdivOptions {
    fn default() -> Self {
        SimpdivOptions {
            refine: 2,
            tolerance: 1e-7,
            max_labels: 5_000_000,
            polish: true,
        }
    }
}

/// Relative regret below which a grid point is handed to Newton's method:
/// from there the support it reads off is usually the equilibrium's.
const POLISH_FROM: f64 = 1e-3;

/// The finest grid: numerators stay exact in `i64` and the profile's
/// probabilities in `f64` well above this resolution.
const MAX_DENOMINATOR: i64 = 1 << 50;

/// One equilibrium, reached from the profile where every player plays
/// their first strategy (Gambit's default start).
pub fn simpdiv(game: &Game) -> Result<Vec<Solution>, SolveError> {
    simpdiv_with(game, &SimpdivOptions::default())
}

/// One equilibrium with the given options.
pub fn simpdiv_with(game: &Game, options: &SimpdivOptions) -> Result<Vec<Solution>, SolveError> {
    simpdiv_watched(game, options, &Watch::quiet())
}

/// [`simpdiv_with`], stopping with [`SolveError::Cancelled`] within one
/// labelled grid point once `watch` is cancelled.
pub fn simpdiv_watched(
    game: &Game,
    options: &SimpdivOptions,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    on_strategic_form(game, "simpdiv", watch, |g| {
        Ok(vec![search(g, options, watch)?])
    })
}

fn search(g: &StrategicGame, options: &SimpdivOptions, watch: &Watch) -> Result<Mixed, SolveError> {
    if g.num_cells() > MAX_CELLS {
        return Err(SolveError::TooLarge {
            method: "simpdiv",
            reason: format!(
                "{} pure-strategy profiles, over the limit of {MAX_CELLS}",
                g.num_cells()
            ),
        });
    }
    if options.refine < 2 {
        return Err(SolveError::Numerical {
            method: "simpdiv",
            reason: format!(
                "refinement factor {} (it must be at least 2)",
                options.refine
            ),
        });
    }
    let table = Table::new(g);
    let refine = i64::from(options.refine);
    let target = options.tolerance.max(0.0) * table.range;
    let polish_tol = LIAP_TOL * table.range;
    // Gambit's start: everyone's first strategy, on the grid of mesh 1.
    let mut point: Vec<i64> = table
        .shape
        .iter()
        .flat_map(|&m| (0..m).map(|s| i64::from(s == 0)))
        .collect();
    let mut den: i64 = 1;
    let mut budget = options.max_labels;
    loop {
        if den > MAX_DENOMINATOR / refine {
            return Err(SolveError::Numerical {
                method: "simpdiv",
                reason: format!(
                    "grid of mesh 1/{den} reached with regret above the tolerance {}",
                    options.tolerance
                ),
            });
        }
        den *= refine;
        point.iter_mut().for_each(|p| *p *= refine);
        let mut walk = Walk::new(&table, point, den, budget, *watch);
        walk.run()?;
        budget = walk.budget;
        point = walk.best;
        let regret = walk.best_regret;
        let x = to_mixed(&table.shape, &point, den);
        if options.polish && (regret <= POLISH_FROM * table.range || regret <= target) {
            if let Some(y) = table.polish(&x, polish_tol) {
                return Ok(y);
            }
        }
        if regret <= target {
            return Ok(x);
        }
    }
}

/// A grid point as a mixed profile.
fn to_mixed(shape: &[usize], point: &[i64], den: i64) -> Mixed {
    let mut rest = point;
    shape
        .iter()
        .map(|&m| {
            let (mine, others) = rest.split_at(m);
            rest = others;
            mine.iter().map(|&p| p as f64 / den as f64).collect()
        })
        .collect()
}

/// What the current region does with a strategy.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Role {
    /// Neither of the others.
    Free,
    /// Its label is carried by the simplex: one of the region's directions.
    Direction,
    /// Held at probability zero throughout the region; it counts towards
    /// completing its player's labels, as a best response is only needed
    /// among the strategies played.
    Pinned,
}

/// One walk on a fixed grid, from a fixed centre. Strategies are indexed
/// flat, player by player; a point is a vector of numerators over `den`,
/// and "a step" below is one unit of numerator.
///
/// Within a player's block, strategies are in a cycle, and `q(s)` is the
/// vector `e(s) - e(prev(s))`: the region around the centre is the set of
/// points `centre + sum over non-free s of coef(s) q(s)`. The simplex's
/// first vertex is that point for the integer `coef`; each further vertex
/// adds the step of one direction, `e(s) - e(back(s))`, where `back(s)` is
/// the nearest non-pinned strategy before `s` (pinned ones stay at zero).
struct Walk<'a> {
    table: &'a Table,
    /// The player of each strategy.
    owner: Vec<usize>,
    /// Each player's first strategy.
    first: Vec<usize>,
    centre: Vec<i64>,
    den: i64,
    role: Vec<Role>,
    /// Where the simplex's first vertex sits in the region, per `q(s)`.
    coef: Vec<i64>,
    /// The directions in the order the simplex's vertices take them:
    /// vertex `r + 1` is vertex `r` plus the step of `moves[r]`.
    moves: Vec<usize>,
    /// The label of each vertex (`moves.len() + 1` of them).
    labels: Vec<usize>,
    /// The grid point of least regret seen, and that regret.
    best: Vec<i64>,
    best_regret: f64,
    /// Labels still allowed.
    budget: usize,
    /// Looked at before each label.
    watch: Watch<'a>,
}

/// How a pivot ends: a new vertex to label, or a complete simplex.
enum Pivot {
    /// The new vertex and its place among the simplex's vertices.
    Vertex(Vec<i64>, usize),
    /// The walk has ended.
    Done,
}

impl<'a> Walk<'a> {
    fn new(table: &'a Table, centre: Vec<i64>, den: i64, budget: usize, watch: Watch<'a>) -> Self {
        let owner: Vec<usize> = table
            .shape
            .iter()
            .enumerate()
            .flat_map(|(j, &m)| std::iter::repeat_n(j, m))
            .collect();
        let first: Vec<usize> = table
            .shape
            .iter()
            .scan(0, |acc, &m| {
                let f = *acc;
                *acc += m;
                Some(f)
            })
            .collect();
        // Strategies the centre does not play start pinned: the walk
        // releases them when their label turns up.
        let role = centre
            .iter()
            .map(|&p| if p == 0 { Role::Pinned } else { Role::Free })
            .collect();
        let n = centre.len();
        Walk {
            table,
            owner,
            first,
            best: centre.clone(),
            centre,
            den,
            role,
            coef: vec![0; n],
            moves: Vec::new(),
            labels: vec![usize::MAX],
            best_regret: f64::INFINITY,
            budget,
            watch,
        }
    }

    fn prev(&self, s: usize) -> usize {
        let j = self.owner[s];
        if s == self.first[j] {
            s + self.table.shape[j] - 1
        } else {
            s - 1
        }
    }

    fn next(&self, s: usize) -> usize {
        let j = self.owner[s];
        if s + 1 == self.first[j] + self.table.shape[j] {
            self.first[j]
        } else {
            s + 1
        }
    }

    /// The nearest strategy before `s` in its cycle that is not pinned:
    /// the one a step along `s` takes probability from.
    fn back(&self, s: usize) -> usize {
        let mut k = self.prev(s);
        while self.role[k] == Role::Pinned && k != s {
            k = self.prev(k);
        }
        k
    }

    /// Adds `sign` steps along direction `s` to `y`.
    fn step(&self, y: &mut [i64], s: usize, sign: i64) {
        let k = self.back(s);
        y[s] += sign;
        y[k] -= sign;
    }

    /// Moves the first vertex by `sign` steps along `s` in the region's
    /// coordinates: the step `e(s) - e(back(s))` is the sum of `q(k)` for
    /// `k` from just after `back(s)` up to `s`.
    fn shift_coef(&mut self, s: usize, sign: i64) {
        let mut k = self.next(self.back(s));
        loop {
            self.coef[k] += sign;
            if k == s {
                break;
            }
            k = self.next(k);
        }
    }

    /// Vertex `r` of the current simplex.
    fn vertex(&self, r: usize) -> Vec<i64> {
        let mut y = self.centre.clone();
        for s in 0..y.len() {
            if self.role[s] != Role::Free && self.coef[s] != 0 {
                let k = self.prev(s);
                y[s] += self.coef[s];
                y[k] -= self.coef[s];
            }
        }
        for &s in &self.moves[..r] {
            self.step(&mut y, s, 1);
        }
        y
    }

    /// Whether every strategy of `s`'s player but `s` is a direction or
    /// pinned: a label `s` then completes the simplex.
    fn completes(&self, s: usize) -> bool {
        let j = self.owner[s];
        let block = self.first[j]..self.first[j] + self.table.shape[j];
        block
            .filter(|&k| k != s && self.role[k] == Role::Free)
            .count()
            == 0
    }

    /// The label of grid point `y`: the best response of the player with
    /// the largest regret (the first such player and strategy on ties, as
    /// Gambit breaks them). Keeps the best point seen.
    fn label(&mut self, y: &[i64]) -> Result<usize, SolveError> {
        // A label reads the whole payoff table: the check beside it is free.
        self.watch.check()?;
        if self.budget == 0 {
            return Err(SolveError::Numerical {
                method: "simpdiv",
                reason: format!(
                    "label budget spent on the grid of mesh 1/{} (best regret {:.3e})",
                    self.den, self.best_regret
                ),
            });
        }
        self.budget -= 1;
        let x = to_mixed(&self.table.shape, y, self.den);
        let v = self.table.values(&x);
        let (mut label, mut worst) = (0, f64::NEG_INFINITY);
        for (j, (vj, xj)) in v.iter().zip(&x).enumerate() {
            let u: f64 = vj.iter().zip(xj).map(|(a, b)| a * b).sum();
            let (mut h, mut top) = (0, f64::NEG_INFINITY);
            for (s, &a) in vj.iter().enumerate() {
                if a > top {
                    (h, top) = (s, a);
                }
            }
            if top - u > worst {
                (label, worst) = (self.first[j] + h, top - u);
            }
        }
        if worst < self.best_regret {
            self.best_regret = worst;
            self.best = y.to_vec();
        }
        Ok(label)
    }

    /// Follows the path of simplices until one is complete.
    fn run(&mut self) -> Result<(), SolveError> {
        let mut y = self.centre.clone();
        let mut fresh = 0;
        loop {
            let label = self.label(&y)?;
            self.labels[fresh] = label;
            // Where a new direction enters the list of moves.
            let at = match self.role[label] {
                Role::Direction => {
                    // The label was already on the simplex: the vertex
                    // that carried it before goes.
                    let r = (0..self.labels.len())
                        .find(|&r| r != fresh && self.labels[r] == label)
                        .ok_or_else(|| lost("a repeated label without its twin"))?;
                    match self.replace(r)? {
                        Pivot::Vertex(z, f) => {
                            (y, fresh) = (z, f);
                            continue;
                        }
                        Pivot::Done => return Ok(()),
                    }
                }
                Role::Free if self.completes(label) => return Ok(()),
                // A new label: the region gains its direction, at the end.
                Role::Free => self.moves.len(),
                // A pinned strategy's label releases it. Its step goes just
                // before the direction that took probability from the same
                // strategy (if any), so that the vertices after it stay.
                Role::Pinned => {
                    let mut k = self.next(label);
                    while self.role[k] == Role::Pinned {
                        k = self.next(k);
                    }
                    if self.role[k] == Role::Direction {
                        self.moves
                            .iter()
                            .position(|&m| m == k)
                            .ok_or_else(|| lost("a direction missing from the moves"))?
                    } else {
                        self.moves.len()
                    }
                }
            };
            y = self.vertex(at);
            self.step(&mut y, label, 1);
            self.moves.insert(at, label);
            self.labels.insert(at + 1, usize::MAX);
            self.role[label] = Role::Direction;
            fresh = at + 1;
        }
    }

    /// Drops vertex `r` of the simplex and finds the vertex that replaces
    /// it: the neighbouring simplex across the facet opposite `r` in the
    /// region's triangulation, or, where that facet lies on the region's
    /// boundary, the facet itself in a smaller region, then again.
    fn replace(&mut self, mut r: usize) -> Result<Pivot, SolveError> {
        loop {
            let t = self.moves.len();
            if r == 0 {
                // The simplex slides forward along its first direction: the
                // base moves to vertex 1 and a new last vertex is added.
                let s = self.moves[0];
                let k = self.back(s);
                let mut y = self.vertex(t);
                let blocked = y[k] <= 0;
                if blocked && self.completes(k) {
                    // The strategy the step would take from is already at
                    // zero and is its player's last free one: pinned, it
                    // completes the simplex.
                    self.role[k] = Role::Pinned;
                    return Ok(Pivot::Done);
                }
                self.shift_coef(s, 1);
                self.moves.rotate_left(1);
                self.labels.rotate_left(1);
                if blocked {
                    // It cannot go below zero: pinned there, it changes
                    // the last step instead.
                    self.role[k] = Role::Pinned;
                    y = self.vertex(t);
                } else {
                    self.step(&mut y, s, 1);
                }
                return Ok(Pivot::Vertex(y, t));
            } else if r < t {
                // Swap the two steps around vertex r, unless the first
                // would leave the simplex: then the facet is on the
                // region's boundary.
                let s = self.moves[r];
                let k = self.back(s);
                let mut y = self.vertex(r - 1);
                if y[k] <= 0 {
                    r = self.shrink(r)?;
                    continue;
                }
                self.step(&mut y, s, 1);
                self.moves.swap(r - 1, r);
                return Ok(Pivot::Vertex(y, r));
            } else {
                // The last vertex goes: the simplex slides back along its
                // last direction, unless the base is at the region's edge.
                let s = self.moves[t - 1];
                let c = self.next(self.back(s));
                let mut y = self.vertex(0);
                if self.coef[c] == 0 {
                    if y[s] <= 0 {
                        r = self.shrink(t)?;
                        continue;
                    }
                    // The zero coefficients from c on: if they reach s the
                    // direction s leaves the region; otherwise the last
                    // pinned strategy among them is released and the step
                    // back takes probability from it.
                    let mut last = c;
                    while last != s && self.coef[self.next(last)] == 0 {
                        last = self.next(last);
                    }
                    if last == s {
                        r = self.shrink(t)?;
                        continue;
                    }
                    self.role[last] = Role::Free;
                }
                self.step(&mut y, s, -1);
                self.shift_coef(s, -1);
                self.moves.rotate_right(1);
                self.labels.rotate_right(1);
                return Ok(Pivot::Vertex(y, 0));
            }
        }
    }

    /// The facet opposite vertex `r` lies where direction `moves[r - 1]`
    /// ends: the region loses that direction (pinned if its strategy is at
    /// zero), the simplex loses vertex `r`, and the vertex that still
    /// carries the direction's label is the next to go.
    fn shrink(&mut self, r: usize) -> Result<usize, SolveError> {
        let s = self.moves[r - 1];
        let base = self.vertex(0);
        self.role[s] = if base[s] <= 0 {
            Role::Pinned
        } else {
            Role::Free
        };
        self.labels.remove(r);
        self.moves.remove(r - 1);
        self.labels
            .iter()
            .position(|&l| l == s)
            .ok_or_else(|| lost("a dropped direction's label not on the simplex"))
    }
}

/// An internal inconsistency of the walk, reported rather than a panic.
fn lost(what: &str) -> SolveError {
    SolveError::Numerical {
        method: "simpdiv",
        reason: format!("the walk lost its way: {what}"),
    }
}
