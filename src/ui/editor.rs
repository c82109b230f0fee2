//! The editor of the selected block (or of the message settings when no block is selected).
//! Every change becomes a `Command::Edit` with the whole changed project and a field key.

use super::View;
use super::template_text;
use crate::app::blocks;
use crate::app::{Command, Designer};
use crate::diag::Diagnostic;
use crate::model::{Align, Block, BlockKind, Channel, Project};
use eframe::egui::{self, Ui};

/// The text a field key names: `subject`, `preheader`, or `<block>/<field>` with the field
/// named as diagnostics name it (see [`crate::model::Block::template_mut`]).
pub fn field_mut<'a>(p: &'a mut Project, key: &str) -> Option<&'a mut String> {
    match key {
        "subject" => Some(&mut p.content.subject),
        "preheader" => Some(&mut p.content.preheader),
        _ => {
            let (block, field) = key.split_once('/')?;
            blocks::find_mut(p, block)?.template_mut(field)
        }
    }
}

/// A copy of the text `key` names (see [`field_mut`]), without copying the project.
fn field_value(p: &Project, key: &str) -> Option<String> {
    match key {
        "subject" => Some(p.content.subject.clone()),
        "preheader" => Some(p.content.preheader.clone()),
        _ => {
            let (block, field) = key.split_once('/')?;
            blocks::find(p, block)?.clone().template_mut(field).cloned()
        }
    }
}

struct Ctx<'a> {
    d: &'a Designer,
    view: &'a mut View,
    out: &'a mut Vec<Command>,
    diags: Vec<&'a Diagnostic>,
}

