//! The JSON report's shape: P(war) at the top and in every lever row, the
//! certificate in every lever row, strategies and beliefs as structured data.

use brink_crisis::{library, run_scenario, Method, Scenario};
use serde_json::Value;

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn the_json_carries_p_war_levers_and_structured_strategies() {
    let s = Scenario::from_library(library::DEFAULT_MODEL).unwrap();
    let r = run_scenario(&s, Method::Auto).unwrap();
    let j = r.to_json();
    for key in [
        "model",
        "title",
        "p_war",
        "war_outcomes",
        "parameters",
        "method",
        "outcomes",
        "expected",
        "payoffs",
        "likely_path",
        "strategy",
        "beliefs",
        "regret",
        "ex_ante_regret",
        "sequential_regret",
        "converged",
        "levers",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    // P(war) is the sum of the outcomes it names.
    let war: f64 = j["war_outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| num(&j["outcomes"][k.as_str().unwrap()]))
        .sum();
    assert!((num(&j["p_war"]) - war).abs() < 1e-12);
    for l in j["levers"].as_array().unwrap() {
        for key in [
            "name",
            "doc",
            "changes",
            "p_war",
            "p_war_change",
            "outcomes",
            "expected",
            "regret",
        ] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
        assert!(l["converged"].is_boolean());
        let lw: f64 = l["outcomes"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.contains("war"))
            .map(|(_, p)| num(p))
            .sum();
        assert!((num(&l["p_war"]) - lw).abs() < 1e-12);
        assert!((num(&l["p_war_change"]) - (lw - war)).abs() < 1e-12);
        let m = &l["mechanism"];
        if !m.is_null() {
            assert!(m["player"].is_string() && m["action"].is_string() && m["moves"].is_array());
            assert!(num(&m["before"]) != num(&m["after"]));
            assert!(m["infoset"].is_u64());
        }
    }
    // Strategies: per player, information sets with ids, moves, reach, actions.
    let game = brink_crisis::compile(&s).unwrap().game;
    let mut seen = 0;
    for p in j["strategy"].as_array().unwrap() {
        let typed = !p["type"].is_null();
        for i in p["infosets"].as_array().unwrap() {
            let id = i["id"].as_u64().unwrap() as usize;
            let info = &game.infosets()[id];
            let labels: Vec<&str> = i["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["action"].as_str().unwrap())
                .collect();
            let expect: Vec<&str> = info.actions.iter().map(|a| a.label.as_str()).collect();
            assert_eq!(labels, expect);
            let total: f64 = i["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| num(&a["probability"]))
                .sum();
            assert!((total - 1.0).abs() < 1e-6, "{i}");
            for m in i["moves"].as_array().unwrap() {
                assert!(m["by"].is_string() && m["action"].is_string(), "{m}");
            }
            assert!((0.0..=1.0).contains(&num(&i["reach"])));
            if typed {
                // Cut-points as numbers: ranges that tile the types, low to high.
                let cuts = i["cuts"].as_array().unwrap();
                assert!(
                    cuts[0]["type_from"].is_null() && cuts.last().unwrap()["type_to"].is_null()
                );
                // (pieces meet to the solver's precision, not exactly)
                for w in cuts.windows(2) {
                    assert!((num(&w[0]["type_to"]) - num(&w[1]["type_from"])).abs() < 1e-6);
                    assert_ne!(w[0]["action"], w[1]["action"], "neighbours merged");
                }
            }
            seen += 1;
        }
    }
    let sets = (0..game.num_players())
        .map(|p| game.player_infosets(p).len())
        .sum::<usize>();
    assert_eq!(seen, sets, "every information set is in the JSON");
    for b in j["beliefs"].as_array().unwrap() {
        let total: f64 = b["over"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| num(&o["probability"]))
            .sum();
        assert!((total - 1.0).abs() < 1e-6, "{b}");
        assert!(b["infoset"].is_u64() && b["off_path"].is_boolean());
    }
    // No prose duplicates of the structure: no "types" strings, no "... (N more)".
    let text = j.to_string();
    assert!(!text.contains("more)") && !text.contains("\"types\""));
}
