//! Reading Gambit's action-graph game files: `.agg` and `.bagg` (Bayesian).
//!
//! The format is a sequence of integers and numbers (Gambit's `doc/formats.
//! agg.rst` and `formats.bagg.rst`): the counts of players, action nodes and
//! function nodes; the action sets (for `.bagg`: the types, their
//! probabilities and their action sets); one neighbour list per node; one
//! signature per function node; one payoff block per action node, either
//! values for the reachable configurations in lexicographic order (type 0)
//! or configuration-value pairs (type 1). `#` starts a comment to the end of
//! the line; the first line is `#AGG` or `#BAGG`. Gambit reads comments only
//! between sections; here they may stand before any word.
//!
//! Checked as Gambit checks (ascending action sets, acyclic function nodes of
//! matching signatures, a payoff for every reachable configuration, no
//! configuration twice) and also: type probabilities are non-negative and sum
//! to 1, and nothing follows the last payoff block.

use crate::error::ParseError;
use brink_game::action_graph::{
    show_config, ActionGraph, ActionGraphGame, AggError, Config, PayoffTable, PlayerType,
    Signature, Weights,
};
use brink_game::number::parse_rational;
use brink_game::Rational;
use num_traits::{One, Signed, Zero};

/// Reads words: runs of non-space characters, with `[` and `]` words of
/// their own, skipping `#` comments.
struct Words<'a> {
    text: &'a str,
    file: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    fn skip(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            while self.pos < bytes.len()
                && (bytes[self.pos].is_ascii_whitespace() || bytes[self.pos] == 0x0b)
            {
                self.pos += 1;
            }
            if self.pos < bytes.len() && bytes[self.pos] == b'#' {
                while self.pos < bytes.len() && bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
                continue;
            }
            return;
        }
    }

    /// The next word and its offset, without consuming it.
    fn peek(&mut self) -> (usize, &'a str) {
        self.skip();
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return (start, "");
        }
        if matches!(bytes[start], b'[' | b']') {
            return (start, &self.text[start..start + 1]);
        }
        let mut end = start;
        while end < bytes.len()
            && !bytes[end].is_ascii_whitespace()
            && !matches!(bytes[end], b'[' | b']' | b'#' | 0x0b)
        {
            end += 1;
        }
        (start, &self.text[start..end])
    }

    fn next(&mut self) -> (usize, &'a str) {
        let (at, w) = self.peek();
        self.pos = at + w.len();
        (at, w)
    }

    fn error_at(
        &self,
        at: usize,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ParseError {
        ParseError::at(self.file, self.text, at, expected, found)
    }

    fn error_word(&self, at: usize, word: &str, expected: impl Into<String>) -> ParseError {
        let found = if word.is_empty() {
            "the end of the file".to_string()
        } else {
            format!("`{word}`")
        };
        self.error_at(at, expected, found)
    }

    /// An integer from `min` to `max`.
    fn int(&mut self, what: &str, min: i64, max: i64) -> Result<(usize, i64), ParseError> {
        let (at, w) = self.next();
        match w.parse::<i64>() {
            Ok(x) if (min..=max).contains(&x) => Ok((at, x)),
            Ok(_) => {
                Err(self.error_word(at, w, format!("{what} (an integer from {min} to {max})")))
            }
            Err(_) => Err(self.error_word(at, w, format!("{what} (an integer)"))),
        }
    }

    /// A count from `min` to `max`.
    fn count(&mut self, what: &str, min: usize, max: usize) -> Result<(usize, usize), ParseError> {
        let (at, x) = self.int(what, min as i64, max.min(i64::MAX as usize) as i64)?;
        Ok((at, x as usize))
    }

    fn number(&mut self, what: &str) -> Result<(usize, Rational), ParseError> {
        let (at, w) = self.next();
        match parse_rational(w) {
            Some(x) if !w.is_empty() => Ok((at, x)),
            _ => Err(self.error_word(at, w, format!("{what} (a number such as 3, -1/2 or 0.25)"))),
        }
    }

    fn expect(&mut self, word: &str, what: &str) -> Result<usize, ParseError> {
        let (at, w) = self.next();
        if w == word {
            Ok(at)
        } else {
            Err(self.error_word(at, w, what))
        }
    }
}

/// Whether the text is an action-graph game, and whether Bayesian: its first
/// word is `#AGG` or `#BAGG`.
pub(crate) fn sniff(text: &str) -> Option<bool> {
    match text.split_whitespace().next() {
        Some("#AGG") => Some(false),
        Some("#BAGG") => Some(true),
        _ => None,
    }
}

/// The steps the reader may spend enumerating reachable configurations,
/// over the whole file: this many, plus [`WORK_PER_BYTE`] per byte of the
/// file (a few seconds at most; Gambit's games need under 10^5 steps).
/// Games of thousands of players can exceed it; their strategic forms are
/// out of reach anyway.
pub(crate) const WORK_BUDGET: u64 = 10_000_000;
/// See [`WORK_BUDGET`].
pub(crate) const WORK_PER_BYTE: u64 = 100;

