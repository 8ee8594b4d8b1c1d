//! The lever chart and the tornado chart: files of the right format and
//! size, bars in the order of the data.

use brink_analysis::plot::levers::{lever_bars, tornado_bars};
use brink_analysis::{plot_levers, plot_sensitivity};
use brink_crisis::uncertainty::{lever_uncertainty, sensitivity};
use brink_crisis::{Method, Report, Scenario};
use std::path::PathBuf;

/// A fights when `w + gain + r > bonus`, r standard normal: P(war) =
/// 1 - Phi(bonus - w - gain). "bonus" lowers war most, "small bonus" less,
/// "arms" raises it.
const MODEL: &str = r#"
model lever-chart "A fights or not"
param w = 0 in [-2, 2] ~ normal(0, 0.3)             "A's mean war payoff"
param deaths_war = 1000 in [0, 1e6] ~ uniform(800, 1200) "deaths in a war"
param bonus = 0 in [0, 5]                           "A's payoff from peace"
param gain = 0 in [0, 2]                            "A's extra war payoff"
metric deaths "battle deaths"
player A "A" { private r ~ normal(0, 1) }
outcome peace { deaths = 0 }
outcome war { deaths = deaths_war }
game: A chooses {
  peace: end peace (A: bonus)
  fight: end war (A: w + gain + r)
}
lever "small bonus" "peace pays 0.3 more" { set bonus = 0.3 }
lever "arms" "war pays 0.5 more" { set gain = 0.5 }
lever "bonus" "peace pays 1 more" { set bonus = 1 }
"#;

fn report(with_draws: bool) -> Report {
    let s = Scenario::parse("lever-chart.crisis", MODEL).unwrap();
    let mut r = brink_crisis::run_scenario(&s, Method::Auto).unwrap();
    if with_draws {
        r.uncertainty =
            Some(lever_uncertainty(&s, Method::Auto, 40, 1, &brink_game::Watch::quiet()).unwrap());
    }
    r.sensitivity = sensitivity(&s, Method::Auto, &brink_game::Watch::quiet()).unwrap();
    r
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lever_plots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &PathBuf) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

/// The y coordinates of the text elements showing each label, in the order given.
fn label_rows(svg: &str, labels: &[&str]) -> Vec<f64> {
    labels
        .iter()
        .map(|l| {
            // plotters writes a text's content on its own line.
            let end = svg
                .find(&format!(">\n{l}\n</text>"))
                .or_else(|| svg.find(&format!(">{l}</text>")))
                .unwrap_or_else(|| panic!("no label {l}"));
            let open = svg[..end].rfind("<text").unwrap();
            let tag = &svg[open..end];
            let y = tag.find(" y=\"").unwrap() + 4;
            let len = tag[y..].find('"').unwrap();
            tag[y..y + len].parse().unwrap()
        })
        .collect()
}

#[test]
fn lever_bars_follow_the_data_with_and_without_draws() {
    for with_draws in [false, true] {
        let r = report(with_draws);
        let (p, d) = lever_bars(&r, Some("deaths"));
        let names: Vec<&str> = p.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            names,
            ["bonus", "small bonus", "arms"],
            "draws: {with_draws}"
        );
        assert!(p[0].to < p[1].to && p[1].to < 0.0 && p[2].to > 0.0);
        // Deaths move with war: the same order, the same signs.
        assert!(d[0].to < d[1].to && d[1].to < 0.0 && d[2].to > 0.0);
        if with_draws {
            let (lo, hi) = p[0].whisker.unwrap();
            assert!(lo <= p[0].to && p[0].to <= hi && hi < 0.0);
        } else {
            // Point values: 1 - Phi(1) - 0.5 for "bonus".
            let exact = 0.5 - brink_crisis::Dist::Normal { mean: 0.0, sd: 1.0 }.cdf(1.0);
            assert!((p[0].to - exact).abs() < 1e-9, "{}", p[0].to);
            assert!(p[0].whisker.is_none());
        }
    }
}

#[test]
fn lever_charts_are_written_in_both_formats_in_the_data_order() {
    let r = report(true);
    let svg = tmp("levers.svg");
    plot_levers(&r, &svg).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains("width=\"1760\""),
        "{}",
        &text[..200]
    );
    assert!(text.contains("change in P(war)") && text.contains("change in expected deaths"));
    // From the top: the lever that lowers war most, then the next.
    let ys = label_rows(&text, &["bonus", "small bonus", "arms"]);
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
    let png = tmp("levers.png");
    plot_levers(&report(false), &png).unwrap();
    assert_eq!(png_size(&png), (1760, 150 + 56 * 3));
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn tornado_is_sorted_by_swing_and_written() {
    let r = report(false);
    let bars = tornado_bars(&r.sensitivity);
    // bonus over [0, 5] swings P(war) from 0.5 to nearly 0; gain over
    // [0, 2] from 0.5 to 0.98; w over its 5%-95% quantiles (+-0.49) by
    // 0.38; deaths_war not at all.
    let names: Vec<&str> = bars
        .iter()
        .map(|b| b.label.split(' ').next().unwrap())
        .collect();
    assert_eq!(names, ["bonus", "gain", "w", "deaths_war"]);
    let swing = |b: &brink_analysis::plot::levers::Bar| (b.to - b.from).abs();
    assert!(bars.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    let svg = tmp("tornado.svg");
    plot_sensitivity(&r, &svg).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
    let ys = label_rows(&text, &labels);
    assert!(
        ys.windows(2).all(|w| w[0] < w[1]),
        "largest swing on top: {ys:?}"
    );
    assert!(text.contains("low end") && text.contains("high end"));
    let png = tmp("tornado.png");
    plot_sensitivity(&r, &png).unwrap();
    assert_eq!(png_size(&png), (1400, 150 + 48 * 4));
}

#[test]
fn charts_without_their_data_or_with_a_bad_name_are_errors() {
    let mut r = report(false);
    assert!(plot_levers(&r, &tmp("levers.pdf")).is_err());
    r.sensitivity.clear();
    let e = plot_sensitivity(&r, &tmp("t.svg")).unwrap_err().to_string();
    assert!(e.contains("--sensitivity"), "{e}");
    r.levers.clear();
    assert!(plot_levers(&r, &tmp("l.svg")).is_err());
}
