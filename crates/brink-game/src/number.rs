//! Exact and floating-point numbers behind one arithmetic interface.
//!
//! Solvers are written once over [`Field`] and run either in exact rational
//! arithmetic (the default, so that a regret of zero means zero) or in `f64`.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Exact rational numbers of unbounded size.
pub type Rational = num_rational::BigRational;

/// An ordered field: what a solver needs from its numbers.
pub trait Field:
    Clone
    + Debug
    + PartialOrd
    + PartialEq
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    /// Additive identity.
    fn zero() -> Self;
    /// Multiplicative identity.
    fn one() -> Self;
    /// Converts an exact rational into this field (rounding for `f64`).
    fn from_rational(r: &Rational) -> Self;
    /// [`Field::from_rational`] of `r` when its rounding `f`
    /// ([`rational_to_f64`]) is already known, as an [`crate::Outcome`]
    /// keeps it: `f64` takes `f` rather than converting again, which on a
    /// small game cost more than the regret pass that needed it.
    fn from_rational_rounded(r: &Rational, f: f64) -> Self {
        let _ = f;
        Self::from_rational(r)
    }
    /// Converts a small integer.
    fn from_i64(i: i64) -> Self;
    /// Nearest `f64`.
    fn to_f64(&self) -> f64;
    /// Whether the value is (numerically, for `f64`) zero.
    fn is_zero_value(&self) -> bool;
    /// Whether the value is exactly one (lets passes skip multiplications).
    fn is_one_value(&self) -> bool;
    /// Absolute value.
    fn abs_value(&self) -> Self;
    /// Whether the arithmetic is exact (so that comparisons need no tolerance).
    const EXACT: bool;
}

