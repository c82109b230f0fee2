//! The signed review history: submit, approve, request changes; an approval goes stale on an
//! edit and counts again when the edit is undone; self-approval, approvals of what no one
//! submitted, hand-edited entries and unlisted signers do not count, with their reason; the
//! log's links name a line removed, moved, edited or inserted; OpenSSH verifies every entry.

use crate::common;

use prism::model::{Project, ReviewAction, ReviewEntry};
use prism::review::{
    Identity, NAMESPACE, ReviewLog, State, content_hash, sign_entry, signed_text, status, verdicts,
};
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

/// Signs an action and appends it to `log`, linked to the entry before, whether it counts
/// or not (as a line appended by hand would be).
fn push(
    log: &mut Vec<ReviewEntry>,
    who: &Identity,
    action: ReviewAction,
    hash: &str,
    comment: &str,
) {
    let e = sign_entry(who, log, action, hash, comment, None, AT).unwrap();
    log.push(e);
}

#[test]
fn approval_counts_for_exactly_the_content_it_signed() {
    let p = people();
    let ws = Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap();
    let mut project = ws.project.clone();
    let h = hash(&ws, &project);
    let mut log = Vec::new();
    let state =
        |log: &[ReviewEntry], required: u32, h: &str| status(log, required, h, &p.reviewers);
    assert_eq!(state(&log, 1, &h).state, State::Draft);

    push(&mut log, &p.max, ReviewAction::Submit, &h, "Bitte prüfen.");
    assert!(matches!(state(&log, 1, &h).state, State::InReview { .. }));

    // A change request needs a reason.
    assert!(
        sign_entry(
            &p.rita,
            &log,
            ReviewAction::RequestChanges,
            &h,
            " ",
            None,
            AT
        )
        .is_err()
    );
    push(
        &mut log,
        &p.rita,
        ReviewAction::RequestChanges,
        &h,
        "Betrag fett setzen.",
    );
    assert!(matches!(
        state(&log, 1, &h).state,
        State::ChangesRequested { .. }
    ));

    // The author edits, submits the new version, the reviewer approves it.
    project.content.subject.push_str(" (korrigiert)");
    let h2 = hash(&ws, &project);
    push(&mut log, &p.max, ReviewAction::Submit, &h2, "");
    push(&mut log, &p.rita, ReviewAction::Approve, &h2, "");
    let s = state(&log, 1, &h2);
    assert_eq!(s.state, State::Approved);
    assert_eq!(s.approvals.len(), 1);
    assert_eq!(s.approvals[0].name, "Rita Reviewer");
    assert!(s.refused.is_empty(), "{:?}", s.refused);

    // Any edit makes it stale at once; undoing the edit makes it count again.
    let mut edited = project.clone();
    edited.content.subject.push('!');
    assert_eq!(state(&log, 1, &hash(&ws, &edited)).state, State::Stale);
    edited.content.subject.pop();
    assert_eq!(state(&log, 1, &hash(&ws, &edited)).state, State::Approved);

    // Two approvals required: Rita's alone no longer suffices.
    let s = state(&log, 2, &h2);
    assert!(matches!(s.state, State::InReview { .. }), "{s:?}");
    assert_eq!((s.approvals.len(), s.required), (1, 2));
}

#[test]
fn entries_that_break_the_rules_do_not_count_and_say_why() {
    let p = people();
    let h = "1".repeat(64);
    let mut log = Vec::new();
    // The author approves what no one submitted, then submits and approves it herself.
    push(&mut log, &p.max, ReviewAction::Approve, &h, "");
    push(&mut log, &p.max, ReviewAction::Submit, &h, "");
    push(&mut log, &p.max, ReviewAction::Approve, &h, "");
    // Someone outside the reviewers file.
    push(&mut log, &p.olga, ReviewAction::Approve, &h, "");
    // A change request turned into an approval by hand, and a name changed by hand.
    push(&mut log, &p.rita, ReviewAction::RequestChanges, &h, "Nein.");
    let last = log.last_mut().unwrap();
    last.action = ReviewAction::Approve;
    last.comment.clear();
    push(&mut log, &p.rita, ReviewAction::Comment, &h, "ok");
    log.last_mut().unwrap().name = "Chief Compliance Officer".into();
    // An approval whose hash was edited to the current one.
    push(
        &mut log,
        &p.rita,
        ReviewAction::Approve,
        &"0".repeat(64),
        "",
    );
    log.last_mut().unwrap().content_hash = h.clone();

    let v = verdicts(&log, &p.reviewers);
    let why = |i: usize| v[i].clone().unwrap_or_default();
    assert!(why(0).contains("no one submitted this version"), "{v:?}");
    assert!(v[1].is_none(), "{v:?}");
    assert!(
        why(2).contains("submitted this version themselves"),
        "{v:?}"
    );
    assert!(why(3).contains("not listed"), "{v:?}");
    // Each entry edited after signing (the next one was linked to the edited line).
    for i in 4..7 {
        assert!(why(i).contains("was changed"), "{v:?}");
    }
    let s = status(&log, 1, &h, &p.reviewers);
    assert!(matches!(s.state, State::InReview { .. }), "{s:?}");
    assert!(s.approvals.is_empty(), "{:?}", s.approvals);

    // A real reviewer's approval still counts after all of them.
    push(&mut log, &p.rita, ReviewAction::Approve, &h, "");
    let s = status(&log, 1, &h, &p.reviewers);
    assert_eq!(s.state, State::Approved, "{s:?}");
    assert_eq!(s.refused.len(), 6, "{:?}", s.refused);
}

