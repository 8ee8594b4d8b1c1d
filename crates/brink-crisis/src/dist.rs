//! The one distribution type of brinkmanship: private types of the crisis
//! language (CDF and partial expectation in closed form, so cut-points are
//! exact), parameter distributions (`param x = ... ~ dist`), and the draws of
//! Monte Carlo runs and lever tables (seeded sampling, quantiles).

use rand::Rng;
use rand_distr::Distribution;
use serde::{Deserialize, Serialize};
use statrs::distribution::ContinuousCDF;
use statrs::function::beta::beta_reg;
use statrs::function::erf::erfc;

/// A continuous distribution.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Log-normal: `exp(X)` with `X` normal with mean `mu` and standard
    /// deviation `sigma` (the parameters of the log: `lognormal(log(150000),
    /// 0.8)` has median 150,000).
    Lognormal {
        /// Mean of the log.
        mu: f64,
        /// Standard deviation of the log.
        sigma: f64,
    },
    /// Beta on `[0, 1]` with shapes `a` and `b` (mean `a / (a + b)`).
    Beta {
        /// First shape.
        a: f64,
        /// Second shape.
        b: f64,
    },
}

/// The families the language accepts, with their arguments, for messages.
pub const FAMILIES: &str = "normal(mean, sd), logistic(location, scale), uniform(low, high), \
                            lognormal(mu, sigma) (of the log) or beta(a, b)";

fn std_normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

fn std_normal_quantile(p: f64) -> f64 {
    // statrs inverts erfc with a rational approximation accurate to about 1e-16.
    statrs::distribution::Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.inverse_cdf(p))
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
            "lognormal" if b > 0.0 => Ok(Dist::Lognormal { mu: a, sigma: b }),
            "beta" if a > 0.0 && b > 0.0 => Ok(Dist::Beta { a, b }),
            "normal" | "logistic" | "lognormal" => {
                Err(format!("the scale must be positive (got {b})"))
            }
            "uniform" => Err(format!(
                "the upper bound must exceed the lower ({a} >= {b})"
            )),
            "beta" => Err(format!("both shapes must be positive (got {a}, {b})")),
            _ => Err(format!("unknown distribution `{family}`: use {FAMILIES}")),
        }
    }

    /// The family's name as the language writes it.
    pub fn family(&self) -> &'static str {
        match self {
            Dist::Normal { .. } => "normal",
            Dist::Logistic { .. } => "logistic",
            Dist::Uniform { .. } => "uniform",
            Dist::Lognormal { .. } => "lognormal",
            Dist::Beta { .. } => "beta",
        }
    }

    /// Mean.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Normal { mean, .. } => mean,
            Dist::Logistic { location, .. } => location,
            Dist::Uniform { low, high } => (low + high) / 2.0,
            Dist::Lognormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Dist::Beta { a, b } => a / (a + b),
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
            // Nine standard deviations of the log, as for the normal.
            Dist::Lognormal { mu, sigma } => ((mu - 9.0 * sigma).exp(), (mu + 9.0 * sigma).exp()),
            Dist::Beta { .. } => (0.0, 1.0),
        }
    }

    /// P(X <= x).
    pub fn cdf(&self, x: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => std_normal_cdf((x - mean) / sd),
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
            Dist::Lognormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    std_normal_cdf((x.ln() - mu) / sigma)
                }
            }
            Dist::Beta { a, b } => {
                if x <= 0.0 {
                    0.0
                } else if x >= 1.0 {
                    1.0
                } else {
                    beta_reg(a, b, x)
                }
            }
        }
    }

    /// The quantile: the `x` with P(X <= x) = `p`, for `p` in (0, 1).
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            Dist::Normal { mean, sd } => mean + sd * std_normal_quantile(p),
            Dist::Logistic { location, scale } => location + scale * (p / (1.0 - p)).ln(),
            Dist::Uniform { low, high } => low + p * (high - low),
            Dist::Lognormal { mu, sigma } => (mu + sigma * std_normal_quantile(p)).exp(),
            Dist::Beta { .. } => {
                // Bisection on the exact CDF: statrs's generic inverse stops
                // at about 1e-4 here; 60 halvings of [0, 1] reach 1e-18.
                let (mut lo, mut hi) = (0.0, 1.0);
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    if self.cdf(mid) < p {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                0.5 * (lo + hi)
            }
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
            Dist::Lognormal { mu, sigma } => {
                // x f(x) is the density of a log-normal with mu + sigma^2,
                // scaled by the mean: E[X; X <= t] = mean * Phi((ln t - mu - sigma^2) / sigma).
                let shifted = |x: f64| {
                    if x <= 0.0 {
                        0.0
                    } else {
                        std_normal_cdf((x.ln() - mu - sigma * sigma) / sigma)
                    }
                };
                self.mean() * (shifted(hi) - shifted(lo))
            }
            Dist::Beta { a, b } => {
                // x f(x; a, b) = a / (a + b) f(x; a + 1, b): the partial mean
                // is a difference of regularised incomplete beta functions.
                let shifted = Dist::Beta { a: a + 1.0, b };
                self.mean() * (shifted.cdf(hi) - shifted.cdf(lo))
            }
        }
    }

    /// A draw. Normal, uniform, log-normal and beta use `rand_distr`'s
    /// samplers; the logistic inverts its CDF on the open interval (0, 1), so
    /// the logarithm is finite.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // The arguments were checked when the distribution was made (`new`,
        // `from_str`, deserialisation aside), so the constructors succeed; a
        // value that slipped past gives NaN, which every caller rejects.
        match *self {
            Dist::Normal { mean, sd } => {
                rand_distr::Normal::new(mean, sd).map_or(f64::NAN, |d| d.sample(rng))
            }
            Dist::Uniform { low, high } => {
                if low < high {
                    rand_distr::Uniform::new(low, high).sample(rng)
                } else {
                    f64::NAN
                }
            }
            Dist::Beta { a, b } => rand_distr::Beta::new(a, b).map_or(f64::NAN, |d| d.sample(rng)),
            Dist::Lognormal { mu, sigma } => {
                rand_distr::LogNormal::new(mu, sigma).map_or(f64::NAN, |d| d.sample(rng))
            }
            Dist::Logistic { location, scale } => {
                let u: f64 = rand_distr::Open01.sample(rng);
                location + scale * (u / (1.0 - u)).ln()
            }
        }
    }

    /// The two arguments, in the order the language writes them.
    pub fn args(&self) -> (f64, f64) {
        match *self {
            Dist::Normal { mean, sd } => (mean, sd),
            Dist::Logistic { location, scale } => (location, scale),
            Dist::Uniform { low, high } => (low, high),
            Dist::Lognormal { mu, sigma } => (mu, sigma),
            Dist::Beta { a, b } => (a, b),
        }
    }

    /// Short text: `normal(0, 1)`.
    pub fn describe(&self) -> String {
        let (a, b) = self.args();
        format!("{}({a}, {b})", self.family())
    }

    /// Checks the arguments (a deserialised value skips [`Dist::new`]).
    pub fn check(&self) -> Result<(), String> {
        let (a, b) = self.args();
        Dist::new(self.family(), a, b).map(|_| ())
    }
}

