//! Drawings of game trees: TikZ with the `istgame` package, and SVG or PNG.
//!
//! Both outputs share one layout. Each node's children are evenly spaced, as
//! `istgame` draws them, and the spacing is the least that keeps the subtrees
//! apart level by level (Reingold–Tilford with equal sibling gaps), so a lopsided
//! tree such as a centipede stays narrow.
//!
//! Large trees are shrunk before they are drawn, and the drawing says so: a subtree
//! identical to one drawn earlier (same players, actions, probabilities, payoffs and
//! information sets) becomes a box naming the earlier one; if the tree is still too
//! large, levels below a cut-off become boxes counting the hidden nodes.

pub mod examples;
mod layout;
pub mod picture;
pub mod tikz;

use brink_game::number::format_rational;
use brink_game::{ExtensiveGame, NodeId, Owner, Profile, ProfileKind, Rational};
use num_traits::Zero;
use std::collections::HashMap;

pub use picture::draw_tree;
pub use tikz::to_tikz;

/// How to draw a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeOptions {
    /// Equilibrium (behavior) probabilities to write on the branches.
    pub profile: Option<Profile<f64>>,
    /// Most nodes to draw; above this, repeated subtrees collapse, then deep levels.
    pub max_nodes: usize,
    /// Decimal places for equilibrium probabilities.
    pub digits: usize,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            profile: None,
            max_nodes: 200,
            digits: 3,
        }
    }
}

/// What a drawn node stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A decision or chance node, drawn with its children.
    Move,
    /// A terminal node, with its payoffs.
    Terminal,
    /// A subtree identical to the one at `same_as` (tagged `tag` there), of `size` nodes.
    Repeat {
        /// The tag written at the drawn copy.
        tag: String,
        /// Nodes hidden.
        size: usize,
    },
    /// A subtree below the depth cut-off, of `size` nodes.
    Cut {
        /// Nodes hidden.
        size: usize,
    },
}

/// A node as drawn: where it is and what to write around it.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnNode {
    /// The node in the game.
    pub node: NodeId,
    /// Index of the parent in [`TreeDrawing::nodes`] (`None` at the root).
    pub parent: Option<usize>,
    /// Children, in action order, as indices into [`TreeDrawing::nodes`].
    pub children: Vec<usize>,
    /// Horizontal position in units of the smallest sibling gap (root at 0).
    pub x: f64,
    /// Depth (root 0).
    pub depth: usize,
    /// What it stands for.
    pub shown: Shown,
    /// Who moves (player name or `Chance`), empty at terminal nodes.
    pub owner: String,
    /// Whether chance moves here.
    pub chance: bool,
    /// Tag of a subtree that later copies refer to (empty if none).
    pub tag: String,
    /// The label of the branch into this node (action name, chance probability).
    pub action: String,
    /// The equilibrium probability of that branch, formatted (empty if none).
    pub eq_prob: String,
    /// Payoffs accumulated along the path, at terminal nodes: `(1, -1/2)`.
    pub payoffs: String,
}

/// A tree laid out for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeDrawing {
    /// The game's title.
    pub title: String,
    /// Drawn nodes, in preorder (the root first).
    pub nodes: Vec<DrawnNode>,
    /// Pairs of drawn nodes in one information set, to link with a dashed line.
    pub infoset_links: Vec<(usize, usize)>,
    /// Sibling gap at each drawn move, in units.
    pub gaps: Vec<f64>,
    /// What was left out, in sentences, for the reader.
    pub notes: Vec<String>,
}

/// Errors that make a tree undrawable.
fn check_profile(game: &ExtensiveGame, opts: &TreeOptions) -> Result<(), crate::AnalysisError> {
    if let Some(p) = &opts.profile {
        let ok = p.kind == ProfileKind::Behavior
            && p.probs.len() == game.infosets().len()
            && game
                .infosets()
                .iter()
                .zip(&p.probs)
                .all(|(i, v)| v.len() == i.actions.len());
        if !ok {
            return Err(crate::AnalysisError::Invalid(
                "the profile is not a behavior profile of this game".into(),
            ));
        }
    }
    Ok(())
}

