//! An export's folder tells the truth: a folder holding another export is refused unless
//! `--overwrite` (which clears the earlier artefacts), an export that did not finish leaves
//! its marker (and `prism verify` says so), and with SOURCE_DATE_EPOCH two runs of the same
//! input write byte-identical folders.

mod common;

use prism::export::{self, ExportOptions, INCOMPLETE_MARKER};
use prism::template::ChannelSet;
use prism::workspace::Workspace;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

fn export(args: &[&str], out: &Path, envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = common::prism();
    cmd.arg("export").args(args).arg("--out").arg(out);
    cmd.current_dir(common::root());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            out.insert(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            );
        }
    }
    out
}

#[test]
fn a_folder_with_an_export_is_refused_unless_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(!out.join(INCOMPLETE_MARKER).exists());
    // Not a terminal: progress comes as log lines, the last one at the end.
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("exported 7/7 records ("), "{log}");
    // A stray artefact of the earlier run (as another data set would leave).
    std::fs::write(out.join("X-9999.eml"), b"old").unwrap();
    let again = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("holds an earlier export") && said.contains("--overwrite"),
        "{said}"
    );
    let replaced = export(&["projects/invoice.ron", "--overwrite"], &out, &[]);
    assert_eq!(
        replaced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&replaced.stderr)
    );
    assert!(
        !out.join("X-9999.eml").exists(),
        "the earlier export's files are gone"
    );
    let verify = common::prism().arg("verify").arg(&out).output().unwrap();
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

/// Exports invoice.ron into `out` on `threads` threads and cancels it once `after` records are
/// written: the folder is left as a crash would leave it.
fn cancelled(
    out: &Path,
    threads: usize,
    after: usize,
) -> Result<export::ExportReport, export::ExportError> {
    let ws = Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap();
    let opts = ExportOptions {
        out_dir: out.to_path_buf(),
        channels: ChannelSet::ALL,
        now: std::time::SystemTime::now(),
        print_merged: true,
        duplex: false,
        require_approved: false,
        overwrite: false,
        threads,
    };
    let cancel = AtomicBool::new(false);
    export::run(
        &ws,
        &opts,
        &mut |done, _| {
            if done == after {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
}

#[test]
fn an_export_that_did_not_finish_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = cancelled(&out, 1, 3);
    assert!(matches!(
        result,
        Err(export::ExportError::Cancelled { done: 3, .. })
    ));
    assert!(out.join(INCOMPLETE_MARKER).exists());
    assert!(!out.join("manifest.json").exists());
    let verify = common::prism().arg("verify").arg(&out).output().unwrap();
    assert_ne!(verify.status.code(), Some(0));
    // Exporting into it again needs --overwrite, like any other export's folder.
    let again = export(&["projects/invoice.ron"], &out, &[]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn source_date_epoch_makes_two_runs_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let pinned = [("SOURCE_DATE_EPOCH", "1767225600")]; // 2026-01-01T00:00:00Z
    for out in [&a, &b] {
        let run = export(&["projects/invoice.ron", "--print-merged"], out, &pinned);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa.keys().any(|k| k.ends_with(".eml")) && fa.contains_key("letters.pdf"));
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between two pinned runs");
    }
    let eml = fa.iter().find(|(k, _)| k.ends_with(".eml")).unwrap().1;
    let text = String::from_utf8_lossy(eml);
    assert!(
        text.contains("Date: Thu, 01 Jan 2026 00:00:00 +0000"),
        "{text:.400}"
    );
    let routing = String::from_utf8_lossy(&fa["routing.csv"]).into_owned();
    assert!(routing.contains(",2026-01-01T00:00:00Z,"), "{routing}");
}

#[test]
fn one_thread_and_four_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    common::run_ok(
        std::process::Command::new("python3")
            .arg(common::root().join("projects/generate_audience.py"))
            .args(["--records", "200", "--out"])
            .arg(project.parent().unwrap()),
    );
    let data = project.with_file_name("audience-10k.json");
    let pinned = [("SOURCE_DATE_EPOCH", "1767225600")];
    let mut folders = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("threads-{threads}"));
        let run = export(
            &[
                project.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
                "--print-merged",
                "--threads",
                threads,
            ],
            &out,
            &pinned,
        );
        assert_ne!(
            run.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        folders.push(files(&out));
    }
    assert!(folders[0].len() > 50, "{} files", folders[0].len());
    assert_eq!(
        folders[0].keys().collect::<Vec<_>>(),
        folders[1].keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &folders[0] {
        assert!(
            bytes == &folders[1][name],
            "{name} differs between 1 and 4 threads"
        );
    }
}

#[test]
fn a_parallel_export_stops_when_cancelled_and_leaves_its_marker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = cancelled(&out, 4, 2);
    assert!(
        matches!(result, Err(export::ExportError::Cancelled { done: 2, .. })),
        "{:?}",
        result.err()
    );
    assert!(out.join(INCOMPLETE_MARKER).exists());
}
