//! Setting paragraphs into lines with a real layout engine (cosmic-text: shaping with
//! kerning, Unicode line breaking, justification), plus German hyphenation by patterns.

use super::fonts::Typesetter;
use crate::template::markdown::Span;
use cosmic_text::{Attrs, Buffer, Family, Metrics, Shaping, Style, Weight};
use hyphenation::{Hyphenator, Standard};

const SOFT_HYPHEN: char = '\u{ad}';

/// How a paragraph is set. Sizes in CSS pixels (1/96 in).
#[derive(Debug, Clone)]
pub struct TextStyle {
    pub family: String,
    pub size: f32,
    pub line_height: f32,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
    Justify,
}

/// A word (or a run of one style inside a word) at its place on the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x: f32,
    /// A space separates it from the word before (else it continues it in another style).
    pub space_before: bool,
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, from the paragraph's top.
    pub baseline: f32,
    pub words: Vec<Word>,
    /// Where the ink of the line ends.
    pub width: f32,
    /// The line ends in a word broken at a hyphenation point: draw a hyphen after it.
    pub hyphen: bool,
    /// What justification added to each space of the line.
    pub word_spacing: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetText {
    pub lines: Vec<Line>,
    pub line_height: f32,
    /// Characters no shipped font can draw.
    pub missing: Vec<char>,
}

impl SetText {
    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }

    /// The widest line.
    pub fn width(&self) -> f32 {
        self.lines.iter().map(|l| l.width).fold(0.0, f32::max)
    }
}

/// Inserts soft hyphens at the hyphenation points of ordinary words: five letters or more,
/// not all capitals (codes such as a BIC), no digits and no hyphen of their own.
pub fn hyphenate(text: &str, dict: &Standard) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let ordinary = core.chars().count() >= 5
            && core.chars().all(char::is_alphabetic)
            && core.chars().any(char::is_lowercase);
        if !ordinary {
            out.push_str(token);
            continue;
        }
        let start = token.find(core).unwrap_or(0);
        out.push_str(&token[..start]);
        let mut last = 0;
        for b in dict.hyphenate(core).breaks {
            out.push_str(&core[last..b]);
            out.push(SOFT_HYPHEN);
            last = b;
        }
        out.push_str(&core[last..]);
        out.push_str(&token[start + core.len()..]);
    }
    out
}

