//! The library in the designer, driven through egui_kittest: the Library window lists the
//! brands and snippets with their owners and users and inserts a snippet, a snippet block is
//! detached into the message's own, and the Messages window marks the message a library
//! change made stale.

use crate::common;
use crate::designer::{email_html, harness_at, press, select, settle};
use egui_kittest::kittest::{NodeT, Queryable};
use prism::model::{BlockKind, Kind};

#[test]
fn the_library_window_lists_and_inserts_snippets() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "invoice.ron");
    let mut h = harness_at(&path, state.path());
    press(&mut h, "Library");
    settle(&mut h);
    // One row a library file, with its owner and how many messages use it.
    for label in [
        "lumina",
        "imprint",
        "unsubscribe",
        "contact",
        "legal",
        "marketing",
    ] {
        assert!(h.get_all_by_label(label).count() >= 1, "{label}");
    }
    h.snapshot_options(
        "designer-library",
        &egui_kittest::SnapshotOptions::new()
            .output_path(common::root().join("tests/ui-snapshots"))
            .threshold(1.0)
            .max_failed_pixels(2_000),
    );
    let items = &h.state().designer.folder.items;
    let imprint = items.iter().find(|i| i.name == "imprint").unwrap();
    assert_eq!(imprint.used_by.len(), 2, "{imprint:?}");
    assert_eq!(imprint.state, "Draft");
    // The invoice has no unsubscribe line; inserting it after the signature shows it.
    assert!(!email_html(h.state()).contains("jederzeit mit Wirkung"));
    select(&mut h, "signature");
    let inserts = h.get_all_by_label("Insert").count();
    assert_eq!(inserts, 3, "one Insert a snippet");
    // The rows are sorted: contact, imprint, unsubscribe.
    h.get_all_by_label("Insert").nth(2).unwrap().click();
    settle(&mut h);
    let d = &h.state().designer;
    let ids: Vec<&str> =
        d.ws.project
            .content
            .blocks
            .iter()
            .map(|b| b.id.as_str())
            .collect();
    let at = ids
        .iter()
        .position(|i| *i == "unsubscribe")
        .expect("inserted");
    assert_eq!(ids[at - 1], "signature", "{ids:?}");
    assert!(email_html(h.state()).contains("jederzeit mit Wirkung"));
    assert!(h.state().designer.is_modified());
    // One undo step takes it out again.
    h.state_mut().designer.apply(prism::app::Command::Undo);
    settle(&mut h);
    assert!(!email_html(h.state()).contains("jederzeit mit Wirkung"));
}

#[test]
fn a_detached_snippet_becomes_the_messages_own() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "invoice.ron");
    let mut h = harness_at(&path, state.path());
    select(&mut h, "contact");
    h.get_by_label("Library snippet “contact”");
    press(&mut h, "Detach: make it this message's own");
    settle(&mut h);
    let d = &h.state().designer;
    let block =
        d.ws.project
            .all_blocks()
            .into_iter()
            .find(|b| b.id == "contact")
            .unwrap();
    let BlockKind::Group { blocks, .. } = &block.kind else {
        panic!("{block:?}")
    };
    assert_eq!(blocks[0].kind.kind(), Kind::Text);
    assert_eq!(blocks[0].id, "questions");
    assert!(email_html(h.state()).contains("Antworten Sie einfach auf diese E-Mail"));
    // Saved, the text is the message's own: the library's file no longer reaches it.
    h.state_mut().designer.apply(prism::app::Command::Save);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("Antworten Sie einfach auf diese E-Mail"));
    assert!(!saved.contains("Snippet(\"contact\")"));
    let ws = prism::workspace::Workspace::open(&path, None).unwrap();
    assert!(
        ws.project.linked.used.iter().all(|u| u.name != "contact"),
        "{:?}",
        ws.project.linked.used
    );
}

