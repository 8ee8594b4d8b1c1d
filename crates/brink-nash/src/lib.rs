//! Nash equilibrium solvers, one module per method, as Gambit names them.
//!
//! Every solver takes a [`Game`] and returns checked [`Solution`]s: the
//! profile plus its maximum regret from a best-response pass. Front ends call
//! [`solve`] with a [`Method`], or [`lcp::lcp_watched`] to see Lemke's pivots
//! and cancel a long path.
//!
//! ```
//! use brink_nash::{solve, Method};
//! // Matching pennies: the one equilibrium mixes half and half.
//! let game = brink_gambit::read_game(
//!     r#"NFG 1 R "pennies" { "1" "2" } { 2 2 } 1 -1 -1 1 -1 1 1 -1"#,
//!     "pennies.nfg",
//! )
//! .unwrap();
//! let eqs = solve(&game, Method::EnumMixed, false).unwrap();
//! assert_eq!(eqs.len(), 1);
//! assert_eq!(eqs[0].gambit_row(&game), "NE,1/2,1/2,1/2,1/2");
//! assert_eq!(eqs[0].regret_f64(), 0.0);
//! ```
#![warn(missing_docs)]

pub mod ce;
pub mod enummixed;
pub mod enumpoly;
pub mod enumpure;
pub mod lcp;
pub mod liap;
pub mod lp;
mod nplayer;
pub mod simpdiv;
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
    /// One equilibrium of an n-player game by simplicial subdivision (floating point).
    Simpdiv,
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
        Method::Simpdiv => simpdiv::simpdiv(game),
    }
}