#[test]
fn the_logs_links_name_a_line_removed_moved_edited_or_inserted() {
    let p = people();
    let h = "2".repeat(64);
    let mut log = Vec::new();
    push(&mut log, &p.max, ReviewAction::Submit, &h, "");
    push(
        &mut log,
        &p.rita,
        ReviewAction::Comment,
        &h,
        "Bitte Datum prüfen.",
    );
    push(&mut log, &p.max, ReviewAction::Comment, &h, "Geprüft.");
    push(&mut log, &p.rita, ReviewAction::Approve, &h, "");
    assert!(verdicts(&log, &p.reviewers).iter().all(Option::is_none));
    let broken = |log: &[ReviewEntry]| -> Vec<usize> {
        verdicts(log, &p.reviewers)
            .iter()
            .enumerate()
            .filter(|(_, v)| v.as_deref().is_some_and(|w| w.contains("link")))
            .map(|(i, _)| i)
            .collect()
    };
    let mut removed = log.clone();
    removed.remove(1);
    assert_eq!(broken(&removed), [1]);
    let mut moved = log.clone();
    moved.swap(1, 2);
    assert_eq!(broken(&moved), [1, 2, 3]);
    let mut edited = log.clone();
    edited[2].at = "2026-01-01T00:00:00Z".into();
    assert_eq!(broken(&edited), [3]);
    let mut inserted = log.clone();
    let extra = sign_entry(
        &p.rita,
        &log[..2],
        ReviewAction::Comment,
        &h,
        "Nachtrag",
        None,
        AT,
    )
    .unwrap();
    inserted.insert(2, extra);
    assert_eq!(broken(&inserted), [3]);
    // The status names the gap; what stands after it is linked and signed, and counts.
    let s = status(&removed, 1, &h, &p.reviewers);
    assert_eq!(s.refused.len(), 1, "{s:?}");
    assert!(
        s.describe().contains("entry 2 does not count"),
        "{}",
        s.describe()
    );

    // The same, read from the log file: a line of text that is no entry is named too.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.ron");
    let mut text = String::new();
    for (i, e) in log.iter().enumerate() {
        text.push_str(&serde_json::to_string(e).unwrap());
        text.push('\n');
        if i == 1 {
            text.push_str("{\"action\": \"Approve\"}\n");
        }
    }
    std::fs::write(prism::review::log::path_for(&project), text).unwrap();
    let read = ReviewLog::load(&project, Vec::new()).unwrap();
    assert_eq!(read.entries.len(), 4);
    assert_eq!(read.unreadable.len(), 1, "{:?}", read.unreadable);
    assert!(
        read.unreadable[0].starts_with("line 3:"),
        "{:?}",
        read.unreadable
    );
    // Read back exactly as signed: every entry but none after a gap counts.
    assert_eq!(broken(&read.entries), Vec::<usize>::new());
}

