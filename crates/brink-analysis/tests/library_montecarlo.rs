//! `brink montecarlo MODEL` without `--dist` on every library model: each
//! declares distributions for its uncertain parameters.

use brink_analysis::crisis::CrisisModel;
use brink_analysis::{run_design, Design, DesignSpec, Model};
use brink_crisis::Method;
use brink_game::Watch;

#[test]
fn every_library_model_runs_monte_carlo_on_its_declared_distributions() {
    for name in brink_crisis::library::names() {
        if name == "founding-crisis" {
            // Its distributions and its Monte Carlo come with its rewrite
            // (issue 14), whose tests time it.
            continue;
        }
        let m = CrisisModel::load(name, Method::Auto).unwrap();
        let declared: Vec<String> = m
            .parameters()
            .into_iter()
            .filter(|p| p.dist.is_some())
            .map(|p| p.name)
            .collect();
        assert!(!declared.is_empty(), "{name} declares no distribution");
        let spec = DesignSpec {
            design: Design::Montecarlo {
                draws: 6,
                seed: 1,
                dists: vec![],
            },
            set: vec![],
            shard: None,
        };
        let run = run_design(&m, &spec, &Watch::quiet()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let drawn: Vec<&str> = run.params.iter().map(String::as_str).collect();
        assert_eq!(drawn, declared, "{name}");
        assert_eq!(run.failures(), 0, "{name}: {:?}", run.points);
        // Every draw is inside the parameter's declared range.
        let params = brink_crisis::Scenario::from_library(name)
            .unwrap()
            .parameters()
            .unwrap();
        for d in &run.points {
            for (x, arg) in d.params.iter().zip(&run.params) {
                let p = params.iter().find(|p| &p.name == arg).unwrap();
                if let Some((lo, hi)) = p.range {
                    assert!((lo..=hi).contains(x), "{name}: {} = {x}", p.name);
                }
            }
        }
    }
}

/// `--dist` replaces one declared distribution, in the same text form as
/// before, and the run records every drawn parameter with its distribution.
#[test]
fn a_given_distribution_replaces_a_declared_one() {
    let m = CrisisModel::load("fearon-risk-return", Method::Auto).unwrap();
    let spec = DesignSpec::montecarlo(
        5,
        2,
        vec!["c_hi=normal(0.4,0.01)".parse().unwrap()],
        vec!["p=0.5".parse().unwrap()],
    );
    let run = run_design(&m, &spec, &Watch::quiet()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&run.to_json().unwrap()).unwrap();
    let dists = json["dists"].as_array().unwrap();
    let names: Vec<&str> = dists.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["c_a", "c_lo", "c_hi"], "p is fixed by --set");
    assert_eq!(json["kind"], "montecarlo");
    assert_eq!(dists[2]["dist"]["family"], "normal");
    assert_eq!(dists[2]["dist"]["sd"], 0.01);
}
