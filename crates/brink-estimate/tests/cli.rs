//! The command-line front end: argument parsing, both output formats,
//! prediction from a saved fit, and errors.
mod common;
use brink_estimate::cli::{run_estimate, run_predict, EstimateArgs, PredictArgs};
use clap::Parser;

#[derive(Parser)]
struct E {
    #[command(flatten)]
    a: EstimateArgs,
}

#[derive(Parser)]
struct P {
    #[command(flatten)]
    a: PredictArgs,
}

fn war() -> String {
    format!("{}/tests/data/war1800.csv", env!("CARGO_MANIFEST_DIR"))
}

fn est(extra: &[&str]) -> anyhow::Result<()> {
    let mut args = vec!["x", "egame12", "--data"];
    let w = war();
    args.push(&w);
    args.extend(["--formula", common::WAR_FORMULA, "--errors", "private"]);
    args.extend(extra);
    run_estimate(&E::try_parse_from(args)?.a)
}

#[test]
fn estimate_runs_in_both_formats_and_predict_reads_json() {
    est(&[]).unwrap();
    est(&["--format", "json", "--starts", "2"]).unwrap();
    // Save a fit as `brink estimate --format json` prints it and predict.
    let ds = common::data("war1800.csv");
    let f = brink_estimate::Formula::parse(common::WAR_FORMULA).unwrap();
    let m = common::opts(
        brink_estimate::ModelKind::Egame12,
        brink_estimate::ErrorKind::Private,
        brink_estimate::Link::Probit,
    );
    let fit = brink_estimate::fit(&ds, &f, &m, &Default::default()).unwrap();
    let dir = std::env::temp_dir().join(format!("brink-estimate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fit.json");
    std::fs::write(&path, serde_json::to_string_pretty(&fit).unwrap()).unwrap();
    let p = P::try_parse_from(["x", "--model", path.to_str().unwrap(), "--data", &war()]).unwrap();
    run_predict(&p.a).unwrap();
    let p = P::try_parse_from(["x", "--model", &war(), "--data", &war()]).unwrap();
    let e = format!("{:#}", run_predict(&p.a).unwrap_err());
    assert!(e.contains("not a fitted model"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_errors_are_clear() {
    assert!(E::try_parse_from(["x", "egame99", "--data", "a", "--formula", "y ~ x"]).is_err());
    assert!(E::try_parse_from([
        "x",
        "egame12",
        "--data",
        "a",
        "--formula",
        "y ~ x",
        "--errors",
        "x"
    ])
    .is_err());
    let e = format!("{:#}", est(&["--link", "logit"]).unwrap_err());
    assert!(e.contains("probit"), "{e}");
    let e = format!("{:#}", est(&["--fixed", "u13"]).unwrap_err());
    assert!(e.contains("NAME=VALUE"), "{e}");
    let args = E::try_parse_from([
        "x",
        "egame12",
        "--data",
        "/nonexistent.csv",
        "--formula",
        "y ~ x | 0 | 1 | 1",
    ])
    .unwrap();
    let e = format!("{:#}", run_estimate(&args.a).unwrap_err());
    assert!(e.contains("/nonexistent.csv"), "{e}");
}
