//! `brink estimate`: the fit comes from brink-estimate, the --plot-probs
//! picture from brink-analysis; the binary is the one place that has both,
//! which keeps brink-estimate free of the plotting stack.

use brink_analysis::plot::{plot_prob_curves, ImageFormat, ProbCurves, Series};
use brink_estimate::cli::{estimate, write_estimate, EstimateArgs};
use brink_estimate::predprobs::PredProbs;

/// The chart of predicted probabilities: one curve and band per outcome;
/// `what` names the fit in the title.
pub fn curves(what: &str, p: &PredProbs) -> ProbCurves {
    let series = p
        .outcomes
        .iter()
        .enumerate()
        .map(|(k, o)| Series {
            name: format!("Pr({o})"),
            y: p.fit[k].clone(),
            band: p
                .band
                .as_ref()
                .map(|b| (b.lower[k].clone(), b.upper[k].clone())),
        })
        .collect();
    let title = match p.band {
        Some(_) => format!(
            "{what}: predicted probabilities, {}% intervals",
            100.0 * p.ci
        ),
        None => format!("{what}: predicted probabilities (no intervals)"),
    };
    ProbCurves {
        title,
        x_label: p.var.clone(),
        y_label: "predicted probability".into(),
        x: p.x.clone(),
        series,
    }
}

/// Runs `brink estimate`.
pub fn run_estimate(args: &EstimateArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        // A wrong extension should fail before the fit, not after it.
        ImageFormat::of(path)?;
    }
    let e = estimate(args)?;
    write_estimate(args, &e)?;
    if let (Some(path), Some(p)) = (&args.plot, &e.probs) {
        let data = std::path::Path::new(&args.data)
            .file_stem()
            .map_or_else(|| args.data.clone(), |s| s.to_string_lossy().into_owned());
        plot_prob_curves(path, &curves(&format!("{} on {data}", e.fit.model), p))?;
    }
    Ok(())
}
