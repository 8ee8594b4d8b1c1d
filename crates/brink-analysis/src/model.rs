//! The interface between a model (a crisis scenario, a closed form) and the analyses.

use crate::design::Dist;
use crate::error::AnalysisError;
use brink_game::progress::Watch;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The error a model returns; analyses record it with the parameter values.
pub type ModelError = Box<dyn std::error::Error + Send + Sync>;

/// A named model parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamSpec {
    /// The name used in `--vary`, `--set` and `--dist`.
    pub name: String,
    /// The value used when nothing else is given.
    pub default: f64,
    /// The distribution declared for Monte Carlo runs, if any.
    pub dist: Option<Dist>,
    /// One line for help texts (may be empty).
    pub description: String,
}

impl ParamSpec {
    /// A parameter with a default and no distribution.
    pub fn new(name: impl Into<String>, default: f64) -> Self {
        ParamSpec {
            name: name.into(),
            default,
            dist: None,
            description: String::new(),
        }
    }

    /// The same parameter with a declared distribution.
    pub fn with_dist(mut self, dist: Dist) -> Self {
        self.dist = Some(dist);
        self
    }
}

/// What a model says at one point of its parameter space.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointResult {
    /// Probability of each outcome, named, in a fixed order.
    pub outcomes: Vec<(String, f64)>,
    /// Expected value of each metric (casualties, payoffs, ...), named.
    pub metrics: Vec<(String, f64)>,
    /// Maximum regret of the profile the probabilities come from.
    pub regret: f64,
    /// Solver state a neighbouring point may start from (a profile, say);
    /// opaque to the analyses and never written out.
    pub warm: Option<Vec<f64>>,
}

/// A model whose parameters can be varied: evaluated concurrently from many threads.
pub trait Model: Sync {
    /// A short name for titles and file headers.
    fn name(&self) -> String;

    /// The parameters, in the order `evaluate` receives them.
    fn parameters(&self) -> Vec<ParamSpec>;

    /// Solves the model at the given values of all its parameters (in the order of
    /// [`Model::parameters`]). The outcome and metric names must not depend on the values.
    fn evaluate(&self, values: &[(String, f64)]) -> Result<PointResult, ModelError>;

    /// As [`Model::evaluate`], starting from the result at a neighbouring point
    /// where the solver can use it. Sweeps call this along each row of the grid.
    fn evaluate_near(
        &self,
        values: &[(String, f64)],
        near: Option<&PointResult>,
    ) -> Result<PointResult, ModelError> {
        let _ = near;
        self.evaluate(values)
    }

    /// As [`Model::evaluate_near`], giving up early once `watch` is
    /// cancelled (the caller then discards the result, whatever it is). A
    /// model whose one point can take long overrides this; the default
    /// solves the point whole.
    fn evaluate_watched(
        &self,
        values: &[(String, f64)],
        near: Option<&PointResult>,
        watch: &Watch,
    ) -> Result<PointResult, ModelError> {
        let _ = watch;
        self.evaluate_near(values, near)
    }
}

/// A `name=value` assignment, as given to `--set`.
#[derive(Clone, Debug, PartialEq)]
pub struct Set {
    /// The parameter.
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// Parsed by the workspace's one `name=value` parser,
/// [`brink_game::assign::parse_assignment`].
impl FromStr for Set {
    type Err = AnalysisError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, value) = brink_game::assign::parse_assignment(s)
            .map_err(|e| AnalysisError::parse("--set", s, e.to_string()))?;
        Ok(Set { name, value })
    }
}

/// Checks that a name is a parameter of the model, with a helpful error if not.
pub(crate) fn check_name(params: &[ParamSpec], name: &str) -> Result<usize, AnalysisError> {
    params
        .iter()
        .position(|p| p.name == name)
        .ok_or_else(|| AnalysisError::UnknownParameter {
            name: name.to_string(),
            known: params
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The defaults of all parameters, with the `--set` assignments applied.
pub(crate) fn base_values(
    params: &[ParamSpec],
    sets: &[Set],
) -> Result<Vec<(String, f64)>, AnalysisError> {
    let mut values: Vec<(String, f64)> =
        params.iter().map(|p| (p.name.clone(), p.default)).collect();
    for s in sets {
        let i = check_name(params, &s.name)?;
        values[i].1 = s.value;
    }
    Ok(values)
}

pub(crate) fn describe_point(values: &[(String, f64)]) -> String {
    values
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Evaluates and rejects results that cannot be tabulated: non-finite numbers, or
/// names that differ from those of the first point.
pub(crate) fn evaluate_checked(
    model: &dyn Model,
    values: &[(String, f64)],
    near: Option<&PointResult>,
    watch: &Watch,
) -> Result<PointResult, String> {
    let r = model
        .evaluate_watched(values, near, watch)
        .map_err(|e| e.to_string())?;
    let finite = r
        .outcomes
        .iter()
        .chain(&r.metrics)
        .all(|(_, v)| v.is_finite());
    if !finite || !r.regret.is_finite() {
        return Err("the model returned a value that is not a finite number".into());
    }
    Ok(r)
}

/// Names of outcomes and metrics, taken from a result.
pub(crate) fn names(r: &PointResult) -> (Vec<String>, Vec<String>) {
    (
        r.outcomes.iter().map(|(n, _)| n.clone()).collect(),
        r.metrics.iter().map(|(n, _)| n.clone()).collect(),
    )
}
