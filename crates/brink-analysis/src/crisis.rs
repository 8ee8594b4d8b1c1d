//! The crisis language's scenarios as [`Model`]s: what `brink sweep` and
//! `brink montecarlo` run on.

use crate::model::{Model, ModelError, ParamSpec, PointResult};
use brink_crisis::{Method, Scenario};
use brink_game::{ExtensiveGame, Profile, Watch};

/// A scenario, solved with `method` at each point.
#[derive(Clone, Debug)]
pub struct CrisisModel {
    /// The scenario, with any `--set` overrides already applied.
    pub scenario: Scenario,
    /// The solution method.
    pub method: Method,
}

impl CrisisModel {
    /// Loads a scenario by library name or file path (the error is the crisis
    /// language's own, boxed: it carries the source text to point into).
    pub fn load(
        name_or_path: &str,
        method: Method,
    ) -> Result<CrisisModel, Box<brink_crisis::Error>> {
        Ok(CrisisModel {
            scenario: Scenario::load(name_or_path).map_err(Box::new)?,
            method,
        })
    }
}

impl CrisisModel {
    /// The scenario's game tree and the solver's equilibrium behaviour on it, ready
    /// for [`crate::cli::run_tree`]. With a continuous choice at the root (a demand,
    /// say), the tree is the one the crisis language compiles at its default value
    /// of that choice, and `None` is returned for the profile rather than the
    /// behaviour of a game that is not the one solved. With private types, the
    /// probabilities are the solver's behaviour aggregated over types, on a tree whose
    /// payoffs average over types: they describe what happens, but are not an
    /// equilibrium of the drawn tree taken on its own (regret there can be positive).
    pub fn tree_with_equilibrium(
        &self,
    ) -> Result<(ExtensiveGame, Option<Profile<f64>>), Box<brink_crisis::Error>> {
        let cg = brink_crisis::compile(&self.scenario).map_err(Box::new)?;
        if cg.continuous.is_some() {
            return Ok((cg.game, None));
        }
        let eq = brink_crisis::solve_game(&cg, self.method).map_err(Box::new)?;
        let profile = Profile::behavior(&cg.game, eq.behavior);
        Ok((cg.game, Some(profile)))
    }
}

impl Model for CrisisModel {
    fn name(&self) -> String {
        self.scenario.name.clone()
    }

    /// The scenario's parameters, with the values in use (overrides included) as defaults.
    fn parameters(&self) -> Vec<ParamSpec> {
        // A scenario that loaded has parameters that evaluate; an error here would
        // have stopped `load`. Report none rather than panic if it ever happens.
        self.scenario
            .parameters()
            .unwrap_or_default()
            .into_iter()
            .map(|p| ParamSpec {
                name: p.name,
                default: p.value,
                dist: p.dist,
                description: p.doc,
            })
            .collect()
    }

    fn evaluate(&self, values: &[(String, f64)]) -> Result<PointResult, ModelError> {
        self.evaluate_near(values, None)
    }

    /// Starts the solver from the neighbour's equilibrium (kept in
    /// [`PointResult::warm`]) where the game has the same tree; the solver
    /// ignores a start that does not fit, and checks the regret either way.
    fn evaluate_near(
        &self,
        values: &[(String, f64)],
        near: Option<&PointResult>,
    ) -> Result<PointResult, ModelError> {
        self.evaluate_watched(values, near, &Watch::quiet())
    }

    /// One point of the founding crisis can take seconds: the solve itself
    /// stops when `watch` is cancelled.
    fn evaluate_watched(
        &self,
        values: &[(String, f64)],
        near: Option<&PointResult>,
        watch: &Watch,
    ) -> Result<PointResult, ModelError> {
        let s = self.scenario.with_overrides(values)?;
        let start = near
            .and_then(|r| r.warm.as_deref())
            .and_then(brink_crisis::solve::Start::from_vec);
        let (r, next) = brink_crisis::solve_from_watched(&s, self.method, start.as_ref(), watch)?;
        Ok(PointResult {
            outcomes: r.outcomes,
            metrics: r.expected,
            regret: r.regret,
            warm: next.map(|st| st.to_vec()),
        })
    }
}
