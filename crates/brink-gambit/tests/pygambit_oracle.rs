//! Our reading of every corpus file against pygambit 16.7's reading of it.
//!
//! `scripts/gambit_roundtrip.py` read each file with pygambit and wrote a
//! fingerprint of the game (sizes, and exact sums of the payoffs at the
//! leaves, plain and weighted by preorder position, and of the chance
//! probabilities weighted by node and action position) to
//! `tests/fixtures/pygambit_corpus.tsv`. This test computes the same
//! fingerprint from our reader, so that CI compares the two without Python.

use brink_gambit::read_game_file;
use brink_game::number::format_rational;
use brink_game::{ExtensiveGame, Game, Owner, Rational, StrategicGame};
use num_bigint::BigInt;
use num_traits::Zero;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit");
const FIXTURE: &str = include_str!("fixtures/pygambit_corpus.tsv");

fn int(k: usize) -> Rational {
    Rational::from_integer(BigInt::from(k))
}

fn join(values: &[Rational]) -> String {
    if values.is_empty() {
        return "-".into();
    }
    values
        .iter()
        .map(format_rational)
        .collect::<Vec<_>>()
        .join(",")
}

fn efg_fingerprint(g: &ExtensiveGame) -> Vec<String> {
    let n = g.num_players();
    // Payoffs accumulated along the path: parents have smaller ids.
    let mut acc: Vec<Vec<Rational>> = Vec::with_capacity(g.num_nodes());
    for i in 0..g.num_nodes() {
        let node = brink_game::NodeId(i as u32);
        let mut here = match g.parent(node) {
            Some(p) => acc[p.index()].clone(),
            None => vec![Rational::zero(); n],
        };
        if let Some(o) = g.node_outcome(node) {
            for (h, x) in here.iter_mut().zip(&g.outcomes()[o.index()].payoffs) {
                *h += x;
            }
        }
        acc.push(here);
    }
    let mut s1 = vec![Rational::zero(); n];
    let mut s2 = vec![Rational::zero(); n];
    let mut chance = Rational::zero();
    for (k, node) in g.preorder().into_iter().enumerate() {
        let k = int(k + 1);
        if g.is_terminal(node) {
            for p in 0..n {
                s1[p] += &acc[node.index()][p];
                s2[p] += &k * &acc[node.index()][p];
            }
        } else if g.node_owner(node) == Some(Owner::Chance) {
            let info = g.infoset(g.node_infoset(node).unwrap());
            for (j, a) in info.actions.iter().enumerate() {
                chance += &k * int(j + 1) * a.prob.clone().unwrap();
            }
        }
    }
    let per_player: Vec<String> = (0..n)
        .map(|p| g.player_infosets(p).len().to_string())
        .collect();
    vec![
        "efg".into(),
        n.to_string(),
        g.num_nodes().to_string(),
        if n == 0 {
            "-".into()
        } else {
            per_player.join(",")
        },
        g.chance_infosets().len().to_string(),
        g.outcomes().len().to_string(),
        join(&s1),
        join(&s2),
        format_rational(&chance),
    ]
}

fn nfg_fingerprint(g: &StrategicGame) -> Vec<String> {
    let n = g.num_players();
    let mut s1 = vec![Rational::zero(); n];
    let mut s2 = vec![Rational::zero(); n];
    for cell in 0..g.num_cells() {
        for p in 0..n {
            let v = g.payoff(cell, p);
            s2[p] += int(cell + 1) * &v;
            s1[p] += v;
        }
    }
    let shape: Vec<String> = g.shape().iter().map(|s| s.to_string()).collect();
    vec![
        "nfg".into(),
        n.to_string(),
        shape.join(","),
        g.outcomes.len().to_string(),
        join(&s1),
        join(&s2),
    ]
}

#[test]
fn our_reading_matches_pygambit_on_every_file_it_reads() {
    let mut checked = 0;
    let mut refused = 0;
    let mut mismatches = Vec::new();
    for line in FIXTURE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (path, expected) = (fields[0], &fields[1..]);
        // Our reader takes every file, including those pygambit refuses.
        let game = read_game_file(&Path::new(CORPUS).join(path)).unwrap();
        if expected[0] == "refused" {
            refused += 1;
            continue;
        }
        let ours = match &game {
            Game::Extensive(g) => efg_fingerprint(g),
            Game::Strategic(g) => nfg_fingerprint(g),
        };
        if ours != expected {
            mismatches.push(format!(
                "{path}\n  pygambit: {expected:?}\n  ours:     {ours:?}"
            ));
        }
        checked += 1;
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The fixture covers the whole corpus: 226 files pygambit reads, 8 it refuses.
    assert_eq!((checked, refused), (226, 8));
}
