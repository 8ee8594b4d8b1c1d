//! Action-graph games (Jiang, Leyton-Brown and Bhat, "Action-graph games",
//! Games and Economic Behavior 71, 2011) and their Bayesian version (Jiang
//! and Leyton-Brown, "Bayesian action-graph games", NIPS 2010), with the
//! semantics of Gambit's `.agg` and `.bagg` readers.
//!
//! Players choose action nodes; a node's payoff depends only on the
//! *configuration* of its neighbourhood: for each neighbour, an action node's
//! count (how many players chose it) or a function node's value. A function
//! node combines the contributions of the players over the action nodes it
//! reaches through function nodes of the same signature (with multiplicity:
//! a node reached by two paths counts twice, as Gambit flattens it). Each
//! player contributes on its own and the contributions are combined: summed
//! (`Sum`, and the weighted sum, where every player adds the default once,
//! as Gambit computes it), or-ed (`Exists`), or the highest or lowest value
//! other than the default.
//!
//! A Bayesian game gives each player independent types, each with its own
//! action set. Its strategic form is Gambit's: one agent per (player, type),
//! in that order; an agent's payoff is its type's expected payoff over the
//! other players' types (conditional on its own type).
//!
//! Payoffs of pure profiles are computed from the graph ([`eval`]), so a
//! solver can work without the strategic form, whose size is the product of
//! the agents' strategy counts ([`ActionGraphGame::to_strategic`] builds it up
//! to a limit).

pub mod eval;
#[cfg(test)]
mod tests;

use crate::Rational;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use thiserror::Error;

/// A configuration: one value per neighbour of an action node, in the order
/// of its neighbour list.
pub type Config = Vec<i64>;

/// How a function node combines the players' contributions (Gambit's types
/// 0 to 3; 10 to 13 are the same with weights).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Combine {
    /// The sum (type 0, weighted 10).
    Sum,
    /// Whether the sum is positive, 0 or 1 (type 1, weighted 11).
    Exists,
    /// The highest index (weight) chosen, or the default (type 2, weighted 12).
    Highest,
    /// The lowest index (weight) chosen, or the default (type 3, weighted 13).
    Lowest,
}

/// A weighted function's default value and one weight per action node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Weights {
    /// The default value.
    pub default: i64,
    /// One weight per action node.
    pub weights: Vec<i64>,
}

/// A function node's signature.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    /// How contributions combine.
    pub combine: Combine,
    /// `Some` for the weighted types (10 to 13).
    pub weights: Option<Weights>,
}

impl Signature {
    /// Gambit's integer code for the signature (0 to 3, 10 to 13).
    pub fn code(&self) -> u32 {
        let base = match self.combine {
            Combine::Sum => 0,
            Combine::Exists => 1,
            Combine::Highest => 2,
            Combine::Lowest => 3,
        };
        base + if self.weights.is_some() { 10 } else { 0 }
    }

    /// The signature of a Gambit code, with its weights for codes 10 to 13.
    pub fn from_code(code: u32, weights: Option<Weights>) -> Option<Signature> {
        let combine = match code % 10 {
            0 => Combine::Sum,
            1 => Combine::Exists,
            2 => Combine::Highest,
            3 => Combine::Lowest,
            _ => return None,
        };
        match (code / 10, &weights) {
            (0, None) | (1, Some(_)) => Some(Signature { combine, weights }),
            _ => None,
        }
    }
}

/// One type of a player: its probability and its actions (action nodes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerType {
    /// The type's probability (1 in a game without types).
    pub probability: Rational,
    /// The action nodes open to the type; the strategies, in this order.
    pub actions: Vec<usize>,
}

