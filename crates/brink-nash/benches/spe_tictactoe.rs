//! Reading the full tic-tac-toe `.efg` (549,946 nodes) and solving it with
//! `spe`, exact and in floating point.

#[path = "../examples/tictactoe_efg.rs"]
mod tictactoe_efg;

use brink_game::Game;
use criterion::{criterion_group, criterion_main, Criterion};

fn tictactoe(c: &mut Criterion) {
    let text = brink_gambit::write_efg(&tictactoe_efg::tictactoe());
    let mut group = c.benchmark_group("tictactoe");
    group.sample_size(10);
    group.bench_function("read", |b| {
        b.iter(|| brink_gambit::read_game(&text, "ttt").expect("valid"))
    });
    let game = brink_gambit::read_game(&text, "ttt").expect("valid");
    group.bench_function("spe_exact", |b| {
        b.iter(|| brink_nash::spe::spe(&game, false).expect("perfect information"))
    });
    group.bench_function("spe_float", |b| {
        b.iter(|| brink_nash::spe::spe(&game, true).expect("perfect information"))
    });
    group.bench_function("read_and_spe_exact", |b| {
        b.iter(|| {
            let game: Game = brink_gambit::read_game(&text, "ttt").expect("valid");
            brink_nash::spe::spe(&game, false).expect("perfect information")
        })
    });
    group.finish();
}

criterion_group!(benches, tictactoe);
criterion_main!(benches);
