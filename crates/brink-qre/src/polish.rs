//! The end of the branch: solving for its limit on the support it has found.
//!
//! Far out on the branch the logit equations get stiff. Probabilities that
//! stay interior must make their owners indifferent to within `O(1/lambda)`,
//! so the corrector has to resolve them ever more finely while the predictor
//! takes ever longer steps; near a non-isolated limit the Jacobian also loses
//! rank like a power of lambda. This is where tracers stall (Gambit issue 492).
//!
//! The limit itself solves simpler equations: on the actions the branch still
//! plays (probability at least `SUPPORT`), each agent (player, or reached
//! information set) is exactly indifferent and its probabilities sum to one;
//! the other actions have probability zero. Newton's method on that square
//! system, started from the branch point, lands on the limit. The caller
//! accepts the result only if its regret meets the bound and it lies close to
//! the branch point, so that it is the equilibrium the branch selects.

use crate::linalg::lu_solve;
use nalgebra::{DMatrix, DVector};

/// Actions played at least this often on the branch are in the support.
const SUPPORT: f64 = 1e-3;
/// Largest move from the branch point that still counts as its limit.
const MAX_MOVE: f64 = 2e-2;

/// What polishing needs from a logit system.
pub(crate) trait Polish {
    /// Each agent's variables, as `(offset, count)`.
    fn blocks(&self) -> Vec<(usize, usize)>;
    /// Action values `v[var]` and their Jacobian `dv[row * m + col]` with
    /// respect to the log-probabilities, at `y` (entries may be `-inf`).
    fn values_jacobian(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>);
    /// Agents whose choices do not matter at `y` (never reached), by block.
    fn frozen(&self, y: &[f64]) -> Vec<bool>;
}

/// The limit found by [`polish`].
pub(crate) struct Limit {
    /// The point, in log-probabilities (`-inf` off the support).
    pub z: Vec<f64>,
    /// Whether the limit equations are regular there (an isolated solution).
    /// Where they are not, the limit lies on a continuum of equilibria and
    /// the solve picks the point of it nearest the branch point, which is
    /// not where the branch converges: the caller then keeps tracing, and
    /// uses such a point only when the trace cannot go on.
    pub regular: bool,
    /// Largest change of a probability from the branch point.
    pub moved: f64,
}

/// Solves the limit equations on the branch point's support; `None` if
/// Newton's method does not converge there or leaves the neighbourhood.
pub(crate) fn polish<S: Polish>(sys: &S, y: &[f64], m: usize) -> Option<Limit> {
    let blocks = sys.blocks();
    let mut z = y.to_vec();
    // Restrict to the support: drop rare actions, renormalise the rest.
    for &(o, k) in &blocks {
        let total: f64 = (o..o + k)
            .map(|v| y[v].exp())
            .filter(|&p| p >= SUPPORT)
            .sum();
        for v in o..o + k {
            let p = y[v].exp();
            z[v] = if p >= SUPPORT {
                (p / total).ln()
            } else {
                f64::NEG_INFINITY
            };
        }
    }
    let frozen = sys.frozen(&z);
    // Unknowns: supported actions of agents that are reached.
    let mut unknowns = Vec::new();
    for (b, &(o, k)) in blocks.iter().enumerate() {
        if !frozen[b] {
            unknowns.extend((o..o + k).filter(|&v| z[v].is_finite()));
        }
    }
    let size = unknowns.len();
    if size == 0 {
        return Some(Limit {
            z,
            regular: true,
            moved: 0.0,
        });
    }
    let mut col_of = vec![usize::MAX; m];
    for (c, &v) in unknowns.iter().enumerate() {
        col_of[v] = c;
    }
    let mut regular = false;
    for _ in 0..60 {
        let (v, dv) = sys.values_jacobian(&z);
        let mut res = Vec::with_capacity(size);
        let mut jac = Vec::with_capacity(size * size);
        for (b, &(o, k)) in blocks.iter().enumerate() {
            if frozen[b] {
                continue;
            }
            let supp: Vec<usize> = (o..o + k).filter(|&i| z[i].is_finite()).collect();
            res.push(supp.iter().map(|&i| z[i].exp()).sum::<f64>() - 1.0);
            let mut row = vec![0.0; size];
            for &i in &supp {
                row[col_of[i]] = z[i].exp();
            }
            jac.extend(row);
            let a0 = supp[0];
            for &a in &supp[1..] {
                res.push(v[a] - v[a0]);
                jac.extend(unknowns.iter().map(|&c| dv[a * m + c] - dv[a0 * m + c]));
            }
        }
        let norm: f64 = res.iter().map(|r| r * r).sum::<f64>().sqrt();
        if !norm.is_finite() {
            return None;
        }
        regular = pivot_ratio(&jac, size) > 1e-9;
        if norm < 1e-13 {
            break;
        }
        let d = damped_step(&jac, &res, size)?;
        for (c, &vi) in unknowns.iter().enumerate() {
            z[vi] -= d[c];
        }
        if d.iter().map(|x| x * x).sum::<f64>().sqrt() < 1e-14 {
            break;
        }
    }
    let moved = (0..m)
        .map(|v| (z[v].exp() - y[v].exp()).abs())
        .fold(0.0, f64::max);
    (moved <= MAX_MOVE && z[..m].iter().all(|x| !x.is_nan())).then_some(Limit { z, regular, moved })
}

/// Smallest over largest pivot of LU with partial pivoting (`a` row-major,
/// `k x k`): a cheap test of how far a square matrix is from singular.
fn pivot_ratio(a: &[f64], k: usize) -> f64 {
    let lu = DMatrix::from_row_slice(k, k, a).lu();
    let pivots = lu.u().diagonal().abs();
    let (lo, hi) = (pivots.min(), pivots.max());
    if hi > 0.0 {
        lo / hi
    } else {
        0.0
    }
}

/// A Levenberg–Marquardt step `(J^T J + eps I) d = J^T r`: the Newton step
/// where `J` is regular, and a short step along the solution set where the
/// limit is not isolated (then `J` is singular and plain Newton fails).
fn damped_step(jac: &[f64], res: &[f64], size: usize) -> Option<Vec<f64>> {
    let j = DMatrix::from_row_slice(size, size, jac);
    let mut normal = j.tr_mul(&j);
    let rhs = j.tr_mul(&DVector::from_column_slice(res));
    let scale = normal.diagonal().max();
    for i in 0..size {
        normal[(i, i)] += 1e-12 * scale.max(1e-300);
    }
    // Symmetric, so the row-major copy that `lu_solve` reads is the matrix.
    lu_solve(normal.data.into(), rhs.data.into(), size)
}
