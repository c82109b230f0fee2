//! One diagnostic type for every channel and stage.

use crate::model::Channel;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where in a template a problem is: 1-based line and column of the template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `None` when it concerns the message as a whole (resolving, data).
    #[serde(serialize_with = "channel_name")]
    pub channel: Option<Channel>,
    /// The block's id, when one block is at fault.
    pub block: Option<String>,
    /// The field of the block (`text`, `url`, `override.sms`…) or of the message (`subject`).
    pub field: Option<String>,
    /// Position inside that field's template.
    pub pos: Option<TemplatePos>,
    /// A stable, machine-readable kind, e.g. `undefined-variable`.
    pub code: &'static str,
    pub message: String,
}

fn channel_name<S: serde::Serializer>(c: &Option<Channel>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => crate::model::serialize_channel_name(c, s),
        None => s.serialize_none(),
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            channel: None,
            block: None,
            field: None,
            pos: None,
            code,
            message: message.into(),
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    pub fn info(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }

    pub fn on(mut self, channel: Channel) -> Diagnostic {
        self.channel = Some(channel);
        self
    }

    pub fn at_block(mut self, block: &str) -> Diagnostic {
        self.block = Some(block.to_owned());
        self
    }

    pub fn at_field(mut self, field: &str) -> Diagnostic {
        self.field = Some(field.to_owned());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Line {
            severity: self.severity,
            channel: self.channel.map(Channel::name),
            block: self.block.as_deref(),
            field: self.field.as_deref(),
            pos: self.pos,
            code: self.code,
            message: &self.message,
        }
        .fmt(f)
    }
}

/// A diagnostic as an export's manifest keeps it, read back (resuming or merging an
/// export): the same fields, owned, and written the same way.
#[derive(Debug, Clone, Deserialize)]
pub struct Listed {
    pub severity: Severity,
    pub channel: Option<String>,
    pub block: Option<String>,
    pub field: Option<String>,
    pub pos: Option<TemplatePos>,
    pub code: String,
    pub message: String,
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Line {
            severity: self.severity,
            channel: self.channel.as_deref(),
            block: self.block.as_deref(),
            field: self.field.as_deref(),
            pos: self.pos,
            code: &self.code,
            message: &self.message,
        }
        .fmt(f)
    }
}

/// One diagnostic as a line of text, whichever form it is held in.
struct Line<'a> {
    severity: Severity,
    channel: Option<&'a str>,
    block: Option<&'a str>,
    field: Option<&'a str>,
    pos: Option<TemplatePos>,
    code: &'a str,
    message: &'a str,
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.severity)?;
        if let Some(c) = self.channel {
            write!(f, "[{c}]")?;
        }
        match (self.block, self.field) {
            (Some(b), Some(field)) => write!(f, " block `{b}` {field}")?,
            (Some(b), None) => write!(f, " block `{b}`")?,
            (None, Some(field)) => write!(f, " {field}")?,
            (None, None) => {}
        }
        if let Some(p) = self.pos {
            write!(f, " {}:{}", p.line, p.col)?;
        }
        write!(f, ": {} ({})", self.message, self.code)
    }
}

/// Text for a terminal or a report line: control characters (a CR/LF in a record id, an
/// escape sequence) are written as escapes instead of acting on the output.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Has any of them the error severity?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
