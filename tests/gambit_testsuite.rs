//! Gambit 16.7.0's own `tests/test_nash.py`, replayed against brink.
//!
//! `scripts/nash_testsuite_fixtures.py` ran every case of that file with
//! pygambit 16.7.0 (the game its factory builds, the solver with its
//! arguments) and wrote the answers to `testdata/fixtures/testsuite/`, one
//! file per case. Here each case whose method brink shares is solved by the
//! same method on the same game (strategy solvers on a tree: its reduced
//! strategic form, as pygambit does), and:
//!
//! * every profile of ours is certified: regret exactly 0 in exact
//!   arithmetic, at most `1e-6` of the payoff range in floating point (logit:
//!   its own bound, `1e-8`);
//! * our set of profiles is pygambit's (exactly where both answer in
//!   fractions, else each matched within the method's tolerance; both ways,
//!   but with `stop_after` pygambit's first ones need only be among ours), or
//!   else the case is listed in `differences.tsv` with the
//!   kind of difference measured here and the reason, never skipped. The kind
//!   `off-path` means the profiles agree on every terminal node's probability
//!   and differ only where play does not reach; `other` is another set.
//!
//! Where we differ, pygambit's answers are checked to be equilibria by our
//! regret, so that each listed difference is a selection, not an error.
//!
//! The action-graph games of the suite (`.agg`, and the Bayesian `.bagg` of
//! `test_enumpure_11` and `test_logit_strategy_2`) are read from Gambit's own
//! files and solved on their strategic form, except `enumpure`, which runs
//! from the graph as `brink solve` does (and is checked here to list the
//! strategic form's equilibria in the same order).
//!
//! Cases of methods brink does not have say so in their fixture (`status not
//! shared: ...`) and are counted.

use brink_gambit::GameFile;
use brink_game::action_graph::ActionGraphGame;
use brink_game::number::parse_rational;
use brink_game::profile::profile_from_flat;
use brink_game::reduced::{reduced_strategic_form, DEFAULT_MAX_CELLS};
use brink_game::regret::{max_regret, reach};
use brink_game::{Field, Game, NodeId, Rational, Solution};
use brink_nash::lcp::{lcp_with, LcpOptions};
use brink_nash::Method;
use brink_qre::{payoff_range, LogitOptions};
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/fixtures/testsuite");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/gambit");

struct Case {
    id: String,
    method: String,
    game: String,
    strategy: bool,
    rational: bool,
    options: BTreeMap<String, String>,
    status: String,
    rows: Vec<Vec<f64>>,
    /// The rows as fractions, where pygambit answered exactly.
    exact: Vec<Vec<Rational>>,
}

fn parse_number(x: &str) -> f64 {
    match x.split_once('/') {
        Some((a, b)) => a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap(),
        None => x.parse().unwrap_or_else(|_| panic!("bad number {x}")),
    }
}

fn read_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let mut c = Case {
        id: String::new(),
        method: String::new(),
        game: String::new(),
        strategy: true,
        rational: false,
        options: BTreeMap::new(),
        status: String::new(),
        rows: Vec::new(),
        exact: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (key, value) = line.split_once([' ', ',']).unwrap_or((line, ""));
        match key {
            "case" => c.id = value.into(),
            "method" => c.method = value.into(),
            "game" => c.game = value.into(),
            "form" => c.strategy = value == "strategy",
            "rational" => c.rational = value == "true",
            "option" => {
                let (k, v) = value.split_once('=').expect("key=value");
                c.options.insert(k.into(), v.into());
            }
            "status" => c.status = value.into(),
            // A game where no player moves has empty rows.
            "NE" | "QRE" => {
                let fields: Vec<&str> = value.split(',').filter(|x| !x.is_empty()).collect();
                c.rows
                    .push(fields.iter().map(|x| parse_number(x)).collect());
                if c.rational {
                    let exact = fields
                        .iter()
                        .map(|x| parse_rational(x).expect("a fraction"));
                    c.exact.push(exact.collect());
                }
            }
            _ => panic!("{}: unknown line {line}", path.display()),
        }
    }
    c
}

