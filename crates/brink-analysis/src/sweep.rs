//! Comparative statics: a model solved over a grid of one or two parameters.

use crate::error::AnalysisError;
use crate::model::{
    base_values, check_name, describe_point, evaluate_checked, names, parse_finite, Model,
    PointResult, Set,
};
use crate::shard::Shard;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::str::FromStr;

/// Points per chunk of a one-parameter sweep. Chunks are the unit of parallel work
/// and of sharding; warm starts run along a chunk, so results do not depend on
/// the number of threads or shards.
pub const CHUNK_1D: usize = 16;

/// Sweeps with at least this many points show a progress bar.
pub const PROGRESS_MIN: usize = 64;

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
        let bad = |why: &str| AnalysisError::parse("--vary", s, why);
        let (name, range) = s
            .split_once('=')
            .ok_or_else(|| bad("expected name=from:to:steps"))?;
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(bad("expected name=from:to:steps"));
        }
        let from = parse_finite(parts[0]).ok_or_else(|| bad("`from` is not a finite number"))?;
        let to = parse_finite(parts[1]).ok_or_else(|| bad("`to` is not a finite number"))?;
        let steps: usize = parts[2]
            .parse()
            .map_err(|_| bad("`steps` is not a whole number"))?;
        if steps == 0 {
            return Err(bad("`steps` must be at least 1"));
        }
        if steps > 1_000_000 {
            return Err(bad("more than a million steps"));
        }
        Ok(Vary {
            name: name.trim().to_string(),
            from,
            to,
            steps,
        })
    }
}

/// What to sweep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepSpec {
    /// One or two parameters to vary; the first varies fastest.
    pub vary: Vec<Vary>,
    /// Values for other parameters (defaults otherwise).
    pub set: Vec<Set>,
    /// Only this part of the grid.
    pub shard: Option<Shard>,
}

/// One grid point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Position in the full grid (first parameter fastest).
    pub index: usize,
    /// Values of the varied parameters, in `--vary` order.
    pub params: Vec<f64>,
    /// Outcome probabilities, in the order of [`SweepTable::outcomes`] (empty on error).
    pub outcomes: Vec<f64>,
    /// Expected metrics, in the order of [`SweepTable::metrics`] (empty on error).
    pub metrics: Vec<f64>,
    /// Maximum regret of the solution (absent on error).
    pub regret: Option<f64>,
    /// The model's error message, if it failed here.
    pub error: Option<String>,
}

/// The result of a sweep (or of one shard of it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepTable {
    /// The model's name.
    pub model: String,
    /// The varied parameters.
    pub vary: Vec<Vary>,
    /// Values of all parameters not varied.
    pub fixed: Vec<(String, f64)>,
    /// Outcome names.
    pub outcomes: Vec<String>,
    /// Metric names.
    pub metrics: Vec<String>,
    /// Number of points in the full grid.
    pub total_points: usize,
    /// Which part this is, for a sharded run.
    pub shard: Option<Shard>,
    /// The points, in grid order.
    pub points: Vec<SweepPoint>,
}

