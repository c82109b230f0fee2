//! Menus and the toolbar: file actions, undo, the record picker, zoom and preview toggles.

use super::View;
use super::commands::UiCommand;
use crate::app::{Command, Designer};
use eframe::egui::{self, Color32, RichText, Ui};

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let mut clicked = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let c = &mut clicked;
            UiCommand::New.menu_item(ui, d, c);
            UiCommand::Open.menu_item(ui, d, c);
            ui.menu_button("Open recent", |ui| {
                if d.session.recent.is_empty() {
                    ui.weak("Nothing yet");
                }
                for p in &d.session.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        super::files::ask_or(view, d, super::Pending::Open(p.clone()), out);
                    }
                }
            });
            ui.separator();
            UiCommand::Save.menu_item(ui, d, c);
            UiCommand::SaveAs.menu_item(ui, d, c);
            ui.separator();
            UiCommand::OpenData.menu_item(ui, d, c);
            UiCommand::Export.menu_item(ui, d, c);
            UiCommand::SendTest.menu_item(ui, d, c);
            ui.separator();
            UiCommand::Quit.menu_item(ui, d, c);
        });
        ui.menu_button("Edit", |ui| {
            UiCommand::Undo.menu_item(ui, d, &mut clicked);
            UiCommand::Redo.menu_item(ui, d, &mut clicked);
            ui.separator();
            UiCommand::DuplicateBlock.menu_item(ui, d, &mut clicked);
            UiCommand::DeleteBlock.menu_item(ui, d, &mut clicked);
        });
        ui.menu_button("Review", |ui| {
            UiCommand::ToggleReviewMode.menu_item(ui, d, &mut clicked);
            UiCommand::ShowChanges.menu_item(ui, d, &mut clicked);
            UiCommand::ProofPack.menu_item(ui, d, &mut clicked);
            UiCommand::ReviewKey.menu_item(ui, d, &mut clicked);
        });
        ui.menu_button("View", |ui| {
            ui.checkbox(&mut view.audience_open, "Audience: who gets which channel");
            ui.checkbox(&mut view.library_open, "Library: brands and snippets");
            ui.checkbox(
                &mut view.messages_open,
                "Messages: every project of the folder",
            );
            ui.checkbox(
                &mut view.translations_open,
                "Translations: the texts in every language",
            );
            ui.checkbox(
                &mut view.print_overlay,
                "Letter: address window, folds, margins",
            );
            ui.checkbox(&mut view.email_dark, "Email: dark mode");
            ui.radio_value(
                &mut view.email_width,
                super::EmailWidth::Desktop,
                "Email: desktop (600 px)",
            );
            ui.radio_value(
                &mut view.email_width,
                super::EmailWidth::Mobile,
                "Email: mobile (375 px)",
            );
        });
    });
    ui.horizontal(|ui| {
        UiCommand::Undo.button(ui, d, "⟲ Undo", &mut clicked);
        UiCommand::Redo.button(ui, d, "⟳ Redo", &mut clicked);
        UiCommand::Save.button(ui, d, "💾 Save", &mut clicked);
        UiCommand::Export.button(ui, d, "⬈ Export…", &mut clicked);
        ui.separator();
        let review = UiCommand::ToggleReviewMode;
        if ui
            .selectable_label(d.review.mode == crate::app::Mode::Review, "🔍 Review mode")
            .on_hover_text(review.hover_text(ui.ctx()))
            .clicked()
        {
            clicked.push(review);
        }
        if let Some(state) = d.review_label() {
            let colour = match d.review.status.as_ref().map(|s| &s.state) {
                Some(crate::review::State::Approved) => Color32::from_rgb(60, 170, 90),
                Some(crate::review::State::Stale | crate::review::State::Rejected { .. }) => {
                    ui.visuals().warn_fg_color
                }
                _ => ui.visuals().weak_text_color(),
            };
            ui.label(RichText::new(state).color(colour))
                .on_hover_text("Review state of the content as it is now");
            ui.separator();
        }
        if ui
            .selectable_label(view.audience_open, "👥 Audience")
            .on_hover_text("The data set by channel and by why a channel is not used")
            .clicked()
        {
            view.audience_open = !view.audience_open;
        }
        if ui
            .selectable_label(view.library_open, "Library")
            .on_hover_text("The brands and snippets every message shares")
            .clicked()
        {
            view.library_open = !view.library_open;
        }
        if ui
            .selectable_label(view.messages_open, "Messages")
            .on_hover_text("Every project of the folder and its review state")
            .clicked()
        {
            view.messages_open = !view.messages_open;
        }
        record_picker(ui, d, view, out, &mut clicked);
        ui.separator();
        ui.label("Zoom");
        ui.add(
            egui::Slider::new(&mut view.zoom, 0.5..=2.0)
                .step_by(0.05)
                .show_value(true),
        )
        .on_hover_text("Size of the previews");
    });
    for cmd in clicked {
        super::dispatch::run(cmd, d, view, out);
    }
}

