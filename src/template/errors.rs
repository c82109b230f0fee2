//! minijinja's errors as Prism's diagnostics: the block and field a template belongs to,
//! and the line and column inside the author's text.

use super::{CELLS_SUFFIX, MARKDOWN_SUFFIX};
use crate::diag::{Code, Diagnostic, Severity, TemplatePos};
use minijinja::ErrorKind;

/// A diagnostic for the field a template name stands for (`block:field.md` → block, field).
pub(super) fn diag_for_name(
    name: &str,
    severity: Severity,
    code: Code,
    message: String,
) -> Diagnostic {
    let (owner, field) = name.split_once(':').unwrap_or(("", name));
    let field = field
        .strip_suffix(MARKDOWN_SUFFIX)
        .or_else(|| field.strip_suffix(CELLS_SUFFIX))
        .unwrap_or(field);
    let d = Diagnostic::new(severity, code, message).at_field(field);
    match owner {
        "" => d,
        "message" => Diagnostic {
            field: Some(if matches!(field, "subject" | "preheader") {
                field.to_owned()
            } else {
                format!("meta.{field}")
            }),
            ..d
        },
        "email" | "sms" | "chat" | "print" => Diagnostic {
            field: Some(format!("channels.{owner}.{field}")),
            ..d
        },
        block => d.at_block(block),
    }
}

/// A minijinja error as a diagnostic, with the position inside the template text.
pub(super) fn template_diagnostic(
    name: &str,
    e: &minijinja::Error,
    source: &str,
    severity: Severity,
) -> Diagnostic {
    let code = match e.kind() {
        ErrorKind::SyntaxError => Code::TemplateSyntax,
        ErrorKind::OutOfFuel => Code::TemplateLimit,
        ErrorKind::UndefinedError => Code::UndefinedVariable,
        _ => Code::TemplateError,
    };
    let message = if e.kind() == ErrorKind::OutOfFuel {
        "the template does too much work (endless or huge loop?) and was stopped".to_owned()
    } else {
        let kind = e.kind().to_string();
        match e.detail() {
            // "unknown filter: filter shout is unknown" says it twice: the detail alone will do.
            Some(d) if kind.split(' ').all(|w| d.contains(w)) => d.to_owned(),
            Some(d) => format!("{kind}: {d}"),
            None => kind,
        }
    };
    let mut d = diag_for_name(name, severity, code, message);
    d.pos = position(e, source).map(|(line, col, _)| TemplatePos { line, col });
    d
}

/// Line, column (1-based, in characters) and byte offset of an error in its source.
pub(super) fn position(e: &minijinja::Error, source: &str) -> Option<(usize, usize, usize)> {
    let start = e.range()?.start.min(source.len());
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col, start))
}

/// Moves a position on line 1 back by the characters a wrapper added in front.
pub(super) fn shift(d: &mut Diagnostic, prefix: usize) {
    if let Some(p) = &mut d.pos
        && p.line == 1
        && prefix > 0
    {
        p.col = p.col.saturating_sub(prefix).max(1);
    }
}

/// Points an error in a table's row template at its column, or at the table's source.
pub(super) fn locate_part(d: &mut Diagnostic, e: &minijinja::Error, source: &str, parts: &[usize]) {
    let Some((_, _, offset)) = position(e, source) else {
        return;
    };
    let Some(first) = parts.first() else { return };
    if offset < *first {
        d.field = Some("source".into());
        d.pos = None;
        return;
    }
    let i = parts.iter().rposition(|s| *s <= offset).unwrap_or(0);
    let local = &source[parts[i]..offset];
    d.field = Some(format!("column{}.value", i + 1));
    d.pos = Some(TemplatePos {
        line: local.matches('\n').count() + 1,
        col: local.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    });
}
