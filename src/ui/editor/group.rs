//! A condition group: the expression that shows the blocks inside.

use super::Ctx;
use crate::app::edit::TextField;
use crate::model::BlockField;
use eframe::egui::Ui;

pub(super) fn show(ui: &mut Ui, cx: &mut Ctx, id: &str) {
    let f = |field: BlockField| TextField::of_block(id, field);
    cx.text(
        ui,
        f(BlockField::When),
        "Show the blocks inside when (expression)",
        false,
    );
    ui.weak("With the group selected, Add puts a new block inside it; drag blocks onto one inside it to move them in.");
}
