//! Setting paragraphs into lines with a real layout engine (cosmic-text: shaping with
//! kerning, Unicode line breaking, justification), plus German hyphenation by patterns.

use super::fonts::{FaceId, Typesetter};
use super::page::{Glyph, GlyphRun, Item, RectPt, Rgb};
use crate::render::hyphens::{SOFT_HYPHEN, hyphenate};
use crate::template::markdown::Span;
use cosmic_text::{Attrs, Buffer, Family, Metrics, Shaping, Style, Weight};
use hyphenation::Standard;
use std::ops::Range;

/// How a paragraph is set. Sizes in points.
#[derive(Debug, Clone)]
pub struct TextStyle {
    /// Font family name, such as `Open Sans` (see [`Typesetter::families`]).
    pub family: String,
    /// Font size in points.
    pub size_pt: f32,
    /// Distance from one baseline to the next, in points.
    pub line_height_pt: f32,
    /// Bold for the whole paragraph; spans can add bold, not take it away.
    pub bold: bool,
    /// Italic for the whole paragraph; spans can add italic, not take it away.
    pub italic: bool,
}

/// Where lines sit between the paragraph's left and right edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left, ragged right.
    Left,
    /// Flush right, ragged left.
    Right,
    /// Centred in the width.
    Center,
    /// Flush on both sides, by widening the spaces.
    Justify,
}

impl From<crate::model::Align> for Align {
    /// A table column's alignment as the project declares it.
    fn from(a: crate::model::Align) -> Align {
        match a {
            crate::model::Align::Left => Align::Left,
            crate::model::Align::Right => Align::Right,
            crate::model::Align::Center => Align::Center,
        }
    }
}

/// Glyphs of one face (and one link target) on a line; glyph positions from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// The face the glyphs are in.
    pub face: FaceId,
    /// URL of the span the glyphs come from, if it is a link.
    pub link: Option<String>,
    /// The glyphs, `x_pt` measured from the line's start.
    pub glyphs: Vec<Glyph>,
    /// What the glyphs say: soft hyphens removed, an added line-end hyphen included.
    pub text: String,
}

/// One line of a set paragraph: its baseline and runs of glyphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, from the paragraph's top.
    pub baseline_pt: f32,
    /// Runs of one face and link each, in order; spaces where the line broke dropped.
    pub runs: Vec<LineRun>,
    /// Where the last visible glyph of the line ends.
    pub width_pt: f32,
}

/// A paragraph set into lines, as [`set`] returns it. Sizes in points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetText {
    /// The lines from top to bottom.
    pub lines: Vec<Line>,
    /// Distance between baselines in points, from the style.
    pub line_height_pt: f32,
    /// Font size in points, from the style.
    pub size_pt: f32,
}

impl SetText {
    /// Height of the set text: its lines times the line height.
    pub fn height_pt(&self) -> f32 {
        self.lines.len() as f32 * self.line_height_pt
    }

    /// The widest line.
    pub fn width_pt(&self) -> f32 {
        self.lines.iter().map(|l| l.width_pt).fold(0.0, f32::max)
    }

    /// Lines `lines` as display-list items with the top of the first at (x, top): a glyph
    /// run per face and link on each line (links in `link_color`), and a link area over
    /// linked runs.
    pub fn items(
        &self,
        x_pt: f32,
        top_pt: f32,
        color: Rgb,
        link_color: Rgb,
        lines: Range<usize>,
    ) -> Vec<Item> {
        let shift = top_pt - lines.start as f32 * self.line_height_pt;
        let mut items = Vec::new();
        for line in &self.lines[lines] {
            let baseline_pt = shift + line.baseline_pt;
            for run in &line.runs {
                let Some(first) = run.glyphs.first() else {
                    continue;
                };
                // Positions are kept relative to the run's first pen position.
                let origin = first.x_pt;
                let glyphs = run
                    .glyphs
                    .iter()
                    .map(|g| Glyph {
                        x_pt: g.x_pt - origin,
                        ..g.clone()
                    })
                    .collect();
                let glyph_run = GlyphRun {
                    face: run.face,
                    size_pt: self.size_pt,
                    color: if run.link.is_some() {
                        link_color
                    } else {
                        color
                    },
                    x_pt: x_pt + origin,
                    baseline_pt,
                    glyphs,
                    text: run.text.clone(),
                };
                if let Some(url) = &run.link {
                    items.push(Item::Link {
                        rect: RectPt {
                            x: glyph_run.x_pt,
                            y: baseline_pt - self.size_pt,
                            width: glyph_run.width_pt(),
                            height: self.line_height_pt,
                        },
                        url: url.clone(),
                    });
                }
                items.push(Item::Glyphs(glyph_run));
            }
        }
        items
    }

    /// The text of each line (tests and messages).
    pub fn line_texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }
}

