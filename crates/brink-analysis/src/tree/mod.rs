//! Drawings of game trees: TikZ with the `istgame` package, and SVG or PNG.
//!
//! Both outputs share one layout. Each node's children are evenly spaced, as
//! `istgame` draws them, and the spacing is the least that keeps the subtrees
//! apart level by level (Reingold–Tilford with equal sibling gaps), so a lopsided
//! tree such as a centipede stays narrow.
//!
//! A tree is made readable before it is laid out, and the drawing says what was
//! left out (notes under it and on stderr):
//! - a subtree identical to one drawn elsewhere (same players, actions,
//!   probabilities, outcomes and payoffs as printed) becomes a box naming the drawn
//!   copy ("= subtree A");
//! - with an equilibrium, the path of play is drawn thick and coloured, with the
//!   probability of each action and of reaching each node; a branch that play
//!   never takes is drawn thin and grey down to its first node, a box that counts the
//!   outcomes below it and names them;
//! - if the result is still wider than [`TreeOptions::max_width`] pixels (or has
//!   more than [`TreeOptions::max_nodes`] nodes), the least probable subtrees
//!   (among equally probable ones, the deepest) become such boxes until it fits,
//!   and if even the root's branches are too wide the picture is drawn smaller.
//!
//! Numbers are printed short ([`format`]): probabilities as decimals with a few
//! significant digits, payoffs and chance probabilities as decimals, except in a
//! game whose numbers are all integers or fractions with small denominators (a
//! hand-written 1/3 stays 1/3).

mod collapse;
pub mod examples;
pub mod format;
mod layout;
pub mod picture;
pub mod tikz;

use brink_game::{ExtensiveGame, NodeId, Owner, Profile, ProfileKind};
use collapse::{Hidden, Kind, Rules, OFF_PATH};
use std::collections::HashMap;

pub use format::{format_decimal, format_exact, format_prob, format_value};
pub use picture::{draw_tree, tree_svg};
pub use tikz::to_tikz;

/// Default largest width of a drawing, in pixels (TikZ: the same layout, in mm).
pub const DEFAULT_MAX_WIDTH: u32 = 4000;

/// How to draw a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeOptions {
    /// Equilibrium (behavior) probabilities to write on the branches; they define the
    /// path of play that is drawn whole.
    pub profile: Option<Profile<f64>>,
    /// Most nodes to draw; above this, deeper levels are summarised in boxes.
    pub max_nodes: usize,
    /// Significant digits of probabilities and of payoffs printed as decimals.
    pub digits: usize,
    /// Largest width of the picture in pixels; deeper levels are summarised until
    /// the tree fits, and a tree too wide even then is drawn smaller.
    pub max_width: u32,
    /// Draw every subtree: no boxes for repeated or off-path subtrees (the width and
    /// node limits still apply).
    pub full: bool,
    /// Off the path of play, how many levels of moves are drawn before the box that
    /// summarises the rest (0: the first node off the path is the box).
    pub off_path_levels: usize,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            profile: None,
            max_nodes: 200,
            digits: 3,
            max_width: DEFAULT_MAX_WIDTH,
            full: false,
            off_path_levels: 0,
        }
    }
}

/// What a drawn node stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A decision or chance node, drawn with its children.
    Move,
    /// A terminal node, with its outcome and payoffs.
    Terminal,
    /// A subtree identical to the drawn one tagged `tag`, of `size` nodes.
    Repeat {
        /// The tag written at the drawn copy.
        tag: String,
        /// Nodes in the subtree.
        size: usize,
    },
    /// A subtree summarised in a box: one play never reaches, or one below the
    /// depth at which a tree too large is cut.
    Cut {
        /// Nodes in the subtree.
        size: usize,
        /// Terminal nodes in the subtree.
        terminals: usize,
        /// The outcome labels of those terminal nodes, each once.
        outcomes: Vec<String>,
        /// Whether it is off the equilibrium path (else it is below the cut depth).
        off_path: bool,
    },
}

