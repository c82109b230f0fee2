//! Every sample project × record × channel, compared with reviewed snapshots
//! (`INSTA_UPDATE=always cargo test --test headless snapshots::` rewrites them after a deliberate change).

use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::workspace::Workspace;
use std::fmt::Write;

#[test]
fn channel_renderings() {
    insta::glob!("../../projects", "*.ron", |path| {
        let ws = Workspace::open(path, None).unwrap();
        let project = path.file_stem().unwrap().to_string_lossy().into_owned();
        for record in &ws.records {
            let r = ws.render(record, ChannelSet::ALL, ImageMode::Cid);
            let name = |what: &str| format!("{project}__{}__{what}", record.id);
            let email = r.email.as_ref().unwrap().artefact.as_ref().unwrap();
            insta::assert_snapshot!(name("email_html"), email.html);
            insta::assert_snapshot!(
                name("email_text"),
                format!(
                    "Subject: {}\nPreheader: {}\n\n{}",
                    email.subject, email.preheader, email.text
                )
            );
            let sms = r.sms.as_ref().unwrap().artefact.as_ref().unwrap();
            insta::assert_snapshot!(
                name("sms"),
                format!(
                    "{}\n---\n{}",
                    sms.text,
                    serde_json::to_string_pretty(&sms.analysis).unwrap()
                )
            );
            let chat = r.chat.as_ref().unwrap().artefact.as_ref().unwrap();
            insta::assert_snapshot!(
                name("chat"),
                serde_json::to_string_pretty(&chat.payload).unwrap()
            );
            let mut diags = String::new();
            for d in r.diagnostics() {
                writeln!(diags, "{d}").unwrap();
            }
            insta::assert_snapshot!(name("diagnostics"), diags);
        }
    });
}
