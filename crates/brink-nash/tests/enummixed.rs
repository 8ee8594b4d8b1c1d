//! `enummixed` against closed forms, and against `enumpure` on random games.

use brink_game::{
    Action, Game, GameBuilder, NodeId, Outcome, Owner, Rational, Solution, SolveError,
    StrategicGame,
};
use brink_nash::{enummixed, enumpure};
use num_traits::Zero;
use proptest::prelude::*;

fn r(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// A bimatrix game from row-major payoff matrices.
fn bimatrix(a: &[&[i64]], b: &[&[i64]]) -> StrategicGame {
    let (m, n) = (a.len(), a[0].len());
    let mut payoffs = Vec::new();
    for j in 0..n {
        for i in 0..m {
            payoffs.push(vec![r(a[i][j], 1), r(b[i][j], 1)]);
        }
    }
    StrategicGame::from_payoffs(
        "",
        vec!["1".into(), "2".into()],
        vec![
            (1..=m).map(|k| k.to_string()).collect(),
            (1..=n).map(|k| k.to_string()).collect(),
        ],
        payoffs,
    )
}

/// Equilibria as sorted lists of exact probability vectors, each checked to
/// have regret exactly zero.
fn solve(g: &StrategicGame) -> Vec<Vec<Vec<Rational>>> {
    let game = Game::Strategic(g.clone());
    let mut out: Vec<Vec<Vec<Rational>>> = enummixed::enummixed(&game, false)
        .unwrap()
        .into_iter()
        .map(|s| match s {
            Solution::Exact { profile, regret } => {
                assert!(regret.is_zero(), "regret {regret}");
                profile.probs
            }
            Solution::Float { .. } => panic!("float solution in exact mode"),
        })
        .collect();
    out.sort();
    out
}

fn eq(x: &[Rational], y: &[Rational]) -> Vec<Vec<Rational>> {
    vec![x.to_vec(), y.to_vec()]
}

#[test]
fn matching_pennies_has_one_mixed_equilibrium() {
    let g = bimatrix(&[&[1, -1], &[-1, 1]], &[&[-1, 1], &[1, -1]]);
    assert_eq!(
        solve(&g),
        vec![eq(&[r(1, 2), r(1, 2)], &[r(1, 2), r(1, 2)])]
    );
}

#[test]
fn battle_of_the_sexes_has_three() {
    let g = bimatrix(&[&[2, 0], &[0, 1]], &[&[1, 0], &[0, 2]]);
    let mut want = vec![
        eq(&[r(1, 1), r(0, 1)], &[r(1, 1), r(0, 1)]),
        eq(&[r(0, 1), r(1, 1)], &[r(0, 1), r(1, 1)]),
        eq(&[r(2, 3), r(1, 3)], &[r(1, 3), r(2, 3)]),
    ];
    want.sort();
    assert_eq!(solve(&g), want);
    // The same in floating point.
    let float = enummixed::equilibria_f64(&g).unwrap();
    assert_eq!(float.len(), 3);
    assert!(float
        .iter()
        .any(|p| (p.probs[0][0] - 2.0 / 3.0).abs() < 1e-12));
}

/// The 3x2 example of von Stengel (Handbook of Game Theory 3, ch. 45): three
/// equilibria, one of them mixing two strategies against three.
#[test]
fn von_stengel_nondegenerate_example() {
    let a: &[&[i64]] = &[&[3, 3], &[2, 5], &[0, 6]];
    let b: &[&[i64]] = &[&[3, 2], &[2, 6], &[3, 1]];
    let mut want = vec![
        eq(&[r(1, 1), r(0, 1), r(0, 1)], &[r(1, 1), r(0, 1)]),
        eq(&[r(4, 5), r(1, 5), r(0, 1)], &[r(2, 3), r(1, 3)]),
        eq(&[r(0, 1), r(1, 3), r(2, 3)], &[r(1, 3), r(2, 3)]),
    ];
    want.sort();
    assert_eq!(solve(&bimatrix(a, b)), want);
}

/// The degenerate variant (player 2 indifferent against the top row): the
/// equilibria (top, y) for y(L) in [2/3, 1] form a segment, whose two ends are
/// extreme equilibria, besides the isolated mixed one.
#[test]
fn degenerate_game_reports_the_ends_of_a_segment() {
    let a: &[&[i64]] = &[&[3, 3], &[2, 5], &[0, 6]];
    let b: &[&[i64]] = &[&[3, 3], &[2, 6], &[3, 1]];
    let mut want = vec![
        eq(&[r(1, 1), r(0, 1), r(0, 1)], &[r(1, 1), r(0, 1)]),
        eq(&[r(1, 1), r(0, 1), r(0, 1)], &[r(2, 3), r(1, 3)]),
        eq(&[r(0, 1), r(1, 3), r(2, 3)], &[r(1, 3), r(2, 3)]),
    ];
    want.sort();
    assert_eq!(solve(&bimatrix(a, b)), want);
}

#[test]
fn fractional_and_negative_payoffs() {
    // Matching pennies scaled by 1/3 and shifted by -7/2: same equilibrium.
    let g = StrategicGame::from_payoffs(
        "",
        vec!["1".into(), "2".into()],
        vec![vec!["H".into(), "T".into()], vec!["H".into(), "T".into()]],
        [(1, -1), (-1, 1), (-1, 1), (1, -1)]
            .iter()
            .map(|&(x, y)| vec![r(2 * x - 21, 6), r(2 * y - 21, 6)])
            .collect(),
    );
    assert_eq!(
        solve(&g),
        vec![eq(&[r(1, 2), r(1, 2)], &[r(1, 2), r(1, 2)])]
    );
}

#[test]
fn refuses_three_players_naming_other_methods() {
    let g = StrategicGame::from_payoffs(
        "",
        vec!["1".into(), "2".into(), "3".into()],
        vec![vec!["a".into()], vec!["b".into()], vec!["c".into()]],
        vec![vec![r(0, 1); 3]],
    );
    let err = enummixed::enummixed(&Game::Strategic(g), false).unwrap_err();
    assert!(matches!(err, SolveError::Unsupported { .. }));
    let text = err.to_string();
    assert!(
        text.contains("enumpure") && text.contains("logit"),
        "{text}"
    );
}

/// Entry deterrence as a tree: (in, accommodate), and the threat (out, fight)
/// credible enough for fight probabilities 1 and 1/2, the ends of the segment.
#[test]
fn extensive_games_give_behavior_profiles() {
    let act = |l: &str| Action {
        label: l.into(),
        prob: None,
    };
    let mut b = GameBuilder::new("entry", vec!["E".into(), "I".into()]);
    let e = b.add_infoset(Owner::Player(0), 1, "", vec![act("out"), act("in")]);
    let i = b.add_infoset(Owner::Player(1), 1, "", vec![act("fight"), act("acc")]);
    let k: Vec<u32> = b.set_move(b.root(), e).unwrap().collect();
    let ends: Vec<u32> = b.set_move(NodeId(k[1]), i).unwrap().collect();
    for (node, pay) in [(k[0], (0, 2)), (ends[0], (-1, -1)), (ends[1], (1, 1))] {
        let o = b.add_outcome(Outcome::new("", vec![r(pay.0, 1), r(pay.1, 1)]));
        b.set_outcome(NodeId(node), Some(o));
    }
    let game = Game::Extensive(b.finish());
    let mut found: Vec<Vec<Vec<Rational>>> = enummixed::enummixed(&game, false)
        .unwrap()
        .into_iter()
        .map(|s| match s {
            Solution::Exact { profile, regret } => {
                assert!(regret.is_zero());
                profile.probs
            }
            Solution::Float { .. } => unreachable!(),
        })
        .collect();
    found.sort();
    let mut want = vec![
        eq(&[r(0, 1), r(1, 1)], &[r(0, 1), r(1, 1)]),
        eq(&[r(1, 1), r(0, 1)], &[r(1, 1), r(0, 1)]),
        eq(&[r(1, 1), r(0, 1)], &[r(1, 2), r(1, 2)]),
    ];
    want.sort();
    assert_eq!(found, want);
}

fn pure_rows(g: &StrategicGame) -> Vec<Vec<Vec<Rational>>> {
    enumpure::enumpure(&Game::Strategic(g.clone()))
        .unwrap()
        .into_iter()
        .map(|s| match s {
            Solution::Exact { profile, .. } => profile.probs,
            Solution::Float { .. } => unreachable!(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Pure equilibria are vertices of both polytopes, so every one that
    /// enumpure finds is among enummixed's; and all have zero regret.
    #[test]
    fn pure_equilibria_are_extreme(
        m in 2usize..5,
        n in 2usize..5,
        seed in proptest::collection::vec(0i64..4, 32),
    ) {
        let a: Vec<Vec<i64>> = (0..m).map(|i| (0..n).map(|j| seed[i * n + j]).collect()).collect();
        let b: Vec<Vec<i64>> = (0..m).map(|i| (0..n).map(|j| seed[(i * n + j + 16) % 32]).collect()).collect();
        let ar: Vec<&[i64]> = a.iter().map(Vec::as_slice).collect();
        let br: Vec<&[i64]> = b.iter().map(Vec::as_slice).collect();
        let g = bimatrix(&ar, &br);
        let mixed = solve(&g);
        prop_assert!(!mixed.is_empty());
        for p in pure_rows(&g) {
            prop_assert!(mixed.contains(&p), "{:?} missing", p);
        }
    }
}
