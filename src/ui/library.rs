//! The Library window (the brands and snippets beside the projects: their owners, review
//! states and users, and inserting a snippet into the message) and the Messages window
//! (every project of the folder with its review state, those a library change made stale
//! marked, each to open).

use super::{Pending, View, files};
use crate::app::{Command, Designer};
use crate::model::library::LibraryKind;
use crate::review::State;
use eframe::egui::{self, RichText, Ui};

/// Both windows, when open. Opening one scans the folder once.
pub fn windows(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    if (view.library_open || view.messages_open) && !d.folder.scanned {
        out.push(Command::ScanFolder);
    }
    if view.library_open {
        let mut open = true;
        egui::Window::new("Library")
            .open(&mut open)
            .default_pos([420.0, 120.0])
            .default_width(520.0)
            .show(ctx, |ui| library(ui, d, out));
        view.library_open = open;
    }
    if view.messages_open {
        let mut open = true;
        egui::Window::new("Messages")
            .open(&mut open)
            .default_pos([460.0, 160.0])
            .default_width(560.0)
            .show(ctx, |ui| messages(ui, d, view, out));
        view.messages_open = open;
    }
}

/// A file or folder as the windows name it: relative to the project's folder (where the
/// library is), so that the name says where it is among the messages.
pub fn near(d: &Designer, path: &std::path::Path) -> String {
    let base = d.ws.base();
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

fn rescan(ui: &mut Ui, out: &mut Vec<Command>) {
    if ui
        .button("⟳ Read again")
        .on_hover_text("Read the library and the folder's projects from disk again")
        .clicked()
    {
        out.push(Command::ScanFolder);
    }
}

fn library(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(format!("Library in {}/", near(d, &d.ws.library.dir)));
        rescan(ui, out);
    });
    if d.folder.items.is_empty() {
        ui.weak("No brands or snippets here: add files under library/brands and library/snippets.");
        return;
    }
    let editing = d.review.mode == crate::app::Mode::Edit;
    egui::Grid::new("library-items")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for header in ["", "Name", "Owner", "Review", "Used by"] {
                ui.strong(header);
            }
            ui.end_row();
            for item in &d.folder.items {
                ui.label(item.kind.noun());
                ui.label(&item.name);
                ui.label(&item.owner);
                let approved = item.state.starts_with("Approved");
                let state = RichText::new(&item.state);
                ui.label(if approved {
                    state.color(egui::Color32::from_rgb(60, 170, 90))
                } else {
                    state.color(ui.visuals().warn_fg_color)
                });
                ui.horizontal(|ui| {
                    ui.label(format!("{}", item.used_by.len()))
                        .on_hover_text(item.used_by.join("\n"));
                    if item.kind == LibraryKind::Snippet
                        && ui
                            .add_enabled(editing && d.snippet.is_none(), egui::Button::new("Edit"))
                            .on_hover_text(
                                "Edit the snippet's texts; the previews show it in this message",
                            )
                            .clicked()
                    {
                        out.push(Command::EditSnippet(item.name.clone()));
                    }
                    if item.kind == LibraryKind::Snippet
                        && ui
                            .add_enabled(editing, egui::Button::new("Insert"))
                            .on_hover_text(
                                "Use this snippet in the message, after the selected block",
                            )
                            .clicked()
                    {
                        out.push(Command::InsertSnippet {
                            name: item.name.clone(),
                            after: d.editing.selected.clone(),
                        });
                    }
                });
                ui.end_row();
            }
        });
}

fn messages(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label("Every project beside this one");
        rescan(ui, out);
    });
    let stale = d
        .folder
        .messages
        .iter()
        .filter(|m| !m.changed_since_approval.is_empty())
        .count();
    if stale > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            match stale {
                1 => "⚠ 1 approved message is stale because a library file changed".to_owned(),
                n => format!("⚠ {n} approved messages are stale because a library file changed"),
            },
        );
    }
    egui::Grid::new("messages")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for header in ["File", "Message", "Review", ""] {
                ui.strong(header);
            }
            ui.end_row();
            for m in &d.folder.messages {
                let file = m
                    .path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                let this = m.path == d.ws.path;
                ui.label(if this {
                    RichText::new(&file).strong()
                } else {
                    RichText::new(&file)
                });
                ui.label(&m.name);
                let words = m.state_words(None);
                let colour = match &m.status {
                    Ok(s) if s.state == State::Approved => egui::Color32::from_rgb(60, 170, 90),
                    Ok(s) if s.state == State::Stale => ui.visuals().warn_fg_color,
                    Err(_) => ui.visuals().error_fg_color,
                    Ok(_) => ui.visuals().weak_text_color(),
                };
                ui.label(RichText::new(words).color(colour));
                if !this && ui.button("Open").clicked() {
                    files::ask_or(view, d, Pending::Open(m.path.clone()), out);
                }
                ui.end_row();
            }
        });
}
