//! Extensive-form games: an arena of nodes with information sets and outcomes.
//!
//! Nodes live in one `Vec` and refer to each other by `u32` index. The children
//! of a node are allocated together, so they are contiguous, and always after
//! their parent: iterating node ids upwards visits parents before children, and
//! downwards visits children before parents. Tree passes are therefore plain
//! loops over a slice, with no recursion and no pointer chasing, and a node costs
//! 24 bytes (a tree of 10^7 nodes takes 240 MB).

use crate::number::{rational_to_f64, Rational};
use std::fmt;
use thiserror::Error;

const NONE: u32 = u32::MAX;

/// Index of a node in [`ExtensiveGame::nodes`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// Index of an information set in [`ExtensiveGame::infosets`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InfosetId(pub u32);

/// Index of an outcome in [`ExtensiveGame::outcomes`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutcomeId(pub u32);

impl NodeId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
impl InfosetId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
impl OutcomeId {
    /// The index as a `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Who moves at an information set.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// Nature, with fixed probabilities on the actions.
    Chance,
    /// A player, by index into [`ExtensiveGame::players`].
    Player(usize),
}

/// A node of the tree. Fields are private so that the arena invariants hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    parent: u32,
    first_child: u32,
    num_children: u32,
    infoset: u32,
    outcome: u32,
    label: u32,
}

/// An action at an information set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The action's name (may be empty).
    pub label: String,
    /// Its probability, for chance information sets only.
    pub prob: Option<Rational>,
}

/// An information set: nodes its owner cannot tell apart, with the same actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Infoset {
    /// Who moves.
    pub owner: Owner,
    /// The information set's name (may be empty, need not be unique).
    pub label: String,
    /// The number Gambit's files give it, unique per owner, starting at 1.
    pub number: u32,
    /// The actions, in order.
    pub actions: Vec<Action>,
    /// The member nodes, in increasing id order.
    pub members: Vec<NodeId>,
}

/// A payoff vector attached to nodes; payoffs accumulate along the path.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The outcome's name (may be empty).
    pub label: String,
    /// One exact payoff per player.
    pub payoffs: Vec<Rational>,
    /// The same payoffs as `f64`, for floating-point solvers.
    pub payoffs_f64: Vec<f64>,
}

impl Outcome {
    /// An outcome with the given label and exact payoffs.
    pub fn new(label: impl Into<String>, payoffs: Vec<Rational>) -> Self {
        let payoffs_f64 = payoffs.iter().map(rational_to_f64).collect();
        Outcome {
            label: label.into(),
            payoffs,
            payoffs_f64,
        }
    }
}

/// A finite game in extensive form.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtensiveGame {
    /// Title line of the game.
    pub title: String,
    /// Free-text comment.
    pub comment: String,
    /// Player names, in order.
    pub players: Vec<String>,
    nodes: Vec<Node>,
    node_labels: Vec<String>,
    infosets: Vec<Infoset>,
    outcomes: Vec<Outcome>,
    player_infosets: Vec<Vec<InfosetId>>,
}

/// A violation of perfect recall.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("imperfect recall: player {player} forgets at information set {infoset} ({detail})")]
pub struct RecallError {
    /// The player's name.
    pub player: String,
    /// The offending information set, as `number` and label: `3 "High"`.
    pub infoset: String,
    /// What is forgotten.
    pub detail: String,
}

/// Errors found when a game is finished.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum BuildError {
    /// A node was given a move twice.
    #[error("node {0} already has a move")]
    MoveTwice(u32),
    /// The game would exceed the node limit.
    #[error("the game would have more than {0} nodes")]
    TooLarge(usize),
    /// An information set's actions were used at a node of the wrong arity.
    #[error("information set {0} has {1} actions but was used at a node with {2} children")]
    Arity(String, usize, usize),
    /// A chance information set with an action that lacks a probability or
    /// has a negative one.
    #[error("chance information set {0:?}: {1}")]
    ChanceProbabilities(String, String),
}

