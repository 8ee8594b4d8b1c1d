//! `lcp`: placeholder until the solver lands.

use brink_game::{Game, Solution, SolveError};

/// Not implemented yet: always refuses.
pub fn lcp(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    let _ = (game, float);
    Err(SolveError::Unsupported {
        method: "lcp",
        reason: "not implemented yet".into(),
        suggestion: "another method",
    })
}
