//! Exported `.eml` files, read back by Python's standard `email` package.

use crate::common;

use prism::export::{self, ExportOptions};
use prism::model::ChannelSet;
use prism::model::MessageKind;
use prism::workspace::Workspace;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

#[test]
fn every_exported_eml_parses_with_python() {
    let dir = tempfile::tempdir().unwrap();
    let mut expectations = BTreeMap::new();
    for path in common::sample_projects() {
        let ws = Workspace::open(&path, None).unwrap();
        let out = dir.path().join(common::stem(&path));
        let opts = ExportOptions {
            threads: 1,
            ..ExportOptions::new(out.clone(), ChannelSet::ALL)
        };
        export::run(&ws, &opts, &mut |_| {}, &AtomicBool::new(false)).unwrap();
        let marketing = ws.project.meta.kind == MessageKind::Marketing;
        // The welcome greets by first name, the invoice addresses by last name.
        let name_field = if marketing { "first_name" } else { "last_name" };
        for entry in export::read_entries(&out).unwrap() {
            let entry = entry.unwrap();
            let record = ws.record(&entry.id).unwrap();
            for o in entry.outputs.iter().filter(|o| o.file.ends_with(".eml")) {
                let rendered = ws.render(
                    record,
                    ChannelSet::ALL,
                    prism::render::email::ImageMode::Cid,
                );
                let subject = rendered.message.subject.clone();
                let names = vec![record.get(name_field).unwrap().as_str().unwrap().to_owned()];
                let file = out.join(&o.file);
                assert_eq!(
                    export::sha256_hex(&std::fs::read(&file).unwrap()),
                    o.sha256,
                    "manifest hash of {}",
                    o.file
                );
                expectations.insert(
                    file.display().to_string(),
                    serde_json::json!({"subject": subject, "names": names, "marketing": marketing}),
                );
            }
        }
    }
    // Each customer once: welcome by email to C-1001 and to the four of the language samples
    // who prefer it (C-3001 de-DE, C-3003 de-CH, C-3004 fr-CH, C-3005 en-GB; the others prefer
    // another channel or have no basis for email); the invoice by email to the four who have
    // an address and do not prefer a letter.
    assert_eq!(expectations.len(), 9, "{:?}", expectations.keys());
    let file = dir.path().join("expect.json");
    std::fs::write(&file, serde_json::to_vec(&expectations).unwrap()).unwrap();
    let out = std::process::Command::new("python3")
        .arg(common::root().join("tests/check_eml.py"))
        .arg(&file)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("9 passed, 0 failed"), "{stdout}");
}
