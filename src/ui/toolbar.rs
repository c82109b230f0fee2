//! Menus and the toolbar: file actions, undo, the record picker, zoom and preview toggles.

use super::{Pending, View, ask_or, keys};
use crate::app::{Command, Designer};
use eframe::egui::{self, Button, Color32, KeyboardShortcut, RichText, Ui};

fn item(ui: &mut Ui, label: &str, key: Option<&KeyboardShortcut>, enabled: bool) -> bool {
    let mut b = Button::new(label);
    if let Some(k) = key {
        b = b.shortcut_text(ui.ctx().format_shortcut(k));
    }
    ui.add_enabled(enabled, b).clicked()
}

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if item(ui, "New", Some(&keys::NEW), true) {
                ask_or(view, d, Pending::New, out);
            }
            if item(ui, "Open…", Some(&keys::OPEN), true)
                && let Some(p) = super::open_dialog()
            {
                ask_or(view, d, Pending::Open(p), out);
            }
            ui.menu_button("Open recent", |ui| {
                if d.recent.is_empty() {
                    ui.weak("Nothing yet");
                }
                for p in &d.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        ask_or(view, d, Pending::Open(p.clone()), out);
                    }
                }
            });
            ui.separator();
            if item(ui, "Save", Some(&keys::SAVE), true) {
                out.extend(super::save_command(d));
            }
            if item(ui, "Save As…", Some(&keys::SAVE_AS), true)
                && let Some(p) = super::save_dialog(d)
            {
                out.push(Command::SaveAs(p));
            }
            ui.separator();
            if item(ui, "Open data file…", None, true)
                && let Some(p) = super::data_dialog()
            {
                out.push(Command::OpenData(p));
            }
            if item(ui, "Export…", Some(&keys::EXPORT), true) {
                view.export = Some(super::export_dialog(d));
            }
            if item(ui, "Send test email…", None, true) {
                view.send = Some(super::SendDialog {
                    settings: Default::default(),
                    open: true,
                });
            }
            ui.separator();
            if item(ui, "Quit", None, true) {
                ask_or(view, d, Pending::Close, out);
            }
        });
        ui.menu_button("Edit", |ui| {
            if item(ui, "Undo", Some(&keys::UNDO), d.history.can_undo()) {
                out.push(Command::Undo);
            }
            if item(ui, "Redo", Some(&keys::REDO), d.history.can_redo()) {
                out.push(Command::Redo);
            }
            ui.separator();
            let sel = d.selected.clone();
            if item(ui, "Duplicate block", Some(&keys::DUPLICATE), sel.is_some())
                && let Some(id) = sel.clone()
            {
                out.push(Command::DuplicateBlock(id));
            }
            if item(ui, "Delete block", None, sel.is_some())
                && let Some(id) = sel
            {
                out.push(Command::RemoveBlock(id));
            }
        });
        ui.menu_button("Review", |ui| {
            let review = d.mode == crate::app::Mode::Review;
            let label = if review {
                "Back to editing"
            } else {
                "Review mode"
            };
            if item(ui, label, Some(&keys::REVIEW_MODE), true) {
                out.push(Command::SetMode(super::other_mode(d.mode)));
            }
            if item(ui, "Changes since approval…", None, true) {
                out.push(Command::ShowChanges(true));
            }
            if item(ui, "Proof pack…", None, !d.untitled)
                && let Some(p) = rfd::FileDialog::new()
                    .add_filter("PDF", &["pdf"])
                    .set_file_name("proof.pdf")
                    .save_file()
            {
                out.push(Command::WriteProof(p));
            }
            if item(ui, "Your review key…", None, true) {
                super::review::open_key_dialog(d, view);
            }
        });
        ui.menu_button("View", |ui| {
            ui.checkbox(&mut view.audience_open, "Audience: who gets which channel");
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
        if ui
            .add_enabled(d.history.can_undo(), Button::new("⟲ Undo"))
            .on_hover_text(format!("Undo ({})", ui.ctx().format_shortcut(&keys::UNDO)))
            .clicked()
        {
            out.push(Command::Undo);
        }
        if ui
            .add_enabled(d.history.can_redo(), Button::new("⟳ Redo"))
            .on_hover_text(format!("Redo ({})", ui.ctx().format_shortcut(&keys::REDO)))
            .clicked()
        {
            out.push(Command::Redo);
        }
        if ui
            .button("💾 Save")
            .on_hover_text(format!("Save ({})", ui.ctx().format_shortcut(&keys::SAVE)))
            .clicked()
        {
            out.extend(super::save_command(d));
        }
        if ui
            .button("⬈ Export…")
            .on_hover_text(format!(
                "Export ({})",
                ui.ctx().format_shortcut(&keys::EXPORT)
            ))
            .clicked()
        {
            view.export = Some(super::export_dialog(d));
        }
        ui.separator();
        let review = d.mode == crate::app::Mode::Review;
        if ui
            .selectable_label(review, "🔍 Review mode")
            .on_hover_text(format!(
                "Read-only: every record on every channel, comments, decisions ({})",
                ui.ctx().format_shortcut(&keys::REVIEW_MODE)
            ))
            .clicked()
        {
            out.push(Command::SetMode(super::other_mode(d.mode)));
        }
        if let Some(state) = d.review_label() {
            let colour = match d.review.as_ref().map(|s| &s.state) {
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
        record_picker(ui, d, view, out);
        ui.separator();
        ui.label("Zoom");
        ui.add(
            egui::Slider::new(&mut view.zoom, 0.5..=2.0)
                .step_by(0.05)
                .show_value(true),
        )
        .on_hover_text("Size of the previews");
    });
}

fn record_label(d: &Designer, i: usize) -> String {
    let r = &d.ws.records[i];
    let name = ["first_name", "last_name"]
        .iter()
        .filter_map(|k| r.get(k).and_then(|v| v.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let flag = if d.missing.get(i).is_some_and(|m| !m.is_empty()) {
        " ⚠"
    } else {
        ""
    };
    format!("{} {}{flag}", r.id, name.trim())
}

fn record_picker(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let n = d.ws.records.len();
    ui.label("Record");
    if ui
        .add_enabled(d.record > 0, Button::new("◀"))
        .on_hover_text(format!(
            "Previous record ({})",
            ui.ctx().format_shortcut(&keys::PREV_RECORD)
        ))
        .clicked()
    {
        out.push(Command::SetRecord(d.record - 1));
    }
    let current = if n == 0 {
        "no records".to_owned()
    } else {
        format!("{} ({} of {n})", record_label(d, d.record), d.record + 1)
    };
    let combo = egui::ComboBox::from_id_salt("record-picker")
        .selected_text(current)
        .width(320.0)
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
                let mut r = ui.selectable_label(i == d.record, &label);
                if let Some(m) = d.missing.get(i).filter(|m| !m.is_empty()) {
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
    if ui
        .add_enabled(d.record + 1 < n, Button::new("▶"))
        .on_hover_text(format!(
            "Next record ({})",
            ui.ctx().format_shortcut(&keys::NEXT_RECORD)
        ))
        .clicked()
    {
        out.push(Command::SetRecord(d.record + 1));
    }
    if let Some((c, r)) = view.audience_filter {
        let n = (0..n)
            .filter(|i| super::audience::matches(d, *i, (c, r)))
            .count();
        let what = r.map_or("sent".to_owned(), |r| r.code().to_owned());
        let chip = format!(
            "{} · {what}: {n} records ×",
            crate::routing::channel_title(c)
        );
        if ui
            .button(chip)
            .on_hover_text("The record picker lists only these; click to list all")
            .clicked()
        {
            view.audience_filter = None;
        }
    }
    if let Some(m) = d.missing.get(d.record).filter(|m| !m.is_empty()) {
        ui.label(RichText::new("⚠ fields missing").color(ui.visuals().warn_fg_color))
            .on_hover_text(m.join("\n"));
    }
}
