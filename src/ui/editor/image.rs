//! An image block: the file and its alternative text.

use super::Ctx;
use crate::app::edit::{Edit, TextField};
use crate::model::BlockField;
use eframe::egui::Ui;

pub(super) fn show(ui: &mut Ui, cx: &mut Ctx, id: &str, asset: &str) {
    let id = id.to_owned();
    let f = |field: BlockField| TextField::of_block(&id, field);
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
