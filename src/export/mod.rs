//! Batch export: every record × channel into sendable artefacts, a manifest and a report.
//! Used by `prism export` and the designer's export dialog.
//!
//! The records are streamed ([`crate::model::stream`]), rendered on every core
//! (`pipeline`) and written in data order through `writers::Writers`; the manifest is
//! written a record a line while the export runs (`manifest.jsonl`), with a summary
//! (`manifest.json`) at the end. An interrupted export can be resumed (`resume`), and
//! shards of one export on several machines merged ([`merge`]).

mod entry;
pub mod files;
pub mod merge;
mod pipeline;
mod produce;
mod read_back;
mod resume;
pub mod verify;
mod writers;

pub use entry::{Outcome, Outcomes, OutputEntry, ReadEntry};

use crate::diag::Severity;
use crate::model::Channel;
use crate::model::ChannelSet;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::SystemTime;

/// What an export is asked to do, as the command line or the export dialog sets it.
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
    /// Emails gathered in mbox batches (`email/000.mbox`), [`files::FILES_PER_FOLDER`] a batch.
    Mbox,
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
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (i, n) = s.split_once('/').ok_or("a shard is I/N, e.g. 0/4")?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("`{i}` is not a shard number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a shard count"))?;
        if count == 0 || index >= count {
            return Err(format!("shard {index}/{count}: I must be below N"));
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

/// Present while an export runs, and left behind by one that did not finish: an export is
/// complete only when this file is gone and `manifest.json` is written. It holds the
/// export's [`Settings`] and its data files' sizes and dates, which a resumed export must
/// find unchanged.
pub const INCOMPLETE_MARKER: &str = "EXPORT-INCOMPLETE";

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

/// Why an export, a resume or a merge stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The customer data could not be read.
    #[error(transparent)]
    Data(#[from] crate::model::DataError),
    /// The merged `letters.pdf` could not be written.
    #[error(transparent)]
    Print(#[from] crate::render::print::PrintError),
    /// Cancelled before the last record was written; the folder can be resumed.
    #[error("export cancelled after {done} records")]
    Cancelled {
        /// Records written before it stopped.
        done: usize,
    },
    /// Approval was required and the content lacks it; the text says where the review
    /// stands.
    #[error("the content is not approved: {0}")]
    NotApproved(String),
    /// The approved snapshot could not be found or copied into the export.
    #[error("the approved version cannot be archived with the export: {0}")]
    Snapshot(String),
    /// The folder holds an earlier export, and neither resume nor overwrite was asked for.
    #[error(
        "{0}: holds an earlier export; choose another folder, continue it (--resume) or replace it (--overwrite)"
    )]
    FolderInUse(PathBuf),
    /// The folder holds files that are not an export's: writing there would mix the two, and
    /// `verify` would count the strangers against the export.
    #[error(
        "{0}: holds files that are not an export's ({1} among them); choose an empty or new folder, or write into it anyway (--overwrite, which removes none of them)"
    )]
    FolderNotEmpty(PathBuf, String),
    /// The export in the folder cannot be continued: none was interrupted there, or it ran
    /// with other settings or data.
    #[error("{path}: cannot resume: {why}")]
    Resume {
        /// The export folder, or its marker file when that cannot be read.
        path: PathBuf,
        /// What stands in the way, in a sentence.
        why: String,
    },
    /// `--resume` found the export in the folder finished: there is nothing to do, which a
    /// retry counts as success.
    #[error("{0}: the export there has finished; there is nothing to resume")]
    Finished(PathBuf),
    /// The shards cannot be merged into one export; the text says why.
    #[error("cannot merge: {0}")]
    Merge(String),
}

/// How many of an export's records had each outcome on one channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelCounts {
    /// Records whose artefact was written.
    pub written: usize,
    /// Records routing left out of the channel.
    pub not_sent: usize,
    /// Records whose artefact failed with an error.
    pub failed: usize,
}

/// A file of the export hashed whole (the routing log, `manifest.jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogFile {
    /// Its path inside the export folder, with `/`.
    pub file: String,
    /// Hex SHA-256 of the whole file's bytes.
    pub sha256: String,
}

/// An approval the export counted, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalUsed {
    /// The reviewer's principal in the reviewers file (their email address).
    pub by: String,
    /// The reviewer's name, as their signed entry gives it.
    pub name: String,
    /// When they approved: UTC, RFC 3339.
    pub at: String,
}

