//! The designer's state and the one place that changes it. The UI (`crate::ui`) draws a
//! [`Designer`] and hands back [`Command`]s; [`Designer::apply`] carries them out, records
//! undo steps and keeps the previews current.

mod apply;
mod audience;
pub mod blocks;
mod command;
pub mod edit;
mod editing;
pub mod export_job;
pub mod files;
pub mod grid;
pub mod history;
pub mod job;
mod jobs;
pub mod library;
mod lifecycle;
mod previews;
pub mod print_worker;
mod refresh;
mod review_actions;
mod review_state;
pub mod send_job;
pub mod snippet_edit;

use crate::model;
use crate::workspace::Workspace;
pub use audience::Audience;
pub use command::Command;
pub use edit::Edit;
pub use editing::Editing;
pub use jobs::Jobs;
pub use previews::{Live, Previews};
pub use review_state::{ReviewRequest, ReviewState};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A recovery copy is written this long after the last edit.
pub const RECOVERY_DELAY: Duration = Duration::from_secs(2);
/// The smallest and largest letter preview, in pixels per CSS pixel.
pub const PRINT_SCALES: (f32, f32) = (0.2, 4.0);

/// Editing the content, or reviewing it (read-only, with the records × channels grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Changing the content: the block editors and the previews of one record.
    #[default]
    Edit,
    /// Reading and signing: no edits, the records × channels grid and comment threads.
    Review,
}

/// A message for the user above the outline (an error or a confirmation), until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Shown in the error colour; false for information.
    pub error: bool,
    /// What to tell the user, as shown.
    pub text: String,
}

/// What outlives the open file: the recent list, where state is kept, and how background
/// work wakes the window.
pub struct Session {
    /// Recently opened or saved project files, newest first (absolute paths).
    pub recent: Vec<PathBuf>,
    /// Where recovery copies and the recent list are kept.
    pub state_dir: PathBuf,
    /// Wakes the UI when a background result arrives.
    notify: Arc<dyn Fn() + Send + Sync>,
}

impl Session {
    /// A wake-up for a background job to call when it has something new.
    fn waker(&self) -> impl Fn() + Send + Sync + 'static {
        let n = self.notify.clone();
        move || n()
    }
}

/// Everything the designer window shows and changes: the open project and, in parts, the
/// state of each concern around it. Commands come in through [`Designer::apply`].
pub struct Designer {
    /// The open project with its records, loaded images and render engine.
    pub ws: Workspace,
    /// Unsaved changes, undo, the selected block and the recovery copy.
    pub editing: Editing,
    /// The record shown and its previews on the four channels.
    pub previews: Previews,
    /// Per record: missing fields and where routing sends it.
    pub audience: Audience,
    /// The export and the test email, running or finished.
    pub jobs: Jobs,
    /// Review mode, the review state of the content, the key, the grid and comparisons.
    pub review: ReviewState,
    /// Errors and confirmations to show, oldest first, until dismissed.
    pub notices: Vec<Notice>,
    /// The recent list and the state folder.
    pub session: Session,
    /// The folder's messages and library, for the Library and Messages windows.
    pub folder: library::Folder,
    /// A library snippet open for editing, if any.
    pub snippet: Option<snippet_edit::SnippetEdit>,
}

impl Designer {
    /// The record the previews show; `None` when the data has no records.
    pub fn current_record(&self) -> Option<&model::Record> {
        self.ws.records.get(self.previews.record)
    }

    fn notify_error(&mut self, text: String) {
        self.notices.push(Notice { error: true, text });
    }

    fn notify_info(&mut self, text: String) {
        self.notices.push(Notice { error: false, text });
    }

    fn dismiss_notice(&mut self, i: usize) {
        if i < self.notices.len() {
            self.notices.remove(i);
        }
    }
}
