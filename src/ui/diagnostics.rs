//! The diagnostics panel under the previews, and the notices above the outline.

use crate::app::{Command, Designer};
use crate::diag::{Diagnostic, Severity};
use eframe::egui::{self, RichText, Ui};

/// Errors and confirmations of file actions, newest last, each dismissable.
pub(super) fn notices(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    if let Some(r) = &d.editing.recovery {
        egui::Frame::new()
            .fill(ui.visuals().warn_fg_color.gamma_multiply(0.15))
            .inner_margin(8.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.label(format!(
                    "Unsaved changes to {} from an earlier session were found.",
                    r.original.display()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        out.push(Command::RestoreRecovery);
                    }
                    if ui.button("Discard").clicked() {
                        out.push(Command::DiscardRecovery);
                    }
                });
            });
    }
    for (i, n) in d.notices.iter().enumerate().rev().take(3) {
        ui.horizontal(|ui| {
            let color = if n.error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                out.push(Command::DismissNotice(i));
            }
            ui.add(egui::Label::new(RichText::new(&n.text).color(color)).wrap());
        });
    }
}

pub(super) fn diagnostics(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    let all = d.diagnostics();
    // What the customer will receive comes first; what concerns channels routing did not
    // choose for them is apart, folded, and counted apart.
    let (off_route, received): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        all.into_iter().partition(|x| x.off_route);
    ui.horizontal(|ui| {
        ui.strong("Diagnostics");
        ui.label(format!("{} for this customer", counts(&received)));
    });
    egui::ScrollArea::vertical()
        .id_salt("diagnostics-scroll")
        .auto_shrink([false, false])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            if received.is_empty() {
                ui.weak("No problems in what this customer receives.");
            }
            for diag in received {
                row(ui, diag, false, out);
            }
            if !off_route.is_empty() {
                egui::CollapsingHeader::new(format!(
                    "On channels this customer does not get ({})",
                    counts(&off_route)
                ))
                .id_salt("off-route")
                .default_open(false)
                .show(ui, |ui| {
                    for diag in off_route {
                        row(ui, diag, true, out);
                    }
                });
            }
        });
}

/// `1 error · 6 warnings · 16 notes`.
fn counts(list: &[&Diagnostic]) -> String {
    let count = |s| list.iter().filter(|x| x.severity == s).count();
    crate::diag::severity_counts(
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        " · ",
    )
}

/// One diagnostic: where, what; clicking one about a block selects the block. Those of
/// channels the customer does not get are drawn weak, whatever their severity.
fn row(ui: &mut Ui, diag: &Diagnostic, weak: bool, out: &mut Vec<Command>) {
    let (icon, color) = match diag.severity {
        Severity::Error => ("⛔", ui.visuals().error_fg_color),
        Severity::Warning => ("⚠", ui.visuals().warn_fg_color),
        Severity::Info => ("ℹ", ui.visuals().weak_text_color()),
    };
    let color = if weak {
        ui.visuals().weak_text_color()
    } else {
        color
    };
    let mut place = Vec::new();
    if let Some(c) = diag.channel {
        place.push(c.noun().to_owned());
    }
    if let Some(b) = &diag.block {
        place.push(b.clone());
    }
    if let Some(f) = &diag.field {
        place.push(f.clone());
    }
    if let Some(p) = diag.pos {
        place.push(format!("line {}, column {}", p.line, p.col));
    }
    let text = if place.is_empty() {
        format!("{icon} {}", diag.message)
    } else {
        format!("{icon} {}: {}", place.join(" · "), diag.message)
    };
    let r = ui.add(
        egui::Label::new(RichText::new(text).color(color))
            .sense(egui::Sense::click())
            .truncate(),
    );
    if diag.block.is_some() {
        let r = r.on_hover_text("Click to select the block");
        if r.clicked() {
            out.push(Command::Select(diag.block.clone()));
        }
    }
}
