//! The default scenario (the founding crisis): its report, its levers, its
//! calibration against the COW rows in testdata/conflict, and that every
//! parameter bites. Speed is left to benchmarks (no timed tests).

use brink_crisis::{library, run, Dist, Method, Report, Scenario};

fn value(s: &Scenario, name: &str) -> f64 {
    s.parameters()
        .unwrap()
        .iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
        .value
}

#[test]
fn founding_crisis_report_is_complete_and_consistent() {
    let r = run(library::DEFAULT_MODEL, &[], Method::Auto).unwrap();
    let total: f64 = r.outcomes.iter().map(|x| x.1).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    assert!(r.converged, "regret {}", r.regret);
    assert!(r
        .notes
        .iter()
        .any(|n| n.contains("illustrative assumptions, not a forecast")));
    for m in [
        "deaths",
        "deaths_ukraine",
        "deaths_russia",
        "refugees",
        "territory",
    ] {
        assert!(r.expected.iter().any(|(k, _)| k == m), "{m}");
    }
    // Expected deaths are the outcome-weighted metric values: recompute from
    // the outcome probabilities and the declared per-outcome deaths.
    let p = |k: &str| r.outcome(k);
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let v = |k: &str| value(&s, k);
    let deaths = (p("war") + p("war_inadvertent")) * v("deaths_war")
        + p("clash") * v("deaths_clash")
        + p("catastrophic_war") * v("deaths_catastrophe");
    assert!((r.expected("deaths") - deaths).abs() < 1e-6 * deaths.max(1.0));
    // Every outcome the statement needs is reached at the defaults.
    for o in [
        "settlement",
        "stalemate",
        "concession",
        "clash",
        "war",
        "war_inadvertent",
    ] {
        assert!(p(o) > 1e-3, "{o} is not reached: {}", p(o));
    }
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
            "German resolve",
            "no misperception",
            "public engagement",
            "no disinformation"
        ]
    );
    for l in &r.levers {
        let t: f64 = l.outcomes.iter().map(|x| x.1).sum();
        assert!((t - 1.0).abs() < 1e-9, "{}", l.name);
        assert!(l.converged, "{} did not converge", l.name);
    }
    let j = r.to_json();
    assert!(j["p_war"].as_f64().is_some());
    assert!(j["levers"][0].get("p_war").is_some() && j["levers"][0].get("converged").is_some());
}

fn lever<'a>(r: &'a Report, name: &str) -> &'a brink_crisis::LeverResult {
    r.levers.iter().find(|l| l.name == name).unwrap()
}

#[test]
fn levers_do_what_their_names_say() {
    let r = run(library::DEFAULT_MODEL, &[], Method::Auto).unwrap();
    let base = r.p_war();
    // Raising the cost of war, the value of a deal or the weight of citizens'
    // losses, or removing the build-up's edge, lowers war.
    for name in [
        "withdrawal",
        "negotiations",
        "serious sanctions",
        "German resolve",
        "no misperception",
        "public engagement",
    ] {
        let l = lever(&r, name);
        assert!(l.p_war < base - 1e-3, "{name}: {} -> {}", base, l.p_war);
    }
    // De-escalation and the ceasefire lower the incidents that escalate.
    for name in ["de-escalation", "ceasefire"] {
        let l = lever(&r, name);
        let inadvertent = l
            .outcomes
            .iter()
            .find(|o| o.0 == "war_inadvertent")
            .unwrap()
            .1;
        assert!(inadvertent < r.outcome("war_inadvertent"), "{name}");
    }
    // Negotiations open the settlement range: more settle.
    let n = lever(&r, "negotiations");
    let settled = n.outcomes.iter().find(|o| o.0 == "settlement").unwrap().1;
    assert!(settled > r.outcome("settlement") + 0.1);
    // Arms reduction lowers the risk that a war becomes catastrophic.
    let a = lever(&r, "arms reduction");
    let cat = a
        .outcomes
        .iter()
        .find(|o| o.0 == "catastrophic_war")
        .unwrap()
        .1;
    let war = a.outcomes.iter().find(|o| o.0 == "war").unwrap().1;
    assert!(cat / war < r.outcome("catastrophic_war") / r.outcome("war"));
}

#[test]
fn capabilities_match_the_cow_rows() {
    let csv = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/conflict/cow_nmc_2021.csv"
    ));
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let src = library::source(library::DEFAULT_MODEL).unwrap();
    for (code, player, param) in [
        ("2.0", "USA", "cinc_usa"),
        ("255.0", "DEU", "cinc_deu"),
        ("365.0", "RUS", "cinc_rus"),
        ("369.0", "UKR", "cinc_ukr"),
    ] {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{code},2021.0")))
            .unwrap();
        let cinc: f64 = row.rsplit(',').next().unwrap().parse().unwrap();
        assert_eq!(value(&s, param), cinc, "{param}");
        let line = src
            .lines()
            .find(|l| l.starts_with(&format!("player {player} ")))
            .unwrap();
        assert!(line.contains(&format!("capability = {param}")), "{line}");
    }
}

#[test]
fn war_deaths_come_from_the_reference_class() {
    let csv = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/conflict/cow_wars_major_v_minor.csv"
    ));
    let logs: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse::<f64>().unwrap().ln())
        .collect();
    assert_eq!(logs.len(), 27);
    let n = logs.len() as f64;
    let mu = logs.iter().sum::<f64>() / n;
    let sd = (logs.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let p = s
        .parameters()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "deaths_war")
        .unwrap();
    let Some(Dist::Lognormal { mu: m, sigma }) = p.dist else {
        panic!("deaths_war should be lognormal: {:?}", p.dist)
    };
    assert!(
        (m - mu).abs() < 0.01 && (sigma - sd).abs() < 0.01,
        "{m} {sigma} vs {mu} {sd}"
    );
    // The default is the fit's mean, rounded to the thousand.
    let mean = (mu + sd * sd / 2.0).exp();
    assert!((p.value - mean).abs() < 1000.0, "{} vs {mean}", p.value);
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
                || d.contains("lever")
                || d.contains("count from"),
            "{}: {}",
            p.name,
            p.doc
        );
    }
}

/// Every end of every parameter's range converges (the last that did not,
/// `audience_rus` at 0.12, does since Newton on one cut per information set,
/// `solve/infoset_cuts.rs`).
#[test]
fn no_parameter_is_dead() {
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let rows =
        brink_crisis::uncertainty::sensitivity(&s, Method::Auto, &brink_game::Watch::quiet())
            .unwrap();
    let params = s.parameters().unwrap();
    assert_eq!(rows.len(), params.len(), "every parameter has a range");
    for row in &rows {
        let doc = &params.iter().find(|p| p.name == row.parameter).unwrap().doc;
        assert!(
            row.largest_change >= 1e-3
                || doc.contains("acts only with")
                || doc.contains("no effect at the defaults"),
            "{} changes nothing between {} and {} (largest change {:e}) and its doc does not say why: {doc}",
            row.parameter,
            row.low,
            row.high,
            row.largest_change
        );
        assert!(
            row.converged,
            "{}: no equilibrium at {} or {}",
            row.parameter, row.low, row.high
        );
    }
}
