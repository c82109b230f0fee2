//! Images a project refers to, read once per project (not per record).

use crate::confine::{FileError, Roots, read_bounded};
use resvg::tiny_skia::Pixmap;
use resvg::usvg;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Largest image Prism embeds in a message.
pub const MAX_ASSET_BYTES: usize = 2 * 1024 * 1024;

/// Most pixels an image may have, in letters, emails and previews; a photo of 40 megapixels
/// prints at 600 dpi over a whole A4 page. Decoders allocate what an image's header claims,
/// so checking the header first bounds their memory.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// Refuses a size over [`MAX_IMAGE_PIXELS`].
pub fn check_pixels(width: u64, height: u64) -> Result<(), ImageError> {
    if width * height > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    Ok(())
}

/// Why an image that was read cannot be used on any channel. Cloned, as each asset keeps
/// the answer of its one check.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImageError {
    /// Its header claims more than [`MAX_IMAGE_PIXELS`].
    #[error("{width} × {height} pixels is more than the {max} megapixels Prism decodes", max = MAX_IMAGE_PIXELS / 1_000_000)]
    TooManyPixels {
        /// Width the image claims, in pixels.
        width: u64,
        /// Height the image claims, in pixels.
        height: u64,
    },
    /// A decoder refused it.
    #[error("cannot decode the image: {0}")]
    Decode(#[source] Arc<dyn std::error::Error + Send + Sync>),
    /// An SVG refers to an image that may not be read (outside the project, too large).
    #[error("its image {0}")]
    Reference(String),
    /// Not a format this channel takes.
    #[error("{0} is not an image Prism sends")]
    Format(&'static str),
}

impl ImageError {
    /// A decoder's error, whatever its type (krilla and some checks say it in words).
    pub fn decode(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> ImageError {
        ImageError::Decode(Arc::from(e.into()))
    }
}

/// Why an image a message names cannot go into it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Unusable {
    /// The project does not list it (a template named it after the images were loaded).
    #[error("{0}: not loaded")]
    NotLoaded(String),
    /// Its file could not be read.
    #[error(transparent)]
    Unreadable(Arc<AssetError>),
    /// It was read but cannot be used.
    #[error("{name}: {error}")]
    Image {
        /// The project's name for the image.
        name: String,
        /// Why not.
        #[source]
        error: ImageError,
    },
}

/// An image a project refers to: its bytes and format, and what is derived from them on
/// first use.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The file's contents (at most [`MAX_ASSET_BYTES`]), shared by every message that uses it.
    pub bytes: Arc<Vec<u8>>,
    /// MIME type recognised from the first bytes: `image/png`, `image/jpeg`, `image/gif` or
    /// `image/svg+xml`.
    pub content_type: &'static str,
    /// Pixel size, when the format tells it cheaply (PNG, JPEG, GIF).
    pub size: Option<(u32, u32)>,
    /// Whether it decodes whole within the limits, on first use (see [`Asset::usable`]).
    usable: OnceLock<Result<(), ImageError>>,
    /// SHA-256 of `bytes` in hex, on first use: the content hash reads it after every edit.
    sha256: OnceLock<String>,
    /// The bytes as a MIME body (base64), on first use: an export encodes each image once,
    /// not once per email.
    mime_body: OnceLock<lettre::message::Body>,
    /// The folder the file is in and where the project may read from: an SVG's own image
    /// references are resolved under the same rule as the asset itself.
    pub place: Option<(PathBuf, Arc<Roots>)>,
}

impl Asset {
    /// The bytes as a MIME body (base64), encoded on first use and shared by every email.
    pub fn mime_body(&self) -> &lettre::message::Body {
        self.mime_body
            .get_or_init(|| lettre::message::Body::new(self.bytes.as_ref().clone()))
    }

    /// [`check_pixels`] on the size the header gives; `Ok` when the format does not tell it
    /// cheaply (the decoders check again).
    pub fn check_pixels(&self) -> Result<(), ImageError> {
        self.size
            .map_or(Ok(()), |(w, h)| check_pixels(w.into(), h.into()))
    }

    /// Whether every channel may use it: it decodes whole, within the pixel and SVG limits,
    /// with no reference outside the project. Checked once.
    pub fn usable(&self) -> Result<(), ImageError> {
        self.usable.get_or_init(|| check_decodes(self)).clone()
    }

    /// SHA-256 of the bytes in hex, computed on first use.
    pub fn sha256_hex(&self) -> &str {
        self.sha256
            .get_or_init(|| crate::digest::sha256_hex(&self.bytes))
    }
}

/// Why an asset a project names cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// The file may not or cannot be read (see [`FileError`]).
    #[error(transparent)]
    File(#[from] FileError),
    /// The file was read but is not a PNG, JPEG, GIF or SVG image.
    #[error("{path}: not a PNG, JPEG, GIF or SVG image")]
    Format {
        /// The file that was read.
        path: PathBuf,
    },
}

/// A project's images by the name the project gives them, each read or with the reason it
/// could not be.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    by_name: BTreeMap<String, Result<Asset, Arc<AssetError>>>,
}

