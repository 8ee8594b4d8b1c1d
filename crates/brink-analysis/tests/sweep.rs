//! Sweeps of the risk-return model against its closed form, at every grid point.

use brink_analysis::cli::{run_merge, run_sweep, MergeArgs, SweepArgs, TableFormat};
use brink_analysis::fearon::{closed_form, RiskReturn};
use brink_analysis::{merge, sweep, RunFile, Set, SweepSpec, Vary};

fn spec(vary: &[&str], set: &[&str]) -> SweepSpec {
    SweepSpec {
        vary: vary.iter().map(|v| v.parse().unwrap()).collect(),
        set: set.iter().map(|s| s.parse().unwrap()).collect(),
        shard: None,
    }
}

#[test]
fn sweep_over_c_hi_matches_the_closed_form_at_every_point() {
    let t = sweep(
        &RiskReturn,
        &spec(&["c_hi=0.1:0.9:81"], &["c_a=0.1", "c_lo=0.05", "p=0.5"]),
        false,
    )
    .unwrap();
    assert_eq!(t.points.len(), 81);
    assert_eq!(t.outcomes, vec!["war", "settlement"]);
    let mut regimes = (false, false);
    for p in &t.points {
        let c_hi = 0.1 + 0.8 * p.index as f64 / 80.0;
        assert!((p.params[0] - c_hi).abs() < 1e-12);
        let (x, war) = closed_form(0.5, 0.1, 0.05, c_hi);
        assert!(
            (p.outcomes[0] - war).abs() < 1e-9,
            "c_hi={c_hi}: {} vs {war}",
            p.outcomes[0]
        );
        assert!((p.metrics[0] - x).abs() < 1e-9);
        assert!(p.regret.unwrap() < 1e-9);
        if war == 0.0 {
            regimes.0 = true;
        } else {
            regimes.1 = true;
        }
    }
    assert_eq!(
        regimes,
        (true, true),
        "the grid spans both the no-war and the risky regime"
    );
}

#[test]
fn two_parameter_sweep_matches_the_closed_form() {
    let t = sweep(
        &RiskReturn,
        &spec(&["c_hi=0.2:0.8:7", "c_a=0:0.3:4"], &[]),
        false,
    )
    .unwrap();
    assert_eq!(t.points.len(), 28);
    for p in &t.points {
        let (c_hi, c_a) = (p.params[0], p.params[1]);
        assert_eq!(
            c_hi,
            t.vary[0].values()[p.index % 7],
            "first parameter fastest"
        );
        let (_, war) = closed_form(0.5, c_a, 0.05, c_hi);
        assert!((p.outcomes[0] - war).abs() < 1e-9);
    }
}

#[test]
fn failed_points_are_kept_with_their_error() {
    // c_hi <= c_lo = 0.05 is outside the model.
    let t = sweep(&RiskReturn, &spec(&["c_hi=0:0.4:5"], &[]), false).unwrap();
    assert!(t.points[0].error.as_ref().unwrap().contains("c_lo < c_hi"));
    assert!(t.points[0].regret.is_none());
    assert!(t.points[1..].iter().all(|p| p.error.is_none()));
    let mut csv = Vec::new();
    t.write_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text
        .starts_with("c_hi,prob:war,prob:settlement,metric:demand,metric:payoff_a,regret,error\n"));
    assert_eq!(text.lines().count(), 6);
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    let bad = [
        spec(&["nope=0:1:3"], &[]),
        spec(&["c_hi=0.2:0.4:3"], &["c_hi=0.3"]),
        spec(&["c_hi=0.2:0.4:3", "c_hi=0.2:0.4:3"], &[]),
        spec(&["c_hi=0.2:0.4:3", "c_a=0:1:2", "p=0:1:2"], &[]),
        spec(&[], &[]),
        spec(&["c_hi=0.2:0.4:3"], &["zzz=1"]),
    ];
    for s in bad {
        assert!(sweep(&RiskReturn, &s, false).is_err(), "{s:?}");
    }
    // Every point failing is an error, with the model's message.
    let e = sweep(&RiskReturn, &spec(&["p=2:3:3"], &[]), false).unwrap_err();
    assert!(e.to_string().contains("need 0 <= p <= 1"), "{e}");
    assert!("c_hi".parse::<Set>().is_err());
}

#[test]
fn three_shards_merge_into_the_whole_sweep() {
    let whole = sweep(
        &RiskReturn,
        &spec(&["c_hi=0.1:0.9:21", "c_a=0:0.2:3"], &[]),
        false,
    )
    .unwrap();
    let parts: Vec<RunFile> = (1..=3)
        .rev()
        .map(|i| {
            let mut s = spec(&["c_hi=0.1:0.9:21", "c_a=0:0.2:3"], &[]);
            s.shard = Some(format!("{i}/3").parse().unwrap());
            RunFile::Sweep(sweep(&RiskReturn, &s, false).unwrap())
        })
        .collect();
    assert_eq!(merge(parts).unwrap(), RunFile::Sweep(whole));
}

#[test]
fn cli_sweep_writes_json_parts_that_merge_through_files() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sweep_cli");
    std::fs::create_dir_all(&dir).unwrap();
    let args = |shard: Option<&str>, out: &str| SweepArgs {
        vary: vec!["c_hi=0.1:0.9:40".parse::<Vary>().unwrap()],
        set: vec![],
        output: Some(dir.join(out)),
        format: None,
        plot: None,
        shard: shard.map(|s| s.parse().unwrap()),
        threads: Some(2),
        quiet: true,
    };
    let mut sink = Vec::new();
    let whole = run_sweep(&RiskReturn, &args(None, "whole.json"), &mut sink).unwrap();
    run_sweep(&RiskReturn, &args(Some("1/2"), "a.json"), &mut sink).unwrap();
    run_sweep(&RiskReturn, &args(Some("2/2"), "b.json"), &mut sink).unwrap();
    let merged = run_merge(
        &MergeArgs {
            parts: vec![dir.join("b.json"), dir.join("a.json")],
            output: Some(dir.join("merged.json")),
            format: Some(TableFormat::Json),
            plot: None,
        },
        &mut sink,
    )
    .unwrap();
    assert_eq!(merged, RunFile::Sweep(whole));
    assert_eq!(
        std::fs::read_to_string(dir.join("merged.json")).unwrap(),
        std::fs::read_to_string(dir.join("whole.json")).unwrap()
    );
    // A shard cannot be written as CSV, where merge could not read it back.
    let mut csv = args(Some("1/2"), "a.csv");
    csv.format = Some(TableFormat::Csv);
    assert!(run_sweep(&RiskReturn, &csv, &mut sink).is_err());
}
