//! The raster exporter: draws the display list with tiny-skia at any scale, glyphs from
//! the outlines skrifa read once per face. The designer's letter preview and PNG output.

use super::PrintError;
use super::fonts::Typesetter;
use super::images::ImageKind;
use super::page::{GlyphRun, Item, Page, Rgb};
use resvg::tiny_skia::{
    Color, FillRule, FilterQuality, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Stroke,
    Transform,
};

/// Largest raster a page may become (pixels), so that a wild scale cannot ask for gigabytes.
pub const MAX_RASTER_PIXELS: u64 = 100_000_000;

fn paint(c: Rgb) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(c.0, c.1, c.2, 255));
    p.anti_alias = true;
    p
}

/// A page as pixels, `px_per_pt` pixels per point (96 dpi is 4/3).
pub fn raster(ts: &Typesetter, page: &Page, px_per_pt: f32) -> Result<Pixmap, PrintError> {
    let width_px = (page.width_pt * px_per_pt).ceil();
    let height_px = (page.height_pt * px_per_pt).ceil();
    let (w, h) = (width_px as u32, height_px as u32);
    let too_large = !(width_px.is_finite() && height_px.is_finite())
        || width_px < 1.0
        || height_px < 1.0
        || u64::from(w) * u64::from(h) > MAX_RASTER_PIXELS;
    if too_large {
        return Err(PrintError::Raster {
            width: w,
            height: h,
        });
    }
    let mut pixmap = Pixmap::new(w, h).ok_or(PrintError::Raster {
        width: w,
        height: h,
    })?;
    pixmap.fill(Color::WHITE);
    let page_to_px = Transform::from_scale(px_per_pt, px_per_pt);
    for item in &page.items {
        match item {
            Item::Glyphs(run) => draw_run(ts, &mut pixmap, run, px_per_pt),
            Item::Rule {
                from,
                to,
                width_pt,
                color,
            } => rule(&mut pixmap, *from, *to, *width_pt, *color, px_per_pt),
            Item::Rect { rect, fill } => {
                if let Some(r) = Rect::from_xywh(rect.x, rect.y, rect.width, rect.height) {
                    pixmap.fill_rect(r, &paint(*fill), page_to_px, None);
                }
            }
            Item::Image { rect, image } => match &image.kind {
                ImageKind::Raster { pixels, .. } => {
                    let sx = rect.width / pixels.width() as f32;
                    let sy = rect.height / pixels.height() as f32;
                    let t = page_to_px.pre_translate(rect.x, rect.y).pre_scale(sx, sy);
                    let quality = PixmapPaint {
                        quality: FilterQuality::Bicubic,
                        ..PixmapPaint::default()
                    };
                    pixmap.draw_pixmap(0, 0, pixels.as_ref(), &quality, t, None);
                }
                ImageKind::Svg(tree) => {
                    let size = tree.size();
                    let t = page_to_px
                        .pre_translate(rect.x, rect.y)
                        .pre_scale(rect.width / size.width(), rect.height / size.height());
                    resvg::render(tree, t, &mut pixmap.as_mut());
                }
            },
            Item::Link { .. } => {}
        }
    }
    Ok(pixmap)
}

/// A straight line. Horizontal and vertical ones (all a letter has) are snapped to whole
/// pixels and at least one pixel wide, as PDF viewers' stroke adjustment draws them, so a
/// hairline stays a crisp line instead of a faint smear over two rows.
fn rule(
    pixmap: &mut Pixmap,
    from: (f32, f32),
    to: (f32, f32),
    width_pt: f32,
    color: Rgb,
    px_per_pt: f32,
) {
    let (x0, y0) = (from.0 * px_per_pt, from.1 * px_per_pt);
    let (x1, y1) = (to.0 * px_per_pt, to.1 * px_per_pt);
    let half = width_pt * px_per_pt / 2.0;
    // Both edges on whole pixels, at least one pixel apart.
    let edges = |c: f32| {
        let (a, b) = ((c - half).round(), (c + half).round());
        (a, b.max(a + 1.0))
    };
    let snapped = if y0 == y1 {
        let (top, bottom) = edges(y0);
        Rect::from_ltrb(x0.min(x1).round(), top, x0.max(x1).round(), bottom)
    } else if x0 == x1 {
        let (left, right) = edges(x0);
        Rect::from_ltrb(left, y0.min(y1).round(), right, y0.max(y1).round())
    } else {
        None
    };
    if let Some(r) = snapped {
        pixmap.fill_rect(r, &paint(color), Transform::identity(), None);
        return;
    }
    let mut b = PathBuilder::new();
    b.move_to(x0, y0);
    b.line_to(x1, y1);
    if let Some(path) = b.finish() {
        let stroke = Stroke {
            width: width_pt * px_per_pt,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint(color), &stroke, Transform::identity(), None);
    }
}

fn draw_run(ts: &Typesetter, pixmap: &mut Pixmap, run: &GlyphRun, px_per_pt: f32) {
    let face = ts.face(run.face);
    let paint = paint(run.color);
    let em_px = run.size_pt * px_per_pt;
    let baseline_px = run.baseline_pt * px_per_pt;
    for g in &run.glyphs {
        let Some(path) = face.outline(g.id).and_then(|o| o.path.as_ref()) else {
            continue; // spaces have no outline
        };
        let x = (run.x_pt + g.x_pt + g.x_offset_pt) * px_per_pt;
        // Baselines sit on whole pixels, as text rasterisers (poppler's among them) place
        // them: every line is equally crisp instead of some smeared over two pixel rows.
        let y = (baseline_px - g.y_offset_pt * px_per_pt).floor();
        let t = Transform::from_row(em_px, 0.0, 0.0, em_px, x, y);
        pixmap.fill_path(path, &paint, FillRule::Winding, t, None);
    }
}

/// A page as PNG.
pub fn png(ts: &Typesetter, page: &Page, px_per_pt: f32) -> Result<Vec<u8>, PrintError> {
    raster(ts, page, px_per_pt)?
        .encode_png()
        .map_err(|e| PrintError::Png(e.to_string()))
}
