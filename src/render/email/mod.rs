//! Email: HTML for real mail clients (tables, inline CSS, 600 px, responsive, dark mode)
//! and a plain-text part with the same content in the same order.

pub mod colours;
mod html;
pub mod layout;
mod text_part;

use super::text::wrap;
use super::{Assets, ChannelOutput, check_required, why_not_sent};
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, Project};
use crate::template::ResolvedMessage;
use html::HtmlWriter;
use hyphenation::Standard;
use text_part::{TEXT_WIDTH, plain_block};

/// How images are referenced from the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageMode {
    /// `cid:` references to inline MIME parts (the `.eml`).
    Cid,
    /// `data:` URIs, for a standalone HTML file or a preview.
    DataUri,
}

/// An image the HTML refers to by Content-ID.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    /// Content-ID without `cid:`, such as `img1@prism`.
    pub cid: String,
    /// Asset name of the image the MIME part carries.
    pub asset: String,
}

/// One record's email: addresses, subject, the HTML and text parts and the images they use.
#[derive(Debug, Clone, PartialEq)]
pub struct Email {
    /// The recipient's address; empty when the record has none.
    pub to: String,
    /// The recipient's display name; may be empty.
    pub to_name: String,
    /// The subject line; an empty one is an error.
    pub subject: String,
    /// Inbox preview text, hidden at the top of the HTML; may be empty.
    pub preheader: String,
    /// The HTML part, a whole document.
    pub html: String,
    /// The plain-text part: the same content in the same order, prose wrapped at 76 characters.
    pub text: String,
    /// Images the HTML refers to by Content-ID, each once; empty with [`ImageMode::DataUri`].
    pub images: Vec<InlineImage>,
    /// The https unsubscribe link; marketing mail names it in `List-Unsubscribe`.
    pub unsubscribe_url: Option<String>,
    /// The `mailto:` unsubscribe address; marketing mail names it in `List-Unsubscribe`.
    pub unsubscribe_mailto: Option<String>,
    /// What the HTML and the text part were written from; the designer's preview paints it.
    pub layout: layout::EmailLayout,
}

impl Email {
    /// The text part without its line breaks inside paragraphs, for showing it narrower
    /// (the review grid, the proof pack): paragraphs kept, lines of one joined.
    pub fn prose(&self) -> String {
        self.text
            .split("\n\n")
            .map(|para| {
                para.lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// `hyphens`: the project language's patterns, so that table cells can break long words
/// at their hyphenation points on narrow screens.
pub fn render(
    project: &Project,
    assets: &Assets,
    hyphens: Option<&Standard>,
    msg: &ResolvedMessage,
    mode: ImageMode,
) -> ChannelOutput<Email> {
    let mut diagnostics = Vec::new();
    let layout = layout::layout(project, msg, &mut diagnostics);
    let mut r = HtmlWriter::new(project, assets, mode, &layout.colours, hyphens);
    let mut text: Vec<String> = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    if let Some(logo) = &layout.logo {
        r.logo(logo);
    }
    for b in &layout.blocks {
        let before = (r.body.len(), text.len());
        r.block(&b.id, &b.kind);
        text.extend(plain_block(&b.kind));
        text.retain(|t| !t.is_empty());
        if r.body.len() > before.0 || text.len() > before.1 {
            shown.push(&b.id);
        }
    }
    let footer = r.footer(&layout.footer);
    text.push(String::from("--"));
    text.extend(footer.iter().map(|p| wrap(p, TEXT_WIDTH)));
    diagnostics.append(&mut r.diagnostics);
    check_required(msg, Channel::Email, &shown, &mut diagnostics);
    if msg.subject.is_empty() {
        diagnostics.push(
            Diagnostic::error(Code::EmailSubject, "the subject is empty")
                .on(Channel::Email)
                .at_field("subject"),
        );
    }
    let not_sent = why_not_sent(msg, Channel::Email);
    let send = not_sent.is_none();
    diagnostics.extend(not_sent);
    let html = r.finish(msg, layout.width_px);
    let text = text.join("\n\n") + "\n";
    ChannelOutput {
        artefact: Some(Email {
            to: msg.recipients.email.clone(),
            to_name: msg.recipients.email_name.clone(),
            subject: msg.subject.clone(),
            preheader: msg.preheader.clone(),
            html,
            text,
            images: r.images,
            unsubscribe_url: msg.unsubscribe_url.clone(),
            unsubscribe_mailto: msg.unsubscribe_mailto.clone(),
            layout,
        }),
        send,
        diagnostics,
        message_errors: false,
    }
}
