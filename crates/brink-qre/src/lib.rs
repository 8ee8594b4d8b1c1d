//! Logit quantal response equilibria for brinkmanship.
//!
//! * [`logit`]: follows the principal branch of the logit QRE correspondence
//!   (McKelvey and Palfrey 1995, 1998) from lambda = 0 (uniform play) until the
//!   profile's regret falls below the requested bound, by predictor–corrector
//!   continuation (Turocy 2005) in log-probability coordinates with an exact
//!   Jacobian. Strategic games with any number of players, and extensive games
//!   in agent form with any number of players, with or without perfect recall
//!   (absent-mindedness included, valuing actions as Gambit does). Without
//!   perfect recall the branch's limit is an agent equilibrium, which need not
//!   be a Nash equilibrium: the trace then says so and fails (after trying the
//!   other branch at a bifurcation it passed) rather than print it; and
//!   [`RegretKind`] says what the printed regret measures.
//! * [`qre_at`]: the point of the principal branch at a given lambda.
//! * [`sequential`]: the limit of the agent branch as a sequential equilibrium,
//!   with beliefs at every information set, checked independently.
//!
//! Payoffs enter the logit response unscaled: at lambda, each choice's
//! probability is proportional to `exp(lambda * value)`, as in Gambit. The
//! regret bound is relative to the game's payoff range, as pygambit's
//! `maxregret` is.
//!
//! ```
//! use brink_qre::{logit, LogitOptions};
//! // Matching pennies: the branch stays at the uniform profile, the equilibrium.
//! let game = brink_gambit::read_game(
//!     r#"NFG 1 R "pennies" { "1" "2" } { 2 2 } 1 -1 -1 1 -1 1 1 -1"#,
//!     "pennies.nfg",
//! )
//! .unwrap();
//! let r = logit(&game, &LogitOptions::default()).unwrap();
//! let p = r.solution.profile_f64();
//! assert!((p.probs[0][0] - 0.5).abs() < 1e-6);
//! assert!(r.solution.regret_f64() < 1e-6);
//! ```
#![warn(missing_docs)]

mod agent;
mod linalg;
mod output;
mod path;
mod polish;
pub mod sequential;
mod strategic;

use brink_game::{Cancel, Game, Profile, Solution, SolveError};
use path::{QreSystem, Target, Trace, Tuning};

pub use output::{beliefs_to_json, path_to_csv, path_to_json};
pub use sequential::{check_sequential, sequential, SequentialCheck, SequentialResult};

/// Options of the logit path follower.
#[derive(Clone, Debug, PartialEq)]
pub struct LogitOptions {
    /// Give up (with an error) if lambda passes this value before the regret
    /// bound is met.
    pub max_lambda: f64,
    /// Stop once the maximum regret is at most this times the payoff range
    /// (the largest minus the smallest payoff of any outcome), as pygambit's
    /// `maxregret`.
    pub max_regret: f64,
    /// Keep every accepted point of the branch in [`LogitResult::path`].
    pub record_path: bool,
    /// First step length along the branch (arc length in `(log p, lambda)`).
    pub first_step: f64,
    /// Largest factor by which one step may be longer than the previous one.
    pub max_accel: f64,
    /// Once cancelled, the trace stops before its next step with
    /// [`SolveError::Cancelled`]: a server's token for a request no longer wanted.
    pub cancel: Option<Cancel>,
}

impl Default for LogitOptions {
    /// pygambit's `maxregret = 1e-8` and `first_step = 0.03`; steps may grow
    /// by half (pygambit: by a tenth), which halves the number of steps and
    /// selects the same equilibria on the Gambit corpus (tests/corpus.rs);
    /// lambda is capped at 1e12.
    fn default() -> Self {
        LogitOptions {
            max_lambda: 1e12,
            max_regret: 1e-8,
            record_path: false,
            first_step: 0.03,
            max_accel: 1.5,
            cancel: None,
        }
    }
}

/// One point of the principal branch.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPoint {
    /// The precision parameter.
    pub lambda: f64,
    /// The logit QRE at `lambda` (mixed, or behavior over all information sets).
    pub profile: Profile<f64>,
}

