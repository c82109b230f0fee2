//! One message in several languages (`projects/welcome.ron`: German, English, French),
//! exported on every channel and read back with tools nobody here wrote: Python's email
//! package for the `.eml` files, poppler's pdftotext for the letters, GNU gettext's msgfmt and
//! msgcat for the translators' PO files, and Babel (CLDR's plural rules in Python) for the
//! `plural` filter's categories.

use crate::common;
use crate::languages::{FOREIGN_MONTHS, exported_texts, words};
use prism::model::translation::source_hash;
use std::path::{Path, PathBuf};
use std::process::Command;

/// German words no French or English message may show: Prism's own German, the sample's
/// German, and German month names.
const GERMAN: [&str; 24] = [
    "Datum",
    "Seite",
    "Abmelden",
    "Kundennummer",
    "Sie",
    "und",
    "der",
    "die",
    "das",
    "Willkommen",
    "Geschenk",
    "Tarif",
    "Grüße",
    "Fragen",
    "Einwilligung",
    "Werbung",
    "Geschäftsführerin",
    "erhalten",
    "Januar",
    "Februar",
    "März",
    "Juni",
    "Oktober",
    "Dezember",
];

/// The welcome message copied with every channel for everyone who consented (not one of
/// them), and a line with a date and an amount, in German and French.
fn welcome(dir: &Path) -> PathBuf {
    let path = common::project_copy(dir, "welcome.ron");
    let german =
        "Gültig bis {{ invoice.due_date | date }}: {{ invoice.total | money(invoice.currency) }}";
    let french = "Valable jusqu’au {{ invoice.due_date | date }} : {{ invoice.total | money(invoice.currency) }}";
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("strategy: Some(Single)", "strategy: Some(All)")
        .replace(
            "      (\n        id: \"offer-button\",",
            &format!(
                "      (\n        id: \"valid\",\n        kind: Text(text: {german:?}),\n      ),\n      (\n        id: \"offer-button\","
            ),
        )
        .replace(
            "    \"fr\": {\n",
            &format!(
                "    \"fr\": {{\n      \"valid:text\": (source: {:?}, text: {french:?}),\n",
                source_hash(german)
            ),
        );
    std::fs::write(&path, text).unwrap();
    path
}

/// A record of `tests/languages/customers.json` (GB-1, FR-1, CH-1) as `id`, consenting to
/// every channel, writing `language`.
fn customer(base: &str, id: &str, language: &str) -> serde_json::Value {
    let all: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(common::root().join("tests/languages/customers.json")).unwrap(),
    )
    .unwrap();
    let mut r = all.into_iter().find(|r| r["customer_id"] == base).unwrap();
    r["customer_id"] = id.into();
    r["language"] = language.into();
    r["consent"] = serde_json::json!({"email": true, "sms": true, "chat": true, "print": true});
    r
}

