//! The review log: `NAME.review.jsonl` beside `NAME.ron`, one signed entry a line, only ever
//! appended. Review actions never touch the project file, so a reviewer's click cannot change
//! the author's content or its comments, and a git review of the content sees content only.
//!
//! Each entry carries `prev`, the SHA-256 of the entry before it (its canonical JSON; 64
//! zeros for the first), and signs it: a line removed, reordered, edited or inserted breaks
//! the link of the line after it, which no one but that line's signer could mend.
//!
//! Projects from before the log kept their history in the file's `review` section. Such a
//! history is read as before, and written into the log (each entry linked to the one before,
//! its old signature kept) at the first review action or the first save.

use crate::model::ReviewEntry;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `prev` of the first entry.
pub const FIRST_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Larger logs are refused rather than read (an entry is about 1 KiB).
const MAX_LOG_BYTES: u64 = 64 * 1024 * 1024;

/// Why the log could not be read or appended to.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The log file.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// The log file cannot be read (not a regular file, too large, no permission).
    #[error(transparent)]
    File(#[from] crate::confine::FileError),
    /// The log could not be read when the project was opened; nothing is appended to it.
    #[error("{0}: cannot be read, so nothing is added to it: {1}")]
    Unreadable(PathBuf, String),
    /// Someone appended to the log since it was read: the new entry would link to the
    /// wrong line.
    #[error("{0}: changed since it was read (another review action?); try again")]
    Changed(PathBuf),
}

/// The log file of `project_file`: `invoice.ron` → `invoice.review.jsonl`.
pub fn path_for(project_file: &Path) -> PathBuf {
    let stem = project_file
        .file_stem()
        .map_or("project".into(), |s| s.to_string_lossy().into_owned());
    project_file.with_file_name(format!("{stem}.review.jsonl"))
}

/// The SHA-256 an entry's successor names as its `prev`: over the entry's canonical JSON
/// (keys sorted, no white space), so the link does not depend on how a line was spaced.
pub fn entry_hash(e: &ReviewEntry) -> String {
    let canonical = serde_json::to_value(e)
        .and_then(|v| serde_json::to_vec(&v))
        .expect("an entry always serialises");
    crate::digest::sha256_hex(&canonical)
}

/// The `prev` an entry appended after `history` must carry.
pub fn next_prev(history: &[ReviewEntry]) -> String {
    history.last().map_or(FIRST_PREV.to_owned(), entry_hash)
}

/// A project's review history, as read from its log or, before there was one, its file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewLog {
    /// The log file (which may not exist yet).
    pub path: PathBuf,
    /// Every entry that could be read, oldest first.
    pub entries: Vec<ReviewEntry>,
    /// Lines that are not entries: `line N: why`. They are named, and skipped: the entries
    /// around them are linked to each other as if the line were not there.
    pub unreadable: Vec<String>,
    /// The entries came from the project file's `review` section and are not in the log
    /// file yet; the first append or save writes them there.
    pub from_project_file: bool,
    /// The size of the log file as read, so that an append can tell whether it changed.
    read_bytes: u64,
    /// Why the log file could not be read at all, when it could not.
    failed: Option<String>,
    /// The file's last line has no line break (edited by hand): an append starts with one.
    unterminated: bool,
}

