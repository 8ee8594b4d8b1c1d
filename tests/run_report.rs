//! `brink run` end to end: the report's size on every library model, the
//! JSON's shape, `--verbose`, `--draws` progress and exit codes.

use std::process::{Command, Output};

fn brink(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .output()
        .expect("brink runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The library's model names, from `brink models` (every other line).
fn models() -> Vec<String> {
    let o = brink(&["models"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn check_size(what: &str, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() <= 80, "{what}: {} lines\n{text}", lines.len());
    for l in lines {
        assert!(l.chars().count() <= 100, "{what}: {l}");
    }
}

#[test]
fn every_library_model_reports_in_80_lines_of_100_characters() {
    let names = models();
    assert!(names.len() >= 10, "{names:?}");
    for m in &names {
        let o = brink(&["run", m]);
        assert!(o.status.success(), "{m}: {}", stderr(&o));
        let text = stdout(&o);
        check_size(m, &text);
        assert!(
            text.starts_with(m.as_str()),
            "{m}: the summary names the model\n{text}"
        );
        assert!(text.contains("P(war) = "), "{m}");
        // --verbose adds what the default leaves out, the parameters first.
        let v = brink(&["run", m, "--verbose"]);
        assert!(v.status.success());
        assert!(
            stdout(&v).contains("parameters:") && stdout(&v).len() >= text.len(),
            "{m}"
        );
    }
    // No subcommand is the founding crisis's run.
    let o = brink(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    check_size("default", &stdout(&o));
}

const LEVERS: &str = r#"
model attack "attack and response"
param c_b = 2 in [0, 5] "B's cost of fighting"
player A "Attacker"
player B "Target"
outcome status_quo
outcome yielded
outcome war
game: A chooses {
  stay: end status_quo (A: 0, B: 0)
  attack: B chooses {
    yield: end yielded (A: 1, B: -1)
    fight: end war (A: 0.5, B: -c_b)
  }
}
lever "cheap defence" "fighting costs B little" { set c_b = 0.5 }
"#;

#[test]
fn the_json_has_p_war_and_the_lever_rows_their_certificate_and_mechanism() {
    let path = std::env::temp_dir().join(format!("attack-{}.crisis", std::process::id()));
    std::fs::write(&path, LEVERS).unwrap();
    let o = brink(&["run", path.to_str().unwrap(), "--format", "json"]);
    std::fs::remove_file(&path).ok();
    assert!(o.status.success(), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["p_war"], 0.0);
    let l = &j["levers"][0];
    assert_eq!(l["p_war"], 1.0);
    assert_eq!(l["p_war_change"], 1.0);
    assert_eq!(l["converged"], true);
    assert!(l["regret"].as_f64().unwrap() <= 1e-9);
    let m = &l["mechanism"];
    assert_eq!(m["player"], "Target");
    assert_eq!(m["action"], "fight");
    assert_eq!(m["moves"][0]["by"], "A");
    assert_eq!(m["moves"][0]["action"], "attack");
    assert_eq!(
        (m["before"].as_f64(), m["after"].as_f64()),
        (Some(0.0), Some(1.0))
    );
    // Strategies are data: the target's one information set, after the attack.
    let b = &j["strategy"][1];
    assert_eq!(b["player"], "Target");
    let i = &b["infosets"][0];
    assert_eq!(i["moves"][0]["action"], "attack");
    assert_eq!(i["actions"][0]["action"], "yield");
    assert_eq!(i["actions"][0]["probability"], 1.0);
}

#[test]
fn the_lever_chart_is_drawn_and_a_bad_picture_path_fails_before_any_work() {
    let dir = std::env::temp_dir().join(format!("run-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("attack.crisis");
    std::fs::write(&model, LEVERS).unwrap();
    let png = dir.join("levers.png");
    let o = brink(&[
        "run",
        model.to_str().unwrap(),
        "--plot",
        png.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    // A format we do not draw is a usage error; a missing directory an input
    // error, reported before the solve (no report on stdout).
    let o = brink(&["run", model.to_str().unwrap(), "--plot", "x.pdf"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = brink(&[
        "run",
        model.to_str().unwrap(),
        "--plot",
        "/no/such/dir/x.png",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).is_empty() && stderr(&o).contains("no directory"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_sensitivity_table_is_printed_sorted_by_swing() {
    let o = brink(&["run", "brinkmanship", "--sensitivity"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let rows: Vec<f64> = text
        .lines()
        .skip_while(|l| !l.starts_with("sensitivity of P(war)"))
        .skip(2)
        .take_while(|l| l.starts_with("  ") && !l.starts_with("  *"))
        .map(|l| {
            l.split_whitespace()
                .last()
                .unwrap()
                .parse::<f64>()
                .unwrap()
                .abs()
        })
        .collect();
    assert!(!rows.is_empty(), "{text}");
    assert!(rows.windows(2).all(|w| w[0] >= w[1]), "{rows:?}");
}

#[test]
fn draws_report_progress_on_stderr_and_intervals_in_the_summary() {
    let o = brink(&["run", "brinkmanship", "--draws", "10", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // stderr is a pipe here: plain lines, the last at the end of the work.
    assert!(stderr(&o).contains("draws: 10/10"), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("interval over 10 draws"), "{text}");
    let line = text.lines().find(|l| l.starts_with("P(war) = ")).unwrap();
    assert!(line.contains('[') && line.contains(']'), "{line}");
}

#[test]
fn bad_input_exits_with_the_right_code() {
    // Usage errors are clap's: exit 2.
    let o = brink(&["run", "kydd-trust", "--set", "mutual"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = brink(&["run", "kydd-trust", "--set", "mutual=abc"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Input errors: exit 1 with the message.
    let o = brink(&["run", "kydd-trust", "--set", "nope=1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no parameter `nope`"), "{}", stderr(&o));
    let o = brink(&["run", "no-such-model"]);
    assert_eq!(o.status.code(), Some(1));
}
