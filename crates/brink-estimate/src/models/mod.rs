//! The strategic models: their utilities, outcomes, and per-observation
//! log-likelihoods (written once, generically over [`Scalar`]).

mod egame12;
mod egame122;
mod egame123;
mod ultimatum;

pub use ultimatum::lambert_w;

use crate::ad::{clamp, exp, Dual1, Dual2, Link, Scalar};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Largest magnitude a utility (linear index) may take inside the
/// likelihood; beyond it the index is clamped, which keeps the
/// log-likelihood finite everywhere in the parameter space.
pub const UTIL_BOUND: f64 = 1e100;
/// Bound on log-scale parameters inside the likelihood.
pub const LOG_SCALE_BOUND: f64 = 50.0;

/// Which game is estimated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Two players, three outcomes (Signorino 2003): utilities u11, u13,
    /// u14, u24.
    Egame12,
    /// Two players, player 2 moves after either choice of player 1: u11,
    /// u12, u13, u14, u22, u24.
    Egame122,
    /// Three players in sequence: u11, u13, u15, u16, u23, u25, u26, u36.
    Egame123,
    /// The statistical ultimatum game (Ramsay and Signorino 2009):
    /// reservation values R1, R2 and log scales log(s1), log(s2).
    Ultimatum,
}

/// The stochastic structure of an `egame` model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// Agent error (quantal response): each action has a shock.
    Agent,
    /// Private information: each outcome utility has a normal shock; the
    /// perfect Bayesian equilibrium of the statistical game.
    Private,
}

/// What the ultimatum data record, as `games`' `outcome` argument.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UltimatumOutcome {
    /// The offer and whether it was accepted.
    #[default]
    Both,
    /// The offer alone: the likelihood is its density, and R2 and s2 are
    /// player 1's expectations about player 2.
    Offer,
}

impl FromStr for UltimatumOutcome {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "both" => Ok(Self::Both),
            "offer" => Ok(Self::Offer),
            _ => Err(format!("unknown outcome '{s}' (expected both or offer)")),
        }
    }
}

impl fmt::Display for UltimatumOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Both => "both",
            Self::Offer => "offer",
        })
    }
}

impl FromStr for ModelKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "egame12" => Ok(Self::Egame12),
            "egame122" => Ok(Self::Egame122),
            "egame123" => Ok(Self::Egame123),
            "ultimatum" => Ok(Self::Ultimatum),
            _ => Err(format!(
                "unknown model '{s}' (expected egame12, egame122, egame123 or ultimatum)"
            )),
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Egame12 => "egame12",
            Self::Egame122 => "egame122",
            Self::Egame123 => "egame123",
            Self::Ultimatum => "ultimatum",
        })
    }
}

impl ModelKind {
    /// Names of the utility equations (the parts of the formula), in order.
    pub fn utility_names(self) -> &'static [&'static str] {
        match self {
            Self::Egame12 => &["u11", "u13", "u14", "u24"],
            Self::Egame122 => &["u11", "u12", "u13", "u14", "u22", "u24"],
            Self::Egame123 => &["u11", "u13", "u15", "u16", "u23", "u25", "u26", "u36"],
            Self::Ultimatum => &["R1", "R2"],
        }
    }

    /// Number of utility equations.
    pub fn n_utils(self) -> usize {
        self.utility_names().len()
    }

    /// The `games` numeric codes of the outcomes, in order (empty for the
    /// ultimatum game, whose outcome is an offer and its acceptance).
    pub fn outcome_codes(self) -> &'static [u8] {
        match self {
            Self::Egame12 => &[1, 3, 4],
            Self::Egame122 => &[1, 2, 3, 4],
            Self::Egame123 => &[1, 3, 5, 6],
            Self::Ultimatum => &[],
        }
    }

    /// Number of action dummies that code the outcome.
    pub fn n_dummies(self) -> usize {
        match self {
            Self::Egame12 | Self::Egame122 => 2,
            Self::Egame123 => 3,
            Self::Ultimatum => 2,
        }
    }

    /// Groups of utilities of one player that must not share a regressor
    /// (Lewis and Schultz 2003): a regressor in all of them is not
    /// identified.
    pub fn id_groups(self) -> &'static [(&'static str, &'static [usize])] {
        match self {
            Self::Egame12 => &[("player 1", &[0, 1, 2])],
            Self::Egame122 => &[("player 1", &[0, 1, 2, 3])],
            Self::Egame123 => &[("player 1", &[0, 1, 2, 3]), ("player 2", &[4, 5, 6])],
            Self::Ultimatum => &[],
        }
    }

    /// Maps action dummies to an outcome index (0-based).
    pub fn outcome_from_dummies(self, d: &[bool]) -> usize {
        match self {
            Self::Egame12 => match (d[0], d[1]) {
                (false, _) => 0,
                (true, false) => 1,
                (true, true) => 2,
            },
            Self::Egame122 => (d[0] as usize) * 2 + d[1] as usize,
            Self::Egame123 => match (d[0], d[1], d[2]) {
                (false, _, _) => 0,
                (true, false, _) => 1,
                (true, true, false) => 2,
                (true, true, true) => 3,
            },
            Self::Ultimatum => 0,
        }
    }
}

/// Everything about the model that is not data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The game.
    pub kind: ModelKind,
    /// Error structure (ignored by the ultimatum game).
    pub errors: ErrorKind,
    /// Link (private information is always probit).
    pub link: Link,
    /// Whether a scale equation `log sigma = Z gamma` is present (egames).
    pub scale: bool,
    /// Maximum feasible offer (ultimatum).
    pub max_offer: f64,
    /// Offers within this distance of 0 or the maximum are censored there.
    pub offer_tol: f64,
    /// What the ultimatum data record (older fits lack it: both).
    #[serde(default)]
    pub outcome: UltimatumOutcome,
}

