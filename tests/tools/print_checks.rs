//! The window check measures what is printed: a word moved across the address window's
//! edge is flagged exactly when its glyphs' ink crosses it, and poppler's raster of the PDF
//! shows ink inside the window in exactly those cases.

use prism::model::{Paper, PrintForm};
use prism::render::print::text::{self, Align, TextStyle};
use prism::render::print::{self, Geometry, GlyphRun, Item, Letter, Page, Rgb};
use prism::template::markdown::Span;
use resvg::tiny_skia::Pixmap;
use std::process::Command;

/// "Wortkante" set in 10 pt, as a run whose first glyph's ink starts at `ink_left_pt`.
fn word_at(ts: &print::Typesetter, ink_left_pt: f32, baseline_pt: f32) -> GlyphRun {
    let style = TextStyle {
        family: "Open Sans".into(),
        size_pt: 10.0,
        line_height_pt: 12.5,
        bold: false,
        italic: false,
    };
    let span = Span {
        text: "Wortkante".into(),
        bold: false,
        italic: false,
        link: None,
    };
    let set = text::set(ts, &[span], &style, None, Align::Left, None);
    let line = &set.lines[0].runs[0];
    let mut run = GlyphRun {
        face: line.face,
        size_pt: 10.0,
        color: Rgb(0, 0, 0),
        x_pt: 0.0,
        baseline_pt,
        glyphs: line.glyphs.clone(),
        text: line.text.clone(),
    };
    let left = run.ink_boxes(ts).map(|b| b.x).fold(f32::MAX, f32::min);
    run.x_pt = ink_left_pt - left;
    run
}

fn page_with(run: GlyphRun) -> Page {
    Page {
        width_pt: print::mm_to_pt(210.0),
        height_pt: print::mm_to_pt(297.0),
        items: vec![Item::Glyphs(run)],
    }
}

#[test]
fn a_word_at_the_window_edge_is_flagged_exactly_when_its_ink_crosses() {
    let ts = print::Typesetter::new();
    let g = Geometry::new(Paper::A4, PrintForm::B);
    let window = g.window_pt();
    let baseline = window.y + window.height / 2.0;
    let dir = tempfile::tempdir().unwrap();
    // From 1 pt right of the window's right edge to 1 pt inside it.
    for offset_pt in [1.0f32, 0.5, 0.1, -0.1, -0.5, -1.0] {
        let run = word_at(&ts, window.right() + offset_pt, baseline);
        let crosses = run.ink_boxes(&ts).any(|b| b.overlaps(&window));
        assert_eq!(crosses, offset_pt < 0.0, "offset {offset_pt}");
        let pages = vec![page_with(run)];
        let mut diags = Vec::new();
        print::zones(&ts, &g, &pages, 0..0, &mut diags);
        let flagged = diags.iter().any(|d| d.code.as_str() == "print-window");
        assert_eq!(flagged, crosses, "offset {offset_pt} pt: {diags:?}");

        // Poppler, at 1200 dpi: any ink in the last 2 pt of the window, on the word's line?
        if offset_pt.abs() < 0.4 {
            continue; // closer than poppler's anti-aliasing can tell apart
        }
        let letter = Letter {
            pages,
            title: "edge".into(),
            author: "test".into(),
            language: "de".into(),
        };
        let pdf = dir.path().join("edge.pdf");
        std::fs::write(&pdf, print::pdf(&ts, &letter).unwrap()).unwrap();
        let dpi = 1200.0;
        let px = |pt: f32| (pt * dpi / 72.0) as u32;
        let (x, y) = (px(window.right() - 2.0), px(baseline - 10.0));
        let (w, h) = (px(window.right()) - x, px(baseline + 3.0) - y);
        let out = Command::new("pdftoppm")
            .args(["-r", "1200", "-png", "-singlefile"])
            .args([
                "-x",
                &x.to_string(),
                "-y",
                &y.to_string(),
                "-W",
                &w.to_string(),
                "-H",
                &h.to_string(),
            ])
            .arg(&pdf)
            .arg(dir.path().join("crop"))
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(out.success());
        let crop = Pixmap::load_png(dir.path().join("crop.png")).unwrap();
        let inked = crop.pixels().iter().any(|p| p.red() < 200);
        assert_eq!(
            inked, flagged,
            "offset {offset_pt} pt: poppler shows ink in the window: {inked}"
        );
    }
}

#[test]
fn text_left_of_the_margin_runs_into_the_mark_zone() {
    let ts = print::Typesetter::new();
    let g = Geometry::new(Paper::A4, PrintForm::B);
    let zone = print::mm_to_pt(g.mark_zone_mm);
    for (left, expected) in [(zone + 0.2, false), (zone - 0.2, true)] {
        let pages = vec![page_with(word_at(&ts, left, print::mm_to_pt(150.0)))];
        let mut diags = Vec::new();
        print::zones(&ts, &g, &pages, 0..0, &mut diags);
        assert_eq!(
            diags.iter().any(|d| d.code.as_str() == "print-fold"),
            expected,
            "{left}"
        );
    }
}
