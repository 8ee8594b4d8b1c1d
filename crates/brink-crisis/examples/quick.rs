//! Prints the report of a model: `cargo run -p brink-crisis --example quick -- NAME [k=v ...]`.
//! With `BRINK_CRISIS_TIME` set, prints the size of the game and where the time goes.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `name=value` pairs; the binary's parser is not a library function.
    let ov: Vec<(String, f64)> = args[1..]
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("write name=value");
            (k.to_string(), v.parse().expect("a number"))
        })
        .collect();
    if std::env::var_os("BRINK_CRISIS_TIME").is_some() {
        let s = brink_crisis::Scenario::load(&args[0])
            .unwrap()
            .with_overrides(&ov)
            .unwrap();
        let t = std::time::Instant::now();
        let cg = brink_crisis::compile(&s).unwrap();
        eprintln!(
            "compile: {:?}, {} nodes, {} infosets",
            t.elapsed(),
            cg.game.num_nodes(),
            cg.game.infosets().len()
        );
        let t = std::time::Instant::now();
        let eq = brink_crisis::solve_game(&cg, brink_crisis::Method::Auto).unwrap();
        eprintln!("solve: {:?}, {} iterations", t.elapsed(), eq.iterations);
        let t = std::time::Instant::now();
        let _ = brink_crisis::solve(&s, brink_crisis::Method::Auto).unwrap();
        eprintln!("solve + report: {:?}", t.elapsed());
    }
    match brink_crisis::run(&args[0], &ov, brink_crisis::Method::Auto) {
        Ok(r) => print!("{}", r.to_text()),
        Err(e) => eprintln!("error: {e}"),
    }
}
