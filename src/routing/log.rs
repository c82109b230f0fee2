//! `routing.csv`: what became of every record of an export, a row each: routing's decision,
//! and per channel `sent` for an artefact written and listed, or why not. It is the report of
//! what went where and why, and the history the next export's frequency cap counts (only
//! what was sent). `prism route` writes a plan with other columns: nothing is sent there.

use super::{Decision, Reason};
use crate::model::Channel;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The log's file name in an export folder.
pub const FILE: &str = "routing.csv";

/// The column names, the log's first row; [`row`] fills a row in this order. `chosen` is
/// routing's decision, `sent` the channels whose artefact the export wrote and listed.
pub const HEADER: [&str; 12] = [
    "record",
    "kind",
    "exported_at",
    "chosen",
    "sent",
    "email",
    "sms",
    "chat",
    "print",
    "preferred",
    "fallback",
    "evidence",
];

/// The columns of `prism route`, which is a plan: nothing is exported, nothing sent.
pub const PLAN_HEADER: [&str; 9] = [
    "record",
    "kind",
    "chosen",
    "email",
    "sms",
    "chat",
    "print",
    "preferred",
    "fallback",
];

/// What became of one channel of one record in an export: the log's cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The artefact was written into the export and listed with its hash.
    Sent,
    /// Routing left the channel out, for this reason.
    NotSent(Reason),
    /// Routing chose the channel, but its artefact failed with an error (the report and the
    /// manifest say which): nothing was written.
    Failed,
    /// Routing chose the channel, but the export did not include it (`--channels`).
    NotExported,
}

impl Cell {
    /// `sent`, the routing reason's code, `failed` or `not-exported`.
    pub fn code(self) -> &'static str {
        match self {
            Cell::Sent => "sent",
            Cell::NotSent(r) => r.code(),
            Cell::Failed => "failed",
            Cell::NotExported => "not-exported",
        }
    }
}

/// The channels of `cells` that were sent, joined by `+`.
fn sent_names(cells: &[Cell; 4]) -> String {
    Channel::ALL
        .into_iter()
        .filter(|c| cells[*c as usize] == Cell::Sent)
        .map(Channel::name)
        .collect::<Vec<_>>()
        .join("+")
}

/// The row of one exported record: each channel column says `sent` only for an artefact
/// the export wrote, else why not.
pub fn row(
    id: &str,
    kind: &str,
    exported_at: &str,
    d: &Decision,
    cells: &[Cell; 4],
) -> [String; 12] {
    let evidence = d
        .chosen
        .iter()
        .map(|c| format!("{}: {}", c.noun(), d.evidence[c as usize]))
        .collect::<Vec<_>>()
        .join("; ");
    let [email, sms, chat, print] = cells.map(|c| c.code().to_owned());
    [
        id.to_owned(),
        kind.to_owned(),
        exported_at.to_owned(),
        d.chosen_names(),
        sent_names(cells),
        email,
        sms,
        chat,
        print,
        d.preferred.map_or(String::new(), |c| c.name().to_owned()),
        d.fallback.clone().unwrap_or_default(),
        evidence,
    ]
}

/// The row of one record in a routing plan: `chosen` or why not, per channel.
pub fn plan_row(id: &str, kind: &str, d: &Decision) -> [String; 9] {
    let cell = |c: Channel| d.reason(c).map_or("chosen", Reason::code).to_owned();
    [
        id.to_owned(),
        kind.to_owned(),
        d.chosen_names(),
        cell(Channel::Email),
        cell(Channel::Sms),
        cell(Channel::Chat),
        cell(Channel::Print),
        d.preferred.map_or(String::new(), |c| c.name().to_owned()),
        d.fallback.clone().unwrap_or_default(),
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
        LogWriter::with_header(out, &HEADER)
    }

    /// A table of other columns (a routing plan's), `header` first.
    pub fn with_header(out: W, header: &[&str]) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(header).map_err(std::io::Error::other)?;
        Ok(LogWriter { out })
    }

    /// Writes one record's row (see [`row`] and [`plan_row`]).
    pub fn write(&mut self, row: &[String]) -> std::io::Result<()> {
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
