//! The reduced strategic form of an extensive game.
//!
//! A player's pure strategies that differ only at information sets which their
//! own earlier choices make unreachable are payoff-equivalent; the reduced form
//! keeps one strategy per class. Strategies are listed and named as Gambit does:
//! they are enumerated by a depth-first walk of the tree that branches at each
//! information set of the player the first time the walk meets it (so earlier
//! information sets vary slowest), and a strategy's name has one character group
//! per information set of the player, in number order: the 1-based action, or
//! `*` where the strategy never reaches it (`12*`).
//!
//! All walks are loops with an explicit stack, never recursion.

use crate::error::SolveError;
use crate::extensive::{ExtensiveGame, NodeId, Outcome, Owner};
use crate::number::{Field, Rational};
use crate::profile::{Profile, ProfileKind};
use crate::progress::Watch;
use crate::strategic::StrategicGame;
use num_traits::Zero;

/// Default limit on the number of cells of a reduced strategic form: a million
/// payoff vectors is already more than the strategic-form solvers can use.
pub const DEFAULT_MAX_CELLS: u128 = 1_000_000;

/// The reduced strategic form of an extensive game, with the way back.
#[derive(Clone, Debug, PartialEq)]
pub struct ReducedForm {
    /// The payoff table, strategies named as Gambit names them.
    pub game: StrategicGame,
    /// `choices[player][strategy][k]`: the action the strategy takes at the
    /// player's `k`-th information set (as in [`ExtensiveGame::player_infosets`]),
    /// `None` where its own earlier choices make that set unreachable.
    pub choices: Vec<Vec<Vec<Option<usize>>>>,
}

/// Number of reduced strategies of each player, without listing them.
///
/// With perfect recall a player's information sets form a forest by the
/// player's own previous move, and a reduced strategy is a choice at every
/// root set and, recursively, at every set whose own previous move it makes;
/// so the count is a product of sums over that forest. Without perfect recall
/// the (larger) count of unreduced pure strategies is returned as a bound.
/// Counts saturate at `u128::MAX`.
pub fn reduced_strategy_counts(game: &ExtensiveGame) -> Vec<u128> {
    if game.check_perfect_recall().is_err() {
        return (0..game.num_players())
            .map(|p| game.num_pure_strategies(p))
            .collect();
    }
    (0..game.num_players())
        .map(|p| {
            let last = game.last_moves(p);
            let isets = game.player_infosets(p);
            // Each set's own previous move, as (position of parent set, action).
            let pos_of = |id| isets.iter().position(|&i| i == id).expect("own set");
            let parent: Vec<Option<(usize, usize)>> = isets
                .iter()
                .map(|&i| last[game.infoset(i).members[0].index()].map(|(j, a)| (pos_of(j), a)))
                .collect();
            // A set's own previous move is met before it on every path, so its
            // first member has a smaller id: visiting sets by decreasing first
            // member finishes every child before its parent.
            let mut order: Vec<usize> = (0..isets.len()).collect();
            order.sort_by_key(|&k| std::cmp::Reverse(game.infoset(isets[k]).members[0]));
            // per_action[k][a]: product of the counts of the sets that follow action a at set k.
            let mut per_action: Vec<Vec<u128>> = isets
                .iter()
                .map(|&i| vec![1u128; game.infoset(i).actions.len()])
                .collect();
            let mut total = 1u128;
            for k in order {
                let count = per_action[k]
                    .iter()
                    .fold(0u128, |s, &c| s.saturating_add(c));
                match parent[k] {
                    Some((j, a)) => per_action[j][a] = per_action[j][a].saturating_mul(count),
                    None => total = total.saturating_mul(count),
                }
            }
            total
        })
        .collect()
}

/// Builds the reduced strategic form, refusing with [`SolveError::TooLarge`]
/// (before building anything) when it would have more than `max_cells` cells.
pub fn reduced_strategic_form(
    game: &ExtensiveGame,
    max_cells: u128,
) -> Result<ReducedForm, SolveError> {
    reduced_strategic_form_watched(game, max_cells, &Watch::quiet())
}