/// The case's game as the solvers take it, and the action graph where the
/// file is one (`.agg`, `.bagg`).
fn game_of(case: &Case) -> (Game, Option<ActionGraphGame>) {
    let path = match case.game.strip_prefix("games/") {
        Some(file) => Path::new(FIXTURES).join("games").join(file),
        None => Path::new(CORPUS).join(&case.game),
    };
    let file = brink_gambit::read_any_file(&path).unwrap_or_else(|e| panic!("{}: {e}", case.id));
    let (game, graph) = match file {
        GameFile::Gambit(g) => (g, None),
        GameFile::ActionGraph(agg) => {
            let table = agg
                .to_strategic(brink_gambit::MAX_AGG_PROFILES)
                .unwrap_or_else(|e| panic!("{}: {e}", case.id));
            (Game::Strategic(table), Some(agg))
        }
    };
    let game = match game {
        Game::Extensive(g) if case.strategy => Game::Strategic(
            reduced_strategic_form(&g, DEFAULT_MAX_CELLS)
                .expect("reduced form")
                .game,
        ),
        g => g,
    };
    (game, graph)
}

/// `enumpure` from the action graph, as `brink solve` runs it on an `.agg`
/// or `.bagg`; it must list what enumpure on the strategic form lists, in
/// the same order, so that the replay below covers both.
fn enumpure_graph(case: &Case, game: &Game, graph: &ActionGraphGame) -> Vec<Solution> {
    let native = brink_nash::enumpure::enumpure_agg(graph).expect("enumpure from the graph");
    let table = brink_nash::solve(game, Method::EnumPure, false).expect("enumpure");
    let rows = |v: &[Solution]| v.iter().map(|s| s.values(game)).collect::<Vec<_>>();
    assert_eq!(
        rows(&native),
        rows(&table),
        "{}: graph and table differ",
        case.id
    );
    native
}

/// Our answer: the profiles in Gambit's order (and as fractions where all are
/// exact), after checking each one's regret.
type Answer = (Vec<Vec<f64>>, Option<Vec<Vec<Rational>>>);

fn solve(case: &Case, game: &Game, graph: Option<&ActionGraphGame>) -> Result<Answer, String> {
    let float = !case.rational;
    let nash = |m| brink_nash::solve(game, m, float).map_err(|e| e.to_string());
    let solutions: Vec<Solution> = match (case.method.as_str(), graph) {
        ("enumpure", Some(graph)) => enumpure_graph(case, game, graph),
        (m, _) => match m {
            "enumpure" => nash(Method::EnumPure)?,
            "enummixed" => nash(Method::EnumMixed)?,
            "enumpoly" => nash(Method::EnumPoly)?,
            "lp" => nash(Method::Lp)?,
            "lcp" => lcp_with(game, float, &LcpOptions::default()).map_err(|e| e.to_string())?,
            "liap" | "liap_agent" => nash(Method::Liap)?,
            "simpdiv" => nash(Method::Simpdiv)?,
            "logit" => vec![
                brink_qre::logit(game, &LogitOptions::default())
                    .map_err(|e| e.to_string())?
                    .solution,
            ],
            "logit_branch" | "logit_lambda" => return qre_points(case, game),
            m => panic!("{}: no replay for method {m}", case.id),
        },
    };
    let range = payoff_range(game);
    for s in &solutions {
        match s {
            Solution::Exact { regret, .. } => {
                assert!(regret.is_zero_value(), "{}: regret {regret}", case.id)
            }
            Solution::Float { regret, .. } => {
                let bound = if case.method == "logit" { 1e-8 } else { 1e-6 } * range;
                assert!(
                    *regret <= bound,
                    "{}: regret {regret} above {bound}",
                    case.id
                );
            }
        }
    }
    let floats = solutions
        .iter()
        .map(|s| s.values(game).iter().map(|x| parse_number(x)).collect())
        .collect();
    let exact = solutions
        .iter()
        .map(|s| match s {
            Solution::Exact { .. } => Some(
                s.values(game)
                    .iter()
                    .map(|x| parse_rational(x).expect("a fraction"))
                    .collect(),
            ),
            Solution::Float { .. } => None,
        })
        .collect::<Option<Vec<Vec<Rational>>>>();
    Ok((floats, exact))
}

