//! `lcp`: one equilibrium of a two-player game by complementary pivoting.
//!
//! Strategic games go through Lemke–Howson from the first label (player 1's
//! first strategy), as Gambit's `lcp` does by default; extensive games through
//! Lemke's algorithm on the sequence form (Koller, Megiddo and von Stengel
//! 1996), which stays polynomial in the size of the tree. Arithmetic is exact
//! (fraction-free integer pivoting) unless `float` is asked for.

mod lemke_howson;
mod sequence;
// Shared with `lp`; declared here so that the crate root stays as it is.
#[path = "tableau.rs"]
pub(crate) mod tableau;

use brink_game::sequence_form::{SequenceForm, SequenceFormError};
use brink_game::{Game, Solution, SolveError};
use num_bigint::BigInt;

/// One equilibrium of a two-player game: Lemke–Howson on a strategic game,
/// Lemke on the sequence form of an extensive game with perfect recall.
/// Exact unless `float`; the profile comes back with its regret.
pub fn lcp(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    let players = game.players().len();
    if players != 2 {
        return Err(SolveError::Unsupported {
            method: "lcp",
            reason: format!("it needs exactly two players, the game has {players}"),
            suggestion: "logit or enumpure",
        });
    }
    match game {
        Game::Strategic(g) => {
            if float {
                let profile = lemke_howson::lemke_howson::<f64>(g, 0)?;
                Ok(vec![Solution::float(game, profile)])
            } else {
                let profile = lemke_howson::lemke_howson::<BigInt>(g, 0)?;
                checked("lcp", Solution::exact(game, profile))
            }
        }
        Game::Extensive(g) => {
            let sf = SequenceForm::new(g).map_err(|e| sequence_form_refusal("lcp", e))?;
            if float {
                let profile = sequence::lemke::<f64>(g, &sf)?;
                Ok(vec![Solution::float(game, profile)])
            } else {
                let profile = sequence::lemke::<BigInt>(g, &sf)?;
                checked("lcp", Solution::exact(game, profile))
            }
        }
    }
}

/// The refusal for a game without a sequence form.
pub(crate) fn sequence_form_refusal(method: &'static str, e: SequenceFormError) -> SolveError {
    SolveError::Unsupported {
        method,
        reason: e.to_string(),
        suggestion: match e {
            SequenceFormError::Players(_) => "logit or enumpure",
            SequenceFormError::ImperfectRecall(_) => {
                "enumpure, or lcp/enummixed on the strategic form"
            }
        },
    }
}

/// An exact solution, refused unless its regret is exactly zero: Lemke's
/// algorithm ends at an equilibrium in exact arithmetic, so anything else
/// is a bug to report rather than an answer to print.
pub(crate) fn checked(
    method: &'static str,
    solution: Solution,
) -> Result<Vec<Solution>, SolveError> {
    match &solution {
        Solution::Exact { regret, .. } if !num_traits::Zero::is_zero(regret) => {
            Err(SolveError::Numerical {
                method,
                reason: format!("the exact profile reached has regret {regret}, not 0"),
            })
        }
        _ => Ok(vec![solution]),
    }
}
