//! The archive proves itself, the approved version is kept, and the proof pack is a real PDF:
//! `prism verify` against an approved export (and each kind of tampering), `prism review diff`
//! after an edit, and `prism proof` checked by qpdf, pdffonts and pdftotext.

use crate::common;

use prism::review::snapshot;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A change made to a copy of an export.
type Tamper = dyn Fn(&Path);

const AT: &str = "2026-11-25T10:00:00Z";

/// welcome.ron in a folder of its own, submitted by Max and approved by Rita.
fn approved(dir: &Path) -> (PathBuf, String) {
    let project = common::project_copy(dir, "welcome.ron");
    let (max, rita, reviewers) = common::max_and_rita(&dir.join("keys"));
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    let hash = common::submit_and_approve(&project, &max, &rita, AT);
    (project, hash)
}

fn run(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn export(project: &Path, out: &Path) {
    let (code, said) = run(common::prism()
        .arg("export")
        .arg(project)
        .arg("--out")
        .arg(out)
        .args(["--print-merged", "--require-approved"]));
    assert_eq!(code, Some(0), "{said}");
}

fn verify(out: &Path) -> (Option<i32>, String) {
    run(common::prism().arg("verify").arg(out))
}

#[test]
fn an_approved_export_verifies_and_every_kind_of_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (project, hash) = approved(dir.path());
    let out = dir.path().join("out");
    export(&project, &out);
    let (code, said) = verify(&out);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("0 problems"), "{said}");
    assert!(said.contains("approved by Rita Reviewer"), "{said}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains(&format!("approval/{hash}.json")));

    // Each change below is made on a fresh copy of the export and must be named.
    let cases: [(&str, &Tamper); 6] = [
        ("email/000/C-1001.eml", &|o| {
            append(&o.join("email/000/C-1001.eml"), b"X")
        }),
        ("letters.pdf", &|o| append(&o.join("letters.pdf"), b"%")),
        ("sms.jsonl", &|o| append(&o.join("sms.jsonl"), b"{}\n")),
        ("extra.pdf", &|o| {
            std::fs::write(o.join("extra.pdf"), b"%PDF").unwrap()
        }),
        ("print/000/C-1002.pdf", &|o| {
            std::fs::remove_file(o.join("print/000/C-1002.pdf")).unwrap()
        }),
        // The approved snapshot itself, edited: its hash no longer matches.
        ("approval/", &|o| {
            let snap = std::fs::read_dir(o.join("approval"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|e| e == "json"))
                .unwrap();
            let text = std::fs::read_to_string(&snap).unwrap();
            std::fs::write(&snap, text.replacen("Willkommen", "Hallo", 1)).unwrap();
        }),
    ];
    for (named, tamper) in cases {
        let copy = dir.path().join(format!("copy-{}", named.replace('/', "_")));
        common::copy_dir(&out, &copy);
        tamper(&copy);
        let (code, said) = verify(&copy);
        assert_eq!(code, Some(1), "{named}: {said}");
        assert!(
            said.lines()
                .any(|l| l.starts_with("MISMATCH") && l.contains(named)),
            "{named}: {said}"
        );
    }

    // A hand-edited approval in the manifest no longer verifies.
    let copy = dir.path().join("copy-manifest");
    common::copy_dir(&out, &copy);
    let m = std::fs::read_to_string(copy.join("manifest.json")).unwrap();
    std::fs::write(
        copy.join("manifest.json"),
        m.replace("\"name\": \"Rita Reviewer\"", "\"name\": \"Rita Boss\""),
    )
    .unwrap();
    let (code, said) = verify(&copy);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("signature"), "{said}");

    // Checked against a reviewers file that does not list Rita, the approval does not hold.
    let other = dir.path().join("other-reviewers");
    let (max, _, _) = common::max_and_rita(&dir.path().join("other-keys"));
    std::fs::write(&other, max.allowed_signers_line() + "\n").unwrap();
    let (code, said) = run(common::prism()
        .arg("verify")
        .arg(&out)
        .arg("--reviewers")
        .arg(&other));
    assert_eq!(code, Some(1), "{said}");
}