impl Ctx<'_> {
    /// One template field bound to `key`.
    fn text(&mut self, ui: &mut Ui, key: &str, label: &str, multiline: bool) {
        let (block, field) = match key.split_once('/') {
            Some((b, f)) => (Some(b), f),
            None => (None, key),
        };
        // Drawn every frame: copy the one field, and the project only once it changed.
        let Some(mut value) = field_value(&self.d.ws.project, key) else {
            return;
        };
        let errors: Vec<&Diagnostic> = self
            .diags
            .iter()
            .copied()
            .filter(|x| {
                x.block.as_deref() == block
                    && x.field.as_deref() == Some(field)
                    && x.code.is_template()
            })
            .collect();
        let edited = template_text::field(ui, key, label, &mut value, multiline, &errors);
        if let Some(c) = edited.cursor {
            self.view.cursor = Some((key.to_owned(), c));
        }
        if edited.changed {
            self.change(key, |p| {
                if let Some(s) = field_mut(p, key) {
                    *s = value;
                }
            });
        }
    }

    /// Any other change to the project, made by `change` on a copy.
    fn change(&mut self, key: &str, change: impl FnOnce(&mut Project)) {
        let mut p = self.d.ws.project.clone();
        change(&mut p);
        self.out.push(Command::Edit {
            key: key.to_owned(),
            project: Box::new(p),
        });
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
                            let (key, at) = (key.clone(), *at);
                            cx.change(&key, |p| {
                                if let Some(s) = field_mut(p, &key) {
                                    let byte = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
                                    s.insert_str(byte, &format!("{{{{ {path} }}}}"));
                                }
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
    cx.text(ui, "subject", "Subject", false);
    cx.text(ui, "preheader", "Preheader", false);
    ui.add_space(8.0);
    ui.strong("Brand");
    let brand = cx.d.ws.project.brand.clone();
    egui::Grid::new("brand").num_columns(2).show(ui, |ui| {
        for (label, key) in [
            ("Primary", "primary"),
            ("On primary", "on_primary"),
            ("Text", "text"),
            ("Background", "background"),
            ("Canvas", "canvas"),
        ] {
            ui.label(label);
            let current = match key {
                "primary" => &brand.primary,
                "on_primary" => &brand.on_primary,
                "text" => &brand.text,
                "background" => &brand.background,
                _ => &brand.canvas,
            };
            let mut color = super::hex_color(current);
            ui.horizontal(|ui| {
                if ui.color_edit_button_srgba(&mut color).changed() {
                    let hex = format!("#{:02x}{:02x}{:02x}", color.r(), color.g(), color.b());
                    cx.change(&format!("brand/{key}"), |p| {
                        let b = &mut p.brand;
                        *match key {
                            "primary" => &mut b.primary,
                            "on_primary" => &mut b.on_primary,
                            "text" => &mut b.text,
                            "background" => &mut b.background,
                            _ => &mut b.canvas,
                        } = hex;
                    });
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
                cx.change("brand/logo", |p| p.brand.logo = Some(rel));
            }
            if brand.logo.is_some() && ui.button("Remove").clicked() {
                cx.change("brand/logo", |p| p.brand.logo = None);
            }
        });
        ui.end_row();
    });
    ui.add_space(8.0);
    ui.strong("Sender");
    let sender = brand.sender.clone();
    egui::Grid::new("sender").num_columns(2).show(ui, |ui| {
        let fields: [(&str, &str, &String); 5] = [
            ("Company", "company", &sender.company),
            ("Email", "email", &sender.email),
            ("Email name", "email_name", &sender.email_name),
            ("SMS sender id", "sms", &sender.sms_sender_id),
            ("Chat business", "chat", &sender.chat_business_name),
        ];
        for (label, key, value) in fields {
            let l = ui.label(label);
            let mut v = value.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut v).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
            {
                cx.change(&format!("sender/{key}"), |p| {
                    let s = &mut p.brand.sender;
                    *match key {
                        "company" => &mut s.company,
                        "email" => &mut s.email,
                        "email_name" => &mut s.email_name,
                        "sms" => &mut s.sms_sender_id,
                        _ => &mut s.chat_business_name,
                    } = v;
                });
            }
            ui.end_row();
        }
        let l = ui.label("Address");
        let mut addr = sender.address.join("\n");
        if ui
            .add(egui::TextEdit::multiline(&mut addr).desired_rows(2))
            .labelled_by(l.id)
            .changed()
        {
            cx.change("sender/address", |p| {
                p.brand.sender.address = addr.split('\n').map(str::to_owned).collect();
            });
        }
        ui.end_row();
    });
}

fn block(ui: &mut Ui, cx: &mut Ctx, b: &Block) {
    let id = b.id.clone();
    let k = |f: &str| format!("{id}/{f}");
    match &b.kind {
        BlockKind::Heading { .. } => cx.text(ui, &k("text"), "Heading", false),
        BlockKind::Text { .. } => cx.text(
            ui,
            &k("text"),
            "Text (Markdown: **bold**, _italic_, [link](url))",
            true,
        ),
        BlockKind::Signature { .. } => cx.text(ui, &k("text"), "Signature", true),
        BlockKind::Legal { .. } => cx.text(ui, &k("text"), "Legal text", true),
        BlockKind::Button { .. } => {
            cx.text(ui, &k("label"), "Label", false);
            cx.text(ui, &k("url"), "Link (https, mailto or tel)", false);
        }
        BlockKind::Image { asset, .. } => {
            ui.horizontal(|ui| {
                ui.label(format!("Image file: {asset}"));
                if ui.button("Choose…").clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .add_filter("Image", &["png", "svg", "jpg", "jpeg"])
                        .pick_file()
                {
                    let rel = crate::app::files::relative(&path, cx.d.ws.base());
                    cx.change(&k("asset"), |p| {
                        if let Some(Block {
                            kind: BlockKind::Image { asset, .. },
                            ..
                        }) = blocks::find_mut(p, &id)
                        {
                            *asset = rel;
                        }
                    });
                }
            });
            cx.text(ui, &k("alt"), "Alternative text", false);
        }
        BlockKind::Group { .. } => {
            cx.text(
                ui,
                &k("when"),
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
                &k("source"),
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
                        cx.change(&k("align"), |p| {
                            if let Some(Block {
                                kind: BlockKind::Table { columns, .. },
                                ..
                            }) = blocks::find_mut(p, &id)
                            {
                                columns[i].align = align;
                            }
                        });
                    }
                    if ui
                        .small_button("🗑")
                        .on_hover_text("Remove column")
                        .clicked()
                    {
                        cx.change(&k("columns"), |p| {
                            if let Some(Block {
                                kind: BlockKind::Table { columns, .. },
                                ..
                            }) = blocks::find_mut(p, &id)
                            {
                                columns.remove(i);
                            }
                        });
                    }
                });
                cx.text(ui, &k(&format!("column{}.header", i + 1)), "Header", false);
                cx.text(
                    ui,
                    &k(&format!("column{}.value", i + 1)),
                    "Cell (the row is `item`)",
                    false,
                );
            }
            if ui.button("➕ Column").clicked() {
                cx.change(&k("columns"), |p| {
                    if let Some(Block {
                        kind: BlockKind::Table { columns, .. },
                        ..
                    }) = blocks::find_mut(p, &id)
                    {
                        columns.push(crate::model::Column {
                            header: "Header".into(),
                            value: "{{ item.name }}".into(),
                            align: Align::Left,
                        });
                    }
                });
            }
            for i in 0..footer.len() {
                cx.text(
                    ui,
                    &k(&format!("footer{}", i + 1)),
                    &format!("Footer cell {}", i + 1),
                    false,
                );
            }
            cx.text(ui, &k("empty"), "Shown when the list is empty", false);
        }
    }
    ui.add_space(8.0);
    ui.strong("Channels");
    ui.horizontal(|ui| {
        let mut all = b.channels.is_none();
        if ui.checkbox(&mut all, "All").changed() {
            cx.change(&k("channels"), |p| {
                if let Some(x) = blocks::find_mut(p, &id) {
                    x.channels = if all {
                        None
                    } else {
                        Some(Channel::ALL.to_vec())
                    };
                }
            });
        }
        for c in Channel::ALL {
            let mut on = b.channels.as_ref().is_none_or(|cs| cs.contains(&c));
            if ui
                .add_enabled(!all, egui::Checkbox::new(&mut on, c.name()))
                .changed()
            {
                cx.change(&k("channels"), |p| {
                    if let Some(x) = blocks::find_mut(p, &id) {
                        let mut cs: Vec<Channel> = x.channels.clone().unwrap_or_default();
                        cs.retain(|y| *y != c);
                        if on {
                            cs.push(c);
                        }
                        cs.sort_by_key(|y| *y as u8);
                        x.channels = Some(cs);
                    }
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
            cx.change(&k(&format!("override.{}", c.name())), |p| {
                if let Some(x) = blocks::find_mut(p, &id) {
                    if on {
                        x.overrides.insert(c, String::new());
                    } else {
                        x.overrides.remove(&c);
                    }
                }
            });
        }
        if has {
            cx.text(
                ui,
                &k(&format!("override.{}", c.name())),
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
        cx.change(&k("required"), |p| {
            if let Some(x) = blocks::find_mut(p, &id) {
                x.required = required;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_keys_are_the_fields_diagnostics_name() {
        let path = std::path::Path::new("projects/invoice.ron");
        let mut p =
            crate::model::parse_project(&std::fs::read_to_string(path).unwrap(), path).unwrap();
        assert!(field_mut(&mut p, "subject").is_some());
        let table = p
            .all_blocks()
            .into_iter()
            .find(|b| matches!(b.kind, BlockKind::Table { .. }))
            .unwrap()
            .id
            .clone();
        *field_mut(&mut p, &format!("{table}/column1.value")).unwrap() = "{% if %}".into();
        let Some(Block {
            kind: BlockKind::Table { columns, .. },
            ..
        }) = blocks::find(&p, &table)
        else {
            panic!()
        };
        assert_eq!(columns[0].value, "{% if %}");
        // The engine reports the broken template under the same field name.
        let engine = crate::template::Engine::new(&p);
        let records = crate::model::load_records(&p.data, None, path.parent().unwrap()).unwrap();
        let msg = engine.resolve(
            &records[0],
            crate::template::ResolveOptions {
                channels: crate::template::ChannelSet::ALL,
                strict: false,
            },
        );
        let d = msg
            .diagnostics
            .iter()
            .find(|d| d.code == crate::diag::Code::TemplateSyntax)
            .unwrap();
        let key = format!(
            "{}/{}",
            d.block.as_deref().unwrap(),
            d.field.as_deref().unwrap()
        );
        assert_eq!(key, format!("{table}/column1.value"));
        assert!(field_mut(&mut p, "x/override.sms").is_none());
        assert!(field_mut(&mut p, "nope/text").is_none());
    }

    #[test]
    fn record_paths_flatten_nested_fields() {
        let v = serde_json::json!({"a": 1, "b": {"c": "x", "d": [1]}});
        assert_eq!(record_paths(&v), ["a", "b.c", "b.d"]);
    }
}
