//! `enummixed` (exact) on the random 10x10 and 15x15 games of `bench/enum_games`
//! (written by `scripts/nash_enum_fixtures.py`; `bench/enum_vs_pygambit.sh`
//! runs pygambit on the same files).

use brink_game::Game;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn games(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/enum_games");
    let mut group = c.benchmark_group("enummixed");
    group.sample_size(10);
    for name in ["rand10x10_0", "rand10x10_1", "rand15x15_0"] {
        let game: Game =
            brink_gambit::read_game_file(&dir.join(format!("{name}.nfg"))).expect("bench game");
        group.bench_function(name, |b| {
            b.iter(|| brink_nash::enummixed::enummixed(&game, false).expect("two players"))
        });
    }
    group.finish();
}

criterion_group!(benches, games);
criterion_main!(benches);
