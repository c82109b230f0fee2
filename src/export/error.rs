//! Why an export, a resume or a merge stopped.

use std::path::{Path, PathBuf};

/// Why an export, a resume or a merge stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// The customer data could not be read.
    #[error(transparent)]
    Data(#[from] crate::model::DataError),
    /// The merged `letters.pdf` could not be written.
    #[error(transparent)]
    Print(#[from] crate::render::print::PrintError),
    /// Cancelled before the last record was written; the folder can be resumed.
    #[error("export cancelled after {done} records")]
    Cancelled {
        /// Records written before it stopped.
        done: usize,
    },
    /// Approval was required and the content lacks it; the text says where the review
    /// stands.
    #[error("the content is not approved: {0}")]
    NotApproved(String),
    /// The approved snapshot could not be found or copied into the export.
    #[error("the approved version cannot be archived with the export")]
    Snapshot(#[from] crate::review::snapshot::SnapshotError),
    /// The counted approval names no snapshot to archive.
    #[error(
        "the approved version cannot be archived with the export: the approval names no snapshot"
    )]
    NoSnapshot,
    /// The folder holds an earlier export, and neither resume nor overwrite was asked for.
    #[error(
        "{0}: holds an earlier export; choose another folder, continue it (--resume) or replace it (--overwrite)"
    )]
    FolderInUse(PathBuf),
    /// The folder holds files that are not an export's: writing there would mix the two, and
    /// `verify` would count the strangers against the export.
    #[error(
        "{0}: holds files that are not an export's ({1} among them); choose an empty or new folder, or write into it anyway (--overwrite, which removes none of them)"
    )]
    FolderNotEmpty(PathBuf, String),
    /// The export in the folder cannot be continued: none was interrupted there, or it ran
    /// with other settings or data.
    #[error("{path}: cannot resume: {why}")]
    Resume {
        /// The export folder, or its marker file when that cannot be read.
        path: PathBuf,
        /// What stands in the way, in a sentence.
        why: String,
    },
    /// `--resume` found the export in the folder finished: there is nothing to do, which a
    /// retry counts as success.
    #[error("{0}: the export there has finished; there is nothing to resume")]
    Finished(PathBuf),
    /// A shard's records do not read back whole (changed, truncated or missing files).
    #[error("cannot merge: {}: {source}", dir.display())]
    ShardUnreadable {
        /// The shard's folder.
        dir: PathBuf,
        /// Where and what.
        #[source]
        source: super::read_back::ReadBackError,
    },
    /// The shards cannot be merged into one export; the text says why.
    #[error("cannot merge: {0}")]
    Merge(String),
}

/// Maps an I/O error on `path` into an [`ExportError`] naming it.
pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + use<> {
    let path = path.to_path_buf();
    move |e| ExportError::Io { path, source: e }
}
