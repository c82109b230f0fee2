//! Reading one data file: its kind (a JSON array, JSON Lines, CSV, or `{"records": [...]}`)
//! from its name and first byte, a record at a time within [`MAX_RECORD_BYTES`], hashing
//! what passes through.

use crate::model::data::{DataError, DataSource};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::json_array::{ArraySplitter, Broken};
use super::{Body, MAX_RECORD_BYTES, MAX_WRAPPED_BYTES};

/// Hashes what passes through it into the reader's shared hasher.
struct Hashing<R> {
    inner: R,
    hasher: Arc<Mutex<Sha256>>,
    read_bytes: Arc<AtomicU64>,
    /// An offset in the file (of `read_bytes`) not to read past: how a CSV row is bounded,
    /// as the CSV reader reads a whole row before it returns.
    stop_at: Arc<AtomicU64>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let at = self.read_bytes.load(Ordering::Relaxed);
        if at >= self.stop_at.load(Ordering::Relaxed) {
            return Err(std::io::Error::other(TooLong));
        }
        let n = self.inner.read(buf)?;
        self.hasher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .update(&buf[..n]);
        self.read_bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The error a bounded read stops with.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "longer than {} MiB", MAX_RECORD_BYTES >> 20)
    }
}

impl std::error::Error for TooLong {}

type Input = BufReader<Hashing<std::fs::File>>;

/// How big the buffer of a data file is: large reads, few system calls.
const READ_BUFFER_BYTES: usize = 256 * 1024;

pub(super) struct FileReader {
    pub(super) path: Arc<Path>,
    kind: Kind,
}

enum Kind {
    JsonArray(ArraySplitter<Input>),
    JsonLines {
        input: Input,
        line: usize,
    },
    Csv {
        reader: csv::Reader<Input>,
        header: Arc<csv::StringRecord>,
        /// The input's [`Hashing::stop_at`] and the count it is set from.
        stop_at: Arc<AtomicU64>,
        read_bytes: Arc<AtomicU64>,
    },
    /// `{"records": [...]}`, read whole (the wrapped form cannot be split without parsing).
    Values(std::vec::IntoIter<Value>),
}

