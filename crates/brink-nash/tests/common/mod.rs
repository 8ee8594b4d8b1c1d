//! Set-up shared by the integration tests of `brink-nash`.

use brink_game::{Rational, StrategicGame};
use num_traits::{One, Signed, Zero};

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

/// The independent oracle: maximise `c p` over `A p <= 0`, `sum p = 1`,
/// `p >= 0` by a dense two-phase simplex with Bland's rule (no cycling).
#[allow(dead_code)]
pub fn oracle_lp(a: &[Vec<Rational>], c: &[Rational]) -> Rational {
    let n = c.len();
    let m = a.len() + 1;
    // Columns: p (n), slacks (m - 1), the artificial for the mass row, rhs.
    let width = n + m + 1;
    let mut t = vec![vec![Rational::zero(); width]; m];
    for (i, row) in a.iter().enumerate() {
        t[i][..n].clone_from_slice(row);
        t[i][n + i] = Rational::one();
    }
    t[m - 1][..n].fill(Rational::one());
    t[m - 1][n + m - 1] = Rational::one();
    t[m - 1][width - 1] = Rational::one();
    let mut basis: Vec<usize> = (n..n + m).collect();
    let pivot = |t: &mut Vec<Vec<Rational>>, r: usize, col: usize| {
        let p = t[r][col].clone();
        for v in t[r].iter_mut() {
            *v = &*v / &p;
        }
        for i in 0..t.len() {
            if i != r && !t[i][col].is_zero() {
                let f = t[i][col].clone();
                for j in 0..t[i].len() {
                    let d = &f * &t[r][j];
                    t[i][j] -= d;
                }
            }
        }
    };
    // Maximises `obj . x` over the columns `allowed`, Bland's rule.
    let run = |t: &mut Vec<Vec<Rational>>,
               basis: &mut Vec<usize>,
               obj: &[Rational],
               allowed: usize| loop {
        let reduced =
            |j: usize| obj[j].clone() - (0..m).map(|i| &obj[basis[i]] * &t[i][j]).sum::<Rational>();
        let Some(col) = (0..allowed).find(|&j| !basis.contains(&j) && reduced(j).is_positive())
        else {
            return;
        };
        let row = (0..m)
            .filter(|&i| t[i][col].is_positive())
            .min_by(|&i, &k| {
                (&t[i][width - 1] / &t[i][col])
                    .cmp(&(&t[k][width - 1] / &t[k][col]))
                    .then(basis[i].cmp(&basis[k]))
            })
            .expect("bounded: the mass row caps every p");
        pivot(t, row, col);
        basis[row] = col;
    };
    let mut phase1 = vec![Rational::zero(); width - 1];
    phase1[n + m - 1] = -Rational::one();
    run(&mut t, &mut basis, &phase1, width - 1);
    assert!(t
        .iter()
        .zip(&basis)
        .all(|(r, &b)| b != n + m - 1 || r[width - 1].is_zero()));
    // A degenerate artificial still basic is pivoted out on any p or slack.
    if let Some(r) = basis.iter().position(|&b| b == n + m - 1) {
        if let Some(col) = (0..n + m - 1).find(|&j| !t[r][j].is_zero()) {
            pivot(&mut t, r, col);
            basis[r] = col;
        }
    }
    let mut phase2 = vec![Rational::zero(); width - 1];
    phase2[..n].clone_from_slice(c);
    run(&mut t, &mut basis, &phase2, n + m - 1);
    (0..m)
        .filter(|&i| basis[i] < n)
        .map(|i| &c[basis[i]] * &t[i][width - 1])
        .sum()
}

/// Jordan's (1993) three-player matching pennies: 1 matches 2, 2 matches 3,
/// 3 mismatches 1. The unique equilibrium mixes half and half for everyone
/// (a pure profile always leaves someone a profitable switch round the
/// cycle).
#[allow(dead_code)]
pub fn jordans_matching_pennies() -> StrategicGame {
    table(&[2, 2, 2], |a| {
        vec![
            (a[0] == a[1]) as i64,
            (a[1] == a[2]) as i64,
            (a[2] != a[0]) as i64,
        ]
    })
}

/// Knuth's MMIX linear congruential generator: the seeded stream the random
/// games of these tests are drawn from, the same on every machine.
#[allow(dead_code)]
pub struct Lcg(pub u64);

#[allow(dead_code)]
impl Lcg {
    /// The next 31 bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An integer in `lo..=hi`.
    pub fn int_in(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// `count` random games with integer payoffs in -10..=10 drawn from `seed`,
/// their shapes cycling through two-, three- and four-player ones.
#[allow(dead_code)]
pub fn random_games(count: usize, seed: u64) -> Vec<StrategicGame> {
    let mut rng = Lcg(seed);
    let shapes: [&[usize]; 7] = [
        &[3, 3],
        &[5, 4],
        &[2, 2, 2],
        &[3, 3, 3],
        &[2, 3, 4],
        &[2, 2, 2, 2],
        &[4, 3, 2, 2],
    ];
    (0..count)
        .map(|k| {
            let shape = shapes[k % shapes.len()];
            let n = shape.len();
            let cells: usize = shape.iter().product();
            let pays: Vec<i64> = (0..cells * n).map(|_| rng.int_in(-10, 10)).collect();
            table(shape, |a| {
                let mut c = 0;
                for i in (0..n).rev() {
                    c = c * shape[i] + a[i];
                }
                pays[n * c..n * c + n].to_vec()
            })
        })
        .collect()
}

/// Each solution's profile in `f64`, strategy probabilities per player.
#[allow(dead_code)]
pub fn profiles(sols: &[brink_game::Solution]) -> Vec<Vec<Vec<f64>>> {
    sols.iter().map(|s| s.profile_f64().probs).collect()
}

/// The profile of the one solution a single-equilibrium method returns.
#[allow(dead_code)]
pub fn only(sols: &[brink_game::Solution]) -> Vec<Vec<f64>> {
    assert_eq!(sols.len(), 1, "one equilibrium expected");
    sols[0].profile_f64().probs
}

/// Whether every probability of `x` is within 1e-12 of `want`'s.
#[allow(dead_code)]
pub fn near(x: &[Vec<f64>], want: &[&[f64]]) -> bool {
    x.len() == want.len()
        && x.iter().zip(want).all(|(xi, wi)| {
            xi.len() == wi.len() && xi.iter().zip(wi.iter()).all(|(a, b)| (a - b).abs() < 1e-12)
        })
}

/// [`near`], or a panic that prints both profiles.
#[allow(dead_code)]
pub fn assert_near(x: &[Vec<f64>], want: &[&[f64]]) {
    assert!(near(x, want), "{x:?} vs {want:?}");
}
