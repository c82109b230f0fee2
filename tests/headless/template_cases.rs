//! Templates from files: each `tests/cases/templates/*.txt` is the text of the welcome
//! sample's `intro` block, resolved for its first record as the designer, `check` and export
//! all resolve it (a missing field is an error). The snapshot holds the intro's diagnostics
//! and what the block resolved to. A
//! case that does not end within `HANG_GUARD` fails: it would freeze the designer (a hang
//! guard, not a speed figure; the limits themselves end hostile templates in milliseconds).
//!
//! A new case is a new file; `INSTA_UPDATE=always cargo test --test headless template_cases::` writes its
//! snapshot for review.

use crate::common;

use prism::model::{BlockKind, Project};
use prism::template::{Engine, ResolveOptions};
use prism::workspace::Workspace;
use std::fmt::Write;
use std::time::{Duration, Instant};

const HANG_GUARD: Duration = Duration::from_secs(30);

fn with_intro(mut p: Project, text: &str) -> Project {
    let intro = p
        .content
        .blocks
        .iter_mut()
        .find(|b| b.id == "intro")
        .expect("welcome.ron has an intro block");
    intro.kind = BlockKind::Text { text: text.into() };
    p
}

#[test]
fn template_cases() {
    let ws = Workspace::open(&common::root().join("projects/welcome.ron"), None).unwrap();
    insta::glob!("../cases/templates", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let engine = Engine::new(&with_intro(ws.project.clone(), &text));
        let mut out = String::new();
        let started = Instant::now();
        let msg = engine.resolve(&ws.records[0], ResolveOptions::default());
        let took = started.elapsed();
        assert!(took < HANG_GUARD, "{}: {took:?}", path.display());
        writeln!(out, "== diagnostics").unwrap();
        for d in msg
            .diagnostics
            .iter()
            .filter(|d| d.block.as_deref() == Some("intro"))
        {
            writeln!(out, "{d}").unwrap();
        }
        let intro = msg.blocks.iter().find(|b| b.id == "intro").unwrap();
        writeln!(out, "== resolved").unwrap();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&intro.content).unwrap()
        )
        .unwrap();
        insta::assert_snapshot!(out);
    });
}
