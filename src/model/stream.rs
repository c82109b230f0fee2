//! Customer records as a stream: the files are read a piece at a time and each record is
//! handed on as its raw bytes, so that only the records in flight are in memory however
//! large the data. Parsing a record into fields ([`Raw::parse`]) is left to whoever takes
//! it — the export's worker threads — so the reading thread only splits the input.

use super::data::{DataError, DataSource, Record, csv_fields_to_value, id_of};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

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

struct FileReader {
    path: Arc<Path>,
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
    fn open(
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
                    message: super::data::describe_csv_error(&e, None),
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
    fn next_body(&mut self) -> Result<Option<(usize, Body)>, DataError> {
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
                            _ => super::data::describe_csv_error(&e, Some(header)),
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
fn json_message(e: &serde_json::Error) -> String {
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

enum Broken {
    Io(std::io::Error),
    Syntax { line: usize, message: String },
}

impl From<std::io::Error> for Broken {
    fn from(e: std::io::Error) -> Self {
        Broken::Io(e)
    }
}

/// Splits a top-level JSON array into its elements' texts without parsing them: it only
/// follows strings and nesting, which is all it takes to find where an element ends.
struct ArraySplitter<R> {
    input: R,
    /// The current line (1-based).
    line: usize,
    /// Elements handed out so far; `None` once the closing `]` was read.
    taken: Option<usize>,
}

impl<R: BufRead> ArraySplitter<R> {
    fn new(input: R) -> Self {
        ArraySplitter {
            input,
            line: 1,
            taken: Some(0),
        }
    }

    /// Skips whitespace; the next byte, not consumed.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let buf = self.input.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(None);
            };
            if !b.is_ascii_whitespace() {
                return Ok(Some(b));
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.input.consume(1);
        }
    }

    /// Reads the first byte of the document (`[` or `{`), consuming it.
    fn open(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if b.is_some() {
            self.input.consume(1);
        }
        Ok(b)
    }

    fn syntax(&self, message: &str) -> Broken {
        Broken::Syntax {
            line: self.line,
            message: message.into(),
        }
    }

    /// Copies the next element's text into `out` (at most [`MAX_RECORD_BYTES`] of it); its
    /// first line and whole length, or `None` after the last.
    fn element(&mut self, out: &mut Vec<u8>) -> Result<Option<(usize, u64)>, Broken> {
        let Some(taken) = self.taken else {
            return Ok(None);
        };
        if taken > 0 {
            match self.peek()? {
                Some(b',') => self.input.consume(1),
                Some(b']') => {
                    self.input.consume(1);
                    self.taken = None;
                    return self.after_end().map(|_| None);
                }
                _ => return Err(self.syntax("expected `,` or `]` after a record")),
            }
        }
        match self.peek()? {
            Some(b']') if taken == 0 => {
                self.input.consume(1);
                self.taken = None;
                return self.after_end().map(|_| None);
            }
            None => return Err(self.syntax("the list of records is not closed with `]`")),
            _ => {}
        }
        let start = self.line;
        let len = self.copy_value(out)?;
        self.taken = Some(taken + 1);
        Ok(Some((start, len)))
    }

    /// Only whitespace may follow the closing `]`.
    fn after_end(&mut self) -> Result<(), Broken> {
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(self.syntax("text after the end of the list of records")),
        }
    }

    /// Copies one value: up to its matching close for objects and arrays, else up to the
    /// next `,`, `]` or whitespace outside a string. Past [`MAX_RECORD_BYTES`] it only
    /// scans on to the end; the value's whole length.
    fn copy_value(&mut self, out: &mut Vec<u8>) -> Result<u64, Broken> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut len = 0u64;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Err(self.syntax("the file ends inside a record"));
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_string {
                    match b {
                        _ if escaped => escaped = false,
                        b'\\' => escaped = true,
                        b'"' => in_string = false,
                        b'\n' => self.line += 1,
                        _ => {}
                    }
                    if !in_string && depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b']' | b'}' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    b'\n' => self.line += 1,
                    _ if depth == 0 && b.is_ascii_whitespace() => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let n = end.unwrap_or(buf.len());
            let room = (MAX_RECORD_BYTES + 1).saturating_sub(out.len() as u64) as usize;
            out.extend_from_slice(&buf[..n.min(room)]);
            self.input.consume(n);
            len += n as u64;
            if end.is_some() {
                return Ok(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<Vec<String>, String> {
        let mut s = ArraySplitter::new(text.as_bytes());
        assert_eq!(s.open().unwrap(), Some(b'['));
        let mut out = Vec::new();
        loop {
            let mut b = Vec::new();
            match s.element(&mut b) {
                Ok(Some(_)) => out.push(String::from_utf8(b).unwrap()),
                Ok(None) => return Ok(out),
                Err(Broken::Syntax { line, message }) => return Err(format!("{line}: {message}")),
                Err(Broken::Io(e)) => return Err(e.to_string()),
            }
        }
    }

    #[test]
    fn splits_elements_with_strings_and_nesting() {
        let got = split("[ {\"a\": \"x],}\\\"\"}, [1,[2]],\n 3 ,\"s,\" , null]\n").unwrap();
        assert_eq!(
            got,
            ["{\"a\": \"x],}\\\"\"}", "[1,[2]]", "3", "\"s,\"", "null"]
        );
        assert_eq!(split("[]").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn broken_arrays_are_errors_with_lines() {
        assert!(
            split("[{\"a\":1}\n{\"b\":2}]")
                .unwrap_err()
                .starts_with("2:")
        );
        assert!(split("[{\"a\":1},").is_err());
        assert!(split("[{\"a\":1").is_err());
        assert!(split("[1] x").is_err());
    }
}
