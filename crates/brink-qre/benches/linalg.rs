//! The hand-written dense linear algebra that brink-qre and brink-estimate
//! had, against nalgebra, on the sizes they use: square solves of the logit
//! Newton steps and Cholesky solves and inverses of the estimation Hessians
//! (5 to 60 unknowns), and the tracer's step (QR of the transposed
//! Jacobian, tangent, orientation and three minimum-norm corrections) for
//! 5 to 200 log-probabilities. The hand-written LU, Cholesky and inverse
//! live here only, as the baseline; the nalgebra solves and inverses are
//! what the crates run. The tracer step is the other way round: the crate
//! keeps its hand-written QR (copied here), and the nalgebra step here is
//! the alternative it declined.
//!
//! `cargo bench -p brink-qre --bench linalg` prints the two variants of one
//! size one after the other; `python3 bench/linalg_vs_hand.py` runs it and
//! prints the ratios.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

// ---- The baseline: hand-written, as the crates had it. ----

/// Gaussian elimination with partial pivoting (brink-qre's `lu_solve`).
fn hand_lu_solve(mut a: Vec<f64>, mut b: Vec<f64>, k: usize) -> Option<Vec<f64>> {
    for c in 0..k {
        let piv = (c..k).max_by(|&i, &j| a[i * k + c].abs().total_cmp(&a[j * k + c].abs()))?;
        if a[piv * k + c].abs() < 1e-300 {
            return None;
        }
        if piv != c {
            for j in 0..k {
                a.swap(piv * k + j, c * k + j);
            }
            b.swap(piv, c);
        }
        let d = a[c * k + c];
        for r in c + 1..k {
            let f = a[r * k + c] / d;
            if f != 0.0 {
                for j in c..k {
                    a[r * k + j] -= f * a[c * k + j];
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; k];
    for r in (0..k).rev() {
        let s: f64 = (r + 1..k).map(|j| a[r * k + j] * x[j]).sum();
        x[r] = (b[r] - s) / a[r * k + r];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// brink-estimate's `cholesky` (row-major lower factor).
fn hand_cholesky(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Some(l)
}

/// brink-estimate's `chol_solve`.
fn hand_chol_solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut y = b.to_vec();
    for i in 0..p {
        for k in 0..i {
            y[i] -= l[i * p + k] * y[k];
        }
        y[i] /= l[i * p + i];
    }
    for i in (0..p).rev() {
        for k in i + 1..p {
            y[i] -= l[k * p + i] * y[k];
        }
        y[i] /= l[i * p + i];
    }
    y
}

/// brink-estimate's `spd_inverse`.
fn hand_spd_inverse(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let l = hand_cholesky(a, p)?;
    let mut inv = vec![0.0; p * p];
    for j in 0..p {
        let mut e = vec![0.0; p];
        e[j] = 1.0;
        let c = hand_chol_solve(&l, p, &e);
        for i in 0..p {
            inv[i * p + j] = c[i];
        }
    }
    Some(inv)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// brink-qre's Householder QR of `J^T` (`linalg::Qr`), without its
/// parallel column updates, which start above 160 log-probabilities: the
/// comparison is of one thread against one thread.
struct HandQr {
    n: usize,
    m: usize,
    a: Vec<f64>,
    v: Vec<f64>,
    beta: Vec<f64>,
    rdiag: Vec<f64>,
}

impl HandQr {
    fn new(mut a: Vec<f64>, n: usize, m: usize) -> HandQr {
        let mut v = vec![0.0; n * m];
        let mut beta = vec![0.0; m];
        let mut rdiag = vec![0.0; m];
        for k in 0..m {
            let (done, rest) = a.split_at_mut((k + 1) * n);
            let col = &done[k * n..];
            let norm = dot(&col[k..], &col[k..]).sqrt();
            if norm == 0.0 {
                continue;
            }
            let alpha = if col[k] > 0.0 { -norm } else { norm };
            let vk = &mut v[k * n..(k + 1) * n];
            vk[k..].copy_from_slice(&col[k..]);
            vk[k] -= alpha;
            let vnorm2: f64 = vk[k..].iter().map(|x| x * x).sum();
            if vnorm2 == 0.0 {
                rdiag[k] = alpha;
                continue;
            }
            let b = 2.0 / vnorm2;
            beta[k] = b;
            rdiag[k] = alpha;
            let vk = &vk[k..];
            for colj in rest.chunks_exact_mut(n) {
                let s = dot(vk, &colj[k..]);
                if s != 0.0 {
                    let f = b * s;
                    for (y, x) in colj[k..].iter_mut().zip(vk) {
                        *y -= f * x;
                    }
                }
            }
        }
        HandQr {
            n,
            m,
            a,
            v,
            beta,
            rdiag,
        }
    }

    fn apply_q(&self, z: &mut [f64]) {
        let n = self.n;
        for k in (0..self.m).rev() {
            if self.beta[k] == 0.0 {
                continue;
            }
            let vk = &self.v[k * n + k..(k + 1) * n];
            let s = dot(vk, &z[k..]);
            let f = self.beta[k] * s;
            for (y, x) in z[k..].iter_mut().zip(vk) {
                *y -= f * x;
            }
        }
    }

    fn tangent(&self) -> Vec<f64> {
        let mut z = vec![0.0; self.n];
        z[self.n - 1] = 1.0;
        self.apply_q(&mut z);
        z
    }

    fn det_sign(&self) -> f64 {
        let reflections = self.beta.iter().filter(|&&b| b != 0.0).count();
        let diag = self.rdiag.iter().fold(1.0f64, |s, d| s * d.signum());
        if reflections % 2 == 0 {
            diag
        } else {
            -diag
        }
    }

    fn solve_min_norm(&self, h: &[f64]) -> Vec<f64> {
        let (n, m) = (self.n, self.m);
        let mut z = vec![0.0; n];
        for i in 0..m {
            let col = &self.a[i * n..];
            let s: f64 = (0..i).map(|k| col[k] * z[k]).sum();
            z[i] = (h[i] - s) / self.rdiag[i];
        }
        self.apply_q(&mut z);
        z
    }
}

// ---- nalgebra. ----

/// As `brink_qre::linalg::lu_solve`.
fn nalgebra_lu_solve(a: Vec<f64>, b: Vec<f64>, k: usize) -> Option<Vec<f64>> {
    let mut m = DMatrix::from_vec(k, k, a);
    m.transpose_mut();
    let lu = m.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() < 1e-300) {
        return None;
    }
    let mut x = DVector::from_vec(b);
    lu.solve_mut(&mut x);
    let x: Vec<f64> = x.data.into();
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// As `brink_estimate::optim::spd_solve`.
fn nalgebra_spd_solve(a: &[f64], p: usize, b: &[f64]) -> Option<Vec<f64>> {
    let c = DMatrix::from_row_slice(p, p, a).cholesky()?;
    if !c.l_dirty().diagonal().iter().all(|d| d.is_finite()) {
        return None;
    }
    let mut x = DVector::from_column_slice(b);
    c.solve_mut(&mut x);
    Some(x.data.into())
}

/// As `brink_estimate::optim::spd_inverse`.
fn nalgebra_spd_inverse(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let c = DMatrix::from_row_slice(p, p, a).cholesky()?;
    if !c.l_dirty().diagonal().iter().all(|d| d.is_finite()) {
        return None;
    }
    Some(c.inverse().transpose().data.into())
}

/// One tracer step with nalgebra's QR. Its API gives the thin `Q` and `R`
/// but not the Householder vectors, so the tangent (the last column of the
/// full `Q`) is the part of a unit vector orthogonal to the thin `Q`'s
/// columns (the unit vector whose row of `Q` is shortest, so that the part
/// is at least `1 / sqrt(n)` long), and the orientation, `sign det [J; t]`,
/// takes an LU factorisation of its own.
fn nalgebra_step(jac: &[f64], n: usize, m: usize, hs: &[Vec<f64>]) -> (Vec<f64>, f64, Vec<f64>) {
    let a = DMatrix::from_column_slice(n, m, jac);
    let (q, r) = a.clone().qr().unpack();
    let j = (0..n)
        .min_by(|&x, &y| q.row(x).norm_squared().total_cmp(&q.row(y).norm_squared()))
        .expect("n > 0");
    let mut t = DVector::zeros(n);
    t[j] = 1.0;
    for _ in 0..2 {
        let c = q.tr_mul(&t);
        t -= &q * c;
    }
    t /= t.norm();
    let mut square = DMatrix::zeros(n, n);
    square.columns_mut(0, m).copy_from(&a);
    square.column_mut(m).copy_from(&t);
    let lu = square.lu();
    let sign =
        lu.u().diagonal().iter().fold(1.0f64, |s, d| s * d.signum()) * lu.p().determinant::<f64>();
    let mut last = Vec::new();
    for h in hs {
        let w = r
            .tr_solve_upper_triangular(&DVector::from_column_slice(h))
            .expect("regular");
        last = (&q * w).data.into();
    }
    (t.data.into(), sign, last)
}

fn hand_step(jac: &[f64], n: usize, m: usize, hs: &[Vec<f64>]) -> (Vec<f64>, f64, Vec<f64>) {
    let qr = HandQr::new(jac.to_vec(), n, m);
    let t = qr.tangent();
    let sign = qr.det_sign();
    let mut last = Vec::new();
    for h in hs {
        last = qr.solve_min_norm(h);
    }
    (t, sign, last)
}

// ---- Inputs. ----

/// A random `k x k` matrix with a dominant diagonal (regular, as the
/// Newton steps' Jacobians are away from bifurcations), row-major.
fn square(k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut a: Vec<f64> = (0..k * k).map(|_| rng.gen_range(-1.0..1.0)).collect();
    for i in 0..k {
        a[i * k + i] += k as f64;
    }
    a
}

/// `B B' + k I`: symmetric positive definite, as minus a Hessian at a maximum.
fn spd(k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let b: Vec<f64> = (0..k * k).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let mut a = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            a[i * k + j] = (0..k).map(|l| b[i * k + l] * b[j * k + l]).sum::<f64>();
        }
        a[i * k + i] += k as f64;
    }
    a
}

fn vector(k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    (0..k).map(|_| rng.gen_range(-1.0..1.0)).collect()
}

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut g = c.benchmark_group("lu_solve");
    for k in [5, 20, 60] {
        let (a, b) = (square(k, &mut rng), vector(k, &mut rng));
        let (x, y) = (
            hand_lu_solve(a.clone(), b.clone(), k).unwrap(),
            nalgebra_lu_solve(a.clone(), b.clone(), k).unwrap(),
        );
        assert!(x.iter().zip(&y).all(|(u, v)| (u - v).abs() < 1e-12));
        g.bench_with_input(BenchmarkId::new("hand", k), &k, |bch, &k| {
            bch.iter(|| hand_lu_solve(black_box(a.clone()), black_box(b.clone()), k))
        });
        g.bench_with_input(BenchmarkId::new("nalgebra", k), &k, |bch, &k| {
            bch.iter(|| nalgebra_lu_solve(black_box(a.clone()), black_box(b.clone()), k))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("cholesky_solve");
    for k in [5, 20, 60] {
        let (a, b) = (spd(k, &mut rng), vector(k, &mut rng));
        let x = hand_chol_solve(&hand_cholesky(&a, k).unwrap(), k, &b);
        let y = nalgebra_spd_solve(&a, k, &b).unwrap();
        assert!(x.iter().zip(&y).all(|(u, v)| (u - v).abs() < 1e-12));
        g.bench_with_input(BenchmarkId::new("hand", k), &k, |bch, &k| {
            bch.iter(|| {
                let l = hand_cholesky(black_box(&a), k).unwrap();
                hand_chol_solve(&l, k, black_box(&b))
            })
        });
        g.bench_with_input(BenchmarkId::new("nalgebra", k), &k, |bch, &k| {
            bch.iter(|| nalgebra_spd_solve(black_box(&a), k, black_box(&b)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("spd_inverse");
    for k in [5, 20, 60] {
        let a = spd(k, &mut rng);
        let (x, y) = (
            hand_spd_inverse(&a, k).unwrap(),
            nalgebra_spd_inverse(&a, k).unwrap(),
        );
        assert!(x.iter().zip(&y).all(|(u, v)| (u - v).abs() < 1e-12));
        g.bench_with_input(BenchmarkId::new("hand", k), &k, |bch, &k| {
            bch.iter(|| hand_spd_inverse(black_box(&a), k))
        });
        g.bench_with_input(BenchmarkId::new("nalgebra", k), &k, |bch, &k| {
            bch.iter(|| nalgebra_spd_inverse(black_box(&a), k))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("tracer_step");
    for m in [5, 20, 60, 200] {
        let n = m + 1;
        let jac = vector(n * m, &mut rng);
        let hs: Vec<Vec<f64>> = (0..3).map(|_| vector(m, &mut rng)).collect();
        let (t1, s1, d1) = hand_step(&jac, n, m, &hs);
        let (t2, s2, d2) = nalgebra_step(&jac, n, m, &hs);
        // The kernel vector is fixed up to sign, and the orientation with it.
        let flip = t1.iter().zip(&t2).map(|(u, v)| u * v).sum::<f64>().signum();
        assert!(t1.iter().zip(&t2).all(|(u, v)| (u - flip * v).abs() < 1e-9));
        assert_eq!(s1, flip * s2);
        assert!(d1.iter().zip(&d2).all(|(u, v)| (u - v).abs() < 1e-9));
        g.bench_with_input(BenchmarkId::new("hand", m), &m, |bch, &m| {
            bch.iter(|| hand_step(black_box(&jac), n, m, &hs))
        });
        g.bench_with_input(BenchmarkId::new("nalgebra", m), &m, |bch, &m| {
            bch.iter(|| nalgebra_step(black_box(&jac), n, m, &hs))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
