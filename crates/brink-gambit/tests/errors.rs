//! Bad input gives an error naming line:column, what was expected and what
//! was found; never a panic.

use brink_gambit::{read_efg, read_game, read_nfg, ParseError};

const GOOD_EFG: &str = r#"EFG 2 R "t" { "A" "B" }
""
p "" 1 1 "" { "L" "R" } 0
c "" 1 "" { "h" 1/2 "t" 1/2 } 0
t "" 1 "win" { 1, -1 }
t "" 2 "lose" { -1, 1 }
t "" 1
"#;

/// Reads `text`, which must fail, and checks the position and both halves of the message.
fn fails(text: &str, line: usize, column: usize, expected: &str, found: &str) -> ParseError {
    let err = read_game(text, "bad.efg").expect_err("the input is invalid");
    assert_eq!((err.line, err.column), (line, column), "{err}");
    assert!(err.expected.contains(expected), "expected part: {err}");
    assert!(err.found.contains(found), "found part: {err}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("bad.efg:{line}:{column}: expected ")),
        "{shown}"
    );
    err
}

#[test]
fn the_good_file_reads() {
    let g = read_efg(GOOD_EFG, "good.efg").unwrap();
    assert_eq!(g.num_nodes(), 5);
    assert_eq!(g.outcomes().len(), 2);
}

#[test]
fn display_shows_the_line_and_a_caret() {
    let text = GOOD_EFG.replace("{ \"L\" \"R\" }", "{ \"L\" 3 }");
    let err = fails(&text, 3, 19, "action label", "number `3`");
    let shown = err.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[1], "p \"\" 1 1 \"\" { \"L\" 3 } 0");
    assert_eq!(lines[2], format!("{}^", " ".repeat(18)));
}

#[test]
fn header_errors() {
    fails("", 1, 1, "`EFG`, `NFG`, `#AGG` or `#BAGG`", "end of file");
    fails("GAME 1", 1, 1, "`EFG`, `NFG`, `#AGG` or `#BAGG`", "`GAME`");
    fails("EFG 3 R \"\" { }", 1, 5, "`2`", "number `3`");
    fails("EFG 2 Q \"\" { }", 1, 7, "`R` or `D`", "`Q`");
    fails("EFG 2 R { }", 1, 9, "title", "'{'");
    fails("EFG 2 R \"x\" \"A\"", 1, 13, "'{'", "text \"A\"");
    fails(
        "EFG 2 R \"x\" { \"A\" 3 }",
        1,
        19,
        "player name or '}'",
        "number `3`",
    );
}

#[test]
fn node_errors() {
    let at = |old: &str, new: &str| GOOD_EFG.replacen(old, new, 1);
    fails(
        &at("p \"\" 1 1", "q \"\" 1 1"),
        3,
        1,
        "'c' (chance), 'p' (player) or 't'",
        "`q`",
    );
    fails(
        &at("p \"\" 1 1", "p \"\" 3 1"),
        3,
        6,
        "player number from 1 to 2",
        "3",
    );
    fails(
        &at("p \"\" 1 1", "p \"\" -1 1"),
        3,
        6,
        "player number",
        "`-1`",
    );
    fails(
        &at("p \"\" 1 1", "p \"\" 1 x"),
        3,
        8,
        "information set number",
        "`x`",
    );
    fails(&at("{ \"L\" \"R\" }", "{ }"), 3, 15, "action label", "'}'");
    fails(
        &at("1/2 \"t\" 1/2", "1/2 \"t\" 1/3"),
        4,
        8,
        "sum to 1",
        "5/6",
    );
    fails(
        &at("1/2 \"t\" 1/2", "3/2 \"t\" -1/2"),
        4,
        25,
        "at least 0",
        "-1/2",
    );
    fails(
        &at("1/2 \"t\" 1/2", "1/2 \"t\" 1/0"),
        4,
        25,
        "valid number",
        "`1/0`",
    );
    fails(
        &at("{ 1, -1 }", "{ 1 }"),
        5,
        18,
        "payoff for player 2",
        "'}'",
    );
    fails(
        &at("{ 1, -1 }", "{ 1, -1, 2 }"),
        5,
        23,
        "'}' after 2 payoffs",
        "number `2`",
    );
    fails(
        &at("t \"\" 2 \"lose\"", "t \"\" 0 \"lose\""),
        6,
        8,
        "no label or payoffs after outcome 0",
        "label",
    );
    fails(
        &at("t \"\" 2 \"lose\" { -1, 1 }", "t \"\" 3"),
        7,
        1,
        "outcome 3",
        "`t`",
    );
    fails(
        &at("t \"\" 1\n", "t \"\" 1 \"other\" { 1, -1 }\n"),
        7,
        8,
        "first declaration of outcome 1",
        "different",
    );
    fails(
        &format!("{GOOD_EFG}t \"\" 0\n"),
        8,
        1,
        "end of the file",
        "`t`",
    );
    fails(
        &GOOD_EFG.replace("t \"\" 1\n", ""),
        7,
        1,
        "a node",
        "end of file",
    );
    fails(
        &GOOD_EFG.replace("t \"\" 1\n", "t \"\" 1 \"abc\n"),
        7,
        8,
        "closing '\"'",
        "end of file",
    );
}

