//! Command-line front end: `brink estimate` and `brink predict`.

use crate::ad::Link;
use crate::build::ModelOptions;
use crate::data::{ColumnKind, Dataset};
use crate::fit::{fit, Fit, FitOptions};
use crate::formula::Formula;
use crate::models::{ErrorKind, ModelKind};
use crate::predprobs::{check_var, pred_probs, spec_variables, PredProbs, PredProbsOptions};
use anyhow::Context;
use clap::ValueEnum;
use std::fmt::Write as _;

/// Error structure on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorsArg {
    /// Agent error (quantal response).
    Agent,
    /// Private information (normal shocks on outcome utilities).
    Private,
}

/// Link function on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LinkArg {
    /// Standard normal.
    Probit,
    /// Logistic.
    Logit,
}

/// Output format of `brink estimate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A regression table.
    Text,
    /// JSON (readable by `brink predict`).
    Json,
}

/// Output format of `brink predict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PredictFormatArg {
    /// CSV with a `row` column.
    Csv,
    /// JSON.
    Json,
}

fn parse_model(s: &str) -> Result<ModelKind, String> {
    s.parse()
}

/// Arguments of `brink estimate`.
#[derive(Debug, Clone, clap::Args)]
pub struct EstimateArgs {
    /// The game: egame12, egame122, egame123 or ultimatum.
    #[arg(value_parser = parse_model)]
    pub model: ModelKind,
    /// CSV file with a header row.
    #[arg(long)]
    pub data: String,
    /// Formula in the `games` syntax, one part per utility separated by
    /// '|', e.g. "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc".
    #[arg(long)]
    pub formula: String,
    /// Error structure.
    #[arg(long, value_enum, default_value = "agent")]
    pub errors: ErrorsArg,
    /// Link function (private information is always probit).
    #[arg(long, value_enum, default_value = "probit")]
    pub link: LinkArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Labels of a text outcome column, comma-separated, in the order of
    /// the model's outcomes (e.g. "no attack,devaluation,defense").
    #[arg(long)]
    pub levels: Option<String>,
    /// Utilities fixed at values, e.g. "u13=0,u14=0.5" (adds a constant
    /// scale equation unless --scale is given).
    #[arg(long)]
    pub fixed: Option<String>,
    /// Scale equation for log(sigma), e.g. "~ x4" (egame models).
    #[arg(long)]
    pub scale: Option<String>,
    /// Maximum feasible offer (ultimatum).
    #[arg(long)]
    pub max_offer: Option<f64>,
    /// Fix player 1's shock scale (ultimatum).
    #[arg(long)]
    pub s1: Option<f64>,
    /// Fix player 2's shock scale (ultimatum).
    #[arg(long)]
    pub s2: Option<f64>,
    /// Number of starting points for the multistart (0: automatic, 2 for
    /// the egame models and 6 for the ultimatum game).
    #[arg(long, default_value_t = 0)]
    pub starts: usize,
    /// Random seed (multistart, bootstrap and the --plot-probs bands).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Bootstrap replicates for bootstrap standard errors.
    #[arg(long, default_value_t = 0)]
    pub bootstrap: usize,
    /// Predicted outcome probabilities against this regressor (a numeric
    /// column of the formula) over its observed range, the other
    /// regressors at their median (numbers) or mode (factors), with
    /// confidence bands from coefficients drawn from their asymptotic
    /// normal distribution, as R's games::predProbs. Needs --plot or
    /// --probs-csv.
    #[arg(long, value_name = "VAR")]
    pub plot_probs: Option<String>,
    /// Draw the --plot-probs curves to FILE.svg or FILE.png.
    #[arg(long, value_name = "FILE", requires = "plot_probs")]
    pub plot: Option<std::path::PathBuf>,
    /// Write the numbers behind --plot-probs to a CSV file (columns x,
    /// outcome, fit, lower, upper).
    #[arg(long, value_name = "FILE", requires = "plot_probs")]
    pub probs_csv: Option<std::path::PathBuf>,
    /// Grid points of --plot-probs [default: 100].
    #[arg(long, requires = "plot_probs")]
    pub n_points: Option<usize>,
    /// Confidence level of the --plot-probs bands [default: 0.95].
    #[arg(long, requires = "plot_probs")]
    pub ci: Option<f64>,
    /// Coefficient draws behind the --plot-probs bands [default: 1000].
    #[arg(long, requires = "plot_probs")]
    pub sims: Option<usize>,
    /// Names of the outcomes for --plot-probs, comma-separated in the
    /// model's order (egame12: 1, 3, 4), e.g. "status quo,acquiescence,war".
    #[arg(long, requires = "plot_probs")]
    pub outcome_names: Option<String>,
}