/// Copies of the samples in `dir`: the invoice (returned first, to open) as a draft, and the
/// welcome message submitted by Max and approved by Rita.
fn invoice_beside_approved_welcome(
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let path = common::project_copy(dir, "invoice.ron");
    let (max, rita, reviewers) = common::max_and_rita(&dir.join("keys"));
    std::fs::write(dir.join("projects/reviewers"), reviewers).unwrap();
    let welcome = dir.join("projects/welcome.ron");
    common::submit_and_approve(&welcome, &max, &rita, "2026-12-01T10:00:00Z");
    (path, welcome)
}

#[test]
fn the_messages_window_marks_what_a_library_change_made_stale() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (path, welcome) = invoice_beside_approved_welcome(dir.path());
    // Legal changes the imprint, which the welcome message uses.
    let imprint = dir.path().join("projects/library/snippets/imprint.ron");
    let text = std::fs::read_to_string(&imprint)
        .unwrap()
        .replace("Amtsgericht Köln", "AG Köln");
    std::fs::write(&imprint, text).unwrap();
    let mut h = harness_at(&path, state.path());
    press(&mut h, "Messages");
    settle(&mut h);
    h.get_by_label("welcome.ron");
    h.get_by_label("stale because of snippet “imprint”");
    h.get_by_label("⚠ 1 approved message is stale because a library file changed");
    // The invoice (open) is a draft; the welcome message opens from here.
    h.get_by_label("draft");
    h.snapshot_options(
        "designer-messages",
        &egui_kittest::SnapshotOptions::new()
            .output_path(common::root().join("tests/ui-snapshots"))
            .threshold(1.0)
            .max_failed_pixels(2_000),
    );
    press(&mut h, "Open");
    settle(&mut h);
    assert_eq!(h.state().designer.ws.path, welcome);
    assert!(
        h.state()
            .designer
            .title()
            .contains("Approval stale (content changed)")
    );
}

#[test]
fn a_snippet_is_edited_in_its_message_and_names_what_saving_makes_stale() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (path, welcome) = invoice_beside_approved_welcome(dir.path());
    let mut h = harness_at(&path, state.path());
    select(&mut h, "contact");
    press(&mut h, "Edit the snippet");
    settle(&mut h);
    assert_eq!(
        h.state().designer.snippet.as_ref().map(|s| s.name.as_str()),
        Some("contact"),
        "{:?}",
        h.state().designer.notices
    );
    // Before anything is saved, the window says which approved message it will void.
    h.get_by_label("⚠ Saving makes these approved messages stale: welcome.ron");
    let field = h.get_by_label("questions · text");
    field.focus();
    field.type_text(" Montag bis Freitag.");
    settle(&mut h);
    h.snapshot_options(
        "designer-snippet",
        &egui_kittest::SnapshotOptions::new()
            .output_path(common::root().join("tests/ui-snapshots"))
            .threshold(1.0)
            .max_failed_pixels(2_000),
    );
    // The previews show the working copy inside the invoice; nothing is written yet.
    assert!(email_html(h.state()).contains("Montag bis Freitag."));
    let file = dir.path().join("projects/library/snippets/contact.ron");
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Montag bis Freitag.")
    );
    assert!(
        !h.state().designer.is_modified(),
        "the project itself is unchanged"
    );
    // Shown in another message that uses it: the welcome message opens with the working copy.
    h.get_all_by_label("Previews show it in")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .expect("the combo box")
        .click();
    h.run();
    press(&mut h, "welcome.ron");
    settle(&mut h);
    assert_eq!(h.state().designer.ws.path, welcome);
    assert!(email_html(h.state()).contains("Montag bis Freitag."));
    assert!(h.state().designer.snippet.is_some());
    press(&mut h, "Save snippet");
    settle(&mut h);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Montag bis Freitag.")
    );
    assert!(h.state().designer.snippet.is_none());
    // Saved, the library reads it back, and the approved welcome message is now stale.
    let stale = h
        .state()
        .designer
        .folder
        .messages
        .iter()
        .find(|m| m.path == welcome)
        .unwrap()
        .state_words(Some((
            prism::model::library::LibraryKind::Snippet,
            "contact",
        )));
    assert_eq!(stale, "stale because of this snippet");
    assert!(email_html(h.state()).contains("Montag bis Freitag."));
}
