//! `brink serve` under load and bad input, on loopback: concurrent clients
//! mixing valid runs and solves, malformed JSON, oversized bodies and games
//! over the node limit. Every request must be answered, with the status its
//! kind calls for (503 allowed by design where the pool is involved), never
//! another 5xx; the server's peak resident memory stays under a bound.
//!
//! Small by default (a test); `bench/serve_load.sh` runs the full size
//! (2,000 requests from 50 clients) through the same code with
//! `BRINK_LOAD_REQUESTS` and `BRINK_LOAD_CLIENTS`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Largest body the server takes in this test.
const MAX_BODY: usize = 256 * 1024;
/// Largest game the server takes in this test.
const MAX_NODES: usize = 500;
/// Peak resident memory allowed to the server, in MiB.
const MEMORY_BOUND_MIB: u64 = 512;
/// The whole test stops issuing requests after this long.
const TIME_BOUND: Duration = Duration::from_secs(240);

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let bin =
        std::env::var("BRINK_SERVE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_brink").into());
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0"])
        .args(extra)
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
    Server { child, url }
}

/// Peak resident memory of a process, from /proc (Linux), in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A complete binary game tree of the given depth, as .efg text.
fn binary_efg(depth: u32) -> String {
    let mut out = String::from("EFG 2 R \"binary\" { \"A\" \"B\" }\n\"\"\n\n");
    let mut outcome = 0;
    fn node(out: &mut String, depth: u32, level: u32, infoset: &mut u32, outcome: &mut u32) {
        if level == depth {
            *outcome += 1;
            out.push_str(&format!(
                "t \"\" {outcome} \"\" {{ {}, {} }}\n",
                *outcome % 7,
                *outcome % 5
            ));
            return;
        }
        *infoset += 1;
        out.push_str(&format!(
            "p \"\" {} {} \"\" {{ \"l\" \"r\" }} 0\n",
            level % 2 + 1,
            infoset
        ));
        node(out, depth, level + 1, infoset, outcome);
        node(out, depth, level + 1, infoset, outcome);
    }
    let mut infoset = 0;
    node(&mut out, depth, 0, &mut infoset, &mut outcome);
    out
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Run,
    Solve,
    Malformed,
    Oversized,
    OverNodes,
}

impl Kind {
    fn allowed(self, status: u16) -> bool {
        match self {
            Kind::Run | Kind::Solve => status == 200 || status == 503,
            Kind::Malformed => status == 400,
            Kind::Oversized => status == 413,
            Kind::OverNodes => status == 422 || status == 503,
        }
    }
}

