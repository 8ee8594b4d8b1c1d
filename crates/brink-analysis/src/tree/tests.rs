use super::examples::{binary, centipede, deterrence, repetitive, twin_subtrees};
use super::*;
use brink_game::{Game, Profile};
use std::path::PathBuf;

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
    let full = TreeOptions {
        full: true,
        ..TreeOptions::default()
    };
    for g in [deterrence(), centipede(6), repetitive(4)] {
        let d = layout_tree(&g, &full).unwrap();
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
    // 9 leaves, 3 characters apart at least: a tidy layout needs a few dozen
    // characters; doubling the gap per level would need 2^8 times that.
    assert!(hi - lo <= 80.0, "width {}", hi - lo);
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
        .any(|n| n.below == ["war".to_string(), "(-1, 1/2)".to_string()]));
    assert!(d
        .nodes
        .iter()
        .any(|n| n.action == "Concede" && n.eq_prob == "1"));
    // The challenger's two nodes form one information set, linked once.
    assert_eq!(d.infoset_links.len(), 1);
    assert!(d.notes.is_empty());
}

#[test]
fn repeated_subtrees_collapse_and_say_so() {
    let g = repetitive(9);
    let d = layout_tree(&g, &TreeOptions::default()).unwrap();
    assert!(d.nodes.len() <= 200, "{} nodes drawn", d.nodes.len());
    assert!(
        d.notes.iter().any(|n| n.contains("identical to one drawn")),
        "{:?}",
        d.notes
    );
    let repeats: Vec<&DrawnNode> = d
        .nodes
        .iter()
        .filter(|n| matches!(n.shown, Shown::Repeat { .. }))
        .collect();
    assert!(!repeats.is_empty());
    // Every repeat names a tag that exactly one drawn move carries.
    for r in repeats {
        let Shown::Repeat { tag, .. } = &r.shown else {
            unreachable!()
        };
        let copies = d
            .nodes
            .iter()
            .filter(|n| &n.tag == tag && n.shown == Shown::Move)
            .count();
        assert_eq!(copies, 1, "tag {tag}");
        assert_eq!(r.below[0], format!("= subtree {tag}"));
    }
    no_overlaps(&d);
}

#[test]
fn two_equal_subtrees_are_drawn_once_plus_a_reference() {
    let g = twin_subtrees();
    let d = layout_tree(&g, &TreeOptions::default()).unwrap();
    let a = &d.nodes[d.nodes[0].children[0]];
    let b = &d.nodes[d.nodes[0].children[1]];
    assert_eq!(a.shown, Shown::Move);
    assert_eq!(a.tag, "A");
    assert_eq!(
        b.shown,
        Shown::Repeat {
            tag: "A".into(),
            size: 5
        }
    );
    // One subtree of 5 nodes drawn, the other a box: root + 5 + 1.
    assert_eq!(d.nodes.len(), 7);
    // Chance probabilities with small denominators stay fractions.
    assert!(d.nodes.iter().any(|n| n.action == "win (1/4)"));
    // Drawn whole with --full.
    let full = TreeOptions {
        full: true,
        ..TreeOptions::default()
    };
    assert_eq!(layout_tree(&g, &full).unwrap().nodes.len(), g.num_nodes());
}

#[test]
fn subtrees_that_differ_in_the_equilibrium_are_not_merged() {
    let g = twin_subtrees();
    let mut probs = vec![Vec::new(); g.infosets().len()];
    for (i, info) in g.infosets().iter().enumerate() {
        probs[i] = match (info.owner, info.number) {
            (Owner::Player(0), _) => vec![0.5, 0.5],
            (Owner::Player(1), 1) => vec![1.0, 0.0],
            (Owner::Player(1), _) => vec![0.0, 1.0],
            _ => Vec::new(),
        };
    }
    let opts = TreeOptions {
        profile: Some(Profile::behavior(&g, probs)),
        ..TreeOptions::default()
    };
    let d = layout_tree(&g, &opts).unwrap();
    for &side in &d.nodes[0].children {
        assert_eq!(d.nodes[side].shown, Shown::Move);
        assert!(d.nodes[side].tag.is_empty());
    }
    // B yields on the right: the fight branch there is off the path, a box.
    let boxes: Vec<&DrawnNode> = d
        .nodes
        .iter()
        .filter(|n| matches!(n.shown, Shown::Cut { off_path: true, .. }))
        .collect();
    assert_eq!(boxes.len(), 1);
    let Shown::Cut {
        terminals,
        outcomes,
        ..
    } = &boxes[0].shown
    else {
        unreachable!()
    };
    assert_eq!(*terminals, 2);
    assert_eq!(outcomes, &["victory".to_string(), "defeat".to_string()]);
    assert_eq!(boxes[0].branch, Branch::OffPath);
    assert!(boxes[0].reach.is_empty());
    // Reach probabilities: 1/2 for each side, 1/2 * 1/4 for a victory on the left.
    let victory = d
        .nodes
        .iter()
        .find(|n| n.outcome == "victory")
        .expect("the left victory is drawn");
    assert_eq!(victory.reach, "p=0.125");
    assert_eq!(victory.branch, Branch::OnPath);
}

