//! Batch export: every record × channel into sendable artefacts, a manifest and a report.
//! Used by `prism export` and the designer's export dialog.
//!
//! The records are streamed ([`crate::model::stream`]), rendered on every core
//! (`pipeline`) and written in data order through `writers::Writers`; the manifest is
//! written a record a line while the export runs (`manifest.jsonl`), with a summary
//! (`manifest.json`) at the end. An interrupted export can be resumed (`resume`), and
//! shards of one export on several machines merged ([`merge`]).

mod entry;
mod error;
pub mod files;
mod folder;
mod manifest;
pub mod merge;
mod options;
mod pipeline;
mod produce;
mod read_back;
pub use read_back::ReadBackError;
mod resume;
pub mod verify;
mod writers;

pub use entry::{Outcome, Outcomes, OutputEntry, ReadEntry};
pub use error::ExportError;
pub(crate) use error::io_err;
pub use files::file_stem;
pub use folder::{FolderState, INCOMPLETE_MARKER, folder_state};
use folder::{Started, claim_folder, data_files};
pub use manifest::*;
pub use options::{EmailFormat, ExportOptions, Settings, Shard, ShardError, source_date_epoch};

use crate::workspace::Workspace;
use std::path::Path;
use std::sync::atomic::AtomicBool;

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
    let library = library_used(ws);
    if opts.require_approved && ws.project.meta.require_approved_snippets {
        let unapproved = library
            .iter()
            .find(|l| l.approvals.is_empty() || !l.state.starts_with("Approved"));
        if let Some(l) = unapproved {
            let file = ws
                .library
                .dir
                .join(l.kind.folder())
                .join(format!("{}.ron", l.name));
            return Err(ExportError::NotApproved(format!(
                "the project requires approved snippets, and {} “{}” ({}) is not approved at its current content: {}",
                l.kind.noun(),
                l.name,
                file.display(),
                l.state
            )));
        }
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
        approvals: review.approvals.iter().map(ApprovalUsed::from).collect(),
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
        library_reviewers: match library.is_empty() {
            true => String::new(),
            false => std::fs::read_to_string(ws.library.dir.join("reviewers")).unwrap_or_default(),
        },
        library,
    };
    finish(dir, manifest, written)
}

/// Every library file the project uses, with its own review state.
fn library_used(ws: &Workspace) -> Vec<manifest::LibraryUsed> {
    crate::workspace::library_item::review_states(ws)
        .into_iter()
        .map(|(u, state)| {
            let (content_hash, state, approvals, review_entries) = match state {
                Ok(r) => {
                    let approvals = r.status.approvals.iter().map(ApprovalUsed::from).collect();
                    (r.content_hash, r.status.label(), approvals, r.entries)
                }
                Err(e) => (
                    String::new(),
                    format!("unusable: {e}"),
                    Vec::new(),
                    Vec::new(),
                ),
            };
            manifest::LibraryUsed {
                kind: u.kind,
                name: u.name,
                sha256: u.sha256,
                content_hash,
                state,
                approvals,
                review_entries,
            }
        })
        .collect()
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
    let no_snapshot = || ExportError::NoSnapshot;
    let entry = review
        .approvals
        .first()
        .map(|a| &ws.review_log.entries[a.entry])
        .ok_or_else(no_snapshot)?;
    let name = entry.snapshot.as_deref().ok_or_else(no_snapshot)?;
    snapshot::load_named(ws.base(), name, &entry.content_hash)
        .and_then(|s| snapshot::copy_into(&s, dir))
        .map_err(ExportError::from)
}

/// The records' lines of the export in `dir`, read one at a time.
pub fn read_entries(
    dir: &Path,
) -> std::io::Result<impl Iterator<Item = Result<ReadEntry, ReadBackError>>> {
    let mut lines = files::Lines::open(&dir.join(files::ENTRIES))?;
    let mut buf = Vec::new();
    Ok(std::iter::from_fn(move || {
        let read = lines.next_line(&mut buf);
        let at = || format!("{} line {}", files::ENTRIES, lines.count);
        match read {
            Ok(Some(())) => Some(
                serde_json::from_slice(&buf)
                    .map_err(|source| ReadBackError::Json { at: at(), source }),
            ),
            Ok(None) => None,
            Err(source) => Some(Err(ReadBackError::Io { at: at(), source })),
        }
    }))
}