#[test]
fn the_snapshot_is_refused_when_its_images_change() {
    let dir = tempfile::tempdir().unwrap();
    let (project, hash) = approved(dir.path());
    let name = snapshot::name_for(&project, &hash);
    let base = project.parent().unwrap();
    let loaded = snapshot::load_named(base, &name, &hash).expect("the snapshot loads");
    assert_eq!(loaded.content_hash, hash);
    // Other bytes under an image's stored hash: the recomputed hash differs.
    let blobs = base.join(&name).parent().unwrap().join("assets");
    let blob = std::fs::read_dir(&blobs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    append(&blob, b" ");
    let refused = snapshot::load_named(base, &name, &hash)
        .err()
        .expect("refused");
    assert!(
        refused.to_string().contains("not the approved"),
        "{refused}"
    );
    // Names from an edited project file cannot leave the project's folder.
    for bad in [
        "../x.approved/h.json",
        "/etc/passwd",
        "a/b/c.json",
        "welcome.ron",
    ] {
        assert!(snapshot::load_named(base, bad, &hash).is_err(), "{bad}");
    }
}

#[test]
fn review_diff_shows_word_changes_in_the_source_and_in_each_channel() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = approved(dir.path());
    let (code, said) = run(common::prism().args(["review", "diff"]).arg(&project));
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("source: no changes"), "{said}");

    let text = std::fs::read_to_string(&project).unwrap();
    assert!(text.contains("ohne Wartezeit"));
    std::fs::write(
        &project,
        text.replacen("ohne Wartezeit", "sofort und ohne Wartezeit", 1),
    )
    .unwrap();
    let (code, said) = run(common::prism()
        .args(["review", "diff", "--record", "C-1002"])
        .arg(&project));
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Changes since the approval by Rita Reviewer"),
        "{said}"
    );
    assert!(said.contains("== block intro =="), "{said}");
    assert!(
        said.contains("aktiv – {+sofort und +}ohne Wartezeit"),
        "{said}"
    );
    // The letter of C-1002 says it too; the block list and the email part name the record.
    // The record is shown in each of the message's languages: the German intro changed, the
    // English and French ones did not (their translations are now stale).
    assert!(
        said.contains("== print (de) for record C-1002 =="),
        "{said}"
    );
    assert!(
        said.contains("== email (de) for record C-1002 =="),
        "{said}"
    );
    for l in ["en", "fr"] {
        let title = format!("== email ({l}) for record C-1002: no changes ==");
        assert!(said.contains(&title), "{title}: {said}");
    }
}

#[test]
fn the_proof_pack_is_a_valid_pdf_with_every_record_and_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let (project, hash) = approved(dir.path());
    let pdf = dir.path().join("proof.pdf");
    let (code, said) = run(common::prism()
        .arg("proof")
        .arg(&project)
        .args(["--records", "C-1001,C-1003"])
        .arg("--out")
        .arg(&pdf));
    assert_eq!(code, Some(0), "{said}");
    common::run_ok(Command::new("qpdf").arg("--check").arg(&pdf));
    let fonts = common::run_ok(Command::new("pdffonts").arg(&pdf));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name type encoding emb sub uni …: every font is embedded.
        assert!(
            row.split_whitespace().rev().nth(4) == Some("yes"),
            "{fonts}"
        );
    }
    let info = common::run_ok(Command::new("pdfinfo").arg(&pdf));
    // The cover, C-1001 in German, C-1003 in English, and C-1001 again in French, the
    // language neither of them gets; an email too long for its column goes on over a page.
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && (l.ends_with(" 4") || l.ends_with(" 5"))),
        "{info}"
    );
    let text = common::run_ok(
        Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-"),
    );
    for expected in [
        hash.as_str(),
        "Approved by Rita Reviewer on 2026-11-25",
        "Submit",
        "Approve",
        "signed, counts",
        "Record C-1001",
        "Record C-1003",
        "customers.json record 3, in en",
        "shown in fr: no record of the pack speaks it",
        "Languages: de (written in); en: 1 missing, 0 need review; fr: 0 missing, 0 need review",
        "Bienvenue chez Lumina Mobil",
        "Sent to erika.mustermann@example.de",
        "Not sent: no consent for chat",
        "GSM-7",
        "Diagnostics",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }
    // A record that is not in the data is a clear error.
    let (code, said) = run(common::prism()
        .arg("proof")
        .arg(&project)
        .args(["--records", "C-9999", "--out"])
        .arg(&pdf));
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("no record `C-9999`"), "{said}");
}

