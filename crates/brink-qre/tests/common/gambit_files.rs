//! A small reader for Gambit's `.efg` and `.nfg` files, for tests, examples and
//! the benchmark only: the workspace's real reader lives in another crate, and
//! this one keeps brink-qre's tests independent of it.
#![allow(dead_code)]

use brink_game::number::parse_rational;
use brink_game::{
    Action, ExtensiveGame, Game, GameBuilder, InfosetId, NodeId, Outcome, OutcomeId, Owner,
    Rational, StrategicGame,
};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Str(String),
    Word(String),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() || c == ',' => {
                chars.next();
            }
            '{' => {
                chars.next();
                out.push(Tok::Open);
            }
            '}' => {
                chars.next();
                out.push(Tok::Close);
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("unterminated string".into()),
                        Some('\\') => {
                            if let Some(n) = chars.next() {
                                s.push(n);
                            }
                        }
                        Some('"') => break,
                        Some(ch) => s.push(ch),
                    }
                }
                out.push(Tok::Str(s));
            }
            _ => {
                let mut w = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() || ch == ',' || ch == '{' || ch == '}' || ch == '"' {
                        break;
                    }
                    w.push(ch);
                    chars.next();
                }
                out.push(Tok::Word(w));
            }
        }
    }
    Ok(out)
}

struct Cursor {
    toks: Vec<Tok>,
    pos: usize,
}

impl Cursor {
    fn next(&mut self) -> Result<Tok, String> {
        let t = self
            .toks
            .get(self.pos)
            .cloned()
            .ok_or("unexpected end of file")?;
        self.pos += 1;
        Ok(t)
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn word(&mut self) -> Result<String, String> {
        match self.next()? {
            Tok::Word(w) => Ok(w),
            t => Err(format!("expected a word, found {t:?}")),
        }
    }
    fn string(&mut self) -> Result<String, String> {
        match self.next()? {
            Tok::Str(s) => Ok(s),
            t => Err(format!("expected a string, found {t:?}")),
        }
    }
    fn number(&mut self) -> Result<Rational, String> {
        let w = self.word()?;
        parse_rational(&w).ok_or_else(|| format!("bad number {w}"))
    }
    fn uint(&mut self) -> Result<usize, String> {
        let w = self.word()?;
        w.parse().map_err(|_| format!("bad count {w}"))
    }
    fn expect_open(&mut self) -> Result<(), String> {
        match self.next()? {
            Tok::Open => Ok(()),
            t => Err(format!("expected {{, found {t:?}")),
        }
    }
    fn strings_in_braces(&mut self) -> Result<Vec<String>, String> {
        self.expect_open()?;
        let mut v = Vec::new();
        loop {
            match self.next()? {
                Tok::Close => return Ok(v),
                Tok::Str(s) => v.push(s),
                t => return Err(format!("expected a name, found {t:?}")),
            }
        }
    }
}

/// Reads a game file, `.efg` or `.nfg` by its header.
pub fn read_game(path: &str) -> Result<Game, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse_game(&text)
}

/// Parses a game from text.
pub fn parse_game(text: &str) -> Result<Game, String> {
    let mut c = Cursor {
        toks: tokenize(text)?,
        pos: 0,
    };
    let head = c.word()?;
    c.word()?; // version
    c.word()?; // R
    let title = c.string()?;
    let players = c.strings_in_braces()?;
    match head.as_str() {
        "EFG" => parse_efg(&mut c, title, players).map(Game::Extensive),
        "NFG" => parse_nfg(&mut c, title, players).map(Game::Strategic),
        _ => Err(format!("unknown file type {head}")),
    }
}

fn read_outcome(
    c: &mut Cursor,
    b: &mut GameBuilder,
    outcomes: &mut HashMap<usize, OutcomeId>,
    n: usize,
) -> Result<Option<OutcomeId>, String> {
    let num = c.uint()?;
    let mut label = None;
    if let Some(Tok::Str(_)) = c.peek() {
        label = Some(c.string()?);
    }
    if let Some(Tok::Open) = c.peek() {
        c.expect_open()?;
        let mut pay = Vec::new();
        while c.peek() != Some(&Tok::Close) {
            pay.push(c.number()?);
        }
        c.next()?;
        if pay.len() != n {
            return Err(format!(
                "outcome {num} has {} payoffs for {n} players",
                pay.len()
            ));
        }
        if num != 0 && !outcomes.contains_key(&num) {
            let id = b.add_outcome(Outcome::new(label.unwrap_or_default(), pay));
            outcomes.insert(num, id);
        }
    }
    if num == 0 {
        return Ok(None);
    }
    outcomes
        .get(&num)
        .copied()
        .map(Some)
        .ok_or_else(|| format!("outcome {num} has no payoffs"))
}

