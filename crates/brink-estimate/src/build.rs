//! From a data set, a formula and options to a [`Problem`]: column checks,
//! missing-value handling, outcome coding, identification check, design.

use crate::ad::Link;
use crate::data::{build_design, ColumnKind, Dataset, IndexSpec, XLevels};
use crate::error::{EstimateError, Result};
use crate::formula::{Formula, Part};
use crate::likelihood::Problem;
use crate::models::{ErrorKind, ModelKind, ModelSpec, Obs, UltimatumOutcome};
use serde::{Deserialize, Serialize};

/// What to estimate, besides the data.
#[derive(Clone, Debug)]
pub struct ModelOptions {
    /// The game.
    pub kind: ModelKind,
    /// Error structure.
    pub errors: ErrorKind,
    /// Link function.
    pub link: Link,
    /// Labels of a text outcome, in the model's outcome order.
    pub levels: Option<Vec<String>>,
    /// Utilities fixed at given values (`("u13", 0.5)`); a scale equation
    /// `log sigma = constant` is then added unless one is given.
    pub fixed: Vec<(String, f64)>,
    /// One-sided formula for `log sigma` (egames), e.g. `~ x4`.
    pub scale_formula: Option<String>,
    /// Maximum offer (ultimatum).
    pub max_offer: Option<f64>,
    /// Fixed scale of player 1's shock (ultimatum); estimated if None.
    pub s1: Option<f64>,
    /// Fixed scale of player 2's shock (ultimatum); estimated if None.
    pub s2: Option<f64>,
    /// What the ultimatum data record: offers and acceptances, or offers
    /// alone (`games`' `outcome = "offer"`).
    pub outcome: UltimatumOutcome,
}

impl ModelOptions {
    /// Defaults for a model: agent error, probit link, nothing fixed.
    pub fn new(kind: ModelKind) -> Self {
        Self {
            kind,
            errors: ErrorKind::Agent,
            link: Link::Probit,
            levels: None,
            fixed: vec![],
            scale_formula: None,
            max_offer: None,
            s1: None,
            s2: None,
            outcome: UltimatumOutcome::Both,
        }
    }
}

/// Facts about the data behind a [`Problem`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DataInfo {
    /// Rows dropped for missing values in used columns.
    pub dropped: usize,
    /// Factor levels of text regressors.
    pub xlevels: XLevels,
    /// Outcome labels, in the model's order.
    pub outcomes: Vec<String>,
    /// Original (1-based) data rows used.
    pub rows: Vec<usize>,
}

fn scale_name(link: Link) -> &'static str {
    match link {
        Link::Probit => "log(sigma)",
        Link::Logit => "log(lambda)",
    }
}

