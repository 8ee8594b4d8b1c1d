//! `enumpure` against closed forms, n players, ties, trees and refusals.

mod common;
use brink_game::{
    Action, Game, GameBuilder, NodeId, Outcome, Owner, Rational, Solution, SolveError,
    StrategicGame,
};
use brink_nash::enumpure::{enumpure, pure_equilibria};
use common::table;
use num_traits::Zero;

fn q(n: i64) -> Rational {
    Rational::from_integer(n.into())
}

fn profiles(g: &StrategicGame) -> Vec<Vec<usize>> {
    let sols = enumpure(&Game::Strategic(g.clone())).unwrap();
    let cells = pure_equilibria(g);
    assert_eq!(sols.len(), cells.len());
    for s in &sols {
        match s {
            Solution::Exact { regret, .. } => assert!(regret.is_zero()),
            Solution::Float { .. } => panic!("enumpure is exact"),
        }
    }
    cells.into_iter().map(|c| g.cell_profile(c)).collect()
}

#[test]
fn closed_forms() {
    // Battle of the sexes: the two coordinated cells.
    let bos = table(&[2, 2], |s| match (s[0], s[1]) {
        (0, 0) => vec![2, 1],
        (1, 1) => vec![1, 2],
        _ => vec![0, 0],
    });
    assert_eq!(profiles(&bos), vec![vec![0, 0], vec![1, 1]]);
    // Matching pennies: none.
    let mp = table(&[2, 2], |s| {
        if s[0] == s[1] {
            vec![1, -1]
        } else {
            vec![-1, 1]
        }
    });
    assert!(profiles(&mp).is_empty());
    // Prisoner's dilemma: both defect (strategy 2).
    let pd = table(&[2, 2], |s| match (s[0], s[1]) {
        (0, 0) => vec![3, 3],
        (0, 1) => vec![0, 5],
        (1, 0) => vec![5, 0],
        _ => vec![1, 1],
    });
    assert_eq!(profiles(&pd), vec![vec![1, 1]]);
}

#[test]
fn three_players_and_ties() {
    // Everyone is paid 1 if all three agree: the two unanimous cells.
    let g = table(&[2, 2, 2], |s| {
        if s[0] == s[1] && s[1] == s[2] {
            vec![1; 3]
        } else {
            vec![0; 3]
        }
    });
    assert_eq!(profiles(&g), vec![vec![0, 0, 0], vec![1, 1, 1]]);
    // All payoffs equal: every cell is an equilibrium.
    let flat = table(&[3, 2, 2], |_| vec![7; 3]);
    assert_eq!(profiles(&flat).len(), 12);
    // Cells without an outcome pay zero. Besides the cell paying 1 to both,
    // the cell diagonally opposite is stable: each deviation leads to a zero cell.
    let mut sparse = table(
        &[2, 2],
        |s| if s == [1, 0] { vec![1, 1] } else { vec![0, 0] },
    );
    for c in 0..4 {
        if c != sparse.cell_index(&[1, 0]) {
            sparse.cells[c] = None;
        }
    }
    let mut found = profiles(&sparse);
    found.sort();
    assert_eq!(found, vec![vec![0, 1], vec![1, 0]]);
}

fn act(label: &str) -> Action {
    Action {
        label: label.into(),
        prob: None,
    }
}

/// Entry deterrence: (out, fight) and (in, accommodate), as behavior profiles.
#[test]
fn trees_give_behavior_profiles() {
    let mut b = GameBuilder::new("entry", vec!["E".into(), "I".into()]);
    let e = b.add_infoset(Owner::Player(0), 1, "", vec![act("out"), act("in")]);
    let i = b.add_infoset(Owner::Player(1), 1, "", vec![act("fight"), act("acc")]);
    let k: Vec<u32> = b.set_move(b.root(), e).unwrap().collect();
    let ends: Vec<u32> = b.set_move(NodeId(k[1]), i).unwrap().collect();
    for (node, pay) in [(k[0], (0, 2)), (ends[0], (-1, -1)), (ends[1], (1, 1))] {
        let o = b.add_outcome(Outcome::new("", vec![q(pay.0), q(pay.1)]));
        b.set_outcome(NodeId(node), Some(o));
    }
    let game = Game::Extensive(b.finish());
    let rows: Vec<String> = enumpure(&game)
        .unwrap()
        .iter()
        .map(|s| s.gambit_row(&game))
        .collect();
    assert_eq!(rows, vec!["NE,1,0,1,0", "NE,0,1,0,1"]);
}

#[test]
fn refuses_imperfect_recall_and_huge_trees() {
    // Player 1 moves twice, forgetting the first move.
    let mut b = GameBuilder::new("forgetful", vec!["1".into()]);
    let i1 = b.add_infoset(Owner::Player(0), 1, "first", vec![act("a"), act("b")]);
    let i2 = b.add_infoset(Owner::Player(0), 2, "again", vec![act("c"), act("d")]);
    for child in b.set_move(b.root(), i1).unwrap().collect::<Vec<_>>() {
        for g in b.set_move(NodeId(child), i2).unwrap().collect::<Vec<_>>() {
            let o = b.add_outcome(Outcome::new("", vec![q(g as i64)]));
            b.set_outcome(NodeId(g), Some(o));
        }
    }
    let err = enumpure(&Game::Extensive(b.finish())).unwrap_err();
    assert!(matches!(err, SolveError::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("again"), "{err}");

    // Twelve rounds of binary choices, the two players alternating and seeing
    // everything: each has far more reduced strategies than the cell limit allows.
    let mut b = GameBuilder::new("big", vec!["1".into(), "2".into()]);
    let mut frontier = vec![b.root()];
    let zero = b.add_outcome(Outcome::new("", vec![q(0), q(0)]));
    let mut numbers = [0u32; 2];
    for depth in 0..12 {
        let mut next = Vec::new();
        for node in frontier {
            let owner = Owner::Player(depth % 2);
            numbers[depth % 2] += 1;
            let number = numbers[depth % 2];
            let iset = b.add_infoset(owner, number, "", vec![act("l"), act("r")]);
            next.extend(b.set_move(node, iset).unwrap().map(NodeId));
        }
        frontier = next;
    }
    for n in frontier {
        b.set_outcome(n, Some(zero));
    }
    let err = enumpure(&Game::Extensive(b.finish())).unwrap_err();
    assert!(
        matches!(
            err,
            SolveError::TooLarge {
                method: "enumpure",
                ..
            }
        ),
        "{err}"
    );
}
