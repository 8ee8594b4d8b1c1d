//! Sweeps of the crisis language's scenarios: the risk-return model against its
//! closed form at every grid point, and the regimes of the audience-cost model.

use brink_analysis::crisis::CrisisModel;
use brink_analysis::fearon::closed_form;
use brink_analysis::{
    run_design, AnalysisError, Design, DesignSpec, Model, ModelError, ParamSpec, PointResult,
};
use brink_crisis::Method;
use brink_game::progress::Quiet;
use brink_game::{Cancel, Watch};
use std::time::{Duration, Instant};

#[test]
fn fearon_risk_return_sweep_over_c_hi_matches_the_closed_form() {
    let m = CrisisModel::load("fearon-risk-return", Method::Auto).unwrap();
    // The scenario bounds the demand by 1, the closed form does not: they agree while
    // x* = p + (c_hi - c_a)/2 <= 1, that is c_hi <= 2(1 - p) + c_a = 1.1 at the defaults.
    let spec = DesignSpec {
        design: Design::Sweep {
            vary: vec!["c_hi=0.05:1.1:43".parse().unwrap()],
        },
        set: vec![],
        shard: None,
    };
    let t = run_design(&m, &spec, &Watch::quiet()).unwrap();
    let war = t
        .outcomes
        .iter()
        .position(|o| o == "war")
        .expect("a war outcome");
    let value = |name: &str| {
        m.parameters()
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .default
    };
    let (p, c_a, c_lo) = (value("p"), value("c_a"), value("c_lo"));
    let mut worst: f64 = 0.0;
    for pt in &t.points {
        assert!(pt.error.is_none(), "{:?}", pt.error);
        let (_, expect) = closed_form(p, c_a, c_lo, pt.params[0]);
        worst = worst.max((pt.outcomes[war] - expect).abs());
        assert!(
            (pt.outcomes[war] - expect).abs() < 1e-6,
            "c_hi={}: {} vs {expect}",
            pt.params[0],
            pt.outcomes[war]
        );
    }
    eprintln!("largest gap to the closed form: {worst:e}");
}

#[test]
fn crisis_monte_carlo_is_reproducible_across_thread_counts() {
    let m = CrisisModel::load("fearon-risk-return", Method::Auto).unwrap();
    let spec = DesignSpec {
        design: Design::Montecarlo {
            draws: 40,
            seed: 9,
            dists: vec!["c_hi=uniform(0.2,1)".parse().unwrap()],
        },
        set: vec![],
        shard: None,
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run_design(&m, &spec, &Watch::quiet()));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| run_design(&m, &spec, &Watch::quiet()));
    assert_eq!(one.unwrap(), two.unwrap());
}

#[test]
fn scenario_trees_are_drawn_with_their_equilibrium() {
    let m = CrisisModel::load("audience-cost", Method::Auto).unwrap();
    let (game, profile) = m.tree_with_equilibrium().unwrap();
    let profile = profile.expect("no continuous choice in audience-cost");
    let regret =
        brink_game::regret::max_regret(&brink_game::Game::Extensive(game.clone()), &profile);
    let opts = brink_analysis::tree::TreeOptions {
        profile: Some(profile),
        ..Default::default()
    };
    let t = brink_analysis::tree::to_tikz(&game, &opts).unwrap();
    assert!(t.picture.contains("\\istroot"));
    assert!(
        t.picture.contains("{\\color{red!75!black}["),
        "equilibrium probabilities on the branches"
    );
    eprintln!("regret of the drawn profile on the compiled tree: {regret:e}");
}

/// A model whose one point takes 10 s, or until its watch is cancelled
/// where it is given one.
struct SlowPoint;

impl SlowPoint {
    fn point(&self, stop: impl Fn() -> bool) -> Result<PointResult, ModelError> {
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(10) && !stop() {
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(PointResult {
            outcomes: vec![("war".into(), 0.5)],
            metrics: vec![],
            regret: 0.0,
            warm: None,
        })
    }
}

impl Model for SlowPoint {
    fn name(&self) -> String {
        "slow".into()
    }
    fn parameters(&self) -> Vec<ParamSpec> {
        vec![ParamSpec::new("x", 0.5)]
    }
    fn evaluate(&self, _: &[(String, f64)]) -> Result<PointResult, ModelError> {
        self.point(|| false)
    }
    fn evaluate_watched(
        &self,
        _: &[(String, f64)],
        _: Option<&PointResult>,
        watch: &Watch,
    ) -> Result<PointResult, ModelError> {
        self.point(|| watch.is_cancelled())
    }
}

#[test]
fn a_cancelled_design_stops_the_point_under_way() {
    let spec = DesignSpec {
        design: Design::Sweep {
            vary: vec!["x=0:1:4".parse().unwrap()],
        },
        set: vec![],
        shard: None,
    };
    let cancel = Cancel::new();
    let (r, done, cancelled_at) = std::thread::scope(|scope| {
        let c = cancel.clone();
        let canceller = scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            c.cancel();
            Instant::now()
        });
        let r = run_design(&SlowPoint, &spec, &Watch::new(&Quiet, &cancel));
        (r, Instant::now(), canceller.join().unwrap())
    });
    let after = done.saturating_duration_since(cancelled_at);
    assert!(matches!(r, Err(AnalysisError::Cancelled(_))), "{r:?}");
    // Finishing the point under way would take 9.7 s more.
    assert!(after < Duration::from_secs(1), "{after:?}");
}

#[test]
fn a_crisis_point_with_a_cancelled_watch_is_an_error_not_a_result() {
    let m = CrisisModel::load("founding-crisis", Method::Auto).unwrap();
    let values: Vec<(String, f64)> = m
        .parameters()
        .into_iter()
        .map(|p| (p.name, p.default))
        .collect();
    assert!(m.evaluate_watched(&values, None, &Watch::quiet()).is_ok());
    let cancel = Cancel::new();
    cancel.cancel();
    let e = m
        .evaluate_watched(&values, None, &Watch::new(&Quiet, &cancel))
        .unwrap_err();
    let e = e
        .downcast_ref::<brink_crisis::Error>()
        .expect("a crisis error");
    assert_eq!(e.kind, brink_crisis::ErrorKind::Cancelled, "{e}");
}
