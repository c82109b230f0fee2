//! Channel renderers: each takes the same resolved message and decides how its channel shows every block.

pub mod assets;
pub mod chat;
pub mod email;

pub mod eml;
pub mod gsm;
pub mod hyphens;
pub mod print;
pub mod sms;
pub mod spoken;
mod text;

pub use assets::{Asset, AssetError, Assets};

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Channel;
use crate::routing::Reason;
use crate::template::{ResolvedMessage, View};

/// Escapes text for XML and HTML, in element content and quoted attribute values alike.
/// Control characters other than tab and newline are dropped: XML forbids them.
pub fn escape_markup(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A channel's rendering of one record and what went wrong or deserves a look.
#[derive(Debug, Clone)]
pub struct ChannelOutput<T> {
    /// The rendering, for preview and export; `None` only when nothing could be rendered.
    pub artefact: Option<T>,
    /// Whether an export sends it: false without consent or recipient address (a diagnostic says which).
    pub send: bool,
    /// Problems and notes for this channel and record, including why it is not sent.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved message has an error in something this channel shows (a field, a
    /// block, its own setting): the diagnostic is the message's, the consequence this one's.
    pub message_errors: bool,
}

impl<T> ChannelOutput<T> {
    /// Whether it has an error, its own or the message's on what it shows: then an export
    /// does not send it.
    pub fn has_errors(&self) -> bool {
        self.message_errors || crate::diag::has_errors(&self.diagnostics)
    }

    /// Whether an export sends it, in words: "Sent to …" (`to` names the recipient), "Not
    /// sent: …" with the consent or address reason, or failed because of errors.
    pub fn verdict(&self, to: impl Fn(&T) -> String) -> Verdict {
        if !self.send {
            let why = self
                .diagnostics
                .iter()
                .find_map(|d| Some(Reason::of_code(d.code)?.describe(d.channel?)))
                .unwrap_or_else(|| "not sent".into());
            return Verdict::NotSent(why);
        }
        match &self.artefact {
            Some(a) if !self.has_errors() => Verdict::Sent(to(a)),
            _ => Verdict::Failed,
        }
    }
}

/// What an export does with one channel of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Sent to this recipient (address, number or chat id, as `to` words it).
    Sent(String),
    /// Not meant to be sent: the reason (consent, address…), in words.
    NotSent(String),
    /// Meant to be sent, but errors (or no rendering) stop it.
    Failed,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Sent(to) => write!(f, "Sent to {to}"),
            Verdict::NotSent(why) => write!(f, "Not sent: {why}"),
            Verdict::Failed => write!(f, "Not sent: errors"),
        }
    }
}

/// Why the routing decision leaves `channel` out for this record, as a diagnostic; `None`
/// when the record gets it. Missing or invalid addresses are warnings, choices are notes.
pub(crate) fn why_not_sent(msg: &ResolvedMessage, channel: Channel) -> Option<Diagnostic> {
    let reason = msg.route.reason(channel)?;
    // The diagnostic is marked as being about a channel the customer is not sent; the
    // text says why.
    let mut text = msg.route.explain(channel).unwrap_or_default();
    let note = &msg.route.notes[channel as usize];
    if !note.is_empty() {
        text.push_str(&format!(" ({note})"));
    }
    let d = match reason {
        Reason::NoAddress | Reason::InvalidAddress => Diagnostic::warning(reason.into(), text),
        _ => Diagnostic::info(reason.into(), text),
    };
    Some(d.on(channel))
}

/// A required block that a channel's output left out is an error: legal text must reach everyone.
pub(crate) fn check_required(
    msg: &ResolvedMessage,
    channel: Channel,
    shown: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for b in msg.blocks.iter().filter(|b| b.required) {
        if !shown.contains(&b.id.as_str()) {
            let why = if b.view(channel).is_none() {
                "is not shown on this channel"
            } else {
                "has nothing this channel can show"
            };
            diags.push(
                Diagnostic::new(Severity::Error, Code::RequiredMissing, format!("required block {why}; add it to the channel or give it a {channel} override"))
                    .on(channel)
                    .at_block(&b.id),
            );
        }
    }
}

/// The blocks a channel shows, in order.
pub fn views(msg: &ResolvedMessage, channel: Channel) -> impl Iterator<Item = (&str, View<'_>)> {
    msg.blocks
        .iter()
        .filter_map(move |b| b.view(channel).map(|v| (b.id.as_str(), v)))
}
