//! The HTML part for real mail clients: nested tables, inline CSS, 600 px wide and
//! responsive, with dark-mode colours and images by Content-ID or data URI.

use super::colours::EmailColours;
use super::layout::{
    CARDS_BELOW_PX as CARDS_BELOW, FOOTER_PADDING_PX, Footer, LOGO_PADDING_PX, LOGO_PLATE_PX,
    LayoutKind, PAD_PX as PAD, PAD_WIDE_PX, PARAGRAPH_GAP_PX, Picture, SMALL_TYPE_PX,
};
use super::{ImageMode, InlineImage};
use crate::diag::{Code, Diagnostic};
use crate::model::{Align, Channel, Project};
use crate::render::Assets;
use crate::render::escape_markup as escape;
use crate::render::hyphens::hyphenate;
use crate::render::text::link_plain;
use crate::template::markdown::{Paragraph, RichText};
use crate::template::{ResolvedMessage, Table};
use base64::Engine as _;
use hyphenation::Standard;

/// Lets long words, IBANs and URLs break anywhere rather than widen the message.
const BREAK: &str = "word-break:break-word;overflow-wrap:anywhere;";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape(s, &mut out);
    out
}

pub(super) struct HtmlWriter<'a> {
    assets: &'a Assets,
    mode: ImageMode,
    palette: &'a EmailColours,
    font: String,
    pub(super) body: String,
    pub(super) images: Vec<InlineImage>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The project language's patterns: table cells break long words at their
    /// hyphenation points on narrow screens.
    hyphens: Option<&'a Standard>,
}

impl<'a> HtmlWriter<'a> {
    pub(super) fn new(
        project: &Project,
        assets: &'a Assets,
        mode: ImageMode,
        palette: &'a EmailColours,
        hyphens: Option<&'a Standard>,
    ) -> Self {
        let family: String = project
            .brand
            .font_family
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
            .collect();
        HtmlWriter {
            assets,
            mode,
            palette,
            font: format!("'{family}',Arial,Helvetica,sans-serif"),
            body: String::with_capacity(8 * 1024),
            images: Vec::new(),
            diagnostics: Vec::new(),
            hyphens,
        }
    }

    /// Opens a content row with `(top, bottom)` CSS pixels of space.
    fn row_open(&mut self, (top, bottom): (u32, u32)) {
        let padding = format!("{top}px {PAD}px {bottom}px");
        push!(
            self.body,
            "<tr><td class=\"prism-pad prism-text\" style=\"padding:{padding};font-family:{};font-size:16px;line-height:24px;color:{};{BREAK}\">",
            self.font,
            self.palette.light.text
        );
    }

    fn row_close(&mut self) {
        self.body.push_str("</td></tr>\n");
    }

    /// The `src` for an asset: a cid: reference or a data: URI; `None` (with a diagnostic) when unusable.
    fn image_src(&mut self, asset: &str, block: Option<&str>) -> Option<String> {
        // Refused as a letter would refuse it: a mail client decodes what the header claims,
        // and an SVG's references would carry paths from this machine.
        let a = match self.assets.usable(asset) {
            Ok(a) => a,
            Err(why) => {
                let d = Diagnostic::error(Code::Asset, why.to_string()).on(Channel::Email);
                self.diagnostics.push(match block {
                    Some(b) => d.at_block(b),
                    None => d.at_field("brand.logo"),
                });
                return None;
            }
        };
        if a.content_type == "image/svg+xml" {
            let d = Diagnostic::warning(
                Code::EmailSvg,
                format!("{asset}: most mail clients do not show SVG; use PNG or JPEG"),
            )
            .on(Channel::Email);
            self.diagnostics.push(match block {
                Some(b) => d.at_block(b),
                None => d.at_field("brand.logo"),
            });
        }
        Some(match self.mode {
            ImageMode::Cid => {
                let cid = match self.images.iter().find(|i| i.asset == asset) {
                    Some(i) => i.cid.clone(),
                    None => {
                        let cid = format!("img{}@prism", self.images.len() + 1);
                        self.images.push(InlineImage {
                            cid: cid.clone(),
                            asset: asset.to_owned(),
                        });
                        cid
                    }
                };
                format!("cid:{cid}")
            }
            ImageMode::DataUri => format!(
                "data:{};base64,{}",
                a.content_type,
                base64::engine::general_purpose::STANDARD.encode(a.bytes.as_slice())
            ),
        })
    }

