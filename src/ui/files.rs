//! Files from the window: the open, save and data dialogs, files dropped on the window, and
//! the prompt before unsaved changes are lost.

use super::{Pending, View};
use crate::app::{Command, Designer};
use eframe::egui;
use std::path::PathBuf;

/// A project file dropped on the window opens; a CSV or JSON file becomes the data.
pub(super) fn dropped_files(
    ctx: &egui::Context,
    d: &Designer,
    view: &mut View,
    out: &mut Vec<Command>,
) {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    for p in dropped {
        match p.extension().and_then(|e| e.to_str()) {
            Some("ron") => ask_or(view, d, Pending::Open(p), out),
            _ => out.push(Command::OpenData(p)),
        }
    }
}

/// Does `next` now, or asks first when there are unsaved changes.
pub(super) fn ask_or(view: &mut View, d: &Designer, next: Pending, out: &mut Vec<Command>) {
    if d.is_modified() {
        view.confirm = Some(next);
    } else {
        proceed(view, next, out);
    }
}

pub(super) fn proceed(view: &mut View, next: Pending, out: &mut Vec<Command>) {
    match next {
        Pending::New => out.push(Command::New),
        Pending::Open(p) => out.push(Command::Open(p)),
        Pending::Close => view.close_now = true,
    }
}

/// Save, or Save As for a project that has no file yet (`None` when the dialog was cancelled).
pub fn save_command(d: &Designer) -> Option<Command> {
    if d.editing.untitled {
        save_dialog(d).map(Command::SaveAs)
    } else {
        Some(Command::Save)
    }
}

pub fn open_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Prism project", &["ron"])
        .pick_file()
}

pub fn save_dialog(d: &Designer) -> Option<PathBuf> {
    let mut dlg = rfd::FileDialog::new().add_filter("Prism project", &["ron"]);
    if let Some(dir) = d.ws.path.parent() {
        dlg = dlg.set_directory(dir);
    }
    if let Some(name) = d.ws.path.file_name() {
        dlg = dlg.set_file_name(name.to_string_lossy());
    }
    dlg.save_file()
}

pub fn data_dialog() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter("Customer data", &["json", "jsonl", "ndjson", "csv"])
        .pick_file()
}

/// "Save first?" before unsaved changes would be lost (New, Open, Close).
pub(super) fn unsaved_prompt(
    ctx: &egui::Context,
    d: &Designer,
    view: &mut View,
    out: &mut Vec<Command>,
) {
    if let Some(pending) = view.confirm.clone() {
        let mut decided = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading("Unsaved changes");
            ui.label(format!(
                "{} has changes that are not saved. Save them first?",
                d.title()
                    .trim_end_matches(" — Prism")
                    .trim_end_matches(" ●")
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    decided = Some(true);
                }
                if ui.button("Discard changes").clicked() {
                    decided = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    view.confirm = None;
                }
            });
        });
        if let Some(save) = decided {
            view.confirm = None;
            if save {
                let Some(cmd) = save_command(d) else { return };
                out.push(cmd);
                view.after_save = Some(pending);
            } else {
                proceed(view, pending, out);
            }
        }
    }
}
