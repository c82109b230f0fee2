//! The message for one record after every template has run: what all channel renderers share.

use super::markdown::RichText;
use crate::diag::Diagnostic;
use crate::model::{Align, Channel, ImageWidth};
use serde::Serialize;

/// A set of channels, as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChannelSet(u8);

impl ChannelSet {
    pub const ALL: ChannelSet = ChannelSet(0b1111);
    pub const NONE: ChannelSet = ChannelSet(0);

    pub fn of(channels: &[Channel]) -> ChannelSet {
        ChannelSet(channels.iter().fold(0, |m, c| m | Self::bit(*c)))
    }

    fn bit(c: Channel) -> u8 {
        1 << (c as u8)
    }

    pub fn contains(self, c: Channel) -> bool {
        self.0 & Self::bit(c) != 0
    }

    pub fn intersect(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 & other.0)
    }

    pub fn union(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 | other.0)
    }

    pub fn with(self, c: Channel) -> ChannelSet {
        ChannelSet(self.0 | Self::bit(c))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Resolved {
    Heading(String),
    Text(RichText),
    Button {
        label: String,
        /// `None` when the template produced no usable (https/mailto/tel) link.
        url: Option<String>,
    },
    Image {
        asset: String,
        alt: String,
        url: Option<String>,
        width: ImageWidth,
    },
    Table(Table),
    Divider,
    Signature(RichText),
    Legal(RichText),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
    pub footer: Option<Vec<String>>,
    /// Shown instead of the table when `rows` is empty.
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedBlock {
    pub id: String,
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
    pub email: String,
    pub email_name: String,
    pub phone: String,
    pub chat: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedMessage {
    pub record_id: String,
    pub language: String,
    pub subject: String,
    pub preheader: String,
    pub blocks: Vec<ResolvedBlock>,
    pub recipients: Recipients,
    /// Which channels the record gets, and why not the others (see `crate::routing`).
    #[serde(skip)]
    pub route: crate::routing::Decision,
    pub unsubscribe_url: Option<String>,
    pub unsubscribe_mailto: Option<String>,
    pub quick_replies: Vec<String>,
    /// The letter's recipient address, line by line (resolved for print only).
    pub postal_address: Vec<String>,
    /// The letter's information block: label and value (resolved for print only).
    pub info: Vec<(String, String)>,
    /// Problems found while resolving; channel renderers add theirs to their own output.
    pub diagnostics: Vec<Diagnostic>,
}
