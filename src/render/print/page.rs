//! The page display list: what layout decided, in points (1/72 in) from the page's top-left
//! corner, y pointing down. The PDF, raster and SVG exporters each read it; none of them
//! shapes or lays out anything again.

use super::fonts::{FaceId, Typesetter};
use super::images::PrintImage;
use std::ops::Range;
use std::sync::Arc;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub fn mm_to_pt(mm: f32) -> f32 {
    mm * PT_PER_MM
}

/// A colour as red, green and blue, 0–255 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as `#rrggbb`, for SVG and the dump.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// A colour written `#rrggbb` or `#rgb`, as CSS reads it; `None` for anything else.
    pub fn from_hex(s: &str) -> Option<Rgb> {
        let h = s.strip_prefix('#')?;
        // from_str_radix alone would take "+f" as a digit.
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(h.get(i..i + n)?, 16).ok();
        match h.len() {
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            // #abc is #aabbcc.
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            _ => None,
        }
    }
}

/// A rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectPt {
    /// Left edge, in points from the page's left edge.
    pub x: f32,
    /// Top edge, in points from the page's top edge (y points down).
    pub y: f32,
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl RectPt {
    /// Right edge: `x + width`.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
    /// Bottom edge: `y + height`.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
    /// Whether the two share some area; rectangles that only touch do not overlap.
    pub fn overlaps(&self, o: &RectPt) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// One shaped glyph of a run, as cosmic-text placed it; lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph index in the run's font face (not a character code).
    pub id: u16,
    /// Pen position from the run's origin along the baseline (justification included).
    pub x_pt: f32,
    /// Shaping's own offsets (marks); y up, as shapers report it.
    pub x_offset_pt: f32,
    /// Vertical offset from shaping, y up.
    pub y_offset_pt: f32,
    /// The glyph's advance as shaped (a justified space is wider).
    pub advance_pt: f32,
    /// The bytes of the run's text this glyph shows.
    pub text: Range<usize>,
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The font face the glyph ids belong to (see [`Typesetter::face`]).
    pub face: FaceId,
    /// Font size in points.
    pub size_pt: f32,
    /// Text colour.
    pub color: Rgb,
    /// Start of the baseline.
    pub x_pt: f32,
    /// The baseline's distance from the top of the page.
    pub baseline_pt: f32,
    /// The glyphs, placed relative to the start of the baseline.
    pub glyphs: Vec<Glyph>,
    /// What the glyphs say: soft hyphens removed, an added line-end hyphen included.
    pub text: String,
}

impl GlyphRun {
    /// Where the pen ends.
    pub fn width_pt(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x_pt + g.advance_pt)
    }

    /// The printed ink of each glyph (outline boxes), on the page.
    pub fn ink_boxes<'a>(&'a self, ts: &'a Typesetter) -> impl Iterator<Item = RectPt> + 'a {
        let face = ts.face(self.face);
        self.glyphs.iter().filter_map(move |g| {
            let b = face.outline(g.id)?.bounds_em?;
            Some(RectPt {
                x: self.x_pt + g.x_pt + g.x_offset_pt + b.left() * self.size_pt,
                y: self.baseline_pt - g.y_offset_pt + b.top() * self.size_pt,
                width: b.width() * self.size_pt,
                height: b.height() * self.size_pt,
            })
        })
    }
}

/// One thing drawn on a page; coordinates in points from the top-left corner, y down.
#[derive(Debug, Clone)]
pub enum Item {
    /// Shaped text.
    Glyphs(GlyphRun),
    /// A straight line.
    Rule {
        /// Start point (x, y).
        from: (f32, f32),
        /// End point (x, y).
        to: (f32, f32),
        /// Line thickness in points.
        width_pt: f32,
        /// Line colour.
        color: Rgb,
    },
    /// A filled rectangle.
    Rect {
        /// The area filled.
        rect: RectPt,
        /// Fill colour.
        fill: Rgb,
    },
    /// An image decoded once per project, shared by every letter that shows it.
    Image {
        /// The area the image is scaled to fill.
        rect: RectPt,
        /// The decoded image.
        image: Arc<PrintImage>,
    },
    /// A clickable area that opens a URL.
    Link {
        /// The clickable area.
        rect: RectPt,
        /// The URL it opens.
        url: String,
    },
}

