//! Command-line pieces for the `brink` binary: clap argument structs and `run_*`
//! functions. The binary loads the model or game (from a scenario or a file) and
//! passes it in; everything after that happens here.
//!
//! Messages for the user (notes on collapsed trees, failed points) go to stderr;
//! tables and TikZ go to `--output` or to the writer passed in (stdout).

use crate::error::AnalysisError;
use crate::merge::{merge, RunFile};
use crate::model::{Model, Set};
use crate::montecarlo::{montecarlo, DistArg, McRun, McSpec};
use crate::plot::{plot_histograms, plot_sweep};
use crate::shard::Shard;
use crate::sweep::{sweep, SweepSpec, SweepTable, Vary};
use crate::tree::{draw_tree, to_tikz, TreeOptions};
use brink_game::{ExtensiveGame, Profile};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Table formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values: the table of points, or the Monte Carlo summary.
    Csv,
    /// JSON: everything, in the form `brink merge` reads.
    Json,
}

/// `brink sweep SCENARIO --vary name=from:to:steps [--vary ...] [--set name=value ...]`.
#[derive(Clone, Debug, Args)]
pub struct SweepArgs {
    /// A parameter to vary: `name=from:to:steps` (steps values, both ends included);
    /// give it twice for a two-parameter grid (the first varies fastest).
    #[arg(long = "vary", required = true, value_name = "NAME=FROM:TO:STEPS")]
    pub vary: Vec<Vary>,
    /// Fixes a parameter: `name=value`.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<Set>,
    /// Where to write the table (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Table format (default: JSON for shards and `.json` files, CSV otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Draws the sweep: a line chart for one parameter, heat maps for two (`.svg` or `.png`).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Runs only part `i` of `n` of the grid; combine the JSON parts with `brink merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Number of threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `brink montecarlo SCENARIO --draws N --seed S [--dist name=normal(m,s) ...]`.
#[derive(Clone, Debug, Args)]
pub struct MonteCarloArgs {
    /// Number of draws.
    #[arg(long, default_value_t = 1000)]
    pub draws: usize,
    /// Seed; the same seed gives the same draws whatever the number of threads or shards.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Draws a parameter from `normal(mean,sd)`, `uniform(lo,hi)` or `beta(a,b)`
    /// (replacing the scenario's distribution for it).
    #[arg(long = "dist", value_name = "NAME=DIST")]
    pub dist: Vec<DistArg>,
    /// Fixes a parameter: `name=value` (also one the scenario declares random).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<Set>,
    /// Where to write the results (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV is the summary (mean, sd, quantiles); JSON adds every draw (default: JSON for
    /// shards and `.json` files, CSV otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Histograms of each outcome probability and metric (`.svg` or `.png`).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Runs only part `i` of `n` of the draws; combine the JSON parts with `brink merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Number of threads (default: all cores); the output does not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `brink merge PART.json ...`: the shards of one sweep or Monte Carlo run, combined.
#[derive(Clone, Debug, Args)]
pub struct MergeArgs {
    /// The JSON files written with `--shard i/n`, all `n` of them, in any order.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Where to write the merged run (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: JSON for `.json` files and standard output, CSV otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Draws the merged run, as `sweep --plot` or `montecarlo --plot` would.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

/// Tree output formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TreeFormat {
    /// A LaTeX document using `istgame` (compiles with pdflatex).
    Tikz,
    /// Scalable vector graphics.
    Svg,
    /// A bitmap.
    Png,
}

/// `brink tree SCENARIO_OR_GAME --to tikz|svg|png`.
#[derive(Clone, Debug, Args)]
pub struct TreeArgs {
    /// Output format (default: from the extension of `--output`, else TikZ).
    #[arg(long, value_enum)]
    pub to: Option<TreeFormat>,
    /// Output file (required for SVG and PNG; TikZ goes to standard output without it).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Most nodes to draw: above this, the least probable subtrees are summarised in boxes.
    #[arg(long, default_value_t = 200)]
    pub max_nodes: usize,
    /// Widest picture in pixels: the least probable subtrees are summarised in boxes
    /// until the tree fits, and a tree too wide even then is drawn smaller.
    #[arg(long, default_value_t = crate::tree::DEFAULT_MAX_WIDTH)]
    pub max_width: u32,
    /// Draw repeated subtrees and branches off the equilibrium path in full instead
    /// of as boxes (the width and node limits still apply).
    #[arg(long)]
    pub full: bool,
    /// Significant digits of probabilities and decimal payoffs.
    #[arg(long, default_value_t = 3)]
    pub digits: usize,
    /// TikZ: only the `istgame` environment, to paste into a paper, not a whole document.
    #[arg(long)]
    pub picture_only: bool,
}

fn pool(threads: Option<usize>) -> Result<Option<rayon::ThreadPool>, AnalysisError> {
    match threads {
        None => Ok(None),
        Some(0) => Err(AnalysisError::Invalid(
            "--threads must be at least 1".into(),
        )),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| AnalysisError::Invalid(format!("cannot start {n} threads: {e}"))),
    }
}

fn in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, AnalysisError> {
    Ok(match pool(threads)? {
        Some(p) => p.install(f),
        None => f(),
    })
}

fn choose_format(
    explicit: Option<TableFormat>,
    output: Option<&Path>,
    sharded: bool,
) -> TableFormat {
    explicit.unwrap_or_else(|| {
        let json_file = output
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if sharded || json_file {
            TableFormat::Json
        } else {
            TableFormat::Csv
        }
    })
}

fn write_to(output: Option<&Path>, out: &mut dyn Write, bytes: &[u8]) -> Result<(), AnalysisError> {
    match output {
        Some(p) => std::fs::write(p, bytes).map_err(|e| AnalysisError::io(p, e)),
        None => out.write_all(bytes).map_err(|e| AnalysisError::Io {
            path: "standard output".into(),
            source: e,
        }),
    }
}

fn emit(
    run: &RunFile,
    format: TableFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), AnalysisError> {
    let bytes = match format {
        TableFormat::Json => (run.to_json()? + "\n").into_bytes(),
        TableFormat::Csv => {
            let mut buf = Vec::new();
            match run {
                RunFile::Sweep(t) => t.write_csv(&mut buf)?,
                RunFile::MonteCarlo(r) => r.write_summary_csv(&mut buf)?,
            }
            buf
        }
    };
    write_to(output, out, &bytes)
}

fn warn_failures(failed: usize, total: usize, what: &str, first: Option<&String>) {
    if failed > 0 {
        eprintln!(
            "warning: the model failed at {failed} of {total} {what}; first: {}",
            first.map_or("", |s| s)
        );
    }
}

/// Runs `brink sweep` on a model; writes the table and plot, returns the table.
pub fn run_sweep(
    model: &dyn Model,
    args: &SweepArgs,
    out: &mut dyn Write,
) -> Result<SweepTable, AnalysisError> {
    let format = choose_format(args.format, args.output.as_deref(), args.shard.is_some());
    if args.shard.is_some() && format == TableFormat::Csv {
        return Err(AnalysisError::Invalid(
            "a shard must be written as JSON, for `brink merge`".into(),
        ));
    }
    let spec = SweepSpec {
        vary: args.vary.clone(),
        set: args.set.clone(),
        shard: args.shard,
    };
    let table = in_pool(args.threads, || sweep(model, &spec, !args.quiet))??;
    let failed: Vec<&String> = table
        .points
        .iter()
        .filter_map(|p| p.error.as_ref())
        .collect();
    warn_failures(
        failed.len(),
        table.points.len(),
        "points",
        failed.first().copied(),
    );
    let run = RunFile::Sweep(table);
    emit(&run, format, args.output.as_deref(), out)?;
    let RunFile::Sweep(table) = run else {
        unreachable!()
    };
    if let Some(plot) = &args.plot {
        plot_sweep(plot, &table)?;
    }
    Ok(table)
}

/// Runs `brink montecarlo` on a model; writes the results and plot, returns the run.
pub fn run_montecarlo(
    model: &dyn Model,
    args: &MonteCarloArgs,
    out: &mut dyn Write,
) -> Result<McRun, AnalysisError> {
    let format = choose_format(args.format, args.output.as_deref(), args.shard.is_some());
    if args.shard.is_some() && format == TableFormat::Csv {
        return Err(AnalysisError::Invalid(
            "a shard must be written as JSON, for `brink merge`".into(),
        ));
    }
    let spec = McSpec {
        draws: args.draws,
        seed: args.seed,
        dists: args.dist.clone(),
        set: args.set.clone(),
        shard: args.shard,
    };
    let run = in_pool(args.threads, || montecarlo(model, &spec, !args.quiet))??;
    let failed: Vec<&String> = run.draws.iter().filter_map(|d| d.error.as_ref()).collect();
    warn_failures(
        failed.len(),
        run.draws.len(),
        "draws",
        failed.first().copied(),
    );
    let file = RunFile::MonteCarlo(run);
    emit(&file, format, args.output.as_deref(), out)?;
    let RunFile::MonteCarlo(run) = file else {
        unreachable!()
    };
    if let Some(plot) = &args.plot {
        plot_histograms(plot, &run)?;
    }
    Ok(run)
}

/// Runs `brink merge`: reads the parts, merges them, writes and draws the whole run.
pub fn run_merge(args: &MergeArgs, out: &mut dyn Write) -> Result<RunFile, AnalysisError> {
    let parts = args
        .parts
        .iter()
        .map(|p| RunFile::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let whole = merge(parts)?;
    let format = args.format.unwrap_or_else(|| match args.output.as_deref() {
        None => TableFormat::Json,
        Some(p) => choose_format(None, Some(p), false),
    });
    emit(&whole, format, args.output.as_deref(), out)?;
    if let Some(plot) = &args.plot {
        match &whole {
            RunFile::Sweep(t) => plot_sweep(plot, t)?,
            RunFile::MonteCarlo(r) => plot_histograms(plot, r)?,
        }
    }
    Ok(whole)
}

/// Runs `brink tree` on a game, with equilibrium probabilities from `profile` if given
/// (a behavior profile over all information sets). Returns the notes on what was
/// collapsed, which it also prints to stderr.
pub fn run_tree(
    game: &ExtensiveGame,
    profile: Option<&Profile<f64>>,
    args: &TreeArgs,
    out: &mut dyn Write,
) -> Result<Vec<String>, AnalysisError> {
    let format = match (args.to, args.output.as_deref()) {
        (Some(f), _) => f,
        (None, Some(p)) => match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => TreeFormat::Svg,
            Some("png") => TreeFormat::Png,
            _ => TreeFormat::Tikz,
        },
        (None, None) => TreeFormat::Tikz,
    };
    let opts = TreeOptions {
        profile: profile.cloned(),
        max_nodes: args.max_nodes,
        digits: args.digits,
        max_width: args.max_width,
        full: args.full,
        off_path_levels: 0,
    };
    let notes = match format {
        TreeFormat::Tikz => {
            let t = to_tikz(game, &opts)?;
            let text = if args.picture_only {
                &t.picture
            } else {
                &t.document
            };
            write_to(args.output.as_deref(), out, text.as_bytes())?;
            t.notes
        }
        TreeFormat::Svg | TreeFormat::Png => {
            let path = args.output.as_deref().ok_or_else(|| {
                AnalysisError::Invalid("SVG and PNG drawings need --output FILE".into())
            })?;
            let want = if format == TreeFormat::Svg {
                "svg"
            } else {
                "png"
            };
            if !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(want))
            {
                return Err(AnalysisError::Invalid(format!(
                    "--to {want} needs a file name ending in .{want}"
                )));
            }
            draw_tree(game, &opts, path)?
        }
    };
    for n in &notes {
        eprintln!("note: {n}");
    }
    Ok(notes)
}
