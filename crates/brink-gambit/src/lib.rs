//! Gambit's game files for brinkmanship: `.efg` (extensive form), `.nfg`
//! (strategic form, payoff-list and outcome-list bodies), and the
//! action-graph games `.agg` and `.bagg` (Bayesian), read into
//! [`ActionGraphGame`] and expanded to the strategic form on demand.
//!
//! The reader takes what Gambit's own reader takes (titles, comments, quoted
//! text with `\"` and `\\`, numbers as `1/3`, `0.25` or `1e-3`, shared
//! outcomes and information sets declared once and referred to by number
//! after, outcome 0 for none) and checks what Gambit checks (repeated
//! declarations agree, chance probabilities are non-negative and sum to 1).
//! It never panics: every bad input is a [`ParseError`] naming the line,
//! column, what was expected and what was found. One deliberate difference:
//! text after a complete `.efg` tree is an error here, where Gambit ignores it.
//!
//! The writer gives files that read back as an equal game (`==`), keeping
//! information-set numbers, and outcome numbers whenever the file numbered its
//! outcomes 1 to k (as Gambit writes them); files with gaps in their outcome
//! numbers are renumbered in order.
//!
//! ```
//! let text = r#"EFG 2 R "Entry" { "Entrant" "Incumbent" }
//! p "" 1 1 "" { "Out" "In" } 0
//! t "" 1 "Out" { 0, 2 }
//! p "" 2 1 "" { "Fight" "Accommodate" } 0
//! t "" 2 "Fight" { -1, -1 }
//! t "" 3 "Accommodate" { 1, 1 }
//! "#;
//! let game = brink_gambit::read_efg(text, "entry.efg").unwrap();
//! assert_eq!(game.num_nodes(), 5);
//! let again = brink_gambit::read_efg(&brink_gambit::write_efg(&game), "again.efg").unwrap();
//! assert_eq!(game, again);
//! ```
#![warn(missing_docs)]

mod agg;
mod agg_write;
mod efg;
mod error;
mod lexer;
mod nfg;
mod write;

pub use agg_write::write_agg;
pub use error::ParseError;
pub use write::{write_efg, write_nfg};

use brink_game::action_graph::ActionGraphGame;
use brink_game::number::format_rational;
use brink_game::{ExtensiveGame, Game, Rational, StrategicGame};
use lexer::{Lexer, Tok};
use std::io::Read;
use std::path::Path;

/// The largest file [`read_game_file`] reads: 1 GiB.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The most pure profiles an action-graph game is expanded to when it is
/// read as a strategic game ([`read_game`]): the limit of the reduced
/// strategic form.
pub const MAX_AGG_PROFILES: u128 = brink_game::reduced::DEFAULT_MAX_CELLS;

/// A game file as read: a Gambit game, or an action-graph game kept in its
/// own representation.
#[derive(Clone, Debug)]
pub enum GameFile {
    /// An `.efg` or `.nfg` file.
    Gambit(Game),
    /// An `.agg` or `.bagg` file.
    ActionGraph(ActionGraphGame),
}

impl GameFile {
    /// The game as a [`Game`]: an action-graph game as its strategic form,
    /// refused with the sizes beyond `max_profiles` pure profiles.
    pub fn into_game(self, source_name: &str, max_profiles: u128) -> Result<Game, ParseError> {
        match self {
            GameFile::Gambit(g) => Ok(g),
            GameFile::ActionGraph(g) => g.to_strategic(max_profiles).map(Game::Strategic).map_err(|e| {
                ParseError::whole_file(
                    source_name,
                    format!("an action-graph game whose strategic form has at most {max_profiles} pure profiles"),
                    e.to_string(),
                )
            }),
        }
    }
}

/// Reads an `.efg`, `.nfg`, `.agg` or `.bagg` game, telling them apart by the
/// first word of the text (`EFG`, `NFG`, `#AGG`, `#BAGG`); an action-graph
/// game becomes its strategic form (up to [`MAX_AGG_PROFILES`] pure
/// profiles). `source_name` is used in error messages only.
pub fn read_game(text: &str, source_name: &str) -> Result<Game, ParseError> {
    read_any(text, source_name)?.into_game(source_name, MAX_AGG_PROFILES)
}

/// Reads any game file, keeping an action-graph game as it is.
pub fn read_any(text: &str, source_name: &str) -> Result<GameFile, ParseError> {
    if agg::sniff(text).is_some() {
        return read_agg(text, source_name).map(GameFile::ActionGraph);
    }
    let lex = Lexer::new(text, source_name)?;
    match lex.cur.tok {
        Tok::Symbol("EFG") => {
            read_efg(text, source_name).map(|g| GameFile::Gambit(Game::Extensive(g)))
        }
        Tok::Symbol("NFG") => {
            read_nfg(text, source_name).map(|g| GameFile::Gambit(Game::Strategic(g)))
        }
        _ => {
            Err(lex
                .error("`EFG`, `NFG`, `#AGG` or `#BAGG` (a Gambit .efg, .nfg, .agg or .bagg file)"))
        }
    }
}

/// Reads an `.agg` or `.bagg` file (first word `#AGG` or `#BAGG`).
pub fn read_agg(text: &str, source_name: &str) -> Result<ActionGraphGame, ParseError> {
    agg::read(text, source_name)
}

/// Reads an `.efg` file. Trees larger than
/// [`GameBuilder::DEFAULT_MAX_NODES`](brink_game::GameBuilder::DEFAULT_MAX_NODES)
/// are refused with an error.
pub fn read_efg(text: &str, source_name: &str) -> Result<ExtensiveGame, ParseError> {
    efg::read(text, source_name)
}

/// Reads an `.nfg` file, in either the payoff-list or the outcome-list form
/// (recorded in [`StrategicGame::outcome_list`]).
pub fn read_nfg(text: &str, source_name: &str) -> Result<StrategicGame, ParseError> {
    nfg::read(text, source_name)
}

/// Reads a game file from disk. Files over [`MAX_FILE_BYTES`] are refused.
/// Text that is not UTF-8 is read as Latin-1, byte by byte, as old Gambit
/// files were written by programs that knew no other encoding.
pub fn read_game_file(path: &Path) -> Result<Game, ParseError> {
    let name = path.display().to_string();
    read_any_file(path)?.into_game(&name, MAX_AGG_PROFILES)
}

/// Reads any game file from disk, keeping an action-graph game as it is
/// (the same limits and encodings as [`read_game_file`]).
pub fn read_any_file(path: &Path) -> Result<GameFile, ParseError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| ParseError::whole_file(&name, "a readable file", e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_FILE_BYTES {
        return Err(ParseError::whole_file(
            &name,
            format!("a file of at most {MAX_FILE_BYTES} bytes"),
            format!("{len} bytes"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Read one byte past the limit so that a file that grows while being read
    // (or a pipe, whose length is 0) is still refused.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ParseError::whole_file(&name, "a readable file", e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ParseError::whole_file(
            &name,
            format!("a file of at most {MAX_FILE_BYTES} bytes"),
            "a larger file",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    };
    read_any(&text, &name)
}

/// Writes either kind of game in its own format.
pub fn write_game(game: &Game) -> String {
    match game {
        Game::Extensive(g) => write_efg(g),
        Game::Strategic(g) => write_nfg(g),
    }
}

pub(crate) fn format_number(r: &Rational) -> String {
    format_rational(r)
}
