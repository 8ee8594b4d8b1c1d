//! Unit tests of `nplayer`, kept apart so the module stays short.
use super::*;
use rand::{Rng, SeedableRng};

/// A table of random payoffs (some cells zero) and a random flat
/// profile with some probabilities exactly zero, as `ipa` and Newton's
/// method meet them.
fn random_case(shape: &[usize], seed: u64) -> (Table, Vec<f64>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let cells: usize = shape.iter().product();
    let payoffs = (0..shape.len())
        .map(|_| {
            (0..cells)
                .map(|_| {
                    if rng.gen_bool(0.1) {
                        0.0
                    } else {
                        rng.gen_range(-9.0..9.0)
                    }
                })
                .collect()
        })
        .collect();
    let mut offsets = vec![0];
    for &k in shape {
        offsets.push(offsets.last().unwrap() + k);
    }
    let table = Table {
        shape: shape.to_vec(),
        offsets,
        payoffs,
        range: 18.0,
    };
    let mut x: Vec<f64> = (0..table.strategies())
        .map(|_| {
            if rng.gen_bool(0.3) {
                0.0
            } else {
                rng.gen_range(0.0..1.0)
            }
        })
        .collect();
    for i in 0..shape.len() {
        let part = &mut x[table.offsets[i]..table.offsets[i + 1]];
        part[0] += 0.1;
        let total: f64 = part.iter().sum();
        part.iter_mut().for_each(|p| *p /= total);
    }
    (table, x)
}

/// The definitions, cell by cell: player `i`'s payoff times the others'
/// probabilities (all of them for a value, all but `j`'s for a cross
/// value).
fn by_definition(table: &Table, x: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (n, m) = (table.players(), table.strategies());
    let (mut v, mut d) = (vec![0.0; m], vec![0.0; m * m]);
    let mut profile = vec![0; n];
    for c in 0..table.payoffs[0].len() {
        let at: Vec<usize> = (0..n).map(|k| table.offsets[k] + profile[k]).collect();
        for i in 0..n {
            let u = table.payoffs[i][c];
            let others = |skip: usize| -> f64 {
                (0..n)
                    .filter(|&k| k != i && k != skip)
                    .map(|k| x[at[k]])
                    .product()
            };
            v[at[i]] += u * others(i);
            for j in (0..n).filter(|&j| j != i) {
                d[at[i] * m + at[j]] += u * others(j);
            }
        }
        advance(&mut profile, &table.shape);
    }
    (v, d)
}

#[test]
fn three_and_four_player_loops_agree_with_the_walk_bit_for_bit() {
    for (k, shape) in [
        &[3, 3, 3][..],
        &[2, 4, 3],
        &[2, 2, 2, 2],
        &[3, 2, 2, 2],
        &[2, 3, 1, 2],
    ]
    .iter()
    .enumerate()
    {
        for seed in 0..20 {
            let (table, x) = random_case(shape, 100 * k as u64 + seed);
            let m = table.strategies();
            let (mut d, mut walked) = (vec![0.0; m * m], vec![0.0; m * m]);
            table.cross_values_into(&x, &mut d);
            table.cross_values_walk(&x, &mut walked);
            assert_eq!(d, walked, "{shape:?} seed {seed}");
            let (mut v, mut v_walked) = (vec![0.0; m], vec![0.0; m]);
            table.values_into(&x, &mut v);
            table.values_walk(&x, &mut v_walked);
            assert_eq!(v, v_walked, "{shape:?} seed {seed}");
            let (v_def, d_def) = by_definition(&table, &x);
            for (a, b) in v.iter().zip(&v_def).chain(d.iter().zip(&d_def)) {
                assert!((a - b).abs() < 1e-12, "{shape:?} seed {seed}: {a} vs {b}");
            }
        }
    }
}

/// Jordan's cyclic matching pennies: player 1 wants to match player 2,
/// player 2 to match player 3, player 3 to mismatch player 1. Each
/// player is indifferent only when the next mixes evenly, so the one
/// equilibrium is everyone at one half, and there is no pure one.
fn jordan() -> Table {
    let cell = |c: usize| [c & 1, (c >> 1) & 1, (c >> 2) & 1];
    let win = |won: bool| f64::from(u8::from(won));
    let payoffs = vec![
        (0..8).map(|c| win(cell(c)[0] == cell(c)[1])).collect(),
        (0..8).map(|c| win(cell(c)[1] == cell(c)[2])).collect(),
        (0..8).map(|c| win(cell(c)[2] != cell(c)[0])).collect(),
    ];
    Table {
        shape: vec![2, 2, 2],
        offsets: vec![0, 2, 4, 6],
        payoffs,
        range: 1.0,
    }
}

#[test]
fn polish_on_support_finds_the_root_of_its_support_only() {
    let table = jordan();
    let start = [0.6, 0.4, 0.45, 0.55, 0.3, 0.7];
    let x = table
        .polish_on_support(&start, 1e-12)
        .expect("the full support holds the equilibrium");
    for p in x.iter().flatten() {
        assert!((p - 0.5).abs() < 1e-12, "{x:?}");
    }
    // A pure support has no equilibrium here; nor does one pure player
    // with the others mixed, the support read from the start's zeros.
    assert!(table
        .polish_on_support(&[1.0, 0.0, 0.0, 1.0, 1.0, 0.0], 1e-12)
        .is_none());
    assert!(table
        .polish_on_support(&[0.0, 1.0, 0.45, 0.55, 0.3, 0.7], 1e-12)
        .is_none());
}

#[test]
fn a_pair_is_projected_as_the_sorted_projection_projects_it() {
    // The sort and threshold of `project_simplex_with` for any length,
    // which the two-strategy case skips: the same bits must come out.
    fn sorted_projection(y: &mut [f64]) {
        let mut sorted = y.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let (mut sum, mut theta) = (0.0, 0.0);
        for (k, &v) in sorted.iter().enumerate() {
            sum += v;
            let t = (sum - 1.0) / (k + 1) as f64;
            if v - t > 0.0 {
                theta = t;
            }
        }
        y.iter_mut().for_each(|v| *v = (*v - theta).max(0.0));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let mut pairs = vec![[0.3, 0.7], [0.7, 0.3], [0.5, 0.5], [-0.0, 0.0], [0.0, -0.0]];
    pairs.extend([
        [2.0, -1.0],
        [-3.0, 1e-17],
        [1.0 + 1e-16, -1e-16],
        [0.4, 0.4],
    ]);
    pairs.extend((0..200).map(|_| [rng.gen_range(-2.0..2.0), rng.gen_range(-2.0..2.0)]));
    for pair in pairs {
        let (mut ours, mut theirs) = (pair, pair);
        project_simplex_with(&mut ours, &mut Vec::new());
        sorted_projection(&mut theirs);
        assert_eq!(ours.map(f64::to_bits), theirs.map(f64::to_bits), "{pair:?}");
    }
}
