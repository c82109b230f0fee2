//! Editing a library snippet from the designer. The working copy replaces the snippet in the
//! open project's library, so the previews show it inside this project (and in another that
//! uses it, once that is opened; the snippet stays open); before saving, the window lists every message the
//! change will make stale. Saving writes the snippet file atomically; closing without saving
//! reads the library again from disk.

use super::Designer;
use crate::model::library::{Library, LibraryFile, LibraryKind, SnippetFile};
use crate::model::{Block, BlockField, BlockKind};
use std::path::PathBuf;
use std::sync::Arc;

/// A snippet open for editing.
pub struct SnippetEdit {
    /// Its name (the file stem).
    pub name: String,
    /// Its file.
    pub path: PathBuf,
    /// The file as read when editing began.
    original: SnippetFile,
    /// The working copy the previews show.
    pub working: SnippetFile,
}

impl SnippetEdit {
    /// Whether the working copy differs from the file.
    pub fn is_modified(&self) -> bool {
        self.working != self.original
    }
}

/// Every text field of a snippet's blocks, groups' children included: (block id, field).
pub fn text_fields(blocks: &[Block]) -> Vec<(String, BlockField)> {
    let mut out = Vec::new();
    for b in blocks {
        let own: &[BlockField] = match &b.kind {
            BlockKind::Heading { .. }
            | BlockKind::Text { .. }
            | BlockKind::Signature { .. }
            | BlockKind::Legal { .. } => &[BlockField::Text],
            BlockKind::Button { .. } => &[BlockField::Label, BlockField::Url],
            BlockKind::Image { .. } => &[BlockField::Alt],
            _ => &[],
        };
        out.extend(own.iter().map(|f| (b.id.clone(), f.clone())));
        out.extend(
            b.overrides
                .keys()
                .map(|c| (b.id.clone(), BlockField::Override(*c))),
        );
        if let BlockKind::Group { blocks, .. } = &b.kind {
            out.extend(text_fields(blocks));
        }
    }
    out
}

fn find_mut<'a>(blocks: &'a mut [Block], id: &str) -> Option<&'a mut Block> {
    for b in blocks {
        if b.id == id {
            return Some(b);
        }
        if let BlockKind::Group { blocks, .. } = &mut b.kind
            && let Some(found) = find_mut(blocks, id)
        {
            return Some(found);
        }
    }
    None
}

impl Designer {
    /// Opens the library snippet `name` for editing.
    pub(super) fn edit_snippet(&mut self, name: &str) {
        let Some(file) = self.ws.library.snippets.get(name) else {
            return self.notify_error(format!("the library has no snippet “{name}”"));
        };
        match &file.parsed {
            Ok(s) => {
                self.snippet = Some(SnippetEdit {
                    name: name.to_owned(),
                    path: file.path.clone(),
                    original: s.clone(),
                    working: s.clone(),
                });
                if !self.folder.scanned {
                    self.scan_folder();
                }
            }
            Err(e) => self.notify_error(format!("cannot edit the snippet: {e}")),
        }
    }

    /// Sets one text of the snippet being edited; the previews follow.
    pub(super) fn set_snippet_text(&mut self, block: &str, field: &BlockField, text: String) {
        let Some(edit) = &mut self.snippet else {
            return;
        };
        let Some(target) =
            find_mut(&mut edit.working.blocks, block).and_then(|b| b.template_mut(field))
        else {
            return;
        };
        *target = text;
        self.show_working_snippet();
    }

    /// Relinks the project against the library with the working copy in the snippet's place.
    pub(super) fn show_working_snippet(&mut self) {
        let Some(edit) = &self.snippet else { return };
        let Ok(text) = crate::model::to_ron_pretty(&edit.working) else {
            return;
        };
        let mut library: Library = (*self.ws.library).clone();
        library.snippets.insert(
            edit.name.clone(),
            LibraryFile::parse(edit.path.clone(), text.as_bytes(), LibraryKind::Snippet),
        );
        self.ws.library = Arc::new(library);
        let project = self.ws.project.clone();
        if let Err(e) = self.ws.set_project(project) {
            self.notify_error(e.to_string());
        }
        self.refresh();
    }

    /// Writes the working copy to the snippet's file.
    pub(super) fn save_snippet(&mut self) {
        let Some(edit) = &self.snippet else { return };
        let written = crate::model::to_ron_pretty(&edit.working)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                crate::model::write_atomic(&edit.path, text.as_bytes()).map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => {
                let said = format!("Saved the snippet {}", edit.path.display());
                self.snippet = None;
                self.scan_folder();
                self.notify_info(said);
            }
            Err(e) => self.notify_error(format!("{}: {e}", edit.path.display())),
        }
    }

    /// Stops editing the snippet; unsaved changes are dropped and the library read again.
    pub(super) fn close_snippet(&mut self) {
        self.snippet = None;
        self.scan_folder();
    }
}
