//! Interdependent values: a payoff that depends on another player's private
//! type (a defender whose war payoff depends on the challenger's strength).
//!
//! Such a payoff is linear in the other's type, and the other's type is
//! independent of everything but the other's own moves, so at each end of
//! the game it may be replaced by its mean given those moves: under the
//! other's cut-point pieces, the mean over the pieces whose plans make them
//! (where none does, over those needing the fewest own deviations, the rule
//! beliefs use off the path). The game with those means in its payoffs has
//! the same expected payoffs for every strategy of every player but the
//! other's, which is all a player's best response and regret need; the
//! solver rebuilds it whenever the typed players' pieces change.

use super::respond::PlayerData;
use super::Piece;
use crate::compile::CompiledGame;
use brink_game::NodeId;
use std::borrow::Cow;

/// `cg` with every other player's type in a payoff replaced by its mean
/// given that player's moves on the way to the end, under `pieces` (the
/// prior mean for a player without pieces yet). Borrowed when no payoff
/// depends on another's type.
pub(super) fn with_posterior_means<'a>(
    cg: &'a CompiledGame,
    data: &[PlayerData],
    pieces: &[Vec<Piece>],
) -> Cow<'a, CompiledGame> {
    if !cg.interdependent() {
        return Cow::Borrowed(cg);
    }
    let g = &cg.game;
    let mut out = cg.clone();
    for (t, base) in out.terminals.iter_mut().zip(&cg.terminals) {
        for (p, terms) in base.others.iter().enumerate() {
            let shift: f64 = terms
                .iter()
                .map(|&(q, k)| k * posterior_mean(g, &data[q], pieces.get(q), t.node))
                .sum();
            t.payoffs[p].0 = base.payoffs[p].0 + shift;
        }
    }
    Cow::Owned(out)
}

/// The mean of player `d`'s type given its own moves on the path to `end`.
fn posterior_mean(
    g: &brink_game::ExtensiveGame,
    d: &PlayerData,
    pieces: Option<&Vec<Piece>>,
    end: NodeId,
) -> f64 {
    let Some(dist) = d.dist else { return 0.0 };
    let Some(pieces) = pieces.filter(|p| !p.is_empty()) else {
        return dist.mean();
    };
    // The player's own moves on the way: (position, action).
    let mut moves = Vec::new();
    let mut n = end;
    while let Some(parent) = g.parent(n) {
        let iset = g.node_infoset(parent).expect("a parent has a move");
        // `pos` is `usize::MAX` at everybody else's information sets.
        let k = d.pos[iset.index()];
        if k != usize::MAX {
            moves.push((k, g.action_to(n).expect("a child has an action")));
        }
        n = parent;
    }
    let deviations = |pc: &Piece| moves.iter().filter(|(k, a)| pc.choice[*k] != *a).count();
    let least = pieces
        .iter()
        .filter(|pc| pc.mass > 0.0)
        .map(deviations)
        .min()
        .unwrap_or(0);
    let (mut mass, mut first_moment) = (0.0, 0.0);
    for pc in pieces.iter().filter(|pc| deviations(pc) == least) {
        mass += pc.mass;
        first_moment += dist.partial_mean(pc.lo, pc.hi);
    }
    if mass > 0.0 {
        first_moment / mass
    } else {
        dist.mean()
    }
}
