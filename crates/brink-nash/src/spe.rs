//! `spe`: placeholder until the solver lands.

use brink_game::{Game, Solution, SolveError};

/// Not implemented yet: always refuses.
pub fn spe(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    let _ = (game, float);
    Err(SolveError::Unsupported {
        method: "spe",
        reason: "not implemented yet".into(),
        suggestion: "another method",
    })
}