fn export(project: &Path, data: &Path, out: &Path) -> std::process::Output {
    common::prism()
        .arg("export")
        .arg(project)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn each_customer_gets_their_language_on_every_channel() {
    let dir = tempfile::tempdir().unwrap();
    let project = welcome(dir.path());
    let mut gb = customer("GB-1", "EN-1", "en-GB");
    gb["company"] = "Hughes Ltd".into();
    let records = vec![
        customer("FR-1", "FR-1", "fr-CH"),
        gb,
        customer("CH-1", "AT-1", "de-AT"),
        customer("FR-1", "PT-1", "pt-BR"),
        customer("FR-1", "XX-1", "français!"),
    ];
    let data = dir.path().join("customers.json");
    std::fs::write(&data, serde_json::to_vec(&records).unwrap()).unwrap();
    let out = dir.path().join("out");
    let ran = export(&project, &data, &out);
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let texts = exported_texts(&out);
    let norm = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");

    // The French customer: French on all four channels, not a German word, French dates
    // and amounts (a French customer in Paris: `1 234,50 €`).
    for channel in ["email", "sms", "chat", "print"] {
        let text = &texts[&("FR-1".to_owned(), channel)];
        let w = words(text);
        for german in GERMAN {
            assert!(
                !w.contains(&german),
                "FR-1 {channel} says `{german}`:\n{text}"
            );
        }
        assert!(text.contains("Bienvenue"), "FR-1 {channel}:\n{text}");
    }
    for channel in ["email", "sms", "print"] {
        let text = norm(&texts[&("FR-1".to_owned(), channel)]);
        assert!(
            text.contains("1 décembre 2026") && text.contains("1 234,50 €"),
            "FR-1 {channel}:\n{text}"
        );
    }
    let letter = &texts[&("FR-1".to_owned(), "print")];
    assert!(
        letter.contains("Page 1 sur 1") && letter.contains("N° client"),
        "{letter}"
    );
    assert!(
        FOREIGN_MONTHS[12..24]
            .iter()
            .any(|m| words(letter).contains(m)),
        "the letter's date in French: {letter}"
    );
    let email = &texts[&("FR-1".to_owned(), "email")];
    assert!(email.contains("<html lang=\"fr\""), "{email}");
    assert!(email.contains("Se désabonner"), "{email}");

    // English with one text not translated: that text is German, every other English.
    let email = &texts[&("EN-1".to_owned(), "email")];
    assert!(email.contains("Welcome to Lumina Mobil, Alex!"), "{email}");
    assert!(
        email.contains("Kind regards") && email.contains("Unsubscribe"),
        "{email}"
    );
    assert!(email.contains("Geschäftskunden-Service"), "{email}");
    assert!(!email.contains("Herzliche Grüße"), "{email}");

    // de-AT gets German (dates as numbers, DIN 5008), its amounts as written in the
    // customer's country (Switzerland); pt-BR and the broken tag get the default.
    let at = norm(&texts[&("AT-1".to_owned(), "sms")]);
    assert!(
        at.contains("Gültig bis 01.12.2026: CHF 1'234.50") && at.contains("Willkommen"),
        "{at}"
    );
    for id in ["PT-1", "XX-1"] {
        assert!(
            texts[&(id.to_owned(), "email")].contains("Willkommen"),
            "{id}"
        );
    }
    let report = std::fs::read_to_string(out.join("report.txt")).unwrap();
    for said in [
        "the message is not written in de-AT: the record gets its language, de",
        "the message is not written in pt-BR: the record gets the default, de",
        "the record's language “français!” is not a language tag",
    ] {
        assert!(report.contains(said), "{said}:\n{report}");
    }
    // `check` says which English text is missing, where it is.
    let check = common::prism()
        .arg("check")
        .arg(&project)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.lines().any(|l| l.contains("(en)")
            && l.contains("translation-missing")
            && l.contains("business-contact")),
        "{said}"
    );
}

#[test]
fn a_changed_german_source_makes_its_translations_stale() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let before = std::fs::read_to_string(&project).unwrap();
    std::fs::write(
        &project,
        before.replace(
            "kind: Text(text: \"Schön, dass Sie sich für uns entschieden haben.",
            "kind: Text(text: \"Wie schön, dass Sie sich für uns entschieden haben.",
        ),
    )
    .unwrap();
    let status = common::run_ok(
        common::prism()
            .args(["translations", "status"])
            .arg(&project),
    );
    assert!(
        status.contains("fr: 15 translated, 1 need review, 0 missing"),
        "{status}"
    );
    assert!(status.contains("needs review: intro:text"), "{status}");
    let check = common::prism().arg("check").arg(&project).output().unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.lines()
            .any(|l| l.contains("(fr)") && l.contains("translation-stale") && l.contains("intro")),
        "{said}"
    );
    // The PO file marks it fuzzy, and gettext counts it so.
    let po = dir.path().join("fr.po");
    common::run_ok(
        common::prism()
            .args(["translations", "export"])
            .arg(&project)
            .args(["--lang", "fr", "--out"])
            .arg(&po),
    );
    let stats = msgfmt_statistics(&po);
    assert!(
        stats.contains("15 translated messages, 1 fuzzy translation"),
        "{stats}"
    );
}

/// `msgfmt --check --statistics` on a PO file: gettext's own validation, and its counts.
fn msgfmt_statistics(po: &Path) -> String {
    let out = Command::new("msgfmt")
        .args(["--check", "--statistics", "-o", "/dev/null"])
        .arg(po)
        .output()
        .expect("msgfmt runs (tests/run.sh installs gettext)");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    said
}

