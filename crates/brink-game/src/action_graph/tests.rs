//! Hand-computed checks of the action-graph semantics.

use super::eval::{advance, Evaluator};
use super::*;

fn r(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn one_type(actions: Vec<usize>) -> Vec<PlayerType> {
    vec![PlayerType {
        probability: r(1, 1),
        actions,
    }]
}

fn table(entries: &[(&[i64], i64)], listed: bool) -> PayoffTable {
    PayoffTable::new(
        entries
            .iter()
            .map(|(c, v)| (c.to_vec(), r(*v, 1)))
            .collect(),
        listed,
    )
    .unwrap()
}

/// Gambit's 2x2.agg: both players choose node 0 or 1, each node sees both.
fn two_by_two() -> ActionGraphGame {
    let graph = ActionGraph::new(
        2,
        vec![one_type(vec![0, 1]), one_type(vec![0, 1])],
        false,
        vec![vec![0, 1], vec![1, 0]],
        vec![],
    )
    .unwrap();
    let payoffs = vec![
        table(&[(&[1, 1], 35), (&[2, 0], -4)], false),
        table(&[(&[1, 1], -10), (&[2, 0], 95)], false),
    ];
    ActionGraphGame::new(graph, payoffs, 1000).unwrap()
}

#[test]
fn two_by_two_payoffs_by_hand() {
    let g = two_by_two();
    assert_eq!(
        g.graph().reachable_configurations(0, 10).unwrap(),
        vec![vec![1, 1], vec![2, 0]]
    );
    let e = Evaluator::new(&g);
    // Both on node 0: its configuration is [2 0]; on 0 and 1: each sees [1 1].
    let want = [
        ([0, 0], [-4, -4]),
        ([1, 0], [-10, 35]),
        ([0, 1], [35, -10]),
        ([1, 1], [95, 95]),
    ];
    for (profile, pay) in want {
        for (a, &want) in pay.iter().enumerate() {
            assert_eq!(e.payoff(a, &profile), r(want, 1), "{profile:?} agent {a}");
        }
    }
    let nfg = g.to_strategic(100).unwrap();
    assert_eq!(nfg.num_cells(), 4);
    assert_eq!(nfg.payoff(1, 0), r(-10, 1));
    assert!(matches!(
        g.to_strategic(3),
        Err(AggError::TooLarge { profiles: 4, .. })
    ));
}

#[test]
fn function_nodes_combine_as_gambit() {
    // Three players over action nodes 0, 1, 2; function nodes 3 (sum of 0
    // and 1), 4 (highest of 0, 1, 2), 5 (weighted sum, default 1, weights
    // 2 3 5, over 1 and 2), 6 (sum of node 3 and node 0: node 0 counts twice).
    let sig = |combine, weights| Signature { combine, weights };
    let w = Weights {
        default: 1,
        weights: vec![2, 3, 5],
    };
    let graph = ActionGraph::new(
        3,
        vec![one_type(vec![0, 1, 2]); 3],
        false,
        vec![
            vec![3, 4, 5, 6],
            vec![],
            vec![],
            vec![0, 1],
            vec![0, 1, 2],
            vec![1, 2],
            vec![3, 0],
        ],
        vec![
            sig(Combine::Sum, None),
            sig(Combine::Highest, None),
            sig(Combine::Sum, Some(w)),
            sig(Combine::Sum, None),
        ],
    )
    .unwrap();
    // Choices 0, 2, 2: sum over {0,1} = 1; highest chosen index = 2;
    // weighted: each player adds the default 1, plus 5 per player on node 2
    // -> 3 + 10 = 13; node 6 counts node 0 twice -> 2.
    assert_eq!(graph.configuration(0, &[0, 2, 2]), vec![1, 2, 13, 2]);
    // Choices 0, 0, 1: 3; highest 1; 3 + 3 = 6; 2 + 2 + 1 = 5.
    assert_eq!(graph.configuration(0, &[0, 0, 1]), vec![3, 1, 6, 5]);
}

#[test]
fn cycles_and_mismatched_signatures_are_refused() {
    let sum = Signature {
        combine: Combine::Sum,
        weights: None,
    };
    let exists = Signature {
        combine: Combine::Exists,
        weights: None,
    };
    let cycle = ActionGraph::new(
        1,
        vec![one_type(vec![0])],
        false,
        vec![vec![1], vec![2], vec![1]],
        vec![sum.clone(), sum.clone()],
    );
    assert!(matches!(cycle, Err(AggError::Cycle { .. })), "{cycle:?}");
    let mixed = ActionGraph::new(
        1,
        vec![one_type(vec![0])],
        false,
        vec![vec![1], vec![2], vec![0]],
        vec![sum, exists],
    );
    assert_eq!(
        mixed.unwrap_err(),
        AggError::SignatureMismatch {
            node: 1,
            neighbour: 2
        }
    );
}

#[test]
fn missing_payoff_is_refused() {
    let graph = ActionGraph::new(
        2,
        vec![one_type(vec![0, 1]), one_type(vec![0, 1])],
        false,
        vec![vec![0, 1], vec![1, 0]],
        vec![],
    )
    .unwrap();
    let payoffs = vec![
        table(&[(&[1, 1], 35)], true),
        table(&[(&[1, 1], -10), (&[2, 0], 95)], true),
    ];
    assert_eq!(
        ActionGraphGame::new(graph, payoffs, 100).unwrap_err(),
        AggError::MissingPayoff {
            node: 0,
            config: vec![2, 0]
        }
    );
}

/// Gambit's 2x2_fraction_types.bagg: player 1 has types of probability 1/3
/// and 2/3, player 2 one type; the payoffs of 2x2.agg.
fn fraction_types() -> ActionGraphGame {
    let players = vec![
        vec![
            PlayerType {
                probability: r(1, 3),
                actions: vec![0, 1],
            },
            PlayerType {
                probability: r(2, 3),
                actions: vec![0, 1],
            },
        ],
        one_type(vec![0, 1]),
    ];
    let graph = ActionGraph::new(2, players, true, vec![vec![0, 1], vec![1, 0]], vec![]).unwrap();
    let payoffs = two_by_two().payoffs().to_vec();
    ActionGraphGame::new(graph, payoffs, 100).unwrap()
}

#[test]
fn bayesian_payoffs_are_conditional_expectations() {
    let g = fraction_types();
    assert_eq!(g.shape(), vec![2, 2, 2]);
    let e = Evaluator::new(&g);
    assert!(e.is_scaled());
    // Type 1 plays node 0, type 2 node 1, player 2 node 0: player 2 meets
    // node 0 with 1/3 (payoff -4) and node 1 with 2/3 (35): 22, as Gambit's
    // own test says. Type 1 of player 1 meets node 0 for sure: -4.
    let profile = [0, 1, 0];
    assert_eq!(e.payoff(2, &profile), r(22, 1));
    assert_eq!(e.payoff(0, &profile), r(-4, 1));
    assert_eq!(e.payoff(1, &profile), r(-10, 1));
}

#[test]
fn integer_and_rational_paths_agree() {
    for g in [two_by_two(), fraction_types()] {
        let fast = Evaluator::new(&g);
        let slow = Evaluator::exact(&g);
        assert!(fast.is_scaled() && !slow.is_scaled());
        let shape = g.shape();
        let mut profile = vec![0; shape.len()];
        loop {
            for a in 0..shape.len() {
                assert_eq!(fast.payoff(a, &profile), slow.payoff(a, &profile));
            }
            if !advance(&mut profile, &shape) {
                break;
            }
        }
    }
}

#[test]
fn regret_of_a_pure_profile() {
    let g = two_by_two();
    let e = Evaluator::exact(&g);
    assert_eq!(e.max_regret(&[0, 0]), r(0, 1));
    // (0, 1): player 1 gets 35, 95 by switching to node 1; player 2 gets -10
    // and -4 by switching to node 0.
    assert_eq!(e.max_regret(&[0, 1]), r(60, 1));
}
