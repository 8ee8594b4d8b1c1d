//! Lemke–Howson on a two-player strategic game, with two tableaux as in
//! Gambit: player 1's best-response polytope `A y + r = 1` and player 2's
//! `B^T x + s = 1`, payoffs shifted positive. Strategy `i` of player 1 and
//! strategy `j` of player 2 carry labels `i` and `n1 + j`; the path starts by
//! dropping a label and ends when that label is picked up again.

use super::tableau::{FromRationalRow, Tableau};
use brink_game::{Field, Profile, Rational, SolveError, StrategicGame, Watch};
use num_traits::{One, Zero};
use std::collections::HashSet;

/// The payoff shift Gambit uses: one below the smaller of 0 and the least payoff.
fn shift(game: &StrategicGame) -> Rational {
    let mut min = <Rational as Zero>::zero();
    for c in 0..game.num_cells() {
        for p in 0..2 {
            let v = game.payoff(c, p);
            if v < min {
                min = v;
            }
        }
    }
    min - <Rational as One>::one()
}

/// Rows `[I | shifted payoffs | 1]` of one player's polytope: `own` is the
/// player whose strategies are the rows.
fn polytope_rows(game: &StrategicGame, own: usize, min: &Rational) -> Vec<Vec<Rational>> {
    let shape = game.shape();
    let (rows, cols) = (shape[own], shape[1 - own]);
    (0..rows)
        .map(|i| {
            let mut row = vec![<Rational as Zero>::zero(); rows + cols + 1];
            row[i] = <Rational as One>::one();
            for j in 0..cols {
                let cell = if own == 0 {
                    game.cell_index(&[i, j])
                } else {
                    game.cell_index(&[j, i])
                };
                row[rows + j] = game.payoff(cell, own) - min;
            }
            row[rows + cols] = <Rational as One>::one();
            row
        })
        .collect()
}

/// Most pivots one path may take before it is reported as a failure rather
/// than followed on (exact paths end; this guards against a bug or rounding).
const MAX_PATH_PIVOTS: u64 = 1_000_000;

/// Both players' tableaux at a complementary basis (the artificial one,
/// where nobody plays, or an equilibrium's).
#[derive(Clone)]
struct Bases<E> {
    t1: Tableau<E>,
    t2: Tableau<E>,
    n1: usize,
    n2: usize,
}

impl<E: FromRationalRow> Bases<E> {
    /// The artificial basis: every slack basic.
    fn artificial(game: &StrategicGame) -> Self {
        let shape = game.shape();
        let (n1, n2) = (shape[0], shape[1]);
        let min = shift(game);
        let convert = |rows: Vec<Vec<Rational>>| -> Vec<Vec<E>> {
            rows.iter().map(|r| E::from_row(r)).collect()
        };
        // Every label has one variable in each tableau. Player 1's holds r_i
        // (label i) then y_j (label n1 + j): its columns are the labels.
        let mut t1: Tableau<E> =
            Tableau::new(convert(polytope_rows(game, 0, &min)), (0..n1).collect());
        // Player 2's holds s_j (label n1 + j) then x_i (label i).
        let mut t2: Tableau<E> =
            Tableau::new(convert(polytope_rows(game, 1, &min)), (0..n2).collect());
        t1.ties_to_max = true;
        t2.ties_to_max = true;
        Bases { t1, t2, n1, n2 }
    }

    /// Label `l`'s column in player 2's tableau.
    fn column2(&self, l: usize) -> usize {
        if l >= self.n1 {
            l - self.n1
        } else {
            self.n2 + l
        }
    }

    /// The label of player 2's column `c`.
    fn label2(&self, c: usize) -> usize {
        if c >= self.n2 {
            c - self.n2
        } else {
            self.n1 + c
        }
    }

    /// Follows the path that drops `label` to the next complementary basis;
    /// stops within one pivot once `watch` is cancelled (the check is an
    /// atomic load, next to a pivot that rewrites a tableau).
    fn follow(&mut self, label: usize, watch: &Watch) -> Result<(), SolveError> {
        // Of the label's two variables (one in each tableau) exactly one is
        // nonbasic at a complementary basis: it enters.
        let mut in_first = self.t1.row_of[label].is_none();
        let mut entering = label;
        let mut pivots = 0u64;
        loop {
            watch.check()?;
            pivots += 1;
            if pivots > MAX_PATH_PIVOTS {
                return Err(SolveError::Numerical {
                    method: "lcp",
                    reason: format!(
                        "the Lemke-Howson path dropping label {} passed {MAX_PATH_PIVOTS} pivots",
                        label + 1
                    ),
                });
            }
            let col = if in_first {
                entering
            } else {
                self.column2(entering)
            };
            let tab = if in_first { &mut self.t1 } else { &mut self.t2 };
            let rows = tab.num_rows();
            let Some(row) = tab.leaving_row(col, 0..rows) else {
                return Err(SolveError::Numerical {
                    method: "lcp",
                    reason: "Lemke-Howson met an unbounded column".into(),
                });
            };
            let leaving = tab.basis[row];
            tab.pivot(row, col);
            let left = if in_first {
                leaving
            } else {
                self.label2(leaving)
            };
            if left == label {
                return Ok(());
            }
            // The label that left is now missing in this tableau: its variable
            // in the other tableau enters there.
            entering = left;
            in_first = !in_first;
        }
    }