/// What `brink estimate` computed.
#[derive(Clone, Debug)]
pub struct Estimate {
    /// The fit.
    pub fit: Fit,
    /// Predicted probabilities, with --plot-probs.
    pub probs: Option<PredProbs>,
}

/// Arguments of `brink predict`.
#[derive(Debug, Clone, clap::Args)]
pub struct PredictArgs {
    /// A fitted model, as written by `brink estimate --format json`.
    #[arg(long)]
    pub model: String,
    /// CSV file with the regressors.
    #[arg(long)]
    pub data: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: PredictFormatArg,
}

fn parse_fixed(s: &str) -> anyhow::Result<Vec<(String, f64)>> {
    let mut out = vec![];
    for item in s.split(',').filter(|x| !x.trim().is_empty()) {
        let (k, v) = item
            .split_once('=')
            .with_context(|| format!("--fixed: expected NAME=VALUE, got '{item}'"))?;
        let v: f64 = v
            .trim()
            .parse()
            .with_context(|| format!("--fixed: '{}' is not a number", v.trim()))?;
        out.push((k.trim().to_string(), v));
    }
    Ok(out)
}

impl EstimateArgs {
    /// The model options these arguments describe.
    pub fn model_options(&self) -> anyhow::Result<ModelOptions> {
        let mut m = ModelOptions::new(self.model);
        m.errors = match self.errors {
            ErrorsArg::Agent => ErrorKind::Agent,
            ErrorsArg::Private => ErrorKind::Private,
        };
        m.link = match self.link {
            LinkArg::Probit => Link::Probit,
            LinkArg::Logit => Link::Logit,
        };
        m.levels = self
            .levels
            .as_ref()
            .map(|l| l.split(',').map(|x| x.trim().to_string()).collect());
        if let Some(f) = &self.fixed {
            m.fixed = parse_fixed(f)?;
        }
        m.scale_formula = self.scale.clone();
        m.max_offer = self.max_offer;
        m.s1 = self.s1;
        m.s2 = self.s2;
        Ok(m)
    }

    /// The --plot-probs options, if asked for.
    pub fn pred_probs_options(&self) -> Option<PredProbsOptions> {
        let d = PredProbsOptions::default();
        self.plot_probs.as_ref().map(|var| PredProbsOptions {
            var: var.clone(),
            n_points: self.n_points.unwrap_or(d.n_points),
            ci: self.ci.unwrap_or(d.ci),
            sims: self.sims.unwrap_or(d.sims),
            seed: self.seed,
        })
    }

    fn outcome_names(&self) -> Option<Vec<String>> {
        self.outcome_names
            .as_ref()
            .map(|l| l.split(',').map(|x| x.trim().to_string()).collect())
    }

