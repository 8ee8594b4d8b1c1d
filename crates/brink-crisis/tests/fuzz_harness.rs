//! A fuzz harness that needs no libFuzzer (the cargo-fuzz target is
//! `fuzz/fuzz_targets/parse_crisis.rs`): the library's models mutated at
//! random (bytes flipped, cut, duplicated, the language's tokens spliced in)
//! go through the parser and the compiler, which must return, never panic
//! or overflow the stack.

use brink_crisis::{compile_at, library, Scenario};
use proptest::prelude::*;

const SPLICES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "=",
    "-",
    "^",
    "/",
    " ",
    "\n",
    "0",
    "1",
    "1e308",
    "nan",
    "use game",
    "chooses",
    "end",
    "chance",
    "repeat 3",
    "next",
    "if",
    "then",
    "else",
    "with",
    "player",
    "param",
    "let",
    "outcome",
    "~ normal(0,1)",
    "\u{e9}",
    "{{{{{{{{",
    "((((((((",
    "--------",
];

/// One mutation of `src`, driven by the bytes of `ops`.
fn mutate(src: &str, ops: &[u8]) -> String {
    let mut data = src.as_bytes().to_vec();
    for chunk in ops.chunks(3) {
        let (op, a, b) = (
            chunk[0],
            *chunk.get(1).unwrap_or(&0) as usize,
            *chunk.get(2).unwrap_or(&0) as usize,
        );
        let len = data.len().max(1);
        let at = (a * 257 + b * 65537) % len;
        match op % 5 {
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
                let s = SPLICES[b % SPLICES.len()].as_bytes();
                let at = at.min(data.len());
                data.splice(at..at, s.iter().copied());
            }
            3 => {
                let end = (at + 1 + b % 64).min(data.len());
                if at < end {
                    let copy = data[at..end].to_vec();
                    data.splice(end..end, copy);
                }
            }
            _ => data.truncate(at),
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

fn check(text: &str) {
    if let Ok(s) = Scenario::parse("fuzz.crisis", text) {
        let _ = compile_at(&s, None, 5_000);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_models_parse_or_fail_cleanly(
        model in 0usize..64,
        ops in proptest::collection::vec(any::<u8>(), 3..24),
    ) {
        let names: Vec<&str> = library::names().filter(|n| *n != "founding-crisis").collect();
        let src = library::source(names[model % names.len()]).unwrap();
        check(&mutate(src, &ops));
    }

    #[test]
    fn arbitrary_text_parses_or_fails_cleanly(text in "\\PC{0,400}") {
        check(&text);
    }
}
