//! `liap` against closed forms and its certificates on random games.

mod common;
use brink_game::{Game, Rational, StrategicGame};
use brink_nash::liap::{liap, liap_with, LiapOptions, LIAP_TOL};
use common::{profiles, table, Lcg};

#[test]
fn jordans_three_player_matching_pennies() {
    // Jordan (1993): 1 matches 2, 2 matches 3, 3 mismatches 1; the only
    // equilibrium is everyone mixing half and half.
    let g = common::jordans_matching_pennies();
    let sols = liap_with(
        &Game::Strategic(g),
        &LiapOptions {
            starts: 5,
            ..LiapOptions::default()
        },
    )
    .unwrap();
    assert_eq!(sols.len(), 1);
    for x in profiles(&sols).into_iter().flatten().flatten() {
        assert!((x - 0.5).abs() < 1e-12, "{x}");
    }
    assert!(sols[0].regret_f64() < 1e-12);
}

#[test]
fn battle_of_the_sexes_from_the_centroid_is_the_mixed_equilibrium() {
    // (2,1) on (1,1), (1,2) on (2,2): from the centroid the descent stays
    // on the diagonal symmetry of the game and reaches (2/3, 1/3), (1/3, 2/3).
    let g = table(&[2, 2], |a| match (a[0], a[1]) {
        (0, 0) => vec![2, 1],
        (1, 1) => vec![1, 2],
        _ => vec![0, 0],
    });
    let sols = liap(&Game::Strategic(g)).unwrap();
    assert_eq!(sols.len(), 1);
    let x = &profiles(&sols)[0];
    assert!((x[0][0] - 2.0 / 3.0).abs() < 1e-12, "{x:?}");
    assert!((x[1][0] - 1.0 / 3.0).abs() < 1e-12, "{x:?}");
}

#[test]
fn every_profile_on_random_games_is_certified() {
    let mut rng = Lcg(12345);
    let mut found = 0;
    for shape in [[3usize, 3, 3], [2, 3, 4], [4, 4, 2]] {
        for _ in 0..4 {
            let pays: Vec<i64> = (0..shape.iter().product::<usize>() * 3)
                .map(|_| rng.int_in(-10, 10))
                .collect();
            let g = table(&shape, |a| {
                let c = a[0] + shape[0] * (a[1] + shape[1] * a[2]);
                pays[3 * c..3 * c + 3].to_vec()
            });
            let game = Game::Strategic(g);
            let sols = liap_with(
                &game,
                &LiapOptions {
                    starts: 4,
                    ..LiapOptions::default()
                },
            )
            .unwrap();
            for s in &sols {
                // The regret is recomputed by the core's best-response pass.
                assert!(s.regret_f64() <= LIAP_TOL * 20.0, "{}", s.regret_f64());
            }
            found += sols.len();
        }
    }
    assert!(found >= 12, "found {found}");
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
    let err = liap(&Game::Strategic(g)).unwrap_err().to_string();
    assert!(err.contains("125000"), "{err}");
}
