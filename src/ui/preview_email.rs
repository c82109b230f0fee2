//! The email as a mail client shows it: inbox line (sender, subject, preheader), then the
//! message at 600 px (desktop) or 375 px (mobile), light or dark, drawn from the blocks the
//! email renderer shows; "Open in browser" shows the exact exported HTML.

use super::{EmailWidth, View, hex_color, preview_font, preview_header};
use crate::app::Designer;
use crate::model::Channel;
use crate::render::email_colours::EmailColours;
use crate::render::views;
use crate::template::markdown::{Paragraph, RichText as Rich};
use crate::template::{Resolved, View as BlockView};
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
    let Some(msg) = d.live.shown.as_ref().map(|r| &r.message) else {
        return;
    };
    let brand = &d.ws.project.brand;
    // The very colours the HTML declares, light or dark.
    let colours = EmailColours::of(&d.ws.project, &mut Vec::new());
    let scheme = if view.email_dark {
        &colours.dark
    } else {
        &colours.light
    };
    let pal = Palette {
        canvas: hex_color(&scheme.canvas),
        card: hex_color(&scheme.card),
        text: hex_color(&scheme.text),
        muted: hex_color(&scheme.muted),
        primary: hex_color(&scheme.primary),
        on_primary: hex_color(&scheme.on_primary),
    };
    let z = view.zoom;
    let width = match view.email_width {
        EmailWidth::Desktop => 600.0,
        EmailWidth::Mobile => 375.0,
    };
    // Fit the message into the column: the zoom scales, the column never overflows.
    let scale = (z * 0.75)
        .min((ui.available_width() - 8.0) / width)
        .max(0.3);
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
                    egui::Frame::new()
                        .fill(pal.card)
                        .inner_margin(40.0 * scale * 0.6)
                        .show(ui, |ui| {
                            ui.set_width(width * scale - 2.0 * 40.0 * scale * 0.6);
                            body(ui, d, view, msg, &pal, scale);
                        });
                });
        });
}

fn body(
    ui: &mut Ui,
    d: &Designer,
    view: &mut View,
    msg: &crate::template::ResolvedMessage,
    pal: &Palette,
    s: f32,
) {
    let ctx = ui.ctx().clone();
    if let Some(logo) = &d.ws.project.brand.logo
        && let Some(t) = view.textures.image(&ctx, logo)
    {
        let h = 40.0 * s;
        let size = t.size_vec2();
        ui.add(egui::Image::new(&t).fit_to_exact_size(egui::vec2(size.x / size.y * h, h)));
        ui.add_space(16.0 * s);
    }
    for (_, v) in views(msg, Channel::Email) {
        match v {
            BlockView::Override(t, of) => {
                let small = matches!(of, Resolved::Legal(_));
                rich(ui, t, if small { 12.0 } else { 16.0 } * s, pal, small);
            }
            BlockView::Default(r) => block(ui, view, r, pal, s),
        }
        ui.add_space(12.0 * s);
    }
    ui.separator();
    let sender = &d.ws.project.brand.sender;
    let mut footer = vec![sender.company.clone()];
    footer.extend(sender.address.iter().cloned());
    small(ui, &footer.join(" · "), pal, s);
    if msg.unsubscribe_url.is_some() {
        ui.label(
            egui::RichText::new(if msg.language.starts_with("de") {
                "Abmelden"
            } else {
                "Unsubscribe"
            })
            .font(preview_font(12.0 * s, false, false))
            .color(pal.primary)
            .underline(),
        );
    }
}

fn small(ui: &mut Ui, text: &str, pal: &Palette, s: f32) {
    ui.label(
        egui::RichText::new(text)
            .font(preview_font(12.0 * s, false, false))
            .color(pal.muted),
    );
}

fn block(ui: &mut Ui, view: &mut View, r: &Resolved, pal: &Palette, s: f32) {
    match r {
        Resolved::Heading(h) => {
            ui.label(
                egui::RichText::new(h)
                    .font(preview_font(24.0 * s, true, false))
                    .color(pal.text),
            );
        }
        Resolved::Text(t) | Resolved::Signature(t) => rich(ui, t, 16.0 * s, pal, false),
        Resolved::Legal(t) => rich(ui, t, 12.0 * s, pal, true),
        Resolved::Button { label, url } => {
            let text = egui::RichText::new(label)
                .font(preview_font(16.0 * s, true, false))
                .color(pal.on_primary);
            let b = egui::Button::new(text)
                .fill(pal.primary)
                .corner_radius(6.0 * s)
                .min_size(egui::vec2(0.0, 44.0 * s));
            let r = ui.add(b);
            if let Some(u) = url {
                r.on_hover_text(u.as_str());
            }
        }
        Resolved::Image { asset, alt, .. } => {
            let ctx = ui.ctx().clone();
            match view.textures.image(&ctx, asset) {
                Some(t) => {
                    let w = ui.available_width();
                    let size = t.size_vec2();
                    ui.add(
                        egui::Image::new(&t).fit_to_exact_size(egui::vec2(w, size.y / size.x * w)),
                    )
                    .on_hover_text(alt.as_str());
                }
                None => small(ui, &format!("[{alt}]"), pal, s),
            }
        }
        Resolved::Table(t) => {
            if t.rows.is_empty() {
                small(ui, &t.empty, pal, s);
                return;
            }
            egui::Grid::new(ui.next_auto_id())
                .striped(true)
                .spacing(egui::vec2(12.0 * s, 4.0 * s))
                .show(ui, |ui| {
                    let font = |bold| preview_font(14.0 * s, bold, false);
                    for h in &t.headers {
                        ui.label(egui::RichText::new(h).font(font(true)).color(pal.text));
                    }
                    ui.end_row();
                    for row in t.rows.iter().chain(&t.footer) {
                        for cell in row {
                            ui.label(egui::RichText::new(cell).font(font(false)).color(pal.text));
                        }
                        ui.end_row();
                    }
                });
        }
        Resolved::Divider => {
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
