//! Hostile projects, data and images: each case gets a clear message naming what is wrong,
//! the documented exit code, bounded time, and never a panic. An export always finishes its
//! manifest and report; one bad record or image only fails that record.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Ran {
    code: Option<i32>,
    said: String,
}

fn prism(args: &[&str], dir: &Path) -> Ran {
    let started = Instant::now();
    let out = common::prism()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{args:?} took {:?}",
        started.elapsed()
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!said.contains("panicked"), "{args:?}: {said}");
    assert!(
        !said.contains("os error"),
        "{args:?}: the OS error number is noise: {said}"
    );
    Ran {
        code: out.status.code(),
        said,
    }
}

/// `prism check PROJECT --data DATA` in `dir`.
fn check_with_data(project: &Path, data: &Path, dir: &Path) -> Ran {
    prism(
        &[
            "check",
            project.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ],
        dir,
    )
}

/// invoice.ron in `dir/projects`, with `edit` applied to its text.
fn project(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let p = common::project_copy(dir, "invoice.ron");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
    p
}

fn with_logo(text: String, logo: &str) -> String {
    common::own_brand(&text, logo)
}

fn export_finishes(dir: &Path, project: &Path, extra: &[&str]) -> String {
    let out = dir.join("out");
    #[expect(
        clippy::let_underscore_must_use,
        reason = "the folder is not there before the first export"
    )]
    let _ = std::fs::remove_dir_all(&out);
    let mut args = vec![
        "export",
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let ran = prism(&args, dir);
    assert!(matches!(ran.code, Some(0 | 1)), "{}", ran.said);
    assert!(
        out.join("manifest.json").exists() && out.join("report.txt").exists(),
        "{}",
        ran.said
    );
    ran.said + &std::fs::read_to_string(out.join("report.txt")).unwrap()
}

#[test]
fn a_huge_literal_subject_is_capped_before_layout() {
    let dir = tempfile::tempdir().unwrap();
    let subject = "Rechnung ".repeat(120_000); // about 1 MB, no template syntax
    let p = project(dir.path(), |t| {
        let start = t.find("subject: \"").unwrap() + "subject: \"".len();
        let end = start + t[start..].find('"').unwrap();
        format!("{}{subject}{}", &t[..start], &t[end..])
    });
    let ran = prism(&["check", p.to_str().unwrap()], dir.path());
    assert_eq!(
        ran.code,
        Some(1),
        "{}",
        &ran.said[..ran.said.len().min(2000)]
    );
    assert!(
        ran.said.contains("exceeds the limit of 262144"),
        "{}",
        &ran.said[..2000]
    );
    let said = export_finishes(dir.path(), &p, &[]);
    assert!(said.contains("template-limit"));
}

#[test]
fn hostile_pngs_fail_their_letters_not_the_export() {
    let dir = tempfile::tempdir().unwrap();
    // A header claiming 65,535 × 65,535 pixels, a valid PNG of that size (522 kB, 1 bit a
    // pixel), and a real PNG cut in half.
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    huge.extend_from_slice(&65_535u32.to_be_bytes());
    huge.extend_from_slice(&65_535u32.to_be_bytes());
    huge.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let logo = std::fs::read(common::root().join("assets/images/logo.png")).unwrap();
    for (name, bytes, why) in [
        ("huge.png", huge, "65535 × 65535 pixels"),
        (
            "valid.png",
            std::fs::read(common::root().join("tests/hostile-inputs/valid-65535x65535.png"))
                .unwrap(),
            "valid.png: 65535 × 65535 pixels",
        ),
        ("cut.png", logo[..logo.len() / 2].to_vec(), "cut.png"),
    ] {
        let p = project(dir.path(), |t| with_logo(t, name));
        std::fs::write(p.with_file_name(name), bytes).unwrap();
        let said = export_finishes(dir.path(), &p, &["--channels", "print,email"]);
        assert!(said.contains(why), "{name}: {said}");
    }
}

