//! Channel cases as files: each `tests/cases/channels/NAME.ron` is a small project with its
//! own record; what every channel makes of it — the email's subject and plain-text part, the
//! SMS with its encoding and segments, the chat bubbles, the letter's first page as text —
//! and the diagnostics are compared with a reviewed snapshot. A new case needs no Rust;
//! `INSTA_UPDATE=always cargo test --test headless channel_cases::` writes its snapshot for
//! review.

use prism::model::ChannelSet;
use prism::render::email::ImageMode;
use prism::workspace::Workspace;
use std::fmt::Write;

#[test]
fn channel_cases() {
    insta::glob!("../cases/channels", "*.ron", |path| {
        let mut ws = Workspace::open(path, None).unwrap();
        // Letters carry the day they are printed; the snapshot must not change with it.
        ws.spoken.set_letter_date("1. Dezember 2026");
        let record = ws.records.first().expect("the case has a record").clone();
        let r = ws.render(&record, ChannelSet::ALL, ImageMode::Cid);
        let mut out = String::new();
        if let Some(e) = r.email.as_ref().and_then(|o| o.artefact.as_ref()) {
            writeln!(out, "== email to {}: {}\n{}", e.to, e.subject, e.text).unwrap();
        }
        if let Some(s) = r.sms.as_ref().and_then(|o| o.artefact.as_ref()) {
            writeln!(
                out,
                "== SMS to {} ({})\n{}\n",
                s.to,
                s.analysis.describe(),
                s.text
            )
            .unwrap();
        }
        if let Some(c) = r.chat.as_ref().and_then(|o| o.artefact.as_ref()) {
            writeln!(out, "== chat to {}", c.to).unwrap();
            for b in &c.bubbles {
                writeln!(out, "[bubble]\n{}", b.text()).unwrap();
            }
            out.push('\n');
        }
        if let Some(l) = r.print.as_ref().and_then(|o| o.artefact.as_ref()) {
            writeln!(out, "== letter, {} page(s); page 1:", l.pages.len()).unwrap();
            for (_, line) in l.pages[0].text_lines() {
                writeln!(out, "{line}").unwrap();
            }
            out.push('\n');
        }
        writeln!(out, "== diagnostics").unwrap();
        for d in r.diagnostics() {
            writeln!(out, "{d}").unwrap();
        }
        insta::assert_snapshot!(out);
    });
}
