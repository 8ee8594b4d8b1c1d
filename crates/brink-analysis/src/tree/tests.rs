use super::examples::{centipede, deterrence, repetitive};
use super::*;
use brink_game::{Game, Profile};

/// The equilibrium of [`deterrence`]: the resolved defender resists, the irresolute
/// one concedes, and the challenger challenges (1/3 * -1 + 2/3 * 1 = 1/3 > 0).
pub(crate) fn deterrence_equilibrium(game: &ExtensiveGame) -> Profile<f64> {
    let mut probs = vec![Vec::new(); game.infosets().len()];
    for (i, info) in game.infosets().iter().enumerate() {
        probs[i] = match (info.owner, info.label.as_str()) {
            (Owner::Player(0), _) => vec![1.0, 0.0],
            (Owner::Player(1), "resolved") => vec![1.0, 0.0],
            (Owner::Player(1), _) => vec![0.0, 1.0],
            _ => Vec::new(),
        };
    }
    Profile::behavior(game, probs)
}

#[test]
fn the_drawn_profile_is_an_equilibrium() {
    let g = deterrence();
    let p = deterrence_equilibrium(&g);
    let regret = brink_game::regret::max_regret(&Game::Extensive(g), &p);
    assert!(regret.abs() < 1e-12, "regret {regret}");
}

fn no_overlaps(d: &TreeDrawing) {
    for a in 0..d.nodes.len() {
        for b in a + 1..d.nodes.len() {
            if d.nodes[a].depth == d.nodes[b].depth {
                assert!(
                    (d.nodes[a].x - d.nodes[b].x).abs() >= 1.0 - 1e-9,
                    "nodes {a} and {b} overlap"
                );
            }
        }
    }
}

#[test]
fn layout_keeps_levels_apart_and_parents_centred() {
    for g in [deterrence(), centipede(6), repetitive(4)] {
        let d = layout_tree(&g, &TreeOptions::default()).unwrap();
        assert_eq!(d.nodes.len(), g.num_nodes(), "small trees are drawn whole");
        no_overlaps(&d);
        for n in &d.nodes {
            if !n.children.is_empty() {
                let xs: Vec<f64> = n.children.iter().map(|&c| d.nodes[c].x).collect();
                let mid = (xs[0] + xs[xs.len() - 1]) / 2.0;
                assert!((mid - n.x).abs() < 1e-9);
                // evenly spaced, as istgame draws them
                for w in xs.windows(2) {
                    assert!((w[1] - w[0] - (xs[1] - xs[0])).abs() < 1e-9);
                }
            }
        }
    }
}

#[test]
fn centipede_stays_narrow() {
    let d = layout_tree(&centipede(8), &TreeOptions::default()).unwrap();
    let (lo, hi) = d
        .nodes
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), n| (a.min(n.x), b.max(n.x)));
    // 9 leaves: a tidy layout needs about 8 units; doubling per level would need 2^8.
    assert!(hi - lo <= 10.0, "width {}", hi - lo);
}

#[test]
fn labels_carry_chance_probabilities_payoffs_and_equilibrium() {
    let g = deterrence();
    let opts = TreeOptions {
        profile: Some(deterrence_equilibrium(&g)),
        ..TreeOptions::default()
    };
    let d = layout_tree(&g, &opts).unwrap();
    assert!(d.nodes.iter().any(|n| n.action == "resolved (1/3)"));
    assert!(d.nodes.iter().any(|n| n.payoffs == "(-1, 1/2)"));
    assert!(d
        .nodes
        .iter()
        .any(|n| n.action == "Concede" && n.eq_prob == "1"));
    // The challenger's two nodes form one information set, linked once.
    assert_eq!(d.infoset_links.len(), 1);
    assert!(d.notes.is_empty());
}

#[test]
fn large_trees_collapse_repeats_and_say_so() {
    let g = repetitive(9);
    let d = layout_tree(
        &g,
        &TreeOptions {
            max_nodes: 200,
            ..TreeOptions::default()
        },
    )
    .unwrap();
    assert!(d.nodes.len() <= 200, "{} nodes drawn", d.nodes.len());
    assert!(
        d.notes.iter().any(|n| n.contains("repeated subtree")),
        "{:?}",
        d.notes
    );
    let repeats: Vec<&DrawnNode> = d
        .nodes
        .iter()
        .filter(|n| matches!(n.shown, Shown::Repeat { .. }))
        .collect();
    assert!(!repeats.is_empty());
    // Every repeat names a tag that a drawn node carries.
    for r in repeats {
        let Shown::Repeat { tag, .. } = &r.shown else {
            unreachable!()
        };
        assert!(d
            .nodes
            .iter()
            .any(|n| &n.tag == tag && n.shown == Shown::Move));
    }
    no_overlaps(&d);
}

#[test]
fn trees_without_repeats_are_cut_by_depth() {
    let g = centipede(40);
    let d = layout_tree(
        &g,
        &TreeOptions {
            max_nodes: 20,
            ..TreeOptions::default()
        },
    )
    .unwrap();
    assert!(d.nodes.len() <= 20);
    assert!(
        d.notes.iter().any(|n| n.contains("drawing stops at depth")),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_profile_of_another_game_is_an_error() {
    let g = deterrence();
    let other = centipede(3);
    let p = Profile::<f64>::uniform_behavior(&other);
    assert!(layout_tree(
        &g,
        &TreeOptions {
            profile: Some(p),
            ..TreeOptions::default()
        }
    )
    .is_err());
}

#[test]
fn latex_special_characters_are_escaped() {
    assert_eq!(
        tikz::escape("a_b & 50% {x} #1 $"),
        "a\\_b \\& 50\\% \\{x\\} \\#1 \\$"
    );
}

#[test]
fn probabilities_are_short() {
    assert_eq!(format_prob(0.25, 3), "0.25");
    assert_eq!(format_prob(1.0, 3), "1");
    assert_eq!(format_prob(-1e-12, 3), "0");
    assert_eq!(format_prob(1.0 / 3.0, 3), "0.333");
}
