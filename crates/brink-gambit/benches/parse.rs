//! Parsing speed: the largest files of Gambit's corpus, and a generated tree
//! of about half a million nodes (`cargo bench -p brink-gambit --bench parse`).

use brink_gambit::{read_efg, read_game, write_efg, write_game};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit");
const LARGEST: &[&str] = &[
    "contrib/games/condjury.efg",
    "contrib/games/jury_mr.efg",
    "contrib/games/artist2.efg",
    "contrib/games/ttt.efg",
    "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg",
];

/// A complete binary tree of the given depth: two players alternating, each
/// level one information set per player (imperfect information), a chance
/// move at the root and a distinct outcome at every leaf.
pub fn big_tree(depth: u32) -> String {
    let mut out = String::from("EFG 2 R \"big\" { \"A\" \"B\" }\n\"\"\n");
    let mut leaf = 0u64;
    let mut declared = vec![false; depth as usize + 1];
    // Preorder by an explicit stack of depths.
    let mut stack = vec![0u32];
    while let Some(d) = stack.pop() {
        if d == depth {
            leaf += 1;
            let _ = writeln!(
                out,
                "t \"\" {leaf} \"\" {{ {}, -{}/3 }}",
                leaf % 7,
                leaf % 5
            );
            continue;
        }
        let first = !std::mem::replace(&mut declared[d as usize], true);
        if d == 0 {
            out.push_str("c \"root\" 1 \"nature\" { \"H\" 1/2 \"T\" 1/2 } 0\n");
        } else if first {
            let _ = writeln!(out, "p \"\" {} {} \"\" {{ \"L\" \"R\" }} 0", 1 + d % 2, d);
        } else {
            let _ = writeln!(out, "p \"\" {} {} 0", 1 + d % 2, d);
        }
        stack.push(d + 1);
        stack.push(d + 1);
    }
    out
}

fn corpus(c: &mut Criterion) {
    let mut group = c.benchmark_group("corpus");
    for rel in LARGEST {
        let text = std::fs::read_to_string(format!("{CORPUS}/{rel}")).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        let name = rel.rsplit('/').next().unwrap();
        group.bench_function(format!("read/{name}"), |b| {
            b.iter(|| read_game(&text, rel).unwrap())
        });
        let game = read_game(&text, rel).unwrap();
        group.bench_function(format!("write/{name}"), |b| b.iter(|| write_game(&game)));
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    let text = big_tree(18);
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read/binary_tree_2^19_nodes", |b| {
        b.iter(|| read_efg(&text, "big.efg").unwrap())
    });
    let game = read_efg(&text, "big.efg").unwrap();
    group.bench_function("write/binary_tree_2^19_nodes", |b| {
        b.iter(|| write_efg(&game))
    });
    group.finish();
}

criterion_group!(benches, corpus, generated);
criterion_main!(benches);
