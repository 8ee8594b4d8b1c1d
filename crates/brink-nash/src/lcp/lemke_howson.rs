//! Lemke–Howson on a two-player strategic game, with two tableaux as in
//! Gambit: player 1's best-response polytope `A y + r = 1` and player 2's
//! `B^T x + s = 1`, payoffs shifted positive. Strategy `i` of player 1 and
//! strategy `j` of player 2 carry labels `i` and `n1 + j`; the path starts by
//! dropping a label and ends when that label is picked up again.

use super::tableau::{FromRationalRow, Tableau};
use brink_game::{Field, Profile, Rational, SolveError, StrategicGame};
use num_traits::{One, Zero};

/// The payoff shift Gambit uses: one below the smaller of 0 and the least payoff.
fn shift(game: &StrategicGame) -> Rational {
    let mut min = <Rational as Zero>::zero();
    for c in 0..game.num_cells() {
        for p in 0..2 {
            let v = game.payoff(c, p);
            if v < min {
                min = v;
            }
        }
    }
    min - <Rational as One>::one()
}

/// Rows `[I | shifted payoffs | 1]` of one player's polytope: `own` is the
/// player whose strategies are the rows.
fn polytope_rows(game: &StrategicGame, own: usize, min: &Rational) -> Vec<Vec<Rational>> {
    let shape = game.shape();
    let (rows, cols) = (shape[own], shape[1 - own]);
    (0..rows)
        .map(|i| {
            let mut row = vec![<Rational as Zero>::zero(); rows + cols + 1];
            row[i] = <Rational as One>::one();
            for j in 0..cols {
                let cell = if own == 0 {
                    game.cell_index(&[i, j])
                } else {
                    game.cell_index(&[j, i])
                };
                row[rows + j] = game.payoff(cell, own) - min;
            }
            row[rows + cols] = <Rational as One>::one();
            row
        })
        .collect()
}

/// The equilibrium Lemke–Howson reaches after dropping `label`
/// (`0..n1` for player 1's strategies, `n1..n1+n2` for player 2's).
pub(crate) fn lemke_howson<E: FromRationalRow>(
    game: &StrategicGame,
    label: usize,
) -> Result<Profile<E::Out>, SolveError> {
    let shape = game.shape();
    let (n1, n2) = (shape[0], shape[1]);
    if label >= n1 + n2 {
        return Err(SolveError::Unsupported {
            method: "lcp",
            reason: format!(
                "label {label} out of range (the game has {} strategies)",
                n1 + n2
            ),
            suggestion: "a label below the number of strategies",
        });
    }
    let min = shift(game);
    let convert =
        |rows: Vec<Vec<Rational>>| -> Vec<Vec<E>> { rows.iter().map(|r| E::from_row(r)).collect() };
    // Every label has one variable in each tableau. Player 1's holds r_i
    // (label i) then y_j (label n1 + j): its columns are the labels.
    let mut t1: Tableau<E> = Tableau::new(convert(polytope_rows(game, 0, &min)), (0..n1).collect());
    // Player 2's holds s_j (label n1 + j) then x_i (label i).
    let mut t2: Tableau<E> = Tableau::new(convert(polytope_rows(game, 1, &min)), (0..n2).collect());
    t1.ties_to_max = true;
    t2.ties_to_max = true;
    let column2 = |l: usize| if l >= n1 { l - n1 } else { n2 + l };
    let label2 = |c: usize| if c >= n2 { c - n2 } else { n1 + c };
    // The dropped label's nonbasic variable (x_i or y_j) enters first.
    let mut entering = label;
    let mut in_first = label >= n1;
    loop {
        let (tab, col) = if in_first {
            (&mut t1, entering)
        } else {
            (&mut t2, column2(entering))
        };
        let rows = tab.num_rows();
        let Some(row) = tab.leaving_row(col, 0..rows) else {
            return Err(SolveError::Numerical {
                method: "lcp",
                reason: "Lemke-Howson met an unbounded column".into(),
            });
        };
        let leaving = tab.basis[row];
        tab.pivot(row, col);
        let left = if in_first { leaving } else { label2(leaving) };
        if left == label {
            break;
        }
        // The label that left is now missing in this tableau: its variable
        // in the other tableau enters there.
        entering = left;
        in_first = !in_first;
    }
    let normalise = |v: Vec<E::Out>| -> Vec<E::Out> {
        let total = v
            .iter()
            .fold(<E::Out as Field>::zero(), |a, b| a + b.clone());
        v.into_iter().map(|p| p / total.clone()).collect()
    };
    let x = normalise((0..n1).map(|i| t2.value(n2 + i)).collect());
    let y = normalise((0..n2).map(|j| t1.value(n1 + j)).collect());
    Ok(Profile::mixed(vec![x, y]))
}
