//! Batch export: every record × channel into sendable artefacts, a manifest and a report.
//! Used by `prism export` and (later) the designer's export dialog.

use crate::diag::{Diagnostic, Severity};
use crate::model::Channel;
use crate::render::email::ImageMode;
use crate::render::{ChannelOutput, eml, print};
use crate::template::ChannelSet;
use crate::workspace::Workspace;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

pub struct ExportOptions {
    pub out_dir: PathBuf,
    pub channels: ChannelSet,
    /// The Date of every email (one export, one time).
    pub now: SystemTime,
    /// Also write `letters.pdf`: every letter in data order.
    pub print_merged: bool,
    /// In `letters.pdf`, pad every letter to an even number of pages (duplex printing:
    /// each letter starts on a front side).
    pub duplex: bool,
    /// Refuse to export content without the approvals it needs.
    pub require_approved: bool,
    /// Replace an earlier export in `out_dir` (otherwise refused).
    pub overwrite: bool,
    /// Threads that render (0: one per core). The output is the same for any number.
    pub threads: usize,
}

/// Present while an export runs, and left behind by one that did not finish: an export is
/// complete only when this file is gone and `manifest.json` is written.
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

/// Whether `dir` holds a Prism export, finished or not.
fn holds_export(dir: &Path) -> bool {
    dir.join("manifest.json").exists() || dir.join(INCOMPLETE_MARKER).exists()
}

/// Removes what an earlier export wrote into `dir`: its artefacts, logs and approval copy,
/// recognised by name, and nothing else.
fn clear_export(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if name == "approval" {
                std::fs::remove_dir_all(&path)?;
            }
            continue;
        }
        let ours = [
            ".eml",
            ".pdf",
            ".jsonl",
            ".part",
            "manifest.json",
            "report.txt",
            crate::routing::log::FILE,
            INCOMPLETE_MARKER,
        ];
        if ours.iter().any(|s| name.ends_with(s)) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Print(#[from] crate::render::print::PrintError),
    #[error("export cancelled after {done} of {total} records")]
    Cancelled { done: usize, total: usize },
    #[error("the content is not approved: {0}")]
    NotApproved(String),
    #[error("the approved version cannot be archived with the export: {0}")]
    Snapshot(String),
    #[error("{0}: holds an earlier export; choose another folder, or replace it (--overwrite)")]
    FolderInUse(PathBuf),
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ChannelCounts {
    pub written: usize,
    pub not_sent: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutputEntry {
    #[serde(serialize_with = "crate::model::serialize_channel_name")]
    pub channel: Channel,
    pub file: String,
    /// 1-based line for the `.jsonl` files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// SHA-256 of the artefact's bytes (for a line: the line without its newline).
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordEntry {
    pub id: String,
    /// The routing decision: channels chosen, and why not the others.
    pub route: crate::routing::Decision,
    pub outputs: Vec<OutputEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub project: String,
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
    pub reviewers: String,
    pub review_entries: Vec<crate::model::ReviewEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    pub records: Vec<RecordEntry>,
    /// Files made of several records' artefacts (`letters.pdf`, `sms.jsonl`, `chat.jsonl`),
    /// each hashed whole.
    pub merged: Vec<OutputEntry>,
    /// The routing log, `routing.csv`.
    pub logs: Vec<LogFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogFile {
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalUsed {
    pub by: String,
    pub name: String,
    pub at: String,
}

/// What an export did.
#[derive(Debug, Clone)]
pub struct ExportReport {
    pub out_dir: PathBuf,
    pub manifest: Manifest,
    pub counts: Vec<(Channel, ChannelCounts)>,
    /// Records by chosen channel and by reason a channel was left out.
    pub routing: crate::routing::Tally,
}

impl ExportReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.manifest
            .records
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }

    /// A one-screen summary.
    pub fn summary(&self) -> String {
        format!(
            "Exported {} ({} records) to {}\n{}",
            self.manifest.project,
            self.manifest.records.len(),
            self.out_dir.display(),
            self.counts_text()
        )
    }

    /// The counts by channel, routing and diagnostics.
    fn counts_text(&self) -> String {
        let mut s = String::new();
        for (c, n) in &self.counts {
            let _ = writeln!(
                s,
                "  {:<6} {:>6} written  {:>6} not sent  {:>6} failed",
                c.name(),
                n.written,
                n.not_sent,
                n.failed
            );
        }
        let _ = write!(s, "{}", self.routing);
        let _ = writeln!(
            s,
            "  diagnostics: {} errors, {} warnings, {} notes (details in report.txt)",
            self.errors(),
            self.count(Severity::Warning),
            self.count(Severity::Info)
        );
        s
    }
}

/// Safe file stem for a record id: letters, digits, `-`, `_` and `.`; anything else becomes `_`.
pub fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.trim_matches('.').is_empty() {
        "_".into()
    } else {
        s
    }
}

pub use crate::digest::sha256_hex;

/// A payload line as JSON, for SMS and chat alike.
fn json_line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("export lines always serialise")
}

/// One line of `sms.jsonl`.
#[derive(Serialize)]
struct SmsLine<'a> {
    record: &'a str,
    approved: bool,
    to: &'a str,
    from: &'a str,
    text: &'a str,
    encoding: &'static str,
    segments: usize,
    units: usize,
}

