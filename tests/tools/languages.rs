//! One artefact, one language. An English project (`tests/languages/invoice-en.ron`) for
//! customers in Britain, France and Switzerland, and the German sample invoice for customers
//! whose records say English, French and Italian, exported on every channel by the command
//! line. Read back with tools nobody here wrote (Python's email package for the `.eml` files,
//! poppler's pdftotext for the letters): no word of another language in any channel — not
//! Prism's own words, not a month's name — while each customer's country sets the regional
//! conventions of the message's language.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Words that would show Prism writing German into an English message: its own German
/// words, and German that is common in customer messages.
const GERMAN: [&str; 25] = [
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
    "Januar",
    "Februar",
    "März",
    "Mai",
    "Juni",
    "Juli",
    "Oktober",
    "Dezember",
];

/// Month names of the other languages a customer's record may name: English, French,
/// Italian.
pub(crate) const FOREIGN_MONTHS: [&str; 36] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// The words of a text, split at anything but letters and digits.
pub(crate) fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).collect()
}

/// Every text a customer receives, by record id and channel.
pub(crate) fn exported_texts(out: &Path) -> BTreeMap<(String, &'static str), String> {
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

/// Exports `project` (with `data` instead of its own) into `out` and returns every text the
/// customers GB-1, FR-1 and CH-1 receive, which must be on every channel.
fn export_every_channel(
    project: &Path,
    data: Option<&Path>,
    out: &Path,
) -> BTreeMap<(String, &'static str), String> {
    let mut cmd = common::prism();
    cmd.arg("export").arg(project).arg("--out").arg(out);
    if let Some(d) = data {
        cmd.arg("--data").arg(d);
    }
    let ran = cmd.output().unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let texts = exported_texts(out);
    for id in ["GB-1", "FR-1", "CH-1"] {
        for channel in ["email", "sms", "chat", "print"] {
            assert!(
                texts.contains_key(&(id.to_owned(), channel)),
                "{id} has no {channel}"
            );
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
    let project = common::root().join("tests/languages/invoice-en.ron");
    let texts = export_every_channel(&project, None, &dir.path().join("out"));
    for ((id, channel), text) in &texts {
        let words = words(text);
        for other in GERMAN.iter().chain(&FOREIGN_MONTHS[12..]) {
            assert!(
                !words.contains(other),
                "{id} {channel} says `{other}`:\n{text}"
            );
        }
    }
    // English dates for everyone; amounts with the conventions of English in each customer's
    // country. The SMS gives both, with plain spaces (a no-break space is not in the GSM
    // alphabet); the letter's date line gives the invoice date.
    let sms = |id: &str| texts[&(id.to_owned(), "sms")].clone();
    let letter = |id: &str| texts[&(id.to_owned(), "print")].clone();
    for (id, amount, due, issued) in [
        ("GB-1", "£1,234.50", "1 December 2026", "3 November 2026"),
        ("FR-1", "1 234,50 €", "1 December 2026", "3 November 2026"),
        ("CH-1", "CHF 1'234.50", "1 December 2026", "3 November 2026"),
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

#[test]
fn a_german_message_speaks_german_to_customers_of_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "invoice.ron");
    // Every channel each customer can be reached on, not one of them.
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        text.replace("strategy: Some(Single)", "strategy: Some(All)"),
    )
    .unwrap();
    let mut records: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(common::root().join("tests/languages/customers.json")).unwrap(),
    )
    .unwrap();
    for (r, language) in records.iter_mut().zip(["en", "fr", "it"]) {
        r["language"] = language.into();
    }
    let data = dir.path().join("customers.json");
    std::fs::write(&data, serde_json::to_vec(&records).unwrap()).unwrap();
    let texts = export_every_channel(&project, Some(&data), &dir.path().join("out"));
    for ((id, channel), text) in &texts {
        let words = words(text);
        for month in FOREIGN_MONTHS {
            assert!(
                !words.contains(&month),
                "{id} {channel} says `{month}`:\n{text}"
            );
        }
    }
    // German dates and words, with each country's conventions; the address as the
    // destination's post writes it, the country in German.
    let letter = |id: &str| texts[&(id.to_owned(), "print")].clone();
    let sms = |id: &str| texts[&(id.to_owned(), "sms")].clone();
    assert!(
        sms("GB-1").contains("1.234,50 £") && sms("GB-1").contains("01.12.2026"),
        "{}",
        sms("GB-1")
    );
    assert!(
        sms("CH-1").contains("CHF 1’234.50") || sms("CH-1").contains("CHF 1'234.50"),
        "{}",
        sms("CH-1")
    );
    assert!(
        letter("GB-1").contains("Rechnungsdatum") && letter("GB-1").contains("03.11.2026"),
        "{}",
        letter("GB-1")
    );
    assert!(
        letter("GB-1").contains("LONDON\nNW1 6XE\nVEREINIGTES KÖNIGREICH"),
        "{}",
        letter("GB-1")
    );
    assert!(
        letter("FR-1").contains("75002 PARIS\nFRANKREICH"),
        "{}",
        letter("FR-1")
    );
    assert!(
        letter("CH-1").contains("8001 Zürich\nSCHWEIZ"),
        "{}",
        letter("CH-1")
    );
}
