//! `gnm` against closed forms worked by hand: every profile is checked
//! against the equilibria of the game written out here, and certified by
//! the core's regret pass.

mod common;
use brink_game::Game;
use brink_nash::gnm::{gnm, gnm_with, GnmOptions};
use common::{near, profiles, table, weighted_cycle};
use std::path::Path;

#[test]
fn a_two_by_two_game_with_only_a_mixed_equilibrium() {
    // Row gets 2 on (T, L) and 1 on (B, R); column 1 on (T, R) and (B, L).
    // Row is indifferent when column plays L with 1/3 (2q = 1 - q), column
    // when row plays T with 1/2 (1 - p = p); no cell is an equilibrium, so
    // the path from (T, L) meets this one and no other.
    let g = table(&[2, 2], |a| match (a[0], a[1]) {
        (0, 0) => vec![2, 0],
        (0, 1) => vec![0, 1],
        (1, 0) => vec![0, 1],
        _ => vec![1, 0],
    });
    let sols = gnm(&Game::Strategic(g)).unwrap();
    let x = profiles(&sols);
    assert_eq!(x.len(), 1, "{x:?}");
    assert!(
        near(&x[0], &[&[0.5, 0.5], &[1.0 / 3.0, 2.0 / 3.0]]),
        "{x:?}"
    );
    assert!(sols[0].regret_f64() < 1e-14);
}

/// Battle of the sexes: (T, L) pays (2, 1), (B, R) pays (1, 2), the rest 0.
/// Its equilibria: the two pure cells and the mix where row plays T with
/// 2/3 (column indifferent: p = 2(1 - p)) and column L with 1/3
/// (2q = 1 - q).
fn battle() -> Game {
    Game::Strategic(table(&[2, 2], |a| match (a[0], a[1]) {
        (0, 0) => vec![2, 1],
        (1, 1) => vec![1, 2],
        _ => vec![0, 0],
    }))
}

#[test]
fn battle_of_the_sexes_path_meets_all_three_equilibria_in_order() {
    // From the ray favouring first strategies the path starts at (T, L),
    // which stays an equilibrium down to lambda = 0: the first crossing.
    // Past it the path turns back through the mixed equilibrium (index -1)
    // and on to (B, R): the three equilibria, each once, in that order.
    let sols = gnm(&battle()).unwrap();
    let x = profiles(&sols);
    let want: [[&[f64]; 2]; 3] = [
        [&[1.0, 0.0], &[1.0, 0.0]],
        [&[2.0 / 3.0, 1.0 / 3.0], &[1.0 / 3.0, 2.0 / 3.0]],
        [&[0.0, 1.0], &[0.0, 1.0]],
    ];
    assert_eq!(x.len(), 3, "{x:?}");
    for (xi, wi) in x.iter().zip(&want) {
        assert!(near(xi, wi), "{x:?}");
    }
    assert!(sols.iter().all(|s| s.regret_f64() < 1e-14));
}

#[test]
fn a_perturbation_favouring_second_strategies_starts_at_the_other_cell() {
    let second = GnmOptions {
        perturbation: Some(vec![vec![0.0, 1.0], vec![0.0, 1.0]]),
        ..GnmOptions::default()
    };
    let x = profiles(&gnm_with(&battle(), &second).unwrap());
    assert!(near(&x[0], &[&[0.0, 1.0], &[0.0, 1.0]]), "{x:?}");
}

#[test]
fn a_weighted_three_player_cycle_with_a_unique_mixed_equilibrium() {
    // `common::weighted_cycle`: unique, fully mixed (1/3, 1/3, 3/4), and the curved three-player path must end there.
    let g = weighted_cycle();
    let sols = gnm(&Game::Strategic(g)).unwrap();
    let x = profiles(&sols);
    assert_eq!(x.len(), 1, "{x:?}");
    assert!(
        near(
            &x[0],
            &[
                &[1.0 / 3.0, 2.0 / 3.0],
                &[1.0 / 3.0, 2.0 / 3.0],
                &[0.75, 0.25]
            ]
        ),
        "{x:?}"
    );
    assert!(sols[0].regret_f64() < 1e-14);
}

#[test]
fn jordans_matching_pennies() {
    // 1 matches 2, 2 matches 3, 3 mismatches 1: the unique equilibrium
    // mixes half and half for everyone.
    let g = common::jordans_matching_pennies();
    let x = profiles(&gnm(&Game::Strategic(g)).unwrap());
    assert_eq!(x.len(), 1, "{x:?}");
    assert!(
        near(&x[0], &[&[0.5, 0.5], &[0.5, 0.5], &[0.5, 0.5]]),
        "{x:?}"
    );
}

#[test]
fn one_player_takes_a_best_strategy() {
    let g = table(&[3], |a| vec![[1, 5, 2][a[0]]]);
    let x = profiles(&gnm(&Game::Strategic(g)).unwrap());
    assert_eq!(x, vec![vec![vec![0.0, 1.0, 0.0]]]);
}

#[test]
fn bad_options_are_refused_with_reasons() {
    let g = Game::Strategic(table(&[2, 2], |_| vec![0, 0]));
    let tie = GnmOptions {
        perturbation: Some(vec![vec![1.0, 1.0], vec![1.0, 0.0]]),
        ..GnmOptions::default()
    };
    let err = gnm_with(&g, &tie).unwrap_err().to_string();
    assert!(err.contains("player 1"), "{err}");
    let wrong_size = GnmOptions {
        perturbation: Some(vec![vec![1.0, 0.0]]),
        ..GnmOptions::default()
    };
    let err = gnm_with(&g, &wrong_size).unwrap_err().to_string();
    assert!(err.contains("one number per strategy"), "{err}");
    let positive_end = GnmOptions {
        end_lambda: 1.0,
        ..GnmOptions::default()
    };
    let err = gnm_with(&g, &positive_end).unwrap_err().to_string();
    assert!(err.contains("negative"), "{err}");
    for step_error in [-1e-3, f64::NAN, f64::INFINITY] {
        let bad_step = GnmOptions {
            step_error,
            ..GnmOptions::default()
        };
        let err = gnm_with(&g, &bad_step).unwrap_err().to_string();
        assert!(err.contains("step_error"), "{step_error}: {err}");
    }
}

#[test]
fn a_tree_is_solved_on_its_reduced_strategic_form() {
    // A three-player tree of the corpus: every profile comes back as
    // behaviour, certified by the regret of the tree itself.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gambit/contrib/games/2x2x2.efg");
    let game = brink_gambit::read_game_file(&path).unwrap();
    assert!(matches!(game, Game::Extensive(_)));
    let sols = gnm(&game).unwrap();
    assert!(!sols.is_empty());
    for s in &sols {
        assert!(s.regret_f64() <= 1e-8, "{}", s.regret_f64());
    }
}
