//! The editor of the selected block (or of the message settings when no block is selected).
//! Every change is sent as a typed [`Edit`]; the designer applies it.

use super::View;
use super::template_text;
use crate::app::blocks;
use crate::app::edit::{BrandColour, Edit, SenderField, TextField};
use crate::app::{Command, Designer};
use crate::diag::Diagnostic;
use crate::model::{Align, Block, BlockField, BlockKind, Channel};
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
        ui.strong(match &d.selected {
            Some(id) => format!("Block “{id}”"),
            None => "Message".to_owned(),
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            variables_menu(ui, &mut cx);
        });
    });
    ui.add_space(4.0);
    match d
        .selected
        .as_deref()
        .and_then(|id| blocks::find(&d.ws.project, id))
    {
        Some(b) => block(ui, &mut cx, b),
        None => message(ui, &mut cx),
    }
}

/// Every field of the current record as a dotted path, nested objects flattened.
pub fn record_paths(value: &serde_json::Value) -> Vec<String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&path, v, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

fn variables_menu(ui: &mut Ui, cx: &mut Ctx) {
    let Some(record) = cx.d.current_record() else {
        return;
    };
    let target = cx.view.cursor.clone();
    let r = ui.add_enabled_ui(target.is_some(), |ui| {
        ui.menu_button("{{ }} Insert variable", |ui| {
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for path in record_paths(&record.fields) {
                        let sample = record.get(&path).map(|v| v.to_string()).unwrap_or_default();
                        if ui
                            .button(path.clone())
                            .on_hover_text(format!("In this record: {sample}"))
                            .clicked()
                            && let Some((key, at)) = &target
                        {
                            cx.edit(Edit::InsertVariable {
                                field: key.clone(),
                                at_char: *at,
                                path,
                            });
                        }
                    }
                });
        })
    });
    r.response
        .on_hover_text("Put a field of the record at the cursor of the last text field you edited")
        .on_disabled_hover_text("Click into a text field first");
}

