//! `brink estimate` and `brink predict`: flags and files; the fit comes
//! from brink-estimate, the --plot picture from brink-analysis (the binary
//! is the one place that has both, which keeps brink-estimate free of the
//! plotting stack).

use crate::analysis::Global;
use crate::args::{check_output, check_picture, parse_set, usage, write_output};
use crate::progress::Shown;
use anyhow::Context;
use brink_analysis::plot::{plot_prob_curves, ProbCurves, Series};
use brink_estimate::build::ModelOptions;
use brink_estimate::data::{ColumnKind, Dataset};
use brink_estimate::predprobs::{
    check_var, pred_probs, spec_variables, PredProbs, PredProbsOptions,
};
use brink_estimate::report::{held_note, prediction_csv, text_report};
use brink_estimate::{
    fit_watched, ErrorKind, Fit, FitOptions, Formula, Link, ModelKind, UltimatumOutcome,
};
use brink_game::{Cancel, Watch};
use clap::ValueEnum;

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

/// What the ultimatum data record, on the command line (R `games`'
/// `outcome` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutcomeArg {
    /// The offer and its acceptance (`offer + accept ~ ...`).
    Both,
    /// The offer alone (`offer ~ ...`; an acceptance column, if given,
    /// only seeds the starting values).
    Offer,
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
    /// Where to write the fit (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Labels of a text outcome column, comma-separated, in the order of
    /// the model's outcomes (e.g. "no attack,devaluation,defense").
    #[arg(long)]
    pub levels: Option<String>,
    /// Utilities fixed at values, e.g. "u13=0,u14=0.5" (adds a constant
    /// scale equation unless --scale is given).
    #[arg(long, value_parser = parse_fixed)]
    pub fixed: Option<Vec<(String, f64)>>,
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
    /// What the ultimatum data record: the offer and its acceptance, or
    /// the offer alone (the likelihood is then the offer's density).
    #[arg(long, value_enum, default_value = "both")]
    pub outcome: OutcomeArg,
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
    /// Where to write the predictions (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// `--fixed u13=0,u14=0.5`: a list of `name=value`, each read by the
/// workspace's one parser; for clap, so that a bad one is a usage error.
fn parse_fixed(s: &str) -> Result<Vec<(String, f64)>, String> {
    s.split(',')
        .filter(|x| !x.trim().is_empty())
        .map(parse_set)
        .collect()
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
            m.fixed = f.clone();
        }
        m.scale_formula = self.scale.clone();
        m.max_offer = self.max_offer;
        m.s1 = self.s1;
        m.s2 = self.s2;
        m.outcome = match self.outcome {
            OutcomeArg::Both => UltimatumOutcome::Both,
            OutcomeArg::Offer => UltimatumOutcome::Offer,
        };
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
    pub fn check(&self, g: Global) -> anyhow::Result<()> {
        if self.outcome == OutcomeArg::Offer && self.model != ModelKind::Ultimatum {
            return Err(usage(format!(
                "--outcome offer is for the ultimatum model; {} observes its outcome whole",
                self.model
            )));
        }
        if self.starts > 10_000 {
            return Err(usage(format!(
                "--starts {} is too many (at most 10000)",
                self.starts
            )));
        }
        if let Some(o) = self.pred_probs_options() {
            if self.plot.is_none() && self.probs_csv.is_none() {
                return Err(usage(format!(
                    "--plot-probs {} needs somewhere to go: --plot FILE.svg|FILE.png or --probs-csv FILE.csv",
                    o.var
                )));
            }
            o.validate().map_err(|e| usage(e.to_string()))?;
            if let Some(names) = self.outcome_names() {
                let n = self.model.outcome_codes().len();
                if names.len() != n {
                    return Err(usage(format!(
                        "--outcome-names lists {} names but {} has {n} outcomes",
                        names.len(),
                        self.model
                    )));
                }
            }
        }
        for p in [&self.output, &self.probs_csv].into_iter().flatten() {
            check_output(p, g.force)?;
        }
        if let Some(p) = &self.plot {
            check_picture(p, g.force)?;
        }
        Ok(())
    }
}

/// Fits the model and, with --plot-probs, computes the predicted
/// probabilities; prints nothing.
pub fn estimate(args: &EstimateArgs, g: Global) -> anyhow::Result<Estimate> {
    args.check(g)?;
    let ds = Dataset::from_csv_path(&args.data)?;
    let formula = Formula::parse(&args.formula)?;
    let model = args.model_options()?;
    let opts = FitOptions {
        starts: args.starts,
        seed: args.seed,
        bootstrap: args.bootstrap,
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
    let shown = Shown::new(g.quiet);
    let cancel = Cancel::new();
    let fit = fit_watched(&ds, &formula, &model, &opts, &Watch::new(&shown, &cancel))?;
    shown.finish();
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

/// Writes the fit and the --probs-csv table; notes on the held values and a
/// missing band go to stderr.
pub fn write_estimate(args: &EstimateArgs, e: &Estimate) -> anyhow::Result<()> {
    let text = match args.format {
        FormatArg::Json => serde_json::to_string_pretty(&e.fit)? + "\n",
        FormatArg::Text => text_report(&e.fit),
    };
    write_output(args.output.as_deref(), text.as_bytes())?;
    for w in &e.fit.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(p) = &e.probs {
        if let Some(path) = &args.probs_csv {
            write_output(Some(path), p.to_csv().as_bytes())?;
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
pub fn run_estimate(args: &EstimateArgs, g: Global) -> anyhow::Result<()> {
    let e = estimate(args, g)?;
    write_estimate(args, &e)?;
    if let (Some(path), Some(p)) = (&args.plot, &e.probs) {
        let data = std::path::Path::new(&args.data)
            .file_stem()
            .map_or_else(|| args.data.clone(), |s| s.to_string_lossy().into_owned());
        plot_prob_curves(path, &curves(&format!("{} on {data}", e.fit.model), p))?;
    }
    Ok(())
}

/// Runs `brink predict`.
pub fn run_predict(args: &PredictArgs, g: Global) -> anyhow::Result<()> {
    if let Some(p) = &args.output {
        check_output(p, g.force)?;
    }
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
    let out = match args.format {
        PredictFormatArg::Json => serde_json::to_string_pretty(&p)? + "\n",
        PredictFormatArg::Csv => prediction_csv(&p),
    };
    write_output(args.output.as_deref(), out.as_bytes())?;
    if p.dropped > 0 {
        eprintln!("note: {} rows skipped for missing values", p.dropped);
    }
    Ok(())
}
