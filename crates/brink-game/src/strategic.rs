//! Strategic-form games: an n-player payoff table.

use crate::extensive::Outcome;
use crate::number::Rational;

/// A finite game in strategic form.
///
/// Cells (pure-strategy profiles) are numbered with the first player's
/// strategy varying fastest, as in Gambit's `.nfg` files.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategicGame {
    /// Title line.
    pub title: String,
    /// Free-text comment.
    pub comment: String,
    /// Player names.
    pub players: Vec<String>,
    /// Strategy names, per player.
    pub strategies: Vec<Vec<String>>,
    /// Outcomes; payoff-list files get one unnamed outcome per cell.
    pub outcomes: Vec<Outcome>,
    /// For each cell, its outcome (`None`: all payoffs zero).
    pub cells: Vec<Option<u32>>,
    /// Whether the game came as (and should be written as) an outcome list.
    pub outcome_list: bool,
}

impl StrategicGame {
    /// A game from a payoff per cell and player, `payoffs[cell][player]`.
    pub fn from_payoffs(
        title: impl Into<String>,
        players: Vec<String>,
        strategies: Vec<Vec<String>>,
        payoffs: Vec<Vec<Rational>>,
    ) -> Self {
        let outcomes: Vec<Outcome> = payoffs.into_iter().map(|p| Outcome::new("", p)).collect();
        let cells = (0..outcomes.len() as u32).map(Some).collect();
        StrategicGame {
            title: title.into(),
            comment: String::new(),
            players,
            strategies,
            outcomes,
            cells,
            outcome_list: false,
        }
    }

    /// Number of players.
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    /// Number of strategies of each player.
    pub fn shape(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }

    /// Number of cells (pure-strategy profiles).
    pub fn num_cells(&self) -> usize {
        self.strategies.iter().map(Vec::len).product()
    }

    /// The cell of a pure-strategy profile.
    pub fn cell_index(&self, profile: &[usize]) -> usize {
        let mut index = 0;
        let mut stride = 1;
        for (p, &s) in profile.iter().enumerate() {
            index += s * stride;
            stride *= self.strategies[p].len();
        }
        index
    }

    /// The pure-strategy profile of a cell.
    pub fn cell_profile(&self, mut cell: usize) -> Vec<usize> {
        self.strategies
            .iter()
            .map(|s| {
                let k = cell % s.len();
                cell /= s.len();
                k
            })
            .collect()
    }

    /// Exact payoff of a player at a cell.
    pub fn payoff(&self, cell: usize, player: usize) -> Rational {
        match self.cells[cell] {
            Some(o) => self.outcomes[o as usize].payoffs[player].clone(),
            None => Rational::from_integer(0.into()),
        }
    }

    /// Floating-point payoff of a player at a cell.
    pub fn payoff_f64(&self, cell: usize, player: usize) -> f64 {
        match self.cells[cell] {
            Some(o) => self.outcomes[o as usize].payoffs_f64[player],
            None => 0.0,
        }
    }

    /// A player's payoffs as a dense table in cell order.
    pub fn payoff_table(&self, player: usize) -> Vec<Rational> {
        (0..self.num_cells())
            .map(|c| self.payoff(c, player))
            .collect()
    }

    /// A player's payoffs as `f64` in cell order.
    pub fn payoff_table_f64(&self, player: usize) -> Vec<f64> {
        (0..self.num_cells())
            .map(|c| self.payoff_f64(c, player))
            .collect()
    }

    /// Whether payoffs sum to the same constant in every cell.
    pub fn is_constant_sum(&self) -> bool {
        let sums: Vec<Rational> = (0..self.num_cells())
            .map(|c| (0..self.num_players()).map(|p| self.payoff(c, p)).sum())
            .collect();
        sums.windows(2).all(|w| w[0] == w[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_count_first_player_fastest() {
        let g = StrategicGame::from_payoffs(
            "",
            vec!["a".into(), "b".into()],
            vec![
                vec!["x".into(), "y".into(), "z".into()],
                vec!["u".into(), "v".into()],
            ],
            (0..6)
                .map(|i| vec![Rational::from_integer(i.into()); 2])
                .collect(),
        );
        assert_eq!(g.cell_index(&[2, 1]), 5);
        assert_eq!(g.cell_profile(4), vec![1, 1]);
        for c in 0..6 {
            assert_eq!(g.cell_index(&g.cell_profile(c)), c);
        }
        assert!(!g.is_constant_sum());
    }
}
