//! The `prism` binary: commands, outputs and exit codes (0 fine, 1 diagnostics with errors, 2 bad usage or input).

use crate::common;

use common::{prism, root};
use std::io::Write;
use std::process::{Output, Stdio};

fn run(args: &[&str]) -> Output {
    prism().args(args).current_dir(root()).output().unwrap()
}

fn sms_info(text: &str) -> serde_json::Value {
    let mut child = prism()
        .arg("sms-info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

#[test]
fn sms_info_prints_json() {
    let v = sms_info("Hallo Erika\n");
    assert_eq!(
        v,
        serde_json::json!({"encoding": "GSM-7", "segments": 1, "units": 11, "characters": 11, "non_gsm": []})
    );
    let v = sms_info(&format!("It’s {}", "x".repeat(70)));
    assert_eq!(
        (
            v["encoding"].as_str(),
            v["segments"].as_u64(),
            v["units"].as_u64()
        ),
        (Some("UCS-2"), Some(2), Some(75))
    );
    assert_eq!(v["non_gsm"], serde_json::json!(["’"]));
}

#[test]
fn bad_usage_and_unreadable_input_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(format_version: 1, meta: (name: \"x\" kind: Marketing))",
    )
    .unwrap();
    let bad_csv = dir.path().join("bad.csv");
    std::fs::write(&bad_csv, "customer_id,name\nC-1,a,b\n").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![], "designer window"),
        (vec!["--frobnicate".into()], "unexpected argument"),
        (
            vec!["check".into(), "no/such/file.ron".into()],
            "no/such/file.ron: cannot read",
        ),
        (
            vec!["check".into(), broken.display().to_string()],
            "broken.ron:1:38: Expected comma",
        ),
        (
            vec![
                "check".into(),
                "projects/welcome.ron".into(),
                "--data".into(),
                bad_csv.display().to_string(),
            ],
            "line 2: 3 fields",
        ),
        (
            vec![
                "render".into(),
                "projects/welcome.ron".into(),
                "--channel".into(),
                "fax".into(),
            ],
            "unknown channel `fax`",
        ),
        (
            vec![
                "render".into(),
                "projects/welcome.ron".into(),
                "--channel".into(),
                "email".into(),
                "--record".into(),
                "C-9".into(),
            ],
            "no record `C-9`",
        ),
        (
            vec![
                "render".into(),
                "projects/welcome.ron".into(),
                "--channel".into(),
                "print".into(),
                "--out".into(),
                "letter.docx".into(),
            ],
            "cannot write a letter as .docx",
        ),
        (
            vec![
                "render".into(),
                "projects/welcome.ron".into(),
                "--channel".into(),
                "print".into(),
                "--page".into(),
                "9".into(),
            ],
            "the letter has 1 pages, not 9",
        ),
        (
            vec![
                "export".into(),
                "projects/welcome.ron".into(),
                "--channels".into(),
                "email,pigeon".into(),
            ],
            "unknown channel `pigeon`",
        ),
    ];
    for (args, message) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected {message:?} in {stderr}"
        );
        no_panic(&out);
    }
}

