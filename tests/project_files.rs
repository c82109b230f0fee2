mod common;

use prism::model::{self, LoadError};
use std::path::Path;

#[test]
fn broken_file_reports_line_and_column() {
    let text = "(\n  format_version: 1,\n  meta: (name: \"x\", kind: Marketting),\n)";
    let err = model::parse_project(text, Path::new("broken.ron")).unwrap_err();
    match &err {
        LoadError::Syntax { line, col, .. } => assert_eq!((*line, *col), (3, 27), "{err}"), // the start of `Marketting`
        other => panic!("expected a syntax error, got {other}"),
    }
    assert!(err.to_string().starts_with("broken.ron:3:27: "), "{err}");
}

#[test]
fn newer_format_is_refused_clearly() {
    let text = "(format_version: 7, something_new: [1, 2, 3])";
    let err = model::parse_project(text, Path::new("future.ron")).unwrap_err();
    assert!(matches!(err, LoadError::TooNew { found: 7, .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("format 7") && msg.contains("update Prism"),
        "{msg}"
    );
}

#[test]
fn duplicate_block_ids_are_refused() {
    let path = common::root().join("projects/welcome.ron");
    let mut p = model::load_project(&path).unwrap();
    let first = p.content.blocks[0].clone();
    p.content.blocks.push(first);
    let text = model::to_ron(&p).unwrap();
    let err = model::parse_project(&text, Path::new("dup.ron")).unwrap_err();
    assert!(err.to_string().contains("used twice"), "{err}");
}

#[test]
fn every_sample_round_trips_losslessly() {
    let dir = tempfile::tempdir().unwrap();
    for path in common::sample_projects() {
        let loaded = model::load_project(&path).unwrap();
        let copy = dir.path().join(path.file_name().unwrap());
        model::save_project(&loaded, &copy).unwrap();
        let again = model::load_project(&copy).unwrap();
        assert_eq!(
            loaded,
            again,
            "{} changed on load → save → load",
            path.display()
        );
        // Saving twice gives the same bytes: the format is stable.
        let first = std::fs::read(&copy).unwrap();
        model::save_project(&again, &copy).unwrap();
        assert_eq!(first, std::fs::read(&copy).unwrap());
    }
}

#[test]
fn save_replaces_atomically_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("p.ron");
    std::fs::write(&target, "old contents").unwrap();
    let p = model::load_project(&common::root().join("projects/invoice.ron")).unwrap();
    model::save_project(&p, &target).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("p.ron")]);
    assert_eq!(model::load_project(&target).unwrap(), p);
    // A failed save (folder gone) reports the path and leaves nothing behind.
    let err = model::save_project(&p, &dir.path().join("missing/p.ron")).unwrap_err();
    assert!(err.to_string().contains("missing/p.ron"), "{err}");
}

#[test]
fn sample_data_files_load_unchanged() {
    let root = common::root();
    for name in ["customers.json", "customers.csv"] {
        let ours = std::fs::read(root.join("projects").join(name)).unwrap();
        if let Ok(theirs) = std::fs::read(root.join("../shared/examples").join(name)) {
            assert_eq!(ours, theirs, "projects/{name} must be an unchanged copy");
        }
    }
    for path in common::sample_projects() {
        let p = model::load_project(&path).unwrap();
        for data in ["customers.json", "customers.csv"] {
            let records =
                model::load_records(&p.data, Some(&root.join("projects").join(data)), &root)
                    .unwrap();
            assert_eq!(records.len(), 6, "{data}");
            assert_eq!(records[1].id, "C-1002");
            assert!(
                records
                    .iter()
                    .all(|r| r.get("consent.email").is_some_and(|v| v.is_boolean())),
                "{data}: consent mapped to booleans"
            );
        }
    }
}
