//! Small games for tests, examples and the README pictures.

use brink_game::{Action, ExtensiveGame, GameBuilder, NodeId, Outcome, Owner, Rational};

fn q(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

fn act(label: &str) -> Action {
    Action {
        label: label.into(),
        prob: None,
    }
}

/// A deterrence crisis with incomplete information: nature makes the defender
/// resolved (probability 1/3) or not; the challenger, who cannot tell which,
/// challenges or keeps the status quo; a challenged defender resists (war) or concedes.
///
/// Payoffs (challenger, defender): status quo (0, 1); concession (1, 0); war
/// (-1, 1/2) against a resolved defender and (-1, -1) against an irresolute one.
pub fn deterrence() -> ExtensiveGame {
    let mut b = GameBuilder::new(
        "Deterrence under uncertainty",
        vec!["Challenger".into(), "Defender".into()],
    );
    let nature = b.add_infoset(
        Owner::Chance,
        1,
        "type",
        vec![
            Action {
                label: "resolved".into(),
                prob: Some(q(1, 3)),
            },
            Action {
                label: "irresolute".into(),
                prob: Some(q(2, 3)),
            },
        ],
    );
    let challenger = b.add_infoset(
        Owner::Player(0),
        1,
        "",
        vec![act("Challenge"), act("Status quo")],
    );
    let resolved = b.add_infoset(
        Owner::Player(1),
        1,
        "resolved",
        vec![act("Resist"), act("Concede")],
    );
    let irresolute = b.add_infoset(
        Owner::Player(1),
        2,
        "irresolute",
        vec![act("Resist"), act("Concede")],
    );
    let types: Vec<u32> = b.set_move(b.root(), nature).expect("fresh node").collect();
    for (t, &node) in types.iter().enumerate() {
        let moves: Vec<u32> = b
            .set_move(NodeId(node), challenger)
            .expect("fresh node")
            .collect();
        let sq = b.add_outcome(Outcome::new("status quo", vec![q(0, 1), q(1, 1)]));
        b.set_outcome(NodeId(moves[1]), Some(sq));
        let d = if t == 0 { resolved } else { irresolute };
        let ends: Vec<u32> = b
            .set_move(NodeId(moves[0]), d)
            .expect("fresh node")
            .collect();
        let war = if t == 0 { q(1, 2) } else { q(-1, 1) };
        let w = b.add_outcome(Outcome::new("war", vec![q(-1, 1), war]));
        let c = b.add_outcome(Outcome::new("concession", vec![q(1, 1), q(0, 1)]));
        b.set_outcome(NodeId(ends[0]), Some(w));
        b.set_outcome(NodeId(ends[1]), Some(c));
    }
    b.finish()
}

/// A centipede game with `stages` moves, alternating between two players, each of
/// whom can take (ending the game) or pass: a lopsided tree.
pub fn centipede(stages: usize) -> ExtensiveGame {
    let mut b = GameBuilder::new(
        format!("Centipede ({stages} stages)"),
        vec!["1".into(), "2".into()],
    );
    let mut node = b.root();
    for s in 0..stages {
        let i = b.add_infoset(
            Owner::Player(s % 2),
            (s / 2 + 1) as u32,
            "",
            vec![act("take"), act("pass")],
        );
        let kids: Vec<u32> = b.set_move(node, i).expect("fresh node").collect();
        let (big, small) = (2i64.pow(s as u32 + 1), 2i64.pow(s as u32 - s.min(1) as u32));
        let pay = if s % 2 == 0 {
            vec![q(big, 1), q(small, 1)]
        } else {
            vec![q(small, 1), q(big, 1)]
        };
        let o = b.add_outcome(Outcome::new("", pay));
        b.set_outcome(NodeId(kids[0]), Some(o));
        node = NodeId(kids[1]);
    }
    let end = 2i64.pow(stages as u32 + 1);
    let o = b.add_outcome(Outcome::new("", vec![q(end, 1), q(end, 1)]));
    b.set_outcome(node, Some(o));
    b.finish()
}

/// A perfect-information game of `depth` binary moves in which every subtree
/// below the first `distinct` levels is the same: many repeated subtrees.
pub fn repetitive(depth: usize) -> ExtensiveGame {
    let mut b = GameBuilder::new(
        format!("Repeated subtrees (depth {depth})"),
        vec!["1".into(), "2".into()],
    );
    let mut frontier = vec![b.root()];
    let mut number = [0u32; 2];
    for level in 0..depth {
        let mut next = Vec::new();
        for &n in &frontier {
            let p = level % 2;
            number[p] += 1;
            let i = b.add_infoset(Owner::Player(p), number[p], "", vec![act("L"), act("R")]);
            next.extend(b.set_move(n, i).expect("fresh node").map(NodeId));
        }
        frontier = next;
    }
    for (k, &n) in frontier.iter().enumerate() {
        let o = b.add_outcome(Outcome::new(
            "",
            vec![q((k % 2) as i64, 1), q(1 - (k % 2) as i64, 1)],
        ));
        b.set_outcome(n, Some(o));
    }
    b.finish()
}

/// A perfect-information game of `depth` binary moves whose `2^depth` outcomes all
/// differ: no subtree repeats, so nothing collapses but by size.
pub fn binary(depth: usize) -> ExtensiveGame {
    let mut b = GameBuilder::new(
        format!("Binary tree (depth {depth})"),
        vec!["1".into(), "2".into()],
    );
    let mut frontier = vec![b.root()];
    let mut number = [0u32; 2];
    for level in 0..depth {
        let mut next = Vec::new();
        for &n in &frontier {
            let p = level % 2;
            number[p] += 1;
            let i = b.add_infoset(Owner::Player(p), number[p], "", vec![act("L"), act("R")]);
            next.extend(b.set_move(n, i).expect("fresh node").map(NodeId));
        }
        frontier = next;
    }
    for (k, &n) in frontier.iter().enumerate() {
        let o = b.add_outcome(Outcome::new(
            format!("o{k}"),
            vec![q(k as i64, 1), q(-(k as i64), 1)],
        ));
        b.set_outcome(n, Some(o));
    }
    b.finish()
}

/// Two players; the first picks `left` or `right`, and behind each is the same
/// game: the second player, then chance. The two subtrees are identical.
pub fn twin_subtrees() -> ExtensiveGame {
    let mut b = GameBuilder::new("Twin subtrees", vec!["A".into(), "B".into()]);
    let first = b.add_infoset(Owner::Player(0), 1, "", vec![act("left"), act("right")]);
    let sides: Vec<u32> = b.set_move(b.root(), first).expect("fresh node").collect();
    for (k, &side) in sides.iter().enumerate() {
        // A separate information set on each side, as in a game of perfect information.
        let second = b.add_infoset(
            Owner::Player(1),
            k as u32 + 1,
            "",
            vec![act("fight"), act("yield")],
        );
        let moves: Vec<u32> = b
            .set_move(NodeId(side), second)
            .expect("fresh node")
            .collect();
        let luck = b.add_infoset(
            Owner::Chance,
            k as u32 + 1,
            "",
            vec![
                Action {
                    label: "win".into(),
                    prob: Some(q(1, 4)),
                },
                Action {
                    label: "lose".into(),
                    prob: Some(q(3, 4)),
                },
            ],
        );
        let ends: Vec<u32> = b
            .set_move(NodeId(moves[0]), luck)
            .expect("fresh node")
            .collect();
        let win = b.add_outcome(Outcome::new("victory", vec![q(2, 1), q(-2, 1)]));
        let lose = b.add_outcome(Outcome::new("defeat", vec![q(-1, 1), q(1, 1)]));
        let give = b.add_outcome(Outcome::new("concession", vec![q(1, 1), q(0, 1)]));
        b.set_outcome(NodeId(ends[0]), Some(win));
        b.set_outcome(NodeId(ends[1]), Some(lose));
        b.set_outcome(NodeId(moves[1]), Some(give));
    }
    b.finish()
}
