//! Fearon's risk-return trade-off (Fearon 1995, "Rationalist explanations for war"),
//! solved numerically, with its closed form beside it as the oracle.
//!
//! State A demands a share `x` of a good worth 1; B accepts or fights. War gives A
//! the good with probability `p` at cost `c_a`; B's cost `c_b` is private, uniform
//! on `[c_lo, c_hi]`. B accepts when `1 - x >= 1 - p - c_b`, so A's demand sets the
//! cost type `c = x - p` below which B fights.

use crate::design::Dist;
use crate::model::{Model, ModelError, ParamSpec, PointResult};

/// The risk-return model as a [`Model`]: parameters `p`, `c_a`, `c_lo`, `c_hi`;
/// outcomes `war`, `settlement`; metrics `demand` and `payoff_a`.
#[derive(Clone, Debug, Default)]
pub struct RiskReturn;

/// The closed form: A's demand `x* = p + max((c_hi - c_a)/2, c_lo)` and
/// `P(war) = max(0, ((c_hi - c_a)/2 - c_lo) / (c_hi - c_lo))`.
pub fn closed_form(p: f64, c_a: f64, c_lo: f64, c_hi: f64) -> (f64, f64) {
    let x = p + ((c_hi - c_a) / 2.0).max(c_lo);
    let war = (((c_hi - c_a) / 2.0 - c_lo) / (c_hi - c_lo)).max(0.0);
    (x, war)
}

/// A's expected payoff when B fights below cost type `c`.
fn payoff_a(c: f64, p: f64, c_a: f64, c_lo: f64, c_hi: f64) -> f64 {
    let span = c_hi - c_lo;
    (c_hi - c) / span * (p + c) + (c - c_lo) / span * (p - c_a)
}

impl Model for RiskReturn {
    fn name(&self) -> String {
        "fearon-risk-return".into()
    }

    fn parameters(&self) -> Vec<ParamSpec> {
        vec![
            ParamSpec::new("p", 0.5),
            ParamSpec::new("c_a", 0.1),
            ParamSpec::new("c_lo", 0.05),
            ParamSpec::new("c_hi", 0.4).with_dist(Dist::Uniform {
                low: 0.2,
                high: 0.6,
            }),
        ]
    }

    /// Maximises A's payoff over the cutoff numerically (it is concave), rather than
    /// by the closed form, so that tests compare the two.
    fn evaluate(&self, values: &[(String, f64)]) -> Result<PointResult, ModelError> {
        let get = |name: &str| {
            values
                .iter()
                .find(|(n, _)| n == name)
                .map(|v| v.1)
                .ok_or(format!("missing `{name}`"))
        };
        let (p, c_a, c_lo, c_hi) = (get("p")?, get("c_a")?, get("c_lo")?, get("c_hi")?);
        if !(0.0..=1.0).contains(&p) || c_a < 0.0 || c_lo < 0.0 || c_hi <= c_lo {
            return Err(format!(
                "need 0 <= p <= 1, c_a >= 0 and 0 <= c_lo < c_hi (got p={p}, c_a={c_a}, c_lo={c_lo}, c_hi={c_hi})"
            )
            .into());
        }
        let u = |c: f64| payoff_a(c, p, c_a, c_lo, c_hi);
        // Bisection on the sign of the slope (a central difference, exact for a
        // quadratic up to rounding): golden section on the payoff itself could only
        // find the flat top to about the square root of machine precision.
        let h = 1e-5 * (c_hi - c_lo);
        let slope = |c: f64| (u(c + h) - u(c - h)) / (2.0 * h);
        let (mut a, mut b) = (c_lo, c_hi);
        for _ in 0..200 {
            let m = (a + b) / 2.0;
            if slope(m) > 0.0 {
                a = m;
            } else {
                b = m;
            }
        }
        let mut c = (a + b) / 2.0;
        // A corner optimum: the slope keeps one sign all the way.
        for end in [c_lo, c_hi] {
            if u(end) > u(c) {
                c = end;
            }
        }
        let war = (c - c_lo) / (c_hi - c_lo);
        // Regret: A's gain from the best cutoff on a fine grid, B best-responds by construction.
        let best_grid = (0..=1000)
            .map(|i| u(c_lo + (c_hi - c_lo) * i as f64 / 1000.0))
            .fold(f64::NEG_INFINITY, f64::max);
        Ok(PointResult {
            outcomes: vec![("war".into(), war), ("settlement".into(), 1.0 - war)],
            metrics: vec![("demand".into(), p + c), ("payoff_a".into(), u(c))],
            regret: (best_grid - u(c)).max(0.0),
            warm: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(p: f64, c_a: f64, c_lo: f64, c_hi: f64) -> Result<PointResult, ModelError> {
        RiskReturn.evaluate(&[
            ("p".into(), p),
            ("c_a".into(), c_a),
            ("c_lo".into(), c_lo),
            ("c_hi".into(), c_hi),
        ])
    }

    #[test]
    fn numerical_optimum_matches_the_closed_form() {
        for &(p, c_a, c_lo, c_hi) in &[
            (0.5, 0.1, 0.05, 0.4),
            (0.3, 0.0, 0.0, 1.0),
            (0.5, 0.5, 0.1, 0.3),
            (0.9, 0.05, 0.2, 0.25),
        ] {
            let r = eval(p, c_a, c_lo, c_hi).unwrap();
            let (x, war) = closed_form(p, c_a, c_lo, c_hi);
            assert!(
                (r.outcomes[0].1 - war).abs() < 1e-9,
                "{:?} vs {war}",
                r.outcomes
            );
            assert!((r.metrics[0].1 - x).abs() < 1e-9);
            assert!(r.regret < 1e-12);
        }
    }

    #[test]
    fn bad_parameters_are_errors() {
        assert!(eval(0.5, 0.1, 0.4, 0.4).is_err());
        assert!(eval(1.5, 0.1, 0.0, 0.4).is_err());
        assert!(RiskReturn.evaluate(&[("p".into(), 0.5)]).is_err());
    }
}
