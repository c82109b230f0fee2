//! Everything an export folder is written through, one record at a time in data order:
//! the artefacts, `manifest.jsonl`, the routing log and the report. An export, a resumed
//! export and a merge of shards all write through here, so their folders cannot differ.

use super::entry::{Bytes, Finished, Outcome, Outcomes, OutputEntry, RecordEntry, raw_json};
use super::files::{self, FileWriter, Mbox};
use super::{ChannelCounts, EmailFormat, ExportError, LogFile, Settings, io_err as io};
use crate::diag::{Code, Diagnostic};
use crate::model::Channel;
use crate::render::print::PrintRun;
use crate::routing::log::Cell;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Writers {
    dir: PathBuf,
    settings: Settings,
    kind: String,
    /// The export's moment as routing.csv writes it (the same in every row).
    exported_at: String,
    pub counts: Vec<(Channel, ChannelCounts)>,
    pub tally: crate::routing::Tally,
    /// Diagnostics by severity over all records.
    pub severities: super::entry::Severities,
    /// Records written to the manifest.
    pub entries: usize,
    /// File stems taken, as 128-bit hashes (bounded memory for millions of records).
    seen: HashSet<u128>,
    emails: usize,
    letters: usize,
    /// The last numbered folders created, per kind.
    email_folder: Option<usize>,
    letter_folder: Option<usize>,
    entries_out: FileWriter,
    report_out: FileWriter,
    log: crate::routing::log::LogWriter<FileWriter>,
    sms: Option<(FileWriter, usize)>,
    chat: Option<(FileWriter, usize)>,
    /// The open mbox batch: its number and writer; the finished ones.
    mbox: Option<(usize, FileWriter)>,
    mbox_done: Vec<OutputEntry>,
    mbox_from: Mbox,
    print_run: Option<PrintRun<FileWriter>>,
    /// Whether per-record files are written again when they are already there and checked
    /// (not when a resumed export re-reads what it kept).
    pub skip_existing: bool,
}

/// What the writers hold at the end: the parts of `manifest.json` they know.
pub struct Written {
    pub counts: Vec<(Channel, ChannelCounts)>,
    pub tally: crate::routing::Tally,
    pub severities: super::entry::Severities,
    pub records: usize,
    pub entries: LogFile,
    pub merged: Vec<OutputEntry>,
    pub logs: Vec<LogFile>,
}

impl Writers {
    pub fn create(dir: &Path, settings: &Settings, kind: &str) -> Result<Writers, ExportError> {
        let create = |name: &str| {
            let path = dir.join(name);
            files::create(&path).map_err(io(&path))
        };
        let log_path = dir.join(crate::routing::log::FILE);
        let log = crate::routing::log::LogWriter::new(create(crate::routing::log::FILE)?)
            .map_err(io(&log_path))?;
        let channels = settings.channels;
        let lines = |c: Channel, name: &str| -> Result<Option<(FileWriter, usize)>, ExportError> {
            Ok(if channels.contains(c) {
                Some((create(name)?, 0))
            } else {
                None
            })
        };
        let print_run = if settings.print_merged && channels.contains(Channel::Print) {
            Some(PrintRun::new(
                create(files::LETTERS_PART)?,
                settings.duplex,
            )?)
        } else {
            None
        };
        Ok(Writers {
            dir: dir.to_path_buf(),
            settings: settings.clone(),
            kind: kind.to_owned(),
            exported_at: settings.exported_at(),
            counts: channels
                .iter()
                .map(|c| (c, ChannelCounts::default()))
                .collect(),
            tally: crate::routing::Tally::default(),
            severities: [[0; 3]; 2],
            entries: 0,
            seen: HashSet::new(),
            emails: 0,
            letters: 0,
            email_folder: None,
            letter_folder: None,
            entries_out: create(files::ENTRIES)?,
            report_out: create(files::REPORT_PART)?,
            log,
            sms: lines(Channel::Sms, files::SMS)?,
            chat: lines(Channel::Chat, files::CHAT)?,
            mbox: None,
            mbox_done: Vec::new(),
            mbox_from: Mbox {
                from_line: format!("From prism@localhost {}\n", asctime(settings.now)),
            },
            print_run,
            skip_existing: false,
        })
    }

