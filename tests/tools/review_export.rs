//! Export and approval: without the approvals it needs, every artefact is marked as a proof
//! (letters visibly, emails by header, SMS and chat lines by field) and `--require-approved`
//! refuses with exit 1 and the reason; with them, nothing is marked and the manifest names the
//! content hash and the approvals that counted.

use crate::common;

use std::path::{Path, PathBuf};

fn export(project: &Path, out: &Path, require: bool) -> std::process::Output {
    let mut cmd = common::prism();
    cmd.arg("export").arg(project).arg("--out").arg(out);
    if require {
        cmd.arg("--require-approved");
    }
    cmd.output().unwrap()
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

/// The per-record files of one kind (`email/000/*.eml`, `print/000/*.pdf`).
fn files(out: &Path, ext: &str) -> Vec<PathBuf> {
    let folder = if ext == "eml" {
        "email/000"
    } else {
        "print/000"
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(out.join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn pdf_text(pdf: &Path) -> String {
    common::run_ok(std::process::Command::new("pdftotext").arg(pdf).arg("-"))
}

fn jsonl_approved(path: &Path) -> Vec<bool> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["approved"]
                .as_bool()
                .unwrap()
        })
        .collect()
}

#[test]
fn unapproved_exports_are_proofs_and_approved_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");

    // Never submitted: refused when approval is required, marked as proofs otherwise.
    let out = dir.path().join("draft");
    let refused = export(&project, &out, true);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("not approved") && said.contains("draft"),
        "{said}"
    );
    let proof = export(&project, &out, false);
    assert_ne!(
        proof.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&proof.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["approved"], false);
    assert_eq!(m["content_hash"].as_str().unwrap().len(), 64);
    assert!(m["approvals"].as_array().unwrap().is_empty());
    let pdfs = files(&out, "pdf");
    assert!(!pdfs.is_empty());
    for pdf in &pdfs {
        assert!(
            pdf_text(pdf).contains("PROOF — NOT APPROVED"),
            "{}",
            pdf.display()
        );
    }
    for eml in files(&out, "eml") {
        let text = String::from_utf8_lossy(&std::fs::read(&eml).unwrap()).into_owned();
        assert!(
            text.contains("X-Prism-Proof: not approved"),
            "{}",
            eml.display()
        );
    }
    assert!(jsonl_approved(&out.join("sms.jsonl")).iter().all(|a| !a));
    assert!(jsonl_approved(&out.join("chat.jsonl")).iter().all(|a| !a));

    // Submitted by Max, approved by Rita, both listed in the reviewers file beside it.
    let (max, rita, reviewers) = common::max_and_rita(&dir.path().join("keys"));
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    let hash = common::submit_and_approve(&project, &max, &rita, "2026-11-25T10:00:00Z");

    let out = dir.path().join("approved");
    let ok = export(&project, &out, true);
    assert_ne!(
        ok.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_ne!(
        ok.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["approved"], true);
    assert_eq!(m["content_hash"], hash.as_str());
    assert_eq!(m["approvals"][0]["by"], "rita@lumina.example");
    for pdf in files(&out, "pdf") {
        assert!(!pdf_text(&pdf).contains("PROOF"), "{}", pdf.display());
    }
    for eml in files(&out, "eml") {
        assert!(!String::from_utf8_lossy(&std::fs::read(&eml).unwrap()).contains("X-Prism-Proof"));
    }
    assert!(jsonl_approved(&out.join("sms.jsonl")).iter().all(|a| *a));

    // One edit later the approval is stale: refused again, with the reason.
    let mut edited = prism::model::load_project(&project).unwrap();
    edited.content.subject.push_str(" (neu)");
    prism::model::save_project(&edited, &project).unwrap();
    let stale = export(&project, &dir.path().join("stale"), true);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("stale"));
}

