//! Monte Carlo: parameters drawn from distributions, the model solved at each draw,
//! and the distribution of every outcome probability and metric summarised.
//!
//! Draw `i` is sampled from its own ChaCha stream (`seed`, stream `i`), so a run is
//! the same whatever the number of threads, and the draws of a shard are exactly
//! those of the same indices in a single run.

use crate::error::AnalysisError;
use crate::model::{base_values, check_name, describe_point, evaluate_checked, names, Model, Set};
use crate::shard::Shard;
use crate::sweep::progress_bar;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::str::FromStr;

/// The distribution type of parameters and draws: the crisis language's
/// (one type for declared distributions, `--dist` and private types).
pub use brink_crisis::Dist;

/// `name=normal(m,s)`, as given to `--dist`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistArg {
    /// The parameter.
    pub name: String,
    /// Its distribution.
    pub dist: Dist,
}

impl FromStr for DistArg {
    type Err = AnalysisError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, d) = s
            .split_once('=')
            .ok_or_else(|| AnalysisError::parse("--dist", s, "expected name=normal(m,s)"))?;
        Ok(DistArg {
            name: name.trim().to_string(),
            dist: d
                .parse()
                .map_err(|why: String| AnalysisError::parse("distribution", d, &why))?,
        })
    }
}

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub struct McSpec {
    /// Number of draws in the whole run.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// Distributions given on the command line; they replace declared ones.
    pub dists: Vec<DistArg>,
    /// Fixed values of parameters that are not drawn.
    pub set: Vec<Set>,
    /// Only this part of the draws.
    pub shard: Option<Shard>,
}

/// One draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McDraw {
    /// Position in the whole run.
    pub index: usize,
    /// The drawn values, in the order of [`McRun::dists`].
    pub params: Vec<f64>,
    /// Outcome probabilities (empty on error).
    pub outcomes: Vec<f64>,
    /// Expected metrics (empty on error).
    pub metrics: Vec<f64>,
    /// Maximum regret (absent on error).
    pub regret: Option<f64>,
    /// The model's error message, if it failed at this draw.
    pub error: Option<String>,
}

/// Summary of one quantity over the draws that solved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `param`, `prob`, `metric` or `regret`.
    pub kind: String,
    /// The parameter, outcome or metric.
    pub name: String,
    /// Number of draws summarised.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 with fewer than two draws).
    pub sd: f64,
    /// 5% quantile (linear interpolation, R's type 7 and NumPy's default).
    pub q05: f64,
    /// Median.
    pub q50: f64,
    /// 95% quantile.
    pub q95: f64,
}

/// A Monte Carlo run (or one shard of it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct McRun {
    /// The model's name.
    pub model: String,
    /// Draws in the whole run.
    pub total_draws: usize,
    /// The seed.
    pub seed: u64,
    /// The drawn parameters and their distributions, in model order.
    pub dists: Vec<DistArg>,
    /// Values of the parameters not drawn.
    pub fixed: Vec<(String, f64)>,
    /// Outcome names.
    pub outcomes: Vec<String>,
    /// Metric names.
    pub metrics: Vec<String>,
    /// Which part this is, for a sharded run.
    pub shard: Option<Shard>,
    /// The draws, in index order.
    pub draws: Vec<McDraw>,
    /// Summaries over the draws here: parameters, outcomes, metrics, regret.
    pub summary: Vec<Summary>,
}

/// Quantile `q` of sorted data by linear interpolation between order
/// statistics: the one the lever table uses too.
pub use brink_crisis::uncertainty::quantile;

/// Summary statistics of one series, in the order given (so sums are reproducible).
pub fn summarise(kind: &str, name: &str, xs: &[f64]) -> Summary {
    let n = xs.len();
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    Summary {
        kind: kind.into(),
        name: name.into(),
        n,
        mean,
        sd,
        q05: quantile(&sorted, 0.05),
        q50: quantile(&sorted, 0.5),
        q95: quantile(&sorted, 0.95),
    }
}

