//! Languages in the designer, driven through egui_kittest: the language picker beside the
//! record picker shows the previews in another of the message's languages, and the
//! Translations window marks the missing text, takes a typed translation as an undo step
//! and marks a translation stale when its German source changes.

use crate::common;
use crate::designer::{email_html, harness_at, settle};
use egui_kittest::kittest::{NodeT, Queryable};
use prism::app::Command;
use prism::app::edit::{Edit, TextField};
use prism::model::translation::TextState;

#[test]
fn the_previews_follow_the_chosen_language() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "welcome.ron");
    let mut h = harness_at(&path, state.path());
    // C-1001 writes `de`: the previews are German, the picker shows the record's language.
    assert!(email_html(h.state()).contains("Willkommen bei Lumina Mobil, Erika!"));
    combo(&mut h);
    h.get_by_label("fr").click();
    settle(&mut h);
    let html = email_html(h.state());
    assert!(
        html.contains("Bienvenue chez Lumina Mobil, Erika"),
        "{html}"
    );
    assert!(html.contains("lang=\"fr\""));
    // The letter is French too: the worker set it in the chosen language.
    let shown = h.state().designer.previews.print.as_ref().unwrap();
    assert!(
        shown
            .diagnostics
            .iter()
            .all(|d| d.severity != prism::diag::Severity::Error)
    );
    // Back to the record's own.
    combo(&mut h);
    h.get_by_label("The record's: de").click();
    settle(&mut h);
    assert!(email_html(h.state()).contains("Willkommen bei Lumina Mobil, Erika!"));
}

#[test]
fn the_translations_window_marks_fills_and_stales() {
    let state = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = common::project_copy(dir.path(), "welcome.ron");
    let mut h = harness_at(&path, state.path());
    h.state_mut().view.translations_open = true;
    frames(&mut h);
    h.get_by_label("en: 15 translated, 0 need review, 1 missing");
    h.get_by_label("fr: 16 translated, 0 need review, 0 missing");
    assert_eq!(h.get_all_by_label("missing").count(), 1);
    // Typing the English business text: one undo step, and English customers get it.
    h.state_mut()
        .designer
        .apply(Command::Edit(Edit::SetTranslation {
            language: "en".into(),
            key: "business-contact:text".into(),
            text: Some("Your business service for **{{ company }}** is there for you too.".into()),
        }));
    frames(&mut h);
    h.get_by_label("en: 16 translated, 0 need review, 0 missing");
    assert!(h.state().designer.is_modified());
    // A changed German subject: its English and French texts need review.
    h.state_mut().designer.apply(Command::Edit(Edit::SetText(
        TextField::Subject,
        "Herzlich willkommen, {{ first_name }}!".into(),
    )));
    frames(&mut h);
    h.get_by_label("en: 15 translated, 1 need review, 0 missing");
    h.get_by_label("fr: 15 translated, 1 need review, 0 missing");
    let gaps = h.state().designer.ws.engine.translation_gaps().to_vec();
    assert!(
        gaps.iter()
            .any(|g| g.key == "subject" && g.language == "fr" && g.state == TextState::Stale),
        "{gaps:?}"
    );
    // "Reviewed" keeps the French subject as the translation of the new German one.
    let reviewed = h.get_all_by_label("Reviewed").count();
    assert_eq!(reviewed, 2);
    h.get_all_by_label("Reviewed").next().unwrap().click();
    frames(&mut h);
    h.get_by_label("en: 16 translated, 0 need review, 0 missing");
    // Undo takes the review back.
    h.state_mut().designer.apply(Command::Undo);
    frames(&mut h);
    h.get_by_label("en: 15 translated, 1 need review, 0 missing");
}

/// Opens the language picker (named "in": the previews are shown in …).
fn combo(h: &mut egui_kittest::Harness<'static, prism::ui::PrismApp>) {
    h.get_all_by_label("in")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .expect("the language picker")
        .click();
    h.run();
}

/// A few frames: the Translations window's grid sizes itself over more than one.
fn frames(h: &mut egui_kittest::Harness<'static, prism::ui::PrismApp>) {
    for _ in 0..8 {
        h.step();
    }
}
