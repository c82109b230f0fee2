//! Languages without outside tools: which language a record gets for each kind of tag, the
//! content hash covering translations, a broken translation failing only its language's
//! customers, and hostile PO files refused with a reason.

use crate::common;

use prism::diag::{Code, Severity};
use prism::model::translation::{Translated, source_hash};
use prism::model::{ChannelSet, Record};
use prism::workspace::Workspace;

fn welcome() -> Workspace {
    Workspace::open(&common::root().join("projects/welcome.ron"), None).unwrap()
}

fn speaking(ws: &Workspace, language: serde_json::Value) -> Record {
    let mut fields = ws.records[0].fields.clone();
    fields["language"] = language;
    Record::new("T-1".into(), "test".into(), fields)
}

#[test]
fn each_kind_of_tag_gets_its_language_the_fallback_or_the_default() {
    let ws = welcome();
    for (tag, gets, said) in [
        (serde_json::json!("fr"), "fr", None),
        (serde_json::json!("FR"), "fr", None),
        (serde_json::json!("en"), "en", None),
        (
            serde_json::json!("fr-CH"),
            "fr",
            Some(Code::LanguageFallback),
        ),
        (
            serde_json::json!("de_AT"),
            "de",
            Some(Code::LanguageFallback),
        ),
        (
            serde_json::json!("en-Latn-GB"),
            "en",
            Some(Code::LanguageFallback),
        ),
        (
            serde_json::json!("it-CH"),
            "de",
            Some(Code::LanguageFallback),
        ),
        (serde_json::json!("zz-!!"), "de", Some(Code::LanguageTag)),
        (serde_json::json!("a\u{0}b"), "de", Some(Code::LanguageTag)),
        (serde_json::json!(""), "de", None),
        (serde_json::json!(42), "de", None),
        (serde_json::Value::Null, "de", None),
    ] {
        let r = speaking(&ws, tag.clone());
        let (language, note) = ws.engine.language_of(&r);
        assert_eq!(language, gets, "{tag}");
        assert_eq!(note.as_ref().map(|d| d.code), said, "{tag}: {note:?}");
        let msg = ws.resolve(&r, ChannelSet::ALL);
        assert_eq!(msg.language, gets, "{tag}");
        if let Some(code) = said {
            let d = msg.diagnostics.iter().find(|d| d.code == code).unwrap();
            let severity = if code == Code::LanguageTag {
                Severity::Warning
            } else {
                Severity::Info
            };
            assert_eq!(d.severity, severity);
            assert!(!d.to_string().contains('\u{0}'), "{d}");
        }
    }
}

#[test]
fn the_content_hash_covers_every_translation() {
    let ws = welcome();
    let (before, _) = ws.review();
    let mut p = ws.project.clone();
    p.translations
        .get_mut("fr")
        .unwrap()
        .get_mut("subject")
        .unwrap()
        .text = "Bienvenue, {{ first_name }} !".into();
    let edited = common::with_project(&ws, p);
    let (after, _) = edited.review();
    assert_ne!(before, after, "a changed French subject voids the approval");
    // A project without translations hashes as it did before languages existed: the
    // invoice's hash is unchanged by this feature (its approval in tests/tools stays valid).
    let invoice = Workspace::open(&common::root().join("projects/invoice.ron"), None).unwrap();
    assert!(invoice.project.translations.is_empty());
}

#[test]
fn check_names_a_translation_of_a_text_the_message_no_longer_has() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let text = std::fs::read_to_string(&project).unwrap();
    std::fs::write(&project, text.replace("\"hero:alt\": (", "\"gone:alt\": (")).unwrap();
    let out = common::prism().arg("check").arg(&project).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.lines().any(
            |l| l.contains("translates a text the message no longer has") && l.contains("gone:alt")
        ),
        "{said}"
    );
    // And hero:alt itself is now missing in that language.
    assert!(
        said.contains("no en text for image block “hero”, alt"),
        "{said}"
    );
}

#[test]
fn a_broken_translation_fails_only_its_customers() {
    let ws = welcome();
    let mut p = ws.project.clone();
    let intro = prism::model::translation::project_texts(&p)
        .into_iter()
        .find(|t| t.key == "intro:text")
        .unwrap();
    p.translations.get_mut("fr").unwrap().insert(
        "intro:text".into(),
        Translated {
            source: source_hash(&intro.text),
            text: "Bienvenue {% if %}".into(),
        },
    );
    let edited = common::with_project(&ws, p);
    let french = edited.render(
        &speaking(&edited, "fr".into()),
        ChannelSet::ALL,
        prism::render::email::ImageMode::Cid,
    );
    let d = french
        .diagnostics()
        .find(|d| d.code == Code::TemplateSyntax)
        .expect("the French intro's error");
    assert!(d.message.contains("in the fr translation"), "{d}");
    assert_eq!(d.block.as_deref(), Some("intro"));
    assert!(
        french.email.as_ref().unwrap().message_errors,
        "not sent by email"
    );
    let german = edited.render(
        &speaking(&edited, "de".into()),
        ChannelSet::ALL,
        prism::render::email::ImageMode::Cid,
    );
    assert!(german.diagnostics().all(|d| d.severity != Severity::Error));
    assert!(!german.email.as_ref().unwrap().message_errors);
}

#[test]
fn hostile_po_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::project_copy(dir.path(), "welcome.ron");
    let original = std::fs::read(&project).unwrap();
    let import = |name: &str, text: &[u8]| {
        let po = dir.path().join(name);
        std::fs::write(&po, text).unwrap();
        common::prism()
            .args(["translations", "import"])
            .arg(&project)
            .args(["--lang", "fr"])
            .arg(&po)
            .output()
            .unwrap()
    };
    let subject = "Willkommen bei Lumina Mobil, {{ first_name }}!";
    for (name, text, code, said) in [
        ("binary.po", b"\xff\xfe\x00garbage".to_vec(), 2, "not UTF-8"),
        (
            "open.po",
            b"msgctxt \"subject\"\nmsgid \"never closed\n".to_vec(),
            2,
            "open.po:2",
        ),
        (
            "plural.po",
            format!(
                "msgctxt \"subject\"\nmsgid {subject:?}\nmsgid_plural \"x\"\nmsgstr[0] \"y\"\n"
            )
            .into_bytes(),
            2,
            "plural forms",
        ),
        (
            "broken.po",
            format!("msgctxt \"subject\"\nmsgid {subject:?}\nmsgstr \"Bienvenue {{% if %}}\"\n")
                .into_bytes(),
            1,
            "refused subject: the translation is not a valid template",
        ),
        (
            "unknown.po",
            b"msgctxt \"nosuch:text\"\nmsgid \"x\"\nmsgstr \"y\"\n".to_vec(),
            1,
            "refused nosuch:text: the file has no such text",
        ),
    ] {
        let out = import(name, &text);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name}: {stderr}");
        assert!(stderr.contains(said), "{name}: {stderr}");
        assert_eq!(
            std::fs::read(&project).unwrap(),
            original,
            "{name} changed nothing"
        );
    }
    // A language the project does not declare, and its own.
    for (lang, said) in [
        ("it", "not among the message's languages"),
        ("de", "is written in de"),
    ] {
        let out = common::prism()
            .args(["translations", "export"])
            .arg(&project)
            .args(["--lang", lang])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(said));
    }
}
