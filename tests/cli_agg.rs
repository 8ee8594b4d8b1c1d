//! `brink` on action-graph games: solve (enumpure from the graph, the other
//! methods on the strategic form), convert both ways, and bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("brink runs")
}

fn corpus(rel: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "testdata", "gambit", rel]
        .iter()
        .collect();
    p.to_string_lossy().into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brink-cli-agg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn enumpure_on_a_bagg_lists_gambits_three_equilibria() {
    let o = brink(&[
        "solve",
        &corpus("tests/test_games/Bayesian-Coffee-3-2-2-3.bagg"),
        "-m",
        "enumpure",
        "--format",
        "gambit",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    // Agent 1 on its second strategy, everyone else on the first.
    let first = format!("NE,0,1{}{}", ",0".repeat(5), ",1,0,0,0,0,0,0".repeat(5));
    assert_eq!(rows[0], first);
}

#[test]
fn other_methods_solve_the_strategic_form() {
    // 2x2.agg's equilibria: both on 1, both on 2, and both on (10/11, 1/11).
    let o = brink(&[
        "solve",
        &corpus("tests/test_games/2x2.agg"),
        "-m",
        "enummixed",
        "--format",
        "gambit",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("NE,10/11,1/11,10/11,1/11"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn convert_writes_agg_bagg_and_nfg() {
    let bagg = scratch("coffee.bagg");
    let o = brink(&[
        "convert",
        &corpus("tests/test_games/Bayesian-Coffee-3-2-2-3.bagg"),
        "-o",
        bagg.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let again = brink(&[
        "solve",
        bagg.to_str().unwrap(),
        "-m",
        "enumpure",
        "--format",
        "gambit",
    ]);
    assert_eq!(out(&again).lines().count(), 3);
    // A Bayesian game is not written as .agg.
    let o = brink(&[
        "convert",
        &corpus("tests/test_games/2x2.bagg"),
        "-o",
        scratch("x.agg").to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("written as .bagg"), "{}", err(&o));
    // An .nfg is not an action-graph game.
    let o = brink(&[
        "convert",
        &corpus("contrib/games/2x2.nfg"),
        "-o",
        scratch("y.agg").to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let nfg = scratch("2x2.nfg");
    let o = brink(&[
        "convert",
        &corpus("tests/test_games/2x2.agg"),
        "-o",
        nfg.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = std::fs::read_to_string(&nfg).unwrap();
    assert!(text.starts_with("NFG 1 R \"\" { \"1\" \"2\" }"), "{text}");
    let body: Vec<&str> = text.split_whitespace().collect();
    assert!(
        body.ends_with(&["-4", "-4", "-10", "35", "35", "-10", "95", "95"]),
        "{text}"
    );
}

#[test]
fn bad_agg_exits_1_at_line_and_column() {
    let bad = scratch("bad.agg");
    std::fs::write(
        &bad,
        "#AGG\n2\n2\n0\n2 2\n0 1\n0 1\n2 0 1\n2 1 0\n0 35 -4\n0 -10\n",
    )
    .unwrap();
    let o = brink(&["solve", bad.to_str().unwrap(), "-m", "enumpure"]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    assert!(
        e.contains("bad.agg:12:1: expected the payoff of action node 1 at [2 0]"),
        "{e}"
    );
}
