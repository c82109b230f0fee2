//! The drawing of a page, and its one serialisation: SVG. Raster previews and PDF proofs
//! are made from this SVG, so a letter is never drawn twice in two ways.

use crate::render::escape_markup as escape;
use std::fmt::Write;

/// CSS pixels per millimetre (96 per inch).
pub const MM: f32 = 96.0 / 25.4;
/// CSS pixels per point.
pub const PT: f32 = 96.0 / 72.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A label ending at `x` (right-aligned), such as the page number.
    TextEnd {
        x: f32,
        /// Baseline.
        y: f32,
        text: String,
        size: f32,
        color: &'static str,
    },
    /// One line of text: runs of one style each, set from `x` on; `word_spacing` widens
    /// every space (justification).
    Words {
        x: f32,
        /// Baseline.
        y: f32,
        size: f32,
        word_spacing: f32,
        runs: Vec<Run>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: &'static str,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// A `data:` URI.
        href: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub color: &'static str,
}

/// One page: size in CSS pixels and its items in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub items: Vec<Item>,
}

impl Page {
    /// The page as a standalone SVG document (sizes in mm, coordinates in CSS pixels).
    pub fn to_svg(&self, family: &str) -> String {
        let (w, h) = (self.width_mm * MM, self.height_mm * MM);
        let mut s = String::with_capacity(16 * 1024);
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}mm\" height=\"{}mm\" viewBox=\"0 0 {w:.2} {h:.2}\">\n\
<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<g font-family=\"{}\">\n",
            self.width_mm,
            self.height_mm,
            family.replace(['"', '<', '>', '&'], "")
        );
        for item in &self.items {
            match item {
                Item::TextEnd {
                    x,
                    y,
                    text,
                    size,
                    color,
                } => {
                    let _ = write!(
                        s,
                        "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{size:.2}\" fill=\"{color}\" text-anchor=\"end\" xml:space=\"preserve\">"
                    );
                    escape(text, &mut s);
                    s.push_str("</text>\n");
                }
                Item::Words {
                    x,
                    y,
                    size,
                    word_spacing,
                    runs,
                } => {
                    let _ = write!(s, "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{size:.2}\"");
                    if *word_spacing > 0.005 {
                        let _ = write!(s, " word-spacing=\"{word_spacing:.3}\"");
                    }
                    s.push_str(" xml:space=\"preserve\">");
                    for run in runs {
                        let _ = write!(s, "<tspan fill=\"{}\"", run.color);
                        if run.bold {
                            s.push_str(" font-weight=\"bold\"");
                        }
                        if run.italic {
                            s.push_str(" font-style=\"italic\"");
                        }
                        s.push('>');
                        escape(&run.text, &mut s);
                        s.push_str("</tspan>");
                    }
                    s.push_str("</text>\n");
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                } => {
                    let _ = writeln!(
                        s,
                        "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" stroke=\"{color}\" stroke-width=\"{width:.2}\"/>"
                    );
                }
                Item::Image { x, y, w, h, href } => {
                    let _ = writeln!(
                        s,
                        "<image x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" preserveAspectRatio=\"xMidYMid meet\" href=\"{href}\"/>"
                    );
                }
            }
        }
        s.push_str("</g>\n</svg>\n");
        s
    }
}
