//! The files of an export folder: where each artefact goes, the writers that hash what they
//! write, and the readers that find the lines and mbox messages again (verify, resume, merge).

use crate::digest::sha256_hex;
use sha2::{Digest, Sha256};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Artefacts per numbered subfolder (`email/000/`, `print/000/`) or mbox batch: few enough
/// for any file system and file manager.
pub const FILES_PER_FOLDER: usize = 10_000;

/// The summary of a finished export ([`super::Manifest`]), written last.
pub const MANIFEST: &str = "manifest.json";
/// Every record's line of the manifest, appended as the export runs.
pub const ENTRIES: &str = "manifest.jsonl";
/// The report for people: the summary, then each record's diagnostics.
pub const REPORT: &str = "report.txt";
/// The report's per-record part while the export runs; `report.txt` is the summary and this.
pub const REPORT_PART: &str = "report.txt.part";
/// Every letter in data order as one PDF, when the export is asked for it.
pub const LETTERS: &str = "letters.pdf";
/// `letters.pdf` while it is written; renamed when the export finishes (removed if no letter).
pub const LETTERS_PART: &str = "letters.pdf.part";
/// Every record's SMS payload, a JSON line each, in data order.
pub const SMS: &str = "sms.jsonl";
/// Every record's chat payload, a JSON line each, in data order.
pub const CHAT: &str = "chat.jsonl";

/// The numbered folder of the `n`-th artefact (0-based) of a kind.
fn batch(n: usize) -> String {
    format!("{:03}", n / FILES_PER_FOLDER)
}

/// `email/000/ID.eml` for the `n`-th email written.
pub fn email_file(n: usize, stem: &str) -> String {
    format!("email/{}/{stem}.eml", batch(n))
}

/// `email/000.mbox`, and the message's 1-based place in it, for the `n`-th email.
pub fn mbox_file(n: usize) -> (String, usize) {
    (format!("email/{}.mbox", batch(n)), n % FILES_PER_FOLDER + 1)
}

/// `print/000/ID.pdf` for the `n`-th letter written.
pub fn letter_file(n: usize, stem: &str) -> String {
    format!("print/{}/{stem}.pdf", batch(n))
}

