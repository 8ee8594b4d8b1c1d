//! Lemke's algorithm on the sequence form (Koller, Megiddo, von Stengel 1996).
//!
//! The LCP, with `A' = A - c W`, `B' = B - c W` (payoffs shifted by `c`, one
//! more than the largest payoff, so every terminal pair has a negative entry;
//! `W` holds the chance weights of terminal pairs, so the shift is neutral):
//!
//! ```text
//!   w_x = -A' y - E^T p + z0 >= 0    complementary to x >= 0
//!   w_y = -B'^T x - F^T q + z0 >= 0  complementary to y >= 0
//!   w_p = E x - e + z0 >= 0          complementary to p >= 0
//!   w_q = F y - f + z0 >= 0          complementary to q >= 0
//! ```
//!
//! `p`, `q` are the players' information-set values (nonnegative because the
//! shifted payoffs are negative: a cost for each player), and `E x >= e` is
//! as good as `E x = e` where the plan matters. The covering vector and the
//! start are Gambit's, so that the two follow the same path: the covering
//! vector is all ones except `1/1000` in the row of player 1's empty sequence
//! (the perturbation Gambit's default search starts with), and the first
//! pivot brings `z0` into player 1's root constraint.

use super::column_tableau::ColumnTableau;
use super::tableau::{FromRationalRow, Tableau};
use brink_game::progress::Watch;
use brink_game::sequence_form::SequenceForm;
use brink_game::{ExtensiveGame, NodeId, Profile, Rational, SolveError};
use num_traits::{One, Zero};

/// One more than the largest payoff of the game, over outcomes and the
/// totals along paths to terminal nodes: shifting by it makes every terminal
/// payoff negative.
pub(crate) fn payoff_bound(game: &ExtensiveGame) -> Rational {
    let mut best: Option<Rational> = None;
    let mut bump = |v: &Rational| {
        if best.as_ref().is_none_or(|b| v > b) {
            best = Some(v.clone());
        }
    };
    for o in game.outcomes() {
        o.payoffs.iter().for_each(&mut bump);
    }
    for p in 0..game.num_players() {
        let mut total = vec![<Rational as Zero>::zero(); game.num_nodes()];
        for i in 0..game.num_nodes() {
            let n = NodeId(i as u32);
            let mut v = game
                .parent(n)
                .map_or_else(Rational::zero, |q| total[q.index()].clone());
            if let Some(o) = game.node_outcome(n) {
                v += &game.outcomes()[o.index()].payoffs[p];
            }
            if game.is_terminal(n) {
                bump(&v);
            }
            total[i] = v;
        }
    }
    best.unwrap_or_else(Rational::zero) + <Rational as One>::one()
}

/// Where each block of LCP variables starts.
struct Layout {
    ns: [usize; 2],
    ni: [usize; 2],
}

impl Layout {
    /// A variable per sequence, and per information set plus the root
    /// constraint, of each player.
    fn new(sf: &SequenceForm) -> Self {
        Layout {
            ns: sf.num_sequences(),
            ni: [sf.infosets[0].len() + 1, sf.infosets[1].len() + 1],
        }
    }
    fn x(&self, s: usize) -> usize {
        s
    }
    fn y(&self, t: usize) -> usize {
        self.ns[0] + t
    }
    fn p(&self, r: usize) -> usize {
        self.ns[0] + self.ns[1] + r
    }
    fn q(&self, r: usize) -> usize {
        self.ns[0] + self.ns[1] + self.ni[0] + r
    }
    fn n(&self) -> usize {
        self.ns[0] + self.ns[1] + self.ni[0] + self.ni[1]
    }
}

