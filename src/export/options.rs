//! What an export is asked to do (the command line's flags and the export dialog's fields),
//! and the settings every writer of its folder and a resumed export share.

use crate::model::ChannelSet;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::SystemTime;

/// What an export is asked to do, as the command line or the export dialog sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// The folder the export is written into; created when missing.
    pub out_dir: PathBuf,
    /// Customer data instead of the project's own.
    pub data: Option<PathBuf>,
    /// The channels to export; the others get no artefacts and no counts.
    pub channels: ChannelSet,
    /// The Date of every email (one export, one time).
    pub now: SystemTime,
    /// Also write `letters.pdf`: every letter in data order.
    pub print_merged: bool,
    /// In `letters.pdf`, pad every letter to an even number of pages (duplex printing:
    /// each letter starts on a front side).
    pub duplex: bool,
    /// How emails are written: a `.eml` file each, or mbox batches.
    pub email_format: EmailFormat,
    /// Refuse to export content without the approvals it needs.
    pub require_approved: bool,
    /// Replace an earlier export in `out_dir` (otherwise refused).
    pub overwrite: bool,
    /// Continue the interrupted export in `out_dir`.
    pub resume: bool,
    /// Export only this share of the records.
    pub shard: Option<Shard>,
    /// Threads that render (0: one per core). The output is the same for any number.
    pub threads: usize,
}

impl ExportOptions {
    /// An export of `channels` into `out_dir`, now, of the project's own data, on every
    /// core, with nothing else asked for.
    pub fn new(out_dir: PathBuf, channels: ChannelSet) -> ExportOptions {
        ExportOptions {
            out_dir,
            data: None,
            channels,
            now: SystemTime::now(),
            print_merged: false,
            duplex: false,
            email_format: EmailFormat::Files,
            require_approved: false,
            overwrite: false,
            resume: false,
            shard: None,
            threads: 0,
        }
    }
}

/// How emails are written: a file each, or mbox batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailFormat {
    /// A `.eml` file per email, in numbered folders (`email/000/ID.eml`).
    #[default]
    Files,
    /// Emails gathered in mbox batches (`email/000.mbox`), [`FILES_PER_FOLDER`](super::files::FILES_PER_FOLDER) a batch.
    Mbox,
}

/// Why `--shard` was not understood.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// No slash.
    #[error("a shard is I/N, e.g. 0/4")]
    Form,
    /// `I` is not a whole number.
    #[error("`{0}` is not a shard number")]
    Index(String, #[source] std::num::ParseIntError),
    /// `N` is not a whole number.
    #[error("`{0}` is not a shard count")]
    Count(String, #[source] std::num::ParseIntError),
    /// `I` is not below `N`.
    #[error("shard {index}/{count}: I must be below N")]
    Range {
        /// The `I` given.
        index: u32,
        /// The `N` given.
        count: u32,
    },
}

/// Shard `index` of `count` (0-based): the records whose id hashes to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which share this is, 0-based, below `count`.
    pub index: u32,
    /// How many shards the records are split into (at least 1).
    pub count: u32,
}

impl Shard {
    /// `I/N` as on the command line.
    pub fn parse(s: &str) -> Result<Shard, ShardError> {
        let (i, n) = s.split_once('/').ok_or(ShardError::Form)?;
        let number = |t: &str| t.trim().parse::<u32>();
        let index = number(i).map_err(|source| ShardError::Index(i.to_owned(), source))?;
        let count = number(n).map_err(|source| ShardError::Count(n.to_owned(), source))?;
        if count == 0 || index >= count {
            return Err(ShardError::Range { index, count });
        }
        Ok(Shard { index, count })
    }

    /// Whether the record with file stem `key` belongs here. The share depends on the id
    /// alone (SHA-256), so it is the same on every machine and whatever the data's order;
    /// records with the same file name land in the same shard, where the repeat is caught.
    pub fn holds(&self, key: &str) -> bool {
        use sha2::{Digest, Sha256};
        let d = Sha256::digest(key.as_bytes());
        let n = u64::from_be_bytes(d[..8].try_into().expect("8 bytes"));
        n % u64::from(self.count) == u64::from(self.index)
    }
}