/// Why an action graph is not a game.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AggError {
    /// A node index outside the graph.
    #[error("{what} refers to node {index}, but the graph has nodes 0 to {last}")]
    BadNode {
        /// Where the index is.
        what: String,
        /// The index.
        index: usize,
        /// The last node.
        last: usize,
    },
    /// A player or type without actions, or listing an action twice.
    #[error("{0}")]
    BadActions(String),
    /// The function nodes reach themselves.
    #[error("function node {node} is part of a cycle of function nodes")]
    Cycle {
        /// The function node (as a graph node index).
        node: usize,
    },
    /// A function node with a function-node neighbour of another signature.
    #[error("function node {node} has function node {neighbour} as a neighbour with another signature (Gambit requires them equal)")]
    SignatureMismatch {
        /// The function node.
        node: usize,
        /// Its neighbour.
        neighbour: usize,
    },
    /// A value that does not fit.
    #[error("{0}")]
    Overflow(String),
    /// A weighted signature with a negative default or weight.
    #[error(
        "function node {node} has a negative default or weight (configurations count up from 0)"
    )]
    NegativeWeight {
        /// The function node.
        node: usize,
    },
    /// Too many reachable configurations at an action node.
    #[error("action node {node} has more than {limit} reachable configurations")]
    TooManyConfigurations {
        /// The action node.
        node: usize,
        /// The limit.
        limit: usize,
    },
    /// Enumerating the reachable configurations would take too long.
    #[error(
        "enumerating the configurations action node {node} can reach takes more steps than allowed"
    )]
    TooMuchWork {
        /// The action node.
        node: usize,
    },
    /// A reachable configuration without a payoff.
    #[error("action node {node} has no payoff for its reachable configuration {}", show_config(.config))]
    MissingPayoff {
        /// The action node.
        node: usize,
        /// The configuration.
        config: Config,
    },
    /// The strategic form would exceed the limit.
    #[error("the strategic form would have {profiles} pure profiles (the product of the agents' strategy counts {shape:?}); the limit is {limit}")]
    TooLarge {
        /// Its pure profiles.
        profiles: u128,
        /// The agents' strategy counts.
        shape: Vec<usize>,
        /// The limit.
        limit: u128,
    },
    /// A configuration given twice, or of the wrong length.
    #[error("action node {node}: {reason}")]
    BadPayoffTable {
        /// The action node.
        node: usize,
        /// What is wrong.
        reason: String,
    },
}

/// A configuration as the files write it: `[1 0 2]`.
pub fn show_config(c: &[i64]) -> String {
    let inner: Vec<String> = c.iter().map(|x| x.to_string()).collect();
    format!("[{}]", inner.join(" "))
}

/// The structure of an action-graph game: players, types, nodes and edges,
/// with what the payoff computation needs derived from it.
#[derive(Clone, Debug)]
pub struct ActionGraph {
    num_action_nodes: usize,
    players: Vec<Vec<PlayerType>>,
    bayesian: bool,
    neighbours: Vec<Vec<usize>>,
    signatures: Vec<Signature>,
    /// Per function node, the action nodes it reaches and how many times,
    /// sorted by node.
    ancestors: Vec<Vec<(usize, i64)>>,
    /// Per player, the union of its types' actions, ascending.
    action_sets: Vec<Vec<usize>>,
}

impl PartialEq for ActionGraph {
    fn eq(&self, other: &Self) -> bool {
        // The derived fields follow from these.
        self.num_action_nodes == other.num_action_nodes
            && self.players == other.players
            && self.bayesian == other.bayesian
            && self.neighbours == other.neighbours
            && self.signatures == other.signatures
    }
}

