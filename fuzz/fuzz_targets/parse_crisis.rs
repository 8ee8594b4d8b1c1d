//! The crisis language never panics or overflows its stack: any text parses
//! to a scenario or an error, and a scenario compiles (under a small node
//! limit) to a game or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = brink_crisis::Scenario::parse("fuzz.crisis", &text) {
        let _ = brink_crisis::compile_at(&s, None, 10_000);
    }
});