/// The LCP matrix rows `[I | -M | -d | q]` in rationals, sparse: a
/// tree's sequence form has a few entries per row, and a dense matrix of a
/// million sequences would not fit in memory.
fn lcp_rows(
    game: &ExtensiveGame,
    sf: &SequenceForm,
    prior: bool,
) -> (Layout, Vec<Vec<(u32, Rational)>>) {
    let layout = Layout::new(sf);
    let n = layout.n();
    let c = payoff_bound(game);
    // Entries of M; several leaves may share a pair of sequences, so equal
    // positions are summed after sorting.
    let mut m: Vec<Vec<(u32, Rational)>> = vec![Vec::new(); n];
    for e in &sf.payoffs {
        let (s, t) = (e.seq[0], e.seq[1]);
        let shift = &c * &e.leaf_weight;
        m[layout.x(s)].push((layout.y(t) as u32, &shift - &e.payoff[0]));
        m[layout.y(t)].push((layout.x(s) as u32, &shift - &e.payoff[1]));
    }
    for (r, s, coef) in sf.constraints(0) {
        let v = Rational::from_integer(coef.into());
        m[layout.x(s)].push((layout.p(r) as u32, -v.clone()));
        m[layout.p(r)].push((layout.x(s) as u32, v));
    }
    for (r, t, coef) in sf.constraints(1) {
        let v = Rational::from_integer(coef.into());
        m[layout.y(t)].push((layout.q(r) as u32, -v.clone()));
        m[layout.q(r)].push((layout.y(t) as u32, v));
    }
    let cover: Option<Vec<Rational>> = prior.then(|| {
        let plans = [
            first_action_plan(game, sf, 0),
            first_action_plan(game, sf, 1),
        ];
        let mut d = vec![Rational::zero(); n];
        for e in &sf.payoffs {
            let (s, t) = (e.seq[0], e.seq[1]);
            let shift = &c * &e.leaf_weight;
            if plans[1][t] {
                d[layout.x(s)] += &shift - &e.payoff[0];
            }
            if plans[0][s] {
                d[layout.y(t)] += &shift - &e.payoff[1];
            }
        }
        d[layout.p(0)] = Rational::one();
        d[layout.q(0)] = Rational::one();
        d
    });
    let rows = m
        .into_iter()
        .enumerate()
        .map(|(i, mut entries)| {
            entries.sort_by_key(|e| e.0);
            let mut row: Vec<(u32, Rational)> = vec![(i as u32, <Rational as One>::one())];
            for (j, v) in entries {
                let col = (n + j as usize) as u32;
                match row.last_mut() {
                    Some(last) if last.0 == col => last.1 -= v,
                    _ => row.push((col, -v)),
                }
            }
            row.retain(|e| !e.1.is_zero());
            let cover = match &cover {
                Some(d) => -d[i].clone(),
                None if i == layout.x(0) => -Rational::new(1.into(), 1000.into()),
                None => -<Rational as One>::one(),
            };
            if !cover.is_zero() {
                row.push(((2 * n) as u32, cover));
            }
            if i == layout.p(0) || i == layout.q(0) {
                row.push(((2 * n + 1) as u32, -<Rational as One>::one()));
            }
            row
        })
        .collect();
    (layout, rows)
}

/// The pure realization plan that takes the first action everywhere.
fn first_action_plan(game: &ExtensiveGame, sf: &SequenceForm, player: usize) -> Vec<bool> {
    let mut plan = vec![false; sf.sequences[player].len()];
    plan[0] = true;
    let mut order = sf.infosets[player].clone();
    order.sort_by_key(|h| game.infoset(h.id).members[0]);
    for h in order {
        plan[h.first] = plan[h.parent];
    }
    plan
}

/// Lemke's algorithm on the sequence form: the realization plans it ends at,
/// as a behavior profile.
pub(crate) fn lemke<E: FromRationalRow>(
    game: &ExtensiveGame,
    sf: &SequenceForm,
    prior: bool,
    watch: &Watch,
) -> Result<Profile<E::Out>, SolveError> {
    let [x, y] = lemke_plans::<E>(game, sf, prior, watch)?.plans;
    Ok(sf.behavior_profile(game, [&x, &y]))
}

/// Number of rows (and of complementary pairs) of the sequence-form LCP.
pub(crate) fn lcp_size(sf: &SequenceForm) -> usize {
    Layout::new(sf).n()
}

