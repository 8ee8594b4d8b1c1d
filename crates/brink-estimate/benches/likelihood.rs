//! Criterion benchmarks of the log-likelihood, its gradient and Hessian,
//! and a full fit, on leblang2003 (egame12, private information, 19
//! parameters, 7240 rows) and war1800.
use brink_estimate::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const LEBLANG: &str = "outcome ~ capcont + lreserves + overval + creditgrow + USinterest + service + contagion + prioratt - 1 | 1 | 1 | unifgov + lexports + preelec + postelec + rightgov + realinterest + capcont + lreserves";

fn leblang() -> (Problem, Dataset, Formula, ModelOptions) {
    let ds = Dataset::from_csv_path(&format!(
        "{}/tests/data/leblang2003.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let f = Formula::parse(LEBLANG).unwrap();
    let mut m = ModelOptions::new(ModelKind::Egame12);
    m.errors = ErrorKind::Private;
    m.levels = Some(vec![
        "no attack".into(),
        "devaluation".into(),
        "defense".into(),
    ]);
    let pb = build_problem(&ds, &f, &m).unwrap().0;
    (pb, ds, f, m)
}

fn bench(c: &mut Criterion) {
    let (pb, ds, f, m) = leblang();
    let theta = vec![0.05; pb.n_params()];
    c.bench_function("leblang loglik", |b| {
        b.iter(|| pb.loglik(black_box(&theta), None))
    });
    c.bench_function("leblang gradient", |b| {
        b.iter(|| pb.gradient(black_box(&theta), None))
    });
    c.bench_function("leblang hessian", |b| {
        b.iter(|| pb.hessian(black_box(&theta), None))
    });
    let mut g = c.benchmark_group("fit");
    g.sample_size(10);
    g.bench_function("leblang fit with SEs (1 start)", |b| {
        b.iter(|| {
            fit(
                &ds,
                &f,
                &m,
                &FitOptions {
                    starts: 1,
                    ..Default::default()
                },
            )
            .unwrap()
        })
    });
    g.bench_function("leblang fit with SEs (default 2 starts)", |b| {
        b.iter(|| fit(&ds, &f, &m, &FitOptions::default()).unwrap())
    });
    g.bench_function("leblang 10 bootstrap replicates", |b| {
        b.iter(|| {
            fit(
                &ds,
                &f,
                &m,
                &FitOptions {
                    starts: 1,
                    bootstrap: 10,
                    ..Default::default()
                },
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
