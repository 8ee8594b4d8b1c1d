//! Tree drawings: TikZ against a reviewed fixture and through pdflatex where it is
//! installed; SVG and PNG files that carry the labels.

use brink_analysis::tree::examples::{deterrence, repetitive};
use brink_analysis::tree::{draw_tree, to_tikz, TreeOptions};
use brink_game::{Owner, Profile};
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/fixtures/tree/deterrence.tex"
);

fn equilibrium(g: &brink_game::ExtensiveGame) -> Profile<f64> {
    let probs = g
        .infosets()
        .iter()
        .map(|i| match (i.owner, i.label.as_str()) {
            (Owner::Player(1), "irresolute") => vec![0.0, 1.0],
            (Owner::Player(_), _) => vec![1.0, 0.0],
            _ => Vec::new(),
        })
        .collect();
    Profile::behavior(g, probs)
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tree");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn tikz_matches_the_reviewed_fixture() {
    let g = deterrence();
    let t = to_tikz(
        &g,
        &TreeOptions {
            profile: Some(equilibrium(&g)),
            ..TreeOptions::default()
        },
    )
    .unwrap();
    if std::env::var_os("BRINK_BLESS").is_some() {
        std::fs::write(FIXTURE, &t.document).unwrap();
    }
    let fixture = std::fs::read_to_string(FIXTURE).expect("fixture; regenerate with BRINK_BLESS=1");
    assert_eq!(
        t.document, fixture,
        "TikZ output changed: review it, then regenerate with BRINK_BLESS=1"
    );
    assert!(t.picture.contains("\\xtInfoset[dashed]"));
    assert!(t.picture.contains("[chance node]"));
    assert!(t.picture.contains("\\shortstack{war\\\\(-1, 1/2)"));
}

fn pdflatex() -> Option<PathBuf> {
    let ok = Command::new("pdflatex")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let has_istgame = Command::new("kpsewhich")
        .arg("istgame.sty")
        .output()
        .is_ok_and(|o| o.status.success());
    (ok && has_istgame).then(|| PathBuf::from("pdflatex"))
}

fn compiles(tex: &str, name: &str) {
    let Some(pdflatex) = pdflatex() else {
        eprintln!("pdflatex with istgame not installed: compile check skipped (the fixture test still runs)");
        return;
    };
    let path = tmp(&format!("{name}.tex"));
    std::fs::write(&path, tex).unwrap();
    let out = Command::new(pdflatex)
        .args(["-interaction=nonstopmode", "-halt-on-error"])
        .arg(path.file_name().unwrap())
        .current_dir(path.parent().unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdflatex failed on {}:\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(Path::new(&path.with_extension("pdf")).exists());
}

#[test]
fn tikz_compiles_with_pdflatex_where_installed() {
    let g = deterrence();
    let t = to_tikz(
        &g,
        &TreeOptions {
            profile: Some(equilibrium(&g)),
            ..TreeOptions::default()
        },
    )
    .unwrap();
    compiles(&t.document, "deterrence");
    let big = repetitive(8);
    let t = to_tikz(
        &big,
        &TreeOptions {
            max_nodes: 150,
            ..TreeOptions::default()
        },
    )
    .unwrap();
    assert!(!t.notes.is_empty());
    assert!(t.document.contains("% Note:"));
    compiles(&t.document, "repetitive");
}

#[test]
fn svg_and_png_drawings_carry_the_labels() {
    let g = deterrence();
    let opts = TreeOptions {
        profile: Some(equilibrium(&g)),
        ..TreeOptions::default()
    };
    let svg = tmp("deterrence.svg");
    draw_tree(&g, &opts, &svg).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    for label in [
        "Challenger",
        "Defender",
        "Chance",
        "resolved (1/3)",
        "(-1, 1/2)",
        "[1]",
        "Status quo",
    ] {
        assert!(text.contains(label), "{label} missing from the SVG");
    }
    assert!(
        text.matches("<line").count()
            + text.matches("<polyline").count()
            + text.matches("<path").count()
            >= 10
    );
    let png = tmp("deterrence.png");
    draw_tree(&g, &opts, &png).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
}

#[test]
fn a_tree_limit_of_no_nodes_is_an_error() {
    let g = deterrence();
    let opts = TreeOptions {
        max_nodes: 0,
        ..TreeOptions::default()
    };
    assert!(to_tikz(&g, &opts).is_err());
}