#[test]
fn a_project_files_old_review_section_moves_to_the_log_keeping_its_signatures() {
    let p = people();
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    std::fs::write(dir.path().join("reviewers"), &p.reviewers).unwrap();
    let ws = Workspace::open(&project, None).unwrap();
    let h = ws.review().0;
    // Entries as Prism before the log signed them: no link, the v1 text.
    let mut old = Vec::new();
    for (who, action) in [
        (&p.max, ReviewAction::Submit),
        (&p.rita, ReviewAction::Approve),
    ] {
        let mut e = sign_entry(who, &old, action, &h, "", None, AT).unwrap();
        e.prev = None;
        e.signature = who.sign(signed_text(&e).as_bytes()).unwrap();
        old.push(e);
    }
    assert!(signed_text(&old[0]).starts_with("prism-review-v1\n"));
    let mut log = ReviewLog::load(&project, old.clone()).unwrap();
    assert!(log.from_project_file);
    assert_eq!(
        status(&log.entries, 1, &h, &p.reviewers).state,
        State::Approved
    );
    assert_eq!(log.move_out_of_project_file().unwrap(), 2);
    let moved = ReviewLog::load(&project, Vec::new()).unwrap();
    assert!(!moved.from_project_file);
    assert!(moved.entries.iter().all(|e| e.prev.is_some()));
    let s = status(&moved.entries, 1, &h, &p.reviewers);
    assert_eq!(s.state, State::Approved, "{:?}", s.refused);
    // A new entry after the moved ones is signed with its link.
    let next = sign_entry(
        &p.rita,
        &moved.entries,
        ReviewAction::Comment,
        &h,
        "gut",
        None,
        AT,
    )
    .unwrap();
    assert!(signed_text(&next).starts_with("prism-review-v2\nprev: "));
    let mut all = moved.entries;
    all.push(next);
    assert!(verdicts(&all, &p.reviewers).iter().all(Option::is_none));
    // An old entry (it signs no link) copied in after linked ones, linked by hand, does not
    // count: otherwise any old approval could be replayed into any log.
    let mut replayed = old[1].clone();
    replayed.prev = Some(prism::review::log::next_prev(&all));
    all.push(replayed);
    let v = verdicts(&all, &p.reviewers);
    assert!(
        v[3].as_deref().is_some_and(|w| w.contains("signs no link")),
        "{v:?}"
    );
}

#[test]
fn openssh_verifies_every_entry_prism_signs() {
    let p = people();
    let dir = tempfile::tempdir().unwrap();
    let allowed = dir.path().join("reviewers");
    std::fs::write(&allowed, &p.reviewers).unwrap();
    let h = "3".repeat(64);
    let mut log = Vec::new();
    push(
        &mut log,
        &p.max,
        ReviewAction::Submit,
        &h,
        "Bitte prüfen.\nZeile zwei",
    );
    push(&mut log, &p.rita, ReviewAction::Approve, &h, "");
    let unlock = sign_entry(
        &p.rita,
        &log,
        ReviewAction::Unlock,
        &h,
        "Impressum aktualisieren",
        Some("legal"),
        AT,
    )
    .unwrap();
    log.push(unlock);
    for e in &log {
        assert!(
            ssh_keygen_verifies(&allowed, dir.path(), e),
            "{:?}",
            e.action
        );
    }
}

/// Whether OpenSSH's `ssh-keygen -Y verify` accepts the entry's signature over its text.
pub fn ssh_keygen_verifies(
    allowed: &std::path::Path,
    dir: &std::path::Path,
    e: &ReviewEntry,
) -> bool {
    let sig = dir.join("entry.sig");
    std::fs::write(&sig, &e.signature).unwrap();
    let mut child = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-n", NAMESPACE, "-I", &e.by, "-f"])
        .arg(allowed)
        .arg("-s")
        .arg(&sig)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ssh-keygen (tests/run.sh installs openssh-client)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(signed_text(e).as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().status.success()
}

/// Who acts in the property test: the author, a listed reviewer, someone not listed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Author,
    Reviewer,
    Outsider,
}

#[derive(Debug, Clone)]
enum Step {
    /// The author edits the subject to one of three versions (so versions come back).
    Edit(usize),
    Act(Who, ReviewAction),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let who = prop_oneof![Just(Who::Author), Just(Who::Reviewer), Just(Who::Outsider)];
    let action = prop_oneof![
        Just(ReviewAction::Submit),
        Just(ReviewAction::Approve),
        Just(ReviewAction::RequestChanges),
        Just(ReviewAction::Comment),
    ];
    prop_oneof![
        (0..3usize).prop_map(Step::Edit),
        (who, action).prop_map(|(w, a)| Step::Act(w, a)),
    ]
}

