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
    let mut rng = common::Lcg(seed.wrapping_mul(6364136223846793005).wrapping_add(1));
    let cells: usize = shape.iter().product();
    let mut draws: Vec<i64> = (0..cells * players).map(|_| rng.int_in(0, 99)).collect();
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

/// A tree whose reduced strategic form is slow to fill though small in
/// nodes: chance picks one of `branches` rounds; in each, player 1 moves
/// (an information set per round), then player 2 without seeing that move
/// (one per round), then chance spreads over `fan` leaves. Each player has
/// 2^branches reduced strategies, and every cell of the form walks about
/// `branches * fan` nodes.
fn wide_tree(branches: usize, fan: usize) -> String {
    let mut text = String::from("EFG 2 R \"wide\" { \"1\" \"2\" }\n\"\"\n\n");
    let even = |k: usize, tag: &str| -> String {
        (0..k)
            .map(|i| format!("\"{tag}{i}\" 1/{k}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    text += &format!("c \"\" 1 \"\" {{ {} }} 0\n", even(branches, "b"));
    let (mut chance, mut outcome) = (1, 0);
    for b in 1..=branches {
        text += &format!("p \"\" 1 {b} \"\" {{ \"L\" \"R\" }} 0\n");
        for _ in 0..2 {
            text += &format!("p \"\" 2 {b} \"\" {{ \"l\" \"r\" }} 0\n");
            for _ in 0..2 {
                chance += 1;
                text += &format!("c \"\" {chance} \"\" {{ {} }} 0\n", even(fan, "f"));
                for _ in 0..fan {
                    outcome += 1;
                    text += &format!(
                        "t \"\" {outcome} \"\" {{ {}, {} }}\n",
                        outcome % 7,
                        outcome % 5
                    );
                }
            }
        }
    }
    text
}

/// The methods that take a token, each with a small game it solves and a
/// game that keeps it busy far longer than the tests wait: uncancelled,
/// each ran past 5 s in a release build on 2 cores (the ignored test below
/// checks it; the games are `tests/serve_cancel.rs`'s too). Solve times vary
/// widely between games of one size: `ce` took 0.5 s on one 40x40 game.
fn cases() -> Vec<(&'static str, Option<Method>, Game, Game)> {
    let two = |m, n| random(&[m, n], 1, false);
    let tree = |b, f| brink_gambit::read_game(&wide_tree(b, f), "wide.efg").unwrap();
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
        (
            "ipa",
            Some(Method::Ipa),
            random(&[2, 2, 2], 2, false),
            random(&[10, 10, 10, 10, 10], 1, false),
        ),
        (
            "gnm",
            Some(Method::Gnm),
            random(&[2, 2, 2], 2, false),
            random(&[30, 30, 30], 1, false),
        ),
        ("ce", None, two(3, 3), two(50, 50)),
        (
            "enumpure on a tree",
            Some(Method::EnumPure),
            tree(2, 2),
            tree(9, 200),
        ),
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

/// The premise of the test above and of `tests/serve_cancel.rs`: each long
/// game is still being solved 5 s in, two and a half times the deadline of
/// `tests/serve_cancel.rs` (it was 10 s until `liap` on its 30x30x30 game
/// and `ipa`, whose game is now a five-player one, got faster). Ignored, as
/// it takes 50 s; run with
/// `cargo test --release -p brink-nash --test cancel -- --ignored`.
#[test]
#[ignore]
fn the_long_games_run_past_five_seconds() {
    for (name, method, _, big) in cases() {
        let cancel = Cancel::new();
        let got = std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_secs(5));
                cancel.cancel();
            });
            run(method, &big, &Watch::new(&Quiet, &cancel))
        });
        assert_eq!(
            got,
            Err(SolveError::Cancelled),
            "{name} finished within 5 s"
        );
    }
}