/// The customer data an export read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataRead {
    /// SHA-256 of the data's bytes: shards of one export must have read the same data.
    pub fingerprint: String,
    /// Records in the data (in every shard, all of them).
    pub records: usize,
}

/// `manifest.json`: the export as a whole. Each record's line is in `manifest.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The project's name, from its meta.
    pub project: String,
    /// The project file's path, as the export was given it.
    pub project_file: String,
    /// The content hash of what was exported (see review::content_hash).
    pub content_hash: String,
    /// Whether it had the approvals it needs; without, every artefact is marked as a proof.
    pub approved: bool,
    /// The approvals that counted.
    pub approvals: Vec<ApprovalUsed>,
    /// What `prism verify` needs to check the approval again from the archive alone: the
    /// approvals required, the reviewers file as it was, the signed history entries on this
    /// content, and the approved snapshot copied into the export.
    pub required_approvals: u32,
    /// The reviewers file's text (OpenSSH allowed_signers) when the export ran.
    pub reviewers: String,
    /// The review log as it was at export, every entry (which ones count is decided again
    /// from them and the reviewers file).
    pub review_entries: Vec<crate::model::ReviewEntry>,
    /// The log's entries that do not count, by number from 1, with the reason: notes, not
    /// failures, while the approvals that count are enough.
    #[serde(default)]
    pub review_not_counted: Vec<String>,
    /// Path of the approved snapshot inside the export (`approval/HASH.json`); absent
    /// when not approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// The kind of message (routing's policy): `marketing` or `transactional`.
    pub kind: String,
    /// When the export ran: UTC, RFC 3339 (`settings.now`).
    pub exported_at: String,
    /// The settings it ran with, which a resume or merge must share.
    pub settings: Settings,
    /// The customer data read: its fingerprint and number of records.
    pub data: DataRead,
    /// Records in `manifest.jsonl` (those of the shard, for a shard).
    pub records: usize,
    /// Per channel exported (by name): records written, not sent and failed.
    pub counts: Vec<(String, ChannelCounts)>,
    /// Diagnostics: errors, warnings, notes.
    pub diagnostics: Diagnostics,
    /// `manifest.jsonl`, hashed whole.
    pub entries: LogFile,
    /// Files made of several records' artefacts (`letters.pdf`, `sms.jsonl`, `chat.jsonl`,
    /// the mbox batches), each hashed whole.
    pub merged: Vec<OutputEntry>,
    /// The routing log, `routing.csv`.
    pub logs: Vec<LogFile>,
}

/// The export's diagnostics counted by severity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// Diagnostics of error severity.
    pub errors: usize,
    /// Diagnostics of warning severity.
    pub warnings: usize,
    /// Diagnostics of info severity (notes).
    pub notes: usize,
    /// Of those, the ones only about channels a customer was not sent: what customers
    /// received is not affected by them. Absent in manifests made before it was counted.
    #[serde(default)]
    pub off_route: OffRoute,
}

/// Diagnostics about channels a customer was not sent, counted by severity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OffRoute {
    /// Of error severity.
    pub errors: usize,
    /// Of warning severity.
    pub warnings: usize,
    /// Of info severity (notes).
    pub notes: usize,
}

/// What an export did.
#[derive(Debug, Clone)]
pub struct ExportReport {
    /// The export folder.
    pub out_dir: PathBuf,
    /// The manifest, as written to `manifest.json`.
    pub manifest: Manifest,
    /// Records by chosen channel and by reason a channel was left out.
    pub routing: crate::routing::Tally,
}

impl ExportReport {
    /// How many error diagnostics the export had.
    pub fn errors(&self) -> usize {
        self.manifest.diagnostics.errors
    }

    /// How many diagnostics of `severity` the export had.
    pub fn count(&self, severity: Severity) -> usize {
        let d = &self.manifest.diagnostics;
        match severity {
            Severity::Error => d.errors,
            Severity::Warning => d.warnings,
            Severity::Info => d.notes,
        }
    }

    /// The written / not sent / failed counts of a channel.
    pub fn channel(&self, c: Channel) -> Option<&ChannelCounts> {
        self.manifest
            .counts
            .iter()
            .find(|(n, _)| n == c.name())
            .map(|(_, n)| n)
    }

