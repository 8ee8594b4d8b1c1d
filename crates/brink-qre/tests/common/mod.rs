//! Helpers shared by the integration tests.

use brink_game::Game;
use std::path::Path;

/// Reads a Gambit file with the workspace's reader.
pub fn read_game(path: &str) -> Result<Game, String> {
    brink_gambit::read_game_file(Path::new(path)).map_err(|e| e.to_string())
}
