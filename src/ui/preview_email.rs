//! The email as a mail client shows it: inbox line (sender, subject, preheader), then the
//! message at 600 px (desktop) or 375 px (mobile), light or dark, drawn from the blocks the
//! email renderer shows; "Open in browser" shows the exact exported HTML.

use super::{EmailWidth, View, hex_color, preview_font, preview_header};
use crate::app::Designer;
use crate::model::Align;
use crate::render::email_layout::{CARDS_BELOW_PX, EmailLayout, LayoutKind, PAD_PX, PAD_WIDE_PX};
use crate::render::email_colours::Scheme;
use crate::template::Table;
use super::textures::Textures;
use crate::template::markdown::{Paragraph, RichText as Rich};
use eframe::egui::{self, Color32, Stroke, Ui, text::LayoutJob};

/// The colours the message is drawn in.
struct Palette {
    canvas: Color32,
    card: Color32,
    text: Color32,
    muted: Color32,
    primary: Color32,
    on_primary: Color32,
}

pub fn show(ui: &mut Ui, d: &Designer, view: &mut View) {
    let email = d
        .live
        .shown
        .as_ref()
        .and_then(|r| r.email.as_ref())
        .and_then(|o| o.artefact.as_ref());
    let figures = match email {
        Some(e) => format!("Subject: {} · Preheader: {}", e.subject, e.preheader),
        None => "no record".into(),
    };
    preview_header(ui, d, "Email", &figures);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.email_width, EmailWidth::Desktop, "Desktop")
            .on_hover_text("600 px wide");
        ui.selectable_value(&mut view.email_width, EmailWidth::Mobile, "Mobile")
            .on_hover_text("375 px wide");
        ui.toggle_value(&mut view.email_dark, "🌙 Dark");
        if let Some(e) = email
            && ui
                .button("Open in browser")
                .on_hover_text("The exact HTML that export writes")
                .clicked()
        {
            let path = std::env::temp_dir().join(format!(
                "prism-preview-{}.html",
                crate::export::file_stem(d.current_record().map_or("", |r| r.id.as_str()))
            ));
            if std::fs::write(&path, &e.html).is_ok() {
                let _ = open::that_detached(&path);
            }
        }
    });
    let Some(email) = email else { return };
    let layout = &email.layout;
    let brand = &d.ws.project.brand;
    // The very colours the HTML declares, light or dark.
    let scheme = if view.email_dark {
        &layout.colours.dark
    } else {
        &layout.colours.light
    };
    // A desktop client's window is wider than the message; a phone is 375 px.
    let viewport = match view.email_width {
        EmailWidth::Desktop => (layout.width_px + 2 * PAD_WIDE_PX) as f32,
        EmailWidth::Mobile => 375.0,
    };
    let width = viewport.min(layout.width_px as f32);
    // Fit the message into the column: the zoom scales, the column never overflows.
    let scale = (view.zoom * 0.75)
        .min((ui.available_width() - 8.0) / width)
        .max(0.3);
    let pal = palette(scheme);
    egui::ScrollArea::both()
        .id_salt("email-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Frame::new()
                .fill(pal.canvas)
                .inner_margin(4.0)
                .show(ui, |ui| {
                    // Inbox line, as a client lists the message.
                    ui.label(
                        egui::RichText::new(format!(
                            "{} <{}>",
                            brand.sender.email_name, brand.sender.email
                        ))
                        .font(preview_font(12.0 * scale.max(0.8), true, false))
                        .color(pal.text),
                    );
                    ui.label(
                        egui::RichText::new(format!("{} — {}", email.subject, email.preheader))
                            .font(preview_font(11.0 * scale.max(0.8), false, false))
                            .color(pal.muted),
                    );
                    ui.add_space(4.0);
                    paint_message(ui, &mut view.textures, layout, viewport, view.email_dark, scale);
                });
        });
}

fn palette(scheme: &Scheme) -> Palette {
    Palette {
        canvas: hex_color(&scheme.canvas),
        card: hex_color(&scheme.card),
        text: hex_color(&scheme.text),
        muted: hex_color(&scheme.muted),
        primary: hex_color(&scheme.primary),
        on_primary: hex_color(&scheme.on_primary),
    }
}