impl FileReader {
    pub(super) fn open(
        path: PathBuf,
        source: &DataSource,
        hasher: Arc<Mutex<Sha256>>,
        read_bytes: Arc<AtomicU64>,
    ) -> Result<FileReader, DataError> {
        let io = |e| DataError::Io {
            path: path.clone(),
            source: e,
        };
        // Checked before opening: opening a FIFO blocks until someone writes, and a device
        // such as /dev/zero has no end. (A folder fails to read with its own clear error.)
        let meta = std::fs::metadata(&path).map_err(io)?;
        if !meta.is_file() && !meta.is_dir() {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        let file = std::fs::File::open(&path).map_err(io)?;
        // Unbounded until a CSV row sets a bound.
        let stop_at = Arc::new(AtomicU64::new(u64::MAX));
        let mut input = BufReader::with_capacity(
            READ_BUFFER_BYTES,
            Hashing {
                inner: file,
                hasher,
                read_bytes: read_bytes.clone(),
                stop_at: stop_at.clone(),
            },
        );
        skip_bom(&mut input).map_err(io)?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let kind = match ext.as_deref() {
            Some("json") => {
                let mut splitter = ArraySplitter::new(input);
                match splitter.open().map_err(io)? {
                    Some(b'[') => Kind::JsonArray(splitter),
                    Some(b'{') => Kind::Values(wrapped_records(&path, splitter)?.into_iter()),
                    None => {
                        return Err(DataError::Shape {
                            path,
                            location: "top level".into(),
                            message: "the file is empty; expected a list of records".into(),
                        });
                    }
                    _ => return Err(not_a_list(&path)),
                }
            }
            Some("jsonl" | "ndjson") => Kind::JsonLines { input, line: 0 },
            Some("csv") => {
                let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
                bound_row(&stop_at, &read_bytes);
                let header = reader.headers().map_err(|e| DataError::Csv {
                    path: path.clone(),
                    message: crate::model::data::describe_csv_error(&e, None),
                })?;
                let header = Arc::new(header.clone());
                let names_id = |name: &str| match source.csv_fields.get(name) {
                    Some(f) => f.path == source.id_field,
                    None => name == source.id_field,
                };
                if !header.iter().any(names_id) {
                    return Err(DataError::Csv {
                        path: path.clone(),
                        message: format!(
                            "the header has no `{}` column to identify records (it has: {})",
                            source.id_field,
                            header.iter().collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
                Kind::Csv {
                    reader,
                    header,
                    stop_at,
                    read_bytes,
                }
            }
            _ => return Err(DataError::Format { path }),
        };
        Ok(FileReader {
            path: path.into(),
            kind,
        })
    }

    /// The next record's line and body; `None` at the end of the file.
    pub(super) fn next_body(&mut self) -> Result<Option<(usize, Body)>, DataError> {
        let path = &self.path;
        let io = |e| DataError::Io {
            path: path.to_path_buf(),
            source: e,
        };
        match &mut self.kind {
            Kind::JsonArray(s) => {
                let mut bytes = Vec::new();
                match s.element(&mut bytes) {
                    Ok(Some((line, len))) if len > MAX_RECORD_BYTES => Ok(Some((
                        line,
                        Body::TooLarge {
                            bytes: len,
                            jsonl: false,
                        },
                    ))),
                    Ok(Some((line, _))) => Ok(Some((
                        line,
                        Body::Json {
                            bytes,
                            jsonl: false,
                        },
                    ))),
                    Ok(None) => Ok(None),
                    Err(Broken::Io(e)) => Err(io(e)),
                    Err(Broken::Syntax { line, message }) => Err(DataError::Json {
                        path: path.to_path_buf(),
                        line,
                        col: 0,
                        message,
                    }),
                }
            }
            Kind::JsonLines { input, line } => loop {
                let mut bytes = Vec::new();
                let len = read_line_bounded(input, &mut bytes).map_err(io)?;
                if len == 0 {
                    return Ok(None);
                }
                *line += 1;
                if len > MAX_RECORD_BYTES {
                    let body = Body::TooLarge {
                        bytes: len,
                        jsonl: true,
                    };
                    return Ok(Some((*line, body)));
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                // Without its line end, an error in the line is placed on it.
                while bytes.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
                    bytes.pop();
                }
                return Ok(Some((*line, Body::Json { bytes, jsonl: true })));
            },
            Kind::Csv {
                reader,
                header,
                stop_at,
                read_bytes,
            } => {
                let mut row = csv::ByteRecord::new();
                bound_row(stop_at, read_bytes);
                match reader.read_byte_record(&mut row) {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        let line = row.position().map_or(0, |p| p.line() as usize);
                        let header = header.clone();
                        Ok(Some((line, Body::Csv { row, header })))
                    }
                    Err(e) => Err(DataError::Csv {
                        path: path.to_path_buf(),
                        message: match e.kind() {
                            csv::ErrorKind::Io(io)
                                if io.get_ref().is_some_and(|e| e.is::<TooLong>()) =>
                            {
                                format!(
                                    "after line {}: a row longer than {} MiB (a quote that is never closed?); the rest of the file cannot be read",
                                    reader.position().line(),
                                    MAX_RECORD_BYTES >> 20
                                )
                            }
                            _ => crate::model::data::describe_csv_error(&e, Some(header)),
                        },
                    }),
                }
            }
            Kind::Values(values) => Ok(values.next().map(|v| (0, Body::Value(v)))),
        }
    }
}

/// Lets the CSV reader read one more row of at most [`MAX_RECORD_BYTES`] (plus what its
/// buffers hold ahead).
fn bound_row(stop_at: &AtomicU64, read_bytes: &AtomicU64) {
    let slack = 2 * READ_BUFFER_BYTES as u64;
    stop_at.store(
        read_bytes.load(Ordering::Relaxed) + MAX_RECORD_BYTES + slack,
        Ordering::Relaxed,
    );
}

/// Reads a line (with its `\n`) into `out`, keeping at most [`MAX_RECORD_BYTES`] of it; the
/// line's whole length, 0 at the end of the input.
fn read_line_bounded(input: &mut impl BufRead, out: &mut Vec<u8>) -> std::io::Result<u64> {
    let mut len = 0u64;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(len);
        }
        let (n, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = (MAX_RECORD_BYTES + 1).saturating_sub(out.len() as u64) as usize;
        out.extend_from_slice(&buf[..n.min(room)]);
        input.consume(n);
        len += n as u64;
        if done {
            return Ok(len);
        }
    }
}

/// serde_json's message without the position it appends ("at line 1 column 38"): the
/// position is given as the file's own line and column in front.
pub(super) fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn not_a_list(path: &Path) -> DataError {
    DataError::Shape {
        path: path.to_path_buf(),
        location: "top level".into(),
        message: "expected a list of records (or {\"records\": [...]})".into(),
    }
}

/// The records of a file of the form `{"records": [...]}`.
fn wrapped_records(path: &Path, mut s: ArraySplitter<Input>) -> Result<Vec<Value>, DataError> {
    let mut bytes = vec![b'{'];
    (&mut s.input)
        .take(MAX_WRAPPED_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| DataError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
    if s.input.fill_buf().is_ok_and(|rest| !rest.is_empty()) {
        return Err(DataError::Shape {
            path: path.to_path_buf(),
            location: "top level".into(),
            message: format!(
                "a file of the form {{\"records\": [...]}} is read whole, up to {} MiB; give larger data as a list of records or as JSON Lines",
                MAX_WRAPPED_BYTES >> 20
            ),
        });
    }
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| DataError::Json {
        path: path.to_path_buf(),
        line: s.line + e.line() - 1,
        col: e.column(),
        message: json_message(&e),
    })?;
    match value {
        Value::Object(mut m) => match m.remove("records") {
            Some(Value::Array(a)) => Ok(a),
            _ => Err(not_a_list(path)),
        },
        _ => Err(not_a_list(path)),
    }
}

fn skip_bom(input: &mut impl BufRead) -> std::io::Result<()> {
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}
