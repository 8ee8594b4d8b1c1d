//! What is drawn: identical subtrees once, the equilibrium path whole, what play
//! never reaches as summary boxes, and, in a tree still too large, the least
//! probable subtrees as summary boxes too.
//!
//! Subtrees are hash-consed bottom-up: two nodes share a class exactly when their
//! subtrees would be drawn the same way (owners, information sets that are linked,
//! action labels, chance and equilibrium probabilities as printed, outcome labels
//! and payoffs as printed). Classes are keyed by what is printed, not by the exact
//! numbers, because scenario games carry `f64` values as exact rationals and two
//! payoffs that print alike may differ in the last bit.

use super::format::{format_exact, format_prob, small_fractions};
use brink_game::{ExtensiveGame, NodeId, Owner, Profile, Rational};
use num_traits::Zero;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// Reach probabilities at or below this count as zero: the node is off the path.
/// Solvers return exact zeros for actions never taken, but a float profile may carry
/// round-off; nothing a reader would call "played" is this rare.
pub(super) const OFF_PATH: f64 = 1e-9;

/// Subtrees smaller than this are drawn even where an identical one is drawn: a box
/// naming the copy is no smaller than a move with two outcomes.
const MIN_REPEAT: usize = 3;

/// Per node facts that do not depend on what is drawn.
pub(super) struct Facts {
    /// Payoffs accumulated along the path from the root (exact).
    pub payoffs: Vec<Vec<Rational>>,
    /// Nodes in the subtree (itself included).
    pub size: Vec<usize>,
    /// Class: equal exactly when the subtrees are drawn alike.
    pub class: Vec<u32>,
    /// Probability of reaching the node: chance times equilibrium probabilities
    /// (chance alone without a profile).
    pub reach: Vec<f64>,
    /// Depth (root 0).
    pub depth: Vec<u32>,
    /// Whether the game's numbers are all integers or small fractions, printed so.
    pub fractions: bool,
}

/// How a node appears in the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Drawn with its children.
    Move,
    /// A terminal node.
    Terminal,
    /// A box naming the drawn copy of the same subtree.
    Repeat(NodeId),
    /// A summary box: off the path (`true`) or below the depth cut-off.
    Cut(bool),
}

/// What the selection hides, for the notes.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Hidden {
    pub repeats: usize,
    pub repeat_nodes: usize,
    pub off_path: usize,
    pub off_path_nodes: usize,
    pub cuts: usize,
    pub cut_nodes: usize,
    /// Moves drawn with their children.
    pub moves: usize,
    /// The highest reach probability of a subtree cut to fit.
    pub cut_reach: f64,
}

/// The rules of a selection.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rules {
    /// Most moves drawn with their children, most probable first (then shallowest):
    /// the rest become boxes (`usize::MAX`: no limit).
    pub max_moves: usize,
    /// Draw repeats and off-path subtrees in full.
    pub full: bool,
    /// Levels of off-path moves drawn before the box (0: the first is a box).
    pub off_path_levels: usize,
    /// Whether a profile defines an equilibrium path.
    pub has_path: bool,
}

/// The text of a terminal's payoffs, one string per player.
pub(super) fn payoff_texts(payoffs: &[Rational], digits: usize, fractions: bool) -> Vec<String> {
    payoffs
        .iter()
        .map(|p| format_exact(p, digits, fractions))
        .collect()
}

/// Computes [`Facts`] in two passes over the node arena (ids increase downwards, so
/// an upward loop is top-down and a downward loop bottom-up: no recursion).
pub(super) fn facts(game: &ExtensiveGame, profile: Option<&Profile<f64>>, digits: usize) -> Facts {
    let n = game.num_nodes();
    let fractions = small_fractions(
        game.outcomes().iter().flat_map(|o| &o.payoffs).chain(
            game.infosets()
                .iter()
                .flat_map(|i| i.actions.iter().filter_map(|a| a.prob.as_ref())),
        ),
    );
    let zero = vec![Rational::zero(); game.num_players()];
    let mut payoffs: Vec<Vec<Rational>> = Vec::with_capacity(n);
    let mut reach = Vec::with_capacity(n);
    let mut depth = Vec::with_capacity(n);
    for i in 0..n {
        let node = NodeId(i as u32);
        let (mut v, r, d) = match game.parent(node) {
            Some(p) => {
                let k = game.action_to(node).expect("a child has an action");
                let iset = game
                    .node_infoset(p)
                    .expect("a parent has an information set");
                let info = game.infoset(iset);
                let prob = match (info.owner, profile) {
                    (Owner::Chance, _) => info.actions[k]
                        .prob
                        .as_ref()
                        .map_or(0.0, brink_game::number::rational_to_f64),
                    (Owner::Player(_), Some(pr)) => pr.probs[iset.index()][k],
                    (Owner::Player(_), None) => 1.0,
                };
                (
                    payoffs[p.index()].clone(),
                    reach[p.index()] * prob,
                    depth[p.index()] + 1,
                )
            }
            None => (zero.clone(), 1.0, 0),
        };
        if let Some(o) = game.node_outcome(node) {
            for (a, b) in v.iter_mut().zip(&game.outcomes()[o.index()].payoffs) {
                *a += b;
            }
        }
        payoffs.push(v);
        reach.push(r);
        depth.push(d);
    }
    let mut size = vec![1usize; n];
    let mut class = vec![0u32; n];
    let mut classes: HashMap<String, u32> = HashMap::new();
    for i in (0..n).rev() {
        let node = NodeId(i as u32);
        let mut key = String::new();
        if game.is_terminal(node) {
            key.push('T');
            key.push_str(outcome_label(game, node));
            key.push('|');
            for p in payoff_texts(&payoffs[i], digits, fractions) {
                key.push_str(&p);
                key.push(',');
            }
        } else {
            let iset = game
                .node_infoset(node)
                .expect("a move has an information set");
            let info = game.infoset(iset);
            // Members of a multi-node set are linked in the drawing, so the set is part
            // of what is drawn; a singleton set is not.
            let set_id = if info.members.len() > 1 {
                iset.0 as i64
            } else {
                -1
            };
            key.push_str(&format!("M{:?}|{}|{}|", info.owner, set_id, info.label));
            for (k, a) in info.actions.iter().enumerate() {
                let prob = a
                    .prob
                    .as_ref()
                    .map(|p| format_exact(p, digits, fractions))
                    .unwrap_or_default();
                let eq = profile.map(|p| format_prob(p.probs[iset.index()][k], digits));
                key.push_str(&format!("{}:{}:{:?};", a.label, prob, eq));
            }
            for c in game.children(node) {
                size[i] += size[c.index()];
                key.push_str(&class[c.index()].to_string());
                key.push(',');
            }
        }
        let next = classes.len() as u32;
        class[i] = *classes.entry(key).or_insert(next);
    }
    Facts {
        payoffs,
        size,
        class,
        reach,
        depth,
        fractions,
    }
}

