//! A library snippet in the message: what it is and where it is kept. Its blocks are the
//! library's, shown here as they read, and changed in the snippet's own file.

use super::Ctx;
use crate::model::{Block, BlockKind, SnippetRef};
use eframe::egui::{self, Ui};

pub(super) fn show(ui: &mut Ui, cx: &mut Ctx, snippet: &SnippetRef) {
    let lib = &cx.d.ws.library;
    let file = lib.snippets.get(&snippet.name);
    ui.label(format!("Library snippet “{}”", snippet.name));
    match file {
        Some(f) => {
            ui.weak(format!(
                "Kept in {}",
                crate::ui::library::near(cx.d, &f.path)
            ));
            if let Ok(s) = &f.parsed {
                if !s.owner.is_empty() {
                    ui.weak(format!("Owner: {}", s.owner));
                }
                if !s.description.is_empty() {
                    ui.label(&s.description);
                }
                if !s.fields.is_empty() {
                    ui.weak(format!("Record fields it uses: {}", s.fields.join(", ")));
                }
            }
        }
        None => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "The library has no snippet of this name.",
            );
        }
    }
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        for b in snippet.blocks.iter() {
            block_text(ui, b);
        }
    });
    ui.weak("Every message that uses this snippet shows the same blocks: change them in the snippet's file, which needs its own approval.");
    if ui
        .add_enabled(
            file.is_some() && cx.d.snippet.is_none(),
            egui::Button::new("Edit the snippet"),
        )
        .on_hover_text("Its texts, for every message that uses it; the previews show this one")
        .clicked()
    {
        cx.out
            .push(crate::app::Command::EditSnippet(snippet.name.clone()));
    }
    if ui
        .add_enabled(!snippet.blocks.is_empty(), egui::Button::new("Detach: make it this message's own"))
        .on_hover_text("Copies the snippet's blocks into the message; later changes of the snippet no longer reach it")
        .clicked()
        && let Some(id) = cx.d.editing.selected.clone()
    {
        cx.out.push(crate::app::Command::DetachSnippet(id));
    }
}

/// A snippet block's main text, read-only.
fn block_text(ui: &mut Ui, b: &Block) {
    let text = match &b.kind {
        BlockKind::Heading { text }
        | BlockKind::Text { text }
        | BlockKind::Signature { text }
        | BlockKind::Legal { text } => text.clone(),
        BlockKind::Button { label, url } => format!("{label} → {url}"),
        BlockKind::Image { alt, .. } => format!("[image: {alt}]"),
        BlockKind::Table { source, .. } => format!("[table of {source}]"),
        BlockKind::Divider => "———".into(),
        BlockKind::Group { when, blocks } => {
            ui.weak(format!("when {when}:"));
            for c in blocks {
                block_text(ui, c);
            }
            return;
        }
        BlockKind::Snippet(s) => {
            ui.weak(format!("snippet “{}”:", s.name));
            for c in s.blocks.iter() {
                block_text(ui, c);
            }
            return;
        }
    };
    ui.label(text);
}
