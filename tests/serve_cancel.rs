//! `brink serve` stops the work of a request that is no longer wanted: past
//! its deadline, or dropped by its client. The proof is the single solver
//! thread being free again at once: a quick request sent right after is
//! answered within its own deadline, where before it waited for the slow
//! work to run to its end (tens of seconds).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The founding crisis with 3,000 more levers, each one more solve of the
/// same game (battle deaths enter only the metrics): a run slow by its count
/// of solves, however fast one of them is. Measured uncancelled on 2 cores
/// in the test profile: 1,000 such levers took 3.3 s.
fn slow_run() -> String {
    let mut src = include_str!("../crates/brink-crisis/models/founding-crisis.crisis").to_string();
    for k in 0..3000 {
        src += &format!(
            "\nlever \"deaths {k}\" {{ set deaths_war = {} }}",
            50_000 + k
        );
    }
    serde_json::json!({ "scenario": src }).to_string()
}

/// A sweep near the server's limit of points across the supports of two
/// parameters where the solver works hard: over 300 s uncancelled.
const SLOW_SWEEP: &str = r#"{"scenario": "founding-crisis", "vary": [
    {"name": "audience_rus", "from": 0.1, "to": 0.5, "steps": 45},
    {"name": "war_cost_ukr", "from": 0.2, "to": 0.8, "steps": 44}]}"#;

/// The server's largest Monte Carlo run: 200 draws took 44 s uncancelled.
const SLOW_MONTECARLO: &str = r#"{"scenario": "founding-crisis", "draws": 5000}"#;

/// A strategic game in Gambit's `.nfg` text with payoffs drawn from 0..100
/// by a fixed linear congruential generator (they need only be generic);
/// `zero_sum`: the second player's payoff is minus the first's.
fn random_nfg(shape: &[usize], seed: u64, zero_sum: bool) -> String {
    let players = shape.len();
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let cells: usize = shape.iter().product();
    let mut text = format!(
        "NFG 1 R \"random\" {{ {} }} {{ {} }}\n",
        (1..=players)
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(" "),
        shape
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for _ in 0..cells {
        let mut first = 0;
        for p in 0..players {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = ((state >> 33) % 100) as i64;
            let v = match p {
                0 => {
                    first = v;
                    v
                }
                1 if zero_sum => -first,
                _ => v,
            };
            text += &format!("{v} ");
        }
    }
    text
}

/// A tree whose reduced strategic form is slow to fill though small in
/// nodes (as in brink-nash's `tests/cancel.rs`): chance picks one of `branches` rounds; in each, player 1 moves
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

/// Each method of `/api/solve` that loops, on a game that keeps it busy far
/// past the deadline: uncancelled, each of these games (brink-nash's
/// `tests/cancel.rs` draws the same ones) kept its method busy past 5 s in
/// a release build on 2 cores, `enumpure` on the tree filling its reduced
/// strategic form. (`spe` is one pass over a tree the node limit bounds;
/// `logit`, `sequential` and `lcp` on a tree were stopped before.)
fn slow_solves() -> Vec<(&'static str, String)> {
    let solve = |method: &str, game: String| {
        serde_json::json!({ "game": game, "method": method }).to_string()
    };
    vec![
        (
            "enummixed",
            solve("enummixed", random_nfg(&[20, 20], 1, false)),
        ),
        (
            "enumpoly",
            solve("enumpoly", random_nfg(&[12, 12], 1, false)),
        ),
        ("lcp", solve("lcp", random_nfg(&[100, 100], 1, false))),
        ("lp", solve("lp", random_nfg(&[300, 300], 1, true))),
        ("liap", solve("liap", random_nfg(&[30, 30, 30], 1, false))),
        (
            "simpdiv",
            solve("simpdiv", random_nfg(&[30, 30, 30], 1, false)),
        ),
        // Five players: ipa solved the 30x30x30 game within the deadline
        // once its support system and start tableau got cheaper.
        (
            "ipa",
            solve("ipa", random_nfg(&[10, 10, 10, 10, 10], 1, false)),
        ),
        ("enumpure on a tree", solve("enumpure", wide_tree(9, 200))),
    ]
}

/// The deadline of the servers that time requests out here.
const DEADLINE_S: f64 = 2.0;

struct Server {
    child: Child,
    url: String,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server with one solver thread: slow work that kept it would make the
/// next request wait.
fn start(timeout_s: f64) -> Server {
    let bin =
        std::env::var("BRINK_SERVE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_brink").into());
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--workers", "1", "--queue", "4"])
        .args(["--timeout", &timeout_s.to_string()])
        .args(["--max-levers", "5000"])
        // ipa's five-player game is 1.5 MB of text.
        .args(["--max-body", "4194304"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the brink binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the server prints its URL");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    let addr = url.trim_start_matches("http://").to_string();
    Server { child, url, addr }
}

/// Status, JSON body and seconds taken.
fn post(server: &Server, path: &str, body: &str) -> (u16, serde_json::Value, f64) {
    let t0 = Instant::now();
    let (status, text) = match ureq::post(&format!("{}{path}", server.url))
        .timeout(Duration::from_secs(300))
        .set("content-type", "application/json")
        .send_string(body)
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(s, r)) => (s, r.into_string().unwrap()),
        Err(e) => panic!("{path}: {e}"),
    };
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text:.300}"));
    (status, json, t0.elapsed().as_secs_f64())
}