/// [`reduced_strategic_form`], stopping with [`SolveError::Cancelled`]
/// within one cell once `watch` is cancelled: each cell walks the tree
/// wherever chance spreads, so a form within the cell limit can still take
/// minutes to fill (a million cells of a tree of 100,000 nodes).
pub fn reduced_strategic_form_watched(
    game: &ExtensiveGame,
    max_cells: u128,
    watch: &Watch,
) -> Result<ReducedForm, SolveError> {
    let counts = reduced_strategy_counts(game);
    let cells = counts.iter().fold(1u128, |a, &c| a.saturating_mul(c));
    if cells > max_cells {
        return Err(SolveError::TooLarge {
            method: "reduced strategic form",
            reason: format!(
                "{} reduced strategies per player ({} cells), more than the limit of {} cells",
                counts
                    .iter()
                    .map(u128::to_string)
                    .collect::<Vec<_>>()
                    .join(" x "),
                cells,
                max_cells
            ),
        });
    }
    let choices: Vec<Vec<Vec<Option<usize>>>> = (0..game.num_players())
        .map(|p| enumerate_player(game, p, max_cells))
        .collect::<Result<_, _>>()?;
    let strategies: Vec<Vec<String>> = choices
        .iter()
        .enumerate()
        .map(|(p, list)| {
            let order = gambit_infoset_order(game, p);
            list.iter().map(|c| strategy_label(c, &order)).collect()
        })
        .collect();
    let table = Table::new(game);
    let shape: Vec<usize> = choices.iter().map(Vec::len).collect();
    let num_cells: usize = shape.iter().product();
    let mut outcomes = Vec::with_capacity(num_cells);
    let mut profile = vec![0usize; shape.len()];
    for _ in 0..num_cells {
        watch.check()?;
        let picks: Vec<&[Option<usize>]> = profile
            .iter()
            .enumerate()
            .map(|(p, &s)| choices[p][s].as_slice())
            .collect();
        outcomes.push(Outcome::new("", table.payoffs(game, &picks)));
        // Next cell, first player fastest.
        for (p, s) in profile.iter_mut().enumerate() {
            *s += 1;
            if *s < shape[p] {
                break;
            }
            *s = 0;
        }
    }
    let cells = (0..outcomes.len() as u32).map(Some).collect();
    let strategic = StrategicGame {
        title: game.title.clone(),
        comment: game.comment.clone(),
        players: game.players.clone(),
        strategies,
        outcomes,
        cells,
        outcome_list: false,
    };
    Ok(ReducedForm {
        game: strategic,
        choices,
    })
}

/// The order in which Gambit lists a player's information sets: by first
/// appearance in the file (depth-first preorder), which need not be the order
/// of the numbers a hand-written file gives them. Returns positions in
/// [`ExtensiveGame::player_infosets`].
pub fn gambit_infoset_order(game: &ExtensiveGame, player: usize) -> Vec<usize> {
    let isets = game.player_infosets(player);
    let mut pos = vec![usize::MAX; game.infosets().len()];
    for (k, &i) in isets.iter().enumerate() {
        pos[i.index()] = k;
    }
    let mut first = vec![usize::MAX; isets.len()];
    for (k, n) in game.preorder().into_iter().enumerate() {
        if let Some(i) = game.node_infoset(n) {
            let p = pos[i.index()];
            if p != usize::MAX {
                first[p] = first[p].min(k);
            }
        }
    }
    let mut order: Vec<usize> = (0..isets.len()).collect();
    order.sort_by_key(|&k| first[k]);
    order
}

/// Gambit's name for a reduced strategy, information sets taken in `order`.
fn strategy_label(choice: &[Option<usize>], order: &[usize]) -> String {
    if choice.is_empty() {
        return "*".to_string();
    }
    order
        .iter()
        .map(|&k| choice[k].map_or("*".to_string(), |a| (a + 1).to_string()))
        .collect()
}

/// The position of each node's information set among its owner's sets.
struct Table {
    /// For each information set: `Some((player, position))` for players' sets.
    slot: Vec<Option<(usize, usize)>>,
}

impl Table {
    fn new(game: &ExtensiveGame) -> Self {
        let mut slot = vec![None; game.infosets().len()];
        for p in 0..game.num_players() {
            for (k, &i) in game.player_infosets(p).iter().enumerate() {
                slot[i.index()] = Some((p, k));
            }
        }
        Table { slot }
    }

