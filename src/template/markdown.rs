//! Inline Markdown (bold, italic, links, paragraphs) into a channel-neutral rich text.
//!
//! Customer values reach this parser with every ASCII punctuation mark
//! backslash-escaped (see `escape_markdown`), so a record can add text but never markup.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The characters, Markdown markup and escapes removed.
    pub text: String,
    /// Set in bold (`**text**`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// Set in italics (`*text*`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub italic: bool,
    /// Target URL when the run is a link's text; once resolved, only https, mailto or tel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A paragraph: spans in reading order; `\n` inside a span is a hard line break.
pub type Paragraph = Vec<Span>;

/// Parsed inline Markdown of text, signature and legal blocks and of overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RichText {
    /// In reading order; empty for no text.
    pub paragraphs: Vec<Paragraph>,
}

impl RichText {
    /// True when there is no visible text, only whitespace or nothing.
    pub fn is_empty(&self) -> bool {
        self.paragraphs
            .iter()
            .all(|p| p.iter().all(|s| s.text.trim().is_empty()))
    }

    /// The text without markup, paragraphs separated by a blank line.
    pub fn plain(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| p.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Parses inline Markdown. Block constructs other than paragraphs are flattened:
/// list items become paragraphs starting with "• ", headings become bold paragraphs,
/// raw HTML and code are kept as literal text.
pub fn parse(source: &str) -> RichText {
    if let Some(text) = plain_line(source) {
        let paragraphs = if text.is_empty() {
            Vec::new()
        } else {
            vec![vec![Span {
                text,
                bold: false,
                italic: false,
                link: None,
            }]]
        };
        return RichText { paragraphs };
    }
    parse_full(source)
}

/// The CommonMark parser's reading of `source`.
fn parse_full(source: &str) -> RichText {
    let mut out = RichText::default();
    let mut current: Paragraph = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut link: Option<String> = None;
    let push =
        |current: &mut Paragraph, text: &str, bold: bool, italic: bool, link: &Option<String>| {
            if text.is_empty() {
                return;
            }
            if let Some(last) = current.last_mut()
                && last.bold == bold
                && last.italic == italic
                && last.link == *link
            {
                last.text.push_str(text);
                return;
            }
            current.push(Span {
                text: text.to_owned(),
                bold,
                italic,
                link: link.clone(),
            });
        };
    let flush = |current: &mut Paragraph, out: &mut RichText| {
        if !current.is_empty() {
            out.paragraphs.push(std::mem::take(current));
        }
    };
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut current, &t, bold > 0, italic > 0, &link)
            }
            Event::SoftBreak => push(&mut current, " ", bold > 0, italic > 0, &link),
            Event::HardBreak => push(&mut current, "\n", bold > 0, italic > 0, &link),
            Event::Start(Tag::Strong) | Event::Start(Tag::Heading { .. }) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => {
                bold = bold.saturating_sub(1);
                flush(&mut current, &mut out);
            }
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.into_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                push(&mut current, "• ", false, false, &None);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::HtmlBlock,
            ) => flush(&mut current, &mut out),
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    for p in &mut out.paragraphs {
        if let Some(first) = p.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = p.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        p.retain(|s| !s.text.is_empty());
    }
    out.paragraphs.retain(|p| !p.is_empty());
    out
}

/// The text of a single line without any markup but backslash escapes (most resolved
/// fields are such lines); `None` when the full parser is needed. It answers what the
/// parser would, in a fraction of the time.
fn plain_line(source: &str) -> Option<String> {
    let source = source.trim_end_matches(' ');
    // A line opening with a digit, space or punctuation may be a list, heading, quote or code.
    if !source.chars().next().is_none_or(|c| c.is_alphabetic()) {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) if n.is_ascii_punctuation() => out.push(n),
                _ => return None,
            },
            '*' | '_' | '[' | ']' | '<' | '>' | '`' | '&' | '~' | '|' | '!' => return None,
            c if c.is_control() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Escapes a customer value so that Markdown reads it as literal text on one line.
pub fn escape_markdown(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
        }
    }

    #[test]
    fn inline_styles_and_links() {
        let r = parse("Hallo **Welt**, _schön_ [hier](https://x.de).\n\nZweiter");
        assert_eq!(r.paragraphs.len(), 2);
        let p = &r.paragraphs[0];
        assert_eq!(p[0], span("Hallo "));
        assert!(p[1].bold && p[1].text == "Welt");
        assert!(p[3].italic && p[3].text == "schön");
        assert_eq!(p[5].link.as_deref(), Some("https://x.de"));
        assert_eq!(r.plain(), "Hallo Welt, schön hier.\n\nZweiter");
    }

    #[test]
    fn escaped_values_stay_literal() {
        let mut s = String::from("Name: ");
        escape_markdown("**x** [a](javascript:alert(1)) <b>y</b>\n\n# z", &mut s);
        let r = parse(&s);
        assert_eq!(r.paragraphs.len(), 1);
        assert_eq!(r.paragraphs[0].len(), 1, "{r:?}");
        assert_eq!(
            r.paragraphs[0][0].text,
            "Name: **x** [a](javascript:alert(1)) <b>y</b>  # z"
        );
    }

    #[test]
    fn plain_line_agrees_with_the_parser() {
        let mut value = String::new();
        escape_markdown("R-2026-04711 (C&A) *x* 1. # [a](b) ü €", &mut value);
        let cases = [
            "Ihre Rechnung über 149,70 € ist da.".to_owned(),
            format!("Rechnung {value} ist da"),
            "Hallo  zwei   Leerzeichen  ".to_owned(),
            "Äpfel: 3 Stück, 2.50 € (netto) — „Zitat“ ‚x‘ + 100% = gut?".to_owned(),
            String::new(),
        ];
        for case in cases {
            assert!(plain_line(&case).is_some(), "{case:?} takes the fast path");
            assert_eq!(parse(&case), parse_full(&case), "{case:?}");
        }
        for slow in [
            "1. Liste",
            "# Titel",
            "- x",
            "a **b**",
            "a\nb",
            "Ende\\",
            " eingerückt",
        ] {
            assert!(plain_line(slow).is_none(), "{slow:?} needs the parser");
        }
    }

    #[test]
    fn html_is_text() {
        let r = parse("<script>alert(1)</script>");
        assert_eq!(r.plain(), "<script>alert(1)</script>");
    }
}
