//! The delivery channels, and sets of them: what every renderer, diagnostic, routing
//! decision and export speaks in.

use serde::{Deserialize, Serialize};

listed_enum! {
/// A delivery channel. Every renderer, diagnostic and export speaks in these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    /// HTML email with a plain-text part, exported as `.eml`.
    Email,
    /// A text message, GSM-7 or UCS-2, counted in segments.
    Sms,
    /// A messenger message: bubbles and a JSON payload.
    Chat,
    /// A DIN 5008 letter, exported as PDF; the interface calls it "Letter".
    Print,
}
}

impl Channel {
    /// The channel's title in headings: Email, SMS, Chat, Letter.
    pub fn title(self) -> &'static str {
        match self {
            Channel::Email => "Email",
            Channel::Sms => "SMS",
            Channel::Chat => "Chat",
            Channel::Print => "Letter",
        }
    }

    /// The channel in a sentence and in a diagnostic's tag: email, SMS, chat, letter.
    pub fn noun(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "SMS",
            Channel::Chat => "chat",
            Channel::Print => "letter",
        }
    }

    /// The lowercase name that JSON outputs, diagnostics and the command line use: `email`,
    /// `sms`, `chat`, `print`.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Chat => "chat",
            Channel::Print => "print",
        }
    }

    /// The channel a [`Channel::name`] stands for, in any case; `None` for anything else.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }
}

/// Channels in JSON outputs (manifest, diagnostics) are lowercase names: `"email"`.
pub fn serialize_channel_name<S: serde::Serializer>(c: &Channel, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.name())
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of channels, as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ChannelSet(u8);

impl ChannelSet {
    /// Every channel.
    pub const ALL: ChannelSet = ChannelSet(0b1111);
    /// No channel.
    pub const NONE: ChannelSet = ChannelSet(0);

    /// The set of the given channels.
    pub fn of(channels: &[Channel]) -> ChannelSet {
        ChannelSet(channels.iter().fold(0, |m, c| m | Self::bit(*c)))
    }

    fn bit(c: Channel) -> u8 {
        1 << (c as u8)
    }

    /// Whether `c` is in the set.
    pub fn contains(self, c: Channel) -> bool {
        self.0 & Self::bit(c) != 0
    }

    /// The channels in both sets.
    pub fn intersect(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 & other.0)
    }

    /// The channels in either set.
    pub fn union(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 | other.0)
    }

    /// This set with `c` added.
    pub fn with(self, c: Channel) -> ChannelSet {
        ChannelSet(self.0 | Self::bit(c))
    }

    /// True when the set holds no channel.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The channels in the set, in the order of [`Channel::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}
