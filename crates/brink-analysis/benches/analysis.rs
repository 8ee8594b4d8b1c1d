//! Throughput of the analyses on the closed-form model (so the numbers measure this
//! crate, not a solver) and of tree layout: `cargo bench -p brink-analysis`.

use brink_analysis::fearon::RiskReturn;
use brink_analysis::tree::examples::{centipede, repetitive};
use brink_analysis::tree::{layout_tree, to_tikz, TreeOptions};
use brink_analysis::{run_design, DesignSpec};
use brink_game::Watch;
use criterion::{criterion_group, criterion_main, Criterion};

fn analyses(c: &mut Criterion) {
    let spec = DesignSpec::sweep(vec!["c_hi=0.1:0.9:1000".parse().unwrap()], vec![]);
    c.bench_function("sweep 1000 points", |b| {
        b.iter(|| run_design(&RiskReturn, &spec, &Watch::quiet()).unwrap())
    });
    let mc = DesignSpec::montecarlo(1000, 1, vec![], vec![]);
    c.bench_function("montecarlo 1000 draws", |b| {
        b.iter(|| run_design(&RiskReturn, &mc, &Watch::quiet()).unwrap())
    });
}

fn trees(c: &mut Criterion) {
    let big = repetitive(14);
    let opts = TreeOptions {
        max_nodes: 300,
        ..TreeOptions::default()
    };
    c.bench_function("layout 32767-node tree, collapsed", |b| {
        b.iter(|| layout_tree(&big, &opts).unwrap())
    });
    let long = centipede(150);
    let opts = TreeOptions {
        max_nodes: 400,
        ..TreeOptions::default()
    };
    c.bench_function("tikz of a 150-stage centipede", |b| {
        b.iter(|| to_tikz(&long, &opts).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = analyses, trees
}
criterion_main!(benches);
