//! The folder around the open project, for the Library and Messages windows: every project
//! there with its review state, and every brand and snippet of the library with its own.
//! Scanned when asked (opening either window, or after a save), as it reads every file.

use super::Designer;
use crate::model::library::LibraryKind;
use crate::workspace::library_item::LibraryItem;
use crate::workspace::messages::{Message, messages};

/// A brand or snippet of the library, as the Library window lists it.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// Brand or snippet.
    pub kind: LibraryKind,
    /// Its name.
    pub name: String,
    /// Who looks after it.
    pub owner: String,
    /// Its review state in a few words ("Approved by …", "Draft", or why it is unusable).
    pub state: String,
    /// The messages of the folder that use it.
    pub used_by: Vec<String>,
}

/// The folder's messages and library, as last scanned.
#[derive(Default)]
pub struct Folder {
    /// Every project file of the folder with its state.
    pub messages: Vec<Message>,
    /// Every library file with its state and users.
    pub items: Vec<ItemRow>,
    /// It has been scanned at least once.
    pub scanned: bool,
}

impl Designer {
    /// Reads the library again (the project is relinked against it) and lists the folder's
    /// messages and library files with their states.
    pub(super) fn scan_folder(&mut self) {
        if let Err(e) = self.ws.reload_library() {
            self.notify_error(e.to_string());
        }
        let folder = self.ws.base().to_path_buf();
        let all = messages(&folder);
        let library = self.ws.library.clone();
        self.folder.items = library
            .names()
            .into_iter()
            .map(|(kind, name)| {
                let used_by = all
                    .iter()
                    .filter(|m| m.uses(kind, &name))
                    .map(|m| m.name.clone())
                    .collect();
                let (owner, state) = match LibraryItem::in_library(library.clone(), kind, &name) {
                    Ok(item) => (item.owner(), item.review().1.label()),
                    Err(e) => (String::new(), format!("unusable: {e}")),
                };
                ItemRow {
                    kind,
                    name,
                    owner,
                    state,
                    used_by,
                }
            })
            .collect();
        self.folder.messages = all;
        self.folder.scanned = true;
        if self.snippet.is_some() {
            // The library was read again: the snippet being edited stays in the previews.
            self.show_working_snippet();
        }
        self.refresh();
    }

    /// Uses the library snippet `name` after block `after` (an undo step of its own).
    pub(super) fn insert_snippet(&mut self, name: &str, after: Option<&str>) {
        if let Some(id) = self.restructure(|p| Some(super::blocks::add_snippet(p, name, after))) {
            self.editing.selected = Some(id);
        }
    }

    /// Makes the snippet used by block `id` the message's own (an undo step of its own).
    pub(super) fn detach_snippet(&mut self, id: &str) {
        if self.is_locked(id) {
            return self.notify_error(format!("“{id}” is locked: a reviewer approved it"));
        }
        if self.restructure(|p| super::blocks::detach(p, id)).is_none() {
            self.notify_error(format!(
                "“{id}” cannot be detached: it is not a snippet the library has"
            ));
        }
    }
}