impl ModelSpec {
    /// Number of linear indices the per-observation likelihood takes.
    pub fn n_indices(&self) -> usize {
        match self.kind {
            ModelKind::Ultimatum => 4,
            k => k.n_utils() + self.scale as usize,
        }
    }

    /// Outcome probabilities (egames) or `[E(offer), Pr(accept)]`
    /// (ultimatum) for one observation with indices `eta`.
    pub fn predict_obs(&self, eta: &[f64]) -> Vec<f64> {
        match self.kind {
            ModelKind::Ultimatum => ultimatum::predict(eta, self.max_offer),
            k => (0..k.outcome_codes().len())
                .map(|y| {
                    self.loglik_obs(
                        eta,
                        &Obs {
                            y: y as u8,
                            ..Obs::default()
                        },
                    )
                    .exp()
                })
                .collect(),
        }
    }

    /// Per-observation log-likelihood with its gradient and Hessian in the
    /// `N` indices: in closed form for `egame12` without a scale equation
    /// (the common case, and the costliest part of a Newton iteration),
    /// by second-order duals otherwise. Both give the same numbers up to
    /// rounding (tested).
    #[inline]
    pub fn loglik_obs_d2<const N: usize>(&self, eta: &[f64], obs: &Obs) -> Dual2<N> {
        if let Some((v, g4, h4)) = self.closed_form::<N>(eta, obs) {
            let mut r = Dual2::<N>::cst(v);
            r.g[..4].copy_from_slice(&g4);
            for (rh, hh) in r.h.iter_mut().zip(&h4) {
                rh[..4].copy_from_slice(hh);
            }
            return r;
        }
        let mut e = [Dual2::<N>::cst(0.0); N];
        for k in 0..N {
            e[k] = Dual2::var(eta[k], k);
        }
        self.loglik_obs(&e[..], obs)
    }

    /// As [`Self::loglik_obs_d2`], gradient only.
    #[inline]
    pub fn loglik_obs_d1<const N: usize>(&self, eta: &[f64], obs: &Obs) -> Dual1<N> {
        if let Some((v, g4, _)) = self.closed_form::<N>(eta, obs) {
            let mut r = Dual1::<N>::cst(v);
            r.g[..4].copy_from_slice(&g4);
            return r;
        }
        let mut e = [Dual1::<N>::cst(0.0); N];
        for k in 0..N {
            e[k] = Dual1::var(eta[k], k);
        }
        self.loglik_obs(&e[..], obs)
    }

    #[inline]
    #[allow(clippy::type_complexity)]
    fn closed_form<const N: usize>(
        &self,
        eta: &[f64],
        obs: &Obs,
    ) -> Option<(f64, [f64; 4], [[f64; 4]; 4])> {
        if N != 4
            || self.kind != ModelKind::Egame12
            || self.scale
            || !eta[..4].iter().all(|x| x.abs() <= UTIL_BOUND)
        {
            return None;
        }
        let (link, private) = match self.errors {
            ErrorKind::Agent => (self.link, false),
            ErrorKind::Private => (Link::Probit, true),
        };
        let u = [eta[0], eta[1], eta[2], eta[3]];
        Some(egame12::loglik_d2(&u, obs.y, link, private))
    }

    /// Per-observation log-likelihood; finite for any finite or infinite
    /// `eta` (indices are clamped to [`UTIL_BOUND`]).
    #[inline]
    pub fn loglik_obs<S: Scalar>(&self, eta: &[S], obs: &Obs) -> S {
        match self.kind {
            ModelKind::Ultimatum => ultimatum::loglik(
                clamp(eta[0], -UTIL_BOUND, UTIL_BOUND),
                clamp(eta[1], -UTIL_BOUND, UTIL_BOUND),
                clamp(eta[2], -LOG_SCALE_BOUND, LOG_SCALE_BOUND),
                clamp(eta[3], -LOG_SCALE_BOUND, LOG_SCALE_BOUND),
                obs,
                self.max_offer,
                self.outcome == UltimatumOutcome::Offer,
            ),
            kind => {
                let nu = kind.n_utils();
                let mut u = [S::cst(0.0); 8];
                for k in 0..nu {
                    u[k] = clamp(eta[k], -UTIL_BOUND, UTIL_BOUND);
                }
                if self.scale {
                    let inv = exp(-clamp(eta[nu], -LOG_SCALE_BOUND, LOG_SCALE_BOUND));
                    for x in u.iter_mut().take(nu) {
                        *x = *x * inv;
                    }
                }
                let (link, private) = match self.errors {
                    ErrorKind::Agent => (self.link, false),
                    ErrorKind::Private => (Link::Probit, true),
                };
                match kind {
                    ModelKind::Egame12 => egame12::loglik(&u, obs.y, link, private),
                    ModelKind::Egame122 => egame122::loglik(&u, obs.y, link, private),
                    _ => egame123::loglik(&u, obs.y, link, private),
                }
            }
        }
    }
}

/// One observation's outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Obs {
    /// Outcome index, 0-based in the model's order (egames).
    pub y: u8,
    /// The offer (ultimatum).
    pub offer: f64,
    /// Whether the offer was accepted (ultimatum).
    pub accept: bool,
    /// 0: interior offer, 1: at the minimum, 2: at the maximum (ultimatum).
    pub censor: u8,
}
