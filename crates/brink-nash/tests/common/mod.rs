//! Set-up shared by the integration tests of `brink-nash`.

use brink_game::{Rational, StrategicGame};

/// A game from a payoff function of the pure profile, cells first player fastest.
#[allow(dead_code)] // each test binary uses its own part of this module
pub fn table(shape: &[usize], pay: impl Fn(&[usize]) -> Vec<i64>) -> StrategicGame {
    let names = |k: usize| (1..=k).map(|i| i.to_string()).collect::<Vec<_>>();
    let g = StrategicGame::from_payoffs(
        "",
        (1..=shape.len()).map(|p| p.to_string()).collect(),
        shape.iter().map(|&k| names(k)).collect(),
        Vec::new(),
    );
    let payoffs = (0..shape.iter().product())
        .map(|c| {
            pay(&g.cell_profile(c))
                .into_iter()
                .map(|v| Rational::from_integer(v.into()))
                .collect()
        })
        .collect();
    StrategicGame::from_payoffs("", g.players.clone(), g.strategies.clone(), payoffs)
}

/// The largest gain from a pure deviation against the mixed profile `x` (a
/// vector of probabilities per player), written out from the payoff table,
/// independently of the crate's regret passes: the oracle the fixture tests
/// certify profiles with.
#[allow(dead_code)] // each test binary uses its own part of this module
pub fn pure_deviation_gain(g: &StrategicGame, x: &[Vec<f64>]) -> f64 {
    let n = g.num_players();
    let mut worst: f64 = 0.0;
    for i in 0..n {
        let mut v = vec![0.0; g.strategies[i].len()];
        for c in 0..g.num_cells() {
            let profile = g.cell_profile(c);
            let w: f64 = (0..n)
                .filter(|&j| j != i)
                .map(|j| x[j][profile[j]])
                .product();
            v[profile[i]] += w * g.payoff_f64(c, i);
        }
        let u: f64 = v.iter().zip(&x[i]).map(|(a, b)| a * b).sum();
        worst = worst.max(v.iter().fold(f64::NEG_INFINITY, |m, &a| m.max(a)) - u);
    }
    worst
}

/// A weighted three-player cycle with a unique equilibrium, fully mixed.
/// Player 1 matches 2 (2 on both first, 1 on both second), player 2 matches
/// 3 (1 and 3), player 3 mismatches 1 (1 for its first against 1's second,
/// 2 for its second against 1's first). Each indifference fixes the next
/// player's mix: P(2 first) = 1/3 (2q = 1 - q), P(3 first) = 3/4
/// (q = 3(1 - q)), P(1 first) = 1/3 (1 - p = 2p). A pure player forces the
/// cycle round to a contradiction, so it is unique.
#[allow(dead_code)]
pub fn weighted_cycle() -> StrategicGame {
    table(&[2, 2, 2], |a| {
        let u1 = match (a[0], a[1]) {
            (0, 0) => 2,
            (1, 1) => 1,
            _ => 0,
        };
        let u2 = match (a[1], a[2]) {
            (0, 0) => 1,
            (1, 1) => 3,
            _ => 0,
        };
        let u3 = match (a[2], a[0]) {
            (0, 1) => 1,
            (1, 0) => 2,
            _ => 0,
        };
        vec![u1, u2, u3]
    })
}
