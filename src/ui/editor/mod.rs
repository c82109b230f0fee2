//! The editor of the selected block (or of the message settings when no block is selected).
//! Every change is sent as a typed [`Edit`]; the designer applies it.

mod channels;
mod group;
mod image;
mod message;
mod snippet;
mod table;
mod variables;

use super::View;
use super::template_text;
use crate::app::blocks;
use crate::app::edit::{Edit, TextField};
use crate::app::{Command, Designer};
use crate::diag::Diagnostic;
use crate::model::{Block, BlockField, BlockKind};
use eframe::egui::{self, Ui};

struct Ctx<'a> {
    d: &'a Designer,
    view: &'a mut View,
    out: &'a mut Vec<Command>,
    diags: Vec<&'a Diagnostic>,
}

impl Ctx<'_> {
    /// One template field.
    fn text(&mut self, ui: &mut Ui, field: TextField, label: &str, multiline: bool) {
        let Some(mut value) = field.get(&self.d.ws.project).cloned() else {
            return;
        };
        let (block, name) = field.diagnostic_place();
        let errors: Vec<&Diagnostic> = self
            .diags
            .iter()
            .copied()
            .filter(|x| {
                x.block.as_deref() == block
                    && x.field.as_deref() == Some(&*name)
                    && x.code.is_template()
            })
            .collect();
        let key = field.to_string();
        let edited = template_text::field(ui, &key, label, &mut value, multiline, &errors);
        if let Some(c) = edited.cursor {
            self.view.cursor = Some((field.clone(), c));
        }
        if edited.changed {
            self.edit(Edit::SetText(field, value));
        }
    }

    fn edit(&mut self, edit: Edit) {
        self.out.push(Command::Edit(edit));
    }
}

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let diags = d.diagnostics();
    let mut cx = Ctx {
        d,
        view,
        out,
        diags,
    };
    ui.horizontal(|ui| {
        ui.strong(match &d.editing.selected {
            Some(id) => format!("Block “{id}”"),
            None => "Message".to_owned(),
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            variables::menu(ui, &mut cx);
        });
    });
    ui.add_space(4.0);
    match d
        .editing
        .selected
        .as_deref()
        .and_then(|id| blocks::find(&d.ws.project, id))
    {
        Some(b) => block(ui, &mut cx, b),
        None => message::show(ui, &mut cx),
    }
}

/// The selected block: the editor of its kind, then its channels and wording.
fn block(ui: &mut Ui, cx: &mut Ctx, b: &Block) {
    let id = b.id.clone();
    let f = |field: BlockField| TextField::of_block(&id, field);
    match &b.kind {
        BlockKind::Heading { .. } => cx.text(ui, f(BlockField::Text), "Heading", false),
        BlockKind::Text { .. } => cx.text(
            ui,
            f(BlockField::Text),
            "Text (Markdown: **bold**, _italic_, [link](url))",
            true,
        ),
        BlockKind::Signature { .. } => cx.text(ui, f(BlockField::Text), "Signature", true),
        BlockKind::Legal { .. } => cx.text(ui, f(BlockField::Text), "Legal text", true),
        BlockKind::Button { .. } => {
            cx.text(ui, f(BlockField::Label), "Label", false);
            cx.text(ui, f(BlockField::Url), "Link (https, mailto or tel)", false);
        }
        BlockKind::Image { asset, .. } => image::show(ui, cx, &id, asset),
        BlockKind::Group { .. } => group::show(ui, cx, &id),
        BlockKind::Snippet(s) => snippet::show(ui, cx, s),
        BlockKind::Divider => {
            ui.weak("A divider has no text.");
        }
        BlockKind::Table {
            columns, footer, ..
        } => table::show(ui, cx, &id, columns, footer.len()),
    }
    channels::show(ui, cx, b);
}
