//! An export folder read back a record at a time: each line of `manifest.jsonl` with the
//! artefacts it lists, every one checked against its hash. A resumed export keeps what
//! reads back whole; a merge reads its shards this way.

use super::entry::{Artefact, Bytes, Finished, Outcome, ReadEntry, count_severities};
use super::files::{self, Lines, MboxReader};
use crate::model::Channel;
use crate::model::ChannelSet;
use std::path::{Path, PathBuf};

/// Why an export folder does not read back whole: where (a file, a line of it), and what.
#[derive(Debug, thiserror::Error)]
pub enum ReadBackError {
    /// A file could not be opened or read.
    #[error("{at}: {source}")]
    Io {
        /// The file, or the line of it.
        at: String,
        /// What reading said.
        #[source]
        source: std::io::Error,
    },
    /// A line of `manifest.jsonl` is not what an export writes.
    #[error("{at}: {source}")]
    Json {
        /// The line, and the part of it.
        at: String,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// The manifest and the files it lists disagree.
    #[error("{at}: {problem}")]
    Mismatch {
        /// The line or file.
        at: String,
        /// How they disagree.
        problem: String,
    },
}

fn io(at: impl Into<String>) -> impl FnOnce(std::io::Error) -> ReadBackError {
    let at = at.into();
    move |source| ReadBackError::Io { at, source }
}

fn json(at: impl Into<String>) -> impl FnOnce(serde_json::Error) -> ReadBackError {
    let at = at.into();
    move |source| ReadBackError::Json { at, source }
}

fn mismatch(at: impl Into<String>, problem: impl Into<String>) -> ReadBackError {
    ReadBackError::Mismatch {
        at: at.into(),
        problem: problem.into(),
    }
}

/// Reads an export folder back, record by record, in the order of `manifest.jsonl`.
pub struct FolderReader {
    /// Where `manifest.jsonl`, the `.jsonl` payloads and the mbox batches are.
    streamed: PathBuf,
    /// Where the per-record files (`email/…`, `print/…`) are.
    files: PathBuf,
    channels: ChannelSet,
    pub entries: Lines,
    sms: Option<Lines>,
    chat: Option<Lines>,
    mbox: Option<(String, MboxReader)>,
    line: Vec<u8>,
}

impl FolderReader {
    pub fn open(
        streamed: &Path,
        files: &Path,
        channels: ChannelSet,
    ) -> std::io::Result<FolderReader> {
        Ok(FolderReader {
            streamed: streamed.to_path_buf(),
            files: files.to_path_buf(),
            channels,
            entries: Lines::open(&streamed.join(files::ENTRIES))?,
            sms: None,
            chat: None,
            mbox: None,
            line: Vec::new(),
        })
    }

    /// The next record, its artefacts read and checked; `Ok(None)` after the last whole
    /// line, `Err` (naming the problem) when a line or an artefact does not read back whole.
    pub fn next_record(&mut self) -> Result<Option<Finished>, ReadBackError> {
        let mut line = Vec::new();
        if self
            .entries
            .next_line(&mut line)
            .map_err(io(files::ENTRIES))?
            .is_none()
        {
            return Ok(None);
        }
        let at = format!("{} line {}", files::ENTRIES, self.entries.count);
        let e: ReadEntry = serde_json::from_slice(&line).map_err(json(&at))?;
        let route = match e.route.get() {
            "null" => None,
            text => Some(serde_json::from_str(text).map_err(json(format!("{at}: route")))?),
        };
        let diagnostics: Vec<crate::diag::Listed> = serde_json::from_str(e.diagnostics.get())
            .map_err(json(format!("{at}: diagnostics")))?;
        let mut artefacts: [Artefact; 4] = Default::default();
        for c in self.channels.iter() {
            artefacts[c as usize] = match e.outcomes.get(c) {
                None => return Err(mismatch(&at, format!("no outcome for {c}"))),
                Some(Outcome::Written) => {
                    let out = e
                        .outputs
                        .iter()
                        .find(|o| o.channel == c)
                        .ok_or_else(|| mismatch(&at, format!("{c} written but not listed")))?;
                    Some(Ok(self.artefact(out)?))
                }
                Some(other) => Some(Err(other)),
            };
        }
        let [email, sms, chat, print] = artefacts;
        Ok(Some(Finished {
            index: e.index,
            id: e.id,
            origin: e.origin,
            route,
            route_json: e.route,
            diagnostics_json: e.diagnostics,
            diagnostic_lines: diagnostics.iter().map(ToString::to_string).collect(),
            severities: count_severities(diagnostics.iter().map(|d| (d.severity, d.off_route))),
            email,
            sms,
            chat,
            print,
        }))
    }

    /// The bytes of one listed artefact as written (an mbox message as stored), checked
    /// against its hash.
    fn artefact(&mut self, out: &super::OutputEntry) -> Result<Bytes, ReadBackError> {
        let bytes = match (out.line, out.message) {
            (Some(n), _) => {
                let lines = match out.channel {
                    Channel::Sms => &mut self.sms,
                    _ => &mut self.chat,
                };
                if lines.is_none() {
                    let path = self.streamed.join(&out.file);
                    *lines = Some(Lines::open(&path).map_err(io(&out.file))?);
                }
                let lines = lines.as_mut().expect("opened above");
                let at = format!("{} line {n}", out.file);
                if lines.count + 1 != n {
                    return Err(mismatch(at, "out of order"));
                }
                if lines.next_line(&mut self.line).map_err(io(&at))?.is_none() {
                    return Err(mismatch(at, "missing"));
                }
                self.line.clone()
            }
            (None, Some(n)) => {
                if self.mbox.as_ref().is_none_or(|(f, _)| *f != out.file) {
                    let path = self.streamed.join(&out.file);
                    let r = MboxReader::open(&path).map_err(io(&out.file))?;
                    self.mbox = Some((out.file.clone(), r));
                }
                let (_, r) = self.mbox.as_mut().expect("opened above");
                r.next_message()
                    .map_err(io(&out.file))?
                    .ok_or_else(|| mismatch(format!("{} message {n}", out.file), "missing"))?
            }
            (None, None) => {
                if !files::is_inside(&out.file) {
                    return Err(mismatch(&out.file, "not a file of an export"));
                }
                std::fs::read(self.files.join(&out.file)).map_err(io(&out.file))?
            }
        };
        if crate::digest::sha256_hex(&bytes) != out.sha256 {
            return Err(mismatch(&out.file, "does not match the manifest"));
        }
        Ok(Bytes {
            bytes,
            sha256: out.sha256.clone(),
        })
    }
}