/// logit_solve_branch / logit_solve_lambda: `(lambda, profile...)` rows.
fn qre_points(case: &Case, game: &Game) -> Result<Answer, String> {
    let opt = |k: &str, d: f64| case.options.get(k).map_or(d, |v| v.parse().unwrap());
    let opts = LogitOptions {
        first_step: opt("first_step", LogitOptions::default().first_step),
        max_accel: opt("max_accel", LogitOptions::default().max_accel),
        record_path: true,
        ..Default::default()
    };
    let flat = |p: &brink_game::Profile<f64>| -> Vec<f64> { p.probs.concat() };
    let mut out = Vec::new();
    for row in &case.rows {
        let lambda = row[0];
        // The branch's point at the row's lambda (0 is where it starts).
        let r = brink_qre::qre_at_with(game, lambda, &opts).map_err(|e| e.to_string())?;
        let mut v = vec![r.lambda];
        v.extend(flat(&r.solution.profile_f64()));
        out.push(v);
    }
    Ok((out, None))
}

/// How close two profiles must be to count as one.
fn tolerance(case: &Case) -> f64 {
    match case.method.as_str() {
        // test_nash.py's own TOL_LARGE for methods that stop near an
        // equilibrium (logit's limit, liap's minimum, simpdiv's grid).
        "logit" | "liap" | "liap_agent" | "simpdiv" => 1e-3,
        // pygambit's corrector stops at 1e-4 in log-probabilities.
        "logit_branch" | "logit_lambda" => 1e-4,
        _ => 1e-9,
    }
}

fn max_gap(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// Terminal-node probabilities of a behavior profile given in Gambit's order.
fn outcome(game: &Game, row: &[f64]) -> Vec<f64> {
    let Game::Extensive(g) = game else {
        return row.to_vec();
    };
    let p = profile_from_flat(game, row).expect("a profile of the game's length");
    let r = reach(g, &p.probs, None);
    (0..g.num_nodes())
        .filter(|&n| g.is_terminal(NodeId(n as u32)))
        .map(|n| r[n])
        .collect()
}

/// Whether `ours` is pygambit's set: each of theirs among ours, and (unless
/// pygambit was told to stop early) each of ours among theirs.
fn same_set(theirs: &[Vec<f64>], ours: &[Vec<f64>], tol: f64, stopped_early: bool) -> bool {
    let within =
        |a: &[Vec<f64>], b: &[Vec<f64>]| a.iter().all(|x| b.iter().any(|y| max_gap(x, y) <= tol));
    within(theirs, ours) && (stopped_early || within(ours, theirs))
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Agree,
    OffPath,
    Other,
    Error(String),
}

/// Where we differ, pygambit's answers must be equilibria too (by our regret,
/// within test_nash.py's own `regret_tol` for the methods that stop near
/// one), so that the difference is a selection, not a mistake on either side.
fn check_theirs(case: &Case, game: &Game) {
    let bound = match case.method.as_str() {
        "logit" | "liap" | "liap_agent" | "simpdiv" => 1e-3,
        _ => 1e-9,
    } * payoff_range(game);
    for row in &case.rows {
        let p = profile_from_flat(game, row).expect("a profile of the game's length");
        let r = max_regret(game, &p);
        assert!(r <= bound, "{}: pygambit's {row:?} has regret {r}", case.id);
    }
}

fn verdict(case: &Case, game: &Game, graph: Option<&ActionGraphGame>) -> Verdict {
    if !matches!(case.method.as_str(), "logit_branch" | "logit_lambda") {
        check_theirs(case, game);
    }
    let (ours, exact) = match solve(case, game, graph) {
        Ok(o) => o,
        Err(e) => return Verdict::Error(e),
    };
    let tol = tolerance(case);
    let early = case
        .options
        .get("stop_after")
        .is_some_and(|v| v != "None" && v != "0");
    // Exact answers are compared exactly (simpdiv's are exact points of its
    // grid, ours a point polished in floating point).
    if case.rational && case.method != "simpdiv" {
        let ours = exact.unwrap_or_else(|| panic!("{}: an exact case, a float answer", case.id));
        let within = |a: &[Vec<Rational>], b: &[Vec<Rational>]| a.iter().all(|x| b.contains(x));
        if within(&case.exact, &ours) && (early || within(&ours, &case.exact)) {
            return Verdict::Agree;
        }
    } else if same_set(&case.rows, &ours, tol, early) {
        return Verdict::Agree;
    }
    if std::env::var("TESTSUITE_DEBUG").is_ok() {
        eprintln!("{}: pygambit {:?}\n ours {ours:?}", case.id, case.rows);
    }
    if !case.strategy && matches!(game, Game::Extensive(_)) {
        let theirs: Vec<_> = case.rows.iter().map(|r| outcome(game, r)).collect();
        let ours: Vec<_> = ours.iter().map(|r| outcome(game, r)).collect();
        if same_set(&theirs, &ours, tol, early) {
            return Verdict::OffPath;
        }
    }
    Verdict::Other
}

/// `differences.tsv`: case, kind (`off-path`, `other`, `error`), reason.
fn listed_differences() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join("differences.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            let id = f.next().unwrap().to_string();
            let kind = f.next().expect("a kind").to_string();
            let reason = f.next().expect("a reason").to_string();
            assert!(reason.len() > 20, "{id}: say why");
            (id, (kind, reason))
        })
        .collect()
}

