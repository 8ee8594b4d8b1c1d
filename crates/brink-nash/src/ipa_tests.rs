//! Unit tests of `ipa`, kept apart so the module stays short.
use super::homotopy::pivot;
use super::*;
use rand::{Rng, SeedableRng};

/// Makes `c` basic in row `r` of the row-major tableau `t` (`cols` wide):
/// the pivot as it was before the tableau was stored column by column.
fn pivot_rows(t: &mut [f64], cols: usize, basis: &mut [usize], r: usize, c: usize) {
    let (before, rest) = t.split_at_mut(r * cols);
    let (row, after) = rest.split_at_mut(cols);
    let pv = row[c];
    row.iter_mut().for_each(|v| *v /= pv);
    for other in before
        .chunks_exact_mut(cols)
        .chain(after.chunks_exact_mut(cols))
    {
        let f = other[c];
        if f != 0.0 {
            for (o, &v) in other.iter_mut().zip(&*row) {
                *o -= f * v;
            }
        }
    }
    basis[r] = c;
}

/// The start as the pivots make it: each top strategy into its player's
/// sum row, each value into its top strategy's row, the rows then put
/// in the order values, top strategies, other slacks.
fn start_by_pivots(work: &mut Work) -> Vec<f64> {
    let (m, n) = (work.m, work.n);
    let (vv, lam, rhs) = (2 * m, 2 * m + n, 2 * m + n + 1);
    let cols = rhs + 1;
    let mut t = vec![0.0; (m + n) * cols];
    for r in 0..m {
        let row = &mut t[r * cols..(r + 1) * cols];
        row[..m].copy_from_slice(&work.p[r * m..(r + 1) * m]);
        row[m + r] = 1.0;
        row[vv + work.owner[r]] = -1.0;
        row[lam] = work.g[r];
        t[(m + work.owner[r]) * cols + r] = 1.0;
    }
    for i in 0..n {
        t[(m + i) * cols + rhs] = 1.0;
    }
    let mut basis = vec![0; m + n];
    for i in 0..n {
        pivot_rows(&mut t, cols, &mut basis, m + i, work.top[i]);
    }
    for i in 0..n {
        pivot_rows(&mut t, cols, &mut basis, work.top[i], vv + i);
    }
    let order = work
        .top
        .iter()
        .copied()
        .chain(m..m + n)
        .chain((0..m).filter(|r| !work.top.contains(r)));
    order
        .flat_map(|r| t[r * cols..(r + 1) * cols].to_vec())
        .collect()
}

#[test]
fn the_written_start_is_the_pivoted_one_to_the_bit() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(19);
    for shape in [&[2, 2, 2][..], &[3, 2, 4], &[2, 3, 2, 2], &[4, 4]] {
        let mut offsets = vec![0];
        for &k in shape {
            offsets.push(offsets.last().unwrap() + k);
        }
        let m = offsets[shape.len()];
        let table = Table {
            shape: shape.to_vec(),
            offsets,
            payoffs: vec![vec![0.0; shape.iter().product()]; shape.len()],
            range: 1.0,
        };
        // A perturbation whose top strategy is not always the first.
        let g: Vec<f64> = (0..m).map(|_| rng.gen_range(0.0..1.0)).collect();
        let n = shape.len();
        let (mut floats, mut indices) =
            (vec![0.0; Work::floats(m, n)], vec![0; Work::indices(m, n)]);
        let mut work = Work::new(&table, &g, &mut floats, &mut indices);
        for _ in 0..5 {
            // Some entries exactly zero, as the pivots skip those rows.
            for a in work.p.iter_mut() {
                *a = if rng.gen_bool(0.2) {
                    0.0
                } else {
                    rng.gen_range(-2.0..2.0)
                };
            }
            let want = start_by_pivots(&mut work);
            work.start_tableau();
            // The written tableau keeps the rows after the values' and
            // drops the values' columns, which are zero in those rows.
            let n = shape.len();
            let cols = 2 * m + n + 2;
            let kept: Vec<usize> = (0..2 * m).chain([2 * m + n, 2 * m + n + 1]).collect();
            for k in 0..m {
                let row = &want[(n + k) * cols..(n + k + 1) * cols];
                assert!(row[2 * m..2 * m + n].iter().all(|&v| v == 0.0));
                for (c, &w) in kept.iter().enumerate() {
                    let got = work.tableau[c * m + k];
                    assert_eq!(got.to_bits(), row[w].to_bits(), "{shape:?} {k} {c}");
                }
            }
            for i in 0..n {
                assert_eq!(work.basis[i], work.top[i]);
            }
        }
    }
}

