//! Forward-mode automatic differentiation and numerically stable special
//! functions.
//!
//! Every model writes its per-observation log-likelihood once, generically
//! over [`Scalar`]; evaluating it with `f64` gives the value, with
//! [`Dual1`] the exact gradient with respect to the model's linear indices,
//! and with [`Dual2`] the exact Hessian. No finite differences are involved.
#![allow(clippy::needless_range_loop)]

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A number type the likelihoods can be evaluated with.
pub trait Scalar:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// Highest derivative order carried (0, 1 or 2).
    const ORDER: u8;
    /// A constant.
    fn cst(c: f64) -> Self;
    /// The value part.
    fn val(&self) -> f64;
    /// Applies a unary function with value `f`, first derivative `d1` and
    /// second derivative `d2` at `self.val()` (chain rule).
    fn chain(self, f: f64, d1: f64, d2: f64) -> Self;
}

impl Scalar for f64 {
    const ORDER: u8 = 0;
    #[inline]
    fn cst(c: f64) -> Self {
        c
    }
    #[inline]
    fn val(&self) -> f64 {
        *self
    }
    #[inline]
    fn chain(self, f: f64, _d1: f64, _d2: f64) -> Self {
        f
    }
}

/// A value with its gradient with respect to `N` seeds.
#[derive(Clone, Copy, Debug)]
pub struct Dual1<const N: usize> {
    /// Value.
    pub v: f64,
    /// Gradient.
    pub g: [f64; N],
}

impl<const N: usize> Dual1<N> {
    /// The `i`-th seed variable with value `v`.
    pub fn var(v: f64, i: usize) -> Self {
        let mut g = [0.0; N];
        g[i] = 1.0;
        Self { v, g }
    }
}

/// A value with its gradient and Hessian with respect to `N` seeds.
#[derive(Clone, Copy, Debug)]
pub struct Dual2<const N: usize> {
    /// Value.
    pub v: f64,
    /// Gradient.
    pub g: [f64; N],
    /// Hessian (only the upper triangle `i <= j` is maintained).
    pub h: [[f64; N]; N],
}

impl<const N: usize> Dual2<N> {
    /// The `i`-th seed variable with value `v`.
    pub fn var(v: f64, i: usize) -> Self {
        let mut g = [0.0; N];
        g[i] = 1.0;
        Self {
            v,
            g,
            h: [[0.0; N]; N],
        }
    }
}

macro_rules! impl_scalar_ops {
    ($t:ident) => {
        impl<const N: usize> Add<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn add(mut self, c: f64) -> Self {
                self.v += c;
                self
            }
        }
        impl<const N: usize> Sub<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn sub(mut self, c: f64) -> Self {
                self.v -= c;
                self
            }
        }
        impl<const N: usize> Div<f64> for $t<N> {
            type Output = Self;
            #[inline]
            fn div(self, c: f64) -> Self {
                self * (1.0 / c)
            }
        }
        impl<const N: usize> Neg for $t<N> {
            type Output = Self;
            #[inline]
            fn neg(self) -> Self {
                self * -1.0
            }
        }
        impl<const N: usize> Div for $t<N> {
            type Output = Self;
            #[inline]
            fn div(self, o: Self) -> Self {
                let b = o.v;
                self * o.chain(1.0 / b, -1.0 / (b * b), 2.0 / (b * b * b))
            }
        }
    };
}
impl_scalar_ops!(Dual1);
impl_scalar_ops!(Dual2);

impl<const N: usize> Sub for Dual1<N> {
    type Output = Self;
    #[inline]
    fn sub(mut self, o: Self) -> Self {
        self.v -= o.v;
        for i in 0..N {
            self.g[i] -= o.g[i];
        }
        self
    }
}

impl<const N: usize> Sub for Dual2<N> {
    type Output = Self;
    #[inline]
    fn sub(mut self, o: Self) -> Self {
        self.v -= o.v;
        for i in 0..N {
            self.g[i] -= o.g[i];
            for j in i..N {
                self.h[i][j] -= o.h[i][j];
            }
        }
        self
    }
}

impl<const N: usize> Add for Dual1<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, o: Self) -> Self {
        self.v += o.v;
        for i in 0..N {
            self.g[i] += o.g[i];
        }
        self
    }
}
impl<const N: usize> Mul<f64> for Dual1<N> {
    type Output = Self;
    #[inline]
    fn mul(mut self, c: f64) -> Self {
        self.v *= c;
        for x in self.g.iter_mut() {
            *x *= c;
        }
        self
    }
}
impl<const N: usize> Mul for Dual1<N> {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        let mut g = [0.0; N];
        for i in 0..N {
            g[i] = self.v * o.g[i] + o.v * self.g[i];
        }
        Self { v: self.v * o.v, g }
    }
}
impl<const N: usize> Scalar for Dual1<N> {
    const ORDER: u8 = 1;
    #[inline]
    fn cst(c: f64) -> Self {
        Self { v: c, g: [0.0; N] }
    }
    #[inline]
    fn val(&self) -> f64 {
        self.v
    }
    #[inline]
    fn chain(self, f: f64, d1: f64, _d2: f64) -> Self {
        let mut g = self.g;
        for x in g.iter_mut() {
            *x *= d1;
        }
        Self { v: f, g }
    }
}

