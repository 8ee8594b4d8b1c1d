//! `brink solve --method efce` through the binary: the keys `ce` prints,
//! the hand-derived optimum of the entry-then-battle tree (derived in
//! `crates/brink-nash/tests/efce.rs`), and the refusal of strategic games.

use std::process::{Command, Output};

fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("brink runs")
}

/// Out (3/2, 0), or In and a battle of the sexes whose first mover
/// player 1 does not see: (A,A) = (3,1), (B,B) = (1,4), mismatches (0,0).
fn entry_battle() -> String {
    let path = std::env::temp_dir().join(format!("brink-efce-entry-{}.efg", std::process::id()));
    std::fs::write(
        &path,
        "EFG 2 R \"entry then battle\" { \"1\" \"2\" }\n\"\"\n\n\
         p \"\" 1 1 \"entry\" { \"Out\" \"In\" } 0\n\
         t \"\" 1 \"Out\" { 3/2 0 }\n\
         p \"\" 2 1 \"guess\" { \"A\" \"B\" } 0\n\
         p \"\" 1 2 \"pick\" { \"A\" \"B\" } 0\n\
         t \"\" 2 \"AA\" { 3 1 }\n\
         t \"\" 3 \"BA\" { 0 0 }\n\
         p \"\" 1 2 \"pick\" { \"A\" \"B\" } 0\n\
         t \"\" 4 \"AB\" { 0 0 }\n\
         t \"\" 5 \"BB\" { 1 4 }\n",
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn efce_json_has_the_ce_keys_and_the_closed_form() {
    let file = entry_battle();
    let out = brink(&["solve", &file, "--method", "efce", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["method"], "efce");
    assert_eq!(v["objective_value_exact"], "19/4");
    let dist = v["distribution"].as_array().unwrap();
    assert_eq!(dist.len(), 2);
    assert_eq!(dist[0]["profile"], serde_json::json!(["21", "1"]));
    assert_eq!(dist[0]["exact"], "1/4");
    assert_eq!(dist[1]["profile"], serde_json::json!(["22", "2"]));
    assert_eq!(v["payoffs"], serde_json::json!([1.5, 3.25]));
    assert_eq!(v["max_gain_exact"], "0");
    // The strategic form's CE optimum is lower: 4.
    let out = brink(&["solve", &file, "--method", "ce", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objective_value_exact"], "4");
    let out = brink(&[
        "solve",
        &file,
        "--method",
        "efce",
        "--objective",
        "max:1",
        "--float",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("max:1 = 3"));
}

#[test]
fn efce_refuses_strategic_games() {
    let file = [
        env!("CARGO_MANIFEST_DIR"),
        "testdata/gambit/contrib/games/2x2.nfg",
    ]
    .join("/");
    let out = brink(&["solve", &file, "--method", "efce"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--method ce"), "{err}");
}