fn record_label(d: &Designer, i: usize) -> String {
    let r = &d.ws.records[i];
    let name = ["first_name", "last_name"]
        .iter()
        .filter_map(|k| r.get(k).and_then(|v| v.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let flag = if d.audience.missing.get(i).is_some_and(|m| !m.is_empty()) {
        " ⚠"
    } else {
        ""
    };
    format!("{} {}{flag}", r.id, name.trim())
}

fn record_picker(
    ui: &mut Ui,
    d: &Designer,
    view: &mut View,
    out: &mut Vec<Command>,
    clicked: &mut Vec<UiCommand>,
) {
    let n = d.ws.records.len();
    UiCommand::PreviousRecord.button(ui, d, "◀", clicked);
    let current = if n == 0 {
        "no records".to_owned()
    } else {
        format!(
            "{} ({} of {n})",
            record_label(d, d.previews.record),
            d.previews.record + 1
        )
    };
    // As wide as the row allows once ▶, the language and the zoom slider after it (about
    // 400 px) fit.
    let width = (ui.available_width() - 400.0).clamp(150.0, 320.0);
    let combo = egui::ComboBox::from_id_salt("record-picker")
        .selected_text(current)
        .width(width)
        .show_ui(ui, |ui| {
            ui.add(
                egui::TextEdit::singleline(&mut view.record_search)
                    .hint_text("Search name or customer id"),
            );
            let q = view.record_search.to_lowercase();
            for i in 0..n {
                let label = record_label(d, i);
                if !q.is_empty() && !label.to_lowercase().contains(&q) {
                    continue;
                }
                if view
                    .audience_filter
                    .is_some_and(|f| !super::audience::matches(d, i, f))
                {
                    continue;
                }
                let mut r = ui.selectable_label(i == d.previews.record, &label);
                if let Some(m) = d.audience.missing.get(i).filter(|m| !m.is_empty()) {
                    r = r.on_hover_text(format!("Missing in this record:\n{}", m.join("\n")));
                }
                if r.clicked() {
                    out.push(Command::SetRecord(i));
                }
            }
        });
    combo
        .response
        .on_hover_text("Pick the customer record the previews show");
    UiCommand::NextRecord.button(ui, d, "▶", clicked);
    language_picker(ui, d, out);
    if let Some((c, r)) = view.audience_filter {
        let n = (0..n)
            .filter(|i| super::audience::matches(d, *i, (c, r)))
            .count();
        let what = r.map_or("sent".to_owned(), |r| r.code().to_owned());
        let chip = format!("{} · {what}: {n} records ×", c.noun());
        if ui
            .button(chip)
            .on_hover_text("The record picker lists only these; click to list all")
            .clicked()
        {
            view.audience_filter = None;
        }
    }
    if let Some(m) = d
        .audience
        .missing
        .get(d.previews.record)
        .filter(|m| !m.is_empty())
    {
        ui.label(RichText::new("⚠ fields missing").color(ui.visuals().warn_fg_color))
            .on_hover_text(m.join("\n"));
    }
}

/// The language the previews show: the record's own (the one it gets) unless one is chosen.
fn language_picker(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    let languages = d.ws.project.languages();
    if languages.len() < 2 {
        return;
    }
    let own =
        d.ws.records
            .get(d.previews.record)
            .map(|r| d.ws.engine.language_of(r).0.to_owned());
    // The tag alone, to fit the toolbar at 1280 px; one chosen over the record's is marked.
    let shown = match (&d.previews.language, &own) {
        (Some(l), _) => format!("{l}*"),
        (None, Some(l)) => l.clone(),
        (None, None) => languages[0].clone(),
    };
    let label = ui.label("in");
    egui::ComboBox::from_id_salt("language-picker")
        .selected_text(shown)
        .width(48.0)
        .show_ui(ui, |ui| {
            let label = match &own {
                Some(l) => format!("The record's: {l}"),
                None => "The record's".to_owned(),
            };
            if ui
                .selectable_label(d.previews.language.is_none(), label)
                .clicked()
            {
                out.push(Command::SetLanguage(None));
            }
            for l in &languages {
                if ui
                    .selectable_label(d.previews.language.as_ref() == Some(l), l)
                    .clicked()
                {
                    out.push(Command::SetLanguage(Some(l.clone())));
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(
            "The language the previews show the record in: the one it gets, unless one is chosen (marked *)",
        );
}
