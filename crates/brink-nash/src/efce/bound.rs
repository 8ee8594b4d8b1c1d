//! The certificate of a floating-point EFCE optimum: a bound on the optimum
//! from the simplex's multipliers that does not trust the tableau.
//!
//! # The two programs
//!
//! Write the packing that the simplex solves (see the parent module) with,
//! per block `(i, I, a)`, a column `m` (the price of the row
//! `v_I <= follow`) and a column `s(J, b)` for every set `J` of `i` at or
//! after `I` and move `b` at `J` (the price of the best-response row of
//! `(J, b)`), and one more column `t` (the price of `sum p >= 1`). Every
//! column is sign-constrained, `>= 0`. Its rows are all `<=`:
//!
//! ```text
//!   profile c:    t + (A x)_c  <=  r_c = t0 - value_c  (> 0),
//!                 (A x)_c = sum over blocks with c_i(I) = a of
//!                           F_c m - sum over (J, b) of W_c(J, b) s(J, b),
//!   auxiliary J:  (B x)_J = sum over b of s(J, b) - parent  <=  0,
//! ```
//!
//! where `value_c` is the objective at `c`, signed and shifted as in the
//! parent module, `x` is every column but `t`, `F_c, W_c(J, b) >= 0` are the
//! follow and leaf weights the profile `c` gives the block, and `parent` is
//! `m` when `J = I` and `s(J', b')` for `J`'s own previous move `(J', b')`
//! otherwise. It maximises `t`. Its dual is the EFCE program of the parent
//! module: prices `p >= 0` of the profile rows and `v >= 0` of the
//! auxiliary rows, minimising `sum_c r_c p_c` subject to one `>=` row per
//! column:
//!
//! ```text
//!   column t:       sum_c p_c  >=  1,
//!   any other j:    sum_c A_cj p_c + sum_J B_Jj v_J  >=  0,
//! ```
//!
//! which for `m` reads `v_I <= sum_c F_c p_c` and for `s(J, b)` is the
//! best-response row of `(J, b)`.
//!
//! # Why the bound is one
//!
//! Take any `x >= 0` that satisfies the auxiliary rows, `B x <= 0`, and any
//! EFCE `p` of mass one with its auxiliaries `v >= 0`. Multiplying each
//! column's row of the EFCE program by `x_j >= 0` and adding,
//! `sum_c p_c (A x)_c >= -sum_J v_J (B x)_J >= 0`, so
//!
//! ```text
//!   sum_c r_c p_c  >=  sum_c p_c (r_c - (A x)_c)  >=  min over c of (r_c - (A x)_c)  =  L(x).
//! ```
//!
//! `L(x)` is the packing's objective at `x` with `t` raised to the least
//! slack of the profile rows (weak duality; `t >= 0` is not needed because
//! the mass is fixed at one, and the optimum has mass one since every
//! `r_c > 0`). So no EFCE, the optimal one included, is below `L(x)`, and a
//! distribution's `sum_c r_c p_c - L(x)` bounds how far it is from optimal.
//! At the exact optimal multipliers `x*`, `t* <= L(x*)` because the rows
//! hold and `t*` is the optimum (strong duality), so the bound is tight.
//! `r_c` is the objective up to a shift and, when maximising, a sign, so
//! the gap is in the objective's units.
//!
//! # The repair
//!
//! Rounding may leave multipliers slightly negative or break an auxiliary
//! row; then `L` need not be a bound. Negative entries are read as zero.
//! Each auxiliary row has exactly one negative entry, its `parent` (with
//! coefficient -1), and a column `s(J, b)` enters positively only the row of
//! `J` (`m` only negatively). Taking each block's rows children first (they
//! are laid out parents first, so in reverse) and raising the row's parent
//! by the row's excess makes the row hold; the raise enters positively only
//! the parent set's row, which comes later, and negatively the rows of the
//! parent move's other children, which it only loosens. After one pass every
//! auxiliary row holds (up to the rounding of these sums), so `L` of the
//! repaired `x` is a bound. A raise may move `L` either way (`m` enters the
//! profile rows with `F_c >= 0`, `s(J, b)` with `-W_c(J, b) <= 0`), but the
//! argument above holds for every `x >= 0` with `B x <= 0`, so `L` stays a
//! bound; at an optimal `x` nothing needs raising beyond rounding.

use crate::ce::optimality_gap as profile_gap;
use crate::lp::simplex::Packing;
use brink_game::Field;

/// How far the distribution `p` (mass one, one entry per profile row) may
/// be from the optimal EFCE by the multipliers `x` (the packing's columns,
/// feasible or not), after the repair of the module docs.
pub(super) fn optimality_gap(program: &Packing, p: &[f64], x: &[f64]) -> f64 {
    profile_gap(program, p, &repaired(program, p.len(), x))
}