impl McRun {
    /// The series of one quantity over the draws that solved.
    pub fn series(&self, kind: &str, i: usize) -> Vec<f64> {
        let ok = self.draws.iter().filter(|d| d.error.is_none());
        match kind {
            "param" => ok.map(|d| d.params[i]).collect(),
            "prob" => ok.map(|d| d.outcomes[i]).collect(),
            "metric" => ok.map(|d| d.metrics[i]).collect(),
            _ => ok.filter_map(|d| d.regret).collect(),
        }
    }

    /// Recomputes [`McRun::summary`] from the draws.
    pub fn resummarise(&mut self) {
        let mut s = Vec::new();
        if self.draws.iter().any(|d| d.error.is_none()) {
            for (i, d) in self.dists.iter().enumerate() {
                s.push(summarise("param", &d.name, &self.series("param", i)));
            }
            for (i, o) in self.outcomes.iter().enumerate() {
                s.push(summarise("prob", o, &self.series("prob", i)));
            }
            for (i, m) in self.metrics.iter().enumerate() {
                s.push(summarise("metric", m, &self.series("metric", i)));
            }
            s.push(summarise("regret", "regret", &self.series("regret", 0)));
        }
        self.summary = s;
    }

    /// Number of draws where the model failed.
    pub fn failures(&self) -> usize {
        self.draws.iter().filter(|d| d.error.is_some()).count()
    }

    /// Writes the summary as CSV: `kind,name,n,mean,sd,q05,q50,q95`.
    pub fn write_summary_csv(&self, out: impl Write) -> Result<(), AnalysisError> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(["kind", "name", "n", "mean", "sd", "q05", "q50", "q95"])?;
        for s in &self.summary {
            w.write_record([
                s.kind.clone(),
                s.name.clone(),
                s.n.to_string(),
                s.mean.to_string(),
                s.sd.to_string(),
                s.q05.to_string(),
                s.q50.to_string(),
                s.q95.to_string(),
            ])?;
        }
        w.flush().map_err(|e| AnalysisError::Io {
            path: "CSV output".into(),
            source: e,
        })?;
        Ok(())
    }
}

