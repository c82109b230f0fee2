//! One diagnostic type for every channel and stage.

use crate::model::Channel;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a diagnostic is, least serious first (`as usize` indexes counts by severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A note: worth knowing, nothing to fix.
    Info,
    /// Deserves a look, but the artefact is still exported.
    Warning,
    /// A fault: the artefact it concerns (for the message, every channel's) is not exported.
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

listed_enum! {
/// Why a channel is not used for a record: routing decides it, diagnostics and reports
/// carry it as [`Code::NotSent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The record opted out of the channel.
    OptedOut,
    /// The record's id, or its address on the channel, is on the suppression list.
    Suppressed,
    /// A marketing message without a legal basis on the channel (consent, or for email
    /// UWG §7(3)).
    NoConsent,
    /// The record has no address for the channel.
    NoAddress,
    /// The record's address for the channel cannot be used (the decision's notes say why).
    InvalidAddress,
    /// The record already got as many marketing messages as the frequency cap allows.
    FrequencyCap,
    /// Eligible, but `Single` chose another channel.
    NotPreferred,
    /// Eligible, but not in the policy's order (so `Single` never uses it).
    NotInOrder,
}
}

impl Reason {
    /// The stable kebab-case code the manifest, the routing log and diagnostics use.
    pub fn code(self) -> &'static str {
        match self {
            Reason::OptedOut => "opted-out",
            Reason::Suppressed => "suppressed",
            Reason::NoConsent => "no-consent",
            Reason::NoAddress => "no-address",
            Reason::InvalidAddress => "invalid-address",
            Reason::FrequencyCap => "frequency-cap",
            Reason::NotPreferred => "not-preferred",
            Reason::NotInOrder => "not-in-order",
        }
    }

    /// A few words for headers and reports: "no consent for SMS".
    pub fn describe(self, c: Channel) -> String {
        let name = c.noun();
        match self {
            Reason::OptedOut => format!("opted out of {name}"),
            Reason::Suppressed => "on the suppression list".into(),
            Reason::NoConsent => format!("no consent for {name}"),
            Reason::NoAddress => format!("no {}", address_name(c)),
            // A postal address is not wrong but short of a part.
            Reason::InvalidAddress if c == Channel::Print => "incomplete postal address".into(),
            Reason::InvalidAddress => format!("invalid {}", address_name(c)),
            Reason::FrequencyCap => "frequency cap reached".into(),
            Reason::NotPreferred => "another channel was chosen".into(),
            Reason::NotInOrder => format!("{name} is not in the routing order"),
        }
    }

    /// The reason whose [`Reason::code`] this is, if any.
    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The reason a diagnostic of this code reports, if it is one.
    pub fn of_code(code: Code) -> Option<Reason> {
        match code {
            Code::NotSent(r) => Some(r),
            _ => None,
        }
    }
}

impl From<Reason> for Code {
    fn from(r: Reason) -> Code {
        Code::NotSent(r)
    }
}

fn address_name(c: Channel) -> &'static str {
    match c {
        Channel::Email => "email address",
        Channel::Sms => "mobile number",
        Channel::Chat => "chat id",
        Channel::Print => "postal address",
    }
}

