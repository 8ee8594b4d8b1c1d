//! Regret of a profile: how much each player gains by deviating to a best response.
//!
//! For extensive games the best response is computed on the tree, never through
//! the reduced strategic form (which can have millions of strategies): one pass
//! per player over the arena, visiting the player's information sets deepest
//! first. With perfect recall every information set below an information set
//! `I` has all its members below members of `I`, hence a larger smallest node
//! id, so visiting information sets by decreasing smallest member id decides
//! every later choice before an earlier one needs it.

use crate::extensive::{ExtensiveGame, NodeId, Owner};
use crate::number::Field;
use crate::profile::{Profile, ProfileKind};
use crate::strategic::StrategicGame;
use crate::Game;

/// The largest regret over all players (zero exactly at an exact equilibrium).
pub fn max_regret<T: Field>(game: &Game, profile: &Profile<T>) -> T {
    let regrets = match game {
        Game::Strategic(g) => strategic_regrets(g, &profile.probs),
        Game::Extensive(g) => {
            debug_assert_eq!(profile.kind, ProfileKind::Behavior);
            behavior_regrets(g, &profile.probs)
        }
    };
    regrets.into_iter().fold(T::zero(), |m, r| if r > m { r } else { m })
}

/// Each player's expected payoff from each of their pure strategies, against
/// the others' mixed strategies, in one pass over the table.
pub fn strategy_values<T: Field>(game: &StrategicGame, probs: &[Vec<T>]) -> Vec<Vec<T>> {
    let n = game.num_players();
    let mut values: Vec<Vec<T>> = game.strategies.iter().map(|s| vec![T::zero(); s.len()]).collect();
    let payoffs: Vec<Vec<T>> = game
        .outcomes
        .iter()
        .map(|o| o.payoffs.iter().map(T::from_rational).collect())
        .collect();
    for cell in 0..game.num_cells() {
        let Some(o) = game.cells[cell] else { continue };
        let profile = game.cell_profile(cell);
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
                let s = profile[p];
                values[p][s] = values[p][s].clone() + w * payoffs[o as usize][p].clone();
            }
        }
    }
    values
}

/// Each player's regret in a strategic game.
pub fn strategic_regrets<T: Field>(game: &StrategicGame, probs: &[Vec<T>]) -> Vec<T> {
    strategy_values(game, probs)
        .into_iter()
        .zip(probs)
        .map(|(values, mix)| {
            let current = values.iter().zip(mix).fold(T::zero(), |acc, (v, p)| acc + v.clone() * p.clone());
            let best = values.iter().skip(1).fold(values[0].clone(), |m, v| if *v > m { v.clone() } else { m });
            let r = best - current;
            if r < T::zero() {
                T::zero()
            } else {
                r
            }
        })
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
        let iset = game.node_infoset(parent).expect("a parent has an information set");
        let own = game.infoset(iset).owner == Owner::Player(skip.unwrap_or(usize::MAX));
        let r = if own {
            reach[parent.index()].clone()
        } else {
            let a = game.action_to(n).expect("non-root node has an action");
            reach[parent.index()].clone() * probs[iset.index()][a].clone()
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

/// The value of a best response for `player` against the profile, with the
/// action it picks at each of the player's information sets (indexed by position
/// in [`ExtensiveGame::player_infosets`]).
pub fn best_response<T: Field>(game: &ExtensiveGame, probs: &[Vec<T>], player: usize) -> (T, Vec<usize>) {
    let others = reach(game, probs, Some(player));
    let utility = |n: NodeId| -> T {
        match game.node_outcome(n) {
            Some(o) => others[n.index()].clone() * T::from_rational(&game.outcomes()[o.index()].payoffs[player]),
            None => T::zero(),
        }
    };
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
                    vec![game.child(n, decided[i.index()].expect("deeper choices are decided first"))]
                }
                Some(_) => game.children(n).collect(),
            };
            if !expanded {
                stack.push((n, true));
                stack.extend(wanted.iter().filter(|c| memo[c.index()].is_none()).map(|&c| (c, false)));
                continue;
            }
            let mut w = utility(n);
            for c in wanted {
                w = w + memo[c.index()].clone().expect("children are evaluated first");
            }
            memo[n.index()] = Some(w);
        }
    };

    let mut order: Vec<_> = game.player_infosets(player).to_vec();
    order.sort_by_key(|&i| std::cmp::Reverse(game.infoset(i).members[0]));
    for &iset in &order {
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
    let choices = game.player_infosets(player).iter().map(|i| decided[i.index()].unwrap_or(0)).collect();
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
        Action { label: label.into(), prob: None }
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

    #[test]
    fn matching_pennies_mixed_regret() {
        let one = || Rational::from_integer(1.into());
        let neg = || Rational::from_integer((-1).into());
        let g = StrategicGame::from_payoffs(
            "",
            vec!["1".into(), "2".into()],
            vec![vec!["H".into(), "T".into()], vec!["H".into(), "T".into()]],
            vec![vec![one(), neg()], vec![neg(), one()], vec![neg(), one()], vec![one(), neg()]],
        );
        let half = vec![vec![q(1, 2), q(1, 2)], vec![q(1, 2), q(1, 2)]];
        assert_eq!(strategic_regrets(&g, &half), vec![q(0, 1), q(0, 1)]);
        let skew = vec![vec![q(3, 4), q(1, 4)], vec![q(1, 2), q(1, 2)]];
        // Player 2 matches on the likelier H... payoff of T for player 2 is 3/4 - 1/4 = 1/2,
        // of the mix 0, so regret 1/2; player 1 is indifferent.
        assert_eq!(strategic_regrets(&g, &skew), vec![q(0, 1), q(1, 2)]);
    }
}