impl ActionGraph {
    /// Checks and builds the structure. `players[i]` lists player `i`'s types
    /// (one, with probability 1, in a game without types); `neighbours` has
    /// one list per action node then one per function node (graph indices:
    /// action nodes first); `signatures` one per function node.
    pub fn new(
        num_action_nodes: usize,
        players: Vec<Vec<PlayerType>>,
        bayesian: bool,
        neighbours: Vec<Vec<usize>>,
        signatures: Vec<Signature>,
    ) -> Result<ActionGraph, AggError> {
        let s = num_action_nodes;
        let nodes = s + signatures.len();
        if neighbours.len() != nodes {
            return Err(AggError::BadActions(format!(
                "{} neighbour lists for {nodes} nodes",
                neighbours.len()
            )));
        }
        let last = nodes.saturating_sub(1);
        if players.is_empty() {
            return Err(AggError::BadActions("a game needs a player".into()));
        }
        for (i, types) in players.iter().enumerate() {
            if types.is_empty() {
                return Err(AggError::BadActions(format!("player {i} has no type")));
            }
            for (t, ty) in types.iter().enumerate() {
                if ty.actions.is_empty() {
                    return Err(AggError::BadActions(format!(
                        "player {i}, type {t} has no action"
                    )));
                }
                for &a in &ty.actions {
                    if a >= s {
                        return Err(AggError::BadNode {
                            what: format!("the actions of player {i}, type {t}"),
                            index: a,
                            last: s.saturating_sub(1),
                        });
                    }
                }
                let distinct: BTreeSet<_> = ty.actions.iter().collect();
                if distinct.len() != ty.actions.len() {
                    return Err(AggError::BadActions(format!(
                        "player {i}, type {t} lists an action twice"
                    )));
                }
            }
        }
        for (n, list) in neighbours.iter().enumerate() {
            if let Some(&bad) = list.iter().find(|&&x| x >= nodes) {
                return Err(AggError::BadNode {
                    what: format!("the neighbour list of node {n}"),
                    index: bad,
                    last,
                });
            }
        }
        for (f, sig) in signatures.iter().enumerate() {
            if let Some(w) = &sig.weights {
                if w.weights.len() != s {
                    return Err(AggError::BadActions(format!(
                        "function node {} has {} weights for {s} action nodes",
                        s + f,
                        w.weights.len()
                    )));
                }
                if w.default < 0 || w.weights.iter().any(|&x| x < 0) {
                    return Err(AggError::NegativeWeight { node: s + f });
                }
            }
        }
        let ancestors = ancestors(s, &neighbours, &signatures)?;
        let action_sets = players
            .iter()
            .map(|types| {
                let all: BTreeSet<usize> = types
                    .iter()
                    .flat_map(|t| t.actions.iter().copied())
                    .collect();
                all.into_iter().collect()
            })
            .collect();
        let graph = ActionGraph {
            num_action_nodes,
            players,
            bayesian,
            neighbours,
            signatures,
            ancestors,
            action_sets,
        };
        // Values must stay in i64 whatever the players choose: bound every
        // function node's combined value.
        graph.check_value_range()?;
        Ok(graph)
    }

    /// The number of action nodes.
    pub fn num_action_nodes(&self) -> usize {
        self.num_action_nodes
    }

    /// The players' types.
    pub fn players(&self) -> &[Vec<PlayerType>] {
        &self.players
    }

    /// Whether the game came as a Bayesian game (`.bagg`).
    pub fn is_bayesian(&self) -> bool {
        self.bayesian
    }

    /// The neighbour lists, action nodes first.
    pub fn neighbours(&self) -> &[Vec<usize>] {
        &self.neighbours
    }

    /// The function nodes' signatures.
    pub fn signatures(&self) -> &[Signature] {
        &self.signatures
    }

    /// Player `i`'s actions over all its types, ascending (Gambit's action
    /// set of the underlying action-graph game).
    pub fn action_set(&self, player: usize) -> &[usize] {
        &self.action_sets[player]
    }

    /// The agents of the strategic form, (player, type), in Gambit's order.
    pub fn agents(&self) -> Vec<(usize, usize)> {
        self.players
            .iter()
            .enumerate()
            .flat_map(|(i, types)| (0..types.len()).map(move |t| (i, t)))
            .collect()
    }

    /// The value a player choosing action node `b` contributes to neighbour
    /// `k` of action node `node`.
    pub(crate) fn contribution(&self, node: usize, k: usize, b: usize) -> i64 {
        let m = self.neighbours[node][k];
        if m < self.num_action_nodes {
            return i64::from(m == b);
        }
        self.function_contribution(m - self.num_action_nodes, b)
    }

