//! `ce` against closed forms (Chicken, Aumann's example, matching pennies)
//! and, on random games, against a two-phase simplex written here with
//! Bland's rule on a dense tableau, independently of the crate's sparse
//! lexicographic one; every Nash equilibrium is a correlated one, so the
//! optimum is also checked against `enummixed`'s equilibria.

use brink_game::{Game, Outcome, Rational, StrategicGame};
use brink_nash::ce::{ce, certify, CeSolution, CorrelatedEquilibrium, Objective};
use num_traits::{One, Signed, Zero};
use proptest::prelude::*;

mod common;
use common::oracle_lp;

fn q(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// A game from `payoffs[cell]`, cells first player fastest, strategy names given.
fn game(strategies: &[&[&str]], payoffs: &[&[i64]]) -> StrategicGame {
    StrategicGame::from_payoffs(
        "",
        (1..=strategies.len()).map(|p| format!("P{p}")).collect(),
        strategies
            .iter()
            .map(|s| s.iter().map(|x| x.to_string()).collect())
            .collect(),
        payoffs
            .iter()
            .map(|p| p.iter().map(|&v| q(v, 1)).collect())
            .collect(),
    )
}

/// Aumann's (1974) Chicken: (C,C) = (6,6), (C,D) = (2,7), (D,C) = (7,2), (D,D) = (0,0).
fn chicken() -> StrategicGame {
    game(
        &[&["C", "D"], &["C", "D"]],
        // cells: (C,C), (D,C), (C,D), (D,D)
        &[&[6, 6], &[7, 2], &[2, 7], &[0, 0]],
    )
}

fn exact(g: &StrategicGame, objective: &Objective) -> CorrelatedEquilibrium<Rational> {
    match ce(&Game::Strategic(g.clone()), objective, false).unwrap() {
        CeSolution::Exact(e) => e,
        CeSolution::Float(_) => panic!("asked for exact arithmetic"),
    }
}

fn welfare_values(g: &StrategicGame) -> Vec<Rational> {
    (0..g.num_cells())
        .map(|c| (0..g.num_players()).map(|p| g.payoff(c, p)).sum())
        .collect()
}

#[test]
fn chicken_welfare_optimum_is_the_closed_form() {
    // With a = p(C,C), b = p(C,D), c = p(D,C), d = p(D,D), obedience is
    // a <= 2b, c >= 2d (player 1) and a <= 2c, b >= 2d (player 2); welfare
    // 12a + 9(b + c) is largest at d = 0, b = c = 1/4, a = 1/2: 21/2.
    let e = exact(&chicken(), &Objective::Welfare);
    assert_eq!(
        e.distribution,
        vec![
            (vec![0, 0], q(1, 2)),
            (vec![1, 0], q(1, 4)),
            (vec![0, 1], q(1, 4))
        ]
    );
    assert_eq!(e.payoffs, vec![q(21, 4), q(21, 4)]);
    assert_eq!(e.objective, q(21, 2));
    assert!(e.max_gain.is_zero());
}

#[test]
fn chicken_player_optima() {
    // Player 1's best is the pure equilibrium (D,C); its worst (C,D), since
    // any weight on (D,D) needs twice as much on both (C,D) and (D,C).
    let best = exact(&chicken(), &Objective::MaxPayoff(0));
    assert_eq!(best.payoffs[0], q(7, 1));
    let worst = exact(&chicken(), &Objective::MinPayoff(0));
    assert_eq!(worst.payoffs[0], q(2, 1));
    assert_eq!(worst.distribution, vec![(vec![0, 1], q(1, 1))]);
}

#[test]
fn aumanns_example_beats_every_nash_payoff() {
    // Aumann (1974): a third on each of (C,C), (C,D), (D,C) is correlated,
    // worth 5 each, outside the hull of the Nash payoffs (7,2), (2,7),
    // (14/3,14/3).
    let g = chicken();
    let third = q(1, 3);
    let p = vec![third.clone(), third.clone(), third, q(0, 1)];
    let e = certify(&g, &p, &welfare_values(&g));
    assert!(e.max_gain.is_zero());
    assert_eq!(e.payoffs, vec![q(5, 1), q(5, 1)]);
    assert!(e.objective > q(28, 3));
    // All on (C,C) is not: player 1 gains 7 - 6 by daring.
    let p = vec![q(1, 1), q(0, 1), q(0, 1), q(0, 1)];
    assert_eq!(certify(&g, &p, &welfare_values(&g)).max_gain, q(1, 1));
}

#[test]
fn matching_pennies_forces_the_uniform_distribution() {
    // Matching pennies has one correlated equilibrium, the uniform product:
    // the probability of any cell is 1/4 whatever the objective.
    let mut g = game(
        &[&["H", "T"], &["H", "T"]],
        &[&[1, -1], &[-1, 1], &[-1, 1], &[1, -1]],
    );
    g.outcomes[0] = Outcome::new("war", vec![q(1, 1), q(-1, 1)]);
    let game = Game::Strategic(g.clone());
    let objective = Objective::parse(&game, "min:war").unwrap();
    assert_eq!(objective, Objective::MinOutcome("war".into()));
    let e = exact(&g, &objective);
    assert_eq!(e.objective, q(1, 4));
    assert!(e.distribution.iter().all(|(_, p)| *p == q(1, 4)));
}

#[test]
fn objectives_name_players_and_outcomes_or_are_refused() {
    let g = Game::Strategic(chicken());
    assert_eq!(Objective::parse(&g, "max:P2"), Ok(Objective::MaxPayoff(1)));
    assert_eq!(Objective::parse(&g, "min:P1"), Ok(Objective::MinPayoff(0)));
    for bad in ["max:nobody", "min:nothing", "best", "avg:P1"] {
        let err = Objective::parse(&g, bad).unwrap_err();
        assert!(err.contains(bad), "{err}");
    }
}

#[test]
fn float_agrees_with_exact_on_chicken() {
    let g = Game::Strategic(chicken());
    let CeSolution::Float(e) = ce(&g, &Objective::Welfare, true).unwrap() else {
        panic!("asked for floating point")
    };
    assert!((e.objective - 10.5).abs() < 1e-9);
    assert!(e.max_gain < 1e-9);
}

#[test]
fn a_tree_is_solved_on_its_reduced_form() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/gambit/contrib/games/e04.efg"
    ))
    .unwrap();
    let tree = brink_gambit::read_efg(&text, "e04.efg").unwrap();
    let game = Game::Extensive(tree);
    let CeSolution::Exact(e) = ce(&game, &Objective::Welfare, false).unwrap() else {
        panic!("exact")
    };
    assert!(e.max_gain.is_zero());
    // A Nash equilibrium is correlated, so the optimum is at least its welfare.
    let nash = brink_nash::lcp::lcp(&game, false).unwrap();
    let brink_game::Solution::Exact { profile, .. } = &nash[0] else {
        panic!("exact")
    };
    let Game::Extensive(tree) = &game else {
        unreachable!()
    };
    let welfare: Rational = brink_game::regret::behavior_payoffs(tree, &profile.probs)
        .into_iter()
        .sum();
    assert!(e.objective >= welfare);
}

