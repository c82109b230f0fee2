//! The PDF exporter: reads the display list and writes it with krilla. One `draw_glyphs`
//! call per glyph run with the glyphs exactly as shaped; one krilla font per face per
//! document (subset and embedded by krilla); images as krilla images decoded once per project.

use super::PrintError;
use super::fonts::Typesetter;
use super::images::ImageKind;
use super::letter::Letter;
use super::page::{GlyphRun, Item, Page, RectPt, Rgb};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

/// One letter as a PDF (the proof, and the unit of the print run).
pub fn pdf(ts: &Typesetter, letter: &Letter) -> Result<Vec<u8>, PrintError> {
    let settings = krilla::SerializeSettings {
        // No tag tree is built; an empty one would only add bytes.
        enable_tagging: false,
        ..krilla::SerializeSettings::default()
    };
    let mut document = krilla::Document::new_with(settings);
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(letter.title.clone())
            .authors(vec![letter.author.clone()])
            .language(letter.language.clone())
            .creator("Prism".into()),
    );
    for (n, page) in letter.pages.iter().enumerate() {
        add_page(ts, &mut document, page, n + 1)?;
    }
    document
        .finish()
        .map_err(|e| PrintError::Pdf(e.to_string()))
}

fn add_page(
    ts: &Typesetter,
    document: &mut krilla::Document,
    page: &Page,
    n: usize,
) -> Result<(), PrintError> {
    let size = Size::from_wh(page.width_pt, page.height_pt)
        .ok_or_else(|| PrintError::Pdf(format!("page {n} has no size")))?;
    let mut p = document.start_page_with(krilla::page::PageSettings::new(size));
    let mut surface = p.surface();
    let mut links = Vec::new();
    for item in &page.items {
        match item {
            Item::Glyphs(run) => draw_run(ts, &mut surface, run),
            Item::Rule {
                from,
                to,
                width_pt,
                color,
            } => {
                let mut b = PathBuilder::new();
                b.move_to(from.0, from.1);
                b.line_to(to.0, to.1);
                if let Some(path) = b.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: color_of(*color).into(),
                        width: *width_pt,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            Item::Rect { rect, fill } => {
                let mut b = PathBuilder::new();
                if let Some(r) = rect_of(rect) {
                    b.push_rect(r);
                }
                if let Some(path) = b.finish() {
                    surface.set_fill(Some(Fill {
                        paint: color_of(*fill).into(),
                        ..Fill::default()
                    }));
                    surface.draw_path(&path);
                }
            }
            Item::Image { rect, image } => {
                surface.push_transform(&Transform::from_translate(rect.x, rect.y));
                let Some(size) = Size::from_wh(rect.width, rect.height) else {
                    surface.pop();
                    continue;
                };
                match &image.kind {
                    ImageKind::Raster { pdf, .. } => surface.draw_image(pdf.clone(), size),
                    ImageKind::Svg(tree) => {
                        use krilla_svg::SurfaceExt;
                        surface.draw_svg(tree, size, krilla_svg::SvgSettings::default());
                    }
                }
                surface.pop();
            }
            Item::Link { rect, url } => links.push((*rect, url.clone())),
        }
    }
    surface.finish();
    for (rect, url) in links {
        if let Some(r) = rect_of(&rect) {
            let target = krilla::annotation::Target::Action(
                krilla::action::LinkAction::new(url.clone()).into(),
            );
            p.add_annotation(krilla::annotation::Annotation::new_link(
                krilla::annotation::LinkAnnotation::new(r, target),
                Some(url),
            ));
        }
    }
    p.finish();
    Ok(())
}

fn color_of(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn rect_of(r: &RectPt) -> Option<Rect> {
    Rect::from_xywh(r.x, r.y, r.width, r.height)
}

/// Glyphs with advances taken from their placed positions, so krilla puts every glyph
/// exactly where layout put it (justified spaces included).
fn draw_run(ts: &Typesetter, surface: &mut Surface, run: &GlyphRun) {
    let size = run.size_pt;
    if size <= 0.0 {
        return;
    }
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let next = run
                .glyphs
                .get(i + 1)
                .map_or(g.x_pt + g.advance_pt, |n| n.x_pt);
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                (next - g.x_pt) / size,
                g.x_offset_pt / size,
                g.y_offset_pt / size,
                0.0,
                g.text.clone(),
                None,
            )
        })
        .collect();
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: color_of(run.color).into(),
        ..Fill::default()
    }));
    surface.draw_glyphs(
        Point::from_xy(
            run.x_pt + run.glyphs.first().map_or(0.0, |g| g.x_pt),
            run.baseline_pt,
        ),
        &glyphs,
        ts.face(run.face).pdf.clone(),
        &run.text,
        size,
        false,
    );
}