    /// Checks the options that need no data, so that a mistake fails
    /// before a long fit.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.starts > 10_000 {
            anyhow::bail!("--starts {} is too many (at most 10000)", self.starts);
        }
        if let Some(o) = self.pred_probs_options() {
            if self.plot.is_none() && self.probs_csv.is_none() {
                anyhow::bail!(
                    "--plot-probs {} needs somewhere to go: --plot FILE.svg|FILE.png or --probs-csv FILE.csv",
                    o.var
                );
            }
            o.validate()?;
            if let Some(names) = self.outcome_names() {
                let n = self.model.outcome_codes().len();
                if names.len() != n {
                    anyhow::bail!(
                        "--outcome-names lists {} names but {} has {n} outcomes",
                        names.len(),
                        self.model
                    );
                }
            }
        }
        Ok(())
    }
}

/// Fits the model and, with --plot-probs, computes the predicted
/// probabilities; prints nothing.
pub fn estimate(args: &EstimateArgs) -> anyhow::Result<Estimate> {
    args.check()?;
    let ds = Dataset::from_csv_path(&args.data)?;
    let formula = Formula::parse(&args.formula)?;
    let model = args.model_options()?;
    let opts = FitOptions {
        starts: args.starts,
        seed: args.seed,
        bootstrap: args.bootstrap,
        progress: args.bootstrap > 0,
    };
    if let Some(o) = args.pred_probs_options() {
        // A wrong VAR should fail before the fit, not after it.
        let vars = spec_variables(
            &formula,
            model.kind,
            &model.fixed,
            model.scale_formula.as_deref(),
        )?;
        let factor = |v: &str| ds.kind(v).is_ok_and(|k| k == ColumnKind::Text);
        check_var(
            model.kind,
            &o.var,
            &vars,
            factor,
            ds.require(&o.var).is_ok(),
        )?;
    }
    let fit = fit(&ds, &formula, &model, &opts)?;
    let probs = match args.pred_probs_options() {
        None => None,
        Some(o) => {
            let mut p = pred_probs(&fit, &ds, &o)?;
            if let Some(names) = args.outcome_names() {
                p.outcomes = names;
            }
            Some(p)
        }
    };
    Ok(Estimate { fit, probs })
}

/// Prints the fit to stdout and writes the --probs-csv table; notes on
/// the held values and a missing band go to stderr.
pub fn write_estimate(args: &EstimateArgs, e: &Estimate) -> anyhow::Result<()> {
    match args.format {
        FormatArg::Json => println!("{}", serde_json::to_string_pretty(&e.fit)?),
        FormatArg::Text => print!("{}", text_report(&e.fit)),
    }
    if let Some(p) = &e.probs {
        if let Some(path) = &args.probs_csv {
            std::fs::write(path, p.to_csv())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        eprintln!("{}", held_note(p));
        if p.band.is_none() {
            eprintln!(
                "warning: the fit has no variance matrix (Hessian not negative definite): predicted probabilities without confidence bands"
            );
        }
    }
    Ok(())
}

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

/// Runs `brink estimate` without drawing: the picture of --plot is drawn
/// by the `brink` binary, which has the plotting crate.
pub fn run_estimate(args: &EstimateArgs) -> anyhow::Result<()> {
    if let Some(p) = &args.plot {
        anyhow::bail!(
            "--plot {}: this front end cannot draw; use the brink binary, or --probs-csv for the numbers",
            p.display()
        );
    }
    let e = estimate(args)?;
    write_estimate(args, &e)
}

/// Runs `brink predict`, printing predictions to stdout.
pub fn run_predict(args: &PredictArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.model)
        .with_context(|| format!("cannot read fitted model {}", args.model))?;
    let f: Fit = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a fitted model (expected the JSON of `brink estimate --format json`)",
            args.model
        )
    })?;
    let ds = Dataset::from_csv_path(&args.data)?;
    let p = f.predict(&ds)?;
    match args.format {
        PredictFormatArg::Json => println!("{}", serde_json::to_string_pretty(&p)?),
        PredictFormatArg::Csv => {
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
            print!("{out}");
            if p.dropped > 0 {
                eprintln!("note: {} rows skipped for missing values", p.dropped);
            }
        }
    }
    Ok(())
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
