//! Print (DIN 5008 letters) is the next piece of work; until then it reports so plainly.

use super::ChannelOutput;
use crate::diag::Diagnostic;
use crate::model::Channel;
use crate::template::ResolvedMessage;

pub fn render(_msg: &ResolvedMessage) -> ChannelOutput<()> {
    ChannelOutput {
        artefact: None,
        send: false,
        diagnostics: vec![
            Diagnostic::info("not-built", "the print channel is not built yet").on(Channel::Print),
        ],
    }
}