    fn bump(&mut self, c: Channel, outcome: Outcome, outcomes: &mut Outcomes) {
        outcomes.set(c, outcome);
        if let Some((_, n)) = self.counts.iter_mut().find(|(x, _)| *x == c) {
            *match outcome {
                Outcome::Written => &mut n.written,
                Outcome::NotSent => &mut n.not_sent,
                Outcome::Failed => &mut n.failed,
            } += 1;
        }
    }

    /// Writes one per-record file (`email/000/ID.eml`, `print/000/ID.pdf`).
    fn write_file(
        &self,
        file: &str,
        made: &Bytes,
        channel: Channel,
    ) -> Result<OutputEntry, ExportError> {
        let path = self.dir.join(file);
        if !(self.skip_existing && path.exists()) {
            std::fs::write(&path, &made.bytes).map_err(io(&path))?;
        }
        Ok(OutputEntry {
            channel,
            file: file.into(),
            line: None,
            message: None,
            sha256: made.sha256.clone(),
        })
    }

    /// Makes the numbered folder of the `n`-th artefact of a kind when it is the first in it.
    fn folder(&mut self, kind: &str, n: usize, email: bool) -> Result<(), ExportError> {
        let number = n / files::FILES_PER_FOLDER;
        let made = if email {
            &mut self.email_folder
        } else {
            &mut self.letter_folder
        };
        if *made != Some(number) {
            let path = self.dir.join(kind).join(format!("{number:03}"));
            std::fs::create_dir_all(&path).map_err(io(&path))?;
            *made = Some(number);
        }
        Ok(())
    }