impl ReviewLog {
    /// The log beside `project_file`; when there is none, the `review` section the project
    /// file had (`legacy`), else an empty history.
    pub fn load(project_file: &Path, legacy: Vec<ReviewEntry>) -> Result<ReviewLog, LogError> {
        let path = path_for(project_file);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(ReviewLog {
                from_project_file: !legacy.is_empty(),
                entries: legacy,
                path,
                ..ReviewLog::default()
            });
        }
        let bytes = crate::confine::read_bounded(&path, MAX_LOG_BYTES)?;
        let mut log = ReviewLog {
            read_bytes: bytes.len() as u64,
            unterminated: bytes.last().is_some_and(|b| *b != b'\n'),
            path,
            ..ReviewLog::default()
        };
        for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<ReviewEntry>(line) {
                Ok(e) => log.entries.push(e),
                Err(e) => log
                    .unreadable
                    .push(format!("line {}: not a review entry: {e}", n + 1)),
            }
        }
        Ok(log)
    }

    /// The entries as the log file holds them, or will once a history still in the project
    /// file has moved there (with their links).
    pub fn as_logged(&self) -> Vec<ReviewEntry> {
        match self.from_project_file {
            true => migrated(&self.entries),
            false => self.entries.clone(),
        }
    }

    /// The `prev` the next entry must carry: linked to the last entry as the log file
    /// holds it.
    pub fn next_prev(&self) -> String {
        next_prev(&self.as_logged())
    }

    /// [`ReviewLog::load`], or when the log cannot be read, an empty history that says why
    /// (in `unreadable`) and refuses appends: a project opens even so, unapproved.
    pub fn load_or_note(project_file: &Path, legacy: Vec<ReviewEntry>) -> ReviewLog {
        ReviewLog::load(project_file, legacy).unwrap_or_else(|e| ReviewLog {
            path: path_for(project_file),
            unreadable: vec![e.to_string()],
            failed: Some(e.to_string()),
            ..ReviewLog::default()
        })
    }

    /// Appends a signed entry (its `prev` made by [`ReviewLog::next_prev`]). A history
    /// still in the project file is written into the log first. Refused when the file
    /// changed since it was read.
    pub fn append(&mut self, entry: ReviewEntry) -> Result<(), LogError> {
        if let Some(why) = &self.failed {
            return Err(LogError::Unreadable(self.path.clone(), why.clone()));
        }
        let on_disk = std::fs::metadata(&self.path).map_or(0, |m| m.len());
        if on_disk != self.read_bytes {
            return Err(LogError::Changed(self.path.clone()));
        }
        self.move_out_of_project_file()?;
        let mut text = Vec::new();
        if std::mem::take(&mut self.unterminated) {
            text.push(b'\n');
        }
        text.extend(lines_of(std::slice::from_ref(&entry)));
        let io = |source| LogError::Io {
            path: self.path.clone(),
            source,
        };
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        f.write_all(&text).and_then(|()| f.sync_all()).map_err(io)?;
        self.entries.push(entry);
        self.read_bytes += text.len() as u64;
        Ok(())
    }

    /// Writes a history that is still in the project file into the log, each entry linked
    /// to the one before (their signatures are kept). Returns how many entries moved; 0 when
    /// there was nothing to move.
    pub fn move_out_of_project_file(&mut self) -> Result<usize, LogError> {
        if !self.from_project_file {
            return Ok(0);
        }
        let lines = migrated(&self.entries);
        let text = lines_of(&lines);
        crate::model::write_atomic(&self.path, &text).map_err(|source| LogError::Io {
            path: self.path.clone(),
            source,
        })?;
        self.read_bytes = text.len() as u64;
        self.entries = lines;
        self.from_project_file = false;
        Ok(self.entries.len())
    }

    /// Writes this history as the log of another project file (Save As): the entries as
    /// the log holds them, links included. A log already there is renamed, never lost;
    /// returns its new name then.
    pub fn copy_to(&self, project_file: &Path) -> Result<Option<PathBuf>, LogError> {
        let path = path_for(project_file);
        let io = |source| LogError::Io {
            path: path.clone(),
            source,
        };
        let mut aside = None;
        if std::fs::symlink_metadata(&path).is_ok() {
            let old = path.with_extension(format!("jsonl.{}.old", crate::clock::now_utc()));
            std::fs::rename(&path, &old).map_err(io)?;
            aside = Some(old);
        }
        let entries = self.as_logged();
        if !entries.is_empty() {
            crate::model::write_atomic(&path, &lines_of(&entries)).map_err(io)?;
        }
        Ok(aside)
    }
}

/// The log file's bytes for `entries`: one JSON object a line.
fn lines_of(entries: &[ReviewEntry]) -> Vec<u8> {
    let mut text = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut text, e).expect("an entry always serialises");
        text.push(b'\n');
    }
    text
}

/// Entries from a project file's `review` section with the links of a log.
fn migrated(entries: &[ReviewEntry]) -> Vec<ReviewEntry> {
    let mut out: Vec<ReviewEntry> = Vec::with_capacity(entries.len());
    for e in entries {
        let mut e = e.clone();
        e.prev = Some(next_prev(&out));
        out.push(e);
    }
    out
}
