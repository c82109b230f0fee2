//! The letter as printed: its pages rasterised on the print worker, scrollable, with an
//! overlay of the address window, fold and punch marks and the text margins.

use super::{View, preview_header};
use crate::app::{Command, Designer};
use crate::render::print::Geometry;
use eframe::egui::{self, Color32, Stroke, Ui};

/// A page's width in CSS pixels per mm (96 dpi).
const PX_PER_MM: f32 = 96.0 / 25.4;

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let pages = view.textures.pages.clone();
    let figures = match &d.previews.print {
        Some(p) => format!(
            "{} page{} · {:?}, form {:?}{}",
            p.pages.len(),
            if p.pages.len() == 1 { "" } else { "s" },
            d.ws.project.channels.print.paper,
            d.ws.project.channels.print.form,
            if d.print_current() {
                ""
            } else {
                " · updating…"
            }
        ),
        None => "setting the letter…".into(),
    };
    preview_header(ui, d, crate::model::Channel::Print, "Letter", &figures);
    ui.checkbox(
        &mut view.print_overlay,
        "Show address window, folds and margins",
    );
    let Some(p) = &d.previews.print else { return };
    let width = ui.available_width() - 12.0;
    let display_w = width * view.zoom;
    // Rasterise at the size the page is shown, in physical pixels.
    let max_side = ui.ctx().input(|i| i.max_texture_side) as f32;
    let want = (display_w * ui.ctx().pixels_per_point() / (p.page_mm.0 * PX_PER_MM))
        .min(max_side / (p.page_mm.1 * PX_PER_MM))
        .clamp(crate::app::PRINT_SCALES.0, crate::app::PRINT_SCALES.1);
    if (want - d.previews.print_scale).abs() / d.previews.print_scale > 0.05
        && ui.ctx().dragged_id().is_none()
    {
        out.push(Command::SetPrintScale(want));
    }
    let geometry = Geometry::new(
        d.ws.project.channels.print.paper,
        d.ws.project.channels.print.form,
    );
    egui::ScrollArea::both()
        .id_salt("print-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, tex) in pages.iter().enumerate() {
                ui.label(egui::RichText::new(format!("Page {} of {}", i + 1, pages.len())).small());
                let size = egui::vec2(display_w, display_w * p.page_mm.1 / p.page_mm.0);
                let r = ui.add(egui::Image::new(tex).fit_to_exact_size(size));
                ui.painter().rect_stroke(
                    r.rect,
                    0.0,
                    Stroke::new(1.0, Color32::from_gray(160)),
                    egui::StrokeKind::Outside,
                );
                if view.print_overlay {
                    overlay(ui, r.rect, &geometry, i == 0);
                }
                ui.add_space(10.0);
            }
        });
}

fn overlay(ui: &Ui, page: egui::Rect, g: &Geometry, first: bool) {
    let mm = page.width() / g.width_mm;
    let at = |x: f32, y: f32| page.min + egui::vec2(x * mm, y * mm);
    let painter = ui.painter_at(page);
    let red = Stroke::new(1.5, Color32::from_rgba_unmultiplied(220, 40, 40, 200));
    let blue = Stroke::new(1.0, Color32::from_rgba_unmultiplied(30, 90, 220, 160));
    if first {
        let window = egui::Rect::from_min_size(
            at(g.window_x_mm, g.window_y_mm),
            egui::vec2(g.window_w_mm * mm, g.window_h_mm * mm),
        );
        painter.rect_stroke(window, 0.0, red, egui::StrokeKind::Inside);
        painter.hline(
            window.x_range(),
            window.top() + g.note_zone_mm * mm,
            Stroke::new(1.0, red.color.gamma_multiply(0.6)),
        );
    }
    for y in g.folds_mm {
        painter.hline(
            page.left()..=page.right(),
            at(0.0, y).y,
            Stroke::new(1.0, red.color.gamma_multiply(0.5)),
        );
    }
    painter.hline(
        page.left()..=page.left() + 12.0 * mm,
        at(0.0, g.punch_mm).y,
        red,
    );
    for x in [g.left_mm, g.width_mm - g.right_mm] {
        painter.vline(at(x, 0.0).x, page.y_range(), blue);
    }
}
