//! Regret of a profile: how much each player gains by deviating to a best response.
//!
//! For extensive games the best response is computed on the tree, never through
//! the reduced strategic form (which can have millions of strategies): one pass
//! per player over the arena, visiting the player's information sets deepest
//! first. With perfect recall every information set below an information set
//! `I` has all its members below members of `I`, hence a later first
//! appearance in preorder (the order of [`ExtensiveGame::player_infosets`]), so
//! visiting information sets in reverse of that order decides every later
//! choice before an earlier one needs it.

use crate::action_graph::eval::advance;
use crate::extensive::{ExtensiveGame, NodeId, Owner};
use crate::number::Field;
use crate::profile::{Profile, ProfileKind};
use crate::strategic::StrategicGame;
use crate::Game;

/// The largest regret over all players (zero exactly at an exact equilibrium).
pub fn max_regret<T: Field>(game: &Game, profile: &Profile<T>) -> T {
    match game {
        // Folded player by player, not collected: every floating-point
        // answer of the n-player methods passes here, and on small games
        // its allocations cost more than its sums.
        Game::Strategic(g) => {
            let (values, starts) = values_flat(g, &profile.probs);
            profile
                .probs
                .iter()
                .enumerate()
                .map(|(p, mix)| regret_of(&values[starts[p]..starts[p + 1]], mix))
                .fold(T::zero(), |m, r| if r > m { r } else { m })
        }
        Game::Extensive(g) => {
            debug_assert_eq!(profile.kind, ProfileKind::Behavior);
            behavior_regrets(g, &profile.probs)
                .into_iter()
                .fold(T::zero(), |m, r| if r > m { r } else { m })
        }
    }
}

/// Each player's expected payoff from each of their pure strategies, against
/// the others' mixed strategies, in one pass over the table.
pub fn strategy_values<T: Field>(game: &StrategicGame, probs: &[Vec<T>]) -> Vec<Vec<T>> {
    let (values, starts) = values_flat(game, probs);
    starts
        .windows(2)
        .map(|w| values[w[0]..w[1]].to_vec())
        .collect()
}

/// [`strategy_values`] player after player in one vector, player `p`'s
/// from `starts[p]` to `starts[p + 1]`: three allocations in all (the
/// values, the payoffs, the indices), rather than one per player besides.
fn values_flat<T: Field>(game: &StrategicGame, probs: &[Vec<T>]) -> (Vec<T>, Vec<usize>) {
    let n = game.num_players();
    // The players' starts (n + 1), the shape (n) and the cell's pure
    // profile (n) in one vector.
    let mut index = vec![0; 3 * n + 1];
    let (starts, rest) = index.split_at_mut(n + 1);
    let (shape, profile) = rest.split_at_mut(n);
    for (p, s) in game.strategies.iter().enumerate() {
        shape[p] = s.len();
        starts[p + 1] = starts[p] + s.len();
    }
    let mut values: Vec<T> = vec![T::zero(); starts[n]];
    // Every outcome's payoffs in one flat list, `n` an outcome: one
    // allocation rather than one per outcome, which on small games cost
    // more than the pass itself.
    let payoffs: Vec<T> = game
        .outcomes
        .iter()
        .flat_map(|o| {
            o.payoffs
                .iter()
                .zip(&o.payoffs_f64)
                .map(|(r, &f)| T::from_rational_rounded(r, f))
        })
        .collect();
    // The cell's pure profile, kept up to date rather than decoded per
    // cell: on small games the decoding's allocation cost more than the
    // sums.
    for cell in 0..game.num_cells() {
        let outcome = game.cells[cell];
        if cell > 0 {
            advance(profile, shape);
        }
        let Some(o) = outcome else { continue };
        for p in 0..n {
            // Probability that the others play their parts of this cell.
            let mut w = T::one();
            for (q, &s) in profile.iter().enumerate() {
                if q != p {
                    w = w * probs[q][s].clone();
                    if w.is_zero_value() {
                        break;
                    }
                }
            }
            if !w.is_zero_value() {
                let v = &mut values[starts[p] + profile[p]];
                *v = v.clone() + w * payoffs[o as usize * n + p].clone();
            }
        }
    }
    index.truncate(n + 1);
    (values, index)
}