/// The obedience constraints written out directly from their definition.
fn obedience(g: &StrategicGame) -> Vec<Vec<Rational>> {
    let shape = g.shape();
    let mut rows = Vec::new();
    for (i, &n) in shape.iter().enumerate() {
        for s in 0..n {
            for t in (0..n).filter(|&t| t != s) {
                rows.push(
                    (0..g.num_cells())
                        .map(|c| {
                            let mut profile = g.cell_profile(c);
                            if profile[i] != s {
                                return Rational::zero();
                            }
                            let here = g.payoff(c, i);
                            profile[i] = t;
                            g.payoff(g.cell_index(&profile), i) - here
                        })
                        .collect(),
                );
            }
        }
    }
    rows
}

fn random_game(shape: &[usize], seed: &[i64]) -> StrategicGame {
    let cells: usize = shape.iter().product();
    let names: Vec<Vec<String>> = shape
        .iter()
        .map(|&n| (0..n).map(|s| format!("s{s}")).collect())
        .collect();
    StrategicGame::from_payoffs(
        "",
        (0..shape.len()).map(|p| format!("P{p}")).collect(),
        names,
        (0..cells)
            .map(|c| {
                (0..shape.len())
                    .map(|p| q(seed[(c * shape.len() + p) % seed.len()], 1))
                    .collect()
            })
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_games_match_the_independent_lp(
        shape in prop::sample::select(vec![vec![2, 2], vec![3, 3], vec![2, 4], vec![2, 2, 2], vec![3, 2, 2]]),
        seed in prop::collection::vec(-5i64..=5, 24..=36),
        which in 0usize..3,
    ) {
        let g = random_game(&shape, &seed);
        let objective = match which {
            0 => Objective::Welfare,
            1 => Objective::MaxPayoff(0),
            _ => Objective::MinPayoff(1),
        };
        let e = exact(&g, &objective);
        let a = obedience(&g);
        let c: Vec<Rational> = (0..g.num_cells())
            .map(|cell| match objective {
                Objective::Welfare => (0..g.num_players()).map(|p| g.payoff(cell, p)).sum(),
                Objective::MaxPayoff(p) => g.payoff(cell, p),
                Objective::MinPayoff(p) => -g.payoff(cell, p),
                Objective::MinOutcome(_) => unreachable!(),
            })
            .collect();
        let optimum = oracle_lp(&a, &c);
        let value = if objective == Objective::MinPayoff(1) { -e.objective.clone() } else { e.objective.clone() };
        prop_assert_eq!(value, optimum);
        // The distribution satisfies the constraints as written here.
        let mut p = vec![Rational::zero(); g.num_cells()];
        for (profile, x) in &e.distribution {
            prop_assert!(x.is_positive());
            p[g.cell_index(profile)] = x.clone();
        }
        prop_assert_eq!(p.iter().sum::<Rational>(), Rational::one());
        for row in &a {
            let lhs: Rational = row.iter().zip(&p).map(|(r, x)| r * x).sum();
            prop_assert!(!lhs.is_positive());
        }
        // Each Nash equilibrium of a two-player game is correlated.
        if shape.len() == 2 && objective == Objective::Welfare {
            let game = Game::Strategic(g.clone());
            for s in brink_nash::enummixed::enummixed(&game, false).unwrap() {
                let brink_game::Solution::Exact { profile, .. } = s else { unreachable!() };
                let values = brink_game::regret::strategy_values(&g, &profile.probs);
                let welfare: Rational = (0..2)
                    .map(|i| values[i].iter().zip(&profile.probs[i]).map(|(v, x)| v * x).sum::<Rational>())
                    .sum();
                prop_assert!(e.objective >= welfare);
            }
        }
    }
}

#[test]
fn outcome_probabilities_on_a_tree_follow_play() {
    // Matching pennies as a tree, with "war" on (H,H) only: its one
    // correlated equilibrium is uniform, so war has probability 1/4; a
    // second, unreached "war" below a chance move at probability 1/2 on
    // (T,T) counts at half weight: 1/4 + 1/8.
    let text = r#"EFG 2 R "pennies" { "A" "B" }
""
p "" 1 1 "" { "H" "T" } 0
p "" 2 1 "" { "H" "T" } 0
t "" 1 "war" { 1, -1 }
t "" 2 "peace" { -1, 1 }
p "" 2 1 "" { "H" "T" } 0
t "" 3 "peace2" { -1, 1 }
c "" 1 "" { "x" 1/2 "y" 1/2 } 0
t "" 1 "war" { 1, -1 }
t "" 4 "calm" { 1, -1 }
"#;
    let tree = brink_gambit::read_efg(text, "pennies.efg").unwrap();
    let game = Game::Extensive(tree);
    let objective = Objective::parse(&game, "min:war").unwrap();
    let CeSolution::Exact(e) = ce(&game, &objective, false).unwrap() else {
        panic!("exact")
    };
    assert_eq!(e.objective, q(1, 4) + q(1, 8));
    assert_eq!(e.distribution.len(), 4);
}
