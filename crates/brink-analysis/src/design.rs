//! One way to run a model over many points: a [`Design`] (a grid of one or
//! two parameters, or seeded draws from distributions), one loop that solves
//! it ([`run_design`]), one result type ([`DesignRun`]) that sweeps and Monte
//! Carlo runs share, shards included (see [`crate::merge`]).
//!
//! Points are solved in chunks, the unit of parallel work and of sharding.
//! Along a chunk of a grid each point starts from its neighbour's solution;
//! draws are chunks of one and are solved cold. Draw `i` is sampled from its
//! own ChaCha stream (`seed`, stream `i`). Either way a run is the same
//! whatever the number of threads, and the points of a shard are exactly
//! those of the same indices in a single run.

use crate::error::AnalysisError;
use crate::model::{base_values, check_name, describe_point, evaluate_checked, names, Model, Set};
use crate::shard::Shard;
use brink_game::assign::parse_finite;
use brink_game::progress::Watch;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::str::FromStr;

/// The distribution type of parameters and draws: the crisis language's
/// (one type for declared distributions, `--dist` and private types).
pub use brink_crisis::Dist;

/// Quantile `q` of sorted data by linear interpolation between order
/// statistics: the one the lever table uses too.
pub use brink_crisis::uncertainty::quantile;

/// Points per chunk of a one-parameter grid.
pub const CHUNK_1D: usize = 16;

/// The most points a design may have: a larger one is refused before any work.
pub const MAX_POINTS: usize = 10_000_000;

/// `name=from:to:steps`: `steps` evenly spaced values from `from` to `to`, both included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vary {
    /// The parameter.
    pub name: String,
    /// First value.
    pub from: f64,
    /// Last value.
    pub to: f64,
    /// Number of values (at least 1; with 1, only `from`).
    pub steps: usize,
}

impl Vary {
    /// The grid values.
    pub fn values(&self) -> Vec<f64> {
        if self.steps == 1 {
            return vec![self.from];
        }
        let last = (self.steps - 1) as f64;
        // A weighted mean of the ends: exact at both ends, and round values (0.15,
        // not 0.15000000000000002) when `from` is 0.
        (0..self.steps)
            .map(|i| {
                let i = i as f64;
                (self.from * (last - i) + self.to * i) / last
            })
            .collect()
    }
}

impl FromStr for Vary {
    type Err = AnalysisError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: String| AnalysisError::parse("--vary", s, why);
        let (name, range) = s
            .split_once('=')
            .ok_or_else(|| bad("expected name=from:to:steps".into()))?;
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(bad("expected name=from:to:steps".into()));
        }
        let from = parse_finite(parts[0]).map_err(|e| bad(format!("`from`: {e}")))?;
        let to = parse_finite(parts[1]).map_err(|e| bad(format!("`to`: {e}")))?;
        let steps: usize = parts[2]
            .parse()
            .map_err(|_| bad("`steps` is not a whole number".into()))?;
        if steps == 0 {
            return Err(bad("`steps` must be at least 1".into()));
        }
        if steps > 1_000_000 {
            return Err(bad("more than a million steps".into()));
        }
        Ok(Vary {
            name: name.trim().to_string(),
            from,
            to,
            steps,
        })
    }
}

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
                .map_err(|why: String| AnalysisError::parse("distribution", d, why))?,
        })
    }
}

/// Where the points are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Design {
    /// Comparative statics: a grid over one or two parameters, the first
    /// varying fastest.
    Sweep {
        /// The varied parameters.
        vary: Vec<Vary>,
    },
    /// Monte Carlo: `draws` draws of the parameters that have distributions.
    Montecarlo {
        /// Number of draws in the whole run.
        draws: usize,
        /// The seed.
        seed: u64,
        /// In a [`DesignSpec`], distributions that replace the model's
        /// declared ones; in a [`DesignRun`], every drawn parameter with its
        /// distribution, in model order.
        dists: Vec<DistArg>,
    },
}

impl Design {
    /// `sweep` or `montecarlo`.
    pub fn kind(&self) -> &'static str {
        match self {
            Design::Sweep { .. } => "sweep",
            Design::Montecarlo { .. } => "montecarlo",
        }
    }
}

