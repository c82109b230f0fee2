//! Page flow: the composer that places set text, rules and images on pages, starts new
//! pages when a page is full and keeps paragraphs free of widows and orphans.

use super::fonts::Typesetter;
use super::geometry::Geometry;
use super::images::ImageCache;
use super::page::{Item, Page, Rgb, mm_to_pt};
use super::text::{self, Align, SetText, TextStyle};
use crate::diag::Diagnostic;
use crate::template::markdown::Span;
use hyphenation::Standard;
use std::ops::Range;

pub(super) const TEXT: Rgb = Rgb(0x1f, 0x23, 0x28);
pub(super) const MUTED: Rgb = Rgb(0x5b, 0x64, 0x72);
pub(super) const RULE: Rgb = Rgb(0x9a, 0xa4, 0xb2);
pub(super) const LINK: Rgb = Rgb(0x0b, 0x4f, 0x8a);
pub(super) const SHADE: Rgb = Rgb(0xee, 0xf1, 0xf5);

/// The text styles of a letter's parts.
pub(super) struct Styles {
    pub body: TextStyle,
    pub heading: TextStyle,
    pub small: TextStyle,
    pub table: TextStyle,
    pub address: TextStyle,
}

pub(super) fn style(family: &str, size_pt: f32, leading: f32, bold: bool) -> TextStyle {
    TextStyle {
        family: family.into(),
        size_pt,
        line_height_pt: size_pt * leading,
        bold,
        italic: false,
    }
}

pub(super) struct Composer<'a> {
    pub ts: &'a Typesetter,
    /// Images decoded once for every letter.
    pub images: &'a ImageCache,
    pub g: Geometry,
    pub st: Styles,
    pub dict: Option<&'a Standard>,
    pub family: String,
    pub align: Align,
    pub pages: Vec<Page>,
    /// The next free line on the current page.
    pub y_pt: f32,
    /// Where body text must stop on every page.
    pub bottom_pt: f32,
    /// Footer paragraphs (legal text or the sender), drawn on every page.
    pub footer: Vec<SetText>,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Blocks that made it onto paper.
    pub shown: Vec<String>,
    /// The items of page 1 that form the address field (the zone checks skip them).
    pub address: Range<usize>,
}

impl<'a> Composer<'a> {
    #[expect(
        clippy::too_many_arguments,
        reason = "what a letter is set with, each once"
    )]
    pub fn new(
        ts: &'a Typesetter,
        images: &'a ImageCache,
        g: Geometry,
        st: Styles,
        dict: Option<&'a Standard>,
        family: String,
        align: Align,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Composer {
            ts,
            images,
            g,
            st,
            dict,
            family,
            align,
            pages: Vec::new(),
            y_pt: 0.0,
            bottom_pt: 0.0,
            footer: Vec::new(),
            diags,
            shown: Vec::new(),
            address: 0..0,
        }
    }

    /// The pages, the blocks shown and the address items of page 1.
    pub fn finish(self) -> (Vec<Page>, Vec<String>, Range<usize>) {
        (self.pages, self.shown, self.address)
    }

    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page was started")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page {
            width_pt: mm_to_pt(self.g.width_mm),
            height_pt: mm_to_pt(self.g.height_mm),
            items: Vec::new(),
        });
        self.y_pt = self.top_of_page();
        self.marks();
    }

    pub fn top_of_page(&self) -> f32 {
        mm_to_pt(if self.pages.len() == 1 {
            self.g.body_top_mm
        } else {
            self.g.follow_top_mm
        })
    }

    /// Fold marks and the punch mark at the left edge.
    fn marks(&mut self) {
        let mark = |y_mm: f32, to_mm: f32| Item::Rule {
            from: (mm_to_pt(3.0), mm_to_pt(y_mm)),
            to: (mm_to_pt(to_mm), mm_to_pt(y_mm)),
            width_pt: 0.4,
            color: RULE,
        };
        let items = [
            mark(self.g.folds_mm[0], 8.0),
            mark(self.g.folds_mm[1], 8.0),
            mark(self.g.punch_mm, 11.0),
        ];
        self.page().items.extend(items);
    }

    pub fn set(
        &mut self,
        spans: &[Span],
        style: &TextStyle,
        width_pt: f32,
        align: Align,
    ) -> SetText {
        text::set(self.ts, spans, style, Some(width_pt), align, self.dict)
    }

    /// A horizontal rule across `x_pt..x_pt + width_pt` at `y_pt`.
    pub fn rule(&mut self, x_pt: f32, y_pt: f32, width_pt: f32, stroke_pt: f32, color: Rgb) {
        self.page().items.push(Item::Rule {
            from: (x_pt, y_pt),
            to: (x_pt + width_pt, y_pt),
            width_pt: stroke_pt,
            color,
        });
    }

    /// Draws lines `lines` of set text with the top of the first at (x, top): a glyph run
    /// per face and link on each line, and a link area over linked runs.
    pub fn draw(&mut self, set: &SetText, x_pt: f32, top_pt: f32, color: Rgb, lines: Range<usize>) {
        let items = set.items(x_pt, top_pt, color, LINK, lines);
        self.page().items.extend(items);
    }

    /// Starts a new page unless `height_pt` still fits on this one.
    pub fn ensure(&mut self, height_pt: f32) {
        if self.y_pt + height_pt > self.bottom_pt {
            self.new_page();
        }
    }

    /// Places a paragraph, breaking it across pages with at least two lines on each side
    /// (no orphans, no widows) when it has three lines or more.
    pub fn flow(&mut self, set: &SetText, x_pt: f32, color: Rgb, space_after_pt: f32) {
        let lh = set.line_height_pt;
        let total = set.lines.len();
        let mut start = 0;
        while start < total {
            let room = ((self.bottom_pt - self.y_pt) / lh).floor().max(0.0) as usize;
            let rest = total - start;
            let take = if room >= rest {
                rest
            } else if total < 3 {
                0 // short paragraphs are never split
            } else {
                // What fits, leaving at least two lines for the next page (no widow)…
                let take = room.min(rest.saturating_sub(2));
                // …and never a paragraph's first line alone at the foot of a page (no orphan).
                if start == 0 && take < 2 { 0 } else { take }
            };
            if take == 0 {
                if self.y_pt <= self.top_of_page() + 0.5 {
                    // Nothing may move to a fresh page: place what fits rather than loop.
                    let n = rest.min(room.max(1));
                    self.draw(set, x_pt, self.y_pt, color, start..start + n);
                    self.y_pt += n as f32 * lh;
                    start += n;
                    if start < total {
                        self.new_page();
                    }
                    continue;
                }
                self.new_page();
                continue;
            }
            self.draw(set, x_pt, self.y_pt, color, start..start + take);
            self.y_pt += take as f32 * lh;
            start += take;
            if start < total {
                self.new_page();
            }
        }
        self.y_pt += space_after_pt;
    }
}
