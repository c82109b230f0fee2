//! The reviewer's bar: who signs, the note, and the decisions (submit, approve, request
//! changes, reject).

use super::View;
use super::key::key_dialog_for;
use super::*;
use crate::app::{Command, Designer, ReviewRequest};
use crate::model::ReviewAction;
use eframe::egui::{self, Ui};

/// Who signs, the note and the decisions, above the grid and the previews in review mode.
pub fn bar(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        match &d.review.identity {
            Some(id) => {
                ui.label(format!("Signing as {} <{}>", id.name, id.email));
            }
            None => {
                ui.colored_label(ui.visuals().warn_fg_color, "No review key yet");
            }
        }
        if ui.small_button("Review key…").clicked() {
            view.review.key_dialog = Some(key_dialog_for(d));
        }
        ui.separator();
        let l = ui.label("Note");
        ui.add(
            egui::TextEdit::singleline(&mut view.review.note)
                .hint_text("for a submission; the reason for changes or rejection")
                .desired_width(300.0),
        )
        .labelled_by(l.id);
        let ready = d.review.identity.is_some() && !d.is_modified();
        let why = if d.review.identity.is_none() {
            "Set up your review key first"
        } else if d.is_modified() {
            "Save first: a review action signs the content as it is in the file"
        } else {
            "Signed with your key and saved to the project file at once"
        };
        let reasoned = !view.review.note.trim().is_empty();
        for (action, label, needs_reason) in [
            (ReviewAction::Submit, "Submit for review", false),
            (ReviewAction::Approve, "✔ Approve", false),
            (ReviewAction::RequestChanges, "Request changes", true),
            (ReviewAction::Reject, "Reject", true),
        ] {
            let enabled = ready && (!needs_reason || reasoned);
            let hover = if ready && needs_reason && !reasoned {
                "Write the reason in the note first"
            } else {
                why
            };
            if ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_hover_text(hover)
                .on_disabled_hover_text(hover)
                .clicked()
            {
                out.push(Command::Review(ReviewRequest::new(
                    action,
                    &view.review.note,
                )));
                view.review.note.clear();
            }
        }
        ui.separator();
        if ui.button("Changes since approval").clicked() {
            out.push(Command::ShowChanges(true));
        }
    });
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.review.tab, Tab::Grid, "Records × channels");
        ui.selectable_value(
            &mut view.review.tab,
            Tab::Previews,
            "Previews of the record",
        );
        ui.weak("Arrow keys move through the grid; Enter opens a cell full size.");
    });
    ui.separator();
}