impl<const N: usize> Add for Dual2<N> {
    type Output = Self;
    #[inline]
    fn add(mut self, o: Self) -> Self {
        self.v += o.v;
        for i in 0..N {
            self.g[i] += o.g[i];
            for j in i..N {
                self.h[i][j] += o.h[i][j];
            }
        }
        self
    }
}
impl<const N: usize> Mul<f64> for Dual2<N> {
    type Output = Self;
    #[inline]
    fn mul(mut self, c: f64) -> Self {
        self.v *= c;
        for i in 0..N {
            self.g[i] *= c;
            for j in i..N {
                self.h[i][j] *= c;
            }
        }
        self
    }
}
impl<const N: usize> Mul for Dual2<N> {
    type Output = Self;
    #[inline]
    fn mul(self, o: Self) -> Self {
        let mut r = Self::cst(self.v * o.v);
        for i in 0..N {
            r.g[i] = self.v * o.g[i] + o.v * self.g[i];
            for j in i..N {
                r.h[i][j] = self.v * o.h[i][j]
                    + o.v * self.h[i][j]
                    + self.g[i] * o.g[j]
                    + o.g[i] * self.g[j];
            }
        }
        r
    }
}
impl<const N: usize> Scalar for Dual2<N> {
    const ORDER: u8 = 2;
    #[inline]
    fn cst(c: f64) -> Self {
        Self {
            v: c,
            g: [0.0; N],
            h: [[0.0; N]; N],
        }
    }
    #[inline]
    fn val(&self) -> f64 {
        self.v
    }
    #[inline]
    fn chain(self, f: f64, d1: f64, d2: f64) -> Self {
        let mut r = Self::cst(f);
        for i in 0..N {
            r.g[i] = d1 * self.g[i];
            for j in i..N {
                r.h[i][j] = d1 * self.h[i][j] + d2 * self.g[i] * self.g[j];
            }
        }
        r
    }
}

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Standard normal density.
#[inline]
pub fn dnorm(x: f64) -> f64 {
    (-0.5 * x * x - LN_SQRT_2PI).exp()
}

/// Standard normal CDF, accurate in both tails.
#[inline]
pub fn pnorm(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x * std::f64::consts::FRAC_1_SQRT_2)
}

/// `(log Phi(x), phi(x)/Phi(x), d/dx of phi/Phi)` for the standard normal,
/// computed without overflow or cancellation for any finite `x`.
pub fn log_pnorm_parts(x: f64) -> (f64, f64, f64) {
    if x.is_nan() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    if x < -1e150 {
        // -x^2/2 would overflow: saturate (the value is below -5e299).
        let (lp, m, _) = log_pnorm_parts(-1e150);
        return (lp, m, -1.0);
    }
    if x < -20.0 {
        // Asymptotic series: Phi(x) = phi(x)/(-x) * S(t), t = 1/x^2,
        // S = 1 - t + 3t^2 - 15t^3 + ...
        let t = 1.0 / (x * x);
        let mut term = 1.0;
        let mut sm1 = 0.0; // S - 1
        for k in 1..12 {
            term *= -((2 * k - 1) as f64) * t;
            sm1 += term;
        }
        let s = 1.0 + sm1;
        let lp = -0.5 * x * x - LN_SQRT_2PI - (-x).ln() + s.ln();
        let m = -x / s; // Mills ratio phi/Phi
                        // d m / dx = -m (x + m); x + m = x (S - 1) / S
        let xpm = x * sm1 / s;
        (lp, m, -m * xpm)
    } else if x < 5.0 {
        let p = pnorm(x);
        let lp = p.ln();
        let m = (-0.5 * x * x - LN_SQRT_2PI - lp).exp();
        (lp, m, -m * (x + m))
    } else {
        let q = pnorm(-x);
        let lp = (-q).ln_1p();
        let m = dnorm(x) / (1.0 - q);
        (lp, m, -m * (x + m))
    }
}

/// `log Phi(x)`, stable everywhere.
#[inline]
pub fn log_pnorm<S: Scalar>(x: S) -> S {
    let (f, d1, d2) = log_pnorm_parts(x.val());
    x.chain(f, d1, d2)
}

/// `Phi(x)`.
#[inline]
pub fn norm_cdf<S: Scalar>(x: S) -> S {
    let v = x.val();
    if S::ORDER == 0 {
        return S::cst(pnorm(v));
    }
    let d = dnorm(v);
    x.chain(pnorm(v), d, -v * d)
}