/// What to run: the design, fixed values of other parameters, and which
/// part of it.
#[derive(Clone, Debug, PartialEq)]
pub struct DesignSpec {
    /// The points.
    pub design: Design,
    /// Values of parameters neither varied nor drawn (defaults otherwise);
    /// a value given here fixes a parameter the model declares random.
    pub set: Vec<Set>,
    /// Only this part of the points.
    pub shard: Option<Shard>,
}

impl DesignSpec {
    /// A grid over `vary`, the whole of it.
    pub fn sweep(vary: Vec<Vary>, set: Vec<Set>) -> DesignSpec {
        DesignSpec {
            design: Design::Sweep { vary },
            set,
            shard: None,
        }
    }

    /// `draws` draws from `seed`, with `dists` replacing declared
    /// distributions, the whole of it.
    pub fn montecarlo(draws: usize, seed: u64, dists: Vec<DistArg>, set: Vec<Set>) -> DesignSpec {
        DesignSpec {
            design: Design::Montecarlo { draws, seed, dists },
            set,
            shard: None,
        }
    }
}

/// One solved point of a design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Position in the whole design (a grid's first parameter fastest).
    pub index: usize,
    /// Values of the varied or drawn parameters, in the order of [`DesignRun::params`].
    pub params: Vec<f64>,
    /// Outcome probabilities, in the order of [`DesignRun::outcomes`] (empty on error).
    pub outcomes: Vec<f64>,
    /// Expected metrics, in the order of [`DesignRun::metrics`] (empty on error).
    pub metrics: Vec<f64>,
    /// Maximum regret of the solution (absent on error).
    pub regret: Option<f64>,
    /// The model's error message, if it failed here.
    pub error: Option<String>,
}

/// Summary of one quantity over the points that solved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `param`, `prob`, `metric` or `regret`.
    pub kind: String,
    /// The parameter, outcome or metric.
    pub name: String,
    /// Number of points summarised.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 with fewer than two points).
    pub sd: f64,
    /// 5% quantile (linear interpolation, R's type 7 and NumPy's default).
    pub q05: f64,
    /// Median.
    pub q50: f64,
    /// 95% quantile.
    pub q95: f64,
}

/// A sweep or Monte Carlo run, or one shard of it: what `brink sweep` and
/// `brink montecarlo` write as JSON and `brink merge` reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignRun {
    /// The model's name.
    pub model: String,
    /// The design, with the drawn distributions resolved.
    #[serde(flatten)]
    pub design: Design,
    /// Number of points in the whole design.
    pub total_points: usize,
    /// Names of the varied or drawn parameters, the columns of [`Point::params`].
    #[serde(rename = "param_names")]
    pub params: Vec<String>,
    /// Values of all other parameters.
    pub fixed: Vec<(String, f64)>,
    /// Outcome names, the columns of [`Point::outcomes`].
    #[serde(rename = "outcome_names")]
    pub outcomes: Vec<String>,
    /// Metric names, the columns of [`Point::metrics`].
    #[serde(rename = "metric_names")]
    pub metrics: Vec<String>,
    /// Which part this is, for a sharded run.
    pub shard: Option<Shard>,
    /// The points, in index order.
    pub points: Vec<Point>,
    /// Summaries over the points that solved (Monte Carlo only): parameters,
    /// outcomes, metrics, regret.
    pub summary: Vec<Summary>,
}

/// The chunks of a grid: rows along the first parameter for two parameters,
/// runs of [`CHUNK_1D`] points for one.
pub(crate) fn grid_chunks(vary: &[Vary]) -> Vec<Range<usize>> {
    let total: usize = vary.iter().map(|v| v.steps).product();
    let len = if vary.len() == 2 {
        vary[0].steps
    } else {
        CHUNK_1D
    };
    (0..total.div_ceil(len))
        .map(|c| c * len..((c + 1) * len).min(total))
        .collect()
}

fn grid_point(vary: &[Vary], values: &[Vec<f64>], index: usize) -> Vec<f64> {
    let mut rest = index;
    vary.iter()
        .zip(values)
        .map(|(v, vals)| {
            let x = vals[rest % v.steps];
            rest /= v.steps;
            x
        })
        .collect()
}

