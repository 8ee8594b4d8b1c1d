//! `enummixed`: all extreme Nash equilibria of a two-player game.
//!
//! The method of Avis, Rosenberg, Savani and von Stengel (2010), "Enumeration
//! of Nash equilibria for two-player games": with payoffs made positive, the
//! best-response polytopes are `P = {x >= 0 : B^T x <= 1}` and
//! `Q = {y >= 0 : A y <= 1}`. A point's labels are the strategies it does not
//! play and the opponent's strategies that are best responses to it; a pair of
//! nonzero vertices `(x, y)` that together carry every label is an extreme
//! equilibrium once normalised. Both vertex sets are enumerated (see
//! [`vertex`]) and matched by their label sets as bit masks.
//!
//! The search is exact (integer pivoting) in both modes: with `float` its
//! equilibria are rounded at the end. Deciding degeneracy with a tolerance
//! made the float search list the same equilibrium many times over, within
//! rounding, on games with payoff ties.

mod vertex;

use crate::enumpure::reduce;
use brink_game::{Game, Profile, Rational, Solution, SolveError, StrategicGame, Watch};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Zero};
use std::collections::HashMap;
use vertex::{for_each_vertex, Int, Stop};

/// Largest number of strategies per game (both players together) the label
/// masks can hold.
const MAX_STRATEGIES: usize = 128;

/// All extreme Nash equilibria of a two-player game, in exact arithmetic
/// unless `float`. Extensive games are solved on their reduced strategic form
/// and returned as behavior profiles (distinct mixed equilibria with the same
/// behavior profile are reported once).
pub fn enummixed(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    enummixed_watched(game, float, &Watch::quiet())
}

/// [`enummixed`], stopping with [`SolveError::Cancelled`] within one pivot
/// of the vertex search once `watch` is cancelled.
pub fn enummixed_watched(
    game: &Game,
    float: bool,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    if game.players().len() != 2 {
        return Err(SolveError::Unsupported {
            method: "enummixed",
            reason: format!(
                "the game has {} players and enummixed needs exactly two",
                game.players().len()
            ),
            suggestion: "`enumpure` or `logit`",
        });
    }
    let exact: Vec<Profile<Rational>> = match game {
        Game::Strategic(g) => equilibria_within(g, MAX_VERTICES, watch)?,
        Game::Extensive(g) => {
            let reduced = reduce(g, "enummixed", watch)?;
            let mut seen: Vec<Profile<Rational>> = Vec::new();
            for p in equilibria_within(&reduced.game, MAX_VERTICES, watch)? {
                let b = reduced.to_behavior(g, &p);
                if !seen.contains(&b) {
                    seen.push(b);
                }
            }
            seen
        }
    };
    if !float {
        return Ok(exact
            .into_iter()
            .map(|p| Solution::exact(game, p))
            .collect());
    }
    // Distinct exact equilibria can round to one profile (payoffs of 10^19):
    // each rounded profile is listed once.
    let mut out: Vec<Solution> = Vec::new();
    for p in exact {
        let rounded = p.to_f64();
        if !out.iter().any(|s| s.profile_f64() == rounded) {
            out.push(Solution::float(game, rounded));
        }
    }
    Ok(out)
}

fn check_size(g: &StrategicGame) -> Result<(usize, usize), SolveError> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    if m + n > MAX_STRATEGIES {
        return Err(SolveError::TooLarge {
            method: "enummixed",
            reason: format!("{m} + {n} strategies, more than {MAX_STRATEGIES} in all"),
        });
    }
    Ok((m, n))
}

/// A player's payoffs as positive integers, `table[i][j]` for row strategy `i`
/// and column strategy `j`: scaled by the common denominator and shifted so
/// the least is 1 (neither changes best responses).
fn positive_integer_payoffs(g: &StrategicGame, player: usize) -> Vec<Vec<BigInt>> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let values: Vec<Rational> = (0..m * n).map(|c| g.payoff(c, player)).collect();
    let lcm = values.iter().fold(BigInt::one(), |l, v| l.lcm(v.denom()));
    let ints: Vec<BigInt> = values
        .iter()
        .map(|v| v.numer() * (&lcm / v.denom()))
        .collect();
    let min = ints.iter().min().cloned().unwrap_or_else(BigInt::zero);
    let shift = BigInt::one() - min;
    (0..m)
        .map(|i| (0..n).map(|j| &ints[i + j * m] + &shift).collect())
        .collect()
}

fn transpose<T: Clone>(a: &[Vec<T>]) -> Vec<Vec<T>> {
    let cols = a.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| a.iter().map(|row| row[j].clone()).collect())
        .collect()
}

