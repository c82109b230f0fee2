//! A record's routing decision: the channels chosen and, for every other one, the reason.

use crate::diag::Reason;
use crate::model::Channel;
use crate::model::ChannelSet;
use serde::{Deserialize, Serialize};

/// What was decided for one record. It is read back from an export's manifest when the
/// export is resumed or merged, and written again exactly as it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The channels it gets.
    #[serde(serialize_with = "serialize_set", deserialize_with = "deserialize_set")]
    pub chosen: ChannelSet,
    /// Per channel (indexed by `Channel as usize`): why it is not used, `None` when chosen.
    pub reasons: [Option<Reason>; 4],
    /// The record's preferred channel, when it names one.
    pub preferred: Option<Channel>,
    /// `Single` could not use the preferred channel: what it fell back to and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    /// Per chosen channel: the legal basis relied on (consent with its date and source,
    /// UWG §7(3), or "not needed" for transactional messages); empty for the others.
    pub evidence: [String; 4],
    /// Per channel: the address, normalised (E.164 phone, lower-case email domain).
    pub addresses: [String; 4],
    /// Per channel: details of an invalid address, for the report.
    #[serde(skip)]
    pub notes: [String; 4],
}

fn deserialize_set<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ChannelSet, D::Error> {
    let names: Vec<String> = serde::Deserialize::deserialize(d)?;
    let mut set = ChannelSet::default();
    for n in names {
        let c = Channel::parse(&n)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{n}`")))?;
        set = set.with(c);
    }
    Ok(set)
}

fn serialize_set<S: serde::Serializer>(set: &ChannelSet, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(None)?;
    for c in set.iter() {
        seq.serialize_element(c.name())?;
    }
    seq.end()
}

impl Decision {
    /// Why `c` is not used for the record; `None` when it is chosen.
    pub fn reason(&self, c: Channel) -> Option<Reason> {
        self.reasons[c as usize]
    }

    /// "email" / "sms+print" / "" for nothing.
    pub fn chosen_names(&self) -> String {
        self.chosen
            .iter()
            .map(Channel::name)
            .collect::<Vec<_>>()
            .join("+")
    }

    /// Why `c` is not used, in words: "no consent for SMS", "goes by email instead".
    pub fn explain(&self, c: Channel) -> Option<String> {
        let r = self.reason(c)?;
        Some(match r {
            Reason::NotPreferred | Reason::NotInOrder if !self.chosen.is_empty() => {
                let by: Vec<&str> = self.chosen.iter().map(Channel::noun).collect();
                format!("goes by {} instead", by.join(" and "))
            }
            _ => r.describe(c),
        })
    }

    /// One line for a preview header: "sent", "not sent: no consent for SMS", or for the
    /// channel a fallback chose, "sent (fallback: preferred email: no email address; …)".
    pub fn summary(&self, c: Channel) -> String {
        match self.explain(c) {
            Some(why) => format!("not sent: {why}"),
            None => match (&self.fallback, self.preferred) {
                (Some(why), Some(p)) if p != c => format!("sent (fallback: {why})"),
                _ => "sent".into(),
            },
        }
    }
}