impl Item {
    /// The item drawn `scale` times as large, its origin moved to (dx_pt, dy_pt).
    pub fn scaled(&self, scale: f32, dx_pt: f32, dy_pt: f32) -> Item {
        let pt = |x: f32, y: f32| (dx_pt + x * scale, dy_pt + y * scale);
        let rect = |r: &RectPt| RectPt {
            x: dx_pt + r.x * scale,
            y: dy_pt + r.y * scale,
            width: r.width * scale,
            height: r.height * scale,
        };
        match self {
            Item::Glyphs(r) => Item::Glyphs(GlyphRun {
                size_pt: r.size_pt * scale,
                x_pt: dx_pt + r.x_pt * scale,
                baseline_pt: dy_pt + r.baseline_pt * scale,
                glyphs: r
                    .glyphs
                    .iter()
                    .map(|g| Glyph {
                        x_pt: g.x_pt * scale,
                        x_offset_pt: g.x_offset_pt * scale,
                        y_offset_pt: g.y_offset_pt * scale,
                        advance_pt: g.advance_pt * scale,
                        ..g.clone()
                    })
                    .collect(),
                ..r.clone()
            }),
            Item::Rule {
                from,
                to,
                width_pt,
                color,
            } => Item::Rule {
                from: pt(from.0, from.1),
                to: pt(to.0, to.1),
                width_pt: width_pt * scale,
                color: *color,
            },
            Item::Rect { rect: r, fill } => Item::Rect {
                rect: rect(r),
                fill: *fill,
            },
            Item::Image { rect: r, image } => Item::Image {
                rect: rect(r),
                image: image.clone(),
            },
            Item::Link { rect: r, url } => Item::Link {
                rect: rect(r),
                url: url.clone(),
            },
        }
    }

    /// The item moved by (dx_pt, dy_pt).
    pub fn moved(&self, dx_pt: f32, dy_pt: f32) -> Item {
        self.scaled(1.0, dx_pt, dy_pt)
    }
}

/// One page: its size and its items in drawing order.
#[derive(Debug, Clone)]
pub struct Page {
    /// Page width in points (595.28 for A4).
    pub width_pt: f32,
    /// Page height in points (841.89 for A4).
    pub height_pt: f32,
    /// What is drawn, in order: later items paint over earlier ones.
    pub items: Vec<Item>,
}

impl Page {
    /// The page's glyph runs, in drawing order.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyphs(r) => Some(r),
            _ => None,
        })
    }

    /// The text of the page, a line per baseline, in drawing order of the lines' first runs.
    pub fn text_lines(&self) -> Vec<(f32, String)> {
        let mut lines: Vec<(f32, String)> = Vec::new();
        for run in self.runs() {
            match lines
                .iter_mut()
                .find(|(y, _)| (*y - run.baseline_pt).abs() < 0.01)
            {
                Some((_, text)) => {
                    text.push(' ');
                    text.push_str(&run.text);
                }
                None => lines.push((run.baseline_pt, run.text.clone())),
            }
        }
        lines
    }

    /// The page's items drawn `scale` times as large with its corner at (dx_pt, dy_pt): a
    /// letter page shown small inside another page (the proof pack), still as vector glyphs.
    pub fn scaled_items(&self, scale: f32, dx_pt: f32, dy_pt: f32) -> Vec<Item> {
        self.items
            .iter()
            .map(|item| item.scaled(scale, dx_pt, dy_pt))
            .collect()
    }

    /// A readable dump of the display list, a line per item, for snapshots and debugging.
    pub fn dump(&self, ts: &Typesetter) -> String {
        let mut s = format!("page {:.2} × {:.2} pt\n", self.width_pt, self.height_pt);
        for item in &self.items {
            match item {
                Item::Glyphs(r) => pushln!(
                    s,
                    "glyphs {} {:.2}pt {} at {:.2},{:.2} w {:.2}: {:?}",
                    ts.face(r.face).name,
                    r.size_pt,
                    r.color.hex(),
                    r.x_pt,
                    r.baseline_pt,
                    r.width_pt(),
                    r.text
                ),
                Item::Rule {
                    from,
                    to,
                    width_pt,
                    color,
                } => pushln!(
                    s,
                    "rule {:.2},{:.2} → {:.2},{:.2} {width_pt:.2}pt {}",
                    from.0,
                    from.1,
                    to.0,
                    to.1,
                    color.hex()
                ),
                Item::Rect { rect, fill } => {
                    pushln!(s, "rect {} {}", fmt_rect(rect), fill.hex())
                }
                Item::Image { rect, image } => {
                    pushln!(s, "image {} {}", fmt_rect(rect), image.name)
                }
                Item::Link { rect, url } => pushln!(s, "link {} {url}", fmt_rect(rect)),
            }
        }
        s
    }
}

fn fmt_rect(r: &RectPt) -> String {
    format!("{:.2},{:.2} {:.2}×{:.2}", r.x, r.y, r.width, r.height)
}

#[cfg(test)]
mod tests {
    use super::Rgb;

    #[test]
    fn colours_read_as_css_reads_them() {
        assert_eq!(Rgb::from_hex("#0b5cad"), Some(Rgb(0x0b, 0x5c, 0xad)));
        assert_eq!(Rgb::from_hex("#FfF"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::from_hex("#1a3"), Some(Rgb(0x11, 0xaa, 0x33)));
        for bad in [
            "0b5cad", "#0b5ca", "#0b5cadd", "#ggg", "#", "", "#+1+2+3", "#ää",
        ] {
            assert_eq!(Rgb::from_hex(bad), None, "{bad}");
        }
    }
}