/// Sets styled spans into lines at most `width_pt` wide (`None`: one line per hard break,
/// for measuring a cell's natural width). The glyphs are kept exactly as cosmic-text shaped
/// and placed them; every exporter draws these.
pub fn set(
    ts: &Typesetter,
    spans: &[Span],
    style: &TextStyle,
    width_pt: Option<f32>,
    align: Align,
    dict: Option<&Standard>,
) -> SetText {
    let texts: Vec<String> = spans
        .iter()
        .map(|s| match dict {
            Some(d) => hyphenate(&s.text, d),
            None => s.text.clone(),
        })
        .collect();
    let mut fonts = ts.layout.lock().unwrap_or_else(|e| e.into_inner());
    let fs = &mut *fonts;
    let metrics = Metrics::new(style.size_pt, style.line_height_pt);
    let mut buffer = Buffer::new(fs, metrics);
    buffer.set_size(width_pt, None);
    let attrs = |i: usize, bold: bool, italic: bool| {
        Attrs::new()
            .family(Family::Name(&style.family))
            .weight(if bold { Weight::BOLD } else { Weight::NORMAL })
            .style(if italic { Style::Italic } else { Style::Normal })
            .metadata(i)
    };
    let default = attrs(usize::MAX, style.bold, style.italic);
    let rich = spans.iter().zip(&texts).enumerate().map(|(i, (s, t))| {
        (
            t.as_str(),
            attrs(i, s.bold || style.bold, s.italic || style.italic),
        )
    });
    let cosmic_align = match align {
        Align::Left => cosmic_text::Align::Left,
        Align::Right => cosmic_text::Align::Right,
        Align::Center => cosmic_text::Align::Center,
        Align::Justify => cosmic_text::Align::Justified,
    };
    buffer.set_rich_text(rich, &default, Shaping::Advanced, Some(cosmic_align));
    buffer.shape_until_scroll(fs, false);

    let mut out = SetText {
        line_height_pt: style.line_height_pt,
        size_pt: style.size_pt,
        ..SetText::default()
    };
    for run in buffer.layout_runs() {
        out.lines.push(line_of(ts, spans, &run));
    }
    out
}

