//! `routing.csv`: the decision for every record of an export, a row each. It is the report
//! of what went where and why, and the history the next export's frequency cap counts.

use super::{Decision, channel_title};
use crate::model::Channel;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The log's file name in an export folder.
pub const FILE: &str = "routing.csv";

/// The column names, the log's first row; [`row`] fills a row in this order.
pub const HEADER: [&str; 11] = [
    "record",
    "kind",
    "exported_at",
    "chosen",
    "email",
    "sms",
    "chat",
    "print",
    "preferred",
    "fallback",
    "evidence",
];

/// The row of one record: each channel column says `sent` or the reason code.
pub fn row(id: &str, kind: &str, exported_at: &str, d: &Decision) -> [String; 11] {
    let cell = |c: Channel| {
        d.reason(c)
            .map_or("sent".to_owned(), |r| r.code().to_owned())
    };
    let evidence = d
        .chosen
        .iter()
        .map(|c| format!("{}: {}", channel_title(c), d.evidence[c as usize]))
        .collect::<Vec<_>>()
        .join("; ");
    [
        id.to_owned(),
        kind.to_owned(),
        exported_at.to_owned(),
        d.chosen_names(),
        cell(Channel::Email),
        cell(Channel::Sms),
        cell(Channel::Chat),
        cell(Channel::Print),
        d.preferred.map_or(String::new(), |c| c.name().to_owned()),
        d.fallback.clone().unwrap_or_default(),
        evidence,
    ]
}

/// Writes `routing.csv` row by row.
pub struct LogWriter<W: Write> {
    out: csv::Writer<W>,
}

impl LogWriter<std::io::BufWriter<std::fs::File>> {
    /// Creates `routing.csv` in `dir` and writes its header.
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::create(dir.join(FILE))?;
        LogWriter::new(std::io::BufWriter::new(file))
    }
}

impl<W: Write> LogWriter<W> {
    /// A log written into `out`, its header row first.
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(HEADER).map_err(std::io::Error::other)?;
        Ok(LogWriter { out })
    }

    /// Writes one record's row (see [`row`]).
    pub fn write(&mut self, row: &[String; 11]) -> std::io::Result<()> {
        self.out.write_record(row).map_err(std::io::Error::other)
    }

    /// Flushes the rows and hands back the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// The log of an earlier export: `DIR/routing.csv`, or the file itself.
pub fn path_of(dir_or_file: &Path) -> PathBuf {
    if dir_or_file.is_dir() {
        dir_or_file.join(FILE)
    } else {
        dir_or_file.to_path_buf()
    }
}
