//! The message for one record after every template has run: what all channel renderers share.

use super::markdown::RichText;
use crate::diag::Diagnostic;
use crate::model::{Align, Channel, ChannelSet, ImageWidth};
use serde::Serialize;

/// A block's content for one record, every template run. Groups do not appear: their children
/// stand in their place when the condition holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Resolved {
    /// A title, on one line.
    Heading(String),
    /// Paragraphs of rich text.
    Text(RichText),
    /// A link button.
    Button {
        /// Button text, on one line.
        label: String,
        /// `None` when the template produced no usable (https/mailto/tel) link.
        url: Option<String>,
    },
    /// A picture from an asset file.
    Image {
        /// Path as the project file writes it, relative to the project file.
        asset: String,
        /// Alternative text, on one line; may be empty.
        alt: String,
        /// Public https URL for chat; `None` when unset or not a usable https link.
        url: Option<String>,
        /// How wide it is shown, as the block sets it.
        width: ImageWidth,
    },
    /// A table block with this record's rows.
    Table(Table),
    /// A rule between blocks.
    Divider,
    /// The closing: greeting and sender.
    Signature(RichText),
    /// Legal small print (imprint, notices).
    Legal(RichText),
}

/// A table block resolved for one record; every cell is one line of plain text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Column titles, one per column.
    pub headers: Vec<String>,
    /// Alignment of each column, in column order.
    pub align: Vec<Align>,
    /// One row per list element, one cell per column; empty when the list is empty or missing.
    pub rows: Vec<Vec<String>>,
    /// The closing row's cells (e.g. the total); `None` when the block has no footer.
    pub footer: Option<Vec<String>>,
    /// Shown instead of the table when `rows` is empty.
    pub empty: String,
}

/// One content block resolved for one record, with the channels that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedBlock {
    /// The block's id in the project.
    pub id: String,
    /// Every channel must show it (legal notices); a channel that leaves it out reports an error.
    pub required: bool,
    /// The resolved channels that show `content` or an override of it.
    #[serde(skip)]
    pub channels: ChannelSet,
    /// Empty (of the block's kind) when every resolved channel shows an override instead.
    pub content: Resolved,
    /// Per-channel wording that replaces `content` there.
    pub overrides: Vec<(Channel, RichText)>,
}

/// What a channel shows of a block.
#[derive(Debug, Clone, Copy)]
pub enum View<'a> {
    /// The block's own content.
    Default(&'a Resolved),
    /// The channel's own wording, and the block it stands in for (its role: body, legal…).
    Override(&'a RichText, &'a Resolved),
}

impl ResolvedBlock {
    /// What `channel` shows of this block, if anything.
    pub fn view(&self, channel: Channel) -> Option<View<'_>> {
        if let Some((_, text)) = self.overrides.iter().find(|(c, _)| *c == channel) {
            return Some(View::Override(text, &self.content));
        }
        self.channels
            .contains(channel)
            .then_some(View::Default(&self.content))
    }
}

/// Addresses of the record on each channel; empty when the record has none.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Recipients {
    /// Email address, from `channels.email.to`.
    pub email: String,
    /// Display name for the To header, from `channels.email.to_name`.
    pub email_name: String,
    /// Phone number for SMS: in E.164 when routing checked it, else as the template gave it.
    pub phone: String,
    /// Messenger chat id, from `channels.chat.to`.
    pub chat: String,
}

/// The message for one record after every template has run; every channel renderer reads it.
/// Fields for channels that were not resolved are left empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedMessage {
    /// The record's id (the value of its `data.id_field`).
    pub record_id: String,
    /// BCP 47 tag of the content, from `meta.language`, e.g. "de".
    pub language: String,
    /// Email subject and the letter's subject line, on one line.
    pub subject: String,
    /// Email preview text shown after the subject in the inbox, on one line.
    pub preheader: String,
    /// The blocks any resolved channel shows, in order; groups replaced by their shown children.
    pub blocks: Vec<ResolvedBlock>,
    /// Where the record is reached on each channel.
    pub recipients: Recipients,
    /// Which channels the record gets, and why not the others (see `crate::routing`).
    #[serde(skip)]
    pub route: crate::routing::Decision,
    /// One-click unsubscribe link; `None` when unset or not https.
    pub unsubscribe_url: Option<String>,
    /// Unsubscribe mailbox as a `mailto:` link; `None` when unset or not mailto.
    pub unsubscribe_mailto: Option<String>,
    /// Chat quick-reply button labels, one line each (resolved for chat only).
    pub quick_replies: Vec<String>,
    /// The letter's recipient address, line by line (resolved for print only).
    pub postal_address: Vec<String>,
    /// The letter's information block: label and value (resolved for print only).
    pub info: Vec<(String, String)>,
    /// Problems found while resolving; channel renderers add theirs to their own output.
    pub diagnostics: Vec<Diagnostic>,
}
