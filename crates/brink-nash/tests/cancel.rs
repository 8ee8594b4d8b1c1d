//! Every method that loops looks at its caller's token: a token cancelled
//! before the solve stops it with `SolveError::Cancelled` (where the same
//! game, unwatched, is solved), and one cancelled midway through a solve
//! that would take many seconds stops it soon after. `enumpure` and `spe`
//! take no token: single passes over a game the caller bounds.

mod common;

use brink_game::progress::Quiet;
use brink_game::{Cancel, Game, SolveError, Watch};
use brink_nash::ce::{ce_watched, Objective};
use brink_nash::{solve_watched, Method};
use std::time::{Duration, Instant};

/// A game with payoffs drawn from 0..100 by a fixed linear congruential
/// generator (the payoffs only need to be generic, not good random numbers);
/// `zero_sum`: the second player's payoff is minus the first's.
fn random(shape: &[usize], seed: u64, zero_sum: bool) -> Game {
    let players = shape.len();
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let cells: usize = shape.iter().product();
    let mut draws: Vec<i64> = (0..cells * players)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % 100) as i64
        })
        .collect();
    if zero_sum {
        for c in 0..cells {
            draws[c * players + 1] = -draws[c * players];
        }
    }
    let index = |p: &[usize]| {
        p.iter()
            .zip(shape)
            .rev()
            .fold(0, |acc, (&s, &k)| acc * k + s)
    };
    Game::Strategic(common::table(shape, |p| {
        let c = index(p);
        draws[c * players..(c + 1) * players].to_vec()
    }))
}

/// The methods that take a token, each with a small game it solves and a
/// game that keeps it busy far longer than the test waits (the same sizes
/// took each method over 15 s in a release build on 2 cores; that a solve
/// answers `Cancelled` shows it had not finished).
fn cases() -> Vec<(&'static str, Option<Method>, Game, Game)> {
    let two = |m, n| random(&[m, n], 1, false);
    vec![
        ("enummixed", Some(Method::EnumMixed), two(3, 3), two(20, 20)),
        ("enumpoly", Some(Method::EnumPoly), two(3, 3), two(12, 12)),
        ("lcp", Some(Method::Lcp), two(3, 3), two(100, 100)),
        (
            "lp",
            Some(Method::Lp),
            random(&[3, 3], 1, true),
            random(&[300, 300], 1, true),
        ),
        (
            "liap",
            Some(Method::Liap),
            random(&[2, 2, 2], 2, false),
            random(&[30, 30, 30], 1, false),
        ),
        (
            "simpdiv",
            Some(Method::Simpdiv),
            random(&[2, 2, 2], 2, false),
            random(&[30, 30, 30], 1, false),
        ),
        ("ce", None, two(3, 3), two(40, 40)),
    ]
}

fn run(method: Option<Method>, game: &Game, watch: &Watch) -> Result<(), SolveError> {
    match method {
        Some(m) => solve_watched(game, m, false, watch).map(|_| ()),
        None => ce_watched(game, &Objective::Welfare, false, watch).map(|_| ()),
    }
}

#[test]
fn a_cancelled_token_stops_every_method_before_it_answers() {
    for (name, method, small, _) in cases() {
        run(method, &small, &Watch::quiet()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cancel = Cancel::new();
        cancel.cancel();
        let got = run(method, &small, &Watch::new(&Quiet, &cancel));
        assert_eq!(got, Err(SolveError::Cancelled), "{name}");
        // In floating point too, where the method has that mode.
        if let Some(m) = method {
            let got = solve_watched(&small, m, true, &Watch::new(&Quiet, &cancel)).map(|_| ());
            assert_eq!(got, Err(SolveError::Cancelled), "{name} --float");
        }
    }
}

#[test]
fn a_token_cancelled_midway_stops_a_long_solve_soon() {
    // The token is cancelled after 300 ms, well into each solve.
    let after = Duration::from_millis(300);
    for (name, method, _, big) in cases() {
        let cancel = Cancel::new();
        let t0 = Instant::now();
        let got = std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(after);
                cancel.cancel();
            });
            run(method, &big, &Watch::new(&Quiet, &cancel))
        });
        let took = t0.elapsed();
        println!("{name}: stopped {took:.2?} after the start, cancelled at {after:?}");
        assert_eq!(got, Err(SolveError::Cancelled), "{name} finished first");
        // Generous for a loaded machine and a debug build: the loops look
        // at the token every pivot, step, pair or label, each milliseconds.
        assert!(
            took < after + Duration::from_secs(3),
            "{name}: stopped only after {took:?}"
        );
    }
}
