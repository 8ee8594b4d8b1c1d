//! A fuzz harness that needs no libFuzzer: corpus files mutated at random
//! (bytes flipped, cut, duplicated, Gambit tokens spliced in) and arbitrary
//! byte strings go through the readers, which must return, never panic.
//! A written-back game must also read again. The `#[ignore]`d variant runs
//! many more cases: `cargo test -p brink-gambit --release --test fuzz_harness -- --ignored`.

use brink_gambit::{read_any, read_game, write_agg, write_game, GameFile};
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

fn corpus() -> &'static Vec<Vec<u8>> {
    static FILES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut out = Vec::new();
        let mut dirs = vec![PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/gambit"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("efg" | "nfg" | "agg" | "bagg")
                ) {
                    out.push(std::fs::read(&path).unwrap());
                }
            }
        }
        out.sort();
        out
    })
}

const SPLICES: &[&[u8]] = &[
    b"{",
    b"}",
    b"\"",
    b"\\",
    b",",
    b" ",
    b"\n",
    b"p",
    b"c",
    b"t",
    b"0",
    b"1",
    b"-1",
    b"1/0",
    b"1/3",
    b"4294967296",
    b"99999999999999999999",
    b"1e99999",
    b"0.5e-3",
    b".",
    b"-",
    b"+",
    b"EFG 2 R",
    b"NFG 1 R",
    b"\xc3\xa9",
    b"\xff",
    b"\"\"",
    b"{ }",
    b"[",
    b"]",
    b"#",
    b"#AGG\n",
    b"#BAGG\n",
];

/// One mutation, driven by the bytes of `ops`.
fn mutate(mut data: Vec<u8>, ops: &[u8]) -> Vec<u8> {
    for chunk in ops.chunks(3) {
        let (op, a, b) = (
            chunk[0],
            *chunk.get(1).unwrap_or(&0) as usize,
            *chunk.get(2).unwrap_or(&0) as usize,
        );
        let len = data.len().max(1);
        // Spread positions over the whole file, not only its first 256 bytes.
        let at = (a * 257 + b * 65537) % len;
        match op % 6 {
            0 => {
                if at < data.len() {
                    data[at] ^= 1 << (b % 8);
                }
            }
            1 => {
                let end = (at + 1 + b % 16).min(data.len());
                if at < end {
                    data.drain(at..end);
                }
            }
            2 => {
                let s = SPLICES[b % SPLICES.len()];
                let at = at.min(data.len());
                data.splice(at..at, s.iter().copied());
            }
            3 => {
                let end = (at + 1 + b % 32).min(data.len());
                if at < end {
                    let copy = data[at..end].to_vec();
                    data.splice(end..end, copy);
                }
            }
            4 => data.truncate(at),
            _ => {
                if at < data.len() {
                    data[at] = SPLICES[b % SPLICES.len()][0];
                }
            }
        }
    }
    data
}

/// Reads the bytes; if they make a game, its written form must read too
/// (an action-graph game, as the same game).
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(GameFile::ActionGraph(g)) = read_any(&text, "fuzz") {
        let written = write_agg(&g);
        let again = read_any(&written, "fuzz-rewritten");
        prop_assert!(
            matches!(&again, Ok(GameFile::ActionGraph(h)) if *h == g),
            "rewrite of an accepted action-graph game differs:\n{}",
            written
        );
        // Expanding is bounded separately (and slow for large games).
        return Ok(());
    }
    if let Ok(game) = read_game(&text, "fuzz") {
        let written = write_game(&game);
        prop_assert!(
            read_game(&written, "fuzz-rewritten").is_ok(),
            "rewrite of an accepted input fails:\n{}",
            written
        );
    }
    Ok(())
}

fn mutated_corpus() -> impl Strategy<Value = Vec<u8>> {
    (
        0..corpus().len(),
        proptest::collection::vec(any::<u8>(), 3..48),
    )
        .prop_map(|(i, ops)| mutate(corpus()[i].clone(), &ops))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn mutated_corpus_files_never_panic(bytes in mutated_corpus()) {
        check(&bytes)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        check(&bytes)?;
    }

    #[test]
    fn random_tokens_never_panic(parts in proptest::collection::vec(0..SPLICES.len(), 0..64)) {
        let bytes: Vec<u8> = parts.iter().flat_map(|&i| SPLICES[i].iter().copied().chain([b' '])).collect();
        check(&bytes)?;
    }
}

/// The long run: mutated corpus files for `FUZZ_SECONDS` seconds (default
/// 60), printing how many inputs were read, accepted and refused. A panicking
/// input is saved to `target/fuzz-crash-<seed>.bin` before the test fails.
/// `FUZZ_SECONDS=600 cargo test -p brink-gambit --release --test fuzz_harness -- --ignored --nocapture`
#[test]
#[ignore = "long fuzz run; run with --ignored in release mode"]
fn long_fuzz_mutated_corpus() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let start = std::time::Instant::now();
    let mut state: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut runs, mut accepted) = (0u64, 0u64);
    let files = corpus();
    while start.elapsed().as_secs() < seconds {
        let seed = next();
        let file = &files[(seed % files.len() as u64) as usize];
        let ops: Vec<u8> = (0..3 * (1 + next() % 16)).map(|_| next() as u8).collect();
        let input = mutate(file.clone(), &ops);
        let text = String::from_utf8_lossy(&input).into_owned();
        let outcome = std::panic::catch_unwind(|| {
            read_game(&text, "fuzz").map(|game| {
                let written = write_game(&game);
                read_game(&written, "fuzz-rewritten")
                    .map(|_| ())
                    .map_err(|e| format!("rewrite refused: {e}"))
            })
        });
        runs += 1;
        let failure = match outcome {
            Ok(Ok(Ok(()))) => {
                accepted += 1;
                None
            }
            Ok(Err(_)) => None,
            Ok(Ok(Err(e))) => Some(e),
            Err(_) => Some("panic".to_string()),
        };
        if let Some(why) = failure {
            let path = format!(
                "{}/../../target/fuzz-crash-{seed}.bin",
                env!("CARGO_MANIFEST_DIR")
            );
            let _ = std::fs::write(&path, &input);
            panic!("input saved to {path}: {why}");
        }
    }
    println!(
        "fuzzed {runs} mutated corpus files in {:.0} s: {accepted} accepted (and re-read after writing), {} refused with an error, no panic",
        start.elapsed().as_secs_f64(),
        runs - accepted
    );
}
