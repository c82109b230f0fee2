//! The messages of a folder of projects: each project file with its review state, the
//! library files it uses, and those that changed since its last counted approval. What
//! `prism library where-used` and the designer's Messages view list.

use super::Workspace;
use crate::model::library::{LibraryKind, Used};
use crate::review::{State, Status};
use std::path::{Path, PathBuf};

/// Most project files listed from one folder.
const MAX_PROJECTS: usize = 2000;

/// One project of the folder.
#[derive(Debug, Clone)]
pub struct Message {
    /// The project file.
    pub path: PathBuf,
    /// The message's name (`meta.name`), or the file name when it does not open.
    pub name: String,
    /// Where its review stands; `Err` with the reason when it does not open.
    pub status: Result<Status, String>,
    /// The library files it uses, with the hashes of their bytes now.
    pub used: Vec<Used>,
    /// Library files whose bytes differ from those of its last counted approval (or that it
    /// did not use then): a stale approval because of them.
    pub changed_since_approval: Vec<Used>,
}

impl Message {
    /// Whether it uses the library's brand or snippet `name` of `kind`.
    pub fn uses(&self, kind: LibraryKind, name: &str) -> bool {
        self.used.iter().any(|u| u.kind == kind && u.name == name)
    }

    /// Its review state in a few words: "approved", "stale because of snippet “imprint”",
    /// "stale", "draft", "in review", … (`because` names the library file asked about).
    pub fn state_words(&self, because: Option<(LibraryKind, &str)>) -> String {
        let s = match &self.status {
            Err(e) => return format!("does not open: {e}"),
            Ok(s) => s,
        };
        match &s.state {
            State::Stale => {
                let changed = |k: LibraryKind, n: &str| {
                    self.changed_since_approval
                        .iter()
                        .any(|u| u.kind == k && u.name == n)
                };
                match because {
                    Some((k, n)) if changed(k, n) => {
                        format!("stale because of this {}", k.noun())
                    }
                    _ if !self.changed_since_approval.is_empty() => {
                        let names: Vec<String> = self
                            .changed_since_approval
                            .iter()
                            .map(|u| format!("{} “{}”", u.kind.noun(), u.name))
                            .collect();
                        format!("stale because of {}", names.join(", "))
                    }
                    _ => "stale".into(),
                }
            }
            State::Approved => "approved".into(),
            State::Draft => "draft".into(),
            State::InReview { .. } => "in review".into(),
            State::ChangesRequested { .. } => "changes requested".into(),
            State::Rejected { .. } => "rejected".into(),
        }
    }
}

/// Every project file (`*.ron`) directly in `folder`, sorted by file name, with its state.
pub fn messages(folder: &Path) -> Vec<Message> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.truncate(MAX_PROJECTS);
    paths.into_iter().map(|p| message(&p)).collect()
}

/// One project's state.
pub fn message(path: &Path) -> Message {
    let file_name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let ws = match Workspace::open_streaming(path) {
        Ok(ws) => ws,
        Err(e) => {
            return Message {
                path: path.to_path_buf(),
                name: file_name,
                status: Err(e.to_string()),
                used: Vec::new(),
                changed_since_approval: Vec::new(),
            };
        }
    };
    let (_, status) = ws.review();
    let used = ws.project.linked.used.clone();
    let changed_since_approval = match super::diff::latest_approval(&ws) {
        Ok((_, snapshot)) => used
            .iter()
            .filter(|u| !snapshot.project.linked.used.contains(u))
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    };
    Message {
        path: path.to_path_buf(),
        name: ws.project.meta.name,
        status: Ok(status),
        used,
        changed_since_approval,
    }
}