#[test]
fn long_and_strange_ids_get_safe_distinct_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), |t| t);
    let data = p.with_file_name("ids.json");
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("projects/customers.json")).unwrap(),
    )
    .unwrap();
    let first = match base {
        serde_json::Value::Array(a) => a[0].clone(),
        _ => unreachable!(),
    };
    let ids = [
        "X".repeat(300),
        "a/b".into(),
        "a_b".into(),
        "line\r\nbreak".into(),
    ];
    let records: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            let mut r = first.clone();
            r["customer_id"] = id.as_str().into();
            r
        })
        .collect();
    std::fs::write(&data, serde_json::to_string(&records).unwrap()).unwrap();
    let said = export_finishes(
        dir.path(),
        &p,
        &["--data", data.to_str().unwrap(), "--channels", "email"],
    );
    assert!(
        !said.contains("duplicate-id"),
        "a/b and a_b are two customers: {said}"
    );
    let entries: Vec<serde_json::Value> =
        std::fs::read_to_string(dir.path().join("out/manifest.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let kept: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        kept,
        ids.iter().map(String::as_str).collect::<Vec<_>>(),
        "the manifest keeps each id"
    );
    let mut names = std::collections::BTreeSet::new();
    for e in &entries {
        for o in e["outputs"].as_array().unwrap() {
            let file = o["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_str().unwrap();
            assert!(name.len() <= 70, "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{name}"
            );
            assert!(names.insert(name.to_owned()), "{name} twice");
        }
    }
    let report = std::fs::read_to_string(dir.path().join("out/report.txt")).unwrap();
    assert!(
        !report.contains("line\r\nbreak"),
        "control characters are escaped in the report"
    );
}

#[test]
fn check_finds_what_export_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), |t| t);
    let data = p.with_file_name("twice.json");
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("projects/customers.json")).unwrap(),
    )
    .unwrap();
    let mut records = match base {
        serde_json::Value::Array(a) => a,
        _ => unreachable!(),
    };
    let mut again = records[0].clone();
    again["phone"] = "+49 CALL-ME-NOW".into();
    records.push(again);
    records[1]["email"] = "klaus(at)example.de".into();
    std::fs::write(&data, serde_json::to_string(&records).unwrap()).unwrap();
    let ran = check_with_data(&p, &data, dir.path());
    assert_eq!(ran.code, Some(1), "{}", ran.said);
    // One error is one error.
    assert!(
        ran.said
            .contains("checked 7 records × 4 channels: 1 error, "),
        "{}",
        ran.said
    );
    assert!(
        // Named by the data file and its place there, not by the project file.
        ran.said
            .lines()
            .any(|l| l.starts_with("twice.json record 7: C-1001: error")
                && l.contains("duplicate-id")
                && l.contains("was used before (twice.json record 1)")),
        "{}",
        ran.said
    );
    let id = records[1]["customer_id"].as_str().unwrap();
    assert!(
        ran.said.lines().any(|l| l.contains(id)
            && l.contains("invalid-address")
            && l.contains("`klaus(at)example.de` is not an email address")),
        "{}",
        ran.said
    );
    // The repeated record is left out, so its number is checked where export would see it:
    // the router's verdict on it is what check reports for any record.
    records.truncate(1);
    records[0]["phone"] = "+49 CALL-ME-NOW".into();
    std::fs::write(&data, serde_json::to_string(&records).unwrap()).unwrap();
    let ran = check_with_data(&p, &data, dir.path());
    assert!(
        ran.said
            .contains("SMS: `+49 CALL-ME-NOW` has letters; a phone number has digits"),
        "{}",
        ran.said
    );
}

#[test]
fn unreadable_inputs_are_named_once_without_os_noise() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), |t| t);
    let folder = p.with_file_name("data.json");
    std::fs::create_dir(&folder).unwrap();
    let ran = prism(
        &[
            "export",
            p.to_str().unwrap(),
            "--data",
            folder.to_str().unwrap(),
            "--out",
            "o",
        ],
        dir.path(),
    );
    assert_eq!(ran.code, Some(2));
    assert_eq!(ran.said.matches("directory").count(), 1, "{}", ran.said);
    assert!(ran.said.contains("data.json"), "{}", ran.said);
    let ran = prism(
        &[
            "render",
            p.to_str().unwrap(),
            "--channel",
            "print",
            "--scale",
            "1000",
            "--out",
            "x.png",
        ],
        dir.path(),
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said);
    assert!(ran.said.contains("pixels"), "{}", ran.said);
}