    /// A one-screen summary.
    pub fn summary(&self) -> String {
        format!(
            "Exported {} ({} records) to {}\n{}",
            crate::diag::printable(&self.manifest.project),
            self.manifest.records,
            self.out_dir.display(),
            self.counts_text()
        )
    }

    /// The counts by channel, routing and diagnostics.
    fn counts_text(&self) -> String {
        let mut s = String::new();
        if let Some(shard) = self.manifest.settings.shard {
            pushln!(
                s,
                "  shard {}/{} of {} records",
                shard.index,
                shard.count,
                self.manifest.data.records
            );
        }
        for (c, n) in &self.manifest.counts {
            pushln!(
                s,
                "  {:<6} {:>6} written  {:>6} not sent  {:>6} failed",
                c,
                n.written,
                n.not_sent,
                n.failed
            );
        }
        push!(s, "{}", self.routing);
        let d = &self.manifest.diagnostics;
        let o = &d.off_route;
        pushln!(
            s,
            "  diagnostics: {} about what customers received (details in report.txt)",
            crate::diag::severity_counts(
                d.errors.saturating_sub(o.errors),
                d.warnings.saturating_sub(o.warnings),
                d.notes.saturating_sub(o.notes),
                ", "
            )
        );
        pushln!(
            s,
            "               {} about channels customers were not sent (marked \"{}\" there)",
            crate::diag::severity_counts(o.errors, o.warnings, o.notes, ", "),
            crate::diag::OFF_ROUTE
        );
        s
    }
}

/// Longest file stem an id becomes (file systems allow 255 bytes a name).
const MAX_STEM_CHARS: usize = 64;

/// A safe file stem for a record id: the id itself when it is made of letters, digits, `-`,
/// `_` and `.` and is short; otherwise the id with anything else as `_`, cut to length, and
/// a hash of the whole id, so that two ids never share a file name (`a/b` and `a_b` stay
/// two customers). The manifest keeps the id as it was.
pub fn file_stem(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let usable = !safe.trim_matches('.').is_empty();
    if usable && safe == id && id.len() <= MAX_STEM_CHARS {
        return safe;
    }
    let kept: String = safe.chars().take(MAX_STEM_CHARS - 9).collect();
    let kept = if kept.trim_matches('.').is_empty() {
        "_".to_owned()
    } else {
        kept
    };
    format!("{kept}-{}", &sha256_hex(id.as_bytes())[..8])
}

pub use crate::digest::sha256_hex;

/// How far an export is: records written, and how much of the data has been read (the
/// number of records is not known before the end).
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Records written so far.
    pub records: usize,
    /// Bytes of the data read so far.
    pub read_bytes: u64,
    /// Size of the data files together, in bytes; 0 for records written inline in the
    /// project.
    pub total_bytes: u64,
}

impl Progress {
    /// Fraction of the data read, 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.total_bytes == 0 {
            0.0
        } else {
            (self.read_bytes as f64 / self.total_bytes as f64).min(1.0)
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + use<> {
    let path = path.to_path_buf();
    move |e| ExportError::Io { path, source: e }
}

/// What the marker holds: the settings and the data files as they were.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Started {
    settings: Settings,
    data: Vec<DataFile>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct DataFile {
    path: String,
    bytes: u64,
    modified_ns: String,
}

fn data_files(ws: &Workspace, opts: &ExportOptions) -> Vec<DataFile> {
    let paths = crate::model::stream::data_paths(&ws.project.data, opts.data.as_deref(), ws.base())
        .unwrap_or_default();
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok();
            DataFile {
                path: std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string(),
                bytes: meta.as_ref().map_or(0, |m| m.len()),
                modified_ns: meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or(String::new(), |d| d.as_nanos().to_string()),
            }
        })
        .collect()
}

/// What an output folder holds, as the export sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderState {
    /// Nothing (or no folder yet): an export starts there without asking.
    Empty,
    /// A finished export.
    Finished,
    /// An export that stopped before it finished (`--resume` continues it).
    Interrupted,
    /// Files that are not an export's.
    Other,
}

