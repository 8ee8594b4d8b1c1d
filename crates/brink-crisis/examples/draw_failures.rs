//! Which solves of the lever table over draws do not converge, and how long
//! each takes: `cargo run --release -p brink-crisis --example draw_failures
//! -- [MODEL] [DRAWS] [SEED] [MAX_ITER]`. Prints one line per solve that ends
//! above the regret tolerance, and on stderr the `--set` values that reproduce it.
use brink_crisis::compile::DEFAULT_MAX_NODES;
use brink_crisis::{compile_at, solve_game_within, Method, Scenario};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

fn main() {
    // RUST_LOG=brink_crisis=debug shows each solver attempt of each solve.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
    let args: Vec<String> = std::env::args().collect();
    let model = args.get(1).map_or("founding-crisis", String::as_str);
    let draws: usize = args.get(2).map_or(40, |s| s.parse().unwrap());
    let seed: u64 = args.get(3).map_or(1, |s| s.parse().unwrap());
    let max_iter: usize = args.get(4).map_or(150, |s| s.parse().unwrap());
    let s = Scenario::load(model).unwrap();
    let params = s.parameters().unwrap();
    let levers = s.levers().unwrap();
    let (mut total, mut failed, mut t_ok, mut t_bad) = (0, 0, 0.0, 0.0);
    let mut work_ok = 0;
    let mut work_all = 0;
    let mut work: Vec<usize> = Vec::new();
    for index in 0..draws {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(index as u64);
        let values: Vec<(String, f64)> = params
            .iter()
            .filter_map(|p| p.dist.map(|d| (p, d)))
            .map(|(p, d)| {
                let v = d.sample(&mut rng);
                (
                    p.name.clone(),
                    p.range.map_or(v, |(lo, hi)| v.clamp(lo, hi)),
                )
            })
            .collect();
        let cases = std::iter::once(("baseline".to_string(), Vec::new()))
            .chain(levers.iter().map(|l| (l.name.clone(), l.changes.clone())));
        for (name, changes) in cases {
            let mut v = values.clone();
            v.extend(changes);
            let sc = s.with_overrides(&v).unwrap();
            let cg = compile_at(&sc, None, DEFAULT_MAX_NODES).unwrap();
            let t = Instant::now();
            let eq = solve_game_within(&cg, Method::Auto, None, max_iter).unwrap();
            let dt = t.elapsed().as_secs_f64();
            total += 1;
            work_all += eq.evaluations;
            if eq.converged {
                t_ok += dt;
                work_ok += eq.evaluations;
                work.push(eq.evaluations);
            } else {
                failed += 1;
                t_bad += dt;
                let set: Vec<String> = v.iter().map(|(n, x)| format!("--set {n}={x}")).collect();
                println!(
                    "draw {index} {name}: regret {:.3e} (ex ante {:.1e}) in {dt:.2} s",
                    eq.max_regret(),
                    eq.max_ex_ante_regret()
                );
                eprintln!("{}", set.join(" "));
            }
        }
    }
    println!(
        "{failed} of {total} not converged; {t_ok:.1} s converged ({:.0} evaluations each), {t_bad:.1} s not; {work_all} evaluations reported (those of the attempt each solve returns)",
        work_ok as f64 / (total - failed).max(1) as f64
    );
    work.sort_unstable();
    let at = |q: f64| {
        work.get(((work.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "evaluations of converged solves: median {}, 75% {}, 90% {}, max {}",
        at(0.5),
        at(0.75),
        at(0.9),
        at(1.0)
    );
}
