//! Audience routing: one decision per record, computed once and used by every channel,
//! export, the report and the designer. Which channels the record gets, and for every channel
//! it does not get, why (a reason code), the fallback taken and the legal basis relied on.
//!
//! Per channel, in this order of precedence: `Single` never uses it (not in the policy's
//! order); the record opted out; its id is on the suppression list; a marketing message has no
//! legal basis (explicit consent, or for email the existing-customer exception of UWG §7(3));
//! the channel's address is suppressed, missing or not valid; the frequency cap is reached.
//! The channels left are eligible. The cheap checks come first, so that addresses (phone
//! numbers above all) are parsed only where they decide something. `All` sends on each of them;
//! `Single` on the preferred one when eligible, else on the first eligible one in the
//! policy's order.

mod context;
mod decision;
mod error;
mod expr;
pub mod frequency;
pub mod log;
pub mod reach;
mod router;
pub mod suppress;
mod tally;

pub use crate::diag::Reason;
use crate::model::{Channel, MessageKind};
pub use context::{Context, Inputs};
pub use decision::Decision;
pub use error::InputError;
pub use router::Router;
pub use suppress::Suppression;
pub use tally::Tally;

/// The kind of message as manifests and routing logs write it: `transactional`,
/// `service` or `marketing`.
pub fn kind_name(k: MessageKind) -> &'static str {
    match k {
        MessageKind::Transactional => "transactional",
        MessageKind::Service => "service",
        MessageKind::Marketing => "marketing",
    }
}

/// A channel as records name it: `email`, `sms`, `chat`, `print`, `letter`, `post`, any case.
pub fn parse_channel(s: &str) -> Option<Channel> {
    match s.trim().to_ascii_lowercase().as_str() {
        "letter" | "post" | "mail" => Some(Channel::Print),
        other => Channel::parse(other),
    }
}
