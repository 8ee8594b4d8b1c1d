//! `brink run --mediator` end to end: the row in JSON, its certificate, the
//! bound against the baseline where the mediator's game is the baseline's,
//! and the refusal of a game too large for the program.

use std::process::Command;

fn brink(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("brink runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = brink(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn without_private_types_the_mediator_never_raises_war() {
    // No private types: the mediator's game is the baseline's, whose
    // equilibrium is itself a communication equilibrium.
    let v = json(&[
        "-q",
        "run",
        "escalation-ladder",
        "--mediator",
        "--format",
        "json",
    ]);
    let m = &v["mediator"];
    assert!(m["grid"].is_null(), "{m}");
    let (base, best) = (v["p_war"].as_f64().unwrap(), m["p_war"].as_f64().unwrap());
    assert!(
        best <= base + 1e-12,
        "mediator {best} above baseline {base}"
    );
    assert!(m["max_gain"].as_f64().unwrap() <= 1e-9, "{m}");
    let sum: f64 = m["outcomes"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-9, "outcomes sum to {sum}");
}

#[test]
fn private_types_are_put_on_the_stated_grid() {
    let v = json(&[
        "-q",
        "run",
        "brinkmanship",
        "--mediator",
        "--mediator-grid",
        "2",
        "--format",
        "json",
    ]);
    let m = &v["mediator"];
    assert_eq!(m["grid"].as_u64(), Some(2), "{m}");
    assert!(m["max_gain"].as_f64().unwrap() <= 1e-9, "{m}");
    let p = m["p_war"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p), "{m}");
}

#[test]
fn column_generation_stopped_early_says_so_with_its_bound() {
    // The founding crisis is past enumeration (81 or 16 type profiles times
    // 38,797,312 plan profiles): column generation on the tree, here with a
    // one-second limit, either reports a mechanism with its lower bound and
    // why it stopped, or refuses with the bound it has.
    let out = brink(&[
        "-q",
        "run",
        "founding-crisis",
        "--mediator",
        "--mediator-grid",
        "2",
        "--mediator-seconds",
        "1",
        "--format",
        "json",
    ]);
    if out.status.success() {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let m = &v["mediator"];
        assert_eq!(m["method"], "column generation", "{m}");
        assert!(m["stopped"].as_str().unwrap().contains("time limit"), "{m}");
        assert!(m["lower_bound"].as_f64().unwrap() <= m["p_war"].as_f64().unwrap() + 1e-9);
        assert!(m["max_gain"].as_f64().unwrap() <= 1e-6, "{m}");
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("time limit") && err.contains("without an incentive-compatible mechanism"),
            "{err}"
        );
    }
}

#[test]
fn arms_race_is_solved_not_refused() {
    // Its program was once declared unbounded by the floating-point
    // simplex. No outcome is war, so every communication equilibrium is
    // optimal; the answer must still be one (no deviation gain), and the
    // only equilibrium of the model, 2 and 2 (the baseline's), is.
    let v = json(&["-q", "run", "arms-race", "--mediator", "--format", "json"]);
    let m = &v["mediator"];
    assert!(m["max_gain"].as_f64().unwrap() <= 1e-9, "{m}");
    assert_eq!(m["p_war"].as_f64(), Some(0.0), "{m}");
}

#[test]
fn the_round_limit_is_the_default_and_zero_rounds_is_a_usage_error() {
    // The default stops at a round limit, not a wall-clock one, so that two
    // runs agree on any machine (the library's tests check that a
    // round-limited run is the same run on one thread or three); the help
    // says which limit it is.
    let help = brink(&["run", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let default = format!("(default {}", brink_crisis::mediator::DEFAULT_ROUNDS);
    assert!(help.contains("--mediator-rounds"), "{help}");
    assert!(help.contains(&default), "{default:?} missing from: {help}");
    let out = brink(&["run", "--mediator", "--mediator-rounds", "0"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = brink(&["run", "--mediator-rounds", "5"]);
    assert_eq!(out.status.code(), Some(2), "needs --mediator");
    // The bound phase's rounds likewise.
    let bound = format!("(default {}", brink_crisis::mediator::DEFAULT_BOUND_ROUNDS);
    assert!(help.contains("--mediator-bound-rounds"), "{help}");
    assert!(help.contains(&bound), "{bound:?} missing from: {help}");
    let out = brink(&["run", "--mediator-bound-rounds", "5"]);
    assert_eq!(out.status.code(), Some(2), "needs --mediator");
}
