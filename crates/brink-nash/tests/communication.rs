//! The mediator's program (`communication::mediate`) against oracles that
//! share none of its code:
//!
//! - an independent LP: the primal written here directly, with one
//!   incentive row per (player, true type, report, map `delta` from
//!   recommended to played plan) enumerated explicitly (no auxiliary
//!   variables), solved by a dense two-phase simplex with Bland's rule in
//!   exact rationals (the crate solves the dual, sparse, lexicographic);
//! - a closed form derived by hand for a two-type mediation crisis;
//! - pure Bayesian Nash equilibria found by brute force, which are
//!   communication equilibria, so the optimum is never above theirs;
//! - the relaxations (obedience alone, lying then obeying) that the combined
//!   deviations rule out: they give a lower, wrong, optimum on some games.

mod common;
use brink_game::Rational;
use brink_game::SolveError;
use brink_nash::communication::tree::decode;
use brink_nash::communication::{
    certify, mediate, BayesianGame, MechanismSolution, MAX_MECHANISM_CELLS,
};
use common::Lcg;
use num_traits::{One, Signed, ToPrimitive, Zero};

fn q(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn f(x: &Rational) -> f64 {
    x.to_f64().unwrap()
}

// ---------------------------------------------------------------- dense LP

/// `min c x` subject to `A x = b`, `x >= 0`, with `b >= 0`, by the two-phase
/// simplex method with Bland's rule (no cycling) on a dense tableau in exact
/// rationals. A row with a unit column of its own (a slack) starts with that
/// column basic, the others with an artificial. `None` if infeasible.
fn dense_min(a: &[Vec<Rational>], b: &[Rational], c: &[Rational]) -> Option<Rational> {
    let (m, n) = (a.len(), c.len());
    let zero = Rational::zero;
    // Columns: x (n), artificials (m), right-hand side.
    let width = n + m + 1;
    let mut tab: Vec<Vec<Rational>> = (0..m)
        .map(|i| {
            let mut row = vec![zero(); width];
            row[..n].clone_from_slice(&a[i]);
            row[n + i] = Rational::one();
            row[width - 1] = b[i].clone();
            row
        })
        .collect();
    let mut basis: Vec<usize> = (0..m)
        .map(|i| {
            (0..n)
                .find(|&j| a[i][j].is_one() && (0..m).all(|k| k == i || a[k][j].is_zero()))
                .unwrap_or(n + i)
        })
        .collect();
    fn pivot(tab: &mut [Vec<Rational>], basis: &mut [usize], r: usize, j: usize) {
        let p = tab[r][j].clone();
        for x in tab[r].iter_mut() {
            *x = &*x / &p;
        }
        let pivot_row = tab[r].clone();
        for (i, row) in tab.iter_mut().enumerate() {
            if i != r && !row[j].is_zero() {
                let factor = row[j].clone();
                for (x, y) in row.iter_mut().zip(&pivot_row) {
                    if !y.is_zero() {
                        *x -= &factor * y;
                    }
                }
            }
        }
        basis[r] = j;
    }
    let run = |tab: &mut Vec<Vec<Rational>>,
               basis: &mut Vec<usize>,
               cost: &[Rational],
               allowed: usize| loop {
        let reduced = |j: usize| {
            (0..m).fold(cost[j].clone(), |d, i| {
                if cost[basis[i]].is_zero() || tab[i][j].is_zero() {
                    d
                } else {
                    d - &cost[basis[i]] * &tab[i][j]
                }
            })
        };
        let Some(j) = (0..allowed).find(|&j| reduced(j).is_negative()) else {
            return;
        };
        let mut best: Option<(Rational, usize)> = None;
        for i in (0..m).filter(|&i| tab[i][j].is_positive()) {
            let ratio = &tab[i][width - 1] / &tab[i][j];
            let better = match &best {
                None => true,
                Some((r, k)) => ratio < *r || (ratio == *r && basis[i] < basis[*k]),
            };
            if better {
                best = Some((ratio, i));
            }
        }
        let (_, r) = best.expect("bounded program");
        pivot(tab, basis, r, j);
    };
    let phase1: Vec<Rational> = (0..n + m)
        .map(|j| if j < n { zero() } else { Rational::one() })
        .collect();
    run(&mut tab, &mut basis, &phase1, n + m);
    if (0..m).any(|i| basis[i] >= n && !tab[i][width - 1].is_zero()) {
        return None;
    }
    // Drive artificials out of the basis where a real column can replace them.
    for r in 0..m {
        if basis[r] >= n {
            if let Some(j) = (0..n).find(|&j| !tab[r][j].is_zero()) {
                pivot(&mut tab, &mut basis, r, j);
            }
        }
    }
    let mut cost = c.to_vec();
    cost.extend(std::iter::repeat_n(zero(), m));
    run(&mut tab, &mut basis, &cost, n);
    Some(
        (0..m)
            .filter(|&i| basis[i] < n)
            .fold(zero(), |s, i| s + &c[basis[i]] * &tab[i][width - 1]),
    )
}

// ------------------------------------------------- the oracle's own program

/// Which deviations the oracle's incentive rows cover.
#[derive(Copy, Clone, PartialEq)]
enum Deviations {
    /// Every report followed by every map from recommendations to plans.
    Combined,
    /// Truthful reports with every map, and false reports followed by
    /// obedience: the relaxation that misses the combined deviations.
    ObeyOrLieThenObey,
    /// Truthful reports with every map only.
    ObedienceOnly,
}

fn encode(coords: &[usize], sizes: &[usize]) -> usize {
    coords
        .iter()
        .zip(sizes)
        .rev()
        .fold(0, |acc, (&x, &n)| acc * n + x)
}

/// Every map from `0..m` to `0..m`.
fn maps(m: usize) -> Vec<Vec<usize>> {
    (0..m.pow(m as u32))
        .map(|k| decode(k, &vec![m; m]))
        .collect()
}

/// The minimum of the objective over mechanisms whose incentive rows cover
/// `family`, by the dense simplex on the primal.
fn oracle(g: &BayesianGame, family: Deviations) -> Rational {
    let n = g.players.len();
    let tsizes: Vec<usize> = g.types.iter().map(Vec::len).collect();
    let rsizes: Vec<usize> = g.plans.iter().map(Vec::len).collect();
    let nt: usize = tsizes.iter().product();
    let nr: usize = rsizes.iter().product();
    let vars = nt * nr;
    let mut a = Vec::new();
    let mut b = Vec::new();
    let mut ic = Vec::new();
    for t in 0..nt {
        let mut row = vec![Rational::zero(); vars];
        for x in row[t * nr..(t + 1) * nr].iter_mut() {
            *x = Rational::one();
        }
        a.push(row);
        b.push(Rational::one());
    }
    for i in 0..n {
        for ta in 0..tsizes[i] {
            for tb in 0..tsizes[i] {
                for delta in maps(rsizes[i]) {
                    let identity = delta.iter().enumerate().all(|(k, &d)| k == d);
                    let allowed = match family {
                        Deviations::Combined => true,
                        Deviations::ObeyOrLieThenObey => ta == tb || identity,
                        Deviations::ObedienceOnly => ta == tb,
                    };
                    if !allowed || (ta == tb && identity) {
                        continue;
                    }
                    // honest value minus deviation value >= 0.
                    let mut row = vec![Rational::zero(); vars];
                    for t in 0..nt {
                        let mut tv = decode(t, &tsizes);
                        if tv[i] != ta {
                            continue;
                        }
                        let belief = (0..n)
                            .filter(|&j| j != i)
                            .fold(Rational::one(), |x, j| x * &g.beliefs[i][j][tv[j]]);
                        tv[i] = tb;
                        let reported = encode(&tv, &tsizes);
                        for r in 0..nr {
                            row[t * nr + r] += &belief * &g.payoffs[(t * nr + r) * n + i];
                            let mut rv = decode(r, &rsizes);
                            rv[i] = delta[rv[i]];
                            let played = encode(&rv, &rsizes);
                            row[reported * nr + r] -=
                                &belief * &g.payoffs[(t * nr + played) * n + i];
                        }
                    }
                    ic.push(row);
                }
            }
        }
    }
    // Surplus columns turn `row >= 0` into equalities.
    let k = ic.len();
    let mut rows: Vec<Vec<Rational>> = a
        .into_iter()
        .map(|mut r| {
            r.extend(std::iter::repeat_n(Rational::zero(), k));
            r
        })
        .collect();
    // Written as -row + s = 0, so that the surplus is a unit column.
    for (s, r) in ic.into_iter().enumerate() {
        let mut r: Vec<Rational> = r.into_iter().map(|x| -x).collect();
        r.extend(std::iter::repeat_n(Rational::zero(), k));
        r[vars + s] = Rational::one();
        rows.push(r);
        b.push(Rational::zero());
    }
    let mut c = vec![Rational::zero(); vars + k];
    for t in 0..nt {
        let tv = decode(t, &tsizes);
        let p = (0..n).fold(Rational::one(), |x, j| x * &g.prior[j][tv[j]]);
        for r in 0..nr {
            c[t * nr + r] = &p * &g.objective[t * nr + r];
        }
    }
    dense_min(&rows, &b, &c).expect("a communication equilibrium exists")
}

// ------------------------------------------------------------ random games

/// A distribution over `k` entries with small denominators, all positive.
fn distribution(rng: &mut Lcg, k: usize) -> Vec<Rational> {
    let w: Vec<i64> = (0..k).map(|_| 1 + rng.below(4) as i64).collect();
    let total: i64 = w.iter().sum();
    w.into_iter().map(|x| q(x, total)).collect()
}

/// Two or three players' random Bayesian game: integer payoffs in -4..=4,
/// beliefs that differ from the prior when `subjective`, and war (the
/// objective) an indicator drawn per cell.
fn random_game(seed: u64, tsizes: &[usize], rsizes: &[usize], subjective: bool) -> BayesianGame {
    let mut rng = Lcg(seed.wrapping_mul(0x9E3779B97F4A7C15) ^ 0xABCD);
    let n = tsizes.len();
    let prior: Vec<Vec<Rational>> = tsizes.iter().map(|&k| distribution(&mut rng, k)).collect();
    let beliefs = (0..n)
        .map(|_| {
            (0..n)
                .map(|j| {
                    if subjective {
                        distribution(&mut rng, tsizes[j])
                    } else {
                        prior[j].clone()
                    }
                })
                .collect()
        })
        .collect();
    let nt: usize = tsizes.iter().product();
    let nr: usize = rsizes.iter().product();
    let payoffs = (0..nt * nr * n)
        .map(|_| q(rng.below(9) as i64 - 4, 1))
        .collect();
    let objective = (0..nt * nr).map(|_| q(rng.below(2) as i64, 1)).collect();
    BayesianGame {
        players: (1..=n).map(|i| format!("P{i}")).collect(),
        types: tsizes
            .iter()
            .map(|&k| (0..k).map(|a| format!("t{a}")).collect())
            .collect(),
        prior,
        beliefs,
        plans: rsizes
            .iter()
            .map(|&m| (0..m).map(|r| format!("s{r}")).collect())
            .collect(),
        payoffs,
        objective,
    }
}

fn exact(g: &BayesianGame) -> brink_nash::communication::Mechanism<Rational> {
    match mediate(g, false).unwrap() {
        MechanismSolution::Exact(m) => m,
        MechanismSolution::Float(_) => panic!("asked for exact"),
    }
}

#[test]
fn random_two_type_games_match_the_independent_program() {
    for seed in 1..24 {
        let g = random_game(seed, &[2, 2], &[2, 2], seed % 3 == 0);
        let m = exact(&g);
        assert!(m.max_gain.is_zero() && m.mass_error.is_zero());
        let want = oracle(&g, Deviations::Combined);
        assert_eq!(m.objective, want, "seed {seed}");
        let MechanismSolution::Float(fl) = mediate(&g, true).unwrap() else {
            panic!()
        };
        assert!((fl.objective - f(&want)).abs() < 1e-9, "seed {seed}: float");
        assert!(fl.max_gain < 1e-9 && fl.mass_error < 1e-9, "seed {seed}");
    }
}

/// Three plans each make the exact dense oracle slow (212 rows: 20 s in a
/// release build), so this runs in release builds only
/// (`cargo test --release`).
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "the exact dense oracle needs a release build"
)]
fn two_types_three_plans_match_the_independent_program() {
    let g = random_game(0, &[2, 2], &[3, 3], true);
    let m = exact(&g);
    assert!(m.max_gain.is_zero() && m.mass_error.is_zero());
    assert_eq!(m.objective, oracle(&g, Deviations::Combined));
}