/// The rules, written from the README and not from Prism's code: only listed people act;
/// an approval counts for a version someone listed submitted, by a listed person who did
/// not submit that version; a version is approved with one approval that counts.
#[derive(Default)]
struct Oracle {
    /// (who, version) of every accepted submission and approval.
    submitted: Vec<(&'static str, usize)>,
    approved: Vec<(&'static str, usize)>,
}

impl Oracle {
    fn accepts(&self, who: Who, action: ReviewAction, version: usize) -> bool {
        let name = oracle_name(who);
        match (who, action) {
            (Who::Outsider, _) => false,
            (_, ReviewAction::Approve) => {
                self.submitted.iter().any(|(_, v)| *v == version)
                    && !self.submitted.contains(&(name, version))
            }
            _ => true,
        }
    }
    fn record(&mut self, who: Who, action: ReviewAction, version: usize) {
        let entry = (oracle_name(who), version);
        match action {
            ReviewAction::Submit => self.submitted.push(entry),
            ReviewAction::Approve => self.approved.push(entry),
            _ => {}
        }
    }
    fn is_approved(&self, version: usize) -> bool {
        self.approved.iter().any(|(_, v)| *v == version)
    }
}

fn oracle_name(who: Who) -> &'static str {
    match who {
        Who::Author => "author",
        Who::Reviewer => "reviewer",
        Who::Outsider => "outsider",
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Random edits and actions by three identities, each outcome checked against the oracle:
    /// whether the action is refused (nothing recorded), the state after it, that the project
    /// file never changes, `export --require-approved`, and `verify` of that export.
    #[test]
    fn four_eyes_hold_against_the_oracle(steps in proptest::collection::vec(step(), 1..9)) {
        let p = people();
        let dir = tempfile::tempdir().unwrap();
        let project = common::project_copy(dir.path(), "welcome.ron");
        std::fs::write(project.with_file_name("reviewers"), &p.reviewers).unwrap();
        let file_bytes = std::fs::read(&project).unwrap();
        let mut ws = Workspace::open(&project, None).unwrap();
        let base = ws.project.clone();
        let mut version = 0;
        let mut oracle = Oracle::default();
        let mut accepted = 0;
        for s in &steps {
            match s {
                Step::Edit(v) => {
                    version = *v;
                    let mut edited = base.clone();
                    edited.content.subject.push_str(&"!".repeat(*v));
                    ws.set_project(edited).unwrap();
                }
                Step::Act(who, action) => {
                    let id = match who {
                        Who::Author => &p.max,
                        Who::Reviewer => &p.rita,
                        Who::Outsider => &p.olga,
                    };
                    let act = prism::review::Act::new(*action).comment("Grund");
                    let took = prism::workspace::review::take(&mut ws, id, act, AT);
                    let expected = oracle.accepts(*who, *action, version);
                    proptest::prop_assert_eq!(took.is_ok(), expected, "{:?} {:?}: {:?}", who, action, took.err());
                    if expected {
                        oracle.record(*who, *action, version);
                        accepted += 1;
                    }
                }
            }
            let state = ws.review().1.state;
            proptest::prop_assert_eq!(state == State::Approved, oracle.is_approved(version), "{:?}", state);
            proptest::prop_assert_eq!(std::fs::read(&project).unwrap(), file_bytes.clone());
        }
        // What is on disk says the same: the log holds exactly the accepted entries.
        let reread = ReviewLog::load(&project, Vec::new()).unwrap();
        proptest::prop_assert_eq!(reread.entries.len(), accepted);
        // The export of the version on disk: refused unless the oracle approves it.
        let disk = Workspace::open(&project, None).unwrap();
        let mut opts = prism::export::ExportOptions::new(
            dir.path().join("out"),
            prism::model::ChannelSet::of(&[prism::model::Channel::Sms]),
        );
        opts.require_approved = true;
        let never = std::sync::atomic::AtomicBool::new(false);
        let exported = prism::export::run(&disk, &opts, &mut |_| {}, &never);
        proptest::prop_assert_eq!(exported.is_ok(), oracle.is_approved(0), "{:?}", exported.err().map(|e| e.to_string()));
        if exported.is_ok() {
            let v = prism::export::verify::verify(&dir.path().join("out"), None).unwrap();
            proptest::prop_assert!(v.ok(), "{:?}", v.problems);
        }
        // OpenSSH accepts every line Prism signed.
        let allowed = dir.path().join("allowed");
        std::fs::write(&allowed, &p.reviewers).unwrap();
        for e in &reread.entries {
            proptest::prop_assert!(ssh_keygen_verifies(&allowed, dir.path(), e));
        }
    }
}
