//! The chat message as a messenger shows it: bubbles from the business with an image or text
//! header, the body, a footer line and buttons; the profile and its limits in the header.

use super::{View, preview_font, preview_header};
use crate::app::Designer;
use crate::render::chat::{self, Header};
use eframe::egui::{self, Color32, Ui};

const INK: Color32 = Color32::from_rgb(0x11, 0x1b, 0x21);

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View) {
    let chat = d
        .previews
        .live
        .shown
        .as_ref()
        .and_then(|r| r.chat.as_ref())
        .and_then(|o| o.artefact.as_ref());
    let figures = match chat {
        Some(c) => {
            let limits = chat::limits(c.profile).map_or_else(
                || "no platform limits".to_owned(),
                |l| {
                    format!(
                        "body ≤ {}, {} buttons ≤ {} chars",
                        l.body, l.buttons, l.button_label
                    )
                },
            );
            format!(
                "{} · {} · {limits}",
                c.profile.title(),
                crate::diag::counted(c.bubbles.len(), "bubble")
            )
        }
        None => "no record".into(),
    };
    preview_header(ui, d, crate::model::Channel::Chat, "Chat", &figures);
    let Some(chat) = chat else { return };
    let z = view.zoom;
    let ctx = ui.ctx().clone();
    egui::ScrollArea::vertical()
        .id_salt("chat-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Frame::new()
                .fill(Color32::from_rgb(0xef, 0xe7, 0xdd))
                .inner_margin(10.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        egui::RichText::new(&chat.business)
                            .font(preview_font(13.0 * z, true, false))
                            .color(INK),
                    );
                    for b in &chat.bubbles {
                        ui.add_space(8.0);
                        egui::Frame::new()
                            .fill(Color32::WHITE)
                            .corner_radius(10.0)
                            .inner_margin(8.0)
                            .show(ui, |ui| {
                                ui.set_max_width(ui.available_width() * 0.92);
                                match &b.header {
                                    Some(Header::Image { asset, alt, .. }) => {
                                        match view.textures.image(&ctx, asset) {
                                            Some(t) => {
                                                let w = ui.available_width();
                                                let s = t.size_vec2();
                                                ui.add(
                                                    egui::Image::new(&t)
                                                        .corner_radius(6.0)
                                                        .fit_to_exact_size(egui::vec2(
                                                            w,
                                                            s.y / s.x * w,
                                                        )),
                                                )
                                                .on_hover_text(alt.as_str());
                                            }
                                            None => {
                                                ui.weak(format!("[{alt}]"));
                                            }
                                        }
                                    }
                                    Some(Header::Text { text }) => {
                                        ui.label(
                                            egui::RichText::new(text)
                                                .font(preview_font(14.0 * z, true, false))
                                                .color(INK),
                                        );
                                    }
                                    None => {}
                                }
                                for p in &b.body {
                                    // Each run's long words broken at their hyphenation
                                    // points, measured in the run's own face.
                                    let fitted: Vec<_> = p
                                        .iter()
                                        .map(|span| {
                                            let font =
                                                preview_font(13.0 * z, span.bold, span.italic);
                                            let mut span = span.clone();
                                            span.text = super::fit_words(ui, d, &span.text, &font);
                                            span
                                        })
                                        .collect();
                                    ui.label(super::preview_email::paragraph_job(
                                        &fitted,
                                        13.0 * z,
                                        INK,
                                        Color32::from_rgb(0x02, 0x7e, 0xb5),
                                    ));
                                }
                                if let Some(f) = &b.footer {
                                    ui.label(
                                        egui::RichText::new(f)
                                            .font(preview_font(11.0 * z, false, false))
                                            .color(Color32::GRAY),
                                    );
                                }
                                for button in &b.buttons {
                                    ui.separator();
                                    ui.vertical_centered(|ui| {
                                        let icon =
                                            if button.url.is_some() { "↗ " } else { "↩ " };
                                        let r = ui.label(
                                            egui::RichText::new(format!("{icon}{}", button.label))
                                                .font(preview_font(13.0 * z, true, false))
                                                .color(Color32::from_rgb(0x02, 0x7e, 0xb5)),
                                        );
                                        if let Some(u) = &button.url {
                                            r.on_hover_text(u.as_str());
                                        }
                                    });
                                }
                            });
                    }
                });
        });
}
