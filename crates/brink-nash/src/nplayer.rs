//! Floating-point machinery the n-player methods share: a strategic game's
//! payoffs as a dense table, the values of pure strategies against a mixed
//! profile and their derivatives, the regret, and Newton's method on the
//! indifference equations of a support, which turns a rough equilibrium (a
//! descent's or a grid's) into one accurate to rounding (module `polish`).

use brink_game::StrategicGame;

mod polish;

/// The first `k` entries of `rest`, which keeps the others: one solve's
/// buffers cut from one allocation (`ipa`'s and `gnm`'s), where a small
/// game's allocations cost more than its arithmetic.
pub(crate) fn carve<'b, T>(rest: &mut &'b mut [T], k: usize) -> &'b mut [T] {
    let (head, tail) = std::mem::take(rest).split_at_mut(k);
    *rest = tail;
    head
}

/// Cuts a solve's buffers from one allocation with [`carve`], adding up
/// what it cut. A counting cutter ([`Cutter::counting`]) cuts empty pieces
/// from nothing: run once so, the sequence of cuts that later carves the
/// allocation gives its length, which is thus written once.
pub(crate) struct Cutter<'b, T> {
    rest: &'b mut [T],
    counting: bool,
    wanted: usize,
}

impl<'b, T> Cutter<'b, T> {
    /// Cuts from `buffer`, which must hold every piece asked for.
    pub(crate) fn new(buffer: &'b mut [T]) -> Self {
        Cutter {
            rest: buffer,
            counting: false,
            wanted: 0,
        }
    }

    /// Only counts: every piece is empty.
    pub(crate) fn counting() -> Self {
        Cutter {
            rest: &mut [],
            counting: true,
            wanted: 0,
        }
    }

    /// The next `k` entries (none when counting).
    pub(crate) fn cut(&mut self, k: usize) -> &'b mut [T] {
        self.wanted += k;
        if self.counting {
            &mut []
        } else {
            carve(&mut self.rest, k)
        }
    }

    /// How many entries were asked for.
    pub(crate) fn wanted(&self) -> usize {
        self.wanted
    }

    /// Whether every entry of the buffer was cut.
    pub(crate) fn used_up(&self) -> bool {
        self.rest.is_empty()
    }
}

/// A mixed profile: one probability vector per player.
pub(crate) type Mixed = Vec<Vec<f64>>;

