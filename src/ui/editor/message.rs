//! The message settings, shown when no block is selected: subject, preheader, brand colours,
//! logo and sender.

use super::Ctx;
use crate::app::edit::{BrandColour, Edit, SenderField, TextField};
use eframe::egui::{self, Ui};

pub(super) fn show(ui: &mut Ui, cx: &mut Ctx) {
    cx.text(ui, TextField::Subject, "Subject", false);
    cx.text(ui, TextField::Preheader, "Preheader", false);
    ui.add_space(8.0);
    ui.strong("Brand");
    let brand = cx.d.ws.project.brand.clone();
    if let Some(name) = &brand.library {
        // Kept once for every message: shown here, changed in its own file.
        let file =
            cx.d.ws
                .library
                .dir
                .join("brands")
                .join(format!("{name}.ron"));
        ui.weak(format!(
            "The library's brand “{name}”, kept in {} for every message that uses it.",
            crate::ui::library::near(cx.d, &file)
        ));
    }
    ui.add_enabled_ui(brand.library.is_none(), |ui| {
        brand_and_sender(ui, cx, &brand)
    });
}

fn brand_and_sender(ui: &mut Ui, cx: &mut Ctx, brand: &crate::model::BrandField) {
    egui::Grid::new("brand").num_columns(2).show(ui, |ui| {
        for colour in BrandColour::ALL {
            ui.label(match colour {
                BrandColour::Primary => "Primary",
                BrandColour::OnPrimary => "On primary",
                BrandColour::Text => "Text",
                BrandColour::Background => "Background",
                BrandColour::Canvas => "Canvas",
            });
            let current = colour.get(brand);
            let mut color = crate::ui::hex_color(current);
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
            let mut v = field.get(brand).clone();
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
