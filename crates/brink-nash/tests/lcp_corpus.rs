//! `lcp` and `lp` against pygambit 16.7 on the corpus: fixtures written by
//! `scripts/nash_lcp_fixtures.py` into `testdata/fixtures/lcp/`.

use brink_game::number::parse_rational;
use brink_game::profile::{profile_from_flat, profile_len};
use brink_game::{regret, Game, Rational, Solution};
use brink_nash::lcp::{lcp, lcp_with, LcpOptions};
use brink_nash::lp::lp;
use num_traits::Zero;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");

/// The fixtures with the given extension, each with its game.
fn fixtures(ext: &str) -> Vec<(PathBuf, Game, Vec<String>)> {
    let dir = Path::new(ROOT).join("fixtures/lcp");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixture directory") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(&format!(".{ext}")) else {
            continue;
        };
        let game_path = Path::new(ROOT).join("gambit").join(stem.replace("__", "/"));
        if !game_path.exists() {
            continue; // the poker games, tested in poker.rs
        }
        let game = brink_gambit::read_game_file(&game_path).expect("corpus game parses");
        let rows = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        out.push((game_path, game, rows));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn parse_row(row: &str) -> Vec<Rational> {
    row.split(',')
        .skip(1)
        .map(|v| parse_rational(v).expect("a rational"))
        .collect()
}

/// pygambit lists a player's information sets in the order they first appear
/// in the file (a preorder of the tree), not by their number; this is the
/// position of each of our values in its list.
fn pygambit_positions(game: &Game) -> Vec<usize> {
    let Game::Extensive(g) = game else {
        return (0..profile_len(game)).collect();
    };
    let mut seen = vec![usize::MAX; g.num_nodes()];
    for (k, n) in g.preorder().into_iter().enumerate() {
        seen[n.index()] = k;
    }
    // Offsets of each information set's values in pygambit's list.
    let mut offset = vec![0; g.infosets().len()];
    let mut next = 0;
    for p in 0..g.num_players() {
        let mut sets = g.player_infosets(p).to_vec();
        sets.sort_by_key(|&i| g.infoset(i).members.iter().map(|m| seen[m.index()]).min());
        for i in sets {
            offset[i.index()] = next;
            next += g.infoset(i).actions.len();
        }
    }
    (0..g.num_players())
        .flat_map(|p| g.player_infosets(p).iter().copied())
        .flat_map(|i| (0..g.infoset(i).actions.len()).map(move |a| (i, a)))
        .map(|(i, a)| offset[i.index()] + a)
        .collect()
}

/// A pygambit row in our order.
fn reorder(game: &Game, row: &str) -> Vec<Rational> {
    let theirs = parse_row(row);
    pygambit_positions(game)
        .into_iter()
        .map(|k| theirs[k].clone())
        .collect()
}

/// The largest payoff in absolute value, for relative tolerances.
fn payoff_scale(game: &Game) -> f64 {
    let outcomes = match game {
        Game::Extensive(g) => g.outcomes(),
        Game::Strategic(g) => &g.outcomes[..],
    };
    outcomes
        .iter()
        .flat_map(|o| o.payoffs_f64.iter())
        .fold(1.0, |m, v| m.max(v.abs()))
}

fn exact(solutions: &[Solution]) -> (&brink_game::Profile<Rational>, &Rational) {
    match &solutions[0] {
        Solution::Exact { profile, regret } => (profile, regret),
        Solution::Float { .. } => panic!("exact mode returned a float profile"),
    }
}