/// Sets styled spans into lines at most `width` wide (`None`: one line per hard break, for
/// measuring a cell's natural width).
pub fn set(
    ts: &Typesetter,
    spans: &[Span],
    style: &TextStyle,
    width: Option<f32>,
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
    let mut guard = ts.layout.lock().unwrap_or_else(|e| e.into_inner());
    let layout = &mut *guard;
    let fs = &mut layout.fonts;
    let metrics = Metrics::new(style.size, style.line_height);
    let mut buffer = Buffer::new(fs, metrics);
    buffer.set_size(width, None);
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
    // The width of a space before justification widened it.
    let natural = if align == Align::Justify {
        let key = (
            style.family.clone(),
            style.size.to_bits(),
            style.bold,
            style.italic,
        );
        *layout.spaces.entry(key).or_insert_with(|| {
            let mut probe = Buffer::new(fs, metrics);
            probe.set_size(None, None);
            probe.set_rich_text([(" x", default.clone())], &default, Shaping::Advanced, None);
            probe.shape_until_scroll(fs, false);
            probe
                .layout_runs()
                .next()
                .and_then(|r| r.glyphs.first())
                .map_or(0.0, |g| g.w)
        })
    } else {
        0.0
    };

    let mut out = SetText {
        line_height: style.line_height,
        ..SetText::default()
    };
    for run in buffer.layout_runs() {
        let mut line = Line {
            baseline: run.line_y,
            words: Vec::new(),
            width: 0.0,
            hyphen: false,
            word_spacing: 0.0,
        };
        let mut current: Option<(usize, Word)> = None;
        let mut last_end = 0;
        let mut space = false;
        let mut space_width: Option<f32> = None;
        for g in run.glyphs {
            let cluster = &run.text[g.start..g.end];
            last_end = g.end;
            if g.glyph_id == 0 {
                for c in cluster
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != SOFT_HYPHEN)
                {
                    if !out.missing.contains(&c) {
                        out.missing.push(c);
                    }
                }
            }
            let blank = cluster.chars().all(char::is_whitespace);
            if blank {
                space = true;
                space_width.get_or_insert(g.w);
            }
            let visible: String = cluster.chars().filter(|c| *c != SOFT_HYPHEN).collect();
            match &mut current {
                Some((meta, word)) if !blank && *meta == g.metadata => word.text.push_str(&visible),
                _ => {
                    if let Some((_, w)) = current.take() {
                        line.words.push(w);
                    }
                    if !blank && !visible.is_empty() {
                        let span = spans.get(g.metadata);
                        current = Some((
                            g.metadata,
                            Word {
                                x: g.x,
                                space_before: std::mem::take(&mut space) && !line.words.is_empty(),
                                text: visible,
                                bold: span.is_some_and(|s| s.bold) || style.bold,
                                italic: span.is_some_and(|s| s.italic) || style.italic,
                                link: span.and_then(|s| s.link.clone()),
                            },
                        ));
                    }
                }
            }
            if !blank {
                line.width = line.width.max(g.x + g.w);
            }
        }
        if let Some((_, w)) = current.take() {
            line.words.push(w);
        }
        if let (Align::Justify, Some(w)) = (align, space_width) {
            line.word_spacing = (w - natural).max(0.0);
        }
        // A break after a soft hyphen shows a hyphen.
        line.hyphen = run.text[..last_end].ends_with(SOFT_HYPHEN)
            && run.text[last_end..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace());
        out.lines.push(line);
    }
    out
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
            size: 14.67,
            line_height: 20.0,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn breaks_lines_within_the_width() {
        let ts = Typesetter::new();
        let text = "Schön, dass Sie sich für uns entschieden haben. Ihr Tarif ist ab sofort aktiv.";
        let set = set(&ts, &plain(text), &style(), Some(200.0), Align::Left, None);
        assert!(set.lines.len() >= 3, "{} lines", set.lines.len());
        assert!(
            set.lines.iter().all(|l| l.width <= 200.5),
            "{:?}",
            set.lines.iter().map(|l| l.width).collect::<Vec<_>>()
        );
        let words: Vec<&str> = set
            .lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| w.text.as_str()))
            .collect();
        assert_eq!(words.join(" "), text);
        assert!(set.missing.is_empty());
    }

    #[test]
    fn justified_lines_fill_the_width_but_the_last() {
        let ts = Typesetter::new();
        let text = "Als Dankeschön schenken wir Ihnen drei Monate die Zusatzoption Ausland: telefonieren und surfen Sie in der ganzen EU wie zu Hause.";
        let set = set(
            &ts,
            &plain(text),
            &style(),
            Some(300.0),
            Align::Justify,
            None,
        );
        let (last, full) = set.lines.split_last().unwrap();
        assert!(
            full.iter().all(|l| (l.width - 300.0).abs() < 1.0),
            "{:?}",
            full.iter().map(|l| l.width).collect::<Vec<_>>()
        );
        assert!(last.width < 295.0);
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
            Some(180.0),
            Align::Left,
            Some(&dict),
        );
        assert!(set.lines.len() >= 2);
        assert!(set.lines[0].hyphen, "{:?}", set.lines[0]);
        assert!(set.lines.iter().all(|l| l.width <= 180.5));
        let joined: String = set
            .lines
            .iter()
            .map(|l| l.words.iter().map(|w| w.text.as_str()).collect::<String>())
            .collect();
        assert!(
            joined.starts_with("Telekommunikationsdienstleistungsunternehmen"),
            "{joined}"
        );
    }

    #[test]
    fn missing_glyphs_are_named() {
        let ts = Typesetter::new();
        let set = set(
            &ts,
            &plain("Monthly plan 😀 Basic"),
            &style(),
            Some(400.0),
            Align::Left,
            None,
        );
        assert_eq!(set.missing, vec!['😀']);
    }
}
