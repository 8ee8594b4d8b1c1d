use brink_crisis::compile::DEFAULT_MAX_NODES;
use brink_crisis::{compile_at, solve_game_within, Method, Scenario};
fn main() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ov: Vec<(String, f64)> = args[1..]
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect();
    let s = Scenario::load(&args[0])
        .unwrap()
        .with_overrides(&ov)
        .unwrap();
    let cg = compile_at(&s, None, DEFAULT_MAX_NODES).unwrap();
    let t = std::time::Instant::now();
    let eq = solve_game_within(&cg, Method::Auto, None, 150).unwrap();
    println!(
        "{:?} regret {:e} evals {} iters {}",
        t.elapsed(),
        eq.max_regret(),
        eq.evaluations,
        eq.iterations
    );
    let g = &cg.game;
    let mut v: Vec<(f64, String)> = eq
        .infoset_regrets
        .iter()
        .enumerate()
        .filter(|(_, r)| **r > 1e-9)
        .map(|(i, r)| (*r, g.infosets()[i].label.clone()))
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (r, l) in v.iter().take(8) {
        println!("  {r:e} {l}");
    }
    if std::env::var_os("LABELS").is_some() {
        for p in 0..g.num_players() {
            for (k, i) in g.player_infosets(p).iter().enumerate() {
                let inf = g.infoset(*i);
                println!(
                    "P{p} #{k}: {} [{}] beh {:?}",
                    inf.label,
                    inf.actions
                        .iter()
                        .map(|a| a.label.clone())
                        .collect::<Vec<_>>()
                        .join(","),
                    eq.behavior[i.index()]
                );
            }
        }
    }
    for (p, pcs) in eq.pieces.iter().enumerate() {
        println!(
            "player {p}: {:?}",
            pcs.iter()
                .map(|pc| (pc.lo, pc.hi, pc.mass, pc.choice.clone(), pc.line))
                .collect::<Vec<_>>()
        );
    }
}
#[allow(dead_code)]
fn unused() {}