    fn function_contribution(&self, f: usize, b: usize) -> i64 {
        let anc = &self.ancestors[f];
        let count = anc
            .binary_search_by_key(&b, |&(a, _)| a)
            .map_or(0, |i| anc[i].1);
        let sig = &self.signatures[f];
        let none = self.identity(f);
        // Overflow was ruled out by `check_value_range`.
        match (&sig.weights, sig.combine) {
            (None, Combine::Sum) => count,
            (None, Combine::Exists) => i64::from(count > 0),
            (None, Combine::Highest | Combine::Lowest) => {
                if count > 0 {
                    b as i64
                } else {
                    none
                }
            }
            (Some(w), Combine::Sum) => w.default + count * w.weights[b],
            (Some(w), Combine::Exists) => i64::from(w.default + count * w.weights[b] > 0),
            (Some(w), Combine::Highest | Combine::Lowest) => {
                if count > 0 {
                    w.weights[b]
                } else {
                    none
                }
            }
        }
    }

    /// The value meaning "none" for highest and lowest: the number of nodes
    /// unweighted, the default weighted.
    fn identity(&self, f: usize) -> i64 {
        match &self.signatures[f].weights {
            Some(w) => w.default,
            None => (self.num_action_nodes + self.signatures.len()) as i64,
        }
    }

    /// How neighbour `k` of action node `node` combines two values.
    pub(crate) fn combiner(&self, node: usize, k: usize) -> (Combine, i64) {
        let m = self.neighbours[node][k];
        if m < self.num_action_nodes {
            return (Combine::Sum, 0);
        }
        let f = m - self.num_action_nodes;
        (self.signatures[f].combine, self.identity(f))
    }

    /// The configuration of `node`'s neighbourhood when the given action
    /// nodes are chosen, one per player.
    pub fn configuration(&self, node: usize, chosen: &[usize]) -> Config {
        let mut config = Vec::new();
        self.configuration_into(node, chosen, &mut config);
        config
    }

    pub(crate) fn configuration_into(&self, node: usize, chosen: &[usize], out: &mut Config) {
        out.clear();
        for k in 0..self.neighbours[node].len() {
            let (how, none) = self.combiner(node, k);
            let mut value = self.contribution(node, k, chosen[0]);
            for &b in &chosen[1..] {
                value = combine(how, none, value, self.contribution(node, k, b));
            }
            out.push(value);
        }
    }

    /// Every configuration `node` can have when some player chooses it, in
    /// ascending (lexicographic) order: the configurations a complete payoff
    /// table (Gambit's type 0) lists. More than `limit` at any stage of the
    /// enumeration (sets of partial configurations can be larger than the
    /// final one: an existence or a highest value saturates) is an error.
    pub fn reachable_configurations(
        &self,
        node: usize,
        limit: usize,
    ) -> Result<Vec<Config>, AggError> {
        let mut unlimited = u64::MAX;
        self.reachable_within(node, limit, &mut unlimited)
    }

    /// [`ActionGraph::reachable_configurations`], spending at most `budget`
    /// steps (one per configuration combined or contribution computed; what
    /// is left stays in `budget`): distinct action sets each need a pass over
    /// all players, so a small file can ask for a great deal of work.
    pub fn reachable_within(
        &self,
        node: usize,
        limit: usize,
        budget: &mut u64,
    ) -> Result<Vec<Config>, AggError> {
        let mut spend = |steps: usize| -> Result<(), AggError> {
            match budget.checked_sub(steps as u64) {
                Some(left) => {
                    *budget = left;
                    Ok(())
                }
                None => Err(AggError::TooMuchWork { node }),
            }
        };
        let keylen = self.neighbours[node].len();
        let mut all = BTreeSet::new();
        let mut done: std::collections::HashSet<&[usize]> = std::collections::HashSet::new();
        for (i, set) in self.action_sets.iter().enumerate() {
            // Players with the same action set reach the same configurations.
            if set.binary_search(&node).is_err() || !done.insert(set.as_slice()) {
                continue;
            }
            let own: Config = (0..keylen)
                .map(|k| self.contribution(node, k, node))
                .collect();
            let mut current: BTreeSet<Config> = BTreeSet::from([own]);
            for (j, other) in self.action_sets.iter().enumerate() {
                if j == i {
                    continue;
                }
                spend(other.len() * keylen.max(1) + current.len() * other.len())?;
                let contributions: BTreeSet<Config> = other
                    .iter()
                    .map(|&b| (0..keylen).map(|k| self.contribution(node, k, b)).collect())
                    .collect();
                let mut next = BTreeSet::new();
                for c in &current {
                    for d in &contributions {
                        let combined: Config = (0..keylen)
                            .map(|k| {
                                let (how, none) = self.combiner(node, k);
                                combine(how, none, c[k], d[k])
                            })
                            .collect();
                        next.insert(combined);
                        if next.len() > limit {
                            return Err(AggError::TooManyConfigurations { node, limit });
                        }
                    }
                }
                current = next;
            }
            all.extend(current);
            if all.len() > limit {
                return Err(AggError::TooManyConfigurations { node, limit });
            }
        }
        Ok(all.into_iter().collect())
    }

