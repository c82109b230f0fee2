//! The changes since the approval: word diffs per block of the source and per channel.

use super::*;
use crate::app::{Command, Designer};
use crate::workspace::diff::{Change, Section};
use eframe::egui::{self, Ui};

/// Review ▸ Changes since approval: a word diff per block and per channel for the record.
pub fn changes_window(ctx: &egui::Context, d: &Designer, out: &mut Vec<Command>) {
    let Some(changes) = &d.review.changes else {
        return;
    };
    let mut open = true;
    egui::Window::new("Changes since approval")
        .open(&mut open)
        .default_size([560.0, 520.0])
        .show(ctx, |ui| match changes {
            Err(why) => {
                ui.label(format!("Nothing to compare with: {why}"));
            }
            Ok(diff) => {
                ui.label(format!(
                    "Approved by {} on {} (content {}…)",
                    diff.approved_by,
                    diff.approved_at,
                    diff.approved_hash.get(..12).unwrap_or("")
                ));
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let changed: Vec<&Section> =
                        diff.sources.iter().filter(|s| s.changed()).collect();
                    ui.heading("Source");
                    if changed.is_empty() {
                        ui.weak("No changes.");
                    }
                    for s in changed {
                        section(ui, s);
                    }
                    if let Some(id) = &diff.record {
                        ui.heading(format!("What {id} receives"));
                        for s in &diff.channels {
                            if s.changed() {
                                section(ui, s);
                            } else {
                                ui.weak(format!("{}: no changes", s.title));
                            }
                        }
                    }
                });
            }
        });
    if !open {
        out.push(Command::ShowChanges(false));
    }
}

fn section(ui: &mut Ui, s: &Section) {
    ui.strong(&s.title);
    let mut job = egui::text::LayoutJob::default();
    let base = egui::TextFormat {
        font_id: egui::FontId::monospace(11.0),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    for (change, text) in &s.chunks {
        let format = match change {
            Change::Same => base.clone(),
            Change::Removed => egui::TextFormat {
                color: ui.visuals().error_fg_color,
                strikethrough: egui::Stroke::new(1.0, ui.visuals().error_fg_color),
                ..base.clone()
            },
            Change::Added => egui::TextFormat {
                color: green(),
                underline: egui::Stroke::new(1.0, green()),
                ..base.clone()
            },
        };
        job.append(text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
    ui.add_space(6.0);
}
