//! The HTTP API. Each handler reads a JSON body, hands the work to the
//! solver pool and answers the JSON of the matching command (`brink run
//! --format json`, `brink solve --format json`, `brink sweep`/`montecarlo
//! --format json`), built by the same library functions.

use super::error::ApiError;
use super::AppState;
use crate::solve::{solve_game, solved_json, LcpStartArg, MethodArg, SolveOptions};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use brink_analysis::crisis::CrisisModel;
use brink_analysis::tree::{to_tikz, tree_svg, TreeOptions};
use brink_analysis::{run_design, DesignRun, DesignSpec, DistArg, Set, Vary};
use brink_crisis::{library, Method, Scenario};
use brink_game::progress::Quiet;
use brink_game::{Cancel, Game, Profile, ProfileKind, Watch};
use clap::ValueEnum;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

type Shared = State<Arc<AppState>>;
type Answer = Result<Json<Value>, ApiError>;

/// The last solution of each scenario the page solved, to start the next
/// solve of the same scenario from (a slider move changes one parameter).
#[derive(Default)]
pub struct WarmStarts(Mutex<HashMap<u64, Vec<Option<brink_crisis::solve::Start>>>>);

/// Scenarios remembered at most; past that the memory starts afresh.
const WARM_ENTRIES: usize = 256;

impl WarmStarts {
    fn get(&self, key: u64) -> Vec<Option<brink_crisis::solve::Start>> {
        self.0
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
            .unwrap_or_default()
    }

    fn put(&self, key: u64, start: Vec<Option<brink_crisis::solve::Start>>) {
        if let Ok(mut m) = self.0.lock() {
            if m.len() >= WARM_ENTRIES {
                m.clear();
            }
            m.insert(key, start);
        }
    }
}

/// Reads a JSON body: 413 past the size limit, 400 with the line and
/// column of malformed JSON or of a field of the wrong type.
fn body<T: DeserializeOwned>(raw: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = raw.map_err(|r| ApiError::new(r.status(), r.body_text()))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let mut err = ApiError::bad(format!("the request is not valid JSON for this call: {e}"));
        err.at = Some((e.line(), e.column()));
        err
    })
}

/// A scenario from a library name or from source text. Never a path: no
/// request reads the server's files (and `import` reads only the library).
fn scenario(name_or_source: Option<&str>) -> Result<Scenario, ApiError> {
    let text = name_or_source.unwrap_or(library::DEFAULT_MODEL);
    let looks_like_name =
        !text.trim().is_empty() && text.len() <= 100 && !text.trim().contains(char::is_whitespace);
    let parsed = if looks_like_name {
        Scenario::from_library(text.trim())
    } else {
        Scenario::parse("scenario", text)
    };
    parsed.map_err(|e| ApiError::crisis(&e))
}

fn crisis_method(m: Option<&str>) -> Result<Method, ApiError> {
    match m {
        None => Ok(Method::Auto),
        Some(m) => m.parse::<Method>().map_err(|_| {
            ApiError::bad(format!(
                "unknown method `{m}`: the methods are auto, pbe, spe"
            ))
        }),
    }
}

fn overrides(set: &BTreeMap<String, f64>) -> Vec<(String, f64)> {
    set.iter().map(|(k, v)| (k.clone(), *v)).collect()
}

/// The scenario with the request's overrides.
fn scenario_with(
    name_or_source: Option<&str>,
    set: &BTreeMap<String, f64>,
) -> Result<Scenario, ApiError> {
    scenario(name_or_source)?
        .with_overrides(&overrides(set))
        .map_err(|e| ApiError::crisis(&e))
}

/// 404 as JSON.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such page or call; the API is GET /api/models and POST /api/check, /api/run, /api/solve, /api/sweep, /api/montecarlo",
    )
}

