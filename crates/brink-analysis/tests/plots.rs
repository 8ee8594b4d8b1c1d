//! Every chart is written in both formats, with its labels, and bad input is an error.

use brink_analysis::fearon::RiskReturn;
use brink_analysis::plot::{plot_histograms, plot_prob_curves, plot_sweep, ProbCurves, Series};
use brink_analysis::{run_design, Design, DesignSpec};
use brink_game::Watch;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn svg_text(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn sweep_charts_carry_axes_legends_and_panels() {
    let one = DesignSpec {
        design: Design::Sweep {
            vary: vec!["c_hi=0.1:0.9:9".parse().unwrap()],
        },
        set: vec![],
        shard: None,
    };
    let t = run_design(&RiskReturn, &one, &Watch::quiet()).unwrap();
    plot_sweep(&tmp("one.svg"), &t).unwrap();
    let s = svg_text(&tmp("one.svg"));
    for label in [
        "c_hi",
        "probability",
        "war",
        "settlement",
        "expected demand",
        "expected payoff_a",
    ] {
        assert!(s.contains(label), "{label} missing");
    }
    plot_sweep(&tmp("one.png"), &t).unwrap();
    assert_eq!(&std::fs::read(tmp("one.png")).unwrap()[1..4], b"PNG");

    let two = DesignSpec {
        design: Design::Sweep {
            vary: vec![
                "c_hi=0.1:0.9:9".parse().unwrap(),
                "c_a=0:0.3:4".parse().unwrap(),
            ],
        },
        set: vec![],
        shard: None,
    };
    let t = run_design(&RiskReturn, &two, &Watch::quiet()).unwrap();
    plot_sweep(&tmp("two.svg"), &t).unwrap();
    let s = svg_text(&tmp("two.svg"));
    assert!(s.contains("P(war)") && s.contains("c_a") && s.contains("expected demand"));
    // 36 cells in each of 4 heat maps, plus 100 colour-bar slices per map.
    assert!(s.matches("<rect").count() >= 4 * (36 + 100));
}

#[test]
fn histograms_have_one_panel_per_quantity() {
    let spec = DesignSpec {
        design: Design::Montecarlo {
            draws: 300,
            seed: 3,
            dists: vec![],
        },
        set: vec![],
        shard: None,
    };
    let run = run_design(&RiskReturn, &spec, &Watch::quiet()).unwrap();
    plot_histograms(&tmp("mc.svg"), &run).unwrap();
    let s = svg_text(&tmp("mc.svg"));
    for label in [
        "P(war)",
        "P(settlement)",
        "expected demand",
        "expected payoff_a",
        "300 draws, seed 3",
    ] {
        assert!(s.contains(label), "{label} missing");
    }
}

#[test]
fn probability_curves_check_their_input() {
    let x = vec![0.0, 1.0, 2.0];
    let good = ProbCurves {
        title: "t".into(),
        x_label: "ratio".into(),
        y_label: "probability".into(),
        x: x.clone(),
        series: vec![Series {
            name: "war".into(),
            y: vec![0.1, 0.2, 0.3],
            band: Some((vec![0.0; 3], vec![0.5; 3])),
        }],
    };
    plot_prob_curves(&tmp("curves.svg"), &good).unwrap();
    assert!(svg_text(&tmp("curves.svg")).contains("ratio"));
    let mut short = good.clone();
    short.series[0].y.pop();
    assert!(plot_prob_curves(&tmp("bad.svg"), &short).is_err());
    let mut nan = good.clone();
    nan.series[0].band = Some((vec![f64::NAN; 3], vec![0.5; 3]));
    assert!(plot_prob_curves(&tmp("bad.svg"), &nan).is_err());
    assert!(
        plot_prob_curves(&tmp("bad.pdf"), &good).is_err(),
        "only .svg and .png"
    );
    assert!(plot_prob_curves(&tmp("no/such/folder/x.svg"), &good).is_err());
}

/// A closed-form model with more quantities than the old nine-panel cap.
struct Many;

impl brink_analysis::Model for Many {
    fn name(&self) -> String {
        "many".into()
    }
    fn parameters(&self) -> Vec<brink_analysis::ParamSpec> {
        vec![
            brink_analysis::ParamSpec::new("x", 0.5).with_dist(brink_crisis::Dist::Uniform {
                low: 0.0,
                high: 1.0,
            }),
        ]
    }
    fn evaluate(
        &self,
        values: &[(String, f64)],
    ) -> Result<brink_analysis::PointResult, brink_analysis::ModelError> {
        let x = values[0].1;
        Ok(brink_analysis::PointResult {
            outcomes: vec![("war".into(), x), ("peace".into(), 1.0 - x)],
            metrics: (0..11)
                .map(|k| (format!("cost_{k}"), x * k as f64))
                .collect(),
            regret: 0.0,
            warm: None,
        })
    }
}

#[test]
fn histograms_draw_every_quantity() {
    let spec = DesignSpec::montecarlo(50, 1, vec![], vec![]);
    let run = run_design(&Many, &spec, &Watch::quiet()).unwrap();
    plot_histograms(&tmp("many.svg"), &run).unwrap();
    let s = svg_text(&tmp("many.svg"));
    for k in 0..11 {
        assert!(
            s.contains(&format!("expected cost_{k}")),
            "cost_{k} missing"
        );
    }
}
