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

#[test]
fn a_request_past_its_deadline_stops_its_work() {
    let server = start(DEADLINE_S);
    for (path, body) in [
        ("/api/run", slow_run()),
        ("/api/sweep", SLOW_SWEEP.into()),
        ("/api/montecarlo", SLOW_MONTECARLO.into()),
    ] {
        let (status, json, slow_s) = post(&server, path, &body);
        assert_eq!(status, 422, "{path}: {json}");
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains("longer than its limit"),
            "{path}: {json}"
        );
        // The quick request has the same deadline, waiting for the thread
        // included: it is answered only if the slow work let go of the thread.
        let (status, json, quick_s) = post(&server, "/api/run", QUICK_RUN);
        println!(
            "{path} past a {DEADLINE_S} s deadline: answered 422 in {slow_s:.2} s; \
             the next request answered {status} in {quick_s:.2} s"
        );
        assert_eq!(
            status, 200,
            "after {path} timed out, the next request: {json}"
        );
        assert!(quick_s < DEADLINE_S, "{quick_s} s");
    }
}

#[test]
fn a_request_dropped_by_its_client_stops_its_work() {
    // A deadline the slow work never reaches: only the disconnect stops it.
    let server = start(600.0);
    let body = slow_run();
    let mut client = TcpStream::connect(&server.addr).unwrap();
    write!(
        client,
        "POST /api/run HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .unwrap();
    client.flush().unwrap();
    // Long enough for the solve to be under way on the one thread.
    std::thread::sleep(Duration::from_millis(500));
    drop(client);
    let (status, json, quick_s) = post(&server, "/api/run", QUICK_RUN);
    println!("after a dropped slow run, the next request answered {status} in {quick_s:.2} s");
    assert_eq!(status, 200, "{json}");
    assert!(
        quick_s < 3.0,
        "the next request waited {quick_s} s: the dropped request's solve kept the thread"
    );
}
