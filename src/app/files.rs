//! Files the designer keeps for itself: recovery copies of unsaved work and the recent list.
//! They live in `$PRISM_STATE_DIR`, else `$XDG_STATE_HOME/prism`, else `~/.local/state/prism`.

use crate::model::{self, Project};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const RECENT_MAX: usize = 8;

/// Where the designer keeps its own files: `$PRISM_STATE_DIR`, else
/// `$XDG_STATE_HOME/prism`, else `~/.local/state/prism`.
pub fn state_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("PRISM_STATE_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_STATE_HOME") {
        return PathBuf::from(d).join("prism");
    }
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    home.join(".local/state/prism")
}

/// A recovery copy: the project as it was edited, and the file it belongs to.
#[derive(Serialize, Deserialize)]
pub struct Recovery {
    /// The project file the copy belongs to.
    pub original: PathBuf,
    /// Seconds since the Unix epoch when it was written.
    pub written: u64,
    /// The project as edited, unsaved changes included.
    pub project: Project,
}

/// Where the recovery copy of `project_path` goes: one file per project path.
pub fn recovery_path(dir: &Path, project_path: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let abs = std::path::absolute(project_path).unwrap_or_else(|_| project_path.to_path_buf());
    let hash = Sha256::digest(abs.to_string_lossy().as_bytes());
    let stem = project_path
        .file_stem()
        .map_or("untitled".into(), |s| s.to_string_lossy());
    let tag = crate::digest::hex(&hash[..6]);
    dir.join("recovery").join(format!("{stem}-{tag}.ron"))
}

/// Writes `project` as the recovery copy of `project_path`, replacing any earlier one.
pub fn write_recovery(dir: &Path, project_path: &Path, project: &Project) -> std::io::Result<()> {
    let rec = Recovery {
        original: project_path.to_path_buf(),
        written: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        project: project.clone(),
    };
    let text = ron::ser::to_string_pretty(&rec, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    let path = recovery_path(dir, project_path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    model::write_atomic(&path, text.as_bytes())
}

/// The recovery copy of `project_path`, if one exists and can be read.
pub fn read_recovery(dir: &Path, project_path: &Path) -> Option<Recovery> {
    let text = std::fs::read_to_string(recovery_path(dir, project_path)).ok()?;
    ron::from_str(&text).ok()
}

/// Deletes the recovery copy of `project_path`, if there is one.
pub fn remove_recovery(dir: &Path, project_path: &Path) {
    // Nothing to do when there is none.
    #[expect(
        clippy::let_underscore_must_use,
        reason = "there is nothing to remove when no recovery copy was written"
    )]
    let _ = std::fs::remove_file(recovery_path(dir, project_path));
}

/// The recent list, newest first; empty when there is none or it cannot be read.
pub fn load_recent(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join("recent.ron"))
        .ok()
        .and_then(|t| ron::from_str(&t).ok())
        .unwrap_or_default()
}

/// Puts `path` first in the recent list and saves it; returns the new list.
pub fn push_recent(dir: &Path, path: &Path) -> Vec<PathBuf> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut list = load_recent(dir);
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(RECENT_MAX);
    if let Ok(text) = ron::to_string(&list) {
        // The recent list is a convenience: failing to keep it is not worth an error.
        #[expect(
            clippy::let_underscore_must_use,
            reason = "the recent list is a convenience: failing to keep it is not worth an error"
        )]
        let _ = std::fs::create_dir_all(dir)
            .and_then(|()| model::write_atomic(&dir.join("recent.ron"), text.as_bytes()));
    }
    list
}

/// `path` written relative to the folder `base` (with `..` where needed), as project files
/// name their data and images.
pub fn relative(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, b) = (abs(path), abs(base));
    let common = p
        .components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .count();
    let mut rel = PathBuf::new();
    for _ in b.components().skip(common) {
        rel.push("..");
    }
    for c in p.components().skip(common) {
        rel.push(c);
    }
    rel.to_string_lossy().into_owned()
}

/// Rewrites the project's relative file names so that they find the same files from `to` as
/// they did from `from` (Save As into another folder). Data files are pointed at where they
/// are. An image the new folder may not read from (projects read images only from their own
/// folder and the `assets` folder beside it) is copied into `to/images/` and named there.
pub fn rebase(project: &mut Project, from: &Path, to: &Path) {
    use crate::confine::{Roots, read_bounded};
    let (old_roots, roots) = (Roots::of_project(from), Roots::of_project(to));
    let point = |name: &mut String| {
        if !Path::new(name.as_str()).is_absolute() {
            *name = relative(&from.join(name.as_str()), to);
        }
    };
    let carry = |name: &mut String| {
        // Only an image the project could read is carried: nothing from elsewhere is
        // brought inside by a Save As.
        let old = old_roots.resolve(from, name);
        point(name);
        if roots.resolve(to, name).is_ok() {
            return;
        }
        let Ok(old) = old else { return };
        let max = crate::render::assets::MAX_ASSET_BYTES as u64;
        let Ok(bytes) = read_bounded(&old, max) else {
            return;
        };
        let file = old.as_path();
        let stem = file
            .file_stem()
            .map_or("image".into(), |s| s.to_string_lossy());
        let ext = file.extension().map(|e| e.to_string_lossy());
        // The first free name, or one that already holds the same image.
        for n in 1..100 {
            let candidate = match (n, &ext) {
                (1, Some(e)) => format!("{stem}.{e}"),
                (1, None) => stem.to_string(),
                (_, Some(e)) => format!("{stem}-{n}.{e}"),
                (_, None) => format!("{stem}-{n}"),
            };
            let copy = to.join("images").join(&candidate);
            let usable = match std::fs::read(&copy) {
                Ok(there) => there == bytes,
                Err(_) => std::fs::create_dir_all(to.join("images"))
                    .and_then(|_| std::fs::write(&copy, &bytes))
                    .is_ok(),
            };
            if usable {
                *name = format!("images/{candidate}");
                return;
            }
        }
    };
    if let Some(f) = &mut project.data.file {
        point(f);
    }
    project.data.more_files.iter_mut().for_each(point);
    if let Some(l) = &mut project.brand.logo {
        carry(l);
    }
    fn images(blocks: &mut [crate::model::Block], fix: &dyn Fn(&mut String)) {
        for b in blocks {
            match &mut b.kind {
                crate::model::BlockKind::Image { asset, .. } => fix(asset),
                crate::model::BlockKind::Group { blocks, .. } => images(blocks, fix),
                _ => {}
            }
        }
    }
    images(&mut project.content.blocks, &carry);
}
