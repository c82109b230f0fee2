//! A library brand or snippet opened for its own review: Legal approves the imprint once,
//! and every project that uses it can require that approval. Its review log lies beside it
//! (`imprint.ron` → `imprint.review.jsonl`), its reviewers are `library/reviewers`, and an
//! approval keeps a copy of the approved bytes (`imprint.approved/HASH.ron`).

use super::review::{ActError, signed_if_it_counts};
use crate::model::library::{self, Library, LibraryKind, Used};
use crate::model::{Block, BlockKind, ReviewAction};
use crate::render::Assets;
use crate::review::snapshot::SnapshotError;
use crate::review::{Act, Identity, ReviewLog, Status};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why a file cannot be opened as a library item.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    /// The path is not `…/library/brands/NAME.ron` or `…/library/snippets/NAME.ron`.
    #[error("{0}: not a library file (library/brands/NAME.ron or library/snippets/NAME.ron)")]
    NotInLibrary(PathBuf),
    /// The library has no such file, or it does not parse.
    #[error("{0}")]
    Unusable(String),
}

/// A library file, its review log and what it uses.
pub struct LibraryItem {
    /// The file.
    pub path: PathBuf,
    /// Brand or snippet.
    pub kind: LibraryKind,
    /// Its name (the file stem).
    pub name: String,
    /// The library it is part of.
    pub library: Arc<Library>,
    /// Its signed review history.
    pub review_log: ReviewLog,
    /// The library files it uses (itself first among them) and their bytes' hashes.
    pub used: Vec<Used>,
    /// The images it shows, relative to the projects' folder, and their bytes.
    pub images: Vec<String>,
    assets: Assets,
}

/// `(kind, name, library folder)` when `path` is a library file.
pub fn library_file(path: &Path) -> Option<(LibraryKind, String, PathBuf)> {
    let name = path.file_stem()?.to_str()?.to_owned();
    let folder = path.parent()?;
    let library = folder.parent()?;
    if path.extension()? != "ron" || library.file_name()? != library::LIBRARY_DIR {
        return None;
    }
    let kind = match folder.file_name()?.to_str()? {
        "brands" => LibraryKind::Brand,
        "snippets" => LibraryKind::Snippet,
        _ => return None,
    };
    Some((kind, name, library.to_path_buf()))
}

impl LibraryItem {
    /// Opens the brand or snippet at `path` with its library, review log and images.
    pub fn open(path: &Path) -> Result<LibraryItem, ItemError> {
        let (kind, name, dir) =
            library_file(path).ok_or_else(|| ItemError::NotInLibrary(path.to_path_buf()))?;
        let library = Arc::new(Library::load(&dir));
        LibraryItem::in_library(library, kind, &name)
    }

    /// The brand or snippet `name` of `library`.
    pub fn in_library(
        library: Arc<Library>,
        kind: LibraryKind,
        name: &str,
    ) -> Result<LibraryItem, ItemError> {
        // Its own file must be there and parse; a problem further in (a snippet inside it)
        // is the reviewer's to see, not a reason to refuse opening it.
        let own = match kind {
            LibraryKind::Brand => library
                .brands
                .get(name)
                .map(|f| f.parsed.as_ref().map(drop)),
            LibraryKind::Snippet => library
                .snippets
                .get(name)
                .map(|f| f.parsed.as_ref().map(drop)),
        };
        match own {
            None => {
                return Err(ItemError::Unusable(format!(
                    "the library has no {} “{name}”",
                    kind.noun()
                )));
            }
            Some(Err(e)) => return Err(ItemError::Unusable(e.to_string())),
            Some(Ok(())) => {}
        }
        let (linked, images) = library::link_item(&library, kind, name);
        let path = library.dir.join(kind.folder()).join(format!("{name}.ron"));
        let projects = library.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let assets = Assets::load(&projects, images.iter().map(String::as_str));
        Ok(LibraryItem {
            review_log: ReviewLog::load_or_note(&path, Vec::new()),
            path,
            kind,
            name: name.to_owned(),
            library,
            used: linked.used,
            images,
            assets,
        })
    }

