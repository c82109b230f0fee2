//! Open Sans, shipped with Prism, for the message previews beside egui's own font.

use eframe::egui;

/// Open Sans (shipped with Prism) for the message previews, beside egui's own UI font.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let names = [
        "open-sans",
        "open-sans-bold",
        "open-sans-italic",
        "open-sans-bold-italic",
    ];
    for (name, bytes) in names.iter().zip(crate::render::print::fonts::FONTS) {
        fonts.font_data.insert(
            (*name).to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        let mut list = vec![(*name).to_owned()];
        // egui's default fonts carry the symbols Open Sans lacks (arrows, emoji).
        list.extend(
            fonts.families[&egui::FontFamily::Proportional]
                .iter()
                .cloned(),
        );
        fonts
            .families
            .insert(egui::FontFamily::Name((*name).into()), list);
    }
    ctx.set_fonts(fonts);
}

/// The preview font: Open Sans in the given style.
pub fn preview_font(size_px: f32, bold: bool, italic: bool) -> egui::FontId {
    let name = match (bold, italic) {
        (false, false) => "open-sans",
        (true, false) => "open-sans-bold",
        (false, true) => "open-sans-italic",
        (true, true) => "open-sans-bold-italic",
    };
    egui::FontId::new(size_px, egui::FontFamily::Name(name.into()))
}
