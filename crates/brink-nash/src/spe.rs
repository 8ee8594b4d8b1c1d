//! `spe`: a subgame-perfect equilibrium by backward induction.
//!
//! Applies to games of perfect information (every player's information set a
//! single node), with chance moves. One bottom-up loop over the arena (children
//! have larger ids than their parents, so a downward loop over ids sees every
//! child before its parent): a player's node takes the value of the child best
//! for the mover (the first such action on ties), a chance node the
//! probability-weighted average, and outcomes on the way add up.

use brink_game::{
    ExtensiveGame, Field, Game, NodeId, Owner, Profile, Rational, Solution, SolveError,
};

/// One subgame-perfect equilibrium (the backward-induction profile, taking the
/// first best action on ties), exact unless `float`.
///
/// Refuses strategic games and games with imperfect information.
pub fn spe(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    let Game::Extensive(g) = game else {
        return Err(SolveError::Unsupported {
            method: "spe",
            reason: "a strategic game has no tree to induct backward on".into(),
            suggestion: "`enumpure`, `enummixed`, `lcp` or `logit`",
        });
    };
    check_perfect_information(g)?;
    Ok(vec![if float {
        Solution::float(game, backward_induction::<f64>(g).0)
    } else {
        Solution::exact(game, backward_induction::<Rational>(g).0)
    }])
}

fn check_perfect_information(g: &ExtensiveGame) -> Result<(), SolveError> {
    for p in 0..g.num_players() {
        for &i in g.player_infosets(p) {
            let info = g.infoset(i);
            if info.members.len() > 1 {
                return Err(SolveError::Unsupported {
                    method: "spe",
                    reason: format!(
                        "player {} (\"{}\") has information set {} \"{}\" with {} nodes, so the game \
                         has imperfect information",
                        p + 1,
                        g.players[p],
                        info.number,
                        info.label,
                        info.members.len()
                    ),
                    suggestion: "`lcp` or `logit`",
                });
            }
        }
    }
    Ok(())
}

/// The backward-induction profile and the value of the game to each player.
/// The game must have perfect information.
///
/// Values are not copied up the tree: each node holds the index of its payoff
/// vector in a table that starts with the outcomes' payoffs, and only nodes
/// that change the vector (chance nodes, outcomes on the way) add an entry.
/// Without chance, the whole pass compares existing numbers and copies indices,
/// which keeps exact arithmetic as cheap as floating point.
pub fn backward_induction<T: Field>(g: &ExtensiveGame) -> (Profile<T>, Vec<T>) {
    let np = g.num_players();
    let mut table: Vec<Vec<T>> = g
        .outcomes()
        .iter()
        .map(|o| o.payoffs.iter().map(T::from_rational).collect())
        .collect();
    let zero = table.len() as u32;
    table.push(vec![T::zero(); np]);
    let mut probs: Vec<Vec<T>> = vec![Vec::new(); g.infosets().len()];
    let mut value: Vec<u32> = vec![zero; g.num_nodes()];
    for i in (0..g.num_nodes()).rev() {
        let n = NodeId(i as u32);
        let outcome = g.node_outcome(n).map(|o| o.0);
        let Some(iset) = g.node_infoset(n) else {
            value[i] = outcome.unwrap_or(zero);
            continue;
        };
        let below = match g.infoset(iset).owner {
            Owner::Player(p) => {
                let mut best = 0;
                let mut best_value = value[g.child(n, 0).index()];
                for a in 1..g.num_children(n) {
                    let v = value[g.child(n, a).index()];
                    if v != best_value && table[v as usize][p] > table[best_value as usize][p] {
                        best = a;
                        best_value = v;
                    }
                }
                let k = g.num_children(n);
                probs[iset.index()] = (0..k)
                    .map(|a| if a == best { T::one() } else { T::zero() })
                    .collect();
                best_value
            }
            Owner::Chance => {
                let mut sum = vec![T::zero(); np];
                for (a, c) in g.children(n).enumerate() {
                    let w = g.infoset(iset).actions[a]
                        .prob
                        .as_ref()
                        .map_or(T::zero(), T::from_rational);
                    for (q, s) in sum.iter_mut().enumerate() {
                        *s = s.clone() + w.clone() * table[value[c.index()] as usize][q].clone();
                    }
                }
                table.push(sum);
                table.len() as u32 - 1
            }
        };
        value[i] = match outcome {
            None => below,
            Some(o) => {
                let v: Vec<T> = (0..np)
                    .map(|q| table[o as usize][q].clone() + table[below as usize][q].clone())
                    .collect();
                table.push(v);
                table.len() as u32 - 1
            }
        };
    }
    let root = table.swap_remove(value[0] as usize);
    (Profile::behavior(g, probs), root)
}
