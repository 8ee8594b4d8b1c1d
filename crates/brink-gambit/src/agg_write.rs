//! Writing `.agg` and `.bagg` files that Gambit and [`crate::read_agg`] read
//! back as the same game. Comments stand only where Gambit's reader skips
//! them: before each section. Numbers are decimals where exact, so that
//! pygambit 16.7.0 reads every written file of Gambit's repository (checked
//! by hand: payoffs equal on every profile, one in 7 for the 117,649 of the
//! Coffee game); a payoff like 1/3 needs Gambit 17.

use crate::format_number;
use brink_game::action_graph::{show_config, ActionGraphGame, PayoffTable};
use brink_game::Rational;
use num_bigint::BigInt;
use num_traits::{Signed, Zero};
use std::fmt::Write as _;

/// A number as an exact decimal where it has one (`-0.101`), else as a
/// fraction: Gambit before 17 reads these files' numbers as doubles, so
/// `-101/1000` would stop it; Gambit 17 and our reader take both.
fn format_value(r: &Rational) -> String {
    if r.is_integer() {
        return format_number(r);
    }
    // The denominator is 2^a 5^b exactly when 10^k is a multiple of it.
    let mut d = r.denom().clone();
    let (two, five) = (BigInt::from(2), BigInt::from(5));
    let mut twos = 0usize;
    let mut fives = 0usize;
    while (&d % &two).is_zero() {
        d /= &two;
        twos += 1;
    }
    while (&d % &five).is_zero() {
        d /= &five;
        fives += 1;
    }
    if d != BigInt::from(1) {
        return format_number(r);
    }
    let k = twos.max(fives);
    let scaled = (r * Rational::from_integer(num_traits::pow(BigInt::from(10), k))).to_integer();
    let digits = scaled.abs().to_string();
    let digits = format!("{digits:0>width$}", width = k + 1);
    let (int, frac) = digits.split_at(digits.len() - k);
    format!("{}{int}.{frac}", if r.is_negative() { "-" } else { "" })
}

/// Writes an action-graph game in its own format: `#BAGG` when it has types
/// (it came from a `.bagg`), `#AGG` otherwise. A payoff table read as values
/// in order (type 0) is written so again; a listed one (type 1) as its list.
pub fn write_agg(game: &ActionGraphGame) -> String {
    let g = game.graph();
    let players = g.players();
    let mut out = String::new();
    let bayesian = g.is_bayesian();
    out.push_str(if bayesian { "#BAGG\n" } else { "#AGG\n" });
    out.push_str("# written by brinkmanship\n# players\n");
    let _ = writeln!(out, "{}", players.len());
    let _ = writeln!(out, "# action nodes\n{}", g.num_action_nodes());
    let _ = writeln!(out, "# function nodes\n{}", g.signatures().len());
    let row = |items: Vec<String>| items.join(" ") + "\n";
    if bayesian {
        out.push_str("# types per player\n");
        out.push_str(&row(players.iter().map(|t| t.len().to_string()).collect()));
        out.push_str("# type probabilities, a row per player\n");
        for types in players {
            out.push_str(&row(types
                .iter()
                .map(|t| format_value(&t.probability))
                .collect()));
        }
        out.push_str("# sizes of the types' action sets, a row per player\n");
        for types in players {
            out.push_str(&row(types
                .iter()
                .map(|t| t.actions.len().to_string())
                .collect()));
        }
        out.push_str("# the types' action sets, a row per type\n");
        for t in players.iter().flatten() {
            out.push_str(&row(t.actions.iter().map(|a| a.to_string()).collect()));
        }
    } else {
        out.push_str("# sizes of the action sets\n");
        out.push_str(&row(players
            .iter()
            .map(|t| t[0].actions.len().to_string())
            .collect()));
        out.push_str("# action sets, a row per player\n");
        for types in players {
            out.push_str(&row(types[0]
                .actions
                .iter()
                .map(|a| a.to_string())
                .collect()));
        }
    }
    out.push_str("# neighbour lists (size, then nodes): action nodes, then function nodes\n");
    for list in g.neighbours() {
        let mut items = vec![list.len().to_string()];
        items.extend(list.iter().map(|x| x.to_string()));
        out.push_str(&row(items));
    }
    out.push_str("# function node signatures\n");
    for sig in g.signatures() {
        let mut line = sig.code().to_string();
        if let Some(w) = &sig.weights {
            let weights: Vec<String> = w.weights.iter().map(|x| x.to_string()).collect();
            let _ = write!(line, " {} [{}]", w.default, weights.join(" "));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(
        "# payoffs per action node: 0 then the values of the reachable configurations in \
         lexicographic order, or 1, the number of configurations, then [configuration] value\n",
    );
    for (node, table) in game.payoffs().iter().enumerate() {
        out.push_str(&payoff_block(game, node, table));
    }
    out
}

fn payoff_block(game: &ActionGraphGame, node: usize, table: &PayoffTable) -> String {
    if !table.listed {
        // The values in order stand for exactly the reachable configurations;
        // a table with others must be listed.
        // Reading the game enumerated these configurations already, so no
        // limit is needed here.
        if let Ok(all) = game.graph().reachable_configurations(node, usize::MAX) {
            if all.len() == table.entries.len() {
                let values: Vec<String> = all
                    .iter()
                    .filter_map(|c| table.get(c).map(format_value))
                    .collect();
                return format!("0 {}\n", values.join(" "));
            }
        }
    }
    let mut block = format!("1 {}\n", table.entries.len());
    for (c, v) in &table.entries {
        let _ = writeln!(block, "{} {}", show_config(c), format_value(v));
    }
    block
}

#[cfg(test)]
mod tests {
    use super::format_value;
    use brink_game::number::parse_rational;

    #[test]
    fn decimals_where_exact_fractions_otherwise() {
        for (text, want) in [
            ("-101/1000", "-0.101"),
            ("1/2", "0.5"),
            ("3/40", "0.075"),
            ("-7", "-7"),
            ("1/3", "1/3"),
            ("-3/1024", "-0.0029296875"),
        ] {
            let r = parse_rational(text).unwrap();
            let shown = format_value(&r);
            assert_eq!(shown, want);
            assert_eq!(parse_rational(&shown).unwrap(), r);
        }
    }
}
