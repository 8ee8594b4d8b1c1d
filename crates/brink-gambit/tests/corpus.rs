//! Every file of Gambit's own corpus reads, writes and reads back as an equal game.

use brink_gambit::{read_game, read_game_file, write_game};
use brink_game::Game;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit");

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from(CORPUS)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("efg" | "nfg")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn same(a: &Game, b: &Game) -> bool {
    match (a, b) {
        (Game::Extensive(x), Game::Extensive(y)) => x == y,
        (Game::Strategic(x), Game::Strategic(y)) => x == y,
        _ => false,
    }
}

#[test]
fn all_234_files_round_trip() {
    let files = corpus_files();
    assert_eq!(files.len(), 234, "the corpus has 234 Gambit files");
    let mut failures = Vec::new();
    for path in &files {
        let game = match read_game_file(path) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("read: {e}"));
                continue;
            }
        };
        let written = write_game(&game);
        match read_game(&written, "rewritten") {
            Ok(again) if same(&game, &again) => {
                // A second write is byte-identical: the writer is deterministic.
                assert_eq!(write_game(&again), written, "{}", path.display());
            }
            Ok(_) => failures.push(format!("{}: re-read game differs", path.display())),
            Err(e) => failures.push(format!("{}: re-read: {e}\n{written}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn efg(rel: &str) -> brink_game::ExtensiveGame {
    match read_game_file(&Path::new(CORPUS).join(rel)).unwrap() {
        Game::Extensive(g) => g,
        Game::Strategic(_) => panic!("{rel} is an extensive game"),
    }
}

fn nfg(rel: &str) -> brink_game::StrategicGame {
    match read_game_file(&Path::new(CORPUS).join(rel)).unwrap() {
        Game::Strategic(g) => g,
        Game::Extensive(_) => panic!("{rel} is a strategic game"),
    }
}

/// Hand-checked against the text of doc/poker.efg: 2 players, a chance root
/// with 1/2 each, player 1 with two information sets and player 2 with one of two nodes, 4
/// outcomes first used in the order 1, 2, 4, 3.
#[test]
fn poker_reads_as_written_in_the_file() {
    use brink_game::Owner;
    let g = efg("doc/poker.efg");
    assert_eq!(g.players, vec!["Alice", "Bob"]);
    assert_eq!(g.title, "One card poker game, after Myerson (1991)");
    assert_eq!(g.num_nodes(), 11);
    let root = g.infoset(g.node_infoset(g.root()).unwrap());
    assert_eq!(root.owner, Owner::Chance);
    let half = brink_game::number::parse_rational("1/2");
    assert!(root.actions.iter().all(|a| a.prob == half));
    assert_eq!(root.actions[0].label, "King");
    assert_eq!(g.player_infosets(0).len(), 2);
    assert_eq!(g.player_infosets(1).len(), 1);
    let bob = g.infoset(g.player_infosets(1)[0]);
    assert_eq!((bob.number, bob.members.len()), (1, 2));
    assert_eq!(g.outcomes().len(), 4);
    let labels: Vec<&str> = g.outcomes().iter().map(|o| o.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Alice wins big", "Alice wins", "Bob wins big", "Bob wins"]
    );
    // Alice folding a King (the second child of her first node) gives outcome 4, "Bob wins".
    let king = g.child(g.root(), 0);
    let fold = g.child(king, 1);
    assert_eq!(g.node_outcome(fold).map(|o| o.0 + 1), Some(4));
    assert!(g.is_terminal(fold));
    assert_eq!(g.parent(fold), Some(king));
}

#[test]
fn payoff_list_and_outcome_list_nfg() {
    let g = nfg("doc/2x2x2.nfg");
    assert!(g.outcome_list);
    assert_eq!(g.shape(), vec![2, 2, 2]);
    assert_eq!(g.outcomes.len(), 8);
    let p = |c: usize, pl: usize| brink_game::number::format_rational(&g.payoff(c, pl));
    assert_eq!(
        (p(0, 0), p(0, 1), p(0, 2)),
        ("9".into(), "8".into(), "12".into())
    );
    assert_eq!(
        (p(5, 0), p(5, 1), p(5, 2)),
        ("3".into(), "4".into(), "6".into())
    );

    // Payoff list with strategy counts instead of labels, decimals exact.
    let h = nfg("contrib/games/e07.nfg");
    assert!(!h.outcome_list);
    assert_eq!(h.strategies[0], vec!["1", "2", "3", "4"]);
    assert_eq!(
        h.payoff(0, 0),
        brink_game::number::parse_rational("7.6").unwrap()
    );
    assert_eq!(
        h.payoff(15, 1),
        brink_game::number::parse_rational("-15.1").unwrap()
    );
}

#[test]
fn escaped_quotes_in_comments() {
    let g = efg("catalog/journals/ijgt/selten1975/fig1.efg");
    assert!(g.comment.contains("\"Selten's horse\""), "{}", g.comment);
}
