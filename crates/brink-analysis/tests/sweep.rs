//! Sweeps of the risk-return model against its closed form, at every grid point.

use brink_analysis::fearon::{closed_form, RiskReturn};
use brink_analysis::{merge, run_design, DesignRun, DesignSpec, Set};
use brink_game::Watch;

fn spec(vary: &[&str], set: &[&str]) -> DesignSpec {
    DesignSpec::sweep(
        vary.iter().map(|v| v.parse().unwrap()).collect(),
        set.iter().map(|s| s.parse().unwrap()).collect(),
    )
}

fn run(spec: &DesignSpec) -> DesignRun {
    run_design(&RiskReturn, spec, &Watch::quiet()).unwrap()
}

#[test]
fn sweep_over_c_hi_matches_the_closed_form_at_every_point() {
    let t = run(&spec(
        &["c_hi=0.1:0.9:81"],
        &["c_a=0.1", "c_lo=0.05", "p=0.5"],
    ));
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
    let t = run(&spec(&["c_hi=0.2:0.8:7", "c_a=0:0.3:4"], &[]));
    assert_eq!(t.points.len(), 28);
    for p in &t.points {
        let (c_hi, c_a) = (p.params[0], p.params[1]);
        assert_eq!(
            c_hi,
            t.vary()[0].values()[p.index % 7],
            "first parameter fastest"
        );
        let (_, war) = closed_form(0.5, c_a, 0.05, c_hi);
        assert!((p.outcomes[0] - war).abs() < 1e-9);
    }
}

#[test]
fn failed_points_are_kept_with_their_error() {
    // c_hi <= c_lo = 0.05 is outside the model.
    let t = run(&spec(&["c_hi=0:0.4:5"], &[]));
    assert!(t.points[0].error.as_ref().unwrap().contains("c_lo < c_hi"));
    assert!(t.points[0].regret.is_none());
    assert!(t.points[1..].iter().all(|p| p.error.is_none()));
    let mut csv = Vec::new();
    t.write_points_csv(&mut csv).unwrap();
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
        assert!(
            run_design(&RiskReturn, &s, &Watch::quiet()).is_err(),
            "{s:?}"
        );
    }
    // Every point failing is an error, with the model's message.
    let e = run_design(&RiskReturn, &spec(&["p=2:3:3"], &[]), &Watch::quiet()).unwrap_err();
    assert!(e.to_string().contains("need 0 <= p <= 1"), "{e}");
    assert!("c_hi".parse::<Set>().is_err());
}

#[test]
fn three_shards_merge_into_the_whole_sweep() {
    let whole = run(&spec(&["c_hi=0.1:0.9:21", "c_a=0:0.2:3"], &[]));
    let parts: Vec<DesignRun> = (1..=3)
        .rev()
        .map(|i| {
            let mut s = spec(&["c_hi=0.1:0.9:21", "c_a=0:0.2:3"], &[]);
            s.shard = Some(format!("{i}/3").parse().unwrap());
            run(&s)
        })
        .collect();
    assert_eq!(merge(parts).unwrap(), whole);
}

/// Runs written to JSON files and read back merge into the file of the whole run.
#[test]
fn json_parts_merge_through_files_into_the_whole_file() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sweep_files");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = |shard: Option<&str>| DesignSpec {
        shard: shard.map(|s| s.parse().unwrap()),
        ..spec(&["c_hi=0.1:0.9:40"], &[])
    };
    let whole = run(&spec(None)).to_json().unwrap();
    let mut paths = Vec::new();
    for part in ["2/2", "1/2"] {
        let path = dir.join(part.replace('/', "of"));
        std::fs::write(&path, run(&spec(Some(part))).to_json().unwrap()).unwrap();
        paths.push(path);
    }
    let parts = paths.iter().map(|p| DesignRun::read(p).unwrap()).collect();
    assert_eq!(merge(parts).unwrap().to_json().unwrap(), whole);
}

#[test]
fn a_cancelled_sweep_stops_with_cancelled() {
    let cancel = brink_game::Cancel::new();
    cancel.cancel();
    let watch = Watch::new(&brink_game::progress::Quiet, &cancel);
    let e = run_design(&RiskReturn, &spec(&["c_hi=0.1:0.9:40"], &[]), &watch).unwrap_err();
    assert!(
        matches!(e, brink_analysis::AnalysisError::Cancelled(_)),
        "{e}"
    );
}