/// Where the parts of the graph are, for errors found once it is whole.
struct Places {
    players: usize,
    neighbours: Vec<usize>,
    signatures: Vec<usize>,
}

/// Parses an `.agg` or `.bagg` file.
pub(crate) fn read(text: &str, file: &str) -> Result<ActionGraphGame, ParseError> {
    let mut w = Words { text, file, pos: 0 };
    let (at, first) = {
        let start = text.len() - text.trim_start().len();
        (start, text.split_whitespace().next().unwrap_or(""))
    };
    let bayesian = match sniff(text) {
        Some(b) => b,
        None => return Err(w.error_word(at, first, "`#AGG` or `#BAGG` (an action-graph game)")),
    };
    // Every count needs at least one word of its own in the file.
    let room = text.len();
    let (_, n) = w.count("the number of players", 1, room)?;
    let (_, s) = w.count("the number of action nodes", 1, room)?;
    let (_, p) = w.count("the number of function nodes", 0, room)?;
    let players_at = w.peek().0;
    let players = if bayesian {
        types(&mut w, n, s)?
    } else {
        action_sets(&mut w, n, s)?
    };
    let mut places = Places {
        players: players_at,
        neighbours: Vec::with_capacity(s + p),
        signatures: Vec::with_capacity(p),
    };
    let mut neighbours = Vec::with_capacity(s + p);
    for node in 0..s + p {
        let (at, k) = w.count(
            &format!("the size of node {node}'s neighbour list"),
            0,
            room,
        )?;
        places.neighbours.push(at);
        let list = (0..k)
            .map(|_| {
                w.count(&format!("a neighbour of node {node}"), 0, s + p - 1)
                    .map(|x| x.1)
            })
            .collect::<Result<Vec<_>, _>>()?;
        neighbours.push(list);
    }
    let mut signatures = Vec::with_capacity(p);
    for f in 0..p {
        let node = s + f;
        let (at, code) = w.int(&format!("the signature of function node {node}"), 0, 13)?;
        places.signatures.push(at);
        let weights = if code >= 10 {
            let (_, default) = w.int("the default value", -(1 << 40), 1 << 40)?;
            w.expect("[", "`[` to open the weights")?;
            let weights = (0..s)
                .map(|_| w.int("a weight", -(1 << 40), 1 << 40).map(|x| x.1))
                .collect::<Result<Vec<_>, _>>()?;
            w.expect("]", &format!("`]` after the {s} weights"))?;
            Some(Weights { default, weights })
        } else {
            None
        };
        let sig = Signature::from_code(code as u32, weights).ok_or_else(|| {
            w.error_at(
                at,
                "a signature 0 to 3 (sum, existence, highest, lowest) or 10 to 13 (weighted)",
                format!("`{code}`"),
            )
        })?;
        signatures.push(sig);
    }
    let graph = ActionGraph::new(s, players, bayesian, neighbours, signatures)
        .map_err(|e| graph_error(&w, &places, s, e))?;
    let mut payoffs = Vec::with_capacity(s);
    let mut budget = WORK_BUDGET + WORK_PER_BYTE * text.len() as u64;
    for node in 0..s {
        payoffs.push(payoff_block(&mut w, &graph, node, &mut budget)?);
    }
    let (at, rest) = w.peek();
    if !rest.is_empty() {
        return Err(w.error_word(
            at,
            rest,
            "the end of the file (every action node has its payoffs)",
        ));
    }
    ActionGraphGame::new(graph, payoffs, room)
        .map_err(|e| ParseError::whole_file(file, "a consistent action-graph game", e.to_string()))
}