    pub(super) fn logo(&mut self, logo: &Picture) {
        let Some(src) = self.image_src(&logo.asset, None) else {
            return;
        };
        let (alt, w) = (esc(&logo.alt), logo.width_px);
        self.row_open(LOGO_PADDING_PX);
        push!(
            self.body,
            "<img class=\"prism-logo\" src=\"{src}\" alt=\"{alt}\" width=\"{w}\" style=\"display:block;width:{w}px;max-width:{w}px;height:auto;border:0;outline:none;text-decoration:none;\">"
        );
        self.row_close();
    }

    pub(super) fn block(&mut self, id: &str, kind: &LayoutKind) {
        match kind {
            LayoutKind::Heading {
                text,
                level,
                size_px,
                line_px,
            } => {
                self.row_open(kind.padding_px());
                push!(
                    self.body,
                    "<h{level} style=\"margin:0;font-family:{};font-size:{size_px}px;line-height:{line_px}px;font-weight:700;color:{};\">{}</h{level}>",
                    self.font,
                    self.palette.light.text,
                    esc(text)
                );
                self.row_close();
            }
            LayoutKind::Paragraphs {
                text,
                size_px,
                line_px,
                muted,
            } => self.rich(text, (*size_px, *line_px), *muted, kind.padding_px()),
            LayoutKind::Button { label, url } => {
                self.button(label, url.as_deref(), kind.padding_px())
            }
            LayoutKind::Image(picture) => {
                let Some(src) = self.image_src(&picture.asset, Some(id)) else {
                    return;
                };
                let w = picture.width_px;
                self.row_open(kind.padding_px());
                push!(
                    self.body,
                    "<img class=\"prism-img\" src=\"{src}\" alt=\"{}\" width=\"{w}\" style=\"display:block;width:100%;max-width:{w}px;height:auto;border:0;outline:none;text-decoration:none;\">",
                    esc(&picture.alt)
                );
                self.row_close();
            }
            LayoutKind::Table(t) => self.table(t, kind.padding_px()),
            LayoutKind::Divider => {
                self.row_open(kind.padding_px());
                self.body.push_str("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td style=\"border-top:1px solid #d0d5dd;font-size:1px;line-height:1px;\">&nbsp;</td></tr></table>");
                self.row_close();
            }
        }
    }

    fn rich(&mut self, t: &RichText, (size, line): (u32, u32), muted: bool, padding: (u32, u32)) {
        if t.is_empty() {
            return;
        }
        let (colour, class) = if muted {
            (&self.palette.light.muted, " class=\"prism-muted\"")
        } else {
            (&self.palette.light.text, "")
        };
        let colour = colour.clone();
        self.row_open(padding);
        let n = t.paragraphs.len();
        for (i, p) in t.paragraphs.iter().enumerate() {
            let margin = if i + 1 == n { 0 } else { PARAGRAPH_GAP_PX };
            push!(
                self.body,
                "<p{class} style=\"margin:0 0 {margin}px;font-size:{size}px;line-height:{line}px;color:{colour};\">"
            );
            self.paragraph(p);
            self.body.push_str("</p>");
        }
        self.row_close();
    }

    fn paragraph(&mut self, p: &Paragraph) {
        for span in p {
            let mut close = String::new();
            if let Some(url) = &span.link {
                push!(
                    self.body,
                    "<a href=\"{}\" style=\"color:{};text-decoration:underline;\">",
                    esc(url),
                    self.palette.light.primary
                );
                close.insert_str(0, "</a>");
            }
            if span.bold {
                self.body.push_str("<strong>");
                close.insert_str(0, "</strong>");
            }
            if span.italic {
                self.body.push_str("<em>");
                close.insert_str(0, "</em>");
            }
            for (i, line) in span.text.split('\n').enumerate() {
                if i > 0 {
                    self.body.push_str("<br>");
                }
                escape(line, &mut self.body);
            }
            self.body.push_str(&close);
        }
    }

