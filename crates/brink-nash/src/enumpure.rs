//! `enumpure`: placeholder until the solver lands.

use brink_game::{Game, Solution, SolveError};

/// Not implemented yet: always refuses.
pub fn enumpure(game: &Game) -> Result<Vec<Solution>, SolveError> {
    let _ = game;
    Err(SolveError::Unsupported {
        method: "enumpure",
        reason: "not implemented yet".into(),
        suggestion: "another method",
    })
}
