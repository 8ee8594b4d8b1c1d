//! The whole default run (founding crisis, baseline and eleven levers) and the
//! closed-form models: `cargo bench -p brink-crisis --bench founding`.
use brink_crisis::{library, run, Method};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    g.bench_function("founding-crisis with levers", |b| {
        b.iter(|| run(library::DEFAULT_MODEL, &[], Method::Auto).unwrap())
    });
    for m in [
        "fearon-risk-return",
        "audience-cost",
        "brinkmanship",
        "extended-deterrence",
    ] {
        g.bench_function(m, |b| b.iter(|| run(m, &[], Method::Auto).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
