//! Writing `.efg` and `.nfg` files that Gambit and this crate read back as
//! the same game.

use brink_game::number::format_rational;
use brink_game::{ExtensiveGame, InfosetId, Owner, Rational, StrategicGame};
use num_bigint::BigInt;
use std::collections::HashSet;
use std::fmt::Write;

/// Appends `s` as quoted text. A backslash is doubled only where the reader
/// would otherwise take it as an escape (before `"`, before `\` or at the
/// end), so `\wedge` in a comment stays `\wedge` for Gambit too.
pub(crate) fn quote(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' if matches!(chars.peek(), None | Some('"') | Some('\\')) => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn quoted_list(out: &mut String, items: &[String]) {
    out.push('{');
    for item in items {
        out.push(' ');
        quote(out, item);
    }
    out.push_str(" }");
}

/// Writes an extensive game as an `.efg` file (`EFG 2 R`).
///
/// Information sets keep their numbers and outcomes are numbered by their
/// position (1 for the first). An information set's label and actions, and
/// an outcome's label and payoffs, are written at their first node only, as
/// the format allows. Nodes are written in preorder, so reading the file
/// back gives a game equal to one read from the file this game came from.
///
/// The format cannot carry everything a hand-built game may hold, and the
/// writer keeps the file valid instead: outcomes attached to no node are
/// left out (later ones are renumbered on reading); an information set whose
/// number another set of the same owner already uses gets the next free
/// number; a chance action with no probability gets an equal share; a
/// payoff vector of the wrong length is cut or padded with 0.
pub fn write_efg(game: &ExtensiveGame) -> String {
    let mut out = String::with_capacity(64 * game.num_nodes() + 256);
    out.push_str("EFG 2 R ");
    quote(&mut out, &game.title);
    out.push(' ');
    quoted_list(&mut out, &game.players);
    out.push('\n');
    quote(&mut out, &game.comment);
    out.push_str("\n\n");

    let numbers = infoset_numbers(game);
    let mut iset_written = vec![false; game.infosets().len()];
    let mut outcome_written = vec![false; game.outcomes().len()];
    let zero = Rational::from_integer(BigInt::from(0));
    for node in game.preorder() {
        let iset = game
            .node_infoset(node)
            .filter(|_| game.num_children(node) > 0);
        match iset.map(|i| (i, game.infoset(i).owner)) {
            None => out.push_str("t "),
            Some((_, Owner::Chance)) => out.push_str("c "),
            Some((_, Owner::Player(_))) => out.push_str("p "),
        }
        quote(&mut out, game.node_label(node));
        if let Some(id) = iset {
            let info = game.infoset(id);
            if let Owner::Player(p) = info.owner {
                let _ = write!(out, " {}", p + 1);
            }
            let _ = write!(out, " {}", numbers[id.index()]);
            if !std::mem::replace(&mut iset_written[id.index()], true) {
                out.push(' ');
                quote(&mut out, &info.label);
                out.push_str(" {");
                let share = Rational::new(BigInt::from(1), BigInt::from(info.actions.len().max(1)));
                for action in &info.actions {
                    out.push(' ');
                    quote(&mut out, &action.label);
                    if info.owner == Owner::Chance {
                        let p = action.prob.as_ref().unwrap_or(&share);
                        let _ = write!(out, " {}", format_rational(p));
                    }
                }
                out.push_str(" }");
            }
        }
        match game.node_outcome(node) {
            None => out.push_str(" 0\n"),
            Some(o) => {
                let _ = write!(out, " {}", o.0 + 1);
                if !std::mem::replace(&mut outcome_written[o.index()], true) {
                    let outcome = &game.outcomes()[o.index()];
                    out.push(' ');
                    quote(&mut out, &outcome.label);
                    out.push_str(" {");
                    for p in 0..game.num_players() {
                        let v = outcome.payoffs.get(p).unwrap_or(&zero);
                        let sep = if p + 1 < game.num_players() { "," } else { "" };
                        let _ = write!(out, " {}{sep}", format_rational(v));
                    }
                    out.push_str(" }");
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The number to write for each information set: its own, unless an earlier
/// set of the same owner already took it.
fn infoset_numbers(game: &ExtensiveGame) -> Vec<u32> {
    let isets = game.infosets();
    let mut used: HashSet<(Owner, u32)> = HashSet::with_capacity(isets.len());
    let mut clash = Vec::new();
    let mut numbers: Vec<u32> = isets.iter().map(|i| i.number).collect();
    for (k, info) in isets.iter().enumerate() {
        if !used.insert((info.owner, info.number)) {
            clash.push(InfosetId(k as u32));
        }
    }
    for id in clash {
        let owner = isets[id.index()].owner;
        let mut n = numbers[id.index()];
        while used.contains(&(owner, n)) {
            n = n.wrapping_add(1);
        }
        used.insert((owner, n));
        numbers[id.index()] = n;
    }
    numbers
}

/// Writes a strategic game as an `.nfg` file (`NFG 1 R`), as an outcome
/// list if `game.outcome_list` is set and as a payoff list otherwise (the
/// outcome labels are then not written).
pub fn write_nfg(game: &StrategicGame) -> String {
    let cells = game.num_cells();
    let mut out = String::with_capacity(16 * cells * game.num_players().max(1) + 256);
    out.push_str("NFG 1 R ");
    quote(&mut out, &game.title);
    out.push(' ');
    quoted_list(&mut out, &game.players);
    out.push_str("\n\n{ ");
    for (p, list) in game.strategies.iter().enumerate() {
        if p > 0 {
            out.push('\n');
        }
        quoted_list(&mut out, list);
    }
    out.push_str("\n}\n");
    quote(&mut out, &game.comment);
    out.push_str("\n\n");
    if game.outcome_list {
        out.push_str("{\n");
        for outcome in &game.outcomes {
            out.push_str("{ ");
            quote(&mut out, &outcome.label);
            let n = game.num_players();
            for p in 0..n {
                let v = outcome
                    .payoffs
                    .get(p)
                    .map(format_rational)
                    .unwrap_or_else(|| "0".into());
                let sep = if p + 1 < n { "," } else { "" };
                let _ = write!(out, " {v}{sep}");
            }
            out.push_str(" }\n");
        }
        out.push_str("}\n");
        for cell in 0..cells {
            let n = game.cells.get(cell).copied().flatten().map_or(0, |o| o + 1);
            let _ = write!(out, "{n}{}", if cell + 1 < cells { " " } else { "\n" });
        }
    } else {
        for cell in 0..cells {
            for p in 0..game.num_players() {
                let v = game
                    .cells
                    .get(cell)
                    .copied()
                    .flatten()
                    .and_then(|o| game.outcomes.get(o as usize))
                    .and_then(|o| o.payoffs.get(p))
                    .map(format_rational);
                out.push_str(v.as_deref().unwrap_or("0"));
                out.push(' ');
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_only_what_the_reader_would_misread() {
        let mut s = String::new();
        quote(&mut s, r#"a"b\c\\d\"#);
        assert_eq!(s, r#""a\"b\c\\\d\\""#);
    }
}
