//! "Insert variable": a field of the current record, put at the cursor of the text field
//! edited last.

use super::Ctx;
use crate::app::edit::Edit;
use eframe::egui::{self, Ui};

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

pub(super) fn menu(ui: &mut Ui, cx: &mut Ctx) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths_flatten_nested_fields() {
        let v = serde_json::json!({"a": 1, "b": {"c": "x", "d": [1]}});
        assert_eq!(record_paths(&v), ["a", "b.c", "b.d"]);
    }
}
