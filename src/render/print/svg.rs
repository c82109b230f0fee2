//! The SVG exporter, for looking at a page's drawing in any browser or editor: glyphs are
//! the fonts' own outlines (defined once per page, placed with `<use>`), so the file shows
//! exactly what the PDF and the raster show, without being shaped again by a viewer.

use super::fonts::{FaceId, Typesetter};
use super::page::{Item, Page};
use crate::render::escape_markup as escape;
use base64::Engine as _;
use resvg::tiny_skia::PathSegment;
use std::collections::BTreeSet;

/// Glyph outlines are written in thousandths of an em.
const UNITS: f32 = 1000.0;

/// One page as an SVG document, sized in points: glyphs drawn from the fonts' outlines,
/// images embedded as data URIs.
pub fn svg(ts: &Typesetter, page: &Page) -> String {
    let mut s = String::with_capacity(64 * 1024);
    pushln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        w = page.width_pt,
        h = page.height_pt
    );
    let used: BTreeSet<(FaceId, u16)> = page
        .runs()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.face, g.id)))
        .collect();
    s.push_str("<defs>\n");
    for (face, id) in used {
        let Some(path) = ts.face(face).outline(id).and_then(|o| o.path.as_ref()) else {
            continue;
        };
        push!(s, "<path id=\"g{}-{id}\" d=\"", face.0);
        for seg in path.segments() {
            let p = |x: f32, y: f32| format!("{:.0} {:.0}", x * UNITS, y * UNITS);
            match seg {
                PathSegment::MoveTo(a) => push!(s, "M{}", p(a.x, a.y)),
                PathSegment::LineTo(a) => push!(s, "L{}", p(a.x, a.y)),
                PathSegment::QuadTo(a, b) => push!(s, "Q{} {}", p(a.x, a.y), p(b.x, b.y)),
                PathSegment::CubicTo(a, b, c) => {
                    push!(s, "C{} {} {}", p(a.x, a.y), p(b.x, b.y), p(c.x, c.y))
                }
                PathSegment::Close => push!(s, "Z"),
            }
        }
        s.push_str("\"/>\n");
    }
    s.push_str("</defs>\n");
    for item in &page.items {
        match item {
            Item::Glyphs(run) => {
                let scale = run.size_pt / UNITS;
                push!(
                    s,
                    "<g fill=\"{}\" transform=\"translate({:.2} {:.2}) scale({scale:.5})\" aria-label=\"",
                    run.color.hex(),
                    run.x_pt,
                    run.baseline_pt
                );
                escape(&run.text, &mut s);
                s.push_str("\">");
                for g in &run.glyphs {
                    if ts
                        .face(run.face)
                        .outline(g.id)
                        .is_none_or(|o| o.path.is_none())
                    {
                        continue;
                    }
                    push!(
                        s,
                        "<use xlink:href=\"#g{}-{}\" x=\"{:.1}\" y=\"{:.1}\"/>",
                        run.face.0,
                        g.id,
                        (g.x_pt + g.x_offset_pt) / scale,
                        -g.y_offset_pt / scale
                    );
                }
                s.push_str("</g>\n");
            }
            Item::Rule {
                from,
                to,
                width_pt,
                color,
            } => {
                pushln!(
                    s,
                    "<line x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"{}\" stroke-width=\"{width_pt:.2}\"/>",
                    from.0,
                    from.1,
                    to.0,
                    to.1,
                    color.hex()
                );
            }
            Item::Rect { rect, fill } => {
                pushln!(
                    s,
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{}\"/>",
                    rect.x,
                    rect.y,
                    rect.width,
                    rect.height,
                    fill.hex()
                );
            }
            Item::Image { rect, image } => {
                let href = format!("data:{};base64,{}", image.content_type, b64(&image.bytes));
                pushln!(
                    s,
                    "<image x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" preserveAspectRatio=\"none\" xlink:href=\"{href}\"/>",
                    rect.x,
                    rect.y,
                    rect.width,
                    rect.height
                );
            }
            Item::Link { rect, url } => {
                push!(s, "<a xlink:href=\"");
                escape(url, &mut s);
                pushln!(
                    s,
                    "\"><rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"none\" pointer-events=\"all\"/></a>",
                    rect.x,
                    rect.y,
                    rect.width,
                    rect.height
                );
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