/// How the points of a design are placed, once the names are checked.
enum Placement {
    Grid {
        vary: Vec<Vary>,
        values: Vec<Vec<f64>>,
    },
    Draws {
        seed: u64,
        dists: Vec<Dist>,
    },
}

impl Placement {
    fn at(&self, index: usize) -> Vec<f64> {
        match self {
            Placement::Grid { vary, values } => grid_point(vary, values, index),
            Placement::Draws { seed, dists } => {
                let mut rng = ChaCha8Rng::seed_from_u64(*seed);
                rng.set_stream(index as u64);
                dists.iter().map(|d| d.sample(&mut rng)).collect()
            }
        }
    }
}

/// A design checked against the model: the parameters it moves (their slots
/// in the model's order), where the points are, the chunks, and the design
/// as recorded.
struct Resolved {
    slots: Vec<usize>,
    placement: Placement,
    chunks: Vec<Range<usize>>,
    design: Design,
}

fn resolve(params: &[crate::ParamSpec], spec: &DesignSpec) -> Result<Resolved, AnalysisError> {
    match &spec.design {
        Design::Sweep { vary } => {
            if vary.is_empty() || vary.len() > 2 {
                return Err(AnalysisError::Invalid(
                    "a sweep varies one or two parameters".into(),
                ));
            }
            let mut slots = Vec::new();
            for v in vary {
                let i = check_name(params, &v.name)?;
                if slots.contains(&i) {
                    return Err(AnalysisError::Invalid(format!(
                        "`{}` is varied twice",
                        v.name
                    )));
                }
                if spec.set.iter().any(|s| s.name == v.name) {
                    return Err(AnalysisError::Invalid(format!(
                        "`{}` is both varied and set",
                        v.name
                    )));
                }
                slots.push(i);
            }
            let total = vary
                .iter()
                .try_fold(1usize, |n, v| n.checked_mul(v.steps))
                .filter(|&n| n <= MAX_POINTS)
                .ok_or_else(|| {
                    AnalysisError::Invalid(format!("the grid has more than {MAX_POINTS} points"))
                })?;
            debug_assert!(total > 0);
            let placement = Placement::Grid {
                vary: vary.clone(),
                values: vary.iter().map(Vary::values).collect(),
            };
            Ok(Resolved {
                slots,
                placement,
                chunks: grid_chunks(vary),
                design: spec.design.clone(),
            })
        }
        Design::Montecarlo { draws, seed, dists } => {
            let mut chosen: Vec<Option<Dist>> = params.iter().map(|p| p.dist).collect();
            for d in dists {
                let i = check_name(params, &d.name)?;
                d.dist
                    .check()
                    .map_err(|e| AnalysisError::parse("--dist", &d.dist.to_string(), e))?;
                chosen[i] = Some(d.dist);
            }
            for s in &spec.set {
                let i = check_name(params, &s.name)?;
                if dists.iter().any(|d| d.name == s.name) {
                    return Err(AnalysisError::Invalid(format!(
                        "`{}` is both drawn and set",
                        s.name
                    )));
                }
                chosen[i] = None;
            }
            let drawn: Vec<(usize, DistArg)> = chosen
                .iter()
                .enumerate()
                .filter_map(|(i, d)| {
                    d.map(|dist| {
                        let name = params[i].name.clone();
                        (i, DistArg { name, dist })
                    })
                })
                .collect();
            if drawn.is_empty() {
                return Err(AnalysisError::Invalid(
                    "no parameter has a distribution: give one with --dist name=normal(m,s)".into(),
                ));
            }
            if *draws == 0 {
                return Err(AnalysisError::Invalid("--draws must be at least 1".into()));
            }
            if *draws > MAX_POINTS {
                return Err(AnalysisError::Invalid(format!(
                    "--draws {draws} is more than {MAX_POINTS}"
                )));
            }
            let placement = Placement::Draws {
                seed: *seed,
                dists: drawn.iter().map(|d| d.1.dist).collect(),
            };
            let recorded = Design::Montecarlo {
                draws: *draws,
                seed: *seed,
                dists: drawn.iter().map(|d| d.1.clone()).collect(),
            };
            Ok(Resolved {
                slots: drawn.iter().map(|d| d.0).collect(),
                placement,
                chunks: (0..*draws).map(|i| i..i + 1).collect(),
                design: recorded,
            })
        }
    }
}

