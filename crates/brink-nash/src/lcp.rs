//! `lcp`: equilibria of a two-player game by complementary pivoting.
//!
//! Strategic games go through Lemke–Howson: as Gambit's `lcp` does by
//! default, every equilibrium its paths reach, from the artificial basis and
//! then from each equilibrium found (the first is the path from player 1's
//! first strategy); [`LcpOptions::stop_after`] stops early. Extensive games
//! go through Lemke's algorithm on the sequence form (Koller, Megiddo and von
//! Stengel 1996), which stays polynomial in the size of the tree: one
//! equilibrium. Lemke–Howson pivots exactly in both modes (`float` rounds the
//! equilibria it reaches). Arithmetic is exact
//! (fraction-free integer pivoting) unless `float` is asked for.

mod column_tableau;
mod lemke_howson;
mod sequence;
// Shared with `lp`; declared here so that the crate root stays as it is.
#[path = "tableau.rs"]
pub(crate) mod tableau;

use brink_game::progress::Watch;
use brink_game::sequence_form::{SequenceForm, SequenceFormError};
use brink_game::{ExtensiveGame, Game, Rational, Solution, SolveError};
use num_bigint::BigInt;

/// Where Lemke's path on the sequence form starts: its covering vector.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum LcpStart {
    /// [`LcpStart::Gambit`] on sequence forms of up to [`LARGE_LCP`] rows,
    /// [`LcpStart::Prior`] on larger ones.
    #[default]
    Auto,
    /// Gambit's covering vector (all ones), so that the path and the
    /// equilibrium are Gambit's. Its dense column spreads into every row of
    /// the tableau within a few pivots: on full tic-tac-toe (844,727 rows)
    /// the tableau passes 20 M entries after 45 pivots.
    Gambit,
    /// The tracing procedure from a pure prior, as in von Stengel, van den
    /// Elzen and Talman (2002): each player starts by answering the other's
    /// pure strategy that takes the first action at every information set.
    /// The covering vector is nonzero only where that prior pays, so the
    /// tableau stays sparse. Their theorem (for their form of the LCP, with
    /// equality constraints and free values) rules out a secondary ray; in
    /// ours, with `E x >= e`, the path has ended at an exact equilibrium on
    /// every game tried, and a ray would be reported as an error, never as
    /// an answer.
    Prior,
}

/// Options of [`lcp_with`].
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct LcpOptions {
    /// Where the sequence-form path starts.
    pub start: LcpStart,
    /// Strategic games: stop after this many equilibria (`None`: every one
    /// the Lemke–Howson paths reach, as Gambit; `Some(1)`: the path from the
    /// first label only).
    pub stop_after: Option<usize>,
}

/// The number of LCP rows above which [`LcpStart::Auto`] takes the prior and
/// exact `lcp` follows the path in floating point first (see [`lcp_with`]).
pub const LARGE_LCP: usize = 100_000;

/// Equilibria of a two-player game: every one the Lemke–Howson paths reach
/// on a strategic game (see [`LcpOptions::stop_after`]), one by Lemke on the
/// sequence form of an extensive game with perfect recall. Exact unless
/// `float`; each profile comes back with its regret.
pub fn lcp(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    lcp_with(game, float, &LcpOptions::default())
}

/// [`lcp`] with the start of the sequence-form path chosen.
///
/// Exact `lcp` on a sequence form of more than [`LARGE_LCP`] rows follows
/// Lemke's path in floating point, reads the end's realization plans as
/// rationals (the simplest fraction close to each) and keeps that
/// profile only if exact arithmetic finds it an equilibrium: regret exactly
/// 0, computed over the tree. Otherwise it follows the path again in exact
/// arithmetic. Either way what is printed is an exact equilibrium, though not
/// always the exact path's: rounding can make the float path part from it
/// (payoffs of 10^19 in the corpus), and weights with denominators near 10^8
/// can read as simpler fractions that still make an equilibrium.
pub fn lcp_with(
    game: &Game,
    float: bool,
    options: &LcpOptions,
) -> Result<Vec<Solution>, SolveError> {
    lcp_watched(game, float, options, &Watch::quiet())
}