#[test]
fn broken_project_and_data_files_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), |t| t);
    let check = |project: &Path, data: Option<&Path>| {
        let mut args = vec!["check", project.to_str().unwrap()];
        if let Some(d) = data {
            args.extend(["--data", d.to_str().unwrap()]);
        }
        prism(&args, dir.path())
    };
    // Not UTF-8 on line 3: the position is named.
    let mut bytes = std::fs::read(&p).unwrap();
    let third = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 3;
    bytes.insert(third, 0xff);
    let latin = p.with_file_name("latin1.ron");
    std::fs::write(&latin, bytes).unwrap();
    let ran = check(&latin, None);
    assert_eq!(ran.code, Some(2));
    assert!(
        ran.said.contains("latin1.ron:3:3: not UTF-8"),
        "{}",
        ran.said
    );
    // Nested deeper than the parser goes: said without the library's internals.
    let deep = p.with_file_name("deep.ron");
    std::fs::write(&deep, format!("{}{}", "(".repeat(2000), ")".repeat(2000))).unwrap();
    let ran = check(&deep, None);
    assert_eq!(ran.code, Some(2));
    assert!(
        !ran.said.contains("ron::") && !ran.said.contains("serde_stacker"),
        "{}",
        ran.said
    );
    // CSV without the id column, and with a quote that is never closed.
    let csv = p.with_file_name("no-id.csv");
    std::fs::write(&csv, "name,email\nA,a@example.com\n").unwrap();
    let ran = check(&p, Some(&csv));
    assert_eq!(ran.code, Some(2));
    assert!(
        ran.said.contains("no `customer_id` column") && ran.said.contains("name, email"),
        "{}",
        ran.said
    );
    let csv = p.with_file_name("quote.csv");
    std::fs::write(&csv, "customer_id,name\nC-1,\"Anna\nC-2,Bob\nC-3,Carl\n").unwrap();
    let ran = check(&p, Some(&csv));
    assert_eq!(ran.code, Some(2));
    assert!(
        ran.said.contains("line 2") && ran.said.contains("not closed"),
        "{}",
        ran.said
    );
}

/// A record longer than 16 MiB fails alone, in a list and in JSON Lines; a CSV row that long
/// (a quote never closed) stops its file with a message naming where; data that is not a
/// regular file (a named pipe, a device) is refused without being opened.
#[test]
fn huge_records_and_endless_data_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path(), |t| t);
    let long = "x".repeat(17 << 20);
    let record = |id: &str, note: &str| {
        format!(
            r#"{{"customer_id": "{id}", "first_name": "A", "last_name": "B", "email": "a@example.com", "note": "{note}"}}"#
        )
    };
    let list = p.with_file_name("long.json");
    std::fs::write(
        &list,
        format!(
            "[{},\n{},\n{}]",
            record("C-1", ""),
            record("C-2", &long),
            record("C-3", "")
        ),
    )
    .unwrap();
    let lines = p.with_file_name("long.jsonl");
    std::fs::write(
        &lines,
        format!(
            "{}\n{}\n{}\n",
            record("C-1", ""),
            record("C-2", &long),
            record("C-3", "")
        ),
    )
    .unwrap();
    for (data, origin) in [(&list, "record 2"), (&lines, "line 2")] {
        let said = export_finishes(
            dir.path(),
            &p,
            &["--data", data.to_str().unwrap(), "--channels", "sms"],
        );
        assert!(
            said.contains(origin) && said.contains("at most 16 MiB are read per record"),
            "{said}"
        );
        let manifest = std::fs::read_to_string(dir.path().join("out/manifest.jsonl")).unwrap();
        assert_eq!(manifest.lines().count(), 3, "every record has its line");
        assert!(
            manifest.contains("\"C-3\""),
            "the records after it are exported"
        );
    }

    let csv = p.with_file_name("open-quote.csv");
    std::fs::write(
        &csv,
        format!("customer_id,first_name\nC-1,Anna\nC-2,\"{long}\nC-3,Carl\n"),
    )
    .unwrap();
    let ran = check_with_data(&p, &csv, dir.path());
    assert_eq!(ran.code, Some(2), "{}", ran.said);
    assert!(
        ran.said
            .contains("open-quote.csv: after line 3: a row longer than 16 MiB"),
        "{}",
        ran.said
    );

    let fifo = p.with_file_name("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let zero = p.with_file_name("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for data in [fifo, zero] {
        let ran = check_with_data(&p, &data, dir.path());
        assert_eq!(ran.code, Some(2), "{}", ran.said);
        assert!(
            ran.said.contains(&format!(
                "{}: cannot read: not a regular file",
                data.display()
            )),
            "{}",
            ran.said
        );
    }
}