impl std::fmt::Display for Dist {
    /// `normal(0,1)`: the form `--dist` takes (no spaces).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, b) = self.args();
        write!(f, "{}({a},{b})", self.family())
    }
}

impl std::str::FromStr for Dist {
    type Err = String;

    /// `normal(0, 2)`, `uniform(0.2,0.6)`, `lognormal(11.9, 0.8)`, `beta(2, 8)`:
    /// a family and two finite numbers (no expressions: those are the
    /// language's, in `param ... ~ dist`).
    fn from_str(s: &str) -> Result<Dist, String> {
        let t = s.trim();
        let (family, rest) = t
            .split_once('(')
            .ok_or_else(|| format!("expected {FAMILIES}"))?;
        let args = rest.trim_end().strip_suffix(')').ok_or("missing `)`")?;
        let nums: Vec<f64> = args
            .split(',')
            .map(|a| a.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect::<Option<_>>()
            .ok_or("the arguments are not finite numbers")?;
        if nums.len() != 2 {
            return Err("expected two arguments".into());
        }
        Dist::new(family.trim(), nums[0], nums[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The partial mean against a midpoint-rule integral.
    #[test]
    fn partial_means_match_quadrature() {
        for (d, lo, hi) in [
            (Dist::new("normal", 0.3, 1.7).unwrap(), -1.3, 1.1),
            (Dist::new("logistic", -0.2, 0.8).unwrap(), -1.3, 1.1),
            (Dist::new("uniform", -1.0, 2.0).unwrap(), -1.3, 1.1),
            (Dist::new("lognormal", 0.1, 0.5).unwrap(), -0.5, 1.9),
            (Dist::new("beta", 2.0, 3.0).unwrap(), 0.1, 0.7),
            (Dist::new("beta", 0.7, 1.5).unwrap(), -0.2, 0.4),
        ] {
            let n = 200_000;
            let h = (hi - lo) / n as f64;
            let mut sum = 0.0;
            for k in 0..n {
                let x = lo + (k as f64 + 0.5) * h;
                sum += x * (d.cdf(x + h / 2.0) - d.cdf(x - h / 2.0));
            }
            assert!((sum - d.partial_mean(lo, hi)).abs() < 1e-8, "{d:?}");
            let (a, b) = d.support();
            assert!(
                (d.partial_mean(a, b) - d.mean()).abs() < 1e-9 * d.mean().abs().max(1.0),
                "{d:?}"
            );
        }
        let n = Dist::new("normal", 0.0, 1.0).unwrap();
        assert!((n.cdf(0.5) - 0.691_462_461_274_013).abs() < 1e-14);
    }

    /// Quantiles invert the CDF; known values: the normal's 95% point,
    /// the log-normal's median exp(mu), beta(2, 2)'s median 1/2.
    #[test]
    fn quantiles_invert_the_cdf() {
        for d in [
            Dist::new("normal", 1.0, 2.0).unwrap(),
            Dist::new("logistic", 0.5, 0.3).unwrap(),
            Dist::new("uniform", -1.0, 3.0).unwrap(),
            Dist::new("lognormal", 150_000f64.ln(), 0.8).unwrap(),
            Dist::new("beta", 2.0, 8.0).unwrap(),
        ] {
            for p in [0.05, 0.3, 0.5, 0.95] {
                assert!((d.cdf(d.quantile(p)) - p).abs() < 1e-8, "{d:?} at {p}");
            }
        }
        let n = Dist::new("normal", 0.0, 1.0).unwrap();
        assert!((n.quantile(0.95) - 1.644_853_626_951_472).abs() < 1e-9);
        let l = Dist::new("lognormal", 150_000f64.ln(), 0.8).unwrap();
        assert!((l.quantile(0.5) - 150_000.0).abs() < 1e-6);
        assert!((Dist::new("beta", 2.0, 2.0).unwrap().quantile(0.5) - 0.5).abs() < 1e-9);
    }

    /// Oracle: closed-form means and variances of each family, from 40 000 draws.
    #[test]
    fn draws_have_the_right_mean_and_spread() {
        let ln_var = (0.25f64.exp() - 1.0) * (2.0 * 0.1 + 0.25f64).exp();
        let cases = [
            ("normal(1,2)", 1.0, 4.0),
            ("uniform(-1,3)", 1.0, 16.0 / 12.0),
            ("beta(2,8)", 0.2, 16.0 / (100.0 * 11.0)),
            (
                "logistic(0.5,0.3)",
                0.5,
                0.09 * std::f64::consts::PI.powi(2) / 3.0,
            ),
            ("lognormal(0.1, 0.5)", (0.1f64 + 0.125).exp(), ln_var),
        ];
        for (text, mean, var) in cases {
            let d: Dist = text.parse().unwrap();
            assert!((d.mean() - mean).abs() < 1e-12, "{text}");
            let n = 40_000;
            let xs: Vec<f64> = (0..n)
                .map(|i| {
                    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
                    rng.set_stream(i);
                    d.sample(&mut rng)
                })
                .collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
            let se = (var / n as f64).sqrt();
            assert!((m - mean).abs() < 4.0 * se, "{text}: mean {m} vs {mean}");
            assert!(
                (v / var - 1.0).abs() < 0.06,
                "{text}: variance {v} vs {var}"
            );
        }
    }

    #[test]
    fn text_forms_parse_print_and_reject_nonsense() {
        assert_eq!(
            "normal(0, 2)".parse::<Dist>().unwrap(),
            Dist::Normal { mean: 0.0, sd: 2.0 }
        );
        let b: Dist = "beta(2,3)".parse().unwrap();
        assert_eq!(b, Dist::Beta { a: 2.0, b: 3.0 });
        assert_eq!(b.to_string().parse::<Dist>().unwrap(), b);
        assert_eq!(b.describe(), "beta(2, 3)");
        for bad in [
            "normal(0,-1)",
            "uniform(1,1)",
            "beta(0,1)",
            "lognormal(0,0)",
            "gamma(1,2)",
            "normal(1)",
            "normal(1,2",
            "normal(nan,1)",
            "x",
        ] {
            assert!(bad.parse::<Dist>().is_err(), "{bad}");
        }
        // Serialised with the family as tag, and read back.
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, r#"{"family":"beta","a":2.0,"b":3.0}"#);
        assert_eq!(serde_json::from_str::<Dist>(&json).unwrap(), b);
    }
}
