//! The email as a mail client shows it: inbox line (sender, subject, preheader), then the
//! message at 600 px (desktop) or 375 px (mobile), light or dark, drawn from the blocks the
//! email renderer shows; "Open in browser" shows the exact exported HTML.

use super::textures::Textures;
use super::{EmailWidth, View, hex_color, preview_font, preview_header};
use crate::app::{Command, Designer};
use crate::model::Align;
use crate::render::email::colours::Scheme;
use crate::render::email::layout::{
    CARDS_BELOW_PX, EmailLayout, FOOTER_PADDING_PX, LOGO_PADDING_PX, LOGO_PLATE_PX, LayoutKind,
    PAD_PX, PAD_WIDE_PX, PARAGRAPH_GAP_PX, SMALL_TYPE_PX, TABLE_CELL_PADDING_PX, TABLE_TYPE_PX,
};
use crate::template::Table;
use crate::template::markdown::Paragraph;
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

/// The email preview column: header, Desktop/Mobile and Dark toggles, "Open in browser",
/// and the message as a mail client shows it.
pub fn show(ui: &mut Ui, d: &Designer, view: &mut View, out: &mut Vec<Command>) {
    let email = d
        .previews
        .live
        .shown
        .as_ref()
        .and_then(|r| r.email.as_ref())
        .and_then(|o| o.artefact.as_ref());
    let figures = match email {
        Some(e) => format!("Subject: {} · Preheader: {}", e.subject, e.preheader),
        None => "no record".into(),
    };
    preview_header(ui, d, crate::model::Channel::Email, "Email", &figures);
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
            let opened = std::fs::write(&path, &e.html).and_then(|()| open::that_detached(&path));
            if let Err(e) = opened {
                out.push(Command::ReportError(format!(
                    "cannot open {} in a browser: {e}",
                    path.display()
                )));
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
                    paint_message(
                        ui,
                        &mut view.textures,
                        layout,
                        viewport,
                        view.email_dark,
                        scale,
                    );
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
        .inner_margin(egui::Margin::symmetric((pad * scale) as i8, 0))
        .show(ui, |ui| {
            ui.set_width((width - 2.0 * pad) * scale);
            // The layout's own paddings space the rows, as the HTML's table cells do.
            ui.spacing_mut().item_spacing = egui::vec2(0.0, 0.0);
            let painter = Painter {
                pal: &pal,
                s: scale,
                cards,
                dark,
            };
            painter.body(ui, textures, layout);
        })
        .response
}

/// Paints an `EmailLayout` at `s` egui points per CSS pixel, with the HTML's spacing: each
/// row's padding, the type sizes on their line heights, the table's cell padding and rules.
struct Painter<'a> {
    pal: &'a Palette,
    s: f32,
    /// Tables as one card per row (phones).
    cards: bool,
    /// The dark colours: the logo gets its white plate, as the HTML gives it.
    dark: bool,
}

/// Text of one font and colour on lines `line` points apart.
fn job(text: &str, font: egui::FontId, color: Color32, line: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut fmt = egui::TextFormat::simple(font, color);
    fmt.line_height = Some(line);
    job.append(text, 0.0, fmt);
    job
}