/// One laid-out line as runs of glyphs.
fn line_of(ts: &Typesetter, spans: &[Span], run: &cosmic_text::LayoutRun) -> Line {
    let mut line = Line {
        baseline_pt: run.line_y,
        runs: Vec::new(),
        width_pt: 0.0,
    };
    let mut last_cluster = None;
    let mut last_end = 0;
    for g in run.glyphs {
        let cluster = &run.text[g.start..g.end];
        last_end = g.end;
        let visible: String = cluster.chars().filter(|c| *c != SOFT_HYPHEN).collect();
        if visible.is_empty() {
            continue; // a soft hyphen where the line did not break: it prints nothing
        }
        let face = ts.face_of(g.font_id);
        let link = spans.get(g.metadata).and_then(|s| s.link.as_deref());
        let same = line
            .runs
            .last()
            .is_some_and(|r| r.face == face && r.link.as_deref() == link);
        if !same {
            line.runs.push(LineRun {
                face,
                link: link.map(str::to_owned),
                glyphs: Vec::new(),
                text: String::new(),
            });
            last_cluster = None;
        }
        let r = line.runs.last_mut().expect("pushed above");
        // Glyphs of one cluster (a ligature's parts, a base and its mark) share its text.
        let text = match &r.glyphs.last() {
            Some(prev) if last_cluster == Some((g.start, g.end)) => prev.text.clone(),
            _ => {
                let start = r.text.len();
                r.text.push_str(&visible);
                start..r.text.len()
            }
        };
        last_cluster = Some((g.start, g.end));
        r.glyphs.push(Glyph {
            id: g.glyph_id,
            x_pt: g.x,
            x_offset_pt: g.x_offset * g.font_size,
            y_offset_pt: g.y_offset * g.font_size,
            advance_pt: g.w,
            text,
        });
        if !cluster.chars().all(char::is_whitespace) {
            line.width_pt = line.width_pt.max(g.x + g.w);
        }
    }
    // Spaces where the line broke print nothing and would only widen the run.
    while let Some(r) = line.runs.last_mut() {
        while r
            .glyphs
            .last()
            .is_some_and(|g| r.text[g.text.clone()].trim().is_empty())
        {
            let g = r.glyphs.pop().expect("checked");
            r.text.truncate(g.text.start);
        }
        if !r.glyphs.is_empty() {
            break;
        }
        line.runs.pop();
    }
    // A break after a soft hyphen shows a hyphen.
    let hyphen = run.text[..last_end].ends_with(SOFT_HYPHEN)
        && run.text[last_end..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
    if hyphen && let Some(r) = line.runs.last_mut() {
        let (id, advance_em) = ts.face(r.face).hyphen;
        let size = run.glyphs.last().map_or(0.0, |g| g.font_size);
        let x = r.glyphs.last().map_or(0.0, |g| g.x_pt + g.advance_pt);
        let start = r.text.len();
        r.text.push('-');
        r.glyphs.push(Glyph {
            id,
            x_pt: x,
            x_offset_pt: 0.0,
            y_offset_pt: 0.0,
            advance_pt: advance_em * size,
            text: start..r.text.len(),
        });
        line.width_pt = line.width_pt.max(x + advance_em * size);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyphenation::{Language, Load};

    fn plain(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
        }]
    }

    fn style() -> TextStyle {
        TextStyle {
            family: "Open Sans".into(),
            size_pt: 11.0,
            line_height_pt: 15.0,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn breaks_lines_within_the_width() {
        let ts = Typesetter::new();
        let text = "Schön, dass Sie sich für uns entschieden haben. Ihr Tarif ist ab sofort aktiv.";
        let set = set(&ts, &plain(text), &style(), Some(150.0), Align::Left, None);
        assert!(set.lines.len() >= 3, "{} lines", set.lines.len());
        assert!(
            set.lines.iter().all(|l| l.width_pt <= 150.5),
            "{:?}",
            set.lines.iter().map(|l| l.width_pt).collect::<Vec<_>>()
        );
        assert_eq!(set.line_texts().join(" "), text);
        // Every glyph's text range points into its run's text.
        for run in set.lines.iter().flat_map(|l| &l.runs) {
            let covered: String = run
                .glyphs
                .iter()
                .map(|g| &run.text[g.text.clone()])
                .collect();
            assert_eq!(covered, run.text);
        }
    }

    #[test]
    fn justified_lines_fill_the_width_but_the_last() {
        let ts = Typesetter::new();
        let text = "Als Dankeschön schenken wir Ihnen drei Monate die Zusatzoption Ausland: telefonieren und surfen Sie in der ganzen EU wie zu Hause.";
        let set = set(
            &ts,
            &plain(text),
            &style(),
            Some(225.0),
            Align::Justify,
            None,
        );
        let (last, full) = set.lines.split_last().unwrap();
        assert!(
            full.iter().all(|l| (l.width_pt - 225.0).abs() < 0.75),
            "{:?}",
            full.iter().map(|l| l.width_pt).collect::<Vec<_>>()
        );
        assert!(last.width_pt < 221.0);
    }

    #[test]
    fn german_hyphenation_breaks_long_words_with_a_hyphen() {
        let dict = Standard::from_embedded(Language::German1996).unwrap();
        assert!(
            hyphenate("Rechnungsbetrag", &dict)
                .matches(SOFT_HYPHEN)
                .count()
                >= 2
        );
        for kept in [
            "COLSDE33XXX,",
            "R-2026-04711",
            "Übermüller-Schönfeld",
            "(IBAN)",
        ] {
            assert_eq!(hyphenate(kept, &dict), kept);
        }
        assert_eq!(
            hyphenate("(Rechnungsbetrag).", &dict).replace(SOFT_HYPHEN, ""),
            "(Rechnungsbetrag)."
        );
        let ts = Typesetter::new();
        let text = "Telekommunikationsdienstleistungsunternehmen Zusatzoptionen";
        let set = set(
            &ts,
            &plain(text),
            &style(),
            Some(135.0),
            Align::Left,
            Some(&dict),
        );
        let lines = set.line_texts();
        assert!(lines.len() >= 2);
        // The broken word ends in a drawn hyphen; no soft hyphen reaches the runs.
        assert!(lines[0].ends_with('-'), "{lines:?}");
        assert!(lines.iter().all(|l| !l.contains(SOFT_HYPHEN)));
        let hyphen = set.lines[0].runs.last().unwrap().glyphs.last().unwrap();
        assert_eq!(hyphen.id, ts.face(set.lines[0].runs[0].face).hyphen.0);
        assert!(set.lines.iter().all(|l| l.width_pt <= 135.5));
        let joined: String = lines.iter().map(|l| l.trim_end_matches('-')).collect();
        assert!(
            joined.starts_with("Telekommunikationsdienstleistungsunternehmen"),
            "{joined}"
        );
    }

    #[test]
    fn a_glyph_the_font_lacks_is_glyph_zero() {
        let ts = Typesetter::new();
        let set = set(
            &ts,
            &plain("Monthly plan 😀 Basic"),
            &style(),
            Some(300.0),
            Align::Left,
            None,
        );
        let run = &set.lines[0].runs[0];
        let missing: Vec<&str> = run
            .glyphs
            .iter()
            .filter(|g| g.id == 0)
            .map(|g| &run.text[g.text.clone()])
            .collect();
        assert_eq!(missing, ["😀"]);
    }
}
