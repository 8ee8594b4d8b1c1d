//! `ce` on the random 10x10 and 15x15 games of `bench/enum_games`: the
//! correlated equilibrium maximising welfare, exact and in floating point.

use brink_game::Game;
use brink_nash::ce::{ce, Objective};
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;

fn games(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/enum_games");
    let mut group = c.benchmark_group("ce");
    group.sample_size(10);
    for name in ["rand10x10_0", "rand10x10_1", "rand15x15_0"] {
        let game: Game =
            brink_gambit::read_game_file(&dir.join(format!("{name}.nfg"))).expect("bench game");
        for float in [false, true] {
            let label = format!("{name}_{}", if float { "float" } else { "exact" });
            group.bench_function(label, |b| {
                b.iter(|| ce(&game, &Objective::Welfare, float).expect("solvable"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, games);
criterion_main!(benches);
