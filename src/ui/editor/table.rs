//! A table block: its list, each column's header, cell and alignment, footer cells and the
//! text for an empty list.

use super::Ctx;
use crate::app::edit::{Edit, TextField};
use crate::model::{Align, BlockField, Column};
use eframe::egui::{self, Ui};

pub(super) fn show(ui: &mut Ui, cx: &mut Ctx, id: &str, columns: &[Column], footer_cells: usize) {
    let id = id.to_owned();
    let f = |field: BlockField| TextField::of_block(&id, field);
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
    for i in 0..footer_cells {
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
