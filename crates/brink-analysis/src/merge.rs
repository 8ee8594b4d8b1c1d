//! Combining the parts of a sharded run into the run a single machine would have made.

use crate::error::AnalysisError;
use crate::montecarlo::McRun;
use crate::sweep::SweepTable;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The JSON file a sweep or Monte Carlo run writes: what `merge` reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RunFile {
    /// A sweep.
    Sweep(SweepTable),
    /// A Monte Carlo run.
    MonteCarlo(McRun),
}

impl RunFile {
    /// Reads a run file.
    pub fn read(path: &Path) -> Result<RunFile, AnalysisError> {
        let text = std::fs::read_to_string(path).map_err(|e| AnalysisError::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| {
            AnalysisError::Merge(format!(
                "{} is not a sweep or montecarlo JSON file: {e}",
                path.display()
            ))
        })
    }

    /// The file as pretty JSON.
    pub fn to_json(&self) -> Result<String, AnalysisError> {
        Ok(serde_json::to_string_pretty(self)?)
    }
}

/// Checks that the shards are `1/n ... n/n` of one run, each once.
fn check_shards(shards: &[Option<crate::Shard>]) -> Result<(), AnalysisError> {
    let n = match shards.first() {
        Some(Some(s)) => s.count,
        Some(None) => {
            return Err(AnalysisError::Merge(
                "a part is a whole run, not a shard".into(),
            ))
        }
        None => return Err(AnalysisError::Merge("nothing to merge".into())),
    };
    let mut seen = vec![false; n];
    for s in shards {
        let s =
            s.ok_or_else(|| AnalysisError::Merge("a part is a whole run, not a shard".into()))?;
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

/// Names must agree across the parts that have any (a shard where every point
/// failed has none).
fn merged_names(
    parts: &[(Vec<String>, Vec<String>)],
) -> Result<(Vec<String>, Vec<String>), AnalysisError> {
    let mut names: Option<&(Vec<String>, Vec<String>)> = None;
    for p in parts.iter().filter(|p| !p.0.is_empty() || !p.1.is_empty()) {
        match names {
            Some(n) if n != p => {
                return Err(AnalysisError::Merge(
                    "the parts have different outcomes or metrics".into(),
                ))
            }
            _ => names = Some(p),
        }
    }
    Ok(names.cloned().unwrap_or_default())
}

/// Merges all shards of one sweep or one Monte Carlo run into the whole run:
/// identical to what the run without `--shard` writes.
pub fn merge(parts: Vec<RunFile>) -> Result<RunFile, AnalysisError> {
    if parts.iter().all(|p| matches!(p, RunFile::Sweep(_))) {
        let tables: Vec<SweepTable> = parts
            .into_iter()
            .map(|p| {
                if let RunFile::Sweep(t) = p {
                    t
                } else {
                    unreachable!()
                }
            })
            .collect();
        check_shards(&tables.iter().map(|t| t.shard).collect::<Vec<_>>())?;
        let first = &tables[0];
        for t in &tables[1..] {
            if t.model != first.model || t.vary != first.vary || t.fixed != first.fixed {
                return Err(AnalysisError::Merge(
                    "the parts sweep different models or grids".into(),
                ));
            }
        }
        let (outcomes, metrics) = merged_names(
            &tables
                .iter()
                .map(|t| (t.outcomes.clone(), t.metrics.clone()))
                .collect::<Vec<_>>(),
        )?;
        let mut whole = SweepTable {
            outcomes,
            metrics,
            shard: None,
            points: Vec::new(),
            ..first.clone()
        };
        whole.points = tables.into_iter().flat_map(|t| t.points).collect();
        whole.points.sort_by_key(|p| p.index);
        if whole.points.len() != whole.total_points
            || whole.points.iter().enumerate().any(|(i, p)| p.index != i)
        {
            return Err(AnalysisError::Merge(
                "the parts do not cover the grid exactly once".into(),
            ));
        }
        Ok(RunFile::Sweep(whole))
    } else if parts.iter().all(|p| matches!(p, RunFile::MonteCarlo(_))) {
        let runs: Vec<McRun> = parts
            .into_iter()
            .map(|p| {
                if let RunFile::MonteCarlo(r) = p {
                    r
                } else {
                    unreachable!()
                }
            })
            .collect();
        check_shards(&runs.iter().map(|r| r.shard).collect::<Vec<_>>())?;
        let first = &runs[0];
        for r in &runs[1..] {
            if r.model != first.model
                || r.seed != first.seed
                || r.total_draws != first.total_draws
                || r.dists != first.dists
                || r.fixed != first.fixed
            {
                return Err(AnalysisError::Merge(
                    "the parts are from different runs (model, seed, draws or distributions)"
                        .into(),
                ));
            }
        }
        let (outcomes, metrics) = merged_names(
            &runs
                .iter()
                .map(|r| (r.outcomes.clone(), r.metrics.clone()))
                .collect::<Vec<_>>(),
        )?;
        let mut whole = McRun {
            outcomes,
            metrics,
            shard: None,
            draws: Vec::new(),
            summary: Vec::new(),
            ..first.clone()
        };
        whole.draws = runs.into_iter().flat_map(|r| r.draws).collect();
        whole.draws.sort_by_key(|d| d.index);
        if whole.draws.len() != whole.total_draws
            || whole.draws.iter().enumerate().any(|(i, d)| d.index != i)
        {
            return Err(AnalysisError::Merge(
                "the parts do not cover the draws exactly once".into(),
            ));
        }
        whole.resummarise();
        Ok(RunFile::MonteCarlo(whole))
    } else {
        Err(AnalysisError::Merge(
            "cannot mix sweep and montecarlo parts".into(),
        ))
    }
}
