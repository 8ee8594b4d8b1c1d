//! The text forms of a fit and of predictions, shared by every front end.

use crate::ad::Link;
use crate::fit::{Fit, Prediction};
use crate::models::{ErrorKind, ModelKind, UltimatumOutcome};
use crate::predprobs::PredProbs;
use std::fmt::Write as _;

/// One line saying what the curves hold fixed.
pub fn held_note(p: &PredProbs) -> String {
    let held: Vec<String> = p.held.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!(
        "predicted probabilities over {} ({} points); other regressors at their median or mode: {}",
        p.var,
        p.x.len(),
        if held.is_empty() {
            "none".to_string()
        } else {
            held.join(", ")
        }
    )
}

/// Predictions as CSV: a `row` column (the data row each came from), then
/// one column per outcome.
pub fn prediction_csv(p: &Prediction) -> String {
    let mut out = String::from("row");
    for c in &p.columns {
        let _ = write!(out, ",\"{c}\"");
    }
    out.push('\n');
    for (r, v) in p.rows.iter().zip(&p.values) {
        let _ = write!(out, "{r}");
        for x in v {
            let _ = write!(out, ",{x}");
        }
        out.push('\n');
    }
    out
}

fn fmt_num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.6}"),
        _ => "NA".into(),
    }
}

/// The regression-table report of a fit.
pub fn text_report(f: &Fit) -> String {
    let mut s = String::new();
    let what = match f.model {
        ModelKind::Ultimatum if f.outcome == Some(UltimatumOutcome::Offer) => {
            "statistical ultimatum game, offers only".to_string()
        }
        ModelKind::Ultimatum => "statistical ultimatum game".to_string(),
        _ => format!(
            "{}, {} link",
            match f.errors {
                ErrorKind::Agent => "agent error",
                ErrorKind::Private => "private information",
            },
            match f.link {
                Link::Probit => "probit",
                Link::Logit => "logit",
            }
        ),
    };
    let _ = writeln!(s, "Strategic model {} ({what})", f.model);
    let _ = writeln!(s, "Formula: {}", f.formula);
    if let Some(sf) = &f.scale_formula {
        let _ = writeln!(s, "Scale formula: {sf}");
    }
    let width = f
        .coefficients
        .iter()
        .map(|c| c.term.len())
        .max()
        .unwrap_or(4)
        .max(12);
    let boot = f.bootstrap.is_some();
    let mut current = String::new();
    for c in &f.coefficients {
        if c.utility != current {
            current = c.utility.clone();
            let _ = writeln!(s, "\n{current}:");
            let _ = write!(
                s,
                "  {:<width$} {:>12} {:>12} {:>9} {:>9}",
                "term", "estimate", "std. error", "z", "p"
            );
            if boot {
                let _ = write!(s, " {:>12}", "boot. s.e.");
            }
            s.push('\n');
        }
        let z = c.se.map(|se| c.estimate / se);
        let p = z.map(Fit::p_value);
        let _ = write!(
            s,
            "  {:<width$} {:>12} {:>12} {:>9} {:>9}",
            c.term,
            fmt_num(Some(c.estimate)),
            fmt_num(c.se),
            z.filter(|z| z.is_finite())
                .map_or("NA".into(), |z| format!("{z:.3}")),
            p.filter(|p| p.is_finite())
                .map_or("NA".into(), |p| format!("{p:.4}")),
        );
        if boot {
            let _ = write!(s, " {:>12}", fmt_num(c.bootstrap_se));
        }
        s.push('\n');
    }
    for (u, v) in &f.fixed_utilities {
        let _ = writeln!(s, "\n{u}: fixed at {v}");
    }
    let _ = writeln!(
        s,
        "\nLog-likelihood: {:.6}   N: {}   AIC: {:.4}",
        f.loglik, f.n, f.aic
    );
    if f.dropped > 0 {
        let _ = writeln!(s, "Dropped {} rows with missing values.", f.dropped);
    }
    let _ = writeln!(
        s,
        "Convergence: {} after {} Newton iterations (max |gradient| {:.2e}); {} of {} starts reached the best optimum (backward-induction start alone: {:.4}).",
        if f.converged { "converged" } else { "NOT converged" },
        f.convergence.iterations,
        f.convergence.max_abs_gradient,
        f.starts.reached_best,
        f.starts.tried,
        f.starts.sbi_loglik
    );
    let _ = writeln!(s, "Optimiser: {}", f.convergence.message);
    if let Some(b) = &f.bootstrap {
        let _ = writeln!(
            s,
            "Bootstrap: {} replicates (seed {}), {} failed to converge.",
            b.replicates, b.seed, b.failed
        );
    }
    s
}
