//! Poker oracles: Kuhn poker's value is -1/18 (Kuhn 1950); Leduc poker's is
//! -0.0856064... for player 1 (Southey et al. 2005; pygambit's `lp_solve`
//! gives the exact fraction, kept in testdata/fixtures/lcp/leduc.efg.lp).

mod poker_games;

use brink_game::number::parse_rational;
use brink_game::{regret, ExtensiveGame, Game, Rational, Solution};
use brink_nash::{lcp::lcp, lp::lp};
use num_traits::Zero;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/fixtures/lcp");

fn value_of(game: &ExtensiveGame, solution: &Solution) -> Rational {
    match solution {
        Solution::Exact { profile, regret } => {
            assert!(regret.is_zero(), "regret {regret}");
            regret::behavior_payoffs(game, &profile.probs)[0].clone()
        }
        Solution::Float { .. } => panic!("exact mode gave floats"),
    }
}

fn pygambit_value(name: &str) -> Option<Rational> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.lp")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("V,"))
        .and_then(parse_rational)
}

#[test]
fn kuhn_value_is_minus_one_eighteenth() {
    let g = poker_games::kuhn();
    let game = Game::Extensive(g.clone());
    let expected = Rational::new((-1).into(), 18.into());
    assert_eq!(value_of(&g, &lp(&game, false).unwrap()[0]), expected);
    assert_eq!(brink_nash::lp::lp_value(&game).unwrap().1, expected);
    assert_eq!(value_of(&g, &lcp(&game, false).unwrap()[0]), expected);
    let float = lp(&game, true).unwrap();
    assert!(float[0].regret_f64() < 1e-9);
}

#[test]
fn leduc_value() {
    let g = poker_games::leduc();
    assert_eq!(g.player_infosets(0).len(), 144);
    let game = Game::Extensive(g.clone());
    let value = value_of(&g, &lp(&game, false).unwrap()[0]);
    let approx = brink_game::Field::to_f64(&value);
    assert!((approx - -0.085606424078).abs() < 1e-11, "value {approx}");
    if let Some(oracle) = pygambit_value("leduc.efg") {
        assert_eq!(value, oracle);
    }
}

/// Lemke's path on Leduc's sequence form is long (minutes in exact
/// arithmetic here): run with `cargo test -p brink-nash --test poker -- --ignored`.
#[test]
#[ignore = "minutes of exact pivoting"]
fn leduc_lcp_finds_an_equilibrium() {
    let g = poker_games::leduc();
    let game = Game::Extensive(g.clone());
    let value = value_of(&g, &lcp(&game, false).unwrap()[0]);
    assert!((brink_game::Field::to_f64(&value) - -0.085606424078).abs() < 1e-11);
}
