//! Monte Carlo: reproducible across threads and shards, and right on average.

use brink_analysis::cli::{run_merge, run_montecarlo, MergeArgs, MonteCarloArgs, TableFormat};
use brink_analysis::fearon::{closed_form, RiskReturn};
use brink_analysis::{merge, montecarlo, McSpec, RunFile};

fn args(threads: usize, shard: Option<&str>) -> MonteCarloArgs {
    MonteCarloArgs {
        draws: 2000,
        seed: 42,
        dist: vec!["c_a=beta(2,8)".parse().unwrap()],
        set: vec![],
        output: None,
        format: Some(TableFormat::Json),
        plot: None,
        shard: shard.map(|s| s.parse().unwrap()),
        threads: Some(threads),
        quiet: true,
    }
}

#[test]
fn one_and_two_threads_give_identical_output() {
    let (mut one, mut two) = (Vec::new(), Vec::new());
    run_montecarlo(&RiskReturn, &args(1, None), &mut one).unwrap();
    run_montecarlo(&RiskReturn, &args(2, None), &mut two).unwrap();
    assert!(one.len() > 1000);
    assert_eq!(one, two);
}

#[test]
fn four_shards_merged_equal_the_single_run() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mc_shards");
    std::fs::create_dir_all(&dir).unwrap();
    let mut single = Vec::new();
    run_montecarlo(&RiskReturn, &args(2, None), &mut single).unwrap();
    let mut parts = Vec::new();
    for i in 1..=4 {
        let mut a = args(1, Some(&format!("{i}/4")));
        a.output = Some(dir.join(format!("part{i}.json")));
        run_montecarlo(&RiskReturn, &a, &mut Vec::new()).unwrap();
        parts.push(dir.join(format!("part{i}.json")));
    }
    parts.reverse();
    let mut merged = Vec::new();
    run_merge(
        &MergeArgs {
            parts,
            output: None,
            format: None,
            plot: None,
        },
        &mut merged,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(merged).unwrap(),
        String::from_utf8(single).unwrap()
    );
}

#[test]
fn merge_refuses_incomplete_or_mixed_parts() {
    let spec = |shard: &str, seed: u64| McSpec {
        draws: 50,
        seed,
        dists: vec![],
        set: vec![],
        shard: Some(shard.parse().unwrap()),
    };
    let run = |shard: &str, seed: u64| {
        RunFile::MonteCarlo(montecarlo(&RiskReturn, &spec(shard, seed), false).unwrap())
    };
    assert!(merge(vec![run("1/3", 1), run("2/3", 1)])
        .unwrap_err()
        .to_string()
        .contains("missing shard(s) 3/3"));
    assert!(merge(vec![run("1/2", 1), run("1/2", 1)])
        .unwrap_err()
        .to_string()
        .contains("twice"));
    assert!(
        merge(vec![run("1/2", 1), run("2/2", 2)]).is_err(),
        "different seeds"
    );
    assert!(merge(vec![]).is_err());
    assert!(merge(vec![run("1/2", 1), run("2/2", 1)]).is_ok());
}

/// Oracle: with c_hi ~ uniform(0.2, 0.6) (the model's declared distribution) and the
/// other parameters at their defaults, P(war) = ((c_hi - 0.1)/2 - 0.05)/(c_hi - 0.05)
/// = 1/2 - 0.075/(c_hi - 0.05), whose mean is 1/2 - 0.075 ln(0.55/0.15)/0.4.
#[test]
fn mean_probability_of_war_matches_the_integral() {
    let run = montecarlo(
        &RiskReturn,
        &McSpec {
            draws: 20_000,
            seed: 7,
            dists: vec![],
            set: vec![],
            shard: None,
        },
        false,
    )
    .unwrap();
    let exact = 0.5 - 0.075 * (0.55f64 / 0.15).ln() / 0.4;
    let s = run
        .summary
        .iter()
        .find(|s| s.kind == "prob" && s.name == "war")
        .unwrap();
    let se = s.sd / (s.n as f64).sqrt();
    assert!(
        (s.mean - exact).abs() < 4.0 * se,
        "mean {} vs {exact} (se {se})",
        s.mean
    );
    // The median maps through the (increasing) closed form from the median of c_hi = 0.4.
    let (_, median) = closed_form(0.5, 0.1, 0.05, 0.4);
    assert!((s.q50 - median).abs() < 0.01, "{} vs {median}", s.q50);
    let c_hi = run.summary.iter().find(|s| s.kind == "param").unwrap();
    assert!(
        (c_hi.q05 - 0.22).abs() < 0.005 && (c_hi.q95 - 0.58).abs() < 0.005,
        "{c_hi:?}"
    );
}

#[test]
fn bad_monte_carlo_arguments_are_errors() {
    let base = McSpec {
        draws: 10,
        seed: 1,
        dists: vec![],
        set: vec![],
        shard: None,
    };
    let e = montecarlo(
        &RiskReturn,
        &McSpec {
            set: vec!["c_hi=0.4".parse().unwrap()],
            ..base.clone()
        },
        false,
    );
    assert!(e
        .unwrap_err()
        .to_string()
        .contains("no parameter has a distribution"));
    let e = montecarlo(
        &RiskReturn,
        &McSpec {
            dists: vec!["x=normal(0,1)".parse().unwrap()],
            ..base.clone()
        },
        false,
    );
    assert!(e.is_err());
    assert!(montecarlo(&RiskReturn, &McSpec { draws: 0, ..base }, false).is_err());
}