/// What every writer of an export folder needs to know, and what a resumed export must
/// share with the run it continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The channels exported, written as their names.
    #[serde(with = "channel_names")]
    pub channels: ChannelSet,
    /// The export's moment, in nanoseconds since 1970 (dates, Message-IDs).
    #[serde(with = "nanos")]
    pub now: SystemTime,
    /// How emails are written: a file each, or mbox batches.
    pub email_format: EmailFormat,
    /// Whether `letters.pdf` is written too.
    pub print_merged: bool,
    /// Whether each letter in `letters.pdf` is padded to an even number of pages.
    pub duplex: bool,
    /// The share of the records this export covers; `None` for all of them.
    pub shard: Option<Shard>,
    /// The content hash of what is exported (see review::content_hash).
    pub content_hash: String,
}

impl Settings {
    /// The export's moment in UTC as RFC 3339, as the manifest and routing log write it.
    pub fn exported_at(&self) -> String {
        crate::clock::rfc3339(self.now)
    }
}

/// The export's moment as RFC 3339 in UTC to the nanosecond (`2026-12-02T11:32:31.568653777Z`);
/// manifests from before it wrote nanoseconds since 1970, which are still read.
mod nanos {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    pub fn serialize<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
        let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
        let whole = crate::clock::rfc3339(UNIX_EPOCH + Duration::from_secs(d.as_secs()));
        let text = format!("{}.{:09}Z", whole.trim_end_matches('Z'), d.subsec_nanos());
        s.serialize_str(&text)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SystemTime, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a moment (RFC 3339, UTC)"))
        })
    }
    fn parse(text: &str) -> Option<SystemTime> {
        if let Ok(n) = text.parse::<u128>() {
            let secs = u64::try_from(n / 1_000_000_000).ok()?;
            return Some(UNIX_EPOCH + Duration::new(secs, (n % 1_000_000_000) as u32));
        }
        let days = crate::routing::frequency::day_number(text)?;
        let time = text.get(11..19)?;
        let field = |r: std::ops::Range<usize>| time.get(r)?.parse::<u64>().ok();
        let (h, m, sec) = (field(0..2)?, field(3..5)?, field(6..8)?);
        let rest = text.get(19..)?.strip_suffix('Z')?;
        let nanos = match rest.strip_prefix('.') {
            Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{f:0<9}").parse::<u32>().ok()?
            }
            None if rest.is_empty() => 0,
            _ => return None,
        };
        let secs = u64::try_from(days).ok()? * 86_400 + h * 3_600 + m * 60 + sec;
        Some(UNIX_EPOCH + Duration::new(secs, nanos))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn moments_round_trip_and_old_manifests_still_read() {
            let t = UNIX_EPOCH + Duration::new(1_796_186_775, 568_653_777);
            let json = serde_json::to_string(&Wrapped(t)).unwrap();
            assert_eq!(json, "\"2026-12-02T04:46:15.568653777Z\"");
            assert_eq!(serde_json::from_str::<Wrapped>(&json).unwrap().0, t);
            let old: Wrapped = serde_json::from_str("\"1796186775568653777\"").unwrap();
            assert_eq!(old.0, t);
            assert!(serde_json::from_str::<Wrapped>("\"yesterday\"").is_err());
        }

        #[derive(serde::Serialize, serde::Deserialize)]
        struct Wrapped(#[serde(with = "super")] SystemTime);
    }
}

mod channel_names {
    use crate::model::Channel;
    use crate::model::ChannelSet;
    pub fn serialize<S: serde::Serializer>(c: &ChannelSet, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(c.iter().map(Channel::name))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ChannelSet, D::Error> {
        let names: Vec<String> = serde::Deserialize::deserialize(d)?;
        names.iter().try_fold(ChannelSet::default(), |set, n| {
            Channel::parse(n)
                .map(|c| set.with(c))
                .ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{n}`")))
        })
    }
}

/// The export time from `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) when it is set: every date and Message-ID then comes from it.
pub fn source_date_epoch() -> Option<SystemTime> {
    let secs: u64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}