    /// A "bulletproof" button: a coloured table cell holding a padded link, so it shows
    /// as a button even where images or CSS padding on links are not supported.
    fn button(&mut self, label: &str, url: Option<&str>, padding: (u32, u32)) {
        let (p, on) = (
            self.palette.light.primary.clone(),
            self.palette.light.on_primary.clone(),
        );
        self.row_open(padding);
        push!(
            self.body,
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td align=\"center\" bgcolor=\"{p}\" style=\"border-radius:6px;background-color:{p};\">"
        );
        match url {
            Some(url) => {
                push!(
                    self.body,
                    "<a href=\"{}\" target=\"_blank\" style=\"display:inline-block;padding:14px 28px;font-family:{};font-size:16px;line-height:20px;font-weight:700;color:{on};text-decoration:none;border-radius:6px;\">{}</a>",
                    esc(url),
                    self.font,
                    esc(label)
                );
            }
            None => {
                push!(
                    self.body,
                    "<span style=\"display:inline-block;padding:14px 28px;font-family:{};font-size:16px;font-weight:700;color:{on};\">{}</span>",
                    self.font,
                    esc(label)
                );
            }
        }
        self.body.push_str("</td></tr></table>");
        self.row_close();
    }

    /// A table that fits any screen without CSS support: cells may break long words and
    /// amounts keep to one line. Where media queries work, phones get one card per row
    /// (each cell labelled with its column's header, amounts still right-aligned).
    fn table(&mut self, t: &Table, padding: (u32, u32)) {
        self.row_open(padding);
        if t.rows.is_empty() {
            push!(
                self.body,
                "<p style=\"margin:0;font-style:italic;\">{}</p>",
                esc(&t.empty)
            );
            self.row_close();
            return;
        }
        self.body.push_str("<table role=\"presentation\" class=\"prism-table\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:14px;line-height:20px;\">");
        // The first column keeps to the left edge, the others to the right one.
        let pad = |i: usize| {
            if i == 0 {
                "6px 8px 6px 0"
            } else {
                "6px 0 6px 8px"
            }
        };
        let align = |i: usize| match t.align.get(i) {
            Some(Align::Right) => "right",
            Some(Align::Center) => "center",
            _ => "left",
        };
        // Right-aligned columns hold amounts: never broken inside. Headers break only
        // between words; the other cells anywhere, so that the table always fits.
        let wrap = |i: usize| {
            if i > 0 && align(i) == "right" {
                "white-space:nowrap;"
            } else {
                BREAK
            }
        };
        let text = self.palette.light.text.clone();
        // Soft hyphens let a narrow column break "Einzelpreis" as "Einzel-preis".
        let dict = self.hyphens;
        let hyphenated = |c: &str| dict.map_or_else(|| esc(c), |d| esc(&hyphenate(c, d)));
        let cell = |i: usize, c: &str| {
            if align(i) == "right" {
                esc(c)
            } else {
                hyphenated(c)
            }
        };
        self.body.push_str("<tr class=\"prism-head\">");
        for (i, h) in t.headers.iter().enumerate() {
            push!(
                self.body,
                "<th align=\"{a}\" style=\"padding:{};border-bottom:2px solid {text};font-weight:700;text-align:{a};word-break:normal;overflow-wrap:normal;\">{}</th>",
                pad(i),
                hyphenated(h),
                a = align(i),
            );
        }
        self.body.push_str("</tr>");
        let cells = |body: &mut String, row: &[String], extra: &str| {
            body.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let label = match (i, t.headers.get(i)) {
                    (0, _) | (_, None) => " class=\"prism-first\"".to_owned(),
                    (_, Some(h)) => format!(" data-label=\"{}\"", esc(h)),
                };
                push!(
                    body,
                    "<td{label} align=\"{a}\" style=\"padding:{};{extra}text-align:{a};{}\">{}</td>",
                    pad(i),
                    wrap(i),
                    cell(i, c),
                    a = align(i),
                );
            }
            body.push_str("</tr>");
        };
        for row in &t.rows {
            cells(&mut self.body, row, "border-bottom:1px solid #e4e7ec;");
        }
        if let Some(f) = &t.footer {
            cells(&mut self.body, f, "font-weight:700;");
        }
        self.body.push_str("</table>");
        self.row_close();
    }

    /// Sender identity and, for marketing, the unsubscribe link; returns the same as plain-text paragraphs.
    pub(super) fn footer(&mut self, footer: &Footer) -> Vec<String> {
        let mut plain = vec![footer.lines.join("\n")];
        push!(
            self.body,
            "<tr><td class=\"prism-pad prism-footer\" style=\"padding:{top}px {PAD}px {bottom}px;font-family:{};font-size:{size}px;line-height:{line}px;color:{};\">",
            self.font,
            self.palette.light.muted,
            top = FOOTER_PADDING_PX.0,
            bottom = FOOTER_PADDING_PX.1,
            size = SMALL_TYPE_PX.0,
            line = SMALL_TYPE_PX.1,
        );
        for (i, l) in footer.lines.iter().enumerate() {
            if i > 0 {
                self.body.push_str("<br>");
            }
            escape(l, &mut self.body);
        }
        if let Some(u) = &footer.unsubscribe {
            push!(
                self.body,
                "<br><br>{} <a href=\"{}\" style=\"color:{};text-decoration:underline;\">{}</a>",
                esc(&u.note),
                esc(&u.url),
                self.palette.light.muted,
                esc(&u.label)
            );
            plain.push(format!(
                "{} {}: {}",
                u.note,
                u.label,
                link_plain("", &u.url)
            ));
        }
        self.body.push_str("</td></tr>\n");
        plain
    }

    pub(super) fn finish(&mut self, msg: &ResolvedMessage, width: u32) -> String {
        let p = self.palette;
        let mut html = String::with_capacity(self.body.len() + 3 * 1024);
        push!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"x-apple-disable-message-reformatting\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"supported-color-schemes\" content=\"light dark\">\n\
<title>{title}</title>\n<style>\n\
:root{{color-scheme:light dark;supported-color-schemes:light dark;}}\n\
body{{margin:0;padding:0;-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;}}\n\
table,td{{mso-table-lspace:0pt;mso-table-rspace:0pt;}}\n\
img{{-ms-interpolation-mode:bicubic;}}\n\
@media only screen and (min-width:{wide}px){{.prism-pad{{padding-left:{PAD_WIDE_PX}px!important;padding-right:{PAD_WIDE_PX}px!important;}}}}\n\
@media only screen and (max-width:{CARDS_BELOW}px){{.prism-table,.prism-table tbody,.prism-table tr,.prism-table td{{display:block!important;width:100%!important;box-sizing:border-box;}}.prism-table .prism-head{{display:none!important;}}.prism-table tr{{border-bottom:1px solid #e4e7ec;padding:6px 0;}}.prism-table td{{border:0!important;padding:2px 0!important;text-align:right!important;}}.prism-table td.prism-first{{text-align:left!important;font-weight:700;}}.prism-table td:empty{{display:none!important;}}.prism-table td[data-label]::before{{content:attr(data-label);float:left;font-weight:400;color:{muted};padding-right:12px;}}}}\n\
@media (prefers-color-scheme:dark){{.prism-canvas{{background-color:{dcanvas}!important;}}.prism-card{{background-color:{dcard}!important;}}.prism-text,.prism-text h1,.prism-text h2,.prism-text p,.prism-text th,.prism-text td{{color:{dtext}!important;}}.prism-text p.prism-muted,.prism-footer,.prism-footer a{{color:{dmuted}!important;}}.prism-logo{{background-color:#ffffff!important;border-radius:{plate_r}px;padding:{plate_v}px {plate_h}px!important;}}}}\n\
</style>\n</head>\n<body class=\"prism-canvas\" style=\"margin:0;padding:0;background-color:{canvas};\">\n",
            lang = esc(&msg.language),
            title = esc(&msg.subject),
            wide = width + 2 * PAD_WIDE_PX,
            plate_v = LOGO_PLATE_PX.0,
            plate_h = LOGO_PLATE_PX.1,
            plate_r = LOGO_PLATE_PX.2,
            muted = p.light.muted,
            dcanvas = p.dark.canvas,
            dcard = p.dark.card,
            dtext = p.dark.text,
            dmuted = p.dark.muted,
            canvas = p.light.canvas,
        );
        if !msg.preheader.is_empty() {
            // Hidden preview text, padded so clients do not pull body text into the inbox preview.
            pushln!(
                html,
                "<div style=\"display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;\">{}{}</div>",
                esc(&msg.preheader),
                "&#847;&zwnj;&nbsp;".repeat(40)
            );
        }
        push!(
            html,
            "<table role=\"presentation\" class=\"prism-canvas\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:{};\">\n<tr><td align=\"center\" style=\"padding:24px 0;\">\n\
<!--[if mso]><table role=\"presentation\" width=\"{width}\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->\n\
<table role=\"presentation\" class=\"prism-container prism-card\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:{width}px;background-color:{};border-radius:8px;\">\n",
            p.light.canvas,
            p.light.card
        );
        html.push_str(&self.body);
        // Fluid up to the message width everywhere; Outlook for Windows, which ignores
        // max-width, gets the fixed width from the table only it reads.
        html.push_str("</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr>\n</table>\n</body>\n</html>\n");
        html
    }
}
