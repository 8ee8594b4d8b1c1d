//! The text report: at most 80 lines of 100 characters by default on every
//! library model and test file, a summary that defines P(war) and agrees
//! with the outcome table, and `verbose` printing what the default leaves out.

use brink_crisis::{library, run_scenario, Method, Report, Scenario};

fn reports() -> Vec<Report> {
    let mut out = Vec::new();
    for (name, _, _) in library::MODELS {
        let s = Scenario::from_library(name).unwrap();
        out.push(run_scenario(&s, Method::Auto).unwrap());
    }
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    for e in std::fs::read_dir(data).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "crisis") {
            let s = Scenario::load(p.to_str().unwrap()).unwrap();
            out.push(run_scenario(&s, Method::Auto).unwrap());
        }
    }
    out
}

#[test]
fn every_default_report_fits_80_lines_of_100_characters() {
    for r in reports() {
        let text = r.to_text();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.len() <= 80,
            "{}: {} lines\n{text}",
            r.model,
            lines.len()
        );
        for l in &lines {
            assert!(
                l.chars().count() <= 100,
                "{}: {} chars: {l}",
                r.model,
                l.chars().count()
            );
        }
        // The summary comes first and ends at the first blank line, within ten lines.
        let summary = lines.iter().position(|l| l.is_empty()).unwrap();
        assert!(
            summary <= 10,
            "{}: summary of {summary} lines\n{text}",
            r.model
        );
        // Verbose shows every information set and every parameter.
        let full = r.to_text_with(true);
        for (k, _) in &r.parameters {
            assert!(full.contains(&format!("{k}=")), "{}: {k}", r.model);
        }
        let sets: usize = r.strategy.iter().map(|p| p.infosets.len()).sum();
        assert!(full.lines().count() >= sets, "{}", r.model);
    }
}

#[test]
fn the_summary_defines_p_war_as_the_sum_of_the_war_outcomes() {
    for r in reports() {
        let text = r.to_text();
        let line = text.lines().find(|l| l.starts_with("P(war) = ")).unwrap();
        let shown: f64 = line["P(war) = ".len()..]
            .split([':', ' '])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let wars: Vec<&(String, f64)> = r
            .outcomes
            .iter()
            .filter(|(k, _)| k.contains("war"))
            .collect();
        let sum: f64 = wars.iter().map(|x| x.1).sum();
        assert!(
            (shown - sum).abs() < 6e-5,
            "{}: {line} against {sum}",
            r.model
        );
        assert!((r.p_war() - sum).abs() < 1e-12);
        if wars.is_empty() {
            assert!(line.contains("no outcome"), "{line}");
        } else {
            // The definition names every war outcome.
            let def = text
                .lines()
                .skip_while(|l| !l.starts_with("P(war)"))
                .take(2)
                .collect::<String>();
            for (k, _) in wars {
                assert!(def.contains(k.as_str()), "{}: {k} in {def}", r.model);
            }
        }
        // The most likely play ends in the outcome it names, and it is an outcome of the model.
        assert!(
            r.outcomes.iter().any(|(k, _)| *k == r.likely_outcome),
            "{}",
            r.model
        );
        assert!(
            text.contains(&format!("→ {}", r.likely_outcome)),
            "{}\n{text}",
            r.model
        );
    }
}

#[test]
fn the_lever_rows_carry_p_war_and_the_summary_names_the_extremes() {
    let r = run_scenario(
        &Scenario::from_library(library::DEFAULT_MODEL).unwrap(),
        Method::Auto,
    )
    .unwrap();
    assert!(!r.levers.is_empty());
    for l in &r.levers {
        let war: f64 = l
            .outcomes
            .iter()
            .filter(|(k, _)| k.contains("war"))
            .map(|x| x.1)
            .sum();
        assert!((l.p_war - war).abs() < 1e-12, "{}", l.name);
        assert!(
            (l.p_war_change - (war - r.p_war())).abs() < 1e-12,
            "{}",
            l.name
        );
    }
    let low = r
        .levers
        .iter()
        .min_by(|a, b| a.p_war_change.total_cmp(&b.p_war_change))
        .unwrap();
    let text = r.to_text();
    if low.p_war_change < 0.0 {
        assert!(
            text.contains(&format!("lowers P(war) most: {}", low.name)),
            "{text}"
        );
    }
}