/// A player's regret from their strategies' values and their mix: the best
/// value less the mix's, or zero.
fn regret_of<T: Field>(values: &[T], mix: &[T]) -> T {
    let current = values
        .iter()
        .zip(mix)
        .fold(T::zero(), |acc, (v, p)| acc + v.clone() * p.clone());
    let best = values
        .iter()
        .skip(1)
        .fold(values[0].clone(), |m, v| if *v > m { v.clone() } else { m });
    let r = best - current;
    if r < T::zero() {
        T::zero()
    } else {
        r
    }
}

/// Each player's regret in a strategic game.
pub fn strategic_regrets<T: Field>(game: &StrategicGame, probs: &[Vec<T>]) -> Vec<T> {
    let (values, starts) = values_flat(game, probs);
    probs
        .iter()
        .enumerate()
        .map(|(p, mix)| regret_of(&values[starts[p]..starts[p + 1]], mix))
        .collect()
}

/// Probability of reaching every node, with player `skip`'s own moves counted
/// as certain (`None`: every mover counts). One downward pass over the arena.
pub fn reach<T: Field>(game: &ExtensiveGame, probs: &[Vec<T>], skip: Option<usize>) -> Vec<T> {
    let mut reach = Vec::with_capacity(game.num_nodes());
    reach.push(T::one());
    for i in 1..game.num_nodes() {
        let n = NodeId(i as u32);
        let parent = game.parent(n).expect("non-root node has a parent");
        let iset = game
            .node_infoset(parent)
            .expect("a parent has an information set");
        let own = game.infoset(iset).owner == Owner::Player(skip.unwrap_or(usize::MAX));
        let from = &reach[parent.index()];
        // Exact tic-tac-toe has half a million nodes: skipping products by 0
        // and 1 (the common case for pure profiles) keeps big-rational work rare.
        let r = if own {
            from.clone()
        } else {
            let a = game.action_to(n).expect("non-root node has an action");
            let p = &probs[iset.index()][a];
            if from.is_zero_value() || p.is_zero_value() {
                T::zero()
            } else if p.is_one_value() {
                from.clone()
            } else {
                from.clone() * p.clone()
            }
        };
        reach.push(r);
    }
    reach
}

/// Expected payoff of each player under a behavior profile.
pub fn behavior_payoffs<T: Field>(game: &ExtensiveGame, probs: &[Vec<T>]) -> Vec<T> {
    let reach = reach(game, probs, None);
    let mut totals = vec![T::zero(); game.num_players()];
    for (i, r) in reach.iter().enumerate() {
        if r.is_zero_value() {
            continue;
        }
        if let Some(o) = game.node_outcome(NodeId(i as u32)) {
            for (p, total) in totals.iter_mut().enumerate() {
                let u = T::from_rational(&game.outcomes()[o.index()].payoffs[p]);
                *total = total.clone() + r.clone() * u;
            }
        }
    }
    totals
}

/// Most pure strategies × nodes that [`best_response`] enumerates for a
/// player without perfect recall before it settles for an upper bound.
pub const MAX_ENUMERATION_WORK: u128 = 200_000_000;

/// The value of a best response for `player` against the profile, with the
/// action it picks at each of the player's information sets (indexed by position
/// in [`ExtensiveGame::player_infosets`]).
///
/// With perfect recall this is one pass over the tree. A player without perfect
/// recall has no such pass: their pure strategies are enumerated when there are
/// few enough (see [`MAX_ENUMERATION_WORK`]); beyond that the value returned is
/// an upper bound (the player choosing separately at every node), so a regret
/// computed from it can overstate but never understate the gain from deviating.
pub fn best_response<T: Field>(
    game: &ExtensiveGame,
    probs: &[Vec<T>],
    player: usize,
) -> (T, Vec<usize>) {
    if game.check_player_recall(player).is_ok() {
        return best_response_perfect_recall(game, probs, player);
    }
    if !regret_is_bound(game, player) {
        enumerate_pure_responses(game, probs, player)
    } else {
        (
            node_by_node_bound(game, probs, player),
            vec![0; game.player_infosets(player).len()],
        )
    }
}

