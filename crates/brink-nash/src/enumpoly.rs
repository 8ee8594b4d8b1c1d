//! `enumpoly`: every isolated equilibrium of a small game by enumerating
//! supports and solving each support's equilibrium equations, as Gambit's
//! `gambit-enumpoly` does (support enumeration as in Porter, Nudelman and
//! Shoham 2008, "Simple search methods for finding a Nash equilibrium",
//! smallest supports first; with two players, without their dominance
//! pruning).
//!
//! For a profile with supports `S_1, ..., S_n`, each supported strategy must
//! earn its player's value and every other strategy at most that: a system
//! of polynomial equations of degree `n - 1` in the supported probabilities.
//! With two players it is linear and splits in two: player 2's mix on `S_2`
//! makes player 1 indifferent on `S_1`, and the other way round. An isolated
//! solution needs `|S_1| = |S_2|` and both systems nonsingular; it is solved
//! exactly in rationals, kept if every supported probability is positive and
//! no unsupported strategy earns more, so each equilibrium is found once, on
//! its own support. Components of equilibria (degenerate games, where a
//! system is singular) are not listed; `enummixed` lists their extreme points.
//!
//! Games of three or more players, whose systems are genuinely polynomial
//! (degree `n - 1`, multilinear), go to [`nplayer`]: Porter, Nudelman and
//! Shoham's support order and conditional dominance pruning, and for each
//! support every isolated root certified by interval subdivision with the
//! Krawczyk test (module `polysolve`; at most [`MAX_BOXES`] boxes a support), polished by Newton and kept if its regret
//! is at most 1e-8 of the payoff range. A singular support (a component of
//! equilibria, or a root of multiplicity above one) keeps its certified
//! roots; the rest of its solution set is skipped, as Gambit skips it, and
//! [`nplayer::equilibria`] names the support. Trees are solved on their
//! reduced strategic form.

pub mod nplayer;
mod polysolve;

pub use polysolve::{AFTER_SINGULAR, MAX_BOXES};

use crate::enumpure::reduce;
use brink_game::{Game, Profile, Rational, Solution, SolveError, StrategicGame, Watch};
use num_traits::{One, Signed, Zero};

/// The most support pairs `enumpoly` will try (each a pair of linear
/// systems); larger games are refused rather than left running for hours.
pub const MAX_SUPPORT_PAIRS: u128 = 5_000_000;

/// Every isolated equilibrium: exactly for two players, in floating point
/// (certified, see [`nplayer`]) for more.
pub fn enumpoly(game: &Game) -> Result<Vec<Solution>, SolveError> {
    enumpoly_watched(game, &Watch::quiet())
}

/// [`enumpoly`], stopping with [`SolveError::Cancelled`] within one support
/// pair (two players) or within a few hundred boxes of one support's
/// subdivision (more) once `watch` is cancelled.
pub fn enumpoly_watched(game: &Game, watch: &Watch) -> Result<Vec<Solution>, SolveError> {
    if game.players().len() != 2 {
        return crate::nplayer::on_strategic_form(game, "enumpoly", watch, |g| {
            Ok(nplayer::equilibria(g, watch)?.equilibria)
        });
    }
    match game {
        Game::Strategic(g) => Ok(equilibria(g, watch)?
            .into_iter()
            .map(|x| Solution::exact(game, Profile::mixed(x)))
            .collect()),
        Game::Extensive(tree) => {
            let reduced = reduce(tree, "enumpoly", watch)?;
            Ok(equilibria(&reduced.game, watch)?
                .into_iter()
                .map(|x| Solution::exact(game, reduced.to_behavior(tree, &Profile::mixed(x))))
                .collect())
        }
    }
}

/// The number of support pairs of equal size for `m` and `n` strategies.
fn support_pairs(m: usize, n: usize) -> u128 {
    let binom = |n: usize, k: usize| -> u128 {
        (0..k).fold(1u128, |acc, i| {
            acc.saturating_mul((n - i) as u128) / (i as u128 + 1)
        })
    };
    (1..=m.min(n))
        .map(|k| binom(m, k).saturating_mul(binom(n, k)))
        .fold(0u128, u128::saturating_add)
}