/// What kind of problem a diagnostic reports: stable, machine-readable, written into reports
/// and manifests as its kebab-case name (`undefined-variable`), and matched on by the app and
/// the window instead of comparing strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // Templates.
    /// A template does not parse.
    TemplateSyntax,
    /// A template fails while it runs.
    TemplateError,
    /// A template or a field's result is over its limit (work or size).
    TemplateLimit,
    /// A template uses a variable the record does not have.
    UndefinedVariable,
    /// A library brand or snippet the project names cannot be used (missing, a syntax
    /// error, a snippet that uses itself).
    Library,
    /// A link's scheme is not allowed.
    UnsafeLink,
    /// A table's source is not a list.
    TableSource,
    /// A marketing message whose template does not check consent.
    NoConsentCheck,
    /// A marketing email without an unsubscribe link.
    NoUnsubscribe,
    /// A block required on every channel is missing from one.
    RequiredMissing,
    // Languages.
    /// A text without a translation in one of the message's languages: its customers get
    /// the default language's text there.
    TranslationMissing,
    /// A translation of an earlier source text: used, but it needs review.
    TranslationStale,
    /// A record whose language the message is not written in: it gets another.
    LanguageFallback,
    /// A record whose language is not a language tag: it gets the default.
    LanguageTag,
    // Data.
    /// A record that cannot be read (not JSON, not an object, no id, too long).
    BadRecord,
    /// A record id used before.
    DuplicateId,
    // Images.
    /// An image that cannot be used (unreadable, outside the project, too large).
    Asset,
    /// An image without alt text.
    AltText,
    // Email.
    /// The email has no subject.
    EmailSubject,
    /// A sender or reply address that is not valid.
    EmailAddress,
    /// The email cannot be built.
    EmailBuild,
    /// An SVG image, which most mail clients do not show.
    EmailSvg,
    /// Brand colours with too little contrast.
    BrandColour,
    // SMS.
    /// The SMS has no text.
    SmsEmpty,
    /// The SMS needs UCS-2 for a character.
    SmsUcs2,
    /// The SMS is over its segment budget.
    SmsBudget,
    // Chat.
    /// The chat message has no text.
    ChatEmpty,
    /// The chat message is over a platform limit.
    ChatLimit,
    /// A chat image header without a public URL.
    ChatImageUrl,
    // Print.
    /// The postal address is incomplete or does not fit the window.
    PrintAddress,
    /// Text in the fold or punch marks' zone.
    PrintFold,
    /// An image printed below 150 dpi.
    PrintDpi,
    /// A font the letter names is not there.
    PrintFont,
    /// A character no font has.
    PrintGlyph,
    /// A table that does not fit.
    PrintTable,
    /// The address window is covered.
    PrintWindow,
    /// The letter could not be drawn as pixels.
    PrintRaster,
    /// The letter preview could not be made.
    PrintPreview,
    /// A letter over the page limit.
    LetterPages,
    /// The PDF could not be made.
    Pdf,
    // Routing.
    /// A channel the record is not sent on, and why (see `routing`).
    NotSent(Reason),
}

impl Code {
    /// The stable name, as reports and manifests write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::TemplateSyntax => "template-syntax",
            Code::TemplateError => "template-error",
            Code::TemplateLimit => "template-limit",
            Code::UndefinedVariable => "undefined-variable",
            Code::UnsafeLink => "unsafe-link",
            Code::TableSource => "table-source",
            Code::NoConsentCheck => "no-consent-check",
            Code::NoUnsubscribe => "no-unsubscribe",
            Code::RequiredMissing => "required-missing",
            Code::TranslationMissing => "translation-missing",
            Code::TranslationStale => "translation-stale",
            Code::LanguageFallback => "language-fallback",
            Code::LanguageTag => "language-tag",
            Code::BadRecord => "bad-record",
            Code::DuplicateId => "duplicate-id",
            Code::Asset => "asset",
            Code::Library => "library",
            Code::AltText => "alt-text",
            Code::EmailSubject => "email-subject",
            Code::EmailAddress => "email-address",
            Code::EmailBuild => "email-build",
            Code::EmailSvg => "email-svg",
            Code::BrandColour => "brand-colour",
            Code::SmsEmpty => "sms-empty",
            Code::SmsUcs2 => "sms-ucs2",
            Code::SmsBudget => "sms-budget",
            Code::ChatEmpty => "chat-empty",
            Code::ChatLimit => "chat-limit",
            Code::ChatImageUrl => "chat-image-url",
            Code::PrintAddress => "print-address",
            Code::PrintFold => "print-fold",
            Code::PrintDpi => "print-dpi",
            Code::PrintFont => "print-font",
            Code::PrintGlyph => "print-glyph",
            Code::PrintTable => "print-table",
            Code::PrintWindow => "print-window",
            Code::PrintRaster => "print-raster",
            Code::PrintPreview => "print-preview",
            Code::LetterPages => "letter-pages",
            Code::Pdf => "pdf",
            Code::NotSent(r) => r.code(),
        }
    }

    /// A problem in a template's text, which the editor marks in the field.
    pub fn is_template(self) -> bool {
        matches!(
            self,
            Code::TemplateSyntax | Code::TemplateError | Code::TemplateLimit | Code::Library
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where in a template a problem is: 1-based line and column of the template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePos {
    /// 1-based line in the template text.
    pub line: usize,
    /// 1-based column in that line, counted in characters.
    pub col: usize,
}

/// One problem found while resolving or rendering a record: how serious, what kind,
/// where (channel, block, field, position) and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is: an error keeps the artefact it concerns from being exported.
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
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong, in a sentence for the designer, the terminal or the report.
    pub message: String,
    /// It concerns only channels routing did not choose for this customer: what they will
    /// receive is not affected, so lists show it apart and counts count it apart.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off_route: bool,
}

fn channel_name<S: serde::Serializer>(c: &Option<Channel>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => crate::model::serialize_channel_name(c, s),
        None => s.serialize_none(),
    }
}

