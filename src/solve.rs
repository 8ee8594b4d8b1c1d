//! `brink solve`: one front for every solver, one output format for all.

use crate::info::load_game;
use anyhow::Result;
use brink_game::{Game, Solution};
use brink_nash::Method;
use clap::{Args, ValueEnum};
use serde_json::json;
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
    /// Lemke–Howson (strategic) or Lemke on the sequence form (extensive).
    Lcp,
    /// Two-player zero-sum games by linear programming.
    Lp,
    /// Logit quantal response equilibrium: the principal branch to its Nash limit.
    Logit,
    /// Sequential equilibrium with beliefs: the limit of the agent logit branch.
    Sequential,
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
    /// A Gambit .efg or .nfg file.
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
    /// lcp on an extensive game: where Lemke's path starts. `gambit`: Gambit's
    /// covering vector (its path and equilibrium); `prior`: the tracing
    /// procedure from the pure prior "first action everywhere" (von Stengel,
    /// van den Elzen and Talman 2002), which keeps large trees sparse; `auto`:
    /// gambit up to 100,000 LCP rows, prior beyond.
    #[arg(long, value_enum, value_name = "START")]
    lcp_start: Option<LcpStartArg>,
    /// logit: stop the branch at this lambda.
    #[arg(long, value_name = "L")]
    max_lambda: Option<f64>,
    /// logit: stop once the regret, relative to the payoff range, is below this.
    #[arg(long, value_name = "R")]
    max_regret: Option<f64>,
    /// logit: print every point of the branch instead of the final profile.
    #[arg(long, value_enum, value_name = "FORMAT")]
    path: Option<PathFormat>,
    /// logit: the quantal response equilibrium at this lambda (no limit taken).
    #[arg(long, value_name = "L")]
    lambda: Option<f64>,
}

impl SolveArgs {
    fn logit_options(&self) -> brink_qre::LogitOptions {
        let mut opts = brink_qre::LogitOptions::default();
        if let Some(l) = self.max_lambda {
            opts.max_lambda = l;
        }
        if let Some(r) = self.max_regret {
            opts.max_regret = r;
        }
        opts.record_path = self.path.is_some();
        opts
    }
}

/// `brink solve`.
pub fn run_solve(args: &SolveArgs) -> Result<()> {
    let game = load_game(&args.file)?;
    if args.lcp_start.is_some() && args.method != MethodArg::Lcp {
        anyhow::bail!("--lcp-start applies to --method lcp only");
    }
    let method = match args.method {
        MethodArg::Enumpure => Method::EnumPure,
        MethodArg::Spe => Method::Spe,
        MethodArg::Enummixed => Method::EnumMixed,
        MethodArg::Lcp => Method::Lcp,
        MethodArg::Lp => Method::Lp,
        MethodArg::Logit => return run_logit(&game, args),
        MethodArg::Sequential => return run_sequential(&game, args),
    };
    if args.max_lambda.is_some()
        || args.max_regret.is_some()
        || args.path.is_some()
        || args.lambda.is_some()
    {
        anyhow::bail!(
            "--max-lambda, --max-regret, --path and --lambda apply to --method logit only"
        );
    }
    let solutions = if method == Method::Lcp {
        let start = match args.lcp_start.unwrap_or(LcpStartArg::Auto) {
            LcpStartArg::Auto => brink_nash::lcp::LcpStart::Auto,
            LcpStartArg::Gambit => brink_nash::lcp::LcpStart::Gambit,
            LcpStartArg::Prior => brink_nash::lcp::LcpStart::Prior,
        };
        let options = brink_nash::lcp::LcpOptions {
            start,
            progress: true,
        };
        brink_nash::lcp::lcp_with(&game, args.float, &options)?
    } else {
        brink_nash::solve(&game, method, args.float)?
    };
    let name = format!("{:?}", args.method).to_lowercase();
    print!("{}", render(&game, &name, &solutions, args.format)?);
    Ok(())
}

fn run_logit(game: &Game, args: &SolveArgs) -> Result<()> {
    let opts = args.logit_options();
    let result = match args.lambda {
        Some(l) => brink_qre::qre_at_with(game, l, &opts)?,
        None => brink_qre::logit(game, &opts)?,
    };
    match args.path {
        Some(PathFormat::Csv) => print!("{}", brink_qre::path_to_csv(game, &result.path)),
        Some(PathFormat::Json) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&brink_qre::path_to_json(game, &result.path))?
            )
        }
        None => {
            let solutions = [result.solution.clone()];
            if args.format == SolveFormat::Json {
                let mut v: serde_json::Value =
                    serde_json::from_str(&render(game, "logit", &solutions, args.format)?)?;
                v["lambda"] = json!(result.lambda);
                v["converged"] = json!(result.converged);
                v["stop_reason"] = json!(result.stop_reason);
                v["regret_kind"] = json!(brink_qre::RegretKind::of(game).name());
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print!("{}", render(game, "logit", &solutions, args.format)?);
                if args.format == SolveFormat::Text {
                    println!(
                        "\nlambda {:.6e}, {} steps, {}",
                        result.lambda,
                        result.steps,
                        if result.converged {
                            "converged"
                        } else {
                            "NOT converged"
                        }
                    );
                    println!("stopped: {}", result.stop_reason);
                    if let Some(note) = brink_qre::RegretKind::of(game).note() {
                        println!("{note}");
                    }
                }
            }
        }
    }
    Ok(())
}

fn run_sequential(game: &Game, args: &SolveArgs) -> Result<()> {
    let Game::Extensive(tree) = game else {
        anyhow::bail!("method `sequential` needs an extensive game; for a strategic game use logit or enummixed");
    };
    let result = brink_qre::sequential(tree, &args.logit_options())?;
    let solutions = [result.solution.clone()];
    let beliefs = brink_qre::beliefs_to_json(tree, &result.beliefs);
    match args.format {
        SolveFormat::Gambit => print!("{}", render(game, "sequential", &solutions, args.format)?),
        SolveFormat::Json => {
            let mut v: serde_json::Value =
                serde_json::from_str(&render(game, "sequential", &solutions, args.format)?)?;
            v["beliefs"] = beliefs;
            v["lambda"] = json!(result.lambda);
            v["check"] = json!({
                "max_conditional_regret": result.check.max_conditional_regret,
                "max_bayes_error": result.check.max_bayes_error,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        SolveFormat::Text => {
            print!("{}", render(game, "sequential", &solutions, args.format)?);
            println!("\nbeliefs:\n{}", serde_json::to_string_pretty(&beliefs)?);
            println!(
                "check: sequential rationality gap {:.3e}, Bayes-consistency error {:.3e} (lambda {:.3e})",
                result.check.max_conditional_regret, result.check.max_bayes_error, result.lambda
            );
        }
    }
    Ok(())
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

fn display_label(label: &str) -> String {
    if label.is_empty() {
        "\"\"".to_string()
    } else {
        label.to_string()
    }
}
