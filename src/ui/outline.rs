//! The block outline: the message settings, then every block in order (groups indented),
//! with selection, drag-to-reorder and buttons to add, move, duplicate and delete.

use super::commands::UiCommand;
use crate::app::{Command, Designer};
use crate::diag::Severity;
use crate::model::{Block, BlockKind, Kind};
use eframe::egui::{self, RichText, Ui};

/// Drag payload: the id of the block being dragged.
struct Dragged(String);

pub fn show(ui: &mut Ui, d: &Designer, out: &mut Vec<Command>) {
    let editing = d.review.mode == crate::app::Mode::Edit;
    ui.horizontal(|ui| {
        ui.strong("Blocks");
        if !editing {
            ui.weak("(read-only in review mode)");
            return;
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("➕ Add", |ui| {
                for kind in Kind::ALL {
                    if ui.button(kind_label(kind)).clicked() {
                        out.push(Command::AddBlock {
                            kind,
                            after: d.editing.selected.clone(),
                        });
                    }
                }
            })
            .response
            .on_hover_text("Add a block after the selected one (inside it, for a condition group)");
            if let Some(id) = &d.editing.selected {
                let delete = UiCommand::DeleteBlock;
                if ui
                    .small_button("Delete")
                    .on_hover_text(delete.hover_text(ui.ctx()))
                    .clicked()
                {
                    out.push(Command::RemoveBlock(id.clone()));
                }
                let duplicate = UiCommand::DuplicateBlock;
                if ui
                    .small_button("Duplicate")
                    .on_hover_text(duplicate.hover_text(ui.ctx()))
                    .clicked()
                {
                    out.push(Command::DuplicateBlock(id.clone()));
                }
                if ui.small_button("⏷").on_hover_text("Move down").clicked() {
                    out.push(Command::ShiftBlock(id.clone(), 1));
                }
                if ui.small_button("⏶").on_hover_text("Move up").clicked() {
                    out.push(Command::ShiftBlock(id.clone(), -1));
                }
            }
        });
    });
    egui::ScrollArea::vertical()
        .id_salt("outline-scroll")
        .max_height(ui.available_height() * 0.5)
        .auto_shrink([false, true])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            if ui
                .selectable_label(
                    d.editing.selected.is_none(),
                    "✉ Message: subject, brand, sender",
                )
                .clicked()
            {
                out.push(Command::Select(None));
            }
            rows(ui, d, &d.ws.project.content.blocks, 0, out);
            // Dropping below the last row moves a block to the end; the zone is there, and
            // says so, only while a block is dragged.
            if !egui::DragAndDrop::has_payload_of_type::<Dragged>(ui.ctx()) {
                return;
            }
            let (_, end) = ui.dnd_drop_zone::<Dragged, ()>(egui::Frame::new(), |ui| {
                ui.set_width(ui.available_width());
                ui.weak("Drop here to move it to the end");
            });
            if let Some(p) = end {
                out.push(Command::MoveBefore {
                    id: p.0.clone(),
                    before: None,
                });
            }
        });
}

fn rows(ui: &mut Ui, d: &Designer, blocks: &[Block], depth: usize, out: &mut Vec<Command>) {
    let diags = d.diagnostics();
    for b in blocks {
        let worst = diags
            .iter()
            .filter(|x| x.block.as_deref() == Some(&b.id))
            .map(|x| x.severity)
            .max();
        let mark = match worst {
            Some(Severity::Error) => " ⛔",
            Some(Severity::Warning) => " ⚠",
            _ => "",
        };
        let channels = match &b.channels {
            None => "all".to_owned(),
            Some(cs) => cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "),
        };
        let lock = if d.is_locked(&b.id) { " 🔒" } else { "" };
        let open = crate::review::comments::open_on(&d.review.threads, &b.id);
        let badge = if open > 0 {
            format!(" 💬{open}")
        } else {
            String::new()
        };
        let text = format!("{}{lock}{badge}{mark}", b.id);
        let selected = d.editing.selected.as_deref() == Some(b.id.as_str());
        let id = ui.scope_id().with(("outline", &b.id));
        let row = ui.horizontal(|ui| {
            ui.add_space(depth as f32 * 16.0);
            if d.review.mode == crate::app::Mode::Edit {
                let drag = ui.dnd_drag_source(id, Dragged(b.id.clone()), |ui| {
                    ui.label(RichText::new("☰").weak());
                });
                drag.response.on_hover_text("Drag to move");
            }
            let r = ui.selectable_label(selected, RichText::new(text).strong());
            ui.label(
                RichText::new(format!("{} · {channels}", b.kind.kind().name()))
                    .weak()
                    .small(),
            );
            r
        });
        let r = row.inner;
        if r.clicked() {
            out.push(Command::Select(Some(b.id.clone())));
        }
        let whole = row.response;
        if let Some(p) = whole.dnd_hover_payload::<Dragged>()
            && p.0 != b.id
        {
            let y = whole.rect.top();
            ui.painter().hline(
                whole.rect.x_range(),
                y,
                egui::Stroke::new(2.0, ui.visuals().selection.bg_fill),
            );
        }
        if let Some(p) = whole.dnd_release_payload::<Dragged>()
            && p.0 != b.id
        {
            out.push(Command::MoveBefore {
                id: p.0.clone(),
                before: Some(b.id.clone()),
            });
        }
        if let BlockKind::Group { blocks, .. } = &b.kind {
            rows(ui, d, blocks, depth + 1, out);
        }
    }
}

/// What the Add menu calls a kind.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Heading => "Heading",
        Kind::Text => "Text",
        Kind::Button => "Button",
        Kind::Image => "Image",
        Kind::Table => "Table",
        Kind::Divider => "Divider",
        Kind::Signature => "Signature",
        Kind::Legal => "Legal footer",
        Kind::Group => "Condition group",
        Kind::Snippet => "Library snippet",
    }
}
