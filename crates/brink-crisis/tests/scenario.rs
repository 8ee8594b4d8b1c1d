//! The default scenario (the founding crisis): its report, its levers, its
//! calibration against the COW rows in testdata/conflict, and its speed is
//! left to benchmarks (no timed tests).

use brink_crisis::{library, run, Method, Scenario};

#[test]
fn founding_crisis_report_is_complete_and_consistent() {
    let r = run(library::DEFAULT_MODEL, &[], Method::Auto).unwrap();
    let total: f64 = r.outcomes.iter().map(|x| x.1).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    assert!(r.regret < 1e-6, "regret {}", r.regret);
    assert!(r
        .notes
        .iter()
        .any(|n| n.contains("illustrative assumptions, not a forecast")));
    for m in ["deaths", "refugees", "territory", "economic_cost"] {
        assert!(r.expected.iter().any(|(k, _)| k == m), "{m}");
    }
    // Expected deaths are the outcome-weighted metric values: recompute from
    // the outcome probabilities and the declared per-outcome deaths.
    let p = |k: &str| r.outcome(k);
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let v = |k: &str| {
        s.parameters()
            .unwrap()
            .iter()
            .find(|x| x.name == k)
            .unwrap()
            .value
    };
    let deaths = p("war") * v("deaths_war")
        + p("war_inadvertent") * v("deaths_clash")
        + p("catastrophic_war") * 100.0 * v("deaths_war");
    assert!((r.expected("deaths") - deaths).abs() < 1e-6 * deaths.max(1.0));
    // The lever table: the eight levers of the issue, each with outcomes summing to 1.
    let names: Vec<&str> = r.levers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "de-escalation",
            "withdrawal",
            "ceasefire",
            "negotiations",
            "arms reduction",
            "serious sanctions",
            "alliance unity",
            "no disinformation"
        ]
    );
    for l in &r.levers {
        let t: f64 = l.outcomes.iter().map(|x| x.1).sum();
        assert!((t - 1.0).abs() < 1e-9, "{}", l.name);
    }
    // A united, resolved alliance deters: P(war) falls.
    let war = |o: &[(String, f64)]| {
        o.iter()
            .filter(|(k, _)| k.contains("war"))
            .map(|x| x.1)
            .sum::<f64>()
    };
    let unity = r
        .levers
        .iter()
        .find(|l| l.name == "alliance unity")
        .unwrap();
    assert!(war(&unity.outcomes) < war(&r.outcomes));
    // JSON shape of the issue.
    let j = r.to_json();
    for key in [
        "model",
        "parameters",
        "method",
        "outcomes",
        "expected",
        "payoffs",
        "strategy",
        "regret",
        "levers",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    assert!(j["levers"][0].get("changes").is_some() && j["levers"][0].get("expected").is_some());
    assert!(r.to_text().contains("levers (change against the baseline"));
}

#[test]
fn capabilities_match_the_cow_rows() {
    let csv = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/conflict/cow_nmc_2021.csv"
    ));
    let src = library::source(library::DEFAULT_MODEL).unwrap();
    for (code, player) in [
        ("2.0", "USA"),
        ("255.0", "DEU"),
        ("365.0", "RUS"),
        ("369.0", "UKR"),
    ] {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{code},2021.0")))
            .unwrap();
        let cinc = row.rsplit(',').next().unwrap();
        let line = src
            .lines()
            .find(|l| l.starts_with(&format!("player {player} ")))
            .unwrap();
        assert!(
            line.contains(&format!("capability = {cinc}")),
            "{player}: {line} vs CINC {cinc}"
        );
    }
    let wars = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/conflict/cow_war_inter_winter_war.csv"
    ));
    let row = wars.lines().nth(1).unwrap();
    let f: Vec<&str> = row.split(',').collect();
    let deaths: f64 = f[12].parse::<f64>().unwrap() + f[13].parse::<f64>().unwrap();
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let d = s
        .parameters()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "deaths_war")
        .unwrap();
    assert_eq!(d.value, deaths);
}

#[test]
fn every_parameter_says_where_its_number_comes_from() {
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    for p in s.parameters().unwrap() {
        assert!(!p.doc.is_empty(), "{} has no documentation", p.name);
        let d = p.doc.to_lowercase();
        assert!(
            d.contains("assumption")
                || d.contains("cow")
                || d.contains("text")
                || d.contains("lever"),
            "{}: {}",
            p.name,
            p.doc
        );
    }
}