#[test]
fn check_exits_1_on_errors_and_0_when_clean() {
    let out = run(&["check", "projects/welcome.ron"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The CSV export has no item lists: the invoice table cannot be filled, an error for `check`.
    let out = run(&[
        "check",
        "projects/invoice.ron",
        "--data",
        "projects/customers.csv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("projects/invoice.ron:") && stdout.contains("invoice.items"),
        "{stdout}"
    );
    no_panic(&out);
}

#[test]
fn export_writes_artefacts_manifest_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    for (project, data) in [
        ("welcome", "customers.json"),
        ("invoice", "customers.json"),
        ("welcome", "customers.csv"),
        ("invoice", "customers.csv"),
    ] {
        let out_dir = dir.path().join(format!("{project}-{data}"));
        let out = run(&[
            "export",
            &format!("projects/{project}.ron"),
            "--data",
            &format!("projects/{data}"),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        // The CSV has no invoice items, which the invoice's email and letter show: as
        // `check` says, those records fail there, nothing is written for them, exit 1.
        let fails = (project, data) == ("invoice", "customers.csv");
        assert_eq!(
            out.status.code(),
            Some(if fails { 1 } else { 0 }),
            "{project} {data}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(
            summary.contains("6 records")
                && summary.contains("email")
                && summary.contains("written"),
            "{summary}"
        );
        if fails {
            assert!(!out_dir.join("email").exists() && !out_dir.join("print").exists());
            assert!(!summary.contains("diagnostics: 0 errors"), "{summary}");
        }
        let entries = std::fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap();
        let records: Vec<serde_json::Value> = entries
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 6);
        let mut sms_lines = 0;
        for r in &records {
            for o in r["outputs"].as_array().unwrap() {
                let file = out_dir.join(o["file"].as_str().unwrap());
                let bytes = std::fs::read(&file).unwrap();
                let hashed = match o["line"].as_u64() {
                    Some(n) => String::from_utf8(bytes)
                        .unwrap()
                        .lines()
                        .nth(n as usize - 1)
                        .unwrap()
                        .as_bytes()
                        .to_vec(),
                    None => bytes,
                };
                assert_eq!(
                    prism::export::sha256_hex(&hashed),
                    o["sha256"].as_str().unwrap(),
                    "{}",
                    file.display()
                );
                sms_lines += usize::from(o["channel"] == "sms");
            }
        }
        let sms = std::fs::read_to_string(out_dir.join("sms.jsonl")).unwrap();
        assert_eq!(sms.lines().count(), sms_lines);
        for line in sms.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["to"].as_str().unwrap().starts_with('+'));
            assert!(
                v["segments"].as_u64().unwrap() >= 1
                    && ["GSM-7", "UCS-2"].contains(&v["encoding"].as_str().unwrap())
            );
        }
        for line in std::fs::read_to_string(out_dir.join("chat.jsonl"))
            .unwrap()
            .lines()
        {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                v["payload"]["messages"][0]["body"]
                    .as_str()
                    .is_some_and(|b| !b.is_empty())
            );
        }
        assert!(
            std::fs::read_to_string(out_dir.join("report.txt"))
                .unwrap()
                .contains("C-1006")
        );
    }
    // Marketing goes once, on the preferred channel: email only to C-1001 (C-1003 prefers chat,
    // C-1004 SMS; C-1002 and C-1005 consented to no email, C-1006 has no address).
    let welcome = dir.path().join("welcome-customers.json");
    let emls: Vec<_> = std::fs::read_dir(welcome.join("email/000"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    let mut emls = emls;
    emls.sort();
    assert_eq!(emls, ["C-1001.eml"]);
}

#[test]
fn render_writes_each_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "render",
        "projects/invoice.ron",
        "--channel",
        "email",
        "--record",
        "C-1002",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("data:image/png;base64,"),
        "standalone HTML embeds its images"
    );
    for (file, needle) in [
        ("mail.txt", "Präsentkorb"),
        ("mail.eml", "multipart/alternative"),
    ] {
        let path = dir.path().join(file);
        let out = run(&[
            "render",
            "projects/invoice.ron",
            "--channel",
            "email",
            "--record",
            "C-1002",
            "--out",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&std::fs::read(&path).unwrap()).contains(needle),
            "{file}"
        );
    }
    let out = run(&[
        "render",
        "projects/welcome.ron",
        "--channel",
        "sms",
        "--record",
        "C-1004",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Françoise"));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("U+00E7"),
        "the UCS-2 warning names ç"
    );
    let out = run(&[
        "render",
        "projects/welcome.ron",
        "--channel",
        "chat",
        "--record",
        "C-1003",
    ]);
    let payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        payload["messages"][0]["footer"],
        "Lumina Mobil GmbH · HRB 123456 Cologne Unsubscribe: STOP",
        "C-1003 speaks English (`en`): the library's footer in English"
    );
}

#[test]
fn check_names_a_bad_address_once() {
    // C-1003's UK number is invalid: routing says so where it checks the channel (the welcome
    // message considers SMS), check's own address check where routing did not get that far
    // (the invoice goes by email or letter) — never both.
    for project in ["welcome", "invoice"] {
        let out = run(&["check", &format!("projects/{project}.ron")]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = stdout
            .lines()
            .filter(|l| l.contains("C-1003") && l.contains("+447700900123"))
            .collect();
        assert_eq!(lines.len(), 1, "{project}: {lines:?}");
        // An address is the data's: named by the data file's record, whoever checked it.
        assert!(
            lines[0].starts_with("customers.json record 3:"),
            "{lines:?}"
        );
    }
}

#[test]
fn a_new_project_and_optional_fields_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    // File ▸ New starts from src/app/blank.ron: no error, no warning out of the box.
    let blank = dir.path().join("untitled.ron");
    std::fs::copy(root().join("src/app/blank.ron"), &blank).unwrap();
    let out = run(&["check", blank.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    // What only some customers have (a company, a salutation, a title, a chat id) is no gap:
    // the default address marks it optional, and a missing address is routing's no-address.
    let mut records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root().join("projects/customers.json")).unwrap())
            .unwrap();
    records.truncate(1);
    for field in ["company", "salutation", "title", "chat_id"] {
        records[0].as_object_mut().unwrap().remove(field);
    }
    let data = dir.path().join("private.json");
    std::fs::write(&data, serde_json::to_vec(&records).unwrap()).unwrap();
    for project in ["welcome", "invoice"] {
        let out = run(&[
            "check",
            &format!("projects/{project}.ron"),
            "--data",
            data.to_str().unwrap(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{project}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// `check` names a letter's information line as the project file lists it, says what each
/// customer receives before what concerns channels they are not sent, and counts the two
/// apart.
#[test]
fn check_names_the_info_line_and_separates_channels_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    let text = std::fs::read_to_string(&project).unwrap().replace(
        "value: \"{{ invoice.number }}\"",
        "value: \"{{ invoice.number | shout }}\"",
    );
    std::fs::write(&project, text).unwrap();
    let out = common::prism().arg("check").arg(&project).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("channels.print.info (line 2)") && !said.contains("info2"),
        "{said}"
    );
    assert!(
        said.contains("filter shout is unknown") && !said.contains("unknown filter:"),
        "said once: {said}"
    );
    // Per record, what the customer receives comes first.
    for record in ["C-1001", "C-1002", "C-1003"] {
        let lines: Vec<&str> = said.lines().filter(|l| l.contains(record)).collect();
        let first_off = lines
            .iter()
            .position(|l| l.contains("not sent to this customer"));
        if let Some(i) = first_off {
            assert!(
                lines[i..]
                    .iter()
                    .all(|l| l.contains("not sent to this customer")),
                "{record}: {lines:#?}"
            );
        }
    }
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("about what customers receive;")
            && summary.contains("about channels they are not sent"),
        "{summary}"
    );
}
