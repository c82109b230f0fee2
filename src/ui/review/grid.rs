//! The records × channels grid: a row per record, a cell per channel with its verdict,
//! counts and text; moved through by keyboard, opened by Enter or a click.

use super::View;
use super::*;
use crate::app::grid::{COLUMNS, Row};
use crate::app::{Command, Designer};
use crate::model::Channel;
use crate::render::Verdict;
use eframe::egui::{self, Color32, RichText, Sense, Ui};

/// The records × channels grid: rows made lazily, on screen only.
pub fn grid(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let n = d.ws.records.len();
    if n == 0 {
        ui.weak("The data has no records.");
        return;
    }
    keyboard(ui, view, n, out);
    // Four gaps between the five columns and the scroll bar.
    let cell_w = ((ui.available_width() - RECORD_WIDTH - 5.0 * ui.spacing().item_spacing.x - 12.0)
        / 4.0)
        .max(120.0);
    ui.horizontal(|ui| {
        ui.add_sized(
            [RECORD_WIDTH, 18.0],
            egui::Label::new(RichText::new("Record").strong()),
        );
        for c in COLUMNS {
            ui.add_sized(
                [cell_w, 18.0],
                egui::Label::new(RichText::new(c.title()).strong()),
            );
        }
    });
    let mut area = egui::ScrollArea::vertical()
        .id_salt("review-grid")
        .auto_shrink([false, false]);
    let r = &mut view.review;
    if std::mem::take(&mut r.reveal) {
        let (offset, height) = r.scrolled;
        let top = r.cursor.0 as f32 * (ROW_HEIGHT + ui.spacing().item_spacing.y);
        if top < offset {
            area = area.vertical_scroll_offset(top);
        } else if top + ROW_HEIGHT > offset + height {
            area = area.vertical_scroll_offset(top + ROW_HEIGHT - height);
        }
    }
    let shown = area.show_rows(ui, ROW_HEIGHT, n, |ui, rows| {
        for i in rows.clone() {
            row(ui, d, view, i, cell_w, out);
        }
        out.push(Command::WantRows(rows.collect()));
    });
    view.review.scrolled = (shown.state.clamped_offset().y, shown.inner_rect.height());
}

fn keyboard(ui: &Ui, view: &mut View, n: usize, out: &mut Vec<Command>) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let r = &mut view.review;
    let (mut row, mut col) = r.cursor;
    let mut open = false;
    ui.input(|i| {
        if i.key_pressed(egui::Key::ArrowDown) {
            row = (row + 1).min(n - 1);
        }
        if i.key_pressed(egui::Key::ArrowUp) {
            row = row.saturating_sub(1);
        }
        if i.key_pressed(egui::Key::ArrowRight) {
            col = (col + 1).min(3);
        }
        if i.key_pressed(egui::Key::ArrowLeft) {
            col = col.saturating_sub(1);
        }
        if i.key_pressed(egui::Key::PageDown) {
            row = (row + 5).min(n - 1);
        }
        if i.key_pressed(egui::Key::PageUp) {
            row = row.saturating_sub(5);
        }
        open = i.key_pressed(egui::Key::Enter);
    });
    if (row, col) != r.cursor {
        r.cursor = (row.min(n - 1), col);
        r.reveal = true;
    }
    if open {
        out.push(Command::SetRecord(r.cursor.0));
        r.tab = Tab::Previews;
    }
}