/// Checks options and the formula against the model; returns the parsed
/// scale formula.
pub(crate) fn check_spec(formula: &Formula, opts: &ModelOptions) -> Result<Option<Formula>> {
    let kind = opts.kind;
    let nu = kind.n_utils();
    if formula.parts.len() != nu {
        return Err(EstimateError::Formula(format!(
            "{kind} needs {nu} right-hand parts separated by '|' ({}), the formula has {}",
            kind.utility_names().join(", "),
            formula.parts.len()
        )));
    }
    if kind != ModelKind::Ultimatum && opts.errors == ErrorKind::Private && opts.link == Link::Logit
    {
        return Err(EstimateError::Spec(
            "the private-information model has normal shocks: use --link probit (or --errors agent)".into(),
        ));
    }
    for (name, v) in &opts.fixed {
        if !kind.utility_names().contains(&name.as_str()) || kind == ModelKind::Ultimatum {
            return Err(EstimateError::Spec(format!(
                "cannot fix '{name}': {kind} has utilities {}",
                kind.utility_names().join(", ")
            )));
        }
        if !v.is_finite() {
            return Err(EstimateError::Spec(format!(
                "fixed value of {name} is not finite"
            )));
        }
    }
    if kind == ModelKind::Ultimatum {
        match opts.max_offer {
            Some(q) if q.is_finite() && q > 0.0 => {}
            Some(q) => {
                return Err(EstimateError::Spec(format!(
                    "--max-offer must be positive, got {q}"
                )))
            }
            None => {
                return Err(EstimateError::Spec(
                    "the ultimatum model needs --max-offer".into(),
                ))
            }
        }
        for (n, s) in [("s1", opts.s1), ("s2", opts.s2)] {
            if let Some(s) = s {
                if !(s.is_finite() && s > 0.0) {
                    return Err(EstimateError::Spec(format!(
                        "--{n} must be positive, got {s}"
                    )));
                }
            }
        }
        if opts.scale_formula.is_some() {
            return Err(EstimateError::Spec(
                "the ultimatum model has no scale formula; use --s1/--s2 to fix scales".into(),
            ));
        }
    } else if opts.outcome != UltimatumOutcome::Both {
        return Err(EstimateError::Spec(format!(
            "--outcome {} is for the ultimatum model; {kind} observes its outcome whole",
            opts.outcome
        )));
    }
    // Lewis-Schultz identification.
    if opts.fixed.is_empty() {
        for (player, group) in kind.id_groups() {
            let sets: Vec<Vec<String>> = group
                .iter()
                .map(|&k| {
                    let p = &formula.parts[k];
                    let mut v: Vec<String> = p.terms.iter().map(|t| t.name()).collect();
                    if p.intercept {
                        v.push("(Intercept)".into());
                    }
                    v
                })
                .collect();
            let common: Vec<&String> = sets[0]
                .iter()
                .filter(|t| sets[1..].iter().all(|s| s.contains(t)))
                .collect();
            if !common.is_empty() {
                let names: Vec<&str> = group.iter().map(|&k| kind.utility_names()[k]).collect();
                return Err(EstimateError::Identification(format!(
                    "{} appear(s) in all of {player}'s utilities ({}); the model is not identified (Lewis and Schultz 2003). Drop it from one of them, e.g. with '- 1' for the constant or '0' to fix a utility at zero",
                    common.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", "),
                    names.join(", ")
                )));
            }
        }
    }
    let scale = match &opts.scale_formula {
        None => None,
        Some(t) => {
            let t = if t.contains('~') {
                t.clone()
            } else {
                format!("~ {t}")
            };
            let f = Formula::parse(&t)?;
            if !f.lhs.is_empty() || f.parts.len() != 1 {
                return Err(EstimateError::Formula(
                    "the scale formula must be one-sided with one part, e.g. '~ x4'".into(),
                ));
            }
            Some(f)
        }
    };
    Ok(scale)
}

/// Index specifications in the model's order.
pub(crate) fn index_specs<'a>(
    formula: &'a Formula,
    scale: Option<&'a Formula>,
    opts: &ModelOptions,
    constant: &'a Part,
) -> Vec<IndexSpec<'a>> {
    let kind = opts.kind;
    let mut specs: Vec<IndexSpec<'a>> = kind
        .utility_names()
        .iter()
        .enumerate()
        .map(|(k, name)| IndexSpec {
            name: name.to_string(),
            part: Some(&formula.parts[k]),
            fixed: opts.fixed.iter().find(|(n, _)| n == name).map(|x| x.1),
        })
        .collect();
    if kind == ModelKind::Ultimatum {
        for (name, s) in [("log(s1)", opts.s1), ("log(s2)", opts.s2)] {
            specs.push(IndexSpec {
                name: name.into(),
                part: Some(constant),
                fixed: s.map(f64::ln),
            });
        }
    } else if let Some(f) = scale {
        specs.push(IndexSpec {
            name: scale_name(opts.link).into(),
            part: Some(&f.parts[0]),
            fixed: None,
        });
    } else if !opts.fixed.is_empty() {
        specs.push(IndexSpec {
            name: scale_name(opts.link).into(),
            part: Some(constant),
            fixed: None,
        });
    }
    specs
}

fn outcome_error<T>(m: String) -> Result<T> {
    Err(EstimateError::Outcome(m))
}