/// Logistic CDF `1 / (1 + exp(-x))`.
#[inline]
pub fn plogis(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `log(1 + exp(x))` without overflow.
#[inline]
pub fn softplus_f(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Logistic CDF.
#[inline]
pub fn logis_cdf<S: Scalar>(x: S) -> S {
    let v = x.val();
    let p = plogis(v);
    let q = plogis(-v);
    x.chain(p, p * q, p * q * (q - p))
}

/// `log Lambda(x)` (log of the logistic CDF), stable everywhere.
#[inline]
pub fn log_plogis<S: Scalar>(x: S) -> S {
    let v = x.val();
    let p = plogis(v);
    let q = plogis(-v);
    x.chain(-softplus_f(-v), q, -p * q)
}

/// `log(1 + exp(x))`.
#[inline]
pub fn softplus<S: Scalar>(x: S) -> S {
    let v = x.val();
    let p = plogis(v);
    x.chain(softplus_f(v), p, p * plogis(-v))
}

/// Exponential with the argument capped at `cap` (derivative zero beyond).
#[inline]
pub fn exp_capped<S: Scalar>(x: S, cap: f64) -> S {
    let v = x.val();
    if v > cap {
        x.chain(cap.exp(), 0.0, 0.0)
    } else {
        let e = v.exp();
        x.chain(e, e, e)
    }
}

/// `exp(x)`.
#[inline]
pub fn exp<S: Scalar>(x: S) -> S {
    let e = x.val().exp();
    x.chain(e, e, e)
}

/// Square root.
#[inline]
pub fn sqrt<S: Scalar>(x: S) -> S {
    let v = x.val();
    let s = v.sqrt();
    x.chain(s, 0.5 / s, -0.25 / (s * v))
}

/// Clamps into `[lo, hi]` (derivative zero outside); NaN becomes 0.
#[inline]
pub fn clamp<S: Scalar>(x: S, lo: f64, hi: f64) -> S {
    let v = x.val();
    if v.is_nan() {
        S::cst(0.0)
    } else if v < lo {
        S::cst(lo)
    } else if v > hi {
        S::cst(hi)
    } else {
        x
    }
}

/// Whether the link function is the probit (else logit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// Standard normal CDF.
    Probit,
    /// Logistic CDF.
    Logit,
}

impl Link {
    /// `F(x)`.
    #[inline]
    pub fn cdf<S: Scalar>(self, x: S) -> S {
        match self {
            Link::Probit => norm_cdf(x),
            Link::Logit => logis_cdf(x),
        }
    }
    /// `log F(x)`.
    #[inline]
    pub fn log_cdf<S: Scalar>(self, x: S) -> S {
        match self {
            Link::Probit => log_pnorm(x),
            Link::Logit => log_plogis(x),
        }
    }
    /// `(F(x), F'(x), F''(x))`.
    #[inline]
    pub fn cdf_parts(self, x: f64) -> (f64, f64, f64) {
        match self {
            Link::Probit => {
                let d = dnorm(x);
                (pnorm(x), d, -x * d)
            }
            Link::Logit => {
                let (p, q) = (plogis(x), plogis(-x));
                (p, p * q, p * q * (q - p))
            }
        }
    }
    /// `(log F(x), d/dx, d2/dx2)`.
    #[inline]
    pub fn log_cdf_parts(self, x: f64) -> (f64, f64, f64) {
        match self {
            Link::Probit => log_pnorm_parts(x),
            Link::Logit => {
                let (p, q) = (plogis(x), plogis(-x));
                (-softplus_f(-x), q, -p * q)
            }
        }
    }
    /// `F(x)` for plain numbers.
    pub fn cdf_f(self, x: f64) -> f64 {
        match self {
            Link::Probit => pnorm(x),
            Link::Logit => plogis(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_pnorm_continuous_across_branches() {
        for &x in &[-20.0f64, 5.0] {
            let a = log_pnorm_parts(x - 1e-9);
            let b = log_pnorm_parts(x + 1e-9);
            assert!(
                (a.0 - b.0).abs() < 1e-7 * a.0.abs().max(1e-12),
                "{a:?} {b:?}"
            );
            assert!((a.1 - b.1).abs() < 1e-7 * a.1.abs().max(1e-12));
            assert!(
                (a.2 - b.2).abs() < 1e-6 * a.2.abs().max(1e-9),
                "{a:?} {b:?}"
            );
        }
        let (lp, m, d) = log_pnorm_parts(-1e200);
        assert!(lp.is_finite() && m.is_finite() && d.is_finite());
        assert!((d + 1.0).abs() < 1e-12);
        let (lp, _, _) = log_pnorm_parts(1e200);
        assert_eq!(lp, 0.0);
    }

    #[test]
    fn dual2_product_rule() {
        let x = Dual2::<2>::var(1.5, 0);
        let y = Dual2::<2>::var(-0.5, 1);
        let f = x * x * y + exp(y) / x;
        let (xv, yv) = (1.5f64, -0.5f64);
        assert!((f.v - (xv * xv * yv + yv.exp() / xv)).abs() < 1e-14);
        assert!((f.g[0] - (2.0 * xv * yv - yv.exp() / (xv * xv))).abs() < 1e-14);
        assert!((f.g[1] - (xv * xv + yv.exp() / xv)).abs() < 1e-14);
        assert!((f.h[0][0] - (2.0 * yv + 2.0 * yv.exp() / xv.powi(3))).abs() < 1e-13);
        assert!((f.h[0][1] - (2.0 * xv - yv.exp() / (xv * xv))).abs() < 1e-13);
        assert!((f.h[1][1] - yv.exp() / xv).abs() < 1e-13);
    }
}
