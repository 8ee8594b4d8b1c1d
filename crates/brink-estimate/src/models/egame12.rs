#![allow(clippy::needless_range_loop)]
//! `egame12`: player 1 chooses L (outcome 1, utility u11) or R; after R
//! player 2 chooses L (outcome 3: u13, 0) or R (outcome 4: u14, u24).

use crate::ad::{sqrt, Link, Scalar};
use std::f64::consts::FRAC_1_SQRT_2;
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

/// [`loglik`] with its gradient and Hessian (upper triangle) in `u`, in
/// closed form: the Hessian is most of a Newton iteration's cost, and the
/// generic second-order duals spend most of theirs on entries that are
/// structurally zero here (p4 depends on u24 alone, the expected utility is
/// linear in u11, u13, u14).
#[inline]
pub(crate) fn loglik_d2(
    u: &[f64; 4],
    y: u8,
    link: Link,
    private: bool,
) -> (f64, [f64; 4], [[f64; 4]; 4]) {
    let (u11, u13, u14, u24) = (u[0], u[1], u[2], u[3]);
    let s = FRAC_1_SQRT_2;
    let z4 = u24 * s;
    let (p4, dp, ddp) = link.cdf_parts(z4);
    let (p4t, p4tt) = (dp * s, ddp * 0.5);
    let d = u14 - u13;
    let num = u13 + p4 * d - u11;
    let ng = [-1.0, 1.0 - p4, p4, p4t * d];
    // r = 1 / sqrt(1 + p3^2 + p4^2) (private) or 1 / sqrt 2 (agent), a
    // function of u24 alone.
    let (r, rt, rtt) = if private {
        let p3 = 1.0 - p4;
        let sum = 1.0 + p3 * p3 + p4 * p4;
        let sp = 4.0 * p4 - 2.0;
        let r = 1.0 / sum.sqrt();
        let r3 = r * r * r;
        let drdp = -0.5 * r3 * sp;
        let d2rdp2 = 0.75 * r3 * r * r * sp * sp - 2.0 * r3;
        (r, drdp * p4t, d2rdp2 * p4t * p4t + drdp * p4tt)
    } else {
        (s, 0.0, 0.0)
    };
    let a = num * r;
    let ag = [ng[0] * r, ng[1] * r, ng[2] * r, ng[3] * r + num * rt];
    // Hessian of a: num's second derivatives are (u13, u24) = -p4',
    // (u14, u24) = p4', (u24, u24) = p4'' d.
    let mut ah = [[0.0; 4]; 4];
    ah[1][3] = -p4t * r + ng[1] * rt;
    ah[2][3] = p4t * r + ng[2] * rt;
    ah[0][3] = ng[0] * rt;
    ah[3][3] = p4tt * d * r + 2.0 * ng[3] * rt + num * rtt;
    let sign = if y == 0 { -1.0 } else { 1.0 };
    let (l1, d1, d2) = link.log_cdf_parts(sign * a);
    let (d1, d2) = (sign * d1, d2);
    let mut g = [0.0; 4];
    let mut h = [[0.0; 4]; 4];
    for j in 0..4 {
        g[j] = d1 * ag[j];
        for k in j..4 {
            h[j][k] = d2 * ag[j] * ag[k] + d1 * ah[j][k];
        }
    }
    let mut v = l1;
    if y != 0 {
        let sign4 = if y == 1 { -1.0 } else { 1.0 };
        let (l2, e1, e2) = link.log_cdf_parts(sign4 * z4);
        v += l2;
        g[3] += sign4 * e1 * s;
        h[3][3] += e2 * 0.5;
    }
    (v, g, h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ad::Dual2;
    use rand::{Rng, SeedableRng};

    #[test]
    fn closed_form_derivatives_match_dual_numbers() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for case in 0..4000 {
            let scale = [1.0, 5.0, 40.0][case % 3];
            let u: [f64; 4] = std::array::from_fn(|_| rng.gen_range(-scale..scale));
            let link = if case % 2 == 0 {
                Link::Probit
            } else {
                Link::Logit
            };
            let private = case % 4 < 2;
            let y = (case % 3) as u8;
            let e: [Dual2<4>; 4] = std::array::from_fn(|k| Dual2::var(u[k], k));
            let want = loglik(&e, y, link, private);
            let (v, g, h) = loglik_d2(&u, y, link, private);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
            assert!(close(v, want.v), "{u:?} {y} {v} {}", want.v);
            for j in 0..4 {
                assert!(
                    close(g[j], want.g[j]),
                    "{u:?} {y} g{j} {} {}",
                    g[j],
                    want.g[j]
                );
                for k in j..4 {
                    assert!(
                        close(h[j][k], want.h[j][k]),
                        "{u:?} {y} {link:?} {private} h{j}{k} {} {}",
                        h[j][k],
                        want.h[j][k]
                    );
                }
            }
        }
    }
}
