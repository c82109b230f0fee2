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

/// A page as pixels, `scale` pixels per CSS pixel (1.0 = 96 dpi).
pub fn raster(
    ts: &Typesetter,
    svg: &str,
    scale: f32,
) -> Result<resvg::tiny_skia::Pixmap, PrintError> {
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
    Ok(pixmap)
}

/// A page as PNG, `scale` pixels per CSS pixel (1.0 = 96 dpi).
pub fn png(ts: &Typesetter, svg: &str, scale: f32) -> Result<Vec<u8>, PrintError> {
    raster(ts, svg, scale)?
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

/// One PDF of many: the pages of each letter's PDF, in order (the print run for a print
/// shop). Letters are set and converted once, for their own proofs; this only joins them.
pub fn merge(pdfs: &[Vec<u8>]) -> Result<Vec<u8>, PrintError> {
    use lopdf::{Dictionary, Document, Object, ObjectId};
    let err = |e: lopdf::Error| PrintError::Pdf(e.to_string());
    let mut next_id = 1;
    let mut kids: Vec<ObjectId> = Vec::new();
    let mut objects = std::collections::BTreeMap::new();
    for bytes in pdfs {
        let mut doc = Document::load_mem(bytes).map_err(err)?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        let pages = doc.get_pages();
        // What a page may inherit from its page tree, copied onto it before the tree goes.
        for page_id in pages.values() {
            let inherited: Option<Dictionary> = doc
                .get_page_resources(*page_id)
                .ok()
                .and_then(|(d, _)| d.cloned());
            let media_box = doc
                .get_object(*page_id)
                .ok()
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get(b"MediaBox").ok().cloned());
            if let Ok(Object::Dictionary(page)) = doc.get_object_mut(*page_id) {
                if media_box.is_none() {
                    page.set(
                        "MediaBox",
                        Object::Array(vec![0.into(), 0.into(), 595.28.into(), 841.89.into()]),
                    );
                }
                if page.get(b"Resources").is_err()
                    && let Some(res) = inherited
                {
                    page.set("Resources", Object::Dictionary(res));
                }
            }
            kids.push(*page_id);
        }
        for (id, object) in doc.objects {
            let kind = object
                .as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok())
                .map(<[u8]>::to_vec);
            if matches!(kind.as_deref(), Some(b"Catalog") | Some(b"Pages")) {
                continue;
            }
            objects.insert(id, object);
        }
    }
    let mut out = Document::with_version("1.7");
    let pages_id = (next_id, 0);
    let catalog_id = (next_id + 1, 0);
    for kid in &kids {
        if let Some(Object::Dictionary(page)) = objects.get_mut(kid) {
            page.set("Parent", Object::Reference(pages_id));
        }
    }
    out.objects = objects;
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(kids.len() as i64));
    pages.set(
        "Kids",
        Object::Array(kids.into_iter().map(Object::Reference).collect()),
    );
    out.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_id));
    out.objects.insert(catalog_id, Object::Dictionary(catalog));
    out.trailer.set("Root", Object::Reference(catalog_id));
    out.max_id = next_id + 1;
    let mut bytes = Vec::new();
    out.save_to(&mut bytes)
        .map_err(|e| PrintError::Pdf(e.to_string()))?;
    Ok(bytes)
}
