//! `simpdiv` against closed forms, the n-player corpus and random games;
//! every profile is certified by the core's regret pass.

mod common;
use brink_game::{Game, Rational, StrategicGame};
use brink_nash::simpdiv::{simpdiv, simpdiv_with, SimpdivOptions};
use common::{assert_near, only, random_games, table};

#[test]
fn a_two_by_two_game_with_only_a_mixed_equilibrium() {
    // Row gets 3 on (T, L) and 1 on (B, R), column 2 on (T, R) and 1 on
    // (B, L). Column is indifferent when row plays T with 1/3 (1 - p = 2p),
    // row when column plays L with 1/4 (3q = 1 - q); no pure equilibrium.
    let g = table(&[2, 2], |a| match (a[0], a[1]) {
        (0, 0) => vec![3, 0],
        (0, 1) => vec![0, 2],
        (1, 0) => vec![0, 1],
        _ => vec![1, 0],
    });
    let sols = simpdiv(&Game::Strategic(g)).unwrap();
    let x = only(&sols);
    assert_near(&x, &[&[1.0 / 3.0, 2.0 / 3.0], &[0.25, 0.75]]);
    assert!(sols[0].regret_f64() < 1e-14, "{}", sols[0].regret_f64());
}

#[test]
fn a_pure_equilibrium_at_the_start_is_found_at_once() {
    // Battle of the sexes: everyone's first strategy is an equilibrium.
    let g = table(&[2, 2], |a| match (a[0], a[1]) {
        (0, 0) => vec![2, 1],
        (1, 1) => vec![1, 2],
        _ => vec![0, 0],
    });
    let sols = simpdiv(&Game::Strategic(g)).unwrap();
    assert_near(&only(&sols), &[&[1.0, 0.0], &[1.0, 0.0]]);
    assert_eq!(sols[0].regret_f64(), 0.0);
}

#[test]
fn a_weighted_three_player_cycle_with_a_unique_mixed_equilibrium() {
    // Player 1 matches 2 (1 on both first, 2 on both second), player 2
    // matches 3 (3 and 1), player 3 mismatches 1 (1 for its first against
    // 1's second, 4 for its second against 1's first). Each player's
    // indifference fixes the next one's mix: P(2 plays first) = 2/3,
    // P(3 first) = 1/4, P(1 first) = 1/5. A pure player forces the cycle
    // round to a contradiction, as in Jordan's game, so it is unique.
    let g = table(&[2, 2, 2], |a| {
        let u1 = match (a[0], a[1]) {
            (0, 0) => 1,
            (1, 1) => 2,
            _ => 0,
        };
        let u2 = match (a[1], a[2]) {
            (0, 0) => 3,
            (1, 1) => 1,
            _ => 0,
        };
        let u3 = match (a[2], a[0]) {
            (0, 1) => 1,
            (1, 0) => 4,
            _ => 0,
        };
        vec![u1, u2, u3]
    });
    let sols = simpdiv(&Game::Strategic(g)).unwrap();
    assert_near(
        &only(&sols),
        &[&[0.2, 0.8], &[2.0 / 3.0, 1.0 / 3.0], &[0.25, 0.75]],
    );
    assert!(sols[0].regret_f64() < 1e-14);
}

#[test]
fn jordans_matching_pennies() {
    let g = common::jordans_matching_pennies();
    let sols = simpdiv(&Game::Strategic(g)).unwrap();
    assert_near(&only(&sols), &[&[0.5, 0.5], &[0.5, 0.5], &[0.5, 0.5]]);
}

#[test]
fn every_random_game_is_solved_and_certified() {
    for (k, g) in random_games(42, 2024).into_iter().enumerate() {
        let sols = simpdiv(&Game::Strategic(g)).unwrap_or_else(|e| panic!("game {k}: {e}"));
        // The regret is the core's, relative to payoffs of range at most 20.
        assert!(
            sols[0].regret_f64() <= 20.0 * 1e-8,
            "game {k}: {}",
            sols[0].regret_f64()
        );
    }
}

#[test]
fn a_coarse_tolerance_and_a_finer_refinement_still_certify() {
    for g in random_games(14, 77) {
        let game = Game::Strategic(g);
        for (refine, tolerance) in [(3, 1e-4), (4, 1e-8), (2, 1e-12)] {
            let sols = simpdiv_with(
                &game,
                &SimpdivOptions {
                    refine,
                    tolerance,
                    ..SimpdivOptions::default()
                },
            )
            .unwrap();
            assert!(sols[0].regret_f64() <= 20.0 * tolerance);
        }
    }
}

#[test]
fn huge_games_are_refused_with_the_sizes() {
    let shape = [50usize, 50, 50];
    let cells: usize = shape.iter().product();
    let g = StrategicGame::from_payoffs(
        "",
        vec!["1".into(), "2".into(), "3".into()],
        shape
            .iter()
            .map(|&k| (0..k).map(|s| s.to_string()).collect())
            .collect(),
        vec![vec![Rational::from_integer(0.into()); 3]; cells],
    );
    let err = simpdiv(&Game::Strategic(g)).unwrap_err().to_string();
    assert!(err.contains("125000"), "{err}");
}

#[test]
fn the_grid_alone_reaches_the_tolerance() {
    // Without Newton's polish the answer is the walk's own grid point: this
    // checks the subdivision itself converges, restart after restart.
    for (k, g) in random_games(21, 99).into_iter().enumerate() {
        let sols = simpdiv_with(
            &Game::Strategic(g),
            &SimpdivOptions {
                tolerance: 1e-6,
                polish: false,
                ..SimpdivOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("game {k}: {e}"));
        let r = sols[0].regret_f64();
        assert!(r <= 20.0 * 1e-6, "game {k}: {r}");
        // Grid points are dyadic: mesh 1/2^k.
        for p in sols[0].profile_f64().probs.iter().flatten() {
            assert_eq!((p * (1u64 << 50) as f64).fract(), 0.0, "{p}");
        }
    }
}