#[test]
fn off_path_moves_become_summary_boxes() {
    // Everyone takes at once: all but the first node is off the path.
    let g = centipede(6);
    let probs = g
        .infosets()
        .iter()
        .map(|_| vec![1.0, 0.0])
        .collect::<Vec<_>>();
    let opts = TreeOptions {
        profile: Some(Profile::behavior(&g, probs)),
        ..TreeOptions::default()
    };
    let d = layout_tree(&g, &opts).unwrap();
    assert_eq!(d.nodes.len(), 3, "root, take, and a box for pass");
    let Shown::Cut {
        size,
        terminals,
        off_path,
        ..
    } = &d.nodes[2].shown
    else {
        panic!("{:?}", d.nodes[2].shown)
    };
    assert_eq!((*size, *terminals, *off_path), (11, 6, true));
    assert!(d
        .notes
        .iter()
        .any(|n| n.contains("off the equilibrium path")));
    // One more level drawn on request, everything with --full.
    let deeper = TreeOptions {
        off_path_levels: 1,
        ..opts.clone()
    };
    assert_eq!(layout_tree(&g, &deeper).unwrap().nodes.len(), 5);
    let full = TreeOptions { full: true, ..opts };
    assert_eq!(layout_tree(&g, &full).unwrap().nodes.len(), g.num_nodes());
}

fn width_limit_is_honoured(g: &ExtensiveGame, opts: &TreeOptions) -> TreeDrawing {
    let d = layout_tree(g, opts).unwrap();
    assert!(
        d.natural_width_px() * d.scale <= opts.max_width as f64 + 1e-6,
        "{} px at scale {}",
        d.natural_width_px(),
        d.scale
    );
    let (w, _) = picture::picture_size(g, opts).unwrap();
    assert!(w <= opts.max_width, "{w} px");
    no_overlaps(&d);
    d
}

#[test]
fn a_wide_tree_is_cut_to_the_width_and_says_so() {
    // 2^10 distinct outcomes, nothing repeats: about 10,000 characters of payoffs.
    let g = binary(10);
    let opts = TreeOptions {
        max_nodes: 100_000,
        ..TreeOptions::default()
    };
    let d = width_limit_is_honoured(&g, &opts);
    assert_eq!(d.scale, 1.0, "cut, not shrunk");
    assert!(
        d.notes.iter().any(|n| n.contains("to fit 4000 pixels")),
        "{:?}",
        d.notes
    );
    assert!(d.nodes.iter().any(|n| matches!(
        n.shown,
        Shown::Cut {
            off_path: false,
            ..
        }
    )));
    // A narrower limit cuts more.
    let narrow = TreeOptions {
        max_width: 1500,
        ..opts
    };
    let e = width_limit_is_honoured(&g, &narrow);
    assert!(e.nodes.len() < d.nodes.len());
    // --full still fits.
    width_limit_is_honoured(
        &g,
        &TreeOptions {
            full: true,
            ..TreeOptions::default()
        },
    );
}

#[test]
fn a_root_too_wide_for_the_limit_is_drawn_smaller() {
    // The root alone has 60 branches: no cut makes it fit 1000 pixels.
    let mut b = brink_game::GameBuilder::new("fan", vec!["1".into()]);
    let actions = (0..60)
        .map(|k| brink_game::Action {
            label: format!("a{k}"),
            prob: None,
        })
        .collect();
    let i = b.add_infoset(Owner::Player(0), 1, "", actions);
    let kids: Vec<u32> = b.set_move(b.root(), i).unwrap().collect();
    for (k, &c) in kids.iter().enumerate() {
        let o = b.add_outcome(brink_game::Outcome::new(
            "",
            vec![brink_game::Rational::from_integer((k as i64).into())],
        ));
        b.set_outcome(NodeId(c), Some(o));
    }
    let g = b.finish();
    let opts = TreeOptions {
        max_width: 1000,
        ..TreeOptions::default()
    };
    let d = width_limit_is_honoured(&g, &opts);
    assert!(d.scale < 1.0);
    assert!(d.notes.iter().any(|n| n.contains("drawn at")));
}