impl Assets {
    /// Reads every named asset relative to `base`, from inside the project's folder or the
    /// assets folder beside it (see [`Roots`]); failures are kept per asset, not fatal.
    pub fn load<'a>(base: &Path, names: impl IntoIterator<Item = &'a str>) -> Assets {
        let roots = Arc::new(Roots::of_project(base));
        let mut by_name = BTreeMap::new();
        for name in names {
            by_name.entry(name.to_owned()).or_insert_with(|| {
                let path = roots.resolve(base, name).map_err(AssetError::from)?;
                read(&path, Some(roots.clone())).map_err(Arc::new)
            });
        }
        Assets { by_name }
    }

    /// Reads each asset `name` from its own file (an approved snapshot keeps them by hash).
    pub fn load_files(files: impl IntoIterator<Item = (String, PathBuf)>) -> Assets {
        let mut by_name = BTreeMap::new();
        for (name, path) in files {
            by_name
                .entry(name)
                .or_insert_with(|| read(&path, None).map_err(Arc::new));
        }
        Assets { by_name }
    }

    /// Every asset that could be read, by name.
    pub fn readable(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.by_name
            .iter()
            .filter_map(|(n, a)| Some((n.as_str(), a.as_ref().ok()?)))
    }

    /// The asset `name`, or why it could not be read; `None` when it was not among the names
    /// loaded.
    pub fn get(&self, name: &str) -> Option<&Result<Asset, Arc<AssetError>>> {
        self.by_name.get(name)
    }

    /// The asset `name`, when every channel may use it ([`Asset::usable`]), or why not.
    pub fn usable(&self, name: &str) -> Result<&Asset, Unusable> {
        match self.by_name.get(name) {
            None => Err(Unusable::NotLoaded(name.to_owned())),
            Some(Err(e)) => Err(Unusable::Unreadable(e.clone())),
            Some(Ok(a)) => a.usable().map(|()| a).map_err(|error| Unusable::Image {
                name: name.to_owned(),
                error,
            }),
        }
    }
}

fn read(path: &Path, roots: Option<Arc<Roots>>) -> Result<Asset, AssetError> {
    let bytes = read_bounded(path, MAX_ASSET_BYTES as u64)?;
    let (content_type, size) = sniff(&bytes).ok_or_else(|| AssetError::Format {
        path: path.to_path_buf(),
    })?;
    Ok(Asset {
        bytes: Arc::new(bytes),
        content_type,
        size,
        usable: OnceLock::new(),
        sha256: OnceLock::new(),
        mime_body: OnceLock::new(),
        place: roots.map(|r| (path.parent().unwrap_or(Path::new(".")).to_path_buf(), r)),
    })
}

/// Recognises the image format from its first bytes (never from the file name).
fn sniff(b: &[u8]) -> Option<(&'static str, Option<(u32, u32)>)> {
    let be32 = |i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    };
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", be32(16).zip(be32(20))));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        let le16 = |i: usize| {
            b.get(i..i + 2)
                .map(|s| u16::from_le_bytes([s[0], s[1]]) as u32)
        };
        return Some(("image/gif", le16(6).zip(le16(8))));
    }
    if b.starts_with(b"\xff\xd8\xff") {
        return Some(("image/jpeg", jpeg_size(b)));
    }
    let head = String::from_utf8_lossy(&b[..b.len().min(512)]);
    if head.contains("<svg") {
        return Some(("image/svg+xml", None));
    }
    None
}

fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xff {
            return None;
        }
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
            let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
            let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

/// Whether an image decodes whole, as a letter, a mail client or a chat app would decode
/// it, with no reference outside the project (an SVG's `<image>`) and within the pixel and
/// SVG limits. Every channel accepts or refuses an asset by this one check
/// ([`Asset::usable`] keeps its answer).
pub fn check_decodes(asset: &Asset) -> Result<(), ImageError> {
    asset.check_pixels()?;
    match asset.content_type {
        "image/svg+xml" => {
            let (options, refused) = svg_options(asset);
            let tree = usvg::Tree::from_data(&asset.bytes, &options);
            if let Some(why) = refused.lock().unwrap_or_else(|e| e.into_inner()).first() {
                return Err(ImageError::Reference(why.clone()));
            }
            tree.map(drop).map_err(ImageError::decode)
        }
        "image/png" => Pixmap::decode_png(&asset.bytes)
            .map(drop)
            .map_err(ImageError::decode),
        "image/jpeg" => decode_jpeg(&asset.bytes).map(drop),
        "image/gif" => decode_gif(&asset.bytes).map(drop),
        other => Err(ImageError::Format(other)),
    }
}

/// usvg's options for an SVG asset. An `<image>` it refers to by file name is read only from
/// inside the project, under the same rule as the asset itself ([`Roots`]) and at most
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
fn pixmap_from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Pixmap, ImageError> {
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| ImageError::decode(format!("{width} × {height} pixels")))?;
    if rgba.len() != pixmap.data().len() {
        return Err(ImageError::decode("the pixel data is truncated"));
    }
    for (px, c) in pixmap.pixels_mut().iter_mut().zip(rgba.chunks_exact(4)) {
        *px = resvg::tiny_skia::ColorU8::from_rgba(c[0], c[1], c[2], c[3]).premultiply();
    }
    Ok(pixmap)
}

/// A JPEG's pixels, within the pixel limit.
pub(crate) fn decode_jpeg(bytes: &[u8]) -> Result<Pixmap, ImageError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGBA);
    let mut decoder =
        zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(bytes), options);
    decoder.decode_headers().map_err(ImageError::decode)?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| ImageError::decode("no size"))?;
    check_pixels(w as u64, h as u64)?;
    let rgba = decoder.decode().map_err(ImageError::decode)?;
    pixmap_from_rgba(w as u32, h as u32, &rgba)
}

/// A GIF's first frame, within the pixel limit.
pub(crate) fn decode_gif(bytes: &[u8]) -> Result<Pixmap, ImageError> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(bytes).map_err(ImageError::decode)?;
    let (w, h) = (u32::from(decoder.width()), u32::from(decoder.height()));
    check_pixels(w.into(), h.into())?;
    let frame = decoder
        .read_next_frame()
        .map_err(ImageError::decode)?
        .ok_or_else(|| ImageError::decode("no frame"))?;
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
