//! Draws the README pictures of the analysis crate into a folder (default
//! `docs/pictures`): `cargo run --release -p brink-analysis --example pictures [DIR]`.

use brink_analysis::fearon::RiskReturn;
use brink_analysis::plot::{plot_histograms, plot_prob_curves, plot_sweep, ProbCurves, Series};
use brink_analysis::tree::examples::deterrence;
use brink_analysis::tree::{draw_tree, to_tikz, TreeOptions};
use brink_analysis::{run_design, DesignSpec};
use brink_game::Watch;
use brink_game::{Owner, Profile};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "docs/pictures".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let one = DesignSpec::sweep(vec!["c_hi=0.1:0.9:81".parse()?], vec![]);
    let t = run_design(&RiskReturn, &one, &Watch::quiet())?;
    plot_sweep(&dir.join("fearon-sweep-c_hi.png"), &t)?;
    plot_sweep(&dir.join("fearon-sweep-c_hi.svg"), &t)?;
    let two = DesignSpec::sweep(
        vec!["c_hi=0.1:0.9:41".parse()?, "c_a=0:0.4:41".parse()?],
        vec![],
    );
    plot_sweep(
        &dir.join("fearon-sweep-c_hi-c_a.png"),
        &run_design(&RiskReturn, &two, &Watch::quiet())?,
    )?;
    let mc = DesignSpec::montecarlo(5000, 1, vec!["c_a=beta(2,8)".parse()?], vec![]);
    plot_histograms(
        &dir.join("fearon-montecarlo.png"),
        &run_design(&RiskReturn, &mc, &Watch::quiet())?,
    )?;

    // The crisis language's audience-cost model: its regimes over the audience cost.
    let ac =
        brink_analysis::crisis::CrisisModel::load("audience-cost", brink_crisis::Method::Auto)?;
    let spec = DesignSpec::sweep(vec!["audience_cost=0:3:61".parse()?], vec![]);
    let t = run_design(&ac, &spec, &Watch::quiet())?;
    plot_sweep(&dir.join("audience-cost-sweep.png"), &t)?;
    let mut csv = Vec::new();
    t.write_csv(&mut csv)?;
    std::fs::write(dir.join("audience-cost-sweep.csv"), csv)?;

    let g = deterrence();
    let probs = g
        .infosets()
        .iter()
        .map(|i| match (i.owner, i.label.as_str()) {
            (Owner::Player(1), "irresolute") => vec![0.0, 1.0],
            (Owner::Player(_), _) => vec![1.0, 0.0],
            _ => Vec::new(),
        })
        .collect();
    let opts = TreeOptions {
        profile: Some(Profile::behavior(&g, probs)),
        ..TreeOptions::default()
    };
    draw_tree(&g, &opts, &dir.join("deterrence-tree.png"))?;
    draw_tree(&g, &opts, &dir.join("deterrence-tree.svg"))?;
    std::fs::write(
        dir.join("deterrence-tree.tex"),
        to_tikz(&g, &opts)?.document,
    )?;

    // An illustration of the estimation picture: a logit P(war) = L(a + b x) with
    // made-up coefficients and covariance, bands by the delta method on the index.
    let (a, b, vaa, vbb, vab) = (-2.0, 0.8, 0.09, 0.01, -0.02);
    let x: Vec<f64> = (0..=60).map(|i| i as f64 / 6.0).collect();
    let logistic = |z: f64| 1.0 / (1.0 + (-z).exp());
    let band = |sign: f64| -> Vec<f64> {
        x.iter()
            .map(|&x| {
                logistic(a + b * x + sign * 1.96 * (vaa + x * x * vbb + 2.0 * x * vab).sqrt())
            })
            .collect()
    };
    let war: Vec<f64> = x.iter().map(|&x| logistic(a + b * x)).collect();
    let (lo, hi) = (band(-1.0), band(1.0));
    let curves = ProbCurves {
        title: "Predicted probabilities (illustration: logit, made-up coefficients)".into(),
        x_label: "capability ratio".into(),
        y_label: "probability".into(),
        series: vec![
            Series {
                name: "war".into(),
                y: war.clone(),
                band: Some((lo.clone(), hi.clone())),
            },
            Series {
                name: "settlement".into(),
                y: war.iter().map(|p| 1.0 - p).collect(),
                band: Some((
                    hi.iter().map(|p| 1.0 - p).collect(),
                    lo.iter().map(|p| 1.0 - p).collect(),
                )),
            },
        ],
        x,
    };
    plot_prob_curves(&dir.join("prob-curves.png"), &curves)?;
    println!("pictures written to {}", dir.display());
    Ok(())
}