/// Most vertices a best-response polytope may have: the search keeps about
/// 70 bytes per vertex (its tight set, twice hashed), so this is under a
/// gigabyte.
pub const MAX_VERTICES: usize = 10_000_000;

/// Most equilibria reported (each pair of vertices kept until the end).
pub const MAX_EQUILIBRIA: usize = 1_000_000;

/// The labels of a vertex of `Q` (variables `y`, then rows of `A`) renamed
/// into the labels of `P` (player 1's strategies `0..m`, then player 2's).
fn q_labels(tight: u128, m: usize, n: usize) -> u128 {
    let y = tight & ((1u128 << n) - 1);
    let rows = tight >> n;
    rows | y << m
}

fn all_labels(m: usize, n: usize) -> u128 {
    if m + n == 128 {
        u128::MAX
    } else {
        (1u128 << (m + n)) - 1
    }
}

/// The nonzero vertices of `Q` by their labels (in `P`'s naming), in the
/// order found. A vertex of `Q` has at least `n` labels; when it has exactly
/// `n` (nondegenerate), a partner's labels are exactly the missing ones,
/// found by hashing. Only degenerate ones are checked one by one.
struct QLabels {
    order: Vec<u128>,
    exact: HashMap<u128, u32>,
    degenerate: Vec<(u32, u128)>,
}

impl QLabels {
    fn push(&mut self, ly: u128, n: usize) {
        let k = self.order.len() as u32;
        self.order.push(ly);
        if ly.count_ones() as usize == n {
            self.exact.insert(ly, k);
        } else {
            self.degenerate.push((k, ly));
        }
    }

    /// The positions of the vertices completing `lx` (a nonzero vertex of
    /// `P`) to all labels, in the order found.
    fn partners(&self, lx: u128, all: u128, m: usize) -> Vec<u32> {
        let mut out: Vec<u32> = if lx.count_ones() as usize == m {
            let exact = self.exact.get(&(all & !lx)).copied();
            exact
                .into_iter()
                .chain(
                    self.degenerate
                        .iter()
                        .filter(|&&(_, ly)| lx | ly == all)
                        .map(|&(k, _)| k),
                )
                .collect()
        } else {
            (0..self.order.len() as u32)
                .filter(|&k| lx | self.order[k as usize] == all)
                .collect()
        };
        out.sort_unstable();
        out
    }
}

/// An equilibrium as points of `P` and `Q`.
type PointPair = (Vec<BigRational>, Vec<BigRational>);

/// Extreme equilibria as unnormalised points `(x, y)` of `P` and `Q`, with
/// `bt` = `B^T` (`P`'s matrix) and `a` (`Q`'s), payoffs positive.
///
/// Streams: `Q`'s vertices are enumerated and only their labels kept; then
/// `P`'s, each matched as it is found; then `Q`'s again, for the points of
/// the partners matched. Memory is the labels of `Q`, the tight sets both
/// searches have seen, and the equilibria.
fn extreme_equilibria<I: Int>(
    bt: &[Vec<I>],
    a: &[Vec<I>],
    limit: usize,
    watch: &Watch,
) -> Result<Vec<PointPair>, SolveError> {
    let (m, n) = (
        bt.first().map_or(0, Vec::len),
        a.first().map_or(0, Vec::len),
    );
    let all = all_labels(m, n);
    let origin_p = (1u128 << m) - 1;
    let origin_q = ((1u128 << n) - 1) << m;
    let refuse = |player: usize, stop: Stop| match stop {
        Stop::TooMany(k) => SolveError::TooLarge {
            method: "enummixed",
            reason: format!(
                "{m}x{n} game: player {player}'s best-response polytope has more than \
                 {limit} vertices (found {k}); its payoffs have many ties"
            ),
        },
        Stop::Cancelled => SolveError::Cancelled,
        _ => SolveError::Numerical {
            method: "enummixed",
            reason: "integer overflow".into(),
        },
    };
    let mut q = QLabels {
        order: Vec::new(),
        exact: HashMap::new(),
        degenerate: Vec::new(),
    };
    for_each_vertex(a, limit, watch, |tight, _| {
        let ly = q_labels(tight, m, n);
        if ly & origin_q != origin_q {
            q.push(ly, n);
        }
        Ok(())
    })
    .map_err(|e| refuse(2, e))?;
    let mut pairs: Vec<(Vec<BigRational>, u32)> = Vec::new();
    let mut too_many = false;
    for_each_vertex(bt, limit, watch, |tight, t| {
        let lx = tight & all;
        if lx & origin_p == origin_p {
            return Ok(());
        }
        let partners = q.partners(lx, all, m);
        if !partners.is_empty() {
            let x = t.point(m);
            for k in partners {
                if pairs.len() == MAX_EQUILIBRIA {
                    too_many = true;
                    return Err(Stop::Enough);
                }
                pairs.push((x.clone(), k));
            }
        }
        Ok(())
    })
    .map_err(|e| refuse(1, e))
    .or_else(|e| if too_many { Ok(()) } else { Err(e) })?;
    if too_many {
        return Err(SolveError::TooLarge {
            method: "enummixed",
            reason: format!("{m}x{n} game with more than {MAX_EQUILIBRIA} extreme equilibria"),
        });
    }
    // The points of the partners, found by a second search over `Q`.
    let mut wanted: HashMap<u128, Option<Vec<BigRational>>> = pairs
        .iter()
        .map(|&(_, k)| (q.order[k as usize], None))
        .collect();
    let mut missing = wanted.len();
    if missing > 0 {
        let done = for_each_vertex(a, limit, watch, |tight, t| {
            if let Some(slot) = wanted.get_mut(&q_labels(tight, m, n)) {
                *slot = Some(t.point(n));
                missing -= 1;
                if missing == 0 {
                    return Err(Stop::Enough);
                }
            }
            Ok(())
        });
        match done {
            Ok(()) | Err(Stop::Enough) => {}
            Err(e) => return Err(refuse(2, e)),
        }
    }
    Ok(pairs
        .into_iter()
        .map(|(x, k)| {
            let y = wanted[&q.order[k as usize]]
                .clone()
                .expect("the second search meets every vertex of the first");
            (x, y)
        })
        .collect())
}

