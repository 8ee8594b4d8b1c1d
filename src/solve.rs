//! `brink solve`: one front for every solver, one output format for all.

use crate::analysis::Global;
use crate::args::{check_output, usage, write_output};
use crate::info::load_any;
use crate::progress::Shown;
use anyhow::Result;
use brink_gambit::GameFile;
use brink_game::action_graph::ActionGraphGame;
use brink_game::{Cancel, Game, Profile, Solution, Watch};
use brink_nash::Method;
use clap::{Args, ValueEnum};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Solution methods, named as Gambit names its tools.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum MethodArg {
    /// Every pure-strategy Nash equilibrium.
    Enumpure,
    /// Subgame-perfect equilibrium by backward induction (perfect information).
    Spe,
    /// All extreme equilibria of a two-player game, exactly.
    Enummixed,
    /// Lemke–Howson (strategic: every equilibrium its paths reach, see
    /// --stop-after) or Lemke on the sequence form (extensive: one).
    Lcp,
    /// Two-player zero-sum games by linear programming.
    Lp,
    /// Logit quantal response equilibrium: the principal branch to its Nash limit.
    Logit,
    /// Sequential equilibrium with beliefs: the limit of the agent logit branch.
    Sequential,
    /// A correlated equilibrium optimising `--objective`, by linear programming.
    Ce,
    /// An extensive-form correlated equilibrium (von Stengel and Forges)
    /// of a tree optimising `--objective`, by linear programming.
    Efce,
    /// Minimisation of McKelvey's Lyapunov function, n players (floating point).
    Liap,
    /// Every isolated equilibrium of a small two-player game, by support enumeration.
    Enumpoly,
    /// One equilibrium of an n-player game by simplicial subdivision with
    /// restarts on a refined grid (floating point; see --refine, --max-regret).
    Simpdiv,
    /// One equilibrium of an n-player game by iterated polymatrix
    /// approximation (Govindan and Wilson; floating point).
    Ipa,
    /// The equilibria an n-player game's global Newton path meets, from the
    /// ray favouring each player's first strategy (Govindan and Wilson;
    /// floating point).
    Gnm,
}

/// How `--path` prints the logit branch.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum PathFormat {
    /// One row per point: lambda, then the profile in Gambit's order.
    Csv,
    /// A JSON array of points.
    Json,
}

/// Output format of `solve`.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum SolveFormat {
    /// Readable, with names.
    Text,
    /// JSON with names and regret.
    Json,
    /// One `NE,...` row per equilibrium, as Gambit's command-line tools print.
    Gambit,
}

/// Where `lcp`'s path on the sequence form starts.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum LcpStartArg {
    /// Gambit's start on small sequence forms, the prior on large ones.
    Auto,
    /// Gambit's covering vector.
    Gambit,
    /// The tracing procedure from a pure prior.
    Prior,
}

/// Arguments of `brink solve`.
#[derive(Args, Debug)]
pub struct SolveArgs {
    /// A Gambit .efg, .nfg, .agg or .bagg file. An action-graph game is
    /// solved on its strategic form (agents "1", "2", ... as Gambit numbers
    /// them), except by enumpure, which works from the graph.
    file: PathBuf,
    /// The solution method.
    #[arg(long, short, value_enum)]
    method: MethodArg,
    /// Floating-point arithmetic instead of exact rationals.
    #[arg(long)]
    float: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SolveFormat::Text)]
    format: SolveFormat,
    /// Where to write the result (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// lcp on an extensive game: where Lemke's path starts. `gambit`: Gambit's
    /// covering vector (its path and equilibrium); `prior`: the tracing
    /// procedure from the pure prior "first action everywhere" (von Stengel,
    /// van den Elzen and Talman 2002), which keeps large trees sparse; `auto`:
    /// gambit up to 100,000 LCP rows, prior beyond.
    #[arg(long, value_enum, value_name = "START")]
    lcp_start: Option<LcpStartArg>,
    /// lcp on a strategic game: stop after N equilibria. By default (or with
    /// 0) every equilibrium the Lemke–Howson paths reach is listed, as
    /// Gambit's `lcp` does: the path from each label starting at the
    /// artificial basis, then from each equilibrium found, depth first (the
    /// first listed is the path from player 1's first strategy; `1` gives
    /// that one alone). A degenerate equilibrium can be listed once per basis.
    /// Extensive games get one equilibrium.
    #[arg(long, value_name = "N")]
    stop_after: Option<usize>,
    /// logit: stop the branch at this lambda.
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    max_lambda: Option<f64>,
    /// logit: stop once the regret, relative to the payoff range, is below
    /// this. simpdiv: refine the grid until its regret, relative to the
    /// payoff range, is below this (default 1e-7, as pygambit's).
    #[arg(long, value_name = "R", allow_hyphen_values = true)]
    max_regret: Option<f64>,
    /// simpdiv: each restart divides the grid's mesh by N (default 2, as
    /// Gambit's).
    #[arg(long, value_name = "N")]
    refine: Option<u32>,
    /// logit: print every point of the branch instead of the final profile.
    #[arg(long, value_enum, value_name = "FORMAT")]
    path: Option<PathFormat>,
    /// logit: the quantal response equilibrium at this lambda (no limit taken).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    lambda: Option<f64>,
    /// ce and efce: what to optimise: `welfare` (the default), `max:PLAYER`,
    /// `min:PLAYER`, or `min:OUTCOME` (the probability of an outcome label).
    #[arg(long, value_name = "OBJECTIVE")]
    objective: Option<String>,
}