/// What the path follower returns.
#[derive(Clone, Debug, PartialEq)]
pub struct LogitResult {
    /// The last profile, with its regret from `brink_game::regret::max_regret`.
    pub solution: Solution,
    /// Lambda at the last profile.
    pub lambda: f64,
    /// Every accepted point, if [`LogitOptions::record_path`] was set (else empty).
    pub path: Vec<PathPoint>,
    /// Number of accepted predictor–corrector steps.
    pub steps: usize,
    /// Whether the target (regret bound, or lambda) was met.
    pub converged: bool,
    /// Why the trace stopped, in words.
    pub stop_reason: String,
    /// Simple bifurcation points the trace passed (sign changes of the
    /// oriented Jacobian determinant). The trace continues on the branch it
    /// came along; where this is non-zero, other tracers (pygambit) may leave
    /// the branch there and end at another equilibrium.
    pub bifurcations: usize,
    /// The lambda at which the trace crossed each of those points (the end
    /// of the step in which the determinant changed sign: within one step).
    pub bifurcation_lambdas: Vec<f64>,
}

/// What the regret printed with a profile measures (brink-game's
/// `regret::max_regret`): only with perfect recall is a best response one
/// pass over the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegretKind {
    /// The largest gain from any deviation (perfect recall, or a strategic game).
    Exact,
    /// Some player lacks perfect recall: their pure strategies are
    /// enumerated, so the gain is exact over pure (and mixed) strategies. If
    /// `absent_minded`, one of their information sets is met twice on a
    /// path, and a behavior strategy may gain more than any pure strategy.
    PureStrategies {
        /// Some information set has two members on one path.
        absent_minded: bool,
    },
    /// Some player without perfect recall has too many pure strategies to
    /// enumerate: the regret is an upper bound (each of their nodes choosing
    /// separately), never an understatement.
    UpperBound,
}

impl RegretKind {
    /// Of a game's printed regret.
    pub fn of(game: &Game) -> RegretKind {
        let Game::Extensive(g) = game else {
            return RegretKind::Exact;
        };
        let forgetful: Vec<usize> = (0..g.num_players())
            .filter(|&p| g.check_player_recall(p).is_err())
            .collect();
        if forgetful.is_empty() {
            RegretKind::Exact
        } else if forgetful
            .iter()
            .any(|&p| brink_game::regret::regret_is_bound(g, p))
        {
            RegretKind::UpperBound
        } else {
            RegretKind::PureStrategies {
                absent_minded: agent::is_absent_minded(g),
            }
        }
    }

    /// A short name, for JSON.
    pub fn name(self) -> &'static str {
        match self {
            RegretKind::Exact => "exact",
            RegretKind::PureStrategies { .. } => "exact over pure strategies",
            RegretKind::UpperBound => "upper bound",
        }
    }

    /// A sentence for text output; `None` where the regret is plainly exact.
    pub fn note(self) -> Option<&'static str> {
        match self {
            RegretKind::Exact => None,
            RegretKind::PureStrategies {
                absent_minded: false,
            } => Some(
                "regret is exact: without perfect recall, every pure strategy of the \
                 player was tried, and no behavior strategy does better",
            ),
            RegretKind::PureStrategies {
                absent_minded: true,
            } => Some(
                "regret is over pure strategies: the game has absent-mindedness, where a \
                 behavior strategy can gain more than any pure strategy",
            ),
            RegretKind::UpperBound => Some(
                "regret is an upper bound: a player without perfect recall has too many \
                 pure strategies to try, so each of their nodes was let choose separately",
            ),
        }
    }
}

/// The payoff range of a game: its largest minus its smallest outcome payoff
/// over all players (1 if that is zero), the unit of [`LogitOptions::max_regret`].
pub fn payoff_range(game: &Game) -> f64 {
    let outcomes = match game {
        Game::Extensive(g) => g.outcomes(),
        Game::Strategic(g) => &g.outcomes[..],
    };
    let all = outcomes.iter().flat_map(|o| o.payoffs_f64.iter().copied());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
        (l.min(x), h.max(x))
    });
    if hi > lo {
        hi - lo
    } else {
        1.0
    }
}