/// One line of `chat.jsonl`.
#[derive(Serialize)]
struct ChatLine<'a> {
    record: &'a str,
    approved: bool,
    payload: &'a crate::render::chat::Payload,
}

struct JsonLines {
    name: &'static str,
    channel: Channel,
    path: PathBuf,
    out: HashingWriter<std::fs::File>,
    lines: usize,
}

impl JsonLines {
    fn create(dir: &Path, name: &'static str, channel: Channel) -> Result<JsonLines, ExportError> {
        let path = dir.join(name);
        let file = std::fs::File::create(&path).map_err(|e| ExportError::Io {
            path: path.clone(),
            source: e,
        })?;
        Ok(JsonLines {
            name,
            channel,
            path,
            out: HashingWriter::new(file),
            lines: 0,
        })
    }

    fn push(&mut self, line: &str) -> Result<OutputEntry, ExportError> {
        self.out
            .write_all(line.as_bytes())
            .and_then(|_| self.out.write_all(b"\n"))
            .map_err(|e| ExportError::Io {
                path: self.path.clone(),
                source: e,
            })?;
        self.lines += 1;
        Ok(OutputEntry {
            channel: self.channel,
            file: self.name.into(),
            line: Some(self.lines),
            sha256: sha256_hex(line.as_bytes()),
        })
    }

    /// Flushes the file and describes it whole, for the manifest.
    fn finish(self) -> Result<OutputEntry, ExportError> {
        let path = self.path;
        let (_, sha256) = self
            .out
            .finish()
            .map_err(|e| ExportError::Io { path, source: e })?;
        Ok(OutputEntry {
            channel: self.channel,
            file: self.name.into(),
            line: None,
            sha256,
        })
    }
}

/// Writes one artefact file and describes it for the manifest.
fn write_file(
    dir: &Path,
    file: String,
    bytes: &[u8],
    channel: Channel,
) -> Result<OutputEntry, ExportError> {
    let path = dir.join(&file);
    std::fs::write(&path, bytes).map_err(|e| ExportError::Io { path, source: e })?;
    Ok(OutputEntry {
        channel,
        file,
        line: None,
        sha256: sha256_hex(bytes),
    })
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Written,
    NotSent,
    Failed,
}

/// The artefact to write, or why there is none: not to be sent (consent, address) or failed
/// (an error in the message or on the channel).
fn deliverable<T>(out: &ChannelOutput<T>, message_ok: bool) -> Result<&T, Outcome> {
    match &out.artefact {
        _ if !out.send => Err(Outcome::NotSent),
        Some(a) if message_ok && !out.has_errors() => Ok(a),
        _ => Err(Outcome::Failed),
    }
}

