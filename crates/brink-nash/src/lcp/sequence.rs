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

use super::tableau::{FromRationalRow, Tableau};
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
fn lcp_rows(game: &ExtensiveGame, sf: &SequenceForm) -> (Layout, Vec<Vec<(u32, Rational)>>) {
    let ns = sf.num_sequences();
    let layout = Layout {
        ns,
        ni: [sf.infosets[0].len() + 1, sf.infosets[1].len() + 1],
    };
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
            let cover = if i == layout.x(0) {
                -Rational::new(1.into(), 1000.into())
            } else {
                -<Rational as One>::one()
            };
            row.push(((2 * n) as u32, cover));
            if i == layout.p(0) || i == layout.q(0) {
                row.push(((2 * n + 1) as u32, -<Rational as One>::one()));
            }
            row
        })
        .collect();
    (layout, rows)
}

/// Lemke's algorithm on the sequence form: the realization plans it ends at,
/// as a behavior profile.
pub(crate) fn lemke<E: FromRationalRow>(
    game: &ExtensiveGame,
    sf: &SequenceForm,
) -> Result<Profile<E::Out>, SolveError> {
    let (layout, rows) = lcp_rows(game, sf);
    let n = layout.n();
    let cells: Vec<_> = rows.iter().map(|r| E::from_sparse_row(r)).collect();
    let mut tab = Tableau::from_sparse(cells, 2 * n + 2, (0..n).collect());
    let z0 = 2 * n;
    // z0 enters where the root constraints are violated; Gambit takes player
    // 1's, and so do we.
    tab.pivot(layout.p(0), z0);
    let mut entering = n + layout.p(0);
    loop {
        let Some(row) = tab.leaving_row(entering, 0..n) else {
            return Err(SolveError::Numerical {
                method: "lcp",
                reason: format!("Lemke's path ended in a ray after {} pivots", tab.pivots),
            });
        };
        let leaving = tab.basis[row];
        tab.pivot(row, entering);
        tab.check_size("lcp")?;
        if leaving == z0 {
            break;
        }
        entering = if leaving < n {
            leaving + n
        } else {
            leaving - n
        };
    }
    let plan = |count: usize, var: &dyn Fn(usize) -> usize| -> Vec<E::Out> {
        (0..count).map(|s| tab.value(n + var(s))).collect()
    };
    let x = plan(layout.ns[0], &|s| layout.x(s));
    let y = plan(layout.ns[1], &|t| layout.y(t));
    Ok(sf.behavior_profile(game, [&x, &y]))
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
        let p = lemke::<BigInt>(&g, &sf).unwrap();
        assert_eq!(
            p.probs,
            vec![vec![half.clone(), half.clone()], vec![half.clone(), half]]
        );
        let f = lemke::<f64>(&g, &sf).unwrap();
        assert!((f.probs[0][0] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn bound_exceeds_every_payoff() {
        assert_eq!(payoff_bound(&pennies()), q(2));
    }
}
