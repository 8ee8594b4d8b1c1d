//! `brink estimate --plot-probs`: pictures and tables end to end, and the
//! option errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FORMULA: &str = "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc";

fn war1800() -> String {
    let p: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "crates",
        "brink-estimate",
        "tests",
        "data",
        "war1800.csv",
    ]
    .iter()
    .collect();
    p.to_string_lossy().into_owned()
}

fn estimate(extra: &[&str]) -> Output {
    let data = war1800();
    let mut args = vec![
        "estimate",
        "egame12",
        "--data",
        &data,
        "--formula",
        FORMULA,
        "--errors",
        "private",
    ];
    args.extend(extra);
    Command::new(env!("CARGO_BIN_EXE_brink"))
        .args(&args)
        .output()
        .expect("brink runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brink-estimate-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn svg_png_and_table_are_written() {
    let (svg, png, csv) = (tmp("war.svg"), tmp("war.png"), tmp("war.csv"));
    let o = estimate(&[
        "--plot-probs",
        "balanc",
        "--plot",
        s(&svg),
        "--probs-csv",
        s(&csv),
        "--n-points",
        "40",
        "--sims",
        "300",
        "--outcome-names",
        "status quo,acquiescence,war",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The regression table is printed as without --plot-probs.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Log-likelihood: -323.42"), "{out}");
    assert!(stderr(&o).contains("peaceyrs = 7"), "{}", stderr(&o));

    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.len() > 8_000, "svg of {} bytes", text.len());
    assert!(text.starts_with("<svg"));
    for label in ["balanc", "Pr(status quo)", "Pr(acquiescence)", "Pr(war)"] {
        assert!(text.contains(label), "{label} missing from the svg");
    }
    // Three translucent bands and three curves.
    assert!(text.matches("<polygon").count() >= 3);

    let table = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows[0], "x,outcome,fit,lower,upper");
    assert_eq!(rows.len(), 1 + 40 * 3);
    for r in &rows[1..] {
        let c: Vec<&str> = r.split(',').collect();
        let v: Vec<f64> = [c[2], c[3], c[4]]
            .iter()
            .map(|x| x.parse().unwrap())
            .collect();
        assert!(
            0.0 <= v[1] && v[1] <= v[0] && v[0] <= v[2] && v[2] <= 1.0,
            "{r}"
        );
    }

    let o = estimate(&[
        "--plot-probs",
        "peaceyrs",
        "--plot",
        s(&png),
        "--sims",
        "200",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(bytes.len() > 20_000, "png of {} bytes", bytes.len());
}

#[test]
fn plot_options_fail_clearly() {
    // --plot without --plot-probs is a usage error.
    let o = estimate(&["--plot", s(&tmp("x.svg"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--plot-probs"), "{}", stderr(&o));
    // An unknown regressor is named with the usable ones.
    let o = estimate(&["--plot-probs", "nope", "--plot", s(&tmp("y.svg"))]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("'nope'") && e.contains("usable: peaceyrs, s_wt_re1, balanc"),
        "{e}"
    );
    assert!(!tmp("y.svg").exists());
    // It is found before the fit: no regression table.
    assert!(o.stdout.is_empty());
    // So is a column of the data that the formula does not use.
    let o = estimate(&["--plot-probs", "regime1", "--plot", s(&tmp("y.svg"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("column of the data but not a regressor"),
        "{}",
        stderr(&o)
    );
    // A picture format it cannot draw fails before the fit, as a usage error.
    let o = estimate(&["--plot-probs", "balanc", "--plot", s(&tmp("z.pdf"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".svg or .png"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    // Nowhere to put the curves: a usage error.
    let o = estimate(&["--plot-probs", "balanc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--probs-csv"), "{}", stderr(&o));
    // Outcome names must match the model.
    let o = estimate(&[
        "--plot-probs",
        "balanc",
        "--plot",
        s(&tmp("w.svg")),
        "--outcome-names",
        "a,b",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("3 outcomes"), "{}", stderr(&o));
    // Without --plot-probs, estimate is unchanged.
    let o = estimate(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}