/// Runs the draws of `spec` (or of its shard) in parallel.
pub fn montecarlo(
    model: &dyn Model,
    spec: &McSpec,
    progress: bool,
) -> Result<McRun, AnalysisError> {
    let params = model.parameters();
    let mut dists: Vec<Option<Dist>> = params.iter().map(|p| p.dist).collect();
    for d in &spec.dists {
        let i = check_name(&params, &d.name)?;
        d.dist
            .check()
            .map_err(|e| AnalysisError::parse("--dist", &d.dist.to_string(), e))?;
        dists[i] = Some(d.dist);
    }
    for s in &spec.set {
        let i = check_name(&params, &s.name)?;
        if dists[i].is_some() && spec.dists.iter().any(|d| d.name == s.name) {
            return Err(AnalysisError::Invalid(format!(
                "`{}` is both drawn and set",
                s.name
            )));
        }
        // A value given with --set fixes a parameter that the model declares random.
        dists[i] = None;
    }
    let drawn: Vec<(usize, DistArg)> = dists
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.map(|dist| {
                (
                    i,
                    DistArg {
                        name: params[i].name.clone(),
                        dist,
                    },
                )
            })
        })
        .collect();
    if drawn.is_empty() {
        return Err(AnalysisError::Invalid(
            "no parameter has a distribution: give one with --dist name=normal(m,s)".into(),
        ));
    }
    if spec.draws == 0 {
        return Err(AnalysisError::Invalid("--draws must be at least 1".into()));
    }
    let base = base_values(&params, &spec.set)?;
    let range = spec.shard.map_or(0..spec.draws, |s| s.range(spec.draws));
    let bar = progress_bar(range.len(), progress, "montecarlo");
    let solved: Vec<_> = range
        .into_par_iter()
        .map(|index| {
            let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
            rng.set_stream(index as u64);
            let mut values = base.clone();
            let x: Vec<f64> = drawn
                .iter()
                .map(|(slot, d)| {
                    let v = d.dist.sample(&mut rng);
                    values[*slot].1 = v;
                    v
                })
                .collect();
            let r = evaluate_checked(model, &values, None);
            bar.inc(1);
            let draw = McDraw {
                index,
                params: x,
                outcomes: Vec::new(),
                metrics: Vec::new(),
                regret: None,
                error: r
                    .as_ref()
                    .err()
                    .map(|e| format!("{e} (at {})", describe_point(&values))),
            };
            (draw, r.ok())
        })
        .collect();
    bar.finish_and_clear();
    let (outcomes, metrics) = solved
        .iter()
        .find_map(|(_, r)| r.as_ref().map(names))
        .unwrap_or_default();
    let draws: Vec<McDraw> = solved
        .into_iter()
        .map(|(mut d, r)| {
            if let Some(r) = r {
                if names(&r) == (outcomes.clone(), metrics.clone()) {
                    d.outcomes = r.outcomes.iter().map(|o| o.1).collect();
                    d.metrics = r.metrics.iter().map(|m| m.1).collect();
                    d.regret = Some(r.regret);
                } else {
                    d.error = Some("the outcome or metric names differ from other draws".into());
                }
            }
            d
        })
        .collect();
    if !draws.is_empty() && draws.iter().all(|d| d.error.is_some()) {
        return Err(AnalysisError::Model {
            at: format!("every draw ({} of them)", draws.len()),
            message: draws[0].error.clone().unwrap_or_default(),
        });
    }
    let drawn_slots: Vec<usize> = drawn.iter().map(|d| d.0).collect();
    let fixed = base
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !drawn_slots.contains(i))
        .map(|(_, v)| v)
        .collect();
    let mut run = McRun {
        model: model.name(),
        total_draws: spec.draws,
        seed: spec.seed,
        dists: drawn.into_iter().map(|d| d.1).collect(),
        fixed,
        outcomes,
        metrics,
        shard: spec.shard,
        draws,
        summary: Vec::new(),
    };
    run.resummarise();
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy_linear() {
        // numpy.percentile(range(1, 11), [5, 50, 95]) == [1.45, 5.5, 9.55]
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = summarise("prob", "x", &xs);
        assert!((s.q05 - 1.45).abs() < 1e-12);
        assert!((s.q50 - 5.5).abs() < 1e-12);
        assert!((s.q95 - 9.55).abs() < 1e-12);
        assert!((s.mean - 5.5).abs() < 1e-12);
        // sample sd of 1..10 is sqrt(55/6)
        assert!((s.sd - (55.0f64 / 6.0).sqrt()).abs() < 1e-12);
    }

    /// `--dist` keeps its text form; the families themselves are tested
    /// with the type, in `brink_crisis::dist`.
    #[test]
    fn dist_arguments_parse_and_reject_nonsense() {
        let d: DistArg = "c_hi=uniform(0.2,0.6)".parse().unwrap();
        assert_eq!(d.name, "c_hi");
        assert_eq!(
            d.dist,
            Dist::Uniform {
                low: 0.2,
                high: 0.6
            }
        );
        let d: DistArg = "x = lognormal(11.9, 0.8)".parse().unwrap();
        assert_eq!(
            d.dist,
            Dist::Lognormal {
                mu: 11.9,
                sigma: 0.8
            }
        );
        for bad in [
            "normal(0,1)",
            "x=normal(0,-1)",
            "x=uniform(1,1)",
            "x=beta(0,1)",
            "x=gamma(1,2)",
            "x=normal(1)",
            "x=normal(1,2",
            "x=logistic(0,0)",
        ] {
            assert!(bad.parse::<DistArg>().is_err(), "{bad}");
        }
    }
}
