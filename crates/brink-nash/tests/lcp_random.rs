//! Random bimatrix games: Lemke–Howson's answer is an exact equilibrium, the
//! float run lands next to it, and on zero-sum games `lp` and `lcp` agree on
//! the value (two independent methods: a simplex and a complementary path).

use brink_game::{regret, Game, Rational, Solution, StrategicGame};
use brink_nash::{lcp::lcp, lp::lp};
use num_traits::Zero;
use proptest::prelude::*;

fn game(rows: usize, cols: usize, payoffs: &[(i64, i64)], zero_sum: bool) -> Game {
    let q = |v: i64| Rational::from_integer(v.into());
    let cells = (0..rows * cols)
        .map(|c| {
            let (a, b) = payoffs[c];
            vec![q(a), if zero_sum { q(-a) } else { q(b) }]
        })
        .collect();
    Game::Strategic(StrategicGame::from_payoffs(
        "random",
        vec!["1".into(), "2".into()],
        vec![
            (0..rows).map(|i| format!("r{i}")).collect(),
            (0..cols).map(|j| format!("c{j}")).collect(),
        ],
        cells,
    ))
}

fn value(game: &Game, solution: &Solution) -> Rational {
    let (Game::Strategic(g), Solution::Exact { profile, regret }) = (game, solution) else {
        panic!("an exact strategic solution")
    };
    assert!(regret.is_zero(), "regret {regret}");
    let values = regret::strategy_values(g, &profile.probs);
    values[0]
        .iter()
        .zip(&profile.probs[0])
        .map(|(v, p)| v * p)
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lemke_howson_finds_exact_equilibria(
        rows in 1usize..6,
        cols in 1usize..6,
        payoffs in prop::collection::vec((-5i64..6, -5i64..6), 25),
    ) {
        let g = game(rows, cols, &payoffs, false);
        let exact = lcp(&g, false).unwrap();
        prop_assert_eq!(exact[0].regret_text(), "0");
        let float = lcp(&g, true).unwrap();
        prop_assert!(float[0].regret_f64() < 1e-9);
    }

    #[test]
    fn lp_and_lcp_agree_on_zero_sum_values(
        rows in 1usize..6,
        cols in 1usize..6,
        payoffs in prop::collection::vec((-9i64..10, 0i64..1), 25),
    ) {
        let g = game(rows, cols, &payoffs, true);
        let by_lp = value(&g, &lp(&g, false).unwrap()[0]);
        let by_lcp = value(&g, &lcp(&g, false).unwrap()[0]);
        prop_assert_eq!(by_lp, by_lcp);
    }
}