#[test]
fn infoset_errors() {
    // Player 2's set 1 used twice, the second time with other actions.
    let text = r#"EFG 2 R "" { "A" "B" }
p "" 1 1 "" { "L" "R" } 0
p "" 2 1 "x" { "l" "r" } 0
t "" 0
t "" 0
p "" 2 1 "x" { "l" "m" } 0
t "" 0
t "" 0
"#;
    fails(
        text,
        6,
        10,
        "first declaration of information set 1 of player 2",
        "different",
    );
    fails(
        &text.replace("p \"\" 2 1 \"x\" { \"l\" \"m\" } 0", "p \"\" 2 2 0"),
        6,
        10,
        "information set 2 of player 2",
        "number `0`",
    );
    // Repeating the declaration exactly, or leaving it out, is fine.
    assert!(read_efg(&text.replace("\"m\"", "\"r\""), "ok").is_ok());
    assert!(read_efg(
        &text.replace("p \"\" 2 1 \"x\" { \"l\" \"m\" } 0", "p \"\" 2 1 0"),
        "ok"
    )
    .is_ok());
}

#[test]
fn nfg_errors() {
    let good = "NFG 1 R \"g\" { \"A\" \"B\" } { { \"a\" \"b\" } { \"c\" } }\n1 2 3 4\n";
    assert!(read_nfg(good, "ok").is_ok());
    let fails_nfg = |text: &str, line, col, expected: &str, found: &str| {
        let err = read_nfg(text, "bad.nfg").unwrap_err();
        assert_eq!((err.line, err.column), (line, col), "{err}");
        assert!(
            err.expected.contains(expected) && err.found.contains(found),
            "{err}"
        );
    };
    fails_nfg(
        &good.replace("1 2 3 4", "1 2 3"),
        3,
        1,
        "payoff of player 2 in cell 2",
        "end of file",
    );
    fails_nfg(
        &good.replace("1 2 3 4", "1 2 3 4 5"),
        2,
        9,
        "end of the file",
        "number `5`",
    );
    fails_nfg(
        &good.replace("{ \"c\" }", "{ }"),
        1,
        39,
        "at least one strategy for player 2",
        "none",
    );
    fails_nfg(
        "NFG 1 R \"\" { \"A\" } { 99999999 }\n1",
        1,
        22,
        "no larger than the file",
        "99999999",
    );
    fails_nfg(
        "NFG 1 R \"\" { } { }\n",
        1,
        16,
        "at least one player",
        "empty",
    );
    let outcomes = "NFG 1 R \"\" { \"A\" } { { \"a\" \"b\" } }\n{ { \"o\" 1 } }\n1 2\n";
    fails_nfg(outcomes, 3, 3, "outcome number from 0 to 1", "2");
    fails_nfg(
        &outcomes.replace("{ \"o\" 1 }", "{ \"o\" 1 2 }"),
        2,
        11,
        "'}' after 1 payoffs",
        "number `2`",
    );
    fails_nfg(
        &outcomes.replace("\n1 2", "\n1 x"),
        3,
        3,
        "outcome number of cell 2",
        "`x`",
    );
}

#[test]
fn errors_count_columns_in_characters() {
    let err = read_game("EFG 2 R \"é\" { \"ü\" } q", "u.efg").unwrap_err();
    assert_eq!((err.line, err.column), (1, 21), "{err}");
}

#[test]
fn whole_file_errors_have_no_position() {
    let err =
        brink_gambit::read_game_file(std::path::Path::new("/no/such/dir/game.efg")).unwrap_err();
    assert_eq!((err.line, err.column), (0, 0));
    assert!(
        err.to_string()
            .starts_with("/no/such/dir/game.efg: expected a readable file, found "),
        "{err}"
    );
}

#[test]
fn latin1_files_and_crlf_line_ends_read() {
    let dir = std::env::temp_dir().join(format!("brink-gambit-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.nfg");
    // "Caf\xe9" is Latin-1 for "Café"; the line ends are CRLF.
    std::fs::write(&path, b"NFG 1 R \"Caf\xe9\" { \"A\" }\r\n{ 2 }\r\n1 2\r\n").unwrap();
    let game = brink_gambit::read_game_file(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(game.title(), "Café");
    let crlf = GOOD_EFG.replace('\n', "\r\n");
    assert_eq!(
        read_efg(&crlf, "crlf.efg").unwrap(),
        read_efg(GOOD_EFG, "lf.efg").unwrap()
    );
    // Errors on CRLF files show the line without its '\r'.
    let err = read_game(&crlf.replacen("p \"\" 1 1", "q \"\" 1 1", 1), "crlf.efg").unwrap_err();
    assert_eq!(err.source_line, "q \"\" 1 1 \"\" { \"L\" \"R\" } 0");
}
