//! Reading `.efg` files (Gambit's extensive form, `EFG 2 R` and `EFG 2 D`).
//!
//! Nodes come in preorder, so the reader keeps a stack of the nodes still to
//! be described instead of recursing: a tree a million levels deep reads like
//! a flat one.

use crate::error::ParseError;
use crate::lexer::{Lexer, Tok};
use brink_game::extensive::BuildError;
use brink_game::{Action, ExtensiveGame, GameBuilder, InfosetId, NodeId, Outcome, Owner, Rational};
use num_traits::{One, Signed};
use std::collections::HashMap;

/// An outcome as first declared in the file, under its file number.
struct DeclaredOutcome {
    label: String,
    payoffs: Vec<Rational>,
}

/// Reads the header of an `.efg` or `.nfg` file: the tag, the version and the
/// `R`/`D` data type.
pub(crate) fn header(lex: &mut Lexer<'_>, tag: &str, version: &str) -> Result<(), ParseError> {
    match lex.cur.tok {
        Tok::Symbol(s) if s == tag => lex.advance()?,
        _ => return Err(lex.error(format!("`{tag}` (the file type)"))),
    }
    match lex.cur.tok {
        Tok::Number(s) if s == version => lex.advance()?,
        _ => return Err(lex.error(format!("`{version}` (the only {tag} version there is)"))),
    }
    match lex.cur.tok {
        Tok::Symbol("R" | "D") => lex.advance(),
        _ => Err(lex.error("`R` or `D` (the data type)")),
    }
}

/// Reads a `{ "name" "name" ... }` list of player names.
pub(crate) fn player_names(lex: &mut Lexer<'_>) -> Result<Vec<String>, ParseError> {
    lex.expect(Tok::LBrace, "'{' to open the list of players")?;
    let mut players = Vec::new();
    while let Some(name) = lex.optional_text()? {
        players.push(name);
    }
    lex.expect(Tok::RBrace, "a player name or '}'")?;
    Ok(players)
}

/// Reads the payoffs of an outcome, `{ 1, -1/2 }`, one per player, commas optional.
fn payoffs(lex: &mut Lexer<'_>, players: usize) -> Result<Vec<Rational>, ParseError> {
    lex.expect(Tok::LBrace, "'{' to open the payoffs")?;
    let mut values = Vec::with_capacity(players);
    for p in 0..players {
        values.push(lex.rational(&format!("a payoff for player {}", p + 1))?);
        if lex.at(&Tok::Comma) {
            lex.advance()?;
        }
    }
    lex.expect(Tok::RBrace, &format!("'}}' after {players} payoffs"))?;
    Ok(values)
}

/// Parses an `.efg` file.
pub(crate) fn read(text: &str, file: &str) -> Result<ExtensiveGame, ParseError> {
    read_with_limit(text, file, GameBuilder::DEFAULT_MAX_NODES)
}

/// Parses an `.efg` file, refusing trees of more than `max_nodes` nodes.
fn read_with_limit(text: &str, file: &str, max_nodes: usize) -> Result<ExtensiveGame, ParseError> {
    let mut lex = Lexer::new(text, file)?;
    header(&mut lex, "EFG", "2")?;
    let title = lex.text_token("the game's title (quoted text)")?;
    let players = player_names(&mut lex)?;
    let comment = lex.optional_text()?.unwrap_or_default();
    let num_players = players.len();
    let mut builder = GameBuilder::new(title, players).with_max_nodes(max_nodes);
    builder.set_comment(comment);

    // Information sets by (owner, file number); outcomes by file number.
    let mut infosets: HashMap<(Owner, u32), InfosetId> = HashMap::new();
    let mut outcomes: HashMap<u32, DeclaredOutcome> = HashMap::new();
    let mut node_outcomes: Vec<(NodeId, u32)> = Vec::new();
    let mut pending = vec![builder.root()];

    while let Some(node) = pending.pop() {
        let kind_at = lex.cur.offset;
        let kind = match lex.cur.tok {
            Tok::Symbol(s @ ("c" | "p" | "t")) => s,
            _ => return Err(lex.error("a node: 'c' (chance), 'p' (player) or 't' (terminal)")),
        };
        lex.advance()?;
        let label = lex.text_token("the node's label (quoted text, may be \"\")")?;
        if !label.is_empty() {
            builder.set_node_label(node, &label);
        }
        if kind != "t" {
            let owner = if kind == "c" {
                Owner::Chance
            } else {
                let at = lex.cur.offset;
                let player = lex.integer("a player number")?;
                if player == 0 || player as usize > num_players {
                    return Err(lex.error_at(
                        at,
                        format!("a player number from 1 to {num_players}"),
                        format!("{player}"),
                    ));
                }
                Owner::Player(player as usize - 1)
            };
            let number = lex.integer("an information set number")?;
            let iset = infoset(&mut lex, &mut builder, &mut infosets, owner, number)?;
            match builder.set_move(node, iset) {
                Ok(children) => pending.extend(children.rev().map(NodeId)),
                Err(BuildError::TooLarge(max)) => {
                    return Err(lex.error_at(
                        kind_at,
                        format!("a tree of at most {max} nodes"),
                        "a larger tree",
                    ))
                }
                Err(other) => return Err(lex.error_at(kind_at, "a valid node", other.to_string())),
            }
        }
        let number = outcome(&mut lex, &mut outcomes, num_players)?;
        if number != 0 {
            node_outcomes.push((node, number));
        }
    }
    if !lex.at(&Tok::Eof) {
        return Err(lex.error("the end of the file (the tree is complete)"));
    }

    // Outcomes are stored in the order of their file numbers, so that a file
    // numbered 1..k (as Gambit writes them) keeps its numbers.
    let mut numbers: Vec<u32> = outcomes.keys().copied().collect();
    numbers.sort_unstable();
    let mut ids = HashMap::with_capacity(numbers.len());
    for n in numbers {
        let declared = outcomes.remove(&n).expect("key from the map");
        ids.insert(
            n,
            builder.add_outcome(Outcome::new(declared.label, declared.payoffs)),
        );
    }
    for (node, n) in node_outcomes {
        builder.set_outcome(node, Some(ids[&n]));
    }
    Ok(builder.finish())
}

