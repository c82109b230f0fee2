//! The review key dialog: make a key, or use an existing OpenSSH one, with the name and
//! email of its comment.

use super::View;
use crate::app::{Command, Designer};
use eframe::egui::{self};

/// The review key dialog's fields.
#[derive(Default)]
pub struct KeyDialog {
    /// The reviewer's name, as signed entries show it.
    pub name: String,
    /// The reviewer's email address: their principal in the reviewers file.
    pub email: String,
    /// Path of an OpenSSH Ed25519 private key to sign with instead of a new key.
    pub existing: String,
}

impl KeyDialog {
    /// Fills the name and email still empty from the chosen key's comment (`Name <email>`,
    /// or ssh-keygen's `user@host`, which stands for both).
    pub fn fill_from_key(&mut self) {
        if let Ok(id) =
            crate::review::Identity::open(std::path::Path::new(self.existing.trim()), None, None)
        {
            if self.name.trim().is_empty() {
                self.name = id.name;
            }
            if self.email.trim().is_empty() {
                self.email = id.email;
            }
        }
    }
}

pub(super) fn key_dialog_for(d: &Designer) -> KeyDialog {
    KeyDialog {
        name: d
            .review
            .identity
            .as_ref()
            .map_or_else(String::new, |i| i.name.clone()),
        email: d
            .review
            .identity
            .as_ref()
            .map_or_else(String::new, |i| i.email.clone()),
        existing: String::new(),
    }
}

/// Opens the review key dialog (the first review action without a key lands here).
pub fn open_key_dialog(d: &Designer, view: &mut View) {
    view.review.key_dialog = Some(key_dialog_for(d));
}

/// The review key: make a new one, or use an existing OpenSSH Ed25519 key.
pub fn key_window(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let Some(k) = &mut view.review.key_dialog else {
        return;
    };
    let mut open = true;
    let mut done = false;
    egui::Window::new("Your review key")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(440.0)
        .show(ctx, |ui| {
            if let Some(id) = &d.review.identity {
                ui.label(format!("You sign as {} <{}>.", id.name, id.email));
                ui.label("Line for the project's reviewers file:");
                let mut line = id.allowed_signers_line();
                ui.add(egui::TextEdit::singleline(&mut line).desired_width(f32::INFINITY));
                ui.separator();
            }
            egui::Grid::new("key-fields").num_columns(2).show(ui, |ui| {
                let l = ui.label("Name");
                ui.text_edit_singleline(&mut k.name).labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Email");
                ui.text_edit_singleline(&mut k.email).labelled_by(l.id);
                ui.end_row();
            });
            let filled = !k.name.trim().is_empty() && k.email.contains('@');
            ui.label(format!(
                "A new Ed25519 key is kept in {} (readable by you only).",
                d.review.key_dir.display()
            ));
            if ui
                .add_enabled(filled, egui::Button::new("Make a new key"))
                .clicked()
            {
                out.push(Command::CreateKey {
                    name: k.name.clone(),
                    email: k.email.clone(),
                });
                done = true;
            }
            ui.separator();
            ui.label("Or sign with an OpenSSH Ed25519 key you have (it stays where it is):");
            let before = k.existing.clone();
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut k.existing).hint_text("~/.ssh/id_ed25519"));
                if ui.button("Choose…").clicked()
                    && let Some(p) = rfd::FileDialog::new().pick_file()
                {
                    k.existing = p.display().to_string();
                }
            });
            if k.existing != before {
                k.fill_from_key();
            }
            ui.weak("Name and email left empty are taken from the key's comment.");
            if ui
                .add_enabled(!k.existing.is_empty(), egui::Button::new("Use this key"))
                .clicked()
            {
                out.push(Command::UseKey {
                    path: k.existing.clone().into(),
                    name: k.name.clone(),
                    email: k.email.clone(),
                });
                done = true;
            }
        });
    if !open || done {
        view.review.key_dialog = None;
    }
}