#[test]
fn load_mixed_requests_all_answered() {
    let requests: usize = std::env::var("BRINK_LOAD_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let clients: usize = std::env::var("BRINK_LOAD_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let server = start(&[
        "--workers",
        "2",
        "--queue",
        "16",
        "--timeout",
        "60",
        "--max-body",
        &MAX_BODY.to_string(),
        "--max-nodes",
        &MAX_NODES.to_string(),
    ]);
    let km3 = include_str!("../testdata/gambit/contrib/games/km3.efg");
    let big_game = binary_efg(10); // 2,047 nodes, under the body limit
    assert!(big_game.len() < MAX_BODY);
    let bodies: Vec<(Kind, &str, String)> = vec![
        (Kind::Run, "/api/run", String::new()), // filled per request
        (
            Kind::Solve,
            "/api/solve",
            serde_json::json!({"game": km3, "method": "lcp"}).to_string(),
        ),
        (Kind::Malformed, "/api/run", "{\"scenario\": ".into()),
        (
            Kind::Oversized,
            "/api/run",
            serde_json::json!({"scenario": "x".repeat(MAX_BODY + 1024)}).to_string(),
        ),
        (
            Kind::OverNodes,
            "/api/solve",
            serde_json::json!({"game": big_game, "method": "lcp"}).to_string(),
        ),
    ];
    let next = Arc::new(AtomicUsize::new(0));
    let results: Arc<Mutex<Vec<(Kind, u16, f64)>>> = Arc::default();
    let lost: Arc<Mutex<Vec<String>>> = Arc::default();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..clients {
            let (next, results, lost, bodies, url) = (&next, &results, &lost, &bodies, &server.url);
            scope.spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(120))
                    .build();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests || started.elapsed() > TIME_BOUND {
                        break;
                    }
                    let (kind, path, body) = &bodies[i % bodies.len()];
                    let body = if *kind == Kind::Run {
                        // A different parameter value each time: real solves, not a cache.
                        let model = ["fearon-risk-return", "audience-cost"][i / 5 % 2];
                        let set = if model == "fearon-risk-return" {
                            serde_json::json!({"c_hi": 0.3 + (i % 50) as f64 / 200.0})
                        } else {
                            serde_json::json!({})
                        };
                        serde_json::json!({"scenario": model, "set": set}).to_string()
                    } else {
                        body.clone()
                    };
                    let t0 = Instant::now();
                    let answer = agent
                        .post(&format!("{url}{path}"))
                        .set("content-type", "application/json")
                        .send_string(&body);
                    let ms = t0.elapsed().as_secs_f64() * 1e3;
                    let status = match answer {
                        Ok(r) => {
                            let s = r.status();
                            let _ = r.into_string();
                            s
                        }
                        Err(ureq::Error::Status(s, r)) => {
                            let text = r.into_string().unwrap_or_default();
                            let json: serde_json::Value =
                                serde_json::from_str(&text).unwrap_or_default();
                            if json.get("error").and_then(|e| e.as_str()).is_none() {
                                lost.lock().unwrap().push(format!(
                                    "request {i} ({kind:?}): status {s} without a JSON error: {text:.200}"
                                ));
                            }
                            s
                        }
                        Err(e) => {
                            lost.lock().unwrap().push(format!("request {i} ({kind:?}): {e}"));
                            continue;
                        }
                    };
                    results.lock().unwrap().push((*kind, status, ms));
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let peak = peak_rss_kib(server.child.id());
    // The server is still up and answering after all of it.
    let health = ureq::get(&format!("{}/api/models", server.url)).call();
    assert!(health.is_ok(), "the server does not answer after the load");
    drop(server);

    let results = results.lock().unwrap();
    let lost = lost.lock().unwrap();
    assert!(lost.is_empty(), "lost or malformed answers: {lost:#?}");
    assert_eq!(
        results.len(),
        requests,
        "not every request was made within the time bound"
    );
    let mut counts = std::collections::BTreeMap::new();
    for (kind, status, _) in results.iter() {
        *counts.entry(*status).or_insert(0usize) += 1;
        assert!(kind.allowed(*status), "{kind:?} answered {status}");
    }
    let ok = counts.get(&200).copied().unwrap_or(0);
    assert!(ok > 0, "no request succeeded: {counts:?}");
    let mut ms: Vec<f64> = results.iter().map(|r| r.2).collect();
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
    let peak_mib = peak.map(|k| k / 1024);
    println!(
        "serve load: {requests} requests, {clients} clients, {:.1} s; p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; \
         peak RSS {} MiB (bound {MEMORY_BOUND_MIB}); statuses {counts:?}",
        elapsed.as_secs_f64(),
        q(0.5),
        q(0.95),
        ms[ms.len() - 1],
        peak_mib.map_or("?".into(), |m| m.to_string()),
    );
    if let Some(m) = peak_mib {
        assert!(m < MEMORY_BOUND_MIB, "peak resident memory {m} MiB");
    }
}

#[test]
fn errors_are_json_with_place_and_status() {
    let server = start(&["--workers", "1", "--max-body", "4096", "--max-levers", "2"]);
    let post = |path: &str, body: &str| match ureq::post(&format!("{}{path}", server.url))
        .send_string(body)
    {
        Ok(r) => (r.status(), r.into_json::<serde_json::Value>().unwrap()),
        Err(ureq::Error::Status(s, r)) => (s, r.into_json::<serde_json::Value>().unwrap()),
        Err(e) => panic!("{e}"),
    };
    // A scenario with a syntax error: the place and the command line's message.
    let (s, v) = post("/api/run", r#"{"scenario": "model m\nparam x = 1 +\n"}"#);
    assert_eq!(s, 400);
    assert_eq!(v["line"], 3, "{v}");
    assert!(
        v["text"].as_str().unwrap().contains("--> scenario:3:"),
        "{v}"
    );
    // Malformed JSON: where it breaks.
    let (s, v) = post("/api/solve", "{\"game\": 3,\n}");
    assert_eq!(s, 400);
    assert_eq!(v["line"], 1, "{v}");
    // Over the body limit.
    let (s, v) = post(
        "/api/run",
        &format!("{{\"scenario\": \"{}\"}}", "y".repeat(5000)),
    );
    assert_eq!(s, 413, "{v}");
    // A Gambit file with an error: its line and column.
    let (s, v) = post(
        "/api/solve",
        r#"{"game": "NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n1 2 3 oops", "method": "enumpure"}"#,
    );
    assert_eq!(s, 400, "{v}");
    assert_eq!(v["line"], 2, "{v}");
    // An action-graph game: solved on its strategic form when small; refused
    // on its profile count (before any expansion) when over the cell limit
    // (100,000 by default): 6 players of 7 actions make 117,649 profiles.
    let (s, v) = post(
        "/api/solve",
        r##"{"game": "#AGG\n2\n2\n0\n2 2\n0 1\n0 1\n2 0 1\n2 1 0\n0 35 -4\n0 -10 95\n", "method": "enumpure"}"##,
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["equilibria"].as_array().map(Vec::len), Some(2), "{v}");
    let (s, v) = post(
        "/api/solve",
        r##"{"game": "#AGG\n6\n7\n0\n7 7 7 7 7 7\n0 1 2 3 4 5 6\n0 1 2 3 4 5 6\n0 1 2 3 4 5 6\n0 1 2 3 4 5 6\n0 1 2 3 4 5 6\n0 1 2 3 4 5 6\n0\n0\n0\n0\n0\n0\n0\n0 0\n0 1\n0 2\n0 3\n0 4\n0 5\n0 6\n", "method": "enumpure"}"##,
    );
    assert_eq!(s, 422, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("117649 pure profiles"),
        "{v}"
    );
    // A path is not read: only library names and source text are scenarios.
    let (s, v) = post("/api/run", r#"{"scenario": "/etc/passwd"}"#);
    assert_eq!(s, 400, "{v}");
    assert!(v["error"].as_str().unwrap().contains("no model"), "{v}");
    let (s, v) = post(
        "/api/run",
        r#"{"scenario": "model m\nimport /etc/passwd\n"}"#,
    );
    assert_eq!(s, 400, "{v}");
    // Unknown parameter: the command line's hint.
    let (s, v) = post(
        "/api/run",
        r#"{"scenario": "fearon-risk-return", "set": {"c_hii": 1}}"#,
    );
    assert_eq!(s, 400, "{v}");
    assert!(v["hint"].as_str().unwrap().contains("c_hi"), "{v}");
    // A sweep over the point limit.
    let (s, v) = post(
        "/api/sweep",
        r#"{"scenario": "fearon-risk-return", "vary": [{"name": "c_hi", "from": 0, "to": 1, "steps": 100000}]}"#,
    );
    assert_eq!(s, 422, "{v}");
    // More levers than the server solves: refused before any solve.
    let levers: String = (0..3)
        .map(|k| format!("\\nlever \\\"l{k}\\\" {{ set p = 0.{k} }}"))
        .collect();
    let (s, v) = post(
        "/api/run",
        &format!(
            r#"{{"scenario": "model m\nparam p = 0.5 in [0, 1]\nplayer A\noutcome o\ngame: A chooses {{ x: end o (A: p) y: end o (A: 0) }}{levers}"}}"#
        ),
    );
    assert_eq!(s, 422, "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("3 levers, more than this server's limit of 2"),
        "{v}"
    );
    // Unknown route.
    let (s, _) = post("/api/nothing", "{}");
    assert_eq!(s, 404);
}

#[test]
fn answers_match_the_command_line() {
    let server = start(&["--workers", "1"]);
    let bin =
        std::env::var("BRINK_SERVE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_brink").into());
    let cli = |args: &[&str]| -> serde_json::Value {
        let out = Command::new(&bin).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let post = |path: &str, body: serde_json::Value| -> serde_json::Value {
        ureq::post(&format!("{}{path}", server.url))
            .send_json(body)
            .unwrap()
            .into_json()
            .unwrap()
    };
    let web = post(
        "/api/run",
        serde_json::json!({"scenario": "fearon-risk-return", "set": {"c_hi": 0.4}}),
    );
    let want = cli(&[
        "run",
        "fearon-risk-return",
        "--set",
        "c_hi=0.4",
        "--format",
        "json",
    ]);
    assert_eq!(web, want);
    let efg = "testdata/gambit/contrib/games/km3.efg";
    let web = post(
        "/api/solve",
        serde_json::json!({"game": std::fs::read_to_string(efg).unwrap(), "method": "enumpure"}),
    );
    let want = cli(&["solve", efg, "-m", "enumpure", "--format", "json"]);
    assert_eq!(web, want);
    let web = post(
        "/api/sweep",
        serde_json::json!({"scenario": "fearon-risk-return", "vary": [{"name": "c_hi", "from": 0.2, "to": 0.6, "steps": 3}]}),
    );
    let want = cli(&[
        "sweep",
        "fearon-risk-return",
        "--vary",
        "c_hi=0.2:0.6:3",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(web, want);
}
