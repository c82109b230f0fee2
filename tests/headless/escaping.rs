//! Customer values are data, never markup or headers: property tests with hostile strings.

use crate::common;

use prism::model::ChannelSet;
use prism::model::{self, Record};
use prism::render::email::ImageMode;
use prism::render::eml;
use prism::workspace::Workspace;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::time::SystemTime;

fn workspace(project: &str, value: &str) -> Workspace {
    let path = common::root().join("projects").join(project);
    let project = model::load_project(&path).unwrap();
    let fields = json!({
        "customer_id": "C-1", "salutation": value, "title": value, "first_name": value, "last_name": value,
        "company": value, "email": "kunde@example.org", "phone": "+4915112345678", "chat_id": "wa:1",
        "consent": {"email": true, "sms": true, "chat": true, "print": true},
        "invoice": {"number": value, "date": "2026-11-02", "due_date": value, "total": "10.00", "currency": "EUR",
            "items": [{"name": value, "qty": 1, "price": "10.00"}]},
    });
    let record = Record::new("C-1".into(), "test".into(), fields);
    Workspace::new(path, String::new(), project, vec![record])
}

/// The element structure of an HTML document as an independent tokenizer sees it:
/// tag names and attribute names, in order (attribute values and text excluded).
fn structure(html: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    let mut out = Vec::new();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(t) => {
                let attrs: Vec<String> = t
                    .attributes
                    .keys()
                    .map(|k| String::from_utf8_lossy(k).into_owned())
                    .collect();
                out.push(format!(
                    "<{} {}>",
                    String::from_utf8_lossy(&t.name),
                    attrs.join(" ")
                ));
            }
            Token::EndTag(t) => out.push(format!("</{}>", String::from_utf8_lossy(&t.name))),
            Token::Comment(_) => out.push("<!-- -->".into()),
            _ => {}
        }
    }
    out
}

fn counts(items: Vec<String>) -> std::collections::BTreeMap<String, usize> {
    let mut m = std::collections::BTreeMap::new();
    for i in items {
        *m.entry(i).or_insert(0) += 1;
    }
    m
}

fn hrefs(html: &str) -> Vec<String> {
    use html5gum::{Token, Tokenizer};
    Tokenizer::new(html)
        .flatten()
        .filter_map(|t| match t {
            Token::StartTag(t) => t
                .attributes
                .iter()
                .find(|(k, _)| k.as_slice() == b"href")
                .map(|(_, v)| String::from_utf8_lossy(&v.value).into_owned()),
            _ => None,
        })
        .collect()
}

fn email(ws: &Workspace) -> prism::render::email::Email {
    let channels = ChannelSet::of(&[model::Channel::Email]);
    let r = ws.render(&ws.records[0], channels, ImageMode::Cid);
    r.email.unwrap().artefact.unwrap()
}

fn email_html(ws: &Workspace) -> String {
    email(ws).html
}

fn eml_bytes(ws: &Workspace) -> Result<Vec<u8>, prism::diag::Diagnostic> {
    let now = SystemTime::now();
    let id = eml::message_id(&ws.project, "C-1", now);
    eml::build(&ws.project, &ws.assets, &email(ws), now, id)
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "[<>&\"'`=/ a-z!-]{0,40}",
        proptest::collection::vec(
            prop_oneof![
                Just("<script>alert(1)</script>".to_string()),
                Just("\" onmouseover=\"x".to_string()),
                Just("' style='x".to_string()),
                Just("<img src=x onerror=alert(1)>".to_string()),
                Just("[link](javascript:alert(1))".to_string()),
                Just("**bold** _it_ <b>".to_string()),
                Just("<!-- c -->".to_string()),
                Just("]]>&amp;&#x3c;".to_string()),
                "\\PC{0,8}",
            ],
            1..5
        )
        .prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn customer_values_add_no_elements_or_attributes(value in hostile()) {
        for project in ["welcome.ron", "invoice.ron"] {
            let baseline = counts(structure(&email_html(&workspace(project, "x"))));
            let html = email_html(&workspace(project, &value));
            // A value may hide content (an empty company hides its group), never add any.
            for (element, n) in counts(structure(&html)) {
                prop_assert!(n <= baseline.get(&element).copied().unwrap_or(0), "{} with {:?}: {} more {}", project, value, n, element);
            }
            for href in hrefs(&html) {
                prop_assert!(href.starts_with("https:") || href.starts_with("mailto:") || href.starts_with("tel:"), "href {}", href);
            }
        }
    }

    #[test]
    fn cr_lf_in_values_never_adds_a_header(value in "[a-zA-Z: ]{0,6}(\r\n|\n|\r)(Bcc|X-Evil|To): [a-z@.]{1,12}(\r\n)?") {
        let ws = workspace("welcome.ron", &value);
        let subject = email(&ws).subject;
        prop_assert!(!subject.contains('\n') && !subject.contains('\r'));
        prop_assert_eq!(header_names(&eml_bytes(&ws).unwrap()), expected_headers());
    }
}

fn expected_headers() -> Vec<String> {
    [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "Reply-To",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
        "Content-Type",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Names of the top-level headers, folded lines joined.
fn header_names(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let head = text.split("\r\n\r\n").next().unwrap();
    head.split("\r\n")
        .filter(|l| !l.starts_with([' ', '\t']))
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect()
}

#[test]
fn hostile_recipient_address_is_refused_not_injected() {
    let mut ws = workspace("welcome.ron", "Erika");
    let mut fields: Value = ws.records[0].fields.clone();
    fields["email"] = json!("kunde@example.org\r\nBcc: victim@example.org");
    ws.records[0] = Record::new("C-1".into(), "test".into(), fields);
    let err = eml_bytes(&ws).unwrap_err();
    assert!(err.message.contains("not a valid address"), "{err}");
}

#[test]
fn header_values_with_plain_names_are_as_expected() {
    let ws = workspace("welcome.ron", "Erika");
    assert_eq!(header_names(&eml_bytes(&ws).unwrap()), expected_headers());
}

#[test]
fn cr_lf_in_the_subject_template_never_adds_a_header() {
    let mut ws = workspace("welcome.ron", "Erika");
    ws.project.content.subject =
        "Hallo {{ first_name }}\r\nBcc: victim@example.org\nX-Evil: 1".into();
    let ws = common::with_project(&ws, ws.project.clone());
    let subject = email(&ws).subject;
    assert_eq!(subject, "Hallo Erika Bcc: victim@example.org X-Evil: 1");
    assert_eq!(header_names(&eml_bytes(&ws).unwrap()), expected_headers());
}
