//! What the window asks the designer to do: every command it can send, typed.

use super::*;
use crate::model::Kind;
pub use edit::Edit;
use export_job::ExportSettings;
use send_job::SendSettings;
use std::path::PathBuf;

/// Everything the user can ask for.
#[derive(Debug, Clone)]
pub enum Command {
    /// A change from an editor widget.
    Edit(Edit),
    /// A new block of this kind after the block `after` (inside it, for a group), else at
    /// the end.
    AddBlock {
        /// The kind of block to add (it starts with sample content).
        kind: Kind,
        /// Id of the block to add after (or, for a group, inside).
        after: Option<String>,
    },
    /// Delete the block with this id, children too (refused when it is locked).
    RemoveBlock(String),
    /// Copy the block with this id (children too, with fresh ids) right after it.
    DuplicateBlock(String),
    /// Move the block with this id by this many places among its siblings (negative: up).
    ShiftBlock(String, isize),
    /// Move a block to just before another (a drag in the outline).
    MoveBefore {
        /// Id of the block to move.
        id: String,
        /// Id of the block it goes before; `None` puts it at the end of the top level.
        before: Option<String>,
    },
    /// Show this block in the editor panel (`None`: no block).
    Select(Option<String>),
    /// Preview this record (index into the workspace's records).
    SetRecord(usize),
    /// Show the previews in this language (`None`: the record's own).
    SetLanguage(Option<String>),
    /// Go back one undo step.
    Undo,
    /// Redo the step last undone.
    Redo,
    /// File ▸ New: a blank project (the UI asks first when there are unsaved changes).
    New,
    /// Open this project file instead of the current one.
    Open(PathBuf),
    /// Save to the project's own file.
    Save,
    /// Save to this file; relative paths are rewritten and images carried along.
    SaveAs(PathBuf),
    /// Use this CSV or JSON file as the project's data.
    OpenData(PathBuf),
    /// Replace the content with the offered recovery copy (an undo step of its own).
    RestoreRecovery,
    /// Delete the offered recovery copy.
    DiscardRecovery,
    /// Rasterise the letter preview at this many pixels per CSS pixel.
    SetPrintScale(f32),
    /// Export with these settings on a background thread (ignored while one runs).
    StartExport(ExportSettings),
    /// Send the current record's email to the designer's own address.
    SendTest(SendSettings),
    /// Ask the running export to stop.
    CancelExport,
    /// Route with this suppression list and these earlier exports (the Audience window).
    SetRouting(crate::routing::Inputs),
    /// Remove the notice at this index of `Designer::notices`.
    DismissNotice(usize),
    /// Something the window tried for the user failed (opening a folder or a browser): show
    /// it among the notices.
    ReportError(String),
    /// Switch between editing and review.
    SetMode(Mode),
    /// Make a new review key for `name <email>` in the key folder.
    CreateKey {
        /// The reviewer's name, as signed entries show it.
        name: String,
        /// The reviewer's email address: their principal in the reviewers file.
        email: String,
    },
    /// Sign with an existing OpenSSH Ed25519 key from now on.
    UseKey {
        /// The private key file (it stays where it is).
        path: PathBuf,
        /// The reviewer's name, as signed entries show it.
        name: String,
        /// The reviewer's email address: their principal in the reviewers file.
        email: String,
    },
    /// Sign a review action on the saved content and append it to the file's history.
    Review(ReviewRequest),
    /// A listed reviewer locks or unlocks a block (review mode; recorded in the history).
    SetLock {
        /// Id of the block to lock or unlock.
        block: String,
        /// True to lock, false to unlock.
        locked: bool,
    },
    /// The review grid shows these records: make their cells.
    WantRows(Vec<usize>),
    /// Open (or close) the comparison with the last approved version.
    ShowChanges(bool),
    /// Write the proof pack of the first records to this PDF.
    WriteProof(PathBuf),
    /// Read the library again and list the folder's messages and library files.
    ScanFolder,
    /// Use the library snippet with this name after a block (inside it, for a group).
    InsertSnippet {
        /// The snippet's name (its file stem).
        name: String,
        /// Id of the block to add after; `None` puts it at the end.
        after: Option<String>,
    },
    /// Make the snippet used by the block with this id the message's own.
    DetachSnippet(String),
    /// Open the library snippet with this name for editing; the previews show it in the
    /// open project.
    EditSnippet(String),
    /// Set a text of the snippet being edited.
    SetSnippetText {
        /// Id of the snippet's block (as its file writes it).
        block: String,
        /// Which of its texts.
        field: crate::model::BlockField,
        /// The new text (template).
        text: String,
    },
    /// Write the snippet being edited to its file.
    SaveSnippet,
    /// Stop editing the snippet, dropping unsaved changes.
    CloseSnippet,
}

impl Command {
    /// Whether the command changes the content (refused in review mode).
    pub(super) fn edits(&self) -> bool {
        matches!(
            self,
            Command::Edit(_)
                | Command::AddBlock { .. }
                | Command::RemoveBlock(_)
                | Command::DuplicateBlock(_)
                | Command::ShiftBlock(..)
                | Command::MoveBefore { .. }
                | Command::Undo
                | Command::Redo
                | Command::OpenData(_)
                | Command::RestoreRecovery
                | Command::InsertSnippet { .. }
                | Command::DetachSnippet(_)
                | Command::EditSnippet(_)
                | Command::SetSnippetText { .. }
                | Command::SaveSnippet
        )
    }
}
