//! `enumpoly` for games of three or more players: support profiles in the
//! order of Porter, Nudelman and Shoham (2008; smallest total size first,
//! then the most balanced), each pruned by their conditional dominance
//! test, and each remaining one's equilibrium equations solved for all
//! isolated roots by [`super::polysolve`].
//!
//! On a support profile `S`, player `i`'s free unknowns are the
//! probabilities of all but the last strategy of `S_i` (the last takes the
//! rest); its equations say that each other supported strategy earns what
//! the last one does, and its inequalities that no unsupported strategy
//! earns more. A root is kept if, after Newton's polish, every probability
//! is non-negative (to 1e-9) and the profile's regret, over all
//! strategies, is at most 1e-8 of the payoff range. An equilibrium on the
//! boundary of a support (a supported strategy at probability zero) is
//! also a root of its own smaller support: duplicates are dropped.

use super::polysolve::{self, Poly, System};
use crate::nplayer::{Mixed, Table};
use brink_game::{SolveError, StrategicGame, Watch};
use std::cmp::Ordering;

/// The most support profiles `enumpoly` will consider in a game of three
/// or more players; larger games are refused rather than left running.
pub const MAX_SUPPORT_PROFILES: u128 = 2_000_000;

/// What the search found on a strategic game.
pub struct Found {
    /// The equilibria, each once.
    pub equilibria: Vec<Vec<Vec<f64>>>,
    /// The support profiles (strategy indices per player) whose system is
    /// singular: their isolated, certified roots are among `equilibria`,
    /// the rest of their solution set (a component) is not listed.
    pub singular: Vec<Vec<Vec<usize>>>,
    /// Support profiles whose search stopped at the box budget
    /// (`polysolve::MAX_BOXES`) before deciding every box: their
    /// certified roots are among `equilibria`, others may be missing.
    pub unfinished: Vec<Vec<Vec<usize>>>,
    /// Support profiles whose system was solved (not pruned).
    pub systems: usize,
    /// Boxes the subdivision examined, over all supports.
    pub boxes: usize,
}

/// Every isolated equilibrium of an n-player strategic game.
pub fn equilibria(g: &StrategicGame, watch: &Watch) -> Result<Found, SolveError> {
    let shape = g.shape();
    let count = shape
        .iter()
        .map(|&m| {
            if m >= 127 {
                u128::MAX
            } else {
                (1u128 << m) - 1
            }
        })
        .fold(1u128, u128::saturating_mul);
    if count > MAX_SUPPORT_PROFILES {
        let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
        return Err(SolveError::TooLarge {
            method: "enumpoly",
            reason: format!(
                "{} strategies give {count} support profiles, over the limit of \
                 {MAX_SUPPORT_PROFILES}",
                dims.join("x")
            ),
        });
    }
    let table = Table::new(g);
    let signs = Signs::new(g);
    let tol = 1e-8 * table.range;
    let mut found = Found {
        equilibria: Vec::new(),
        singular: Vec::new(),
        unfinished: Vec::new(),
        systems: 0,
        boxes: 0,
    };
    for masks in ordered_profiles(&shape) {
        watch.check()?;
        let support: Vec<Vec<usize>> = masks
            .iter()
            .zip(&shape)
            .map(|(&m, &k)| (0..k).filter(|&s| m >> s & 1 == 1).collect())
            .collect();
        if signs.conditionally_dominated(&support) {
            continue;
        }
        let sys = system(&table, &support);
        let roots = polysolve::solve(&sys, || watch.check())?;
        found.systems += 1;
        found.boxes += roots.boxes;
        if roots.singular {
            found.singular.push(support.clone());
        }
        if roots.unfinished {
            found.unfinished.push(support.clone());
        }
        for y in roots.roots {
            let Some(x) = profile(&table, &support, &y) else {
                continue;
            };
            if table.regret(&x) > tol {
                continue;
            }
            let seen = found.equilibria.iter().any(|e| {
                e.iter()
                    .flatten()
                    .zip(x.iter().flatten())
                    .all(|(a, b)| (a - b).abs() < 1e-7)
            });
            if !seen {
                found.equilibria.push(x);
            }
        }
    }
    Ok(found)
}

/// Every profile of non-empty supports (as bit masks), smallest total
/// size first, then the smallest spread between the largest and the
/// smallest support, then lexicographically.
fn ordered_profiles(shape: &[usize]) -> Vec<Vec<u64>> {
    let mut all: Vec<Vec<u64>> = vec![vec![]];
    for &m in shape {
        let mut next = Vec::with_capacity(all.len() * ((1usize << m) - 1));
        for prefix in &all {
            for mask in 1..(1u64 << m) {
                let mut p = prefix.clone();
                p.push(mask);
                next.push(p);
            }
        }
        all = next;
    }
    // Keys computed once each (a comparator computing them took a fifth
    // of a 2x2x2 game's solve); tuples order by total, spread, masks.
    let mut keyed: Vec<(u32, u32, Vec<u64>)> = all
        .into_iter()
        .map(|p| {
            let sizes = p.iter().map(|m| m.count_ones());
            let total: u32 = sizes.clone().sum();
            let spread = sizes.clone().max().unwrap_or(0) - sizes.min().unwrap_or(0);
            (total, spread, p)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, p)| p).collect()
}

/// Exact comparisons of each player's payoffs from two strategies, cell by
/// cell of the others' strategies: what the dominance test reads.
struct Signs {
    shape: Vec<usize>,
    /// `sign[i][s][s2][rest]`: the sign of `u_i(s2, rest) - u_i(s, rest)`,
    /// `rest` the other players' strategies as a cell index with player
    /// `i`'s strategy set to zero.
    sign: Vec<Vec<Vec<Vec<i8>>>>,
    /// Cell strides of each player.
    strides: Vec<usize>,
}