const QUICK_RUN: &str = r#"{"scenario": "fearon-risk-return"}"#;

/// Checks that a slow request to `path` is answered 422 about when the
/// deadline passes, and that the single solver thread is free for the next.
fn times_out_and_frees_the_thread(server: &Server, what: &str, path: &str, body: &str) {
    let (status, json, slow_s) = post(server, path, body);
    assert_eq!(status, 422, "{what}: {json}");
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .contains("longer than its limit"),
        "{what}: {json}"
    );
    // The answer comes at the deadline, not when the work ends.
    assert!(
        slow_s < DEADLINE_S + 1.5,
        "{what}: answered after {slow_s} s"
    );
    // The quick request has the same deadline, waiting for the thread
    // included: it is answered only if the slow work let go of the thread.
    let (status, json, quick_s) = post(server, "/api/run", QUICK_RUN);
    println!(
        "{what} past a {DEADLINE_S} s deadline: answered 422 in {slow_s:.2} s; \
         the next request answered {status} in {quick_s:.2} s"
    );
    assert_eq!(
        status, 200,
        "after {what} timed out, the next request: {json}"
    );
    assert!(quick_s < DEADLINE_S, "{quick_s} s");
}

#[test]
fn a_request_past_its_deadline_stops_its_work() {
    let server = start(DEADLINE_S);
    for (path, body) in [
        ("/api/run", slow_run()),
        ("/api/sweep", SLOW_SWEEP.into()),
        ("/api/montecarlo", SLOW_MONTECARLO.into()),
    ] {
        times_out_and_frees_the_thread(&server, path, path, &body);
    }
}

#[test]
fn every_solve_method_stops_at_the_deadline() {
    let server = start(DEADLINE_S);
    for (method, body) in slow_solves() {
        times_out_and_frees_the_thread(&server, method, "/api/solve", &body);
    }
}

#[test]
fn a_request_dropped_by_its_client_stops_its_work() {
    // A deadline the slow work never reaches: only the disconnect stops it.
    let server = start(600.0);
    let (enummixed, slow_solve) = slow_solves().swap_remove(0);
    for (what, path, body) in [
        ("run", "/api/run", slow_run()),
        (enummixed, "/api/solve", slow_solve),
    ] {
        let mut client = TcpStream::connect(&server.addr).unwrap();
        write!(
            client,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            server.addr,
            body.len()
        )
        .unwrap();
        client.flush().unwrap();
        // Long enough for the solve to be under way on the one thread.
        std::thread::sleep(Duration::from_millis(500));
        drop(client);
        let (status, json, quick_s) = post(&server, "/api/run", QUICK_RUN);
        println!(
            "after a dropped slow {what}, the next request answered {status} in {quick_s:.2} s"
        );
        assert_eq!(status, 200, "{what}: {json}");
        assert!(
            quick_s < 3.0,
            "the next request waited {quick_s} s: the dropped {what}'s solve kept the thread"
        );
    }
}