fn check_options(opts: &LogitOptions, method: &'static str) -> Result<(), SolveError> {
    let bad = |reason: String| Err(SolveError::Numerical { method, reason });
    if !(opts.max_regret > 0.0 && opts.max_regret.is_finite()) {
        return bad(format!(
            "max-regret must be a positive number, not {}",
            opts.max_regret
        ));
    }
    if opts.max_lambda.is_nan() || opts.max_lambda <= 0.0 {
        return bad(format!(
            "max-lambda must be positive, not {}",
            opts.max_lambda
        ));
    }
    if !(opts.first_step > 0.0 && opts.first_step.is_finite()) {
        return bad(format!(
            "the first step must be positive, not {}",
            opts.first_step
        ));
    }
    if !(opts.max_accel >= 1.0 && opts.max_accel.is_finite()) {
        return bad(format!(
            "the step acceleration must be at least 1, not {}",
            opts.max_accel
        ));
    }
    Ok(())
}

fn check_game(game: &Game, method: &'static str) -> Result<(), SolveError> {
    let empty = match game {
        Game::Strategic(g) => g.strategies.iter().any(Vec::is_empty) || g.num_players() == 0,
        Game::Extensive(g) => g.infosets().iter().any(|i| i.actions.is_empty()),
    };
    if empty {
        return Err(SolveError::Unsupported {
            method,
            reason: "a player or information set has no strategies or actions".into(),
            suggestion: "a game where every choice has at least one option",
        });
    }
    Ok(())
}

fn run<S: QreSystem>(
    sys: &S,
    game: &Game,
    opts: &LogitOptions,
    target: Target,
    to_profile: impl Fn(&[f64]) -> Profile<f64>,
) -> LogitResult {
    let m = sys.dim();
    // The systems see payoffs divided by the range, hence lambda times it.
    let range = payoff_range(game);
    let tuning = Tuning {
        first_step: opts.first_step,
        max_accel: opts.max_accel,
        max_lambda: opts.max_lambda * range,
        cancel: opts.cancel.as_ref(),
    };
    let goal = match target {
        Target::Regret(_) => None,
        Target::Lambda(l) => Some(l),
    };
    let target = match target {
        Target::Regret(r) => Target::Regret(r),
        Target::Lambda(l) => Target::Lambda(l * range),
    };
    let mut path = Vec::new();
    let tr: Trace = path::trace(sys, tuning, target, |y| {
        if opts.record_path {
            path.push(PathPoint {
                lambda: y[m] / range,
                profile: to_profile(y),
            });
        }
    });
    let solution = Solution::float(game, to_profile(&tr.y));
    LogitResult {
        solution,
        lambda: match goal {
            Some(l) if tr.reached => l,
            _ => tr.y[m] / range,
        },
        path,
        steps: tr.steps,
        converged: tr.reached,
        stop_reason: tr.reason,
        bifurcations: tr.bifurcations.len(),
        bifurcation_lambdas: tr.bifurcations.iter().map(|l| l / range).collect(),
    }
}

impl LogitResult {
    /// A warning where the trace passed a bifurcation: there the branch from
    /// lambda 0 meets another, and this trace went straight on along the one
    /// it came by, while another tracer (pygambit's leaves the branch at
    /// such points) may take the other arm and end at another equilibrium.
    pub fn bifurcation_note(&self) -> Option<String> {
        let at: Vec<String> = self
            .bifurcation_lambdas
            .iter()
            .map(|l| format!("{l:.4}"))
            .collect();
        match at.len() {
            0 => None,
            n => Some(format!(
                "warning: the branch passed {} at lambda {} (the oriented determinant of \
                 the logit equations' Jacobian changed sign); this trace went straight on \
                 along the branch it came by, and other tracers (Gambit's) may take another \
                 arm there and end at another equilibrium",
                if n == 1 {
                    "a bifurcation".to_string()
                } else {
                    format!("{n} bifurcations")
                },
                at.join(", ")
            )),
        }
    }
}