fn parse_efg(c: &mut Cursor, title: String, players: Vec<String>) -> Result<ExtensiveGame, String> {
    let n = players.len();
    let mut b = GameBuilder::new(title, players);
    if let Some(Tok::Str(_)) = c.peek() {
        let comment = c.string()?;
        b.set_comment(comment);
    }
    let mut isets: HashMap<(Owner, u32), InfosetId> = HashMap::new();
    let mut outcomes: HashMap<usize, OutcomeId> = HashMap::new();
    let mut pending = vec![NodeId(0)];
    while c.peek().is_some() {
        let kind = c.word()?;
        let node = pending
            .pop()
            .ok_or("more nodes than the tree has room for")?;
        let label = c.string()?;
        b.set_node_label(node, &label);
        if kind == "t" {
            let o = read_outcome(c, &mut b, &mut outcomes, n)?;
            b.set_outcome(node, o);
            continue;
        }
        let owner = match kind.as_str() {
            "c" => Owner::Chance,
            "p" => Owner::Player(c.uint()?.checked_sub(1).ok_or("player 0")?),
            _ => return Err(format!("unknown node type {kind}")),
        };
        let number = c.uint()? as u32;
        let mut iname = None;
        if let Some(Tok::Str(_)) = c.peek() {
            iname = Some(c.string()?);
        }
        let mut actions = None;
        if let Some(Tok::Open) = c.peek() {
            c.expect_open()?;
            let mut acts = Vec::new();
            while c.peek() != Some(&Tok::Close) {
                let l = c.string()?;
                let prob = if owner == Owner::Chance {
                    Some(c.number()?)
                } else {
                    None
                };
                acts.push(Action { label: l, prob });
            }
            c.next()?;
            actions = Some(acts);
        }
        let iset = match isets.get(&(owner, number)) {
            Some(&i) => i,
            None => {
                let acts =
                    actions.ok_or_else(|| format!("information set {number} has no actions"))?;
                let i = b.add_infoset(owner, number, iname.unwrap_or_default(), acts);
                isets.insert((owner, number), i);
                i
            }
        };
        let o = read_outcome(c, &mut b, &mut outcomes, n)?;
        b.set_outcome(node, o);
        let kids = b.set_move(node, iset).map_err(|e| e.to_string())?;
        pending.extend(kids.rev().map(NodeId));
    }
    if !pending.is_empty() {
        return Err("the file ends before the tree does".into());
    }
    Ok(b.finish())
}

fn parse_nfg(c: &mut Cursor, title: String, players: Vec<String>) -> Result<StrategicGame, String> {
    let n = players.len();
    c.expect_open()?;
    let mut strategies = Vec::new();
    for _ in 0..n {
        match c.peek() {
            Some(Tok::Open) => strategies.push(c.strings_in_braces()?),
            _ => {
                let k = c.uint()?;
                strategies.push((1..=k).map(|i| i.to_string()).collect());
            }
        }
    }
    match c.next()? {
        Tok::Close => {}
        t => return Err(format!("expected }}, found {t:?}")),
    }
    let mut comment = String::new();
    if let Some(Tok::Str(_)) = c.peek() {
        comment = c.string()?;
    }
    let cells: usize = strategies.iter().map(Vec::len).product();
    let mut game = if let Some(Tok::Open) = c.peek() {
        c.expect_open()?;
        let mut outs = Vec::new();
        while c.peek() != Some(&Tok::Close) {
            c.expect_open()?;
            let label = c.string()?;
            let mut pay = Vec::new();
            while c.peek() != Some(&Tok::Close) {
                pay.push(c.number()?);
            }
            c.next()?;
            outs.push(Outcome::new(label, pay));
        }
        c.next()?;
        let mut cell_out = Vec::with_capacity(cells);
        for _ in 0..cells {
            let k = c.uint()?;
            cell_out.push(if k == 0 { None } else { Some(k as u32 - 1) });
        }
        StrategicGame {
            title,
            comment: String::new(),
            players,
            strategies,
            outcomes: outs,
            cells: cell_out,
            outcome_list: true,
        }
    } else {
        let mut payoffs = Vec::with_capacity(cells);
        for _ in 0..cells {
            let row: Result<Vec<Rational>, String> = (0..n).map(|_| c.number()).collect();
            payoffs.push(row?);
        }
        StrategicGame::from_payoffs(title, players, strategies, payoffs)
    };
    game.comment = comment;
    Ok(game)
}
