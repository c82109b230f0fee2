//! Broken and unusual input files, one file per case: customer data in
//! `tests/cases/data/` read as the export streams it (every record, or the error that ends
//! the file), and project files in `tests/cases/projects/` loaded as the designer and the
//! command line load them. The snapshots hold what a user is told: each message must name
//! the file and, where it has one, the line and column — never a panic.
//!
//! A new case is a new file; `INSTA_UPDATE=always cargo test --test headless file_cases::` writes its
//! snapshot for review.

use prism::model::stream::RecordReader;
use prism::model::{DataSource, load_project};
use std::fmt::Write;
use std::path::Path;

/// A message with the case's folder taken out, so that snapshots do not depend on where the
/// repository is.
fn relative(message: &str, path: &Path) -> String {
    let dir = path.parent().unwrap().display().to_string();
    message.replace(&format!("{dir}/"), "")
}

#[test]
fn data_cases() {
    let source = DataSource {
        id_field: "customer_id".into(),
        ..Default::default()
    };
    insta::glob!("../cases/data", "*.*", |path| {
        let mut out = String::new();
        let base = path.parent().unwrap();
        // Bounded: a reader that never ends would be a defect, and this guard finds it.
        for item in RecordReader::open(&source, Some(path), base).take(1_000) {
            match item.map(|raw| (raw.origin(), raw.parse(&source))) {
                Ok((origin, Ok(record))) => writeln!(out, "{origin}: id {}", record.id),
                Ok((_, Err(e))) => writeln!(out, "bad record: {}", relative(&e.to_string(), path)),
                Err(e) => writeln!(out, "stops: {}", relative(&e.to_string(), path)),
            }
            .unwrap();
        }
        if out.is_empty() {
            out.push_str("no records\n");
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn project_cases() {
    insta::glob!("../cases/projects", "*.ron", |path| {
        let said = match load_project(path) {
            Ok(p) => format!("loads: {} blocks", p.all_blocks().len()),
            Err(e) => relative(&e.to_string(), path),
        };
        assert!(
            !said.contains("ron::") && !said.contains("serde_stacker"),
            "{said}"
        );
        insta::assert_snapshot!(said);
    });
}