/// Lemke's algorithm on the sequence form: the two realization plans it ends
/// at. With `prior`, the covering vector is that of the tracing procedure
/// from the pure prior [`first_action_plan`] (von Stengel, van den Elzen and
/// Talman 2002); otherwise Gambit's.
pub(crate) fn lemke_plans<E: FromRationalRow>(
    game: &ExtensiveGame,
    sf: &SequenceForm,
    prior: bool,
    watch: &Watch,
) -> Result<PathEnd<E::Out>, SolveError> {
    let (layout, rows) = lcp_rows(game, sf, prior);
    let n = layout.n();
    let cells: Vec<_> = rows.iter().map(|r| E::from_sparse_row(r)).collect();
    drop(rows);
    let tab = Tableau::from_sparse(cells, 2 * n + 2, (0..n).collect());
    follow_path(tab, &layout, prior, watch)
}

/// [`lemke_plans`] in floating point on a tableau stored by columns, which
/// large sequence forms need (see [`ColumnTableau`]); the same path.
pub(crate) fn lemke_plans_by_columns(
    game: &ExtensiveGame,
    sf: &SequenceForm,
    prior: bool,
    watch: &Watch,
) -> Result<PathEnd<f64>, SolveError> {
    let (layout, rows) = lcp_rows(game, sf, prior);
    let n = layout.n();
    let cells: Vec<_> = rows.iter().map(|r| f64::from_sparse_row(r)).collect();
    drop(rows);
    let tab = ColumnTableau::from_rows(cells, 2 * n + 2, (0..n).collect());
    follow_path(tab, &layout, prior, watch)
}

/// Where Lemke's path ended.
pub(crate) struct PathEnd<T> {
    /// The two realization plans.
    pub plans: [Vec<T>; 2],
    /// Pivots made on the way (the tests compare paths by it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub pivots: u64,
}

/// What Lemke's path needs of a tableau.
trait Pivoting {
    type Out: Clone;
    fn pivot(&mut self, row: usize, var: usize);
    fn leaving_row(&mut self, var: usize, rows: std::ops::Range<usize>) -> Option<usize>;
    fn basic(&self, row: usize) -> usize;
    fn values_after_pivot(
        &self,
        row: usize,
        var: usize,
        xs: &mut dyn Iterator<Item = usize>,
    ) -> Vec<Self::Out>;
    fn check_pivot(&mut self, row: usize, var: usize) -> Result<(), SolveError>;
    fn pivots(&self) -> u64;
}

impl<E: FromRationalRow> Pivoting for Tableau<E> {
    type Out = E::Out;
    fn pivot(&mut self, row: usize, var: usize) {
        Tableau::pivot(self, row, var);
    }
    fn leaving_row(&mut self, var: usize, rows: std::ops::Range<usize>) -> Option<usize> {
        Tableau::leaving_row(self, var, rows)
    }
    fn basic(&self, row: usize) -> usize {
        self.basis[row]
    }
    fn values_after_pivot(
        &self,
        row: usize,
        var: usize,
        xs: &mut dyn Iterator<Item = usize>,
    ) -> Vec<E::Out> {
        Tableau::values_after_pivot(self, row, var, xs)
    }
    fn check_pivot(&mut self, row: usize, var: usize) -> Result<(), SolveError> {
        Tableau::check_pivot(self, "lcp", row, var)
    }
    fn pivots(&self) -> u64 {
        self.pivots
    }
}

impl Pivoting for ColumnTableau {
    type Out = f64;
    fn pivot(&mut self, row: usize, var: usize) {
        ColumnTableau::pivot(self, row, var);
    }
    fn leaving_row(&mut self, var: usize, rows: std::ops::Range<usize>) -> Option<usize> {
        ColumnTableau::leaving_row(self, var, rows)
    }
    fn basic(&self, row: usize) -> usize {
        self.basis[row]
    }
    fn values_after_pivot(
        &self,
        row: usize,
        var: usize,
        xs: &mut dyn Iterator<Item = usize>,
    ) -> Vec<f64> {
        ColumnTableau::values_after_pivot(self, row, var, xs)
    }
    fn check_pivot(&mut self, row: usize, var: usize) -> Result<(), SolveError> {
        ColumnTableau::check_pivot(self, "lcp", row, var)
    }
    fn pivots(&self) -> u64 {
        self.pivots
    }
}