impl SolveArgs {
    /// The options as the server's solves take them (the command line
    /// alone can print a path or optimise a correlated equilibrium).
    fn options(&self) -> SolveOptions {
        SolveOptions {
            method: self.method,
            float: self.float,
            lcp_start: self.lcp_start,
            max_lambda: self.max_lambda,
            max_regret: self.max_regret,
            lambda: self.lambda,
            refine: self.refine,
        }
    }

    fn logit_options(&self) -> brink_qre::LogitOptions {
        let mut opts = self.options().logit_options();
        opts.record_path = self.path.is_some();
        opts
    }
}

/// The first equilibrium `method` finds, in floating point: what `brink
/// tree` draws on a game file's branches.
pub fn first_profile(game: &Game, method: MethodArg) -> Result<Profile<f64>> {
    let opts = brink_qre::LogitOptions::default();
    let solution = match method {
        MethodArg::Logit => brink_qre::logit(game, &opts)?.solution,
        MethodArg::Sequential => {
            let Game::Extensive(tree) = game else {
                anyhow::bail!("method `sequential` needs an extensive game");
            };
            brink_qre::sequential(tree, &opts)?.solution
        }
        m => {
            let solutions = brink_nash::solve(game, nash_method(m), true)?;
            solutions
                .into_iter()
                .next()
                .ok_or_else(|| anyhow::anyhow!("method `{m:?}` found no equilibrium to draw"))?
        }
    };
    Ok(solution.profile_f64())
}

fn nash_method(m: MethodArg) -> Method {
    match m {
        MethodArg::Enumpure => Method::EnumPure,
        MethodArg::Spe => Method::Spe,
        MethodArg::Enummixed => Method::EnumMixed,
        MethodArg::Lp => Method::Lp,
        MethodArg::Liap => Method::Liap,
        MethodArg::Enumpoly => Method::EnumPoly,
        MethodArg::Simpdiv => Method::Simpdiv,
        MethodArg::Ipa => Method::Ipa,
        MethodArg::Gnm => Method::Gnm,
        _ => Method::Lcp,
    }
}