/// That a chance information set's actions all carry probabilities of at
/// least 0. Their sum is left to the callers: parsers insist on exactly 1,
/// while games built from floating-point weights carry their rounding.
fn check_chance(info: &Infoset) -> Result<(), BuildError> {
    let refuse = |why: String| Err(BuildError::ChanceProbabilities(info.label.clone(), why));
    let zero = Rational::from_integer(0.into());
    for (k, a) in info.actions.iter().enumerate() {
        match &a.prob {
            None => {
                return refuse(format!(
                    "action {} ({:?}) has no probability",
                    k + 1,
                    a.label
                ))
            }
            Some(p) if *p < zero => {
                return refuse(format!(
                    "action {} ({:?}) has probability {p}",
                    k + 1,
                    a.label
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

impl ExtensiveGame {
    /// The root node.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Number of players (chance excluded).
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// All information sets, chance ones included, in creation order.
    pub fn infosets(&self) -> &[Infoset] {
        &self.infosets
    }

    /// One information set.
    pub fn infoset(&self, id: InfosetId) -> &Infoset {
        &self.infosets[id.index()]
    }

    /// A player's information sets in Gambit's order: by first appearance in a
    /// depth-first preorder of the tree (for a parsed file, file order).
    pub fn player_infosets(&self, player: usize) -> &[InfosetId] {
        &self.player_infosets[player]
    }

    /// Chance information sets, in order of their number.
    pub fn chance_infosets(&self) -> Vec<InfosetId> {
        let mut ids: Vec<InfosetId> = (0..self.infosets.len() as u32)
            .map(InfosetId)
            .filter(|&i| self.infoset(i).owner == Owner::Chance)
            .collect();
        ids.sort_by_key(|&i| self.infoset(i).number);
        ids
    }

    /// All outcomes.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The parent of a node (`None` at the root).
    pub fn parent(&self, n: NodeId) -> Option<NodeId> {
        let p = self.nodes[n.index()].parent;
        (p != NONE).then_some(NodeId(p))
    }

    /// The children of a node, in action order (empty at a terminal node).
    pub fn children(
        &self,
        n: NodeId,
    ) -> impl ExactSizeIterator<Item = NodeId> + DoubleEndedIterator + Clone {
        let node = &self.nodes[n.index()];
        (node.first_child..node.first_child + node.num_children).map(NodeId)
    }

    /// The child reached by action `a` at a non-terminal node.
    pub fn child(&self, n: NodeId, a: usize) -> NodeId {
        NodeId(self.nodes[n.index()].first_child + a as u32)
    }

    /// Number of children.
    pub fn num_children(&self, n: NodeId) -> usize {
        self.nodes[n.index()].num_children as usize
    }

    /// Whether the node ends the game.
    pub fn is_terminal(&self, n: NodeId) -> bool {
        self.nodes[n.index()].num_children == 0
    }

    /// The index of the action that leads from the parent to this node.
    pub fn action_to(&self, n: NodeId) -> Option<usize> {
        let p = self.parent(n)?;
        Some((n.0 - self.nodes[p.index()].first_child) as usize)
    }

    /// The information set of a non-terminal node.
    pub fn node_infoset(&self, n: NodeId) -> Option<InfosetId> {
        let i = self.nodes[n.index()].infoset;
        (i != NONE).then_some(InfosetId(i))
    }

    /// Who moves at a node (`None` at a terminal node).
    pub fn node_owner(&self, n: NodeId) -> Option<Owner> {
        self.node_infoset(n).map(|i| self.infoset(i).owner)
    }

    /// The outcome attached to a node, if any.
    pub fn node_outcome(&self, n: NodeId) -> Option<OutcomeId> {
        let o = self.nodes[n.index()].outcome;
        (o != NONE).then_some(OutcomeId(o))
    }

    /// The node's label (empty if none).
    pub fn node_label(&self, n: NodeId) -> &str {
        &self.node_labels[self.nodes[n.index()].label as usize]
    }

    /// Node ids in depth-first preorder, the order in which `.efg` files list them.
    pub fn preorder(&self) -> Vec<NodeId> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![self.root()];
        while let Some(n) = stack.pop() {
            order.push(n);
            let children = self.children(n);
            stack.extend(children.rev());
        }
        order
    }

    /// Depth of every node (root 0), by one upward pass over the arena.
    pub fn depths(&self) -> Vec<u32> {
        let mut depth = vec![0u32; self.nodes.len()];
        for (i, node) in self.nodes.iter().enumerate().skip(1) {
            depth[i] = depth[node.parent as usize] + 1;
        }
        depth
    }

    /// Whether every information set has a single member.
    pub fn is_perfect_information(&self) -> bool {
        self.infosets.iter().all(|i| i.members.len() <= 1)
    }

    /// Whether the game is constant-sum (in exact arithmetic) over its terminal histories.
    /// Payoffs of internal outcomes are accumulated along each path.
    pub fn is_constant_sum(&self) -> bool {
        let totals = self.terminal_payoff_sums();
        totals.windows(2).all(|w| w[0] == w[1])
    }

    fn terminal_payoff_sums(&self) -> Vec<Rational> {
        let mut acc: Vec<Rational> = vec![Rational::from_integer(0.into()); self.nodes.len()];
        let mut totals = Vec::new();
        for i in 0..self.nodes.len() {
            let n = NodeId(i as u32);
            let mut v = match self.parent(n) {
                Some(p) => acc[p.index()].clone(),
                None => Rational::from_integer(0.into()),
            };
            if let Some(o) = self.node_outcome(n) {
                for x in &self.outcomes[o.index()].payoffs {
                    v += x;
                }
            }
            if self.is_terminal(n) {
                totals.push(v.clone());
            }
            acc[i] = v;
        }
        totals
    }

    /// For each node, the index of the last move of `player` on the path to it:
    /// `None` if the player has not moved yet, otherwise `(infoset, action)`.
    /// One upward pass over the arena.
    pub fn last_moves(&self, player: usize) -> Vec<Option<(InfosetId, usize)>> {
        let mut last: Vec<Option<(InfosetId, usize)>> = vec![None; self.nodes.len()];
        for i in 1..self.nodes.len() {
            let n = NodeId(i as u32);
            let p = NodeId(self.nodes[i].parent);
            let iset = self
                .node_infoset(p)
                .expect("a parent has an information set");
            last[i] = if self.infoset(iset).owner == Owner::Player(player) {
                Some((iset, self.action_to(n).unwrap_or(0)))
            } else {
                last[p.index()]
            };
        }
        last
    }

    /// Checks perfect recall: all members of each information set share their
    /// owner's previous move, and no information set is met twice on a path.
    /// Names the first offending information set.
    pub fn check_perfect_recall(&self) -> Result<(), RecallError> {
        (0..self.players.len()).try_for_each(|p| self.check_player_recall(p))
    }

    /// Checks perfect recall for one player (see [`Self::check_perfect_recall`]).
    pub fn check_player_recall(&self, player: usize) -> Result<(), RecallError> {
        {
            let last = self.last_moves(player);
            for &iset in &self.player_infosets[player] {
                let info = self.infoset(iset);
                let first = last[info.members[0].index()];
                for &m in &info.members[1..] {
                    if last[m.index()] != first {
                        return Err(RecallError {
                            player: self.players[player].clone(),
                            infoset: format!("{} \"{}\"", info.number, info.label),
                            detail: self.describe_forgotten(first, last[m.index()]),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn describe_forgotten(
        &self,
        a: Option<(InfosetId, usize)>,
        b: Option<(InfosetId, usize)>,
    ) -> String {
        let describe = |m: Option<(InfosetId, usize)>| match m {
            None => "no earlier move".to_string(),
            Some((i, act)) => {
                let info = self.infoset(i);
                format!(
                    "action \"{}\" at information set {}",
                    info.actions[act].label, info.number
                )
            }
        };
        format!("its nodes follow {} and {}", describe(a), describe(b))
    }

    /// The number of pure strategies of each player (the product of the action
    /// counts of their information sets), saturating at `u128::MAX`.
    pub fn num_pure_strategies(&self, player: usize) -> u128 {
        self.player_infosets[player].iter().fold(1u128, |acc, &i| {
            acc.saturating_mul(self.infoset(i).actions.len() as u128)
        })
    }

    /// Total number of actions of a player, over their information sets.
    pub fn num_actions(&self, player: usize) -> usize {
        self.player_infosets[player]
            .iter()
            .map(|&i| self.infoset(i).actions.len())
            .sum()
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Chance => write!(f, "chance"),
            Owner::Player(p) => write!(f, "player {}", p + 1),
        }
    }
}

/// Builds an [`ExtensiveGame`] top-down: the root exists from the start and
/// [`GameBuilder::set_move`] allocates a node's children together.
#[derive(Clone, Debug)]
pub struct GameBuilder {
    game: ExtensiveGame,
    max_nodes: usize,
}

impl GameBuilder {
    /// Default limit on tree size: enough for full tic-tac-toe many times over,
    /// small enough to fail with a message rather than exhaust memory.
    pub const DEFAULT_MAX_NODES: usize = 50_000_000;

    /// A game with the given players and a lone root node.
    pub fn new(title: impl Into<String>, players: Vec<String>) -> Self {
        GameBuilder {
            game: ExtensiveGame {
                title: title.into(),
                comment: String::new(),
                player_infosets: vec![Vec::new(); players.len()],
                players,
                nodes: vec![Node {
                    parent: NONE,
                    first_child: 0,
                    num_children: 0,
                    infoset: NONE,
                    outcome: NONE,
                    label: 0,
                }],
                node_labels: vec![String::new()],
                infosets: Vec::new(),
                outcomes: Vec::new(),
            },
            max_nodes: Self::DEFAULT_MAX_NODES,
        }
    }

    /// Sets the limit on the number of nodes.
    pub fn with_max_nodes(mut self, max_nodes: usize) -> Self {
        self.max_nodes = max_nodes;
        self
    }

    /// Sets the comment.
    pub fn set_comment(&mut self, comment: impl Into<String>) {
        self.game.comment = comment.into();
    }

    /// The root node.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// Number of nodes so far.
    pub fn num_nodes(&self) -> usize {
        self.game.nodes.len()
    }

    /// Number of players.
    pub fn num_players(&self) -> usize {
        self.game.players.len()
    }

    /// Adds an outcome.
    pub fn add_outcome(&mut self, outcome: Outcome) -> OutcomeId {
        self.game.outcomes.push(outcome);
        OutcomeId(self.game.outcomes.len() as u32 - 1)
    }

    /// The outcomes added so far.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.game.outcomes
    }

    /// Adds an information set with the given Gambit number (unique per owner).
    pub fn add_infoset(
        &mut self,
        owner: Owner,
        number: u32,
        label: impl Into<String>,
        actions: Vec<Action>,
    ) -> InfosetId {
        let id = InfosetId(self.game.infosets.len() as u32);
        self.game.infosets.push(Infoset {
            owner,
            label: label.into(),
            number,
            actions,
            members: Vec::new(),
        });
        id
    }

    /// The next free information-set number for an owner.
    pub fn next_infoset_number(&self, owner: Owner) -> u32 {
        self.game
            .infosets
            .iter()
            .filter(|i| i.owner == owner)
            .map(|i| i.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Information sets added so far.
    pub fn infosets(&self) -> &[Infoset] {
        &self.game.infosets
    }

    /// Makes `node` a decision (or chance) node of information set `iset` and
    /// allocates one child per action. Returns the children in action order.
    pub fn set_move(
        &mut self,
        node: NodeId,
        iset: InfosetId,
    ) -> Result<std::ops::Range<u32>, BuildError> {
        let k = self.game.infosets[iset.index()].actions.len();
        if self.game.nodes[node.index()].infoset != NONE {
            return Err(BuildError::MoveTwice(node.0));
        }
        let info = &self.game.infosets[iset.index()];
        if info.owner == Owner::Chance && info.members.is_empty() {
            // Checked at the first use: solvers read these as a distribution.
            check_chance(info)?;
        }
        let start = self.game.nodes.len();
        if start + k > self.max_nodes {
            return Err(BuildError::TooLarge(self.max_nodes));
        }
        {
            let n = &mut self.game.nodes[node.index()];
            n.infoset = iset.0;
            n.first_child = start as u32;
            n.num_children = k as u32;
        }
        self.game.infosets[iset.index()].members.push(node);
        self.game.nodes.extend((0..k).map(|_| Node {
            parent: node.0,
            first_child: 0,
            num_children: 0,
            infoset: NONE,
            outcome: NONE,
            label: 0,
        }));
        Ok(start as u32..(start + k) as u32)
    }

    /// Attaches an outcome to a node.
    pub fn set_outcome(&mut self, node: NodeId, outcome: Option<OutcomeId>) {
        self.game.nodes[node.index()].outcome = outcome.map_or(NONE, |o| o.0);
    }

    /// Names a node.
    pub fn set_node_label(&mut self, node: NodeId, label: &str) {
        if label.is_empty() {
            self.game.nodes[node.index()].label = 0;
        } else {
            self.game.node_labels.push(label.to_string());
            self.game.nodes[node.index()].label = self.game.node_labels.len() as u32 - 1;
        }
    }

    /// Finishes the game: sorts members and indexes each player's information sets.
    /// Information sets with no member are dropped.
    pub fn finish(mut self) -> ExtensiveGame {
        let game = &mut self.game;
        let keep: Vec<bool> = game
            .infosets
            .iter()
            .map(|i| !i.members.is_empty())
            .collect();
        if keep.iter().any(|k| !k) {
            let mut remap = vec![NONE; game.infosets.len()];
            let mut kept = Vec::new();
            for (i, iset) in std::mem::take(&mut game.infosets).into_iter().enumerate() {
                if keep[i] {
                    remap[i] = kept.len() as u32;
                    kept.push(iset);
                }
            }
            game.infosets = kept;
            for node in &mut game.nodes {
                if node.infoset != NONE {
                    node.infoset = remap[node.infoset as usize];
                }
            }
        }
        for iset in &mut game.infosets {
            iset.members.sort();
        }
        // Gambit lists a player's information sets in the order they first
        // appear in a depth-first preorder of the tree (the order of an .efg
        // file), whatever numbers the file gives them; profiles follow it.
        let mut per_player = vec![Vec::new(); game.players.len()];
        let mut seen = vec![false; game.infosets.len()];
        for n in game.preorder() {
            if let Some(i) = game.node_infoset(n) {
                if !std::mem::replace(&mut seen[i.index()], true) {
                    if let Owner::Player(p) = game.infosets[i.index()].owner {
                        per_player[p].push(i);
                    }
                }
            }
        }
        game.player_infosets = per_player;
        self.game
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    /// Player 1 moves, then player 2 moves without seeing it (matching pennies).
    /// With `forgetful`, the second mover is player 1 again, who has forgotten.
    fn pennies(forgetful: bool) -> ExtensiveGame {
        let mut b = GameBuilder::new("pennies", vec!["1".into(), "2".into()]);
        let i1 = b.add_infoset(Owner::Player(0), 1, "a", vec![act("H"), act("T")]);
        let second = if forgetful {
            Owner::Player(0)
        } else {
            Owner::Player(1)
        };
        let number = if forgetful { 2 } else { 1 };
        let i2 = b.add_infoset(second, number, "again", vec![act("h"), act("t")]);
        let kids = b.set_move(b.root(), i1).unwrap();
        for (k, child) in kids.enumerate() {
            let grandkids = b.set_move(NodeId(child), i2).unwrap();
            for (j, g) in grandkids.enumerate() {
                let sign = if k == j { 1 } else { -1 };
                let o = b.add_outcome(Outcome::new("", vec![q(sign), q(-sign)]));
                b.set_outcome(NodeId(g), Some(o));
            }
        }
        b.finish()
    }

    #[test]
    fn arena_invariants() {
        let g = pennies(false);
        assert_eq!(g.num_nodes(), 7);
        assert!(g.check_perfect_recall().is_ok());
        assert!(g.is_constant_sum());
        for i in 1..g.num_nodes() {
            let n = NodeId(i as u32);
            assert!(g.parent(n).unwrap() < n, "parents precede children");
        }
        assert_eq!(g.preorder().len(), 7);
        assert_eq!(g.num_pure_strategies(0), 2);
        assert_eq!(g.player_infosets(1).len(), 1);
        assert_eq!(g.infoset(g.player_infosets(1)[0]).members.len(), 2);
    }

    #[test]
    fn information_sets_are_listed_in_tree_order_not_by_number() {
        // Player 1 moves at the root (numbered 2) and again after "R" (numbered 1).
        let mut b = GameBuilder::new("", vec!["1".into()]);
        let later = b.add_infoset(Owner::Player(0), 1, "later", vec![act("x"), act("y")]);
        let root = b.add_infoset(Owner::Player(0), 2, "root", vec![act("L"), act("R")]);
        let kids: Vec<u32> = b.set_move(b.root(), root).unwrap().collect();
        b.set_move(NodeId(kids[1]), later).unwrap();
        let g = b.finish();
        assert_eq!(g.player_infosets(0), &[root, later]);
    }

    #[test]
    fn names_the_forgetful_information_set() {
        let g = pennies(true);
        let err = g.check_perfect_recall().unwrap_err();
        assert_eq!(err.player, "1");
        assert!(err.infoset.contains("again"), "{err}");
    }

    #[test]
    fn node_limit_is_an_error() {
        let mut b = GameBuilder::new("", vec!["1".into()]).with_max_nodes(2);
        let i = b.add_infoset(Owner::Player(0), 1, "", vec![act("a"), act("b")]);
        assert_eq!(b.set_move(b.root(), i), Err(BuildError::TooLarge(2)));
    }

    #[test]
    fn chance_moves_need_a_distribution() {
        let chance = |probs: [Option<i64>; 2]| {
            let mut b = GameBuilder::new("", vec!["1".into()]);
            let actions = probs
                .iter()
                .zip(["a", "b"])
                .map(|(p, l)| Action {
                    label: l.into(),
                    prob: p.map(|n| Rational::new(n.into(), 4.into())),
                })
                .collect();
            let i = b.add_infoset(Owner::Chance, 1, "c", actions);
            b.set_move(b.root(), i)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(chance([Some(1), Some(3)]), Ok(()));
        let missing = chance([Some(1), None]).unwrap_err();
        assert!(
            missing.contains("action 2 (\"b\") has no probability"),
            "{missing}"
        );
        let negative = chance([Some(5), Some(-1)]).unwrap_err();
        assert!(negative.contains("probability -1/4"), "{negative}");
    }
}