fn normalize<T: Clone + Zero + std::ops::Div<Output = T>>(v: &[T]) -> Vec<T> {
    let total = v.iter().fold(T::zero(), |s, x| s + x.clone());
    v.iter().map(|x| x.clone() / total.clone()).collect()
}

/// All extreme equilibria of a two-player strategic game, exactly, as mixed profiles.
///
/// The search runs with `i128` entries and, if one overflows, again with
/// big integers.
pub fn equilibria(g: &StrategicGame) -> Result<Vec<Profile<Rational>>, SolveError> {
    equilibria_within(g, MAX_VERTICES, &Watch::quiet())
}

/// [`equilibria`], refused past `limit` vertices in either polytope and
/// stopped once `watch` is cancelled.
fn equilibria_within(
    g: &StrategicGame,
    limit: usize,
    watch: &Watch,
) -> Result<Vec<Profile<Rational>>, SolveError> {
    check_size(g)?;
    let a = positive_integer_payoffs(g, 0);
    let bt = transpose(&positive_integer_payoffs(g, 1));
    let small = vertex::to_i128(&a).zip(vertex::to_i128(&bt));
    let overflowed = |e: &SolveError| matches!(e, SolveError::Numerical { .. });
    let points = match small.map(|(a, bt)| extreme_equilibria(&bt, &a, limit, watch)) {
        Some(Err(e)) if overflowed(&e) => extreme_equilibria(&bt, &a, limit, watch)?,
        Some(result) => result?,
        None => extreme_equilibria(&bt, &a, limit, watch)?,
    };
    Ok(points
        .into_iter()
        .map(|(x, y)| Profile::mixed(vec![normalize(&x), normalize(&y)]))
        .collect())
}

/// All extreme equilibria in floating point: found exactly (see
/// [`equilibria`]: vertex enumeration decides degeneracy by exact zero
/// tests), then rounded.
pub fn equilibria_f64(g: &StrategicGame) -> Result<Vec<Profile<f64>>, SolveError> {
    Ok(equilibria(g)?.iter().map(Profile::to_f64).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `n`x`n` game where every payoff is 1: every point is an
    /// equilibrium, and each polytope is a simplex whose vertices are all
    /// degenerate but the origin.
    fn all_ties(n: usize) -> StrategicGame {
        let one = Rational::one();
        StrategicGame::from_payoffs(
            "",
            vec!["1".into(), "2".into()],
            vec![(0..n).map(|k| k.to_string()).collect(); 2],
            vec![vec![one.clone(), one]; n * n],
        )
    }

    #[test]
    fn past_the_vertex_limit_the_refusal_gives_the_sizes() {
        let g = all_ties(6);
        // Each polytope {z >= 0 : sum z <= 1} has 7 vertices; the extreme
        // equilibria are the 36 pure profiles.
        assert_eq!(equilibria_within(&g, 7, &Watch::quiet()).unwrap().len(), 36);
        let err = equilibria_within(&g, 6, &Watch::quiet())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("6x6 game") && err.contains("more than 6 vertices"),
            "{err}"
        );
    }
}
