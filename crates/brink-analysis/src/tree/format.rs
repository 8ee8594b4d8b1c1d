//! Numbers as a reader wants them on a tree: short decimals, and small fractions
//! only where the game itself is written in them.
//!
//! Scenario games carry payoffs and chance probabilities as the exact rationals of
//! `f64` values (0.6 is 5404319552844595/9007199254740992), so printing the exact
//! value is unreadable. A fraction is printed only when its denominator is at most
//! [`SMALL_DENOMINATOR`]: that keeps the `1/3` of a hand-written Gambit game and
//! turns every binary fraction into a decimal.

use brink_game::number::rational_to_f64;
use brink_game::Rational;
use num_traits::{One, ToPrimitive};

/// Largest denominator printed as a fraction (`1/12` is printed, `1/16` is `0.0625`).
pub const SMALL_DENOMINATOR: u32 = 12;

/// Below this magnitude a decimal would need more than four leading zeros: it is
/// printed in scientific notation instead.
const SCIENTIFIC_BELOW: f64 = 1e-4;

/// `x` with `digits` significant digits (at least 1), trailing zeros dropped, never
/// `-0`. Integers are printed whole: 151798 stays 151798.
pub fn format_decimal(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = digits.max(1) as i32;
    if x.abs() < SCIENTIFIC_BELOW {
        let s = format!("{:.*e}", (digits - 1).max(0) as usize, x);
        // "1.20e-5" -> "1.2e-5"
        return match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A probability with `digits` significant digits: exactly `0` and `1` only when it
/// is 0 or 1, so a branch taken with probability 0.9996 never reads as certain
/// (`>0.999` at 3 digits).
pub fn format_prob(p: f64, digits: usize) -> String {
    if p <= 0.0 {
        return "0".into();
    }
    if p >= 1.0 {
        return "1".into();
    }
    let s = format_decimal(p, digits);
    if s == "1" {
        let nines = "9".repeat(digits.max(1));
        format!(">0.{nines}")
    } else {
        s
    }
}

/// An exact number from the game (payoff or chance probability): an integer, a
/// fraction with a denominator of at most [`SMALL_DENOMINATOR`], else a decimal with
/// `digits` significant digits.
pub fn format_value(r: &Rational, digits: usize) -> String {
    format_exact(r, digits, true)
}

/// As [`format_value`], but with `fractions` false every non-integer is a decimal:
/// a game written in decimals (0.469 beside 0.875) should not print 7/8 for the
/// one value that happens to be a small binary fraction.
pub fn format_exact(r: &Rational, digits: usize, fractions: bool) -> String {
    if r.denom().is_one() {
        return r.numer().to_string();
    }
    match r.denom().to_u32() {
        Some(d) if fractions && d <= SMALL_DENOMINATOR => format!("{}/{}", r.numer(), d),
        _ => format_decimal(rational_to_f64(r), digits),
    }
}

/// Whether every number in `values` is an integer or a small fraction: then the
/// game is written in fractions, and printing them as such loses nothing.
pub fn small_fractions<'a>(mut values: impl Iterator<Item = &'a Rational>) -> bool {
    values.all(|r| r.denom().to_u32().is_some_and(|d| d <= SMALL_DENOMINATOR))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(n.into(), d.into())
    }

    #[test]
    fn decimals_have_the_asked_significant_digits() {
        assert_eq!(format_decimal(0.947_123, 3), "0.947");
        assert_eq!(format_decimal(0.0300001, 3), "0.03");
        assert_eq!(format_decimal(-0.7000000001, 3), "-0.7");
        assert_eq!(format_decimal(12.345, 3), "12.3");
        assert_eq!(format_decimal(151_798.0, 3), "151798");
        assert_eq!(format_decimal(-1e-13, 3), "-1e-13");
        assert_eq!(format_decimal(1.23e-5, 2), "1.2e-5");
        assert_eq!(format_decimal(0.00012, 3), "0.00012");
        assert_eq!(format_decimal(-0.0, 3), "0");
    }

    #[test]
    fn probabilities_are_never_rounded_to_certainty() {
        assert_eq!(format_prob(0.25, 3), "0.25");
        assert_eq!(format_prob(1.0, 3), "1");
        assert_eq!(format_prob(-1e-12, 3), "0");
        assert_eq!(format_prob(1.0 / 3.0, 3), "0.333");
        assert_eq!(format_prob(0.99996, 3), ">0.999");
        assert_eq!(format_prob(0.99996, 2), ">0.99");
        assert_eq!(format_prob(2e-7, 2), "2e-7");
    }

    #[test]
    fn small_fractions_stay_and_binary_fractions_become_decimals() {
        assert_eq!(format_value(&q(1, 3), 3), "1/3");
        assert_eq!(format_value(&q(-5, 12), 3), "-5/12");
        assert_eq!(format_value(&q(7, 1), 3), "7");
        assert_eq!(format_value(&q(1, 16), 3), "0.0625");
        // 0.6 as f64, exactly: the form scenario games carry.
        let six_tenths = Rational::new(5404319552844595i64.into(), 9007199254740992i64.into());
        assert_eq!(format_value(&six_tenths, 3), "0.6");
        let s = format_value(&Rational::new(1i64.into(), 4503599627370496i64.into()), 3);
        assert!(!s.contains('/'), "{s}");
        assert_eq!(format_exact(&q(7, 8), 3, false), "0.875");
        assert_eq!(format_exact(&q(-3, 1), 3, false), "-3");
        assert!(small_fractions([q(1, 3), q(5, 1)].iter()));
        assert!(!small_fractions([q(1, 3), six_tenths].iter()));
    }
}