    /// Checks that every combined value fits in an `i64`: sums are bounded by
    /// the number of players times the largest contribution.
    fn check_value_range(&self) -> Result<(), AggError> {
        let n = self.players.len() as i128;
        for f in 0..self.signatures.len() {
            let max_count = self.ancestors[f].iter().map(|&(_, c)| c).max().unwrap_or(0) as i128;
            let bound = match &self.signatures[f].weights {
                None => max_count,
                Some(w) => {
                    let wmax = w.weights.iter().copied().max().unwrap_or(0) as i128;
                    w.default as i128 + max_count * wmax
                }
            };
            if bound
                .checked_mul(n)
                .is_none_or(|b| b > i64::MAX as i128 / 2)
            {
                return Err(AggError::Overflow(format!(
                    "function node {}: its values can exceed 2^62",
                    self.num_action_nodes + f
                )));
            }
        }
        Ok(())
    }
}

/// Two values combined as neighbour's function does.
pub(crate) fn combine(how: Combine, none: i64, x: i64, y: i64) -> i64 {
    match how {
        Combine::Sum => x + y,
        Combine::Exists => i64::from(x + y > 0),
        Combine::Highest | Combine::Lowest if x == none => y,
        Combine::Highest | Combine::Lowest if y == none => x,
        Combine::Highest => x.max(y),
        Combine::Lowest => x.min(y),
    }
}

/// For each function node, the action nodes it reaches through function
/// nodes, with the number of paths, after checking the function nodes form no
/// cycle and agree in signature with their function-node neighbours.
fn ancestors(
    s: usize,
    neighbours: &[Vec<usize>],
    signatures: &[Signature],
) -> Result<Vec<Vec<(usize, i64)>>, AggError> {
    let p = signatures.len();
    let mut done: Vec<Option<Vec<(usize, i64)>>> = vec![None; p];
    let mut on_stack = vec![false; p];
    // Depth-first, iteratively so that a long chain cannot overflow the stack.
    for root in 0..p {
        if done[root].is_some() {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        on_stack[root] = true;
        while let Some(&(f, next)) = stack.last() {
            let list = &neighbours[s + f];
            if next < list.len() {
                let m = list[next];
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if m >= s {
                    let g = m - s;
                    if signatures[g] != signatures[f] {
                        return Err(AggError::SignatureMismatch {
                            node: s + f,
                            neighbour: m,
                        });
                    }
                    if on_stack[g] {
                        return Err(AggError::Cycle { node: s + g });
                    }
                    if done[g].is_none() {
                        on_stack[g] = true;
                        stack.push((g, 0));
                    }
                }
                continue;
            }
            let mut counts: HashMap<usize, i64> = HashMap::new();
            for &m in list {
                if m < s {
                    *counts.entry(m).or_default() += 1;
                } else {
                    for &(a, c) in done[m - s].as_ref().expect("finished first") {
                        let e = counts.entry(a).or_default();
                        *e = e.checked_add(c).filter(|&v| v < 1 << 40).ok_or_else(|| {
                            AggError::Overflow(format!(
                                "function node {} reaches action node {a} by more than 2^40 paths",
                                s + f
                            ))
                        })?;
                    }
                }
            }
            let mut sorted: Vec<(usize, i64)> = counts.into_iter().collect();
            sorted.sort_unstable();
            done[f] = Some(sorted);
            on_stack[f] = false;
            stack.pop();
        }
    }
    Ok(done.into_iter().map(|d| d.unwrap_or_default()).collect())
}

/// An action node's payoffs: a value per configuration.
#[derive(Clone, Debug)]
pub struct PayoffTable {
    /// The configurations and payoffs, in the order they are written.
    pub entries: Vec<(Config, Rational)>,
    /// Whether to write the table as a list of configurations (Gambit's
    /// payoff type 1) rather than as values for the reachable configurations
    /// in order (payoff type 0).
    pub listed: bool,
    index: HashMap<Config, usize>,
}

impl PartialEq for PayoffTable {
    /// Equal as functions from configurations to payoffs, however written.
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().all(|(c, v)| other.get(c) == Some(v))
    }
}