/// `x` made to satisfy the auxiliary rows (those after the first `cells`):
/// negative entries read as zero, then each row's parent raised to cover
/// it, children first.
fn repaired(program: &Packing, cells: usize, x: &[f64]) -> Vec<f64> {
    let mut z: Vec<f64> = x.iter().map(|v| v.max(0.0)).collect();
    for row in program.rows[cells..].iter().rev() {
        let excess: f64 = row.iter().map(|(j, a)| a.to_f64() * z[*j as usize]).sum();
        if excess > 0.0 {
            if let Some((j, a)) = row.iter().find(|(_, a)| a.to_f64() < 0.0) {
                z[*j as usize] += excess / -a.to_f64();
            }
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::super::{efce, prepare, Prepared};
    use super::*;
    use crate::ce::{check_gap, CeSolution, Objective};
    use crate::lp::simplex::maximise_exact;
    use brink_game::{ExtensiveGame, Game, Watch};

    /// Player 1 takes Out for (3/2, 0) or enters a battle of the sexes with
    /// player 2, not seeing its move; the EFCE welfare optimum is 19/4 (the
    /// closed form of `tests/efce.rs`), the pure equilibrium (In-A, A) has 4.
    fn entry_battle() -> ExtensiveGame {
        // One file for this test and the other one on the same tree.
        let text = include_str!("../../../../testdata/efce_entry_battle.efg");
        brink_gambit::read_efg(text, "entry.efg").unwrap()
    }

    /// Player 1 moves three times in a row of its own sets (root, mid,
    /// last), not seeing player 2's move nor the chance move before `last`:
    /// its auxiliary rows form a chain three deep, which the repair must
    /// take children first.
    fn chain_with_chance() -> ExtensiveGame {
        let text = r#"EFG 2 R "chain" { "1" "2" }
""

p "" 1 1 "root" { "L" "R" } 0
p "" 2 1 "two" { "l" "r" } 0
p "" 1 2 "mid" { "A" "B" } 0
c "" 1 "" { "x" 1/3 "y" 2/3 } 0
p "" 1 3 "last" { "C" "D" } 0
t "" 1 "" { 4 1 }
t "" 2 "" { 0 3 }
p "" 1 3 "last" { "C" "D" } 0
t "" 3 "" { 1 0 }
t "" 4 "" { 3 2 }
t "" 5 "" { 2 2 }
p "" 1 2 "mid" { "A" "B" } 0
c "" 2 "" { "x" 1/3 "y" 2/3 } 0
p "" 1 3 "last" { "C" "D" } 0
t "" 6 "" { 0 4 }
t "" 7 "" { 2 1 }
p "" 1 3 "last" { "C" "D" } 0
t "" 8 "" { 5 0 }
t "" 9 "" { 1 3 }
t "" 10 "" { 1 1 }
t "" 11 "" { 2 0 }
"#;
        brink_gambit::read_efg(text, "chain.efg").unwrap()
    }

    /// The program, the exact optimal multipliers, and the optimal
    /// distribution `efce` returns in rationals (the oracle), as floats
    /// over the profile rows.
    fn exact(tree: &ExtensiveGame, objective: &Objective) -> (Prepared, Vec<f64>, Vec<f64>) {
        let prepared = prepare(tree, objective, &Watch::quiet()).unwrap();
        let x = maximise_exact("efce", &prepared.program, &Watch::quiet())
            .unwrap()
            .primal()
            .iter()
            .map(Field::to_f64)
            .collect();
        let CeSolution::Exact(e) = efce(&Game::Extensive(tree.clone()), objective, false).unwrap()
        else {
            panic!("asked for exact arithmetic")
        };
        let mut p = vec![0.0; prepared.cells];
        for (profile, q) in &e.distribution {
            p[prepared.st.reduced.game.cell_index(profile)] = q.to_f64();
        }
        (prepared, x, p)
    }

    /// At the exact optimal multipliers the bound meets the exact optimum;
    /// for multipliers perturbed at any scale it never exceeds it.
    #[test]
    fn the_float_bound_is_tight_at_the_optimum_and_a_bound_elsewhere() {
        let objectives = [
            Objective::Welfare,
            Objective::MaxPayoff(0),
            Objective::MinPayoff(1),
        ];
        let mut uniform = crate::lp::noise(0x51_7cc1_b727_220a_u64);
        for tree in [entry_battle(), chain_with_chance()] {
            for objective in &objectives {
                let (prepared, x, p) = exact(&tree, objective);
                let program = &prepared.program;
                let tight = optimality_gap(program, &p, &x);
                assert!(tight.abs() < 1e-12, "{objective:?}: gap {tight}");
                for scale in [1e-6, 1e-2, 1.0, 100.0] {
                    for _ in 0..100 {
                        let noisy: Vec<f64> = x.iter().map(|v| v + scale * uniform()).collect();
                        let gap = optimality_gap(program, &p, &noisy);
                        assert!(gap >= -1e-12, "{objective:?}, scale {scale}: gap {gap}");
                    }
                }
            }
        }
    }

    /// A suboptimal EFCE is refused by the gap it shows against the optimal
    /// multipliers, which is its distance from the closed-form optimum; the
    /// optimum and the float solve pass.
    #[test]
    fn a_suboptimal_distribution_is_refused() {
        let tree = entry_battle();
        let (prepared, x, p) = exact(&tree, &Objective::Welfare);
        let Prepared {
            st,
            values,
            program,
            ..
        } = &prepared;
        // The pure Nash equilibrium (In-A, A): strategies 1 (In, pick A) of
        // player 1 and 0 (A) of player 2.
        let mut pure = vec![0.0; p.len()];
        pure[st.reduced.game.cell_index(&[1, 0])] = 1.0;
        let welfare: f64 = pure.iter().zip(values).map(|(q, v)| q * v.to_f64()).sum();
        assert_eq!(welfare, 4.0);
        let gap = optimality_gap(program, &pure, &x);
        assert!((gap - (4.75 - 4.0)).abs() < 1e-12, "{gap}");
        let refusal = check_gap("efce", gap, values).unwrap_err().to_string();
        assert!(refusal.contains("drop --float"), "{refusal}");
        check_gap("efce", optimality_gap(program, &p, &x), values).unwrap();
        let CeSolution::Float(float) =
            efce(&Game::Extensive(tree), &Objective::Welfare, true).unwrap()
        else {
            panic!("asked for floating point")
        };
        assert!((float.objective - 4.75).abs() < 1e-9);
    }
}