/// Over a minute in a release build: release builds only.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "the exact dense oracle needs a release build"
)]
fn three_types_three_plans_match_the_independent_program() {
    // Three types for the first player (the second has one: with three
    // each the exact dense oracle takes over ten minutes), three plans each.
    for seed in 100..101 {
        let g = random_game(seed, &[3, 1], &[3, 3], true);
        let m = exact(&g);
        assert!(m.max_gain.is_zero() && m.mass_error.is_zero());
        let want = oracle(&g, Deviations::Combined);
        assert_eq!(m.objective, want, "seed {seed}");
    }
}

#[test]
fn three_players_match_the_independent_program() {
    for seed in 200..206 {
        let g = random_game(seed, &[2, 1, 2], &[2, 2, 2], seed % 2 == 1);
        let m = exact(&g);
        assert!(m.max_gain.is_zero() && m.mass_error.is_zero());
        let want = oracle(&g, Deviations::Combined);
        assert_eq!(m.objective, want, "seed {seed}");
    }
}

/// Obedience alone, and lying followed by obedience, are relaxations of the
/// combined deviations: never above the true optimum, and strictly below it
/// on some of these games (so a solver that checked only them would report
/// too low a P(war)).
#[test]
fn the_combined_deviations_matter() {
    let (mut below_obedience, mut below_lie_obey) = (0, 0);
    for seed in 300..360 {
        let g = random_game(seed, &[2, 2], &[2, 2], false);
        let full = exact(&g).objective;
        let obey = oracle(&g, Deviations::ObedienceOnly);
        let lie_obey = oracle(&g, Deviations::ObeyOrLieThenObey);
        assert!(obey <= lie_obey && lie_obey <= full, "seed {seed}");
        below_obedience += usize::from(obey < full);
        below_lie_obey += usize::from(lie_obey < full);
    }
    assert!(below_obedience > 0, "obedience alone was never too low");
    assert!(below_lie_obey > 0, "lie-then-obey was never too low");
}