/// Reads an information set reference with its optional declaration and
/// returns the set, creating it on first declaration.
fn infoset(
    lex: &mut Lexer<'_>,
    builder: &mut GameBuilder,
    known: &mut HashMap<(Owner, u32), InfosetId>,
    owner: Owner,
    number: u32,
) -> Result<InfosetId, ParseError> {
    let who = match owner {
        Owner::Chance => format!("chance information set {number}"),
        Owner::Player(p) => format!("information set {number} of player {}", p + 1),
    };
    let label_at = lex.cur.offset;
    let Some(label) = lex.optional_text()? else {
        return match known.get(&(owner, number)) {
            Some(&id) => Ok(id),
            None => Err(lex.error(format!(
                "the label and actions of {who}, which is used here for the first time"
            ))),
        };
    };
    lex.expect(Tok::LBrace, "'{' to open the list of actions")?;
    let mut actions = Vec::new();
    loop {
        let name = match &lex.cur.tok {
            Tok::RBrace if !actions.is_empty() => break,
            Tok::Text(_) => lex.text_token("an action label")?,
            _ if actions.is_empty() => return Err(lex.error("an action label (quoted text)")),
            _ => return Err(lex.error("an action label or '}'")),
        };
        let prob = if owner == Owner::Chance {
            let at = lex.cur.offset;
            let p = lex.rational("the action's probability")?;
            if p.is_negative() {
                return Err(lex.error_at(
                    at,
                    "a probability of at least 0",
                    crate::format_number(&p),
                ));
            }
            Some(p)
        } else {
            None
        };
        actions.push(Action { label: name, prob });
    }
    lex.advance()?;
    if owner == Owner::Chance {
        let total: Rational = actions.iter().filter_map(|a| a.prob.clone()).sum();
        if !total.is_one() {
            return Err(lex.error_at(
                label_at,
                format!("probabilities of {who} that sum to 1"),
                format!("a sum of {}", crate::format_number(&total)),
            ));
        }
    }
    match known.get(&(owner, number)) {
        Some(&id) => {
            let first = &builder.infosets()[id.index()];
            if first.label != label || first.actions != actions {
                return Err(lex.error_at(
                    label_at,
                    format!("the same label and actions as the first declaration of {who}"),
                    "a different declaration",
                ));
            }
            Ok(id)
        }
        None => {
            let id = builder.add_infoset(owner, number, label, actions);
            known.insert((owner, number), id);
            Ok(id)
        }
    }
}

/// Reads a node's outcome number and optional declaration; returns the number (0: none).
fn outcome(
    lex: &mut Lexer<'_>,
    known: &mut HashMap<u32, DeclaredOutcome>,
    players: usize,
) -> Result<u32, ParseError> {
    let number = lex.integer("an outcome number (0 for none)")?;
    let label_at = lex.cur.offset;
    let Some(label) = lex.optional_text()? else {
        if number != 0 && !known.contains_key(&number) {
            return Err(lex.error(format!(
                "the label and payoffs of outcome {number}, which is used here for the first time"
            )));
        }
        return Ok(number);
    };
    if number == 0 {
        return Err(lex.error_at(
            label_at,
            "no label or payoffs after outcome 0 (no outcome)",
            "a label",
        ));
    }
    let values = payoffs(lex, players)?;
    match known.get(&number) {
        Some(first) if first.label != label || first.payoffs != values => Err(lex.error_at(
            label_at,
            format!("the same label and payoffs as the first declaration of outcome {number}"),
            "a different declaration",
        )),
        Some(_) => Ok(number),
        None => {
            known.insert(
                number,
                DeclaredOutcome {
                    label,
                    payoffs: values,
                },
            );
            Ok(number)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_over_the_node_limit_are_refused() {
        let text = "EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\np \"\" 1 2 \"\" { \"a\" \"b\" } 0\nt \"\" 0\nt \"\" 0\nt \"\" 0\n";
        assert_eq!(read_with_limit(text, "x.efg", 5).unwrap().num_nodes(), 5);
        let err = read_with_limit(text, "x.efg", 4).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert_eq!(err.expected, "a tree of at most 4 nodes");
    }

    #[test]
    fn zero_sum_is_checked_exactly() {
        let text = "EFG 2 R \"\" { \"A\" } c \"\" 1 \"\" { \"a\" 1/3 \"b\" 0.6666667 } 0 t \"\" 0 t \"\" 0";
        let err = read(text, "x.efg").unwrap_err();
        assert!(err.expected.contains("sum to 1"), "{err}");
        let ok = text.replace("0.6666667", "2/3");
        assert!(read(&ok, "x.efg").is_ok());
    }
}
