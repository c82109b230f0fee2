//! File ▸ Export: channels, formats and folder, then the running export's progress and its
//! summary.

use super::View;
use crate::app::export_job::ExportSettings;
use crate::app::{Command, Designer};
use crate::export::ExportOptions;
use crate::model::ChannelSet;
use eframe::egui::{self, RichText};

/// The export dialog's choices while it is open.
pub struct ExportDialog {
    /// The choices so far; the export starts with them.
    pub settings: ExportSettings,
    /// False once the user closed the window; the dialog is then dropped.
    pub open: bool,
}

/// A new dialog: every channel, into `export-<project name>` beside the project file, routed
/// as the Audience window routes; an earlier export there is kept unless the user says
/// otherwise, as on the command line.
pub fn dialog(d: &Designer) -> ExportDialog {
    let out_dir = d.ws.base().join(format!(
        "export-{}",
        crate::export::file_stem(
            d.ws.path
                .file_stem()
                .map_or("project".into(), |s| s.to_string_lossy())
                .as_ref()
        )
    ));
    ExportDialog {
        settings: ExportSettings {
            options: ExportOptions::new(out_dir, ChannelSet::ALL),
            routing: d.ws.routing.clone(),
        },
        open: true,
    }
}

pub(super) fn show(ctx: &egui::Context, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let Some(dlg) = &mut view.export else { return };
    let mut open = dlg.open;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            let s = &mut dlg.settings;
            ui.label("Channels");
            ui.horizontal(|ui| {
                for c in crate::model::Channel::ALL {
                    let mut on = s.options.channels.contains(c);
                    if ui.checkbox(&mut on, c.name()).changed() {
                        s.options.channels = if on {
                            s.options.channels.with(c)
                        } else {
                            ChannelSet::of(
                                &s.options.channels.iter().filter(|x| *x != c).collect::<Vec<_>>(),
                            )
                        };
                    }
                }
            });
            ui.checkbox(
                &mut s.options.print_merged,
                "Also one PDF of all letters (print shop)",
            );
            ui.add_enabled_ui(s.options.print_merged, |ui| {
                ui.checkbox(&mut s.options.duplex, "Duplex: every letter starts on a front side")
                    .on_hover_text("Pads each letter in that PDF to an even number of pages");
            });
            ui.checkbox(&mut s.options.require_approved, "Only if approved")
                .on_hover_text("Without the approvals it needs, nothing is exported; otherwise unapproved artefacts are marked as proofs");
            ui.horizontal(|ui| {
                ui.label("Data:");
                let name = s.options.data.as_ref().map_or_else(
                    || format!("the project's records ({})", d.ws.records.len()),
                    |p| p.display().to_string(),
                );
                ui.label(name);
                if ui.button("Choose…").clicked() {
                    s.options.data = super::files::data_dialog().or(s.options.data.take());
                }
                if s.options.data.is_some() && ui.button("Project's").clicked() {
                    s.options.data = None;
                }
            });
            super::audience::routing_inputs(ui, &mut s.routing);
            ui.horizontal(|ui| {
                ui.label("Output folder:");
                ui.label(s.options.out_dir.display().to_string());
                if ui.button("Choose…").clicked()
                    && let Some(p) = rfd::FileDialog::new().pick_folder()
                {
                    s.options.out_dir = p;
                }
            });
            folder_choice(ui, s);
            ui.separator();
            let running = d.jobs.export.as_ref().is_some_and(|j| j.job.finished.is_none());
            match &d.jobs.export {
                Some(job) if running => {
                    let (done, fraction) = job.progress();
                    let (rate, left) = job.rate();
                    ui.add(egui::ProgressBar::new(fraction as f32).text(format!(
                        "{done} records · {:.0}% of the data · {rate:.0}/s · about {left:.0} s left",
                        fraction * 100.0
                    )));
                    if ui.button("Cancel").clicked() {
                        out.push(Command::CancelExport);
                    }
                }
                _ => {
                    let ok = !s.options.channels.is_empty();
                    let opened_by = super::commands::UiCommand::Export
                        .shortcut()
                        .map(|k| format!("{} opens this dialog", ctx.format_shortcut(&k)));
                    if ui
                        .add_enabled(ok, egui::Button::new("Export"))
                        .on_hover_text(opened_by.unwrap_or_default())
                        .clicked()
                    {
                        out.push(Command::StartExport(s.clone()));
                    }
                }
            }
            if let Some(job) = &d.jobs.export
                && let Some(result) = &job.job.finished
            {
                match result {
                    Ok(report) => {
                        ui.label(RichText::new(report.summary()).monospace());
                        if ui.button("Open output folder").clicked() {
                            let dir = &job.settings.options.out_dir;
                            if let Err(e) = open::that_detached(dir) {
                                out.push(Command::ReportError(format!(
                                    "cannot open {}: {e}",
                                    dir.display()
                                )));
                            }
                        }
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                }
            }
        });
    if let Some(dlg) = &mut view.export {
        dlg.open = open;
        if !open {
            view.export = None;
        }
    }
}

/// What the output folder holds, and what to do with an earlier export there: keep it (the
/// export is refused), continue it, or replace it, as `--resume` and `--overwrite` do.
fn folder_choice(ui: &mut egui::Ui, s: &mut ExportSettings) {
    let state = crate::export::folder_state(&s.options.out_dir);
    use crate::export::FolderState;
    ui.weak(match state {
        FolderState::Empty => "The folder is empty or new.",
        FolderState::Finished => "The folder holds a finished export.",
        FolderState::Interrupted => "The folder holds an export that did not finish.",
        FolderState::Other => "The folder holds other files; an export would mix with them.",
    });
    if state == FolderState::Empty {
        (s.options.overwrite, s.options.resume) = (false, false);
        return;
    }
    ui.horizontal(|ui| {
        let keep = !s.options.overwrite && !s.options.resume;
        if ui
            .radio(keep, "Keep it")
            .on_hover_text("The export is refused; choose another folder")
            .clicked()
        {
            (s.options.overwrite, s.options.resume) = (false, false);
        }
        if state == FolderState::Interrupted
            && ui
                .radio(s.options.resume, "Continue it")
                .on_hover_text("Writes the records it had not reached (--resume)")
                .clicked()
        {
            (s.options.overwrite, s.options.resume) = (false, true);
        }
        let replace = match state {
            FolderState::Other => "Write into it anyway",
            _ => "Replace it",
        };
        if ui
            .radio(s.options.overwrite, replace)
            .on_hover_text("--overwrite: an earlier export's files are removed, nothing else")
            .clicked()
        {
            (s.options.overwrite, s.options.resume) = (true, false);
        }
    });
}
