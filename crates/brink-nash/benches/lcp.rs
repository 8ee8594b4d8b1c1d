//! Criterion benchmarks of `lcp` (exact) on corpus games and of `lp` on
//! Kuhn poker: `cargo bench -p brink-nash --bench lcp`.

#[path = "../tests/poker_games.rs"]
mod poker_games;

use brink_game::Game;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn corpus(name: &str) -> Game {
    let path = format!(
        "{}/../../testdata/gambit/contrib/games/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    brink_gambit::read_game_file(Path::new(&path)).expect("corpus game")
}

fn bench(c: &mut Criterion) {
    for name in ["artist2.efg", "holdout7.efg"] {
        let game = corpus(name);
        c.bench_function(&format!("lcp exact {name}"), |b| {
            b.iter(|| brink_nash::lcp::lcp(&game, false).unwrap())
        });
    }
    let kuhn = Game::Extensive(poker_games::kuhn());
    c.bench_function("lp exact kuhn", |b| {
        b.iter(|| brink_nash::lp::lp(&kuhn, false).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