/// Whether `file` (from a manifest) names a per-record file of an export: a relative path
/// below `email/` or `print/`, never out of the folder.
pub fn is_inside(file: &str) -> bool {
    use std::path::Component;
    let path = Path::new(file);
    (file.starts_with("email/") || file.starts_with("print/"))
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Whether `dir` holds a Prism export, finished or not.
pub fn holds_export(dir: &Path) -> bool {
    dir.join(MANIFEST).exists() || dir.join(super::INCOMPLETE_MARKER).exists()
}

/// The name of some entry in `dir` (the first the system lists), or `None` when it is empty.
pub fn first_entry(dir: &Path) -> std::io::Result<Option<String>> {
    let mut entries = std::fs::read_dir(dir)?;
    entries
        .next()
        .transpose()
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
}

/// Removes what an earlier export wrote into `dir`, recognised by name, and nothing else.
pub fn clear_export(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if matches!(name.as_str(), "approval" | "email" | "print")
                || name.starts_with(".prism-resume")
            {
                std::fs::remove_dir_all(&path)?;
            }
            continue;
        }
        let ours = [
            ".eml",
            ".pdf",
            ".jsonl",
            ".part",
            MANIFEST,
            REPORT,
            crate::routing::log::FILE,
            super::INCOMPLETE_MARKER,
        ];
        if ours.iter().any(|s| name.ends_with(s)) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Buffers writes to a file and hashes every byte on its way (files made of many records
/// are listed in the manifest without reading them back).
pub struct HashingWriter<W: Write> {
    inner: std::io::BufWriter<W>,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner` with a 256 KiB buffer and a fresh hash.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner: std::io::BufWriter::with_capacity(256 * 1024, inner),
            hasher: Sha256::new(),
        }
    }

    /// Flushes, and returns the writer with the hex SHA-256 of everything written.
    pub fn finish(self) -> std::io::Result<(W, String)> {
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

/// A hashing writer onto a file: how every stream of an export is written.
pub type FileWriter = HashingWriter<std::fs::File>;

/// Creates a file to write an export's stream into.
pub fn create(path: &Path) -> std::io::Result<FileWriter> {
    Ok(HashingWriter::new(std::fs::File::create(path)?))
}

/// Reads a file of lines (`.jsonl`, `manifest.jsonl`) one at a time, hashing what it has
/// handed out: the prefix of a file a resumed export keeps.
pub struct Lines {
    input: std::io::BufReader<std::fs::File>,
    /// The file it reads, as given to [`Lines::open`].
    pub path: PathBuf,
    /// Hash of every complete line read so far, newlines included.
    pub hasher: Sha256,
    /// Lines read so far.
    pub count: usize,
}

impl Lines {
    /// Opens `path` to read from its start, with nothing hashed or counted yet.
    pub fn open(path: &Path) -> std::io::Result<Lines> {
        Ok(Lines {
            input: std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(path)?),
            path: path.to_path_buf(),
            hasher: Sha256::new(),
            count: 0,
        })
    }

    /// The next complete line, without its newline; `None` at the end or at a last line cut
    /// short (no newline: an export killed while writing it).
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<()>> {
        buf.clear();
        self.input.read_until(b'\n', buf)?;
        if buf.last() != Some(&b'\n') {
            return Ok(None);
        }
        self.hasher.update(&buf[..]);
        self.count += 1;
        buf.pop();
        Ok(Some(()))
    }
}

/// Writes emails into mbox batches (RFC 4155): each message after a `From ` line, its lines
/// ending in LF, lines that start with `>*From ` quoted with one more `>` (mboxrd), and a
/// blank line after it.
pub struct Mbox {
    /// The `From ` line written before each message, newline included; the same for the
    /// whole export (sender and the export's date).
    pub from_line: String,
}

impl Mbox {
    /// The message as it is stored in the mbox, without the `From ` line and the blank line
    /// after it: what the manifest hashes.
    pub fn stored(eml: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(eml.len() + 64);
        for line in eml.split_inclusive(|b| *b == b'\n') {
            let body = line.strip_suffix(b"\n").unwrap_or(line);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            if body
                .iter()
                .position(|b| *b != b'>')
                .is_some_and(|i| body[i..].starts_with(b"From "))
            {
                out.push(b'>');
            }
            out.extend_from_slice(body);
            out.push(b'\n');
        }
        out
    }

    /// Appends one message, already in its stored form ([`Mbox::stored`]), after the
    /// `From ` line and followed by a blank line.
    pub fn write(&self, out: &mut impl Write, stored: &[u8]) -> std::io::Result<()> {
        out.write_all(self.from_line.as_bytes())?;
        out.write_all(stored)?;
        out.write_all(b"\n")
    }
}

/// Reads the messages of an mbox written by [`Mbox`] one at a time, hashing what it has read.
pub struct MboxReader {
    lines: Lines,
    /// The next message's `From ` line, already read.
    pending_from: bool,
    line: Vec<u8>,
}

impl MboxReader {
    /// Opens an mbox to read its messages from the start.
    pub fn open(path: &Path) -> std::io::Result<MboxReader> {
        Ok(MboxReader {
            lines: Lines::open(path)?,
            pending_from: false,
            line: Vec::new(),
        })
    }

    /// The next message as stored (see [`Mbox::stored`]); `None` at the end, or when the last
    /// message was cut short.
    pub fn next_message(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        if !self.pending_from {
            if self.lines.next_line(&mut self.line)?.is_none() {
                return Ok(None);
            }
            if !self.line.starts_with(b"From ") {
                return Err(std::io::Error::other(
                    "an mbox message must start with `From `",
                ));
            }
        }
        self.pending_from = false;
        let mut message = Vec::new();
        let mut blank = false;
        loop {
            match self.lines.next_line(&mut self.line)? {
                None if blank => return Ok(Some(message)),
                None => return Ok(None),
                Some(()) if blank && self.line.starts_with(b"From ") => {
                    self.pending_from = true;
                    return Ok(Some(message));
                }
                Some(()) => {
                    if blank {
                        message.push(b'\n');
                    }
                    blank = self.line.is_empty();
                    if !blank {
                        message.extend_from_slice(&self.line);
                        message.push(b'\n');
                    }
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_round_trip() {
        let dir = std::env::temp_dir().join(format!("prism-mbox-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.mbox");
        let mbox = Mbox {
            from_line: "From a@b Thu Jan  1 00:00:00 1970\n".into(),
        };
        let a = Mbox::stored(b"Subject: a\r\n\r\nFrom here\r\n>From there\r\n\r\n\r\nend\r\n");
        let b = Mbox::stored(b"Subject: b\r\n\r\nx\r\n");
        assert!(a.windows(7).any(|w| w == b"\n>From "));
        assert!(a.windows(8).any(|w| w == b"\n>>From "));
        let mut out = Vec::new();
        mbox.write(&mut out, &a).unwrap();
        mbox.write(&mut out, &b).unwrap();
        std::fs::write(&path, &out).unwrap();
        let mut r = MboxReader::open(&path).unwrap();
        assert_eq!(r.next_message().unwrap().unwrap(), a);
        assert_eq!(r.next_message().unwrap().unwrap(), b);
        assert!(r.next_message().unwrap().is_none());
        // Cut inside the second message: only the first is whole.
        std::fs::write(&path, &out[..out.len() - 4]).unwrap();
        let mut r = MboxReader::open(&path).unwrap();
        assert_eq!(r.next_message().unwrap().unwrap(), a);
        assert!(r.next_message().unwrap().is_none());
        #[expect(
            clippy::let_underscore_must_use,
            reason = "cleaning up the test folder is best effort"
        )]
        let _ = std::fs::remove_dir_all(&dir);
    }
}
