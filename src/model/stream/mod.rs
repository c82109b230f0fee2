//! Customer records as a stream: the files are read a piece at a time and each record is
//! handed on as its raw bytes, so that only the records in flight are in memory however
//! large the data. Parsing a record into fields ([`Raw::parse`]) is left to whoever takes
//! it — the export's worker threads — so the reading thread only splits the input.

mod file;
mod json_array;

use super::data::{DataError, DataSource, Record, Records, csv_fields_to_value, id_of};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use file::{FileReader, json_message};

/// Most bytes of one record that are kept: a longer record (a JSON element or a JSON Lines
/// line) is skipped to its end and becomes that record's error; a longer CSV row stops the
/// file, since a CSV reader cannot find the next row without reading the long one. Real
/// records are kilobytes; 16 MiB leaves room for invoices of thousands of items.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Largest file of the form `{"records": [...]}`, which is parsed whole (a top-level list or
/// JSON Lines is read a record at a time, whatever its size).
pub const MAX_WRAPPED_BYTES: u64 = 256 * 1024 * 1024;

/// The path records written in the project are said to come from.
const INLINE: &str = "<inline records>";

/// One record as read, not yet parsed.
pub struct Raw {
    /// Position in the data (0-based), over all files.
    pub index: usize,
    /// The file it was read from; `<inline records>` for records written in the project.
    pub path: Arc<Path>,
    /// 1-based line where the record starts.
    pub line: usize,
    body: Body,
}

enum Body {
    /// A JSON value's text: an element of a top-level array, or a JSON Lines line.
    Json { bytes: Vec<u8>, jsonl: bool },
    /// A CSV row, with the file's header.
    Csv {
        row: csv::ByteRecord,
        header: Arc<csv::StringRecord>,
    },
    /// Already a value (inline records, or a file wrapped as `{"records": [...]}`).
    Value(Value),
    /// Longer than [`MAX_RECORD_BYTES`], not kept: its length.
    TooLarge { bytes: u64, jsonl: bool },
}

impl Raw {
    /// Where the record is, as error messages name it.
    pub fn origin(&self) -> String {
        match &self.body {
            Body::Json { jsonl: false, .. }
            | Body::TooLarge { jsonl: false, .. }
            | Body::Value(_) => {
                format!("record {}", self.index + 1)
            }
            _ => format!("line {}", self.line),
        }
    }

    /// Where the record is, for reports and manifests: [`Raw::origin`] in the data file
    /// named (`customers.csv line 4`, `customers.json record 2`); records written in the
    /// project are `record N`.
    pub fn place(&self) -> String {
        match self.path.file_name().map(|n| n.to_string_lossy()) {
            Some(n) if n != INLINE => format!("{n} {}", self.origin()),
            _ => self.origin(),
        }
    }

    /// The record's fields and id; an error names the file and the record's place in it.
    pub fn parse(self, source: &DataSource) -> Result<Record, DataError> {
        let origin = self.origin();
        let place = self.place();
        let shape = |message: String| DataError::Shape {
            path: self.path.to_path_buf(),
            location: origin.clone(),
            message,
        };
        let value = match self.body {
            Body::Json { bytes, .. } => {
                serde_json::from_slice::<Value>(&bytes).map_err(|e| DataError::Json {
                    path: self.path.to_path_buf(),
                    line: self.line + e.line() - 1,
                    col: e.column(),
                    message: json_message(&e),
                })?
            }
            Body::Csv { row, header } => {
                // A quote never closed swallows the rest of the file into the last field: it
                // then ends with a line end and holds whole rows.
                let swallowed = row.iter().next_back().is_some_and(|f| {
                    f.ends_with(b"\n") && f.split(|b| *b == b'\n').any(|l| l.contains(&b','))
                });
                if swallowed {
                    return Err(shape(
                        "a quoted field here is not closed: its `\"` has no partner, so the rest of the file was read as one value".into(),
                    ));
                }
                if row.len() != header.len() {
                    return Err(shape(format!(
                        "{} fields, but the header has {}",
                        row.len(),
                        header.len()
                    )));
                }
                csv_fields_to_value(source, &header, &row).map_err(shape)?
            }
            Body::Value(v) => v,
            Body::TooLarge { bytes, .. } => {
                return Err(shape(format!(
                    "the record is {bytes} bytes long; at most {} MiB are read per record",
                    MAX_RECORD_BYTES >> 20
                )));
            }
        };
        if !value.is_object() {
            return Err(shape("a record must be an object of fields".into()));
        }
        let id = id_of(&value, &source.id_field).ok_or_else(|| {
            shape(format!(
                "no `{}` field to identify the record",
                source.id_field
            ))
        })?;
        Ok(Record::new(id, place, value))
    }
}

/// Reads the records of a project's data files (or its inline records) one at a time.
/// An `Err` item is fatal: the input cannot be read on (I/O, or JSON whose structure is
/// broken). A single malformed record is not an `Err` here but when it is parsed.
pub struct RecordReader {
    files: VecDeque<PathBuf>,
    current: Option<FileReader>,
    inline: VecDeque<Value>,
    next_index: usize,
    /// The project's data settings (the id field, CSV columns).
    source: DataSource,
    /// Every byte read, for the data's fingerprint.
    hasher: Arc<Mutex<Sha256>>,
    /// Bytes read so far, and the size of all files: how far the reading is.
    read_bytes: Arc<AtomicU64>,
    total_bytes: u64,
    failed: bool,
}

