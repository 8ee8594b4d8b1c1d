//! `brink sweep`, `montecarlo`, `merge` and `tree`: flags, output files and
//! messages; the runs themselves are `brink_analysis::run_design`, `merge`
//! and the tree drawings.

use crate::args::{check_output, check_picture, parse_set, usage, write_output, CrisisMethod};
use crate::progress::Shown;
use anyhow::Result;
use brink_analysis::crisis::CrisisModel;
use brink_analysis::tree::{draw_tree, to_tikz, TreeOptions};
use brink_analysis::{
    merge, plot_run, run_design, Design, DesignRun, DesignSpec, DistArg, Set, Shard, Vary,
};
use brink_game::{Cancel, Game, Profile, Watch};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// Table formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values: the table of points, or the Monte Carlo summary.
    Csv,
    /// JSON: everything, in the form `brink merge` reads.
    Json,
}

/// What sweeps and Monte Carlo runs share.
#[derive(Clone, Debug, Args)]
pub struct RunOutput {
    /// Fixes a parameter: `name=value` (also one the scenario declares random).
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, f64)>,
    /// Where to write the results (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV is a sweep's table of points or a Monte Carlo summary (mean, sd,
    /// quantiles); JSON is everything (default: JSON for shards and `.json`
    /// files, CSV otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Draws the run (`.svg` or `.png`): a line chart for one parameter, heat
    /// maps for two, histograms of each outcome and metric for Monte Carlo.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Runs only part `i` of `n`; combine the JSON parts with `brink merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Number of threads (default: all cores); the output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// Arguments of `brink sweep`.
#[derive(Args, Debug)]
pub struct SweepCommand {
    /// A scenario file or a library model name (`brink models` lists them).
    scenario: String,
    /// Solution method for each point.
    #[arg(long, value_enum, default_value_t)]
    method: CrisisMethod,
    /// A parameter to vary: `name=from:to:steps` (steps values, both ends included);
    /// give it twice for a two-parameter grid (the first varies fastest).
    #[arg(long = "vary", required = true, value_name = "NAME=FROM:TO:STEPS")]
    vary: Vec<Vary>,
    #[command(flatten)]
    out: RunOutput,
}

/// Arguments of `brink montecarlo`.
#[derive(Args, Debug)]
pub struct MonteCarloCommand {
    /// A scenario file or a library model name.
    scenario: String,
    /// Solution method for each draw.
    #[arg(long, value_enum, default_value_t)]
    method: CrisisMethod,
    /// Number of draws.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=brink_analysis::design::MAX_POINTS as u64))]
    draws: u64,
    /// Seed; the same seed gives the same draws whatever the number of threads or shards.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Draws a parameter from `normal(mean,sd)`, `uniform(lo,hi)`, `beta(a,b)`,
    /// `lognormal(mu,sigma)` or `logistic(m,s)` (replacing the scenario's
    /// distribution for it).
    #[arg(long = "dist", value_name = "NAME=DIST")]
    dist: Vec<DistArg>,
    #[command(flatten)]
    out: RunOutput,
}

