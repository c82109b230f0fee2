//! The content library beside the projects: a company's brands and snippets, each kept once
//! in a file of its own under `library/` in the folder of the project files
//! (`library/brands/NAME.ron`, `library/snippets/NAME.ron`), and used by name.
//!
//! Linking fills a project's library brand and snippet blocks in from these files; what it
//! cannot fill in (a missing name, a snippet that uses itself, a file that does not parse)
//! is kept as a [`LinkProblem`] for the project's diagnostics, so the project still opens.

use super::file::{LoadError, parse_ron};
use super::{Block, BlockKind, Brand, Project};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The library's folder, in the folder of the project files.
pub const LIBRARY_DIR: &str = "library";
/// Snippets inside snippets are followed this deep; deeper is reported, not followed.
pub const MAX_SNIPPET_DEPTH: usize = 8;
/// Most files a library folder may hold of each kind.
const MAX_FILES: usize = 1000;
/// Largest library file read, in bytes.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Brands or snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LibraryKind {
    /// `library/brands/NAME.ron`
    Brand,
    /// `library/snippets/NAME.ron`
    Snippet,
}

impl LibraryKind {
    /// The folder inside `library/`.
    pub fn folder(self) -> &'static str {
        match self {
            LibraryKind::Brand => "brands",
            LibraryKind::Snippet => "snippets",
        }
    }

    /// "brand" or "snippet".
    pub fn noun(self) -> &'static str {
        match self {
            LibraryKind::Brand => "brand",
            LibraryKind::Snippet => "snippet",
        }
    }
}

/// A brand file: `(format_version: 1, owner: "marketing", brand: (primary: …, …))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandFile {
    /// File format, 1.
    pub format_version: u32,
    /// Who looks after it (a team, e.g. `marketing`), as status lists show it.
    #[serde(default)]
    pub owner: String,
    /// Colours light and dark, font, logo (relative to this file), sender and address.
    pub brand: Brand,
}

/// A snippet file: blocks kept once and shown wherever a project uses the snippet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnippetFile {
    /// File format, 1.
    pub format_version: u32,
    /// Who looks after it and approves changes (a team, e.g. `legal`).
    #[serde(default)]
    pub owner: String,
    /// What it is for, in a line.
    #[serde(default)]
    pub description: String,
    /// The language its blocks are written in; `translations` holds the others.
    #[serde(default = "super::default_language", skip_serializing_if = "is_german")]
    pub language: String,
    /// The record fields its templates use, declared so that a project can see what its
    /// data must hold (`check` reports a record that lacks one).
    #[serde(default)]
    pub fields: Vec<String>,
    /// The blocks, with per-channel wording as in a project (`overrides`, `channels`);
    /// image assets are relative to this file.
    pub blocks: Vec<Block>,
    /// The blocks' texts in other languages, keyed as in a project
    /// (`super::translation`); reviewed with the snippet, as part of its file.
    #[serde(default, skip_serializing_if = "is_untranslated")]
    pub translations: std::sync::Arc<super::translation::Translations>,
}

fn is_untranslated(t: &std::sync::Arc<super::translation::Translations>) -> bool {
    t.is_empty()
}

fn is_german(language: &str) -> bool {
    language == "de"
}

/// One library file as read: where it is, its bytes' SHA-256, and its content or why not.
#[derive(Debug, Clone)]
pub struct LibraryFile<T> {
    /// The file.
    pub path: PathBuf,
    /// Its text, to point diagnostics at its lines.
    pub source: String,
    /// SHA-256 of its bytes in hex: what a project's content hash includes.
    pub sha256: String,
    /// The parsed file, or the error with file, line and column.
    pub parsed: Result<T, std::sync::Arc<LoadError>>,
}

impl<T: serde::de::DeserializeOwned> LibraryFile<T> {
    /// The file at `path` with these bytes, parsed.
    pub fn parse(path: PathBuf, bytes: &[u8], kind: LibraryKind) -> LibraryFile<T> {
        let source = String::from_utf8_lossy(bytes).into_owned();
        let parsed = parse_library_file::<T>(&source, &path, kind);
        LibraryFile {
            path,
            sha256: crate::digest::sha256_hex(bytes),
            source,
            parsed: parsed.map_err(std::sync::Arc::new),
        }
    }
}

