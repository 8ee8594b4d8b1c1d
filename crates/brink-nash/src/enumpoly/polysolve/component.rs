//! Telling a curve (or more) of roots from an isolated singular root, at
//! a box the subdivision cannot decide.
//!
//! From the box's centre, Gauss-Newton steps of least norm settle on a
//! root `p`. If the Jacobian there is rank deficient, its null direction
//! `d` is tangent to the solution set when that is a curve: the points
//! `p + e d` and `p - e d` then settle, by the same steps, on roots about
//! `e` away from `p`, where near an isolated (multiple) root they fall back
//! towards it or do not settle. Numerical evidence, not a proof: it only
//! decides when a singular support's search stops (see `solve`).

use super::{localize, System, Work};
use nalgebra::{DMatrix, DVector};

/// How far along the null direction the second and third roots start.
const STEP: f64 = 1e-4;
/// A Jacobian whose smallest singular value is below this share of its
/// largest is taken as rank deficient.
const RANK_TOL: f64 = 1e-7;

/// Whether the roots near `y` form a curve or more (see the module docs).
pub(super) fn on_component(sys: &System, offsets: &[usize], y: &[f64], w: &mut Work) -> bool {
    let Some(p) = settle(sys, offsets, DVector::from_column_slice(y), w) else {
        return false;
    };
    let (_, j) = evaluate(sys, offsets, &p, w);
    let svd = j.svd(false, true);
    let Some(v_t) = svd.v_t else { return false };
    let s = &svd.singular_values;
    let (least, _) = s.argmin();
    if s[least] > RANK_TOL * s.max() {
        return false;
    }
    let d = v_t.row(least).transpose();
    [1.0, -1.0].iter().all(|&sign| {
        settle(sys, offsets, &p + &d * (sign * STEP), w)
            .is_some_and(|q| (q - &p).amax() > 0.5 * STEP)
    })
}

/// The equations' values and Jacobian at `y`.
fn evaluate(
    sys: &System,
    offsets: &[usize],
    y: &DVector<f64>,
    w: &mut Work,
) -> (DVector<f64>, DMatrix<f64>) {
    let n = y.len();
    let ones = vec![1.0; n];
    let mut f = DVector::<f64>::zeros(n);
    let mut j = DMatrix::<f64>::zeros(n, n);
    for (row, p) in sys.eqs.iter().enumerate() {
        let (value, _) = localize(p, offsets, &sys.sizes, y.as_slice(), &ones, w);
        f[row] = value;
        for &(var, d, _) in &w.grad {
            j[(row, var)] = d;
        }
    }
    (f, j)
}

/// The root least-norm Gauss-Newton steps from `y` settle on (every
/// equation within 1e-11 of its coefficients' size), or `None`.
fn settle(
    sys: &System,
    offsets: &[usize],
    mut y: DVector<f64>,
    w: &mut Work,
) -> Option<DVector<f64>> {
    let scale: Vec<f64> = sys
        .eqs
        .iter()
        .map(|p| p.coef.iter().map(|c| c.abs()).sum::<f64>())
        .collect();
    for _ in 0..30 {
        let (f, j) = evaluate(sys, offsets, &y, w);
        if f.iter().zip(&scale).all(|(v, s)| v.abs() <= 1e-11 * s) {
            return Some(y);
        }
        let svd = j.svd(true, true);
        let eps = RANK_TOL * svd.singular_values.max();
        let step = svd.solve(&f, eps).ok()?;
        y -= step;
        if !y.iter().all(|v| v.is_finite()) || y.amax() > 4.0 {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{solve, Poly, System};

    /// A polynomial over blocks 0 and 1 (one variable each) from its values
    /// at the corners `(y1, y2)` = (1, 1), (1, 0), (0, 1), (0, 0).
    fn bilinear(at: [f64; 4]) -> Poly {
        Poly {
            blocks: vec![0, 1],
            coef: at.to_vec(),
        }
    }

    /// `y1 + y2 = 1` and `y1 y2 = 1/4`: a double root at (1/2, 1/2), which
    /// the subdivision cannot certify nor rule out. Isolated, it is not
    /// taken for a curve: the search goes on past it (its after-singular
    /// budget) rather than stopping there.
    #[test]
    fn a_double_root_is_not_a_curve() {
        let sys = System {
            sizes: vec![1, 1],
            eqs: vec![
                bilinear([1.0, 0.0, 0.0, -1.0]),
                bilinear([0.75, -0.25, -0.25, -0.25]),
            ],
            ineqs: vec![],
        };
        let r = solve::<()>(&sys, || Ok(())).unwrap();
        assert!(r.singular && r.roots.is_empty());
        assert!(r.boxes > super::super::AFTER_SINGULAR, "{}", r.boxes);
    }

    /// `y1 = y2` twice over (the second equation twice the first): the
    /// diagonal is a curve of roots; the search stops at the first box it
    /// cannot decide, singular, well before the after-singular budget.
    #[test]
    fn a_curve_of_roots_stops_the_search_early() {
        let sys = System {
            sizes: vec![1, 1],
            eqs: vec![
                bilinear([0.0, 1.0, -1.0, 0.0]),
                bilinear([0.0, 2.0, -2.0, 0.0]),
            ],
            ineqs: vec![],
        };
        let r = solve::<()>(&sys, || Ok(())).unwrap();
        assert!(r.singular && r.roots.is_empty() && !r.unfinished);
        assert!(r.boxes < 200, "{}", r.boxes);
    }
}
