//! Checks of what is printed, read from the same glyph runs and images the exporters draw:
//! ink in the address window or the fold and punch mark zone, glyphs the font lacks.

use super::fonts::Typesetter;
use super::geometry::Geometry;
use super::page::{Item, Page, RectPt, mm_to_pt};
use crate::diag::{Code, Diagnostic};
use crate::model::Channel;
use std::ops::Range;

/// The printed ink of page 1's items, except those of the address field itself.
pub fn ink_boxes<'a>(
    ts: &'a Typesetter,
    page: &'a Page,
    address: Range<usize>,
) -> impl Iterator<Item = RectPt> + 'a {
    page.items
        .iter()
        .enumerate()
        .filter(move |(i, _)| !address.contains(i))
        .flat_map(move |(_, item)| -> Box<dyn Iterator<Item = RectPt> + 'a> {
            match item {
                Item::Glyphs(run) => Box::new(run.ink_boxes(ts)),
                Item::Image { rect, .. } | Item::Rect { rect, .. } => {
                    Box::new(std::iter::once(*rect))
                }
                // Rules are the fold and punch marks and table lines; links print nothing.
                Item::Rule { .. } | Item::Link { .. } => Box::new(std::iter::empty()),
            }
        })
}

/// Diagnostics for ink in the address window or the fold and punch mark zone of page 1.
pub fn zones(
    ts: &Typesetter,
    g: &Geometry,
    pages: &[Page],
    address: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(first) = pages.first() else { return };
    let window = g.window_pt();
    let mark_zone_pt = mm_to_pt(g.mark_zone_mm);
    let (mut into_window, mut into_marks) = (false, false);
    for ink in ink_boxes(ts, first, address) {
        into_window |= ink.overlaps(&window);
        into_marks |= ink.x < mark_zone_pt;
    }
    if into_window {
        diags.push(
            Diagnostic::error(
                Code::PrintWindow,
                "text or an image runs into the address window",
            )
            .on(Channel::Print),
        );
    }
    if into_marks {
        diags.push(
            Diagnostic::warning(
                Code::PrintFold,
                "text runs into the fold and punch mark zone at the left edge",
            )
            .on(Channel::Print),
        );
    }
}

/// Characters that print as the font's empty box (glyph 0), each named once.
pub fn missing_glyphs(pages: &[Page], family: &str, diags: &mut Vec<Diagnostic>) {
    let mut missing: Vec<char> = Vec::new();
    for run in pages.iter().flat_map(Page::runs) {
        for g in run.glyphs.iter().filter(|g| g.id == 0) {
            for c in run.text[g.text.clone()].chars() {
                if !c.is_whitespace() && !missing.contains(&c) {
                    missing.push(c);
                }
            }
        }
    }
    for c in missing {
        diags.push(
            Diagnostic::warning(
                Code::PrintGlyph,
                format!(
                    "{c} (U+{:04X}) has no glyph in {family}; it prints as an empty box",
                    c as u32
                ),
            )
            .on(Channel::Print),
        );
    }
}
