//! `egame122`: player 1 chooses L or R; player 2 then chooses L or R at
//! either node. Outcomes LL (u11, 0), LR (u12, u22), RL (u13, 0), RR (u14,
//! u24).

use crate::ad::{sqrt, Link, Scalar};
use std::f64::consts::SQRT_2;

/// Log-probability of outcome `y` (0..4: LL, LR, RL, RR) given `u = [u11,
/// u12, u13, u14, u22, u24]` (already divided by sigma).
///
/// As in the `games` package: agent error divides every utility difference
/// by `sqrt 2`; private information has unit-variance shocks on player 2's
/// utilities `u22`, `u24` and on each of player 1's four outcome utilities,
/// so player 1's choice has scale `sqrt(p3^2 + p4^2 + p5^2 + p6^2)`.
#[inline]
pub(crate) fn loglik<S: Scalar>(u: &[S], y: u8, link: Link, private: bool) -> S {
    let (u11, u12, u13, u14, u22, u24) = (u[0], u[1], u[2], u[3], u[4], u[5]);
    let (z4, z6) = if private {
        (u22, u24)
    } else {
        (u22 / SQRT_2, u24 / SQRT_2)
    };
    let p4 = link.cdf(z4);
    let p3 = S::cst(1.0) - p4;
    let p6 = link.cdf(z6);
    let p5 = S::cst(1.0) - p6;
    let num = p5 * u13 + p6 * u14 - p3 * u11 - p4 * u12;
    let a = if private {
        num / sqrt(p3 * p3 + p4 * p4 + p5 * p5 + p6 * p6)
    } else {
        num / SQRT_2
    };
    match y {
        0 => link.log_cdf(-a) + link.log_cdf(-z4),
        1 => link.log_cdf(-a) + link.log_cdf(z4),
        2 => link.log_cdf(a) + link.log_cdf(-z6),
        _ => link.log_cdf(a) + link.log_cdf(z6),
    }
}
