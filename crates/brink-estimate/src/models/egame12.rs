//! `egame12`: player 1 chooses L (outcome 1, utility u11) or R; after R
//! player 2 chooses L (outcome 3: u13, 0) or R (outcome 4: u14, u24).

use crate::ad::{sqrt, Link, Scalar};
use std::f64::consts::SQRT_2;

/// Log-probability of outcome `y` (0: outcome 1, 1: outcome 3, 2: outcome 4)
/// given utilities `u = [u11, u13, u14, u24]` (already divided by sigma).
///
/// Agent error: `p4 = F(u24 / sqrt 2)`, `p2 = F((p3 u13 + p4 u14 - u11) /
/// sqrt 2)`. Private information: `p4 = Phi(u24 / sqrt 2)`, `p2 =
/// Phi((p3 u13 + p4 u14 - u11) / sqrt(1 + p3^2 + p4^2))`.
#[inline]
pub(crate) fn loglik<S: Scalar>(u: &[S], y: u8, link: Link, private: bool) -> S {
    let (u11, u13, u14, u24) = (u[0], u[1], u[2], u[3]);
    let z4 = u24 / SQRT_2;
    if y == 0 {
        // Only player 1's choice matters, but its probability involves p3, p4.
        let a = stage1(u11, u13, u14, z4, link, private);
        return link.log_cdf(-a);
    }
    let a = stage1(u11, u13, u14, z4, link, private);
    let lp2 = link.log_cdf(a);
    if y == 1 {
        lp2 + link.log_cdf(-z4)
    } else {
        lp2 + link.log_cdf(z4)
    }
}

#[inline]
fn stage1<S: Scalar>(u11: S, u13: S, u14: S, z4: S, link: Link, private: bool) -> S {
    let p4 = link.cdf(z4);
    let p3 = S::cst(1.0) - p4;
    let num = p3 * u13 + p4 * u14 - u11;
    if private {
        num / sqrt(p3 * p3 + p4 * p4 + 1.0)
    } else {
        num / SQRT_2
    }
}
