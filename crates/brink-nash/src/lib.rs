//! Nash equilibrium solvers, one module per method, as Gambit names them.
//!
//! Every solver takes a [`Game`] and returns checked [`Solution`]s: the
//! profile plus its maximum regret from a best-response pass. Front ends call
//! [`solve`] with a [`Method`], or [`solve_watched`] to stop a long solve
//! with a [`brink_game::Cancel`] token (a server's deadline): each method
//! has a `_watched` form that looks at the token between units of its work.
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
pub mod communication;
pub mod efce;
pub mod enummixed;
pub mod enumpoly;
pub mod enumpure;
pub mod gnm;
pub mod ipa;
pub mod lcp;
pub mod liap;
pub mod lp;
mod nplayer;
mod radix;
pub mod simpdiv;
pub mod spe;

use brink_game::{Game, Solution, SolveError, Watch};

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
    /// Every isolated equilibrium of a small game by support enumeration (two
    /// players exact; more certified by interval subdivision, floating point).
    EnumPoly,
    /// One equilibrium of an n-player game by simplicial subdivision (floating point).
    Simpdiv,
    /// One equilibrium of an n-player game by iterated polymatrix approximation (floating point).
    Ipa,
    /// The equilibria met on Govindan and Wilson's global Newton path (floating point).
    Gnm,
}

impl Method {
    /// The method named as `brink solve --method` and Gambit name it
    /// (`enumpure`, `spe`, `enummixed`, `lcp`, `lp`, `liap`, `enumpoly`,
    /// `simpdiv`, `ipa`, `gnm`), or `None`.
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "enumpure" => Method::EnumPure,
            "spe" => Method::Spe,
            "enummixed" => Method::EnumMixed,
            "lcp" => Method::Lcp,
            "lp" => Method::Lp,
            "liap" => Method::Liap,
            "enumpoly" => Method::EnumPoly,
            "simpdiv" => Method::Simpdiv,
            "ipa" => Method::Ipa,
            "gnm" => Method::Gnm,
            _ => return None,
        })
    }
}

/// Solves `game` with `method`, in exact arithmetic unless `float`.
pub fn solve(game: &Game, method: Method, float: bool) -> Result<Vec<Solution>, SolveError> {
    solve_watched(game, method, float, &Watch::quiet())
}

/// [`solve`], stopping with [`SolveError::Cancelled`] soon after `watch` is
/// cancelled: within a pivot, a gradient step, a support pair or a grid
/// label, by method, and within one cell while a tree's reduced strategic
/// form is built. `spe` never looks at it: it is one pass over the tree,
/// whose size the caller bounds.
pub fn solve_watched(
    game: &Game,
    method: Method,
    float: bool,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    match method {
        Method::EnumPure => enumpure::enumpure_watched(game, watch),
        Method::Spe => spe::spe(game, float),
        Method::EnumMixed => enummixed::enummixed_watched(game, float, watch),
        Method::Lcp => lcp::lcp_watched(game, float, &lcp::LcpOptions::default(), watch),
        Method::Lp => lp::lp_watched(game, float, watch),
        Method::Liap => liap::liap_watched(game, &liap::LiapOptions::default(), watch),
        Method::EnumPoly => enumpoly::enumpoly_watched(game, watch),
        Method::Simpdiv => {
            simpdiv::simpdiv_watched(game, &simpdiv::SimpdivOptions::default(), watch)
        }
        Method::Ipa => ipa::ipa_watched(game, &ipa::IpaOptions::default(), watch),
        Method::Gnm => gnm::gnm_watched(game, &gnm::GnmOptions::default(), watch),
    }
}

#[cfg(test)]
mod tests {
    use super::Method;

    /// Each of the ten names gives its own method, as `brink solve` names
    /// them; anything else none.
    #[test]
    fn method_names_are_gambits() {
        let names = [
            ("enumpure", Method::EnumPure),
            ("spe", Method::Spe),
            ("enummixed", Method::EnumMixed),
            ("lcp", Method::Lcp),
            ("lp", Method::Lp),
            ("liap", Method::Liap),
            ("enumpoly", Method::EnumPoly),
            ("simpdiv", Method::Simpdiv),
            ("ipa", Method::Ipa),
            ("gnm", Method::Gnm),
        ];
        for (name, method) in names {
            assert_eq!(Method::from_name(name), Some(method), "{name}");
        }
        for unknown in ["", "Gnm", "ce", "logit"] {
            assert_eq!(Method::from_name(unknown), None, "{unknown}");
        }
    }
}
