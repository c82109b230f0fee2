//! `manifest.json` and the export's report: what an export wrote, counted, and the approval
//! it counted.

use super::*;
use crate::diag::Severity;
use crate::model::Channel;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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

impl From<&crate::review::Counted> for ApprovalUsed {
    fn from(a: &crate::review::Counted) -> ApprovalUsed {
        ApprovalUsed {
            by: a.by.clone(),
            name: a.name.clone(),
            at: a.at.clone(),
        }
    }
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
    /// The library brand and snippets the message used: each file's bytes' hash, its own
    /// content hash and review state, and the approvals of it that counted. Empty for a
    /// project that uses no library file (and in manifests from before the library).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub library: Vec<LibraryUsed>,
    /// The library's reviewers file (`library/reviewers`) when the export ran, to check the
    /// library files' approvals again from the archive alone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub library_reviewers: String,
}

/// A library file an export used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryUsed {
    /// `brand` or `snippet`.
    pub kind: crate::model::library::LibraryKind,
    /// Its name (the file stem).
    pub name: String,
    /// SHA-256 of the file's bytes as exported; `None` when it was missing.
    pub sha256: Option<String>,
    /// Its own content hash (what its approvals are bound to); empty when it cannot be read.
    pub content_hash: String,
    /// Its review state then, in a few words ("Approved by …", "Draft", …).
    pub state: String,
    /// The approvals of it that counted.
    pub approvals: Vec<ApprovalUsed>,
    /// Its review log as it was at export, to check those approvals again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_entries: Vec<crate::model::ReviewEntry>,
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
    pub(super) fn counts_text(&self) -> String {
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
