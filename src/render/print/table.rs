//! Tables in letters: column widths from the cells' natural widths, rows that never break,
//! and the header row repeated on every page the table runs onto.

use super::blocks::plain;
use super::flow::{Composer, RULE, SHADE, TEXT};
use super::page::{Item, RectPt, mm_to_pt};
use super::text::{self, Align, SetText, TextStyle};
use crate::diag::{Code, Diagnostic};
use crate::model::Channel;
use crate::template::Table;

impl Composer<'_> {
    /// The width a text needs on one line, and the width of its longest word, both from
    /// one shaping of the text.
    fn natural_widths_pt(&self, text: &str, style: &TextStyle) -> (f32, f32) {
        let set = text::set(self.ts, &plain(text), style, None, Align::Left, None);
        let mut longest = 0.0f32;
        for line in &set.lines {
            for run in &line.runs {
                let mut start = None;
                for g in &run.glyphs {
                    if run.text[g.text.clone()].trim().is_empty() {
                        start = None;
                    } else {
                        let from = *start.get_or_insert(g.x_pt);
                        longest = longest.max(g.x_pt + g.advance_pt - from);
                    }
                }
            }
        }
        (set.width_pt(), longest)
    }

    /// Column widths: every column but the first as wide as its widest cell; the first
    /// takes what is left, at least 20 mm. A column narrower than a word it holds is reported.
    fn column_widths_pt(&mut self, id: &str, t: &Table, width_pt: f32, pad_pt: f32) -> Vec<f32> {
        let st = self.st.table.clone();
        let mut bold = st.clone();
        bold.bold = true;
        let cols = t.headers.len().max(1);
        let mut widths = vec![0.0f32; cols];
        let mut longest_words = vec![0.0f32; cols];
        for (i, h) in t.headers.iter().enumerate() {
            widths[i] = self.natural_widths_pt(h, &bold).0;
        }
        for row in &t.rows {
            for (i, cell) in row.iter().enumerate().take(cols) {
                let (width, longest) = self.natural_widths_pt(cell, &st);
                widths[i] = widths[i].max(width);
                longest_words[i] = longest_words[i].max(longest);
            }
        }
        for (i, cell) in t.footer.iter().flatten().enumerate().take(cols) {
            widths[i] = widths[i].max(self.natural_widths_pt(cell, &bold).0);
        }
        let others: f32 = widths.iter().skip(1).map(|w| w + pad_pt).sum();
        widths[0] = (width_pt - others).max(mm_to_pt(20.0));
        for (i, (w, longest_word)) in widths.iter().zip(&longest_words).enumerate() {
            if *longest_word > *w + 0.5 {
                self.diags.push(
                    Diagnostic::warning(
                        Code::PrintTable,
                        format!(
                            "column {} is {:.0} mm wide, narrower than its longest word ({:.0} mm)",
                            i + 1,
                            w / mm_to_pt(1.0),
                            longest_word / mm_to_pt(1.0)
                        ),
                    )
                    .on(Channel::Print)
                    .at_block(id),
                );
            }
        }
        widths
    }

    pub fn table(&mut self, id: &str, t: &Table, width_pt: f32, x_pt: f32) {
        let st = self.st.table.clone();
        let body_gap = 0.6 * self.st.body.line_height_pt;
        if t.rows.is_empty() {
            if !t.empty.is_empty() {
                let mut italic = st;
                italic.italic = true;
                let set = self.set(&plain(&t.empty), &italic, width_pt, Align::Left);
                self.flow(&set, x_pt, TEXT, body_gap);
            }
            return;
        }
        let mut bold = st.clone();
        bold.bold = true;
        let pad = mm_to_pt(2.0);
        let widths = self.column_widths_pt(id, t, width_pt, pad);
        let cols = widths.len();
        let mut lefts = vec![x_pt];
        for w in widths.iter().take(cols - 1) {
            let last = *lefts.last().expect("one at least");
            lefts.push(last + w + pad);
        }
        let align = |i: usize| t.align.get(i).map_or(Align::Left, |&a| a.into());
        let set_row = |c: &mut Self, cells: &[String], s: &TextStyle| -> Vec<SetText> {
            // Cells are not hyphenated; the quarter point keeps a measured width from wrapping.
            (0..cols)
                .map(|i| {
                    let cell = plain(cells.get(i).map_or("", String::as_str));
                    text::set(c.ts, &cell, s, Some(widths[i] + 0.25), align(i), None)
                })
                .collect()
        };
        let row_height = |sets: &[SetText]| {
            sets.iter().map(SetText::height_pt).fold(0.0, f32::max) + mm_to_pt(1.2)
        };
        let draw_row = |c: &mut Self, sets: &[SetText]| {
            let y = c.y_pt + mm_to_pt(0.6);
            for (i, set) in sets.iter().enumerate() {
                c.draw(set, lefts[i], y, TEXT, 0..set.lines.len());
            }
            c.y_pt += row_height(sets);
        };
        let header = set_row(self, &t.headers, &bold);
        let header_h = row_height(&header);
        let draw_header = |c: &mut Self| {
            let rect = RectPt {
                x: x_pt,
                y: c.y_pt,
                width: width_pt,
                height: header_h,
            };
            c.page().items.push(Item::Rect { rect, fill: SHADE });
            draw_row(c, &header);
            let y = c.y_pt;
            c.rule(x_pt, y, width_pt, 0.75, TEXT);
        };
        let mut rows = t
            .rows
            .iter()
            .map(|r| set_row(self, r, &st))
            .collect::<Vec<_>>();
        self.ensure(header_h + rows.first().map_or(0.0, |r| row_height(r)));
        draw_header(self);
        for sets in rows.drain(..) {
            if self.y_pt + row_height(&sets) > self.bottom_pt {
                self.new_page();
                draw_header(self);
            }
            draw_row(self, &sets);
            let y = self.y_pt;
            self.rule(x_pt, y, width_pt, 0.3, RULE);
        }
        if let Some(f) = &t.footer {
            let sets = set_row(self, f, &bold);
            self.ensure(row_height(&sets));
            draw_row(self, &sets);
        }
        self.y_pt += body_gap;
    }
}
