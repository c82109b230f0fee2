//! Which channels a diagnostic of a resolved message concerns: an error there keeps the
//! record from being sent on exactly those channels. The answer comes from where the
//! diagnostic points (a block, a field, a channel's own setting) and the plan's channels.

use super::ChannelSet;
use super::Engine;
use super::compile::{PlanBlock, PlanKind};
use crate::diag::Diagnostic;
use crate::model::Channel;

impl Engine {
    /// The channels whose artefact shows what `d` is about. A diagnostic that names no place
    /// (the data, the routing, a marketing message without an unsubscribe link) concerns
    /// every channel.
    pub fn channels_of(&self, d: &Diagnostic) -> ChannelSet {
        if let Some(c) = d.channel {
            return ChannelSet::of(&[c]);
        }
        let field = d.field.as_deref().unwrap_or("");
        if let Some(c) = field.strip_prefix("override.").and_then(Channel::parse) {
            return ChannelSet::of(&[c]);
        }
        if let Some(c) = field
            .strip_prefix("channels.")
            .and_then(|f| f.split('.').next())
            .and_then(Channel::parse)
        {
            return ChannelSet::of(&[c]);
        }
        match (field, &d.block) {
            // The subject is the email's and the letter's subject line; the preheader only
            // the email's.
            ("subject", None) => ChannelSet::of(&[Channel::Email, Channel::Print]),
            ("preheader", None) => ChannelSet::of(&[Channel::Email]),
            (_, Some(id)) => match find(&self.languages[0].plan, id) {
                // A group's condition decides what each channel under it shows.
                Some(b) if matches!(b.kind, PlanKind::Group { .. } | PlanKind::Snippet(_)) => {
                    b.reach
                }
                // The block's own content: the channels that show it without their own wording.
                Some(b) => b
                    .channels
                    .iter()
                    .filter(|c| b.overrides.iter().all(|(o, _)| o != c))
                    .fold(ChannelSet::NONE, ChannelSet::with),
                None => ChannelSet::ALL,
            },
            _ => ChannelSet::ALL,
        }
    }
}

fn find<'a>(plan: &'a [PlanBlock], id: &str) -> Option<&'a PlanBlock> {
    plan.iter().find_map(|b| match &b.kind {
        _ if b.id == id => Some(b),
        PlanKind::Group { blocks, .. } | PlanKind::Snippet(blocks) => find(blocks, id),
        _ => None,
    })
}
