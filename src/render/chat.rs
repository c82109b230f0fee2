//! Chat: messenger bubbles (header, body with *bold*/_italic_, footer, buttons) and a JSON payload.
//!
//! Layout of a message: the first image is the header (else the first heading, as text);
//! text, further headings (bold), tables (one line a row, at most five, then a count) and
//! signatures form the body;
//! legal text is the footer; link buttons and the project's quick replies are the buttons.
//! The generic profile starts a new bubble at every divider.

use super::text::paragraph_plain;
use super::{Assets, ChannelOutput, check_required, views, why_not_sent};
use crate::diag::{Code, Diagnostic};
use crate::model::{Channel, ChatProfile, Project};
use crate::template::markdown::{Paragraph, Span};
use crate::template::{Resolved, ResolvedMessage, View};
use serde::Serialize;

/// What a bubble shows above its body; serialised with a `type` tag (`image` or `text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Header {
    /// The bubble's first image.
    Image {
        /// Asset name the image block refers to, for the preview.
        asset: String,
        /// Public https URL of the image; without one the payload has no header.
        url: Option<String>,
        /// Alternative text, sent as the caption.
        alt: String,
    },
    /// A heading that opens the bubble, when the message has no image.
    Text {
        /// The heading's text.
        text: String,
    },
}

/// A button under a bubble: a link button or a quick reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatButton {
    /// Text on the button (WhatsApp templates allow 25 characters).
    pub label: String,
    /// `None` for a quick reply.
    pub url: Option<String>,
}

/// One chat message: header, body, footer and buttons. The generic profile starts a new
/// bubble at every divider.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bubble {
    /// Image or heading above the body, if any.
    pub header: Option<Header>,
    /// Body paragraphs with styles, for the preview.
    pub body: Vec<Paragraph>,
    /// The legal text, joined into one line; only the last bubble has it.
    pub footer: Option<String>,
    /// Link buttons; the last bubble also carries the quick replies.
    pub buttons: Vec<ChatButton>,
}

impl Bubble {
    /// Everything the bubble says, as text: the body in messenger markup, the footer, and
    /// each button as `[label]` on a line of its own.
    pub fn text(&self) -> String {
        let mut t = self.body_markup();
        if let Some(f) = &self.footer {
            t.push_str(&format!("\n{f}"));
        }
        for button in &self.buttons {
            t.push_str(&format!("\n[{}]", button.label));
        }
        t
    }