impl Signs {
    fn new(g: &StrategicGame) -> Self {
        let shape = g.shape();
        let (strides, _) = crate::radix::strides(&shape);
        let cells = g.num_cells();
        let sign = (0..shape.len())
            .map(|i| {
                let table: Vec<_> = (0..cells).map(|c| g.payoff(c, i)).collect();
                (0..shape[i])
                    .map(|s| {
                        (0..shape[i])
                            .map(|s2| {
                                (0..cells)
                                    .map(|c| {
                                        let own = (c / strides[i]) % shape[i];
                                        if own != 0 {
                                            return 0;
                                        }
                                        let a = &table[c + s * strides[i]];
                                        let b = &table[c + s2 * strides[i]];
                                        match b.cmp(a) {
                                            Ordering::Greater => 1,
                                            Ordering::Less => -1,
                                            Ordering::Equal => 0,
                                        }
                                    })
                                    .collect()
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Signs {
            shape,
            sign,
            strides,
        }
    }

    /// Whether some supported strategy is conditionally dominated: another
    /// strategy of its player (supported or not) earns at least as much
    /// against every profile of the others' supports and more against one.
    /// With every such profile played with positive probability, the
    /// dominated strategy earns strictly less than the other: it cannot be
    /// in an equilibrium's support, so no equilibrium has exactly `support`.
    fn conditionally_dominated(&self, support: &[Vec<usize>]) -> bool {
        let n = self.shape.len();
        // The cells (player i's strategy zero) of the others' supports,
        // built in two buffers reused from player to player.
        let (mut cells, mut next) = (Vec::new(), Vec::new());
        for i in 0..n {
            cells.clear();
            cells.push(0usize);
            for j in (0..n).filter(|&j| j != i) {
                next.clear();
                for &c in &cells {
                    next.extend(support[j].iter().map(|&t| c + t * self.strides[j]));
                }
                std::mem::swap(&mut cells, &mut next);
            }
            let dominated = support[i].iter().any(|&s| {
                (0..self.shape[i]).filter(|&s2| s2 != s).any(|s2| {
                    let signs = &self.sign[i][s][s2];
                    cells.iter().all(|&c| signs[c] >= 0) && cells.iter().any(|&c| signs[c] > 0)
                })
            });
            if dominated {
                return true;
            }
        }
        false
    }
}

/// The equations and inequalities of `support` (see the module docs).
fn system(table: &Table, support: &[Vec<usize>]) -> System {
    let n = table.players();
    let sizes: Vec<usize> = support.iter().map(|s| s.len() - 1).collect();
    let (strides, _) = crate::radix::strides(&table.shape);
    let mut eqs = Vec::new();
    let mut ineqs = Vec::new();
    for i in 0..n {
        // Axes: the other players with a free variable; the rest are pure.
        // The largest block last: `polysolve` finds a polynomial's range
        // over its last block in closed form, over the others by corners.
        let mut blocks: Vec<usize> = (0..n).filter(|&j| j != i && sizes[j] > 0).collect();
        blocks.sort_by_key(|&j| sizes[j]);
        let fixed: usize = (0..n)
            .filter(|&j| j != i && sizes[j] == 0)
            .map(|j| support[j][0] * strides[j])
            .sum();
        // The cells (player i's strategy zero) along the axes, last fastest.
        let mut cells = vec![fixed];
        for &j in &blocks {
            let stride = strides[j];
            cells = cells
                .iter()
                .flat_map(|&c| support[j].iter().map(move |&t| c + t * stride))
                .collect();
        }
        let pay = &table.payoffs[i];
        let reference = *support[i].last().expect("non-empty support");
        let poly = |s: usize| Poly {
            blocks: blocks.clone(),
            coef: cells
                .iter()
                .map(|&c| pay[c + s * strides[i]] - pay[c + reference * strides[i]])
                .collect(),
        };
        for &s in &support[i][..sizes[i]] {
            eqs.push(poly(s));
        }
        for s in (0..table.shape[i]).filter(|s| !support[i].contains(s)) {
            ineqs.push(poly(s));
        }
    }
    System { sizes, eqs, ineqs }
}

/// The mixed profile of a root `y` of `support`'s system, or `None` if a
/// probability is negative beyond 1e-9 (a root outside the simplex).
fn profile(table: &Table, support: &[Vec<usize>], y: &[f64]) -> Option<Mixed> {
    let mut at = 0;
    let mut x: Mixed = table.shape.iter().map(|&m| vec![0.0; m]).collect();
    for (i, s) in support.iter().enumerate() {
        let k = s.len() - 1;
        let free = &y[at..at + k];
        at += k;
        let last = 1.0 - free.iter().sum::<f64>();
        for (&t, &p) in s.iter().zip(free.iter().chain(std::iter::once(&last))) {
            if p < -1e-9 {
                return None;
            }
            x[i][t] = p.max(0.0);
        }
        let total: f64 = x[i].iter().sum();
        x[i].iter_mut().for_each(|p| *p /= total);
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_come_smallest_first() {
        let all = ordered_profiles(&[2, 3, 2]);
        assert_eq!(all.len(), 3 * 7 * 3);
        assert_eq!(all[0], vec![1, 1, 1]);
        let sizes: Vec<u32> = all
            .iter()
            .map(|p| p.iter().map(|m| m.count_ones()).sum())
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*all.last().unwrap(), vec![3, 7, 3]);
    }
}
