//! The distributions of private types and of Monte Carlo draws: CDF and the
//! partial expectation, in closed form, so cut-points are exact.

use serde::Serialize;
use statrs::function::erf::erfc;

/// A continuous distribution on the real line.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "family", rename_all = "lowercase")]
pub enum Dist {
    /// Normal with mean and standard deviation.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Logistic with location and scale.
    Logistic {
        /// Location.
        location: f64,
        /// Scale.
        scale: f64,
    },
    /// Uniform on an interval.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
}

impl Dist {
    /// Builds a distribution from its family name and two arguments, checking them.
    pub fn new(family: &str, a: f64, b: f64) -> Result<Dist, String> {
        if !a.is_finite() || !b.is_finite() {
            return Err("the arguments must be finite numbers".into());
        }
        match family {
            "normal" if b > 0.0 => Ok(Dist::Normal { mean: a, sd: b }),
            "logistic" if b > 0.0 => Ok(Dist::Logistic {
                location: a,
                scale: b,
            }),
            "uniform" if b > a => Ok(Dist::Uniform { low: a, high: b }),
            "normal" | "logistic" => Err(format!("the scale must be positive (got {b})")),
            "uniform" => Err(format!(
                "the upper bound must exceed the lower ({a} >= {b})"
            )),
            _ => Err(format!("unknown distribution `{family}`")),
        }
    }

    /// Mean.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::Logistic { location, .. } => location,
            Dist::Uniform { low, high } => (low + high) / 2.0,
        }
    }

    /// An interval holding all but a negligible (< 1e-17) part of the mass,
    /// on which envelope searches run.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Normal { mean, sd } => (mean - 9.0 * sd, mean + 9.0 * sd),
            Dist::Logistic { location, scale } => {
                (location - 40.0 * scale, location + 40.0 * scale)
            }
            Dist::Uniform { low, high } => (low, high),
        }
    }

    /// P(X <= x).
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => 0.5 * erfc(-(x - mean) / (sd * std::f64::consts::SQRT_2)),
            Dist::Logistic { location, scale } => {
                let z = (x - location) / scale;
                if z >= 0.0 {
                    1.0 / (1.0 + (-z).exp())
                } else {
                    let e = z.exp();
                    e / (1.0 + e)
                }
            }
            Dist::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
        }
    }

    /// E[X; lo < X <= hi]: the integral of x over (lo, hi] against the density.
    pub fn partial_mean(&self, lo: f64, hi: f64) -> f64 {
        if hi <= lo {
            return 0.0;
        }
        match *self {
            Dist::Normal { mean, sd } => {
                let pdf = |x: f64| {
                    let z = (x - mean) / sd;
                    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
                };
                mean * (self.cdf(hi) - self.cdf(lo)) - sd * (pdf(hi) - pdf(lo))
            }
            Dist::Logistic { location, scale } => {
                // For the standard logistic, the antiderivative of z f(z) is
                // z F(z) - log(1 + e^z).
                let anti = |x: f64| {
                    let z = ((x - location) / scale).clamp(-700.0, 700.0);
                    let softplus = if z > 0.0 {
                        z + (-z).exp().ln_1p()
                    } else {
                        z.exp().ln_1p()
                    };
                    let f = self.cdf(x);
                    location * f + scale * (z * f - softplus)
                };
                anti(hi) - anti(lo)
            }
            Dist::Uniform { low, high } => {
                let (a, b) = (lo.max(low), hi.min(high));
                if b <= a {
                    0.0
                } else {
                    (b * b - a * a) / (2.0 * (high - low))
                }
            }
        }
    }

    /// Short text: `normal(0, 1)`.
    pub fn describe(&self) -> String {
        match *self {
            Dist::Normal { mean, sd } => format!("normal({mean}, {sd})"),
            Dist::Logistic { location, scale } => format!("logistic({location}, {scale})"),
            Dist::Uniform { low, high } => format!("uniform({low}, {high})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The partial mean against a midpoint-rule integral.
    #[test]
    fn partial_means_match_quadrature() {
        for d in [
            Dist::new("normal", 0.3, 1.7).unwrap(),
            Dist::new("logistic", -0.2, 0.8).unwrap(),
            Dist::new("uniform", -1.0, 2.0).unwrap(),
        ] {
            let (lo, hi) = (-1.3, 1.1);
            let n = 200_000;
            let h = (hi - lo) / n as f64;
            let mut sum = 0.0;
            for k in 0..n {
                let x = lo + (k as f64 + 0.5) * h;
                sum += x * (d.cdf(x + h / 2.0) - d.cdf(x - h / 2.0));
            }
            assert!((sum - d.partial_mean(lo, hi)).abs() < 1e-8, "{d:?}");
            let (a, b) = d.support();
            assert!((d.partial_mean(a, b) - d.mean()).abs() < 1e-9, "{d:?}");
        }
        let n = Dist::new("normal", 0.0, 1.0).unwrap();
        assert!((n.cdf(0.5) - 0.691_462_461_274_013).abs() < 1e-14);
    }
}