    /// Expected payoffs when each player follows `picks[player]`; chance is averaged.
    fn payoffs(&self, game: &ExtensiveGame, picks: &[&[Option<usize>]]) -> Vec<Rational> {
        let mut total = vec![<Rational as Zero>::zero(); game.num_players()];
        let mut stack: Vec<(NodeId, Rational)> =
            vec![(game.root(), Rational::from_integer(1.into()))];
        while let Some((n, prob)) = stack.pop() {
            if let Some(o) = game.node_outcome(n) {
                for (t, u) in total.iter_mut().zip(&game.outcomes()[o.index()].payoffs) {
                    *t += &prob * u;
                }
            }
            let Some(iset) = game.node_infoset(n) else {
                continue;
            };
            match self.slot[iset.index()] {
                Some((p, k)) => {
                    // Reachable under the strategy's own moves, so it chose here.
                    let a = picks[p][k].expect("a reduced strategy chooses where it reaches");
                    stack.push((game.child(n, a), prob));
                }
                None => {
                    for (a, act) in game.infoset(iset).actions.iter().enumerate() {
                        let q = act
                            .prob
                            .as_ref()
                            .expect("chance actions have probabilities");
                        if !q.is_zero() {
                            stack.push((game.child(n, a), &prob * q));
                        }
                    }
                }
            }
        }
        total
    }
}

/// A player's reduced strategies, each as its choice per own information set
/// (`None` where its own moves never reach the set), with their labels.
pub type PlayerStrategies = (Vec<Vec<Option<usize>>>, Vec<String>);

/// One player's reduced strategies, as [`ReducedForm::choices`] lists them,
/// with their Gambit labels, without the payoff table (which for several
/// players can be far larger than the lists); refuses past `max` strategies.
pub fn reduced_strategies(
    game: &ExtensiveGame,
    player: usize,
    max: u128,
) -> Result<PlayerStrategies, SolveError> {
    let choices = enumerate_player(game, player, max)?;
    let order = gambit_infoset_order(game, player);
    let labels = choices.iter().map(|c| strategy_label(c, &order)).collect();
    Ok((choices, labels))
}

/// Lists a player's reduced strategies in Gambit's order (an odometer over the
/// choices in the order a depth-first walk meets them).
fn enumerate_player(
    game: &ExtensiveGame,
    player: usize,
    max: u128,
) -> Result<Vec<Vec<Option<usize>>>, SolveError> {
    let isets = game.player_infosets(player);
    let mut pos = vec![usize::MAX; game.infosets().len()];
    for (k, &i) in isets.iter().enumerate() {
        pos[i.index()] = k;
    }
    let mut choice: Vec<Option<usize>> = vec![None; isets.len()];
    let mut decisions: Vec<usize> = Vec::new();
    let mut list = Vec::new();
    let mut stack = Vec::new();
    loop {
        // Complete the strategy: walk the tree in preorder along the chosen
        // actions, taking the first action at every set not decided yet.
        stack.push(game.root());
        while let Some(n) = stack.pop() {
            let Some(iset) = game.node_infoset(n) else {
                continue;
            };
            if game.infoset(iset).owner == Owner::Player(player) {
                let k = pos[iset.index()];
                let a = *choice[k].get_or_insert_with(|| {
                    decisions.push(k);
                    0
                });
                stack.push(game.child(n, a));
            } else {
                stack.extend(game.children(n).rev());
            }
        }
        list.push(choice.clone());
        if list.len() as u128 > max {
            return Err(SolveError::TooLarge {
                method: "reduced strategic form",
                reason: format!(
                    "player {} has more than {} reduced strategies",
                    player + 1,
                    max
                ),
            });
        }
        // Advance the last decision that has an action left; forget the later ones.
        loop {
            let Some(&k) = decisions.last() else {
                return Ok(list);
            };
            let a = choice[k].expect("decided");
            if a + 1 < game.infoset(isets[k]).actions.len() {
                choice[k] = Some(a + 1);
                break;
            }
            choice[k] = None;
            decisions.pop();
        }
    }
}

impl ReducedForm {
    /// The behavior profile of a mixed profile on the reduced form (Kuhn's
    /// theorem): at each information set, the probability of an action is the
    /// total weight of the player's strategies that reach the set and take it,
    /// over the total weight of those that reach it. A set that no strategy in
    /// the support reaches gets all zeros, as Gambit prints it (the player's own
    /// moves already exclude it, so no path through it has weight).
    pub fn to_behavior<T: Field>(&self, game: &ExtensiveGame, mixed: &Profile<T>) -> Profile<T> {
        debug_assert_eq!(mixed.kind, ProfileKind::Mixed);
        let mut probs: Vec<Vec<T>> = vec![Vec::new(); game.infosets().len()];
        for (p, strategies) in self.choices.iter().enumerate() {
            for (k, &iset) in game.player_infosets(p).iter().enumerate() {
                let n = game.infoset(iset).actions.len();
                let mut weights = vec![T::zero(); n];
                for (s, choice) in strategies.iter().enumerate() {
                    let w = &mixed.probs[p][s];
                    if let (Some(a), false) = (choice[k], w.is_zero_value()) {
                        weights[a] = weights[a].clone() + w.clone();
                    }
                }
                let total = weights.iter().fold(T::zero(), |acc, w| acc + w.clone());
                // Where the player's own play never reaches the set, Gambit
                // prints all zeros; so do we (no path through it has weight).
                probs[iset.index()] = if total.is_zero_value() {
                    vec![T::zero(); n]
                } else {
                    weights.into_iter().map(|w| w / total.clone()).collect()
                };
            }
        }
        Profile::behavior(game, probs)
    }

