//! `enumpoly` against `enummixed` on nondegenerate random games (where the
//! equilibria are finitely many and all extreme, so both list the same set),
//! against closed forms, and its refusals.

use brink_game::{Game, Rational, Solution, SolveError, StrategicGame};
use brink_nash::enummixed::enummixed;
use brink_nash::enumpoly::enumpoly;
use proptest::prelude::*;

fn game(shape: &[usize], pays: &[i64]) -> StrategicGame {
    let n = shape.len();
    let cells: usize = shape.iter().product();
    StrategicGame::from_payoffs(
        "",
        (1..=n).map(|p| p.to_string()).collect(),
        shape
            .iter()
            .map(|&k| (1..=k).map(|s| s.to_string()).collect())
            .collect(),
        (0..cells)
            .map(|c| {
                (0..n)
                    .map(|p| Rational::from_integer(pays[(c * n + p) % pays.len()].into()))
                    .collect()
            })
            .collect(),
    )
}

fn exact_profiles(sols: Vec<Solution>) -> Vec<Vec<Vec<Rational>>> {
    let mut v: Vec<Vec<Vec<Rational>>> = sols
        .into_iter()
        .map(|s| match s {
            Solution::Exact { profile, regret } => {
                assert_eq!(regret, Rational::from_integer(0.into()));
                profile.probs
            }
            Solution::Float { .. } => panic!("enumpoly is exact"),
        })
        .collect();
    v.sort();
    v
}

#[test]
fn battle_of_the_sexes_has_three_equilibria() {
    let g = game(&[2, 2], &[2, 1, 0, 0, 0, 0, 1, 2]);
    let eqs = exact_profiles(enumpoly(&Game::Strategic(g)).unwrap());
    assert_eq!(eqs.len(), 3);
    let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
    assert!(eqs.contains(&vec![vec![r(2, 3), r(1, 3)], vec![r(1, 3), r(2, 3)]]));
}

#[test]
fn huge_two_player_games_are_refused() {
    // (Three players are solved now: tests/enumpoly_nplayer.rs.)
    let g = game(&[40, 40], &[1, 2, 3, 5, 7]);
    assert!(matches!(
        enumpoly(&Game::Strategic(g)),
        Err(SolveError::TooLarge { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nondegenerate_random_games_match_enummixed(
        shape in prop::sample::select(vec![vec![2, 2], vec![3, 3], vec![3, 4], vec![4, 4], vec![2, 5]]),
        pays in prop::collection::vec(-1000i64..=1000, 40..=40),
    ) {
        let g = Game::Strategic(game(&shape, &pays));
        // Random payoffs from a wide range are nondegenerate with high
        // probability. In a nondegenerate game every equilibrium has supports
        // of equal size, so a profile enummixed lists and enumpoly misses must
        // show the degeneracy by its unequal supports.
        let mixed = exact_profiles(enummixed(&g, false).unwrap());
        let poly = exact_profiles(enumpoly(&g).unwrap());
        for e in &poly {
            prop_assert!(mixed.contains(e));
        }
        let size = |x: &Vec<Rational>| x.iter().filter(|p| **p != Rational::from_integer(0.into())).count();
        for e in mixed.iter().filter(|e| !poly.contains(e)) {
            prop_assert_ne!(size(&e[0]), size(&e[1]), "missed {:?}", e);
        }
    }
}