/// `brink solve`.
pub fn run_solve(args: &SolveArgs, g: Global) -> Result<()> {
    if let Some(p) = &args.output {
        check_output(p, g.force)?;
    }
    if (args.lcp_start.is_some() || args.stop_after.is_some()) && args.method != MethodArg::Lcp {
        return Err(usage(
            "--lcp-start and --stop-after apply to --method lcp only",
        ));
    }
    if args.objective.is_some() && !matches!(args.method, MethodArg::Ce | MethodArg::Efce) {
        return Err(usage("--objective applies to --method ce and efce only"));
    }
    let logit_flags = args.max_lambda.is_some() || args.path.is_some() || args.lambda.is_some();
    if logit_flags && !matches!(args.method, MethodArg::Logit | MethodArg::Sequential) {
        return Err(usage(
            "--max-lambda, --path and --lambda apply to --method logit (and sequential) only",
        ));
    }
    if args.max_regret.is_some()
        && !matches!(
            args.method,
            MethodArg::Logit | MethodArg::Sequential | MethodArg::Simpdiv
        )
    {
        return Err(usage(
            "--max-regret applies to --method logit, sequential and simpdiv only",
        ));
    }
    if args.refine.is_some() && args.method != MethodArg::Simpdiv {
        return Err(usage("--refine applies to --method simpdiv only"));
    }
    args.options().check_values()?;
    let name = args.file.display().to_string();
    let game = match load_any(&args.file)? {
        GameFile::ActionGraph(agg) if args.method == MethodArg::Enumpure => {
            let solutions = brink_nash::enumpure::enumpure_agg(&agg)?;
            let text = render(&agg_labels(&agg), "enumpure", &solutions, args.format)?;
            return write_output(args.output.as_deref(), text.as_bytes());
        }
        file => file.into_game(&name, brink_gambit::MAX_AGG_PROFILES)?,
    };
    let mut out = String::new();
    solve_into(&game, args, g, &mut out)?;
    write_output(args.output.as_deref(), out.as_bytes())
}

fn solve_into(game: &Game, args: &SolveArgs, g: Global, out: &mut String) -> Result<()> {
    let method = match args.method {
        MethodArg::Enumpure => Method::EnumPure,
        MethodArg::Spe => Method::Spe,
        MethodArg::Enummixed => Method::EnumMixed,
        MethodArg::Lcp => Method::Lcp,
        MethodArg::Lp => Method::Lp,
        MethodArg::Liap => Method::Liap,
        MethodArg::Enumpoly => Method::EnumPoly,
        MethodArg::Simpdiv => Method::Simpdiv,
        MethodArg::Ipa => Method::Ipa,
        MethodArg::Gnm => Method::Gnm,
        MethodArg::Logit => return run_logit(game, args, out),
        MethodArg::Sequential => return run_sequential(game, args, out),
        MethodArg::Ce | MethodArg::Efce => {
            return crate::correlated::run_ce(
                game,
                args.method == MethodArg::Efce,
                args.objective.as_deref(),
                args.float,
                args.format,
                out,
            )
        }
    };
    let solutions = if method == Method::Lcp {
        let start = match args.lcp_start.unwrap_or(LcpStartArg::Auto) {
            LcpStartArg::Auto => brink_nash::lcp::LcpStart::Auto,
            LcpStartArg::Gambit => brink_nash::lcp::LcpStart::Gambit,
            LcpStartArg::Prior => brink_nash::lcp::LcpStart::Prior,
        };
        let options = brink_nash::lcp::LcpOptions {
            start,
            stop_after: args.stop_after.filter(|&n| n > 0),
        };
        let shown = Shown::new(g.quiet);
        let cancel = Cancel::new();
        brink_nash::lcp::lcp_watched(game, args.float, &options, &Watch::new(&shown, &cancel))?
    } else if method == Method::Simpdiv {
        brink_nash::simpdiv::simpdiv_with(game, &args.options().simpdiv_options())?
    } else {
        brink_nash::solve(game, method, args.float)?
    };
    let name = format!("{:?}", args.method).to_lowercase();
    out.push_str(&render(game, &name, &solutions, args.format)?);
    Ok(())
}