    /// The basic variables of both tableaux, which identify the basis.
    fn key(&self) -> Vec<usize> {
        let mut k1 = self.t1.basis.clone();
        let mut k2 = self.t2.basis.clone();
        k1.sort_unstable();
        k2.sort_unstable();
        k1.push(usize::MAX);
        k1.extend(k2);
        k1
    }

    /// The equilibrium at this basis; `None` at the artificial one.
    fn profile(&self) -> Option<Profile<E::Out>> {
        let (n1, n2) = (self.n1, self.n2);
        let zero = <E::Out as Field>::zero();
        let x: Vec<E::Out> = (0..n1).map(|i| self.t2.value(n2 + i)).collect();
        let y: Vec<E::Out> = (0..n2).map(|j| self.t1.value(n1 + j)).collect();
        let total = |v: &[E::Out]| v.iter().fold(zero.clone(), |a, b| a + b.clone());
        let (sx, sy) = (total(&x), total(&y));
        if sx == zero || sy == zero {
            return None;
        }
        let normalise = |v: Vec<E::Out>, s: &E::Out| v.into_iter().map(|p| p / s.clone()).collect();
        Some(Profile::mixed(vec![normalise(x, &sx), normalise(y, &sy)]))
    }

    /// Entries of both tableaux, for the memory bound.
    fn size(&self) -> usize {
        (self.n1 + self.n2) * (self.n1 + self.n2 + 1)
    }
}

/// Most tableau entries the search below holds at once (a pair of tableaux
/// per level of its depth-first search).
pub(crate) const MAX_SEARCH_ENTRIES: usize = 20_000_000;

/// The equilibria Lemke–Howson reaches, as Gambit's `lcp` lists them: from
/// the artificial basis, the path that drops each label in turn; from each
/// equilibrium not met before (a basis, not a profile: a degenerate
/// equilibrium can be listed once per basis), again the path dropping each
/// label but the one it was reached by, depth first. Stops after
/// `stop_after` equilibria when given; the first is always the path from
/// label 0, Gambit's single answer. Stops with [`SolveError::Cancelled`]
/// within one pivot once `watch` is cancelled.
pub(crate) fn all_lemke_howson<E: FromRationalRow>(
    game: &StrategicGame,
    stop_after: Option<usize>,
    watch: &Watch,
) -> Result<Vec<Profile<E::Out>>, SolveError> {
    struct Frame<E> {
        bases: Bases<E>,
        came_by: Option<usize>,
        next: usize,
    }
    let root = Bases::<E>::artificial(game);
    let labels = root.n1 + root.n2;
    let size = root.size();
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let mut found = Vec::new();
    let mut stack = vec![Frame {
        bases: root,
        came_by: None,
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(label) = (top.next..labels).find(|&l| Some(l) != top.came_by) else {
            stack.pop();
            continue;
        };
        top.next = label + 1;
        let mut child = top.bases.clone();
        child.follow(label, watch)?;
        if !seen.insert(child.key()) {
            continue;
        }
        let Some(profile) = child.profile() else {
            continue;
        };
        found.push(profile);
        if stop_after.is_some_and(|n| found.len() >= n) {
            break;
        }
        if (stack.len() + 1) * size > MAX_SEARCH_ENTRIES {
            return Err(SolveError::TooLarge {
                method: "lcp",
                reason: format!(
                    "{}x{} game: the search from equilibrium to equilibrium is {} deep \
                     ({} tableau entries, limit {MAX_SEARCH_ENTRIES}); pass --stop-after",
                    game.shape()[0],
                    game.shape()[1],
                    stack.len() + 1,
                    (stack.len() + 1) * size
                ),
            });
        }
        stack.push(Frame {
            bases: child,
            came_by: Some(label),
            next: 0,
        });
    }
    Ok(found)
}