/// Arguments of `brink merge`.
#[derive(Clone, Debug, Args)]
pub struct MergeArgs {
    /// The JSON files written with `--shard i/n`, all `n` of them, in any order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Where to write the merged run (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format (default: JSON for `.json` files and standard output, CSV otherwise).
    #[arg(long, value_enum)]
    format: Option<TableFormat>,
    /// Draws the merged run, as `sweep --plot` or `montecarlo --plot` would.
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
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

/// Arguments of `brink tree`.
#[derive(Args, Debug)]
pub struct TreeCommand {
    /// A scenario file, a library model name, or a Gambit .efg file.
    input: String,
    /// Override a scenario parameter: `--set name=value` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_set)]
    set: Vec<(String, f64)>,
    /// The equilibrium drawn on the branches: a crisis method for scenarios
    /// (default auto), a `brink solve` method for .efg files (default none).
    #[arg(long, value_name = "METHOD")]
    method: Option<String>,
    /// Output format (default: from the extension of `--output`, else TikZ).
    #[arg(long, value_enum)]
    to: Option<TreeFormat>,
    /// Output file: `.tex`, `.svg` or `.png` (TikZ goes to standard output without it).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Most nodes to draw: above this, the least probable subtrees are summarised in boxes.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    max_nodes: u32,
    /// Widest picture in pixels: the least probable subtrees are summarised in boxes
    /// until the tree fits, and a tree too wide even then is drawn smaller.
    #[arg(long, default_value_t = brink_analysis::tree::DEFAULT_MAX_WIDTH)]
    max_width: u32,
    /// Draw repeated subtrees and branches off the equilibrium path in full instead
    /// of as boxes (the width and node limits still apply).
    #[arg(long)]
    full: bool,
    /// Significant digits of probabilities and decimal payoffs.
    #[arg(long, default_value_t = 3)]
    digits: usize,
    /// TikZ: only the `istgame` environment, to paste into a paper, not a whole document.
    #[arg(long)]
    picture_only: bool,
}

/// Flags every command shares, passed down from `main`.
#[derive(Copy, Clone, Debug)]
pub struct Global {
    /// `-q`: no progress.
    pub quiet: bool,
    /// `--force`: replace existing output files.
    pub force: bool,
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

fn emit(run: &DesignRun, format: TableFormat, output: Option<&Path>) -> Result<()> {
    let bytes = match format {
        TableFormat::Json => (run.to_json()? + "\n").into_bytes(),
        TableFormat::Csv => {
            let mut buf = Vec::new();
            run.write_csv(&mut buf)?;
            buf
        }
    };
    write_output(output, &bytes)
}

/// Checks the output files before any work.
fn check_files(output: Option<&Path>, plot: Option<&Path>, g: Global) -> Result<()> {
    if let Some(p) = output {
        check_output(p, g.force)?;
    }
    if let Some(p) = plot {
        check_picture(p, g.force)?;
    }
    Ok(())
}

fn load_model(scenario: &str, method: CrisisMethod) -> Result<CrisisModel> {
    Ok(CrisisModel::load(scenario, method.into())?)
}

/// Runs a design on a scenario and writes what `out` asks for.
fn run_and_write(model: &CrisisModel, design: Design, out: &RunOutput, g: Global) -> Result<()> {
    let format = choose_format(out.format, out.output.as_deref(), out.shard.is_some());
    if out.shard.is_some() && format == TableFormat::Csv {
        return Err(usage("a shard must be written as JSON, for `brink merge`"));
    }
    check_files(out.output.as_deref(), out.plot.as_deref(), g)?;
    let spec = DesignSpec {
        design,
        set: out
            .set
            .iter()
            .map(|(name, value)| Set {
                name: name.clone(),
                value: *value,
            })
            .collect(),
        shard: out.shard,
    };
    let shown = Shown::new(g.quiet);
    let cancel = Cancel::new();
    let watch = Watch::new(&shown, &cancel);
    let run = match out.threads {
        None => run_design(model, &spec, &watch),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build()?
            .install(|| run_design(model, &spec, &watch)),
    }?;
    shown.finish();
    if let Some(first) = run.first_failure() {
        eprintln!(
            "warning: the model failed at {} of {} points; first: {first}",
            run.failures(),
            run.points.len()
        );
    }
    emit(&run, format, out.output.as_deref())?;
    if let Some(plot) = &out.plot {
        plot_run(plot, &run)?;
    }
    Ok(())
}

/// `brink sweep`.
pub fn run_sweep(cmd: &SweepCommand, g: Global) -> Result<()> {
    let model = load_model(&cmd.scenario, cmd.method)?;
    let design = Design::Sweep {
        vary: cmd.vary.clone(),
    };
    run_and_write(&model, design, &cmd.out, g)
}

/// `brink montecarlo`.
pub fn run_montecarlo(cmd: &MonteCarloCommand, g: Global) -> Result<()> {
    let model = load_model(&cmd.scenario, cmd.method)?;
    let design = Design::Montecarlo {
        draws: cmd.draws as usize,
        seed: cmd.seed,
        dists: cmd.dist.clone(),
    };
    run_and_write(&model, design, &cmd.out, g)
}

/// `brink merge`.
pub fn run_merge(args: &MergeArgs, g: Global) -> Result<()> {
    check_files(args.output.as_deref(), args.plot.as_deref(), g)?;
    let parts = args
        .parts
        .iter()
        .map(|p| DesignRun::read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let whole = merge(parts)?;
    let format = args.format.unwrap_or_else(|| match args.output.as_deref() {
        None => TableFormat::Json,
        Some(p) => choose_format(None, Some(p), false),
    });
    emit(&whole, format, args.output.as_deref())?;
    if let Some(plot) = &args.plot {
        plot_run(plot, &whole)?;
    }
    Ok(())
}

/// The tree format `--to` or the output's extension asks for.
fn tree_format(to: Option<TreeFormat>, output: Option<&Path>) -> Result<TreeFormat> {
    let ext = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let from_ext = match ext.as_deref() {
        None => None,
        Some("svg") => Some(TreeFormat::Svg),
        Some("png") => Some(TreeFormat::Png),
        Some("tex") => Some(TreeFormat::Tikz),
        Some(other) => {
            return Err(usage(format!(
                "cannot draw a tree as .{other}: write .tex (TikZ, then pdflatex for a PDF), .svg or .png"
            )))
        }
    };
    match (to, from_ext) {
        (Some(t), Some(e)) if t != e => Err(usage(format!(
            "--to {} does not match the file name {}",
            format!("{t:?}").to_lowercase(),
            output.map_or(String::new(), |p| p.display().to_string())
        ))),
        (Some(t), _) => Ok(t),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(TreeFormat::Tikz),
    }
}

/// The game and the equilibrium to draw on it.
fn tree_and_profile(
    cmd: &TreeCommand,
) -> Result<(brink_game::ExtensiveGame, Option<Profile<f64>>)> {
    let is_game_file = Path::new(&cmd.input)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("efg") || e.eq_ignore_ascii_case("nfg"));
    if !is_game_file {
        let method = match &cmd.method {
            None => CrisisMethod::Auto,
            Some(m) => CrisisMethod::from_str(m, true)
                .map_err(|_| usage(format!("--method {m}: a scenario takes auto, pbe or spe")))?,
        };
        let mut model = load_model(&cmd.input, method)?;
        model.scenario = model.scenario.with_overrides(&cmd.set)?;
        return Ok(model.tree_with_equilibrium()?);
    }
    if !cmd.set.is_empty() {
        return Err(usage("--set applies to scenarios, not to Gambit files"));
    }
    let game = crate::info::load_game(Path::new(&cmd.input))?;
    let Game::Extensive(tree) = &game else {
        anyhow::bail!("{} is a strategic game: it has no tree to draw", cmd.input);
    };
    let Some(m) = &cmd.method else {
        return Ok((tree.clone(), None));
    };
    let method = crate::solve::MethodArg::from_str(m, true).map_err(|_| {
        usage(format!(
            "--method {m}: a game file takes enumpure, spe, enummixed, lcp, lp, logit or sequential"
        ))
    })?;
    let profile = crate::solve::first_profile(&game, method)?;
    Ok((tree.clone(), Some(profile)))
}

/// `brink tree`.
pub fn run_tree(cmd: &TreeCommand, g: Global) -> Result<()> {
    let format = tree_format(cmd.to, cmd.output.as_deref())?;
    if format != TreeFormat::Tikz && cmd.output.is_none() {
        return Err(usage("SVG and PNG drawings need --output FILE"));
    }
    if let Some(p) = &cmd.output {
        check_output(p, g.force)?;
    }
    let (game, profile) = tree_and_profile(cmd)?;
    let opts = TreeOptions {
        profile,
        max_nodes: cmd.max_nodes as usize,
        digits: cmd.digits,
        max_width: cmd.max_width,
        full: cmd.full,
        off_path_levels: 0,
    };
    let notes = match format {
        TreeFormat::Tikz => {
            let t = to_tikz(&game, &opts)?;
            let text = if cmd.picture_only {
                &t.picture
            } else {
                &t.document
            };
            write_output(cmd.output.as_deref(), text.as_bytes())?;
            t.notes
        }
        TreeFormat::Svg | TreeFormat::Png => {
            let path = cmd.output.as_deref().expect("checked above");
            draw_tree(&game, &opts, path)?
        }
    };
    for n in &notes {
        eprintln!("note: {n}");
    }
    Ok(())
}
