//! The designer's state and the one place that changes it. The UI (`crate::ui`) draws a
//! [`Designer`] and hands back [`Command`]s; [`Designer::apply`] carries them out, records
//! undo steps and keeps the previews current.

mod apply;
pub mod blocks;
mod command;
pub mod edit;
pub mod export_job;
pub mod files;
pub mod grid;
pub mod history;
pub mod job;
mod lifecycle;
pub mod print_worker;
mod refresh;
mod review_actions;
pub mod send_job;

use crate::diag::{Code, Diagnostic};
use crate::model::ChannelSet;
use crate::model::{self, Channel, Project};
use crate::workspace::{Rendered, Workspace};
pub use command::Command;
pub use edit::Edit;
use export_job::ExportJob;
use history::History;
use print_worker::{PrintPreview, PrintWorker};
use send_job::SendJob;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A recovery copy is written this long after the last edit.
pub const RECOVERY_DELAY: Duration = Duration::from_secs(2);
/// The smallest and largest letter preview, in pixels per CSS pixel.
pub const PRINT_SCALES: (f32, f32) = (0.2, 4.0);
/// Records are checked for missing fields once typing has paused this long.
const RECHECK_PAUSE: Duration = Duration::from_millis(500);

/// Editing the content, or reviewing it (read-only, with the records × channels grid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Changing the content: the block editors and the previews of one record.
    #[default]
    Edit,
    /// Reading and signing: no edits, the records × channels grid and comment threads.
    Review,
}

/// A review action the user asked for, before it is signed.
#[derive(Debug, Clone)]
pub struct ReviewRequest {
    /// What the reviewer does: submit, approve, comment, lock, resolve, …
    pub action: crate::model::ReviewAction,
    /// The comment, note or reason as typed; may be empty.
    pub comment: String,
    /// Id of the block it is about (comments, locks); `None` for the whole message.
    pub block: Option<String>,
    /// The channel a comment is about; `None` for every channel.
    pub channel: Option<Channel>,
    /// Index in the review history of the comment this answers or resolves.
    pub reply_to: Option<usize>,
}

impl ReviewRequest {
    /// A request about the whole message; set `block`, `channel` or `reply_to` after.
    pub fn new(action: crate::model::ReviewAction, comment: &str) -> ReviewRequest {
        ReviewRequest {
            action,
            comment: comment.to_owned(),
            block: None,
            channel: None,
            reply_to: None,
        }
    }
}

/// Most review-grid rows kept at once (each holds a small letter raster).
const GRID_ROWS_KEPT: usize = 300;

/// The review grid's rows made so far, for the content of `generation`.
#[derive(Default)]
pub struct Grid {
    /// The content the rows are for; bumped each time the grid starts over.
    pub generation: u64,
    /// Rows made so far, by record index; at most `GRID_ROWS_KEPT` are kept.
    pub rows: std::collections::HashMap<usize, grid::Row>,
    /// The rows last asked of the worker.
    asked: Vec<usize>,
}

/// A message for the user above the outline (an error or a confirmation), until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Shown in the error colour; false for information.
    pub error: bool,
    /// What to tell the user, as shown.
    pub text: String,
}

/// The previews of the email, SMS and chat channels for the selected record.
pub struct Live {
    /// Bumped by every change; the print preview says which one it shows.
    pub generation: u64,
    /// The last rendering without template errors: what the previews show.
    pub shown: Option<Rendered>,
    /// Diagnostics of the newest rendering (also when it was not shown).
    pub diagnostics: Vec<Diagnostic>,
    /// The newest rendering has template errors, and the previews show an earlier one (the
    /// last good one, unless the project was opened broken).
    pub stale: bool,
}