/// The (record, code) pairs of every error `prism check` printed for `project`.
fn check_errors(said: &str, project: &Path) -> std::collections::BTreeSet<(String, String)> {
    let path = project.to_str().unwrap();
    said.lines()
        .filter_map(|l| {
            // `PATH[:LINE:COL]: ID: error[…] … (code)`
            let rest = l.strip_prefix(path)?;
            let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
            let rest = rest.strip_prefix(' ')?;
            let (id, d) = rest.split_once(": error")?;
            let code = d.rsplit_once('(')?.1.strip_suffix(')')?;
            Some((id.to_owned(), code.to_owned()))
        })
        .collect()
}

/// The (record, code) pairs of every error an export's `manifest.jsonl` lists.
fn export_errors(out: &Path) -> std::collections::BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap_or_default();
    text.lines()
        .flat_map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            let id = prism::diag::printable(e["id"].as_str().unwrap()).into_owned();
            e["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["severity"] == "error")
                .map(|d| (id.clone(), d["code"].as_str().unwrap().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn check_and_export_classify_every_error_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut data: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/cases/data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    data.sort();
    // The samples' own customers, one without the `invoice` the invoice prints.
    let mut records: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(common::root().join("projects/customers.json")).unwrap(),
    )
    .unwrap();
    records[2].as_object_mut().unwrap().remove("invoice");
    let without_invoice = dir.path().join("without-invoice.json");
    std::fs::write(&without_invoice, serde_json::to_vec(&records).unwrap()).unwrap();
    data.push(without_invoice);
    let mut compared = 0;
    for name in ["invoice.ron", "welcome.ron"] {
        let project = common::project_copy(dir.path(), name);
        for d in &data {
            let checked = check_with_data(&project, d, dir.path());
            let out = dir.path().join("out");
            #[expect(
                clippy::let_underscore_must_use,
                reason = "the folder is not there before the first export"
            )]
            let _ = std::fs::remove_dir_all(&out);
            let exported = prism(
                &[
                    "export",
                    project.to_str().unwrap(),
                    "--data",
                    d.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                ],
                dir.path(),
            );
            let case = format!("{name} {}", d.display());
            if checked.code == Some(2) {
                // Data that cannot be read at all: both say so.
                assert_ne!(exported.code, Some(0), "{case}: {}", exported.said);
                continue;
            }
            let (c, e) = (check_errors(&checked.said, &project), export_errors(&out));
            assert_eq!(
                c, e,
                "{case}: check said\n{}\nexport said\n{}",
                checked.said, exported.said
            );
            // Exit 1 from both when any record has an error, 0 from both otherwise.
            assert_eq!(
                checked.code, exported.code,
                "{case}: {}\n{}",
                checked.said, exported.said
            );
            compared += 1;
            if d.ends_with("without-invoice.json") && name == "invoice.ron" {
                // The record without its invoice is written nowhere.
                let id = records[2]["customer_id"].as_str().unwrap();
                assert!(
                    e.contains(&(id.to_owned(), "undefined-variable".to_owned())),
                    "{e:?}"
                );
                let entries = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
                let line = entries
                    .lines()
                    .find(|l| l.contains(&format!("\"id\":\"{id}\"")))
                    .unwrap();
                assert!(line.contains("\"outputs\":[]"), "{line}");
            }
        }
    }
    assert!(
        compared >= 10,
        "only {compared} data sets could be compared"
    );
}