#[test]
fn the_node_limit_cuts_too() {
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
        d.notes.iter().any(|n| n.contains("summarised in boxes")),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_game_written_in_decimals_prints_only_decimals() {
    let mut b = brink_game::GameBuilder::new("decimals", vec!["1".into()]);
    let i = b.add_infoset(
        Owner::Player(0),
        1,
        "",
        vec![
            brink_game::Action {
                label: "a".into(),
                prob: None,
            },
            brink_game::Action {
                label: "b".into(),
                prob: None,
            },
        ],
    );
    let kids: Vec<u32> = b.set_move(b.root(), i).unwrap().collect();
    // 0.875 is 7/8 exactly; 0.469 as an f64 has a denominator of 2^52 or so.
    for (&c, v) in kids.iter().zip([0.875, 0.469]) {
        let r = brink_game::Rational::from_float(v).unwrap();
        let o = b.add_outcome(brink_game::Outcome::new("", vec![r]));
        b.set_outcome(NodeId(c), Some(o));
    }
    let d = layout_tree(&b.finish(), &TreeOptions::default()).unwrap();
    let payoffs: Vec<&str> = d.nodes[1..].iter().map(|n| n.payoffs.as_str()).collect();
    assert_eq!(payoffs, ["(0.875)", "(0.469)"]);
}

/// Every '/' in a drawn label is a fraction with a denominator of at most 12.
fn only_small_fractions(d: &TreeDrawing) {
    for n in &d.nodes {
        for text in [&n.action, &n.eq_prob, &n.payoffs, &n.reach]
            .into_iter()
            .chain(&n.below)
        {
            for (k, _) in text.match_indices('/') {
                let den: String = text[k + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let den: u64 = den.parse().unwrap_or(u64::MAX);
                assert!(den <= 12, "{text:?} prints a fraction");
            }
        }
    }
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brink-tree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn png_width(path: &std::path::Path) -> u32 {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    u32::from_be_bytes(bytes[16..20].try_into().unwrap())
}

#[test]
fn the_founding_crisis_is_readable_at_the_defaults() {
    // Through the library loader, so that the test follows the model as it changes.
    let m = crate::crisis::CrisisModel::load("founding-crisis", brink_crisis::Method::Auto)
        .expect("the library model loads");
    let (game, profile) = m.tree_with_equilibrium().expect("it solves");
    let opts = TreeOptions {
        profile,
        ..TreeOptions::default()
    };
    let start = std::time::Instant::now();
    let d = layout_tree(&game, &opts).unwrap();
    only_small_fractions(&d);
    assert_eq!(d.scale, 1.0, "{:?}", d.notes);
    assert!(d.natural_width_px() <= 4000.0);
    // The equilibrium is drawn: probabilities on the branches, the path in colour.
    assert!(d.nodes.iter().any(|n| n.branch == Branch::OnPath));
    assert!(d.nodes.iter().any(|n| !n.eq_prob.is_empty()));
    let png = tmp("founding-crisis.png");
    draw_tree(&game, &opts, &png).unwrap();
    let elapsed = start.elapsed();
    assert!(png_width(&png) <= 4000);
    let t = to_tikz(&game, &opts).unwrap();
    assert!(!t.document.contains("/4503599627370496"));
    assert!(!t.document.contains("/9007199254740992"));
    eprintln!(
        "founding crisis: {} of {} nodes drawn, {:.0} px wide, layout and PNG in {:?} (debug build), {}",
        d.nodes.len(),
        game.num_nodes(),
        d.natural_width_px(),
        elapsed,
        png.display()
    );
}

#[test]
fn the_gambit_corpus_renders_within_the_width() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gambit");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "efg") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() > 50, "the corpus is there");
    let mut drawn = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let Ok(g) = brink_gambit::read_efg(&text, &f.display().to_string()) else {
            continue;
        };
        let d = width_limit_is_honoured(&g, &TreeOptions::default());
        only_small_fractions(&d);
        drawn += 1;
    }
    assert!(drawn > 50, "{drawn} files drawn");
    // And one all the way to a file.
    let f = files
        .iter()
        .find(|f| f.ends_with("selten1975/fig1.efg"))
        .expect("Selten's horse is in the corpus");
    let g = brink_gambit::read_efg(&std::fs::read_to_string(f).unwrap(), "fig1").unwrap();
    let svg = tmp("selten.svg");
    draw_tree(&g, &TreeOptions::default(), &svg).unwrap();
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
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
