//! Reading `.nfg` files (Gambit's strategic form), in both body variants:
//! a payoff list (every player's payoff, cell after cell, first player
//! fastest) and an outcome list (numbered outcomes, then one outcome number
//! per cell, 0 for none).

use crate::efg::{header, player_names};
use crate::error::ParseError;
use crate::lexer::{Lexer, Tok};
use brink_game::{Outcome, StrategicGame};

/// Parses an `.nfg` file.
pub(crate) fn read(text: &str, file: &str) -> Result<StrategicGame, ParseError> {
    let mut lex = Lexer::new(text, file)?;
    header(&mut lex, "NFG", "1")?;
    let title = lex.text_token("the game's title (quoted text)")?;
    let players = player_names(&mut lex)?;
    if players.is_empty() {
        return Err(lex.error_at(
            lex.cur.offset,
            "at least one player",
            "an empty list of players",
        ));
    }
    let strategies = strategies(&mut lex, players.len())?;
    let comment = lex.optional_text()?.unwrap_or_default();

    // Every cell needs at least one token of the body, so a table with more
    // cells than the file has bytes cannot be complete: refuse it before
    // allocating it.
    let shape_at = lex.cur.offset;
    let cells = strategies
        .iter()
        .try_fold(1usize, |acc, s| acc.checked_mul(s.len()))
        .filter(|&c| c <= text.len());
    let Some(cells) = cells else {
        return Err(lex.error_at(
            shape_at,
            "a table no larger than the file (one entry per cell at least)",
            "more cells than the file has characters",
        ));
    };

    let mut game = match lex.cur.tok {
        Tok::LBrace => outcome_body(&mut lex, &players, cells)?,
        Tok::Number(_) => payoff_body(&mut lex, players.len(), cells)?,
        _ => return Err(lex.error("'{' (a list of outcomes) or a number (a list of payoffs)")),
    };
    if !lex.at(&Tok::Eof) {
        return Err(lex.error("the end of the file (every cell has its payoffs)"));
    }
    game.title = title;
    game.comment = comment;
    game.players = players;
    game.strategies = strategies;
    Ok(game)
}

/// Reads `{ { "a" "b" } { "c" "d" } }` (labels) or `{ 2 2 }` (counts, labelled `1`, `2`, ...).
fn strategies(lex: &mut Lexer<'_>, players: usize) -> Result<Vec<Vec<String>>, ParseError> {
    lex.expect(Tok::LBrace, "'{' to open the strategies")?;
    let mut all = Vec::with_capacity(players);
    let labelled = lex.at(&Tok::LBrace);
    for p in 1..=players {
        let at = lex.cur.offset;
        let list = if labelled {
            lex.expect(
                Tok::LBrace,
                &format!("'{{' to open the strategies of player {p}"),
            )?;
            let mut list = Vec::new();
            while let Some(s) = lex.optional_text()? {
                list.push(s);
            }
            lex.expect(Tok::RBrace, "a strategy label or '}'")?;
            list
        } else {
            let count = lex.integer(&format!("the number of strategies of player {p}"))? as usize;
            if count > lex.text().len() {
                return Err(lex.error_at(
                    at,
                    "a number of strategies no larger than the file",
                    count.to_string(),
                ));
            }
            (1..=count).map(|s| s.to_string()).collect()
        };
        if list.is_empty() {
            return Err(lex.error_at(at, format!("at least one strategy for player {p}"), "none"));
        }
        all.push(list);
    }
    lex.expect(
        Tok::RBrace,
        &format!("'}}' after the strategies of {players} players"),
    )?;
    Ok(all)
}

fn payoff_body(
    lex: &mut Lexer<'_>,
    players: usize,
    cells: usize,
) -> Result<StrategicGame, ParseError> {
    let mut table = Vec::with_capacity(cells);
    for cell in 1..=cells {
        let mut row = Vec::with_capacity(players);
        for p in 1..=players {
            row.push(lex.rational(&format!(
                "the payoff of player {p} in cell {cell} of {cells}"
            ))?);
            if lex.at(&Tok::Comma) {
                lex.advance()?;
            }
        }
        table.push(row);
    }
    Ok(StrategicGame::from_payoffs(
        String::new(),
        Vec::new(),
        Vec::new(),
        table,
    ))
}

fn outcome_body(
    lex: &mut Lexer<'_>,
    players: &[String],
    cells: usize,
) -> Result<StrategicGame, ParseError> {
    lex.expect(Tok::LBrace, "'{' to open the list of outcomes")?;
    let mut outcomes = Vec::new();
    while lex.at(&Tok::LBrace) {
        lex.advance()?;
        let label = lex.text_token("the outcome's label (quoted text, may be \"\")")?;
        let mut values = Vec::with_capacity(players.len());
        for p in 1..=players.len() {
            values.push(lex.rational(&format!("a payoff for player {p}"))?);
            if lex.at(&Tok::Comma) {
                lex.advance()?;
            }
        }
        lex.expect(
            Tok::RBrace,
            &format!("'}}' after {} payoffs", players.len()),
        )?;
        outcomes.push(Outcome::new(label, values));
    }
    lex.expect(
        Tok::RBrace,
        "'{' (another outcome) or '}' (end of the outcomes)",
    )?;
    let mut table = Vec::with_capacity(cells);
    for cell in 1..=cells {
        let at = lex.cur.offset;
        let n = lex.integer(&format!("the outcome number of cell {cell} of {cells}"))?;
        if n as usize > outcomes.len() {
            return Err(lex.error_at(
                at,
                format!("an outcome number from 0 to {}", outcomes.len()),
                n.to_string(),
            ));
        }
        table.push(n.checked_sub(1));
    }
    Ok(StrategicGame {
        title: String::new(),
        comment: String::new(),
        players: Vec::new(),
        strategies: Vec::new(),
        outcomes,
        cells: table,
        outcome_list: true,
    })
}