/// The data files a project reads: `file` given on the command line, else the project's own.
/// `None` when the records are written into the project.
pub fn data_paths(source: &DataSource, file: Option<&Path>, base: &Path) -> Option<Vec<PathBuf>> {
    match (file, &source.file) {
        (Some(f), _) => Some(vec![f.to_path_buf()]),
        (None, Some(f)) => Some(
            std::iter::once(f)
                .chain(&source.more_files)
                .map(|f| base.join(f))
                .collect(),
        ),
        (None, None) => None,
    }
}

impl RecordReader {
    /// A reader of `file` when given (from the command line), else of what `source` names,
    /// its paths relative to `base` (the project's folder). Reads nothing yet: a file that
    /// cannot be opened comes as an `Err` item.
    pub fn open(source: &DataSource, file: Option<&Path>, base: &Path) -> RecordReader {
        let (files, inline) = match data_paths(source, file, base) {
            Some(paths) => (paths.into(), VecDeque::new()),
            None => (VecDeque::new(), source.records.iter().cloned().collect()),
        };
        let total_bytes = files
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        RecordReader {
            files,
            current: None,
            inline,
            source: source.clone(),
            next_index: 0,
            hasher: Arc::new(Mutex::new(Sha256::new())),
            read_bytes: Arc::new(AtomicU64::new(0)),
            total_bytes,
            failed: false,
        }
    }

    /// A counter of the bytes read, to follow from another thread, and the total.
    pub fn progress(&self) -> (Arc<AtomicU64>, u64) {
        (self.read_bytes.clone(), self.total_bytes)
    }

    /// Records handed out so far.
    pub fn records(&self) -> usize {
        self.next_index
    }

    /// SHA-256 over every byte read so far (of all files in order; of the inline records'
    /// JSON when the project holds them): after the last record, the data's fingerprint.
    pub fn fingerprint(&self) -> String {
        let h = self
            .hasher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        crate::digest::hex(&h.finalize())
    }

    fn raw(&mut self, path: Arc<Path>, line: usize, body: Body) -> Raw {
        let index = self.next_index;
        self.next_index += 1;
        Raw {
            index,
            path,
            line,
            body,
        }
    }
}

impl Iterator for RecordReader {
    type Item = Result<Raw, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Some(v) = self.inline.pop_front() {
            if let Ok(bytes) = serde_json::to_vec(&v) {
                self.hasher
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .update(bytes);
            }
            let line = self.next_index + 1;
            return Some(Ok(self.raw(Path::new(INLINE).into(), line, Body::Value(v))));
        }
        loop {
            if self.current.is_none() {
                let path = self.files.pop_front()?;
                match FileReader::open(
                    path,
                    &self.source,
                    self.hasher.clone(),
                    self.read_bytes.clone(),
                ) {
                    Ok(f) => self.current = Some(f),
                    Err(e) => {
                        self.failed = true;
                        return Some(Err(e));
                    }
                }
            }
            let file = self.current.as_mut()?;
            match file.next_body() {
                Ok(Some((line, body))) => {
                    let path = file.path.clone();
                    return Some(Ok(self.raw(path, line, body)));
                }
                Ok(None) => self.current = None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// Loads the records a project previews with: `file` relative to `base`
/// (usually the project's folder), else the inline records. The first malformed record
/// is an error (the export, which streams, reports it and goes on instead).
pub fn load_records(
    source: &DataSource,
    file: Option<&Path>,
    base: &Path,
) -> Result<Records, DataError> {
    RecordReader::open(source, file, base)
        .map(|raw| raw.and_then(|r| r.parse(source)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CsvField, FieldKind};

    fn load(name: &str, text: &[u8], source: &DataSource) -> Result<Records, DataError> {
        let dir = std::env::temp_dir().join(format!("prism-data-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(name);
        std::fs::write(&f, text).unwrap();
        let result = load_records(source, Some(&f), &dir);
        #[expect(
            clippy::let_underscore_must_use,
            reason = "cleaning up the test folder is best effort"
        )]
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    #[test]
    fn csv_with_bom_quotes_and_mapping() {
        let mut source = DataSource::default();
        source.csv_fields.insert(
            "consent_sms".into(),
            CsvField {
                path: "consent.sms".into(),
                kind: FieldKind::Bool,
            },
        );
        let text = "\u{feff}customer_id,name,consent_sms\nC-1,\"Doe, \"\"J\"\"\",yes\n".as_bytes();
        let r = load("a.csv", text, &source).unwrap();
        assert_eq!(r[0].id, "C-1");
        assert_eq!(r[0].get("name").unwrap(), "Doe, \"J\"");
        assert_eq!(r[0].get("consent.sms").unwrap(), &Value::Bool(true));
    }

    #[test]
    fn csv_errors_name_line_and_column() {
        let source = DataSource::default();
        let err = load("b.csv", b"customer_id,name\nC-1,a\nC-2,b,extra\n", &source).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        let err = load("c.csv", b"customer_id,name\nC-1,\xff\xfe\n", &source).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("line 2") && msg.contains("column 2 (name)"),
            "{msg}"
        );
        let err = load("d.csv", b"customer_id,name\n,x\n", &source).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn json_errors_have_position() {
        let source = DataSource::default();
        let err = load("bad.json", b"[\n {\"customer_id\": \"a\",}\n]", &source).unwrap_err();
        assert!(err.to_string().contains("bad.json:2:"), "{err}");
        let err = load("one.json", b"[1]", &source).unwrap_err();
        assert!(err.to_string().contains("record 1"), "{err}");
        let r = load("w.json", b"{\"records\": [{\"customer_id\": 7}]}", &source).unwrap();
        assert_eq!(r[0].id, "7");
        let err = load("l.jsonl", b"{\"customer_id\": 1}\n\n{oops}\n", &source).unwrap_err();
        assert!(err.to_string().contains("l.jsonl:3:"), "{err}");
    }
}
