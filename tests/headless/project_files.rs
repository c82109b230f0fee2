//! Project files: errors with line and column, formats newer than this Prism, duplicate ids,
//! lossless round trips of the samples, and atomic saves.

use crate::common;

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

#[test]
fn json_lines_load_like_a_json_array_and_name_a_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = model::load_project(&common::root().join("projects/welcome.ron")).unwrap();
    let base = common::root().join("projects");
    let array =
        model::load_records(&project.data, Some(&base.join("customers.json")), &base).unwrap();
    // The same records, one a line, with a blank line and CRLF endings as editors leave them.
    let values: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(base.join("customers.json")).unwrap()).unwrap();
    let mut text = String::new();
    for v in &values {
        text.push_str(&serde_json::to_string(v).unwrap());
        text.push_str("\r\n\r\n");
    }
    let lines = dir.path().join("customers.jsonl");
    std::fs::write(&lines, &text).unwrap();
    let loaded = model::load_records(&project.data, Some(&lines), &base).unwrap();
    assert_eq!(loaded.len(), array.len());
    for (a, b) in array.iter().zip(&loaded) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.fields, b.fields);
    }
    assert_eq!(loaded[1].origin, "customers.jsonl line 3");
    // A broken third record names its line.
    let broken = dir.path().join("broken.ndjson");
    std::fs::write(
        &broken,
        "{\"customer_id\": \"A\"}\n{\"customer_id\": \"B\"}\n{\"customer_id\": \n",
    )
    .unwrap();
    let err = model::load_records(&project.data, Some(&broken), &base).unwrap_err();
    assert!(err.to_string().contains("broken.ndjson:3:"), "{err}");
    let no_id = dir.path().join("no-id.jsonl");
    std::fs::write(&no_id, "{\"name\": \"x\"}\n").unwrap();
    let err = model::load_records(&project.data, Some(&no_id), &base).unwrap_err();
    assert!(
        err.to_string().contains("line 1: no `customer_id` field"),
        "{err}"
    );
}
