//! The export folder: what it holds (empty, a finished export, an interrupted one, other
//! files), claiming it for a new export, and the marker an unfinished export leaves.

use super::*;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::SystemTime;

/// Present while an export runs, and left behind by one that did not finish: an export is
/// complete only when this file is gone and `manifest.json` is written. It holds the
/// export's [`Settings`] and its data files' sizes and dates, which a resumed export must
/// find unchanged.
pub const INCOMPLETE_MARKER: &str = "EXPORT-INCOMPLETE";

/// What the marker holds: the settings and the data files as they were.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub(super) struct Started {
    pub(super) settings: Settings,
    pub(super) data: Vec<DataFile>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub(super) struct DataFile {
    pub(super) path: String,
    pub(super) bytes: u64,
    pub(super) modified_ns: String,
}

pub(super) fn data_files(ws: &Workspace, opts: &ExportOptions) -> Vec<DataFile> {
    let paths = crate::model::stream::data_paths(&ws.project.data, opts.data.as_deref(), ws.base())
        .unwrap_or_default();
    paths
        .iter()
        .map(|p| {
            let meta = std::fs::metadata(p).ok();
            DataFile {
                path: std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string(),
                bytes: meta.as_ref().map_or(0, |m| m.len()),
                modified_ns: meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or(String::new(), |d| d.as_nanos().to_string()),
            }
        })
        .collect()
}

/// What an output folder holds, as the export sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderState {
    /// Nothing (or no folder yet): an export starts there without asking.
    Empty,
    /// A finished export.
    Finished,
    /// An export that stopped before it finished (`--resume` continues it).
    Interrupted,
    /// Files that are not an export's.
    Other,
}

/// What `dir` holds; a folder that cannot be read counts as holding other files.
pub fn folder_state(dir: &Path) -> FolderState {
    if dir.join(INCOMPLETE_MARKER).exists() {
        FolderState::Interrupted
    } else if dir.join(files::MANIFEST).exists() {
        FolderState::Finished
    } else if !dir.exists() || matches!(files::first_entry(dir), Ok(None)) {
        FolderState::Empty
    } else {
        FolderState::Other
    }
}

/// Makes `dir` ready for a new export: an earlier export there is removed with `overwrite`
/// and refused without; a folder of other files is refused without `overwrite` (and with it,
/// their files stay).
pub(super) fn claim_folder(dir: &Path, overwrite: bool) -> Result<(), ExportError> {
    if files::holds_export(dir) {
        if !overwrite {
            return Err(ExportError::FolderInUse(dir.to_path_buf()));
        }
        return files::clear_export(dir).map_err(io_err(dir));
    }
    match files::first_entry(dir).map_err(io_err(dir))? {
        Some(first) if !overwrite => Err(ExportError::FolderNotEmpty(dir.to_path_buf(), first)),
        _ => Ok(()),
    }
}
