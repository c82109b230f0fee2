//! The designer's state and the one place that changes it. The UI (`crate::ui`) draws a
//! [`Designer`] and hands back [`Command`]s; [`Designer::apply`] carries them out, records
//! undo steps and keeps the previews current.

pub mod blocks;
pub mod edit;
pub mod export_job;
pub mod files;
pub mod grid;
pub mod history;
mod lifecycle;
pub mod print_worker;
mod review_actions;
pub mod send_job;

use crate::diag::{Code, Diagnostic};
use crate::model::ChannelSet;
use crate::model::{self, Channel, Kind, Project};
use crate::render::email::ImageMode;
use crate::workspace::{Rendered, Workspace};
pub use edit::Edit;
use export_job::{ExportJob, ExportSettings};
use history::History;
use print_worker::{PrintPreview, PrintRequest, PrintWorker};
use send_job::{SendJob, SendSettings};
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
}

impl Command {
    /// Whether the command changes the content (refused in review mode).
    fn edits(&self) -> bool {
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
        )
    }
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

    /// Carries out one command.
    pub fn apply(&mut self, cmd: Command) {
        let now = Instant::now();
        if self.mode == Mode::Review && cmd.edits() {
            self.notify_error("Review mode is read-only: leave it (menu Review, Back to editing) to change the content".into());
            return;
        }
        match cmd {
            Command::Edit(edit) => {
                let locked = edit.block().filter(|id| self.is_locked(id));
                if let Some(id) = locked {
                    self.notify_error(format!(
                        "“{id}” is locked: only a reviewer can unlock it, in review mode"
                    ));
                    return;
                }
                let mut project = self.ws.project.clone();
                if edit.apply(&mut project) && project != self.ws.project {
                    self.history
                        .record(&self.ws.project, Some(&edit.merge_key()), now);
                    self.set_project(project);
                }
            }
            Command::AddBlock { kind, after } => {
                if let Some(id) = self.restructure(|p| Some(blocks::add(p, kind, after.as_deref())))
                {
                    self.selected = Some(id);
                }
            }
            Command::RemoveBlock(id) if self.is_locked(&id) => {
                self.notify_error(format!("“{id}” is locked: a reviewer approved it"));
            }
            // The selection goes with the block (set_project drops ids that are gone).
            Command::RemoveBlock(id) => _ = self.restructure(|p| blocks::remove(p, &id)),
            Command::DuplicateBlock(id) => {
                if let Some(copy) = self.restructure(|p| blocks::duplicate(p, &id)) {
                    self.selected = Some(copy);
                }
            }
            Command::ShiftBlock(id, delta) => {
                self.restructure(|p| blocks::shift(p, &id, delta).then_some(()));
            }
            Command::MoveBefore { id, before } => {
                self.restructure(|p| blocks::move_before(p, &id, before.as_deref()).then_some(()));
            }
            Command::Select(id) => {
                self.selected = id;
                self.history.break_run();
            }
            Command::SetRecord(i) => {
                if i < self.ws.records.len() && i != self.record {
                    self.record = i;
                    self.refresh();
                }
            }
            // Undo steps restore content; signed review entries made since are kept.
            Command::Undo => {
                if let Some(p) = self.history.undo(&self.ws.project) {
                    self.set_content(p);
                }
            }
            Command::Redo => {
                if let Some(p) = self.history.redo(&self.ws.project) {
                    self.set_content(p);
                }
            }
            Command::New => self.new_project(),
            Command::Open(path) => match Workspace::open(&path, None) {
                Ok(ws) => {
                    self.leave_file();
                    self.ws = ws;
                    self.untitled = false;
                    self.opened();
                }
                Err(e) => self.notify_error(e.to_string()),
            },
            Command::Save => {
                let path = self.ws.path.clone();
                self.save_to(path);
            }
            Command::SaveAs(path) => self.save_to(path),
            Command::OpenData(path) => self.open_data(&path),
            Command::RestoreRecovery => {
                if let Some(r) = self.recovery.take() {
                    self.history.record(&self.ws.project, None, now);
                    self.set_content(r.project);
                }
            }
            Command::DiscardRecovery => {
                self.recovery = None;
                files::remove_recovery(&self.state_dir, &self.ws.path);
                if self.is_modified() {
                    // The edits made since are still worth a copy.
                    self.recovery_due = Some(now);
                }
            }
            Command::SetPrintScale(s) => {
                self.print_scale = s.clamp(PRINT_SCALES.0, PRINT_SCALES.1);
                self.refresh();
            }
            Command::StartExport(settings) => {
                if self.export.as_ref().is_none_or(|j| j.finished.is_some()) {
                    let n = self.notify.clone();
                    self.export = Some(ExportJob::start(
                        self.ws.project.clone(),
                        self.ws.path.clone(),
                        settings,
                        move || n(),
                    ));
                }
            }
            Command::SetRouting(inputs) => match self.ws.set_routing(inputs) {
                Ok(()) => {
                    self.check_records();
                    self.refresh();
                }
                Err(e) => self.notify_error(format!("routing: {e}")),
            },
            Command::SendTest(settings) => {
                let busy = self.send.as_ref().is_some_and(|j| j.finished.is_none());
                if let (false, Some(record)) = (busy, self.current_record()) {
                    let ws = Workspace::new(
                        self.ws.path.clone(),
                        self.ws.source.clone(),
                        self.ws.project.clone(),
                        self.ws.records.clone(),
                    );
                    let n = self.notify.clone();
                    let id = record.id.clone();
                    self.send = Some(SendJob::start(ws, id, &settings, move || n()));
                }
            }
            Command::CancelExport => {
                if let Some(j) = &self.export {
                    j.cancel();
                }
            }
            Command::ReportError(text) => self.notify_error(text),
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::SetMode(mode) => {
                self.mode = mode;
                self.history.break_run();
                if mode == Mode::Review {
                    self.grid_content();
                }
            }
            Command::CreateKey { name, email } => {
                match crate::review::Identity::create(name.trim(), email.trim(), &self.key_dir) {
                    Ok(id) => {
                        self.notify_info(format!(
                            "Made your review key in {}. Ask the project's owner to add this line to its reviewers file: {}",
                            self.key_dir.display(),
                            id.allowed_signers_line()
                        ));
                        self.identity = Some(id);
                    }
                    Err(e) => self.notify_error(e.to_string()),
                }
            }
            Command::UseKey { path, name, email } => {
                match crate::review::use_existing_key(
                    &self.key_dir,
                    &path,
                    name.trim(),
                    email.trim(),
                ) {
                    Ok(id) => {
                        self.notify_info(format!("Signing reviews as {} <{}>", id.name, id.email));
                        self.identity = Some(id);
                    }
                    Err(e) => self.notify_error(e.to_string()),
                }
            }
            Command::Review(req) => self.review_action(req),
            Command::SetLock { block, locked } => self.set_lock(block, locked),
            Command::WantRows(rows) => {
                let missing: Vec<usize> = rows
                    .into_iter()
                    .filter(|i| !self.grid.rows.contains_key(i))
                    .collect();
                if missing != self.grid.asked {
                    self.grid_worker.rows(missing.clone());
                    self.grid.asked = missing;
                }
            }
            Command::ShowChanges(open) => {
                self.changes = open.then(|| self.compare_with_approved());
            }
            Command::WriteProof(path) => {
                let now = crate::clock::now_utc();
                let written = crate::proof::proof_pdf(&self.ws, &[], &now)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        model::write_atomic(&path, &bytes).map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => self.notify_info(format!("Wrote the proof pack {}", path.display())),
                    Err(e) => self.notify_error(format!("{}: {e}", path.display())),
                }
            }
        }
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

    /// Renders the selected record: email, SMS and chat here, the letter on the worker.
    pub fn refresh(&mut self) {
        self.check_review();
        if self.changes.is_some() {
            self.changes = Some(self.compare_with_approved());
        }
        self.live.generation += 1;
        let Some(record) = self.ws.records.get(self.record) else {
            self.live.shown = None;
            self.live.diagnostics = Vec::new();
            self.live.stale = false;
            self.print = None;
            return;
        };
        let message = self.ws.resolve(record, ChannelSet::ALL);
        // While a template is broken the previews keep what they showed, so that they do
        // not flicker with every keystroke. Only with nothing on screen yet (a project
        // opened broken) is the broken message shown, without its broken parts. (Rendering
        // it on every record switch while broken made a 4,000-command session grow by
        // 150 MB: tests/designer_session.rs.)
        self.live.stale =
            crate::diag::has_template_errors(&message.diagnostics) && self.live.shown.is_some();
        if self.live.stale {
            let mut diagnostics = message.diagnostics;
            crate::workspace::mark_off_route(&self.ws.engine, &message.route, &mut diagnostics);
            self.live.diagnostics = diagnostics;
            return;
        }
        self.worker.request(PrintRequest {
            generation: self.live.generation,
            project: self.ws.project.clone(),
            assets: self.ws.assets.clone(),
            message: message.clone(),
            date: self.ws.letter_date.clone(),
            scale: self.print_scale,
        });
        let text_channels = ChannelSet::of(&[Channel::Email, Channel::Sms, Channel::Chat]);
        let rendered = self
            .ws
            .render_message(message, text_channels, ImageMode::DataUri);
        self.live.diagnostics = rendered.diagnostics().cloned().collect();
        self.live.shown = Some(rendered);
    }

    /// Picks up background results and writes the recovery copy when due. Called every frame.
    pub fn tick(&mut self, now: Instant) {
        if let Some(p) = self.worker.latest() {
            self.print = Some(p);
        }
        if let Some(job) = &mut self.export
            && !job.reported
            && job.poll()
        {
            job.reported = true;
            let text = match job.finished.as_ref().expect("polled") {
                Ok(r) => format!("Export finished: {}", r.summary().trim()),
                Err(e) => format!("Export failed: {e}"),
            };
            let error = job.finished.as_ref().is_some_and(|r| r.is_err());
            self.notices.push(Notice { error, text });
        }
        if let Some(job) = &mut self.send {
            job.poll();
        }
        let rows: Vec<grid::Row> = self.grid_worker.finished().collect();
        self.take_grid_rows(rows);
        if self
            .missing_stale
            .is_some_and(|t| now.duration_since(t) >= RECHECK_PAUSE)
        {
            self.check_records();
        }
        if self.recovery_due.is_some_and(|t| now >= t) {
            self.recovery_due = None;
            if self.is_modified()
                && let Err(e) =
                    files::write_recovery(&self.state_dir, &self.ws.path, &self.ws.project)
            {
                self.notify_error(format!("cannot write the recovery copy: {e}"));
            }
        }
    }

    /// When background bookkeeping (recovery copy, record check) is next due, for
    /// scheduling a wake-up.
    pub fn next_due(&self) -> Option<Instant> {
        let recheck = self.missing_stale.map(|t| t + RECHECK_PAUSE);
        [self.recovery_due, recheck].into_iter().flatten().min()
    }

    /// True when the letter preview shows the newest change.
    pub fn print_current(&self) -> bool {
        self.live.stale
            || self.ws.records.is_empty()
            || self
                .print
                .as_ref()
                .is_some_and(|p| p.generation == self.live.generation)
    }

    /// Waits for the letter preview of the newest change (tests and benchmarks).
    pub fn wait_for_print(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while !self.print_current() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(p) = self.worker.wait(left) {
                self.print = Some(p);
            }
        }
        true
    }

    /// All diagnostics now: the text channels' and the letter's (when it is current).
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.live.diagnostics.iter().collect();
        if !self.live.stale
            && let Some(p) = &self.print
        {
            all.extend(&p.diagnostics);
        }
        all
    }
}
