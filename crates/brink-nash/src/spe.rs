//! `spe`: a subgame-perfect equilibrium by backward induction.
//!
//! Applies to games of perfect information (every player's information set a
//! single node), with chance moves. One bottom-up loop over the arena (children
//! have larger ids than their parents, so a downward loop over ids sees every
//! child before its parent): a player's node takes the value of the child best
//! for the mover (the first such action on ties), a chance node the
//! probability-weighted average, and outcomes on the way add up.

use brink_game::{ExtensiveGame, Field, Game, NodeId, Owner, Profile, Rational, Solution, SolveError};

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
pub fn backward_induction<T: Field>(g: &ExtensiveGame) -> (Profile<T>, Vec<T>) {
    let np = g.num_players();
    let payoffs: Vec<Vec<T>> =
        g.outcomes().iter().map(|o| o.payoffs.iter().map(T::from_rational).collect()).collect();
    let chance: Vec<Vec<T>> = g
        .infosets()
        .iter()
        .map(|i| i.actions.iter().map(|a| a.prob.as_ref().map_or(T::zero(), T::from_rational)).collect())
        .collect();
    let mut probs: Vec<Vec<T>> = vec![Vec::new(); g.infosets().len()];
    // value[n * np + p]: player p's payoff from node n on, under the profile.
    let mut value: Vec<T> = vec![T::zero(); g.num_nodes() * np];
    for i in (0..g.num_nodes()).rev() {
        let n = NodeId(i as u32);
        let at = i * np;
        if let Some(iset) = g.node_infoset(n) {
            match g.infoset(iset).owner {
                Owner::Player(p) => {
                    let first = g.child(n, 0).index() * np;
                    let mut best = 0;
                    for a in 1..g.num_children(n) {
                        let c = g.child(n, a).index() * np;
                        if value[c + p] > value[first + best * np + p] {
                            best = a;
                        }
                    }
                    let from = first + best * np;
                    for q in 0..np {
                        value[at + q] = value[from + q].clone();
                    }
                    let k = g.num_children(n);
                    probs[iset.index()] = (0..k).map(|a| if a == best { T::one() } else { T::zero() }).collect();
                }
                Owner::Chance => {
                    for (a, c) in g.children(n).enumerate() {
                        let w = &chance[iset.index()][a];
                        for q in 0..np {
                            value[at + q] = value[at + q].clone() + w.clone() * value[c.index() * np + q].clone();
                        }
                    }
                }
            }
        }
        if let Some(o) = g.node_outcome(n) {
            for q in 0..np {
                value[at + q] = value[at + q].clone() + payoffs[o.index()][q].clone();
            }
        }
    }
    value.truncate(np);
    (Profile::behavior(g, probs), value)
}
