//! The .nfg reader never panics, and what it accepts writes back to a file it reads again as the same game.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(game) = brink_gambit::read_nfg(&text, "fuzz.nfg") {
        let written = brink_gambit::write_nfg(&game);
        let again = brink_gambit::read_nfg(&written, "rewritten.nfg").expect("our own output reads");
        assert!(again == game, "write then read changed the game");
    }
});