/// The message card as a mail client with a window `viewport_px` CSS pixels wide shows it,
/// at `scale` egui points per CSS pixel, by the HTML's own rules: up to the message's width,
/// the wide padding only on screens wider than the message and its padding, tables as cards
/// on phones; the declared light or dark colours.
pub fn paint_message(
    ui: &mut Ui,
    textures: &mut Textures,
    layout: &EmailLayout,
    viewport_px: f32,
    dark: bool,
    scale: f32,
) -> egui::Response {
    let scheme = if dark {
        &layout.colours.dark
    } else {
        &layout.colours.light
    };
    let pal = palette(scheme);
    let wide = viewport_px >= (layout.width_px + 2 * PAD_WIDE_PX) as f32;
    let pad = if wide { PAD_WIDE_PX } else { PAD_PX } as f32;
    let cards = viewport_px <= CARDS_BELOW_PX as f32;
    let width = viewport_px.min(layout.width_px as f32);
    egui::Frame::new()
        .fill(pal.card)
        .inner_margin(egui::Margin::symmetric(
            (pad * scale) as i8,
            (24.0 * scale) as i8,
        ))
        .show(ui, |ui| {
            ui.set_width((width - 2.0 * pad) * scale);
            let painter = Painter {
                pal: &pal,
                s: scale,
                cards,
            };
            painter.body(ui, textures, layout);
        })
        .response
}

/// Paints an `EmailLayout` at `s` egui points per CSS pixel.
struct Painter<'a> {
    pal: &'a Palette,
    s: f32,
    /// Tables as one card per row (phones).
    cards: bool,
}

