//! A record's line in `manifest.jsonl`, and what one record's export is before it is
//! written ([`Finished`]): made by rendering, or read back from a shard when merging.

use crate::diag::Severity;
use crate::model::Channel;
use crate::routing::Decision;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// What became of a record on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The artefact was written into the export.
    Written,
    /// Routing left the channel out (consent, address, preference).
    NotSent,
    /// An error in the message or on the channel.
    Failed,
}

/// Per channel exported: its outcome.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    /// What became of the record's email; absent when email was not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Outcome>,
    /// What became of the record's SMS; absent when SMS was not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<Outcome>,
    /// What became of the record's chat message; absent when chat was not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<Outcome>,
    /// What became of the record's letter; absent when print was not exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print: Option<Outcome>,
}

impl Outcomes {
    /// The outcome on `c`; `None` when the export did not include that channel.
    pub fn get(&self, c: Channel) -> Option<Outcome> {
        match c {
            Channel::Email => self.email,
            Channel::Sms => self.sms,
            Channel::Chat => self.chat,
            Channel::Print => self.print,
        }
    }

    /// Records the outcome on `c`.
    pub fn set(&mut self, c: Channel, o: Outcome) {
        *match c {
            Channel::Email => &mut self.email,
            Channel::Sms => &mut self.sms,
            Channel::Chat => &mut self.chat,
            Channel::Print => &mut self.print,
        } = Some(o);
    }
}

/// An artefact a record's export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputEntry {
    /// The channel the artefact belongs to, written by its name (`email`, `print`…).
    #[serde(
        serialize_with = "crate::model::serialize_channel_name",
        deserialize_with = "channel_from_name"
    )]
    pub channel: Channel,
    /// Path inside the export folder, with `/`.
    pub file: String,
    /// 1-based line, in `sms.jsonl` and `chat.jsonl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based message, in an mbox batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<usize>,
    /// SHA-256 of the artefact's bytes (of a line: without its newline; of an mbox message:
    /// as stored, without its `From ` line).
    pub sha256: String,
}

fn channel_from_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Channel, D::Error> {
    let name = String::deserialize(d)?;
    Channel::parse(&name)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{name}`")))
}

/// A record's line in `manifest.jsonl`.
#[derive(Serialize)]
pub struct RecordEntry<'a> {
    /// The record's place in the data (0-based).
    pub index: usize,
    pub id: &'a str,
    /// Where it is in the data file ("line 4", "record 2").
    pub origin: &'a str,
    /// The routing decision, `null` for a record not exported (malformed, or a repeated id).
    pub route: &'a RawValue,
    pub outcomes: &'a Outcomes,
    pub outputs: &'a [OutputEntry],
    pub diagnostics: &'a RawValue,
}

/// The same line read back.
#[derive(Deserialize)]
pub struct ReadEntry {
    /// The record's place in the data (0-based).
    pub index: usize,
    /// The record's id as the data gives it; empty for a record that could not be read.
    pub id: String,
    /// Where it is in the data file ("line 4", "record 2").
    pub origin: String,
    /// The routing decision as raw JSON, to be written again unchanged; `null` for a record
    /// not exported.
    pub route: Box<RawValue>,
    /// What became of the record on each channel exported.
    pub outcomes: Outcomes,
    /// The artefacts written for the record.
    pub outputs: Vec<OutputEntry>,
    /// The record's diagnostics as raw JSON (a list of [`crate::diag::Listed`]).
    pub diagnostics: Box<RawValue>,
}

/// An artefact's bytes as they are written (an email in an mbox: as stored there), with
/// their SHA-256, hashed on the rendering thread rather than the writing one.
pub struct Bytes {
    pub bytes: Vec<u8>,
    pub sha256: String,
}

impl Bytes {
    pub fn new(bytes: Vec<u8>) -> Bytes {
        let sha256 = crate::digest::sha256_hex(&bytes);
        Bytes { bytes, sha256 }
    }
}

/// One record's artefact on a channel, or why there is none.
pub type Artefact = Option<Result<Bytes, Outcome>>;

/// One record's export, everything but where it goes: made on any thread by rendering, or
/// read back from a shard's folder by `prism merge`. Written by [`super::writers::Writers`].
pub struct Finished {
    pub index: usize,
    /// Empty for a record that could not be read.
    pub id: String,
    pub origin: String,
    pub route: Option<Decision>,
    /// The route and the diagnostics as they go into the manifest.
    pub route_json: Box<RawValue>,
    pub diagnostics_json: Box<RawValue>,
    /// The diagnostics as lines of the report.
    pub diagnostic_lines: Vec<String>,
    /// Its diagnostics counted (see [`Severities`]).
    pub severities: Severities,
    pub email: Artefact,
    /// A payload line (UTF-8 JSON).
    pub sms: Artefact,
    pub chat: Artefact,
    pub print: Artefact,
}

impl Finished {
    /// Whether it was read as a record at all (it has an id).
    pub fn is_record(&self) -> bool {
        !self.id.is_empty()
    }
}

pub fn raw_json<T: Serialize + ?Sized>(value: &T) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).expect("manifest values always serialise")
}

/// Diagnostics counted by severity (`Severity as usize`): `[0]` all of them, `[1]` those
/// only about channels the customer is not sent ([`crate::diag::Diagnostic::off_route`]).
pub type Severities = [[usize; 3]; 2];

/// Counts of diagnostics from their severities and whether each is off the route.
pub fn count_severities(s: impl Iterator<Item = (Severity, bool)>) -> Severities {
    let mut n = [[0; 3]; 2];
    for (s, off_route) in s {
        n[0][s as usize] += 1;
        if off_route {
            n[1][s as usize] += 1;
        }
    }
    n
}
