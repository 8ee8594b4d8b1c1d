//! The `brink` binary end to end: exit codes, formats, and bad input.

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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    let o = brink(&["solve"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = brink(&[
        "solve",
        &corpus("contrib/games/2x2.nfg"),
        "--method",
        "nonsense",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_file_exits_1_with_its_name() {
    let o = brink(&["info", "no/such/game.efg"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/game.efg"), "{}", stderr(&o));
}

#[test]
fn parse_error_points_at_line_and_column() {
    let dir = std::env::temp_dir().join(format!("brink-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.nfg");
    std::fs::write(
        &bad,
        "NFG 1 R \"t\" { \"1\" \"2\" } { 2 2 }\n\n1 2 3 oops\n",
    )
    .unwrap();
    let o = brink(&["info", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.nfg:3:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn gambit_rows_are_exact() {
    // Payoffs (2,0) (0,1) / (0,1) (1,0): row 1 pays 2q and row 2 pays 1-q when
    // column 1 has probability q, so q = 1/3; column 1 pays 1-p and column 2
    // pays p when row 1 has probability p, so p = 1/2.
    let o = brink(&[
        "solve",
        &corpus("contrib/games/2x2.nfg"),
        "--method",
        "enummixed",
        "--format",
        "gambit",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "NE,1/2,1/2,1/3,2/3\n");
}

#[test]
fn method_that_cannot_take_the_game_says_which_can() {
    let o = brink(&[
        "solve",
        &corpus("contrib/games/2x2x2.nfg"),
        "--method",
        "enummixed",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("enummixed"), "{err}");
    assert!(err.contains("logit") || err.contains("enumpure"), "{err}");
}

#[test]
fn lcp_start_picks_the_covering_vector_and_only_for_lcp() {
    // coord2: both starts end at exact equilibria (regret 0), different ones.
    let solve = |start: &str| {
        let o = brink(&[
            "solve",
            &corpus("contrib/games/coord2.efg"),
            "--method",
            "lcp",
            "--lcp-start",
            start,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["equilibria"][0]["regret_exact"], "0");
        v["equilibria"][0]["players"].to_string()
    };
    assert_eq!(solve("auto"), solve("gambit"));
    assert_ne!(solve("prior"), solve("gambit"));
    let o = brink(&[
        "solve",
        &corpus("contrib/games/holdout7.efg"),
        "--method",
        "spe",
        "--lcp-start",
        "prior",
    ]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
    assert!(stderr(&o).contains("--lcp-start"), "{}", stderr(&o));
}

#[test]
fn lcp_lists_what_gambit_lists_and_stops_after_n() {
    // A 3x3 coordination game: Gambit's lcp reaches its 7 equilibria (3 pure,
    // 3 on two strategies, 1 on all three); the first is the path from label 1.
    let run = |extra: &[&str]| {
        let mut args = vec![
            "solve".to_string(),
            corpus("contrib/games/coord3.nfg"),
            "--method".into(),
            "lcp".into(),
            "--format".into(),
            "gambit".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = brink(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().map(str::to_string).collect::<Vec<_>>()
    };
    let all = run(&[]);
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(run(&["--stop-after", "0"]), all);
    assert_eq!(run(&["--stop-after", "1"]), all[..1]);
    assert_eq!(run(&["--stop-after", "3"]), all[..3]);
    let o = brink(&[
        "solve",
        &corpus("contrib/games/coord3.nfg"),
        "--method",
        "enumpure",
        "--stop-after",
        "2",
    ]);
    // An option of another method is a usage error.
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--stop-after"), "{}", stderr(&o));
}

#[test]
fn float_output_is_short_and_never_negative() {
    // Gambit reads back what it prints: no run of hundreds of zeros after
    // logit at a large lambda, and no probability below zero.
    let o = brink(&[
        "solve",
        &corpus("tests/test_games/const_sum_game.nfg"),
        "--method",
        "logit",
        "--lambda",
        "1000",
        "--format",
        "gambit",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let row = stdout(&o);
    for v in row.trim().split(',').skip(1) {
        assert!(v.len() < 26, "{v} in {row}");
        let x: f64 = v.parse().unwrap();
        assert!((0.0..=1.0).contains(&x), "{v} in {row}");
    }
}

/// logit says where its branch passed a bifurcation (there pygambit takes
/// another arm of `non_const_sum_game.nfg` and ends at (1, 0; 1/2, 1/2)).
#[test]
fn logit_warns_of_a_bifurcation_in_text_and_json() {
    let file = corpus("tests/test_games/non_const_sum_game.nfg");
    let o = brink(&["solve", &file, "--method", "logit"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("warning: the branch passed a bifurcation at lambda 5.869"),
        "{}",
        stdout(&o)
    );
    let o = brink(&["solve", &file, "--method", "logit", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let at = v["bifurcation_lambdas"].as_array().expect("an array");
    assert_eq!(at.len(), 1);
    assert!((at[0].as_f64().unwrap() - 5.869586).abs() < 1e-4, "{at:?}");
    let o = brink(&[
        "solve",
        &corpus("tests/test_games/const_sum_game.nfg"),
        "--method",
        "logit",
    ]);
    assert!(!stdout(&o).contains("bifurcation"), "{}", stdout(&o));
}

#[test]
fn json_output_carries_the_regret() {
    let o = brink(&[
        "solve",
        &corpus("contrib/games/2x2.nfg"),
        "--method",
        "lcp",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["regret"], 0.0);
    assert_eq!(v["equilibria"][0]["regret_exact"], "0");
}

#[test]
fn convert_refuses_to_overwrite() {
    let dir = std::env::temp_dir().join(format!("brink-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.nfg");
    std::fs::write(&out, "precious").unwrap();
    let o = brink(&[
        "convert",
        &corpus("contrib/games/2x2.nfg"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let o = brink(&[
        "convert",
        &corpus("contrib/games/e04.efg"),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = brink(&["info", out.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["form"], "strategic");
}

#[test]
fn default_run_reports_the_founding_crisis() {
    let o = brink(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("founding"), "{out}");
    assert!(out.contains("not a forecast"), "{out}");
    assert!(
        out.contains("alliance unity"),
        "the lever table is printed: {out}"
    );
}
