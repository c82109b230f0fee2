//! The content library: shared brands and snippets, linked into every project that uses
//! them, their bytes part of each such project's content hash, and every way a library can
//! be broken reported with its file, line and column (cases as files in
//! tests/cases/library/).

use crate::common;
use prism::model::library::LibraryKind;
use prism::review::content_hash;
use prism::workspace::Workspace;
use std::path::Path;

#[test]
fn both_samples_use_one_shared_brand_and_at_least_two_snippets() {
    for name in ["welcome.ron", "invoice.ron"] {
        let ws = Workspace::open(&common::root().join("projects").join(name), None).unwrap();
        let used = &ws.project.linked.used;
        assert!(
            ws.project.linked.problems.is_empty(),
            "{name}: {:?}",
            ws.project.linked.problems
        );
        assert!(
            used.iter()
                .any(|u| u.kind == LibraryKind::Brand && u.name == "lumina"),
            "{name}: {used:?}"
        );
        let snippets = used
            .iter()
            .filter(|u| u.kind == LibraryKind::Snippet)
            .count();
        assert!(snippets >= 2, "{name}: {used:?}");
        // The brand reads as the library's, whatever the project file says.
        assert_eq!(ws.project.brand.sender.company, "Lumina Mobil GmbH");
        assert_eq!(
            ws.project.brand.logo.as_deref(),
            Some("../assets/images/logo.png")
        );
        assert!(
            ws.assets
                .get("../assets/images/logo.png")
                .is_some_and(|a| a.is_ok())
        );
    }
}

/// The content hash of each sample project in a copy of projects/ under `dir`.
fn hashes(dir: &Path) -> Vec<String> {
    ["welcome.ron", "invoice.ron"]
        .iter()
        .map(|p| {
            let ws = Workspace::open(&dir.join("projects").join(p), None).unwrap();
            content_hash(&ws.project, &ws.assets)
        })
        .collect()
}

#[test]
fn a_library_file_changes_the_hash_of_exactly_the_projects_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    common::project_copy(dir.path(), "welcome.ron");
    let lib = dir.path().join("projects/library");
    let before = hashes(dir.path());
    // (file, does welcome use it, does invoice use it)
    let cases = [
        ("snippets/imprint.ron", true, true),
        ("snippets/unsubscribe.ron", true, false),
        ("brands/lumina.ron", true, true),
    ];
    for (file, welcome, invoice) in cases {
        let path = lib.join(file);
        let original = std::fs::read(&path).unwrap();
        // A comment is a change of bytes, if not of meaning: the approval is of the bytes.
        let mut changed = original.clone();
        changed.extend_from_slice(b"// changed\n");
        std::fs::write(&path, &changed).unwrap();
        let after = hashes(dir.path());
        assert_eq!(after[0] != before[0], welcome, "{file}: welcome");
        assert_eq!(after[1] != before[1], invoice, "{file}: invoice");
        std::fs::write(&path, &original).unwrap();
        assert_eq!(
            hashes(dir.path()),
            before,
            "{file}: undone, the hashes are back"
        );
    }
    // A snippet no project uses changes nothing.
    std::fs::write(
        lib.join("snippets/unused.ron"),
        "(format_version: 1, blocks: [])\n",
    )
    .unwrap();
    assert_eq!(hashes(dir.path()), before);
}

#[test]
fn library_cases() {
    let cases = common::root().join("tests/cases/library");
    let mut seen = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let case = entry.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        seen += 1;
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(cases.join("project.ron"), dir.path().join("project.ron")).unwrap();
        common::copy_dir(&case.join("library"), &dir.path().join("library"));
        let out = common::prism()
            .args(["check", "project.ron"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        let expected = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let expected_sent: usize = expected
            .lines()
            .find_map(|l| l.strip_prefix("sent: "))
            .expect("expect.txt says `sent: N`")
            .parse()
            .unwrap();
        let lines: Vec<&str> = expected
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("sent: "))
            .collect();
        if lines.is_empty() {
            assert!(out.status.success(), "{name}: check fails: {said}");
        } else {
            assert_eq!(out.status.code(), Some(1), "{name}: {said}");
        }
        for line in lines {
            assert!(
                said.lines().any(|l| l.contains(line)),
                "{name}: `{line}` not in:\n{said}"
            );
        }
        // What check refuses on a channel, export never sends there.
        let run = common::prism()
            .args(["export", "project.ron", "--out", "out"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let sent = artefacts(&dir.path().join("out"));
        assert_eq!(
            sent,
            expected_sent,
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert!(seen >= 9, "the cases are missing");
}

/// Artefacts in an export folder: files under email/ and print/, lines of the payloads.
fn artefacts(out: &Path) -> usize {
    fn files(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| match e.path() {
                    p if p.is_dir() => files(&p),
                    _ => 1,
                })
                .sum()
        })
    }
    let lines = |f: &str| {
        std::fs::read_to_string(out.join(f))
            .map_or(0, |t| t.lines().filter(|l| !l.is_empty()).count())
    };
    files(&out.join("email")) + files(&out.join("print")) + lines("sms.jsonl") + lines("chat.jsonl")
}