/// How the branch into a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Branch {
    /// No equilibrium is drawn: every branch alike.
    Plain,
    /// On the path of play (reached with positive probability): thick, coloured.
    OnPath,
    /// Never reached in equilibrium: thin, grey.
    OffPath,
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
    /// Horizontal position in characters of body text (root at 0).
    pub x: f64,
    /// Depth (root 0).
    pub depth: usize,
    /// What it stands for.
    pub shown: Shown,
    /// Who moves (player name or `Chance`), empty at terminal nodes.
    pub owner: String,
    /// Whether chance moves here.
    pub chance: bool,
    /// Tag of a subtree that boxes elsewhere refer to (empty if none).
    pub tag: String,
    /// The label of the branch into this node (action name, chance probability).
    pub action: String,
    /// The equilibrium probability of that branch, formatted (empty if none).
    pub eq_prob: String,
    /// How the branch into this node is drawn.
    pub branch: Branch,
    /// The probability of reaching this node in equilibrium, as written beside it
    /// (`p=0.62`); empty off the path and without an equilibrium.
    pub reach: String,
    /// Payoffs accumulated along the path, at terminal nodes, on one line: `(1, -1/2)`.
    pub payoffs: String,
    /// The outcome's label at a terminal node (`war`), empty if it has none.
    pub outcome: String,
    /// Lines written under the node: a terminal's outcome and payoffs (one line for
    /// two players, one per player for more), or the text of a box.
    pub below: Vec<String>,
}

/// A tree laid out for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeDrawing {
    /// The game's title.
    pub title: String,
    /// How to read the picture: the payoff order, the path's colours.
    pub legend: Vec<String>,
    /// Drawn nodes, in preorder (the root first).
    pub nodes: Vec<DrawnNode>,
    /// Pairs of drawn nodes in one information set, to link with a dashed line.
    pub infoset_links: Vec<(usize, usize)>,
    /// Sibling gap at each drawn move, in characters.
    pub gaps: Vec<f64>,
    /// Horizontal extent of the drawing with its labels, in characters (left, right).
    pub extent: (f64, f64),
    /// Below 1 when even the most collapsed tree is wider than `max_width`: the
    /// picture is drawn at this scale.
    pub scale: f64,
    /// What was left out, in sentences, for the reader.
    pub notes: Vec<String>,
}

impl TreeDrawing {
    /// Width of the picture in pixels at scale 1, margins included.
    pub fn natural_width_px(&self) -> f64 {
        layout::width_px(self.extent)
    }
}