fn run_logit(game: &Game, args: &SolveArgs, out: &mut String) -> Result<()> {
    let opts = args.logit_options();
    let result = match (args.lambda, args.max_lambda) {
        (Some(l), _) => brink_qre::qre_at_with(game, l, &opts)?,
        // --max-lambda is a stopping point: the profile reached there is
        // printed with its regret and `converged: false`, not refused.
        (None, Some(_)) => brink_qre::trace_logit(game, &opts)?,
        (None, None) => brink_qre::logit(game, &opts)?,
    };
    match args.path {
        Some(PathFormat::Csv) => write!(out, "{}", brink_qre::path_to_csv(game, &result.path))?,
        Some(PathFormat::Json) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&brink_qre::path_to_json(game, &result.path))?
        )?,
        None => {
            let solutions = [result.solution.clone()];
            if args.format == SolveFormat::Json {
                let v = solved_json(game, "logit", &Solved::Logit(result))?;
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                write!(out, "{}", render(game, "logit", &solutions, args.format)?)?;
                if args.format == SolveFormat::Text {
                    writeln!(
                        out,
                        "\nlambda {:.6e}, {} steps, {}",
                        result.lambda,
                        result.steps,
                        if result.converged {
                            "converged"
                        } else {
                            "NOT converged"
                        }
                    )?;
                    writeln!(out, "stopped: {}", result.stop_reason)?;
                    if let Some(note) = result.bifurcation_note() {
                        writeln!(out, "{note}")?;
                    }
                    if let Some(note) = brink_qre::RegretKind::of(game).note() {
                        writeln!(out, "{note}")?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn run_sequential(game: &Game, args: &SolveArgs, out: &mut String) -> Result<()> {
    let Game::Extensive(tree) = game else {
        anyhow::bail!("method `sequential` needs an extensive game; for a strategic game use logit or enummixed");
    };
    let result = brink_qre::sequential(tree, &args.logit_options())?;
    let solutions = [result.solution.clone()];
    let beliefs = brink_qre::beliefs_to_json(tree, &result.beliefs);
    match args.format {
        SolveFormat::Gambit => write!(
            out,
            "{}",
            render(game, "sequential", &solutions, args.format)?
        )?,
        SolveFormat::Json => {
            let v = solved_json(game, "sequential", &Solved::Sequential(result))?;
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        SolveFormat::Text => {
            write!(
                out,
                "{}",
                render(game, "sequential", &solutions, args.format)?
            )?;
            writeln!(
                out,
                "\nbeliefs:\n{}",
                serde_json::to_string_pretty(&beliefs)?
            )?;
            writeln!(
                out,
                "check: sequential rationality gap {:.3e}, Bayes-consistency error {:.3e} (lambda {:.3e})",
                result.check.max_conditional_regret, result.check.max_bayes_error, result.lambda
            )?;
        }
    }
    Ok(())
}

/// What a solve needs besides the game when it comes from a web request
/// rather than the command line.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// The solution method (`ce` is the command line's only).
    pub method: MethodArg,
    /// Floating-point arithmetic instead of exact rationals.
    pub float: bool,
    /// lcp on an extensive game: where Lemke's path starts.
    pub lcp_start: Option<LcpStartArg>,
    /// logit: stop the branch at this lambda.
    pub max_lambda: Option<f64>,
    /// logit: stop once the relative regret is below this.
    pub max_regret: Option<f64>,
    /// logit: the QRE at this lambda.
    pub lambda: Option<f64>,
    /// simpdiv: the grid's refinement factor.
    pub refine: Option<u32>,
}

impl SolveOptions {
    /// The method's name as `--method` spells it.
    pub fn method_name(&self) -> String {
        format!("{:?}", self.method).to_lowercase()
    }

    /// The logit numbers as usage errors, before the game is read: the
    /// solver would refuse them only after loading it, with exit 1.
    fn check_values(&self) -> Result<()> {
        let bad =
            |flag: &str, v: f64, want: &str| Err(usage(format!("{flag} {v}: expected {want}")));
        match self.lambda {
            Some(l) if !(l.is_finite() && l >= 0.0) => bad("--lambda", l, "a number at least 0"),
            _ => Ok(()),
        }?;
        if let Some(v) = self.max_lambda.filter(|v| v.is_nan() || *v <= 0.0) {
            return bad("--max-lambda", v, "a positive number");
        }
        if let Some(v) = self.max_regret.filter(|v| !(v.is_finite() && *v > 0.0)) {
            return bad("--max-regret", v, "a positive number");
        }
        Ok(())
    }

    fn logit_options(&self) -> brink_qre::LogitOptions {
        let mut opts = brink_qre::LogitOptions::default();
        if let Some(l) = self.max_lambda {
            opts.max_lambda = l;
        }
        if let Some(r) = self.max_regret {
            opts.max_regret = r;
        }
        opts
    }

    fn simpdiv_options(&self) -> brink_nash::simpdiv::SimpdivOptions {
        let mut opts = brink_nash::simpdiv::SimpdivOptions::default();
        if let Some(r) = self.max_regret {
            opts.tolerance = r;
        }
        if let Some(n) = self.refine {
            opts.refine = n;
        }
        opts
    }
}

/// What a solve found, before it is printed.
pub enum Solved {
    /// Nash equilibria from an exact or enumerating method.
    Nash(Vec<Solution>),
    /// The end of the logit branch (or the QRE at a lambda).
    Logit(brink_qre::LogitResult),
    /// A sequential equilibrium with beliefs.
    Sequential(brink_qre::SequentialResult),
}

impl Solved {
    /// The profiles found, in order.
    pub fn solutions(&self) -> Vec<Solution> {
        match self {
            Solved::Nash(s) => s.clone(),
            Solved::Logit(r) => vec![r.solution.clone()],
            Solved::Sequential(r) => vec![r.solution.clone()],
        }
    }
}

/// Solves a game as the options say (the web server's entry; the command
/// line goes through [`run_solve`], and both print JSON by [`solved_json`]).
/// `cancel` stops every method soon after it is cancelled: logit and
/// sequential between steps of their path, the others as
/// [`brink_nash::solve_watched`] says (`spe`, one pass over a tree the
/// server bounds, runs to its end).
pub fn solve_game(game: &Game, o: &SolveOptions, cancel: &Cancel) -> Result<Solved> {
    if o.lcp_start.is_some() && o.method != MethodArg::Lcp {
        return Err(usage("--lcp-start applies to --method lcp only"));
    }
    o.check_values()?;
    let method = match o.method {
        MethodArg::Logit => {
            let opts = brink_qre::LogitOptions {
                cancel: Some(cancel.clone()),
                ..o.logit_options()
            };
            return Ok(Solved::Logit(match (o.lambda, o.max_lambda) {
                (Some(l), _) => brink_qre::qre_at_with(game, l, &opts)?,
                (None, Some(_)) => brink_qre::trace_logit(game, &opts)?,
                (None, None) => brink_qre::logit(game, &opts)?,
            }));
        }
        MethodArg::Sequential => {
            let Game::Extensive(tree) = game else {
                anyhow::bail!("method `sequential` needs an extensive game; for a strategic game use logit or enummixed");
            };
            let opts = brink_qre::LogitOptions {
                cancel: Some(cancel.clone()),
                ..o.logit_options()
            };
            return Ok(Solved::Sequential(brink_qre::sequential(tree, &opts)?));
        }
        MethodArg::Ce | MethodArg::Efce => anyhow::bail!(
            "methods `ce` and `efce` are offered by `brink solve --method ce|efce` only"
        ),
        m => nash_method(m),
    };
    let quiet = brink_game::progress::Quiet;
    let watch = Watch::new(&quiet, cancel);
    if method == Method::Simpdiv {
        if o.max_lambda.is_some() || o.lambda.is_some() {
            return Err(usage(
                "--max-lambda and --lambda apply to --method logit (and sequential) only",
            ));
        }
        return Ok(Solved::Nash(brink_nash::simpdiv::simpdiv_watched(
            game,
            &o.simpdiv_options(),
            &watch,
        )?));
    }
    if o.max_lambda.is_some() || o.max_regret.is_some() || o.lambda.is_some() {
        return Err(usage(
            "--max-lambda, --max-regret and --lambda apply to --method logit (and sequential) only",
        ));
    }
    if o.refine.is_some() {
        return Err(usage("--refine applies to --method simpdiv only"));
    }
    Ok(Solved::Nash(if method == Method::Lcp {
        let options = brink_nash::lcp::LcpOptions {
            start: lcp_start(o.lcp_start),
            stop_after: None,
        };
        brink_nash::lcp::lcp_watched(game, o.float, &options, &watch)?
    } else {
        brink_nash::solve_watched(game, method, o.float, &watch)?
    }))
}

/// The JSON of `brink solve --format json` for what a solve found.
pub fn solved_json(game: &Game, method: &str, solved: &Solved) -> Result<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_str(&render(
        game,
        method,
        &solved.solutions(),
        SolveFormat::Json,
    )?)?;
    match solved {
        Solved::Nash(_) => {}
        Solved::Logit(result) => {
            v["lambda"] = json!(result.lambda);
            v["converged"] = json!(result.converged);
            v["stop_reason"] = json!(result.stop_reason);
            // Where the branch was crossed by another (see `bifurcation_note`).
            v["bifurcation_lambdas"] = json!(result.bifurcation_lambdas);
            v["regret_kind"] = json!(brink_qre::RegretKind::of(game).name());
        }
        Solved::Sequential(result) => {
            if let Game::Extensive(tree) = game {
                v["beliefs"] = brink_qre::beliefs_to_json(tree, &result.beliefs);
            }
            v["lambda"] = json!(result.lambda);
            v["check"] = json!({
                "max_conditional_regret": result.check.max_conditional_regret,
                "max_bayes_error": result.check.max_bayes_error,
            });
        }
    }
    Ok(v)
}

fn lcp_start(arg: Option<LcpStartArg>) -> brink_nash::lcp::LcpStart {
    match arg.unwrap_or(LcpStartArg::Auto) {
        LcpStartArg::Auto => brink_nash::lcp::LcpStart::Auto,
        LcpStartArg::Gambit => brink_nash::lcp::LcpStart::Gambit,
        LcpStartArg::Prior => brink_nash::lcp::LcpStart::Prior,
    }
}

/// Renders checked solutions in the requested format.
pub fn render(
    game: &Game,
    method: &str,
    solutions: &[Solution],
    format: SolveFormat,
) -> Result<String> {
    Ok(match format {
        SolveFormat::Gambit => solutions
            .iter()
            .map(|s| s.gambit_row(game) + "\n")
            .collect(),
        SolveFormat::Json => {
            serde_json::to_string_pretty(&brink_game::profile::solutions_json(
                game, method, solutions,
            ))? + "\n"
        }
        SolveFormat::Text => text(game, method, solutions),
    })
}

/// The text report, written straight from the profiles: going through the
/// JSON form cost full tic-tac-toe 1.4 GB and ten times the solve's time.
fn text(game: &Game, method: &str, solutions: &[Solution]) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "{}: {} equilibri{} by {method}\n",
        if game.title().is_empty() {
            "game"
        } else {
            game.title()
        },
        solutions.len(),
        if solutions.len() == 1 { "um" } else { "a" }
    );
    for (k, s) in solutions.iter().enumerate() {
        let _ = write!(
            out,
            "\nequilibrium {} (max regret {}):\n",
            k + 1,
            s.regret_text()
        );
        let floats = s.profile_f64();
        let exact = matches!(s, Solution::Exact { .. }).then(|| s.values(game));
        // Probabilities come in Gambit's order, as `values` lists them.
        let mut next = 0;
        let mut prob = |out: &mut String, label: &str, p: f64| {
            let shown = match &exact {
                Some(e) => e[next].clone(),
                None => format!("{p:.6}"),
            };
            next += 1;
            let _ = write!(out, "{}={}", display_label(label), shown);
        };
        match game {
            Game::Strategic(g) => {
                for p in 0..g.num_players() {
                    let _ = writeln!(out, "  {}", g.players[p]);
                    out.push_str("    ");
                    for (j, (name, &x)) in g.strategies[p].iter().zip(&floats.probs[p]).enumerate()
                    {
                        if j > 0 {
                            out.push_str("  ");
                        }
                        prob(&mut out, name, x);
                    }
                    out.push('\n');
                }
            }
            Game::Extensive(g) => {
                for p in 0..g.num_players() {
                    let _ = writeln!(out, "  {}", g.players[p]);
                    for &i in g.player_infosets(p) {
                        let info = g.infoset(i);
                        let _ = write!(
                            out,
                            "    infoset {} {}: ",
                            info.number,
                            display_label(&info.label)
                        );
                        for (j, (a, &x)) in info
                            .actions
                            .iter()
                            .zip(&floats.probs[i.index()])
                            .enumerate()
                        {
                            if j > 0 {
                                out.push_str("  ");
                            }
                            prob(&mut out, &a.label, x);
                        }
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// The names of an action-graph game's strategic form, without its payoffs:
/// what printing a profile needs, built without enumerating the profiles.
fn agg_labels(g: &ActionGraphGame) -> Game {
    let shape = g.shape();
    Game::Strategic(brink_game::StrategicGame {
        title: String::new(),
        comment: String::new(),
        players: (1..=shape.len()).map(|k| k.to_string()).collect(),
        strategies: shape
            .iter()
            .map(|&k| (1..=k).map(|s| s.to_string()).collect())
            .collect(),
        outcomes: Vec::new(),
        cells: Vec::new(),
        outcome_list: false,
    })
}

fn display_label(label: &str) -> String {
    if label.is_empty() {
        "\"\"".to_string()
    } else {
        label.to_string()
    }
}