#[test]
fn gambit_test_nash_py_replayed() {
    let mut files: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let listed = listed_differences();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut seen = Vec::new();
    for file in &files {
        let case = read_case(file);
        *counts.entry("cases").or_default() += 1;
        if case.status.starts_with("not shared") {
            *counts.entry("not shared").or_default() += 1;
            continue;
        }
        assert_eq!(case.status, "replay", "{}", case.id);
        let (game, graph) = game_of(&case);
        if graph.is_some() {
            *counts.entry("replayed on .agg/.bagg").or_default() += 1;
        }
        let v = verdict(&case, &game, graph.as_ref());
        let kind = match &v {
            Verdict::Agree => {
                *counts.entry("agree").or_default() += 1;
                assert!(
                    !listed.contains_key(&case.id),
                    "{}: agrees now, drop it from differences.tsv",
                    case.id
                );
                continue;
            }
            Verdict::OffPath => "off-path",
            Verdict::Other => "other",
            Verdict::Error(_) => "error",
        };
        seen.push(case.id.clone());
        match listed.get(&case.id) {
            Some((k, _)) if k == kind => {
                *counts.entry("differ, with a reason").or_default() += 1;
            }
            _ => unexplained.push(format!("{}\t{kind}\t{v:?}", case.id)),
        }
    }
    eprintln!("test_nash.py replayed: {counts:?}");
    assert!(
        unexplained.is_empty(),
        "differences not listed (or of another kind) in differences.tsv:\n{}",
        unexplained.join("\n")
    );
    for id in listed.keys() {
        assert!(
            seen.contains(id),
            "{id}: listed in differences.tsv, not a difference"
        );
    }
    assert!(counts["cases"] >= 170, "{counts:?}: fixtures missing?");
    assert!(counts["agree"] >= 138, "{counts:?}");
    // 2x2.agg and 2x2_small_payoffs.agg (five cases), Bayesian-Coffee .bagg (two).
    assert_eq!(counts["replayed on .agg/.bagg"], 7, "{counts:?}");
}