/// Errors that make a tree undrawable.
fn check(game: &ExtensiveGame, opts: &TreeOptions) -> Result<(), crate::AnalysisError> {
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
    if opts.max_nodes == 0 {
        return Err(crate::AnalysisError::Invalid(
            "max_nodes must be at least 1".into(),
        ));
    }
    if opts.max_width < 200 {
        return Err(crate::AnalysisError::Invalid(format!(
            "a tree cannot be drawn in {} pixels: max_width must be at least 200",
            opts.max_width
        )));
    }
    Ok(())
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

/// Splits `words` (joined by ", ") into lines of at most `width` characters, at most
/// `max_lines` of them, the last saying how many were left out.
fn wrap_list(words: &[String], width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (k, w) in words.iter().enumerate() {
        let piece = if k + 1 < words.len() {
            format!("{w},")
        } else {
            w.clone()
        };
        if !line.is_empty() && line.chars().count() + 1 + piece.chars().count() > width {
            if lines.len() + 1 == max_lines {
                line.push_str(&format!(" +{} more", words.len() - k));
                lines.push(line);
                return lines;
            }
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Builds the drawn nodes of one selection (positions not yet set).
fn build(
    game: &ExtensiveGame,
    f: &collapse::Facts,
    opts: &TreeOptions,
    order: &[(NodeId, Kind)],
) -> Vec<DrawnNode> {
    let has_path = opts.profile.is_some();
    let mut nodes: Vec<DrawnNode> = Vec::with_capacity(order.len());
    let mut index_of: HashMap<NodeId, usize> = HashMap::with_capacity(order.len());
    let mut tags: HashMap<NodeId, String> = HashMap::new();
    for &(n, kind) in order {
        let i = n.index();
        let terminal = kind == Kind::Terminal;
        let owner = match game.node_owner(n) {
            None => String::new(),
            Some(Owner::Chance) => "Chance".into(),
            Some(Owner::Player(p)) => game.players[p].clone(),
        };
        let on_path = f.reach[i] > OFF_PATH;
        let reach = if has_path && on_path && n != game.root() {
            format!("p={}", format_prob(f.reach[i], opts.digits))
        } else {
            String::new()
        };
        let branch = match (has_path, on_path) {
            (false, _) => Branch::Plain,
            (true, true) => Branch::OnPath,
            (true, false) => Branch::OffPath,
        };
        let (action, eq_prob) = branch_label(game, n, opts, f.fractions);
        let payoff_texts = collapse::payoff_texts(&f.payoffs[i], opts.digits, f.fractions);
        let payoffs = if terminal {
            format!("({})", payoff_texts.join(", "))
        } else {
            String::new()
        };
        let outcome = if terminal {
            collapse::outcome_label(game, n).to_string()
        } else {
            String::new()
        };
        let (shown, below) = match kind {
            Kind::Move => (Shown::Move, Vec::new()),
            Kind::Terminal => {
                let mut below = Vec::new();
                if !outcome.is_empty() {
                    below.push(outcome.clone());
                }
                if game.num_players() > 2 {
                    below.extend(payoff_texts);
                } else {
                    below.push(payoffs.clone());
                }
                (Shown::Terminal, below)
            }
            Kind::Repeat(copy) => {
                let k = tags.len();
                let tag = tags.entry(copy).or_insert_with(|| tag_name(k)).clone();
                let below = vec![format!("= subtree {tag}"), format!("{} nodes", f.size[i])];
                let size = f.size[i];
                (Shown::Repeat { tag, size }, below)
            }
            Kind::Cut(off_path) => {
                let (terminals, outcomes) = collapse::summary(game, n);
                let mut below = vec![
                    if off_path { "not reached" } else { "not drawn" }.to_string(),
                    format!(
                        "{terminals} outcome{}{}",
                        if terminals == 1 { "" } else { "s" },
                        if outcomes.is_empty() { "" } else { ":" }
                    ),
                ];
                below.extend(wrap_list(&outcomes, 22, 3));
                let shown = Shown::Cut {
                    size: f.size[i],
                    terminals,
                    outcomes,
                    off_path,
                };
                (shown, below)
            }
        };
        let parent = game.parent(n).map(|p| index_of[&p]);
        let k = nodes.len();
        index_of.insert(n, k);
        if let Some(p) = parent {
            nodes[p].children.push(k);
        }
        nodes.push(DrawnNode {
            node: n,
            parent,
            children: Vec::new(),
            x: 0.0,
            depth: f.depth[i] as usize,
            shown,
            owner,
            chance: game.node_owner(n) == Some(Owner::Chance),
            tag: String::new(),
            action,
            eq_prob,
            branch,
            reach,
            payoffs,
            outcome,
            below,
        });
    }
    for (copy, tag) in tags {
        nodes[index_of[&copy]].tag = tag;
    }
    nodes
}

/// Lays out a game tree, collapsing it as the options say (see the module doc).
pub fn layout_tree(
    game: &ExtensiveGame,
    opts: &TreeOptions,
) -> Result<TreeDrawing, crate::AnalysisError> {
    check(game, opts)?;
    let f = collapse::facts(game, opts.profile.as_ref(), opts.digits);
    let mut rules = Rules {
        max_moves: usize::MAX,
        full: opts.full,
        off_path_levels: opts.off_path_levels,
        has_path: opts.profile.is_some(),
    };
    let attempt = |rules: &Rules| {
        let (order, hidden) = collapse::select(game, &f, rules);
        let mut nodes = build(game, &f, opts, &order);
        let (gaps, extent) = layout::place(&mut nodes);
        let deepest = nodes.iter().map(|n| n.depth).max().unwrap_or(0);
        let fits = layout::width_px(extent) <= opts.max_width as f64
            && nodes.len() <= opts.max_nodes
            && deepest as f64 * layout::LEVEL_PX <= layout::MAX_HEIGHT_PX;
        (fits, (nodes, gaps, extent, hidden))
    };
    let (fits, mut best) = attempt(&rules);
    let mut fitted = fits;
    if !fits {
        // Fewer moves expanded, most probable first: search for the most that fit
        // (about log2 of the moves tries, each linear in the nodes drawn). Width
        // grows with the moves drawn nearly always; where it does not, the search
        // still ends at a count that fits.
        let (mut lo, mut hi) = (1usize, best.3.moves.max(1));
        rules.max_moves = 1;
        let (fits_one, one) = attempt(&rules);
        best = one;
        fitted = fits_one;
        if fits_one {
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                rules.max_moves = mid;
                let (ok, got) = attempt(&rules);
                if ok {
                    lo = mid;
                    best = got;
                } else {
                    hi = mid;
                }
            }
        }
    }
    let (nodes, gaps, extent, hidden) = best;
    let mut notes = notes_of(&hidden, opts);
    let mut scale = 1.0;
    let natural = layout::width_px(extent);
    if !fitted {
        if natural > opts.max_width as f64 {
            scale = opts.max_width as f64 / natural;
            notes.push(format!(
                "even with only the root's branches drawn the tree is {natural:.0} pixels wide: it is drawn at {:.0}% of its size to fit {} pixels",
                100.0 * scale,
                opts.max_width
            ));
        }
        if nodes.len() > opts.max_nodes {
            notes.push(format!(
                "even with only the root's branches drawn the tree has {} nodes, more than the {} asked",
                nodes.len(),
                opts.max_nodes
            ));
        }
    }
    let (infoset_links, hidden_members) = links(game, &nodes);
    if hidden_members {
        notes.push(
            "some information sets have members inside boxes; their links are not drawn".into(),
        );
    }
    Ok(TreeDrawing {
        title: game.title.clone(),
        legend: legend(game, opts),
        nodes,
        infoset_links,
        gaps,
        extent,
        scale,
        notes,
    })
}

fn notes_of(h: &Hidden, opts: &TreeOptions) -> Vec<String> {
    let mut notes = Vec::new();
    if h.repeats > 0 {
        notes.push(format!(
            "{} subtree(s) identical to one drawn elsewhere are boxes naming the drawn copy ({} nodes not drawn again)",
            h.repeats, h.repeat_nodes
        ));
    }
    if h.off_path > 0 {
        notes.push(format!(
            "{} subtree(s) off the equilibrium path are summarised in boxes ({} nodes; --full draws them)",
            h.off_path, h.off_path_nodes
        ));
    }
    if h.cuts > 0 {
        // "at most 1" says nothing: only a probability below certainty is worth a word.
        let likely = if opts.profile.is_some() && h.cut_reach < 1.0 - 1e-12 {
            format!(
                ", each reached with probability at most {}",
                format_prob(h.cut_reach, opts.digits)
            )
        } else {
            String::new()
        };
        notes.push(format!(
            "to fit {} pixels and {} nodes, {} subtree(s) are summarised in boxes, the least probable and deepest first{likely} ({} nodes not drawn)",
            opts.max_width, opts.max_nodes, h.cuts, h.cut_nodes
        ));
    }
    notes
}

/// Dashed links between the drawn members of each information set, and whether
/// some members are hidden in boxes.
fn links(game: &ExtensiveGame, nodes: &[DrawnNode]) -> (Vec<(usize, usize)>, bool) {
    let index_of: HashMap<NodeId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (n.node, i)).collect();
    let mut out = Vec::new();
    let mut hidden = false;
    for info in game.infosets().iter().filter(|i| i.members.len() > 1) {
        let mut members: Vec<usize> = Vec::new();
        for m in &info.members {
            match index_of.get(m) {
                Some(&i) if nodes[i].shown == Shown::Move => members.push(i),
                _ => hidden = true,
            }
        }
        members.sort_by_key(|&i| (nodes[i].depth, i));
        out.extend(members.windows(2).map(|w| (w[0], w[1])));
    }
    (out, hidden)
}

fn legend(game: &ExtensiveGame, opts: &TreeOptions) -> Vec<String> {
    let mut l = Vec::new();
    if game.num_players() > 2 {
        l.push(format!(
            "Payoffs, top to bottom: {}.",
            game.players.join(", ")
        ));
    }
    if opts.profile.is_some() {
        l.push(
            "Thick red: the equilibrium path, [action probabilities] and p = probability of reaching a node. Thin grey: never reached."
                .into(),
        );
    }
    l
}

fn branch_label(
    game: &ExtensiveGame,
    n: NodeId,
    opts: &TreeOptions,
    fractions: bool,
) -> (String, String) {
    let (Some(p), Some(k)) = (game.parent(n), game.action_to(n)) else {
        return (String::new(), String::new());
    };
    let iset = game
        .node_infoset(p)
        .expect("a parent has an information set");
    let info = game.infoset(iset);
    let action = &info.actions[k];
    let label = match &action.prob {
        Some(prob) if action.label.is_empty() => format_exact(prob, opts.digits, fractions),
        Some(prob) => format!(
            "{} ({})",
            action.label,
            format_exact(prob, opts.digits, fractions)
        ),
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