/// The chunks of a grid: rows along the first parameter for two parameters,
/// runs of [`CHUNK_1D`] points for one.
pub(crate) fn chunks(vary: &[Vary]) -> Vec<std::ops::Range<usize>> {
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

pub(crate) fn progress_bar(n: usize, show: bool, what: &str) -> ProgressBar {
    if !show || n < PROGRESS_MIN {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    let style = ProgressStyle::with_template(&format!(
        "{what} {{bar:40}} {{pos}}/{{len}} [{{elapsed_precise}}, {{eta}} left]"
    ))
    .expect("a fixed template");
    bar.set_style(style);
    bar
}

/// Solves the model at every point of the grid (or of the shard), in parallel.
///
/// A point where the model fails is kept, with its error; the sweep fails only on
/// bad arguments or when every point fails.
pub fn sweep(
    model: &dyn Model,
    spec: &SweepSpec,
    progress: bool,
) -> Result<SweepTable, AnalysisError> {
    let params = model.parameters();
    if spec.vary.is_empty() || spec.vary.len() > 2 {
        return Err(AnalysisError::Invalid(
            "a sweep varies one or two parameters".into(),
        ));
    }
    let mut slots = Vec::new();
    for v in &spec.vary {
        let i = check_name(&params, &v.name)?;
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
    let total: usize = spec.vary.iter().map(|v| v.steps).product();
    if total > 10_000_000 {
        return Err(AnalysisError::Invalid(format!(
            "{total} grid points are too many"
        )));
    }
    let base = base_values(&params, &spec.set)?;
    let grid: Vec<Vec<f64>> = spec.vary.iter().map(Vary::values).collect();
    let all_chunks = chunks(&spec.vary);
    let mine = match spec.shard {
        Some(s) => &all_chunks[s.range(all_chunks.len())],
        None => &all_chunks[..],
    };
    let n: usize = mine.iter().map(|r| r.len()).sum();
    let bar = progress_bar(n, progress, "sweep");
    let solved: Vec<Vec<(SweepPoint, Option<PointResult>)>> = mine
        .par_iter()
        .map(|range| {
            let mut near: Option<PointResult> = None;
            range
                .clone()
                .map(|index| {
                    let x = grid_point(&spec.vary, &grid, index);
                    let mut values = base.clone();
                    for (&slot, &v) in slots.iter().zip(&x) {
                        values[slot].1 = v;
                    }
                    let r = evaluate_checked(model, &values, near.as_ref());
                    bar.inc(1);
                    let point = SweepPoint {
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
                    (point, r.ok())
                })
                .collect()
        })
        .collect();
    bar.finish_and_clear();
    let (outcomes, metrics) = solved
        .iter()
        .flatten()
        .find_map(|(_, r)| r.as_ref().map(names))
        .unwrap_or_default();
    let points = solved
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
        .collect::<Vec<_>>();
    if !points.is_empty() && points.iter().all(|p| p.error.is_some()) {
        let first = &points[0];
        return Err(AnalysisError::Model {
            at: format!("every point ({} of them)", points.len()),
            message: first.error.clone().unwrap_or_default(),
        });
    }
    let fixed = base
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !slots.contains(i))
        .map(|(_, v)| v)
        .collect();
    Ok(SweepTable {
        model: model.name(),
        vary: spec.vary.clone(),
        fixed,
        outcomes,
        metrics,
        total_points: total,
        shard: spec.shard,
        points,
    })
}

impl SweepTable {
    /// Column names of the CSV table: the varied parameters, `prob:OUTCOME`,
    /// `metric:NAME`, `regret`, `error`.
    pub fn csv_header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.vary.iter().map(|v| v.name.clone()).collect();
        h.extend(self.outcomes.iter().map(|o| format!("prob:{o}")));
        h.extend(self.metrics.iter().map(|m| format!("metric:{m}")));
        h.push("regret".into());
        h.push("error".into());
        h
    }

    /// Writes the table as CSV, one row per point (failed points have empty cells).
    pub fn write_csv(&self, out: impl Write) -> Result<(), AnalysisError> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.csv_header())?;
        let width = self.outcomes.len() + self.metrics.len();
        for p in &self.points {
            let mut row: Vec<String> = p.params.iter().map(|x| x.to_string()).collect();
            if p.error.is_none() {
                row.extend(p.outcomes.iter().chain(&p.metrics).map(|x| x.to_string()));
            } else {
                row.extend(vec![String::new(); width]);
            }
            row.push(p.regret.map(|r| r.to_string()).unwrap_or_default());
            row.push(p.error.clone().unwrap_or_default());
            w.write_record(row)?;
        }
        w.flush().map_err(|e| AnalysisError::Io {
            path: "CSV output".into(),
            source: e,
        })?;
        Ok(())
    }

    /// The values of one column over the points that solved: outcome name, `metric` name.
    pub fn column(&self, name: &str) -> Option<Vec<Option<f64>>> {
        let get = |p: &SweepPoint, i: usize, metric: bool| {
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
        for bad in ["c", "c=1:2", "c=1:2:0", "c=a:2:3", "c=1:inf:3", "c=1:2:-1"] {
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
        let c = chunks(&v1);
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
        let c = chunks(&v2);
        assert_eq!(c, vec![0..40, 40..80, 80..120]);
        let grid: Vec<Vec<f64>> = v2.iter().map(Vary::values).collect();
        assert_eq!(grid_point(&v2, &grid, 41), vec![grid[0][1], 0.5]);
    }
}
