//! The SMS as a phone shows it: one bubble from the sender id, with the characters that
//! forced UCS-2 marked, and the encoding, segments and characters in the header.

use super::{View, preview_font, preview_header};
use crate::app::Designer;
use crate::render::gsm;
use eframe::egui::{self, Color32, Stroke, Ui, text::LayoutJob};

pub fn show(ui: &mut Ui, d: &Designer, view: &View) {
    let sms = d
        .previews
        .live
        .shown
        .as_ref()
        .and_then(|r| r.sms.as_ref())
        .and_then(|o| o.artefact.as_ref());
    let figures = match sms {
        Some(s) => s.analysis.describe(),
        None => "no record".into(),
    };
    preview_header(ui, d, crate::model::Channel::Sms, "SMS", &figures);
    let Some(sms) = sms else { return };
    if !sms.analysis.non_gsm.is_empty() {
        let chars: String = sms
            .analysis
            .non_gsm
            .iter()
            .map(|c| format!("“{c}” "))
            .collect();
        ui.label(
            egui::RichText::new(format!("UCS-2 because of: {chars}"))
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
    let z = view.zoom;
    egui::ScrollArea::vertical()
        .id_salt("sms-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Frame::new()
                .fill(Color32::from_rgb(0xf4, 0xf4, 0xf6))
                .stroke(Stroke::new(6.0, Color32::from_rgb(0x22, 0x22, 0x26)))
                .corner_radius(24.0)
                .inner_margin(14.0)
                .show(ui, |ui| {
                    // The 6 px case is drawn outside the margin: leave room for it.
                    ui.set_width(ui.available_width() - 12.0);
                    ui.vertical_centered(|ui| {
                        ui.label(
                            egui::RichText::new(&sms.sender)
                                .font(preview_font(13.0 * z, true, false))
                                .color(Color32::from_rgb(0x1f, 0x23, 0x28)),
                        );
                        ui.label(
                            egui::RichText::new(&sms.to)
                                .font(preview_font(10.0 * z, false, false))
                                .color(Color32::GRAY),
                        );
                    });
                    ui.add_space(10.0);
                    egui::Frame::new()
                        .fill(Color32::from_rgb(0xe5, 0xe5, 0xea))
                        .corner_radius(16.0)
                        .inner_margin(10.0)
                        .show(ui, |ui| {
                            ui.set_max_width(ui.available_width() * 0.9);
                            let font = preview_font(14.0 * z, false, false);
                            let text = super::fit_words(ui, d, &sms.text, &font);
                            ui.label(marked(&text, 14.0 * z));
                        });
                });
        });
}

/// The text with every character GSM-7 cannot carry on a yellow ground.
fn marked(text: &str, size_px: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let plain = egui::TextFormat::simple(
        preview_font(size_px, false, false),
        Color32::from_rgb(0x1f, 0x23, 0x28),
    );
    let mut flagged = plain.clone();
    flagged.background = Color32::from_rgb(0xff, 0xd8, 0x4d);
    let mut run = String::new();
    for c in text.chars() {
        if gsm::gsm_septets(c).is_none() {
            if !run.is_empty() {
                job.append(&std::mem::take(&mut run), 0.0, plain.clone());
            }
            job.append(&c.to_string(), 0.0, flagged.clone());
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        job.append(&run, 0.0, plain);
    }
    job
}