/// The library of a folder of projects: every brand and snippet file, read once.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// `library/` (it may not exist: then the library is empty).
    pub dir: PathBuf,
    /// Brands by name (the file stem).
    pub brands: BTreeMap<String, LibraryFile<BrandFile>>,
    /// Snippets by name (the file stem).
    pub snippets: BTreeMap<String, LibraryFile<SnippetFile>>,
    /// Files that could not be listed or read at all, with the reason.
    pub unreadable: Vec<String>,
}

impl Library {
    /// The library for projects in `base` (the folder of a project file): `base/library`.
    pub fn for_projects_in(base: &Path) -> Library {
        Library::load(&base.join(LIBRARY_DIR))
    }

    /// Reads every `*.ron` in `dir/brands` and `dir/snippets`.
    pub fn load(dir: &Path) -> Library {
        let mut lib = Library {
            dir: dir.to_path_buf(),
            ..Library::default()
        };
        lib.brands = lib.read_kind(LibraryKind::Brand);
        lib.snippets = lib.read_kind(LibraryKind::Snippet);
        lib
    }

    fn read_kind<T: serde::de::DeserializeOwned>(
        &mut self,
        kind: LibraryKind,
    ) -> BTreeMap<String, LibraryFile<T>> {
        let folder = self.dir.join(kind.folder());
        let mut out = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return out;
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        paths.sort();
        if paths.len() > MAX_FILES {
            self.unreadable.push(format!(
                "{}: {} files; at most {MAX_FILES} are read",
                folder.display(),
                paths.len()
            ));
            paths.truncate(MAX_FILES);
        }
        for path in paths {
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            match crate::confine::read_bounded(&path, MAX_FILE_BYTES) {
                Ok(bytes) => {
                    out.insert(name.to_owned(), LibraryFile::parse(path, &bytes, kind));
                }
                Err(e) => self.unreadable.push(e.to_string()),
            }
        }
        out
    }

    /// A library of the files given (kind, name, bytes), as if read from `dir`: an approved
    /// snapshot's, which keeps the files as they were approved.
    pub fn from_files(
        dir: &Path,
        files: impl IntoIterator<Item = (LibraryKind, String, Vec<u8>)>,
    ) -> Library {
        let mut lib = Library {
            dir: dir.to_path_buf(),
            ..Library::default()
        };
        for (kind, name, bytes) in files {
            let path = dir.join(kind.folder()).join(format!("{name}.ron"));
            match kind {
                LibraryKind::Brand => {
                    lib.brands
                        .insert(name, LibraryFile::parse(path, &bytes, kind));
                }
                LibraryKind::Snippet => {
                    lib.snippets
                        .insert(name, LibraryFile::parse(path, &bytes, kind));
                }
            }
        }
        lib
    }

    /// The file of a brand or snippet, by name.
    pub fn file(&self, kind: LibraryKind, name: &str) -> Option<(&Path, &str)> {
        match kind {
            LibraryKind::Brand => self
                .brands
                .get(name)
                .map(|f| (f.path.as_path(), f.sha256.as_str())),
            LibraryKind::Snippet => self
                .snippets
                .get(name)
                .map(|f| (f.path.as_path(), f.sha256.as_str())),
        }
    }

    /// Every brand and snippet, by kind and name.
    pub fn names(&self) -> Vec<(LibraryKind, String)> {
        let brands = self.brands.keys().map(|n| (LibraryKind::Brand, n.clone()));
        let snippets = self
            .snippets
            .keys()
            .map(|n| (LibraryKind::Snippet, n.clone()));
        brands.chain(snippets).collect()
    }
}

/// A library file parsed, its format version checked.
fn parse_library_file<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
    kind: LibraryKind,
) -> Result<T, LoadError> {
    #[derive(Deserialize)]
    struct Probe {
        format_version: u32,
    }
    if let Ok(p) = ron::Options::default().from_str::<Probe>(text)
        && p.format_version != 1
    {
        return Err(LoadError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "a {} file of format {}; this Prism reads format 1",
                kind.noun(),
                p.format_version
            ),
        });
    }
    parse_ron(text, path)
}

/// A library file a project uses, and the bytes it had when linked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Used {
    /// Brand or snippet.
    pub kind: LibraryKind,
    /// Its name.
    pub name: String,
    /// SHA-256 of its bytes; `None` when there is no such file or it does not parse.
    pub sha256: Option<String>,
}

