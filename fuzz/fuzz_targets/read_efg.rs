//! The .efg reader never panics, and what it accepts writes back to a file it reads again as the same game.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(game) = brink_gambit::read_efg(&text, "fuzz.efg") {
        let written = brink_gambit::write_efg(&game);
        let again = brink_gambit::read_efg(&written, "rewritten.efg").expect("our own output reads");
        assert!(again == game, "write then read changed the game");
    }
});