/// Traces the principal branch towards `target` (a relative regret, or a
/// lambda in the game's units), whatever the outcome: `converged` says
/// whether it got there.
fn trace_game(
    game: &Game,
    opts: &LogitOptions,
    target: Target,
    method: &'static str,
) -> Result<LogitResult, SolveError> {
    check_options(opts, method)?;
    check_game(game, method)?;
    let scale = 1.0 / payoff_range(game);
    let r = match game {
        Game::Strategic(g) => {
            let sys = strategic::StrategicSystem::new(g, scale);
            run(&sys, game, opts, target, |y| sys.profile(y))
        }
        Game::Extensive(g) => {
            let sys = agent::AgentSystem::new(g, scale);
            run(&sys, game, opts, target, |y| sys.profile(y))
        }
    };
    cancelled(opts)?;
    Ok(r)
}

/// `Err(Cancelled)` once the options' token is cancelled: a trace cut
/// short ends anywhere on the branch and must not be reported.
fn cancelled(opts: &LogitOptions) -> Result<(), SolveError> {
    match &opts.cancel {
        Some(c) if c.is_cancelled() => Err(SolveError::Cancelled),
        _ => Ok(()),
    }
}

/// Follows the principal branch of the logit correspondence (agent form for
/// extensive games) until the profile's maximum regret is at most
/// `opts.max_regret` times the payoff range, and returns that profile.
///
/// Returns [`SolveError::Numerical`] if the trace stops first (step size
/// collapsing at a bifurcation, lambda past `opts.max_lambda`): a stall is
/// never reported as an equilibrium. [`trace_logit`] returns the point reached
/// in that case instead.
pub fn logit(game: &Game, opts: &LogitOptions) -> Result<LogitResult, SolveError> {
    let r = trace_logit(game, opts)?;
    let tol = opts.max_regret * payoff_range(game);
    if r.converged && r.solution.regret_f64() <= tol {
        Ok(r)
    } else {
        Err(SolveError::Numerical {
            method: "logit",
            reason: format!(
                "{}; stopped at lambda {:.6e} with regret {:.3e}, above the requested {:.3e}",
                r.stop_reason,
                r.lambda,
                r.solution.regret_f64(),
                tol
            ),
        })
    }
}

/// Like [`logit`], but returns the last point reached even when the regret
/// bound was not met (`converged` is then false).
pub fn trace_logit(game: &Game, opts: &LogitOptions) -> Result<LogitResult, SolveError> {
    let tol = opts.max_regret * payoff_range(game);
    let mut r = trace_game(game, opts, Target::Regret(opts.max_regret), "logit")?;
    r.converged = r.converged && r.solution.regret_f64() <= tol;
    Ok(r)
}

/// The logit QRE on the principal branch at precision `lambda` (agent form for
/// extensive games), solved to full double precision at exactly that lambda.
pub fn qre_at(game: &Game, lambda: f64) -> Result<LogitResult, SolveError> {
    qre_at_with(game, lambda, &LogitOptions::default())
}

/// [`qre_at`] with tracer options (`record_path` keeps the branch up to `lambda`).
pub fn qre_at_with(
    game: &Game,
    lambda: f64,
    opts: &LogitOptions,
) -> Result<LogitResult, SolveError> {
    if !(lambda >= 0.0 && lambda.is_finite()) {
        return Err(SolveError::Numerical {
            method: "logit",
            reason: format!("lambda must be a finite number at least 0, not {lambda}"),
        });
    }
    let opts = LogitOptions {
        max_lambda: f64::INFINITY,
        ..opts.clone()
    };
    let r = trace_game(game, &opts, Target::Lambda(lambda), "logit")?;
    if r.converged {
        Ok(r)
    } else {
        Err(SolveError::Numerical {
            method: "logit",
            reason: format!(
                "no logit QRE found at lambda {lambda}: {}; the last point traced has lambda {:.6e}",
                r.stop_reason, r.lambda
            ),
        })
    }
}

#[cfg(test)]
mod tests;
