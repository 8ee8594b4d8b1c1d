//! The action-graph games of Gambit's repository (and `testdata/agg`, ours)
//! against pygambit 16.7.0's reading of them (`scripts/agg_fixtures.py` wrote `testdata/fixtures/agg`),
//! round trips through our writer, and bad input.

use brink_gambit::{read_agg, read_any, read_game, write_agg, GameFile, MAX_AGG_PROFILES};
use brink_game::action_graph::eval::Evaluator;
use brink_game::number::{format_rational, parse_rational};
use brink_game::{Game, Rational, StrategicGame};
use num_bigint::BigInt;
use serde_json::Value;
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");

fn fixtures() -> Vec<Value> {
    let mut paths: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("fixtures/agg"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

fn game_text(fixture: &Value) -> (String, String) {
    let rel = fixture["file"].as_str().unwrap();
    let text = std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap();
    (rel.to_string(), text)
}

fn fnv1a64(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn row(g: &StrategicGame, cell: usize) -> String {
    (0..g.num_players())
        .map(|p| format_rational(&g.payoff(cell, p)))
        .collect::<Vec<_>>()
        .join(",")
}

/// pygambit 16.7.0 turns payoffs into doubles and back: a denominator that
/// is a large power of two is a double's rounding, compared to 1e-12;
/// anything else must be equal exactly.
fn same_row(ours: &str, theirs: &str) -> bool {
    ours.split(',').zip(theirs.split(',')).all(|(a, b)| {
        let (a, b) = (parse_rational(a).unwrap(), parse_rational(b).unwrap());
        if b.denom() > &BigInt::from(1u64 << 20) {
            let (x, y) = (
                brink_game::number::rational_to_f64(&a),
                brink_game::number::rational_to_f64(&b),
            );
            (x - y).abs() <= 1e-12 * y.abs().max(1.0)
        } else {
            a == b
        }
    }) && ours.split(',').count() == theirs.split(',').count()
}

#[test]
fn strategic_forms_match_pygambit() {
    let mut compared = 0;
    for f in fixtures() {
        let (rel, text) = game_text(&f);
        let agg = read_agg(&text, &rel).unwrap_or_else(|e| panic!("{e}"));
        if f.get("unreadable").is_some() {
            continue;
        }
        let shape: Vec<usize> = serde_json::from_value(f["shape"].clone()).unwrap();
        assert_eq!(agg.shape(), shape, "{rel}");
        let g = agg.to_strategic(MAX_AGG_PROFILES).unwrap();
        assert_eq!(
            g.players,
            serde_json::from_value::<Vec<String>>(f["players"].clone()).unwrap()
        );
        if let Some(rows) = f["payoffs"].as_array() {
            assert_eq!(rows.len(), g.num_cells(), "{rel}");
            for (cell, want) in rows.iter().enumerate() {
                let ours = row(&g, cell);
                assert!(
                    same_row(&ours, want.as_str().unwrap()),
                    "{rel} cell {cell}: {ours} vs {want}"
                );
            }
        } else {
            let all: String = (0..g.num_cells()).map(|c| row(&g, c) + "\n").collect();
            assert_eq!(
                fnv1a64(all.as_bytes()),
                f["fnv1a64"].as_str().unwrap(),
                "{rel}"
            );
            for s in f["sample"].as_array().unwrap() {
                let cell = s["cell"].as_u64().unwrap() as usize;
                let ours = row(&g, cell);
                assert!(
                    same_row(&ours, s["payoffs"].as_str().unwrap()),
                    "{rel} cell {cell}: {ours}"
                );
            }
        }
        compared += 1;
    }
    assert_eq!(compared, 9, "the nine files pygambit 16.7.0 reads");
}

/// The two files pygambit 16.7.0 cannot read (fractions came in Gambit 17):
/// checked against the values Gambit's own tests state.
#[test]
fn fraction_files_read_exactly() {
    let r = |n: i64, d: i64| Rational::new(n.into(), d.into());
    let text = std::fs::read_to_string(
        Path::new(ROOT).join("gambit/tests/test_games/2x2_fraction_payoffs.agg"),
    )
    .unwrap();
    let agg = read_agg(&text, "fp.agg").unwrap();
    let e = Evaluator::new(&agg);
    // Player 1 on strategy 1, player 2 on strategy 2: 1/3 to player 1.
    assert_eq!(e.payoff(0, &[0, 1]), r(1, 3));
    assert_eq!(
        e.payoff(1, &[1, 1]),
        r(123456789012345, 1_000_000_000_000_000)
    );
    let text = std::fs::read_to_string(
        Path::new(ROOT).join("gambit/tests/test_games/2x2_fraction_types.bagg"),
    )
    .unwrap();
    let agg = read_agg(&text, "ft.bagg").unwrap();
    assert_eq!(Evaluator::new(&agg).payoff(2, &[0, 1, 0]), r(22, 1));
}

#[test]
fn every_game_round_trips() {
    for f in fixtures() {
        let (rel, text) = game_text(&f);
        let agg = read_agg(&text, &rel).unwrap();
        let written = write_agg(&agg);
        let again = read_agg(&written, "again").unwrap_or_else(|e| panic!("{rel}: {e}\n{written}"));
        assert_eq!(agg, again, "{rel}");
        assert_eq!(written, write_agg(&again), "{rel}: writing is stable");
        // Tables keep their form: values in order or a list.
        for (a, b) in agg.payoffs().iter().zip(again.payoffs()) {
            assert_eq!(a.listed, b.listed, "{rel}");
        }
    }
}

#[test]
fn read_game_expands_and_read_any_keeps() {
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("gambit/tests/test_games/2x2.bagg")).unwrap();
    match read_game(&text, "2x2.bagg").unwrap() {
        Game::Strategic(g) => assert_eq!(g.num_cells(), 4),
        Game::Extensive(_) => panic!("a strategic form"),
    }
    assert!(matches!(
        read_any(&text, "2x2.bagg").unwrap(),
        GameFile::ActionGraph(_)
    ));
    let big = std::fs::read_to_string(
        Path::new(ROOT).join("gambit/tests/test_games/Bayesian-Coffee-3-2-2-3.bagg"),
    )
    .unwrap();
    let refused = read_any(&big, "coffee.bagg")
        .unwrap()
        .into_game("coffee.bagg", 1000)
        .unwrap_err();
    assert!(refused.found.contains("117649 pure profiles"), "{refused}");
}

const GOOD: &str = "#AGG\n2\n2\n0\n2 2\n0 1\n0 1\n2 0 1\n2 1 0\n0 35 -4\n0 -10 95\n";

/// `GOOD` with `from` replaced (once) by `to` must fail at line:column.
fn fails(from: &str, to: &str, line: usize, column: usize, expected: &str, found: &str) {
    assert!(GOOD.contains(from), "{from}");
    let text = GOOD.replacen(from, to, 1);
    let err = read_agg(&text, "bad.agg").expect_err("the input is invalid");
    assert_eq!((err.line, err.column), (line, column), "{err}");
    assert!(err.expected.contains(expected), "expected part: {err}");
    assert!(err.found.contains(found), "found part: {err}");
    assert!(err
        .to_string()
        .starts_with(&format!("bad.agg:{line}:{column}: expected ")));
}

#[test]
fn bad_input_names_the_place() {
    assert!(read_agg(GOOD, "good.agg").is_ok());
    fails("#AGG", "#AGX", 1, 1, "`#AGG` or `#BAGG`", "`#AGX`");
    fails(
        "\n2\n2\n0",
        "\nx\n2\n0",
        2,
        1,
        "the number of players",
        "`x`",
    );
    fails("2 2\n0 1", "2 3\n0 1", 5, 3, "player 2's action set", "`3`");
    fails("0 1\n0 1", "1 0\n0 1", 6, 3, "ascending order", "`0`");
    fails("2 1 0", "2 1 7", 9, 5, "a neighbour of node 1", "`7`");
    fails(
        "0 -10 95",
        "2 -10 95",
        11,
        1,
        "payoff type of action node 1",
        "`2`",
    );
    fails(
        "0 -10 95\n",
        "0 -10\n",
        12,
        1,
        "payoff of action node 1 at [2 0]",
        "the end of the file",
    );
    fails(
        "0 -10 95\n",
        "0 -10 95 7\n",
        11,
        10,
        "the end of the file",
        "`7`",
    );
    fails(
        "0 35 -4",
        "1 1 [1 1] 35",
        10,
        1,
        "every configuration action node 0 can reach",
        "no payoff for [2 0]",
    );
    fails(
        "0 35 -4",
        "1 2 [1 1] 35 [1 1] 3",
        10,
        14,
        "not given yet",
        "[1 1] again",
    );
    fails(
        "0 35 -4",
        "1 2 [1 1] 35 [0 2] 3",
        10,
        1,
        "every configuration",
        "no payoff for [2 0]",
    );
    fails("0 35 -4", "0 35 x", 10, 6, "a number", "`x`");
}

#[test]
fn bad_bayesian_input() {
    let good =
        "#BAGG\n2\n2\n0\n2 1\n1/3 2/3\n1\n2 2\n2\n0 1\n1 0\n0 1\n2 0 1\n2 1 0\n0 35 -4\n0 -10 95\n";
    assert!(read_agg(good, "g.bagg").is_ok());
    let err = read_agg(&good.replace("1/3 2/3", "1/3 1/3"), "b.bagg").unwrap_err();
    assert_eq!((err.line, err.column), (6, 1), "{err}");
    assert!(err.found.contains("2/3"), "{err}");
    let err = read_agg(&good.replace("1 0\n0 1\n2", "1 1\n0 1\n2"), "b.bagg").unwrap_err();
    assert_eq!((err.line, err.column), (11, 3), "{err}");
    // Function nodes: a cycle, pointed at the node whose list closes it.
    let cyc = "#AGG\n1\n1\n2\n1\n0\n1 1\n1 2\n1 1\n0\n0\n0 5\n";
    let err = read_agg(cyc, "c.agg").unwrap_err();
    assert!(err.found.contains("cycle"), "{err}");
    assert_eq!(err.line, 8, "{err}");
}

#[test]
fn nothing_panics_on_truncations() {
    for f in fixtures() {
        let (_, text) = game_text(&f);
        let step = (text.len() / 400).max(1);
        for cut in (0..text.len())
            .step_by(step)
            .filter(|&c| text.is_char_boundary(c))
        {
            let _ = read_any(&text[..cut], "cut");
        }
    }
}

/// Many players with distinct action sets make the reachable configurations
/// costly to enumerate (a pass over all players per set): refused in bounded
/// time, not worked through.
#[test]
fn costly_enumeration_is_refused() {
    let n = 10_000;
    let mut text = format!("#AGG\n{n}\n{}\n0\n", n + 1);
    text.push_str(&"2 ".repeat(n));
    text.push('\n');
    for i in 1..=n {
        text.push_str(&format!("0 {i}\n"));
    }
    text.push_str("1 0\n");
    text.push_str(&"0\n".repeat(n));
    // Room for node 0's values (its count runs from 1 to n), so that the
    // work, not the file's length, is what runs out.
    text.push_str(&format!("0 {}\n", "1 ".repeat(3 * n)));
    let start = std::time::Instant::now();
    let err = read_agg(&text, "costly.agg").unwrap_err();
    assert!(err.found.contains("more steps than allowed"), "{err}");
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