/// What `dir` holds; a folder that cannot be read counts as holding other files.
pub fn folder_state(dir: &Path) -> FolderState {
    if dir.join(INCOMPLETE_MARKER).exists() {
        FolderState::Interrupted
    } else if dir.join(files::MANIFEST).exists() {
        FolderState::Finished
    } else if !dir.exists() || matches!(files::first_entry(dir), Ok(None)) {
        FolderState::Empty
    } else {
        FolderState::Other
    }
}

/// Makes `dir` ready for a new export: an earlier export there is removed with `overwrite`
/// and refused without; a folder of other files is refused without `overwrite` (and with it,
/// their files stay).
fn claim_folder(dir: &Path, overwrite: bool) -> Result<(), ExportError> {
    if files::holds_export(dir) {
        if !overwrite {
            return Err(ExportError::FolderInUse(dir.to_path_buf()));
        }
        return files::clear_export(dir).map_err(io_err(dir));
    }
    match files::first_entry(dir).map_err(io_err(dir))? {
        Some(first) if !overwrite => Err(ExportError::FolderNotEmpty(dir.to_path_buf(), first)),
        _ => Ok(()),
    }
}

/// Exports every record of the workspace's data (streamed; `ws.records` is not used).
/// `progress` is called as records are written; setting `cancel` stops between records.
pub fn run(
    ws: &Workspace,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ExportReport, ExportError> {
    // The reviewers file is read once: the status is checked against the same text the
    // manifest keeps.
    let reviewers = ws.reviewers();
    let content_hash = crate::review::content_hash(&ws.project, &ws.assets);
    let review = crate::review::status(
        &ws.review_log.entries,
        ws.project.meta.required_approvals,
        &content_hash,
        &reviewers,
    );
    let approved = review.state == crate::review::State::Approved;
    if opts.require_approved && !approved {
        return Err(ExportError::NotApproved(review.describe()));
    }
    let dir = &opts.out_dir;
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut started = Started {
        settings: Settings {
            channels: opts.channels,
            now: opts.now,
            email_format: opts.email_format,
            print_merged: opts.print_merged,
            duplex: opts.duplex,
            shard: opts.shard,
            content_hash: content_hash.clone(),
        },
        data: data_files(ws, opts),
    };
    let marker = dir.join(INCOMPLETE_MARKER);
    let resuming = opts.resume && marker.exists();
    if resuming {
        let text = std::fs::read(&marker).map_err(io_err(&marker))?;
        let before: Started = serde_json::from_slice(&text).map_err(|e| ExportError::Resume {
            path: marker.clone(),
            why: format!("not a Prism export's marker: {e}"),
        })?;
        // The run continued keeps its moment: dates and Message-IDs stay as they were.
        started.settings.now = before.settings.now;
        if before != started {
            return Err(ExportError::Resume {
                path: dir.clone(),
                why: resume::difference(&before, &started),
            });
        }
    } else if opts.resume {
        if files::holds_export(dir) {
            return Err(ExportError::Finished(dir.clone()));
        }
        return Err(ExportError::Resume {
            path: dir.clone(),
            why: "it holds no interrupted export".into(),
        });
    } else {
        claim_folder(dir, opts.overwrite)?;
    }
    let settings = started.settings.clone();
    if !resuming {
        let text = serde_json::to_vec_pretty(&started).expect("the marker always serialises");
        crate::model::write_atomic(&marker, &text).map_err(io_err(&marker))?;
    }
    let snapshot = match approved {
        true => Some(archive_snapshot(ws, &review, dir)?),
        false => None,
    };
    let kind = crate::routing::kind_name(ws.project.meta.kind);
    let (mut writers, first_index) = if resuming {
        resume::prepare(dir, &settings, kind)?
    } else {
        (writers::Writers::create(dir, &settings, kind)?, 0)
    };
    let job = produce::Job {
        settings: &settings,
        approved,
    };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let reader =
        crate::model::stream::RecordReader::open(&ws.project.data, opts.data.as_deref(), ws.base());
    let data = pipeline::run(
        ws,
        &job,
        reader,
        first_index,
        threads,
        cancel,
        &mut writers,
        progress,
    )?;
    let written = writers.finish()?;
    let manifest = Manifest {
        project: ws.project.meta.name.clone(),
        project_file: ws.path.display().to_string(),
        content_hash,
        approved,
        approvals: review
            .approvals
            .iter()
            .map(|a| ApprovalUsed {
                by: a.by.clone(),
                name: a.name.clone(),
                at: a.at.clone(),
            })
            .collect(),
        required_approvals: review.required,
        reviewers,
        review_entries: ws.review_log.entries.clone(),
        review_not_counted: review
            .refused
            .iter()
            .map(|(i, why)| format!("entry {}: does not count: {why}", i + 1))
            .collect(),
        snapshot,
        kind: kind.into(),
        exported_at: settings.exported_at(),
        settings,
        data,
        records: written.records,
        counts: Vec::new(),
        diagnostics: Diagnostics::default(),
        entries: written.entries.clone(),
        merged: Vec::new(),
        logs: Vec::new(),
    };
    finish(dir, manifest, written)
}

/// Completes an export folder from what its writers wrote: `manifest.json`, `report.txt`,
/// and the marker removed. Shared by export and merge.
fn finish(
    dir: &Path,
    mut manifest: Manifest,
    written: writers::Written,
) -> Result<ExportReport, ExportError> {
    let [
        [notes, warnings, errors],
        [off_notes, off_warnings, off_errors],
    ] = written.severities;
    manifest.diagnostics = Diagnostics {
        errors,
        warnings,
        notes,
        off_route: OffRoute {
            errors: off_errors,
            warnings: off_warnings,
            notes: off_notes,
        },
    };
    manifest.records = written.records;
    manifest.counts = written
        .counts
        .iter()
        .map(|(c, n)| (c.name().to_owned(), n.clone()))
        .collect();
    manifest.entries = written.entries;
    manifest.merged = written.merged;
    manifest.logs = written.logs;
    let json = serde_json::to_vec_pretty(&manifest).expect("the manifest always serialises");
    let path = dir.join(files::MANIFEST);
    crate::model::write_atomic(&path, &json).map_err(io_err(&path))?;
    let report = ExportReport {
        out_dir: dir.to_path_buf(),
        manifest,
        routing: written.tally,
    };
    write_report(dir, &report)?;
    let marker = dir.join(INCOMPLETE_MARKER);
    std::fs::remove_file(&marker).map_err(io_err(&marker))?;
    Ok(report)
}

/// `report.txt`: the summary, then each record's diagnostics (streamed into
/// `report.txt.part` while the export ran). It does not name the folder: the same input
/// gives the same file.
fn write_report(dir: &Path, report: &ExportReport) -> Result<(), ExportError> {
    let part = dir.join(files::REPORT_PART);
    let path = dir.join(files::REPORT);
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        use std::io::Write;
        write!(
            out,
            "Exported {} ({} records)\n{}",
            crate::diag::printable(&report.manifest.project),
            report.manifest.records,
            report.counts_text()
        )?;
        std::io::copy(&mut std::fs::File::open(&part)?, &mut out)?;
        out.flush()?;
        std::fs::remove_file(&part)
    };
    write().map_err(io_err(&path))
}

