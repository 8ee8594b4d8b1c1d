//! Set-up shared by the integration tests of `brink-nash`.

use brink_game::{Rational, StrategicGame};

/// A game from a payoff function of the pure profile, cells first player fastest.
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
