//! Customer records: loaded from JSON or CSV beside the project, or inline.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a project's sample records come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataSource {
    /// A `.json` or `.csv` file, relative to the project file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Further files whose records follow those of `file` (records of one's own beside an
    /// unchanged export); not read when other data is given on the command line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_files: Vec<String>,
    /// Records written into the project itself (used when `file` is `None`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<Value>,
    /// The field that identifies a record (file names, manifest, record picker).
    pub id_field: String,
    /// How flat CSV columns map onto the nested fields the templates use.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub csv_fields: BTreeMap<String, CsvField>,
}

impl Default for DataSource {
    fn default() -> Self {
        DataSource {
            file: None,
            more_files: Vec::new(),
            records: Vec::new(),
            id_field: "customer_id".into(),
            csv_fields: BTreeMap::new(),
        }
    }
}

/// A CSV column's place in the record: a dotted path and how to read the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvField {
    /// Where the column's value goes, e.g. `consent.email` for `{{ consent.email }}`.
    pub path: String,
    /// How to read the column's text; `Text` unless set.
    #[serde(default)]
    pub kind: FieldKind,
}

/// How a CSV column's text becomes a field value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    /// The text as it is.
    #[default]
    Text,
    /// yes/no, true/false, ja/nein, 1/0.
    Bool,
}

/// One customer record.
#[derive(Debug, Clone)]
pub struct Record {
    /// The value of the project's `data.id_field`, as text.
    pub id: String,
    /// Where it came from, for messages ("row 4", "record 2").
    pub origin: String,
    /// The fields as read: a JSON object, nested objects and lists allowed.
    pub fields: Value,
    /// The same fields as a template value, converted once at load.
    pub value: minijinja::Value,
}

impl Record {
    /// A record of `fields`, converted to a template value here, once.
    pub fn new(id: String, origin: String, fields: Value) -> Record {
        let value = minijinja::Value::from(minijinja::value::Serde(&fields));
        Record {
            id,
            origin,
            fields,
            value,
        }
    }

    /// The record with the text `value` at the dotted `path` (made where missing): how a
    /// customer is shown in another of a message's languages (the previews' language
    /// picker, proof packs and diffs that cover every language).
    pub fn with_text(&self, path: &str, value: &str) -> Record {
        let mut fields = self.fields.clone();
        let mut at = &mut fields;
        for part in path.split('.') {
            if !at.is_object() {
                *at = Value::Object(Default::default());
            }
            let Value::Object(map) = at else {
                unreachable!("made an object above")
            };
            at = map.entry(part).or_insert(Value::Null);
        }
        *at = Value::from(value);
        Record::new(self.id.clone(), self.origin.clone(), fields)
    }

    /// The value at a dotted path such as `invoice.items`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(&self.fields, |v, key| match v {
            Value::Object(m) => m.get(key),
            Value::Array(a) => key.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        })
    }
}

/// Customer records, in data order.
pub type Records = Vec<Record>;

/// Why customer records could not be read; each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A data file cannot be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The data file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A record, or the file's structure, is not valid JSON.
    #[error("{}:{line}{}: invalid JSON: {message}", path.display(), column(*col))]
    Json {
        /// The data file.
        path: PathBuf,
        /// Line in the file, from 1.
        line: usize,
        /// Column, from 1; 0 when not known.
        col: usize,
        /// The JSON parser's description.
        message: String,
    },
    /// Readable, but not a record: not an object, no id, too large, or a CSV row with the
    /// wrong number of fields.
    #[error("{path}: {location}: {message}")]
    Shape {
        /// The data file.
        path: PathBuf,
        /// Where in the file: "record 2", "line 4" or "top level".
        location: String,
        /// What is wrong.
        message: String,
    },
    /// The CSV file cannot be read on: a bad header, no id column, bad UTF-8, an endless row.
    #[error("{path}: {message}")]
    Csv {
        /// The data file.
        path: PathBuf,
        /// What is wrong, with the line (and column) where known.
        message: String,
    },
    /// The file name ends in none of `.json`, `.jsonl`, `.ndjson`, `.csv`.
    #[error("{path}: unknown data format (use .json, .jsonl, .ndjson or .csv)")]
    Format {
        /// The data file.
        path: PathBuf,
    },
}

/// `:col` after a line number, or nothing when the column is not known (0).
fn column(col: usize) -> String {
    if col == 0 {
        String::new()
    } else {
        format!(":{col}")
    }
}

pub(super) fn id_of(v: &Value, field: &str) -> Option<String> {
    match v.get(field)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A CSV row as nested fields, through the project's column mapping. An error names the
/// column.
pub(super) fn csv_fields_to_value(
    source: &DataSource,
    header: &csv::StringRecord,
    row: &csv::ByteRecord,
) -> Result<Value, String> {
    let mut fields = Value::Object(Map::new());
    for (col, (name, bytes)) in header.iter().zip(row.iter()).enumerate() {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            format!(
                "column {} ({name}): not valid UTF-8 (save the file as UTF-8)",
                col + 1
            )
        })?;
        let (target, value) = match source.csv_fields.get(name) {
            Some(f) => (
                f.path.as_str(),
                convert(text, f.kind).ok_or_else(|| {
                    format!("column {} ({name}): `{text}` is not yes/no", col + 1)
                })?,
            ),
            None => (name, Value::String(text.to_owned())),
        };
        insert_path(&mut fields, target, value);
    }
    Ok(fields)
}

pub(super) fn describe_csv_error(e: &csv::Error, headers: Option<&csv::StringRecord>) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => {
            let column = err.field() + 1;
            let name = headers.and_then(|h| h.get(err.field())).unwrap_or("?");
            let line = pos.as_ref().map_or(0, |p| p.line());
            format!(
                "line {line}, column {column} ({name}): not valid UTF-8 (save the file as UTF-8)"
            )
        }
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let line = pos.as_ref().map_or(0, |p| p.line());
            format!("line {line}: {len} fields, but the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}

fn convert(text: &str, kind: FieldKind) -> Option<Value> {
    match kind {
        FieldKind::Text => Some(Value::String(text.to_owned())),
        FieldKind::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "ja" | "j" | "1" | "x" => Some(Value::Bool(true)),
            "no" | "n" | "false" | "nein" | "0" | "" => Some(Value::Bool(false)),
            _ => None,
        },
    }
}

fn insert_path(root: &mut Value, path: &str, value: Value) {
    let mut node = root;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Value::Object(map) = node else { return };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        node = map
            .entry(part.to_owned())
            .and_modify(|v| {
                if !v.is_object() {
                    *v = Value::Object(Map::new());
                }
            })
            .or_insert_with(|| Value::Object(Map::new()));
    }
}
