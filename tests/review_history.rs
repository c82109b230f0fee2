//! The signed review history: submit, approve, request changes; an approval goes stale on an
//! edit and counts again when the edit is undone; self-approval, hand-edited entries and
//! unlisted signers are refused with their reason; OpenSSH verifies every entry.

mod common;

use prism::model::{Project, ReviewAction};
use prism::review::{Identity, NAMESPACE, State, content_hash, sign_entry, signed_text, status};
use prism::workspace::Workspace;
use std::process::{Command, Stdio};

struct People {
    _dir: tempfile::TempDir,
    max: Identity,
    rita: Identity,
    olga: Identity,
    /// The reviewers file: Max (the author, who may also review others' work) and Rita.
    reviewers: String,
}

fn people() -> People {
    let dir = tempfile::tempdir().unwrap();
    let (max, rita, reviewers) = common::max_and_rita(dir.path());
    let olga = Identity::create(
        "Olga Outsider",
        "olga@lumina.example",
        &dir.path().join("olga"),
    )
    .unwrap();
    People {
        _dir: dir,
        max,
        rita,
        olga,
        reviewers,
    }
}

const AT: &str = "2026-11-25T10:00:00Z";

fn hash(ws: &Workspace, project: &Project) -> String {
    let edited = common::with_project(ws, project.clone());
    content_hash(&edited.project, &edited.assets)
}

#[test]
fn approval_counts_for_exactly_the_content_it_signed() {
    let p = people();
    let ws = Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap();
    let mut project = ws.project.clone();
    let h = hash(&ws, &project);
    assert_eq!(status(&project, &h, &p.reviewers).state, State::Draft);

    project
        .review
        .history
        .push(sign_entry(&p.max, ReviewAction::Submit, &h, "Bitte prüfen.", None, AT).unwrap());
    assert!(matches!(
        status(&project, &h, &p.reviewers).state,
        State::InReview { .. }
    ));

    // A change request needs a reason.
    assert!(sign_entry(&p.rita, ReviewAction::RequestChanges, &h, " ", None, AT).is_err());
    project.review.history.push(
        sign_entry(
            &p.rita,
            ReviewAction::RequestChanges,
            &h,
            "Betrag fett setzen.",
            Some("summary"),
            AT,
        )
        .unwrap(),
    );
    assert!(matches!(
        status(&project, &h, &p.reviewers).state,
        State::ChangesRequested { .. }
    ));

    // The author edits, submits the new version, the reviewer approves it.
    project.content.subject.push_str(" (korrigiert)");
    let h2 = hash(&ws, &project);
    project
        .review
        .history
        .push(sign_entry(&p.max, ReviewAction::Submit, &h2, "", None, AT).unwrap());
    project
        .review
        .history
        .push(sign_entry(&p.rita, ReviewAction::Approve, &h2, "", None, AT).unwrap());
    let s = status(&project, &h2, &p.reviewers);
    assert_eq!(s.state, State::Approved);
    assert_eq!(s.approvals.len(), 1);
    assert_eq!(s.approvals[0].name, "Rita Reviewer");
    assert!(s.refused.is_empty(), "{:?}", s.refused);

    // Any edit makes it stale at once; undoing the edit makes it count again.
    let mut edited = project.clone();
    edited.content.subject.push('!');
    assert_eq!(
        status(&edited, &hash(&ws, &edited), &p.reviewers).state,
        State::Stale
    );
    edited.content.subject.pop();
    assert_eq!(
        status(&edited, &hash(&ws, &edited), &p.reviewers).state,
        State::Approved
    );

    // Two approvals required: Rita's alone no longer suffices.
    let mut stricter = project.clone();
    stricter.meta.required_approvals = 2;
    let h3 = hash(&ws, &stricter);
    stricter
        .review
        .history
        .push(sign_entry(&p.max, ReviewAction::Submit, &h3, "", None, AT).unwrap());
    stricter
        .review
        .history
        .push(sign_entry(&p.rita, ReviewAction::Approve, &h3, "", None, AT).unwrap());
    let s = status(&stricter, &h3, &p.reviewers);
    assert!(matches!(s.state, State::InReview { .. }), "{s:?}");
    assert_eq!((s.approvals.len(), s.required), (1, 2));
}

