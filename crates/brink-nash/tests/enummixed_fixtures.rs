//! `enumpure`, `enummixed` and the reduced strategic form against pygambit 16.7.
//!
//! The fixtures under `testdata/fixtures/enum/` were written by
//! `scripts/nash_enum_fixtures.py` (pygambit's `enumpure_solve` and
//! `enummixed_solve(rational=True)`) for the Gambit corpus and for seeded
//! random games; here every one of them is compared exactly, as a set.

use brink_game::number::parse_rational;
use brink_game::reduced::{gambit_infoset_order, reduced_strategic_form, DEFAULT_MAX_CELLS};
use brink_game::{Game, Profile, Rational, Solution};
use brink_nash::{enummixed, enumpure};
use num_traits::{One, Zero};
use std::path::{Path, PathBuf};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/fixtures/enum");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit");

struct Fixture {
    name: String,
    game: Game,
    labels: Vec<Vec<String>>,
    mixed: Vec<Vec<Rational>>,
    behavior: Vec<Vec<Rational>>,
}

fn row(line: &str) -> Vec<Rational> {
    line.split(',')
        .skip(1)
        .map(|x| parse_rational(x).unwrap_or_else(|| panic!("bad number {x}")))
        .collect()
}

fn game_path(name: &str) -> PathBuf {
    match name.strip_prefix("random__") {
        Some(file) => Path::new(FIXTURES).join("random").join(file),
        None => Path::new(CORPUS).join(name.replace("__", "/")),
    }
}

fn fixtures(method: &str) -> Vec<Fixture> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == method))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            let game = brink_gambit::read_game_file(&game_path(&name))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut f = Fixture {
                name,
                game,
                labels: Vec::new(),
                mixed: Vec::new(),
                behavior: Vec::new(),
            };
            for line in text.lines() {
                match line.split(',').next() {
                    Some("S") => f
                        .labels
                        .push(line.split(',').skip(2).map(str::to_string).collect()),
                    Some("NE") => f.mixed.push(row(line)),
                    Some("BE") => f.behavior.push(row(line)),
                    _ => {}
                }
            }
            f
        })
        .collect()
}

fn flat(p: &Profile<Rational>) -> Vec<Rational> {
    p.probs.iter().flatten().cloned().collect()
}

/// Rows as a set: sorted, duplicates dropped (Gambit's enummixed lists an
/// equilibrium once per basis of a degenerate vertex).
fn sorted(mut rows: Vec<Vec<Rational>>) -> Vec<Vec<Rational>> {
    rows.sort();
    rows.dedup();
    rows
}

fn assert_exact_equilibrium(name: &str, s: &Solution) {
    match s {
        Solution::Exact { regret, .. } => assert!(regret.is_zero(), "{name}: regret {regret}"),
        Solution::Float { .. } => panic!("{name}: exact mode gave a float solution"),
    }
}

/// Probabilities of a solution in Gambit's order.
fn gambit_values(game: &Game, s: &Solution) -> Vec<Rational> {
    row(&s.gambit_row(game))
}

#[test]
fn enumpure_matches_pygambit() {
    let all = fixtures("enumpure");
    assert!(all.len() >= 150, "only {} enumpure fixtures", all.len());
    for f in &all {
        let ours = enumpure::enumpure(&f.game).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        for s in &ours {
            assert_exact_equilibrium(&f.name, s);
        }
        match &f.game {
            Game::Strategic(_) => {
                let rows: Vec<_> = ours.iter().map(|s| gambit_values(&f.game, s)).collect();
                assert_eq!(sorted(rows), sorted(f.mixed.clone()), "{}", f.name);
            }
            Game::Extensive(g) => {
                let reduced = reduced_strategic_form(g, DEFAULT_MAX_CELLS).unwrap();
                assert_eq!(
                    reduced.game.strategies, f.labels,
                    "{}: reduced strategies",
                    f.name
                );
                // Equilibria on the reduced form, in the order enumpure returns them.
                let cells = enumpure::pure_equilibria(&reduced.game);
                let rows: Vec<Vec<Rational>> = cells
                    .iter()
                    .map(|&c| {
                        let pure = reduced.game.cell_profile(c);
                        reduced
                            .game
                            .strategies
                            .iter()
                            .zip(&pure)
                            .flat_map(|(s, &k)| {
                                (0..s.len()).map(move |t| {
                                    if t == k {
                                        Rational::one()
                                    } else {
                                        Rational::zero()
                                    }
                                })
                            })
                            .collect()
                    })
                    .collect();
                assert_eq!(sorted(rows.clone()), sorted(f.mixed.clone()), "{}", f.name);
                assert_eq!(ours.len(), rows.len(), "{}", f.name);
                // Behavior: equal to Gambit's everywhere, all zeros included at
                // sets the player's own moves exclude.
                for (s, mixed) in ours.iter().zip(&rows) {
                    let k = f.mixed.iter().position(|m| m == mixed).unwrap();
                    let theirs = &f.behavior[k];
                    let profile = match s {
                        Solution::Exact { profile, .. } => profile,
                        Solution::Float { .. } => unreachable!(),
                    };
                    let mut at = 0;
                    for p in 0..g.num_players() {
                        for pos in gambit_infoset_order(g, p) {
                            let i = g.player_infosets(p)[pos];
                            let n = g.infoset(i).actions.len();
                            let (a, b) = (profile.at(i), &theirs[at..at + n]);
                            assert_eq!(a, b, "{}: information set {}", f.name, g.infoset(i).number);
                            at += n;
                        }
                    }
                }
            }
        }
    }
}

