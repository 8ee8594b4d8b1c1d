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
//! Exact by default; with `float`, the same search runs in `f64`.

mod vertex;

use crate::enumpure::reduce;
use brink_game::{Game, Profile, Rational, Solution, SolveError, StrategicGame};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};
use std::collections::HashMap;
use vertex::{vertices, FloatTableau, IntTableau, Vertex};

/// Largest number of strategies per game (both players together) the label
/// masks can hold.
const MAX_STRATEGIES: usize = 128;

/// All extreme Nash equilibria of a two-player game, in exact arithmetic
/// unless `float`. Extensive games are solved on their reduced strategic form
/// and returned as behavior profiles (distinct mixed equilibria with the same
/// behavior profile are reported once).
pub fn enummixed(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
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
    match game {
        Game::Strategic(g) => {
            if float {
                Ok(equilibria_f64(g)?
                    .into_iter()
                    .map(|p| Solution::float(game, p))
                    .collect())
            } else {
                Ok(equilibria(g)?
                    .into_iter()
                    .map(|p| Solution::exact(game, p))
                    .collect())
            }
        }
        Game::Extensive(g) => {
            let reduced = reduce(g, "enummixed")?;
            let mut out: Vec<Solution> = Vec::new();
            if float {
                for p in equilibria_f64(&reduced.game)? {
                    let b = reduced.to_behavior(g, &p);
                    if !out.iter().any(|s| s.profile_f64() == b) {
                        out.push(Solution::float(game, b));
                    }
                }
            } else {
                let mut seen: Vec<Profile<Rational>> = Vec::new();
                for p in equilibria(&reduced.game)? {
                    let b = reduced.to_behavior(g, &p);
                    if !seen.contains(&b) {
                        seen.push(b.clone());
                        out.push(Solution::exact(game, b));
                    }
                }
            }
            Ok(out)
        }
    }
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

/// The same, in `f64`, scaled so that the largest entry is 1.
fn positive_float_payoffs(g: &StrategicGame, player: usize) -> Vec<Vec<f64>> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let values: Vec<f64> = (0..m * n).map(|c| g.payoff_f64(c, player)).collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (max - min + 1.0).max(f64::MIN_POSITIVE);
    (0..m)
        .map(|i| {
            (0..n)
                .map(|j| (values[i + j * m] - min + 1.0) / span)
                .collect()
        })
        .collect()
}

fn transpose<T: Clone>(a: &[Vec<T>]) -> Vec<Vec<T>> {
    let cols = a.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| a.iter().map(|row| row[j].clone()).collect())
        .collect()
}

/// Vertices in exact arithmetic: `i128` first, `BigInt` if that overflows.
fn exact_vertices(m: &[Vec<BigInt>]) -> Vec<Vertex<Rational>> {
    let d = m.first().map_or(0, Vec::len);
    if let Some(small) = vertex::to_i128(m) {
        if let Ok(v) = vertices(IntTableau::<i128>::new(&small), d) {
            return v;
        }
    }
    vertices(IntTableau::<BigInt>::new(m), d).expect("big integers do not overflow")
}

/// The labels of a vertex of `Q` (variables `y`, then rows of `A`) renamed
/// into the labels of `P` (player 1's strategies `0..m`, then player 2's).
fn q_labels(tight: u128, m: usize, n: usize) -> u128 {
    let y = tight & ((1u128 << n) - 1);
    let rows = tight >> n;
    rows | y << m
}

/// Pairs of nonzero vertices carrying all labels, as (index in `p`, index in `q`).
///
/// A vertex of `P` (dimension `m`) has at least `m` labels and one of `Q` at
/// least `n`; when both have exactly that many (nondegenerate vertices), the
/// labels of a partner are exactly the missing ones, found by hashing. Only
/// pairs involving a degenerate vertex are checked one by one.
fn complementary_pairs<V>(
    p: &[Vertex<V>],
    q: &[Vertex<V>],
    m: usize,
    n: usize,
) -> Vec<(usize, usize)> {
    let all = if m + n == 128 {
        u128::MAX
    } else {
        (1u128 << (m + n)) - 1
    };
    let origin_p = (1u128 << m) - 1;
    let origin_q = ((1u128 << n) - 1) << m;
    let mut exact: HashMap<u128, Vec<usize>> = HashMap::new();
    let mut degenerate: Vec<(usize, u128)> = Vec::new();
    let mut q_all: Vec<(usize, u128)> = Vec::new();
    for (j, v) in q.iter().enumerate() {
        let ly = q_labels(v.tight, m, n);
        if ly & origin_q == origin_q {
            continue;
        }
        q_all.push((j, ly));
        if ly.count_ones() as usize == n {
            exact.entry(ly).or_default().push(j);
        } else {
            degenerate.push((j, ly));
        }
    }
    let mut pairs = Vec::new();
    for (i, x) in p.iter().enumerate() {
        let lx = x.tight & all;
        if lx & origin_p == origin_p {
            continue;
        }
        if lx.count_ones() as usize == m {
            let needed = all & !lx;
            pairs.extend(exact.get(&needed).into_iter().flatten().map(|&j| (i, j)));
            pairs.extend(
                degenerate
                    .iter()
                    .filter(|&&(_, ly)| lx | ly == all)
                    .map(|&(j, _)| (i, j)),
            );
        } else {
            pairs.extend(
                q_all
                    .iter()
                    .filter(|&&(_, ly)| lx | ly == all)
                    .map(|&(j, _)| (i, j)),
            );
        }
    }
    pairs.sort_unstable();
    pairs
}

fn normalize<T: Clone + Zero + std::ops::Div<Output = T>>(v: &[T]) -> Vec<T> {
    let total = v.iter().fold(T::zero(), |s, x| s + x.clone());
    v.iter().map(|x| x.clone() / total.clone()).collect()
}

/// All extreme equilibria of a two-player strategic game, exactly, as mixed profiles.
pub fn equilibria(g: &StrategicGame) -> Result<Vec<Profile<Rational>>, SolveError> {
    let (m, n) = check_size(g)?;
    let a = positive_integer_payoffs(g, 0);
    let b = positive_integer_payoffs(g, 1);
    let p = exact_vertices(&transpose(&b));
    let q = exact_vertices(&a);
    Ok(complementary_pairs(&p, &q, m, n)
        .into_iter()
        .map(|(i, j)| Profile::mixed(vec![normalize(&p[i].point), normalize(&q[j].point)]))
        .collect())
}

/// All extreme equilibria in floating point (labels decided with a tolerance).
pub fn equilibria_f64(g: &StrategicGame) -> Result<Vec<Profile<f64>>, SolveError> {
    let (m, n) = check_size(g)?;
    let a = positive_float_payoffs(g, 0);
    let b = positive_float_payoffs(g, 1);
    let run = |mat: &[Vec<f64>]| {
        let d = mat.first().map_or(0, Vec::len);
        vertices(FloatTableau::new(mat), d).expect("floating point does not overflow")
    };
    let p = run(&transpose(&b));
    let q = run(&a);
    let clean =
        |v: &[f64]| -> Vec<f64> { normalize(&v.iter().map(|x| x.max(0.0)).collect::<Vec<_>>()) };
    Ok(complementary_pairs(&p, &q, m, n)
        .into_iter()
        .map(|(i, j)| Profile::mixed(vec![clean(&p[i].point), clean(&q[j].point)]))
        .collect())
}
