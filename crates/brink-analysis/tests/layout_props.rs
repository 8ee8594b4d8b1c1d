//! Property tests of the tree layout on random trees: levels never overlap, and
//! every move sits over the middle of its evenly spaced children.

use brink_analysis::tree::{layout_tree, TreeOptions};
use brink_game::{Action, ExtensiveGame, GameBuilder, NodeId, Outcome, Owner, Rational};
use proptest::prelude::*;

/// A tree from a list of branching factors, consumed breadth-first (0 = terminal).
fn tree(branching: &[usize], label_len: usize) -> ExtensiveGame {
    let mut b = GameBuilder::new("random", vec!["1".into(), "2".into()]);
    let mut queue = std::collections::VecDeque::from([b.root()]);
    let mut k = 0;
    let mut number = [0u32; 2];
    while let Some(n) = queue.pop_front() {
        let arity = if b.num_nodes() > 200 {
            0
        } else {
            branching.get(k).copied().unwrap_or(0)
        };
        k += 1;
        if arity == 0 {
            let o = b.add_outcome(Outcome::new("", vec![Rational::from_integer(k.into()); 2]));
            b.set_outcome(n, Some(o));
            continue;
        }
        let p = k % 2;
        number[p] += 1;
        let actions = (0..arity)
            .map(|a| Action {
                label: "x".repeat(label_len + a),
                prob: None,
            })
            .collect();
        let i = b.add_infoset(Owner::Player(p), number[p], "", actions);
        queue.extend(b.set_move(n, i).unwrap().map(NodeId));
    }
    b.finish()
}

proptest! {
    #[test]
    fn random_trees_are_laid_out_cleanly(branching in proptest::collection::vec(0usize..4, 1..60), label_len in 0usize..12) {
        let g = tree(&branching, label_len);
        // The layout itself: nothing collapsed, no width limit.
        let opts = TreeOptions { full: true, max_width: u32::MAX, ..TreeOptions::default() };
        let d = layout_tree(&g, &opts).unwrap();
        prop_assert_eq!(d.nodes.len(), g.num_nodes());
        for a in 0..d.nodes.len() {
            for b in a + 1..d.nodes.len() {
                if d.nodes[a].depth == d.nodes[b].depth {
                    prop_assert!((d.nodes[a].x - d.nodes[b].x).abs() >= 1.0 - 1e-9);
                }
            }
            let kids = &d.nodes[a].children;
            if kids.len() > 1 {
                let xs: Vec<f64> = kids.iter().map(|&c| d.nodes[c].x).collect();
                prop_assert!(((xs[0] + xs[xs.len() - 1]) / 2.0 - d.nodes[a].x).abs() < 1e-9);
                let gap = xs[1] - xs[0];
                prop_assert!(gap > 0.0);
                for w in xs.windows(2) {
                    prop_assert!((w[1] - w[0] - gap).abs() < 1e-9);
                }
            }
        }
    }
}