/// poppler's words of page `page` left of `x_max_pt`, as (x_min, x_max, y_min, text).
fn words(pdf: &Path, page: u32, x_max_pt: f32) -> Vec<(f32, f32, f32, String)> {
    let p = page.to_string();
    let html = common::run_ok(
        Command::new("pdftotext")
            .args(["-bbox", "-f", &p, "-l", &p])
            .arg(pdf)
            .arg("-"),
    );
    let attr = |line: &str, name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (attr(l, "xMin"), attr(l, "xMax"), attr(l, "yMin"), text)
        })
        .filter(|w| w.1 <= x_max_pt)
        .collect()
}

/// The words as lines, top to bottom and left to right (poppler's own order follows columns).
fn lines(words: &[(f32, f32, f32, String)]) -> String {
    let mut sorted: Vec<_> = words.iter().collect();
    sorted.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.total_cmp(&b.0)));
    let mut out = String::new();
    let mut last_y = f32::NEG_INFINITY;
    for w in sorted {
        if !out.is_empty() {
            out.push(if (w.2 - last_y).abs() > 1.0 {
                '\n'
            } else {
                ' '
            });
        }
        out.push_str(&w.3);
        last_y = w.2;
    }
    out
}

#[test]
fn the_proof_pack_shows_the_email_as_designed_and_continues_a_long_one() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let pdf = dir.path().join("proof.pdf");
    let (code, said) = run(common::prism()
        .arg("proof")
        .arg(&project)
        .args(["--records", "C-2001", "--out"])
        .arg(&pdf));
    assert_eq!(code, Some(0), "{said}");
    common::run_ok(Command::new("qpdf").arg("--check").arg(&pdf));
    // The email's column is the left 36 + 248 points of the landscape page.
    let email_right_pt = 285.0;
    let page2 = words(&pdf, 2, email_right_pt);
    let text2 = lines(&page2);
    // Inbox line, then the message: the heading, the table's header and its rows.
    for expected in [
        "From: Lumina Mobil",
        "Ihre Rechnung R-2026-04720",
        "Position Menge Einzelpreis Betrag",
        "Tarif Business M – SIM 01 (0171 550000) 1 24,90 € 24,90 €",
    ] {
        assert!(text2.contains(expected), "{expected} missing in: {text2}");
    }
    // The heading is set larger than the body text, as the HTML's h1 (26 px on 16 px).
    let mut numbers: Vec<_> = page2.iter().filter(|w| w.3 == "R-2026-04720").collect();
    numbers.sort_by(|a, b| a.2.total_cmp(&b.2));
    let widths: Vec<f32> = numbers.iter().map(|w| w.1 - w.0).collect();
    assert_eq!(widths.len(), 3, "subject, heading and body: {text2}");
    let (heading, body) = (widths[1], widths[2]);
    assert!(heading > 1.4 * body, "heading {heading} pt, body {body} pt");
    // Amounts stand in two columns, each flush right: every "€" ends at one of two edges.
    let mut edges: Vec<f32> = page2
        .iter()
        .filter(|w| w.3 == "€")
        .map(|w| (w.1 * 4.0).round() / 4.0)
        .collect();
    let amounts = edges.len();
    edges.sort_by(f32::total_cmp);
    edges.dedup();
    assert!(amounts >= 20, "{amounts} amounts in: {text2}");
    assert_eq!(edges.len(), 2, "right edges of the amounts: {edges:?}");
    // The invoice's 34 positions do not fit one column: the email goes on over the page,
    // to its button, its closing words and its footer; nothing is cut off.
    let page3 = words(&pdf, 3, email_right_pt);
    let text3 = lines(&page3);
    for expected in [
        "Record C-2001: the email, continued",
        "SIM 34 (0171 550331)",
        "Gesamt 719,51 €",
        "Jetzt bezahlen",
        "Lumina Mobil GmbH\nMusterallee 1\n50667 Köln",
    ] {
        assert!(text3.contains(expected), "{expected} missing in: {text3}");
    }
    // Every position is shown exactly once over the two pages.
    let all = format!("{text2}\n{text3}");
    for n in 1..=34 {
        let sim = format!("SIM {n:02} ");
        assert_eq!(all.matches(&sim).count(), 1, "{sim} in: {all}");
    }
    // The button links where the HTML's does.
    let links = common::run_ok(Command::new("pdfinfo").arg("-url").arg(&pdf));
    assert!(
        links.contains("https://www.lumina-mobil.example/bezahlen?rechnung=R-2026-04720"),
        "{links}"
    );
}