/// Whether [`best_response`] (hence the regret) for `player` is only an upper
/// bound: the player lacks perfect recall and has too many pure strategies
/// to enumerate. Otherwise it is exact over the player's pure strategies.
pub fn regret_is_bound(game: &ExtensiveGame, player: usize) -> bool {
    game.check_player_recall(player).is_err()
        && game
            .num_pure_strategies(player)
            .saturating_mul(game.num_nodes() as u128)
            > MAX_ENUMERATION_WORK
}

/// Each outcome's payoff to `player`, converted once.
fn outcome_payoffs<T: Field>(game: &ExtensiveGame, player: usize) -> Vec<T> {
    game.outcomes()
        .iter()
        .map(|o| T::from_rational(&o.payoffs[player]))
        .collect()
}

/// Others-reach weighted payoff of `player` at a node's own outcome.
fn weighted_utility<T: Field>(game: &ExtensiveGame, others: &[T], pay: &[T], n: NodeId) -> T {
    let w = &others[n.index()];
    match game.node_outcome(n) {
        Some(o) if !w.is_zero_value() => {
            if w.is_one_value() {
                pay[o.index()].clone()
            } else {
                w.clone() * pay[o.index()].clone()
            }
        }
        _ => T::zero(),
    }
}

/// Best pure strategy by enumeration: one bottom-up pass per strategy.
fn enumerate_pure_responses<T: Field>(
    game: &ExtensiveGame,
    probs: &[Vec<T>],
    player: usize,
) -> (T, Vec<usize>) {
    let others = reach(game, probs, Some(player));
    let pay = outcome_payoffs::<T>(game, player);
    let isets = game.player_infosets(player);
    let mut position = vec![usize::MAX; game.infosets().len()];
    for (k, i) in isets.iter().enumerate() {
        position[i.index()] = k;
    }
    let mut choice = vec![0usize; isets.len()];
    let mut best: Option<(T, Vec<usize>)> = None;
    let mut w: Vec<T> = vec![T::zero(); game.num_nodes()];
    loop {
        for i in (0..game.num_nodes()).rev() {
            let n = NodeId(i as u32);
            let mut v = weighted_utility(game, &others, &pay, n);
            match game.node_infoset(n) {
                None => {}
                Some(iset) if game.infoset(iset).owner == Owner::Player(player) => {
                    v = v + w[game.child(n, choice[position[iset.index()]]).index()].clone();
                }
                Some(_) => {
                    for c in game.children(n) {
                        v = v + w[c.index()].clone();
                    }
                }
            }
            w[i] = v;
        }
        if best.as_ref().is_none_or(|(b, _)| w[0] > *b) {
            best = Some((w[0].clone(), choice.clone()));
        }
        // Next strategy, odometer style.
        let mut k = 0;
        loop {
            if k == choice.len() {
                return best.expect("at least one strategy");
            }
            choice[k] += 1;
            if choice[k] < game.infoset(isets[k]).actions.len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

/// An upper bound on any strategy's value: the player picks the best child at
/// every one of their nodes separately, as if they saw the whole history.
fn node_by_node_bound<T: Field>(game: &ExtensiveGame, probs: &[Vec<T>], player: usize) -> T {
    let others = reach(game, probs, Some(player));
    let pay = outcome_payoffs::<T>(game, player);
    let mut w: Vec<T> = vec![T::zero(); game.num_nodes()];
    for i in (0..game.num_nodes()).rev() {
        let n = NodeId(i as u32);
        let mut v = weighted_utility(game, &others, &pay, n);
        match game.node_infoset(n) {
            None => {}
            Some(iset) if game.infoset(iset).owner == Owner::Player(player) => {
                let mut children = game.children(n).map(|c| w[c.index()].clone());
                let first = children.next().expect("a decision node has children");
                v = v + children.fold(first, |m, x| if x > m { x } else { m });
            }
            Some(_) => {
                for c in game.children(n) {
                    v = v + w[c.index()].clone();
                }
            }
        }
        w[i] = v;
    }
    w[0].clone()
}

fn best_response_perfect_recall<T: Field>(
    game: &ExtensiveGame,
    probs: &[Vec<T>],
    player: usize,
) -> (T, Vec<usize>) {
    let others = reach(game, probs, Some(player));
    let pay = outcome_payoffs::<T>(game, player);
    let utility = |n: NodeId| weighted_utility(game, &others, &pay, n);
    let mut decided: Vec<Option<usize>> = vec![None; game.infosets().len()];
    let mut memo: Vec<Option<T>> = vec![None; game.num_nodes()];
    let mut stack: Vec<(NodeId, bool)> = Vec::new();

    // Post-order evaluation of the (others-reach weighted) best-response value
    // of a subtree, reusing values already computed.
    let mut evaluate = |start: NodeId, decided: &[Option<usize>], memo: &mut Vec<Option<T>>| {
        stack.push((start, false));
        while let Some((n, expanded)) = stack.pop() {
            if memo[n.index()].is_some() {
                continue;
            }
            let wanted: Vec<NodeId> = match game.node_infoset(n) {
                None => Vec::new(),
                Some(i) if game.infoset(i).owner == Owner::Player(player) => {
                    vec![game.child(
                        n,
                        decided[i.index()].expect("deeper choices are decided first"),
                    )]
                }
                Some(_) => game.children(n).collect(),
            };
            if !expanded {
                stack.push((n, true));
                stack.extend(
                    wanted
                        .iter()
                        .filter(|c| memo[c.index()].is_none())
                        .map(|&c| (c, false)),
                );
                continue;
            }
            let mut w = utility(n);
            for c in wanted {
                let v = memo[c.index()]
                    .as_ref()
                    .expect("children are evaluated first");
                if !v.is_zero_value() {
                    w = w + v.clone();
                }
            }
            memo[n.index()] = Some(w);
        }
    };

    // Information sets come in order of first appearance in preorder; with
    // perfect recall a set below another appears later, so the reverse order
    // decides every later choice before an earlier one needs it.
    for &iset in game.player_infosets(player).iter().rev() {
        let info = game.infoset(iset);
        let mut totals = vec![T::zero(); info.actions.len()];
        for &h in &info.members {
            for (a, total) in totals.iter_mut().enumerate() {
                let c = game.child(h, a);
                evaluate(c, &decided, &mut memo);
                *total = total.clone() + memo[c.index()].clone().expect("just evaluated");
            }
        }
        let mut best = 0;
        for a in 1..totals.len() {
            if totals[a] > totals[best] {
                best = a;
            }
        }
        decided[iset.index()] = Some(best);
    }
    evaluate(game.root(), &decided, &mut memo);
    let value = memo[0].clone().expect("root evaluated");
    let choices = game
        .player_infosets(player)
        .iter()
        .map(|i| decided[i.index()].unwrap_or(0))
        .collect();
    (value, choices)
}

/// Each player's regret under a behavior profile (`probs` indexed by information set).
pub fn behavior_regrets<T: Field>(game: &ExtensiveGame, probs: &[Vec<T>]) -> Vec<T> {
    let values = behavior_payoffs(game, probs);
    (0..game.num_players())
        .map(|p| {
            let (best, _) = best_response(game, probs, p);
            let r = best - values[p].clone();
            if r < T::zero() {
                T::zero()
            } else {
                r
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensive::{Action, GameBuilder, Outcome};
    use crate::number::Rational;
    use num_bigint::BigInt;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    fn act(label: &str) -> Action {
        Action {
            label: label.into(),
            prob: None,
        }
    }

    /// Selten's horse-free entry game: entrant stays out (0, 2) or enters;
    /// incumbent fights (-1, -1) or accommodates (1, 1).
    fn entry() -> ExtensiveGame {
        let mut b = GameBuilder::new("entry", vec!["E".into(), "I".into()]);
        let e = b.add_infoset(Owner::Player(0), 1, "", vec![act("out"), act("in")]);
        let i = b.add_infoset(Owner::Player(1), 1, "", vec![act("fight"), act("acc")]);
        let kids: Vec<u32> = b.set_move(b.root(), e).unwrap().collect();
        let out = b.add_outcome(Outcome::new("", vec![q(0, 1), q(2, 1)]));
        b.set_outcome(NodeId(kids[0]), Some(out));
        let grand: Vec<u32> = b.set_move(NodeId(kids[1]), i).unwrap().collect();
        let fight = b.add_outcome(Outcome::new("", vec![q(-1, 1), q(-1, 1)]));
        let acc = b.add_outcome(Outcome::new("", vec![q(1, 1), q(1, 1)]));
        b.set_outcome(NodeId(grand[0]), Some(fight));
        b.set_outcome(NodeId(grand[1]), Some(acc));
        b.finish()
    }

    #[test]
    fn subgame_perfect_profile_has_zero_regret() {
        let g = entry();
        let probs = vec![vec![q(0, 1), q(1, 1)], vec![q(0, 1), q(1, 1)]];
        assert_eq!(behavior_regrets(&g, &probs), vec![q(0, 1), q(0, 1)]);
        assert_eq!(behavior_payoffs(&g, &probs), vec![q(1, 1), q(1, 1)]);
    }

    #[test]
    fn incredible_threat_is_nash_but_off_path_choices_do_not_matter() {
        let g = entry();
        // Out, and fight if entered: a Nash equilibrium.
        let probs = vec![vec![q(1, 1), q(0, 1)], vec![q(1, 1), q(0, 1)]];
        assert_eq!(behavior_regrets(&g, &probs), vec![q(0, 1), q(0, 1)]);
        // Out, but accommodate: the entrant would gain 1 by entering.
        let probs = vec![vec![q(1, 1), q(0, 1)], vec![q(0, 1), q(1, 1)]];
        assert_eq!(behavior_regrets(&g, &probs), vec![q(1, 1), q(0, 1)]);
    }

    /// Piccione and Rubinstein's absent-minded driver: one information set met
    /// twice on a path; exit first (0), exit second (4), never exit (1).
    fn driver() -> ExtensiveGame {
        let mut b = GameBuilder::new("driver", vec!["D".into()]);
        let i = b.add_infoset(Owner::Player(0), 1, "", vec![act("exit"), act("continue")]);
        let first: Vec<u32> = b.set_move(b.root(), i).unwrap().collect();
        let second: Vec<u32> = b.set_move(NodeId(first[1]), i).unwrap().collect();
        for (node, pay) in [(first[0], 0), (second[0], 4), (second[1], 1)] {
            let o = b.add_outcome(Outcome::new("", vec![q(pay, 1)]));
            b.set_outcome(NodeId(node), Some(o));
        }
        b.finish()
    }

    #[test]
    fn absent_minded_player_is_checked_against_pure_strategies() {
        let g = driver();
        assert!(g.check_perfect_recall().is_err());
        // Pure strategies: exit (0) or continue (1); the best pure response pays 1.
        let exit = vec![vec![q(1, 1), q(0, 1)]];
        assert_eq!(behavior_regrets(&g, &exit), vec![q(1, 1)]);
        let cont = vec![vec![q(0, 1), q(1, 1)]];
        assert_eq!(behavior_regrets(&g, &cont), vec![q(0, 1)]);
        // The node-by-node bound lets the driver exit at the second node: 4.
        assert_eq!(node_by_node_bound(&g, &exit, 0), q(4, 1));
    }

    #[test]
    fn matching_pennies_mixed_regret() {
        let one = || Rational::from_integer(1.into());
        let neg = || Rational::from_integer((-1).into());
        let g = StrategicGame::from_payoffs(
            "",
            vec!["1".into(), "2".into()],
            vec![vec!["H".into(), "T".into()], vec!["H".into(), "T".into()]],
            vec![
                vec![one(), neg()],
                vec![neg(), one()],
                vec![neg(), one()],
                vec![one(), neg()],
            ],
        );
        let half = vec![vec![q(1, 2), q(1, 2)], vec![q(1, 2), q(1, 2)]];
        assert_eq!(strategic_regrets(&g, &half), vec![q(0, 1), q(0, 1)]);
        let skew = vec![vec![q(3, 4), q(1, 4)], vec![q(1, 2), q(1, 2)]];
        // Player 1 plays H with 3/4: player 2 (who wins on a mismatch) gets
        // 3/4 - 1/4 = 1/2 from T and 0 from the even mix, so regret 1/2;
        // player 1 is indifferent against the even mix.
        assert_eq!(strategic_regrets(&g, &skew), vec![q(0, 1), q(1, 2)]);
    }
}
