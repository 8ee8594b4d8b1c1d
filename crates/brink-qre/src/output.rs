//! Text forms of branch points and beliefs, so that front ends stay thin.

use crate::PathPoint;
use brink_game::{ExtensiveGame, Game, Owner};
use serde_json::{json, Value};

/// Column names of a profile in Gambit's order: `player:strategy` for a
/// strategic game, `player:infoset-number:action` for an extensive one.
fn columns(game: &Game) -> Vec<String> {
    match game {
        Game::Strategic(g) => g
            .players
            .iter()
            .zip(&g.strategies)
            .flat_map(|(p, ss)| ss.iter().map(move |s| format!("{p}:{s}")))
            .collect(),
        Game::Extensive(g) => (0..g.num_players())
            .flat_map(|p| {
                g.player_infosets(p).iter().flat_map(move |&i| {
                    let info = g.infoset(i);
                    info.actions
                        .iter()
                        .map(move |a| format!("{}:{}:{}", g.players[p], info.number, a.label))
                })
            })
            .collect(),
    }
}

/// The probabilities of a point in Gambit's order (players' information sets only).
fn flat(game: &Game, point: &PathPoint) -> Vec<f64> {
    match game {
        Game::Strategic(_) => point.profile.probs.iter().flatten().copied().collect(),
        Game::Extensive(g) => (0..g.num_players())
            .flat_map(|p| g.player_infosets(p).iter())
            .flat_map(|i| point.profile.probs[i.index()].iter().copied())
            .collect(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The branch as CSV: a header `lambda,<columns>` and one row per point.
pub fn path_to_csv(game: &Game, path: &[PathPoint]) -> String {
    let mut out = String::from("lambda");
    for c in columns(game) {
        out.push(',');
        out.push_str(&csv_field(&c));
    }
    out.push('\n');
    for point in path {
        out.push_str(&format!("{:e}", point.lambda));
        for x in flat(game, point) {
            out.push_str(&format!(",{x:e}"));
        }
        out.push('\n');
    }
    out
}

/// The branch as JSON: `{"columns": [...], "points": [{"lambda": l, "profile": [...]}]}`.
pub fn path_to_json(game: &Game, path: &[PathPoint]) -> Value {
    let points: Vec<Value> = path
        .iter()
        .map(|p| json!({"lambda": p.lambda, "profile": flat(game, p)}))
        .collect();
    json!({"columns": columns(game), "points": points})
}

/// Beliefs per player information set as JSON: owner, number, label, and
/// for each member node its id, label and belief. `beliefs` is indexed by
/// information-set id with members in [`brink_game::Infoset::members`] order,
/// as [`crate::SequentialResult::beliefs`] is.
pub fn beliefs_to_json(game: &ExtensiveGame, beliefs: &[Vec<f64>]) -> Value {
    let sets: Vec<Value> = (0..game.num_players())
        .flat_map(|p| game.player_infosets(p).iter().map(move |&i| (p, i)))
        .map(|(p, i)| {
            let info = game.infoset(i);
            let members: Vec<Value> = info
                .members
                .iter()
                .zip(beliefs.get(i.index()).map(Vec::as_slice).unwrap_or(&[]))
                .map(|(n, b)| json!({"node": n.0, "label": game.node_label(*n), "belief": b}))
                .collect();
            debug_assert!(matches!(info.owner, Owner::Player(_)));
            json!({"player": game.players[p], "number": info.number, "label": info.label, "members": members})
        })
        .collect();
    json!({"infosets": sets})
}
