//! SMS: one plain text, its GSM 03.38 encoding and segment count.
//!
//! What an SMS keeps of the content (documented in the user guide, docs/guide/project-file.md):
//! a block's SMS override wins; otherwise headings, text (links written out),
//! buttons ("label: url") and legal text are kept, one line per paragraph;
//! images, tables, dividers and signatures are left out (the sender ID signs an SMS).

use super::gsm::{self, Encoding, SmsAnalysis};
use super::text::{link_plain, rich_plain};
use super::{ChannelOutput, check_required, views, why_not_sent};
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, Project};
use crate::template::{Resolved, ResolvedMessage, View};
use serde::Serialize;

/// One record's SMS: who gets it, from whom, the text and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sms {
    /// The recipient's number (E.164 once routing checked it); empty when the record has none.
    pub to: String,
    /// Sender ID from the brand: an alphanumeric name (≤ 11 characters) or a number.
    pub sender: String,
    /// The message, one line per kept paragraph.
    pub text: String,
    /// Encoding, units and segments of `text`.
    pub analysis: SmsAnalysis,
}

/// Renders one record's SMS, with diagnostics for UCS-2, the segment budget, an empty text,
/// missing required blocks and why it is not sent.
pub fn render(project: &Project, msg: &ResolvedMessage) -> ChannelOutput<Sms> {
    let mut lines: Vec<String> = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for (id, view) in views(msg, Channel::Sms) {
        let before = lines.len();
        match view {
            View::Override(t, _) => lines.extend(rich_plain(t)),
            View::Default(Resolved::Heading(h)) => lines.push(h.clone()),
            View::Default(Resolved::Text(t) | Resolved::Legal(t)) => lines.extend(rich_plain(t)),
            View::Default(Resolved::Button {
                label,
                url: Some(url),
            }) => lines.push(format!("{label}: {}", link_plain("", url))),
            View::Default(_) => {}
        }
        lines.retain(|l| !l.trim().is_empty());
        if lines.len() > before {
            shown.push(id);
        }
    }
    // Amounts keep their number and symbol together with a no-break space, which the GSM
    // alphabet lacks: one would make the whole SMS UCS-2, at less than half the characters
    // a segment.
    let text = lines.join("\n").replace('\u{a0}', " ");
    let analysis = gsm::analyze(&text);
    let mut diagnostics = Vec::new();
    if analysis.encoding == Encoding::Ucs2 {
        let chars: Vec<String> = analysis
            .non_gsm
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        diagnostics.push(
            Diagnostic::warning(
                Code::SmsUcs2,
                format!("{} not in the GSM alphabet: the SMS is sent as UCS-2, 70 instead of 160 characters per segment", chars.join(", ")),
            )
            .on(Channel::Sms),
        );
    }
    let budget = project.channels.sms.segment_budget as usize;
    if analysis.segments > budget {
        diagnostics.push(
            Diagnostic::warning(
                Code::SmsBudget,
                format!(
                    "needs {} segments ({} {}); the budget is {budget}",
                    analysis.segments,
                    analysis.units,
                    units_name(analysis.encoding)
                ),
            )
            .on(Channel::Sms),
        );
    }
    if text.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::SmsEmpty, "no block gives the SMS any text").on(Channel::Sms),
        );
    }
    check_required(msg, Channel::Sms, &shown, &mut diagnostics);
    let not_sent = why_not_sent(msg, Channel::Sms);
    let send = not_sent.is_none();
    diagnostics.extend(not_sent);
    ChannelOutput {
        artefact: Some(Sms {
            to: msg.recipients.phone.clone(),
            sender: project.brand.sender.sms_sender_id.clone(),
            text,
            analysis,
        }),
        send,
        diagnostics,
        message_errors: false,
    }
}

fn units_name(e: Encoding) -> &'static str {
    match e {
        Encoding::Gsm7 => "septets",
        Encoding::Ucs2 => "UCS-2 units",
    }
}