/// The ultimatum outcomes: `offer + accept`, or with `--outcome offer`
/// also `offer` alone. Offers-only data get a stand-in acceptance (offer
/// at least the mean), as `games` does: it seeds the starting values and
/// never enters the likelihood.
fn ultimatum_outcomes(
    ds: &Dataset,
    rows: &[usize],
    lhs: &[String],
    opts: &ModelOptions,
) -> Result<(Vec<Obs>, Vec<String>)> {
    let offer_only = opts.outcome == UltimatumOutcome::Offer;
    match (lhs.len(), offer_only) {
        (2, _) | (1, true) => {}
        (1, false) => {
            return outcome_error(
                "the ultimatum model needs 'offer + accept' on the left of '~' (or --outcome offer for offers alone)".into(),
            )
        }
        _ => {
            return outcome_error(format!(
                "the ultimatum model needs 'offer + accept'{} on the left of '~', got {} column(s)",
                if offer_only { " or 'offer'" } else { "" },
                lhs.len()
            ))
        }
    }
    let q = opts.max_offer.unwrap_or(f64::NAN);
    let tol = f64::EPSILON.sqrt();
    let off = ds.numeric(&lhs[0])?;
    let acc = match lhs.get(1) {
        Some(c) => Some(ds.numeric(c)?),
        None => None,
    };
    let mean = rows.iter().map(|&r| off[r]).sum::<f64>() / rows.len().max(1) as f64;
    let mut obs = Vec::with_capacity(rows.len());
    for &r in rows {
        let y = off[r];
        let a = match &acc {
            Some(a) => a[r],
            None => f64::from(u8::from(y >= mean)),
        };
        if a != 0.0 && a != 1.0 {
            return outcome_error(format!(
                "column '{}', data row {}: acceptance must be 0 or 1, got {a}",
                lhs[1],
                r + 1
            ));
        }
        if y < -tol || y > q + tol {
            return outcome_error(format!(
                "column '{}', data row {}: offer {y} outside [0, {q}] (--max-offer)",
                lhs[0],
                r + 1
            ));
        }
        let censor = if y.abs() < tol {
            1
        } else if (y - q).abs() < tol {
            2
        } else {
            0
        };
        obs.push(Obs {
            y: 0,
            offer: y,
            accept: a == 1.0,
            censor,
        });
    }
    Ok((obs, vec!["E(offer)".into(), "Pr(accept)".into()]))
}