/// An `.agg` file's action sets: sizes, then ascending node lists.
fn action_sets(w: &mut Words<'_>, n: usize, s: usize) -> Result<Vec<Vec<PlayerType>>, ParseError> {
    let sizes = (1..=n)
        .map(|i| {
            w.count(&format!("the size of player {i}'s action set"), 1, s)
                .map(|x| x.1)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut players = Vec::with_capacity(n);
    for (i, &size) in sizes.iter().enumerate() {
        let mut actions: Vec<usize> = Vec::with_capacity(size);
        for _ in 0..size {
            let what = format!("an action node of player {}", i + 1);
            let (at, a) = w.count(&what, 0, s - 1)?;
            if actions.last().is_some_and(|&prev| a <= prev) {
                return Err(w.error_at(
                    at,
                    format!(
                        "{what} above {} (action sets are in ascending order)",
                        actions[actions.len() - 1]
                    ),
                    format!("`{a}`"),
                ));
            }
            actions.push(a);
        }
        players.push(vec![PlayerType {
            probability: Rational::one(),
            actions,
        }]);
    }
    Ok(players)
}

/// A `.bagg` file's types: counts, probabilities, action set sizes, sets.
fn types(w: &mut Words<'_>, n: usize, s: usize) -> Result<Vec<Vec<PlayerType>>, ParseError> {
    let room = w.text.len();
    let counts = (1..=n)
        .map(|i| {
            w.count(&format!("the number of types of player {i}"), 1, room)
                .map(|x| x.1)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut probabilities = Vec::with_capacity(n);
    for (i, &k) in counts.iter().enumerate() {
        let mut row = Vec::with_capacity(k);
        let mut first = 0;
        for t in 0..k {
            let (at, x) = w.number(&format!(
                "the probability of player {}'s type {}",
                i + 1,
                t + 1
            ))?;
            if x.is_negative() {
                return Err(w.error_at(at, "a probability of at least 0", format!("`{x}`")));
            }
            if t == 0 {
                first = at;
            }
            row.push(x);
        }
        let sum: Rational = row.iter().fold(Rational::zero(), |a, b| a + b);
        if !sum.is_one() {
            return Err(w.error_at(
                first,
                format!("type probabilities of player {} that sum to 1", i + 1),
                format!("a sum of {sum}"),
            ));
        }
        probabilities.push(row);
    }
    let sizes = counts
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            (1..=k)
                .map(|t| {
                    w.count(
                        &format!("the size of player {}'s type {t} action set", i + 1),
                        1,
                        s,
                    )
                    .map(|x| x.1)
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut players = Vec::with_capacity(n);
    for (i, (row, sizes)) in probabilities.into_iter().zip(sizes).enumerate() {
        let mut types = Vec::with_capacity(row.len());
        for (t, (probability, size)) in row.into_iter().zip(sizes).enumerate() {
            let mut actions: Vec<usize> = Vec::with_capacity(size);
            for _ in 0..size {
                let what = format!("an action node of player {}'s type {}", i + 1, t + 1);
                let (at, a) = w.count(&what, 0, s - 1)?;
                if actions.contains(&a) {
                    return Err(w.error_at(
                        at,
                        format!("{what} not listed yet"),
                        format!("`{a}` again"),
                    ));
                }
                actions.push(a);
            }
            types.push(PlayerType {
                probability,
                actions,
            });
        }
        players.push(types);
    }
    Ok(players)
}

/// One action node's payoffs.
fn payoff_block(
    w: &mut Words<'_>,
    graph: &ActionGraph,
    node: usize,
    budget: &mut u64,
) -> Result<PayoffTable, ParseError> {
    let (at, kind) = w.int(
        &format!("the payoff type of action node {node} (0: values in order, 1: configurations and values)"),
        0,
        1,
    )?;
    let keylen = graph.neighbours()[node].len();
    if kind == 0 {
        let room = w.text.len() - w.pos;
        let configs = graph
            .reachable_within(node, room, budget)
            .map_err(|e| w.error_at(at, "a payoff table the file can hold", e.to_string()))?;
        let mut entries = Vec::with_capacity(configs.len());
        for c in configs {
            let (_, v) = w.number(&format!(
                "the payoff of action node {node} at {}",
                show_config(&c)
            ))?;
            entries.push((c, v));
        }
        return PayoffTable::new(entries, false)
            .map_err(|_| w.error_at(at, "distinct configurations", "a repeat"));
    }
    let (_, k) = w.count(
        &format!("the number of configurations of action node {node}"),
        0,
        w.text.len(),
    )?;
    let mut entries = Vec::with_capacity(k);
    let mut seen = std::collections::HashSet::with_capacity(k);
    for _ in 0..k {
        let open = w.expect(
            "[",
            &format!("`[` to open a configuration of action node {node}"),
        )?;
        let config: Config = (0..keylen)
            .map(|_| w.int("a configuration value", 0, i64::MAX).map(|x| x.1))
            .collect::<Result<_, _>>()?;
        w.expect(
            "]",
            &format!("`]` after the {keylen} values of a configuration of action node {node}"),
        )?;
        if !seen.insert(config.clone()) {
            return Err(w.error_at(
                open,
                format!("a configuration of action node {node} not given yet"),
                format!("{} again", show_config(&config)),
            ));
        }
        let (_, v) = w.number("a payoff")?;
        entries.push((config, v));
    }
    let table = PayoffTable::new(entries, true)
        .map_err(|_| w.error_at(at, "distinct configurations", "a repeat"))?;
    // Each reachable configuration needs an entry (entries for others are
    // kept, as Gambit keeps them).
    let expected = format!("a payoff for every configuration action node {node} can reach");
    match graph.reachable_within(node, w.text.len(), budget) {
        Ok(all) => {
            if let Some(c) = all.into_iter().find(|c| table.get(c).is_none()) {
                return Err(w.error_at(at, expected, format!("no payoff for {}", show_config(&c))));
            }
        }
        Err(e) => return Err(w.error_at(at, expected, e.to_string())),
    }
    Ok(table)
}

fn graph_error(w: &Words<'_>, places: &Places, s: usize, e: AggError) -> ParseError {
    let (at, expected) = match &e {
        AggError::Cycle { node } | AggError::SignatureMismatch { node, .. } => (
            places.neighbours[*node],
            "function nodes that form no cycle and share their function-node neighbours' signature",
        ),
        AggError::NegativeWeight { node } => (
            places.signatures[node - s],
            "a default and weights of at least 0",
        ),
        _ => (places.players, "a well-formed action graph"),
    };
    w.error_at(at, expected, e.to_string())
}