impl Painter<'_> {
    fn space(&self, ui: &mut Ui, px: u32) {
        ui.add_space(px as f32 * self.s);
    }

    fn body(&self, ui: &mut Ui, textures: &mut Textures, layout: &EmailLayout) {
        let s = self.s;
        let ctx = ui.ctx().clone();
        if let Some(logo) = &layout.logo
            && let Some(t) = textures.image(&ctx, &logo.asset)
        {
            self.space(ui, LOGO_PADDING_PX.0);
            let w = logo.width_px as f32 * s;
            let size = t.size_vec2();
            let image = egui::Image::new(&t).fit_to_exact_size(egui::vec2(w, size.y / size.x * w));
            if self.dark {
                let (v, h, r) = LOGO_PLATE_PX;
                egui::Frame::new()
                    .fill(Color32::WHITE)
                    .corner_radius(r as f32 * s)
                    .inner_margin(egui::Margin::symmetric(
                        (h as f32 * s) as i8,
                        (v as f32 * s) as i8,
                    ))
                    .show(ui, |ui| ui.add(image));
            } else {
                ui.add(image);
            }
            self.space(ui, LOGO_PADDING_PX.1);
        }
        for b in &layout.blocks {
            let (top, bottom) = b.kind.padding_px();
            self.space(ui, top);
            self.block(ui, textures, &b.kind);
            self.space(ui, bottom);
        }
        let footer = &layout.footer;
        self.space(ui, FOOTER_PADDING_PX.0);
        self.small(ui, &footer.lines.join("\n"));
        if let Some(u) = &footer.unsubscribe {
            self.space(ui, SMALL_TYPE_PX.1);
            let mut line = job(
                &format!("{} ", u.note),
                preview_font(SMALL_TYPE_PX.0 as f32 * s, false, false),
                self.pal.muted,
                SMALL_TYPE_PX.1 as f32 * s,
            );
            let mut link = line.sections[0].format.clone();
            link.underline = Stroke::new(1.0, self.pal.muted);
            line.append(&u.label, 0.0, link);
            ui.label(line).on_hover_text(&u.url);
        }
        self.space(ui, FOOTER_PADDING_PX.1);
    }

    fn small(&self, ui: &mut Ui, text: &str) {
        let (size, line) = SMALL_TYPE_PX;
        ui.label(job(
            text,
            preview_font(size as f32 * self.s, false, false),
            self.pal.muted,
            line as f32 * self.s,
        ));
    }

    fn block(&self, ui: &mut Ui, textures: &mut Textures, kind: &LayoutKind) {
        let (pal, s) = (self.pal, self.s);
        match kind {
            LayoutKind::Heading {
                text,
                size_px,
                line_px,
                ..
            } => {
                let font = preview_font(*size_px as f32 * s, true, false);
                ui.label(job(text, font, pal.text, *line_px as f32 * s));
            }
            LayoutKind::Paragraphs {
                text,
                size_px,
                line_px,
                muted,
            } => {
                let colour = if *muted { pal.muted } else { pal.text };
                for (i, p) in text.paragraphs.iter().enumerate() {
                    if i > 0 {
                        self.space(ui, PARAGRAPH_GAP_PX);
                    }
                    let mut j = paragraph_job(p, *size_px as f32 * s, colour, pal.primary);
                    for section in &mut j.sections {
                        section.format.line_height = Some(*line_px as f32 * s);
                    }
                    ui.label(j);
                }
            }
            LayoutKind::Button { label, url } => {
                // 14 px above and below 20 px of text, as the HTML's link.
                let text = egui::RichText::new(label)
                    .font(preview_font(16.0 * s, true, false))
                    .color(pal.on_primary);
                let b = egui::Button::new(text)
                    .fill(pal.primary)
                    .corner_radius(6.0 * s)
                    .min_size(egui::vec2(0.0, 48.0 * s));
                // 28 px beside the label, as the HTML's link pads it.
                ui.spacing_mut().button_padding = egui::vec2(28.0 * s, 0.0);
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
            LayoutKind::Table(t) if t.rows.is_empty() => {
                let font = preview_font(16.0 * s, false, true);
                ui.label(job(&t.empty, font, pal.text, 24.0 * s));
            }
            LayoutKind::Table(t) if self.cards => self.cards(ui, t),
            LayoutKind::Table(t) => self.table(ui, t),
            LayoutKind::Divider => self.rule(ui, 1.0, Color32::from_rgb(0xd0, 0xd5, 0xdd)),
        }
    }

    fn cell(&self, text: &str, bold: bool, color: Color32) -> LayoutJob {
        let (size, line) = TABLE_TYPE_PX;
        job(
            text,
            preview_font(size as f32 * self.s, bold, false),
            color,
            line as f32 * self.s,
        )
    }

    /// A horizontal rule across the column, `px` CSS pixels thick.
    fn rule(&self, ui: &mut Ui, px: f32, color: Color32) {
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), px * self.s),
            egui::Sense::hover(),
        );
        ui.painter().rect_filled(rect, 0.0, color);
    }

    /// As the HTML sets it: full width, every column but the first as wide as its widest
    /// cell, the first takes the rest; columns aligned as declared; a rule under the header
    /// and under each row; the footer row bold.
    fn table(&self, ui: &mut Ui, t: &Table) {
        let s = self.s;
        let pad = 8.0 * s;
        let cell_pad = TABLE_CELL_PADDING_PX as f32 * s;
        let rule = Color32::from_rgb(0xe4, 0xe7, 0xec);
        let rows: Vec<(&Vec<String>, bool)> = std::iter::once((&t.headers, true))
            .chain(t.rows.iter().map(|r| (r, false)))
            .chain(t.footer.iter().map(|r| (r, true)))
            .collect();
        let cols = t.headers.len().max(1);
        let mut widths = vec![0.0f32; cols];
        for (cells, bold) in &rows {
            for (i, c) in cells.iter().enumerate().skip(1).take(cols - 1) {
                let job = self.cell(c, *bold, self.pal.text);
                let w = ui.fonts_mut(|f| f.layout_job(job).size().x);
                widths[i] = widths[i].max(w + pad);
            }
        }
        let total = ui.available_width();
        widths[0] = (total - widths.iter().skip(1).sum::<f32>()).max(40.0 * s);
        for (n, (cells, bold)) in rows.iter().enumerate() {
            ui.add_space(cell_pad);
            ui.horizontal_top(|ui| {
                for (i, c) in cells.iter().enumerate().take(cols) {
                    let align = match t.align.get(i) {
                        Some(Align::Right) => egui::Align::Max,
                        Some(Align::Center) => egui::Align::Center,
                        _ => egui::Align::Min,
                    };
                    let layout = egui::Layout::top_down(align);
                    ui.allocate_ui_with_layout(egui::vec2(widths[i], 0.0), layout, |ui| {
                        ui.set_width(widths[i]);
                        ui.add(egui::Label::new(self.cell(c, *bold, self.pal.text)).wrap());
                    });
                }
            });
            ui.add_space(cell_pad);
            let footer = t.footer.is_some() && n + 1 == rows.len();
            match (n, footer) {
                (0, _) => self.rule(ui, 2.0, self.pal.text),
                (_, false) => self.rule(ui, 1.0, rule),
                (_, true) => {}
            }
        }
    }

    /// One card per row, as the HTML's phone rules set it: the first cell bold, then each
    /// other cell with its header's label, the value on the right; a rule under each card.
    fn cards(&self, ui: &mut Ui, t: &Table) {
        let rule = Color32::from_rgb(0xe4, 0xe7, 0xec);
        let line = TABLE_TYPE_PX.1 as f32 * self.s;
        let rows = t.rows.iter().map(|r| (r, false));
        for (r, footer) in rows.chain(t.footer.iter().map(|r| (r, true))) {
            self.space(ui, TABLE_CELL_PADDING_PX);
            for (i, v) in r.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                self.space(ui, 2);
                match t.headers.get(i).filter(|_| i > 0) {
                    None => {
                        ui.add(egui::Label::new(self.cell(v, true, self.pal.text)).wrap());
                    }
                    Some(h) => {
                        let w = ui.available_width();
                        ui.allocate_ui_with_layout(
                            egui::vec2(w, line),
                            egui::Layout::left_to_right(egui::Align::Min),
                            |ui| {
                                ui.label(self.cell(h, false, self.pal.muted));
                                let right = egui::Layout::right_to_left(egui::Align::Min);
                                ui.with_layout(right, |ui| {
                                    ui.label(self.cell(v, footer, self.pal.text));
                                });
                            },
                        );
                    }
                }
                self.space(ui, 2);
            }
            self.space(ui, TABLE_CELL_PADDING_PX);
            self.rule(ui, 1.0, rule);
        }
    }
}

/// A paragraph's spans as egui text in the preview font, `size_px` high (points on screen,
/// zoom applied); links in the `link` colour, underlined.
pub fn paragraph_job(p: &Paragraph, size_px: f32, color: Color32, link: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    for span in p {
        let mut fmt =
            egui::TextFormat::simple(preview_font(size_px, span.bold, span.italic), color);
        if span.link.is_some() {
            fmt.color = link;
            fmt.underline = Stroke::new(1.0, link);
        }
        job.append(&span.text, 0.0, fmt);
    }
    job
}