/// `GET /api/models`: the library, with each model's source.
pub async fn models() -> Json<Value> {
    let list: Vec<Value> = library::MODELS
        .iter()
        .map(|(name, line, src)| json!({"name": name, "description": line, "source": src}))
        .collect();
    Json(json!({"default": library::DEFAULT_MODEL, "models": list}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    scenario: Option<String>,
}

/// `POST /api/check`: parses a scenario and lists its parameters and
/// levers (what the page needs for its sliders), or the error at its place.
pub async fn check(State(st): Shared, raw: Result<Bytes, BytesRejection>) -> Answer {
    let req: CheckRequest = body(raw)?;
    // Parsing is quick: the token is not looked at.
    st.pool
        .run(move |_| {
            let s = scenario(req.scenario.as_deref())?;
            let params = s.parameters().map_err(|e| ApiError::crisis(&e))?;
            let levers = s.levers().map_err(|e| ApiError::crisis(&e))?;
            Ok(Json(json!({
                "name": s.name,
                "title": s.title,
                "about": s.about,
                "parameters": params,
                "levers": levers,
            })))
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    scenario: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, f64>,
    method: Option<String>,
    /// Start from the last solution of this scenario (the page's sliders).
    #[serde(default)]
    warm: bool,
    /// Pictures to add under `views`: `text`, `tree`, `tikz`, `levers`.
    #[serde(default)]
    views: Vec<String>,
}

fn warm_key(source: &str, method: Method) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut h);
    format!("{method:?}").hash(&mut h);
    h.finish()
}

/// `POST /api/run`: the JSON of `brink run --format json`, and the views asked for.
pub async fn run(State(st): Shared, raw: Result<Bytes, BytesRejection>) -> Answer {
    let req: RunRequest = body(raw)?;
    for v in &req.views {
        if !["text", "tree", "tikz", "levers"].contains(&v.as_str()) {
            return Err(ApiError::bad(format!(
                "unknown view `{v}`: the views are text, tree, tikz, levers"
            )));
        }
    }
    let state = st.clone();
    st.pool
        .run(move |cancel| {
            let method = crisis_method(req.method.as_deref())?;
            let s = scenario_with(req.scenario.as_deref(), &req.set)?;
            // Refused before any solve: a 1 MiB body holds some 20,000 lever
            // declarations, each an equilibrium held until the answer is out.
            let levers = s.levers().map_err(|e| ApiError::crisis(&e))?.len();
            if levers > state.limits.max_levers {
                return Err(ApiError::refused(format!(
                    "the scenario declares {levers} levers, more than this server's limit of {}",
                    state.limits.max_levers
                )));
            }
            let key = warm_key(req.scenario.as_deref().unwrap_or(""), method);
            let starts = if req.warm {
                state.warm.get(key)
            } else {
                Vec::new()
            };
            let watch = Watch::new(&Quiet, cancel);
            let (report, next) = brink_crisis::run_scenario_watched(&s, method, &starts, &watch)
                .map_err(|e| ApiError::crisis(&e))?;
            let mut out = report.to_json();
            if !req.views.is_empty() {
                let mut views = json!({});
                let want = |v: &str| req.views.iter().any(|x| x == v);
                if want("text") {
                    views["text"] = json!(report.to_text_with(false));
                }
                if want("levers") && !report.levers.is_empty() {
                    views["levers"] = json!(brink_analysis::levers_svg(&report)
                        .map_err(|e| ApiError::refused(e.to_string()))?);
                }
                if want("tree") || want("tikz") {
                    let baseline = next.first().and_then(Option::as_ref);
                    let (game, profile) = crisis_tree(&s, baseline)?;
                    tree_views(&mut views, &game, profile, want("tree"), want("tikz"))?;
                }
                out["views"] = views;
            }
            if req.warm {
                state.warm.put(key, next);
            }
            Ok(Json(out))
        })
        .await
}

/// The scenario's tree and the equilibrium behaviour just found on it
/// (aggregated over types), as `brink tree` draws it; no second solve.
fn crisis_tree(
    s: &Scenario,
    solved: Option<&brink_crisis::solve::Start>,
) -> Result<(brink_game::ExtensiveGame, Option<Profile<f64>>), ApiError> {
    let cg = brink_crisis::compile(s).map_err(|e| ApiError::crisis(&e))?;
    if cg.continuous.is_some() {
        return Ok((cg.game, None));
    }
    let profile = solved.map(|st| Profile::behavior(&cg.game, st.behavior.clone()));
    Ok((cg.game, profile))
}

/// Adds the tree's SVG (identical subtrees and branches off the path
/// collapsed into boxes, as `brink tree` draws) and TikZ.
fn tree_views(
    views: &mut Value,
    game: &brink_game::ExtensiveGame,
    profile: Option<Profile<f64>>,
    svg: bool,
    tikz: bool,
) -> Result<(), ApiError> {
    let opts = TreeOptions {
        profile,
        ..TreeOptions::default()
    };
    if svg {
        let (picture, notes) =
            tree_svg(game, &opts).map_err(|e| ApiError::refused(e.to_string()))?;
        views["tree"] = json!(picture);
        views["tree_notes"] = json!(notes);
    }
    if tikz {
        let t = to_tikz(game, &opts).map_err(|e| ApiError::refused(e.to_string()))?;
        views["tikz"] = json!(t.document);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SolveRequest {
    game: String,
    method: String,
    #[serde(default)]
    float: bool,
    lcp_start: Option<String>,
    max_lambda: Option<f64>,
    max_regret: Option<f64>,
    lambda: Option<f64>,
    /// `tree` (an extensive game with each equilibrium drawn), `tikz`, `table` (a strategic game's payoffs).
    #[serde(default)]
    views: Vec<String>,
}

/// Equilibria drawn on the tree at most (a game may have many).
const MAX_DRAWN: usize = 20;

/// `POST /api/solve`: the JSON of `brink solve --format json` on a Gambit
/// game given as text.
pub async fn solve(State(st): Shared, raw: Result<Bytes, BytesRejection>) -> Answer {
    let req: SolveRequest = body(raw)?;
    let method = MethodArg::from_str(&req.method, true).map_err(|_| {
        ApiError::bad(format!(
            "unknown method `{}`: the methods are enumpure, spe, enummixed, lcp, lp, liap, enumpoly, simpdiv, ipa, gnm, logit, sequential",
            req.method
        ))
    })?;
    let lcp_start = match req.lcp_start.as_deref() {
        None => None,
        Some(s) => Some(LcpStartArg::from_str(s, true).map_err(|_| {
            ApiError::bad(format!("unknown lcp_start `{s}`: auto, gambit or prior"))
        })?),
    };
    for v in &req.views {
        if !["tree", "tikz", "table"].contains(&v.as_str()) {
            return Err(ApiError::bad(format!(
                "unknown view `{v}`: the views are tree, tikz, table"
            )));
        }
    }
    let max_nodes = st.limits.max_nodes;
    st.pool
        .run(move |cancel| {
            let file =
                brink_gambit::read_any(&req.game, "game").map_err(|e| ApiError::gambit(&e))?;
            // An action-graph game is refused on its profile count before its
            // strategic form is built: a few lines can describe millions.
            if let brink_gambit::GameFile::ActionGraph(g) = &file {
                let profiles = g.num_profiles();
                if profiles > max_nodes as u128 {
                    return Err(ApiError::refused(format!(
                        "the action-graph game has {profiles} pure profiles, more than this server's limit of {max_nodes} payoff cells"
                    )));
                }
            }
            let game = file
                .into_game("game", max_nodes as u128)
                .map_err(|e| ApiError::gambit(&e))?;
            let size = match &game {
                Game::Extensive(g) => g.num_nodes(),
                Game::Strategic(g) => g.num_cells(),
            };
            if size > max_nodes {
                return Err(ApiError::refused(format!(
                    "the game has {size} {}, more than this server's limit of {max_nodes}",
                    if matches!(game, Game::Extensive(_)) {
                        "nodes"
                    } else {
                        "payoff cells"
                    }
                )));
            }
            let o = SolveOptions {
                method,
                float: req.float,
                lcp_start,
                max_lambda: req.max_lambda,
                max_regret: req.max_regret,
                lambda: req.lambda,
                refine: None,
            };
            let solved = solve_game(&game, &o, cancel).map_err(|e| ApiError::other(&e))?;
            let mut out =
                solved_json(&game, &o.method_name(), &solved).map_err(|e| ApiError::other(&e))?;
            if !req.views.is_empty() {
                let want = |v: &str| req.views.iter().any(|x| x == v);
                let mut views = json!({});
                match &game {
                    Game::Extensive(g) => {
                        if want("tree") || want("tikz") {
                            tree_views(&mut views, g, None, want("tree"), want("tikz"))?;
                            let drawn: Vec<Value> = solved
                                .solutions()
                                .iter()
                                .take(MAX_DRAWN)
                                .map(|s| {
                                    let p = s.profile_f64();
                                    if p.kind != ProfileKind::Behavior {
                                        return Ok(Value::Null);
                                    }
                                    let mut v = json!({});
                                    tree_views(&mut v, g, Some(p), want("tree"), false)?;
                                    Ok(v["tree"].take())
                                })
                                .collect::<Result<_, ApiError>>()?;
                            views["equilibrium_trees"] = json!(drawn);
                        }
                    }
                    Game::Strategic(g) => {
                        if want("table") {
                            views["table"] = payoff_table(g);
                        }
                    }
                }
                out["views"] = views;
            }
            Ok(Json(out))
        })
        .await
}

/// A strategic game's payoffs for the page's table: cells in Gambit's
/// order (first player's strategy fastest).
fn payoff_table(g: &brink_game::StrategicGame) -> Value {
    let cells: Vec<Value> = g
        .cells
        .iter()
        .map(|c| match c {
            Some(o) => json!(g.outcomes[*o as usize]
                .payoffs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()),
            None => json!(vec!["0"; g.num_players()]),
        })
        .collect();
    json!({"players": g.players, "strategies": g.strategies, "cells": cells})
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepRequest {
    scenario: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, f64>,
    method: Option<String>,
    vary: Vec<Vary>,
}

/// `POST /api/sweep`: the JSON of `brink sweep --format json`.
pub async fn sweep(State(st): Shared, raw: Result<Bytes, BytesRejection>) -> Answer {
    let req: SweepRequest = body(raw)?;
    if req.vary.iter().any(|v| v.steps == 0) {
        return Err(ApiError::bad("each `vary` needs at least 1 step"));
    }
    let points = req
        .vary
        .iter()
        .try_fold(1usize, |n, v| n.checked_mul(v.steps))
        .unwrap_or(usize::MAX);
    if points > st.limits.max_points {
        return Err(ApiError::refused(format!(
            "{points} points: this server sweeps at most {} per request",
            st.limits.max_points
        )));
    }
    st.pool
        .run(move |cancel| {
            let spec = DesignSpec::sweep(req.vary, sets(req.set));
            design_json(
                req.scenario.as_deref(),
                req.method.as_deref(),
                &spec,
                cancel,
            )
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MonteCarloRequest {
    scenario: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, f64>,
    method: Option<String>,
    #[serde(default = "default_draws")]
    draws: usize,
    #[serde(default = "default_seed")]
    seed: u64,
    /// `name=normal(m,s)`, as `--dist` takes them.
    #[serde(default)]
    dist: Vec<String>,
}

fn default_draws() -> usize {
    200
}

fn default_seed() -> u64 {
    1
}

/// `POST /api/montecarlo`: the JSON of `brink montecarlo --format json`.
pub async fn montecarlo(State(st): Shared, raw: Result<Bytes, BytesRejection>) -> Answer {
    let req: MonteCarloRequest = body(raw)?;
    if req.draws == 0 || req.draws > st.limits.max_draws {
        return Err(ApiError::refused(format!(
            "{} draws: this server runs 1 to {} per request",
            req.draws, st.limits.max_draws
        )));
    }
    let dists = req
        .dist
        .iter()
        .map(|d| {
            d.parse::<DistArg>()
                .map_err(|e| ApiError::bad(e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    st.pool
        .run(move |cancel| {
            let spec = DesignSpec::montecarlo(req.draws, req.seed, dists, sets(req.set));
            design_json(
                req.scenario.as_deref(),
                req.method.as_deref(),
                &spec,
                cancel,
            )
        })
        .await
}

fn sets(set: BTreeMap<String, f64>) -> Vec<Set> {
    set.into_iter()
        .map(|(name, value)| Set { name, value })
        .collect()
}

/// A sweep or Monte Carlo run of a scenario (a library name or source, the
/// founding crisis when absent) as `brink sweep`/`brink montecarlo --format
/// json` print it; `cancel` stops it between points and within a point's solve.
fn design_json(
    name_or_source: Option<&str>,
    method: Option<&str>,
    spec: &DesignSpec,
    cancel: &Cancel,
) -> Answer {
    let model = CrisisModel {
        scenario: scenario(name_or_source)?,
        method: crisis_method(method)?,
    };
    let run: DesignRun = run_design(&model, spec, &Watch::new(&Quiet, cancel))
        .map_err(|e| ApiError::bad(e.to_string()))?;
    serde_json::to_value(&run)
        .map(Json)
        .map_err(|e| ApiError::refused(e.to_string()))
}