impl Painter<'_> {
    fn body(&self, ui: &mut Ui, textures: &mut Textures, layout: &EmailLayout) {
        let (pal, s) = (self.pal, self.s);
        let ctx = ui.ctx().clone();
        if let Some(logo) = &layout.logo
            && let Some(t) = textures.image(&ctx, &logo.asset)
        {
            let w = logo.width_px as f32 * s;
            let size = t.size_vec2();
            ui.add(egui::Image::new(&t).fit_to_exact_size(egui::vec2(w, size.y / size.x * w)));
            ui.add_space(16.0 * s);
        }
        for b in &layout.blocks {
            self.block(ui, textures, &b.kind);
            ui.add_space(12.0 * s);
        }
        ui.add_space(12.0 * s);
        let footer = &layout.footer;
        self.small(ui, &footer.lines.join("\n"));
        if let Some(u) = &footer.unsubscribe {
            ui.add_space(12.0 * s);
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0 * s;
                self.small(ui, &u.note);
                ui.label(
                    egui::RichText::new(&u.label)
                        .font(preview_font(12.0 * s, false, false))
                        .color(pal.muted)
                        .underline(),
                )
                .on_hover_text(&u.url);
            });
        }
    }

    fn small(&self, ui: &mut Ui, text: &str) {
        ui.label(
            egui::RichText::new(text)
                .font(preview_font(12.0 * self.s, false, false))
                .color(self.pal.muted),
        );
    }

    fn block(&self, ui: &mut Ui, textures: &mut Textures, kind: &LayoutKind) {
        let (pal, s) = (self.pal, self.s);
        match kind {
            LayoutKind::Heading { text, size_px, .. } => {
                ui.label(
                    egui::RichText::new(text)
                        .font(preview_font(*size_px as f32 * s, true, false))
                        .color(pal.text),
                );
            }
            LayoutKind::Paragraphs {
                text,
                size_px,
                muted,
                ..
            } => rich(ui, text, *size_px as f32 * s, pal, *muted),
            LayoutKind::Button { label, url } => {
                let text = egui::RichText::new(label)
                    .font(preview_font(16.0 * s, true, false))
                    .color(pal.on_primary);
                let b = egui::Button::new(text)
                    .fill(pal.primary)
                    .corner_radius(6.0 * s)
                    .min_size(egui::vec2(0.0, 48.0 * s));
                let r = ui.add(b);
                if let Some(u) = url {
                    r.on_hover_text(u.as_str());
                }
            }
            LayoutKind::Image(picture) => {
                let ctx = ui.ctx().clone();
                match textures.image(&ctx, &picture.asset) {
                    Some(t) => {
                        let w = ui.available_width().min(picture.width_px as f32 * s);
                        let size = t.size_vec2();
                        ui.add(
                            egui::Image::new(&t)
                                .fit_to_exact_size(egui::vec2(w, size.y / size.x * w)),
                        )
                        .on_hover_text(picture.alt.as_str());
                    }
                    None => self.small(ui, &format!("[{}]", picture.alt)),
                }
            }
            LayoutKind::Table(t) if t.rows.is_empty() => self.small(ui, &t.empty),
            LayoutKind::Table(t) if self.cards => self.cards(ui, t),
            LayoutKind::Table(t) => self.table(ui, t),
            LayoutKind::Divider => {
                let (rect, _) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width(), 9.0 * s),
                    egui::Sense::hover(),
                );
                ui.painter().hline(
                    rect.x_range(),
                    rect.center().y,
                    Stroke::new(1.0, pal.muted.gamma_multiply(0.5)),
                );
            }
        }
    }

    fn cell(&self, text: &str, bold: bool) -> egui::RichText {
        egui::RichText::new(text)
            .font(preview_font(14.0 * self.s, bold, false))
            .color(self.pal.text)
    }

    /// As the HTML sets it: full width, every column but the first as wide as its widest
    /// cell, the first takes the rest; columns aligned as declared; a rule under the header
    /// and under each row; the footer row bold.
    fn table(&self, ui: &mut Ui, t: &Table) {
        let s = self.s;
        let pad = 8.0 * s;
        let measure = |ui: &Ui, text: &str, bold: bool| {
            let font = preview_font(14.0 * s, bold, false);
            ui.fonts_mut(|f| {
                f.layout_no_wrap(text.to_owned(), font, Color32::WHITE)
                    .size()
                    .x
            })
        };
        let rows: Vec<(&Vec<String>, bool)> = std::iter::once((&t.headers, true))
            .chain(t.rows.iter().map(|r| (r, false)))
            .chain(t.footer.iter().map(|r| (r, true)))
            .collect();
        let cols = t.headers.len().max(1);
        let mut widths = vec![0.0f32; cols];
        for (cells, bold) in &rows {
            for (i, c) in cells.iter().enumerate().skip(1).take(cols - 1) {
                widths[i] = widths[i].max(measure(ui, c, *bold) + pad);
            }
        }
        let total = ui.available_width();
        widths[0] = (total - widths.iter().skip(1).sum::<f32>()).max(40.0 * s);
        for (n, (cells, bold)) in rows.iter().enumerate() {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = 0.0;
                for (i, c) in cells.iter().enumerate().take(cols) {
                    let align = match t.align.get(i) {
                        Some(Align::Right) => egui::Align::Max,
                        Some(Align::Center) => egui::Align::Center,
                        _ => egui::Align::Min,
                    };
                    let layout = egui::Layout::top_down(align);
                    ui.allocate_ui_with_layout(egui::vec2(widths[i], 0.0), layout, |ui| {
                        ui.set_width(widths[i]);
                        ui.add(egui::Label::new(self.cell(c, *bold)).wrap());
                    });
                }
            });
            let is_footer = t.footer.is_some() && n + 1 == rows.len();
            if !is_footer {
                let strong = n == 0;
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(total, 4.0 * s), egui::Sense::hover());
                let stroke = if strong {
                    Stroke::new(2.0 * s, self.pal.text)
                } else {
                    Stroke::new(1.0, self.pal.muted.gamma_multiply(0.35))
                };
                ui.painter().hline(rect.x_range(), rect.center().y, stroke);
            }
        }
    }

    /// One card per row: the first cell bold, then each other cell under its header's
    /// label, the value on the right.
    fn cards(&self, ui: &mut Ui, t: &Table) {
        let s = self.s;
        for r in t.rows.iter().chain(&t.footer) {
            if let Some(first) = r.first() {
                ui.label(self.cell(first, true));
            }
            for (h, v) in t
                .headers
                .iter()
                .zip(r)
                .skip(1)
                .filter(|(_, v)| !v.is_empty())
            {
                ui.horizontal(|ui| {
                    ui.label(
                        egui::RichText::new(h)
                            .font(preview_font(14.0 * s, false, false))
                            .color(self.pal.muted),
                    );
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(self.cell(v, false));
                    });
                });
            }
            let (rect, _) = ui.allocate_exact_size(
                egui::vec2(ui.available_width(), 6.0 * s),
                egui::Sense::hover(),
            );
            ui.painter().hline(
                rect.x_range(),
                rect.center().y,
                Stroke::new(1.0, self.pal.muted.gamma_multiply(0.4)),
            );
        }
    }
}

/// Paragraphs of inline Markdown, wrapped to the column.
fn rich(ui: &mut Ui, t: &Rich, size: f32, pal: &Palette, muted: bool) {
    for p in &t.paragraphs {
        ui.label(paragraph_job(
            p,
            size,
            if muted { pal.muted } else { pal.text },
            pal.primary,
        ));
        ui.add_space(size * 0.5);
    }
}

pub fn paragraph_job(p: &Paragraph, size: f32, color: Color32, link: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    for span in p {
        let mut fmt = egui::TextFormat::simple(preview_font(size, span.bold, span.italic), color);
        if span.link.is_some() {
            fmt.color = link;
            fmt.underline = Stroke::new(1.0, link);
        }
        job.append(&span.text, 0.0, fmt);
    }
    job
}
