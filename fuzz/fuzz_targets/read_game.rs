//! Format detection and both readers never panic on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(game) = brink_gambit::read_game(&text, "fuzz") {
        let written = brink_gambit::write_game(&game);
        brink_gambit::read_game(&written, "rewritten").expect("our own output reads");
    }
});
