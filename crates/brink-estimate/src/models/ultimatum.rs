//! The statistical ultimatum game (Ramsay and Signorino 2009), as in the
//! `games` package: player 1 offers `y` in `[0, Q]`; player 2 accepts iff
//! `y >= R2 + e2`, and player 1's reservation value is `R1 + e1`, with
//! logistic shocks of scales `s1`, `s2`.
//!
//! Player 2 accepts with probability `Lambda((y - R2) / s2)`. Player 1's
//! optimal offer has CDF `F(y) = Lambda(h(y))` with
//! `h(y) = (y + R1 + s2 (1 + exp((y - R2) / s2)) - Q) / s1`;
//! offers at 0 and `Q` are censored. All terms are evaluated in log space.
//!
//! When only the offers are observed (`games`' `outcome = "offer"`), the
//! likelihood is the offer term alone; R2 and s2 are then player 1's beliefs
//! about player 2, identified only through the curvature of `h`.

use super::Obs;
use crate::ad::{exp, exp_capped, log_plogis, plogis, softplus, Scalar};

/// Largest exponent allowed for `s2 exp((y - R2)/s2)`.
const EXP_CAP: f64 = 300.0;

#[inline]
fn h_of<S: Scalar>(y: f64, fit1: S, fit2: S, ls1: S, ls2: S, q: f64) -> (S, S) {
    let d = (-fit2 + y) * exp(-ls2);
    let e = exp_capped(ls2 + d, EXP_CAP);
    let h = (fit1 + exp(ls2) + e + (y - q)) * exp(-ls1);
    (h, d)
}

/// Per-observation log-likelihood; `ls1`, `ls2` are `log s1`, `log s2`;
/// with `offer_only` the acceptance is not part of it.
#[inline]
pub(crate) fn loglik<S: Scalar>(
    fit1: S,
    fit2: S,
    ls1: S,
    ls2: S,
    obs: &Obs,
    q: f64,
    offer_only: bool,
) -> S {
    let y = match obs.censor {
        1 => 0.0,
        2 => q,
        _ => obs.offer,
    };
    let (h, d) = h_of(y, fit1, fit2, ls1, ls2, q);
    let offer = match obs.censor {
        1 => log_plogis(h),
        2 => log_plogis(-h),
        _ => log_plogis(h) + log_plogis(-h) - ls1 + softplus(d),
    };
    if offer_only {
        return offer;
    }
    let acc = if obs.accept {
        log_plogis(d)
    } else {
        log_plogis(-d)
    };
    offer + acc
}

/// `[E(offer), Pr(accept)]` as the `games` package predicts them: the
/// optimal offer at a zero shock, `Q - R1 - s2 (1 + W(exp((Q - R1 - s2 -
/// R2) / s2)))`, and the probability that it is accepted.
pub(crate) fn predict(eta: &[f64], q: f64) -> Vec<f64> {
    let (fit1, fit2) = (eta[0], eta[1]);
    let s2 = eta[3].clamp(-50.0, 50.0).exp();
    let x = (q - fit1 - s2 - fit2) / s2;
    let ey = q - fit1 - s2 * (1.0 + lambert_w_exp(x));
    vec![ey, plogis((ey - fit2) / s2)]
}

/// Lambert's W (principal branch) for `z >= 0`: the `w` with `w e^w = z`.
pub fn lambert_w(z: f64) -> f64 {
    if z.is_nan() || z < 0.0 {
        return f64::NAN;
    }
    if z == 0.0 {
        return 0.0;
    }
    if z.is_infinite() {
        return f64::INFINITY;
    }
    let mut w = if z < 1.0 {
        z / (1.0 + z)
    } else {
        z.ln() - z.ln().ln().max(0.0)
    };
    for _ in 0..50 {
        let ew = w.exp();
        let f = w * ew - z;
        let wp1 = w + 1.0;
        let step = f / (ew * wp1 - (w + 2.0) * f / (2.0 * wp1));
        w -= step;
        if step.abs() <= 1e-15 * (1.0 + w.abs()) {
            break;
        }
    }
    w
}

/// `W(exp(x))`, without overflow for large `x`.
pub(crate) fn lambert_w_exp(x: f64) -> f64 {
    if x < 500.0 {
        return lambert_w(x.exp());
    }
    // Solve w + ln w = x by Newton.
    let mut w = x - x.ln();
    for _ in 0..50 {
        let step = (w + w.ln() - x) / (1.0 + 1.0 / w);
        w -= step;
        if step.abs() <= 1e-15 * w {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert_w_inverts() {
        for &z in &[1e-300, 1e-5, 0.3, 1.0, 2.5, 100.0, 1e10, 1e300] {
            let w = lambert_w(z);
            assert!(((w * w.exp()) / z - 1.0).abs() < 1e-12, "{z} {w}");
        }
        let w = lambert_w_exp(1000.0);
        assert!((w + w.ln() - 1000.0).abs() < 1e-10);
    }

    #[test]
    fn offer_density_integrates_with_censoring_to_one() {
        // P(y = 0) + integral of the interior density + P(y = Q) = 1.
        let (fit1, fit2, ls1, ls2, q) = (3.0, 5.0, 1.2f64.ln(), 0.7f64.ln(), 15.0);
        let lik = |offer: f64, censor: u8| {
            let o = Obs {
                y: 0,
                offer,
                accept: true,
                censor,
            };
            let a = loglik(fit1, fit2, ls1, ls2, &o, q, false);
            let r = loglik(fit1, fit2, ls1, ls2, &Obs { accept: false, ..o }, q, false);
            let alone = loglik(fit1, fit2, ls1, ls2, &o, q, true).exp();
            // Summing out the acceptance leaves the offer-only density.
            assert!((a.exp() + r.exp() - alone).abs() <= 1e-12 * alone.max(1e-300));
            alone
        };
        let n = 200_000;
        let dx = q / n as f64;
        let integral: f64 = (0..n).map(|i| lik((i as f64 + 0.5) * dx, 0) * dx).sum();
        let total = lik(0.0, 1) + integral + lik(q, 2);
        assert!((total - 1.0).abs() < 1e-6, "{total}");
    }
}