/// Something linking could not do, for the project's diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkProblem {
    /// The project's block that names the snippet; `None` for the brand.
    pub block: Option<String>,
    /// What is wrong, naming the file (and its line and column, for a syntax error).
    pub message: String,
}

/// What linking did: the files used and what it could not do. Kept with the project, never
/// written to its file.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    /// Every library file the project uses (brand, snippets, snippets inside snippets),
    /// sorted, each once.
    pub used: Vec<Used>,
    /// What could not be linked.
    pub problems: Vec<LinkProblem>,
}

/// One library file linked on its own, for its own review: the files it uses (itself, and
/// for a snippet the snippets inside it), what it could not link, and the images it shows
/// (relative to the projects' folder).
pub fn link_item(library: &Library, kind: LibraryKind, name: &str) -> (Linked, Vec<String>) {
    let mut linked = Linked::default();
    let mut images = Vec::new();
    match kind {
        LibraryKind::Brand => {
            let file = library.brands.get(name);
            linked.used.push(Used {
                kind,
                name: name.to_owned(),
                sha256: file.map(|f| f.sha256.clone()),
            });
            match file.map(|f| (f, &f.parsed)) {
                None => linked.problems.push(LinkProblem {
                    block: None,
                    message: missing(library, kind, name),
                }),
                Some((_, Err(e))) => linked.problems.push(LinkProblem {
                    block: None,
                    message: e.to_string(),
                }),
                Some((f, Ok(b))) => {
                    images.extend(rebased_brand(&b.brand, &f.path, &library.dir).logo);
                }
            }
        }
        LibraryKind::Snippet => {
            let mut blocks = vec![Block {
                id: "snippet".into(),
                kind: BlockKind::Snippet(super::SnippetRef::named(name)),
                channels: None,
                overrides: Default::default(),
                required: false,
                locked: false,
            }];
            link_blocks(&mut blocks, library, &mut Vec::new(), None, &mut linked);
            fn walk(blocks: &[Block], out: &mut Vec<String>) {
                for b in blocks {
                    match &b.kind {
                        BlockKind::Image { asset, .. } => out.push(asset.clone()),
                        BlockKind::Group { blocks, .. } => walk(blocks, out),
                        BlockKind::Snippet(s) => walk(&s.blocks, out),
                        _ => {}
                    }
                }
            }
            walk(&blocks, &mut images);
        }
    }
    linked.used.sort();
    linked.used.dedup();
    images.sort();
    images.dedup();
    (linked, images)
}

/// What linking found is the library's, not the project's: projects compare equal whatever
/// their library holds (a project is unchanged when only a library file changed).
impl PartialEq for Linked {
    fn eq(&self, _: &Linked) -> bool {
        true
    }
}

/// Fills in the project's library brand and snippet blocks from `library`, and records
/// which files it used and what it could not do in `project.linked`.
pub fn link(project: &mut Project, library: &Library) {
    let mut linked = Linked::default();
    if let Some(name) = project.brand.library.clone() {
        let brand = match library.brands.get(&name) {
            None => {
                linked.problems.push(LinkProblem {
                    block: None,
                    message: missing(library, LibraryKind::Brand, &name),
                });
                None
            }
            Some(f) => match &f.parsed {
                Ok(b) => Some(rebased_brand(&b.brand, &f.path, &library.dir)),
                Err(e) => {
                    linked.problems.push(LinkProblem {
                        block: None,
                        message: e.to_string(),
                    });
                    None
                }
            },
        };
        linked.used.push(Used {
            kind: LibraryKind::Brand,
            name: name.clone(),
            sha256: library.brands.get(&name).map(|f| f.sha256.clone()),
        });
        project.brand.brand = brand.unwrap_or_else(Brand::neutral);
    }
    let mut stack = Vec::new();
    link_blocks(
        &mut project.content.blocks,
        library,
        &mut stack,
        None,
        &mut linked,
    );
    linked.used.sort();
    linked.used.dedup();
    project.linked = linked;
}