// ------------------------------------------------- a closed-form crisis

/// Two states, each weak (L) or strong (H) with probability `1 - h`, `h`,
/// independently; each either accepts the even split of a prize of one (P)
/// or fights (F). Any F is war, in which a strong state beats a weak one
/// with probability 0.8, equals split evenly, and each pays `c`. War
/// payoffs `W(a, b)` of type `a` against `b`: `W(H,L) = 0.8 - c`,
/// `W(H,H) = W(L,L) = 0.5 - c`, `W(L,H) = 0.2 - c`; peace pays 1/2.
///
/// Derivation. A recommendation in which anyone fights is war whatever the
/// other does, so only peace recommendations need obedience; by symmetry
/// and convexity take `x_ab`, the chance of peace at types `(a, b)`. With
/// `alpha = c` (what H loses fighting H), `beta = 0.3 - c` (what H gains
/// fighting L), `gamma = 0.3 + c` and `delta = c` (what L loses fighting H
/// and L), the rows are, beside ones that hold trivially:
///
/// ```text
///   H obeys (and H lies then fights):  h alpha x_HH >= (1-h) beta x_HL
///   H lies then obeys:  h alpha (x_HH - x_HL) + (1-h) beta (x_LL - x_HL) >= 0
///   L lies then obeys:  h gamma (x_HL - x_HH) + (1-h) delta (x_LL - x_HL) >= 0
/// ```
///
/// `x_LL = 1` only relaxes them. When `h alpha >= (1-h) beta` peace always
/// is incentive compatible: P(war) = 0. Otherwise H's obedience binds:
/// `x_HL <= k x_HH` with `k = h alpha / ((1-h) beta) < 1`, and maximising
/// `h^2 x_HH + 2h(1-h) x_HL` puts `x_HH = 1`, `x_HL = k`, which L's row
/// allows when `h gamma <= (1-h) delta`. Then
/// `P(war) = 2 h (1-h) (1 - k)`; at `h = 1/10`, `c = 1/10`: `k = 1/18` and
/// `P(war) = 17/100`.
fn mediation_crisis(h: Rational, c: Rational) -> BayesianGame {
    let half = q(1, 2);
    let war = |a: usize, b: usize| -> Rational {
        // 0: L, 1: H.
        let win = match (a, b) {
            (1, 0) => q(4, 5),
            (0, 1) => q(1, 5),
            _ => q(1, 2),
        };
        win - &c
    };
    let mut payoffs = Vec::new();
    let mut objective = Vec::new();
    for t in 0..4 {
        let (a, b) = (t % 2, t / 2);
        for r in 0..4 {
            let fight = r != 0; // plan 0 is P for both.
            if fight {
                payoffs.push(war(a, b));
                payoffs.push(war(b, a));
            } else {
                payoffs.push(half.clone());
                payoffs.push(half.clone());
            }
            objective.push(if fight {
                Rational::one()
            } else {
                Rational::zero()
            });
        }
    }
    let prior = vec![Rational::one() - &h, h];
    BayesianGame {
        players: vec!["A".into(), "B".into()],
        types: vec![vec!["L".into(), "H".into()]; 2],
        prior: vec![prior.clone(), prior.clone()],
        beliefs: vec![vec![vec![], prior.clone()], vec![prior, vec![]]],
        plans: vec![vec!["P".into(), "F".into()]; 2],
        payoffs,
        objective,
    }
}