impl Diagnostic {
    /// A diagnostic about the message as a whole; place it with [`Diagnostic::on`],
    /// [`Diagnostic::at_block`] and [`Diagnostic::at_field`].
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            channel: None,
            block: None,
            field: None,
            pos: None,
            code,
            message: message.into(),
            off_route: false,
        }
    }

    /// An error about the message as a whole (see [`Diagnostic::new`]).
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning about the message as a whole (see [`Diagnostic::new`]).
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// A note about the message as a whole (see [`Diagnostic::new`]).
    pub fn info(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }

    /// The same diagnostic, about `channel`.
    pub fn on(mut self, channel: Channel) -> Diagnostic {
        self.channel = Some(channel);
        self
    }

    /// The same diagnostic, pointed at the block whose id is `block`.
    pub fn at_block(mut self, block: &str) -> Diagnostic {
        self.block = Some(block.to_owned());
        self
    }

    /// The same diagnostic, pointed at a field (`text`, `url`, `subject`…).
    pub fn at_field(mut self, field: &str) -> Diagnostic {
        self.field = Some(field.to_owned());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Line {
            severity: self.severity,
            channel: self.channel.map(Channel::noun),
            block: self.block.as_deref(),
            field: self.field.as_deref(),
            pos: self.pos,
            code: self.code.as_str(),
            message: &self.message,
            off_route: self.off_route,
        }
        .fmt(f)
    }
}

/// A diagnostic as an export's manifest keeps it, read back (resuming or merging an
/// export): the same fields, owned, and written the same way.
#[derive(Debug, Clone, Deserialize)]
pub struct Listed {
    /// How serious it is.
    pub severity: Severity,
    /// The channel's name (`email`, `sms`, `chat`, `print`); `None` for the whole message.
    pub channel: Option<String>,
    /// The block's id, when one block is at fault.
    pub block: Option<String>,
    /// The field of the block or of the message, as in [`Diagnostic::field`].
    pub field: Option<String>,
    /// Position inside that field's template.
    pub pos: Option<TemplatePos>,
    /// What kind of problem it is, by its stable name (`undefined-variable`).
    pub code: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// As in [`Diagnostic::off_route`]; absent in manifests made before it existed.
    #[serde(default)]
    pub off_route: bool,
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Line {
            severity: self.severity,
            channel: self.channel.as_deref().map(|c| match Channel::parse(c) {
                Some(channel) => channel.noun(),
                None => c,
            }),
            block: self.block.as_deref(),
            field: self.field.as_deref(),
            pos: self.pos,
            code: &self.code,
            message: &self.message,
            off_route: self.off_route,
        }
        .fmt(f)
    }
}

/// How a line marks a diagnostic that concerns only channels the customer is not sent.
pub const OFF_ROUTE: &str = "not sent to this customer";

/// One diagnostic as a line of text, whichever form it is held in.
struct Line<'a> {
    severity: Severity,
    channel: Option<&'a str>,
    block: Option<&'a str>,
    field: Option<&'a str>,
    pos: Option<TemplatePos>,
    code: &'a str,
    message: &'a str,
    off_route: bool,
}

impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.severity)?;
        match (self.channel, self.off_route) {
            (Some(c), false) => write!(f, "[{c}]")?,
            (Some(c), true) => write!(f, "[{c}, {OFF_ROUTE}]")?,
            (None, true) => write!(f, "[{OFF_ROUTE}]")?,
            (None, false) => {}
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

/// `1 error`, `2 errors`, `0 notes`: a count with its noun in the number it needs.
pub fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// `1 error, 6 warnings, 16 notes` (joined by `sep`).
pub fn severity_counts(errors: usize, warnings: usize, notes: usize, sep: &str) -> String {
    [
        counted(errors, "error"),
        counted(warnings, "warning"),
        counted(notes, "note"),
    ]
    .join(sep)
}

/// Has any of them a template that does not compile or run (the previews then keep what they
/// showed)?
pub fn has_template_errors(diags: &[Diagnostic]) -> bool {
    diags
        .iter()
        .any(|d| d.severity == Severity::Error && d.code.is_template())
}

/// Has any of them the error severity?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::{Code, Reason};

    #[test]
    fn a_routing_reason_is_one_code_with_one_name_everywhere() {
        for r in Reason::ALL {
            let name = r.code();
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{name}\""));
            assert_eq!(Code::from(r).as_str(), name);
            assert_eq!(Reason::of_code(Code::from(r)), Some(r));
            assert_eq!(Reason::parse(name), Some(r));
        }
        assert_eq!(Reason::of_code(Code::SmsUcs2), None);
    }
}
