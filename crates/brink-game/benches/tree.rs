//! Builds a 10^7-node game tree in the arena and walks it (reach probabilities,
//! expected payoffs, a best response): the arena must keep both fast and small.

use brink_game::extensive::{Action, GameBuilder, NodeId, Outcome, Owner};
use brink_game::{regret, ExtensiveGame, Profile, Rational};
use criterion::{criterion_group, criterion_main, Criterion};

/// A complete binary tree of the given depth with alternating movers and chance
/// at the root. Movers know only how deep they are (one information set per
/// level), so the information sets stay few and the arena itself is measured.
fn binary_tree(depth: u32) -> ExtensiveGame {
    let mut b = GameBuilder::new("binary", vec!["1".into(), "2".into()]);
    let half = Rational::new(1.into(), 2.into());
    let chance = b.add_infoset(
        Owner::Chance,
        1,
        "",
        vec![
            Action {
                label: "L".into(),
                prob: Some(half.clone()),
            },
            Action {
                label: "R".into(),
                prob: Some(half),
            },
        ],
    );
    let mut frontier: Vec<u32> = b.set_move(b.root(), chance).unwrap().collect();
    let win = b.add_outcome(Outcome::new(
        "",
        vec![
            Rational::from_integer(1.into()),
            Rational::from_integer((-1).into()),
        ],
    ));
    let lose = b.add_outcome(Outcome::new(
        "",
        vec![
            Rational::from_integer((-1).into()),
            Rational::from_integer(1.into()),
        ],
    ));
    for level in 1..depth {
        let player = (level % 2) as usize;
        let iset = b.add_infoset(
            Owner::Player(player),
            level,
            "",
            vec![
                Action {
                    label: "a".into(),
                    prob: None,
                },
                Action {
                    label: "b".into(),
                    prob: None,
                },
            ],
        );
        let mut next = Vec::with_capacity(frontier.len() * 2);
        for &n in &frontier {
            next.extend(b.set_move(NodeId(n), iset).unwrap());
        }
        frontier = next;
    }
    for (k, &n) in frontier.iter().enumerate() {
        b.set_outcome(NodeId(n), Some(if k % 3 == 0 { win } else { lose }));
    }
    b.finish()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("tree");
    group.sample_size(10);
    // 2^23 leaves: 16.8 million nodes in all.
    let depth = 23;
    group.bench_function("build 2^24 nodes", |b| {
        b.iter(|| binary_tree(depth).num_nodes())
    });
    let game = binary_tree(depth);
    let profile: Profile<f64> = Profile::uniform_behavior(&game);
    group.bench_function("reach pass f64", |b| {
        b.iter(|| regret::reach(&game, &profile.probs, None).len())
    });
    group.bench_function("best response f64", |b| {
        b.iter(|| regret::best_response(&game, &profile.probs, 0).0)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