fn equilibria(g: &StrategicGame, watch: &Watch) -> Result<Vec<Vec<Vec<Rational>>>, SolveError> {
    let shape = g.shape();
    let (m, n) = (shape[0], shape[1]);
    let pairs = support_pairs(m, n);
    if pairs > MAX_SUPPORT_PAIRS {
        return Err(SolveError::TooLarge {
            method: "enumpoly",
            reason: format!(
                "{m}x{n} strategies give {pairs} support pairs, over the limit of \
                 {MAX_SUPPORT_PAIRS}"
            ),
        });
    }
    // a[s][t], b[s][t]: the two players' payoffs.
    let payoff = |p: usize| -> Vec<Vec<Rational>> {
        (0..m)
            .map(|s| (0..n).map(|t| g.payoff(g.cell_index(&[s, t]), p)).collect())
            .collect()
    };
    let (a, b) = (payoff(0), payoff(1));
    let bt: Vec<Vec<Rational>> = (0..n)
        .map(|t| (0..m).map(|s| b[s][t].clone()).collect())
        .collect();
    let mut found = Vec::new();
    for k in 1..=m.min(n) {
        for s1 in subsets(m, k) {
            for s2 in subsets(n, k) {
                // Each pair is a pair of exact eliminations, far dearer
                // than the atomic load of the check.
                watch.check()?;
                // Player 2's mix makes player 1 indifferent on S_1, and back.
                let Some(y) = indifference(&a, &s1, &s2, n) else {
                    continue;
                };
                let Some(x) = indifference(&bt, &s2, &s1, m) else {
                    continue;
                };
                found.push(vec![x, y]);
            }
        }
    }
    Ok(found)
}

/// The mix on `cols` (of `width` strategies) that makes the row player of
/// `pay` indifferent over `rows` and no better off elsewhere, with every
/// probability on `cols` positive; `None` if there is no such unique mix.
fn indifference(
    pay: &[Vec<Rational>],
    rows: &[usize],
    cols: &[usize],
    width: usize,
) -> Option<Vec<Rational>> {
    let k = cols.len();
    // Unknowns: the k probabilities, then the value.
    let mut system: Vec<Vec<Rational>> = rows
        .iter()
        .map(|&s| {
            let mut r: Vec<Rational> = cols.iter().map(|&t| pay[s][t].clone()).collect();
            r.push(-Rational::one());
            r.push(Rational::zero());
            r
        })
        .collect();
    let mut mass = vec![Rational::one(); k];
    mass.push(Rational::zero());
    mass.push(Rational::one());
    system.push(mass);
    let solution = solve(system)?;
    if solution[..k].iter().any(|p| !p.is_positive()) {
        return None;
    }
    let value = &solution[k];
    let better = (0..pay.len()).filter(|s| !rows.contains(s)).any(|s| {
        let v: Rational = cols
            .iter()
            .zip(&solution)
            .map(|(&t, p)| &pay[s][t] * p)
            .sum();
        &v > value
    });
    if better {
        return None;
    }
    let mut mix = vec![Rational::zero(); width];
    for (&t, p) in cols.iter().zip(solution) {
        mix[t] = p;
    }
    Some(mix)
}

/// The unique solution of a square system given as augmented rows, by
/// Gaussian elimination in rationals; `None` if it is singular.
fn solve(mut rows: Vec<Vec<Rational>>) -> Option<Vec<Rational>> {
    let k = rows.len();
    for c in 0..k {
        let pivot = (c..k).find(|&r| !rows[r][c].is_zero())?;
        rows.swap(c, pivot);
        let p = rows[c][c].clone();
        for v in rows[c].iter_mut() {
            *v = &*v / &p;
        }
        let pivot_row = rows[c].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != c && !row[c].is_zero() {
                let f = row[c].clone();
                for (v, p) in row.iter_mut().zip(&pivot_row).skip(c) {
                    *v -= &f * p;
                }
            }
        }
    }
    Some(rows.into_iter().map(|r| r[k].clone()).collect())
}

/// The `k`-element subsets of `0..n`, in lexicographic order.
fn subsets(n: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    let mut next: Option<Vec<usize>> = (k <= n).then(|| (0..k).collect());
    std::iter::from_fn(move || {
        let current = next.take()?;
        let mut c = current.clone();
        // The rightmost element that can still move right.
        if let Some(i) = (0..k).rev().find(|&i| c[i] < n - k + i) {
            c[i] += 1;
            for j in i + 1..k {
                c[j] = c[j - 1] + 1;
            }
            next = Some(c);
        }
        Some(current)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_are_all_listed_once() {
        let all: Vec<Vec<usize>> = subsets(5, 2).collect();
        assert_eq!(all.len(), 10);
        assert_eq!(all[0], vec![0, 1]);
        assert_eq!(all[9], vec![3, 4]);
        assert_eq!(subsets(3, 3).count(), 1);
        assert_eq!(support_pairs(3, 3), 9 + 9 + 1);
    }
}