/// Copies the snapshot the counted approvals name into the export (`approval/HASH.json`).
fn archive_snapshot(
    ws: &Workspace,
    review: &crate::review::Status,
    dir: &Path,
) -> Result<String, ExportError> {
    use crate::review::snapshot;
    let no_snapshot = || ExportError::Snapshot("the approval names no snapshot".into());
    let entry = review
        .approvals
        .first()
        .map(|a| &ws.review_log.entries[a.entry])
        .ok_or_else(no_snapshot)?;
    let name = entry.snapshot.as_deref().ok_or_else(no_snapshot)?;
    snapshot::load_named(ws.base(), name, &entry.content_hash)
        .and_then(|s| snapshot::copy_into(&s, dir))
        .map_err(|e| ExportError::Snapshot(e.to_string()))
}

/// The records' lines of the export in `dir`, read one at a time.
pub fn read_entries(
    dir: &Path,
) -> std::io::Result<impl Iterator<Item = Result<ReadEntry, String>>> {
    let mut lines = files::Lines::open(&dir.join(files::ENTRIES))?;
    let mut buf = Vec::new();
    Ok(std::iter::from_fn(move || {
        match lines.next_line(&mut buf) {
            Ok(Some(())) => Some(serde_json::from_slice(&buf).map_err(|e| e.to_string())),
            Ok(None) => None,
            Err(e) => Some(Err(e.to_string())),
        }
    }))
}