#[test]
fn mediation_crisis_has_the_closed_form() {
    let m = exact(&mediation_crisis(q(1, 10), q(1, 10)));
    assert_eq!(m.objective, q(17, 100));
    // Peace always is incentive compatible when strong states are common.
    let m = exact(&mediation_crisis(q(1, 2), q(1, 5)));
    assert_eq!(m.objective, Rational::zero());
    // Another point of the first regime: h = 1/5, c = 1/10 has
    // h gamma = 0.08 <= (1-h) delta = 0.08, k = 0.02 / 0.16 = 1/8 and
    // P(war) = 2 (1/5)(4/5)(7/8) = 7/25.
    let m = exact(&mediation_crisis(q(1, 5), q(1, 10)));
    assert_eq!(m.objective, q(7, 25));
}

// ------------------------------------------- the baseline is feasible

/// Every pure Bayesian Nash equilibrium, found by brute force over
/// type-contingent plans, as a mechanism: a communication equilibrium (its
/// certified gain is zero) whose objective is never below the optimum.
#[test]
fn pure_bayesian_equilibria_are_feasible_and_never_better() {
    let mut found = 0;
    for seed in 400..440 {
        let g = random_game(seed, &[2, 2], &[2, 2], seed % 2 == 0);
        let best = exact(&g).objective;
        let nr = 4;
        // A strategy: a plan per type; four per player.
        for s in 0..16usize {
            let plan = |i: usize, a: usize| (s >> (2 * i + a)) & 1;
            let mut conditional = vec![Rational::zero(); 16];
            for t in 0..4 {
                let r = plan(0, t % 2) + 2 * plan(1, t / 2);
                conditional[t * nr + r] = Rational::one();
            }
            let m = certify(&g, &conditional).unwrap();
            if m.max_gain.is_zero() {
                found += 1;
                assert!(best <= m.objective, "seed {seed}: {best} > {}", m.objective);
            }
        }
    }
    assert!(found >= 10, "only {found} pure equilibria in the sample");
}

