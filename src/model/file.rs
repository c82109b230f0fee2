//! Reading and writing project files (RON), with format versions and atomic saves.

use super::Project;
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The project format this build writes and the newest it reads.
pub const CURRENT_FORMAT: u32 = 1;

/// Why a project file could not be opened; each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The project file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// Not UTF-8, not valid RON, or not the project schema (a misspelt or missing field).
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        /// The project file.
        path: PathBuf,
        /// Line of the error, from 1.
        line: usize,
        /// Column of the error in characters, from 1.
        col: usize,
        /// What is wrong there.
        message: String,
    },
    /// Written by a newer Prism in a format this one does not know; refused, not misread.
    #[error(
        "{path}: written in project format {found}, but this Prism reads formats up to {CURRENT_FORMAT}; update Prism to open it"
    )]
    TooNew {
        /// The project file.
        path: PathBuf,
        /// The file's `format_version`.
        found: u32,
    },
    /// The file cannot be read, is not a regular file, is too large or lies outside where
    /// projects may be read from.
    #[error(transparent)]
    File(#[from] crate::confine::FileError),
    /// A block id is malformed or used twice.
    #[error("{path}: {source}")]
    BlockId {
        /// The project file.
        path: PathBuf,
        /// Which id, and what is wrong with it.
        #[source]
        source: BlockIdError,
    },
    /// `format_version` is 0.
    #[error("{path}: {message}")]
    Invalid {
        /// The project file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// Why a project could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing failed; the file on disk is still the old version.
    #[error("{path}: cannot save: {source}")]
    Io {
        /// Where the project was being saved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The project could not be written as RON text.
    #[error("cannot write the project as RON: {0}")]
    Ron(#[from] ron::Error),
}

/// Only the version, read first so a newer file is refused before its unknown fields confuse the parser.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
}

/// Reads and parses a project file: [`read_project_text`], then [`parse_project`].
pub fn load_project(path: &Path) -> Result<Project, LoadError> {
    parse_project(&read_project_text(path)?, path)
}

/// Largest project file read.
pub const MAX_PROJECT_BYTES: u64 = 64 * 1024 * 1024;

/// A project file's text: a regular file of at most `MAX_PROJECT_BYTES`, in UTF-8 (an error
/// says where it is not).
pub fn read_project_text(path: &Path) -> Result<String, LoadError> {
    let bytes = crate::confine::read_bounded(path, MAX_PROJECT_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            col,
            message: "not UTF-8 text (save the file as UTF-8)".into(),
        }
    })
}

/// Parses project text; `path` only names the source in errors.
pub fn parse_project(text: &str, path: &Path) -> Result<Project, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            message: "the file is empty".into(),
        });
    }
    if let Ok(probe) = ron::from_str::<VersionProbe>(text)
        && probe.format_version > CURRENT_FORMAT
    {
        return Err(LoadError::TooNew {
            path: path.to_path_buf(),
            found: probe.format_version,
        });
    }
    let mut project: Project = parse_ron(text, path)?;
    move_consent_to_routing(&mut project);
    if project.format_version == 0 {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            message: "format_version must be at least 1".into(),
        });
    }
    validate_ids(&project).map_err(|source| LoadError::BlockId {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(project)
}

/// RON text into `T`; an error names the file, line and column.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T, LoadError> {
    let syntax = |e: ron::error::SpannedError| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        // RON's own text for this names its internals (`ron::Options`, `serde_stacker`).
        message: match e.code {
            ron::Error::ExceededRecursionLimit => "nested too deeply".into(),
            code => code.to_string(),
        },
    };
    ron::from_str(text).map_err(syntax)
}

/// Projects written before routing kept each channel's consent condition in its settings;
/// it now belongs to the routing policy (where its date and source can go too).
fn move_consent_to_routing(p: &mut Project) {
    use super::{Channel, Consent};
    let ch = &mut p.channels;
    let old = [
        (Channel::Email, ch.email.consent.take()),
        (Channel::Sms, ch.sms.consent.take()),
        (Channel::Chat, ch.chat.consent.take()),
        (Channel::Print, ch.print.consent.take()),
    ];
    for (c, given) in old {
        if let Some(given) = given {
            p.routing.consent.entry(c).or_insert(Consent {
                given,
                at: None,
                source: None,
            });
        }
    }
}

/// What is wrong with a block id.
#[derive(Debug, thiserror::Error)]
pub enum BlockIdError {
    /// Empty, or with other characters than letters, digits, `-` and `_`.
    #[error("block id `{0}` must be non-empty letters, digits, `-` or `_`")]
    Malformed(String),
    /// Two blocks have it.
    #[error("block id `{0}` is used twice")]
    Twice(String),
}

fn validate_ids(project: &Project) -> Result<(), BlockIdError> {
    let mut seen = std::collections::HashSet::new();
    for block in project.all_blocks() {
        let id = &block.id;
        let allowed = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        if id.is_empty() || !id.chars().all(allowed) {
            return Err(BlockIdError::Malformed(id.clone()));
        }
        if !seen.insert(id.as_str()) {
            return Err(BlockIdError::Twice(id.clone()));
        }
    }
    Ok(())
}

/// The project as pretty RON text, the way it is saved.
pub fn to_ron(project: &Project) -> Result<String, ron::Error> {
    to_ron_pretty(project)
}

/// Any of Prism's files (a project, a library file) as pretty RON text, the way it is saved.
pub fn to_ron_pretty<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string())
        .separate_tuple_members(false);
    let mut text = ron::ser::to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// Saves atomically: a temporary file in the same folder, flushed and synced,
/// then renamed over the target, so a crash leaves the old or the new file, never half of one.
pub fn save_project(project: &Project, path: &Path) -> Result<(), SaveError> {
    let text = to_ron(project)?;
    write_atomic(path, text.as_bytes()).map_err(|e| SaveError::Io {
        path: path.to_path_buf(),
        source: e,
    })
}

/// Writes a file so that it is always either the old or the new version, whatever happens
/// (a kill, a crash, a full disk): the bytes go to a temporary file beside it, which is
/// synced and renamed over the file. A symbolic link is kept (its target is replaced), as
/// are the file's permissions; a temporary file an earlier, killed save left is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (prefix, suffix) = (format!(".{name}."), ".tmp");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&prefix) && n.ends_with(suffix) {
                #[expect(
                    clippy::let_underscore_must_use,
                    reason = "a stale temporary file that cannot be removed is tried again at the next save"
                )]
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let tmp = dir.join(format!("{prefix}{}{suffix}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        if let Ok(old) = std::fs::metadata(&target) {
            file.set_permissions(old.permissions())?;
        }
        file.write_all(bytes)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)?;
        // The rename itself is durable only once the folder is synced.
        if let Ok(d) = std::fs::File::open(&dir) {
            #[expect(
                clippy::let_underscore_must_use,
                reason = "not every file system can sync a folder; the file itself was synced"
            )]
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        #[expect(
            clippy::let_underscore_must_use,
            reason = "the save already failed with its own error; the leftover is removed at the next save"
        )]
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
