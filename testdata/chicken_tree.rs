// Chicken as a tree game with one type per player (the second mover sees
// nothing): payoffs (6,6) (2,7) / (7,2) (0,0), war at (dare, dare). Shared by
// the mediator's unit tests (`column/pricing/tests.rs`) and integration tests
// (`tests/communication_tree.rs`) through `include!`; each site brings
// `TreeBayesianGame`, `TreeTerminal` and `PlayerInfoset` into scope.
fn chicken_tree() -> TreeBayesianGame {
    let pay = [[(6.0, 6.0), (2.0, 7.0)], [(7.0, 2.0), (0.0, 0.0)]];
    let mut terminals = Vec::new();
    for (a, row) in pay.iter().enumerate() {
        for (b, &(u1, u2)) in row.iter().enumerate() {
            terminals.push(TreeTerminal {
                prob: 1.0,
                seen: vec![1.0, 1.0],
                objective: f64::from(u8::from(a == 1 && b == 1)),
                constant: vec![u1, u2],
                slopes: vec![vec![0.0; 2]; 2],
                moves: vec![vec![(0, a)], vec![(0, b)]],
            });
        }
    }
    TreeBayesianGame {
        players: vec!["1".into(), "2".into()],
        types: vec![vec![0.0], vec![0.0]],
        prior: vec![vec![1.0], vec![1.0]],
        beliefs: vec![vec![vec![], vec![1.0]], vec![vec![1.0], vec![]]],
        infosets: vec![
            vec![PlayerInfoset {
                parent: None,
                actions: 2
            }];
            2
        ],
        plans: vec![vec![vec![Some(0)], vec![Some(1)]]; 2],
        plan_labels: vec![vec!["Y".into(), "D".into()]; 2],
        terminals,
    }
}