impl PayoffTable {
    /// A table from its entries; a configuration given twice is an error
    /// (reported with the entry's position in the list).
    pub fn new(entries: Vec<(Config, Rational)>, listed: bool) -> Result<PayoffTable, usize> {
        let mut index = HashMap::with_capacity(entries.len());
        for (i, (c, _)) in entries.iter().enumerate() {
            if index.insert(c.clone(), i).is_some() {
                return Err(i);
            }
        }
        Ok(PayoffTable {
            entries,
            listed,
            index,
        })
    }

    /// The payoff of a configuration.
    pub fn get(&self, config: &[i64]) -> Option<&Rational> {
        self.index.get(config).map(|&i| &self.entries[i].1)
    }

    pub(crate) fn position(&self, config: &[i64]) -> Option<usize> {
        self.index.get(config).copied()
    }
}

/// An action-graph game: its structure and one payoff table per action node.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionGraphGame {
    graph: ActionGraph,
    payoffs: Vec<PayoffTable>,
}

impl ActionGraphGame {
    /// Checks that every configuration reachable at an action node has a
    /// payoff (`limit` bounds the configurations enumerated per node).
    pub fn new(
        graph: ActionGraph,
        payoffs: Vec<PayoffTable>,
        limit: usize,
    ) -> Result<ActionGraphGame, AggError> {
        if payoffs.len() != graph.num_action_nodes {
            return Err(AggError::BadActions(format!(
                "{} payoff tables for {} action nodes",
                payoffs.len(),
                graph.num_action_nodes
            )));
        }
        for (node, table) in payoffs.iter().enumerate() {
            let keylen = graph.neighbours[node].len();
            if let Some((c, _)) = table.entries.iter().find(|(c, _)| c.len() != keylen) {
                return Err(AggError::BadPayoffTable {
                    node,
                    reason: format!(
                        "configuration {} has {} values for {keylen} neighbours",
                        show_config(c),
                        c.len()
                    ),
                });
            }
            for config in graph.reachable_configurations(node, limit)? {
                if table.get(&config).is_none() {
                    return Err(AggError::MissingPayoff { node, config });
                }
            }
        }
        Ok(ActionGraphGame { graph, payoffs })
    }

    /// The structure.
    pub fn graph(&self) -> &ActionGraph {
        &self.graph
    }

    /// The payoff tables, one per action node.
    pub fn payoffs(&self) -> &[PayoffTable] {
        &self.payoffs
    }

    /// The number of strategies of each agent of the strategic form.
    pub fn shape(&self) -> Vec<usize> {
        self.graph
            .agents()
            .iter()
            .map(|&(i, t)| self.graph.players[i][t].actions.len())
            .collect()
    }

    /// The number of pure profiles, saturating.
    pub fn num_profiles(&self) -> u128 {
        self.shape()
            .iter()
            .fold(1u128, |acc, &k| acc.saturating_mul(k as u128))
    }
}

impl fmt::Display for Combine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Combine::Sum => "sum",
            Combine::Exists => "existence",
            Combine::Highest => "highest",
            Combine::Lowest => "lowest",
        };
        f.write_str(name)
    }
}
