//! The mediator row of every library model but the founding crisis (grid
//! 3): its method, P(war), the certified lower bound on the least P(war)
//! and the gap between them, and the mechanism's largest deviation gain.
fn main() {
    for name in brink_crisis::library::names() {
        if name == "founding-crisis" {
            continue; // column generation, minutes: see `fc_dump`
        }
        let s = brink_crisis::Scenario::from_library(name).unwrap();
        let game = brink_crisis::compile(&s).unwrap();
        let t = std::time::Instant::now();
        match brink_crisis::mediator::mediator(&game, 3) {
            Ok(m) => println!(
                "{name}: {} p_war {:.12} lb {:.12} gap {:.2e} gain {:.1e} ({:.1} s)",
                m.method,
                m.p_war,
                m.lower_bound,
                m.p_war - m.lower_bound,
                m.max_gain,
                t.elapsed().as_secs_f64()
            ),
            Err(e) => println!("{name}: err {e}"),
        }
    }
}
