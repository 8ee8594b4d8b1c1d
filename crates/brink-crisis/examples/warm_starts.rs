//! Measures warm starts: a 200-point sweep solved point by point from
//! scratch, then with each point started from its neighbour's equilibrium.
//!
//! `cargo run --release -p brink-crisis --example warm_starts`

use brink_crisis::solve::{solve_from, Start};
use brink_crisis::{compile, Scenario};
use std::time::Instant;

fn measure(model: &str, param: &str, lo: f64, hi: f64, n: usize) {
    let base = Scenario::from_library(model).unwrap();
    let games: Vec<_> = (0..n)
        .map(|k| {
            let x = lo + (hi - lo) * k as f64 / (n - 1) as f64;
            compile(&base.with_overrides(&[(param.into(), x)]).unwrap()).unwrap()
        })
        .collect();
    for warm in [false, true] {
        let (mut evals, mut iters, mut worst, mut failed) = (0, 0, 0.0_f64, 0);
        let t = Instant::now();
        let mut near: Option<Start> = None;
        let mut missed = Vec::new();
        for (k, cg) in games.iter().enumerate() {
            let eq = solve_from(cg, 1000, if warm { near.as_ref() } else { None });
            evals += eq.evaluations;
            iters += eq.iterations;
            worst = worst.max(eq.max_regret());
            failed += usize::from(!eq.converged);
            if !eq.converged {
                missed.push(lo + (hi - lo) * k as f64 / (n - 1) as f64);
            }
            near = Some(eq.start());
        }
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{model} {param}={lo}:{hi}:{n} {}: {ms:.1} ms, {iters} iterations, {evals} evaluations, max regret {worst:.1e}, {failed} not converged {missed:?}",
            if warm { "warm" } else { "cold" }
        );
    }
}

fn main() {
    measure("audience-cost", "audience_cost", 0.0, 3.0, 200);
    measure("founding-crisis", "p_divided", 0.0, 1.0, 200);
    measure("founding-crisis", "disinfo", 0.0, 0.5, 200);
}