/// Games where pygambit 16.7's `enummixed_solve` returns no equilibrium at all
/// (payoffs of 10^19, past its machine-integer range).
const GAMBIT_FINDS_NONE: &[&str] = &["tests__test_games__large_payoff_game.efg"];

#[test]
fn enummixed_matches_pygambit() {
    let all = fixtures("enummixed");
    assert!(all.len() >= 80, "only {} enummixed fixtures", all.len());
    for f in &all {
        let ours =
            enummixed::enummixed(&f.game, false).unwrap_or_else(|e| panic!("{}: {e}", f.name));
        for s in &ours {
            assert_exact_equilibrium(&f.name, s);
        }
        let strategic = match &f.game {
            Game::Strategic(g) => g.clone(),
            Game::Extensive(g) => reduced_strategic_form(g, DEFAULT_MAX_CELLS).unwrap().game,
        };
        if matches!(f.game, Game::Extensive(_)) {
            assert_eq!(strategic.strategies, f.labels, "{}", f.name);
        }
        let rows: Vec<_> = enummixed::equilibria(&strategic)
            .unwrap()
            .iter()
            .map(flat)
            .collect();
        if GAMBIT_FINDS_NONE.contains(&f.name.as_str()) {
            // Every finite game has an equilibrium, so an empty answer is wrong;
            // ours are checked above to have regret exactly zero.
            assert!(f.mixed.is_empty() && !rows.is_empty(), "{}", f.name);
            continue;
        }
        assert_eq!(sorted(rows), sorted(f.mixed.clone()), "{}", f.name);
    }
}

#[test]
fn enummixed_float_agrees_with_exact_on_random_games() {
    for f in fixtures("enummixed")
        .iter()
        .filter(|f| f.name.starts_with("random__"))
    {
        let Game::Strategic(g) = &f.game else {
            unreachable!()
        };
        let mut exact: Vec<Vec<f64>> = enummixed::equilibria(g)
            .unwrap()
            .iter()
            .map(|p| p.to_f64().probs.concat())
            .collect();
        let mut float: Vec<Vec<f64>> = enummixed::equilibria_f64(g)
            .unwrap()
            .iter()
            .map(|p| p.probs.concat())
            .collect();
        let key = |v: &Vec<f64>| {
            v.iter()
                .map(|x| (x * 1e6).round() as i64)
                .collect::<Vec<_>>()
        };
        exact.sort_by_key(key);
        float.sort_by_key(key);
        assert_eq!(exact.len(), float.len(), "{}", f.name);
        for (a, b) in exact.iter().zip(&float) {
            for (x, y) in a.iter().zip(b) {
                assert!((x - y).abs() < 1e-9, "{}: {x} vs {y}", f.name);
            }
        }
        for s in enummixed::enummixed(&f.game, true).unwrap() {
            assert!(s.regret_f64() < 1e-9, "{}", f.name);
        }
    }
}

/// `--float` lists each equilibrium once, as exact mode does: on trees it
/// used to print behavior profiles equal within rounding (24 rows for 2 on
/// `2_player_chance.efg`) and probabilities of -3e-15. Its rows are exact
/// mode's, rounded, each once (payoffs of 10^19 make two exact equilibria
/// round to one).
#[test]
fn enummixed_float_lists_exact_modes_profiles_rounded_once_each() {
    let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
    for f in fixtures("enummixed") {
        let mut exact: Vec<Vec<u64>> = enummixed::enummixed(&f.game, false)
            .unwrap()
            .iter()
            .map(|s| bits(s.profile_f64().probs.concat()))
            .collect();
        exact.sort();
        exact.dedup();
        let float = enummixed::enummixed(&f.game, true).unwrap();
        let mut rows: Vec<Vec<u64>> = float
            .iter()
            .map(|s| bits(s.profile_f64().probs.concat()))
            .collect();
        for s in &float {
            let p = s.profile_f64().probs.concat();
            assert!(p.iter().all(|&x| x >= 0.0), "{}: {p:?}", f.name);
        }
        rows.sort();
        let listed = rows.len();
        rows.dedup();
        assert_eq!(rows.len(), listed, "{}: a row listed twice", f.name);
        assert_eq!(rows, exact, "{}", f.name);
    }
}
