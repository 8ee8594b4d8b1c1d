//! The error every solver returns when it cannot take a game.

use thiserror::Error;

/// Why a solver did not return a profile.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum SolveError {
    /// The method does not apply to this kind of game.
    #[error("method `{method}` cannot solve this game: {reason}; use {suggestion}")]
    Unsupported {
        /// The method asked for.
        method: &'static str,
        /// What about the game rules it out.
        reason: String,
        /// Methods that can solve it.
        suggestion: &'static str,
    },
    /// The game is too large for the method (with the sizes involved).
    #[error("game too large for `{method}`: {reason}")]
    TooLarge {
        /// The method asked for.
        method: &'static str,
        /// The sizes involved and the limit.
        reason: String,
    },
    /// A numerical method failed (with what it reached).
    #[error("method `{method}` failed: {reason}")]
    Numerical {
        /// The method.
        method: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// The caller cancelled the solve (see [`crate::progress::Cancel`]).
    #[error("cancelled")]
    Cancelled,
}

impl From<crate::progress::Cancelled> for SolveError {
    fn from(_: crate::progress::Cancelled) -> Self {
        SolveError::Cancelled
    }
}