/// Exports every record of the workspace. `progress(done, total)` is called after each record;
/// setting `cancel` stops between records.
pub fn run(
    ws: &Workspace,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> Result<ExportReport, ExportError> {
    // The reviewers file is read once: the status is checked against the same text the
    // manifest keeps.
    let reviewers = ws.reviewers();
    let content_hash = crate::review::content_hash(&ws.project, &ws.assets);
    let review = crate::review::status(&ws.project, &content_hash, &reviewers);
    let approved = review.state == crate::review::State::Approved;
    if opts.require_approved && !approved {
        return Err(ExportError::NotApproved(review.describe()));
    }
    let dir = &opts.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Io {
        path: dir.clone(),
        source: e,
    })?;
    if holds_export(dir) {
        if !opts.overwrite {
            return Err(ExportError::FolderInUse(dir.clone()));
        }
        clear_export(dir).map_err(|e| ExportError::Io {
            path: dir.clone(),
            source: e,
        })?;
    }
    let marker = dir.join(INCOMPLETE_MARKER);
    let started = format!(
        "A Prism export into this folder started at {} and has not finished.\n",
        crate::review::rfc3339(SystemTime::now())
    );
    std::fs::write(&marker, started).map_err(|e| ExportError::Io {
        path: marker.clone(),
        source: e,
    })?;
    let snapshot = if approved {
        Some(archive_snapshot(ws, &review, dir)?)
    } else {
        None
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| ExportError::Io { path, source: e }
    };
    let sms_out = opts
        .channels
        .contains(Channel::Sms)
        .then(|| JsonLines::create(dir, "sms.jsonl", Channel::Sms))
        .transpose()?;
    let chat_out = opts
        .channels
        .contains(Channel::Chat)
        .then(|| JsonLines::create(dir, "chat.jsonl", Channel::Chat))
        .transpose()?;
    let total = ws.records.len();
    let log_path = dir.join(crate::routing::log::FILE);
    let log = crate::routing::log::LogWriter::new(HashingWriter::new(
        std::fs::File::create(&log_path).map_err(io(&log_path))?,
    ))
    .map_err(io(&log_path))?;
    let mut w = Writers {
        dir,
        opts,
        counts: opts
            .channels
            .iter()
            .map(|c| (c, ChannelCounts::default()))
            .collect(),
        entries: Vec::with_capacity(total),
        seen: std::collections::HashSet::new(),
        sms_out,
        chat_out,
        print_run: None,
        partial_path: dir.join("letters.pdf.part"),
        log,
        log_path: log_path.clone(),
        exported_at: crate::review::rfc3339(opts.now),
        kind: crate::routing::kind_name(ws.project.meta.kind),
        tally: crate::routing::Tally::default(),
    };
    let job = Job {
        opts,
        approved,
        content_hash: &content_hash,
    };
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    if threads <= 1 || total < 2 {
        for (i, record) in ws.records.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled { done: i, total });
            }
            let made = job.produce(ws, record)?;
            w.commit(record, made)?;
            progress(i + 1, total);
        }
    } else {
        in_parallel(ws, &job, threads, cancel, |i, record, made| {
            w.commit(record, made)?;
            progress(i + 1, total);
            Ok(())
        })?;
    }
    let Writers {
        counts,
        entries,
        sms_out,
        chat_out,
        print_run,
        partial_path,
        log,
        tally,
        ..
    } = w;
    let merged_path = dir.join("letters.pdf");
    let mut merged = Vec::new();
    for lines in [sms_out, chat_out].into_iter().flatten() {
        merged.push(lines.finish()?);
    }
    let (file, sha256) = log
        .finish()
        .and_then(HashingWriter::finish)
        .map_err(io(&log_path))?;
    file.sync_all().map_err(io(&log_path))?;
    let logs = vec![LogFile {
        file: crate::routing::log::FILE.into(),
        sha256,
    }];
    if let Some(run) = print_run {
        let (file, sha256) = run.finish()?.finish().map_err(io(&partial_path))?;
        file.sync_all().map_err(io(&partial_path))?;
        std::fs::rename(&partial_path, &merged_path).map_err(io(&merged_path))?;
        merged.push(OutputEntry {
            channel: Channel::Print,
            file: "letters.pdf".into(),
            line: None,
            sha256,
        });
    }
    let manifest_hash = content_hash.clone();
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
        review_entries: ws
            .project
            .review
            .history
            .iter()
            .filter(|e| e.content_hash == manifest_hash)
            .cloned()
            .collect(),
        snapshot,
        records: entries,
        merged,
        logs,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("the manifest always serialises");
    let path = dir.join("manifest.json");
    crate::model::write_atomic(&path, &json).map_err(io(&path))?;
    let report = ExportReport {
        out_dir: dir.clone(),
        manifest,
        counts,
        routing: tally,
    };
    let path = dir.join("report.txt");
    std::fs::write(&path, full_report(&report)).map_err(io(&path))?;
    std::fs::remove_file(&marker).map_err(io(&marker))?;
    Ok(report)
}