fn message(ui: &mut Ui, cx: &mut Ctx) {
    cx.text(ui, TextField::Subject, "Subject", false);
    cx.text(ui, TextField::Preheader, "Preheader", false);
    ui.add_space(8.0);
    ui.strong("Brand");
    let brand = cx.d.ws.project.brand.clone();
    egui::Grid::new("brand").num_columns(2).show(ui, |ui| {
        for colour in BrandColour::ALL {
            ui.label(match colour {
                BrandColour::Primary => "Primary",
                BrandColour::OnPrimary => "On primary",
                BrandColour::Text => "Text",
                BrandColour::Background => "Background",
                BrandColour::Canvas => "Canvas",
            });
            let current = colour.get(&brand);
            let mut color = super::hex_color(current);
            ui.horizontal(|ui| {
                if ui.color_edit_button_srgba(&mut color).changed() {
                    let hex = format!("#{:02x}{:02x}{:02x}", color.r(), color.g(), color.b());
                    cx.edit(Edit::SetBrandColour(colour, hex));
                }
                ui.monospace(current);
            });
            ui.end_row();
        }
        ui.label("Logo");
        ui.horizontal(|ui| {
            ui.label(brand.logo.as_deref().unwrap_or("none"));
            if ui.button("Choose…").clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("Image", &["png", "svg", "jpg", "jpeg"])
                    .pick_file()
            {
                let rel = crate::app::files::relative(&path, cx.d.ws.base());
                cx.edit(Edit::SetLogo(Some(rel)));
            }
            if brand.logo.is_some() && ui.button("Remove").clicked() {
                cx.edit(Edit::SetLogo(None));
            }
        });
        ui.end_row();
    });
    ui.add_space(8.0);
    ui.strong("Sender");
    egui::Grid::new("sender").num_columns(2).show(ui, |ui| {
        for field in SenderField::ALL {
            let l = ui.label(match field {
                SenderField::Company => "Company",
                SenderField::Email => "Email",
                SenderField::EmailName => "Email name",
                SenderField::SmsSenderId => "SMS sender id",
                SenderField::ChatBusinessName => "Chat business",
            });
            let mut v = field.get(&brand).clone();
            if ui
                .add(egui::TextEdit::singleline(&mut v).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                cx.edit(Edit::SetSender(field, v));
            }
            ui.end_row();
        }
        let l = ui.label("Address");
        let mut addr = brand.sender.address.join("\n");
        if ui
            .add(egui::TextEdit::multiline(&mut addr).desired_rows(2))
            .labelled_by(l.id)
            .changed()
        {
            let lines = addr.split('\n').map(str::to_owned).collect();
            cx.edit(Edit::SetSenderAddress(lines));
        }
        ui.end_row();
    });
}

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
        BlockKind::Image { asset, .. } => {
            ui.horizontal(|ui| {
                ui.label(format!("Image file: {asset}"));
                if ui.button("Choose…").clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .add_filter("Image", &["png", "svg", "jpg", "jpeg"])
                        .pick_file()
                {
                    let asset = crate::app::files::relative(&path, cx.d.ws.base());
                    cx.edit(Edit::SetImage {
                        block: id.clone(),
                        asset,
                    });
                }
            });
            cx.text(ui, f(BlockField::Alt), "Alternative text", false);
        }
        BlockKind::Group { .. } => {
            cx.text(
                ui,
                f(BlockField::When),
                "Show the blocks inside when (expression)",
                false,
            );
            ui.weak("With the group selected, Add puts a new block inside it; drag blocks onto one inside it to move them in.");
        }
        BlockKind::Divider => {
            ui.weak("A divider has no text.");
        }
        BlockKind::Table {
            columns, footer, ..
        } => {
            cx.text(
                ui,
                f(BlockField::Source),
                "List in the record (e.g. invoice.items)",
                false,
            );
            for (i, c) in columns.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.strong(format!("Column {}", i + 1));
                    let mut align = c.align;
                    egui::ComboBox::from_id_salt(("align", &id, i))
                        .selected_text(format!("{align:?}"))
                        .show_ui(ui, |ui| {
                            for a in [Align::Left, Align::Center, Align::Right] {
                                ui.selectable_value(&mut align, a, format!("{a:?}"));
                            }
                        });
                    if align != c.align {
                        cx.edit(Edit::SetColumnAlign {
                            block: id.clone(),
                            column: i,
                            align,
                        });
                    }
                    if ui
                        .small_button("🗑")
                        .on_hover_text("Remove column")
                        .clicked()
                    {
                        cx.edit(Edit::RemoveColumn {
                            block: id.clone(),
                            column: i,
                        });
                    }
                });
                cx.text(ui, f(BlockField::ColumnHeader(i)), "Header", false);
                cx.text(
                    ui,
                    f(BlockField::ColumnValue(i)),
                    "Cell (the row is `item`)",
                    false,
                );
            }
            if ui.button("➕ Column").clicked() {
                cx.edit(Edit::AddColumn { block: id.clone() });
            }
            for i in 0..footer.len() {
                cx.text(
                    ui,
                    f(BlockField::Footer(i)),
                    &format!("Footer cell {}", i + 1),
                    false,
                );
            }
            cx.text(
                ui,
                f(BlockField::Empty),
                "Shown when the list is empty",
                false,
            );
        }
    }
    ui.add_space(8.0);
    ui.strong("Channels");
    ui.horizontal(|ui| {
        let mut all = b.channels.is_none();
        if ui.checkbox(&mut all, "All").changed() {
            cx.edit(Edit::SetChannels {
                block: id.clone(),
                channels: (!all).then(|| Channel::ALL.to_vec()),
            });
        }
        for c in Channel::ALL {
            let mut on = b.channels.as_ref().is_none_or(|cs| cs.contains(&c));
            if ui
                .add_enabled(!all, egui::Checkbox::new(&mut on, c.name()))
                .changed()
            {
                let mut cs: Vec<Channel> = b.channels.clone().unwrap_or_default();
                cs.retain(|y| *y != c);
                if on {
                    cs.push(c);
                }
                cs.sort_by_key(|y| *y as u8);
                cx.edit(Edit::SetChannels {
                    block: id.clone(),
                    channels: Some(cs),
                });
            }
        }
    });
    ui.add_space(8.0);
    ui.strong("Wording per channel");
    ui.weak("Replaces this block's text on one channel, e.g. a shorter SMS.");
    for c in Channel::ALL {
        let has = b.overrides.contains_key(&c);
        let mut on = has;
        if ui
            .checkbox(&mut on, format!("Own wording for {}", c.name()))
            .changed()
        {
            cx.edit(Edit::SetOverride {
                block: id.clone(),
                channel: c,
                on,
            });
        }
        if has {
            cx.text(
                ui,
                f(BlockField::Override(c)),
                &format!("{} wording", c.name()),
                true,
            );
        }
    }
    ui.add_space(8.0);
    let mut required = b.required;
    if ui
        .checkbox(&mut required, "Required on every channel (legal notices)")
        .changed()
    {
        cx.edit(Edit::SetRequired {
            block: id.clone(),
            required,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths_flatten_nested_fields() {
        let v = serde_json::json!({"a": 1, "b": {"c": "x", "d": [1]}});
        assert_eq!(record_paths(&v), ["a", "b.c", "b.d"]);
    }
}