/// Formats a probability with at most `digits` decimals, trailing zeros dropped.
pub fn format_prob(p: f64, digits: usize) -> String {
    let s = format!("{p:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Per node: accumulated payoffs (exact), subtree size, and a class id such that two
/// nodes share it exactly when their subtrees would be drawn identically.
struct Facts {
    payoffs: Vec<Vec<Rational>>,
    size: Vec<usize>,
    class: Vec<u32>,
}

fn facts(game: &ExtensiveGame, opts: &TreeOptions) -> Facts {
    let n = game.num_nodes();
    let zero = vec![Rational::zero(); game.num_players()];
    let mut payoffs: Vec<Vec<Rational>> = Vec::with_capacity(n);
    for i in 0..n {
        let node = NodeId(i as u32);
        let mut v = match game.parent(node) {
            Some(p) => payoffs[p.index()].clone(),
            None => zero.clone(),
        };
        if let Some(o) = game.node_outcome(node) {
            for (a, b) in v.iter_mut().zip(&game.outcomes()[o.index()].payoffs) {
                *a += b;
            }
        }
        payoffs.push(v);
    }
    let mut size = vec![1usize; n];
    let mut class = vec![0u32; n];
    let mut classes: HashMap<String, u32> = HashMap::new();
    for i in (0..n).rev() {
        let node = NodeId(i as u32);
        let mut key = String::new();
        if game.is_terminal(node) {
            key.push('T');
            for p in &payoffs[i] {
                key.push_str(&format_rational(p));
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
                let prob = a.prob.as_ref().map(format_rational).unwrap_or_default();
                let eq = opts
                    .profile
                    .as_ref()
                    .map(|p| format_prob(p.probs[iset.index()][k], opts.digits));
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
    }
}

fn tag_name(k: usize) -> String {
    let mut s = String::new();
    let mut k = k + 1;
    while k > 0 {
        s.insert(0, (b'A' + ((k - 1) % 26) as u8) as char);
        k = (k - 1) / 26;
    }
    s
}

/// Lays out a game tree, collapsing it first if it has more than `opts.max_nodes` nodes.
pub fn layout_tree(
    game: &ExtensiveGame,
    opts: &TreeOptions,
) -> Result<TreeDrawing, crate::AnalysisError> {
    check_profile(game, opts)?;
    if opts.max_nodes == 0 {
        return Err(crate::AnalysisError::Invalid(
            "max_nodes must be at least 1".into(),
        ));
    }
    let f = facts(game, opts);
    let mut notes = Vec::new();
    let collapse = game.num_nodes() > opts.max_nodes;
    // Pass 1: which nodes are drawn, and which stand for repeats.
    let mut first_seen: HashMap<u32, NodeId> = HashMap::new();
    let mut repeat_of: HashMap<NodeId, NodeId> = HashMap::new();
    let mut drawn_order: Vec<NodeId> = Vec::new();
    let mut stack = vec![game.root()];
    while let Some(n) = stack.pop() {
        drawn_order.push(n);
        if collapse && f.size[n.index()] >= 3 {
            if let Some(&orig) = first_seen.get(&f.class[n.index()]) {
                repeat_of.insert(n, orig);
                continue;
            }
            first_seen.insert(f.class[n.index()], n);
        }
        stack.extend(game.children(n).rev());
    }
    // Pass 2: if still too many, cut at the deepest level that fits.
    let depths = game.depths();
    let mut cut_depth = usize::MAX;
    if drawn_order.len() > opts.max_nodes {
        let mut per_depth: Vec<usize> = Vec::new();
        for n in &drawn_order {
            let d = depths[n.index()] as usize;
            if per_depth.len() <= d {
                per_depth.resize(d + 1, 0);
            }
            per_depth[d] += 1;
        }
        let mut total = 0;
        cut_depth = 0;
        for (d, &c) in per_depth.iter().enumerate() {
            total += c;
            if total > opts.max_nodes {
                break;
            }
            cut_depth = d;
        }
    }
    let mut tags: HashMap<NodeId, String> = HashMap::new();
    let mut nodes: Vec<DrawnNode> = Vec::new();
    let mut index_of: HashMap<NodeId, usize> = HashMap::new();
    let (mut repeats, mut repeat_nodes, mut cuts, mut cut_nodes) = (0, 0, 0, 0);
    for &n in &drawn_order {
        let depth = depths[n.index()] as usize;
        if depth > cut_depth {
            continue;
        }
        let parent = game.parent(n).map(|p| index_of[&p]);
        let shown = if let Some(orig) = repeat_of.get(&n) {
            let k = tags.len();
            let tag = tags.entry(*orig).or_insert_with(|| tag_name(k)).clone();
            repeats += 1;
            repeat_nodes += f.size[n.index()] - 1;
            Shown::Repeat {
                tag,
                size: f.size[n.index()],
            }
        } else if game.is_terminal(n) {
            Shown::Terminal
        } else if depth == cut_depth {
            cuts += 1;
            cut_nodes += f.size[n.index()] - 1;
            Shown::Cut {
                size: f.size[n.index()],
            }
        } else {
            Shown::Move
        };
        let owner = match game.node_owner(n) {
            None => String::new(),
            Some(Owner::Chance) => "Chance".into(),
            Some(Owner::Player(p)) => game.players[p].clone(),
        };
        let (action, eq_prob) = branch_label(game, n, opts);
        let payoffs = if game.is_terminal(n) {
            format!(
                "({})",
                f.payoffs[n.index()]
                    .iter()
                    .map(format_rational)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        let i = nodes.len();
        index_of.insert(n, i);
        if let Some(p) = parent {
            nodes[p].children.push(i);
        }
        nodes.push(DrawnNode {
            node: n,
            parent,
            children: Vec::new(),
            x: 0.0,
            depth,
            shown,
            owner,
            chance: game.node_owner(n) == Some(Owner::Chance),
            tag: String::new(),
            action,
            eq_prob,
            payoffs,
        });
    }
    for (orig, tag) in &tags {
        let i = index_of[orig];
        nodes[i].tag = tag.clone();
    }
    if repeats > 0 {
        notes.push(format!(
            "{repeats} repeated subtree(s) drawn once and elsewhere shown as boxes naming the drawn copy ({repeat_nodes} nodes not drawn)"
        ));
    }
    if cuts > 0 {
        notes.push(format!(
            "drawing stops at depth {cut_depth}: {cuts} subtree(s) below it shown as boxes ({cut_nodes} nodes not drawn)"
        ));
    }
    let mut infoset_links = Vec::new();
    let mut hidden_members = false;
    for info in game.infosets().iter().filter(|i| i.members.len() > 1) {
        let mut members: Vec<usize> = Vec::new();
        for m in &info.members {
            match index_of.get(m) {
                Some(&i) if matches!(nodes[i].shown, Shown::Move) => members.push(i),
                _ => hidden_members = true,
            }
        }
        members.sort_by_key(|&i| (nodes[i].depth, i));
        infoset_links.extend(members.windows(2).map(|w| (w[0], w[1])));
    }
    if hidden_members {
        notes.push("some information sets have members inside collapsed subtrees; their links are not drawn".into());
    }
    let gaps = layout::place(&mut nodes);
    Ok(TreeDrawing {
        title: game.title.clone(),
        nodes,
        infoset_links,
        gaps,
        notes,
    })
}

fn branch_label(game: &ExtensiveGame, n: NodeId, opts: &TreeOptions) -> (String, String) {
    let (Some(p), Some(k)) = (game.parent(n), game.action_to(n)) else {
        return (String::new(), String::new());
    };
    let iset = game
        .node_infoset(p)
        .expect("a parent has an information set");
    let info = game.infoset(iset);
    let action = &info.actions[k];
    let label = match &action.prob {
        Some(prob) if action.label.is_empty() => format_rational(prob),
        Some(prob) => format!("{} ({})", action.label, format_rational(prob)),
        None => action.label.clone(),
    };
    let eq = match (&opts.profile, info.owner) {
        (Some(profile), Owner::Player(_)) => {
            format_prob(profile.probs[iset.index()][k], opts.digits)
        }
        _ => String::new(),
    };
    (label, eq)
}

#[cfg(test)]
mod tests;
