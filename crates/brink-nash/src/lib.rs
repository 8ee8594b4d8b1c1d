//! Nash equilibrium solvers, one module per method, as Gambit names them.
//!
//! Every solver takes a [`Game`] and returns checked [`Solution`]s: the
//! profile plus its maximum regret from a best-response pass.
#![warn(missing_docs)]

pub mod ce;
pub mod enummixed;
pub mod enumpoly;
pub mod enumpure;
pub mod lcp;
pub mod liap;
pub mod lp;
mod nplayer;
pub mod spe;

use brink_game::{Game, Solution, SolveError};

/// The methods of this crate.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Method {
    /// Every pure-strategy equilibrium.
    EnumPure,
    /// Subgame-perfect equilibrium by backward induction (perfect information).
    Spe,
    /// All extreme equilibria of a two-player strategic game.
    EnumMixed,
    /// Lemke–Howson (strategic) or Lemke on the sequence form (extensive).
    Lcp,
    /// Linear programming for two-player zero-sum games.
    Lp,
    /// Minimisation of McKelvey's Lyapunov function (floating point).
    Liap,
    /// Every isolated equilibrium of a small two-player game by support enumeration.
    EnumPoly,
}

/// Solves `game` with `method`, in exact arithmetic unless `float`.
pub fn solve(game: &Game, method: Method, float: bool) -> Result<Vec<Solution>, SolveError> {
    match method {
        Method::EnumPure => enumpure::enumpure(game),
        Method::Spe => spe::spe(game, float),
        Method::EnumMixed => enummixed::enummixed(game, float),
        Method::Lcp => lcp::lcp(game, float),
        Method::Lp => lp::lp(game, float),
        Method::Liap => liap::liap(game),
        Method::EnumPoly => enumpoly::enumpoly(game),
    }
}