#[test]
fn translators_po_files_round_trip_through_gettext_and_stale_units_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let original = std::fs::read(&project).unwrap();
    let po = |lang: &str| dir.path().join(format!("{lang}.po"));
    for lang in ["en", "fr"] {
        common::run_ok(
            common::prism()
                .args(["translations", "export"])
                .arg(&project)
                .args(["--lang", lang, "--out"])
                .arg(po(lang)),
        );
    }
    // gettext reads them, with the states Prism wrote.
    assert!(msgfmt_statistics(&po("fr")).contains("16 translated messages."));
    assert!(
        msgfmt_statistics(&po("en")).contains("15 translated messages, 1 untranslated message.")
    );
    // Rewritten by gettext (its layout, its escapes) and taken back: nothing changes.
    for lang in ["en", "fr"] {
        let rewritten = dir.path().join(format!("{lang}-msgcat.po"));
        common::run_ok(
            Command::new("msgcat")
                .args(["--no-wrap", "-o"])
                .arg(&rewritten)
                .arg(po(lang)),
        );
        let ran = common::prism()
            .args(["translations", "import"])
            .arg(&project)
            .args(["--lang", lang])
            .arg(&rewritten)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&ran.stderr);
        assert!(ran.status.success(), "{said}");
        assert!(
            said.contains(" 0 imported,") && said.contains("0 refused"),
            "{said}"
        );
    }
    assert_eq!(
        std::fs::read(&project).unwrap(),
        original,
        "the round trip changed nothing"
    );

    // The translator fills the missing English text, msgfmt still accepts the file, and the
    // import takes exactly that unit, keeping the file's comments.
    let en = std::fs::read_to_string(po("en")).unwrap();
    let filled = en;
    let at = filled.find("msgctxt \"business-contact:text\"").unwrap();
    let empty = filled[at..].find("msgstr \"\"").unwrap() + at;
    let filled = format!(
        "{}msgstr \"Your business service is there for **{{{{ company }}}}** too.\"{}",
        &filled[..empty],
        &filled[empty + "msgstr \"\"".len()..]
    );
    std::fs::write(po("en"), &filled).unwrap();
    msgfmt_statistics(&po("en"));
    let ran = common::prism()
        .args(["translations", "import"])
        .arg(&project)
        .args(["--lang", "en"])
        .arg(po("en"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&ran.stderr);
    assert!(said.contains("1 imported, 15 unchanged"), "{said}");
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("// Each customer gets their language"),
        "comments kept"
    );
    assert!(text.contains("Your business service is there for **{{ company }}** too."));
    let status = common::run_ok(
        common::prism()
            .args(["translations", "status"])
            .arg(&project),
    );
    assert!(
        status.contains("en: 16 translated, 0 need review, 0 missing"),
        "{status}"
    );

    // The German intro changes after the export: the French file's intro is refused with
    // the reason, its other units are taken as they are, and the exit code says so.
    std::fs::write(
        &project,
        text.replace(
            "kind: Text(text: \"Schön, dass Sie sich",
            "kind: Text(text: \"Wie schön, dass Sie sich",
        ),
    )
    .unwrap();
    let fr = std::fs::read_to_string(po("fr"))
        .unwrap()
        .replace("Voir le cadeau", "Découvrir le cadeau");
    std::fs::write(po("fr"), fr).unwrap();
    let ran = common::prism()
        .args(["translations", "import"])
        .arg(&project)
        .args(["--lang", "fr"])
        .arg(po("fr"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(1), "{said}");
    assert!(
        said.contains("refused intro:text: its source text changed since the export"),
        "{said}"
    );
    assert!(
        said.contains("1 imported, 14 unchanged, 0 without translation, 1 refused"),
        "{said}"
    );
    assert!(
        std::fs::read_to_string(&project)
            .unwrap()
            .contains("Découvrir le cadeau")
    );
}

#[test]
fn plural_categories_agree_with_babel() {
    let numbers: Vec<String> = (0..=200)
        .map(|n| n.to_string())
        .chain(
            [
                "0.5", "1.0", "1.5", "2.0", "2.5", "3.7", "5.25", "11.0", "21.5", "101.1",
            ]
            .map(str::to_owned),
        )
        .collect();
    let languages = ["de", "fr", "it", "en", "pl"];
    // Debian's Python has python3-babel; a virtual environment's python3 may not.
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let script = "import sys, json, decimal\nfrom babel import Locale\nlangs = sys.argv[1].split(',')\nnums = sys.argv[2].split(',')\nprint(json.dumps({l: [Locale.parse(l).plural_form(decimal.Decimal(n)) for n in nums] for l in langs}))\n";
    let out = common::run_ok(
        Command::new(python)
            .args(["-c", script])
            .arg(languages.join(","))
            .arg(numbers.join(",")),
    );
    let babel: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(&out).unwrap();
    let mut compared = 0;
    for l in languages {
        let ours = prism::template::plural::Plurals::new(l);
        for (n, theirs) in numbers.iter().zip(&babel[l]) {
            assert_eq!(ours.category(n), Some(theirs.as_str()), "{l} {n}");
            compared += 1;
        }
    }
    assert_eq!(compared, 5 * 211);
}
