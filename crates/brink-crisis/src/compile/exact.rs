//! Exact rationals from f64 values without a gcd: every finite f64 is a
//! dyadic fraction `m / 2^k`, so lowest terms come from the trailing zeros.

use brink_game::Rational;
use num_traits::{One, Zero};

/// `x` exactly, as `m / 2^k` with `m` odd (so already in lowest terms, with
/// no gcd to take: `Ratio::from_f64` spends a tenth of a lever table's
/// compile time reducing); 0 for a value that is not finite.
pub(super) fn rational(x: f64) -> Rational {
    if !x.is_finite() || x == 0.0 {
        return Rational::zero();
    }
    let (mantissa, exponent, sign) = num_traits::float::FloatCore::integer_decode(x);
    let shift = mantissa.trailing_zeros();
    let numerator = num_bigint::BigInt::from(mantissa >> shift) * i64::from(sign);
    let exponent = i64::from(exponent) + i64::from(shift);
    if exponent >= 0 {
        Rational::from_integer(numerator << exponent)
    } else {
        Rational::new_raw(numerator, num_bigint::BigInt::one() << -exponent)
    }
}

/// `max(0, 1 - (the sum of xs))` exactly, for finite `xs`. Every f64 is a
/// dyadic fraction, so the sum is one over a common power of two: big
/// integers shifted and added, with no gcd (rational additions spent a
/// fifth of the compile time reducing).
pub(super) fn one_minus_sum(xs: &[f64]) -> Rational {
    use num_bigint::BigInt;
    let parts: Vec<(BigInt, i64)> = xs
        .iter()
        .filter(|x| x.is_finite() && **x != 0.0)
        .map(|&x| {
            let (mantissa, exponent, sign) = num_traits::float::FloatCore::integer_decode(x);
            (
                BigInt::from(mantissa) * i64::from(sign),
                i64::from(exponent),
            )
        })
        .collect();
    let low = parts.iter().map(|p| p.1).min().unwrap_or(0).min(0);
    let scale = u64::try_from(-low).expect("low is at most 0");
    let mut total = BigInt::one() << scale;
    for (m, e) in parts {
        total -= m << u64::try_from(e - low).expect("e is at least low");
    }
    if total <= BigInt::zero() {
        return Rational::zero();
    }
    let shift = total.trailing_zeros().unwrap_or(0).min(scale);
    Rational::new_raw(total >> shift, BigInt::one() << (scale - shift))
}

#[cfg(test)]
mod tests {
    use super::{one_minus_sum, rational, Rational};
    use num_traits::{FromPrimitive, One, Zero};
    use rand::{Rng, SeedableRng};

    /// The shortcuts agree with num-rational's own conversion and arithmetic.
    #[test]
    fn dyadic_shortcuts_match_rational_arithmetic() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut samples = vec![0.0, 1.0, 0.5, 1e-300, 5e-324, 0.1, 1.0 / 3.0, 1e10, -2.75];
        for _ in 0..300 {
            let x: f64 = rng.gen();
            samples.push(x * 10f64.powi(rng.gen_range(-30..3)));
        }
        for &x in &samples {
            assert_eq!(rational(x), Rational::from_f64(x).unwrap(), "{x}");
        }
        assert_eq!(rational(f64::NAN), Rational::zero());
        for k in 0..200 {
            let n = 1 + k % 4;
            let xs: Vec<f64> = (0..n).map(|_| rng.gen::<f64>() / n as f64 * 1.2).collect();
            let sum = xs
                .iter()
                .map(|&x| Rational::from_f64(x).unwrap())
                .fold(Rational::zero(), |a, b| a + b);
            let expect = (Rational::one() - sum).max(Rational::zero());
            assert_eq!(one_minus_sum(&xs), expect, "{xs:?}");
        }
        assert_eq!(one_minus_sum(&[]), Rational::one());
    }
}