/// Lemke's complementary path from the start to the pivot that takes `z0`
/// out of the basis; the realization plans there.
fn follow_path<T: Pivoting>(
    mut tab: T,
    layout: &Layout,
    prior: bool,
    watch: &Watch,
) -> Result<PathEnd<T::Out>, SolveError> {
    watch.check()?;
    let n = layout.n();
    let z0 = 2 * n;
    // z0 enters where the root constraints are violated. Gambit takes player
    // 1's. With the prior's covering vector both rows tie, and the
    // lexicographic rule (which perturbs later rows less) takes player 2's.
    let start = if prior { layout.q(0) } else { layout.p(0) };
    tab.pivot(start, z0);
    let mut entering = n + start;
    loop {
        let Some(row) = tab.leaving_row(entering, 0..n) else {
            return Err(SolveError::Numerical {
                method: "lcp",
                reason: format!("Lemke's path ended in a ray after {} pivots", tab.pivots()),
            });
        };
        let leaving = tab.basic(row);
        if leaving == z0 {
            // The last pivot is not made, only read: its pivot row and
            // column can both be long (on a move with thousands of
            // actions, a single pivot would fill in more than all the
            // path before it).
            let plan = |count: usize, var: &dyn Fn(usize) -> usize| -> Vec<T::Out> {
                tab.values_after_pivot(row, entering, &mut (0..count).map(|s| n + var(s)))
            };
            let x = plan(layout.ns[0], &|s| layout.x(s));
            let y = plan(layout.ns[1], &|t| layout.y(t));
            return Ok(PathEnd {
                plans: [x, y],
                pivots: tab.pivots() + 1,
            });
        }
        tab.check_pivot(row, entering)?;
        tab.pivot(row, entering);
        // Every 256 pivots: a pivot of a large tableau takes microseconds
        // to milliseconds, so a cancelled solve stops within a second.
        if tab.pivots() & 0xff == 0 {
            watch.check()?;
            watch.update("lcp pivots", tab.pivots(), None);
        }
        entering = if leaving < n {
            leaving + n
        } else {
            leaving - n
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_game::{Action, GameBuilder, Outcome, Owner};
    use num_bigint::BigInt;

    fn q(n: i64) -> Rational {
        Rational::from_integer(n.into())
    }

    /// Matching pennies as a tree: the unique equilibrium is (1/2, 1/2) each.
    fn pennies() -> ExtensiveGame {
        let act = |l: &str| Action {
            label: l.into(),
            prob: None,
        };
        let mut b = GameBuilder::new("", vec!["1".into(), "2".into()]);
        let i1 = b.add_infoset(Owner::Player(0), 1, "", vec![act("H"), act("T")]);
        let i2 = b.add_infoset(Owner::Player(1), 1, "", vec![act("h"), act("t")]);
        let kids: Vec<u32> = b.set_move(b.root(), i1).unwrap().collect();
        for (k, &c) in kids.iter().enumerate() {
            let g: Vec<u32> = b.set_move(NodeId(c), i2).unwrap().collect();
            for (j, &leaf) in g.iter().enumerate() {
                let s = if k == j { 1 } else { -1 };
                let o = b.add_outcome(Outcome::new("", vec![q(s), q(-s)]));
                b.set_outcome(NodeId(leaf), Some(o));
            }
        }
        b.finish()
    }

    #[test]
    fn pennies_mix_half_half() {
        let g = pennies();
        let sf = SequenceForm::new(&g).unwrap();
        let half = Rational::new(1.into(), 2.into());
        let p = lemke::<BigInt>(&g, &sf, false, &Watch::quiet()).unwrap();
        assert_eq!(
            p.probs,
            vec![vec![half.clone(), half.clone()], vec![half.clone(), half]]
        );
        let f = lemke::<f64>(&g, &sf, false, &Watch::quiet()).unwrap();
        assert!((f.probs[0][0] - 0.5).abs() < 1e-12);
    }

    /// The two-player games with perfect recall of the corpus.
    fn corpus_sequence_forms() -> Vec<(std::path::PathBuf, ExtensiveGame, SequenceForm)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gambit");
        let mut files = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "efg") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
            .into_iter()
            .filter_map(|path| {
                let brink_game::Game::Extensive(g) = brink_gambit::read_game_file(&path).ok()?
                else {
                    return None;
                };
                let sf = SequenceForm::new(&g).ok()?;
                Some((path, g, sf))
            })
            .collect()
    }

    #[test]
    fn column_tableau_follows_the_row_tableau_path() {
        let games = corpus_sequence_forms();
        assert!(games.len() > 50, "{} games", games.len());
        for (path, g, sf) in &games {
            for prior in [false, true] {
                let rows = lemke_plans::<f64>(g, sf, prior, &Watch::quiet());
                let cols = lemke_plans_by_columns(g, sf, prior, &Watch::quiet());
                let (rows, cols) = match (rows, cols) {
                    (Ok(r), Ok(c)) => (r, c),
                    (r, c) => panic!(
                        "{}: prior {prior}: rows {:?}, columns {:?}",
                        path.display(),
                        r.err(),
                        c.err()
                    ),
                };
                assert_eq!(rows.pivots, cols.pivots, "{} prior {prior}", path.display());
                for p in 0..2 {
                    for (a, b) in rows.plans[p].iter().zip(&cols.plans[p]) {
                        assert!((a - b).abs() < 1e-9, "{}: {a} vs {b}", path.display());
                    }
                }
            }
        }
    }

    #[test]
    fn the_prior_start_ends_at_an_exact_equilibrium_on_every_corpus_game() {
        for (path, g, sf) in corpus_sequence_forms() {
            let profile = lemke::<BigInt>(&g, &sf, true, &Watch::quiet())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let game = brink_game::Game::Extensive(g);
            let regret = brink_game::regret::max_regret(&game, &profile);
            assert!(regret.is_zero(), "{}: regret {regret}", path.display());
        }
    }

    #[test]
    fn float_path_made_exact_matches_the_exact_path() {
        // What exact `lcp` does on large sequence forms: the column tableau's
        // float path, read as rationals and checked exactly. Where that
        // succeeds it must be an exact equilibrium, and on games of moderate
        // numbers the exact path's own profile. Two games are known to fall
        // back to the exact path or end elsewhere, and no other may.
        let mut unread = Vec::new();
        let mut parted = Vec::new();
        for (path, g, sf) in corpus_sequence_forms() {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let game = brink_game::Game::Extensive(g.clone());
            for prior in [false, true] {
                let exact = lemke::<BigInt>(&g, &sf, prior, &Watch::quiet()).unwrap();
                let float = lemke_plans_by_columns(&g, &sf, prior, &Watch::quiet()).unwrap();
                let Some(made) = crate::lcp::exact_from_float(&game, &g, &sf, &float.plans) else {
                    unread.push(format!("{name} {prior}"));
                    continue;
                };
                let brink_game::Solution::Exact { profile, regret } = made else {
                    panic!("an exact solution");
                };
                assert!(regret.is_zero());
                if profile.probs != exact.probs {
                    parted.push(format!("{name} {prior}"));
                }
            }
        }
        // Payoffs of 10^9 and more: the float tolerance decides ties the exact
        // path does not see, so the float path ends where no rational reading
        // is an equilibrium (and the exact path takes over) or at another
        // equilibrium than the exact path's.
        assert_eq!(unread, ["large_payoff_game.efg false"]);
        // centcs10's weights have denominators near 10^8, beyond what float
        // rounding lets the tight tolerance read; a looser one reads some as
        // simpler fractions, and the profile they give is still an exact
        // equilibrium (regret checked 0 above), though not the exact path's.
        assert_eq!(
            parted,
            [
                "centcs10.efg false",
                "centcs10.efg true",
                "large_payoff_game.efg true"
            ]
        );
    }

    #[test]
    fn bound_exceeds_every_payoff() {
        assert_eq!(payoff_bound(&pennies()), q(2));
    }
}
