//! The window of a library snippet being edited: its texts, the messages that use it (those
//! an approval covers will be stale once it is saved), Save and Close. The previews behind
//! show the working copy inside the open project.

use crate::app::snippet_edit::text_fields;
use crate::app::{Command, Designer};
use crate::model::library::LibraryKind;
use crate::model::{Block, BlockField, BlockKind};
use crate::review::State;
use eframe::egui::{self, RichText, Ui};

/// The snippet window, while a snippet is open for editing.
pub fn window(ctx: &egui::Context, d: &Designer, view: &mut super::View, out: &mut Vec<Command>) {
    let Some(edit) = &d.snippet else { return };
    let mut open = true;
    egui::Window::new(format!("Snippet “{}”", edit.name))
        .open(&mut open)
        .default_pos([380.0, 140.0])
        .default_width(460.0)
        .show(ctx, |ui| {
            ui.weak(super::library::near(d, &edit.path));
            if !edit.working.owner.is_empty() {
                ui.weak(format!("Owner: {}", edit.working.owner));
            }
            stale_bar(ui, d, &edit.name);
            shown_in(ui, d, view, &edit.name, out);
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (block, field) in text_fields(&edit.working.blocks) {
                        let Some(current) =
                            find(&edit.working.blocks, &block).and_then(|b| b.template(&field))
                        else {
                            continue;
                        };
                        let label = match &field {
                            BlockField::Override(c) => format!("{block} · wording for {c}"),
                            f => format!("{block} · {f}"),
                        };
                        let l = ui.label(&label);
                        let mut text = current.clone();
                        if ui
                            .add(
                                egui::TextEdit::multiline(&mut text)
                                    .desired_rows(2)
                                    .desired_width(f32::INFINITY),
                            )
                            .labelled_by(l.id)
                            .changed()
                        {
                            out.push(Command::SetSnippetText {
                                block: block.clone(),
                                field: field.clone(),
                                text,
                            });
                        }
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(edit.is_modified(), egui::Button::new("Save snippet"))
                    .clicked()
                {
                    out.push(Command::SaveSnippet);
                }
                if ui
                    .button(if edit.is_modified() {
                        "Discard changes"
                    } else {
                        "Close"
                    })
                    .clicked()
                {
                    out.push(Command::CloseSnippet);
                }
            });
        });
    if !open {
        out.push(Command::CloseSnippet);
    }
}

/// The messages that use the snippet: those approved now lose their approval on saving.
fn stale_bar(ui: &mut Ui, d: &Designer, name: &str) {
    let users: Vec<_> = d
        .folder
        .messages
        .iter()
        .filter(|m| m.uses(LibraryKind::Snippet, name))
        .collect();
    let approved: Vec<String> = users
        .iter()
        .filter(|m| matches!(&m.status, Ok(s) if s.state == State::Approved))
        .map(|m| file_name(&m.path))
        .collect();
    if approved.is_empty() {
        ui.label(format!(
            "Used by {} messages; none of them is approved now.",
            users.len()
        ));
    } else {
        ui.label(
            RichText::new(format!(
                "⚠ Saving makes these approved messages stale: {}",
                approved.join(", ")
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
    let all: Vec<String> = users
        .iter()
        .map(|m| format!("{} ({})", file_name(&m.path), m.state_words(None)))
        .collect();
    if !all.is_empty() {
        ui.weak(format!("Used by: {}", all.join(", ")));
    }
}

/// Which message the previews show the snippet in: the open one, or another that uses it.
fn shown_in(ui: &mut Ui, d: &Designer, view: &mut super::View, name: &str, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let l = ui.label("Previews show it in");
        egui::ComboBox::from_id_salt("snippet-host")
            .selected_text(file_name(&d.ws.path))
            .show_ui(ui, |ui| {
                for m in &d.folder.messages {
                    if m.uses(LibraryKind::Snippet, name)
                        && m.path != d.ws.path
                        && ui.selectable_label(false, file_name(&m.path)).clicked()
                    {
                        super::files::ask_or(view, d, super::Pending::Open(m.path.clone()), out);
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned())
}

fn find<'a>(blocks: &'a [Block], id: &str) -> Option<&'a Block> {
    blocks.iter().find_map(|b| match &b.kind {
        _ if b.id == id => Some(b),
        BlockKind::Group { blocks, .. } => find(blocks, id),
        _ => None,
    })
}
