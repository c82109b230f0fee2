//! The email in the proof pack as the customer's mail client shows it: the `EmailLayout` the
//! HTML and the designer's preview are made from, drawn as display-list items — logo,
//! headings, paragraphs with their links, buttons, images, tables in columns with the
//! amounts aligned, the footer — in the light colours and with the HTML's paddings, scaled
//! so that the message's width fills a column of the page.
//!
//! The email comes as a list of strips, each a line of text or one picture high, so that the
//! proof pack can continue a long email in the next column instead of cutting it off.

use crate::render::Assets;
use crate::render::email::layout::{
    EmailLayout, FOOTER_PADDING_PX, LOGO_PADDING_PX, LayoutKind, PAD_WIDE_PX, PARAGRAPH_GAP_PX,
    Picture, SMALL_TYPE_PX, TABLE_CELL_PADDING_PX, TABLE_TYPE_PX,
};
use crate::render::print::fonts::DEFAULT_FAMILY;
use crate::render::print::text::{self, Align, SetText, TextStyle};
use crate::render::print::{ImageCache, Item, RectPt, Rgb, Typesetter, images};
use crate::template::Table;
use crate::template::markdown::Span;

/// A horizontal strip of the email, drawn in the column's full width: coordinates from the
/// strip's top-left corner, in points.
#[derive(Debug, Clone)]
pub struct Strip {
    /// How high the strip is.
    pub height_pt: f32,
    /// What it draws, its card background first.
    pub items: Vec<Item>,
}

/// The highest a picture is drawn: a column of the proof pack holds it whole.
pub const MAX_STRIP_H_PT: f32 = 360.0;
/// Rules between table rows and the divider, as the HTML draws them.
const TABLE_RULE: Rgb = Rgb(0xe4, 0xe7, 0xec);
const DIVIDER: Rgb = Rgb(0xd0, 0xd5, 0xdd);
/// A button: 14 px above and below 20 px of text, 28 px beside it (the HTML's link padding).
const BUTTON_PAD_PX: (f32, f32) = (14.0, 28.0);
/// Space between a table cell's text and its neighbour's, in CSS pixels.
const CELL_GAP_PX: f32 = 8.0;

/// The light colours the HTML declares inline, which every client shows.
struct Palette {
    card: Rgb,
    text: Rgb,
    muted: Rgb,
    primary: Rgb,
    on_primary: Rgb,
}

/// Draws an email into strips `width_pt` wide.
struct Drawer<'a> {
    ts: &'a Typesetter,
    images: &'a ImageCache,
    assets: &'a Assets,
    family: String,
    pal: Palette,
    /// Points per CSS pixel.
    s: f32,
    width_pt: f32,
    strips: Vec<Strip>,
}

/// The email as strips `width_pt` wide, top to bottom; `family` is the brand's font, set in
/// the shipped default when the typesetter does not have it (as the letter does).
pub fn strips(
    ts: &Typesetter,
    images: &ImageCache,
    assets: &Assets,
    layout: &EmailLayout,
    family: &str,
    width_pt: f32,
) -> Vec<Strip> {
    let light = &layout.colours.light;
    // EmailColours keeps only colours that parse (it falls back, with a diagnostic).
    let rgb = |hex: &str| Rgb::from_hex(hex).unwrap_or(Rgb(0, 0, 0));
    let mut d = Drawer {
        ts,
        images,
        assets,
        family: if ts.has_family(family) {
            family.to_owned()
        } else {
            DEFAULT_FAMILY.to_owned()
        },
        pal: Palette {
            card: rgb(&light.card),
            text: rgb(&light.text),
            muted: rgb(&light.muted),
            primary: rgb(&light.primary),
            on_primary: rgb(&light.on_primary),
        },
        s: width_pt / layout.width_px.max(1) as f32,
        width_pt,
        strips: Vec::new(),
    };
    if let Some(logo) = &layout.logo {
        d.space(LOGO_PADDING_PX.0);
        if let Some(image) = d.image(&logo.asset) {
            d.picture(logo, image);
        }
        d.space(LOGO_PADDING_PX.1);
    }
    for b in &layout.blocks {
        d.block(&b.kind);
    }
    let footer = &layout.footer;
    d.space(FOOTER_PADDING_PX.0);
    let (size, line) = SMALL_TYPE_PX;
    let muted = d.pal.muted;
    for l in &footer.lines {
        d.text(&[span(l, false)], (size, line), false, muted, muted);
    }
    if let Some(u) = &footer.unsubscribe {
        d.space(line);
        let spans = [
            span(&format!("{} ", u.note), false),
            Span {
                link: Some(u.url.clone()),
                ..span(&u.label, false)
            },
        ];
        d.text(&spans, (size, line), false, muted, muted);
    }
    d.space(FOOTER_PADDING_PX.1);
    d.strips
}