#[test]
fn per_country_metrics_make_a_table_by_country() {
    // Metrics named by a player's short name (`_b`) or long name
    // (`_alpha`) are laid out as one row per country; others stay a list.
    let src = r#"
model costs "per-country costs"
player A "Alpha"
player B "Beta"
metric deaths_alpha "deaths in Alpha"
metric deaths_b "deaths in Beta"
metric refugees_alpha "refugees from Alpha"
metric territory "territory lost"
outcome peace
outcome war { deaths_alpha = 100, deaths_b = 300, refugees_alpha = 7, territory = 0.5 }
game: A chooses {
  wait: end peace (A: 0, B: 0)
  attack: end war (A: 1, B: -1)
}
"#;
    let r = run_scenario(&Scenario::parse("costs.crisis", src).unwrap(), Method::Auto).unwrap();
    let text = r.to_text();
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "expected human cost per country:")
        .unwrap_or_else(|| panic!("{text}"));
    let head: Vec<&str> = lines[at + 1].split_whitespace().collect();
    assert_eq!(head, ["deaths", "refugees"], "{text}");
    let alpha: Vec<&str> = lines[at + 2].split_whitespace().collect();
    assert_eq!(alpha, ["Alpha", "100.0", "7.000"], "{text}");
    let beta: Vec<&str> = lines[at + 3].split_whitespace().collect();
    assert_eq!(beta, ["Beta", "300.0", "-"], "{text}");
    // The metric of no country stays in the list.
    assert!(text.contains("expected:\n  territory"), "{text}");
}

/// The mediator row says what is proved about its P(war): nothing more when
/// the optimum is proved by enumeration, "proved optimal" for column
/// generation, and the interval when a float optimum's multipliers certify
/// less (no library model gets there: their gaps are at most 1.5e-14) or
/// column generation stopped at a limit.
#[test]
fn the_mediator_row_says_what_is_proved_about_its_p_war() {
    let s = Scenario::from_library("fearon-risk-return").unwrap();
    let mut report = run_scenario(&s, Method::Auto).unwrap();
    let game = brink_crisis::compile(&s).unwrap();
    let proved = brink_crisis::mediator::mediator(&game, 3).unwrap();
    assert_eq!(proved.method, "enumeration");
    assert!(proved.p_war - proved.lower_bound <= 1e-9);
    let lines_of = |report: &Report| {
        let text = report.to_text();
        for l in text.lines() {
            assert!(l.chars().count() <= 100, "{l}");
        }
        text
    };
    report.mediator = Some(proved.clone());
    let text = lines_of(&report);
    assert!(text.contains("mediator"), "{text}");
    assert!(!text.contains("the least P(war) is between"), "{text}");
    assert!(!text.contains("proved optimal"), "{text}");

    let mut short = proved.clone();
    short.lower_bound = proved.p_war - 0.01;
    report.mediator = Some(short.clone());
    let text = lines_of(&report);
    let line = text
        .lines()
        .find(|l| l.contains("the least P(war) is between"))
        .unwrap_or_else(|| panic!("no interval line\n{text}"));
    assert!(line.contains("(certified bound)"), "{line}");

    let mut stopped = short;
    stopped.method = "column generation";
    stopped.stopped = Some("the time limit (300 s)".into());
    report.mediator = Some(stopped.clone());
    let text = lines_of(&report);
    assert!(
        text.contains("column generation stopped at the time limit (300 s)"),
        "{text}"
    );
    assert!(!text.contains("(certified bound)"), "{text}");

    let mut converged = stopped;
    converged.stopped = None;
    converged.lower_bound = converged.p_war;
    report.mediator = Some(converged);
    let text = lines_of(&report);
    assert!(
        text.contains("solved by column generation, proved optimal"),
        "{text}"
    );
    assert!(!text.contains("the least P(war) is between"), "{text}");
}
