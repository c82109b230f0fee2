//! Print: the message as a DIN 5008 business letter. Each page is drawn once, as SVG; the
//! preview is that SVG rasterised (resvg), the proof is that SVG in a PDF (krilla) with the
//! shipped fonts embedded as subsets and the text selectable.

mod draw;
pub mod fonts;
mod letter;
pub mod text;

pub use draw::{MM, PT, Page};
pub use fonts::Typesetter;
pub use letter::{Geometry, Letter};

use super::{Assets, ChannelOutput, check_required, why_not_sent};
use crate::diag::Diagnostic;
use crate::model::{Channel, Project};
use crate::template::ResolvedMessage;
use hyphenation::{Language, Load, Standard};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("page {page}: the drawing is not valid SVG: {message}")]
    Svg { page: usize, message: String },
    #[error("cannot make a {width} × {height} px image")]
    Raster { width: u32, height: u32 },
    #[error("cannot write the PNG: {0}")]
    Png(String),
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Hyphenation patterns for a language tag, when Prism has them.
pub fn hyphenator(language: &str) -> Option<Standard> {
    let lang = match language.split(['-', '_']).next().unwrap_or("") {
        "de" => Language::German1996,
        "en" => Language::EnglishUS,
        "fr" => Language::French,
        _ => return None,
    };
    Standard::from_embedded(lang).ok()
}

/// Sets the letter for one record. `date` is the letter's date as it is printed.
pub fn render(
    project: &Project,
    assets: &Assets,
    ts: &Typesetter,
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
    let (letter, shown) = letter::compose(project, assets, ts, msg, date, dict, &mut diagnostics);
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    check_required(msg, Channel::Print, &shown, &mut diagnostics);
    if msg.postal_address.is_empty() {
        diagnostics.push(
            Diagnostic::error("print-address", "the letter has no address").on(Channel::Print),
        );
    }
    let not_sent = why_not_sent(
        msg,
        Channel::Print,
        msg.postal_address.first().map_or("", String::as_str),
        "postal address",
    );
    let send = not_sent.is_none();
    diagnostics.extend(not_sent);
    ChannelOutput {
        artefact: Some(letter),
        send,
        diagnostics,
    }
}

/// Parses a page's SVG with the shipped fonts.
pub fn parse(ts: &Typesetter, svg: &str, page: usize) -> Result<resvg::usvg::Tree, PrintError> {
    resvg::usvg::Tree::from_str(svg, &ts.svg_options).map_err(|e| PrintError::Svg {
        page,
        message: e.to_string(),
    })
}

/// A page as PNG, `scale` pixels per CSS pixel (1.0 = 96 dpi).
pub fn png(ts: &Typesetter, svg: &str, scale: f32) -> Result<Vec<u8>, PrintError> {
    let tree = parse(ts, svg, 1)?;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width, height).ok_or(PrintError::Raster { width, height })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PrintError::Png(e.to_string()))
}

/// One PDF of the given letters' pages, in order (one letter: the proof; many: the print run).
pub fn pdf(ts: &Typesetter, letters: &[&Letter]) -> Result<Vec<u8>, PrintError> {
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};
    let mut document = krilla::Document::new();
    let mut n = 0;
    for letter in letters {
        for page in &letter.pages {
            n += 1;
            let tree = parse(ts, &page.to_svg(&letter.family), n)?;
            // Points: 72 per inch; the page size is exact (A4 = 595.28 × 841.89 pt).
            let (w, h) = (page.width_mm / 25.4 * 72.0, page.height_mm / 25.4 * 72.0);
            let size = Size::from_wh(w, h)
                .ok_or_else(|| PrintError::Pdf(format!("page {n} has no size")))?;
            let mut p = document.start_page_with(PageSettings::new(size));
            let mut surface = p.surface();
            surface
                .draw_svg(&tree, size, SvgSettings::default())
                .ok_or_else(|| PrintError::Pdf(format!("page {n} could not be drawn")))?;
            surface.finish();
            p.finish();
        }
    }
    document
        .finish()
        .map_err(|e| PrintError::Pdf(format!("{e:?}")))
}