/// Codes the outcome of each row.
fn outcomes(
    ds: &Dataset,
    rows: &[usize],
    formula: &Formula,
    opts: &ModelOptions,
) -> Result<(Vec<Obs>, Vec<String>)> {
    let kind = opts.kind;
    let lhs = &formula.lhs;
    if kind == ModelKind::Ultimatum {
        return ultimatum_outcomes(ds, rows, lhs, opts);
    }
    let codes = kind.outcome_codes();
    let mk = |y: usize| Obs {
        y: y as u8,
        ..Obs::default()
    };
    if lhs.len() == 1 {
        let col = &lhs[0];
        if let Some(levels) = &opts.levels {
            if levels.len() != codes.len() {
                return outcome_error(format!(
                    "{kind} has {} outcomes but --levels lists {}",
                    codes.len(),
                    levels.len()
                ));
            }
            let t = ds.text(col)?;
            let mut obs = vec![];
            for &r in rows {
                let s = t[r].unwrap_or("");
                match levels.iter().position(|l| l == s) {
                    Some(k) => obs.push(mk(k)),
                    None => {
                        return outcome_error(format!(
                        "column '{col}', data row {}: outcome level '{s}' is not in --levels ({})",
                        r + 1,
                        levels.join(", ")
                    ))
                    }
                }
            }
            return Ok((obs, levels.clone()));
        }
        if ds.kind(col)? == ColumnKind::Text {
            let t = ds.text(col)?;
            let mut found: Vec<&str> = rows.iter().filter_map(|&r| t[r]).collect();
            found.sort();
            found.dedup();
            return outcome_error(format!(
                "outcome column '{col}' is text; pass --levels with its labels in the order of {kind}'s outcomes ({}) (labels found: {})",
                codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
                found.join(", ")
            ));
        }
        let v = ds.numeric(col)?;
        let mut obs = vec![];
        for &r in rows {
            match codes.iter().position(|&c| c as f64 == v[r]) {
                Some(k) => obs.push(mk(k)),
                None => {
                    return outcome_error(format!(
                        "column '{col}', data row {}: outcome {} is not an outcome of {kind} (expected one of {})",
                        r + 1,
                        v[r],
                        codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
                    ))
                }
            }
        }
        return Ok((obs, codes.iter().map(|c| c.to_string()).collect()));
    }
    if lhs.len() != kind.n_dummies() {
        return outcome_error(format!(
            "{kind} takes one outcome column or {} action dummies on the left of '~', got {}",
            kind.n_dummies(),
            lhs.len()
        ));
    }
    let cols: Vec<Vec<f64>> = lhs.iter().map(|c| ds.numeric(c)).collect::<Result<_>>()?;
    let mut obs = vec![];
    for &r in rows {
        let mut d = vec![];
        for (j, c) in cols.iter().enumerate() {
            if c[r] != 0.0 && c[r] != 1.0 {
                return outcome_error(format!(
                    "column '{}', data row {}: action dummy must be 0 or 1, got {}",
                    lhs[j],
                    r + 1,
                    c[r]
                ));
            }
            d.push(c[r] == 1.0);
        }
        obs.push(mk(kind.outcome_from_dummies(&d)));
    }
    Ok((obs, codes.iter().map(|c| c.to_string()).collect()))
}

/// Builds the estimation problem.
pub fn build_problem(
    ds: &Dataset,
    formula: &Formula,
    opts: &ModelOptions,
) -> Result<(Problem, DataInfo)> {
    let scale = check_spec(formula, opts)?;
    let constant = Part {
        intercept: true,
        terms: vec![],
    };
    let specs = index_specs(formula, scale.as_ref(), opts, &constant);
    // Used columns, checked for existence, then rows with a missing value dropped.
    let mut used: Vec<String> = formula.lhs.clone();
    for (k, s) in specs.iter().enumerate() {
        if s.fixed.is_some() {
            continue;
        }
        if let Some(p) = s.part {
            for t in &p.terms {
                for v in &t.0 {
                    if !used.contains(v) {
                        used.push(v.clone());
                    }
                }
            }
        }
        let _ = k;
    }
    for c in &used {
        ds.require(c)?;
    }
    let mut rows = vec![];
    for r in 0..ds.nrows {
        let mut ok = true;
        for c in &used {
            if ds.is_missing(c, r)? {
                ok = false;
                break;
            }
        }
        if ok {
            rows.push(r);
        }
    }
    let dropped = ds.nrows - rows.len();
    if rows.is_empty() {
        return Err(EstimateError::Csv(format!(
            "no complete rows: all {} rows have a missing value in a used column ({})",
            ds.nrows,
            used.join(", ")
        )));
    }
    let (obs, labels) = outcomes(ds, &rows, formula, opts)?;
    let mut xlevels = XLevels::new();
    let design = build_design(ds, &rows, &specs, &mut xlevels, false)?;
    let spec = ModelSpec {
        kind: opts.kind,
        errors: opts.errors,
        link: if opts.kind == ModelKind::Ultimatum {
            Link::Logit
        } else {
            opts.link
        },
        scale: opts.kind != ModelKind::Ultimatum && specs.len() > opts.kind.n_utils(),
        max_offer: opts.max_offer.unwrap_or(0.0),
        offer_tol: f64::EPSILON.sqrt(),
        outcome: opts.outcome,
    };
    let info = DataInfo {
        dropped,
        xlevels,
        outcomes: labels,
        rows: rows.iter().map(|r| r + 1).collect(),
    };
    Ok((Problem { spec, design, obs }, info))
}
