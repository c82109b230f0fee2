//! Text fields for templates: `{{ expressions }}` and `{% tags %}` stand out from the prose,
//! and the field's template errors are shown under it with line and column.

use crate::diag::Diagnostic;
use eframe::egui::{self, Color32, FontId, Ui, text::LayoutJob};

/// The spans of a template: (byte range, kind) where kind 0 is prose, 1 an expression, 2 a
/// tag, 3 a comment. An unclosed delimiter runs to the end.
pub fn spans(text: &str) -> Vec<(std::ops::Range<usize>, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut prose = 0;
    while i < text.len() {
        let rest = &text[i..];
        let (kind, close) = if rest.starts_with("{{") {
            (1, "}}")
        } else if rest.starts_with("{%") {
            (2, "%}")
        } else if rest.starts_with("{#") {
            (3, "#}")
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if prose < i {
            out.push((prose..i, 0));
        }
        let end = rest[2..].find(close).map_or(text.len(), |e| i + 2 + e + 2);
        out.push((i..end, kind));
        i = end;
        prose = end;
    }
    if prose < text.len() {
        out.push((prose..text.len(), 0));
    }
    out
}

fn job(ui: &Ui, text: &str, wrap: f32) -> LayoutJob {
    let font = FontId::monospace(13.0);
    let v = ui.visuals();
    let prose = v.text_color();
    let (expr, tag, comment) = if v.dark_mode {
        (
            Color32::from_rgb(120, 200, 255),
            Color32::from_rgb(230, 170, 90),
            Color32::GRAY,
        )
    } else {
        (
            Color32::from_rgb(0, 90, 180),
            Color32::from_rgb(170, 80, 0),
            Color32::GRAY,
        )
    };
    let mut job = LayoutJob::default();
    for (range, kind) in spans(text) {
        let color = [prose, expr, tag, comment][kind as usize];
        let mut fmt = egui::TextFormat::simple(font.clone(), color);
        if kind != 0 {
            fmt.background = color.gamma_multiply(0.12);
        }
        job.append(&text[range], 0.0, fmt);
    }
    job.wrap.max_width = wrap;
    job
}

/// Where the cursor of a text field is, to insert variables there.
pub struct Edited {
    pub changed: bool,
    /// Character index of the cursor while the field has focus.
    pub cursor: Option<usize>,
}

/// A labelled template field; `text` is edited in place. `errors` are this field's
/// diagnostics.
pub fn field(
    ui: &mut Ui,
    id: &str,
    label: &str,
    text: &mut String,
    multiline: bool,
    errors: &[&Diagnostic],
) -> Edited {
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap: f32| {
        ui.fonts_mut(|f| f.layout_job(job(ui, buf.as_str(), wrap)))
    };
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    // The label and the field's first error share one line, so fields never move while a
    // template is half typed.
    let label = ui
        .horizontal(|ui| {
            let l = ui.label(label);
            if let Some(e) = errors.first() {
                let at = e
                    .pos
                    .map(|p| format!("line {}, column {}: ", p.line, p.col))
                    .unwrap_or_default();
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!("⛔ {at}{}", e.message))
                            .small()
                            .color(ui.visuals().error_fg_color),
                    )
                    .truncate(),
                );
            }
            l
        })
        .inner;
    let output = edit
        .id_salt(id)
        .desired_width(f32::INFINITY)
        .layouter(&mut layouter)
        .show(ui);
    let response = output.response.response.labelled_by(label.id);
    let cursor = response
        .has_focus()
        .then(|| output.cursor_range.map(|c| c.primary.index.0))
        .flatten();
    Edited {
        changed: response.changed(),
        cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::spans;

    #[test]
    fn expressions_tags_and_comments_are_found() {
        let t = "Hi {{ name }}{% if x %}!{% endif %}{# note #} ü {{ open";
        let kinds: Vec<(&str, u8)> = spans(t).into_iter().map(|(r, k)| (&t[r], k)).collect();
        assert_eq!(
            kinds,
            [
                ("Hi ", 0),
                ("{{ name }}", 1),
                ("{% if x %}", 2),
                ("!", 0),
                ("{% endif %}", 2),
                ("{# note #}", 3),
                (" ü ", 0),
                ("{{ open", 1)
            ]
        );
    }
}
