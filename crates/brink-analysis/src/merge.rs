//! A run's files: the JSON that `brink merge` reads, the CSV tables, and the
//! merge of a sharded run's parts into the run a single machine would have made.

use crate::design::{Design, DesignRun};
use crate::error::AnalysisError;
use std::io::Write;
use std::path::Path;

impl DesignRun {
    /// Reads a run written as JSON.
    pub fn read(path: &Path) -> Result<DesignRun, AnalysisError> {
        let text = std::fs::read_to_string(path).map_err(|e| AnalysisError::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| {
            AnalysisError::Merge(format!(
                "{} is not a sweep or montecarlo JSON file: {e}",
                path.display()
            ))
        })
    }

    /// The run as pretty JSON.
    pub fn to_json(&self) -> Result<String, AnalysisError> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Column names of the table of points: the varied or drawn parameters,
    /// `prob:OUTCOME`, `metric:NAME`, `regret`, `error`.
    pub fn csv_header(&self) -> Vec<String> {
        let mut h: Vec<String> = self.params.clone();
        h.extend(self.outcomes.iter().map(|o| format!("prob:{o}")));
        h.extend(self.metrics.iter().map(|m| format!("metric:{m}")));
        h.push("regret".into());
        h.push("error".into());
        h
    }

    /// Writes the table of points as CSV, one row per point (failed points
    /// have empty cells).
    pub fn write_points_csv(&self, out: impl Write) -> Result<(), AnalysisError> {
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
        flush(w)
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
        flush(w)
    }

    /// The CSV form of the run: the table of points of a sweep, the summary
    /// of a Monte Carlo run.
    pub fn write_csv(&self, out: impl Write) -> Result<(), AnalysisError> {
        match self.design {
            Design::Sweep { .. } => self.write_points_csv(out),
            Design::Montecarlo { .. } => self.write_summary_csv(out),
        }
    }
}

fn flush<W: Write>(mut w: csv::Writer<W>) -> Result<(), AnalysisError> {
    w.flush().map_err(|e| AnalysisError::Io {
        path: "CSV output".into(),
        source: e,
    })
}

/// Checks that the shards are `1/n ... n/n` of one run, each once.
fn check_shards(shards: &[Option<crate::Shard>]) -> Result<(), AnalysisError> {
    let whole = || AnalysisError::Merge("a part is a whole run, not a shard".into());
    let n = match shards.first() {
        Some(Some(s)) => s.count,
        Some(None) => return Err(whole()),
        None => return Err(AnalysisError::Merge("nothing to merge".into())),
    };
    let mut seen = vec![false; n];
    for s in shards {
        let s = s.ok_or_else(whole)?;
        if s.count != n {
            return Err(AnalysisError::Merge(format!(
                "parts of {} and of {} shards",
                n, s.count
            )));
        }
        if std::mem::replace(&mut seen[s.index - 1], true) {
            return Err(AnalysisError::Merge(format!("shard {s} given twice")));
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, &s)| !s)
        .map(|(i, _)| format!("{}/{n}", i + 1))
        .collect();
    if !missing.is_empty() {
        return Err(AnalysisError::Merge(format!(
            "missing shard(s) {}",
            missing.join(", ")
        )));
    }
    Ok(())
}

/// Merges all shards of one sweep or one Monte Carlo run into the whole run:
/// identical to what the run without `--shard` writes.
pub fn merge(parts: Vec<DesignRun>) -> Result<DesignRun, AnalysisError> {
    let Some(first) = parts.first() else {
        return Err(AnalysisError::Merge("nothing to merge".into()));
    };
    if parts.iter().any(|p| p.design.kind() != first.design.kind()) {
        return Err(AnalysisError::Merge(
            "cannot mix sweep and montecarlo parts".into(),
        ));
    }
    check_shards(&parts.iter().map(|p| p.shard).collect::<Vec<_>>())?;
    for p in &parts[1..] {
        if p.model != first.model
            || p.design != first.design
            || p.fixed != first.fixed
            || p.params != first.params
            || p.total_points != first.total_points
        {
            return Err(AnalysisError::Merge(
                "the parts are from different runs (model, grid, seed, draws or fixed values)"
                    .into(),
            ));
        }
    }
    // Names must agree across the parts that have any (a shard where every
    // point failed has none).
    let mut names: Option<(&Vec<String>, &Vec<String>)> = None;
    for p in parts
        .iter()
        .filter(|p| !p.outcomes.is_empty() || !p.metrics.is_empty())
    {
        match names {
            Some(n) if n != (&p.outcomes, &p.metrics) => {
                return Err(AnalysisError::Merge(
                    "the parts have different outcomes or metrics".into(),
                ))
            }
            _ => names = Some((&p.outcomes, &p.metrics)),
        }
    }
    let (outcomes, metrics) = names
        .map(|(o, m)| (o.clone(), m.clone()))
        .unwrap_or_default();
    let mut whole = DesignRun {
        outcomes,
        metrics,
        shard: None,
        points: Vec::new(),
        summary: Vec::new(),
        ..first.clone()
    };
    whole.points = parts.into_iter().flat_map(|p| p.points).collect();
    whole.points.sort_by_key(|p| p.index);
    if whole.points.len() != whole.total_points
        || whole.points.iter().enumerate().any(|(i, p)| p.index != i)
    {
        return Err(AnalysisError::Merge(
            "the parts do not cover the points exactly once".into(),
        ));
    }
    whole.resummarise();
    Ok(whole)
}