/// A strategic game's payoffs in `f64`, cells first player fastest.
pub(crate) struct Table {
    /// Strategies per player.
    pub shape: Vec<usize>,
    /// Where each player's strategies start when all players' are numbered
    /// in one flat list, player by player, and the list's length at the end
    /// (`offsets[i]..offsets[i + 1]` are player `i`'s).
    pub offsets: Vec<usize>,
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
        let shape = g.shape();
        let offsets = std::iter::once(0)
            .chain(shape.iter().scan(0, |total, &m| {
                *total += m;
                Some(*total)
            }))
            .collect();
        Table {
            shape,
            offsets,
            payoffs,
            range,
        }
    }

    /// Number of players.
    pub fn players(&self) -> usize {
        self.shape.len()
    }

    /// Number of strategies, all players together.
    pub fn strategies(&self) -> usize {
        self.offsets[self.players()]
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
        let mut v = vec![0.0; self.strategies()];
        self.values_into(&self.flatten(x), &mut v);
        self.unflatten(&v)
    }

    /// [`Table::values`] on flat vectors (numbered as in
    /// [`Table::offsets`]), writing into `v`: for loops that evaluate many
    /// times and keep their buffers.
    pub fn values_into(&self, x: &[f64], v: &mut [f64]) {
        let n = self.players();
        v.fill(0.0);
        // Three players by plain loops (each weight the product of the
        // other two, in player order, as the walk below computes it).
        if n == 3 {
            return self.values_3(x, v);
        }
        self.values_walk(x, v);
    }

    /// [`Table::values_into`] for any number of players, `v` zeroed: a
    /// walk over the cells.
    fn values_walk(&self, x: &[f64], v: &mut [f64]) {
        let n = self.players();
        let mut cell = CellWalk::new(self, x);
        for c in 0..self.payoffs[0].len() {
            // With two players off this cell no value gains from it; with
            // one, only that player's.
            if cell.zeros <= 1 {
                for i in 0..n {
                    if cell.zeros == usize::from(cell.xs[i] == 0.0) {
                        let w = cell.weight(i, i);
                        v[cell.at[i]] += w * self.payoffs[i][c];
                    }
                }
            }
            cell.advance(self, x);
        }
    }

    /// `d[i][j][s][t]` for `j != i`: player `i`'s payoff from pure `s`
    /// when player `j` plays pure `t` and the rest mix (the derivative of
    /// `v[i][s]` in `x[j][t]`).
    pub fn cross_values(&self, x: &Mixed) -> Vec<Vec<Vec<Vec<f64>>>> {
        let n = self.players();
        let m = self.strategies();
        let mut flat = vec![0.0; m * m];
        self.cross_values_into(&self.flatten(x), &mut flat);
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        (self.offsets[i]..self.offsets[i + 1])
                            .map(|r| {
                                flat[r * m + self.offsets[j]..r * m + self.offsets[j + 1]].to_vec()
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    }

    /// [`Table::cross_values`] as one flat square matrix, row-major, rows
    /// and columns numbered as in [`Table::offsets`] (the blocks of a player
    /// against themself are zero), written into `d`: every iteration of
    /// `ipa` and of Newton's method needs it, and the nested vectors cost
    /// more to build than the sums on small games.
    pub fn cross_values_into(&self, x: &[f64], d: &mut [f64]) {
        let n = self.players();
        d.fill(0.0);
        // Three and four players, the common cases, by loops over the
        // cells that need no walk: each pair's weight is then one
        // probability or the product of two, the same numbers, added in the
        // same order, as the general loop below computes.
        match n {
            3 => self.cross_values_3(x, d),
            4 => self.cross_values_4(x, d),
            _ => self.cross_values_walk(x, d),
        }
    }

    /// [`Table::cross_values_into`] for any number of players, `d`
    /// zeroed: a walk over the cells.
    fn cross_values_walk(&self, x: &[f64], d: &mut [f64]) {
        let n = self.players();
        let m = self.strategies();
        let mut cell = CellWalk::new(self, x);
        // suffix[k]: the product of the cell's probabilities from player k
        // on; with a running prefix and the product between the pair, each
        // pair's weight (the product over the other players, the same for
        // `(i, j)` as for `(j, i)`) costs two multiplications.
        let mut suffix = vec![1.0; n + 1];
        for c in 0..self.payoffs[0].len() {
            // A pair's weight is zero unless every player off this cell is
            // one of the pair.
            if cell.zeros <= 2 {
                for k in (0..n).rev() {
                    suffix[k] = suffix[k + 1] * cell.xs[k];
                }
                let mut prefix = 1.0;
                for i in 0..n {
                    let mut between = 1.0;
                    for j in i + 1..n {
                        let w = prefix * between * suffix[j + 1];
                        if w != 0.0 {
                            let (a, b) = (cell.at[i], cell.at[j]);
                            d[a * m + b] += w * self.payoffs[i][c];
                            d[b * m + a] += w * self.payoffs[j][c];
                        }
                        between *= cell.xs[j];
                    }
                    prefix *= cell.xs[i];
                }
            }
            cell.advance(self, x);
        }
    }

    /// [`Table::values_into`] for three players, `v` zeroed.
    // The strategy indices are also rows and columns of `d` (or `v`).
    #[allow(clippy::needless_range_loop)]
    fn values_3(&self, x: &[f64], v: &mut [f64]) {
        let (o, shape) = (&self.offsets, &self.shape);
        let (u0, u1, u2) = (&self.payoffs[0], &self.payoffs[1], &self.payoffs[2]);
        let mut c = 0;
        for a2 in o[2]..o[2] + shape[2] {
            let x2 = x[a2];
            for a1 in o[1]..o[1] + shape[1] {
                let x1 = x[a1];
                let w0 = x1 * x2;
                for a0 in o[0]..o[0] + shape[0] {
                    let x0 = x[a0];
                    if w0 != 0.0 {
                        v[a0] += w0 * u0[c];
                    }
                    let w1 = x0 * x2;
                    if w1 != 0.0 {
                        v[a1] += w1 * u1[c];
                    }
                    let w2 = x0 * x1;
                    if w2 != 0.0 {
                        v[a2] += w2 * u2[c];
                    }
                    c += 1;
                }
            }
        }
    }

    /// [`Table::cross_values_into`] for three players, `d` zeroed.
    ///
    /// The entries between players 1 and 2 take one term per cell of the
    /// innermost loop (over player 0) and are summed in registers, stored
    /// once per run: updated in memory they made a chain of loads waiting
    /// on the last store. Their terms are not skipped at a zero
    /// probability of player 0 (which the branch mispredicted): a zero
    /// product leaves a sum that started at +0 unchanged, bit for bit.
    // The strategy indices are also rows and columns of `d` (or `v`).
    #[allow(clippy::needless_range_loop)]
    fn cross_values_3(&self, x: &[f64], d: &mut [f64]) {
        let m = self.strategies();
        let (o, shape) = (&self.offsets, &self.shape);
        let (u0, u1, u2) = (&self.payoffs[0], &self.payoffs[1], &self.payoffs[2]);
        let mut c = 0;
        for a2 in o[2]..o[2] + shape[2] {
            let x2 = x[a2];
            for a1 in o[1]..o[1] + shape[1] {
                let x1 = x[a1];
                let (mut d12, mut d21) = (d[a1 * m + a2], d[a2 * m + a1]);
                let run = c..c + shape[0];
                let (r0, r1, r2) = (&u0[run.clone()], &u1[run.clone()], &u2[run]);
                let xs = &x[o[0]..o[0] + shape[0]];
                for (k, &x0) in xs.iter().enumerate() {
                    let a0 = o[0] + k;
                    let (p0, p1, p2) = (r0[k], r1[k], r2[k]);
                    if x2 != 0.0 {
                        d[a0 * m + a1] += x2 * p0;
                        d[a1 * m + a0] += x2 * p1;
                    }
                    if x1 != 0.0 {
                        d[a0 * m + a2] += x1 * p0;
                        d[a2 * m + a0] += x1 * p2;
                    }
                    d12 += x0 * p1;
                    d21 += x0 * p2;
                }
                c += shape[0];
                d[a1 * m + a2] = d12;
                d[a2 * m + a1] = d21;
            }
        }
    }

    /// [`Table::cross_values_into`] for four players, `d` zeroed; the
    /// pairs without player 0 summed in registers over the innermost loop
    /// and their zero weights not skipped, as in
    /// [`Table::cross_values_3`].
    // The strategy indices are also rows and columns of `d` (or `v`).
    #[allow(clippy::needless_range_loop)]
    fn cross_values_4(&self, x: &[f64], d: &mut [f64]) {
        let m = self.strategies();
        let (o, shape) = (&self.offsets, &self.shape);
        let u = &self.payoffs;
        let mut c = 0;
        for a3 in o[3]..o[3] + shape[3] {
            let x3 = x[a3];
            for a2 in o[2]..o[2] + shape[2] {
                let x2 = x[a2];
                for a1 in o[1]..o[1] + shape[1] {
                    let x1 = x[a1];
                    // Pairs with player 0, weighted by the other two.
                    let (w1, w2, w3) = (x2 * x3, x1 * x3, x1 * x2);
                    // Pairs without player 0, one entry each way.
                    let (mut d12, mut d21) = (d[a1 * m + a2], d[a2 * m + a1]);
                    let (mut d13, mut d31) = (d[a1 * m + a3], d[a3 * m + a1]);
                    let (mut d23, mut d32) = (d[a2 * m + a3], d[a3 * m + a2]);
                    let run = c..c + shape[0];
                    let (u0, u1) = (&u[0][run.clone()], &u[1][run.clone()]);
                    let (u2, u3) = (&u[2][run.clone()], &u[3][run]);
                    let xs = &x[o[0]..o[0] + shape[0]];
                    for (k, &x0) in xs.iter().enumerate() {
                        let a0 = o[0] + k;
                        let (p0, p1, p2, p3) = (u0[k], u1[k], u2[k], u3[k]);
                        if w1 != 0.0 {
                            d[a0 * m + a1] += w1 * p0;
                            d[a1 * m + a0] += w1 * p1;
                        }
                        if w2 != 0.0 {
                            d[a0 * m + a2] += w2 * p0;
                            d[a2 * m + a0] += w2 * p2;
                        }
                        if w3 != 0.0 {
                            d[a0 * m + a3] += w3 * p0;
                            d[a3 * m + a0] += w3 * p3;
                        }
                        let w = x0 * x3;
                        d12 += w * p1;
                        d21 += w * p2;
                        let w = x0 * x2;
                        d13 += w * p1;
                        d31 += w * p3;
                        let w = x0 * x1;
                        d23 += w * p2;
                        d32 += w * p3;
                    }
                    c += shape[0];
                    d[a1 * m + a2] = d12;
                    d[a2 * m + a1] = d21;
                    d[a1 * m + a3] = d13;
                    d[a3 * m + a1] = d31;
                    d[a2 * m + a3] = d23;
                    d[a3 * m + a2] = d32;
                }
            }
        }
    }

    /// A profile as one flat vector, numbered as in [`Table::offsets`].
    pub fn flatten(&self, x: &Mixed) -> Vec<f64> {
        x.iter().flatten().copied().collect()
    }

    /// A flat vector cut into one part per player.
    pub fn unflatten(&self, x: &[f64]) -> Mixed {
        self.offsets
            .windows(2)
            .map(|w| x[w[0]..w[1]].to_vec())
            .collect()
    }

    /// The largest gain any player has from a pure deviation.
    pub fn regret(&self, x: &Mixed) -> f64 {
        let mut v = vec![0.0; self.strategies()];
        self.regret_into(&self.flatten(x), &mut v)
    }

    /// [`Table::regret`] of a flat profile, with `v` as scratch space for
    /// the values.
    pub fn regret_into(&self, x: &[f64], v: &mut [f64]) -> f64 {
        self.values_into(x, v);
        self.offsets
            .windows(2)
            .map(|w| {
                let (vi, xi) = (&v[w[0]..w[1]], &x[w[0]..w[1]]);
                let u: f64 = vi.iter().zip(xi).map(|(a, b)| a * b).sum();
                vi.iter().fold(f64::NEG_INFINITY, |m, &a| m.max(a)) - u
            })
            .fold(0.0, f64::max)
    }
}

/// A walk over a table's cells, first player fastest, keeping each player's
/// flat strategy index in the current cell, its probability in `x`, and
/// how many of those are zero (which decide most weights without
/// multiplying).
struct CellWalk {
    at: Vec<usize>,
    xs: Vec<f64>,
    zeros: usize,
}

impl CellWalk {
    fn new(table: &Table, x: &[f64]) -> Self {
        let at: Vec<usize> = table.offsets[..table.players()].to_vec();
        let xs: Vec<f64> = at.iter().map(|&a| x[a]).collect();
        let zeros = xs.iter().filter(|&&p| p == 0.0).count();
        CellWalk { at, xs, zeros }
    }

    /// The product of the probabilities of the players other than `i` and
    /// `j`, in player order.
    fn weight(&self, i: usize, j: usize) -> f64 {
        let mut w = 1.0;
        for (k, &p) in self.xs.iter().enumerate() {
            if k != i && k != j {
                w *= p;
            }
        }
        w
    }

    fn advance(&mut self, table: &Table, x: &[f64]) {
        for k in 0..self.at.len() {
            let old = self.xs[k];
            self.at[k] += 1;
            let wrapped = self.at[k] == table.offsets[k + 1];
            if wrapped {
                self.at[k] = table.offsets[k];
            }
            let new = x[self.at[k]];
            self.xs[k] = new;
            self.zeros = self.zeros + usize::from(new == 0.0) - usize::from(old == 0.0);
            if !wrapped {
                return;
            }
        }
    }
}

/// Solves `a y = b` in place by Gaussian elimination with partial pivoting
/// (`a` square, row-major, overwritten by its factors; `b` becomes `y`);
/// false when a pivot is exactly zero. Small systems solved every
/// iteration, where allocating a matrix cost more than eliminating.
pub(crate) fn lu_solve(a: &mut [f64], b: &mut [f64]) -> bool {
    let dim = b.len();
    debug_assert_eq!(a.len(), dim * dim);
    for col in 0..dim {
        // The first row of largest magnitude.
        let mut pivot = col;
        for r in col + 1..dim {
            if a[r * dim + col].abs() > a[pivot * dim + col].abs() {
                pivot = r;
            }
        }
        let pv = a[pivot * dim + col];
        if pv == 0.0 {
            return false;
        }
        if pivot != col {
            for c in 0..dim {
                a.swap(pivot * dim + c, col * dim + c);
            }
            b.swap(pivot, col);
        }
        let (upper, lower) = a.split_at_mut((col + 1) * dim);
        let pivot_row = &upper[col * dim..];
        for (q, row) in lower.chunks_exact_mut(dim).enumerate() {
            let f = row[col] / pv;
            if f != 0.0 {
                for c in col + 1..dim {
                    row[c] -= f * pivot_row[c];
                }
                b[col + 1 + q] -= f * b[col];
            }
        }
    }
    for col in (0..dim).rev() {
        let mut y = b[col];
        for c in col + 1..dim {
            y -= a[col * dim + c] * b[c];
        }
        b[col] = y / a[col * dim + col];
    }
    true
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
    // Two strategies (the most common simplex here) ordered in place of
    // the copy and the sort's call, as the stable sort orders them, so the
    // same sums follow.
    let pair;
    let sorted: &[f64] = if let [a, b] = *y {
        pair = if a.total_cmp(&b).is_lt() {
            [b, a]
        } else {
            [a, b]
        };
        &pair
    } else {
        sorted.clear();
        sorted.extend_from_slice(y);
        sorted.sort_by(|a, b| b.total_cmp(a));
        sorted
    };
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

/// The table of the strategic game in `file` (a path from the workspace
/// root), for the unit tests of the methods that take a [`Table`].
#[cfg(test)]
pub(crate) fn table_of(file: &str) -> Table {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(file);
    let brink_game::Game::Strategic(g) =
        brink_gambit::read_game_file(&path).expect("fixture reads")
    else {
        panic!("{file} is a strategic game")
    };
    Table::new(&g)
}

#[cfg(test)]
#[path = "nplayer_tests.rs"]
mod tests;
