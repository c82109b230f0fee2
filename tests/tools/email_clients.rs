//! The exported HTML against caniemail.com's data (npm `caniemail`) for Gmail (web, Android,
//! iOS, mobile webmail), Apple Mail (macOS, iOS), Outlook (Windows, Outlook.com) and Samsung
//! Email: every feature one of them does not support at all must be a progressive
//! enhancement, listed here and in the README with the clients that ignore it. The layout
//! itself holds without them (tests/tools/email_chromium.rs strips them and measures).

use crate::common;

use prism::render::email::ImageMode;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

/// caniemail's names of the features Prism uses only as enhancements.
const ENHANCEMENTS: [&str; 14] = [
    // Dark mode: clients without it show the light colours.
    "color-scheme CSS property",
    "color-scheme meta tag",
    // Breaking long strings: word-break and soft hyphens do it where this is ignored.
    "overflow-wrap",
    // Links open in a new tab in webmail; elsewhere in the same one.
    "target attribute",
    // Wide padding and the phone table cards; without them the base layout shows.
    "<style> element",
    "@media",
    "Type selector",
    // Hiding the preheader; where all of these are ignored it shows as a small first line.
    "display:none",
    "opacity",
    "max-height property",
    "overflow",
    // Rounded corners and no focus outline on images.
    "border-radius",
    "outline",
    // Amounts on one line; elsewhere they may wrap in a narrow column.
    "white-space",
];

/// caniemail (pinned) under target/, with the check script beside it.
fn checker() -> std::path::PathBuf {
    let dir = common::npm_package("caniemail", "caniemail@2.0.2");
    // ES modules resolve packages from the script's own folder.
    let script = dir.join("check.mjs");
    std::fs::copy(common::root().join("tests/caniemail_check.mjs"), &script).unwrap();
    script
}

#[test]
fn every_feature_a_target_client_ignores_is_an_enhancement() {
    let emails: Vec<serde_json::Value> = common::sample_emails(ImageMode::Cid)
        .into_iter()
        .map(|(_, name, email)| serde_json::json!({"name": name, "html": email.html}))
        .collect();
    let mut child = Command::new("node")
        .arg(checker())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&emails).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut unsupported: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines() {
        let mut parts = line.split('\t');
        let (_, client, feature) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        unsupported
            .entry(feature.to_owned())
            .or_default()
            .insert(client.to_owned());
    }
    assert!(
        !unsupported.is_empty(),
        "caniemail reported nothing: {text}"
    );
    let report: Vec<String> = unsupported
        .iter()
        .map(|(f, c)| format!("{f}: {}", c.iter().cloned().collect::<Vec<_>>().join(", ")))
        .collect();
    println!("{}", report.join("\n"));
    let layout: Vec<&String> = unsupported
        .keys()
        .filter(|f| !ENHANCEMENTS.contains(&f.as_str()))
        .collect();
    assert!(
        layout.is_empty(),
        "the layout depends on features some clients do not support: {layout:?}\n{}",
        report.join("\n")
    );
}