/// The label of the outcome at a node ("" if none).
pub(super) fn outcome_label(game: &ExtensiveGame, node: NodeId) -> &str {
    game.node_outcome(node)
        .map_or("", |o| game.outcomes()[o.index()].label.as_str())
}

/// Chooses what is drawn under `rules`: the drawn nodes in preorder, with how each
/// appears, and what was hidden.
///
/// Nodes are visited most probable first (then shallower, then earlier), so the
/// copy of a repeated subtree that is drawn is the one on the equilibrium path
/// where there is one, and a parent is always visited before its children: every
/// box naming a copy names one that is drawn.
pub(super) fn select(
    game: &ExtensiveGame,
    f: &Facts,
    rules: &Rules,
) -> (Vec<(NodeId, Kind)>, Hidden) {
    let n = game.num_nodes();
    let mut kind: Vec<Option<Kind>> = vec![None; n];
    // Off-path levels above and including each node (0 on the path).
    let mut off_level = vec![0usize; n];
    let mut claimed: HashMap<u32, NodeId> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let key = |x: NodeId| {
        // Reach is in [0, 1], where the bit pattern orders like the number.
        (
            f.reach[x.index()].max(0.0).to_bits(),
            Reverse(f.depth[x.index()]),
            Reverse(x.0),
        )
    };
    heap.push(key(game.root()));
    let mut hidden = Hidden::default();
    while let Some((_, _, Reverse(id))) = heap.pop() {
        let node = NodeId(id);
        let i = node.index();
        if rules.has_path && f.reach[i] <= OFF_PATH {
            off_level[i] = game.parent(node).map_or(0, |p| off_level[p.index()]) + 1;
        }
        let k = if game.is_terminal(node) {
            Kind::Terminal
        } else if !rules.full && off_level[i] > rules.off_path_levels {
            // Off the path a summary beats a reference: the reader learns what
            // could happen there without following a name across the picture.
            hidden.off_path += 1;
            hidden.off_path_nodes += f.size[i] - 1;
            Kind::Cut(true)
        } else if let Some(&copy) = claimed
            .get(&f.class[i])
            .filter(|_| !rules.full && f.size[i] >= MIN_REPEAT)
        {
            hidden.repeats += 1;
            hidden.repeat_nodes += f.size[i] - 1;
            Kind::Repeat(copy)
        } else if hidden.moves >= rules.max_moves {
            hidden.cuts += 1;
            hidden.cut_nodes += f.size[i] - 1;
            hidden.cut_reach = hidden.cut_reach.max(f.reach[i]);
            Kind::Cut(rules.has_path && f.reach[i] <= OFF_PATH)
        } else {
            hidden.moves += 1;
            claimed.entry(f.class[i]).or_insert(node);
            for c in game.children(node) {
                heap.push(key(c));
            }
            Kind::Move
        };
        kind[i] = Some(k);
    }
    let mut order = Vec::new();
    let mut stack = vec![game.root()];
    while let Some(x) = stack.pop() {
        let k = kind[x.index()].expect("every drawn node was visited");
        order.push((x, k));
        if k == Kind::Move {
            stack.extend(game.children(x).rev());
        }
    }
    (order, hidden)
}

/// What lies below a node: the number of terminal nodes and the outcome labels
/// reached, in order of first appearance, each once.
pub(super) fn summary(game: &ExtensiveGame, node: NodeId) -> (usize, Vec<String>) {
    let mut terminals = 0;
    let mut labels: Vec<String> = Vec::new();
    let mut stack = vec![node];
    while let Some(x) = stack.pop() {
        if game.is_terminal(x) {
            terminals += 1;
            let l = outcome_label(game, x);
            if !l.is_empty() && !labels.iter().any(|m| m == l) {
                labels.push(l.to_string());
            }
        } else {
            stack.extend(game.children(x).rev());
        }
    }
    (terminals, labels)
}
