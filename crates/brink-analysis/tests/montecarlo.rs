//! Monte Carlo: reproducible across threads and shards, and right on average.

use brink_analysis::fearon::{closed_form, RiskReturn};
use brink_analysis::{merge, run_design, DesignRun, DesignSpec};
use brink_game::Watch;

fn beta_spec(shard: Option<&str>) -> DesignSpec {
    DesignSpec {
        shard: shard.map(|s| s.parse().unwrap()),
        ..DesignSpec::montecarlo(2000, 42, vec!["c_a=beta(2,8)".parse().unwrap()], vec![])
    }
}

fn json_on(threads: usize, spec: &DesignSpec) -> String {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| run_design(&RiskReturn, spec, &Watch::quiet()))
        .unwrap()
        .to_json()
        .unwrap()
}

#[test]
fn one_and_two_threads_give_identical_output() {
    let one = json_on(1, &beta_spec(None));
    assert!(one.len() > 1000);
    assert_eq!(one, json_on(2, &beta_spec(None)));
}

#[test]
fn four_shards_merged_equal_the_single_run() {
    let single = json_on(2, &beta_spec(None));
    let parts: Vec<DesignRun> = (1..=4)
        .rev()
        .map(|i| {
            let text = json_on(1, &beta_spec(Some(&format!("{i}/4"))));
            serde_json::from_str(&text).unwrap()
        })
        .collect();
    assert_eq!(merge(parts).unwrap().to_json().unwrap(), single);
}

#[test]
fn merge_refuses_incomplete_or_mixed_parts() {
    let spec = |shard: &str, seed: u64| DesignSpec {
        shard: Some(shard.parse().unwrap()),
        ..DesignSpec::montecarlo(50, seed, vec![], vec![])
    };
    let run = |shard: &str, seed: u64| {
        run_design(&RiskReturn, &spec(shard, seed), &Watch::quiet()).unwrap()
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
    let run = run_design(
        &RiskReturn,
        &DesignSpec::montecarlo(20_000, 7, vec![], vec![]),
        &Watch::quiet(),
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
    let mc = |draws: usize, dists: &[&str], set: &[&str]| {
        let spec = DesignSpec::montecarlo(
            draws,
            1,
            dists.iter().map(|d| d.parse().unwrap()).collect(),
            set.iter().map(|s| s.parse().unwrap()).collect(),
        );
        run_design(&RiskReturn, &spec, &Watch::quiet())
    };
    let e = mc(10, &[], &["c_hi=0.4"]);
    assert!(e
        .unwrap_err()
        .to_string()
        .contains("no parameter has a distribution"));
    assert!(mc(10, &["x=normal(0,1)"], &[]).is_err());
    assert!(mc(0, &[], &[]).is_err());
    assert!(mc(usize::MAX, &[], &[]).is_err(), "too many draws");
    assert!(
        mc(10, &["c_hi=uniform(0.2,0.6)"], &["c_hi=0.3"]).is_err(),
        "drawn and set"
    );
}