#[test]
fn lcp_matches_pygambit_or_both_are_equilibria() {
    let cases = fixtures("lcp");
    assert!(cases.len() > 100, "only {} lcp fixtures", cases.len());
    let (mut same, mut differ) = (0, Vec::new());
    for (path, game, rows) in &cases {
        let solutions = lcp(game, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (_, r) = exact(&solutions);
        assert!(r.is_zero(), "{}: regret {r}", path.display());
        let ours = solutions[0].gambit_row(game);
        let Some(first) = rows.iter().find(|r| r.starts_with("NE,")) else {
            continue;
        };
        let theirs = reorder(game, first);
        if parse_row(&ours) == theirs {
            same += 1;
            continue;
        }
        // A different path: pygambit's answer must still be an equilibrium by our check.
        let theirs = profile_from_flat(game, &theirs).expect("fixture has the game's shape");
        let r = regret::max_regret(game, &theirs);
        assert!(
            r.is_zero(),
            "{}: pygambit's profile has regret {r} by our check",
            path.display()
        );
        differ.push(path.display().to_string());
    }
    eprintln!(
        "lcp: {same} equal to pygambit's first equilibrium, {} differ: {differ:#?}",
        differ.len()
    );
    // We start where Gambit starts, with its covering vector and its
    // tie-breaking, so every path is Gambit's path.
    assert!(
        differ.is_empty(),
        "paths differ from pygambit's: {differ:?}"
    );
}

/// On strategic games pygambit's `lcp_solve` lists every equilibrium its
/// Lemke–Howson paths reach (from the artificial basis, then from each
/// equilibrium found); ours follows the same paths in the same order, so the
/// lists are equal, row for row.
#[test]
fn lcp_lists_every_equilibrium_pygambit_lists_in_its_order() {
    let cases: Vec<_> = fixtures("lcp")
        .into_iter()
        .filter(|(_, g, _)| matches!(g, Game::Strategic(_)))
        .collect();
    assert!(
        cases.len() > 30,
        "only {} strategic lcp fixtures",
        cases.len()
    );
    let mut total = 0;
    for (path, game, rows) in &cases {
        let solutions = lcp(game, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ours: Vec<Vec<Rational>> = solutions
            .iter()
            .map(|s| parse_row(&s.gambit_row(game)))
            .collect();
        let theirs: Vec<Vec<Rational>> = rows
            .iter()
            .filter(|r| r.starts_with("NE,"))
            .map(|r| parse_row(r))
            .collect();
        assert_eq!(ours, theirs, "{}", path.display());
        total += ours.len();
        // Stopping after k gives the first k.
        let options = LcpOptions {
            stop_after: Some(1),
            ..LcpOptions::default()
        };
        let first = lcp_with(game, false, &options).unwrap();
        assert_eq!(first.len(), 1, "{}", path.display());
        assert_eq!(parse_row(&first[0].gambit_row(game)), ours[0]);
        // Floating point rounds the same list.
        let float = lcp(game, true).unwrap();
        assert_eq!(float.len(), ours.len(), "{}: float", path.display());
    }
    eprintln!(
        "lcp: {} strategic games, {total} equilibria, all as pygambit lists them",
        cases.len()
    );
}

#[test]
fn lcp_float_mode_finds_equilibria() {
    for (path, game, _) in fixtures("lcp") {
        let solutions = lcp(&game, true).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Floating point is relative to the payoffs (one corpus game has 1e19).
        let r = solutions[0].regret_f64() / payoff_scale(&game);
        assert!(
            r < 1e-9,
            "{}: float regret {r} relative to the payoffs",
            path.display()
        );
    }
}

#[test]
fn lp_value_matches_pygambit_exactly() {
    let cases = fixtures("lp");
    assert!(cases.len() > 5, "only {} lp fixtures", cases.len());
    for (path, game, rows) in &cases {
        let solutions = lp(game, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (profile, r) = exact(&solutions);
        assert!(r.is_zero(), "{}: regret {r}", path.display());
        let value_row = rows
            .iter()
            .find(|r| r.starts_with("V,"))
            .expect("a value row");
        let expected = parse_rational(&value_row[2..]).unwrap();
        let ours = match game {
            Game::Extensive(g) => regret::behavior_payoffs(g, &profile.probs)[0].clone(),
            Game::Strategic(g) => {
                let values = regret::strategy_values(g, &profile.probs);
                values[0]
                    .iter()
                    .zip(&profile.probs[0])
                    .map(|(v, p)| v * p)
                    .sum()
            }
        };
        assert_eq!(ours, expected, "{}", path.display());
        let float = lp(game, true).unwrap();
        assert!(
            float[0].regret_f64() / payoff_scale(game) < 1e-9,
            "{}: float regret",
            path.display()
        );
    }
}

#[test]
fn imperfect_recall_is_refused_naming_the_information_set() {
    let path = Path::new(ROOT).join("gambit/catalog/journals/geb/wichardt2008.efg");
    let game = brink_gambit::read_game_file(&path).unwrap();
    for err in [
        lcp(&game, false).unwrap_err(),
        lp(&game, false).unwrap_err(),
    ] {
        let text = err.to_string();
        assert!(
            text.contains("imperfect recall") && text.contains("information set"),
            "{text}"
        );
    }
}

#[test]
fn lp_refuses_general_sum_and_lcp_refuses_three_players() {
    let general = Path::new(ROOT).join("gambit/contrib/games/bayes2a.efg");
    let game = brink_gambit::read_game_file(&general).unwrap();
    let err = lp(&game, false).unwrap_err().to_string();
    assert!(err.contains("constant-sum") && err.contains("lcp"), "{err}");
    let three = Path::new(ROOT).join("gambit/contrib/games/2x2x2.nfg");
    let game = brink_gambit::read_game_file(&three).unwrap();
    let err = lcp(&game, false).unwrap_err().to_string();
    assert!(
        err.contains("two players") && err.contains("logit or enumpure"),
        "{err}"
    );
}

/// A cancelled token stops Lemke's path on a sequence form with
/// `SolveError::Cancelled`, and the pivots are reported to the observer.
#[test]
fn lemke_on_a_tree_reports_pivots_and_stops_when_cancelled() {
    use brink_game::progress::{Cancel, Watch};
    use brink_game::SolveError;
    use brink_nash::lcp::{lcp_watched, LcpOptions};
    let game = brink_gambit::read_game_file(
        &Path::new(ROOT).join("gambit/catalog/journals/geb/bagwell1995.efg"),
    )
    .expect("corpus game parses");
    let cancel = Cancel::new();
    let quiet = |_: &str, _: u64, _: Option<u64>| {};
    let watch = Watch::new(&quiet, &cancel);
    let solved = lcp_watched(&game, false, &LcpOptions::default(), &watch).unwrap();
    assert_eq!(solved.len(), 1);
    cancel.cancel();
    let err = lcp_watched(&game, false, &LcpOptions::default(), &watch).unwrap_err();
    assert!(matches!(err, SolveError::Cancelled), "{err}");
}