    /// The hash its approvals are bound to ([`crate::review::library_hash`]).
    pub fn content_hash(&self) -> String {
        crate::review::library_hash(
            self.kind,
            &self.name,
            &self.used,
            &self.images,
            &self.assets,
        )
    }

    /// The library's reviewers file (`library/reviewers`); empty when absent.
    pub fn reviewers(&self) -> String {
        std::fs::read_to_string(self.library.dir.join("reviewers")).unwrap_or_default()
    }

    /// Its current content hash and where its review stands (one approval counts).
    pub fn review(&self) -> (String, Status) {
        let hash = self.content_hash();
        let status = crate::review::status(&self.review_log.entries, 1, &hash, &self.reviewers());
        (hash, status)
    }

    /// Its owner, as the file says (a team such as `legal`).
    pub fn owner(&self) -> String {
        match self.kind {
            LibraryKind::Brand => self
                .library
                .brands
                .get(&self.name)
                .and_then(|f| f.parsed.as_ref().ok().map(|b| b.owner.clone())),
            LibraryKind::Snippet => self
                .library
                .snippets
                .get(&self.name)
                .and_then(|f| f.parsed.as_ref().ok().map(|s| s.owner.clone())),
        }
        .unwrap_or_default()
    }

    /// Signs `act` on the current content and appends it to the item's log when it counts;
    /// an approval first keeps the approved bytes. Returns the new entry's index.
    pub fn take(&mut self, identity: &Identity, mut act: Act, at: &str) -> Result<usize, ActError> {
        if let Some(b) = &act.block
            && !self.block_ids().contains(b)
        {
            return Err(ActError::NoSuchBlock(b.clone()));
        }
        let hash = self.content_hash();
        if act.action == ReviewAction::Approve {
            act.snapshot = Some(format!("{}.approved/{hash}.ron", self.name));
        }
        let path = self.path.clone();
        let name = self.name.clone();
        let keep = |hash: &str| -> Result<(), SnapshotError> {
            let dir = path.with_file_name(format!("{name}.approved"));
            let io = |source| SnapshotError::Io {
                path: dir.clone(),
                source,
            };
            std::fs::create_dir_all(&dir).map_err(io)?;
            let bytes = std::fs::read(&path).map_err(io)?;
            crate::model::write_atomic(&dir.join(format!("{hash}.ron")), &bytes).map_err(io)
        };
        let reviewers = self.reviewers();
        let entry =
            signed_if_it_counts(&self.review_log, &reviewers, identity, act, &hash, at, keep)?;
        self.review_log.append(entry)?;
        Ok(self.review_log.entries.len() - 1)
    }

    /// The ids of a snippet's blocks (comments may name them); none for a brand.
    fn block_ids(&self) -> Vec<String> {
        fn walk(blocks: &[Block], out: &mut Vec<String>) {
            for b in blocks {
                out.push(b.id.clone());
                if let BlockKind::Group { blocks, .. } = &b.kind {
                    walk(blocks, out);
                }
            }
        }
        let mut out = Vec::new();
        if let Some(Ok(s)) = self.library.snippets.get(&self.name).map(|f| &f.parsed) {
            walk(&s.blocks, &mut out);
        }
        out
    }
}

/// A library file's own review: its content hash, where the review stands, and its log.
pub struct ItemReview {
    /// Its content hash now.
    pub content_hash: String,
    /// Where its review stands for that hash.
    pub status: Status,
    /// Its review log's entries.
    pub entries: Vec<crate::model::ReviewEntry>,
}

/// A library file's own review, or why it cannot be opened.
pub type ItemState = Result<ItemReview, String>;

/// Every library file a workspace's project uses, with its own content hash and review state,
/// in the project's order (brand first, then snippets by name).
pub fn review_states(ws: &super::Workspace) -> Vec<(Used, ItemState)> {
    ws.project
        .linked
        .used
        .iter()
        .map(|u| {
            let state = LibraryItem::in_library(ws.library.clone(), u.kind, &u.name)
                .map(|item| {
                    let (content_hash, status) = item.review();
                    ItemReview {
                        content_hash,
                        status,
                        entries: item.review_log.entries,
                    }
                })
                .map_err(|e| e.to_string());
            (u.clone(), state)
        })
        .collect()
}