/// What one record's export is, before anything is written: made on any thread.
struct Made {
    route: crate::routing::Decision,
    diagnostics: Vec<Diagnostic>,
    /// Per channel: the bytes (or payload line) to write, or why there are none.
    email: Option<Result<Vec<u8>, Outcome>>,
    sms: Option<Result<String, Outcome>>,
    chat: Option<Result<String, Outcome>>,
    print: Option<Result<Vec<u8>, Outcome>>,
}

/// What every record's rendering needs to know about the export.
struct Job<'a> {
    opts: &'a ExportOptions,
    approved: bool,
    content_hash: &'a str,
}

impl Job<'_> {
    /// Renders one record on every exported channel into bytes; writes nothing.
    fn produce(&self, ws: &Workspace, record: &crate::model::Record) -> Result<Made, ExportError> {
        let (opts, approved) = (self.opts, self.approved);
        let rendered = ws.render(record, opts.channels, false, ImageMode::Cid);
        // Resolving decided the route already; every channel above read that decision.
        let route = rendered.message.route.clone();
        let message_ok = !crate::diag::has_errors(&rendered.message.diagnostics);
        let mut diagnostics: Vec<Diagnostic> = rendered.diagnostics().cloned().collect();
        let email = rendered.email.as_ref().map(|out| {
            let email = deliverable(out, message_ok)?;
            let id = eml::message_id(&ws.project, &record.id, opts.now);
            match eml::build(&ws.project, &ws.assets, email, opts.now, id) {
                Ok(mut bytes) => {
                    if !approved {
                        let proof = format!(
                            "X-Prism-Proof: not approved (content {})\r\n",
                            self.content_hash
                        );
                        bytes.splice(0..0, proof.into_bytes());
                    }
                    Ok(bytes)
                }
                Err(d) => {
                    diagnostics.push(d);
                    Err(Outcome::Failed)
                }
            }
        });
        let sms = rendered.sms.as_ref().map(|out| {
            let sms = deliverable(out, message_ok)?;
            Ok(json_line(&SmsLine {
                record: &record.id,
                approved,
                to: &sms.to,
                from: &sms.sender,
                text: &sms.text,
                encoding: sms.analysis.encoding.name(),
                segments: sms.analysis.segments,
                units: sms.analysis.units,
            }))
        });
        let chat = rendered.chat.as_ref().map(|out| {
            let chat = deliverable(out, message_ok)?;
            Ok(json_line(&ChatLine {
                record: &record.id,
                approved,
                payload: &chat.payload,
            }))
        });
        let print = match rendered.print.as_ref() {
            None => None,
            Some(out) => Some(match deliverable(out, message_ok) {
                Ok(letter) if approved => Ok(print::pdf(&ws.typesetter, letter)?),
                Ok(letter) => {
                    let mut proof = letter.clone();
                    print::mark_proof(&ws.typesetter, &mut proof);
                    Ok(print::pdf(&ws.typesetter, &proof)?)
                }
                Err(o) => Err(o),
            }),
        };
        Ok(Made {
            route,
            diagnostics,
            email,
            sms,
            chat,
            print,
        })
    }
}