    /// Writes an email: a file, or a message in the current mbox batch (`made` is then the
    /// message as stored there).
    fn write_email(&mut self, stem: &str, made: &Bytes) -> Result<OutputEntry, ExportError> {
        let n = self.emails;
        self.emails += 1;
        if self.settings.email_format == EmailFormat::Files {
            self.folder("email", n, true)?;
            return self.write_file(&files::email_file(n, stem), made, Channel::Email);
        }
        let (file, message) = files::mbox_file(n);
        let batch = n / files::FILES_PER_FOLDER;
        if self.mbox.as_ref().is_none_or(|(b, _)| *b != batch) {
            self.finish_mbox()?;
            let path = self.dir.join(&file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            self.mbox = Some((batch, files::create(&path).map_err(io(&path))?));
        }
        let path = self.dir.join(&file);
        let (_, out) = self.mbox.as_mut().expect("opened above");
        self.mbox_from.write(out, &made.bytes).map_err(io(&path))?;
        Ok(OutputEntry {
            channel: Channel::Email,
            file,
            line: None,
            message: Some(message),
            sha256: made.sha256.clone(),
        })
    }

    fn finish_mbox(&mut self) -> Result<(), ExportError> {
        if let Some((batch, out)) = self.mbox.take() {
            let file = files::mbox_file(batch * files::FILES_PER_FOLDER).0;
            let (_, sha256) = out.finish().map_err(io(&self.dir.join(&file)))?;
            self.mbox_done.push(OutputEntry {
                channel: Channel::Email,
                file,
                line: None,
                message: None,
                sha256,
            });
        }
        Ok(())
    }

    /// Writes one record's artefacts, its routing row, manifest line and report lines.
    pub fn commit(&mut self, mut f: Finished) -> Result<(), ExportError> {
        let stem = super::file_stem(&f.id);
        let mut outcomes = Outcomes::default();
        let mut outputs = Vec::new();
        let exported = f.is_record() && self.seen.insert(stem_key(&stem));
        if !exported {
            if f.is_record() {
                let d = Diagnostic::error(
                    Code::DuplicateId,
                    format!(
                        "{}: a record with the id `{}` (or the same file name) came earlier; this one is not exported",
                        f.origin, f.id
                    ),
                );
                f.diagnostic_lines = vec![d.to_string()];
                f.diagnostics_json = raw_json(&[&d]);
                f.severities = super::entry::count_severities(std::iter::once((d.severity, false)));
                f.route_json = raw_json(&());
            }
            for c in self.settings.channels.iter() {
                self.bump(c, Outcome::Failed, &mut outcomes);
            }
        } else {
            if let Some(email) = f.email.take() {
                let outcome = match email {
                    Ok(made) => {
                        outputs.push(self.write_email(&stem, &made)?);
                        Outcome::Written
                    }
                    Err(o) => o,
                };
                self.bump(Channel::Email, outcome, &mut outcomes);
            }
            for (channel, made) in [(Channel::Sms, f.sms.take()), (Channel::Chat, f.chat.take())] {
                let Some(made) = made else { continue };
                let path = self.dir.join(if channel == Channel::Sms {
                    files::SMS
                } else {
                    files::CHAT
                });
                let outcome = match (made, self.lines(channel)) {
                    (Ok(made), Some((out, count))) => {
                        let name = if channel == Channel::Sms {
                            files::SMS
                        } else {
                            files::CHAT
                        };
                        out.write_all(&made.bytes)
                            .and_then(|_| out.write_all(b"\n"))
                            .map_err(io(&path))?;
                        *count += 1;
                        outputs.push(OutputEntry {
                            channel,
                            file: name.into(),
                            line: Some(*count),
                            message: None,
                            sha256: made.sha256,
                        });
                        Outcome::Written
                    }
                    (Ok(_), None) => Outcome::Failed,
                    (Err(o), _) => o,
                };
                self.bump(channel, outcome, &mut outcomes);
            }
            if let Some(letter) = f.print.take() {
                let outcome = match letter {
                    Ok(made) => {
                        let n = self.letters;
                        self.letters += 1;
                        self.folder("print", n, false)?;
                        outputs.push(self.write_file(
                            &files::letter_file(n, &stem),
                            &made,
                            Channel::Print,
                        )?);
                        if let Some(run) = self.print_run.as_mut() {
                            run.add(&made.bytes)?;
                        }
                        Outcome::Written
                    }
                    Err(o) => o,
                };
                self.bump(Channel::Print, outcome, &mut outcomes);
            }
            // The routing row is written last, from what was written: `sent` means an
            // artefact listed in the manifest with its hash.
            if let Some(route) = &f.route {
                let cells = Channel::ALL.map(|c| cell(route, c, outcomes.get(c)));
                let row =
                    crate::routing::log::row(&f.id, &self.kind, &self.exported_at, route, &cells);
                let path = self.dir.join(crate::routing::log::FILE);
                self.log.write(&row).map_err(io(&path))?;
                self.tally.add_export(&cells);
            }
        }
        let entry = RecordEntry {
            index: f.index,
            id: &f.id,
            origin: &f.origin,
            route: &f.route_json,
            outcomes: &outcomes,
            outputs: &outputs,
            diagnostics: &f.diagnostics_json,
        };
        let mut line = serde_json::to_vec(&entry).expect("manifest lines always serialise");
        line.push(b'\n');
        let path = self.dir.join(files::ENTRIES);
        self.entries_out.write_all(&line).map_err(io(&path))?;
        self.entries += 1;
        for (totals, counts) in self.severities.iter_mut().zip(f.severities) {
            for (total, n) in totals.iter_mut().zip(counts) {
                *total += n;
            }
        }
        if !f.diagnostic_lines.is_empty() {
            use crate::diag::printable;
            let mut text = match f.id.as_str() {
                "" => format!("\n{}\n", f.origin),
                id => format!("\n{} ({})\n", printable(id), f.origin),
            };
            for d in &f.diagnostic_lines {
                text.push_str("  ");
                text.push_str(&printable(d));
                text.push('\n');
            }
            let path = self.dir.join(files::REPORT_PART);
            self.report_out
                .write_all(text.as_bytes())
                .map_err(io(&path))?;
        }
        Ok(())
    }

    fn lines(&mut self, c: Channel) -> Option<(&mut FileWriter, &mut usize)> {
        let lines = if c == Channel::Sms {
            &mut self.sms
        } else {
            &mut self.chat
        };
        lines.as_mut().map(|(w, n)| (w, n))
    }

    /// Flushes every file and describes the merged ones for the manifest.
    pub fn finish(mut self) -> Result<Written, ExportError> {
        self.finish_mbox()?;
        let dir = self.dir.clone();
        let hashed = |out: FileWriter, name: &str| -> Result<String, ExportError> {
            out.finish().map(|(_, h)| h).map_err(io(&dir.join(name)))
        };
        let mut merged = std::mem::take(&mut self.mbox_done);
        for (channel, lines, name) in [
            (Channel::Sms, self.sms.take(), files::SMS),
            (Channel::Chat, self.chat.take(), files::CHAT),
        ] {
            if let Some((out, _)) = lines {
                merged.push(OutputEntry {
                    channel,
                    file: name.into(),
                    line: None,
                    message: None,
                    sha256: hashed(out, name)?,
                });
            }
        }
        let part = dir.join(files::LETTERS_PART);
        match self.print_run.take() {
            Some(run) if self.letters > 0 => {
                let sha256 = hashed(run.finish()?, files::LETTERS_PART)?;
                let path = dir.join(files::LETTERS);
                std::fs::rename(&part, &path).map_err(io(&path))?;
                merged.push(OutputEntry {
                    channel: Channel::Print,
                    file: files::LETTERS.into(),
                    line: None,
                    message: None,
                    sha256,
                });
            }
            Some(_) => std::fs::remove_file(&part).map_err(io(&part))?,
            None => {}
        }
        let log_path = dir.join(crate::routing::log::FILE);
        let log = self.log.finish().map_err(io(&log_path))?;
        let logs = vec![LogFile {
            file: crate::routing::log::FILE.into(),
            sha256: hashed(log, crate::routing::log::FILE)?,
        }];
        self.report_out
            .flush()
            .map_err(io(&dir.join(files::REPORT_PART)))?;
        Ok(Written {
            counts: self.counts,
            tally: self.tally,
            severities: self.severities,
            records: self.entries,
            entries: LogFile {
                file: files::ENTRIES.into(),
                sha256: hashed(self.entries_out, files::ENTRIES)?,
            },
            merged,
            logs,
        })
    }
}

/// The routing log's cell of a channel, from routing's decision and what the export did.
fn cell(route: &crate::routing::Decision, c: Channel, outcome: Option<Outcome>) -> Cell {
    match (outcome, route.reason(c)) {
        (Some(Outcome::Written), _) => Cell::Sent,
        (Some(Outcome::Failed), _) => Cell::Failed,
        (Some(Outcome::NotSent) | None, Some(r)) => Cell::NotSent(r),
        // Left out by routing, yet with no reason: never expected, and never `sent`.
        (Some(Outcome::NotSent), None) => Cell::Failed,
        (None, None) => Cell::NotExported,
    }
}

/// A file stem as a 128-bit key: two differently seeded SipHashes, so that a million
/// stems are told apart without keeping them.
fn stem_key(stem: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    let half = |seed: u64| {
        let mut h = std::hash::DefaultHasher::new();
        seed.hash(&mut h);
        stem.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// `Thu Jan  1 00:00:00 1970`: the date in an mbox `From ` line (UTC).
fn asctime(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let (year, month, day) = crate::clock::civil_date(days as i64);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = secs % 86_400;
    format!(
        "{weekday} {} {day:>2} {:02}:{:02}:{:02} {year}",
        months[(month as usize).saturating_sub(1) % 12],
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn asctime_is_the_mbox_date() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_764_086_400);
        assert_eq!(super::asctime(t), "Tue Nov 25 16:00:00 2025");
        assert_eq!(
            super::asctime(std::time::UNIX_EPOCH),
            "Thu Jan  1 00:00:00 1970"
        );
    }
}