    /// The behavior profile of a pure-strategy profile (one strategy per player).
    pub fn pure_to_behavior<T: Field>(
        &self,
        game: &ExtensiveGame,
        strategies: &[usize],
    ) -> Profile<T> {
        let mixed = Profile::mixed(
            self.choices
                .iter()
                .zip(strategies)
                .map(|(list, &s)| {
                    (0..list.len())
                        .map(|t| if t == s { T::one() } else { T::zero() })
                        .collect()
                })
                .collect(),
        );
        self.to_behavior(game, &mixed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensive::{Action, GameBuilder, InfosetId};
    use num_bigint::BigInt;

    fn q(n: i64) -> Rational {
        Rational::from_integer(BigInt::from(n))
    }

    fn act(label: &str) -> Action {
        Action {
            label: label.into(),
            prob: None,
        }
    }

    /// Player 1 chooses Out (payoff 0,0) or In; then player 2 chooses L or R
    /// without seeing anything more; after In-L player 1 moves again (a or b).
    fn game() -> ExtensiveGame {
        let mut b = GameBuilder::new("t", vec!["1".into(), "2".into()]);
        let i1 = b.add_infoset(Owner::Player(0), 1, "", vec![act("Out"), act("In")]);
        let i2 = b.add_infoset(Owner::Player(1), 1, "", vec![act("L"), act("R")]);
        let i3 = b.add_infoset(Owner::Player(0), 2, "", vec![act("a"), act("b")]);
        let k: Vec<u32> = b.set_move(b.root(), i1).unwrap().collect();
        let o = b.add_outcome(Outcome::new("", vec![q(0), q(0)]));
        b.set_outcome(NodeId(k[0]), Some(o));
        let g: Vec<u32> = b.set_move(NodeId(k[1]), i2).unwrap().collect();
        let h: Vec<u32> = b.set_move(NodeId(g[0]), i3).unwrap().collect();
        for (node, pay) in [(h[0], [3, 1]), (h[1], [1, 3]), (g[1], [2, 2])] {
            let o = b.add_outcome(Outcome::new("", vec![q(pay[0]), q(pay[1])]));
            b.set_outcome(NodeId(node), Some(o));
        }
        b.finish()
    }

    #[test]
    fn reduces_and_labels_like_gambit() {
        let g = game();
        assert_eq!(reduced_strategy_counts(&g), vec![3, 2]);
        let r = reduced_strategic_form(&g, 100).unwrap();
        assert_eq!(r.game.strategies[0], vec!["1*", "21", "22"]);
        assert_eq!(r.game.strategies[1], vec!["1", "2"]);
        // Cell (In then b, L): payoff (1, 3).
        let cell = r.game.cell_index(&[2, 0]);
        assert_eq!(r.game.payoff(cell, 0), q(1));
        assert_eq!(r.game.payoff(cell, 1), q(3));
        let cell = r.game.cell_index(&[0, 1]);
        assert_eq!(r.game.payoff(cell, 0), q(0));
    }

    #[test]
    fn refuses_before_building() {
        let err = reduced_strategic_form(&game(), 5).unwrap_err();
        assert!(matches!(err, SolveError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn mixed_to_behavior_is_realization_weighted() {
        let g = game();
        let r = reduced_strategic_form(&g, 100).unwrap();
        let half = Rational::new(1.into(), 2.into());
        let quarter = Rational::new(1.into(), 4.into());
        let mixed = Profile::mixed(vec![
            vec![half.clone(), quarter.clone(), quarter.clone()],
            vec![q(1), q(0)],
        ]);
        let b = r.to_behavior(&g, &mixed);
        assert_eq!(b.at(InfosetId(0)), &[half.clone(), half.clone()]);
        assert_eq!(b.at(InfosetId(2)), &[half.clone(), half]);
        // Never reached by player 1's own choices: all zeros, as Gambit prints.
        let b = r.pure_to_behavior::<Rational>(&g, &[0, 1]);
        assert_eq!(b.at(InfosetId(2)), &[q(0), q(0)]);
    }
}