/// Everything the designer window shows and changes: the open project, its previews,
/// background jobs and review state.
pub struct Designer {
    /// The open project with its records, loaded images and render engine.
    pub ws: Workspace,
    /// The project as last saved or opened, to tell whether there are unsaved changes.
    saved: Project,
    /// Never saved: Save asks for a file name.
    pub untitled: bool,
    /// Undo and redo of content edits.
    pub history: History,
    /// Id of the block shown in the editor panel.
    pub selected: Option<String>,
    /// Index of the record the previews show (into `ws.records`).
    pub record: usize,
    /// The email, SMS and chat previews of the current record.
    pub live: Live,
    /// The letter preview last made by the print worker; may be of an older generation.
    pub print: Option<PrintPreview>,
    /// Scale the letter is rasterised at, in pixels per CSS pixel (within `PRINT_SCALES`).
    pub print_scale: f32,
    worker: PrintWorker,
    /// Errors and confirmations to show, oldest first, until dismissed.
    pub notices: Vec<Notice>,
    /// Recently opened or saved project files, newest first (absolute paths).
    pub recent: Vec<PathBuf>,
    /// A recovery copy found when the project was opened, offered for restore.
    pub recovery: Option<files::Recovery>,
    recovery_due: Option<Instant>,
    /// Per record: fields the templates use that the record lacks.
    pub missing: Vec<Vec<String>>,
    /// Per record: the routing decision (rechecked with `missing`).
    pub audience: Vec<crate::routing::Decision>,
    /// `missing` is out of date since this edit; rechecked once typing pauses.
    missing_stale: Option<Instant>,
    /// The export started last, running or finished.
    pub export: Option<ExportJob>,
    /// The test email sent last, waiting for the server or answered.
    pub send: Option<SendJob>,
    /// Where the review stands for the content as it is now (rechecked on every change).
    pub review: Option<crate::review::Status>,
    /// The reviewers file's text and the project file it belongs to.
    reviewers: (PathBuf, String),
    /// Editing or reviewing.
    pub mode: Mode,
    /// Who signs review actions here; `None` until a key is made or chosen.
    pub identity: Option<crate::review::Identity>,
    /// Where the review key (or the pointer to an OpenSSH key) is kept.
    pub key_dir: PathBuf,
    /// Comment threads of the history (recomputed with the review state).
    pub threads: Vec<crate::review::comments::Thread>,
    /// Blocks the review log locked or unlocked, by id (see `is_locked`).
    locks: std::collections::HashMap<String, bool>,
    /// The review grid's rows made so far.
    pub grid: Grid,
    grid_worker: grid::GridWorker,
    /// "Changes since approval" while open: the diff for the current record, or why none.
    pub changes: Option<Result<crate::workspace::diff::ReviewDiff, String>>,
    /// Where recovery copies and the recent list are kept.
    pub state_dir: PathBuf,
    /// Wakes the UI when a background result arrives.
    notify: std::sync::Arc<dyn Fn() + Send + Sync>,
}

impl Designer {
    /// The record the previews show; `None` when the data has no records.
    pub fn current_record(&self) -> Option<&model::Record> {
        self.ws.records.get(self.record)
    }

    fn notify_error(&mut self, text: String) {
        self.notices.push(Notice { error: true, text });
    }

    fn notify_info(&mut self, text: String) {
        self.notices.push(Notice { error: false, text });
    }

    /// A change of the block tree, made on a copy: when `edit` changes something (`Some`), it
    /// becomes an undo step of its own.
    fn restructure<T>(&mut self, edit: impl FnOnce(&mut Project) -> Option<T>) -> Option<T> {
        let mut p = self.ws.project.clone();
        let done = edit(&mut p)?;
        self.structural(p);
        Some(done)
    }

    /// An edit that is an undo step of its own.
    fn structural(&mut self, p: Project) {
        self.history.record(&self.ws.project, None, Instant::now());
        self.set_project(p);
    }

    fn set_project(&mut self, p: Project) {
        let data_changed = p.data != self.ws.project.data;
        if let Err(e) = self.ws.set_project(p) {
            self.notify_error(e.to_string());
        }
        if data_changed {
            self.record = self.record.min(self.ws.records.len().saturating_sub(1));
        }
        if let Some(id) = &self.selected
            && blocks::find(&self.ws.project, id).is_none()
        {
            self.selected = None;
        }
        if data_changed {
            self.check_records();
        } else {
            // Resolving every record on each keystroke would slow typing with large data.
            self.missing_stale = Some(Instant::now());
        }
        self.recovery_due = Some(Instant::now() + RECOVERY_DELAY);
        self.refresh();
    }

    /// Which records lack fields the templates use, and where routing sends each.
    fn check_records(&mut self) {
        self.missing_stale = None;
        let (missing, audience) = self
            .ws
            .records
            .iter()
            .map(|r| {
                let msg = self.ws.resolve(r, ChannelSet::ALL);
                let mut fields: Vec<String> = msg
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == Code::UndefinedVariable)
                    .map(|d| d.message.clone())
                    .collect();
                fields.dedup();
                (fields, msg.route)
            })
            .unzip();
        self.missing = missing;
        self.audience = audience;
    }
}