fn row(
    ui: &mut Ui,
    d: &Designer,
    view: &mut View,
    i: usize,
    cell_width_px: f32,
    out: &mut Vec<Command>,
) {
    let record = &d.ws.records[i];
    let made = d.review.grid.rows.get(&i);
    ui.horizontal_top(|ui| {
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(RECORD_WIDTH, ROW_HEIGHT), Sense::hover());
        {
            let ui = &mut inside(ui, rect);
            ui.strong(&record.id);
            let name = ["first_name", "last_name"]
                .iter()
                .filter_map(|k| record.get(k).and_then(|v| v.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            ui.add(egui::Label::new(name).wrap());
            ui.weak(&record.origin);
            // The language its cells are in, and the one it asked for when that differs.
            if !d.ws.project.meta.languages.is_empty() {
                let (language, note) = d.ws.engine.language_of(record);
                let asked = record
                    .get(&d.ws.project.meta.language_field)
                    .and_then(|v| v.as_str())
                    .filter(|_| note.is_some());
                ui.weak(match asked {
                    Some(a) => format!("in {language} (asked for {a})"),
                    None => format!("in {language}"),
                });
            }
        }
        for (col, channel) in COLUMNS.iter().enumerate() {
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(cell_width_px, ROW_HEIGHT), Sense::click());
            let focused = view.review.cursor == (i, col);
            let label = format!("{} of {}", channel.title(), record.id);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            let visuals = ui.visuals();
            let stroke = if focused {
                egui::Stroke::new(2.0, visuals.selection.stroke.color)
            } else {
                egui::Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color)
            };
            ui.painter()
                .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Inside);
            let mut child = inside(ui, rect);
            match made {
                Some(made) => cell(&mut child, view, made, col),
                // No spinner: the worker wakes the window when the row is made.
                None => {
                    child.weak("rendering…");
                }
            }
            let response = match made.map(|m| &m.cells[col].verdict) {
                Some(v) => response.on_hover_text(v.to_string()),
                None => response,
            };
            if response.clicked() {
                view.review.cursor = (i, col);
                view.review.tab = Tab::Previews;
                out.push(Command::SetRecord(i));
            }
        }
    });
}

/// A child Ui drawing inside `rect` only (and inside what the scroll area shows).
fn inside(ui: &mut Ui, rect: egui::Rect) -> Ui {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect.shrink(6.0))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(rect.shrink(2.0).intersect(ui.clip_rect()));
    // Text that could be selected would take the cell's click.
    child.style_mut().interaction.selectable_labels = false;
    child
}

fn cell(ui: &mut Ui, view: &mut View, row: &Row, col: usize) {
    let c = &row.cells[col];
    ui.horizontal(|ui| {
        let (mark, color) = match &c.verdict {
            Verdict::Sent(_) => ("✔ sent", green()),
            Verdict::NotSent(_) => ("— not sent", ui.visuals().warn_fg_color),
            Verdict::Failed => ("⛔ fails", ui.visuals().error_fg_color),
        };
        ui.label(RichText::new(mark).color(color).small());
        let counts = |[errors, warnings, notes]: [usize; 3]| {
            let mut s = String::new();
            for (n, icon) in [(errors, "⛔"), (warnings, "⚠"), (notes, "ℹ")] {
                if n > 0 {
                    s.push_str(&format!("{icon}{n} "));
                }
            }
            s.trim_end().to_owned()
        };
        let received = counts([c.errors, c.warnings, c.notes]);
        if !received.is_empty() {
            ui.label(RichText::new(received).small())
                .on_hover_text("Errors, warnings and notes on this channel");
        }
        // Greyed: they concern a channel this customer does not get.
        let off_route = counts(c.off_route);
        if !off_route.is_empty() {
            ui.label(RichText::new(off_route).small().weak())
                .on_hover_text("About this channel, which this customer does not get");
        }
    });
    let text = |ui: &mut Ui, s: &str| {
        ui.add(egui::Label::new(RichText::new(s).size(10.5)).wrap());
    };
    match COLUMNS[col] {
        Channel::Email => {
            let mut lines = c.text.splitn(2, '\n');
            ui.label(
                RichText::new(lines.next().unwrap_or(""))
                    .strong()
                    .size(11.0),
            );
            text(ui, lines.next().unwrap_or("").trim());
        }
        Channel::Sms | Channel::Chat => {
            let fill = if COLUMNS[col] == Channel::Sms {
                Color32::from_rgb(233, 233, 235)
            } else {
                Color32::from_rgb(220, 248, 198)
            };
            ui.label(RichText::new(&c.detail).small().weak());
            if !c.text.is_empty() {
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(8.0)
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                RichText::new(&c.text)
                                    .size(10.5)
                                    .color(Color32::from_gray(30)),
                            )
                            .wrap(),
                        );
                    });
            }
        }
        Channel::Print => {
            let tex = view.textures.thumb(ui.ctx(), row);
            if let Some(t) = tex {
                let size = t.size_vec2();
                let h = (ui.available_height() - 4.0).max(10.0);
                let scale = (h / size.y).min(1.0);
                ui.add(egui::Image::new(&t).fit_to_exact_size(size * scale));
            } else {
                ui.weak(&c.detail);
            }
        }
    }
}