fn review(args: &[&str], project: &Path) -> (Option<i32>, String) {
    let out = common::prism()
        .arg("review")
        .args(args)
        .arg(project)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn the_whole_workflow_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let key = |who: &str| dir.path().join(who).join("prism_ed25519");
    let mut lines = String::new();
    for (who, name) in [("max", "Max Author"), ("rita", "Rita Reviewer")] {
        let out = common::prism()
            .args([
                "review",
                "init",
                "--name",
                name,
                "--email",
                &format!("{who}@lumina.example"),
                "--key",
            ])
            .arg(key(who))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    std::fs::write(project.with_file_name("reviewers"), lines).unwrap();
    let k = |who: &str| key(who).display().to_string();

    assert!(review(&["status"], &project).1.contains("draft"));
    let (code, said) = review(
        &["submit", "--key", &k("max"), "--comment", "Bitte prüfen."],
        &project,
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("submitted it for review"), "{said}");
    // The author cannot approve their own submission: refused, nothing recorded.
    let (code, said) = review(&["approve", "--key", &k("max")], &project);
    assert_eq!(code, Some(1), "{said}");
    // A change request needs a reason.
    let (code, said) = review(&["request-changes", "--key", &k("rita")], &project);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("comment"), "{said}");
    let (code, said) = review(&["approve", "--key", &k("rita")], &project);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Approved by Rita Reviewer"), "{said}");
    let (_, log) = review(&["log"], &project);
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.lines().all(|l| l.ends_with("[signed, counts]")),
        "{log}"
    );
    let out = export(&project, &dir.path().join("out"), true);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn review_commands_say_what_they_did_and_how_to_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    // `--key` names the key file itself.
    let mine = dir.path().join("keys/mykey");
    let out = common::prism()
        .args([
            "review",
            "init",
            "--name",
            "Max Author",
            "--email",
            "max@lumina.example",
            "--key",
        ])
        .arg(&mine)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(mine.exists() && mine.with_file_name("mykey.pub").exists());
    assert!(!dir.path().join("keys/prism_ed25519").exists());
    let mut lines = String::from_utf8_lossy(&out.stdout).into_owned();
    // A key from ssh-keygen with its default comment (`user@host`): no name in it.
    let plain = dir.path().join("keys/plain");
    common::run_ok(
        std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "root@vm", "-f"])
            .arg(&plain),
    );
    let public = std::fs::read_to_string(plain.with_file_name("plain.pub")).unwrap();
    let mut fields = public.split_whitespace();
    lines.push_str(&format!(
        "root@vm {} {}\n",
        fields.next().unwrap(),
        fields.next().unwrap()
    ));
    std::fs::write(project.with_file_name("reviewers"), lines).unwrap();
    let k = |p: &Path| p.display().to_string();

    let (code, said) = review(&["submit", "--key", &k(&mine)], &project);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("added entry 1: submission by Max Author <max@lumina.example>"),
        "{said}"
    );
    let (code, said) = review(
        &[
            "comment",
            "--key",
            &k(&plain),
            "--block",
            "summary",
            "--comment",
            "Betrag fett?",
        ],
        &project,
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("added entry 2: comment by root@vm <root@vm> on block summary"),
        "{said}"
    );
    let (_, said) = review(
        &[
            "comment",
            "--key",
            &k(&mine),
            "--reply-to",
            "99",
            "--comment",
            "?",
        ],
        &project,
    );
    assert!(
        said.contains("entry 99 is not"),
        "numbered as `review log` numbers: {said}"
    );
    let (_, said) = review(
        &["resolve", "--key", &k(&mine), "--reply-to", "2"],
        &project,
    );
    assert!(
        said.contains("added entry 3: resolution by Max Author"),
        "{said}"
    );
    assert!(said.contains("answering entry 2"), "{said}");
    let (code, said) = review(&["request-changes", "--key", &k(&plain)], &project);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("a change request needs a comment saying why (give it with --comment)"),
        "{said}"
    );
    // No key yet: how to make one.
    let (code, said) = review(
        &["approve", "--key", &k(&dir.path().join("none"))],
        &project,
    );
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("prism review init --name"), "{said}");
    let help = common::prism()
        .args(["review", "approve", "--help"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("Approve the current content"),
        "{}",
        String::from_utf8_lossy(&help.stdout)
    );
}