#[test]
fn the_column_pivot_is_the_row_pivot() {
    // Pivots chosen as the homotopy might, on tableaus with exact zeros:
    // every entry the same number as the row-major pivot makes it (zeros
    // may differ in sign only, which `==` ignores).
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(29);
    for (rows, cols) in [(4, 10), (7, 16), (12, 26)] {
        // The homotopy's shape: `2m + 2` columns for `m` rows.
        let mut column = vec![0.0; rows];
        let mut by_rows: Vec<f64> = (0..rows * cols)
            .map(|_| {
                if rng.gen_bool(0.4) {
                    0.0
                } else {
                    rng.gen_range(-3.0..3.0)
                }
            })
            .collect();
        let mut by_cols = vec![0.0; rows * cols];
        let (mut basis_r, mut basis_c) = (vec![0; rows], vec![0; rows]);
        for _ in 0..20 {
            let c = rng.gen_range(0..cols);
            let Some(r) = (0..rows).find(|&r| by_rows[r * cols + c].abs() > 0.5) else {
                continue;
            };
            for k in 0..rows {
                for j in 0..cols {
                    by_cols[j * rows + k] = by_rows[k * cols + j];
                }
            }
            pivot_rows(&mut by_rows, cols, &mut basis_r, r, c);
            pivot(&mut by_cols, rows, &mut basis_c, r, c, &mut column);
            assert_eq!(basis_r, basis_c);
            for k in 0..rows {
                for j in 0..cols {
                    let (a, b) = (by_rows[k * cols + j], by_cols[j * rows + k]);
                    assert!(a == b, "{rows}x{cols} ({k}, {j}): {a} vs {b}");
                    if a != 0.0 {
                        assert_eq!(a.to_bits(), b.to_bits());
                    }
                }
            }
        }
    }
}

#[test]
fn pure_regret_is_the_full_pass_regret() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(23);
    for shape in [&[3, 3, 3][..], &[2, 3, 2, 2], &[4, 2], &[2, 2, 3, 2, 2]] {
        let mut offsets = vec![0];
        for &k in shape {
            offsets.push(offsets.last().unwrap() + k);
        }
        let m = offsets[shape.len()];
        let cells: usize = shape.iter().product();
        let table = Table {
            shape: shape.to_vec(),
            offsets,
            payoffs: (0..shape.len())
                .map(|_| (0..cells).map(|_| rng.gen_range(-5.0..5.0)).collect())
                .collect(),
            range: 10.0,
        };
        let (g, n) = (vec![0.0; m], shape.len());
        let (mut floats, mut indices) =
            (vec![0.0; Work::floats(m, n)], vec![0; Work::indices(m, n)]);
        let work = Work::new(&table, &g, &mut floats, &mut indices);
        let mut values = vec![0.0; m];
        for _ in 0..20 {
            work.pure.fill(0.0);
            for i in 0..shape.len() {
                let r = rng.gen_range(table.offsets[i]..table.offsets[i + 1]);
                work.pure[r] = 1.0;
            }
            let want = table.regret_into(work.pure, &mut values);
            let got = work.pure_regret();
            assert!((got - want).abs() < 1e-12, "{shape:?}: {got} vs {want}");
        }
    }
}
