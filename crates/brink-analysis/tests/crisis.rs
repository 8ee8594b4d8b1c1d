//! Sweeps of the crisis language's scenarios: the risk-return model against its
//! closed form at every grid point, and the regimes of the audience-cost model.

use brink_analysis::crisis::CrisisModel;
use brink_analysis::fearon::closed_form;
use brink_analysis::{run_design, Design, DesignSpec, Model};
use brink_crisis::Method;
use brink_game::Watch;

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