impl Field for f64 {
    fn zero() -> Self {
        0.0
    }
    fn one() -> Self {
        1.0
    }
    fn from_rational(r: &Rational) -> Self {
        rational_to_f64(r)
    }
    fn from_rational_rounded(_: &Rational, f: f64) -> Self {
        f
    }
    fn from_i64(i: i64) -> Self {
        i as f64
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn is_zero_value(&self) -> bool {
        *self == 0.0
    }
    fn is_one_value(&self) -> bool {
        *self == 1.0
    }
    fn abs_value(&self) -> Self {
        self.abs()
    }
    const EXACT: bool = false;
}

impl Field for Rational {
    fn zero() -> Self {
        Zero::zero()
    }
    fn one() -> Self {
        One::one()
    }
    fn from_rational(r: &Rational) -> Self {
        r.clone()
    }
    fn from_i64(i: i64) -> Self {
        Rational::from_integer(BigInt::from(i))
    }
    fn to_f64(&self) -> f64 {
        rational_to_f64(self)
    }
    fn is_zero_value(&self) -> bool {
        self.is_zero()
    }
    fn is_one_value(&self) -> bool {
        self.is_one()
    }
    fn abs_value(&self) -> Self {
        self.abs()
    }
    const EXACT: bool = true;
}

/// The nearest `f64` to a rational, without overflowing on huge numerators
/// and denominators (as `1/3` written with 400 digits would).
pub fn rational_to_f64(r: &Rational) -> f64 {
    // Most payoffs are small: numerator and denominator exact as `f64`, so
    // one rounding in the division, as below, without the big-integer
    // conversions (which cost more than the regret pass they feed).
    const EXACT: u64 = 1 << 53;
    if let (Some(n), Some(d)) = (r.numer().to_i64(), r.denom().to_i64()) {
        if n.unsigned_abs() <= EXACT && d.unsigned_abs() <= EXACT {
            return n as f64 / d as f64;
        }
    }
    if let (Some(n), Some(d)) = (r.numer().to_f64(), r.denom().to_f64()) {
        if n.is_finite() && d.is_finite() && d != 0.0 {
            return n / d;
        }
    }
    // Scale both down by the same power of two until they fit.
    let shift = r.numer().bits().max(r.denom().bits()).saturating_sub(1000);
    let n = (r.numer() >> shift).to_f64().unwrap_or(f64::NAN);
    let d = (r.denom() >> shift).to_f64().unwrap_or(f64::NAN);
    if d == 0.0 {
        if r.is_positive() {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        }
    } else {
        n / d
    }
}

/// The exact rational value of a finite `f64`.
pub fn f64_to_rational(x: f64) -> Option<Rational> {
    Rational::from_float(x)
}

/// Parses a number as Gambit writes them: an integer (`-3`), a fraction
/// (`1/3`), or a decimal with optional exponent (`0.25`, `-1.5e-3`, `.5`).
/// Decimals are converted exactly (`0.1` is 1/10, not the nearest double).
pub fn parse_rational(text: &str) -> Option<Rational> {
    let text = text.trim();
    if let Some((n, d)) = text.split_once('/') {
        let n = parse_decimal(n)?;
        let d = parse_decimal(d)?;
        if d.is_zero() {
            return None;
        }
        return Some(n / d);
    }
    parse_decimal(text)
}

fn parse_decimal(text: &str) -> Option<Rational> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => {
            let e: i64 = text[i + 1..].parse().ok()?;
            (&text[..i], e)
        }
        None => (text, 0),
    };
    let (negative, digits) = match mantissa.as_bytes().first()? {
        b'-' => (true, &mantissa[1..]),
        b'+' => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part
        .bytes()
        .chain(frac_part.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Bound the exponent so that "1e999999999" is an error, not an allocation of gigabytes.
    let exponent = exponent.checked_sub(frac_part.len() as i64)?;
    if exponent.abs() > 10_000 {
        return None;
    }
    let all_digits = format!("{int_part}{frac_part}");
    let mut value = BigInt::parse_bytes(
        if all_digits.is_empty() {
            b"0"
        } else {
            all_digits.as_bytes()
        },
        10,
    )?;
    if negative {
        value = -value;
    }
    let ten = BigInt::from(10u32);
    let scale = num_traits::pow(ten, exponent.unsigned_abs() as usize);
    Some(if exponent >= 0 {
        Rational::from_integer(value * scale)
    } else {
        Rational::new(value, scale)
    })
}

/// Writes a rational as Gambit does: `3`, `-1/3`.
pub fn format_rational(r: &Rational) -> String {
    if r.is_integer() {
        r.numer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

/// Writes an `f64` briefly but without loss (shortest round-trip form), as
/// Gambit reads it back: plain decimals from 1e-4 to 1e16, exponent form
/// (`1e-220`, `3.4e-15`) outside, where plain decimals would run to hundreds
/// of digits; `-0` is written `0`.
pub fn format_f64(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else if x.is_finite() && (x.abs() < 1e-4 || x.abs() >= 1e16) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn floats_are_written_short_and_read_back_the_same() {
        assert_eq!(format_f64(0.5), "0.5");
        assert_eq!(format_f64(-0.0), "0");
        assert_eq!(format_f64(1e-220), "1e-220");
        assert_eq!(format_f64(-3.4e-15), "-3.4e-15");
        assert_eq!(format_f64(2.5e20), "2.5e20");
        assert_eq!(format_f64(0.000123), "0.000123");
        for x in [1e-220, 0.1 + 0.2, 1.0 / 3.0, 6.02e23, 123456.789, 7e-5] {
            let text = format_f64(x);
            assert!(text.len() < 26, "{text}");
            assert_eq!(text.parse::<f64>().unwrap(), x);
            // Gambit's number syntax reads it as the same value.
            let r = parse_rational(&text).unwrap();
            assert_eq!(Field::to_f64(&r), x, "{text}");
        }
    }

    #[test]
    fn parses_gambit_numbers() {
        assert_eq!(parse_rational("1/3"), Some(r(1, 3)));
        assert_eq!(parse_rational("-2"), Some(r(-2, 1)));
        assert_eq!(parse_rational("0.1"), Some(r(1, 10)));
        assert_eq!(parse_rational(".5"), Some(r(1, 2)));
        assert_eq!(parse_rational("-1.5e-3"), Some(r(-3, 2000)));
        assert_eq!(parse_rational("2E2"), Some(r(200, 1)));
        assert_eq!(parse_rational("1/0"), None);
        assert_eq!(parse_rational("abc"), None);
        assert_eq!(parse_rational("-"), None);
        assert_eq!(parse_rational("1e99999999"), None);
    }

    #[test]
    fn formats_like_gambit() {
        assert_eq!(format_rational(&r(2, 6)), "1/3");
        assert_eq!(format_rational(&r(-4, 2)), "-2");
    }

    #[test]
    fn huge_rationals_convert_to_f64() {
        let big = num_traits::pow(BigInt::from(10), 400);
        let third = Rational::new(big.clone(), big * BigInt::from(3));
        assert!((rational_to_f64(&third) - 1.0 / 3.0).abs() < 1e-15);
    }

    proptest::proptest! {
        // The small-number path must round as the general one: both
        // divide the same two exact doubles (the oracle below, by the
        // big-integer conversions), around the 2^53 edge too.
        #[test]
        fn small_rationals_convert_as_big_ones(
            n in -(1i64 << 54)..(1i64 << 54),
            d in 1i64..(1i64 << 54),
        ) {
            let x = r(n, d);
            let (num, den) = (x.numer().to_f64().unwrap(), x.denom().to_f64().unwrap());
            proptest::prop_assert_eq!(rational_to_f64(&x).to_bits(), (num / den).to_bits());
        }

        #[test]
        fn decimal_round_trip(n in -1_000_000i64..1_000_000, d in 1i64..1000) {
            let x = r(n, d);
            proptest::prop_assert_eq!(parse_rational(&format_rational(&x)), Some(x));
        }
    }
}