/// [`lcp_with`], reporting the pivots of Lemke's path on a sequence form to
/// `watch` (task `"lcp pivots"`, no total: a path on a large tree takes
/// minutes) and stopping with [`SolveError::Cancelled`] when it is cancelled,
/// on a tree within 256 pivots, on a strategic game within one.
pub fn lcp_watched(
    game: &Game,
    float: bool,
    options: &LcpOptions,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
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
            // The paths are followed exactly in both modes: from an
            // equilibrium, floating-point ties went round in circles (a
            // 6x6 game of von Stengel's with 75 equilibria), and exactly
            // decided ties are what makes the paths, and the list, Gambit's.
            let mut out = Vec::new();
            for p in lemke_howson::all_lemke_howson::<BigInt>(g, options.stop_after, watch)? {
                let exact = checked("lcp", Solution::exact(game, p))?;
                out.extend(exact.into_iter().map(|s| {
                    if float {
                        Solution::float(game, s.profile_f64())
                    } else {
                        s
                    }
                }));
            }
            Ok(out)
        }
        Game::Extensive(g) => {
            let sf = SequenceForm::new(g).map_err(|e| sequence_form_refusal("lcp", e))?;
            let large = sequence::lcp_size(&sf) > LARGE_LCP;
            let prior = match options.start {
                LcpStart::Auto => large,
                LcpStart::Gambit => false,
                LcpStart::Prior => true,
            };
            if float {
                let [x, y] = if large {
                    sequence::lemke_plans_by_columns(g, &sf, prior, watch)?.plans
                } else {
                    sequence::lemke_plans::<f64>(g, &sf, prior, watch)?.plans
                };
                let profile = sf.behavior_profile(g, [&x, &y]);
                return Ok(vec![Solution::float(game, profile)]);
            }
            if large {
                // A float path that fails (a ray from rounding, say) only
                // costs the time: the exact path below decides.
                match sequence::lemke_plans_by_columns(g, &sf, prior, watch) {
                    Err(SolveError::Cancelled) => return Err(SolveError::Cancelled),
                    Ok(end) => {
                        if let Some(solution) = exact_from_float(game, g, &sf, &end.plans) {
                            return Ok(vec![solution]);
                        }
                    }
                    Err(_) => {}
                }
            }
            let profile = sequence::lemke::<BigInt>(g, &sf, prior, watch)?;
            checked("lcp", Solution::exact(game, profile))
        }
    }
}

/// The exact profile that floating-point realization plans stand for, if it
/// is an equilibrium: each weight read as the simplest rational within a
/// tolerance, the behavior probabilities normalised exactly, the regret
/// computed exactly. Tolerances go from tight to loose: a loose one can pick
/// a simpler fraction than the true one (2484/93599 reads as 686/25849 within
/// 1e-9), a tight one can miss a value that rounding moved.
pub(crate) fn exact_from_float(
    game: &Game,
    tree: &ExtensiveGame,
    sf: &SequenceForm,
    plans: &[Vec<f64>; 2],
) -> Option<Solution> {
    [1e-12, 1e-10, 1e-8].into_iter().find_map(|tol| {
        let [x, y] = plans.clone().map(|plan| {
            plan.into_iter()
                .map(|v| simplest_rational_near(v, tol))
                .collect::<Option<Vec<_>>>()
        });
        let profile = sf.behavior_profile(tree, [&x?, &y?]);
        let solution = Solution::exact(game, profile);
        match &solution {
            Solution::Exact { regret, .. } if num_traits::Zero::is_zero(regret) => Some(solution),
            _ => None,
        }
    })
}

/// The rational with the smallest denominator within `tol` of `v` (negative
/// dust reads as 0), by continued fractions; `None` for a value that is not
/// finite or needs a denominator beyond 10^12.
pub(crate) fn simplest_rational_near(v: f64, tol: f64) -> Option<Rational> {
    if !v.is_finite() {
        return None;
    }
    if v.abs() <= tol {
        return Some(Rational::from_integer(0.into()));
    }
    // Convergents h/k of v's continued fraction, in i128 to stay exact.
    let (mut h0, mut h1, mut k0, mut k1) = (0i128, 1i128, 1i128, 0i128);
    let mut rest = v;
    for _ in 0..64 {
        let a = rest.floor();
        let ai = a as i128;
        let (h, k) = (ai * h1 + h0, ai * k1 + k0);
        if k > 1_000_000_000_000 {
            return None;
        }
        if (v - h as f64 / k as f64).abs() <= tol {
            return Some(Rational::new(h.into(), k.into()));
        }
        (h0, h1, k0, k1) = (h1, h, k1, k);
        let frac = rest - a;
        if frac == 0.0 {
            return None;
        }
        rest = 1.0 / frac;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    #[test]
    fn simplest_rationals_are_recovered_from_their_floats() {
        for (n, d) in [
            (1, 3),
            (2, 7),
            (1, 10),
            (5, 81),
            (-3, 4),
            (0, 1),
            (7, 1),
            (1, 1024),
        ] {
            let v = n as f64 / d as f64;
            assert_eq!(simplest_rational_near(v, 1e-9), Some(q(n, d)));
            assert_eq!(simplest_rational_near(v + 1e-12, 1e-9), Some(q(n, d)));
        }
        // Dust reads as zero; what is not a number has no rational.
        assert_eq!(simplest_rational_near(-1e-13, 1e-9), Some(q(0, 1)));
        assert_eq!(simplest_rational_near(f64::NAN, 1e-9), None);
        assert_eq!(simplest_rational_near(f64::INFINITY, 1e-9), None);
        // An irrational gets a close fraction, no further than the tolerance.
        let pi = simplest_rational_near(std::f64::consts::PI, 1e-9).unwrap();
        let err = (std::f64::consts::PI - num_traits::ToPrimitive::to_f64(&pi).unwrap()).abs();
        assert!(err <= 1e-9, "{pi}");
    }
}