    /// The body in messenger markup: *bold*, _italic_, links written out.
    pub fn body_markup(&self) -> String {
        self.body
            .iter()
            .map(markup)
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// One record's chat message: the bubbles for the preview and the payload for export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chat {
    /// The recipient's chat id; empty when the record has none.
    pub to: String,
    /// Which platform's limits apply.
    pub profile: ChatProfile,
    /// The brand's business name the message comes from.
    pub business: String,
    /// The messages in order; bubbles with nothing in them are dropped.
    pub bubbles: Vec<Bubble>,
    /// The same messages as a messenger API would take them.
    pub payload: Payload,
}

/// Table rows a chat message lists before it counts the rest.
const CHAT_TABLE_ROWS: usize = 5;

/// A platform's limits, in characters.
pub struct Limits {
    /// Characters of a text header.
    pub header: usize,
    /// Characters of one bubble's body, in messenger markup.
    pub body: usize,
    /// Characters of the footer.
    pub footer: usize,
    /// Buttons per message (a count, not characters).
    pub buttons: usize,
    /// Characters of one button's label.
    pub button_label: usize,
}

/// The limits of `profile`; `None` for the generic profile, which has none.
pub fn limits(profile: ChatProfile) -> Option<Limits> {
    match profile {
        ChatProfile::WhatsAppTemplate => Some(Limits {
            header: 60,
            body: 1024,
            footer: 60,
            buttons: 10,
            button_label: 25,
        }),
        ChatProfile::Generic => None,
    }
}

/// Renders one record's chat message, with diagnostics for the platform's limits, an image
/// header without URL, an empty body, missing required blocks and why it is not sent.
pub fn render(project: &Project, assets: &Assets, msg: &ResolvedMessage) -> ChannelOutput<Chat> {
    let profile = project.channels.chat.profile;
    let mut bubbles = vec![Bubble::default()];
    let mut shown: Vec<&str> = Vec::new();
    let mut footer: Vec<String> = Vec::new();
    let mut diagnostics = Vec::new();
    let has_image = msg.blocks.iter().any(|b| {
        matches!(
            b.view(Channel::Chat),
            Some(View::Default(Resolved::Image { .. }))
        )
    });
    for (id, view) in views(msg, Channel::Chat) {
        let bubble = bubbles.last_mut().expect("never empty");
        match view {
            View::Override(t, Resolved::Legal(_)) | View::Default(Resolved::Legal(t)) => {
                footer.push(t.plain().replace("\n\n", " "));
                shown.push(id);
            }
            View::Override(t, _) | View::Default(Resolved::Text(t) | Resolved::Signature(t)) => {
                bubble.body.extend(t.paragraphs.iter().cloned());
                shown.push(id);
            }
            View::Default(Resolved::Heading(h)) => {
                if bubble.header.is_none() && !has_image && bubble.body.is_empty() {
                    bubble.header = Some(Header::Text { text: h.clone() });
                } else {
                    bubble.body.push(vec![Span {
                        text: h.clone(),
                        bold: true,
                        italic: false,
                        link: None,
                    }]);
                }
                shown.push(id);
            }
            View::Default(Resolved::Image {
                asset, alt, url, ..
            }) => {
                // Refused as every channel refuses it: the chat app fetches the image the
                // URL names, which is this asset published.
                if let Err(why) = assets.usable(asset) {
                    diagnostics.push(
                        Diagnostic::error(Code::Asset, why.to_string())
                            .on(Channel::Chat)
                            .at_block(id),
                    );
                    continue;
                }
                if bubble.header.is_none() {
                    if url.is_none() {
                        diagnostics.push(
                            Diagnostic::warning(Code::ChatImageUrl, "a chat image header needs a public https URL (the image block's `url`); the payload has no header")
                                .on(Channel::Chat)
                                .at_block(id),
                        );
                    }
                    bubble.header = Some(Header::Image {
                        asset: asset.clone(),
                        url: url.clone(),
                        alt: alt.clone(),
                    });
                    shown.push(id);
                }
            }
            View::Default(Resolved::Table(t)) => {
                if t.rows.is_empty() {
                    if !t.empty.is_empty() {
                        bubble.body.push(plain_paragraph(t.empty.clone()));
                    }
                } else {
                    // A chat message summarises: the first rows, a count of the rest, the footer.
                    let cells = |r: &Vec<String>| {
                        r.iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" · ")
                    };
                    let mut lines: Vec<String> =
                        t.rows.iter().take(CHAT_TABLE_ROWS).map(cells).collect();
                    let more = t.rows.len().saturating_sub(CHAT_TABLE_ROWS);
                    if more > 0 {
                        lines.push((crate::words::of(&msg.language).more_rows)(more));
                    }
                    lines.extend(t.footer.iter().map(cells));
                    bubble.body.push(plain_paragraph(lines.join("\n")));
                }
                shown.push(id);
            }
            View::Default(Resolved::Button { label, url }) => {
                if let Some(url) = url {
                    bubble.buttons.push(ChatButton {
                        label: label.clone(),
                        url: Some(url.clone()),
                    });
                    shown.push(id);
                }
            }
            View::Default(Resolved::Divider) => {
                if profile == ChatProfile::Generic && !bubble.body.is_empty() {
                    bubbles.push(Bubble::default());
                }
            }
        }
    }
    let last = bubbles.last_mut().expect("never empty");
    if !footer.is_empty() {
        last.footer = Some(footer.join(" "));
    }
    last.buttons.extend(
        msg.quick_replies
            .iter()
            .filter(|q| !q.is_empty())
            .map(|q| ChatButton {
                label: q.clone(),
                url: None,
            }),
    );
    bubbles.retain(|b| {
        b.header.is_some() || !b.body.is_empty() || b.footer.is_some() || !b.buttons.is_empty()
    });

    let markups: Vec<String> = bubbles.iter().map(Bubble::body_markup).collect();
    if let Some(l) = limits(profile) {
        check_limits(&bubbles, &markups, &l, &mut diagnostics);
    }
    if bubbles.iter().all(|b| b.body.is_empty()) {
        diagnostics.push(
            Diagnostic::error(Code::ChatEmpty, "no block gives the chat message a body")
                .on(Channel::Chat),
        );
    }
    check_required(msg, Channel::Chat, &shown, &mut diagnostics);
    let not_sent = why_not_sent(msg, Channel::Chat);
    let send = not_sent.is_none();
    diagnostics.extend(not_sent);
    let payload = payload(project, msg, &bubbles, markups);
    ChannelOutput {
        artefact: Some(Chat {
            to: msg.recipients.chat.clone(),
            profile,
            business: project.brand.sender.chat_business_name.clone(),
            bubbles,
            payload,
        }),
        send,
        diagnostics,
        message_errors: false,
    }
}

fn plain_paragraph(text: String) -> Paragraph {
    vec![Span {
        text,
        bold: false,
        italic: false,
        link: None,
    }]
}

