//! The plain-text part: the same content as the HTML in the same order, prose wrapped to
//! 76 characters, tables set in columns (or as records when too wide).

use super::layout::LayoutKind;
use crate::model::Align;
use crate::render::text::{link_plain, rich_plain, wrap};
use crate::template::Table;

/// Plain-text lines stay within 78 characters (RFC 5322's recommendation); prose is
/// wrapped a little shorter so that quoting in replies keeps it under the limit.
pub(super) const TEXT_WIDTH: usize = 76;
const TEXT_LIMIT: usize = 78;
/// The plain-text part's paragraphs for one block, prose wrapped, tables as set.
pub(super) fn plain_block(kind: &LayoutKind) -> Vec<String> {
    let prose = match kind {
        LayoutKind::Heading { text, .. } => vec![text.clone()],
        LayoutKind::Paragraphs { text, .. } => rich_plain(text),
        LayoutKind::Button {
            label,
            url: Some(url),
        } => vec![format!("{label}: {}", link_plain("", url))],
        LayoutKind::Button { label, url: None } => vec![label.clone()],
        LayoutKind::Image(p) if !p.alt.is_empty() => vec![format!("[{}]", p.alt)],
        LayoutKind::Image(_) => vec![],
        LayoutKind::Table(t) => return vec![plain_table(t)],
        LayoutKind::Divider => vec!["----".into()],
    };
    prose.iter().map(|p| wrap(p, TEXT_WIDTH)).collect()
}

fn plain_table(t: &Table) -> String {
    if t.rows.is_empty() {
        return t.empty.clone();
    }
    let rows: Vec<&Vec<String>> = std::iter::once(&t.headers)
        .chain(&t.rows)
        .chain(&t.footer)
        .collect();
    let widths: Vec<usize> = (0..t.headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &Vec<String>| {
        let cells: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| {
                let s = r.get(c).map_or("", String::as_str);
                let pad = w - s.chars().count();
                match t.align.get(c) {
                    Some(Align::Right) => format!("{}{s}", " ".repeat(pad)),
                    _ => format!("{s}{}", " ".repeat(pad)),
                }
            })
            .collect();
        cells.join("  ").trim_end().to_owned()
    };
    if widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1) > TEXT_LIMIT {
        return plain_records(t);
    }
    let mut out = vec![
        line(&t.headers),
        "-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)),
    ];
    out.extend(t.rows.iter().map(line));
    if let Some(f) = &t.footer {
        out.push(line(f));
    }
    out.join("\n")
}

/// A table too wide for a text line: each row as its first cell, then a `Header: value`
/// line per other cell, rows apart by a blank line.
fn plain_records(t: &Table) -> String {
    let mut rows: Vec<String> = Vec::new();
    for r in t.rows.iter().chain(&t.footer) {
        let mut lines = vec![wrap(r.first().map_or("", String::as_str), TEXT_WIDTH)];
        for (h, v) in t.headers.iter().zip(r).skip(1) {
            if !v.is_empty() {
                lines.push(wrap(&format!("{h}: {v}"), TEXT_WIDTH));
            }
        }
        rows.push(lines.join("\n"));
    }
    rows.join("\n\n")
}