/// Links the snippet blocks among `blocks`. `stack` holds the snippets being linked
/// (outermost first), `top` the project's block they are inside.
fn link_blocks(
    blocks: &mut [Block],
    library: &Library,
    stack: &mut Vec<String>,
    top: Option<&str>,
    linked: &mut Linked,
) {
    for b in blocks {
        let top_id = top.unwrap_or(&b.id).to_owned();
        match &mut b.kind {
            BlockKind::Group { blocks, .. } => {
                link_blocks(blocks, library, stack, Some(&top_id), linked)
            }
            BlockKind::Snippet(r) => {
                r.blocks = Default::default();
                let name = r.name.clone();
                let problem = |message: String| LinkProblem {
                    block: Some(top_id.clone()),
                    message,
                };
                let file = library.snippets.get(&name);
                linked.used.push(Used {
                    kind: LibraryKind::Snippet,
                    name: name.clone(),
                    sha256: file.map(|f| f.sha256.clone()),
                });
                if stack.contains(&name) {
                    let mut chain = stack.clone();
                    chain.push(name.clone());
                    linked.problems.push(problem(format!(
                        "snippet “{name}” uses itself: {}",
                        chain.join(" → ")
                    )));
                    continue;
                }
                if stack.len() >= MAX_SNIPPET_DEPTH {
                    linked.problems.push(problem(format!(
                        "snippet “{name}” is nested more than {MAX_SNIPPET_DEPTH} snippets deep: {} → {name}",
                        stack.join(" → ")
                    )));
                    continue;
                }
                let Some(file) = file else {
                    linked
                        .problems
                        .push(problem(missing(library, LibraryKind::Snippet, &name)));
                    continue;
                };
                let snippet = match &file.parsed {
                    Ok(s) => s,
                    Err(e) => {
                        linked.problems.push(problem(e.to_string()));
                        continue;
                    }
                };
                let mut inner = snippet.blocks.clone();
                let from = file.path.parent().unwrap_or(Path::new("."));
                for child in &mut inner {
                    prefix_and_rebase(child, &b.id, from, &library.dir);
                }
                stack.push(name);
                link_blocks(&mut inner, library, stack, Some(&top_id), linked);
                stack.pop();
                r.blocks = std::sync::Arc::new(inner);
                r.translations = snippet.translations.clone();
            }
            _ => {}
        }
    }
}

fn missing(library: &Library, kind: LibraryKind, name: &str) -> String {
    let path = library.dir.join(kind.folder()).join(format!("{name}.ron"));
    format!(
        "the library has no {} “{name}” ({} not found)",
        kind.noun(),
        path.display()
    )
}

/// Prefixes a snippet block's id (and its children's) with the id of the block that uses
/// the snippet, so that two uses never share an id; rebases its image paths from the
/// snippet's folder to the projects' folder.
fn prefix_and_rebase(b: &mut Block, prefix: &str, from: &Path, library_dir: &Path) {
    b.id = format!("{prefix}.{}", b.id);
    match &mut b.kind {
        BlockKind::Image { asset, .. } => *asset = rebase(asset, from, library_dir),
        BlockKind::Group { blocks, .. } => {
            for c in blocks {
                prefix_and_rebase(c, prefix, from, library_dir);
            }
        }
        _ => {}
    }
}

fn rebased_brand(brand: &Brand, file: &Path, library_dir: &Path) -> Brand {
    let mut b = brand.clone();
    let from = file.parent().unwrap_or(Path::new("."));
    if let Some(logo) = &mut b.logo {
        *logo = rebase(logo, from, library_dir);
    }
    b
}

/// A path named in a library file in `from`, as a path relative to the projects' folder
/// (the library folder's parent), worked out on the names alone. Where it leads is checked
/// as for any asset of the project (`crate::confine`); an absolute path stays as it is, to
/// be refused there.
fn rebase(name: &str, from: &Path, library_dir: &Path) -> String {
    let given = Path::new(name);
    if given.has_root() {
        return name.to_owned();
    }
    let projects = library_dir.parent().unwrap_or(Path::new("."));
    let within = from.strip_prefix(projects).unwrap_or(from);
    let mut parts: Vec<String> = Vec::new();
    for c in within.join(given).components() {
        match c {
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else {
                    parts.push("..".into());
                }
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::rebase;
    use std::path::Path;

    #[test]
    fn library_paths_are_rebased_onto_the_projects_folder() {
        let lib = Path::new("/p/library");
        let brands = Path::new("/p/library/brands");
        assert_eq!(
            rebase("../../../assets/images/logo.png", brands, lib),
            "../assets/images/logo.png"
        );
        assert_eq!(rebase("logo.png", brands, lib), "library/brands/logo.png");
        assert_eq!(rebase("/etc/passwd", brands, lib), "/etc/passwd");
        assert_eq!(
            rebase("../../../../../etc/x", brands, lib),
            "../../../etc/x"
        );
    }
}
