//! Images in letters, decoded once per project: pixels for the raster exporter, a krilla
//! image for the PDF (krilla keeps it compressed, so each letter's PDF only copies it), or a
//! parsed SVG tree for both.

use super::fonts::Typesetter;
use crate::confine::read_bounded;
use crate::render::assets::{Asset, MAX_ASSET_BYTES, check_pixels};
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
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

/// The asset decoded for print, once: later calls share the first result.
pub fn decode(ts: &Typesetter, name: &str, asset: &Asset) -> Result<Arc<PrintImage>, String> {
    asset
        .print
        .get_or_init(|| decode_now(ts, name, asset).map(Arc::new))
        .clone()
}

/// Whether an image decodes whole, as a letter, a mail client or a chat app would decode
/// it, with no reference outside the project (an SVG's `<image>`) and within the pixel and
/// SVG limits. Every channel accepts or refuses an asset by this one check
/// ([`Asset::usable`] keeps its answer).
pub fn check_decodes(name: &str, asset: &Asset) -> Result<(), String> {
    asset.check_pixels().map_err(|e| format!("{name}: {e}"))?;
    let bad = |e: String| format!("{name}: cannot decode the image: {e}");
    match asset.content_type {
        "image/svg+xml" => {
            let (options, refused) = svg_options(asset);
            let tree = usvg::Tree::from_data(&asset.bytes, &options);
            if let Some(why) = refused.lock().unwrap_or_else(|e| e.into_inner()).first() {
                return Err(format!("{name}: its image {why}"));
            }
            tree.map(drop).map_err(|e| bad(e.to_string()))
        }
        "image/png" => Pixmap::decode_png(&asset.bytes)
            .map(drop)
            .map_err(|e| bad(e.to_string())),
        "image/jpeg" => decode_jpeg(&asset.bytes).map(drop).map_err(bad),
        "image/gif" => decode_gif(&asset.bytes).map(drop).map_err(bad),
        other => Err(format!("{name}: {other} is not an image Prism sends")),
    }
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

/// usvg's options for an SVG asset. An `<image>` it refers to by file name is read only from
/// inside the project, under the same rule as the asset itself ([`Roots`](crate::confine::Roots)) and at most
/// [`MAX_ASSET_BYTES`]; from nowhere when the asset's place is not known. Data URLs are
/// decoded as usual. The second value collects why references were refused.
pub fn svg_options(asset: &Asset) -> (usvg::Options<'static>, Arc<Mutex<Vec<String>>>) {
    let place = asset.place.clone();
    let refused = Arc::new(Mutex::new(Vec::new()));
    let said = refused.clone();
    let resolve_string: usvg::ImageHrefStringResolverFn<'static> =
        Box::new(move |href: &str, options: &usvg::Options| {
            let found = match place.as_ref() {
                None => Err(format!(
                    "{href}: not read (the image's folder is not known)"
                )),
                Some((dir, roots)) => roots
                    .resolve(dir, href)
                    .and_then(|path| read_bounded(&path, MAX_ASSET_BYTES as u64))
                    .map_err(|e| e.to_string()),
            };
            match found {
                // The same decoding as a data URL of unknown type: the bytes tell the format.
                Ok(bytes) => (usvg::ImageHrefResolver::default_data_resolver())(
                    "text/plain",
                    Arc::new(bytes),
                    options,
                ),
                Err(why) => {
                    said.lock().unwrap_or_else(|e| e.into_inner()).push(why);
                    None
                }
            }
        });
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string,
        },
        ..usvg::Options::default()
    };
    (options, refused)
}

/// Straight RGBA rows into a premultiplied pixmap.
fn pixmap_from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Pixmap, String> {
    let mut pixmap =
        Pixmap::new(width, height).ok_or_else(|| format!("{width} × {height} pixels"))?;
    if rgba.len() != pixmap.data().len() {
        return Err("the pixel data is truncated".into());
    }
    for (px, c) in pixmap.pixels_mut().iter_mut().zip(rgba.chunks_exact(4)) {
        *px = resvg::tiny_skia::ColorU8::from_rgba(c[0], c[1], c[2], c[3]).premultiply();
    }
    Ok(pixmap)
}

fn decode_jpeg(bytes: &[u8]) -> Result<Pixmap, String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGBA);
    let mut decoder =
        zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions().ok_or("no size")?;
    check_pixels(w as u64, h as u64)?;
    let rgba = decoder.decode().map_err(|e| e.to_string())?;
    pixmap_from_rgba(w as u32, h as u32, &rgba)
}

fn decode_gif(bytes: &[u8]) -> Result<Pixmap, String> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).map_err(|e| e.to_string())?;
    let (w, h) = (u32::from(decoder.width()), u32::from(decoder.height()));
    check_pixels(w.into(), h.into())?;
    let frame = decoder
        .read_next_frame()
        .map_err(|e| e.to_string())?
        .ok_or("no frame")?;
    // The first frame, placed on a transparent canvas of the image's size.
    let mut canvas = vec![0u8; (w * h * 4) as usize];
    let (fw, fh) = (u32::from(frame.width), u32::from(frame.height));
    for row in 0..fh.min(h.saturating_sub(u32::from(frame.top))) {
        let y = row + u32::from(frame.top);
        let cols = fw.min(w.saturating_sub(u32::from(frame.left)));
        let src = (row * fw * 4) as usize;
        let dst = ((y * w + u32::from(frame.left)) * 4) as usize;
        let n = (cols * 4) as usize;
        canvas[dst..dst + n].copy_from_slice(&frame.buffer[src..src + n]);
    }
    pixmap_from_rgba(w, h, &canvas)
}