/// Everything an export writes to, fed one record at a time in data order.
struct Writers<'a> {
    dir: &'a Path,
    opts: &'a ExportOptions,
    counts: Vec<(Channel, ChannelCounts)>,
    entries: Vec<RecordEntry>,
    seen: std::collections::HashSet<String>,
    sms_out: Option<JsonLines>,
    chat_out: Option<JsonLines>,
    print_run: Option<print::PrintRun<HashingWriter<std::fs::File>>>,
    partial_path: PathBuf,
    log: crate::routing::log::LogWriter<HashingWriter<std::fs::File>>,
    log_path: PathBuf,
    exported_at: String,
    kind: &'static str,
    tally: crate::routing::Tally,
}

impl Writers<'_> {
    fn bump(&mut self, c: Channel, outcome: Outcome) {
        if let Some((_, n)) = self.counts.iter_mut().find(|(x, _)| *x == c) {
            *match outcome {
                Outcome::Written => &mut n.written,
                Outcome::NotSent => &mut n.not_sent,
                Outcome::Failed => &mut n.failed,
            } += 1;
        }
    }

    /// Writes one record's artefacts, its routing row and its manifest entry.
    fn commit(&mut self, record: &crate::model::Record, made: Made) -> Result<(), ExportError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |e| ExportError::Io { path, source: e }
        };
        let stem = file_stem(&record.id);
        let mut entry = RecordEntry {
            id: record.id.clone(),
            route: made.route,
            outputs: Vec::new(),
            diagnostics: Vec::new(),
        };
        if !self.seen.insert(stem.clone()) {
            entry.diagnostics.push(Diagnostic::error("duplicate-id", format!("{}: a record with the id `{}` (or the same file name) came earlier; this one is not exported", record.origin, record.id)));
            for c in self.opts.channels.iter() {
                self.bump(c, Outcome::Failed);
            }
            self.entries.push(entry);
            return Ok(());
        }
        let row = crate::routing::log::row(&record.id, self.kind, &self.exported_at, &entry.route);
        self.log.write(&row).map_err(io(&self.log_path))?;
        self.tally.add(&entry.route);
        entry.diagnostics = made.diagnostics;
        if let Some(email) = made.email {
            let outcome = match email {
                Ok(bytes) => {
                    entry.outputs.push(write_file(
                        self.dir,
                        format!("{stem}.eml"),
                        &bytes,
                        Channel::Email,
                    )?);
                    Outcome::Written
                }
                Err(o) => o,
            };
            self.bump(Channel::Email, outcome);
        }
        for (channel, made) in [(Channel::Sms, made.sms), (Channel::Chat, made.chat)] {
            let lines = match channel {
                Channel::Sms => self.sms_out.as_mut(),
                _ => self.chat_out.as_mut(),
            };
            let (Some(made), Some(lines)) = (made, lines) else {
                continue;
            };
            let outcome = match made {
                Ok(line) => {
                    entry.outputs.push(lines.push(&line)?);
                    Outcome::Written
                }
                Err(o) => o,
            };
            self.bump(channel, outcome);
        }
        if let Some(letter) = made.print {
            let outcome = match letter {
                Ok(bytes) => {
                    entry.outputs.push(write_file(
                        self.dir,
                        format!("{stem}.pdf"),
                        &bytes,
                        Channel::Print,
                    )?);
                    if self.opts.print_merged {
                        if self.print_run.is_none() {
                            let file = std::fs::File::create(&self.partial_path)
                                .map_err(io(&self.partial_path))?;
                            let out = HashingWriter::new(file);
                            self.print_run = Some(print::PrintRun::new(out, self.opts.duplex)?);
                        }
                        if let Some(run) = self.print_run.as_mut() {
                            run.add(&bytes)?;
                        }
                    }
                    Outcome::Written
                }
                Err(o) => o,
            };
            self.bump(Channel::Print, outcome);
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// Records made ahead of the next one written, at most: bounds the memory of the parallel
/// export whatever the number of records.
const AHEAD: usize = 256;

/// Renders the records on `threads` threads, each with its own workspace (templates,
/// typesetter), and hands them to `commit` in data order. Workers never run more than
/// [`AHEAD`] records ahead of what has been committed.
fn in_parallel(
    ws: &Workspace,
    job: &Job,
    threads: usize,
    cancel: &AtomicBool,
    mut commit: impl FnMut(usize, &crate::model::Record, Made) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    use std::sync::atomic::AtomicUsize;
    use std::sync::{Condvar, Mutex, mpsc};
    let total = ws.records.len();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many records are committed, and a wake-up for workers waiting to get ahead.
    let committed = (Mutex::new(0usize), Condvar::new());
    let workers: Vec<Workspace> = (0..threads).map(|_| ws.worker_copy()).collect();
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<Made, ExportError>)>(threads * 4);
        for w in &workers {
            let (tx, next, stop, committed) = (tx.clone(), &next, &stop, &committed);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || stop.load(Ordering::Relaxed) {
                        return;
                    }
                    {
                        let mut done = committed.0.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *done + AHEAD && !stop.load(Ordering::Relaxed) {
                            done = committed.1.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    let made = job.produce(w, &ws.records[i]);
                    if tx.send((i, made)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let halt = || {
            stop.store(true, Ordering::Relaxed);
            committed.1.notify_all();
        };
        let mut waiting = std::collections::BTreeMap::new();
        let mut done = 0;
        for (i, made) in rx.iter() {
            waiting.insert(i, made);
            while let Some(made) = waiting.remove(&done) {
                let result = if cancel.load(Ordering::Relaxed) {
                    Err(ExportError::Cancelled { done, total })
                } else {
                    made.and_then(|m| commit(done, &ws.records[done], m))
                };
                if let Err(e) = result {
                    halt();
                    return Err(e);
                }
                done += 1;
                *committed.0.lock().unwrap_or_else(|e| e.into_inner()) = done;
                committed.1.notify_all();
            }
        }
        halt();
        Ok(())
    })
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
        .map(|a| &ws.project.review.history[a.entry])
        .ok_or_else(no_snapshot)?;
    let name = entry.snapshot.as_deref().ok_or_else(no_snapshot)?;
    snapshot::load_named(ws.base(), name, &entry.content_hash)
        .and_then(|s| snapshot::copy_into(&s, dir))
        .map_err(|e| ExportError::Snapshot(e.to_string()))
}

/// Buffers writes to a file and hashes every byte on its way (the merged letters.pdf is
/// listed in the manifest without reading it back).
struct HashingWriter<W: Write> {
    inner: std::io::BufWriter<W>,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner: std::io::BufWriter::new(inner),
            hasher: Sha256::new(),
        }
    }

    /// Flushes, and returns the writer with the hex SHA-256 of everything written.
    fn finish(self) -> std::io::Result<(W, String)> {
        let digest = self.hasher.finalize();
        let inner = self.inner.into_inner().map_err(|e| e.into_error())?;
        Ok((inner, crate::digest::hex(&digest)))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The summary followed by every diagnostic, by record.
/// Written inside the export, it does not name the folder: the same input gives the same file.
fn full_report(report: &ExportReport) -> String {
    let mut s = format!(
        "Exported {} ({} records)\n{}",
        report.manifest.project,
        report.manifest.records.len(),
        report.counts_text()
    );
    for r in &report.manifest.records {
        if r.outputs.is_empty() && r.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{}", r.id);
        for o in &r.outputs {
            let _ = writeln!(
                s,
                "  wrote {} {}{}",
                o.channel,
                o.file,
                o.line.map(|l| format!(" line {l}")).unwrap_or_default()
            );
        }
        for d in &r.diagnostics {
            let _ = writeln!(s, "  {d}");
        }
    }
    s
}
