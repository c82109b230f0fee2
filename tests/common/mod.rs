//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample project in projects/.
pub fn sample_projects() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("projects"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    v.sort();
    assert!(v.len() >= 2, "the sample projects are missing");
    v
}

pub fn prism() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_prism"))
}

pub fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The workspace again with `project` (after a test edited it): templates recompiled,
/// records, assets and the letter date kept.
pub fn with_project(
    ws: &prism::workspace::Workspace,
    project: prism::model::Project,
) -> prism::workspace::Workspace {
    let mut rebuilt = prism::workspace::Workspace::new(
        ws.path.clone(),
        String::new(),
        project,
        ws.records.clone(),
    );
    rebuilt.letter_date = ws.letter_date.clone();
    rebuilt
}

/// Runs a tool that must succeed (poppler, qpdf) and returns what it printed.
pub fn run_ok(cmd: &mut std::process::Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (tests/run.sh installs poppler-utils and qpdf)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
