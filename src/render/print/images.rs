//! Images in letters, decoded once per project: pixels for the raster exporter, a krilla
//! image for the PDF (krilla keeps it compressed, so each letter's PDF only copies it), or a
//! parsed SVG tree for both.

use super::fonts::Typesetter;
use crate::render::assets::{Asset, ImageError, decode_gif, decode_jpeg, svg_options};
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

/// Images decoded for letters, each once per workspace or export (not once per letter).
/// One version per asset name, known by its content's SHA-256: an image file changed under
/// the same name is decoded again and replaces the old one, so a long designer session keeps
/// no decoded image it no longer shows.
#[derive(Default)]
pub struct ImageCache(Mutex<HashMap<String, (String, Decoded)>>);

/// An image decoded for letters, or why it cannot be.
type Decoded = Result<Arc<PrintImage>, ImageError>;

/// The asset decoded for print, once per `cache`: later calls share the first result.
pub fn decode(
    ts: &Typesetter,
    cache: &ImageCache,
    name: &str,
    asset: &Asset,
) -> Result<Arc<PrintImage>, ImageError> {
    let sha = asset.sha256_hex();
    let lock = || cache.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((kept, done)) = lock().get(name)
        && kept == sha
    {
        return done.clone();
    }
    // Decoded outside the lock: another thread may decode it too; either result is the same.
    let made = decode_now(ts, name, asset).map(Arc::new);
    lock().insert(name.to_owned(), (sha.to_owned(), made.clone()));
    made
}

fn decode_now(ts: &Typesetter, name: &str, asset: &Asset) -> Result<PrintImage, ImageError> {
    asset.usable()?;
    let data = || krilla::Data::from(asset.bytes.clone());
    let kind = match asset.content_type {
        "image/svg+xml" => {
            let (mut options, refused) = svg_options(asset);
            options.fontdb = ts.svg_options.fontdb.clone();
            options.font_family = ts.svg_options.font_family.clone();
            let tree = usvg::Tree::from_data(&asset.bytes, &options);
            if let Some(why) = refused.lock().unwrap_or_else(|e| e.into_inner()).first() {
                return Err(ImageError::Reference(why.clone()));
            }
            ImageKind::Svg(Box::new(tree.map_err(ImageError::decode)?))
        }
        "image/png" => ImageKind::Raster {
            pixels: Pixmap::decode_png(&asset.bytes).map_err(ImageError::decode)?,
            pdf: krilla::image::Image::from_png(data(), true).map_err(ImageError::decode)?,
        },
        "image/jpeg" => ImageKind::Raster {
            pixels: decode_jpeg(&asset.bytes)?,
            pdf: krilla::image::Image::from_jpeg(data(), true).map_err(ImageError::decode)?,
        },
        "image/gif" => ImageKind::Raster {
            pixels: decode_gif(&asset.bytes)?,
            pdf: krilla::image::Image::from_gif(data(), true).map_err(ImageError::decode)?,
        },
        other => return Err(ImageError::Format(other)),
    };
    Ok(PrintImage {
        name: name.to_owned(),
        content_type: asset.content_type,
        bytes: asset.bytes.clone(),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::{ImageCache, Typesetter, decode};
    use crate::render::Assets;
    use resvg::tiny_skia::Pixmap;

    /// A `name` asset `w` × 1 pixels, as a project reads it.
    fn assets(dir: &std::path::Path, name: &str, w: u32) -> Assets {
        let path = dir.join(format!("{w}.png"));
        let png = Pixmap::new(w, 1).unwrap().encode_png().unwrap();
        std::fs::write(&path, png).unwrap();
        Assets::load_files([(name.to_owned(), path)])
    }

    #[test]
    fn an_image_is_decoded_once_and_a_changed_one_replaces_it() {
        let dir = std::env::temp_dir().join(format!("prism-image-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (ts, cache) = (Typesetter::new(), ImageCache::default());
        let first = assets(&dir, "logo", 4);
        let a = first.get("logo").unwrap().as_ref().unwrap();
        let one = decode(&ts, &cache, "logo", a).unwrap();
        let again = decode(&ts, &cache, "logo", a).unwrap();
        assert!(std::sync::Arc::ptr_eq(&one, &again), "decoded twice");
        // The same name with other content: decoded anew, and the old version is not kept.
        let changed = assets(&dir, "logo", 8);
        let b = changed.get("logo").unwrap().as_ref().unwrap();
        let two = decode(&ts, &cache, "logo", b).unwrap();
        assert_eq!((one.aspect(), two.aspect()), (4.0, 8.0));
        assert_eq!(cache.0.lock().unwrap().len(), 1);
        #[expect(
            clippy::let_underscore_must_use,
            reason = "cleaning up the test folder is best effort"
        )]
        let _ = std::fs::remove_dir_all(&dir);
    }
}
