//! Print: the message as a DIN 5008 business letter. Layout (cosmic-text) produces a display
//! list per page — glyph runs exactly as shaped, rules, rectangles, images, links — and three
//! exporters read it: PDF (krilla), raster (tiny-skia; the preview and PNG) and SVG.

mod blocks;
mod checks;
mod flow;
pub mod fonts;
mod geometry;
pub(crate) mod images;
mod letter;
mod page;
mod pdf;
mod print_run;
mod raster;
mod svg;
mod table;
pub mod text;

pub use checks::{ink_boxes, zones};
pub use fonts::{FaceId, Typesetter};
pub use geometry::Geometry;
pub use images::{ImageCache, ImageKind, PrintImage};
pub use letter::Letter;
pub use page::{Glyph, GlyphRun, Item, PT_PER_MM, Page, RectPt, Rgb, mm_to_pt};
pub use pdf::pdf;
pub use print_run::PrintRun;
pub use raster::{MAX_RASTER_PIXELS, png, raster};
pub use svg::svg;

use super::{Assets, ChannelOutput, check_required, why_not_sent};
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, Project};
use crate::template::ResolvedMessage;
use hyphenation::Standard;
use std::sync::OnceLock;

/// Raster scale: pixels per point at 96 dpi, the designer's and `render --scale 1`'s size.
pub const PX_PER_PT_96DPI: f32 = 96.0 / 72.0;

/// Why a letter could not be exported as pixels, PNG or PDF.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// A page at the chosen scale is over [`MAX_RASTER_PIXELS`] (or under one pixel).
    #[error("a page at this scale would be {width} × {height} pixels; at most {} megapixels are drawn (a smaller --scale)", raster::MAX_RASTER_PIXELS / 1_000_000)]
    Raster {
        /// Page width at that scale, in pixels.
        width: u32,
        /// Page height at that scale, in pixels.
        height: u32,
    },
    /// The PNG encoder failed; its message.
    #[error("cannot write the PNG: {0}")]
    Png(String),
    /// Writing the PDF failed; the reason, in words.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// "PROOF — NOT APPROVED" as shaped for unapproved letters, once per typesetter (the glyphs
/// are its faces'): see [`mark_proof`].
#[derive(Default)]
pub struct ProofMark(OnceLock<Vec<text::LineRun>>);

/// Marks every page of an unapproved letter as a proof, in red across the top margin.
pub fn mark_proof(ts: &Typesetter, mark: &ProofMark, letter: &mut Letter) {
    const SIZE_PT: f32 = 9.0;
    // The same words on every proof: shaped once.
    let runs = mark.0.get_or_init(|| {
        let style = text::TextStyle {
            family: fonts::DEFAULT_FAMILY.into(),
            size_pt: SIZE_PT,
            line_height_pt: 11.0,
            bold: true,
            italic: false,
        };
        let span = crate::template::markdown::Span {
            text: "PROOF — NOT APPROVED".into(),
            bold: true,
            italic: false,
            link: None,
        };
        let set = text::set(ts, &[span], &style, None, text::Align::Left, None);
        set.lines
            .into_iter()
            .next()
            .map(|l| l.runs)
            .unwrap_or_default()
    });
    for page in &mut letter.pages {
        for run in runs {
            page.items.push(Item::Glyphs(GlyphRun {
                face: run.face,
                size_pt: SIZE_PT,
                color: Rgb(0xc0, 0x1c, 0x28),
                x_pt: mm_to_pt(25.0),
                baseline_pt: mm_to_pt(8.0),
                glyphs: run.glyphs.clone(),
                text: run.text.clone(),
            }));
        }
    }
}

/// Sets the letter for one record. `date` is the letter's date as it is printed.
pub fn render(
    project: &Project,
    assets: &Assets,
    ts: &Typesetter,
    images: &ImageCache,
    dict: Option<&Standard>,
    msg: &ResolvedMessage,
    date: &str,
) -> ChannelOutput<Letter> {
    let mut diagnostics = Vec::new();
    let dict = if project.channels.print.hyphenate {
        dict
    } else {
        None
    };
    let (letter, shown) = letter::compose(
        project,
        assets,
        ts,
        images,
        msg,
        date,
        dict,
        &mut diagnostics,
    );
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    check_required(msg, Channel::Print, &shown, &mut diagnostics);
    if msg.postal_address.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::PrintAddress, "the letter has no address").on(Channel::Print),
        );
    }
    let not_sent = why_not_sent(msg, Channel::Print);
    let send = not_sent.is_none();
    diagnostics.extend(not_sent);
    ChannelOutput {
        artefact: Some(letter),
        send,
        diagnostics,
        message_errors: false,
    }
}