#[test]
fn forged_self_approved_and_unlisted_entries_are_refused_with_a_reason() {
    let p = people();
    let ws = Workspace::open(&common::root().join("projects/welcome.ron"), None).unwrap();
    let mut project = ws.project.clone();
    let h = hash(&ws, &project);
    project
        .review
        .history
        .push(sign_entry(&p.max, ReviewAction::Submit, &h, "", None, AT).unwrap());
    // The author approves their own submission.
    project
        .review
        .history
        .push(sign_entry(&p.max, ReviewAction::Approve, &h, "", None, AT).unwrap());
    // Someone outside the reviewers file.
    project
        .review
        .history
        .push(sign_entry(&p.olga, ReviewAction::Approve, &h, "", None, AT).unwrap());
    // A change request turned into an approval by hand, and a name changed by hand.
    let mut edited =
        sign_entry(&p.rita, ReviewAction::RequestChanges, &h, "Nein.", None, AT).unwrap();
    edited.action = ReviewAction::Approve;
    edited.comment.clear();
    project.review.history.push(edited);
    let mut renamed = sign_entry(&p.rita, ReviewAction::Comment, &h, "ok", None, AT).unwrap();
    renamed.name = "Chief Compliance Officer".into();
    project.review.history.push(renamed);
    // An approval whose hash was edited to the current one.
    let mut rehashed = sign_entry(
        &p.rita,
        ReviewAction::Approve,
        &"0".repeat(64),
        "",
        None,
        AT,
    )
    .unwrap();
    rehashed.content_hash = h.clone();
    project.review.history.push(rehashed);

    let s = status(&project, &h, &p.reviewers);
    assert!(matches!(s.state, State::InReview { .. }), "{s:?}");
    assert!(s.approvals.is_empty(), "{:?}", s.approvals);
    let reasons: Vec<&str> = s.refused.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        s.refused.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5],
        "{reasons:?}"
    );
    assert!(
        reasons[0].contains("submitted this version themselves"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("not listed"), "{reasons:?}");
    for r in &reasons[2..] {
        assert!(r.contains("was changed"), "{reasons:?}");
    }
    // The project file keeps the history as written, and reads back the same.
    let text = prism::model::to_ron(&project).unwrap();
    assert_eq!(
        prism::model::parse_project(&text, std::path::Path::new("review.ron"))
            .unwrap()
            .review,
        project.review
    );
}

#[test]
fn openssh_verifies_every_entry_prism_signs() {
    let p = people();
    let dir = tempfile::tempdir().unwrap();
    let allowed = dir.path().join("reviewers");
    std::fs::write(&allowed, &p.reviewers).unwrap();
    let h = "3".repeat(64);
    let entries = [
        sign_entry(
            &p.max,
            ReviewAction::Submit,
            &h,
            "Bitte prüfen.\nZeile zwei",
            None,
            AT,
        )
        .unwrap(),
        sign_entry(&p.rita, ReviewAction::Approve, &h, "", None, AT).unwrap(),
        sign_entry(
            &p.rita,
            ReviewAction::Unlock,
            &h,
            "Impressum aktualisieren",
            Some("legal"),
            AT,
        )
        .unwrap(),
    ];
    for e in &entries {
        let sig = dir.path().join("entry.sig");
        std::fs::write(&sig, &e.signature).unwrap();
        let mut child = Command::new("ssh-keygen")
            .args(["-Y", "verify", "-n", NAMESPACE, "-I", &e.by, "-f"])
            .arg(&allowed)
            .arg("-s")
            .arg(&sig)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ssh-keygen");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(signed_text(e).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{:?}: {}",
            e.action,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