fn span(text: &str, bold: bool) -> Span {
    Span {
        text: text.to_owned(),
        bold,
        italic: false,
        link: None,
    }
}

impl Drawer<'_> {
    fn px(&self, px: f32) -> f32 {
        px * self.s
    }

    /// The left edge and width of the content, inside the message's side padding.
    fn content(&self) -> (f32, f32) {
        let pad = self.px(PAD_WIDE_PX as f32);
        (pad, self.width_pt - 2.0 * pad)
    }

    /// A strip `height_pt` high on the card, with `items` over it.
    fn push(&mut self, height_pt: f32, items: Vec<Item>) {
        let mut all = vec![Item::Rect {
            rect: RectPt {
                x: 0.0,
                y: 0.0,
                width: self.width_pt,
                height: height_pt,
            },
            fill: self.pal.card,
        }];
        all.extend(items);
        self.strips.push(Strip {
            height_pt,
            items: all,
        });
    }

    fn space(&mut self, px: u32) {
        if px > 0 {
            self.push(self.px(px as f32), Vec::new());
        }
    }

    fn set(&self, spans: &[Span], (size, line): (u32, u32), bold: bool, width_pt: f32) -> SetText {
        self.set_aligned(spans, (size, line), bold, Some(width_pt), Align::Left)
    }

    fn set_aligned(
        &self,
        spans: &[Span],
        (size, line): (u32, u32),
        bold: bool,
        width_pt: Option<f32>,
        align: Align,
    ) -> SetText {
        let style = TextStyle {
            family: self.family.clone(),
            size_pt: self.px(size as f32),
            line_height_pt: self.px(line as f32),
            bold,
            italic: false,
        };
        text::set(self.ts, spans, &style, width_pt, align, None)
    }

    /// Text across the content's width, a strip per line.
    fn text(&mut self, spans: &[Span], sizes: (u32, u32), bold: bool, color: Rgb, link: Rgb) {
        let (x, w) = self.content();
        let set = self.set(spans, sizes, bold, w);
        for i in 0..set.lines.len() {
            let items = set.items(x, 0.0, color, link, i..i + 1);
            self.push(set.line_height_pt, items);
        }
    }

    fn block(&mut self, kind: &LayoutKind) {
        let (top, bottom) = kind.padding_px();
        let pal = (self.pal.text, self.pal.muted, self.pal.primary);
        match kind {
            LayoutKind::Heading {
                text,
                size_px,
                line_px,
                ..
            } => {
                self.space(top);
                self.text(
                    &[span(text, true)],
                    (*size_px, *line_px),
                    true,
                    pal.0,
                    pal.2,
                );
            }
            LayoutKind::Paragraphs {
                text,
                size_px,
                line_px,
                muted,
            } => {
                // The HTML leaves an empty text out, paddings and all.
                if text.is_empty() {
                    return;
                }
                self.space(top);
                let color = if *muted { pal.1 } else { pal.0 };
                for (i, p) in text.paragraphs.iter().enumerate() {
                    if i > 0 {
                        self.space(PARAGRAPH_GAP_PX);
                    }
                    self.text(p, (*size_px, *line_px), false, color, pal.2);
                }
            }
            LayoutKind::Button { label, url } => {
                self.space(top);
                self.button(label, url.as_deref());
            }
            LayoutKind::Image(picture) => {
                // As the HTML, an image that cannot be shown is left out with its row.
                let Some(image) = self.image(&picture.asset) else {
                    return;
                };
                self.space(top);
                self.picture(picture, image);
            }
            LayoutKind::Table(t) if t.rows.is_empty() => {
                self.space(top);
                let empty = Span {
                    italic: true,
                    ..span(&t.empty, false)
                };
                self.text(&[empty], (16, 24), false, pal.0, pal.2);
            }
            LayoutKind::Table(t) => {
                self.space(top);
                self.table(t);
            }
            LayoutKind::Divider => {
                self.space(top);
                let (x, w) = self.content();
                let h = self.px(1.0);
                self.push(h, vec![fill(x, 0.0, w, h, DIVIDER)]);
            }
        }
        self.space(bottom);
    }

    fn image(&self, asset: &str) -> Option<std::sync::Arc<images::PrintImage>> {
        let a = self.assets.get(asset)?.as_ref().ok()?;
        a.usable().ok()?;
        images::decode(self.ts, self.images, asset, a).ok()
    }

    /// An image at its width (at most the content's), its height from its proportions.
    fn picture(&mut self, picture: &Picture, image: std::sync::Arc<images::PrintImage>) {
        let (x, w) = self.content();
        let aspect = image.aspect().max(0.001);
        let width = self
            .px(picture.width_px as f32)
            .min(w)
            .min(MAX_STRIP_H_PT * aspect);
        let height = width / aspect;
        let rect = RectPt {
            x,
            y: 0.0,
            width,
            height,
        };
        self.push(height, vec![Item::Image { rect, image }]);
    }

    /// A "bulletproof" button as the HTML draws it: the label bold on the brand colour.
    fn button(&mut self, label: &str, url: Option<&str>) {
        let (x, w) = self.content();
        let (pad_v, pad_h) = (self.px(BUTTON_PAD_PX.0), self.px(BUTTON_PAD_PX.1));
        let set = self.set(&[span(label, true)], (16, 20), true, w - 2.0 * pad_h);
        let rect = RectPt {
            x,
            y: 0.0,
            width: (set.width_pt() + 2.0 * pad_h).min(w),
            height: set.height_pt() + 2.0 * pad_v,
        };
        let mut items = vec![Item::Rect {
            rect,
            fill: self.pal.primary,
        }];
        let n = set.lines.len();
        items.extend(set.items(
            x + pad_h,
            pad_v,
            self.pal.on_primary,
            self.pal.on_primary,
            0..n,
        ));
        if let Some(url) = url {
            items.push(Item::Link {
                rect,
                url: url.to_owned(),
            });
        }
        self.push(rect.height, items);
    }

    /// As the HTML sets a table: full width; every column but the first as wide as its
    /// widest cell (amounts never broken), the first takes the rest and wraps; cells aligned
    /// as declared; the header and the footer row bold; a strong rule under the header and
    /// a light one under each row.
    fn table(&mut self, t: &Table) {
        let (x0, w) = self.content();
        let gap = self.px(CELL_GAP_PX);
        let rows: Vec<(&[String], bool)> = std::iter::once((t.headers.as_slice(), true))
            .chain(t.rows.iter().map(|r| (r.as_slice(), false)))
            .chain(t.footer.iter().map(|r| (r.as_slice(), true)))
            .collect();
        let cols = t.headers.len().max(1);
        let mut widths = vec![0.0f32; cols];
        for (cells, bold) in &rows {
            for (i, c) in cells.iter().enumerate().take(cols).skip(1) {
                let natural =
                    self.set_aligned(&[span(c, *bold)], TABLE_TYPE_PX, *bold, None, Align::Left);
                widths[i] = widths[i].max(natural.width_pt() + gap);
            }
        }
        // Over-wide columns share the width in proportion; the first keeps a third at least.
        let others: f32 = widths.iter().skip(1).sum();
        let room = w * if cols > 1 { 2.0 / 3.0 } else { 0.0 };
        if others > room {
            for c in widths.iter_mut().skip(1) {
                *c *= room / others;
            }
        }
        widths[0] = w - widths.iter().skip(1).sum::<f32>();
        let pad = self.px(TABLE_CELL_PADDING_PX as f32);
        let footer_at = t.footer.as_ref().map(|_| rows.len() - 1);
        for (n, (cells, bold)) in rows.iter().enumerate() {
            let mut items = Vec::new();
            let mut height = 0.0f32;
            let mut x = x0;
            for (i, c) in cells.iter().enumerate().take(cols) {
                // The first column keeps its gap on the right, the others on the left.
                let (cx, cw) = if i == 0 {
                    (x, widths[0] - gap)
                } else {
                    (x + gap, widths[i] - gap)
                };
                let align = t.align.get(i).map_or(Align::Left, |&a| a.into());
                let set = self.set_aligned(
                    &[span(c, *bold)],
                    TABLE_TYPE_PX,
                    *bold,
                    Some(cw.max(1.0)),
                    align,
                );
                let lines = set.lines.len();
                items.extend(set.items(cx, pad, self.pal.text, self.pal.primary, 0..lines));
                height = height.max(set.height_pt());
                x += widths[i];
            }
            height = height.max(self.px(TABLE_TYPE_PX.1 as f32)) + 2.0 * pad;
            let rule = match (n, footer_at == Some(n)) {
                (0, _) => Some((2.0, self.pal.text)),
                (_, false) => Some((1.0, TABLE_RULE)),
                (_, true) => None,
            };
            if let Some((px, color)) = rule {
                let h = self.px(px);
                items.push(fill(x0, height, w, h, color));
                height += h;
            }
            self.push(height, items);
        }
    }
}

fn fill(x: f32, y: f32, width: f32, height: f32, fill: Rgb) -> Item {
    Item::Rect {
        rect: RectPt {
            x,
            y,
            width,
            height,
        },
        fill,
    }
}