#[test]
fn too_large_games_are_refused_with_their_sizes() {
    // The founding crisis's plan counts with one type each.
    let g = BayesianGame {
        players: vec!["RUS".into(), "UKR".into(), "USA".into(), "DEU".into()],
        types: vec![vec!["-".into()]; 4],
        prior: vec![vec![Rational::one()]; 4],
        beliefs: vec![vec![vec![Rational::one()]; 4]; 4],
        plans: [37usize, 16, 256, 256]
            .iter()
            .map(|&m| (0..m).map(|k| k.to_string()).collect())
            .collect(),
        payoffs: Vec::new(),
        objective: Vec::new(),
    };
    match mediate(&g, false) {
        Err(SolveError::TooLarge { reason, .. }) => {
            assert!(reason.contains("38797312"), "{reason}");
            assert!(
                reason.contains(&MAX_MECHANISM_CELLS.to_string()),
                "{reason}"
            );
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

/// Richardson's arms race (the library model `arms-race`): levels
/// `x, y = 0, unit, 2 unit, ...`, payoffs `x (6/5 + 2/5 y) - x^2 / 2` and
/// symmetrically, whose only Nash equilibrium is `x = y = 2` (the best reply
/// `6/5 + 2/5 y` has its fixed point there), on the grid when `unit` divides
/// 2. The objective is `weight` per unit of total armament.
fn arms_race(levels: usize, unit: Rational, weight: Rational) -> BayesianGame {
    let (g, k) = (q(6, 5), q(2, 5));
    let mut payoffs = Vec::new();
    let mut objective = Vec::new();
    for r in 0..levels * levels {
        let level = |l: usize| Rational::from_integer((l as i64).into()) * &unit;
        let (x, y) = (level(r % levels), level(r / levels));
        payoffs.push(&x * (&g + &k * &y) - &x * &x / q(2, 1));
        payoffs.push(&y * (&g + &k * &x) - &y * &y / q(2, 1));
        objective.push(&weight * (x + y));
    }
    let labels: Vec<String> = (0..levels).map(|s| format!("{s}")).collect();
    BayesianGame {
        players: vec!["X".into(), "Y".into()],
        types: vec![vec!["-".into()], vec!["-".into()]],
        prior: vec![vec![Rational::one()], vec![Rational::one()]],
        beliefs: vec![
            vec![vec![], vec![Rational::one()]],
            vec![vec![Rational::one()], vec![]],
        ],
        plans: vec![labels.clone(), labels],
        payoffs,
        objective,
    }
}

/// The library's grid, 21 levels each, with nothing to minimise (the
/// model has no war outcome): the floating-point simplex once called this
/// bounded program unbounded, after degenerate pivots on entries of 2e-9.
/// Oracle: with a zero objective every communication equilibrium is optimal
/// (the pure equilibrium at level 8 is one, certified exactly here), so the
/// answer must be one: mass one per type profile and no deviation gain.
#[test]
fn arms_race_is_solved_in_floating_point() {
    let g = arms_race(21, q(1, 4), Rational::zero());
    let mut pure = vec![Rational::zero(); 21 * 21];
    pure[8 + 8 * 21] = Rational::one();
    assert_eq!(certify(&g, &pure).unwrap().max_gain, Rational::zero());
    let MechanismSolution::Float(m) = mediate(&g, true).unwrap() else {
        panic!("asked for floating point")
    };
    assert!(m.max_gain < 1e-9, "deviation gain {}", m.max_gain);
    assert!(m.mass_error < 1e-9, "mass error {}", m.mass_error);
    assert!(m.conditional.iter().all(|&p| p > -1e-9));
    assert_eq!(m.objective, 0.0);
}

/// Minimising total armament on a coarser grid (9 levels of 1/2): the
/// floating-point optimum matches the exact rational one (its own
/// certificate exactly zero), and neither is above the pure equilibrium's
/// armament, 4.
#[test]
fn arms_race_float_matches_exact_on_a_coarser_grid() {
    let g = arms_race(9, q(1, 2), Rational::one());
    let MechanismSolution::Exact(exact) = mediate(&g, false).unwrap() else {
        panic!("asked for exact arithmetic")
    };
    let MechanismSolution::Float(float) = mediate(&g, true).unwrap() else {
        panic!("asked for floating point")
    };
    assert!(exact.objective <= q(4, 1), "{}", exact.objective);
    assert!((float.objective - f(&exact.objective)).abs() < 1e-9);
    assert!(float.max_gain < 1e-9 && float.mass_error < 1e-9);
}
