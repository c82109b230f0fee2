//! Why what routing reads besides the records — a suppression list, earlier exports' routing
//! logs — could not be read.

use std::path::PathBuf;

/// Why a suppression list or a routing log could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// The routing log is not CSV, or its header cannot be read.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The routing log.
        path: PathBuf,
        /// What the CSV reader reported.
        #[source]
        source: csv::Error,
    },
    /// A row of the routing log cannot be read.
    #[error("{}: row {row}: {source}", path.display())]
    Row {
        /// The routing log.
        path: PathBuf,
        /// The row, counted as the file's lines (the header is row 1).
        row: usize,
        /// What the CSV reader reported.
        #[source]
        source: csv::Error,
    },
    /// The file has no column routing logs have.
    #[error("{}: not a routing log (no `{column}` column)", path.display())]
    NotALog {
        /// The file.
        path: PathBuf,
        /// The column it lacks.
        column: String,
    },
    /// A row's export time is not a date.
    #[error("{}: row {row}: `{value}` is not a date", path.display())]
    Date {
        /// The routing log.
        path: PathBuf,
        /// The row, counted as the file's lines.
        row: usize,
        /// What the row says.
        value: String,
    },
}
