//! `lp`: placeholder until the solver lands.

use brink_game::{Game, Solution, SolveError};

/// Not implemented yet: always refuses.
pub fn lp(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    let _ = (game, float);
    Err(SolveError::Unsupported {
        method: "lp",
        reason: "not implemented yet".into(),
        suggestion: "another method",
    })
}
