//! `brink solve --method ce` and the n-player methods through the binary:
//! the JSON fields, the objective's errors.

use std::process::{Command, Output};

fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("brink runs")
}

/// Aumann's Chicken with named outcomes, written to a file of this test's own.
fn chicken() -> String {
    let path = std::env::temp_dir().join(format!("brink-ce-chicken-{}.nfg", std::process::id()));
    std::fs::write(
        &path,
        "NFG 1 R \"Chicken\" { \"Row\" \"Col\" } { { \"C\" \"D\" } { \"C\" \"D\" } }\n\"\"\n\
         {\n{ \"both yield\" 6, 6 }\n{ \"row wins\" 7, 2 }\n{ \"col wins\" 2, 7 }\n{ \"war\" 0, 0 }\n}\n\
         1 2 3 4\n",
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn ce_json_has_distribution_payoffs_and_max_gain() {
    let file = chicken();
    let out = brink(&["solve", &file, "--method", "ce", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dist = v["distribution"].as_array().unwrap();
    assert_eq!(dist.len(), 3);
    assert_eq!(dist[0]["profile"], serde_json::json!(["C", "C"]));
    assert_eq!(dist[0]["probability"], 0.5);
    assert_eq!(dist[0]["exact"], "1/2");
    assert_eq!(v["payoffs"], serde_json::json!([5.25, 5.25]));
    assert_eq!(v["max_gain"], 0.0);
    assert_eq!(v["max_gain_exact"], "0");
    let out = brink(&[
        "solve",
        &file,
        "--method",
        "ce",
        "--objective",
        "min:war",
        "--float",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("min:war = 0"));
}

#[test]
fn objective_errors_name_the_choices() {
    let file = chicken();
    let out = brink(&["solve", &file, "--method", "ce", "--objective", "min:peace"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("war") && err.contains("Row"), "{err}");
    // An option of another method is a usage error.
    let out = brink(&["solve", &file, "--method", "lcp", "--objective", "welfare"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--method ce and efce only"));
}

#[test]
fn enumpoly_and_liap_solve_three_players() {
    let file = [
        env!("CARGO_MANIFEST_DIR"),
        "testdata/gambit/contrib/games/2x2x2.nfg",
    ]
    .join("/");
    // Its nine isolated equilibria (pygambit's nine, tested in brink-nash).
    let out = brink(&["solve", &file, "--method", "enumpoly", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 9, "{v}");
    assert!(v["regret"].as_f64().unwrap() < 1e-9);
    let out = brink(&["solve", &file, "--method", "liap", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["regret"].as_f64().unwrap() < 1e-9);
}

#[test]
fn simpdiv_solves_three_players_with_its_options() {
    let file = [
        env!("CARGO_MANIFEST_DIR"),
        "testdata/gambit/contrib/games/2x2x2.nfg",
    ]
    .join("/");
    for extra in [&[][..], &["--refine", "3", "--max-regret", "1e-6"][..]] {
        let mut args = vec!["solve", &file, "--method", "simpdiv", "--format", "json"];
        args.extend_from_slice(extra);
        let out = brink(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["equilibria"].as_array().unwrap().len(), 1);
        assert!(v["regret"].as_f64().unwrap() < 1e-9, "{v}");
    }
    // --refine belongs to simpdiv; a factor below 2 is refused.
    let out = brink(&["solve", &file, "--method", "liap", "--refine", "3"]);
    assert_eq!(out.status.code(), Some(2));
    let out = brink(&["solve", &file, "--method", "simpdiv", "--refine", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 2"));
}

#[test]
fn ipa_solves_three_players() {
    let file = [
        env!("CARGO_MANIFEST_DIR"),
        "testdata/gambit/contrib/games/2x2x2.nfg",
    ]
    .join("/");
    let out = brink(&["solve", &file, "--method", "ipa", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 1);
    assert!(v["regret"].as_f64().unwrap() < 1e-9, "{v}");
    // simpdiv's options are not ipa's.
    let out = brink(&["solve", &file, "--method", "ipa", "--refine", "3"]);
    assert_eq!(out.status.code(), Some(2));
}