/// Control bytes a terminal acts on (C0 but line feed and tab, DEL, and C1 as UTF-8), or a
/// line a value forged: what no output of Prism may hold.
fn raw_controls(out: &[u8], artefact: bool) -> Vec<String> {
    let mut found = Vec::new();
    for (i, b) in out.iter().enumerate() {
        let c1 = *b == 0xC2 && out.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n));
        if (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7F || c1 {
            let from = i.saturating_sub(20);
            found.push(
                String::from_utf8_lossy(&out[from..(i + 20).min(out.len())])
                    .escape_debug()
                    .to_string(),
            );
        }
    }
    // An artefact may break lines where the data does; Prism's own lines never start with
    // what a value wrote.
    if !artefact {
        for l in String::from_utf8_lossy(out).lines() {
            if l.starts_with("INJECTED") {
                found.push(format!("forged line: {l}"));
            }
        }
    }
    found
}

#[test]
fn no_subcommand_prints_raw_control_characters_from_data() {
    let dir = tempfile::tempdir().unwrap();
    let invoice = common::project_copy(dir.path(), "invoice.ron");
    let welcome = invoice.with_file_name("welcome.ron");
    let mut records: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(common::root().join("projects/customers.json")).unwrap(),
    )
    .unwrap();
    let id = "C-\u{1b}[2J\u{9b}31m-9";
    let hostile = &mut records[0];
    hostile["customer_id"] = id.into();
    hostile["first_name"] = "\u{1b}]0;pwned\u{7}Eve\r\nINJECTED line".into();
    hostile["last_name"] = "A\u{0}B\u{7f}C".into();
    hostile["email"] = "eve\u{1b}[2J@example.de\r\nINJECTED: header".into();
    hostile["phone"] = "+49\u{1b}[31m151\nINJECTED".into();
    hostile["invoice"]["number"] = "R-\u{1b}[5m1".into();
    let data = dir.path().join("hostile.json");
    std::fs::write(&data, serde_json::to_vec(&records).unwrap()).unwrap();
    let d = data.to_str().unwrap();
    let mut runs: Vec<(String, Vec<u8>, bool)> = Vec::new();
    let mut run = |args: Vec<String>, artefact: bool| {
        let out = common::prism()
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        runs.push((format!("{args:?} stdout"), out.stdout, artefact));
        runs.push((format!("{args:?} stderr"), out.stderr, false));
    };
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    for p in [&invoice, &welcome] {
        let p = p.to_str().unwrap();
        run(s(&["check", p, "--data", d]), false);
        run(s(&["route", p, "--data", d]), false);
        for channel in ["email", "sms", "chat", "print"] {
            run(
                s(&["render", p, channel, "--data", d, "--record", id]),
                true,
            );
        }
        let out = dir.path().join(format!("out-{}", p.len()));
        run(
            s(&["export", p, "--data", d, "--out", out.to_str().unwrap()]),
            false,
        );
        run(s(&["verify", out.to_str().unwrap()]), false);
    }
    // Review: a comment with escape sequences in the log, the diff for the hostile record.
    let (max, rita, reviewers) = common::max_and_rita(&dir.path().join("keys"));
    std::fs::write(invoice.with_file_name("reviewers"), reviewers).unwrap();
    common::submit_and_approve(&invoice, &max, &rita, "2026-11-25T10:00:00Z");
    let mut ws = prism::workspace::Workspace::open(&invoice, None).unwrap();
    prism::workspace::review::take(
        &mut ws,
        &rita,
        prism::review::Act::new(prism::model::ReviewAction::Comment)
            .comment("ok\u{1b}[2J\nINJECTED: approved by everyone"),
        "2026-11-25T10:00:00Z",
    )
    .unwrap();
    let text = std::fs::read_to_string(&invoice).unwrap();
    std::fs::write(
        &invoice,
        text.replace("Ihre Rechnung", "Ihre neue Rechnung"),
    )
    .unwrap();
    let p = invoice.to_str().unwrap();
    run(s(&["review", "log", p]), false);
    run(s(&["review", "status", p]), false);
    run(
        s(&["review", "diff", p, "--data", d, "--record", id]),
        false,
    );
    let mut failures = Vec::new();
    for (what, out, artefact) in &runs {
        let found = raw_controls(out, *artefact);
        if !found.is_empty() {
            failures.push(format!("{what}: {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The values did reach the outputs, escaped.
    let check = &runs[0].1;
    assert!(
        String::from_utf8_lossy(check).contains("\\u{1b}[2J"),
        "{}",
        String::from_utf8_lossy(check)
    );
}
