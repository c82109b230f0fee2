//! GPU textures of the project's images and the letter's pages, made once per change.

use crate::app::Designer;
use crate::app::grid::Row;
use crate::render::Assets;
use eframe::egui::{self, ColorImage, TextureHandle, TextureOptions};
use std::collections::HashMap;
use std::sync::Arc;

/// The textures the previews draw, kept between frames and remade only when their
/// source changes.
#[derive(Default)]
pub struct Textures {
    /// The asset set the image textures were made from.
    assets: Option<Arc<Assets>>,
    images: HashMap<String, Option<TextureHandle>>,
    /// The print preview generation the page textures show.
    pages_of: Option<u64>,
    /// The letter preview's pages, in order.
    pub pages: Vec<TextureHandle>,
    /// Letter thumbnails of the review grid by record, for grid content `thumbs_of`.
    thumbs_of: u64,
    thumbs: HashMap<usize, TextureHandle>,
}

/// Most grid thumbnails kept on the GPU; past it they are made again as rows come back.
const THUMBS_KEPT: usize = 300;

impl Textures {
    /// The images come from `assets` from now on.
    pub fn set_assets(&mut self, assets: &Arc<Assets>) {
        if !self.assets.as_ref().is_some_and(|a| Arc::ptr_eq(a, assets)) {
            self.assets = Some(assets.clone());
            self.images.clear();
        }
    }

    /// Makes textures for what changed since the last frame.
    pub fn sync(&mut self, ctx: &egui::Context, d: &Designer) {
        self.set_assets(&d.ws.assets);
        if let Some(p) = &d.previews.print
            && self.pages_of != Some(p.generation)
        {
            self.pages_of = Some(p.generation);
            self.pages = p
                .pages
                .iter()
                .enumerate()
                .map(|(i, page)| {
                    let img = ColorImage::from_rgba_premultiplied(
                        [page.width as usize, page.height as usize],
                        &page.rgba,
                    );
                    ctx.load_texture(format!("print-page-{i}"), img, TextureOptions::LINEAR)
                })
                .collect();
        }
    }

    /// The letter thumbnail of a review grid row.
    pub fn thumb(&mut self, ctx: &egui::Context, row: &Row) -> Option<TextureHandle> {
        if self.thumbs_of != row.generation || self.thumbs.len() >= THUMBS_KEPT {
            self.thumbs_of = row.generation;
            self.thumbs.clear();
        }
        let px = row.letter.as_ref()?;
        let t = self.thumbs.entry(row.record).or_insert_with(|| {
            let img = ColorImage::from_rgba_premultiplied(
                [px.width as usize, px.height as usize],
                &px.rgba,
            );
            ctx.load_texture(format!("thumb-{}", row.record), img, TextureOptions::LINEAR)
        });
        Some(t.clone())
    }

    /// The texture of an image asset, `None` when it cannot be shown.
    pub fn image(&mut self, ctx: &egui::Context, name: &str) -> Option<TextureHandle> {
        let assets = self.assets.clone()?;
        self.images
            .entry(name.to_owned())
            .or_insert_with(|| {
                let asset = assets.get(name)?.as_ref().ok()?;
                let img = decode(asset)?;
                // Larger than the GPU takes: the preview shows the alternative text instead.
                if img
                    .size
                    .iter()
                    .any(|s| *s > ctx.input(|i| i.max_texture_side))
                {
                    return None;
                }
                Some(ctx.load_texture(format!("asset:{name}"), img, TextureOptions::LINEAR))
            })
            .clone()
    }
}

/// PNG or SVG into pixels (SVG at twice its size, for sharp previews); `None` for an image
/// larger than Prism decodes (its header says so before any pixel is decoded); the
/// channel's diagnostics say why.
fn decode(asset: &crate::render::assets::Asset) -> Option<ColorImage> {
    use crate::render::assets::MAX_IMAGE_PIXELS;
    let bytes = asset.bytes.as_slice();
    asset.check_pixels().ok()?;
    let pixmap = match asset.content_type {
        "image/png" => resvg::tiny_skia::Pixmap::decode_png(bytes).ok()?,
        "image/svg+xml" => {
            let (opts, _) = crate::render::assets::svg_options(asset);
            let tree = resvg::usvg::Tree::from_data(bytes, &opts).ok()?;
            if f64::from(tree.size().width()) * f64::from(tree.size().height()) * 4.0
                > MAX_IMAGE_PIXELS as f64
            {
                return None;
            }
            let s = tree.size();
            let mut pm = resvg::tiny_skia::Pixmap::new(
                (s.width() * 2.0).ceil() as u32,
                (s.height() * 2.0).ceil() as u32,
            )?;
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::from_scale(2.0, 2.0),
                &mut pm.as_mut(),
            );
            pm
        }
        _ => return None,
    };
    Some(ColorImage::from_rgba_premultiplied(
        [pixmap.width() as usize, pixmap.height() as usize],
        pixmap.data(),
    ))
}