#[test]
fn a_very_tall_image_in_the_email_keeps_the_proof_pack_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    // 10 × 20,000 px: drawn at the column's width it would be 700 pages high.
    let (w_px, h_px) = (10, 20_000);
    let mut tall = resvg::tiny_skia::Pixmap::new(w_px, h_px).unwrap();
    tall.fill(resvg::tiny_skia::Color::from_rgba8(0x0b, 0x5c, 0xad, 255));
    std::fs::write(
        project.with_file_name("tall.png"),
        tall.encode_png().unwrap(),
    )
    .unwrap();
    let ws = prism::workspace::Workspace::open(&project, None).unwrap();
    let ws = common::with_hero(&ws, "tall.png");
    let bytes = prism::proof::proof_pdf(&ws, &["C-1001".into()], AT).unwrap();
    let pdf = dir.path().join("proof.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    common::run_ok(Command::new("qpdf").arg("--check").arg(&pdf));
    let info = common::run_ok(Command::new("pdfinfo").arg(&pdf));
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Its two or three pages, and one for each of English and French (the welcome speaks
    // them, C-1001 does not): the French and English emails show the tall image too.
    assert!((4..=7).contains(&pages), "{pages} pages");
    // The image is drawn, scaled down to less than a page's height (595 pt), and the email
    // comes to its end.
    let list = common::run_ok(Command::new("pdfimages").arg("-list").arg(&pdf));
    let y_ppi: Vec<f32> = list
        .lines()
        .filter(|l| l.contains(&format!(" {w_px} {h_px} ")) && l.contains(" image "))
        .map(|l| l.split_whitespace().nth(13).unwrap().parse().unwrap())
        .collect();
    // Once on C-1001's page in each of the three languages.
    assert_eq!(y_ppi.len(), 3, "{list}");
    for ppi in y_ppi {
        let drawn_pt = h_px as f32 / ppi * 72.0;
        assert!(drawn_pt <= 400.0, "drawn {drawn_pt} pt high:\n{list}");
    }
    let text = common::run_ok(Command::new("pdftotext").arg(&pdf).arg("-"));
    assert!(text.contains("Herzliche Grüße"), "{text}");
    assert!(text.contains("Abmelden"), "{text}\n{list}");
}

fn append(path: &Path, bytes: &[u8]) {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

fn log_lines(project: &Path) -> usize {
    std::fs::read_to_string(prism::review::log::path_for(project)).map_or(0, |t| t.lines().count())
}

/// `prism review ACTION project --key KEY [more]`: exit code and what it said.
fn review(action: &str, project: &Path, key: &Path, more: &[&str]) -> (Option<i32>, String) {
    run(common::prism()
        .args(["review", action])
        .arg(project)
        .arg("--key")
        .arg(key)
        .args(more))
}

#[test]
fn four_eyes_hold_on_the_command_line_and_refused_actions_leave_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let keys = dir.path().join("keys");
    let (max, _rita, reviewers) = common::max_and_rita(&keys);
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    let olga =
        prism::review::Identity::create("Olga", "olga@x.example", &keys.join("olga")).unwrap();
    drop(olga);
    let key = |who: &str| keys.join(who).join("prism_ed25519");
    let file_bytes = std::fs::read(&project).unwrap();

    // The author approves her own change without submitting it: refused, nothing recorded.
    let (code, said) = review("approve", &project, &key("max"), &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("no one submitted this version"), "{said}");
    assert_eq!(log_lines(&project), 0);
    let (code, said) = review("submit", &project, &key("max"), &[]);
    assert_eq!(code, Some(0), "{said}");
    assert_eq!(log_lines(&project), 1);
    for (action, who, more, reason) in [
        (
            "approve",
            "max",
            &[][..],
            "submitted this version themselves",
        ),
        ("comment", "olga", &["--comment", "hi"][..], "not listed"),
        (
            "comment",
            "rita",
            &["--comment", "x", "--block", "nope"][..],
            "no block `nope`",
        ),
        (
            "comment",
            "rita",
            &["--comment", "x", "--reply-to", "99"][..],
            "entry 99",
        ),
        (
            "resolve",
            "rita",
            &["--reply-to", "1"][..],
            "entry 1 is not an earlier comment",
        ),
        ("request-changes", "rita", &[][..], "needs a comment"),
    ] {
        let (code, said) = review(action, &project, &key(who), more);
        assert_eq!(code, Some(1), "{action} by {who}: {said}");
        assert!(said.contains(reason), "{action} by {who}: {said}");
        assert_eq!(log_lines(&project), 1, "{action} by {who} was recorded");
    }
    let (_, said) = run(common::prism().args(["review", "status"]).arg(&project));
    assert!(said.contains("submitted it for review"), "{said}");

    // A comment, an answer, a resolution and an approval by the reviewer: all recorded, and
    // the project file keeps every byte (comments included).
    for (action, more) in [
        (
            "comment",
            &["--comment", "Betrag fett?", "--block", "summary"][..],
        ),
        ("comment", &["--comment", "Ja.", "--reply-to", "2"][..]),
        ("resolve", &["--reply-to", "2"][..]),
        ("approve", &[][..]),
    ] {
        let (code, said) = review(action, &project, &key("rita"), more);
        assert_eq!(code, Some(0), "{action}: {said}");
    }
    assert_eq!(log_lines(&project), 5);
    assert_eq!(
        std::fs::read(&project).unwrap(),
        file_bytes,
        "a review action changed the project file"
    );

    // A self-approval appended by hand, properly signed and linked: it does not count, the
    // log and verify say so, and the real approval still holds.
    let log = prism::review::ReviewLog::load(&project, Vec::new()).unwrap();
    let hash = log.entries[0].content_hash.clone();
    let forged = prism::review::sign_entry(
        &max,
        &log.entries,
        prism::model::ReviewAction::Approve,
        &hash,
        "",
        None,
        AT,
    )
    .unwrap();
    append(
        &prism::review::log::path_for(&project),
        format!("{}\n", serde_json::to_string(&forged).unwrap()).as_bytes(),
    );
    let (_, said) = run(common::prism().args(["review", "log"]).arg(&project));
    assert!(
        said.contains(
            "does not count: approval by max@lumina.example: they submitted this version themselves"
        ),
        "{said}"
    );
    let out = dir.path().join("out");
    export(&project, &out);
    let (code, said) = verify(&out);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("NOTE manifest.json: review entry 6 does not count"),
        "{said}"
    );
    assert!(said.contains("approved by Rita Reviewer"), "{said}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("entry 6: does not count"), "{manifest}");
}

#[test]
fn a_review_section_in_the_project_file_is_read_then_moved_into_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let keys = dir.path().join("keys");
    let (max, rita, reviewers) = common::max_and_rita(&keys);
    std::fs::write(project.with_file_name("reviewers"), reviewers).unwrap();
    let hash = prism::workspace::Workspace::open(&project, None)
        .unwrap()
        .review()
        .0;
    // Entries as Prism wrote them into the project file before the log: no link, v1 text.
    let mut old = Vec::new();
    for (who, action) in [
        (&max, prism::model::ReviewAction::Submit),
        (&rita, prism::model::ReviewAction::Approve),
    ] {
        let mut e = prism::review::sign_entry(who, &old, action, &hash, "", None, AT).unwrap();
        e.prev = None;
        e.signature = who.sign(prism::review::signed_text(&e).as_bytes()).unwrap();
        old.push(e);
    }
    let text = std::fs::read_to_string(&project).unwrap();
    let end = text.trim_end().strip_suffix(')').unwrap();
    let section = ron::ser::to_string(&old).unwrap();
    std::fs::write(
        &project,
        format!("{end}  review: (history: {section}),\n)\n"),
    )
    .unwrap();
    let file_bytes = std::fs::read(&project).unwrap();

    let (_, said) = run(common::prism().args(["review", "log"]).arg(&project));
    assert!(
        said.contains("read from the project file's review section"),
        "{said}"
    );
    assert_eq!(said.matches("[signed, counts]").count(), 2, "{said}");
    let (_, said) = run(common::prism().args(["review", "status"]).arg(&project));
    assert!(said.contains("Approved by Rita Reviewer"), "{said}");
    // The first action moves the history into the log, says so, and leaves the file alone.
    let (code, said) = review(
        "comment",
        &project,
        &keys.join("rita/prism_ed25519"),
        &["--comment", "Gut."],
    );
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("moved 2 review entries from the project file's review section"),
        "{said}"
    );
    assert_eq!(log_lines(&project), 3);
    assert_eq!(std::fs::read(&project).unwrap(), file_bytes);
    let (_, said) = run(common::prism().args(["review", "log"]).arg(&project));
    assert!(!said.contains("read from the project file"), "{said}");
    assert_eq!(said.matches("[signed, counts]").count(), 3, "{said}");
    let (_, said) = run(common::prism().args(["review", "status"]).arg(&project));
    assert!(said.contains("Approved by Rita Reviewer"), "{said}");
}
