//! The command line behaves the same in every command: `-o` everywhere, one
//! overwrite rule, output paths and picture formats checked before any work,
//! usage errors exit 2, negative numbers taken as values.

use std::path::{Path, PathBuf};
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

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn corpus(rel: &str) -> String {
    format!("{}/testdata/gambit/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn war1800() -> String {
    format!(
        "{}/crates/brink-estimate/tests/data/war1800.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

const WAR: &str = "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc";

#[test]
fn every_printing_command_writes_to_o_and_prints_nothing() {
    let d = dir("dash_o");
    let game = corpus("contrib/games/e04.efg");
    let fit = d.join("fit.json");
    let cases: Vec<(Vec<String>, PathBuf)> = vec![
        (vec!["info".into(), game.clone()], d.join("info.txt")),
        (
            vec!["solve".into(), game.clone(), "-m".into(), "lcp".into()],
            d.join("solve.txt"),
        ),
        (
            vec!["run".into(), "fearon-risk-return".into()],
            d.join("run.txt"),
        ),
        (
            vec![
                "estimate".into(),
                "egame12".into(),
                "--data".into(),
                war1800(),
                "--formula".into(),
                WAR.into(),
                "--errors".into(),
                "private".into(),
                "--format".into(),
                "json".into(),
            ],
            fit.clone(),
        ),
        (
            vec![
                "predict".into(),
                "--model".into(),
                s(&fit).into(),
                "--data".into(),
                war1800(),
            ],
            d.join("predict.csv"),
        ),
    ];
    for (mut args, out) in cases {
        args.extend(["-o".into(), s(&out).into()]);
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = brink(&a);
        assert!(o.status.success(), "{a:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{a:?} printed {}", stdout(&o));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.is_empty(), "{a:?}");
        // The same command again refuses to replace the file, before any work.
        let o = brink(&a);
        assert_eq!(o.status.code(), Some(1), "{a:?}");
        assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    }
    assert!(std::fs::read_to_string(d.join("predict.csv"))
        .unwrap()
        .starts_with("row,"));
}

#[test]
fn force_replaces_and_shards_merge_through_files() {
    let d = dir("sweep_shards");
    let whole = d.join("whole.json");
    let sweep = |extra: &[&str]| {
        let mut a = vec![
            "sweep",
            "fearon-risk-return",
            "--vary",
            "c_hi=0.1:0.9:40",
            "--threads",
            "2",
            "-q",
        ];
        a.extend(extra);
        brink(&a)
    };
    let o = sweep(&["-o", s(&whole)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sweep(&["-o", s(&whole), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    assert!(sweep(&["--shard", "1/2", "-o", s(&a)]).status.success());
    assert!(sweep(&["--shard", "2/2", "-o", s(&b)]).status.success());
    let merged = d.join("merged.json");
    let o = brink(&["merge", s(&b), s(&a), "-o", s(&merged)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&merged).unwrap(),
        std::fs::read_to_string(&whole).unwrap()
    );
    // A shard cannot be written as CSV, where merge could not read it back.
    let o = sweep(&["--shard", "1/2", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn outputs_and_pictures_are_checked_before_any_work() {
    let d = dir("checked_first");
    // 10^6 draws would take minutes: these must fail at once.
    let started = std::time::Instant::now();
    let o = brink(&[
        "montecarlo",
        "fearon-risk-return",
        "--draws",
        "1000000",
        "--plot",
        s(&d.join("mc.pdf")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(".svg or .png"), "{}", stderr(&o));
    let o = brink(&[
        "montecarlo",
        "fearon-risk-return",
        "--draws",
        "1000000",
        "-o",
        "/no/such/dir/mc.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("no directory /no/such/dir"), "{e}");
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        started.elapsed().as_secs() < 20,
        "the runs were not refused first"
    );
    // A tree is never LaTeX in a .pdf.
    let pdf = d.join("tree.pdf");
    let o = brink(&["tree", "audience-cost", "-o", s(&pdf)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(".tex"), "{}", stderr(&o));
    assert!(!pdf.exists());
    let tex = d.join("tree.tex");
    let o = brink(&["tree", "audience-cost", "-o", s(&tex)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&tex).unwrap().contains("istgame"));
}

#[test]
fn usage_errors_exit_2_in_every_command() {
    let game = corpus("contrib/games/e04.efg");
    for args in [
        &[
            "sweep",
            "fearon-risk-return",
            "--vary",
            "c_hi=0:1:3",
            "--set",
            "c_lo=abc",
        ][..],
        &[
            "sweep",
            "fearon-risk-return",
            "--vary",
            "c_hi=0:1:3",
            "--set",
            "c_lo",
        ],
        &[
            "sweep",
            "fearon-risk-return",
            "--vary",
            "c_hi=0:1:3",
            "--set",
            "c_lo=nan",
        ],
        &["tree", "audience-cost", "--set", "audience_cost=abc"],
        &["montecarlo", "fearon-risk-return", "--draws", "0"],
        &["run", "fearon-risk-return", "--draws", "-3"],
        &["solve", &game, "-m", "lcp", "--lambda", "1"],
        &["solve", &game, "-m", "logit", "--max-lambda", "0"],
        &[
            "estimate",
            "egame12",
            "--data",
            "x.csv",
            "--formula",
            WAR,
            "--outcome",
            "offer",
        ],
        &["solve", &game, "-m", "enumpure", "--lcp-start", "prior"],
        &["tree", &game, "--method", "nonsense"],
        &[
            "estimate",
            "egame12",
            "--data",
            "x.csv",
            "--formula",
            WAR,
            "--fixed",
            "u13",
        ],
    ] {
        let o = brink(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn negative_numbers_are_values() {
    let game = corpus("contrib/games/e04.efg");
    let o = brink(&["solve", &game, "-m", "logit", "--lambda", "-1"]);
    let e = stderr(&o);
    assert!(!e.contains("-- -1"), "{e}");
    // Read as -1, and refused as a usage error before the game is solved.
    assert!(
        e.contains("--lambda -1: expected a number at least 0"),
        "{e}"
    );
    assert_eq!(o.status.code(), Some(2), "{e}");
    let o = brink(&[
        "sweep",
        "fearon-risk-return",
        "--vary",
        "c_a=-0.2:0:3",
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn estimate_reads_its_inputs_with_clear_errors() {
    let o = brink(&[
        "estimate",
        "egame12",
        "--data",
        "/nonexistent.csv",
        "--formula",
        "y ~ x | 0 | 1 | 1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent.csv"), "{}", stderr(&o));
    // Fewer rows than parameters: no estimate exists, and it says so.
    let d = dir("estimate_rows");
    let few = d.join("few.csv");
    let text = std::fs::read_to_string(war1800()).unwrap();
    std::fs::write(&few, text.lines().take(4).collect::<Vec<_>>().join("\n")).unwrap();
    let o = brink(&[
        "estimate",
        "egame12",
        "--data",
        s(&few),
        "--formula",
        WAR,
        "--errors",
        "private",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more rows than parameters"),
        "{}",
        stderr(&o)
    );
    let o = brink(&["predict", "--model", &war1800(), "--data", &war1800()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a fitted model"), "{}", stderr(&o));
}

#[test]
fn an_efg_tree_is_drawn_with_the_equilibrium_of_method() {
    let game = corpus("contrib/games/e04.efg");
    let o = brink(&["tree", &game, "--picture-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("\\color{red"),
        "no method, no equilibrium"
    );
    let o = brink(&["tree", &game, "--method", "lcp", "--picture-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\\color{red"), "{}", stdout(&o));
}

#[test]
fn progress_goes_to_a_log_as_lines_and_q_silences_it() {
    let o = brink(&[
        "montecarlo",
        "fearon-risk-return",
        "--draws",
        "50",
        "--threads",
        "1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("montecarlo: 50/50"), "{}", stderr(&o));
    let o = brink(&["montecarlo", "fearon-risk-return", "--draws", "50", "-q"]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn rust_log_shows_the_libraries_diagnostics() {
    let args = [
        "sweep",
        "fearon-risk-return",
        "--vary",
        "c_hi=0:0.4:5",
        "-q",
    ];
    let o = Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .env("RUST_LOG", "brink_analysis=debug")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("the model failed at a point"), "{e}");
    assert!(!e.contains('\u{1b}'), "no colour codes in a log: {e}");
    let o = Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(!stderr(&o).contains("DEBUG"), "{}", stderr(&o));
}
