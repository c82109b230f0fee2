//! An English project (`tests/languages/invoice-en.ron`) for customers in Britain, France and
//! Switzerland, exported on every channel by the command line. Read back with tools nobody
//! here wrote (Python's email package for the `.eml` files, poppler's pdftotext for the
//! letters): no German word in any channel, since Prism's own words follow the project's
//! language; and each customer's dates and amounts as their locale writes them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Words that would show Prism writing German into an English message: its own German
/// words, and German that is common in customer messages.
const GERMAN: [&str; 17] = [
    "Datum",
    "Seite",
    "Abmelden",
    "weitere",
    "Positionen",
    "erhalten",
    "Rechnung",
    "Betrag",
    "Gesamt",
    "Kundennummer",
    "fällig",
    "Sie",
    "und",
    "der",
    "die",
    "das",
    "DEUTSCHLAND",
];

/// Every text a customer receives, by record id and channel.
fn exported_texts(out: &Path) -> BTreeMap<(String, &'static str), String> {
    let mut texts = BTreeMap::new();
    for (file, channel) in [("sms.jsonl", "sms"), ("chat.jsonl", "chat")] {
        for line in std::fs::read_to_string(out.join(file)).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v["record"].as_str().unwrap().to_owned();
            texts.insert((id, channel), v.to_string());
        }
    }
    for entry in walk(out) {
        let id = entry.file_stem().unwrap().to_string_lossy().into_owned();
        match entry.extension().and_then(|e| e.to_str()) {
            Some("eml") => {
                // Python's email package decodes the parts (quoted-printable, base64).
                let script = "import sys, email\nfrom email import policy\nm = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)\nprint(m['Subject'])\nfor p in m.walk():\n    if p.get_content_type() in ('text/plain', 'text/html'):\n        print(p.get_content())\n";
                let text = common::run_ok(Command::new("python3").args(["-c", script]).arg(&entry));
                texts.insert((id, "email"), text);
            }
            Some("pdf") => {
                let text = common::run_ok(Command::new("pdftotext").arg(&entry).arg("-"));
                texts.insert((id, "print"), text);
            }
            _ => {}
        }
    }
    texts
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn an_english_project_has_no_german_and_each_customer_their_own_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let project = common::root().join("tests/languages/invoice-en.ron");
    let ran = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(["export", project.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let texts = exported_texts(&out);
    for id in ["GB-1", "FR-1", "CH-1"] {
        for channel in ["email", "sms", "chat", "print"] {
            assert!(
                texts.contains_key(&(id.to_owned(), channel)),
                "{id} has no {channel}"
            );
        }
    }
    for ((id, channel), text) in &texts {
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        for german in GERMAN {
            assert!(
                !words.contains(&german),
                "{id} {channel} says `{german}`:\n{text}"
            );
        }
    }
    // Amounts and dates as each customer's locale writes them. The SMS gives both, with
    // plain spaces (a no-break space is not in the GSM alphabet); the letter's date line
    // gives the invoice date.
    let sms = |id: &str| texts[&(id.to_owned(), "sms")].clone();
    let letter = |id: &str| texts[&(id.to_owned(), "print")].clone();
    for (id, amount, due, issued) in [
        ("GB-1", "£1,234.50", "1 December 2026", "3 November 2026"),
        ("FR-1", "1 234,50 €", "1 décembre 2026", "3 novembre 2026"),
        ("CH-1", "CHF 1'234.50", "01.12.2026", "03.11.2026"),
    ] {
        let text = sms(id);
        assert!(text.contains(amount) && text.contains(due), "{id}: {text}");
        assert!(letter(id).contains(issued), "{id}: {}", letter(id));
    }
    // The English words Prism adds: the letter's date label and page number.
    assert!(letter("GB-1").contains("Page 1 of 1"), "{}", letter("GB-1"));
    assert!(letter("GB-1").contains("Date"), "{}", letter("GB-1"));
    // The destination line in the sender's language.
    assert!(letter("CH-1").contains("SWITZERLAND"), "{}", letter("CH-1"));
}
