//! Images in letters, decoded once per project: pixels for the raster exporter, a krilla
//! image for the PDF (krilla keeps it compressed, so each letter's PDF only copies it), or a
//! parsed SVG tree for both.

use super::fonts::Typesetter;
use crate::render::assets::{Asset, decode_gif, decode_jpeg, svg_options};
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An image decoded for letters, shared by every page and letter that shows it.
pub struct PrintImage {
    /// The asset's name in the project, for dumps and messages.
    pub name: String,
    /// The file as the project has it (the SVG exporter embeds it).
    pub content_type: &'static str,
    /// The file's bytes, shared with the [`Asset`].
    pub bytes: Arc<Vec<u8>>,
    /// The decoded image the PDF and raster exporters draw.
    pub kind: ImageKind,
}

/// How a letter image was decoded: as pixels or as a vector tree.
pub enum ImageKind {
    /// A PNG, JPEG or GIF.
    Raster {
        /// The decoded pixels, for the raster exporter.
        pixels: Pixmap,
        /// The image as krilla puts it into a PDF, kept compressed.
        pdf: krilla::image::Image,
    },
    /// An SVG, parsed once, for the PDF and raster exporters.
    Svg(Box<usvg::Tree>),
}

impl std::fmt::Debug for PrintImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrintImage({})", self.name)
    }
}

impl PrintImage {
    /// Width over height.
    pub fn aspect(&self) -> f32 {
        match &self.kind {
            ImageKind::Raster { pixels, .. } => pixels.width() as f32 / pixels.height() as f32,
            ImageKind::Svg(tree) => tree.size().width() / tree.size().height(),
        }
    }
}

/// Images decoded for letters, each once per workspace or export (not once per letter),
/// by name and content: an image file changed under the same name is decoded again.
#[derive(Default)]
pub struct ImageCache(Mutex<HashMap<(String, String), Decoded>>);

/// An image decoded for letters, or why it cannot be.
type Decoded = Result<Arc<PrintImage>, String>;

/// The asset decoded for print, once per `cache`: later calls share the first result.
pub fn decode(
    ts: &Typesetter,
    cache: &ImageCache,
    name: &str,
    asset: &Asset,
) -> Result<Arc<PrintImage>, String> {
    let key = (name.to_owned(), asset.sha256_hex().to_owned());
    let lock = || cache.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(done) = lock().get(&key) {
        return done.clone();
    }
    // Decoded outside the lock: another thread may decode it too, and the first one kept wins.
    let made = decode_now(ts, name, asset).map(Arc::new);
    lock().entry(key).or_insert(made).clone()
}

fn decode_now(ts: &Typesetter, name: &str, asset: &Asset) -> Result<PrintImage, String> {
    asset.usable(name)?;
    let bad = |e: String| format!("{name}: cannot decode the image: {e}");
    let data = || krilla::Data::from(asset.bytes.clone());
    let kind = match asset.content_type {
        "image/svg+xml" => {
            let (mut options, refused) = svg_options(asset);
            options.fontdb = ts.svg_options.fontdb.clone();
            options.font_family = ts.svg_options.font_family.clone();
            let tree = usvg::Tree::from_data(&asset.bytes, &options);
            if let Some(why) = refused.lock().unwrap_or_else(|e| e.into_inner()).first() {
                return Err(format!("{name}: its image {why}"));
            }
            ImageKind::Svg(Box::new(tree.map_err(|e| bad(e.to_string()))?))
        }
        "image/png" => ImageKind::Raster {
            pixels: Pixmap::decode_png(&asset.bytes).map_err(|e| bad(e.to_string()))?,
            pdf: krilla::image::Image::from_png(data(), true).map_err(bad)?,
        },
        "image/jpeg" => ImageKind::Raster {
            pixels: decode_jpeg(&asset.bytes).map_err(bad)?,
            pdf: krilla::image::Image::from_jpeg(data(), true).map_err(bad)?,
        },
        "image/gif" => ImageKind::Raster {
            pixels: decode_gif(&asset.bytes).map_err(bad)?,
            pdf: krilla::image::Image::from_gif(data(), true).map_err(bad)?,
        },
        other => return Err(format!("{name}: {other} cannot be printed")),
    };
    Ok(PrintImage {
        name: name.to_owned(),
        content_type: asset.content_type,
        bytes: asset.bytes.clone(),
        kind,
    })
}
