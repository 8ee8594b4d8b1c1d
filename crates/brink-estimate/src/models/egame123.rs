//! `egame123`: three players in sequence. Player 1: L ends with outcome 1
//! (u11); R passes to player 2: L ends with outcome 3 (u13, u23); R passes
//! to player 3: L gives outcome 5 (u15, u25, 0), R outcome 6 (u16, u26,
//! u36).

use crate::ad::{sqrt, Link, Scalar};
use std::f64::consts::SQRT_2;

/// Log-probability of outcome `y` (0..4: outcomes 1, 3, 5, 6) given `u =
/// [u11, u13, u15, u16, u23, u25, u26, u36]` (already divided by sigma).
#[inline]
pub(crate) fn loglik<S: Scalar>(u: &[S], y: u8, link: Link, private: bool) -> S {
    let (u11, u13, u15, u16) = (u[0], u[1], u[2], u[3]);
    let (u23, u25, u26, u36) = (u[4], u[5], u[6], u[7]);
    let z6 = u36 / SQRT_2;
    let p6 = link.cdf(z6);
    let p5 = S::cst(1.0) - p6;
    let num4 = p5 * u25 + p6 * u26 - u23;
    let b = if private {
        num4 / sqrt(p5 * p5 + p6 * p6 + 1.0)
    } else {
        num4 / SQRT_2
    };
    let p4 = link.cdf(b);
    let p3 = S::cst(1.0) - p4;
    let num2 = p3 * u13 + p4 * (p5 * u15 + p6 * u16) - u11;
    let a = if private {
        let p45 = p4 * p5;
        let p46 = p4 * p6;
        num2 / sqrt(p3 * p3 + p45 * p45 + p46 * p46 + 1.0)
    } else {
        num2 / SQRT_2
    };
    match y {
        0 => link.log_cdf(-a),
        1 => link.log_cdf(a) + link.log_cdf(-b),
        2 => link.log_cdf(a) + link.log_cdf(b) + link.log_cdf(-z6),
        _ => link.log_cdf(a) + link.log_cdf(b) + link.log_cdf(z6),
    }
}