/// Solves the model at every point of the design (or of its shard), in
/// parallel, reporting finished points to `watch` (task `sweep` or
/// `montecarlo`) and stopping with [`AnalysisError::Cancelled`] when it is
/// cancelled.
///
/// A point where the model fails is kept, with its error; the run fails only
/// on bad arguments or when every point fails.
pub fn run_design(
    model: &dyn Model,
    spec: &DesignSpec,
    watch: &Watch,
) -> Result<DesignRun, AnalysisError> {
    let params = model.parameters();
    let Resolved {
        slots,
        placement,
        chunks: all_chunks,
        design,
    } = resolve(&params, spec)?;
    let total_points = all_chunks.last().map_or(0, |r| r.end);
    let base = base_values(&params, &spec.set)?;
    let mine = match spec.shard {
        Some(s) => &all_chunks[s.range(all_chunks.len())],
        None => &all_chunks[..],
    };
    let n: usize = mine.iter().map(|r| r.len()).sum();
    let ticker = watch.ticker(design.kind(), n as u64);
    let warm = matches!(placement, Placement::Grid { .. });
    let solved: Vec<Vec<(Point, Option<crate::PointResult>)>> = mine
        .par_iter()
        .map(|range| {
            let mut near: Option<crate::PointResult> = None;
            range
                .clone()
                .map(|index| {
                    watch.check()?;
                    let x = placement.at(index);
                    let mut values = base.clone();
                    for (&slot, &v) in slots.iter().zip(&x) {
                        values[slot].1 = v;
                    }
                    let r = evaluate_checked(model, &values, near.as_ref().filter(|_| warm), watch);
                    // A point cut short by the cancellation is no failed point.
                    watch.check()?;
                    if let Err(e) = &r {
                        tracing::debug!(index, error = %e, "the model failed at a point");
                    }
                    ticker.inc();
                    let point = Point {
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
                    near = r.as_ref().ok().cloned();
                    Ok((point, r.ok()))
                })
                .collect::<Result<Vec<_>, brink_game::Cancelled>>()
        })
        .collect::<Result<_, _>>()?;
    let (outcomes, metrics) = solved
        .iter()
        .flatten()
        .find_map(|(_, r)| r.as_ref().map(names))
        .unwrap_or_default();
    let points: Vec<Point> = solved
        .into_iter()
        .flatten()
        .map(|(mut p, r)| {
            if let Some(r) = r {
                if names(&r) == (outcomes.clone(), metrics.clone()) {
                    p.outcomes = r.outcomes.iter().map(|o| o.1).collect();
                    p.metrics = r.metrics.iter().map(|m| m.1).collect();
                    p.regret = Some(r.regret);
                } else {
                    p.error = Some("the outcome or metric names differ from other points".into());
                }
            }
            p
        })
        .collect();
    if !points.is_empty() && points.iter().all(|p| p.error.is_some()) {
        return Err(AnalysisError::Model {
            at: format!("every point ({} of them)", points.len()),
            message: points[0].error.clone().unwrap_or_default(),
        });
    }
    let fixed = base
        .iter()
        .enumerate()
        .filter(|(i, _)| !slots.contains(i))
        .map(|(_, v)| v.clone())
        .collect();
    let mut run = DesignRun {
        model: model.name(),
        design,
        total_points,
        params: slots.iter().map(|&i| params[i].name.clone()).collect(),
        fixed,
        outcomes,
        metrics,
        shard: spec.shard,
        points,
        summary: Vec::new(),
    };
    run.resummarise();
    Ok(run)
}

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

impl DesignRun {
    /// The grid's varied parameters (none for Monte Carlo).
    pub fn vary(&self) -> &[Vary] {
        match &self.design {
            Design::Sweep { vary } => vary,
            Design::Montecarlo { .. } => &[],
        }
    }

    /// The series of one quantity over the points that solved: `param`,
    /// `prob` or `metric` with its column, or `regret`.
    pub fn series(&self, kind: &str, i: usize) -> Vec<f64> {
        let ok = self.points.iter().filter(|d| d.error.is_none());
        match kind {
            "param" => ok.map(|d| d.params[i]).collect(),
            "prob" => ok.map(|d| d.outcomes[i]).collect(),
            "metric" => ok.map(|d| d.metrics[i]).collect(),
            _ => ok.filter_map(|d| d.regret).collect(),
        }
    }

    /// The values of one column at every point, `None` where the point
    /// failed: an outcome name, or a metric name.
    pub fn column(&self, name: &str) -> Option<Vec<Option<f64>>> {
        let get = |p: &Point, i: usize, metric: bool| {
            p.error
                .is_none()
                .then(|| if metric { p.metrics[i] } else { p.outcomes[i] })
        };
        if let Some(i) = self.outcomes.iter().position(|o| o == name) {
            return Some(self.points.iter().map(|p| get(p, i, false)).collect());
        }
        let i = self.metrics.iter().position(|m| m == name)?;
        Some(self.points.iter().map(|p| get(p, i, true)).collect())
    }

    /// Recomputes [`DesignRun::summary`] from the points (Monte Carlo runs;
    /// a grid's points are not a sample, and get none).
    pub fn resummarise(&mut self) {
        let mut s = Vec::new();
        let sample = matches!(self.design, Design::Montecarlo { .. });
        if sample && self.points.iter().any(|d| d.error.is_none()) {
            for (i, p) in self.params.iter().enumerate() {
                s.push(summarise("param", p, &self.series("param", i)));
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

    /// Number of points where the model failed.
    pub fn failures(&self) -> usize {
        self.points.iter().filter(|d| d.error.is_some()).count()
    }

    /// The first failure's message, if any.
    pub fn first_failure(&self) -> Option<&str> {
        self.points.iter().find_map(|p| p.error.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_parses_and_spans_the_range() {
        let v: Vary = "c_hi=0.2:0.6:5".parse().unwrap();
        assert_eq!(v.name, "c_hi");
        let x = v.values();
        assert_eq!(x.len(), 5);
        assert_eq!(x[0], 0.2);
        assert_eq!(x[4], 0.6);
        assert!((x[2] - 0.4).abs() < 1e-15);
        let v: Vary = "c=-1:-0.5:2".parse().unwrap();
        assert_eq!(v.values(), [-1.0, -0.5]);
        for bad in [
            "c",
            "c=1:2",
            "c=1:2:0",
            "c=a:2:3",
            "c=1:inf:3",
            "c=1:2:-1",
            "c=nan:1:2",
        ] {
            assert!(bad.parse::<Vary>().is_err(), "{bad}");
        }
    }

    #[test]
    fn chunks_tile_the_grid() {
        let v1 = vec![Vary {
            name: "a".into(),
            from: 0.0,
            to: 1.0,
            steps: 40,
        }];
        let c = grid_chunks(&v1);
        assert_eq!(c.len(), 3);
        assert_eq!(c[2], 32..40);
        let v2 = vec![
            v1[0].clone(),
            Vary {
                name: "b".into(),
                from: 0.0,
                to: 1.0,
                steps: 3,
            },
        ];
        let c = grid_chunks(&v2);
        assert_eq!(c, vec![0..40, 40..80, 80..120]);
        let grid: Vec<Vec<f64>> = v2.iter().map(Vary::values).collect();
        assert_eq!(grid_point(&v2, &grid, 41), vec![grid[0][1], 0.5]);
    }

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

    #[test]
    fn the_recorded_design_round_trips_through_json() {
        let d = Design::Montecarlo {
            draws: 3,
            seed: 9,
            dists: vec!["c=normal(0,1)".parse().unwrap()],
        };
        let text = serde_json::to_string(&d).unwrap();
        assert!(text.starts_with(r#"{"kind":"montecarlo""#), "{text}");
        assert_eq!(serde_json::from_str::<Design>(&text).unwrap(), d);
    }
}
