//! The approved version, kept beside the project so that "what changed since approval" and
//! `prism verify` work offline and without git.
//!
//! `welcome.ron` approved with content hash H is kept as `welcome.approved/H.json`: the
//! project without its review section plus the SHA-256 of every image it names, whose bytes
//! are stored once each as `welcome.approved/assets/SHA256`. Loading a snapshot recomputes
//! its content hash from those bytes and refuses it unless it is H.

use super::hash::content_hash;
use crate::model::library::{self, Library, LibraryKind};
use crate::model::{Project, Review};
use crate::render::Assets;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Larger snapshot files are refused rather than read (a project is a few hundred KiB).
const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a snapshot could not be written, found or trusted.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// Reading or writing a file or folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// The file is not a snapshot Prism can read, or is too large to be one.
    #[error("{path}: not a Prism snapshot: {reason}")]
    Format {
        /// The snapshot file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The snapshot name in an approval is not `NAME.approved/HASH.json` in the project's folder.
    #[error("`{0}` is not a snapshot name (NAME.approved/HASH.json beside the project)")]
    Name(String),
    /// The snapshot does not hash to the approved content hash: it was changed.
    #[error("{path}: its content hashes to {actual}, not the approved {expected}")]
    Mismatch {
        /// The snapshot file.
        path: PathBuf,
        /// The content hash the approval names.
        expected: String,
        /// The content hash recomputed from the snapshot and its images.
        actual: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotFile {
    scheme: String,
    content_hash: String,
    project: Project,
    /// Asset name → SHA-256 of its bytes; `None` when it could not be read at approval.
    assets: BTreeMap<String, Option<String>>,
    /// The library files the project used, as approved: where the library was, and
    /// `KIND/NAME` → SHA-256 of the bytes, stored with the images. Empty for a project that
    /// uses none (and in snapshots from before the library).
    #[serde(default, skip_serializing_if = "SnapshotLibrary::is_empty")]
    library: SnapshotLibrary,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotLibrary {
    dir: PathBuf,
    files: BTreeMap<String, String>,
}

impl SnapshotLibrary {
    fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// An approved version, loaded and checked.
pub struct Snapshot {
    /// The snapshot file (`NAME.approved/HASH.json`).
    pub path: PathBuf,
    /// The approved project, without its review section.
    pub project: Project,
    /// Its images, read from the snapshot's own `assets` folder.
    pub assets: Assets,
    /// The library files it used, as approved (from the same folder).
    pub library: std::sync::Arc<Library>,
    /// Its content hash, recomputed and checked on loading.
    pub content_hash: String,
}

/// The snapshot's path relative to the project file, as an approval names it.
pub fn name_for(project_file: &Path, hash: &str) -> String {
    let stem = project_file
        .file_stem()
        .map_or("project".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.approved/{hash}.json")
}

/// Keeps the current version of `project` (content hash `hash`, images `assets`) beside
/// `project_file`; returns its name for the approval. Writing what is already there is a no-op.
pub fn write(
    project_file: &Path,
    project: &Project,
    assets: &Assets,
    library: &Library,
    hash: &str,
) -> Result<String, SnapshotError> {
    let base = project_file.parent().unwrap_or(Path::new("."));
    let name = name_for(project_file, hash);
    let path = base.join(&name);
    let dir = path.parent().unwrap_or(base);
    let blobs = dir.join("assets");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SnapshotError::Io { path, source }
    };
    std::fs::create_dir_all(&blobs).map_err(io(&blobs))?;
    let mut names = project.asset_names();
    names.sort();
    names.dedup();
    let mut listed = BTreeMap::new();
    for n in names {
        let sha = match assets.get(&n) {
            Some(Ok(a)) => {
                let blob = blobs.join(a.sha256_hex());
                if !blob.exists() {
                    crate::model::write_atomic(&blob, &a.bytes).map_err(io(&blob))?;
                }
                Some(a.sha256_hex().to_owned())
            }
            _ => None,
        };
        listed.insert(n, sha);
    }
    let mut kept = SnapshotLibrary {
        dir: library.dir.clone(),
        files: BTreeMap::new(),
    };
    for used in &project.linked.used {
        let Some((file, sha)) = library.file(used.kind, &used.name) else {
            continue;
        };
        let blob = blobs.join(sha);
        if !blob.exists() {
            std::fs::copy(file, &blob).map_err(io(&blob))?;
        }
        let key = format!("{}/{}", used.kind.folder(), used.name);
        kept.files.insert(key, sha.to_owned());
    }
    if !path.exists() {
        let file = SnapshotFile {
            scheme: super::HASH_SCHEME.into(),
            content_hash: hash.into(),
            project: Project {
                review: Review::default(),
                ..project.clone()
            },
            assets: listed,
            library: kept,
        };
        let json = serde_json::to_vec_pretty(&file).expect("a project always serialises");
        crate::model::write_atomic(&path, &json).map_err(io(&path))?;
    }
    Ok(name)
}

/// Loads the snapshot an approval names, relative to `base` (the project's folder).
pub fn load_named(base: &Path, name: &str, expected: &str) -> Result<Snapshot, SnapshotError> {
    // The name comes from a project file someone may have edited: it stays below `base`.
    let p = Path::new(name);
    let plain = p.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || p.components().count() != 2 || p.extension().is_none_or(|e| e != "json") {
        return Err(SnapshotError::Name(name.to_owned()));
    }
    load(&base.join(p), expected)
}

/// Loads a snapshot file and checks that it is the version whose hash is `expected`.
pub fn load(path: &Path, expected: &str) -> Result<Snapshot, SnapshotError> {
    let io = |source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_SNAPSHOT_BYTES {
        return Err(SnapshotError::Format {
            path: path.to_path_buf(),
            reason: format!("{len} bytes is more than a snapshot can be"),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let file: SnapshotFile = serde_json::from_slice(&bytes).map_err(|e| SnapshotError::Format {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let blobs = path.parent().unwrap_or(Path::new(".")).join("assets");
    let assets = Assets::load_files(file.assets.iter().filter_map(|(name, sha)| {
        // A hash is 64 hex digits; anything else would name a path outside the folder.
        let sha = sha
            .as_ref()
            .filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))?;
        Some((name.clone(), blobs.join(sha)))
    }));
    let mut files = Vec::new();
    for (key, sha) in &file.library.files {
        let kind = match key.split_once('/') {
            Some(("brands", name)) => Some((LibraryKind::Brand, name)),
            Some(("snippets", name)) => Some((LibraryKind::Snippet, name)),
            _ => None,
        };
        let is_hash = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
        if let (Some((kind, name)), true) = (kind, is_hash) {
            let blob = blobs.join(sha);
            let bytes = crate::confine::read_bounded(&blob, MAX_SNAPSHOT_BYTES).map_err(|e| {
                SnapshotError::Format {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                }
            })?;
            files.push((kind, name.to_owned(), bytes));
        }
    }
    let lib = Library::from_files(&file.library.dir, files);
    let mut project = file.project;
    library::link(&mut project, &lib);
    let actual = content_hash(&project, &assets);
    if actual != expected || actual != file.content_hash {
        return Err(SnapshotError::Mismatch {
            path: path.to_path_buf(),
            expected: expected.to_owned(),
            actual,
        });
    }
    Ok(Snapshot {
        path: path.to_path_buf(),
        project,
        assets,
        library: std::sync::Arc::new(lib),
        content_hash: actual,
    })
}

/// Copies a loaded snapshot (file and images) into `dir`, for an export that must prove
/// itself; returns the copy's path relative to `dir`.
pub fn copy_into(snapshot: &Snapshot, dir: &Path) -> Result<String, SnapshotError> {
    let file_name = format!("{}.json", snapshot.content_hash);
    let target = dir.join("approval");
    let blobs = target.join("assets");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SnapshotError::Io { path, source }
    };
    std::fs::create_dir_all(&blobs).map_err(io(&blobs))?;
    for (_, a) in snapshot.assets.readable() {
        let blob = blobs.join(a.sha256_hex());
        std::fs::write(&blob, a.bytes.as_slice()).map_err(io(&blob))?;
    }
    // The library files, byte for byte from the snapshot's own folder.
    let kept = snapshot
        .path
        .parent()
        .unwrap_or(Path::new("."))
        .join("assets");
    let lib = &snapshot.library;
    let shas = lib.brands.values().map(|f| &f.sha256);
    for sha in shas.chain(lib.snippets.values().map(|f| &f.sha256)) {
        let blob = blobs.join(sha);
        std::fs::copy(kept.join(sha), &blob).map_err(io(&blob))?;
    }
    let copy = target.join(&file_name);
    std::fs::copy(&snapshot.path, &copy).map_err(io(&copy))?;
    Ok(format!("approval/{file_name}"))
}