fn check_limits(bubbles: &[Bubble], markups: &[String], l: &Limits, diags: &mut Vec<Diagnostic>) {
    let mut over = |what: &str, n: usize, max: usize| {
        if n > max {
            diags.push(
                Diagnostic::error(
                    Code::ChatLimit,
                    format!("{what}: {n}, but WhatsApp templates allow {max}"),
                )
                .on(Channel::Chat),
            );
        }
    };
    for (b, markup) in bubbles.iter().zip(markups) {
        if let Some(Header::Text { text }) = &b.header {
            over("header characters", text.chars().count(), l.header);
        }
        over("body characters", markup.chars().count(), l.body);
        if let Some(f) = &b.footer {
            over("footer characters", f.chars().count(), l.footer);
        }
        for button in &b.buttons {
            over(
                &format!("characters of button \"{}\"", button.label),
                button.label.chars().count(),
                l.button_label,
            );
        }
        over("the message's buttons", b.buttons.len(), l.buttons);
    }
}

/// Messenger markup for one paragraph. Markers go around the trimmed text of a run,
/// since WhatsApp ignores `* bold*`.
fn markup(p: &Paragraph) -> String {
    let mut out = String::new();
    let linked = paragraph_plain(p);
    if p.iter().any(|s| s.link.is_some()) {
        // Links are written out; styles inside link text are dropped.
        return linked;
    }
    for s in p {
        let core = s.text.trim();
        if core.is_empty() || (!s.bold && !s.italic) {
            out.push_str(&s.text);
            continue;
        }
        let lead = &s.text[..s.text.len() - s.text.trim_start().len()];
        let trail = &s.text[s.text.trim_end().len()..];
        let (mut open, mut close) = (String::new(), String::new());
        if s.bold {
            open.push('*');
            close.insert(0, '*');
        }
        if s.italic {
            open.push('_');
            close.insert(0, '_');
        }
        out.push_str(lead);
        out.push_str(&open);
        out.push_str(core);
        out.push_str(&close);
        out.push_str(trail);
    }
    out
}

/// The message as a messenger API would take it (one entry per bubble).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payload {
    /// The recipient's chat id.
    pub to: String,
    /// The brand's business name it is sent as.
    pub from: String,
    /// The profile's name: `whatsapp-template` or `generic`.
    pub profile: &'static str,
    /// The message's language tag, such as `de`.
    pub language: String,
    /// One entry per bubble, in order.
    pub messages: Vec<PayloadMessage>,
}

/// One bubble as the payload sends it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayloadMessage {
    /// Shown above the body; left out when there is none or an image header has no URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<PayloadHeader>,
    /// The body in messenger markup: `*bold*`, `_italic_`, links written out.
    pub body: String,
    /// The legal text; only the last message has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// Link buttons and, on the last message, quick replies; left out when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<PayloadButton>,
}

/// A message header in the payload, tagged by `type` (`image` or `text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PayloadHeader {
    /// An image the platform fetches from its URL.
    Image {
        /// Public https URL of the image.
        link: String,
        /// The image's alternative text.
        caption: String,
    },
    /// A text header.
    Text {
        /// The heading's text.
        text: String,
    },
}

/// A button in the payload, tagged by `type` (`url` or `quick_reply`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PayloadButton {
    /// A button that opens a link.
    Url {
        /// The button's label.
        text: String,
        /// The link it opens.
        url: String,
    },
    /// A button that sends its label back as the reader's reply.
    QuickReply {
        /// The button's label, which is also the reply.
        text: String,
    },
}

fn payload(
    project: &Project,
    msg: &ResolvedMessage,
    bubbles: &[Bubble],
    markups: Vec<String>,
) -> Payload {
    let messages = bubbles
        .iter()
        .zip(markups)
        .map(|(b, body)| PayloadMessage {
            header: match &b.header {
                Some(Header::Image {
                    url: Some(url),
                    alt,
                    ..
                }) => Some(PayloadHeader::Image {
                    link: url.clone(),
                    caption: alt.clone(),
                }),
                Some(Header::Text { text }) => Some(PayloadHeader::Text { text: text.clone() }),
                _ => None,
            },
            body,
            footer: b.footer.clone(),
            buttons: b
                .buttons
                .iter()
                .map(|x| match &x.url {
                    Some(url) => PayloadButton::Url {
                        text: x.label.clone(),
                        url: url.clone(),
                    },
                    None => PayloadButton::QuickReply {
                        text: x.label.clone(),
                    },
                })
                .collect(),
        })
        .collect();
    Payload {
        to: msg.recipients.chat.clone(),
        from: project.brand.sender.chat_business_name.clone(),
        profile: match project.channels.chat.profile {
            ChatProfile::WhatsAppTemplate => "whatsapp-template",
            ChatProfile::Generic => "generic",
        },
        language: msg.language.clone(),
        messages,
    }
}
