//! The answer with its uncertainty: each lever's effect over draws of the
//! parameters' declared distributions, and the sensitivity of P(war) to each
//! parameter over its range (a tornado).
//!
//! The types are what `brink run` reports and prints; the computations that
//! fill them live in this module too.

use serde::Serialize;

/// A mean and a central interval over parameter draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Mean over the draws.
    pub mean: f64,
    /// Lower end of the central interval (quantile `(1 - level) / 2`).
    pub lo: f64,
    /// Upper end of the central interval (quantile `(1 + level) / 2`).
    pub hi: f64,
}

/// One row of the lever table over draws: the baseline or a lever.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverSpread {
    /// The lever's name (`baseline` for the baseline row).
    pub name: String,
    /// P(war) (sum of the outcomes whose label contains `war`).
    pub p_war: Interval,
    /// The change of P(war) against the baseline of the same draw (zero for
    /// the baseline row).
    pub p_war_change: Interval,
    /// Each metric's expected value (deaths, refugees, ...), in the model's order.
    pub metrics: Vec<(String, Interval)>,
    /// Share of the draws in which the lever lowers P(war) below the
    /// baseline of the same draw (0 for the baseline row).
    pub share_lowering_war: f64,
    /// Draws whose solution converged (regret within tolerance).
    pub converged: usize,
}

/// The lever table over draws of the uncertain parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Number of draws.
    pub draws: usize,
    /// Seed of the draws: the same seed gives the same table.
    pub seed: u64,
    /// Coverage of the intervals (0.9: from the 5% to the 95% quantile).
    pub level: f64,
    /// The parameters drawn (those with a declared distribution).
    pub parameters: Vec<String>,
    /// The baseline row.
    pub baseline: LeverSpread,
    /// One row per lever, in declaration order.
    pub levers: Vec<LeverSpread>,
}

/// How P(war) moves when one parameter goes to each end of its range, the
/// others at their values (one bar of a tornado chart).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The parameter.
    pub parameter: String,
    /// The low end used (the range's lower bound, or the distribution's 5%
    /// quantile when that is narrower).
    pub low: f64,
    /// The high end used.
    pub high: f64,
    /// P(war) with the parameter at `low`.
    pub p_war_at_low: f64,
    /// P(war) with the parameter at `high`.
    pub p_war_at_high: f64,
    /// Largest change of any outcome probability or relative change of any
    /// expected metric between the two ends and the baseline (how alive the
    /// parameter is).
    pub largest_change: f64,
    /// Whether both solutions converged.
    pub converged: bool,
}
